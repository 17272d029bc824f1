// The sweep engine (web/src/sweep/) on real runs (the spec alone: sweep-spec.test.mjs): measures checked
// against runs made by hand with the session API, bit-identical tables on 1, 2 and 3 workers,
// in coarse-to-fine order and across shards + merge, cancellation that leaves no thread or
// memory behind, a crashing worker, and diverged runs as null + reason. Tiny networks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, existsSync } from 'node:fs';
import {
  createGradLab, sweep, normalizeSweepSpec, sweepToJSON, sweepToCSV, mergeSweeps, readSweep, sweepRunConfig, getPreset,
} from '../../web/src/node.js';
import * as schemaModule from '../../web/src/schema.js';
import { throwsWith, assertFiniteDeep } from './helpers.mjs';

const gradlab = await createGradLab();
const rejectsWith = async (promise, E, ...fragments) => {
  let err;
  try {
    await promise;
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof E, `expected ${E.name}, got ${err?.constructor?.name}: ${err?.message}`);
  for (const f of fragments) assert.ok(err.message.includes(f), `message ${JSON.stringify(err.message)} should contain ${JSON.stringify(f)}`);
  return err;
};

// A small sweep: 3 learning rates × 2 activations, 2 seeds, on a 2-layer net.
const SMALL = {
  base: { hidden: [5, 5], numPoints: 120, batchSize: 10 },
  axes: [{ field: 'learningRate', from: 0.01, to: 1, count: 3, scale: 'log' }, { field: 'activation', values: ['relu', 'tanh'] }],
  steps: 120,
  seeds: 2,
  measures: ['trainLoss', 'testAccuracy', 'bestTrainLoss', 'deadFraction', 'gradRatioInit', 'logGradGrowthInit', 'stepsToTarget', 'trainLossCurve'],
  target: 0.5,
  evalEvery: 20,
};

test('sweep options are validated, and every cell is checked by the engine before anything runs', async () => {
  const ok = { axes: [{ field: 'learningRate', values: [0.1] }], steps: 1 };
  await rejectsWith(gradlab.sweep(ok, { worker: 2 }), TypeError, 'worker: unknown sweep option', 'did you mean workers?');
  await rejectsWith(sweep(ok, null), TypeError, 'options: expected an object, got null');
  await rejectsWith(sweep(ok, { engine: { simd: 'yes' } }), TypeError, 'simd: expected true, false or "auto"');
  await rejectsWith(gradlab.sweep(ok, { workers: 0 }), RangeError, 'workers: 0 is not an integer from 1 to 64');
  await rejectsWith(gradlab.sweep(ok, { workers: '2' }), TypeError, 'workers: expected a number');
  await rejectsWith(gradlab.sweep(ok, { signal: {} }), TypeError, 'signal: expected an AbortSignal');
  await rejectsWith(gradlab.sweep(ok, { onResult: 1 }), TypeError, 'onResult: expected a function');
  await rejectsWith(gradlab.sweep(ok, { order: 'random' }), RangeError, 'order: "random" is not one of grid, coarse-to-fine');
  await rejectsWith(gradlab.sweep(ok, { shard: { index: 3, count: 2 } }), RangeError, 'shard: 3/2 is not a shard');
  await rejectsWith(gradlab.sweep(ok, { budget: { seconds: -1 } }), RangeError, 'budget.seconds: -1 is not a number of seconds above 0');
  let progressed = false;
  const e = await rejectsWith(gradlab.sweep({ base: { batchSize: 60 }, axes: [{ field: 'noise', values: [0, 0.1] }, { field: 'numPoints', values: [500, 100] }], steps: 1 }, { onProgress: () => { progressed = true; } }),
    RangeError, 'cell 1 (noise=0, numPoints=100): batchSize: 60 is larger than the training set (50 points');
  assert.equal(e.field, 'batchSize');
  assert.deepEqual(e.coords, { noise: 0, numPoints: 100 });
  assert.equal(progressed, false, 'nothing ran');
});

