// The sweep's worker pool (web/src/sweep/pool.js) on workers the test drives by hand: each
// message, crash and exit happens when the test says, so the orderings that real threads make
// only now and then (a worker dying before it is ready, an abort while a termination is still
// under way) are each checked every time. sweep.test.mjs runs the same pool on real threads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkerPool } from '../../web/src/sweep/pool.js';

// Workers that do nothing by themselves. `terminate()` returns a promise the test resolves with
// `w.exited()`, like a thread that takes a while to stop.
function hand() {
  const spawned = [];
  const spawn = (handlers) => {
    const w = { ...handlers, posted: [], terminations: 0 };
    const exit = new Promise((resolve) => {
      w.exited = resolve;
    });
    spawned.push(w);
    return { post: (m) => w.posted.push(m), terminate: () => (w.terminations++, exit) };
  };
  return { spawn, spawned };
}

const INIT = { type: 'init', build: 'test' };

/** A pool of `size` hand-driven workers, and a run whose results and crashes are recorded. */
function setUp(size) {
  const { spawn, spawned } = hand();
  const pool = createWorkerPool({ spawn, init: INIT, size });
  const results = [];
  const crashes = [];
  const run = (tasks, more = {}) => pool.run({
    tasks,
    message: (t) => ({ name: t }),
    onResult: (t, msg) => results.push([t, msg.value]),
    onCrash: (t, e) => crashes.push([t, e.message]),
    abortError: () => new Error('aborted here'),
    ...more,
  });
  return { pool, spawned, results, crashes, run };
}

/** The state of a promise once every callback queued so far has run. */
async function state(promise) {
  let s = 'pending';
  promise.then(() => (s = 'resolved'), (e) => (s = `rejected: ${e.message}`));
  for (let i = 0; i < 5; i++) await null;
  return s;
}

const runs = (w) => w.posted.filter((m) => m.type === 'run').map((m) => m.task.name);
const ready = (w) => w.message({ type: 'ready' });
const result = (w, value) => w.message({ type: 'result', value });

test('tasks go in list order to ready workers, one at a time each, and the workers stay loaded for the next run', async () => {
  const { pool, spawned, results, run } = setUp(2);
  assert.equal(pool.size, 2);
  const first = run(['a', 'b', 'c']);
  assert.equal(spawned.length, 2, 'as many workers as the pool holds');
  assert.equal(pool.workers, 2);
  for (const w of spawned) assert.deepEqual(w.posted, [INIT], 'a worker is loaded before it is given anything');
  const [w0, w1] = spawned;
  ready(w1);
  assert.deepEqual(runs(w1), ['a'], 'the first ready worker takes the first task');
  ready(w0);
  assert.deepEqual(runs(w0), ['b']);
  result(w0, 2);
  assert.deepEqual(runs(w0), ['b', 'c'], 'a worker that is done takes the next task');
  assert.deepEqual(runs(w1), ['a'], 'a busy worker is not given a second task');
  result(w1, 1);
  assert.equal(await state(first), 'pending', 'c is still running');
  result(w0, 3);
  assert.equal(await state(first), 'resolved');
  assert.deepEqual(results, [['b', 2], ['a', 1], ['c', 3]]);
  // A second run: the same workers, already loaded, start at once.
  const second = run(['d']);
  assert.equal(spawned.length, 2, 'no worker started');
  assert.deepEqual([...runs(w0), ...runs(w1)].filter((t) => t === 'd'), ['d']);
  result(runs(w0).includes('d') ? w0 : w1, 4);
  assert.equal(await state(second), 'resolved');
  assert.deepEqual(spawned.map((w) => w.terminations), [0, 0], 'nothing was terminated');
});

