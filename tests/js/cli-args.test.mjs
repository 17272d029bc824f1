// The CLI's flag parsing and its CSV, in-process (tests/js/cli.test.mjs runs `gradlab` as a user
// does; this reads each rule of web/src/cli/args.js and report.js's toCSV directly): what each
// flag becomes, and each usage error whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitCommand, parseArgs, parseRunFlags, count, configFromFlags, shown, UsageError, EXIT } from '../../web/src/cli/args.js';
import { toCSV, historyEntry } from '../../web/src/cli/report.js';
import { getPreset, presets } from '../../web/src/node.js';

const usage = (fn, message) => assert.throws(fn, (e) => e instanceof UsageError && e.message === message, message);

test('the command: help without arguments or with --help/-h first, run when a flag comes first', () => {
  assert.deepEqual(splitCommand([]), { command: 'help', rest: [] });
  assert.deepEqual(splitCommand(['--help', 'run']), { command: 'help', rest: ['run'] });
  assert.deepEqual(splitCommand(['-h']), { command: 'help', rest: [] });
  assert.deepEqual(splitCommand(['--steps', '5']), { command: 'run', rest: ['--steps', '5'] });
  assert.deepEqual(splitCommand(['grade', 'x.json']), { command: 'grade', rest: ['x.json'] });
  assert.deepEqual(EXIT, { ok: 0, failed: 1, usage: 2, diverged: 3, interrupted: 130 });
});

test('run\'s flags: values with a space or =, switches, kebab-case names, field flags kept as typed', () => {
  const p = parseArgs(['run', '--steps', '20', '--every=5', '--out', 'r.json', '--csv=r.csv', '--quiet', '--learning-rate', '0.5', '--hidden=8,8', '-h']);
  assert.equal(p.command, 'run');
  assert.deepEqual(p.options, { steps: 20, every: 5, out: 'r.json', csv: 'r.csv', quiet: true, help: true });
  assert.deepEqual(p.set, { learningRate: '0.5', hidden: '8,8' });
  assert.deepEqual(parseRunFlags(['--quiet=false', '--weights=true', '--out', 'x']).options, { quiet: false, weights: true, out: 'x' });
  assert.deepEqual(parseRunFlags(['--out=']).options, { out: '' }, 'an empty value is a value (refused later, where outputs are checked)');
  assert.deepEqual(parseRunFlags(['--simd', 'auto']).options.simd, 'auto');
  assert.deepEqual(parseRunFlags(['--simd', 'true']).options.simd, true);
  assert.deepEqual(parseRunFlags(['--simd=false']).options.simd, false);
  for (const task of ['auto', 'classification', 'regression'])
    assert.deepEqual(parseRunFlags(['--data', 'd.csv', '--task', task]).options, { data: 'd.csv', task });
  assert.equal(parseRunFlags(['--preset', 'born-dead-bias']).options.preset.name, 'born-dead-bias');
});

test('run\'s usage errors, each whole', () => {
  usage(() => parseRunFlags(['steps']), 'unexpected argument "steps" (flags look like --learningRate 0.1)');
  usage(() => parseRunFlags(['--']), 'unexpected argument "--" (flags look like --learningRate 0.1)');
  usage(() => parseRunFlags(['--stpes', '5']), 'unknown flag --stpes (did you mean --steps?)');
  usage(() => parseRunFlags(['--constructor', '1']), 'unknown flag --constructor');
  usage(() => parseRunFlags(['--zzzzzz\u0007zzzzzz=1']), 'unknown flag --zzzzzz\\u0007zzzzzz');
  usage(() => parseRunFlags(['--steps']), '--steps needs a value');
  usage(() => parseRunFlags(['--preset', 'born-dead']), `--preset: "born-dead" is not a preset (${Object.keys(presets).join(', ')}) (did you mean born-dead-bias?)`);
  usage(() => parseRunFlags(['--simd', 'yes']), '--simd: "yes" is not one of auto, true, false');
  usage(() => parseRunFlags(['--steps', '0']), '--steps: "0" is not a whole number from 1 to 1000000000');
  usage(() => parseRunFlags(['--every', 'x']), '--every: "x" is not a whole number from 1 to 1000000000');
  usage(() => parseRunFlags(['--task', 'both', '--data', 'd.csv']), '--task: "both" is not one of auto, classification, regression');
  usage(() => parseRunFlags(['--task', 'regression']), "--task: only with --data (it says what the file's last column is)");
  usage(() => parseRunFlags(['--weights']), '--weights: only with --out (the weights are saved in the run JSON)');
  usage(() => configFromFlags({ learningRate: 'fast' }), '--learningRate: "fast" is not a number');
});

test('counts: whole numbers from the minimum to 10^9, nothing else', () => {
  assert.equal(count('steps', '1', 1), 1);
  assert.equal(count('steps', '1000000000', 1), 1e9);
  assert.equal(count('every', '0', 0), 0);
  for (const text of ['0', '1000000001', '-5', '1.5', '1e3', ' 5', '5 ', '', 'five', '5x', 'x5'])
    usage(() => count('steps', text, 1), `--steps: ${JSON.stringify(text)} is not a whole number from 1 to 1000000000`);
});

test('field flags: parsed as the API parses text, on top of the preset\'s configuration', () => {
  const preset = getPreset('born-dead-bias');
  const config = configFromFlags({ learningRate: '0.5', hidden: '8,4' }, preset);
  assert.deepEqual(config, { ...preset.config, learningRate: 0.5, hidden: [8, 4] });
  assert.deepEqual(configFromFlags({ seed: '3' }), { seed: 3 });
  assert.equal(shown('a\nb\u007f'), 'a\\nb\\u007f');
});

test('the CSV: one row per recorded step, every layer\'s columns named as the summary names the layers', () => {
  const layer = (index, role, v) => ({ index, role, gradZRms: v, gradWNorm: 2 * v, weightNorm: 3 * v, updateRatio: 0, dead: 1, inactive: 0, saturated: null, actMean: 0, actStd: 1, histograms: {} });
  const m = (step, layers) => ({ step, epoch: 0, trainLoss: 0.5, testLoss: null, trainAccuracy: 0.75, testAccuracy: undefined, learningRate: 0.1, diverged: null, layers });
  // the first entry has no layers yet (no diagnostic evaluation), the second has them
  const csv = toCSV([historyEntry(m(0, [])), historyEntry(m(10, [layer(0, 'hidden', 0.25), layer(1, 'output', 0.5)]))]);
  const cols = ['gradZRms', 'gradWNorm', 'weightNorm', 'dead', 'inactive', 'saturated'];
  assert.equal(csv, [
    ['step', 'epoch', 'trainLoss', 'testLoss', 'trainAccuracy', 'testAccuracy', 'learningRate', ...cols.map((c) => `hidden1_${c}`), ...cols.map((c) => `output_${c}`)].join(','),
    ['0', '0', '0.5', '', '0.75', '', '0.1', ...Array(12).fill('')].join(','),
    ['10', '0', '0.5', '', '0.75', '', '0.1', '0.25', '0.5', '0.75', '1', '0', '', '0.5', '1', '1.5', '1', '0', ''].join(','),
  ].join('\n') + '\n');
  assert.deepEqual(Object.keys(historyEntry(m(1, [layer(0, 'output', 1)])).layers[0]),
    ['index', 'role', 'gradZRms', 'gradWNorm', 'weightNorm', 'updateRatio', 'dead', 'inactive', 'saturated', 'actMean', 'actStd']);
  assert.equal(historyEntry({ ...m(1, []), diverged: { step: 1 } }).diverged, true);
});
