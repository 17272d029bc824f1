// Same configuration and seed ⇒ the same numbers in the SIMD build, the scalar build and the
// native core. By design (core/simd.hpp, core/kernels.hpp: lane-wise arithmetic in a fixed
// order, no FMA contraction) they should agree to the bit; the acceptance bound against
// native is 1e-5 relative, and the test reports the largest difference it saw.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { builds, root } from './helpers.mjs';
import { toQuery } from '../../web/src/node.js';

const runner = path.join(root, 'build/native/tests/gradlab_native_run');
const STEPS = 300;

// Covers every activation, the losses, the optimisers, the schedules, several data sets and
// the initialisers that draw differently (normal, uniform, orthogonal, signal_propagation's biases).
const configs = [
  {},
  { hidden: [8, 8, 8, 8], activation: 'relu', init: 'he_normal', learningRate: 0.1 },
  { hidden: [6, 6, 6], activation: 'sigmoid', init: 'standard', optimizer: 'momentum', learningRate: 0.3 },
  { dataset: 'spiral', classes: 3, hidden: [16, 16], activation: 'gelu', optimizer: 'adam', learningRate: 0.01, features: ['x1', 'x2', 'sinx1', 'sinx2'] },
  { dataset: 'xor', hidden: [8, 8], activation: 'swish', optimizer: 'rmsprop', learningRate: 0.01, noise: 0.2, l2: 0.001 },
  { dataset: 'moons', hidden: [12, 12], activation: 'mish', optimizer: 'nesterov', learningRate: 0.05, schedule: 'cosine', cosineSteps: 200 },
  { dataset: 'plane', hidden: [5], activation: 'elu', learningRate: 0.02, schedule: 'step', stepEvery: 100 },
  { dataset: 'multigauss', hidden: [16, 16, 16], activation: 'selu', init: 'lecun_normal', learningRate: 0.01, batchSize: 32 },
  { dataset: 'fit1d', target1d: 'cubic', hidden: [10, 10], activation: 'softplus', learningRate: 0.01, features: ['x1'] },
  { dataset: 'checkerboard', hidden: [8, 8], activation: 'leaky_relu', leakySlope: 0.1, init: 'orthogonal', clipNorm: 1, l1: 0.001 },
  { dataset: 'gaussian', classes: 4, hidden: [7], activation: 'gelu', gelu: 'tanh', outputActivation: 'softmax', optimizer: 'adam' },
  { dataset: 'highdim', inputDim: 20, classes: 2, hidden: [32, 32], activation: 'tanh', init: 'xavier_normal', numPoints: 200 },
  { dataset: 'spiral', hidden: [16, 16, 16], activation: 'tanh', init: 'signal_propagation', sigmaW2: 1.76, sigmaB2: 0.05, learningRate: 0.01 },
];

function wasmRun(gradlab, config) {
  const s = gradlab.createSession(config);
  try {
    const batchLoss = [];
    for (let i = 0; i < STEPS; i++) {
      s.step(1);
      batchLoss.push(s.metricsArray()[gradlab.metricsLayout.names.indexOf('batchLoss')]);
    }
    const m = s.evaluate();
    return { batchLoss, trainLoss: m.trainLoss, testLoss: m.testLoss, gradZRms: m.layers.map((l) => l.gradZRms), weights: Array.from(s.getWeightsArray()) };
  } finally {
    s.dispose();
  }
}

const flatten = (r) => [...r.batchLoss, r.trainLoss, r.testLoss, ...r.gradZRms, ...r.weights];

function maxRelDiff(a, b) {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]) / Math.max(Math.abs(a[i]), Math.abs(b[i]), 1e-30);
    if (a[i] !== b[i]) worst = Math.max(worst, Number.isNaN(d) ? Infinity : d);
  }
  return worst;
}

const [simd, scalar] = await builds();
let worstNative = 0;
let identicalNative = 0;

for (const [i, config] of configs.entries()) {
  test(`config ${i} (${JSON.stringify(config)}): SIMD, scalar and native agree`, () => {
    assert.ok(existsSync(runner), `missing ${runner}: build the native tree first (npm test does)`);
    const a = wasmRun(simd.gradlab, config);
    const b = wasmRun(scalar.gradlab, config);
    const native = JSON.parse(execFileSync(runner, [toQuery(config), String(STEPS)], { encoding: 'utf8' }));
    // The runner prints each float with 9 significant digits, which reads back to the same
    // float only after rounding to float32 again.
    native.weights = native.weights.map(Math.fround);
    const fa = flatten(a), fb = flatten(b), fn = flatten(native);
    assert.equal(fa.length, fn.length);
    assert.ok(fa.every(Number.isFinite), 'finite run');
    // SIMD vs scalar: bit-identical, every step's loss and every weight.
    assert.deepEqual(fa, fb);
    // Training moved: the comparison is not of two untouched initialisations.
    assert.notEqual(a.batchLoss[0], a.batchLoss[STEPS - 1]);
    const d = maxRelDiff(fa, fn);
    worstNative = Math.max(worstNative, d);
    if (d === 0) identicalNative++;
    assert.ok(d <= 1e-5, `max relative difference to native ${d}`);
  });
}

after(() => {
  console.log(`parity: ${configs.length} configs x ${STEPS} steps; SIMD == scalar bit for bit; native bit-identical in ${identicalNative}/${configs.length}, max relative difference ${worstNative}`);
});
