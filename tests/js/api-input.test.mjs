// The API's smaller promises under hostile or careless input: options objects are checked
// like configurations, numbers are checked before they reach the engine as int32, a session
// disposed from inside a getter says so, and restoring a run neither blocks for hours nor
// silently does less than the file says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { builds, root } from './helpers.mjs';

const [{ gradlab }] = await builds();
const disposedError = (e) => e instanceof Error && /^this GradLab session has been disposed/.test(e.message);

test('options arguments: a typo gets "did you mean", null is named as the argument', () => {
  const data = { inputs: [0, 0, 1, 1, 0, 1, 1, 0], targets: [0, 1, 0, 1], inputDim: 2 };
  assert.throws(() => gradlab.createSession({}, { dat: data }), (e) => e instanceof TypeError && e.message === 'options.dat: unknown option (did you mean data?)');
  assert.throws(() => gradlab.createSession({}, null), (e) => e instanceof TypeError && /^options: expected an object of options \(data\), got null$/.test(e.message));
  const s = gradlab.createSession({ hidden: [3] });
  try {
    assert.throws(() => s.evaluate(null), (e) => e instanceof TypeError && /^options: expected an object of options \(diagnostics\), got null$/.test(e.message));
    assert.throws(() => s.evaluate({ diagnostic: false }), (e) => e instanceof TypeError && /did you mean diagnostics\?/.test(e.message));
    assert.throws(() => s.metricsArray(null), (e) => e instanceof TypeError && e.field === 'options');
    assert.throws(() => s.predictGrid(10, null), (e) => e instanceof TypeError && e.field === 'options');
    assert.throws(() => s.predictGrid(10, { cpy: true }), (e) => e instanceof TypeError && /did you mean copy\?/.test(e.message));
    assert.throws(() => s.neuronGrids(10, 5), (e) => e instanceof TypeError && e.field === 'options');
    assert.throws(() => s.toJSON(null), (e) => e instanceof TypeError && e.field === 'options');
    assert.throws(() => s.toJSON({ weight: true }), (e) => e instanceof TypeError && /did you mean weights\?/.test(e.message));
    assert.throws(() => gradlab.fromHash('', null), (e) => e instanceof TypeError && e.field === 'options');
    assert.equal(s.evaluate().layers.length, 2, 'still usable');
  } finally {
    s.dispose();
  }
});

test('grid resolution: an integer in range, checked before the engine reads it as int32', () => {
  const s = gradlab.createSession({ hidden: [3] });
  try {
    for (const r of [2 ** 32 + 50, 2 ** 31, -(2 ** 31) - 1, 1e300, 1, 513, -3]) {
      for (const grid of ['predictGrid', 'neuronGrids'])
        assert.throws(() => s[grid](r), (e) => e instanceof RangeError && e.field === 'resolution' && e.message.startsWith(`resolution: ${r} is out of range (allowed 2 to 512)`), `${grid}(${r})`);
    }
    for (const r of [2.5, NaN, Infinity, '50', null]) assert.throws(() => s.predictGrid(r), (e) => e.field === 'resolution', String(r));
    assert.equal(s.predictGrid(512).values.length, 512 * 512);
    assert.equal(s.predictGrid(2).resolution, 2);
  } finally {
    s.dispose();
  }
});

test('a session disposed from inside a getter its method reads gives the documented error', () => {
  const s = gradlab.createSession({ hidden: [] });  // 3 parameters
  const weights = { get layers() { s.dispose(); return [{ W: [[1, 2]], b: [3] }]; } };
  assert.throws(() => s.setWeights(weights), disposedError);
  const t = gradlab.createSession({ hidden: [] });
  const flat = [0.5, 0.25, 0.125];
  Object.defineProperty(flat, 1, { get() { t.dispose(); return 0.25; } });
  assert.throws(() => t.setWeights(flat), disposedError);
  const u = gradlab.createSession({ hidden: [3] });
  assert.throws(() => u.evaluate({ get diagnostics() { u.dispose(); return true; } }), disposedError);
  const v = gradlab.createSession({ hidden: [3] });
  assert.throws(() => v.predictGrid(10, { get copy() { v.dispose(); return true; } }), disposedError);
});

