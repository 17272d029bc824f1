// Saved sweep results and their shards, without a run: results made from hand-made rows (the
// seeds and cells a real sweep gives them), each way a file can be wrong refused whole with its
// path, shards merged into exactly the whole sweep's table, and the budget's refusals and their
// arithmetic. sweep.test.mjs merges real shards and checks the budget against real runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeSweepSpec, readSweep, mergeSweeps, sweepToJSON } from '../../web/src/node.js';
import { makeRow, makeResult } from '../../web/src/sweep/table.js';
import { hashSpec } from '../../web/src/sweep/spec.js';
import { runSeed, shardCells } from '../../web/src/sweep/cells.js';
import { checkSize, checkBudget, estimate, rowBytes, runSeconds, shapeOf, MAX_RUNS, TABLE_BYTES } from '../../web/src/sweep/budget.js';
import { normalizeConfig, getField } from '../../web/src/schema.js';
import { thrown } from './helpers.mjs';

const spec = normalizeSweepSpec({ base: { hidden: [4] }, axes: [{ field: 'activation', values: ['relu', 'tanh', 'elu'] }], seeds: 2, steps: 20, measures: ['testLoss', 'trainLossCurve'] });
const engine = { fingerprint: 'f00d' };
/** The result of shard `shard` (null: the whole sweep), its rows made as a worker would reply. */
function result(shard = null, { rows: edit = (r) => r, complete = true, fingerprint = engine.fingerprint, of = spec } = {}) {
  const rows = [];
  for (const cell of shardCells(3, shard))
    for (let replicate = 0; replicate < of.seeds; replicate++)
      rows.push(makeRow(of, { cell, replicate, seed: runSeed(of, cell, replicate) }, { values: { testLoss: cell + replicate / 10, trainLossCurve: [1, 0.5] }, notes: {} }));
  return JSON.parse(sweepToJSON(makeResult({ spec: of, specHash: hashSpec(of), engine: { fingerprint }, cells: 3, shard, rows: edit(rows), complete })));
}

