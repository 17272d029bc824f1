// Without a browser: the frame loop (loop.js) driven by fake runs whose engine trains at most a
// given number of steps per frame, as the real one does (it stops after ~250 ms whatever was
// asked). What the loop asks each frame for is recorded and checked: a replay's chunks are
// whole numbers from the first frame on, a Step of n does n steps over as many frames as it
// takes, and a long replay waits for a go-ahead and stops when told to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as loopModule from '../../web/ui/src/loop.js';
import { Store } from '../../web/ui/src/store.js';

const { FrameLoop } = loopModule;

// requestAnimationFrame as a queue the test drains by hand.
let frames = [];
globalThis.requestAnimationFrame = (fn) => {
  frames.push(fn);
  return frames.length;
};
globalThis.cancelAnimationFrame = () => {};

/**
 * A fake run: trains min(asked, perFrame) steps per frame in `msPerStep` ms each, and reports
 * stepMs as the engine does (the frame's training time; ~0.1 ms for a frame that only evaluates).
 */
function fakeRun({ perFrame = 1000, msPerStep = 0.01, divergeAt = Infinity } = {}) {
  const run = {
    key: 'A', step: 0, info: { layers: [], gridDims: 0 }, metrics: null, diverged: null, alive: true, pending: false, stepMs: 0,
    asked: [],
    async frame(steps, diag) {
      run.asked.push(steps);
      if (!(steps === 'epoch' || (Number.isInteger(steps) && steps >= 0 && steps <= 1e6))) throw new Error('frame: bad steps');
      run.pending = true;
      await null;
      let done = steps === 'epoch' ? 100 : Math.min(steps, perFrame);
      if (run.step + done >= divergeAt) {
        done = Math.max(0, divergeAt - run.step);
        run.diverged = { step: divergeAt };
      }
      run.step += done;
      run.stepMs = done > 0 ? done * msPerStep : 0.1;
      run.pending = false;
      const evaluated = diag === 'force' || run.metrics === null;
      if (evaluated) run.metrics = {};
      return { events: [], divergedNow: !!run.diverged && done > 0, diag: evaluated, done };
    },
  };
  return run;
}

function harness(run, { playing = false } = {}) {
  frames = [];
  const store = new Store({ config: {}, b: {}, ui: { speed: '5', compare: '0' }, playing });
  const notices = new Map();
  const logged = [];
  const runs = { list: [run], generation: 1, ready: true };
  const loop = new FrameLoop({
    runs, store, showsNetwork: () => false, draw: () => {}, onFrame: () => {}, limit: (b, t) => t,
    notice: (kind, text, buttons = []) => (text ? notices.set(kind, { text, buttons }) : notices.delete(kind)),
    progress: (text) => (text ? notices.set('progress', { text, buttons: [] }) : notices.delete('progress')),
    log: (list) => logged.push(...list), failed: (e) => logged.push({ text: `failed: ${e.message}` }),
  });
  return { loop, store, notices, logged };
}

/** Runs queued frames (and the promises they start) until none is left or `max` ran. */
async function drain(max = 10000) {
  let n = 0;
  while (frames.length && n < max) {
    const fn = frames.shift();
    fn();
    n++;
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  }
  return n;
}

test('a link replays in whole-number chunks from the first frame on, even when that frame reports ~0.1 ms', async () => {
  const run = fakeRun({ msPerStep: 0.0001 });
  const { loop, logged } = harness(run);
  loop.replay(3000);
  loop.start();
  loop.evaluate();
  await drain(400);
  assert.ok(run.asked.every((s) => Number.isInteger(s) && s >= 0), `every frame asks for a whole number of steps: ${run.asked.slice(0, 8)}`);
  assert.equal(run.step, 3000, 'the replay reached its step');
  assert.ok(!logged.some((e) => /bad steps/.test(e.text)), 'no frame failed');
});

test('Step n does n steps over as many frames as it takes and says how many it did', async () => {
  const run = fakeRun({ perFrame: 1000 });
  const { loop } = harness(run);
  loop.start();
  loop.evaluate();
  await drain(5);
  const result = loop.step(20000);
  await drain(200);
  assert.equal(run.step, 20000, 'all 20,000 steps, although a frame trains at most 1,000');
  assert.ok(run.asked.filter((s) => s > 0).length >= 20, 'over many frames');
  assert.deepEqual(await result, { asked: 20000, done: 20000, stopped: '' });
});

test('Step n stops at divergence and at a pause, and says how far it got', async () => {
  const run = fakeRun({ perFrame: 1000, divergeAt: 2500 });
  const { loop } = harness(run);
  loop.start();
  loop.evaluate();
  await drain(5);
  const r = await Promise.race([loop.step(20000), drain(200).then(() => 'not finished')]);
  assert.deepEqual(r, { asked: 20000, done: 2500, stopped: loopModule.Halt.DIVERGED });

  const run2 = fakeRun({ perFrame: 1000 });
  const h2 = harness(run2);
  h2.loop.start();
  h2.loop.evaluate();
  await drain(5);
  const p = h2.loop.step(20000);
  await drain(3);
  h2.loop.halt(loopModule.Halt.PAUSED);
  await drain(50);
  const res = await p;
  assert.equal(res.stopped, 'paused');
  assert.equal(res.done, run2.step, 'done is what was trained');
  assert.ok(res.done < 20000);
  assert.ok(!h2.notices.has('steps'), 'no progress notice stays');
  await assert.rejects(h2.loop.step(loopModule.MAX_STEPS + 1), RangeError, 'more than the limit is refused, not cut');
});

test('a replay estimated to take over 10 s waits for a go-ahead; Stop holds it, reset drops it with its notice', async () => {
  // 1,000,000 steps at 0.1 ms each: 100 s
  const run = fakeRun({ perFrame: 50000, msPerStep: 0.1 });
  const { loop, notices } = harness(run);
  loop.replay(1000000);
  loop.start();
  loop.evaluate();
  await drain(50);
  assert.ok(run.step > 0 && run.step <= loopModule.REPLAY_PROBE, `only the probe trained: ${run.step}`);
  const ask = notices.get('replay');
  assert.match(ask.text, /replaying it here would take about 2 min/);
  assert.deepEqual(ask.buttons.map((b) => b.label), ['Replay it', 'Stay at this step']);
  ask.buttons[0].onclick();
  await drain(5);
  assert.ok(run.step > 1000, 'it replays after the go-ahead');
  assert.match(notices.get('replay').text, /Replaying the link: step [\d,]+ of 1,000,000, about \d+ (s|min) left/);
  loop.halt(loopModule.Halt.PAUSED);
  await drain(5);
  const held = run.step;
  await drain(20);
  assert.equal(run.step, held, 'a paused replay trains no more');
  assert.match(notices.get('replay').text, /Stopped replaying the link at step/);
  loop.halt(loopModule.Halt.RESET);
  assert.ok(!notices.has('replay'), 'no replay notice survives a reset');
  assert.equal(loop.replayTo, 0);
});
