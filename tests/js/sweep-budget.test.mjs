// The sweep budget's model of a network's shape (web/src/sweep/budget.js works out the layer
// widths and the train/test split of a configuration before anything runs, to estimate its
// cost) against the engine's own: for every data set, feature set, class count, output and
// split, the widths and sizes must be the ones a session reports. A new data set or feature
// the model does not know fails here, not as a silently wrong estimate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGradLab, getField, normalizeConfig } from '../../web/src/node.js';
import { shapeOf, runSeconds, rowBytes, checkBudget } from '../../web/src/sweep/budget.js';
import { normalizeSweepSpec } from '../../web/src/sweep/spec.js';

const gradlab = await createGradLab();

test('the budget\'s shape of every configuration kind is the engine\'s', () => {
  const datasets = getField('dataset').values.filter((d) => d !== 'custom');  // user data: its own inputDim
  const configs = [
    ...datasets.map((dataset) => ({ dataset, hidden: [3] })),
    { dataset: 'circle', hidden: [5, 4], features: ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2'] },
    { dataset: 'fit1d', hidden: [3], features: ['x1', 'x1sq', 'sinx1'] },
    { dataset: 'fit1d', hidden: [3], features: ['x1', 'x2', 'x2sq', 'x1x2', 'sinx2', 'x1sq'] },
    { dataset: 'highdim', hidden: [3], inputDim: 7, classes: 4 },
    { dataset: 'highdim', hidden: [3], inputDim: 3, classes: 2 },
    { dataset: 'spiral', hidden: [3], classes: 3 },
    { dataset: 'circle', hidden: [3], outputActivation: 'softmax' },
    { dataset: 'circle', hidden: [3], loss: 'softmax_ce' },
    { dataset: 'moons', hidden: [], numPoints: 101, trainFraction: 0.3 },
    { dataset: 'plane', hidden: [2, 2], numPoints: 11, trainFraction: 0.95 },
  ];
  for (const c of configs) {
    const config = normalizeConfig(c);
    const s = gradlab.createSession(config);
    try {
      const { info } = s;
      assert.deepEqual(shapeOf(config), { widths: [info.inputs, ...info.layers.map((l) => l.units)], train: info.train, test: info.test }, JSON.stringify(c));
    } finally {
      s.dispose();
    }
  }
});

test('the budget\'s arithmetic at its seams: evaluations per kind of measure, a row\'s bytes per axis, minutes from 60 s', () => {
  const config = normalizeConfig({ hidden: [10], numPoints: 100 });
  const cost = (measures, evalEvery = null) => runSeconds(config, { steps: 10, evalEvery, measures }).total;
  const base = cost([]);
  const evaluation = cost(['testLoss']) - base, diagnostic = cost(['deadFraction']) - base;
  assert.ok(evaluation > 0 && diagnostic > evaluation, `${evaluation} ${diagnostic}`);
  // at initialisation only: one diagnostic evaluation, no plain one
  assert.ok(Math.abs(cost(['gradRatioInit']) - base - diagnostic) < 1e-15, 'initialisation: one diagnostic');
  // the end's diagnostic evaluation gives the plain figures too; a curve's last point is the end's
  assert.ok(Math.abs(cost(['testLoss', 'deadFraction']) - base - diagnostic) < 1e-15);
  assert.ok(Math.abs(cost(['testLoss', 'trainLossCurve'], 5) - cost(['trainLossCurve'], 5)) < 1e-15);
  const spec = (axes) => normalizeSweepSpec({ base: { hidden: [4] }, axes, measures: ['testLoss'] });
  const one = rowBytes(spec([{ field: 'learningRate', values: [0.1, 0.2] }]));
  const two = rowBytes(spec([{ field: 'learningRate', values: [0.1, 0.2] }, { field: 'activation', values: ['relu', 'tanh'] }]));
  assert.equal(two - one, 2 * 60, 'each axis adds its coordinate to the row and the aggregate');
  const at = (seconds) => {
    try {
      checkBudget(spec([]), { runs: 1, seconds, wallSeconds: seconds, perStep: 1e-6 }, 1, 1, 1);
    } catch (e) {
      return /≈ ([^ ]+ [a-z]+) of compute/.exec(e.message)[1];
    }
  };
  assert.deepEqual([at(59), at(60), at(3599), at(3600)], ['59 s', '1 min', '60 min', '1 h']);
});
