// Mutation testing of the npm API (web/src) with StrykerJS (tests/mutation/stryker.config.mjs),
// one group of source files at a time (tests/mutation/js-targets.mjs: each group with the test
// files that exercise it), then a per-file table of the mutation score and the surviving mutants.
//
//   node scripts/mutate-js.mjs                       # every group
//   node scripts/mutate-js.mjs --only errors,schema  # some groups (names in js-targets.mjs)
//   node scripts/mutate-js.mjs --resume              # skip groups whose result is current
//   node scripts/mutate-js.mjs --files web/src/errors.js --tests tests/js/errors.test.mjs   # ad hoc
//   node scripts/mutate-js.mjs --report-only         # redo the table from the groups' results
//
// A group's result (build/mutation/js/<group>.json) is current when neither its source files,
// its test files nor the Stryker configuration changed since; Stryker's incremental mode
// (build/mutation/js/<group>.incremental.json) also reruns, inside a group, only the mutants
// whose code or covering tests changed. The run is niced (19) and Stryker's concurrency is 1.
// Needs web/dist (npm run build). Writes build/mutation/js-report.{md,json}.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'build/mutation/js');
const baseConfig = 'tests/mutation/stryker.config.mjs';

function parseOptions(argv) {
  const o = { only: null, files: null, tests: null, resume: false, reportOnly: false };
  for (let i = 0; i < argv.length; ++i) {
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value`);
      return argv[++i].split(',').filter(Boolean);
    };
    if (argv[i] === '--only') o.only = value();
    else if (argv[i] === '--files') o.files = value();
    else if (argv[i] === '--tests') o.tests = value();
    else if (argv[i] === '--resume') o.resume = true;
    else if (argv[i] === '--report-only') o.reportOnly = true;
    else throw new Error(`unknown option ${argv[i]} (see the comment at the top of scripts/mutate-js.mjs)`);
  }
  if (o.tests && !o.files) throw new Error('--tests goes with --files');
  return o;
}

/** What a group's result depends on: its files, its tests, the configuration, this script. */
function groupKey(g) {
  const h = createHash('sha256');
  for (const f of [...g.files, ...g.tests, 'tests/js/helpers.mjs', 'tests/js/props/bounded.mjs', baseConfig, 'scripts/mutate-js.mjs'])
    h.update(f).update(existsSync(path.join(root, f)) ? readFileSync(path.join(root, f)) : '');
  return h.digest('hex').slice(0, 16);
}

function runGroup(g) {
  mkdirSync(outDir, { recursive: true });
  const config = path.join(outDir, `${g.name}.config.mjs`);
  // The shared configuration with this group's files, tests and report files.
  writeFileSync(config, `import base from '../../../${baseConfig}';\n` +
    `export default { ...base, mutate: ${JSON.stringify(g.files)}, tap: { ...base.tap, testFiles: ${JSON.stringify(g.tests)} },\n` +
    `  jsonReporter: { fileName: ${JSON.stringify(`build/mutation/js/${g.name}.json`)} }, reporters: ['progress', 'json'],\n` +
    `  incremental: true, incrementalFile: ${JSON.stringify(`build/mutation/js/${g.name}.incremental.json`)} };\n`);
  const env = { ...process.env, GRADLAB_MUTATION: '1', GRADLAB_FC_SEED: process.env.GRADLAB_FC_SEED ?? '1' };
  const t0 = Date.now();
  const r = spawnSync('npx', ['stryker', 'run', path.relative(root, config)], { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`stryker exited with ${r.status} on group ${g.name}`);
  writeFileSync(path.join(outDir, `${g.name}.meta.json`), `${JSON.stringify({
    key: groupKey(g), date: new Date().toISOString().slice(0, 10), commit: commit(), minutes: Number(((Date.now() - t0) / 60000).toFixed(1)),
  })}\n`);
}

const commit = () => spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();

// Stryker's definition: (killed + timeout) / (killed + timeout + survived + no coverage).
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

function summarise(groups) {
  const rows = [], survivors = [], runs = [], missing = [];
  const total = { detected: 0, undetected: 0, ignored: 0 };
  const merged = { schemaVersion: '1', thresholds: { high: 85, low: 70 }, files: {} };
  for (const g of groups) {
    const file = path.join(outDir, `${g.name}.json`);
    if (!existsSync(file)) {
      missing.push(g.name);
      continue;
    }
    const report = JSON.parse(readFileSync(file, 'utf8'));
    const meta = JSON.parse(readFileSync(path.join(outDir, `${g.name}.meta.json`), 'utf8'));
    runs.push(`${g.name} (${meta.date}, commit ${meta.commit}, ${meta.minutes} min${meta.key === groupKey(g) ? '' : ', files changed since'})`);
    // Only the group's own files: a report can still carry files the group used to mutate
    // (Stryker's incremental file keeps them), whose results are another group's now.
    for (const f of g.files) if (report.files[f]) merged.files[f] = report.files[f];
  }
  for (const [file, { mutants, source }] of Object.entries(merged.files).sort(([a], [b]) => a.localeCompare(b))) {
    const n = { detected: 0, undetected: 0, ignored: 0 };
    for (const m of mutants) {
      if (DETECTED.has(m.status)) n.detected++;
      else if (UNDETECTED.has(m.status)) {
        n.undetected++;
        const line = source.split('\n')[m.location.start.line - 1]?.trim() ?? '';
        survivors.push(`- ${file}:${m.location.start.line} ${m.mutatorName} (${m.status}): \`${line.slice(0, 110).replace(/`/g, "'")}\` → \`${String(m.replacement ?? '').slice(0, 60).replace(/\n/g, ' ').replace(/`/g, "'")}\``);
      } else n.ignored++;
    }
    for (const k of Object.keys(total)) total[k] += n[k];
    const all = n.detected + n.undetected;
    rows.push(`| ${file} | ${n.detected} | ${n.undetected} | ${n.ignored} | ${all ? ((100 * n.detected) / all).toFixed(1) : '–'} % |`);
  }
  const all = total.detected + total.undetected;
  const score = all ? (100 * total.detected) / all : 0;
  const text = [
    `# JS mutation testing (StrykerJS): mutation score ${score.toFixed(1)} %`,
    '',
    `Groups run: ${runs.join('; ') || 'none'}. Config: tests/mutation/stryker.config.mjs, groups: tests/mutation/js-targets.mjs.`,
    ...(missing.length ? ['', `**Not run (no result): ${missing.join(', ')}**: the score is over the groups above only.`] : []),
    '',
    '| file | killed | survived | ignored / errors | score |',
    '|---|---:|---:|---:|---:|',
    ...rows,
    `| **all** | ${total.detected} | ${total.undetected} | ${total.ignored} | **${score.toFixed(1)} %** |`,
    '',
    'Killed counts timeouts; survived counts mutants no test covers. Ignored: static (module-level) mutants and',
    'mutants that do not compile.',
    '',
    '## Surviving mutants',
    '',
    ...survivors,
    '',
  ].join('\n');
  writeFileSync(path.join(root, 'build/mutation/js-report.json'), `${JSON.stringify(merged)}\n`);
  return { text, score };
}