test('a run starts no more workers than it has tasks; an empty run starts none and resolves', async () => {
  const { pool, spawned, run } = setUp(4);
  assert.equal(await state(run([])), 'resolved');
  assert.equal(spawned.length, 0);
  const one = run(['a']);
  assert.equal(spawned.length, 1);
  assert.equal(pool.workers, 1);
  ready(spawned[0]);
  result(spawned[0], 1);
  assert.equal(await state(one), 'resolved');
  // A later run with more tasks tops the pool up to its size.
  const three = run(['b', 'c', 'd']);
  assert.equal(spawned.length, 3);
  assert.equal(pool.workers, 3);
  assert.deepEqual(runs(spawned[0]), ['a', 'b'], 'the loaded worker starts at once');
  for (const w of spawned.slice(1)) ready(w);
  result(spawned[0], 2);
  result(spawned[1], 3);
  result(spawned[2], 4);
  assert.equal(await state(three), 'resolved');
});

test('a worker that dies on a task is reported with that task and replaced; the run goes on', async () => {
  for (const [die, reason] of [
    [(w) => w.error(new Error('boom')), 'boom'],
    [(w) => w.error('a thrown string'), 'a thrown string'],
    [(w) => w.exit(7), 'the worker exited (code 7)'],
  ]) {
    const { pool, spawned, results, crashes, run } = setUp(1);
    const p = run(['a', 'b', 'c']);
    ready(spawned[0]);
    result(spawned[0], 1);
    die(spawned[0]);
    assert.deepEqual(crashes, [['b', reason]], 'the task it was running, with the reason');
    assert.equal(spawned[0].terminations, 1, 'the dead worker is terminated (its thread is joined)');
    assert.equal(spawned.length, 2, 'a new worker takes its place');
    assert.equal(pool.workers, 1);
    // What the dead worker does after that is ignored: its exit after an error, a late message.
    spawned[0].exit(1);
    result(spawned[0], 99);
    ready(spawned[0]);
    assert.equal(crashes.length, 1);
    assert.equal(spawned[0].terminations, 1, 'not terminated twice');
    assert.equal(spawned.length, 2, 'not replaced twice');
    ready(spawned[1]);
    assert.deepEqual(runs(spawned[1]), ['c'], 'the replacement goes on with the next task, not the failed one');
    result(spawned[1], 3);
    assert.equal(await state(p), 'resolved');
    assert.deepEqual(results, [['a', 1], ['c', 3]]);
  }
});

test('a worker that dies on the last task, or while idle, is not replaced', async () => {
  const { pool, spawned, crashes, run } = setUp(2);
  const p = run(['a', 'b', 'c']);
  spawned.forEach(ready);
  result(spawned[0], 1);
  // spawned[0] now runs c, spawned[1] runs b.
  spawned[1].exit(1);
  assert.deepEqual(crashes, [['b', 'the worker exited (code 1)']]);
  assert.equal(spawned.length, 2, 'no task left to give a new worker');
  assert.equal(await state(p), 'pending');
  result(spawned[0], 3);
  assert.equal(await state(p), 'resolved');
  // Between runs, an idle worker that exits is dropped without a report; the next run replaces it.
  spawned[0].exit(0);
  assert.equal(pool.workers, 0);
  assert.equal(crashes.length, 1);
  const q = run(['d', 'e']);
  assert.equal(spawned.length, 4);
  // A loaded worker is idle during a run only once every task has been given out.
  ready(spawned[2]);
  ready(spawned[3]);
  result(spawned[2], 4);
  spawned[2].exit(0);
  assert.equal(spawned.length, 4, 'no task left: not replaced');
  result(spawned[3], 5);
  assert.equal(await state(q), 'resolved');
});

