// `gradlab run`: train a configuration or a lesson preset headlessly and save what happened.
import { createGradLab, fields } from '../node.js';
import { parseRunFlags, configFromFlags, UsageError, EXIT } from './args.js';
import { checkOutputs, writeWhole } from './outputs.js';
import { progress, summary as summaryText, toCSV, historyEntry } from './report.js';
import { readDataFile } from './data.js';

export const summary = 'train a configuration or a lesson preset and save what happened';

function fieldLines() {
  return fields.map((f) => {
    const allowed = f.values ? f.values.join('|') : `${f.min}..${f.max}`;
    const def = Array.isArray(f.default) ? f.default.join(',') : f.default;
    return `  --${f.name.padEnd(17)} ${f.kind.padEnd(9)} ${allowed}  (default ${def === '' ? 'none' : def})`;
  });
}

export const usage = [
  'usage: gradlab run [--preset NAME] [--steps N] [--every N] [--out run.json] [--csv run.csv] [--weights] [--simd auto|true|false] [--quiet] [--FIELD VALUE ...]',
  '',
  'options:',
  '  --preset NAME   start from a lesson preset (its config and step budget); gradlab presets lists them',
  "  --steps N       mini-batch steps to train (default: the preset's budget, else 1000)",
  '  --every N       record metrics every N steps (default: steps/100)',
  '  --out FILE      write the run as JSON (config, history, final metrics; loadable with gradlab.fromJSON)',
  '  --csv FILE      write the metrics history as CSV (columns hidden1_… hiddenN_…, output_…)',
  '  --weights       include the final weights in the JSON (needs --out)',
  '  --simd MODE     wasm build: auto (detect), true, false',
  '  --data FILE     train on your own points: a CSV file (x1,x2,label; x,y; or any number of inputs and',
  '                  the target last; header optional). Implies --dataset custom',
  '  --task TASK     what the file\'s last column is: auto (from its header or values), classification, regression',
  '  --quiet         no progress output',
  '',
  'Output paths are checked before training starts; the files are written when it ends.',
  'Ctrl-C stops training after the current chunk and still writes the files.',
  '',
  'exit status:',
  '  0    trained every step; every file written',
  '  1    an engine or file error while running',
  '  2    a usage error (flag, value, preset or output path): nothing was trained or written',
  '  3    the run diverged: training stopped early; the summary and the files record it',
  '  130  interrupted (Ctrl-C): the files hold the steps done so far',
  '',
  'configuration fields (--name VALUE or --kebab-name VALUE; lists as 8,8,8):',
  ...fieldLines(),
].join('\n');

// The chunk loop yields to the event loop between chunks so that Ctrl-C is seen.
const turn = () => new Promise((resolve) => setImmediate(resolve));

// The points of --data, read before the engine loads; --data alone means dataset custom.
function userData(options, set, config) {
  if (options.data === undefined) {
    if (config.dataset === 'custom') throw new UsageError('--dataset: custom needs your points: add --data FILE (a CSV file)');
    return null;
  }
  if (set.dataset !== undefined && config.dataset !== 'custom')
    throw new UsageError(`--data: the points replace the data set, so --dataset must be custom or left out (got ${config.dataset})`);
  config.dataset = 'custom';
  return { ...readDataFile(options.data, options.task), file: options.data };
}

export async function run(argv) {
  const { options, set } = parseRunFlags(argv);
  const preset = options.preset;
  const config = configFromFlags(set, preset);
  const files = checkOutputs({ out: options.out, csv: options.csv });
  const data = userData(options, set, config);
  const steps = options.steps ?? preset?.steps ?? 1000;
  const every = options.every ?? Math.max(1, Math.floor(steps / 100));
  const gradlab = await createGradLab({ simd: options.simd ?? 'auto' });
  let session;
  try {
    session = gradlab.createSession(config, data ? { data: data.data } : undefined);
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError) throw new UsageError(`--${e.message}`);
    throw e;
  }
  let interrupted = false;
  const onSigint = () => { interrupted = true; };
  process.once('SIGINT', onSigint);
  try {
    const bar = options.quiet ? { update() {}, end() {} } : progress(process.stderr, steps);
    let m = session.evaluate();
    const history = [historyEntry(m)];
    const t0 = performance.now();
    while (m.step < steps && !m.diverged && !interrupted) {
      const n = Math.min(every, steps - m.step);
      const did = session.step(n);
      m = session.evaluate();
      history.push(historyEntry(m));
      bar.update(m.step, m);
      if (did < n && !m.diverged) break;  // the engine stopped for a reason it reports in m
      await turn();
    }
    const seconds = (performance.now() - t0) / 1000;
    bar.end(m.diverged ? `diverged at step ${m.diverged.step}` : interrupted ? 'interrupted' : m.step < steps ? 'the engine stopped' : null);
    // The last evaluation was at the final weights (evaluate() is deterministic): no second pass.
    const label = [preset ? `preset ${preset.name}` : data ? '' : 'custom run', data ? `data ${data.file} (${data.points} points, ${data.data.task})` : ''].filter(Boolean).join(', ');
    console.log(summaryText({ label, build: gradlab.build, seconds, m }));
    const failures = [];
    const write = (flag, text) => {
      try {
        writeWhole(files[flag], text);
      } catch (e) {
        failures.push(`--${flag}: could not write ${JSON.stringify(files[flag])} (${e.code ?? e.message})`);
      }
    };
    if (files.out) {
      const runJSON = { ...session.toJSON({ weights: !!options.weights }), preset: preset?.name ?? null, build: gradlab.build, history, final: m };
      write('out', `${JSON.stringify(runJSON, null, 1)}\n`);
    }
    if (files.csv) write('csv', toCSV(history));
    if (failures.length) throw new Error(failures.join('; '));
    return m.diverged ? EXIT.diverged : interrupted ? EXIT.interrupted : m.step < steps ? EXIT.failed : EXIT.ok;
  } finally {
    process.removeListener('SIGINT', onSigint);
    session.dispose();
  }
}