test('an axis over a field that applies to no cell is refused; one that applies to some cells is not', { skip: typeof schemaModule.fieldApplies !== 'function' && 'the schema does not say yet when fields apply' }, async () => {
  const spec = { base: { hidden: [3], numPoints: 60 }, axes: [{ field: 'momentum', values: [0.5, 0.9] }], steps: 1, measures: ['trainLoss'] };
  const e = await rejectsWith(gradlab.sweep(spec, { workers: 1 }), RangeError, 'axes[0].field: momentum does not apply to any cell of this sweep (it applies when optimizer is momentum or nesterov)');
  assert.equal(e.field, 'axes[0].field');
  await rejectsWith(gradlab.sweep({ ...spec, axes: [{ field: 'leakySlope', values: [0.1] }] }, { workers: 1 }), RangeError, 'leakySlope does not apply', 'an activation in use is leaky_relu');
  const r = await gradlab.sweep({ ...spec, axes: [{ field: 'optimizer', values: ['sgd', 'momentum'] }, ...spec.axes] }, { workers: 1 });
  assert.equal(r.rows.length, 4);
});

test('a sweep over the budget is refused up front with the numbers and how to shrink it', async () => {
  const big = { base: { hidden: [64, 64, 64] }, axes: [{ field: 'depth', from: 1, to: 40, count: 40 }, { field: 'learningRate', from: 1e-3, to: 3, count: 12, scale: 'log' }], steps: 100000, seeds: 3 };
  let progressed = false;
  const e = await rejectsWith(gradlab.sweep(big, { workers: 2, onProgress: () => { progressed = true; } }), RangeError,
    'sweep too large: 480 cells × 3 seeds × 100000 steps × ~', 'per step', 'on 2 workers', 'over the 1 h budget', 'fewer axis values, seeds or steps', 'shards', 'budget.seconds');
  assert.equal(e.field, 'budget');
  assert.equal(progressed, false);
  // The estimate scales with the work: the same sweep with 1/1000 of the steps fits.
  const r = normalizeSweepSpec({ ...big, steps: 100 });
  assert.equal(r.steps, 100);
  await rejectsWith(gradlab.sweep({ axes: [{ field: 'learningRate', from: 0.001, to: 1, count: 1000 }, { field: 'noise', from: 0, to: 1, count: 300 }], steps: 1 }), RangeError,
    '300000 runs, over the limit of 200000');
});

// ---- measures against runs made by hand ------------------------------------------------------------

test('measures equal what the session API gives for the same run', async () => {
  const result = await gradlab.sweep(SMALL, { workers: 2 });
  assert.equal(result.complete, true);
  assert.equal(result.rows.length, 12);
  assert.equal(result.aggregates.length, 6);
  const spec = normalizeSweepSpec(SMALL);
  for (const row of result.rows.filter((r) => r.replicate === 1 || r.cell === 4)) {
    const config = sweepRunConfig(spec, row.cell, row.replicate);
    assert.equal(config.seed, row.seed);
    assert.equal(row.seed, spec.base.seed + row.replicate, 'shared seeds: base.seed + replicate');
    const s = gradlab.createSession(config);
    const m0 = s.evaluate();
    const [first, last] = [m0.layers[0].gradZRms, m0.layers[1].gradZRms];
    assert.equal(row.values.gradRatioInit, first / last);
    const curve = [m0.trainLoss];
    let reached = m0.trainLoss <= spec.target ? 0 : null;
    for (let step = 20; step <= 120; step += 20) {
      s.step(20);
      const m = s.evaluate({ diagnostics: false });
      curve.push(m.trainLoss);
      if (reached === null && m.trainLoss <= spec.target) reached = step;
    }
    const m = s.evaluate();
    const hidden = m.layers.filter((l) => l.role === 'hidden');
    const dead = hidden.reduce((a, l) => a + l.dead, 0) / hidden.reduce((a, l) => a + l.units, 0);
    assert.equal(row.values.trainLoss, m.trainLoss);
    assert.equal(row.values.testAccuracy, m.testAccuracy);
    assert.equal(row.values.deadFraction, dead);
    assert.deepEqual(row.values.trainLossCurve, curve);
    assert.equal(row.values.bestTrainLoss, Math.min(...curve));
    assert.equal(row.values.stepsToTarget, reached, `cell ${row.cell}`);
    if (reached === null) assert.equal(row.notes.stepsToTarget, 'not reached in 120 steps');
    s.dispose();
  }
  // Some cells reach the target and some do not: the comparison above covered both branches.
  const reached = result.rows.map((r) => r.values.stepsToTarget);
  assert.ok(reached.some((v) => v === null) && reached.some((v) => v !== null), JSON.stringify(reached));
  // Medians and spread over the two seeds, from the rows.
  for (const a of result.aggregates) {
    const rows = result.rows.filter((r) => r.cell === a.cell).map((r) => r.values.trainLoss);
    assert.equal(a.measures.trainLoss.median, (rows[0] + rows[1]) / 2);
    assert.equal(a.measures.trainLoss.min, Math.min(...rows));
    assert.equal(a.measures.trainLoss.max, Math.max(...rows));
  }
  assertFiniteDeep(result, 'result');
});