test('step(n): a whole number from 0 to 2^31 - 1, else refused before any step', () => {
  const s = gradlab.createSession({ hidden: [3] });
  try {
    for (const n of [-1, 1.5, '3', NaN, 2 ** 31, null])
      assert.throws(() => s.step(n), (e) => e instanceof RangeError && e.field === 'steps' &&
        e.message === `steps: ${typeof n === 'string' ? `"${n}"` : n} is not a whole number of steps (allowed 0 to 2147483647)`, String(n));
    assert.equal(s.metrics().step, 0, 'nothing was trained');
    assert.equal(s.step(0), 0);
    assert.equal(s.step(), 1, 'one step by default');
  } finally {
    s.dispose();
  }
  // The largest count is accepted: a run that diverges at once stops there, so it returns quickly.
  const blowUp = gradlab.createSession({ hidden: [8, 8, 8, 8, 8, 8], activation: 'leaky_relu', leakySlope: 0.2, init: 'he_normal', initGain: 8 });
  try {
    const done = blowUp.step(2 ** 31 - 1);
    assert.ok(done >= 0 && done < 100 && blowUp.metrics().diverged, `${done} steps`);
  } finally {
    blowUp.dispose();
  }
});

const runOf = (fields) => ({ format: 'gradlab-run', version: 1, config: {}, step: 0, ...fields });

test('fromJSON checks the version and the configuration', () => {
  for (const [run, E, field] of [
    [runOf({ version: 99 }), RangeError, 'run.version'],
    [runOf({ version: '1' }), TypeError, 'run.version'],
    [runOf({ version: undefined }), TypeError, 'run.version'],
    [runOf({ config: null }), TypeError, 'run.config'],
    [runOf({ config: undefined }), TypeError, 'run.config'],
    [runOf({ config: [] }), TypeError, 'run.config'],
    [runOf({ step: -1 }), RangeError, 'run.step'],
    [runOf({ step: 2.5 }), RangeError, 'run.step'],
    [runOf({ epoch: 5, step: 3 }), RangeError, 'run.epoch'],
  ]) assert.throws(() => gradlab.fromJSON(run), (e) => e instanceof E && e.field === field, JSON.stringify(run));
  assert.throws(() => gradlab.fromJSON(runOf({ version: 99 })), /run.version: 99 is not a version this package reads \(1\)/);
});

test('fromJSON and replay: each refusal of a run file gives its field and whole message; the edges are accepted', async () => {
  let reason;
  try {
    JSON.parse('{"format"');
  } catch (e) {
    reason = e.message;
  }
  for (const [run, E, message] of [
    ['{"format"', TypeError, `run: is not valid JSON (${reason})`],
    [null, TypeError, 'run: expected an object from session.toJSON() (format "gradlab-run"), got null'],
    [{ ...runOf({}), format: 'gradlab-sweep' }, TypeError, 'run: expected an object from session.toJSON() (format "gradlab-run"), got [object Object]'],
    [runOf({ version: '1' }), TypeError, 'run.version: expected 1, got "1"'],
    [runOf({ version: 2 }), RangeError, 'run.version: 2 is not a version this package reads (1)'],
    [runOf({ config: [] }), TypeError, "run.config: expected the run's configuration (an object), got []"],
    [runOf({ config: 'hidden=4' }), TypeError, 'run.config: expected the run\'s configuration (an object), got "hidden=4"'],
    [runOf({ step: -1 }), RangeError, 'run.step: -1 is not a step count'],
    [runOf({ step: '3' }), RangeError, 'run.step: "3" is not a step count'],
    [runOf({ step: 2 ** 53 }), RangeError, `run.step: ${2 ** 53} is not a step count`],
    [runOf({ step: 3, epoch: 4 }), RangeError, 'run.epoch: 4 is out of range (allowed 0 to the step, 3)'],
    [runOf({ step: 3, epoch: -1 }), RangeError, 'run.epoch: -1 is out of range (allowed 0 to the step, 3)'],
    [runOf({ step: 3, epoch: 0.5 }), RangeError, 'run.epoch: 0.5 is out of range (allowed 0 to the step, 3)'],
  ]) {
    const refused = (e) => e instanceof E && e.message === message && e.field === message.slice(0, message.indexOf(':'));
    assert.throws(() => gradlab.fromJSON(run), refused, message);
    await assert.rejects(gradlab.replay(run), refused, message);
  }
  // A file without a step is a run at step 0; an epoch equal to the step (or 0) is allowed.
  for (const run of [runOf({ step: undefined }), runOf({ step: 0, epoch: 0 }), runOf({ step: 2, epoch: 2 })]) {
    const s = gradlab.fromJSON(run);
    assert.equal(s.metrics().step, run.step ?? 0);
    s.dispose();
  }
  // replay's options, each refused with its own message; a duck-typed signal is one.
  for (const [options, E, message] of [
    [{ onProgres() {} }, TypeError, 'options.onProgres: unknown option (did you mean onProgress?)'],
    [{ slicems: 10 }, TypeError, 'options.slicems: unknown option (did you mean sliceMs?)'],
    [{ onProgress: 5 }, TypeError, 'options.onProgress: expected a function ({step, total}) => void, got 5'],
    [{ signal: null }, TypeError, 'options.signal: expected an AbortSignal, got null'],
    [{ signal: { aborted: false } }, TypeError, 'options.signal: expected an AbortSignal, got [object Object]'],
    [{ signal: { aborted: 0, throwIfAborted() {} } }, TypeError, 'options.signal: expected an AbortSignal, got [object Object]'],
    [{ sliceMs: 0 }, RangeError, 'options.sliceMs: 0 is out of range (allowed 1 to 1000 ms)'],
    [{ sliceMs: 1001 }, RangeError, 'options.sliceMs: 1001 is out of range (allowed 1 to 1000 ms)'],
    [{ sliceMs: NaN }, RangeError, 'options.sliceMs: NaN is out of range (allowed 1 to 1000 ms)'],
    [{ sliceMs: '50' }, RangeError, 'options.sliceMs: "50" is out of range (allowed 1 to 1000 ms)'],
  ]) await assert.rejects(gradlab.replay(runOf({}), options), (e) => e instanceof E && e.message === message && e.field === message.slice(0, message.indexOf(':')), message);
  for (const options of [{ sliceMs: 1 }, { sliceMs: 1000 }, { signal: { aborted: false, throwIfAborted() {} } }, { onProgress: undefined, signal: undefined }]) {
    const s = await gradlab.replay(runOf({ step: 3 }), options);
    assert.equal(s.metrics().step, 3);
    s.dispose();
  }
  // An abort once the last step is done does not undo a finished replay.
  const controller = new AbortController();
  const done = await gradlab.replay(runOf({ step: 3 }), { signal: controller.signal, onProgress: (p) => { if (p.step === p.total) controller.abort(); } });
  assert.equal(done.metrics().step, 3);
  done.dispose();
});

