// Linked axes (fields that move together, e.g. each activation with its matched initialiser)
// and the URL form of a sweep spec: the linked cells are exactly the runs of their field
// values (checked against sweeps without the link), every problem is refused by its path,
// the text and link forms read back to the same canonical spec, and a link is read leniently
// with a warning per entry it could not use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createGradLab, normalizeSweepSpec, sweepToCSV, sweepToJSON, mergeSweeps, sweepRunConfig, sweepCellCoords, fieldNames,
  sweepToHash, sweepFromHash, readSweepEntries, SWEEP_HASH_KEYS, parseAxisText, axisText,
} from '../../web/src/node.js';
import { throwsWith } from './helpers.mjs';

const gradlab = await createGradLab();

const RACE = {
  base: { hidden: [6, 6, 6], numPoints: 100 },
  axes: [{ field: 'activation', values: ['relu', 'selu', 'tanh'], link: { init: ['he_normal', 'lecun_normal', 'xavier_normal'] } }],
  steps: 40, seeds: 2, measures: ['trainLoss', 'gradRatioInit'],
};

test('a linked axis: each cell has the axis value and the linked values at the same index', () => {
  const s = normalizeSweepSpec(RACE);
  assert.deepEqual(s.axes[0].link, { init: ['he_normal', 'lecun_normal', 'xavier_normal'] });
  assert.deepEqual(sweepCellCoords(s, 1), { activation: 'selu', init: 'lecun_normal' });
  const c = sweepRunConfig(s, 2, 1);
  assert.equal(c.activation, 'tanh');
  assert.equal(c.init, 'xavier_normal');
  assert.equal(c.seed, s.base.seed + 1);
  // Linked values may repeat; a range axis can carry a link too.
  const r = normalizeSweepSpec({ base: { hidden: [4] }, axes: [{ field: 'depth', from: 1, to: 3, count: 3, link: { init: ['he_normal', 'he_normal', 'lecun_normal'], learningRate: [0.1, 0.05, 0.01] } }] });
  assert.deepEqual(sweepRunConfig(r, 2, 0).hidden, [4, 4, 4]);
  assert.equal(sweepRunConfig(r, 2, 0).learningRate, 0.01);
  // A linked depth builds hidden like a depth axis.
  const d = normalizeSweepSpec({ base: { hidden: [5] }, axes: [{ field: 'activation', values: ['relu', 'tanh'], link: { depth: [2, 4] } }] });
  assert.deepEqual(sweepRunConfig(d, 1, 0).hidden, [5, 5, 5, 5]);
  // A spec without links keeps its canonical form (and so its hash) unchanged: no link key.
  assert.equal('link' in normalizeSweepSpec({ axes: [{ field: 'activation', values: ['relu'] }] }).axes[0], false);
});

test('linked cells are exactly the runs of their values: the same figures as unlinked sweeps with that initialiser', async () => {
  const linked = await gradlab.sweep(RACE, { workers: 2 });
  for (const [i, init] of RACE.axes[0].link.init.entries()) {
    const act = RACE.axes[0].values[i];
    const plain = await gradlab.sweep({ ...RACE, base: { ...RACE.base, init }, axes: [{ field: 'activation', values: [act] }] }, { workers: 1 });
    const a = linked.rows.filter((r) => r.cell === i).map((r) => r.values);
    const b = plain.rows.map((r) => r.values);
    assert.deepEqual(a, b, `${act} with ${init}`);
  }
  // Different initialisers do change the figures (the link is not ignored).
  const allHe = await gradlab.sweep({ ...RACE, base: { ...RACE.base, init: 'he_normal' }, axes: [{ field: 'activation', values: ['relu', 'selu', 'tanh'] }] }, { workers: 1 });
  assert.notDeepEqual(allHe.rows[5].values, linked.rows[5].values);
  // Shards of a linked sweep merge into the same bytes.
  const parts = [];
  for (let k = 1; k <= 2; k++) parts.push(await gradlab.sweep(RACE, { workers: 1, shard: { index: k, count: 2 } }));
  assert.equal(sweepToJSON(mergeSweeps(parts)), sweepToJSON(linked));
  // The CSV has a column for the linked field.
  const csv = sweepToCSV(linked, { level: 'cells' }).split('\n');
  assert.match(csv[0], /^cell,activation,init,runs,/);
  assert.match(csv[2], /^1,selu,lecun_normal,2,/);
  assert.match(sweepToCSV(linked).split('\n')[0], /^cell,replicate,seed,activation,init,diverged,/);
});