test('dead fraction and gradient growth on the lessons’ own cases', async () => {
  // The dying-ReLU preset kills units; the same net with a small rate keeps them.
  const dying = await gradlab.sweep({ preset: 'dying-relu-high-lr', axes: [{ field: 'learningRate', values: [0.01, 1.5] }], steps: 600, measures: ['deadFraction'] }, { workers: 2 });
  const [low, high] = dying.aggregates.map((a) => a.measures.deadFraction.median);
  const s = gradlab.createSession({ ...getPreset('dying-relu-high-lr').config });
  s.step(600);
  const counted = s.evaluate().layers.filter((l) => l.role === 'hidden').reduce((a, l) => a + l.dead, 0) / 32;
  s.dispose();
  assert.equal(high, counted);
  assert.ok(high >= 0.3 && low < high, `dead ${low} → ${high}`);
  // Deep sigmoid vanishes: per-layer growth < 1, and the mean log growth telescopes to the ratio.
  const vanish = await gradlab.sweep({ preset: 'vanishing-sigmoid', axes: [{ field: 'depth', values: [2, 6] }], steps: 0, measures: ['gradRatioInit', 'gradGrowthInit', 'logGradGrowthInit'] }, { workers: 1 });
  const deep = vanish.rows[1].values;
  assert.equal(deep.gradGrowthInit.length, 5);
  const product = deep.gradGrowthInit.reduce((a, g) => a * g, 1);
  assert.ok(Math.abs(product / deep.gradRatioInit - 1) < 1e-12, `${product} vs ${deep.gradRatioInit}`);
  assert.ok(Math.abs(Math.exp(5 * deep.logGradGrowthInit) / deep.gradRatioInit - 1) < 1e-12);
  assert.ok(deep.gradGrowthInit.every((g) => g < 0.5), JSON.stringify(deep.gradGrowthInit));
});

test('a diverged run is a result: null with the step, never NaN, in rows, aggregates, CSV and JSON', async () => {
  const r = await gradlab.sweep({ preset: 'exploding-init', axes: [{ field: 'initGain', values: [1, 8] }], steps: 200, seeds: 2, measures: ['trainLoss', 'testAccuracy', 'stepsToTarget', 'trainLossCurve', 'gradRatioInit'], target: 0.2 }, { workers: 2 });
  const gone = r.rows.filter((x) => x.coords.initGain === 8);
  for (const row of gone) {
    const s = gradlab.createSession(sweepRunConfig(r.spec, row.cell, row.replicate));
    s.step(200);
    const k = s.metrics().diverged.step;
    s.dispose();
    assert.equal(row.diverged, true);
    assert.equal(row.divergedStep, k);
    assert.equal(row.values.trainLoss, null);
    assert.equal(row.notes.trainLoss, `diverged at step ${k}`);
    assert.match(row.notes.stepsToTarget, /^diverged at step \d+ before reaching the target$/);
  }
  const agg = r.aggregates.find((a) => a.coords.initGain === 8);
  assert.equal(agg.diverged, 2);
  assert.equal(agg.measures.trainLoss.median, null);
  assert.equal(agg.measures.trainLoss.note, 'diverged in 2 of 2 runs');
  assert.equal(r.aggregates.find((a) => a.coords.initGain === 1).diverged, 0);
  for (const text of [sweepToJSON(r), sweepToCSV(r), sweepToCSV(r, { level: 'cells' })]) assert.doesNotMatch(text, /NaN|Infinity/);
  assert.match(sweepToCSV(r), /diverged at step \d+/);
  assertFiniteDeep(r, 'result');
});

