// The sweep budget's model of a network's shape (web/src/sweep/budget.js works out the layer
// widths and the train/test split of a configuration before anything runs, to estimate its
// cost) against the engine's own: for every data set, feature set, class count, output and
// split, the widths and sizes must be the ones a session reports. A new data set or feature
// the model does not know fails here, not as a silently wrong estimate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGradLab, getField, normalizeConfig } from '../../web/src/node.js';
import { shapeOf } from '../../web/src/sweep/budget.js';

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