const o = parseOptions(process.argv.slice(2));
const { default: targets } = await import(path.join(root, 'tests/mutation/js-targets.mjs'));
for (const name of o.only ?? []) if (!targets.some((g) => g.name === name)) throw new Error(`no group ${name} in tests/mutation/js-targets.mjs`);
let groups = targets.filter((g) => !o.only || o.only.includes(g.name));
if (o.files) groups = [{ name: 'adhoc', files: o.files, tests: o.tests ?? [...new Set(targets.flatMap((g) => g.tests))] }];
if (!o.reportOnly) {
  if (!existsSync(path.join(root, 'web/dist/schema.js'))) {
    console.error('mutate-js: web/dist is missing; run `npm run build` first');
    process.exit(1);
  }
  // Niced: the run yields to everything else on a shared machine (Stryker's children inherit it).
  try {
    os.setPriority(19);
  } catch {}
  for (const g of groups) {
    const metaFile = path.join(outDir, `${g.name}.meta.json`);
    if (o.resume && existsSync(metaFile) && JSON.parse(readFileSync(metaFile, 'utf8')).key === groupKey(g)) {
      console.log(`mutate-js: ${g.name} is current, skipped`);
      continue;
    }
    console.log(`mutate-js: group ${g.name}: ${g.files.length} files, ${g.tests.length} test files`);
    runGroup(g);
  }
}
// The table covers every group with a result; the ones without are named under it.
const reported = o.files ? groups : targets;
const { text, score } = summarise(reported);
writeFileSync(path.join(root, 'build/mutation/js-report.md'), text);
console.log(text.split('## Surviving')[0]);
console.log(`wrote build/mutation/js-report.md (score ${score.toFixed(1)} %)`);