test('measures do not disturb the run: the same run gives the same figures whatever else is measured', async () => {
  const base = { base: { hidden: [4, 4], numPoints: 100 }, axes: [{ field: 'activation', values: ['relu', 'tanh'] }], steps: 90 };
  const plain = await gradlab.sweep({ ...base, measures: ['trainLoss'] }, { workers: 1 });
  const busy = await gradlab.sweep({ ...base, measures: ['trainLoss', 'gradGrowthInit', 'deadFraction', 'trainLossCurve'], evalEvery: 7 }, { workers: 1 });
  assert.deepEqual(busy.rows.map((x) => x.values.trainLoss), plain.rows.map((x) => x.values.trainLoss));
});

// ---- parallel, deterministic, shardable ------------------------------------------------------------

test('bit-identical tables on 1, 2 and 3 workers, in any order, and across shards + merge', async () => {
  const spec = { ...SMALL, seedMode: 'independent' };
  const texts = [];
  for (const workers of [1, 2, 3]) texts.push(sweepToJSON(await gradlab.sweep(spec, { workers })));
  texts.push(sweepToJSON(await gradlab.sweep(spec, { workers: 2, order: 'coarse-to-fine' })));
  // The other wasm build computes the same bits (its workers load the scalar build too).
  const other = await createGradLab({ simd: gradlab.build !== 'simd' });
  assert.notEqual(other.build, gradlab.build);
  texts.push(sweepToJSON(await other.sweep(spec, { workers: 2 })));
  // The package function loads its own engine (here the SIMD one) and gives the same bytes.
  texts.push(sweepToJSON(await sweep(spec, { workers: 3, engine: { simd: true } })));
  for (const t of texts.slice(1)) assert.equal(t, texts[0]);
  const shards = [];
  for (const index of [2, 3, 1]) shards.push(await gradlab.sweep(spec, { workers: 1 + (index % 2), shard: { index, count: 3 } }));
  assert.deepEqual(shards.map((s) => s.rows.length), [4, 4, 4]);
  assert.equal(sweepToJSON(mergeSweeps(shards)), texts[0]);
  // Shards read back from their JSON text merge to the same bytes.
  assert.equal(sweepToJSON(mergeSweeps(shards.map((s, i) => ({ name: `part${i}.json`, result: sweepToJSON(s) })))), texts[0]);
  // independent seeds differ between cells; shared seeds do not.
  const full = JSON.parse(texts[0]);
  assert.ok(new Set(full.rows.map((r) => r.seed)).size > 2);
});