test('linked axes: every problem is refused with its path', async () => {
  const axis = (link, extra = {}) => ({ base: { hidden: [4, 4] }, axes: [{ field: 'activation', values: ['relu', 'tanh'], link, ...extra }] });
  throwsWith(assert, () => normalizeSweepSpec(axis({ init: ['he_normal'] })), RangeError, 'axes[0].link.init', 'has 1 value; the axis has 2');
  throwsWith(assert, () => normalizeSweepSpec(axis({ init: ['he_normal', 'he_normall'] })), RangeError, 'axes[0].link.init[1]', 'init', 'did you mean he_normal');
  throwsWith(assert, () => normalizeSweepSpec(axis({ inti: ['he_normal', 'he_normal'] })), TypeError, 'axes[0].link.inti', 'did you mean init');
  throwsWith(assert, () => normalizeSweepSpec(axis({ seed: [1, 2] })), RangeError, 'axes[0].link.seed', 'seeds');
  throwsWith(assert, () => normalizeSweepSpec(axis({ activation: ['relu', 'tanh'] })), RangeError, 'axes[0].link.activation', 'already an axis (axes[0])');
  throwsWith(assert, () => normalizeSweepSpec(axis({})), RangeError, 'axes[0].link', 'empty');
  throwsWith(assert, () => normalizeSweepSpec(axis(['he_normal'])), TypeError, 'axes[0].link', 'expected {field');
  throwsWith(assert, () => normalizeSweepSpec(axis({ init: 'he_normal' })), TypeError, 'axes[0].link.init', 'expected an array of 2');
  throwsWith(assert, () => normalizeSweepSpec(axis({ learningRate: [0.1, 30] })), RangeError, 'axes[0].link.learningRate[1]', 'out of range');
  throwsWith(assert, () => normalizeSweepSpec({ base: { hidden: [4] }, axes: [{ field: 'depth', values: [1, 2], link: { hidden: [[4], [4, 4]] } }] }), RangeError, 'axes[0].link.hidden', 'depth or width');
  // A field linked on one axis cannot be another axis.
  throwsWith(assert, () => normalizeSweepSpec({ ...axis({ init: ['he_normal', 'he_uniform'] }), axes: [...axis({ init: ['he_normal', 'he_uniform'] }).axes, { field: 'init', values: ['xavier_normal'] }] }), RangeError, 'axes[1].field', 'init is already linked (axes[0].link)');
  // A linked field that applies to no cell is refused before anything runs.
  await assert.rejects(gradlab.sweep({ base: { hidden: [4] }, axes: [{ field: 'activation', values: ['relu', 'tanh'], link: { momentum: [0.5, 0.9] } }], steps: 1 }, { workers: 1 }),
    (e) => e instanceof RangeError && e.field === 'axes[0].link.momentum' && /momentum does not apply to any cell.*its values would change no run/.test(e.message));
});

test('the text form carries links and reads back to the same canonical axis', () => {
  const a = parseAxisText('activation=relu,selu,tanh;init=he_normal,lecun_normal,xavier_normal');
  assert.deepEqual(a, { field: 'activation', values: ['relu', 'selu', 'tanh'], link: { init: ['he_normal', 'lecun_normal', 'xavier_normal'] } });
  const s = normalizeSweepSpec({ base: { hidden: [4] }, axes: [a] });
  assert.equal(axisText(s.axes[0]), 'activation=relu,selu,tanh;init=he_normal,lecun_normal,xavier_normal');
  const h = parseAxisText('depth=1..3:3;hidden=4/4,4/4,4,4', 'x');
  assert.deepEqual(h.link.hidden, [[4], [4, 4], [4, 4, 4]]);
  throwsWith(assert, () => parseAxisText('activation=relu,tanh;learningRate=0.1..1:2'), TypeError, 'axis.link.learningRate', 'listed');
  throwsWith(assert, () => parseAxisText('activation=relu,tanh;init=he_normal,xx'), RangeError, 'axis.link.init[1]');
  throwsWith(assert, () => parseAxisText('activation=relu,tanh;init=he_normal,he_normal;init=he_normal,he_normal'), RangeError, 'linked twice');
});

test('no configuration field has the name of a sweep link entry', () => {
  for (const k of SWEEP_HASH_KEYS) assert.ok(!fieldNames.includes(k), k);
  // and the page's own names would collide with neither (checked where they are defined)
});

