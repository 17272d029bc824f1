// A sweep's table from hand-made worker replies, without a run: how a reply becomes a row (what
// is not finite, a failed run, a divergence), the median over seeds with diverged runs and
// unreached targets ranked as the worst outcome in each measure's own direction, per-step
// medians of curves, which cells get an aggregate, and the CSV and JSON texts cell by cell.
// The figures are worked out by hand below each case; sweep.test.mjs has the same on real runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeSweepSpec, sweepToCSV, sweepToJSON, sweepMeasures } from '../../web/src/node.js';
import { makeRow, aggregateCell, tabulate, makeResult } from '../../web/src/sweep/table.js';

const spec = normalizeSweepSpec({
  base: { hidden: [4] }, axes: [{ field: 'activation', values: ['relu', 'tanh'] }], seeds: 3, steps: 40,
  measures: ['testLoss', 'testAccuracy', 'stepsToTarget', 'gradRatio', 'trainLossCurve'], target: 0.5,
});
const task = (cell, replicate) => ({ cell, replicate, seed: 100 * cell + replicate });
const reply = (values, more = {}) => ({ values, notes: {}, diverged: false, divergedStep: null, ...more });
const row = (cell, replicate, r) => makeRow(spec, task(cell, replicate), r);

test('a reply becomes a row: what is not finite is null with a note, a failed run has no figures', () => {
  const r = row(1, 2, reply({ testLoss: 0.25, testAccuracy: Infinity, stepsToTarget: null, gradRatio: NaN, trainLossCurve: [1, NaN, 0.5] }, { notes: { stepsToTarget: 'not reached in 40 steps' } }));
  assert.deepEqual(r, {
    cell: 1, replicate: 2, seed: 102, coords: { activation: 'tanh' }, diverged: false, divergedStep: null, error: null,
    values: { testLoss: 0.25, testAccuracy: null, stepsToTarget: null, gradRatio: null, trainLossCurve: [1, null, 0.5] },
    notes: { testAccuracy: 'not finite', stepsToTarget: 'not reached in 40 steps', gradRatio: 'not finite' },
  });
  assert.deepEqual(Object.keys(r), ['cell', 'replicate', 'seed', 'coords', 'diverged', 'divergedStep', 'error', 'values', 'notes']);
  const d = row(0, 0, reply({ testLoss: null }, { diverged: true, divergedStep: 7, notes: { testLoss: 'diverged at step 7' } }));
  assert.equal(d.diverged, true);
  assert.equal(d.divergedStep, 7);
  assert.deepEqual(d.notes, { testLoss: 'diverged at step 7', testAccuracy: 'not finite', stepsToTarget: 'not finite', gradRatio: 'not finite', trainLossCurve: 'not finite' });
  assert.equal(row(0, 0, reply({}, { diverged: true, divergedStep: Infinity })).divergedStep, null);
  assert.equal(row(0, 0, reply({}, { diverged: false, divergedStep: 7 })).divergedStep, null, 'no step without a divergence');
  const f = row(0, 1, { error: new Error('worker crashed'), diverged: true, divergedStep: 3, values: { testLoss: 1 } });
  assert.equal(f.error, 'Error: worker crashed');
  assert.equal(f.diverged, false);
  assert.equal(f.divergedStep, null);
  assert.deepEqual(Object.values(f.values), [null, null, null, null, null]);
  assert.deepEqual(new Set(Object.values(f.notes)), new Set(['run failed']));
});

