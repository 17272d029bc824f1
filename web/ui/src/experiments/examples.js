// Ready experiments: each a base configuration (partial; the defaults fill the rest) and an
// experiment, chosen so its phenomenon is unmistakable at a size that runs in seconds on one
// or two workers. The lessons start from them, and tests/js/experiments.test.mjs runs each and
// asserts its phenomenon from the table behind its chart.
import { matchedAxis, RACE_DEFAULT } from './kinds.js';

const deep = (n, w) => new Array(n).fill(w);

export const EXAMPLES = Object.freeze({
  'depth-activation': {
    title: 'Depth × activation: where gradients vanish',
    config: { dataset: 'gaussian', numPoints: 200, hidden: [8], learningRate: 0.1, batchSize: 10 },
    experiment: { kind: 'map', axes: [{ field: 'depth', values: [1, 2, 4, 8, 12, 16, 24, 32, 40] }, matchedAxis(['sigmoid', 'tanh', 'relu', 'selu'])], steps: 500, seeds: 2, show: 'trainLoss' },
  },
  'lr-depth-dying-relu': {
    title: 'Learning rate × depth: dying ReLUs',
    config: { dataset: 'circle', numPoints: 200, hidden: [8], activation: 'relu', init: 'he_normal', batchSize: 10 },
    experiment: { kind: 'map', axes: [{ field: 'learningRate', from: 0.001, to: 3, count: 8, scale: 'log' }, { field: 'depth', values: [2, 4, 6, 8] }], steps: 500, seeds: 3, show: 'deadFraction' },
  },
  'depth-init-relu': {
    title: 'Depth × initialiser: Xavier against He for ReLU',
    config: { dataset: 'circle', numPoints: 200, hidden: [8], activation: 'relu', learningRate: 0.03, batchSize: 10 },
    experiment: { kind: 'map', axes: [{ field: 'depth', values: [2, 5, 10, 15, 20, 30, 40] }, { field: 'init', values: ['xavier_normal', 'he_normal'] }], steps: 500, seeds: 2, show: 'gradRatio' },
  },
  'relu-family': {
    title: 'The ReLU family against sigmoid and tanh',
    config: { dataset: 'circle', numPoints: 200, hidden: deep(6, 8), learningRate: 0.03, batchSize: 10 },
    experiment: { kind: 'race', axes: [matchedAxis(RACE_DEFAULT)], steps: 500, seeds: 3 },
  },
  'edge-of-chaos-tanh': {
    title: 'The edge of chaos of a deep tanh network',
    config: { dataset: 'circle', numPoints: 100, hidden: deep(20, 64), activation: 'tanh', learningRate: 0.03, batchSize: 10 },
    experiment: { kind: 'phase', axes: [{ field: 'sigmaW2', from: 0.25, to: 4, count: 16 }, { field: 'sigmaB2', from: 0, to: 0.5, count: 6 }], steps: 300, seeds: 1, overlay: false },
  },
});

export const exampleNames = Object.freeze(Object.keys(EXAMPLES));

/** The examples of one instrument. */
export const examplesOf = (kind) => exampleNames.filter((n) => EXAMPLES[n].experiment.kind === kind);