test('the URL form: a spec goes to a link and back to the same canonical spec', () => {
  const specs = [
    RACE,
    { preset: 'dying-relu-high-lr', base: { numPoints: 200 }, axes: [{ field: 'learningRate', from: 1e-3, to: 3, count: 6, scale: 'log' }, { field: 'depth', from: 1, to: 8, count: 4 }], steps: 500, seeds: 3, measures: ['trainLoss', 'deadFraction'] },
    { base: { hidden: [8, 8] }, axes: [{ field: 'hidden', values: [[4], [8, 8]] }], measures: ['stepsToTarget', 'trainLossCurve'], target: 0.2, evalEvery: 7, steps: 70, seedMode: 'independent' },
    { base: { hidden: new Array(10).fill(50), activation: 'tanh', init: 'signal_propagation' }, axes: [{ field: 'sigmaW2', from: 0.5, to: 4, count: 8 }, { field: 'sigmaB2', values: [0, 0.05, 0.5] }], steps: 0, measures: ['logGradGrowthInit'] },
  ];
  for (const spec of specs) {
    const hash = sweepToHash(spec);
    assert.ok(!/[&#]/.test(hash.slice(1).replace(/&(?=[A-Za-z]+=)/g, '')), `one & per entry: ${hash}`);
    const back = sweepFromHash(hash, { strict: true });
    assert.deepEqual(back.warnings, []);
    assert.deepEqual(normalizeSweepSpec(back.spec), normalizeSweepSpec(spec), hash);
  }
  // Compact and readable: the characters a fragment allows stay as they are.
  assert.equal(sweepToHash(RACE), '#numPoints=100&hidden=6,6,6&vary=activation=relu,selu,tanh;init=he_normal,lecun_normal,xavier_normal&steps=40&seeds=2&measures=trainLoss,gradRatioInit');
  assert.equal(sweepToHash(specs[1]), '#preset=dying-relu-high-lr&numPoints=200&vary=learningRate=0.001..3:6:log&vary=depth=1..8:4&steps=500&seeds=3&measures=trainLoss,deadFraction');
  // A list keeps its scale; one that is not a range's expansion stays a list.
  const listed = normalizeSweepSpec({ axes: [{ field: 'learningRate', values: [0.001, 0.01, 0.3], scale: 'log' }] });
  assert.equal(axisText(listed.axes[0]), 'learningRate=0.001,0.01,0.3:log');
  assert.deepEqual(normalizeSweepSpec({ axes: [parseAxisText(axisText(listed.axes[0]))] }), listed);
});

test('the URL form is read leniently: each bad entry is dropped with a warning, the spec stays valid', () => {
  const { spec, warnings } = sweepFromHash('#hidden=6,6&vary=depth=1..4:4&vary=depth=2,3&vary=learningRate=0.1,30&vary=activaton=relu&vary=activation=relu,tanh;init=he_normal&steps=-5&seeds=2&seeds=3&measures=trainLoss,deadfraction&target=0.1&seedMode=random&learningRate=99');
  const fields = warnings.map((w) => w.field);
  assert.deepEqual(fields, ['learningRate', 'vary[1]', 'vary[2]', 'vary[3]', 'vary[4]', 'steps', 'seeds', 'measures', 'target', 'seedMode']);
  assert.match(warnings[1].message, /depth is already an axis.*this axis was left out/);
  assert.match(warnings[2].message, /vary\[2\]\.values\[1\]: learningRate: 30 is out of range.*left out/);
  assert.match(warnings[3].message, /did you mean activation/);
  assert.match(warnings[4].message, /link\.init.*has 1 value; the axis has 2/);
  assert.match(warnings[5].message, /not a whole number; using 1000 instead/);
  assert.match(warnings[6].message, /appears 2 times; only the last \(3\) is read/);
  assert.match(warnings[7].message, /did you mean deadFraction.*using trainLoss,testLoss,testAccuracy instead/);
  assert.match(warnings[8].message, /only used by the stepsToTarget measure/);
  const s = normalizeSweepSpec(spec);
  assert.deepEqual(s.axes.map((a) => a.field), ['depth']);
  assert.equal(s.seeds, 3);
  assert.equal(s.steps, 1000);
  assert.equal(s.base.learningRate, 0.03);
  // Values shown in warnings are data, clipped; a link of nothing but junk is still a spec.
  const junk = sweepFromHash(`#vary=${'x'.repeat(5000)}&%E0%A4%A=1&steps`);
  assert.doesNotThrow(() => normalizeSweepSpec(junk.spec));
  assert.ok(junk.warnings.length >= 2 && junk.warnings.every((w) => w.value.length <= 201));
  // Strict mode throws the first problem, named.
  throwsWith(assert, () => sweepFromHash('#vary=depth=0..99999:3', { strict: true }), RangeError, 'vary[0]');
  // A page's own defaults fill what the link leaves out.
  const page = readSweepEntries([{ name: 'steps', value: '50' }], { base: { hidden: [4, 4] }, defaults: { axes: [{ field: 'activation', values: ['relu', 'tanh'] }], measures: ['trainLoss'] } });
  assert.deepEqual(page.warnings, []);
  assert.equal(normalizeSweepSpec(page.spec).steps, 50);
  assert.deepEqual(normalizeSweepSpec(page.spec).axes[0].values, ['relu', 'tanh']);
});