test('a worker that cannot start fails the run, once its workers have stopped', async () => {
  const cases = [
    ['the engine does not load', (w) => w.message({ type: 'failed', message: 'no wasm here' }), 'a sweep worker could not load the engine: no wasm here'],
    ['it dies while loading', (w) => w.exit(1), 'a sweep worker could not start: the worker exited (code 1)'],
    ['it throws while loading', (w) => w.error(new Error('bad module')), 'a sweep worker could not start: bad module'],
  ];
  for (const [what, fail, message] of cases) {
    const { pool, spawned, crashes, run } = setUp(2);
    const p = run(['a', 'b', 'c']);
    ready(spawned[1]);
    fail(spawned[0]);
    assert.deepEqual(runs(spawned[1]), ['a']);
    assert.equal(spawned[0].terminations, 1, what);
    assert.equal(spawned[1].terminations, 1, `${what}: the busy worker is stopped too`);
    assert.equal(spawned.length, 2, `${what}: no replacement (it would fail the same way)`);
    assert.equal(await state(p), 'pending', `${what}: not before the workers have exited`);
    spawned[0].exited();
    assert.equal(await state(p), 'pending', what);
    spawned[1].exited();
    assert.equal(await state(p), `rejected: ${message}`, what);
    assert.deepEqual(crashes, [], `${what}: not a task's crash`);
    assert.equal(pool.workers, 0);
  }
  // spawn() itself throws: the run is refused at once with the reason.
  const pool = createWorkerPool({ spawn: () => { throw new Error('no threads'); }, init: INIT, size: 2 });
  const p = pool.run({ tasks: ['a'], message: (t) => t, onResult() {}, onCrash() {}, abortError: () => new Error('x') });
  assert.equal(await state(p), 'rejected: a sweep worker could not start: no threads');
  assert.equal(pool.workers, 0);
});

test('an abort stops the busy workers and rejects once they have exited; idle ones stay loaded', async () => {
  const { pool, spawned, results, run } = setUp(3);
  const controller = new AbortController();
  const p = run(['a', 'b'], { signal: controller.signal });
  assert.equal(spawned.length, 2);
  spawned.forEach(ready);
  controller.abort();
  assert.deepEqual(spawned.map((w) => w.terminations), [1, 1]);
  assert.equal(await state(p), 'pending', 'the workers are still stopping');
  // A result that arrives while the worker is being stopped is not wanted any more.
  result(spawned[0], 1);
  assert.deepEqual(results, []);
  spawned[0].exited();
  assert.equal(await state(p), 'pending');
  spawned[1].exited();
  assert.equal(await state(p), 'rejected: aborted here');
  assert.equal(pool.workers, 0);
  // The next run starts new workers; an idle worker is not stopped by an abort.
  const again = new AbortController();
  const q = run(['c', 'd', 'e'], { signal: again.signal });
  assert.equal(spawned.length, 5);
  spawned.slice(2).forEach(ready);
  result(spawned[2], 3);
  result(spawned[3], 4);
  // spawned[4] runs e; the other two are idle.
  again.abort();
  assert.deepEqual(spawned.slice(2).map((w) => w.terminations), [0, 0, 1]);
  spawned[4].exited();
  assert.equal(await state(q), 'rejected: aborted here');
  assert.equal(pool.workers, 2);
  // A signal aborted before the run: nothing starts, nothing is given out.
  const r = run(['f'], { signal: AbortSignal.abort() });
  assert.equal(await state(r), 'rejected: aborted here');
  assert.deepEqual(spawned.slice(2, 4).map(runs), [['c'], ['d']]);
  // The signal of a finished run no longer reaches the pool.
  const late = new AbortController();
  const s = run(['g'], { signal: late.signal });
  result(spawned[2], 7);
  assert.equal(await state(s), 'resolved');
  late.abort();
  assert.deepEqual(spawned.slice(2, 4).map((w) => w.terminations), [0, 0]);
  assert.equal(pool.workers, 2);
});

