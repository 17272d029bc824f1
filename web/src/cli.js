#!/usr/bin/env node
// `gradlab`: train a configuration or a lesson preset headlessly and save what happened.
//   gradlab run --preset dying-relu-high-lr --steps 2000 --out run.json --csv run.csv
import { writeFileSync } from 'node:fs';
import { createGradLab, fields, presets } from './node.js';
import { parseArgs, configFromFlags, UsageError } from './cli/args.js';
import { progress, summary, toCSV, historyEntry } from './cli/report.js';

function help() {
  const lines = [
    'gradlab — train a small neural network and watch what happens inside it',
    '',
    'usage:',
    '  gradlab run [--preset NAME] [--steps N] [--every N] [--out run.json] [--csv run.csv] [--weights] [--simd auto|true|false] [--FIELD VALUE ...]',
    '  gradlab presets          list the lesson presets',
    '  gradlab sweep ...        many runs over axes of the configuration, on all cores (gradlab sweep --help)',
    '  gradlab merge a.json ... combine the shards of a sweep (gradlab merge --help)',
    '  gradlab --help           this text',
    '',
    'run options:',
    '  --preset NAME   start from a lesson preset (its config and step budget)',
    '  --steps N       mini-batch steps to train (default: the preset\'s budget, else 1000)',
    '  --every N       record metrics every N steps (default: steps/100)',
    '  --out FILE      write the run as JSON (config, history, final metrics; loadable with gradlab.fromJSON)',
    '  --csv FILE      write the metrics history as CSV',
    '  --weights       include the final weights in the JSON',
    '  --simd MODE     wasm build: auto (detect), true, false',
    '  --quiet         no progress output',
    '',
    'configuration fields (--name VALUE or --kebab-name VALUE; lists as 8,8,8):',
  ];
  for (const f of fields) {
    const allowed = f.values ? f.values.join('|') : `${f.min}..${f.max}`;
    const def = Array.isArray(f.default) ? f.default.join(',') : f.default;
    lines.push(`  --${f.name.padEnd(17)} ${f.kind.padEnd(9)} ${allowed}  (default ${def === '' ? 'none' : def})`);
  }
  return lines.join('\n');
}

async function run(options, set) {
  const preset = options.preset;
  const config = configFromFlags(set, preset);
  const steps = options.steps ?? preset?.steps ?? 1000;
  const every = options.every ?? Math.max(1, Math.floor(steps / 100));
  const gradlab = await createGradLab({ simd: options.simd ?? 'auto' });
  let session;
  try {
    session = gradlab.createSession(config);
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError) throw new UsageError(`--${e.message}`);
    throw e;
  }
  const bar = options.quiet ? { update() {}, end() {} } : progress(process.stderr, steps);
  let m = session.evaluate();
  const history = [historyEntry(m)];
  const t0 = performance.now();
  let done = 0;
  while (done < steps) {
    const n = Math.min(every, steps - done);
    const did = session.step(n);
    done += n;
    m = session.evaluate();
    history.push(historyEntry(m));
    bar.update(done, m);
    if (m.diverged || did < n) break;
  }
  const seconds = (performance.now() - t0) / 1000;
  bar.end();
  // The last evaluation was at the final weights (evaluate() is deterministic): no second pass.
  const final = m;
  const label = preset ? `preset ${preset.name}` : 'custom run';
  console.log(summary({ label, build: gradlab.build, seconds, m: final }));
  if (options.out) {
    const runJSON = { ...session.toJSON({ weights: !!options.weights }), preset: preset?.name ?? null, build: gradlab.build, history, final };
    writeFileSync(options.out, `${JSON.stringify(runJSON, null, 1)}\n`);
  }
  if (options.csv) writeFileSync(options.csv, toCSV(history));
  session.dispose();
}

async function main(argv) {
  // Commands in their own modules (cli/<name>.js: {summary, usage, run(argv) → exit code}).
  if (argv[0] === 'sweep' || argv[0] === 'merge') {
    const command = argv[0] === 'sweep' ? await import('./cli/sweep.js') : await import('./cli/merge.js');
    process.exitCode = (await command.run(argv.slice(1))) ?? 0;
    return;
  }
  const { command, options, set } = parseArgs(argv);
  if (command === 'help' || options.help) return console.log(help());
  if (command === 'presets') {
    for (const p of Object.values(presets)) console.log(`${p.name.padEnd(24)} ${p.steps} steps  ${p.title}`);
    return;
  }
  if (command !== 'run') throw new UsageError(`unknown command ${JSON.stringify(command)} (commands: run, presets, sweep, merge; see gradlab --help)`);
  await run(options, set);
}

main(process.argv.slice(2)).catch((e) => {
  // One line, no stack, for anything the user can fix; 2 for usage, 1 for the rest.
  const usage = e instanceof UsageError;
  process.stderr.write(`gradlab: ${usage ? e.message : e.message ?? e}${usage ? ' (see gradlab --help)' : ''}\n`);
  process.exitCode = usage ? 2 : 1;
});
