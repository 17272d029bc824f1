// The JS API against both wasm builds: sessions, metrics, grids, weights, data, lifetime.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { builds, throwsWith, assertFiniteDeep, disposedAfterEach } from './helpers.mjs';
import { defaults, limits, checkData, dataToJSON, dataFromJSON } from '../../web/src/node.js';
import { divergence } from '../../web/src/metrics.js';

const all = await builds();

const own = disposedAfterEach(afterEach);

test('divergence messages say what happened in plain words', () => {
  assert.deepEqual(divergence('loss', 57, NaN, NaN), {
    step: 57, cause: 'loss',
    message: 'loss became NaN at step 57 — the learning rate is probably too high for this initialisation (lower the learning rate, use a smaller init gain, or set clipNorm)',
  });
  assert.match(divergence('loss', 3, Infinity, 1).message, /^loss became infinite at step 3 — /);
  assert.match(divergence('loss', 3, 1, -Infinity).message, /^loss became infinite at step 3 — /);
  assert.match(divergence('gradient', 1, 0.5, 0.5).message, /^the gradient overflowed at step 1 — the weights or the learning rate are too large/);
  const advice = '(lower the learning rate, use a smaller init gain, or set clipNorm)';
  assert.equal(divergence('weights', 9, 0.5, 0.5).message, `the weights overflowed at step 9 — the learning rate is probably too high for this initialisation ${advice}`);
  assert.match(divergence('weights', 0, 0.5, 0.5).message, /^the weights overflowed at step 0, before any update — /);
});

test('user data: each refusal names the array, the index or the point, with the whole message and the limits', () => {
  const one = { inputs: [0, 1], targets: [0, 1], inputDim: 1 };
  const [minPoints, maxPoints] = [limits.minUserPoints, limits.maxUserPoints];
  for (const [data, E, message] of [
    [null, TypeError, 'data: expected {inputs, targets, inputDim, task}, got null'],
    [{ ...one, inputs: [0, 'x'] }, TypeError, 'data.inputs[1]: expected a number, got "x"'],
    [{ ...one, inputs: new DataView(new ArrayBuffer(8)) }, TypeError, 'data.inputs: expected a Float32Array (or an array of numbers), got [object DataView]'],
    [{ ...one, inputs: new BigInt64Array(2) }, TypeError, 'data.inputs: expected a Float32Array (or an array of numbers), got [object BigInt64Array]'],
    [{ ...one, inputDim: '1' }, TypeError, 'data.inputDim: expected an integer, got "1"'],
    [{ ...one, inputDim: 1.5 }, RangeError, `data.inputDim: 1.5 is out of range (allowed integers 1 to ${limits.maxUserInputs})`],
    [{ inputs: [0], targets: [0], inputDim: 1 }, RangeError, `data.inputs: holds 1 points (allowed ${minPoints} to ${maxPoints})`],
    [{ inputs: [0, 1, 2, NaN], targets: [0, 1], inputDim: 2 }, RangeError, 'data.inputs[3]: NaN is not finite (point 1)'],
    [{ ...one, targets: [0, 1, 0] }, RangeError, 'data.targets: holds 3 labels, expected 2 (one per point)'],
    [{ ...one, targets: [-1, 1] }, RangeError, 'data.targets[0]: -1 is not a class index (labels are integers 0, 1, ...)'],
    [{ ...one, classes: 1 }, RangeError, `data.classes: 1 is out of range (allowed integers 2 to ${limits.maxClasses})`],
    [{ inputs: [0, 1, 2, 3, 4, 5], targets: [0, 1], inputDim: 3, domain: [[0, 1], [0, 1], [0, 1]] }, RangeError, 'data.domain: only data with 1 or 2 inputs have an input plane (these have 3)'],
    [{ ...one, domain: [[0]] }, TypeError, 'data.domain[0]: expected [lo, hi] (two numbers), got [0]'],
    [{ ...one, domain: [[0, 1, 2]] }, TypeError, 'data.domain[0]: expected [lo, hi] (two numbers), got [0, 1, 2]'],
    [{ ...one, domain: [[-1e39, 1]] }, RangeError, 'data.domain[0]: [-1e+39, 1] is not an interval (finite numbers in the float32 range, lo < hi)'],
    [{ ...one, inputs: [0, 5], domain: [[0, 4]] }, RangeError, 'data.inputs[1]: 5 is outside the domain [0, 4] of input 1 (point 1): the domain must hold every point'],
  ]) assert.throws(() => checkData(data), (e) => e instanceof E && e.message === message && e.field === message.slice(0, message.indexOf(':')), message);
  // Any typed array of numbers is read; labels all 0 still make two classes; a domain's edges hold points.
  assert.deepEqual([...checkData({ ...one, inputs: new Float64Array([0.5, 1]) }).inputs], [0.5, 1]);
  assert.deepEqual([...checkData({ ...one, inputs: new Int8Array([-1, 1]) }).inputs], [-1, 1]);
  assert.equal(checkData({ ...one, targets: [0, 0] }).classes, 2);
  assert.deepEqual(checkData({ ...one, domain: [[0, 1]] }).domain, [[0, 1]]);
  // The JSON form holds the shape of its task, and reading it back refuses what is not one.
  assert.deepEqual(dataToJSON({ ...one, task: 'regression' }), { task: 'regression', inputDim: 1, outputDim: 1, inputs: [0, 1], targets: [0, 1] });
  assert.deepEqual(dataToJSON(one), { task: 'classification', inputDim: 1, classes: 2, inputs: [0, 1], targets: [0, 1] });
  for (const [json, shown] of [[null, 'null'], [[one], '[[object Object]]']])
    assert.throws(() => dataFromJSON(json), (e) => e instanceof TypeError && e.field === 'run.data' &&
      e.message === `run.data: expected the data of a run ({task, inputDim, inputs, targets, …}), got ${shown}`);
});