test('merging refuses shards of another spec or engine, overlapping, missing or cancelled shards', async () => {
  const spec = { base: { hidden: [3], numPoints: 60 }, axes: [{ field: 'noise', values: [0, 0.1, 0.2] }], steps: 10, measures: ['trainLoss'] };
  const [a, b] = [1, 2].map((index) => gradlab.sweep(spec, { workers: 1, shard: { index, count: 2 } }));
  const [s1, s2] = await Promise.all([a, b]);
  const other = await gradlab.sweep({ ...spec, steps: 11 }, { workers: 1, shard: { index: 2, count: 2 } });
  const part = (name, result) => ({ name, result });
  throwsWith(assert, () => mergeSweeps([part('a.json', s1), part('c.json', other)]), RangeError, 'c.json comes from a different sweep spec than a.json (steps: 11 vs 10)');
  const forged = structuredClone(s2);
  forged.engine.fingerprint = '0000000000000000';
  throwsWith(assert, () => mergeSweeps([part('a.json', s1), part('b.json', forged)]), RangeError, 'b.json was computed by a different engine than a.json');
  throwsWith(assert, () => mergeSweeps([part('a.json', s1), part('a2.json', s1), part('b.json', s2)]), RangeError, 'shard 1/2 is given twice (a.json and a2.json)');
  throwsWith(assert, () => mergeSweeps([part('a.json', s1)]), RangeError, 'shard 2/2 is missing');
  const whole = await gradlab.sweep(spec, { workers: 1 });
  throwsWith(assert, () => mergeSweeps([part('all.json', whole), part('b.json', s2)]), RangeError, 'b.json is shard 2/2 but all.json is the whole sweep');
  const cut = { ...structuredClone(s2), complete: false, rows: s2.rows.slice(0, 0) };
  throwsWith(assert, () => mergeSweeps([part('a.json', s1), part('b.json', cut)]), RangeError, 'b.json is incomplete (shard 2/2: 0 of 1 runs');
  const edited = structuredClone(s1);
  edited.spec.steps = 12;
  throwsWith(assert, () => mergeSweeps([part('a.json', edited), part('b.json', s2)]), RangeError, 'a.json: specHash: does not match the spec');
  const nan = JSON.parse(sweepToJSON(s1));
  nan.rows[0].values.trainLoss = 'NaN';
  throwsWith(assert, () => readSweep(nan, 'x.json'), TypeError, 'x.json: rows[0].values.trainLoss: expected a finite number or null');
  throwsWith(assert, () => readSweep('{', 'y.json'), TypeError, 'y.json: is not valid JSON');
  // The whole sweep on its own merges to itself.
  assert.equal(sweepToJSON(mergeSweeps([whole])), sweepToJSON(whole));
});

test('progress with an ETA, partial results through onResult, and a coarse map early', async () => {
  const spec = { base: { hidden: [3], numPoints: 60 }, axes: [{ field: 'noise', from: 0, to: 0.5, count: 5 }, { field: 'learningRate', from: 0.01, to: 0.5, count: 5 }], steps: 20, measures: ['trainLoss'] };
  const progress = [], results = [];
  const r = await gradlab.sweep(spec, { workers: 2, order: 'coarse-to-fine', onProgress: (p) => progress.push(p), onResult: (row, cell) => results.push({ row, cell }) });
  assert.equal(progress[0].done, 0);
  assert.ok(progress[0].etaSeconds > 0, 'the estimate before any run');
  assert.deepEqual(progress.map((p) => p.done), Array.from({ length: 26 }, (_, i) => i));
  assert.ok(progress.every((p) => p.total === 25 && p.workers === 2 && p.etaSeconds >= 0));
  assert.equal(progress.at(-1).etaSeconds, 0);
  // Coarse to fine on a 5×5 grid: the map is reported complete at stride 8 (cell 0 alone),
  // 4 (the 4 corners), 2 (9 cells) and 1 (25) exactly when its last cell has arrived.
  const stride = (c) => Math.min(...[Math.floor(c / 5), c % 5].map((i) => (i === 0 ? 8 : i % 4 === 0 ? 4 : i % 2 === 0 ? 2 : 1)));
  const firstAt = (s) => progress.findIndex((p) => p.map?.stride <= s);
  for (const s of [8, 4, 2, 1]) {
    const need = Array.from({ length: 25 }, (_, c) => c).filter((c) => stride(c) >= s);
    const complete = results.findIndex((_, i) => need.every((c) => results.slice(0, i + 1).some((x) => x.row.cell === c))) + 1;
    assert.equal(firstAt(s), complete, `stride ${s}`);
  }
  // On one worker the runs finish in the order they were scheduled: the coarse cells first.
  const order = [];
  const one = [];
  await gradlab.sweep(spec, { workers: 1, order: 'coarse-to-fine', onResult: (row) => order.push(row.cell), onProgress: (p) => one.push(p) });
  assert.deepEqual(order.slice(0, 9), [0, 4, 20, 24, 2, 10, 12, 14, 22]);
  assert.deepEqual([8, 4, 2, 1].map((s) => one.findIndex((p) => p.map?.stride <= s)), [1, 4, 9, 25]);
  // Every streamed row is in the final table; with one seed each row completes its cell.
  assert.equal(results.length, 25);
  for (const { row, cell } of results) {
    assert.deepEqual(r.rows[row.cell], row);
    assert.deepEqual(r.aggregates[row.cell], cell);
  }
});