test('a run leaves no listener on its signal (a page passes one signal to sweep after sweep)', async () => {
  const { spawned, run } = setUp(1);
  const listening = new Set();
  const signal = new EventTarget();
  signal.aborted = false;
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = (type, f, o) => (listening.add(f), add(type, f, o));
  signal.removeEventListener = (type, f, o) => (listening.delete(f), remove(type, f, o));
  for (const [i, end] of [[1, (w) => result(w, 1)], [2, (w) => w.exit(3)], [3, (w) => result(w, 1)]]) {
    const p = run(['a'], { signal });
    assert.equal(listening.size, 1, 'the run listens while it runs');
    ready(spawned.at(-1)); // (a worker loaded by the run before ignores it)
    end(spawned.at(-1));
    await state(p);
    assert.equal(listening.size, 0, `run ${i}: the listener is removed when the run ends`);
  }
});

test('what onResult or onCrash throws ends the run with that error', async () => {
  for (const [hook, act] of [['onResult', (w) => result(w, 1)], ['onCrash', (w) => w.error(new Error('x'))]]) {
    const { spawned, run } = setUp(2);
    const p = run(['a', 'b', 'c'], { [hook]: () => { throw new RangeError(`${hook} refused`); } });
    spawned.forEach(ready);
    act(spawned[0]);
    assert.equal(spawned[1].terminations, 1, `${hook}: the other busy worker is stopped`);
    assert.deepEqual(runs(spawned[0]), ['a'], `${hook}: no further task is given out`);
    spawned.forEach((w) => w.exited());
    let error;
    await p.catch((e) => (error = e));
    assert.ok(error instanceof RangeError, hook);
    assert.equal(error.message, `${hook} refused`);
  }
});

test('one run at a time; close() ends the run in progress, resolves once every worker has exited, and the pool refuses runs after', async () => {
  const { pool, spawned, run } = setUp(2);
  const p = run(['a', 'b', 'c']);
  assert.equal(await state(run(['z'])), 'rejected: this sweep pool is running another sweep; abort it or wait for it');
  assert.equal(spawned.length, 2, 'the refused run started nothing');
  spawned.forEach(ready);
  result(spawned[0], 1);
  result(spawned[0], 2);
  // spawned[0] is idle, spawned[1] still runs b: close() stops both.
  const closing = pool.close();
  assert.deepEqual(spawned.map((w) => w.terminations), [1, 1]);
  assert.equal(await state(closing), 'pending');
  assert.equal(await state(p), 'pending');
  spawned[0].exited();
  assert.equal(await state(closing), 'pending', 'one worker is still running');
  spawned[1].exited();
  assert.equal(await state(closing), 'resolved');
  assert.equal(await state(p), 'rejected: the sweep pool was closed');
  assert.equal(await state(run(['d'])), 'rejected: this sweep pool has been closed');
  assert.equal(spawned.length, 2);
  assert.equal(pool.workers, 0);
  // Closing a pool with idle workers stops them all; closing twice is harmless.
  const idle = setUp(2);
  const q = idle.run(['a', 'b']);
  ready(idle.spawned[0]);
  result(idle.spawned[0], 1);
  result(idle.spawned[0], 2);
  assert.equal(await state(q), 'resolved');
  const c1 = idle.pool.close();
  assert.deepEqual(idle.spawned.map((w) => w.terminations), [1, 1], 'the loaded worker and the one still loading');
  idle.spawned.forEach((w) => w.exited());
  assert.equal(await state(c1), 'resolved');
  assert.equal(await state(idle.pool.close()), 'resolved');
});

test('messages that do not fit are ignored: a result with no task, an unknown type, a non-object', async () => {
  const { spawned, results, crashes, run } = setUp(1);
  const p = run(['a', 'b']);
  const w = spawned[0];
  result(w, 0);
  w.message(null);
  w.message('ready');
  w.message({ type: 'bogus' });
  assert.deepEqual(runs(w), [], 'not ready yet');
  ready(w);
  ready(w);
  assert.deepEqual(runs(w), ['a'], 'a second "ready" does not hand out a second task');
  w.message({ type: 'nonsense' });
  result(w, 1);
  result(w, 2);
  result(w, 3);
  assert.equal(await state(p), 'resolved');
  assert.deepEqual(results, [['a', 1], ['b', 2]]);
  assert.deepEqual(crashes, []);
});