test('a run file with weights but no epoch (older files) resumes at the epoch its steps make', async () => {
  // 250 training points in batches of 30: 9 steps an epoch, the last batch short.
  const config = { batchSize: 30, hidden: [3] };
  const a = gradlab.createSession(config);
  a.step(60);
  const { epoch, ...saved } = JSON.parse(JSON.stringify(a.toJSON({ weights: true })));
  assert.equal(epoch, 6, 'the engine counted 9 steps an epoch: 60 steps are 6 epochs (not 60 / (250 / 30) = 7.2 rounded)');
  const b = gradlab.fromJSON(saved);
  assert.equal(b.metrics().epoch, epoch);
  // replay restores the same way, and reports the whole run as done at once.
  const progress = [];
  const c = await gradlab.replay(saved, { onProgress: (p) => progress.push(p) });
  assert.equal(c.metrics().epoch, epoch);
  assert.deepEqual(progress, [{ step: 60, total: 60 }]);
  for (const s of [a, b, c]) s.dispose();
});

test('fromJSON and replay with weights put back the weights saved, even ones training did not make', async () => {
  const a = gradlab.createSession({ hidden: [3] });
  a.step(10);
  const w = a.getWeightsArray();
  w[0] += 1;
  a.setWeights(w);
  const saved = a.toJSON({ weights: true });
  for (const b of [gradlab.fromJSON(saved), await gradlab.replay(saved)]) {
    assert.deepEqual(b.getWeightsArray(), a.getWeightsArray());
    assert.equal(b.metrics().step, 10);
    b.dispose();
  }
  a.dispose();
});

test('fromJSON with weights continues the run: the step, the epoch and the schedule', () => {
  const config = { hidden: [6], learningRate: 0.1, schedule: 'step', stepEvery: 100, stepGamma: 0.5 };
  const a = gradlab.createSession(config);
  a.step(350);
  const saved = JSON.parse(JSON.stringify(a.toJSON({ weights: true })));
  const b = gradlab.fromJSON(saved);
  try {
    const [ma, mb] = [a.metrics(), b.metrics()];
    assert.equal(mb.step, 350);
    assert.equal(mb.epoch, ma.epoch);
    assert.ok(ma.epoch > 0);
    assert.deepEqual(b.getWeights(), a.getWeights());
    // The schedule continues: the update made at step 400 is the first at 0.1 · 0.5⁴ (the
    // engine applies it in float32). From a fresh schedule it would still be 0.1.
    b.step(51);
    assert.equal(b.metrics().learningRate, Math.fround(0.1 * 0.5 ** 4));
    a.step(51);
    assert.equal(b.metrics().learningRate, a.metrics().learningRate);
  } finally {
    a.dispose();
    b.dispose();
  }
});

