// Without a browser: the frame loop's choice of what the next frame does (loop.js, nextWork)
// and the store's named changes, as plain functions of plain data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextWork, frameWants, Work, Evaluation } from '../../web/ui/src/loop.js';
import { Store } from '../../web/ui/src/store.js';

const run = (step, { metrics = true, diverged = null } = {}) => ({ step, metrics: metrics ? {} : null, diverged });
const idle = { replayTo: 0, steps: 0, playing: false, evaluation: Evaluation.CURRENT };

test('the next frame: a new run is evaluated first, then a link replays, then asked-for steps, then play, then a due evaluation', () => {
  const fresh = [run(0, { metrics: false })];
  const everything = { replayTo: 500, steps: 10, playing: true, evaluation: Evaluation.DUE };
  assert.equal(nextWork({ ...everything, runs: fresh }), Work.EVALUATE, 'a run with no figures yet');
  assert.equal(nextWork({ ...everything, runs: [run(0)] }), Work.REPLAY);
  assert.equal(nextWork({ ...everything, runs: [run(500)] }), Work.STEPS, 'the replay reached its step');
  assert.equal(nextWork({ ...everything, runs: [run(20, { diverged: { step: 20 } })] }), Work.STEPS, 'a diverged run does not replay');
  assert.equal(nextWork({ ...idle, steps: 'epoch', playing: true, runs: [run(0)] }), Work.STEPS);
  assert.equal(nextWork({ ...idle, playing: true, evaluation: Evaluation.DUE, runs: [run(0)] }), Work.PLAY);
  assert.equal(nextWork({ ...idle, evaluation: Evaluation.DUE, runs: [run(0)] }), Work.EVALUATE);
  assert.equal(nextWork({ ...idle, runs: [run(0)] }), Work.IDLE);
  // a run without figures waits for a due evaluation, it does not force one by itself
  assert.equal(nextWork({ ...idle, runs: fresh }), Work.IDLE);
});

test('a frame asks for the diagram\'s buffers only when a diagram shows the whole network', () => {
  const info = (hidden, gridDims = 2) => ({
    gridDims, inputs: 2, outputs: 1,
    layers: [...hidden.map((units, i) => ({ units, inputs: i ? hidden[i - 1] : 2 })), { units: 1, inputs: hidden.at(-1) ?? 2 }],
  });
  const small = frameWants(info([4, 2]), true);
  assert.ok(small.weights && small.neurons > 0 && small.grid > 0);
  assert.deepEqual(frameWants(info([4, 2]), false), { ...small, weights: false, neurons: 0 }, 'no diagram on the page');
  const wide = frameWants(info([64, 64]), true);
  assert.ok(!wide.weights && wide.neurons === 0 && wide.grid > 0, 'a summarised diagram needs no weights');
  assert.equal(frameWants(info([4], 0), true).grid, 0, 'no input plane, no grid');
});

test('the store changes only through its named changes, each telling the subscribers what was before', () => {
  const store = new Store({ config: { learningRate: 0.03, activation: 'tanh' }, b: {}, ui: { speed: '5', compare: '0' }, playing: false });
  const seen = [];
  store.subscribe((state, prev) => seen.push({ state, prev }));
  const before = store.state;
  store.requestFields({ learningRate: 0.1 });
  store.setPlaying(true);
  store.setPlaying(true);
  store.setCompare(true, { activation: 'relu' });
  store.setKnob('activation', undefined);
  assert.equal(seen.length, 4, 'playing twice is one change');
  assert.deepEqual(before.config, { learningRate: 0.03, activation: 'tanh' }, 'the earlier state is kept as it was');
  assert.equal(seen[0].prev, before);
  assert.equal(seen[0].state.config.learningRate, 0.1);
  assert.equal(seen[0].state.ui, before.ui, 'what did not change is the same object');
  assert.equal(seen[2].state.ui.compare, '1');
  assert.deepEqual(seen[2].state.b, { activation: 'relu' });
  assert.deepEqual(store.state.b, {});
  assert.throws(() => { store.state.playing = false; }, TypeError, 'the state is read-only');
});