test('a saved result reads back as it was written, and each way it can be wrong is refused with its path', () => {
  const whole = result();
  assert.deepEqual(readSweep(JSON.stringify(whole)), whole);
  const read = (edit, name) => thrown(() => readSweep(edit(structuredClone(whole)), name));
  const row0 = (f) => (r) => (f(r.rows[0]), r);
  const cases = [
    [(r) => '{"format":', 'TypeError [sweep] sweep: is not valid JSON (Unexpected end of JSON input)'],
    [(r) => [], 'TypeError [sweep] sweep: is not a GradLab sweep result (format "gradlab-sweep")'],
    [(r) => ({ ...r, format: 'gradlab-sweeps' }), 'TypeError [sweep] sweep: is not a GradLab sweep result (format "gradlab-sweep")'],
    [(r) => ({ ...r, version: 2 }), 'RangeError [version] sweep: version: 2: this GradLab reads sweep results of version 1'],
    [(r) => ({ ...r, spec: { ...r.spec, seeds: 0 } }), 'RangeError [spec.seeds] sweep: spec.seeds: 0 is not an integer from 1 to 1000'],
    [(r) => ({ ...r, spec: { ...r.spec, steps: 21 } }), 'RangeError [specHash] sweep: specHash: does not match the spec (the file was edited or damaged)'],
    [(r) => ({ ...r, specHash: '0'.repeat(16) }), 'RangeError [specHash] sweep: specHash: does not match the spec (the file was edited or damaged)'],
    [(r) => ({ ...r, spec: { measures: r.spec.measures, ...r.spec } }), 'RangeError [specHash] sweep: specHash: does not match the spec (the file was edited or damaged)'],
    [(r) => ({ ...r, engine: 'f00d' }), 'TypeError [engine] sweep: engine: expected {fingerprint}'],
    [(r) => ({ ...r, engine: { fingerprint: 5 } }), 'TypeError [engine] sweep: engine: expected {fingerprint}'],
    [(r) => ({ ...r, cells: 4 }), 'RangeError [cells] sweep: cells: 4 does not match the spec (3 cells)'],
    [(r) => ({ ...r, shard: { index: 0, count: 2 } }), 'RangeError [shard] sweep: shard: [object Object] is not null or {index, count} with 1 ≤ index ≤ count'],
    [(r) => ({ ...r, shard: { index: 3, count: 2 } }), 'RangeError [shard] sweep: shard: [object Object] is not null or {index, count} with 1 ≤ index ≤ count'],
    [(r) => ({ ...r, shard: { index: 1, count: 0 } }), 'RangeError [shard] sweep: shard: [object Object] is not null or {index, count} with 1 ≤ index ≤ count'],
    [(r) => ({ ...r, shard: { index: 1.5, count: 2 } }), 'RangeError [shard] sweep: shard: [object Object] is not null or {index, count} with 1 ≤ index ≤ count'],
    [(r) => ({ ...r, shard: { index: 1, count: '2' } }), 'RangeError [shard] sweep: shard: [object Object] is not null or {index, count} with 1 ≤ index ≤ count'],
    [(r) => ({ ...r, shard: [1, 2] }), 'RangeError [shard] sweep: shard: [1, 2] is not null or {index, count} with 1 ≤ index ≤ count'],
    [(r) => ({ ...r, complete: 'yes' }), 'TypeError [complete] sweep: complete: expected true or false'],
    [(r) => ({ ...r, rows: {} }), 'TypeError [rows] sweep: rows: expected an array'],
    [(r) => ({ ...r, rows: [5] }), 'TypeError [rows[0]] sweep: rows[0]: expected a row object, got 5'],
    [row0((x) => (x.cell = 3)), 'RangeError [rows[0].cell] sweep: rows[0].cell: 3 is not an integer from 0 to 2'],
    [row0((x) => (x.cell = -1)), 'RangeError [rows[0].cell] sweep: rows[0].cell: -1 is not an integer from 0 to 2'],
    [row0((x) => (x.cell = 0.5)), 'RangeError [rows[0].cell] sweep: rows[0].cell: 0.5 is not an integer from 0 to 2'],
    [row0((x) => (x.replicate = 2)), 'RangeError [rows[0].replicate] sweep: rows[0].replicate: 2 is not an integer from 0 to 1'],
    [row0((x) => (x.seed += 1)), `RangeError [rows[0].seed] sweep: rows[0].seed: ${whole.rows[0].seed + 1} is not the seed of cell 0 run 0 (${whole.rows[0].seed})`],
    [row0((x) => (x.diverged = 0)), 'TypeError [rows[0].diverged] sweep: rows[0].diverged: expected true or false, got 0'],
    [row0((x) => (x.divergedStep = -1)), 'TypeError [rows[0].divergedStep] sweep: rows[0].divergedStep: expected a step or null, got -1'],
    [row0((x) => (x.divergedStep = 1.5)), 'TypeError [rows[0].divergedStep] sweep: rows[0].divergedStep: expected a step or null, got 1.5'],
    [row0((x) => (x.error = 5)), 'TypeError [rows[0].error] sweep: rows[0].error: expected a message or null, got 5'],
    [row0((x) => (x.values = null)), 'TypeError [rows[0]] sweep: rows[0]: expected values and notes objects'],
    [row0((x) => (x.notes = [])), 'TypeError [rows[0]] sweep: rows[0]: expected values and notes objects'],
    [row0((x) => (x.values.testLoss = '1')), 'TypeError [rows[0].values.testLoss] sweep: rows[0].values.testLoss: expected a finite number or null, got "1"'],
    [row0((x) => (x.values.testLoss = [1])), 'TypeError [rows[0].values.testLoss] sweep: rows[0].values.testLoss: expected a finite number or null, got [1]'],
    [row0((x) => (x.values.trainLossCurve = 1)), 'TypeError [rows[0].values.trainLossCurve] sweep: rows[0].values.trainLossCurve: expected an array of finite numbers and nulls or null, got 1'],
    [row0((x) => (x.values.trainLossCurve = [1, '2'])), 'TypeError [rows[0].values.trainLossCurve] sweep: rows[0].values.trainLossCurve: expected an array of finite numbers and nulls or null, got [1, "2"]'],
    [row0((x) => (x.values.trainAccuracy = 1)), 'RangeError [rows[0].values] sweep: rows[0].values: holds other measures than the spec\'s (testLoss, trainLossCurve)'],
    [row0((x) => (x.notes.testLoss = 5)), 'TypeError [rows[0].notes.testLoss] sweep: rows[0].notes.testLoss: expected a text, got 5'],
    [row0((x) => (x.notes.trainAccuracy = 'x')), 'RangeError [rows[0].notes.trainAccuracy] sweep: rows[0].notes.trainAccuracy: is not a measure of the spec (testLoss, trainLossCurve)'],
    [(r) => ({ ...r, rows: [r.rows[0], r.rows[1], r.rows[0]] }), 'RangeError [rows[2]] sweep: rows[2]: cell 0 run 0 appears twice'],
  ];
  for (const [edit, message] of cases) assert.equal(read((r) => { const out = edit(r); return typeof out === 'string' ? out : JSON.stringify(out); }), message, message);
  // what is accepted at the edges: a divergence at step 0, a curve of nulls, null values, no rows
  const ok = (edit) => assert.doesNotThrow(() => readSweep(JSON.stringify(edit(structuredClone(whole)))));
  ok(row0((x) => ((x.diverged = true), (x.divergedStep = 0), (x.values.trainLossCurve = null), (x.values.testLoss = null))));
  ok(row0((x) => ((x.values.trainLossCurve = [null, 1]), (x.error = 'worker crashed'))));
  ok((r) => ({ ...r, rows: [], complete: false }));
  ok((r) => ({ ...r, shard: { index: 1, count: 1 } }));
  // a parsed result is checked as its text is: NaN cannot come from JSON, but can from an object
  const nan = structuredClone(whole);
  nan.rows[0].values.testLoss = NaN;
  assert.equal(thrown(() => readSweep(nan)), 'TypeError [rows[0].values.testLoss] sweep: rows[0].values.testLoss: expected a finite number or null, got NaN');
  // a file name prefixes every message
  assert.equal(read((r) => ({ ...r, cells: 4 }), 'a.json'), 'RangeError [cells] a.json: cells: 4 does not match the spec (3 cells)');
  // a shard holds only its own cells
  const shard = result({ index: 2, count: 2 });
  assert.deepEqual(shard.rows.map((r) => r.cell), [1, 1]);
  shard.rows[0].cell = 0;
  shard.rows[0].seed = runSeed(spec, 0, 0);
  assert.equal(thrown(() => readSweep(shard)), 'RangeError [rows[0].cell] sweep: rows[0].cell: cell 0 does not belong to shard 2/2');
});