test('the median over seeds ranks diverged runs and unreached targets as the worst outcome, in each measure\'s direction', () => {
  const agg = (replies) => aggregateCell(spec, 0, replies.map((r, i) => row(0, i, r))).measures;
  const diverged = (step) => reply({ trainLossCurve: [1, null] }, { diverged: true, divergedStep: step, notes: { testLoss: `diverged at step ${step}`, testAccuracy: `diverged at step ${step}`, stepsToTarget: `diverged at step ${step}`, gradRatio: `diverged at step ${step}` } });
  // three finite runs: the middle one, min, max, count
  let m = agg([reply({ testLoss: 0.3, testAccuracy: 0.7, stepsToTarget: 20, gradRatio: 2 }), reply({ testLoss: 0.1, testAccuracy: 0.9, stepsToTarget: 10, gradRatio: 1 }), reply({ testLoss: 0.2, testAccuracy: 0.8, stepsToTarget: 30, gradRatio: 4 })]);
  assert.deepEqual(m.testLoss, { median: 0.2, min: 0.1, max: 0.3, count: 3 });
  assert.deepEqual(m.testAccuracy, { median: 0.8, min: 0.7, max: 0.9, count: 3 });
  assert.deepEqual(m.gradRatio, { median: 2, min: 1, max: 4, count: 3 });
  // one of three diverged: the median is the worse of the two finite runs — the higher loss,
  // the lower accuracy, the later step
  m = agg([reply({ testLoss: 0.1, testAccuracy: 0.9, stepsToTarget: 10, gradRatio: 1 }), diverged(5), reply({ testLoss: 0.3, testAccuracy: 0.7, stepsToTarget: 30, gradRatio: 3 })]);
  assert.deepEqual(m.testLoss, { median: 0.3, min: 0.1, max: 0.3, count: 2 });
  assert.deepEqual(m.testAccuracy, { median: 0.7, min: 0.7, max: 0.9, count: 2 });
  assert.deepEqual(m.stepsToTarget, { median: 30, min: 10, max: 30, count: 2 });
  // gradRatio has no better direction: its null is left out, the median is over the two others
  assert.deepEqual(m.gradRatio, { median: 2, min: 1, max: 3, count: 2 });
  // two of three diverged: the median is a divergence, said with how many
  m = agg([diverged(5), reply({ testLoss: 0.1, testAccuracy: 0.9, stepsToTarget: 10, gradRatio: 1 }), diverged(9)]);
  assert.deepEqual(m.testLoss, { median: null, min: 0.1, max: 0.1, count: 1, note: 'diverged in 2 of 3 runs' });
  assert.deepEqual(m.testAccuracy, { median: null, min: 0.9, max: 0.9, count: 1, note: 'diverged in 2 of 3 runs' });
  assert.deepEqual(m.gradRatio, { median: 1, min: 1, max: 1, count: 1 });
  // an unreached target is the worst steps count, not a missing one
  const unreached = reply({ testLoss: 0.6, stepsToTarget: null }, { notes: { stepsToTarget: 'not reached in 40 steps' } });
  m = agg([unreached, reply({ testLoss: 0.4, stepsToTarget: 12 }), { ...unreached }]);
  assert.deepEqual(m.stepsToTarget, { median: null, min: 12, max: 12, count: 1, note: 'not reached in 2 of 3 runs' });
  m = agg([unreached, reply({ testLoss: 0.4, stepsToTarget: 12 }), reply({ testLoss: 0.4, stepsToTarget: 16 })]);
  assert.deepEqual(m.stepsToTarget, { median: 16, min: 12, max: 16, count: 2 });
  // no finite value at all: the most common note, or that no run has it
  m = agg([reply({ gradRatio: null }, { notes: { gradRatio: 'no hidden layer' } }), reply({}), reply({ gradRatio: null }, { notes: { gradRatio: 'no hidden layer' } })]);
  assert.deepEqual(m.gradRatio, { median: null, min: null, max: null, count: 0, note: 'no hidden layer' });
  // a missing value that is no divergence is left out, not ranked worst, even for a measure with a direction
  assert.deepEqual(m.testLoss, { median: null, min: null, max: null, count: 0, note: 'not finite' });
  // notes tied for the most common: the first seen
  m = agg([reply({ gradRatio: null }, { notes: { gradRatio: 'p' } }), reply({ gradRatio: null }, { notes: { gradRatio: 'q' } }), reply({})]);
  assert.equal(m.gradRatio.note, 'p');
  const failed = agg([{ error: 'x' }, { error: 'y' }, { error: 'z' }]);
  assert.deepEqual(failed.testLoss, { median: null, min: null, max: null, count: 0, note: 'run failed' });
  assert.deepEqual(aggregateCell(spec, 0, []).measures.testLoss, { median: null, min: null, max: null, count: 0, note: 'no run' });
  assert.deepEqual(failed.trainLossCurve, { median: null, min: null, max: null, count: 0, note: 'run failed' });
});

