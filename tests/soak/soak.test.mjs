// Soak: long runs the way the playground drives the engine — a frame
// trains a batch of steps and reads metrics(); every few frames it evaluates with
// diagnostics, draws the output and neuron grids, and exports the weights, the gradients and
// the unit states (web/ui/src/runner.js, `frame`) — and then checks that the wasm memory did
// not grow at all and the JS heap did not grow after warm-up.
//
//   10^6 steps of the playground default (2 inputs, 4-2 tanh hidden, 1 output, batch 10)
//   10^5 steps of a 20 x 64 ReLU network (He init, batch 10)
//
// Run with --expose-gc (scripts/test.mjs has a stage for it): heap sizes are read after
// forced full collections, so what remains is what the code still holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import { createGradLab } from '../../web/src/node.js';

const MB = 1024 * 1024;
// JS heap growth allowed between the end of warm-up and the end of the run, after forced GC.
// The noise between two such readings on this machine is about ±50 KB (V8 keeps compiling
// and re-optimising code; code and feedback vectors live on the heap). 512 KB is ten times
// that, and still small against a real leak: the small soak has 10,000 frames and 1,000
// diagnostic rounds, so keeping one small object per frame (a {step, loss} pair is ~90
// bytes: 870 KB) or 0.5 KB per diagnostic round (any copy of a grid, a metrics object or
// the weights) exceeds it; the large soak has 2,000 frames and 200 rounds (grids, weights
// and metrics of a 20x64 network are tens of KB each).
const JS_HEAP_TOLERANCE = 512 * 1024;

async function settle() {
  // FinalizationRegistry callbacks and pending microtasks run between collections.
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function heap(gradlab) {
  await settle();
  const mu = process.memoryUsage();
  return { heapUsed: mu.heapUsed, v8Used: v8.getHeapStatistics().used_heap_size, wasm: gradlab.memoryBytes() };
}

const fmt = (h) => `JS heap ${(h.heapUsed / MB).toFixed(2)} MB (v8 used ${(h.v8Used / MB).toFixed(2)} MB), wasm memory ${(h.wasm / MB).toFixed(2)} MB`;

/**
 * Trains `total` steps in frames of `perFrame` steps; every `diagEvery` frames does what the
 * playground's worker does for a diagnostic frame. Measures after `warmup` steps and at the end.
 */
async function soak(t, { config, total, perFrame, diagEvery, warmup, grid = 50, neurons = 20 }) {
  assert.equal(typeof globalThis.gc, 'function', 'run with node --expose-gc');
  const gradlab = await createGradLab();
  const s = gradlab.createSession(config);
  // The worker keeps a small pool of transferable buffers and refills them every frame.
  const pool = { grid: new Float32Array(0), neurons: new Float32Array(0), grads: new Float32Array(0), unitState: new Uint8Array(0) };
  const refill = (kind, values) => {
    if (pool[kind].length !== values.length) pool[kind] = new values.constructor(values.length);
    pool[kind].set(values);
    return pool[kind];
  };
  let frames = 0;
  let diagRounds = 0;
  let lastLoss = null;
  const frame = () => {
    const done = s.step(perFrame);
    assert.equal(done, perFrame, `training stopped at step ${s.metrics().step}: ${s.metrics().diverged?.message}`);
    const m = s.metrics();
    const reply = { step: m.step, epoch: m.epoch, batchLoss: m.batchLoss, learningRate: m.learningRate, diverged: m.diverged, metrics: null, grid: null, neurons: null, weights: null, grads: null, unitState: null };
    if (++frames % diagEvery === 0) {
      diagRounds++;
      reply.metrics = s.evaluate({ diagnostics: true });
      lastLoss = reply.metrics.trainLoss;
      reply.grid = refill('grid', s.predictGrid(grid).values);
      reply.neurons = refill('neurons', s.neuronGrids(neurons).values);
      reply.weights = s.getWeightsArray();
      reply.grads = refill('grads', s.getGradientsArray());
      reply.unitState = refill('unitState', s.unitStates().states);
    }
    structuredClone(reply);  // what postMessage does with the reply
  };

  const t0 = performance.now();
  while (s.metrics().step < warmup) frame();
  const before = await heap(gradlab);
  while (s.metrics().step < total) frame();
  const seconds = (performance.now() - t0) / 1000;
  const after = await heap(gradlab);

  t.diagnostic(`${total} steps in ${frames} frames (${diagRounds} diagnostic rounds) in ${seconds.toFixed(1)} s; final train loss ${lastLoss?.toPrecision(3)}`);
  t.diagnostic(`after warm-up (${warmup} steps): ${fmt(before)}`);
  t.diagnostic(`at the end (${total} steps):    ${fmt(after)}`);
  t.diagnostic(`growth: JS heap ${((after.heapUsed - before.heapUsed) / 1024).toFixed(0)} KB, wasm ${after.wasm - before.wasm} bytes`);

  assert.equal(s.metrics().step, total);
  assert.equal(s.metrics().diverged, null);
  // Nothing in the engine allocates per step or per frame once its buffers exist: the wasm
  // memory (which can only grow) is exactly the same size.
  assert.equal(after.wasm, before.wasm, 'wasm memory grew during the soak');
  assert.ok(after.heapUsed - before.heapUsed < JS_HEAP_TOLERANCE, `JS heap grew by ${((after.heapUsed - before.heapUsed) / MB).toFixed(2)} MB`);
  assert.ok(after.v8Used - before.v8Used < JS_HEAP_TOLERANCE, `v8 used heap grew by ${((after.v8Used - before.v8Used) / MB).toFixed(2)} MB`);
  s.dispose();
  return { seconds, before, after };
}

test('soak: 10^6 steps of the playground default (2-4-2-1 tanh) with the playground\'s frame pattern', async (t) => {
  await soak(t, { config: {}, total: 1_000_000, perFrame: 100, diagEvery: 10, warmup: 20_000 });
});

test('soak: 10^5 steps of a 20x64 ReLU network (batch 10) with the playground\'s frame pattern', async (t) => {
  await soak(t, {
    config: { hidden: Array(20).fill(64), activation: 'relu', init: 'he_normal', learningRate: 0.01, batchSize: 10 },
    total: 100_000, perFrame: 50, diagEvery: 10, warmup: 5_000, neurons: 10,
  });
});
