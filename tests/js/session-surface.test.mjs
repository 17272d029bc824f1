// What a session and the GradLab object hand out and take in, as documented: copies that stay
// as they were, views that the next call overwrites (unless {copy: true}), the user's data kept
// whole in a saved run, and each input of theirs refused with its field and whole message.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { builds, throwsWith, disposedAfterEach } from './helpers.mjs';

const [{ gradlab }] = await builds();
const own = disposedAfterEach(afterEach);

// A copy owns a buffer of exactly its size; a view into the engine's memory shares a buffer of
// many megabytes with everything else in it.
const ownsItsBuffer = (x) => x.byteOffset === 0 && x.buffer.byteLength === x.byteLength;

test('weights, gradients, unit states, weight blobs and points are copies: training leaves them as they were', () => {
  const s = own(gradlab.createSession({ hidden: [6, 4] }));
  s.step(5);
  s.evaluate();
  const handed = {
    weights: s.getWeightsArray(), gradients: s.getGradientsArray(), states: s.unitStates().states, blob: s.saveWeights(),
    ...Object.fromEntries(Object.entries(s.points()).filter(([, v]) => ArrayBuffer.isView(v))),
  };
  assert.deepEqual(Object.keys(handed), ['weights', 'gradients', 'states', 'blob', 'coords', 'targets', 'train', 'test']);
  const before = Object.fromEntries(Object.entries(handed).map(([k, v]) => [k, Array.from(v)]));
  for (const [k, v] of Object.entries(handed)) assert.ok(ownsItsBuffer(v), `${k} is a copy`);
  s.step(200);
  s.evaluate();
  assert.notDeepEqual(Array.from(s.getWeightsArray()), before.weights, 'the weights did move');
  for (const [k, v] of Object.entries(handed)) assert.deepEqual(Array.from(v), before[k], `${k} unchanged`);
});

test('grids are views the next grid call overwrites, unless {copy: true}', () => {
  const s = own(gradlab.createSession({ hidden: [6] }));
  for (const [grid, res] of [['predictGrid', 8], ['neuronGrids', 4]]) {
    const view = s[grid](res).values;
    const kept = s[grid](res, { copy: true }).values;
    assert.ok(!ownsItsBuffer(view), `${grid}: a view by default`);
    assert.ok(ownsItsBuffer(kept), `${grid}: {copy: true} is a copy`);
    const then = Array.from(kept);
    s.step(300);
    const now = Array.from(s[grid](res).values);
    assert.notDeepEqual(now, then, `${grid}: the network changed`);
    assert.deepEqual(Array.from(view), now, `${grid}: the old view shows the new grid`);
    assert.deepEqual(Array.from(kept), then, `${grid}: the copy kept the old one`);
  }
});

test('metricsArray({evaluate: true}) runs the diagnostics unless told not to', () => {
  const at = gradlab.metricsLayout.names.indexOf('layers');
  assert.equal(own(gradlab.createSession({ hidden: [3] })).metricsArray({ evaluate: true })[at], 2);
  assert.equal(own(gradlab.createSession({ hidden: [3] })).metricsArray({ evaluate: true, diagnostics: false })[at], 0);
});

test('a saved run keeps the user data as declared: classes no label uses, several target columns', () => {
  const points = 20;
  const classified = { inputs: Array.from({ length: 2 * points }, (_, i) => i % 5), targets: Array.from({ length: points }, (_, i) => i % 2), inputDim: 2, task: 'classification', classes: 3 };
  const fitted = { inputs: Array.from({ length: points }, (_, i) => i), targets: Array.from({ length: 2 * points }, (_, i) => i), inputDim: 1, task: 'regression', outputDim: 2 };
  for (const data of [classified, fitted]) {
    const s = own(gradlab.createSession({}, { data }));
    s.step(3);
    const run = s.toJSON();
    assert.equal(run.data.classes, data.classes);
    assert.equal(run.data.outputDim, data.outputDim);
    const back = own(gradlab.fromJSON(run));
    assert.deepEqual(back.info, s.info);
    assert.deepEqual(Array.from(back.getWeightsArray()), Array.from(s.getWeightsArray()));
  }
});

test('refusals name the input: grids, weight blobs, check\'s options and data, activation curves', () => {
  const s = own(gradlab.createSession({ hidden: [3] }));
  throwsWith(assert, () => s.predictGrid(2.5), TypeError, 'resolution: expected an integer, got 2.5');
  throwsWith(assert, () => s.loadWeights([1, 2]), TypeError, 'weights: expected a Uint8Array blob from saveWeights(), got [1, 2]');
  const wide = own(gradlab.createSession({ dataset: 'highdim', hidden: [3] }));
  // said before the engine is asked, with the data sets that have a plane
  const noPlane = 'grid: this data set has no input plane (the 2-D data sets, fit1d and user data with 1 or 2 inputs have one)';
  for (const grid of ['predictGrid', 'neuronGrids']) assert.throws(() => wide[grid](8), (e) => e.message === noPlane, grid);
  throwsWith(assert, () => gradlab.check({}, { dat: 1 }), TypeError, 'options.dat: unknown option (did you mean data?)');
  throwsWith(assert, () => gradlab.activationCurve('relu', 'x'), TypeError, 'x: expected an array of numbers, got "x"');
  // The data's task decides which losses fit.
  const xs = Array.from({ length: 20 }, (_, i) => i);
  const regression = { inputs: xs, targets: xs, inputDim: 1, task: 'regression' };
  const classification = { inputs: xs, targets: xs.map((i) => i % 2), inputDim: 1, task: 'classification' };
  throwsWith(assert, () => gradlab.check({ loss: 'bce' }, { data: regression }), RangeError, "loss: 'bce' needs a classification data set");
  assert.equal(gradlab.check({ loss: 'bce' }, { data: classification }).loss, 'bce');
});

test('fromHash strictly: the base fills what the hash does not give, nothing is repaired, nothing to warn of', () => {
  const r = gradlab.fromHash('#seed=3', { strict: true, base: { learningRate: 0.1 } });
  assert.deepEqual(r, { config: gradlab.check({ seed: 3, learningRate: 0.1 }), warnings: [] });
  throwsWith(assert, () => gradlab.fromHash('#learningRate=x', { strict: true }), TypeError, 'learningRate: "x" is not a number');
});