test('every scalar measure ranks a diverged run in its own direction: accuracies higher is better, losses, steps and broken units lower, ratios neither', () => {
  const scalars = Object.keys(sweepMeasures).filter((m) => !sweepMeasures[m].array);
  const all = normalizeSweepSpec({ base: { hidden: [4] }, axes: [{ field: 'activation', values: ['relu'] }], seeds: 3, steps: 40, measures: scalars, target: 0.5 });
  const values = (v) => Object.fromEntries(scalars.map((m) => [m, v]));
  const rows = [reply(values(0.25)), reply(values(null), { diverged: true, divergedStep: 3 }), reply(values(0.75))]
    .map((r, i) => makeRow(all, task(0, i), r));
  const medians = aggregateCell(all, 0, rows).measures;
  for (const m of scalars) {
    // the direction from what the measure is, not from the table under test
    const expected = /Accuracy/.test(m) ? 0.25 : /Loss|Fraction|stepsToTarget/.test(m) ? 0.75 : 0.5;
    assert.equal(medians[m].median, expected, m);
  }
});

test('an even number of seeds: the mean of the two middle values, or the one they share', () => {
  const two = normalizeSweepSpec({ ...spec, seeds: 2 });
  const agg = (a, b) => aggregateCell(two, 0, [a, b].map((v, i) => makeRow(two, task(0, i), reply(v)))).measures;
  assert.deepEqual(agg({ testLoss: 0.25, testAccuracy: 0.5 }, { testLoss: 0.75, testAccuracy: 1 }).testLoss, { median: 0.5, min: 0.25, max: 0.75, count: 2 });
  assert.deepEqual(agg({ testLoss: 0.25, testAccuracy: 0.5 }, { testLoss: 0.75, testAccuracy: 1 }).testAccuracy, { median: 0.75, min: 0.5, max: 1, count: 2 });
  // the same value twice is that value, even where their sum would overflow
  assert.equal(agg({ testLoss: 1e308 }, { testLoss: 1e308 }).testLoss.median, 1e308);
  assert.equal(agg({ testLoss: 5e-324 }, { testLoss: 5e-324 }).testLoss.median, 5e-324, 'the smallest number twice (halved, it would be 0)');
  // one of two diverged: the median falls on the divergence
  const half = aggregateCell(two, 0, [makeRow(two, task(0, 0), reply({ testLoss: 0.5 })), makeRow(two, task(0, 1), reply({ testLoss: null }, { diverged: true, divergedStep: 9, notes: { testLoss: 'diverged at step 9' } }))]).measures;
  assert.deepEqual(half.testLoss, { median: null, min: 0.5, max: 0.5, count: 1, note: 'diverged in 1 of 2 runs' });
  assert.equal(agg({ testLoss: 2 ** 1023 }, { testLoss: 1.5 * 2 ** 1023 }).testLoss.median, 1.25 * 2 ** 1023);
  // and the same for a curve's entries
  const curve = aggregateCell(two, 0, [[2 ** 1023, 0.25], [1.5 * 2 ** 1023, 0.5]].map((c, i) => makeRow(two, task(0, i), reply({ trainLossCurve: c })))).measures;
  assert.deepEqual(curve.trainLossCurve.median, [1.25 * 2 ** 1023, 0.375]);
});

test('curves: the median at every evaluation over the runs that have it, and their spread', () => {
  const agg = (curves) => aggregateCell(spec, 0, curves.map((c, i) => row(0, i, reply({ trainLossCurve: c })))).measures.trainLossCurve;
  assert.deepEqual(agg([[1, 0.5, 0.25], [3, null, 0.75], [2, 1.5]]), { median: [2, 1, 0.5], min: [1, 0.5, 0.25], max: [3, 1.5, 0.75], count: 3 });
  assert.deepEqual(agg([[1, null], [null, null], null]), { median: [1, null], min: [1, null], max: [1, null], count: 2 });
  assert.deepEqual(agg([null, null, null]), { median: null, min: null, max: null, count: 0, note: 'not finite' });
});