for (const { name, gradlab } of all) {
  test(`[${name}] reports its build`, () => {
    assert.equal(gradlab.build, name);
  });

  test(`[${name}] training lowers the loss and metrics are plain JSON-safe objects`, () => {
    const s = own(gradlab.createSession({ hidden: [6, 6], learningRate: 0.1 }));
    const before = s.evaluate();
    assert.equal(before.step, 0);
    assert.equal(s.step(500), 500);
    const after = s.evaluate();
    assert.equal(after.step, 500);
    assert.ok(after.trainLoss < before.trainLoss * 0.5, `loss ${before.trainLoss} -> ${after.trainLoss}`);
    assert.ok(after.trainAccuracy > 0.9);
    assert.equal(after.diverged, null);
    assert.equal(after.layers.length, 3);
    assertFiniteDeep(after, 'metrics');
    assert.deepEqual(JSON.parse(JSON.stringify(after)), after);
    const l = after.layers[0];
    for (const k of ['gradWNorm', 'gradBNorm', 'gradZRms', 'weightNorm', 'updateRatio', 'preMean', 'preStd', 'actMean', 'actStd'])
      assert.equal(typeof l[k], 'number', k);
    assert.ok(l.gradWNorm > 0 && l.gradZRms > 0 && l.updateRatio > 0);
    for (const h of ['pre', 'act', 'grad']) assert.equal(l.histograms[h].counts.length, 32);
    // Every training example x unit lands in exactly one bin of each histogram.
    const total = l.histograms.act.counts.reduce((a, b) => a + b, 0);
    assert.equal(total, s.info.train * l.units);
    assert.deepEqual(after.layers.map((x) => x.role), ['hidden', 'hidden', 'output']);
    // The engine's bookkeeping (layer count, bins, the divergence's code and step) is decoded, not passed on.
    for (const k of ['histBins', 'divergedStep', 'undefined']) assert.ok(!Object.hasOwn(after, k), k);
    assert.equal(after.evaluatedStep, 500);
    // Flags are booleans; a histogram's range and its zero and underflow counts are only in the histogram.
    assert.equal(typeof after.outputConstant, 'boolean');
    assert.equal(typeof after.bornDead, 'boolean');
    for (const x of after.layers) {
      assert.equal(typeof x.allZero, 'boolean');
      for (const k of ['preLo', 'preHi', 'actLo', 'actHi', 'gradLogLo', 'gradLogHi', 'gradZeros', 'gradBelow']) assert.ok(!Object.hasOwn(x, k), k);
      assert.equal(typeof x.histograms.grad.zeros, 'number');
      assert.equal(typeof x.histograms.grad.below, 'number');
    }
  });

  test(`[${name}] metrics() reads the current step without evaluating; stepEpoch ends an epoch`, () => {
    const s = own(gradlab.createSession({}));
    s.step(3);
    const m = s.metrics();
    assert.equal(m.step, 3);
    assert.equal(m.evaluatedStep, null);
    assert.equal(typeof m.batchLoss, 'number');
    const done = s.stepEpoch();
    assert.equal(3 + done, s.info.train / 10);  // 250 training points, batch 10
    assert.equal(s.metrics().epoch, 1);
  });

  test(`[${name}] divergence is reported in plain words, JSON-safe, and reset recovers`, () => {
    const s = own(gradlab.createSession({ hidden: [8, 8, 8, 8, 8, 8], activation: 'leaky_relu', leakySlope: 0.2, init: 'he_normal', initGain: 8 }));
    s.step(100);
    const m = s.evaluate();
    assert.ok(m.diverged, 'should diverge');
    // Which overflows first (loss, gradient or weights) depends on the kernels; each has its sentence.
    assert.ok(['loss', 'gradient', 'weights'].includes(m.diverged.cause), m.diverged.cause);
    assert.ok(m.diverged.message.includes(` at step ${m.diverged.step} — `), m.diverged.message);
    assert.match(m.diverged.message, /lower the learning rate, use a smaller init gain, or set clipNorm/);
    assert.equal(m.diverged.step, m.step);
    assert.ok(m.step < 100, 'training stops at divergence');
    assertFiniteDeep(m, 'metrics');
    s.reset();
    assert.equal(s.metrics().diverged, null);
    assert.equal(s.metrics().step, 0);
  });

  test(`[${name}] reset reproduces the run; reseed changes the weights`, () => {
    const s = own(gradlab.createSession({ hidden: [5] }));
    const w0 = s.getWeightsArray();
    s.step(50);
    const l50 = s.evaluate().trainLoss;
    s.reset();
    assert.deepEqual(s.getWeightsArray(), w0);
    s.step(50);
    assert.equal(s.evaluate().trainLoss, l50);
    s.reseed(7);
    assert.notDeepEqual(s.getWeightsArray(), w0);
    assert.equal(s.config.seed, 7);
  });

  test(`[${name}] setLive changes live fields only, with the schema's errors`, () => {
    const s = own(gradlab.createSession({}));
    s.setLive('learningRate', 0.5);
    assert.equal(s.config.learningRate, 0.5);
    assert.equal(s.metrics().learningRate, 0.5);
    throwsWith(assert, () => s.setLive('hidden', [3]), RangeError, 'hidden', 'cannot change during a run');
    throwsWith(assert, () => s.setLive('learningRate', 11), RangeError, 'learningRate', '11', '1e-7 to 10');
    throwsWith(assert, () => s.setLive('lerningRate', 0.1), TypeError, 'did you mean learningRate?');
    // Cross-field rule from the engine: batch larger than the 250 training points.
    throwsWith(assert, () => s.setLive('batchSize', 300), RangeError, 'batchSize', 'larger than the training set');
    assert.equal(s.config.batchSize, 10);
  });

  test(`[${name}] info describes shapes, resolved loss/output, data and grid`, () => {
    const s = own(gradlab.createSession({ dataset: 'spiral', classes: 3, hidden: [8, 4], features: ['x1', 'x2', 'x1sq'] }));
    const i = s.info;
    assert.deepEqual(i.layers.map((l) => [l.inputs, l.units, l.activation]), [[3, 8, 'tanh'], [8, 4, 'tanh'], [4, 3, 'linear']]);
    assert.equal(i.loss, 'softmax_ce');
    assert.equal(i.outputActivation, 'softmax');
    assert.equal(i.classes, 3);
    assert.deepEqual([...i.features], ['x1', 'x2', 'x1sq']);
    assert.equal(i.train + i.test, 500);
    assert.equal(i.gridDims, 2);
    assert.equal(i.units, 3 + 8 + 4 + 3);
    assert.equal(i.paramCount, 3 * 8 + 8 + 8 * 4 + 4 + 4 * 3 + 3);
  });

  test(`[${name}] predictGrid and neuronGrids have the documented shapes`, () => {
    const s = own(gradlab.createSession({ hidden: [6], learningRate: 0.3 }));
    s.step(1000);
    assert.ok(s.evaluate().trainAccuracy > 0.95);
    const g = s.predictGrid(20, { copy: true });
    assert.equal(g.values.length, 400);
    assert.ok(g.values.every((v) => v >= 0 && v <= 1), 'sigmoid outputs');
    // Circle: inside (label 1) near the origin, outside at the corners.
    assert.ok(g.values[10 * 20 + 10] > 0.5 && g.values[0] < 0.5);
    const n = s.neuronGrids(10);
    assert.equal(n.values.length, (2 + 6 + 1) * 100);
    assert.deepEqual(n.layers, [{ start: 0, units: 2 }, { start: 2, units: 6 }, { start: 8, units: 1 }]);
    // Unit 0 is feature x1: it grows left to right along a row.
    assert.ok(n.values[1] > n.values[0] && n.values[9] > n.values[8]);
    // The output unit's grid equals predictGrid at the same resolution.
    const out = Array.from(n.values.subarray(8 * 100, 9 * 100));
    assert.deepEqual(out, Array.from(s.predictGrid(10).values));
    throwsWith(assert, () => s.predictGrid(1), RangeError, 'resolution', '2 to 512');
    throwsWith(assert, () => s.predictGrid(2.5), TypeError, 'resolution');
  });

  test(`[${name}] views survive wasm memory growth`, () => {
    const s = own(gradlab.createSession({ hidden: [4] }));
    const first = s.metricsArray();
    const before = gradlab.memoryBytes();
    // A large grid forces the memory to grow, detaching every view taken before.
    const big = own(gradlab.createSession({ hidden: [256, 256, 256, 256, 256, 256], numPoints: 10000 }));
    big.neuronGrids(40);
    assert.ok(gradlab.memoryBytes() > before, 'memory should have grown');
    assert.equal(first.length, 0, 'the old view is detached');
    s.step(1);
    assert.equal(s.metricsArray()[0], 1, 'a fresh view is taken');
    assert.equal(s.metrics().step, 1);
  });

  test(`[${name}] weights round-trip as JSON, flat arrays and blobs`, () => {
    const a = own(gradlab.createSession({ hidden: [3, 2] }));
    const b = own(gradlab.createSession({ hidden: [3, 2], seed: 99 }));
    a.step(20);
    const json = a.getWeights();
    assert.equal(json.layers.length, 3);
    assert.equal(json.layers[0].W.length, 3);
    assert.equal(json.layers[0].W[0].length, 2);
    assert.deepEqual(JSON.parse(JSON.stringify(json)), json);
    b.setWeights(json);
    assert.deepEqual(b.getWeightsArray(), a.getWeightsArray());
    assert.equal(b.evaluate().trainLoss, a.evaluate().trainLoss);
    const flat = a.getWeightsArray();
    flat[0] = 0.25;
    b.setWeights(flat);
    assert.equal(b.getWeights().layers[0].W[0][0], 0.25);
    b.loadWeights(a.saveWeights());
    assert.deepEqual(b.getWeightsArray(), a.getWeightsArray());
    throwsWith(assert, () => b.setWeights({ layers: [] }), RangeError, 'weights.layers', 'has 0 layers');
    const bad = structuredClone(json);
    bad.layers[1].b[0] = NaN;
    throwsWith(assert, () => b.setWeights(bad), RangeError, 'not finite');
    throwsWith(assert, () => b.loadWeights(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])), RangeError, 'bad magic');
    const other = own(gradlab.createSession({ hidden: [4] }));
    throwsWith(assert, () => other.loadWeights(a.saveWeights()), RangeError, 'layers');
  });

  test(`[${name}] toJSON/fromJSON reproduce a run exactly`, () => {
    const s = own(gradlab.createSession({ hidden: [5, 5], activation: 'relu', optimizer: 'adam', learningRate: 0.01 }));
    s.step(123);
    const run = s.toJSON();
    assert.equal(run.step, 123);
    const replay = own(gradlab.fromJSON(JSON.stringify(run)));
    assert.equal(replay.metrics().step, 123);
    assert.deepEqual(replay.getWeightsArray(), s.getWeightsArray());
    const fromWeights = own(gradlab.fromJSON(s.toJSON({ weights: true })));
    assert.deepEqual(fromWeights.getWeightsArray(), s.getWeightsArray());
    throwsWith(assert, () => gradlab.fromJSON({ config: {} }), TypeError, 'gradlab-run');
    throwsWith(assert, () => gradlab.fromJSON('{oops'), TypeError, 'not valid JSON');
  });

  test(`[${name}] points() gives the data set for plotting`, () => {
    const s = own(gradlab.createSession({ numPoints: 100 }));
    const p = s.points();
    assert.equal(p.dims, 2);
    assert.equal(p.coords.length, 200);
    assert.equal(p.train.length + p.test.length, 100);
    assert.deepEqual([...p.train, ...p.test].sort((x, y) => x - y), Array.from({ length: 100 }, (_, i) => i));
    assert.ok(p.targets.every((t) => t === 0 || t === 1));
  });

  test(`[${name}] user data: validated in JS, trained by the engine`, () => {
    // XOR-like labels on 4 clusters, 200 points.
    const n = 200;
    const inputs = new Float32Array(2 * n);
    const targets = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const x = (i % 2 ? 1 : -1) * (1 + (i % 7) / 7);
      const y = ((i >> 1) % 2 ? 1 : -1) * (1 + (i % 5) / 5);
      inputs.set([x, y], 2 * i);
      targets[i] = x * y > 0 ? 1 : 0;
    }
    const s = own(gradlab.createSession({ hidden: [8], learningRate: 0.3, trainFraction: 0.8 }, { data: { inputs, targets, inputDim: 2, task: 'classification' } }));
    assert.equal(s.info.train, 160);
    assert.equal(s.info.gridDims, 2);  // 2-D user data have an input plane (user-data.test.mjs)
    s.step(2000);
    assert.ok(s.evaluate().trainAccuracy > 0.95);
    const reg = { inputs: new Float32Array([0, 1, 2, 3, 4, 5]), targets: [0, 1, 4, 9, 16, 25], inputDim: 1, task: 'regression' };
    const r = own(gradlab.createSession({ batchSize: 2 }, { data: reg }));
    assert.equal(r.info.loss, 'mse');
    throwsWith(assert, () => gradlab.createSession({}, { data: { ...reg, inputDim: 4 } }), RangeError, 'data.inputs', 'not a multiple of inputDim 4');
    throwsWith(assert, () => gradlab.createSession({}, { data: { ...reg, targets: [0, 1, 2] } }), RangeError, 'data.targets', 'expected 6');
    throwsWith(assert, () => gradlab.createSession({}, { data: { ...reg, inputs: [0, 1, 2, 3, 4, NaN] } }), RangeError, 'data.inputs[5]', 'not finite');
    throwsWith(assert, () => gradlab.createSession({}, { data: { ...reg, inputs: 'abc' } }), TypeError, 'data.inputs', 'Float32Array');
    throwsWith(assert, () => gradlab.createSession({}, { data: { inputs, targets: targets.map((t) => t * 3), inputDim: 2, classes: 2 } }), RangeError, 'data.targets', '3 is out of range');
    throwsWith(assert, () => gradlab.createSession({}, { data: { inputs, targets: targets.map((t) => t + 0.5), inputDim: 2 } }), RangeError, 'not a class index');
    throwsWith(assert, () => gradlab.createSession({}, { data: { ...reg, task: 'clustering' } }), RangeError, 'data.task', 'clustering');
    throwsWith(assert, () => gradlab.createSession({ dataset: 'xor' }, { data: reg }), RangeError, 'dataset', 'custom');
    throwsWith(assert, () => gradlab.createSession({ dataset: 'custom' }), RangeError, 'dataset', 'needs user-supplied data');
  });

  test(`[${name}] activation curves: f and f' over an array of x`, () => {
    const c = gradlab.activationCurve('relu', [-1, 0, 2]);
    assert.deepEqual([...c.f], [0, 0, 2]);
    assert.deepEqual([...c.df], [0, 0, 1]);
    const l = gradlab.activationCurve({ activation: 'leaky_relu', leakySlope: 0.2 }, new Float32Array([-2, 3]));
    assert.deepEqual([...l.f], [Math.fround(-0.4), 3]);
    assert.deepEqual([...l.df], [Math.fround(0.2), 1]);
    const s = gradlab.activationCurve('sigmoid', [0]);
    assert.equal(s.f[0], 0.5);
    assert.equal(s.df[0], 0.25);
    throwsWith(assert, () => gradlab.activationCurve('relu6', [0]), RangeError, 'activation', 'relu6');
  });

  test(`[${name}] dispose frees the session; use after dispose throws a clear error`, () => {
    const s = gradlab.createSession({});
    assert.equal(s.disposed, false);
    s.dispose();
    assert.equal(s.disposed, true);
    s.dispose();  // twice is harmless
    for (const call of [() => s.step(1), () => s.metrics(), () => s.info, () => s.getWeights(), () => s.predictGrid(10)])
      throwsWith(assert, call, Error, 'has been disposed');
    const u = gradlab.createSession({});
    assert.equal(typeof Symbol.dispose, 'symbol');
    u[Symbol.dispose]();  // what a `using` declaration calls at the end of its block
    assert.equal(u.disposed, true);
  });

  test(`[${name}] check() applies the engine's cross-field rules`, () => {
    assert.deepEqual(gradlab.check({ learningRate: 0.1 }), { ...defaults(), learningRate: 0.1 });
    throwsWith(assert, () => gradlab.check({ loss: 'bce', outputActivation: 'tanh' }), RangeError, 'outputActivation', "'tanh' does not fit loss 'bce'");
    throwsWith(assert, () => gradlab.check({ hidden: Array(64).fill(256), batchSize: 4096, numPoints: 10000, trainFraction: 1 }), RangeError, 'MiB budget');
  });
}