// ---- cancellation and faults ------------------------------------------------------------------------

// Two views of the sweep's threads. Node's: every Worker made while a test watches, and whether
// its 'exit' has fired (Node fires it once it has joined the thread), exact at the moment a
// promise settles. The kernel's: the process's threads by id in /proc, which catches a thread
// Node does not know of. A joined thread can stay listed there for a moment (the kernel wakes
// the joiner before it removes the task), so a count taken just after a sweep may still hold
// one of its threads: the /proc checks ask which threads are new since `before` and give the
// kernel up to 2 s to drop the ones that have ended (a thread really left running stays).
function watchWorkers(t) {
  const live = new Set();
  const made = (w) => {
    live.add(w);
    w.once('exit', () => live.delete(w));
  };
  process.on('worker', made);
  t.after(() => process.off('worker', made));
  return { get running() { return live.size; } };
}
const threadIds = () => new Set(readdirSync('/proc/self/task'));
const newThreads = (before) => [...threadIds()].filter((t) => !before.has(t));
async function threadsLeft(before) {
  for (const end = Date.now() + 2000; newThreads(before).length > 0 && Date.now() < end;) await new Promise((r) => setTimeout(r, 10));
  return newThreads(before);
}

test('cancelling mid-sweep rejects with an AbortError saying how far it got, and leaves no thread or memory behind', { skip: !existsSync('/proc/self/task') }, async (t) => {
  // Each worker holds ~45 MB of data (5000 points × 1024 inputs) in its wasm memory.
  const spec = { base: { dataset: 'highdim', inputDim: 1024, numPoints: 5000, hidden: [8], batchSize: 10 }, axes: [{ field: 'learningRate', from: 0.01, to: 0.1, count: 40 }], steps: 2000, measures: ['trainLoss'] };
  const before = threadIds();
  const watch = watchWorkers(t);
  const controller = new AbortController();
  let during = null;
  const rss = () => process.memoryUsage().rss;
  const e = await rejectsWith(gradlab.sweep(spec, {
    workers: 2,
    signal: controller.signal,
    onResult: () => {
      if (!during) {
        during = { threads: newThreads(before).length, workers: watch.running, rss: rss() };
        controller.abort();
      }
    },
  }), DOMException, 'the sweep was cancelled after');
  assert.equal(e.name, 'AbortError');
  assert.match(e.message, /^the sweep was cancelled after \d+ of 40 runs \(\d+ cells? complete\)$/);
  assert.ok(e.done >= 1 && e.done < 40 && e.total === 40);
  assert.equal(e.cellsDone, e.done, 'one seed per cell');
  assert.equal(e.partial.complete, false);
  assert.equal(e.partial.rows.length, e.done);
  assert.equal(watch.running, 0, 'every worker thread has exited when the promise settles');
  assert.equal(during.workers, 2, 'two workers while running');
  assert.equal(during.threads, 2, 'two threads while running');
  assert.deepEqual(await threadsLeft(before), [], 'no thread is left');
  assert.ok(during.rss - rss() > 60 * 2 ** 20, `the workers' memory was released: ${(during.rss / 2 ** 20).toFixed(0)} MB → ${(rss() / 2 ** 20).toFixed(0)} MB`);
  // An already aborted signal: nothing starts.
  await rejectsWith(gradlab.sweep(spec, { signal: AbortSignal.abort() }), DOMException, 'cancelled after 0 of 40 runs');
  assert.deepEqual(newThreads(before), [], 'no worker started');
});

