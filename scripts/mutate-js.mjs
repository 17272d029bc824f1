// Mutation testing of the npm API (web/src) with StrykerJS (tests/mutation/stryker.config.mjs),
// then a per-file table of the mutation score and the surviving mutants.
//
//   node scripts/mutate-js.mjs                              # every file Stryker's config selects
//   node scripts/mutate-js.mjs --files web/src/errors.js,web/src/weights.js   # while iterating
//   node scripts/mutate-js.mjs --files web/src/errors.js --tests tests/js/errors.test.mjs,tests/js/validation.test.mjs
//   node scripts/mutate-js.mjs --report-only                # redo the table from the last run
//
// Needs web/dist (npm run build). Writes build/mutation/js-report.{json,html,md}.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const jsonReport = path.join(root, 'build/mutation/js-report.json');

function parseOptions(argv) {
  const o = { files: null, tests: null, reportOnly: false };
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '--files' && i + 1 < argv.length) o.files = argv[++i];
    else if (argv[i] === '--tests' && i + 1 < argv.length) o.tests = argv[++i].split(',');
    else if (argv[i] === '--report-only') o.reportOnly = true;
    else throw new Error(`unknown option ${argv[i]} (see the comment at the top of scripts/mutate-js.mjs)`);
  }
  return o;
}

// Stryker's definition: (killed + timeout) / (killed + timeout + survived + no coverage).
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

function summarise(report, meta) {
  const rows = [];
  const survivors = [];
  const total = { detected: 0, undetected: 0, ignored: 0 };
  for (const [file, { mutants, source }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
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
    `${meta.date}, commit ${meta.commit}; ${meta.minutes} min. Config: tests/mutation/stryker.config.mjs.`,
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
  return { text, score };
}

const o = parseOptions(process.argv.slice(2));
const t0 = Date.now();
if (!o.reportOnly) {
  if (!existsSync(path.join(root, 'web/dist/schema.js'))) {
    console.error('mutate-js: web/dist is missing; run `npm run build` first');
    process.exit(1);
  }
  let config = 'tests/mutation/stryker.config.mjs';
  if (o.tests) {
    // Fewer test files while iterating: the same configuration with its test list replaced.
    config = 'build/mutation/stryker.iterate.config.mjs';
    mkdirSync(path.dirname(path.join(root, config)), { recursive: true });
    writeFileSync(path.join(root, config), `import base from '../../tests/mutation/stryker.config.mjs';\n` +
      `export default { ...base, tap: { ...base.tap, testFiles: ${JSON.stringify(o.tests)} } };\n`);
  }
  const args = ['stryker', 'run', config];
  if (o.files) args.push('--mutate', o.files);
  const env = { ...process.env, GRADLAB_MUTATION: '1', GRADLAB_FC_SEED: process.env.GRADLAB_FC_SEED ?? '1' };
  const r = spawnSync('npx', args, { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`mutate-js: stryker exited with ${r.status}`);
    process.exit(r.status ?? 1);
  }
}
const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();
const meta = { date: new Date().toISOString().slice(0, 10), commit, minutes: ((Date.now() - t0) / 60000).toFixed(0) };
const { text, score } = summarise(JSON.parse(readFileSync(jsonReport, 'utf8')), meta);
writeFileSync(path.join(root, 'build/mutation/js-report.md'), text);
console.log(text.split('## Surviving')[0]);
console.log(`wrote build/mutation/js-report.md (score ${score.toFixed(1)} %)`);
