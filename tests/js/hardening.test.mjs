// Regression tests for bugs the property tests (properties.test.mjs) found in web/src, each
// written as the smallest input that showed it, so the failure is obvious without fast-check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHash, parseFieldText, normalizeConfig, toHash, configToJSON, createGradLab } from '../../web/src/node.js';
import { parseArgs, UsageError } from '../../web/src/cli/args.js';
import { divergence } from '../../web/src/metrics.js';

test('a very long number-like value in a link is read in linear time (no regex backtracking)', () => {
  // The number pattern used to be /^[+-]?(\d+\.?\d*|\.\d+)(…)?$/: "\d+\.?\d*" splits a run of
  // digits between two quantifiers in n ways, so a non-number such as 60,000 digits and an "x"
  // took O(n²) steps (≈4 s on the CI machine, far longer on a phone) before being refused —
  // a page frozen by a pasted link. Linear parsing takes well under a millisecond here; the
  // bound leaves room for a busy machine.
  for (const text of ['1'.repeat(60000) + 'x', `${'1'.repeat(30000)}.${'1'.repeat(30000)}x`]) {
    const t0 = performance.now();
    const { warnings } = fromHash(`#learningRate=${text}`);
    const ms = performance.now() - t0;
    assert.equal(warnings.length, 1);
    assert.match(warnings[0].message, /is not a number/);
    assert.ok(ms < 250, `took ${ms.toFixed(0)} ms`);
  }
  // The same numbers are still accepted in every form they were before.
  for (const [text, value] of [['1', 1], ['1.', 1], ['.5', 0.5], ['+1e+1', 10], ['-2.5E-1', -0.25], ['0.03', 0.03]])
    assert.equal(parseFieldText('biasInit', text), value, text);
  for (const text of ['.', '1e', 'e5', '1.2.3', '0x10', '1_0', 'Infinity', '']) assert.throws(() => parseFieldText('biasInit', text), TypeError, text);
});

test('a hole in a list (sparse array) is refused like any missing element', () => {
  // Array.prototype.map skips holes, so [, 8] used to pass the per-element check and come
  // back as a "valid" configuration whose hash ("#hidden=,8") no reader accepts.
  for (const [field, value] of [['hidden', [, 8]], ['features', ['x1', , 'x2']], ['layerActivations', [, ]]]) {
    const refused = (err) => err instanceof TypeError && err.field.startsWith(`${field}[`) && /got undefined/.test(err.message);
    assert.throws(() => normalizeConfig({ [field]: value }), refused, field);
    assert.throws(() => toHash({ [field]: value }), refused, field);
  }
});

test('CLI: names inherited from Object.prototype are unknown flags, not silently accepted', () => {
  // `name in RUN_FLAGS` was true for every Object.prototype member, so `--constructor x`,
  // `--toString=1` or `--__proto__ x` ran with the flag ignored instead of exiting with status 2.
  for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
    for (const argv of [['run', `--${name}`, '1'], ['run', `--${name}=1`]])
      assert.throws(() => parseArgs(argv), (e) => e instanceof UsageError && e.message.startsWith(`unknown flag --${name}`), argv.join(' '));
  }
});

test('an unknown key is refused even when its value is undefined', () => {
  // `undefined` means "not given" for a field, but a misspelt key is a mistake whatever its
  // value: {learningrate: opts.lr} with lr unset used to pass without the documented hint.
  assert.throws(() => normalizeConfig({ learningrate: undefined }), (e) => e instanceof TypeError && /unknown field \(did you mean learningRate\?\)/.test(e.message));
  assert.throws(() => configToJSON({ 'batch-size': undefined }), TypeError);
  assert.equal(normalizeConfig({ learningRate: undefined }).learningRate, 0.03, 'a known field left undefined keeps its default');
});

test('CLI: a flag name with a line break is reported on one line', () => {
  // The CLI promises one line on stderr; the raw name used to be printed as typed.
  for (const argv of [['run', '--x\ny', '1'], ['run', '--a\r\nb=1']]) {
    assert.throws(() => parseArgs(argv), (e) => e instanceof UsageError && e.message.startsWith('unknown flag --') && !/[\r\n]/.test(e.message), JSON.stringify(argv));
  }
});

test('setWeights refuses a flat array holding non-numbers instead of reading them as 0 or 1', async () => {
  const gradlab = await createGradLab({ simd: false });
  const s = gradlab.createSession({ hidden: [] });  // 2 inputs -> 1 output: 3 parameters
  const before = s.getWeightsArray();
  // Float32Array.from coerced them: null -> 0, false -> 0, true -> 1, '1e3' -> 1000. The
  // JSON form already refused the same values with a TypeError naming the entry.
  for (const bad of [[0, null, 0], [0, false, 0], [true, 0, 0], [0, 0, '1e3'], [0, , 0]]) {
    assert.throws(() => s.setWeights(bad), (e) => e instanceof TypeError && /^weights\[\d\]: expected a number/.test(e.message), JSON.stringify(bad));
    assert.deepEqual(s.getWeightsArray(), before);
  }
  s.setWeights([0.5, -0.25, 1]);
  assert.deepEqual([...s.getWeightsArray()], [0.5, -0.25, 1]);
  s.dispose();
});

test('a divergence before the first update does not blame the learning rate', () => {
  // At step 0 no update has been made, so the learning rate cannot be why the loss or the
  // gradient overflowed: the initial weights (gain, depth) or the data are. The message used
  // to say "the learning rate is probably too high" for extreme user targets at step 0.
  for (const [cause, what] of [['loss', 'loss became infinite'], ['gradient', 'the gradient overflowed'], ['weights', 'the weights overflowed']]) {
    const { message } = divergence(cause, 0, NaN, Infinity);
    assert.ok(message.startsWith(`${what} at step 0, before any update — `), message);
    assert.doesNotMatch(message, /learning rate/, cause);
    assert.match(message, /init gain|fewer layers|scale the data/, cause);
  }
  // Before the first step the batch loss is NaN only because none was computed yet: an
  // infinite training loss is reported as infinite.
  assert.match(divergence('loss', 0, NaN, Infinity).message, /^loss became infinite at step 0/);
  assert.match(divergence('loss', 0, NaN, NaN).message, /^loss became NaN at step 0/);
  // Later steps keep their advice.
  assert.match(divergence('loss', 5, NaN, 1).message, /^loss became NaN at step 5 — the learning rate is probably too high/);
});