test('a worker that crashes is reported with its cell, replaced, and the sweep completes the rest', async (t) => {
  const spec = { base: { hidden: [3], numPoints: 60 }, axes: [{ field: 'noise', values: [0, 0.1, 0.2, 0.3, 0.4, 0.5] }], steps: 30, measures: ['trainLoss'] };
  const clean = await gradlab.sweep(spec, { workers: 2 });
  const before = existsSync('/proc/self/task') && threadIds();
  const watch = watchWorkers(t);
  for (const mode of ['throw', 'exit']) {
    const r = await gradlab.sweep(spec, { workers: 2, testHooks: { crash: [{ cell: 2, replicate: 0, mode }] } });
    assert.equal(watch.running, 0, `${mode}: the crashed worker and the others have exited when the sweep settles`);
    assert.equal(r.complete, true);
    assert.equal(r.failed, 1);
    const bad = r.rows[2];
    assert.match(bad.error, /^the worker crashed while running cell 2 \(noise=0\.2\), run 0: /);
    assert.equal(bad.values.trainLoss, null);
    assert.equal(bad.notes.trainLoss, 'run failed');
    assert.equal(r.aggregates[2].measures.trainLoss.note, 'run failed');
    // The other cells ran, with the same figures as without the crash.
    for (const c of [0, 1, 3, 4, 5]) assert.deepEqual(r.rows[c], clean.rows[c]);
    assert.doesNotMatch(sweepToJSON(r), /NaN|Infinity/);
  }
  if (before) assert.deepEqual(await threadsLeft(before), [], 'the crashed workers and their replacements have all exited');
});

test('a sweep pool stays loaded between sweeps, gives the same tables, survives an abort and closes cleanly', { skip: !existsSync('/proc/self/task') }, async (t) => {
  const spec = { base: { hidden: [3], numPoints: 60 }, axes: [{ field: 'noise', values: [0, 0.1, 0.2, 0.3] }], steps: 200, measures: ['trainLoss', 'gradRatioInit'] };
  const expected = sweepToJSON(await gradlab.sweep(spec, { workers: 1 }));
  const before = threadIds();
  const watch = watchWorkers(t);
  const pool = gradlab.createSweepPool({ workers: 2 });
  assert.equal(pool.workers, 2);
  assert.equal(sweepToJSON(await gradlab.sweep(spec, { pool })), expected);
  assert.equal(watch.running, 2, 'the workers wait for the next sweep');
  assert.equal(newThreads(before).length, 2, 'as two threads');
  assert.equal(sweepToJSON(await gradlab.sweep(spec, { pool, order: 'coarse-to-fine' })), expected);
  // One sweep at a time; the options are checked.
  const busy = gradlab.sweep(spec, { pool });
  await rejectsWith(gradlab.sweep(spec, { pool }), Error, 'this sweep pool is running another sweep');
  await busy;
  await rejectsWith(gradlab.sweep(spec, { pool, workers: 2 }), TypeError, 'workers: give either workers or a pool');
  await rejectsWith(gradlab.sweep(spec, { pool: {} }), TypeError, 'pool: expected a pool from gradlab.createSweepPool()');
  const other = await createGradLab();
  await rejectsWith(other.sweep(spec, { pool }), TypeError, 'pool: this pool was made by another GradLab instance');
  throwsWith(assert, () => gradlab.createSweepPool({ worker: 2 }), TypeError, 'worker: unknown sweep pool option', 'did you mean workers?');
  // An aborted sweep ends the busy workers; the next sweep starts new ones and is unaffected.
  const controller = new AbortController();
  const cut = await rejectsWith(gradlab.sweep({ ...spec, steps: 20000, seeds: 2 }, { pool, signal: controller.signal, onProgress: (p) => p.done === 1 && controller.abort() }), DOMException, 'cancelled after 1 of 8 runs (0 cells complete)');
  assert.equal(cut.cellsDone, 0);
  assert.equal(sweepToJSON(await gradlab.sweep(spec, { pool })), expected);
  await pool.close();
  assert.equal(watch.running, 0, 'close() returns once every worker has exited');
  assert.deepEqual(await threadsLeft(before), [], 'no thread is left');
  await rejectsWith(gradlab.sweep(spec, { pool }), Error, 'this sweep pool has been closed');
});