test('only cells with every seed get an aggregate; rows come sorted; the result counts failures', () => {
  const ok = (v) => reply({ testLoss: v, testAccuracy: 1, stepsToTarget: 1, gradRatio: 1, trainLossCurve: [v] });
  const rows = [row(1, 2, ok(0.3)), row(0, 1, ok(0.2)), row(1, 0, ok(0.1)), row(0, 0, { error: 'boom' }), row(1, 1, ok(0.2))];
  const t = tabulate(spec, rows);
  assert.deepEqual(t.rows.map((r) => [r.cell, r.replicate]), [[0, 0], [0, 1], [1, 0], [1, 1], [1, 2]]);
  assert.deepEqual(t.aggregates.map((a) => a.cell), [1], 'cell 0 has 2 of 3 seeds');
  assert.deepEqual({ ...t.aggregates[0], measures: undefined }, { cell: 1, coords: { activation: 'tanh' }, runs: 3, failed: 0, diverged: 0, measures: undefined });
  const full = tabulate(spec, [...rows, row(0, 2, reply({}, { diverged: true, divergedStep: 3 }))]);
  assert.deepEqual(full.aggregates.map((a) => [a.cell, a.runs, a.failed, a.diverged]), [[0, 3, 1, 1], [1, 3, 0, 0]]);
  const result = makeResult({ spec, specHash: 'abc', engine: 'e', cells: 2, shard: { index: 1, count: 2, extra: 1 }, rows, complete: false });
  assert.deepEqual(Object.keys(result), ['format', 'version', 'engine', 'specHash', 'spec', 'cells', 'shard', 'complete', 'runs', 'failed', 'rows', 'aggregates']);
  assert.deepEqual([result.format, result.version, result.shard, result.runs, result.failed], ['gradlab-sweep', 1, { index: 1, count: 2 }, 5, 1]);
  assert.equal(makeResult({ spec, specHash: 'abc', engine: 'e', cells: 2, shard: null, rows, complete: false }).shard, null);
});

test('the CSV texts cell by cell, and the JSON text one line per row and aggregate', () => {
  const small = normalizeSweepSpec({ base: { hidden: [4] }, axes: [{ field: 'activation', values: ['relu', 'tanh'] }], seeds: 1, steps: 10, measures: ['testLoss', 'trainLossCurve'] });
  const rows = [
    makeRow(small, { cell: 0, replicate: 0, seed: 5 }, reply({ testLoss: -0.5, trainLossCurve: [1, null, 0.25] })),
    makeRow(small, { cell: 1, replicate: 0, seed: 5 }, reply({ testLoss: null, trainLossCurve: null }, { diverged: true, divergedStep: 4, notes: { testLoss: '=diverged, at step 4', trainLossCurve: '=diverged, at step 4' } })),
  ];
  const result = makeResult({ spec: small, specHash: 'h', engine: 'e', cells: 2, shard: null, rows, complete: true });
  assert.equal(sweepToCSV(result), [
    'cell,replicate,seed,activation,diverged,divergedStep,testLoss,trainLossCurve,error,notes',
    '0,0,5,relu,false,,-0.5,1;;0.25,,',  // a negative number is a number, not a formula
    '1,0,5,tanh,true,4,,,,"\'=diverged, at step 4"',
    ''].join('\n'));
  assert.equal(sweepToCSV(result, { level: 'cells' }), [
    'cell,activation,runs,failed,diverged,testLoss,testLoss_min,testLoss_max,testLoss_count,trainLossCurve,notes',
    '0,relu,1,0,0,-0.5,-0.5,-0.5,1,1;;0.25,',
    '1,tanh,1,0,1,,,,0,,"testLoss: =diverged, in 1 of 1 runs; trainLossCurve: =diverged, at step 4"',
    ''].join('\n'));
  assert.throws(() => sweepToCSV(result, { level: 'cell' }), (e) => e instanceof RangeError && e.message === 'level: "cell" is not one of runs, cells');
  const json = sweepToJSON(result);
  const lines = json.split('\n');
  assert.equal(lines.length, 8, 'head and "rows":[, two rows, "],"aggregates":[", two aggregates, "]}" and the final newline');
  assert.ok(lines[0].endsWith(',"rows":['));
  assert.deepEqual(JSON.parse(lines[1].replace(/,$/, '')), result.rows[0]);
  assert.equal(lines[3], '],"aggregates":[');
  assert.equal(lines.at(-2), ']}');
  assert.equal(lines.at(-1), '');
  assert.deepEqual(JSON.parse(json), result);
  const empty = makeResult({ spec: small, specHash: 'h', engine: 'e', cells: 2, shard: null, rows: [], complete: false });
  assert.ok(sweepToJSON(empty).endsWith('"rows":[],"aggregates":[]}\n'));
});