test('fromJSON refuses to block for a long replay and names the asynchronous replay', () => {
  // In a child process with a time limit: a synchronous replay of 2³¹ steps would block this
  // test (and its runner) for half an hour instead of failing.
  const script = `
    import { createGradLab } from ${JSON.stringify(path.join(root, 'web/src/node.js'))};
    const gradlab = await createGradLab();
    const runOf = (f) => ({ format: 'gradlab-run', version: 1, config: {}, step: 0, ...f });
    for (const run of [runOf({ step: 2147483647 }), runOf({ config: { hidden: Array(64).fill(256) }, step: 1000 })]) {
      try { gradlab.fromJSON(run); console.log('accepted'); } catch (e) { console.log(e.constructor.name, e.field, e.message); }
    }`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60000 });
  assert.equal(r.signal, null, 'fromJSON blocked until the time limit');
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 2, r.stdout + r.stderr);
  for (const line of lines) assert.match(line, /^RangeError run\.step run\.step: .*gradlab\.replay\(run/);
  // A replay within the limit still happens synchronously and reproduces the run.
  const a = gradlab.createSession({ hidden: [8, 8] });
  a.step(3000);
  const b = gradlab.fromJSON(a.toJSON());
  assert.equal(b.metrics().step, 3000);
  assert.deepEqual(b.getWeightsArray(), a.getWeightsArray());
  a.dispose();
  b.dispose();
});

test('replay: in slices with progress, bit-identical, cancellable, and it says how far it got', async () => {
  const a = gradlab.createSession({ hidden: [8, 8] });
  a.step(200000);
  const run = a.toJSON();
  const progress = [];
  let timerRan = false;
  setTimeout(() => { timerRan = true; }, 0);
  const b = await gradlab.replay(run, { onProgress: (p) => { progress.push({ ...p, timerRan }); } });
  assert.deepEqual(b.getWeightsArray(), a.getWeightsArray());
  assert.equal(b.metrics().step, 200000);
  assert.ok(progress.length >= 2, `${progress.length} progress reports`);
  assert.ok(progress.some((p) => p.timerRan), 'the event loop ran between slices');
  assert.deepEqual(progress.at(-1), { step: 200000, total: 200000, timerRan: true });
  for (let i = 1; i < progress.length; i++) assert.ok(progress[i].step > progress[i - 1].step);
  a.dispose();
  b.dispose();

  // Cancelled after the first slice: rejects with the signal's reason; progress said how far.
  const controller = new AbortController();
  const seen = [];
  await assert.rejects(gradlab.replay(runOf({ step: 1e9 }), { signal: controller.signal, onProgress: (p) => { seen.push(p.step); controller.abort(); } }), (e) => e.name === 'AbortError');
  assert.equal(seen.length, 1);
  assert.ok(seen[0] > 0 && seen[0] < 1e9);
  // Already cancelled: nothing is done.
  await assert.rejects(gradlab.replay(runOf({ step: 10 }), { signal: AbortSignal.abort() }), (e) => e.name === 'AbortError');
  // Options are checked like every other options object.
  await assert.rejects(gradlab.replay(runOf({}), { onProgres() {} }), /did you mean onProgress\?/);
  await assert.rejects(gradlab.replay(runOf({}), { onProgress: 5 }), (e) => e instanceof TypeError && e.field === 'options.onProgress');
  await assert.rejects(gradlab.replay(runOf({}), { signal: {} }), (e) => e instanceof TypeError && e.field === 'options.signal');
  await assert.rejects(gradlab.replay(runOf({ version: 2 })), (e) => e instanceof RangeError && e.field === 'run.version');
});

test('a run file that claims more steps than its configuration can train is refused, not cut short', async () => {
  // exploding-init diverges within a few steps: a file claiming 400 steps did not come from it.
  const run = runOf({ config: { hidden: [8, 8, 8, 8, 8, 8], activation: 'leaky_relu', leakySlope: 0.2, init: 'he_normal', initGain: 8 }, step: 400 });
  assert.throws(() => gradlab.fromJSON(run), (e) => e instanceof RangeError && e.field === 'run.step' && /diverged at step \d+/.test(e.message));
  await assert.rejects(gradlab.replay(run), (e) => e instanceof RangeError && e.field === 'run.step');
});