test('unit states and gradients come from the engine and agree with its metrics', async () => {
  for (const { gradlab: gl } of await builds()) {
    // a healthy tanh layer under a ReLU layer switched off at birth: dead above, blocked below
    const s = gl.createSession({ hidden: [4, 3], layerActivations: ['tanh', 'relu'], biasInit: -10 });
    const m = s.evaluate();
    const { names, states } = s.unitStates();
    assert.deepEqual([...names], ['active', 'dead', 'blocked', 'inactive', 'saturated']);
    assert.equal(states.length, 4 + 3 + 1);
    assert.deepEqual([...states.slice(0, 4)].map((c) => names[c]), ['blocked', 'blocked', 'blocked', 'blocked']);
    assert.deepEqual([...states.slice(4, 7)].map((c) => names[c]), ['dead', 'dead', 'dead']);
    assert.equal(m.layers[1].dead, 3);
    // the exported gradient's per-layer norms are the ones the metrics report
    const healthy = gl.createSession({ hidden: [5, 4] });
    const hm = healthy.evaluate();
    const g = healthy.getGradients();
    g.layers.forEach((L, l) => {
      const norm = Math.hypot(...L.W.flat());
      assert.ok(Math.abs(norm - hm.layers[l].gradWNorm) <= 1e-5 * hm.layers[l].gradWNorm + 1e-9, `layer ${l}: ${norm} vs ${hm.layers[l].gradWNorm}`);
    });
    assert.equal(healthy.getGradientsArray().length, healthy.info.paramCount);
    s.dispose();
    healthy.dispose();
  }
});

test('hiddenLayers: the hidden layers of metrics.layers, without the output layer', async () => {
  const { hiddenLayers } = await import('../../web/src/node.js');
  const [{ gradlab }] = await builds();
  const s = gradlab.createSession({ hidden: [5, 3, 7] });
  const m = s.evaluate();
  s.dispose();
  assert.equal(m.layers.length, 4);
  assert.deepEqual(hiddenLayers(m).map((l) => l.units), [5, 3, 7]);
  assert.ok(hiddenLayers(m).every((l) => l.role === 'hidden'));
  assert.deepEqual(hiddenLayers({ layers: [] }), []);
});