test('shards merge into exactly the whole sweep\'s result; anything that would make them differ is refused', () => {
  const whole = result();
  const [a, b] = [result({ index: 1, count: 2 }), result({ index: 2, count: 2 })];
  assert.equal(sweepToJSON(mergeSweeps([b, a])), sweepToJSON(whole));
  assert.equal(sweepToJSON(mergeSweeps([{ name: 'a.json', result: JSON.stringify(a) }, { name: 'b.json', result: b }])), sweepToJSON(whole));
  assert.equal(sweepToJSON(mergeSweeps([whole])), sweepToJSON(whole), 'one whole result is its own merge');
  assert.equal(sweepToJSON(mergeSweeps([JSON.stringify(b), a])), sweepToJSON(whole), 'a result as its JSON text');
  const merge = (parts) => thrown(() => mergeSweeps(parts));
  assert.equal(merge([]), 'TypeError [results] results: expected a non-empty array of sweep results');
  assert.equal(merge(a), 'TypeError [results] results: expected a non-empty array of sweep results');
  const other = normalizeSweepSpec({ ...spec, steps: 30 });
  assert.equal(merge([a, result({ index: 2, count: 2 }, { of: other })]), 'RangeError [spec] results[1] comes from a different sweep spec than results[0] (steps: 30 vs 20)');
  assert.equal(merge([{ name: 'a.json', result: a }, { name: 'b.json', result: result({ index: 2, count: 2 }, { fingerprint: 'beef' }) }]),
    'RangeError [engine] b.json was computed by a different engine than a.json (fingerprint beef vs f00d): their figures are not the same bit for bit');
  assert.equal(merge([a, result({ index: 2, count: 2 }, { rows: (r) => r.slice(1), complete: false })]), 'RangeError [complete] results[1] is incomplete (shard 2/2: 1 of 2 runs; the sweep was cancelled): run that shard again');
  assert.equal(merge([result(null, { rows: (r) => r.slice(1), complete: false })]), 'RangeError [complete] results[0] is incomplete (the whole sweep: 5 of 6 runs; the sweep was cancelled): run the sweep again');
  assert.equal(merge([a, result({ index: 2, count: 3 })]), 'RangeError [shard] results[1] is shard 2/3 but results[0] is shard 1/2: shards of different splits cannot be merged');
  assert.equal(merge([a, whole]), 'RangeError [shard] results[1] is the whole sweep but results[0] is shard 1/2: shards of different splits cannot be merged');
  assert.equal(merge([a, { name: 'copy.json', result: a }]), 'RangeError [shard] shard 1/2 is given twice (results[0] and copy.json)');
  assert.equal(merge([a]), 'RangeError [shard] shard 2/2 is missing');
  assert.equal(merge([result({ index: 2, count: 3 })]), 'RangeError [shard] shards 1/3, 3/3 are missing');
  // complete, but a run short (a file edited by hand)
  assert.equal(merge([a, result({ index: 2, count: 2 }, { rows: (r) => r.slice(1) })]), 'RangeError [rows] results[1] holds 1 runs; shard 2/2 has 2');
  // the first difference between two specs, cut to 60 characters a side
  const long = normalizeSweepSpec({ ...spec, base: { ...spec.base, hidden: new Array(20).fill(4) } });
  assert.match(merge([a, result({ index: 2, count: 2 }, { of: long })]), /^RangeError \[spec\] results\[1\] comes from a different sweep spec than results\[0\] \(base: \{.{56}… vs \{.{56}…\)$/);
});

test('the budget: the run count, the table\'s size and the estimated time, each refused with its numbers', () => {
  const plain = normalizeSweepSpec({ ...spec, measures: ['testLoss'], evalEvery: null });
  assert.doesNotThrow(() => checkSize(plain, MAX_RUNS / 2, MAX_RUNS));
  assert.equal(thrown(() => checkSize(spec, 100001, MAX_RUNS + 2)),
    `RangeError [spec] spec: sweep too large: 100001 cells × 2 seeds = ${MAX_RUNS + 2} runs, over the limit of ${MAX_RUNS}; use fewer axis values, seeds or steps, a smaller network, or split it with shards (each shard is checked against this limit on its own cells)`);
  // a row's share of the table: 400 bytes, 60 per axis, 80 per number, 40 per entry of an array (twice: the row and its aggregate)
  const curve = normalizeSweepSpec({ ...spec, steps: 100, evalEvery: 5 });
  assert.equal(rowBytes(curve), 2 * (400 + 60 + 80 + 40 * 21));
  const perLayer = normalizeSweepSpec({ ...spec, measures: ['gradGrowthInit'], evalEvery: null });
  assert.equal(rowBytes(perLayer), 2 * (400 + 60 + 40 * getField('hidden').maxLength), 'an array per layer: the deepest network\'s');
  const runsOver = Math.floor(TABLE_BYTES / rowBytes(curve)) + 1;
  assert.doesNotThrow(() => checkSize(curve, 1, runsOver - 1));
  assert.equal(thrown(() => checkSize(curve, 1, runsOver)),
    `RangeError [spec] spec: sweep too large: ${runsOver} runs × about ${Math.round(rowBytes(curve) / 1024)} KiB of results each ≈ ${Math.round((runsOver * rowBytes(curve)) / 2 ** 20)} MiB, over the 256 MiB budget for the result table; use fewer runs, fewer evaluations (a larger evalEvery) or fewer curve measures`);
  // the estimate: every cell's runs on one worker, then shared by the workers
  const est = estimate(spec, [{ total: 2, step: 1e-6 }, { total: 4, step: 3e-6 }], 4);
  assert.deepEqual(est, { runs: 4, seconds: 12, wallSeconds: 3, perStep: 2e-6 });
  assert.deepEqual(estimate(spec, [], 1), { runs: 0, seconds: 0, wallSeconds: 0, perStep: 0 });
  assert.equal(checkBudget(spec, est, 3, 4, 3), undefined, 'exactly the budget is allowed');
  assert.equal(thrown(() => checkBudget(spec, est, 3, 4, 2.9)),
    'RangeError [budget] budget: sweep too large: 3 cells × 2 seeds × 20 steps × ~2 µs per step (plus data, initialisation and evaluations) ≈ 12 s of compute, ≈ 3 s on 4 workers, over the 2.9 s budget; use fewer axis values, seeds or steps, a smaller network, more workers, split it with shards across machines, or raise the budget (budget.seconds, --budget)');
  // seconds, minutes and hours, two significant digits; microseconds and milliseconds per step; one worker
  const big = { runs: 1, seconds: 7200, wallSeconds: 7200, perStep: 0.0025 };
  assert.match(thrown(() => checkBudget(spec, big, 1, 1, 90)), /~2\.5 ms per step .* ≈ 2 h of compute, ≈ 2 h on 1 worker, over the 1\.5 min budget;/);
  assert.match(thrown(() => checkBudget(spec, { ...big, seconds: 59, wallSeconds: 59 }, 1, 1, 58.5)), /≈ 59 s of compute, ≈ 59 s on 1 worker, over the 59 s budget/);
  assert.match(thrown(() => checkBudget(spec, { ...big, seconds: 3599, wallSeconds: 3599, perStep: 1e-3 }, 1, 1, 60)), /~1 ms per step .* ≈ 60 min of compute/);
});

test('a run\'s cost follows the network\'s shape and the evaluations its measures need', () => {
  const config = normalizeConfig({ hidden: [10, 10], dataset: 'circle', numPoints: 200, trainFraction: 0.5, batchSize: 10 });
  assert.deepEqual(shapeOf(config), { widths: [config.features.length, 10, 10, 1], train: 100, test: 100 });
  assert.deepEqual(shapeOf(normalizeConfig({ dataset: 'fit1d', features: ['x1', 'x2', 'x1sq'] })).widths[0], 2, 'x2 is not an input of fit1d');
  assert.deepEqual(shapeOf(normalizeConfig({ dataset: 'circle', classes: 3, outputActivation: 'softmax', loss: 'softmax_ce' })).widths.at(-1), 3);
  const end = runSeconds(config, { steps: 100, evalEvery: null, measures: ['testLoss'] });
  const diag = runSeconds(config, { steps: 100, evalEvery: null, measures: ['deadFraction'] });
  const both = runSeconds(config, { steps: 100, evalEvery: null, measures: ['deadFraction', 'gradRatioInit'] });
  const curve = runSeconds(config, { steps: 100, evalEvery: 5, measures: ['trainLossCurve'] });
  const P = 2 * 10 + 10 * 10 + 10 * 1, U = 21, R = 4e9;
  const create = 150e-6 + 20e-9 * P, step = 0.8e-6 + 0.3e-6 * 3 + (3 * 10 * P) / R;
  const evaluation = 20e-6 + (200 * P) / R, diagnostic = 50e-6 + (100 * (10 * P + 100 * U)) / R + (100 * P) / R;
  const near = (a, b) => assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, b), `${a} vs ${b}`);
  near(end.total, create + 100 * step + evaluation);
  near(end.step, step);
  near(diag.total, create + 100 * step + diagnostic);
  near(both.total, create + 100 * step + 2 * diagnostic);
  near(curve.total, create + 100 * step + 21 * evaluation);
});
