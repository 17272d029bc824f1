// A sweep's link and its text forms as a reader sees them, without a run: every refusal of an
// axis's text and of a link's entry whole (message, field, what was used instead), the strict
// mode's exceptions, what a link leaves out (only what differs from the defaults is written), and
// the measures' table against the package's README (when each is taken, which are arrays).
// sweep-link.test.mjs has the round trips and the linked axes' runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  sweepFromHash, sweepToHash, sweepHashEntries, readSweepEntries, parseAxisText, axisText, normalizeSweepSpec, presets, sweepMeasures, getField,
} from '../../web/src/node.js';
import { needs } from '../../web/src/sweep/measures.js';
import { root, thrown } from './helpers.mjs';

const ACTIVATIONS = getField('activation').values.join(', ');
const EXAMPLE = '(e.g. depth=2..40:20, activation=relu,tanh, learningRate=1e-3..3:12:log)';

test('an axis\'s text: what it reads and each refusal whole, named by its path', () => {
  const reads = [
    ['depth= 3 , 4', { field: 'depth', values: [3, 4] }],
    [' depth = 3,4 ', { field: 'depth', values: [3, 4] }],
    ['batchSize=8,16:log', { field: 'batchSize', values: [8, 16], scale: 'log' }],
    ['layerActivations=relu,tanh/tanh,relu', { field: 'layerActivations', values: [['relu', 'tanh'], ['tanh', 'relu']] }],
    ['depth=1..3:3', { field: 'depth', from: 1, to: 3, count: 3, scale: 'linear' }],
    ['learningRate=0.001..1:4:log', { field: 'learningRate', from: 0.001, to: 1, count: 4, scale: 'log' }],
    ['learningRate=0.1..1:2:lin', { field: 'learningRate', from: 0.1, to: 1, count: 2, scale: 'linear' }],
    ['learningRate=0.1,1:lin', { field: 'learningRate', values: [0.1, 1], scale: 'linear' }],
    ['learningRate=0.1,1:linear', { field: 'learningRate', values: [0.1, 1], scale: 'linear' }],
    ['learningRate=0.1,1:log', { field: 'learningRate', values: [0.1, 1], scale: 'log' }],
    ['hidden=8,8/16', { field: 'hidden', values: [[8, 8], [16]] }],
    ['features=x1,x2/x1,x2,x1sq', { field: 'features', values: [['x1', 'x2'], ['x1', 'x2', 'x1sq']] }],
    ['activation=relu,tanh', { field: 'activation', values: ['relu', 'tanh'] }],
    // an unknown field is kept for the spec's check, which names it with a hint
    ['nofield=1,2', { field: 'nofield', values: [] }],
  ];
  for (const [text, axis] of reads) assert.deepEqual(parseAxisText(text), axis, text);
  const refused = [
    [5, 'TypeError [axis] axis: expected text such as "depth=2..40:20", got 5'],
    ['=relu', `TypeError [axis] axis: "=relu" is not FIELD=VALUES ${EXAMPLE}`],
    ['depth', `TypeError [axis] axis: "depth" is not FIELD=VALUES ${EXAMPLE}`],
    ['depth=', 'RangeError [axis] axis: depth has no values'],
    ['depth= ', 'RangeError [axis] axis: depth has no values'],
    // a range or a scale is for numbers only; a scale ends the list
    ['activation=1..3:3', `RangeError [axis.values[0]] axis.values[0]: activation: "1..3:3" is not one of ${ACTIVATIONS}`],
    ['activation=relu,tanh:log', `RangeError [axis.values[1]] axis.values[1]: activation: "tanh:log" is not one of ${ACTIVATIONS}`],
    ['learningRate=0.1:log,1', 'TypeError [axis.values[0]] axis.values[0]: learningRate: "0.1:log" is not a number'],
    ['learningRate=0.1..1:3:cubic', 'RangeError [axis] axis: "cubic" is not a scale (lin or log)'],
    ['learningRate=0.1,1:cubic', 'RangeError [axis] axis: "cubic" is not a scale (lin or log)'],
    ['depth=1.5', 'TypeError [axis.values[0]] axis.values[0]: depth: "1.5" is not a whole number'],
    ['width=2,x', 'TypeError [axis.values[1]] axis.values[1]: width: "x" is not a whole number'],
    ['depth=1.5..3:3', 'TypeError [axis.from] axis.from: depth: "1.5" is not a whole number'],
    ['depth=1..3.5:3', 'TypeError [axis.to] axis.to: depth: "3.5" is not a whole number'],
    // not a range (x is no number): read as a list, whose one value is not a number
    ['depth=1..x:3', 'TypeError [axis.values[0]] axis.values[0]: depth: "1..x:3" is not a whole number'],
    // linked values are a plain list: no scale after them
    ['activation=relu,tanh;learningRate=0.1,0.2:log', 'TypeError [axis.link.learningRate[1]] axis.link.learningRate[1]: learningRate: "0.2:log" is not a number'],
    ['activation=relu,tanh;x', `TypeError [axis.link] axis.link: "x" is not FIELD=VALUES ${EXAMPLE}`],
    ['activation=relu,tanh;init=he_normal,he_normal;init=he_normal,he_normal', 'RangeError [axis.link.init] axis.link.init: init is linked twice'],
    // a path holds at most 64 characters of a name
    [`activation=relu;${'q'.repeat(80)}=1;${'q'.repeat(80)}=2`, `RangeError [axis.link.${'q'.repeat(64)}] axis.link.${'q'.repeat(64)}: ${'q'.repeat(80)} is linked twice`],
  ];
  for (const [text, message] of refused) assert.equal(thrown(() => parseAxisText(text)), message, text);
  assert.equal(thrown(() => parseAxisText('depth=1.5..3:3', 'vary[2]')), 'TypeError [vary[2].from] vary[2].from: depth: "1.5" is not a whole number');
});

test('an axis\'s text form: a range when the values are exactly its expansion, else the list with its scale', () => {
  const text = (axis, base = {}) => axisText(normalizeSweepSpec({ base, axes: [axis] }).axes[0]);
  assert.equal(text({ field: 'depth', from: 1, to: 7, count: 4 }), 'depth=1..7:4');
  assert.equal(text({ field: 'learningRate', from: 0.001, to: 1, count: 4, scale: 'log' }), 'learningRate=0.001..1:4:log');
  assert.equal(text({ field: 'learningRate', values: [0.1, 1], scale: 'linear' }), 'learningRate=0.1..1:2');
  assert.equal(text({ field: 'learningRate', values: [0.1, 0.2, 1], scale: 'linear' }), 'learningRate=0.1,0.2,1:lin');
  assert.equal(text({ field: 'learningRate', values: [0.5], scale: 'log' }), 'learningRate=0.5:log');
  assert.equal(text({ field: 'learningRate', values: [0.1, 1] }), 'learningRate=0.1,1');
  assert.equal(text({ field: 'hidden', values: [[4], [8, 8]] }), 'hidden=4/8,8');
  assert.equal(text({ field: 'hidden', values: [[4, 4]] }), 'hidden=4,4');
  assert.equal(text({ field: 'activation', values: ['relu', 'tanh'], link: { hidden: [[4], [8, 8]] } }), 'activation=relu,tanh;hidden=4/8,8');
  // and each reads back to the same canonical axis
  for (const axis of [{ field: 'learningRate', values: [0.1, 0.2, 1], scale: 'linear' }, { field: 'learningRate', values: [0.5], scale: 'log' }, { field: 'hidden', values: [[4], [8, 8]] }]) {
    const canonical = normalizeSweepSpec({ axes: [axis] }).axes[0];
    assert.deepEqual(normalizeSweepSpec({ axes: [parseAxisText(axisText(canonical))] }).axes[0], canonical);
  }
});

test('a link writes only what differs from the defaults, each entry on its own', () => {
  const entries = (spec) => sweepHashEntries(spec);
  const dying = presets['dying-relu-high-lr'];
  assert.deepEqual(entries({}), []);
  assert.deepEqual(entries({ steps: 1000, seeds: 1, measures: ['trainLoss', 'testLoss', 'testAccuracy'], seedMode: 'shared' }), []);
  assert.deepEqual(entries({ preset: 'dying-relu-high-lr', steps: dying.steps }), []);
  assert.deepEqual(entries({ preset: 'dying-relu-high-lr', steps: 1000 }), dying.steps === 1000 ? [] : [['steps', '1000']]);
  assert.deepEqual(entries({ steps: 999 }), [['steps', '999']]);
  assert.deepEqual(entries({ seeds: 2 }), [['seeds', '2']]);
  assert.deepEqual(entries({ measures: ['testLoss', 'trainLoss', 'testAccuracy'] }), [['measures', 'testLoss,trainLoss,testAccuracy']]);
  assert.deepEqual(entries({ seedMode: 'independent' }), [['seedMode', 'independent']]);
  assert.deepEqual(entries({ steps: 10, measures: ['stepsToTarget'], target: 0.5 }), [['steps', '10'], ['measures', 'stepsToTarget'], ['target', '0.5']]);
  // evalEvery: left out at its default, ceil(steps / 20) and at least 1
  assert.deepEqual(entries({ steps: 100, measures: ['trainLossCurve'], evalEvery: 5 }), [['steps', '100'], ['measures', 'trainLossCurve']]);
  assert.deepEqual(entries({ steps: 101, measures: ['trainLossCurve'], evalEvery: 6 }), [['steps', '101'], ['measures', 'trainLossCurve']]);
  assert.deepEqual(entries({ steps: 10, measures: ['trainLossCurve'], evalEvery: 1 }), [['steps', '10'], ['measures', 'trainLossCurve']]);
  assert.deepEqual(entries({ steps: 100, measures: ['trainLossCurve'], evalEvery: 4 }), [['steps', '100'], ['measures', 'trainLossCurve'], ['evalEvery', '4']]);
  // a configuration field equal to the preset's is not written, one that differs is
  const lr = dying.config.learningRate;
  assert.equal(sweepToHash({ preset: 'dying-relu-high-lr', base: { ...dying.config }, axes: [{ field: 'depth', values: [1, 2] }] }), '#preset=dying-relu-high-lr&vary=depth=1,2');
  assert.equal(sweepToHash({ preset: 'dying-relu-high-lr', base: { ...dying.config, learningRate: lr / 2 }, axes: [{ field: 'depth', values: [1, 2] }] }),
    `#preset=dying-relu-high-lr&learningRate=${lr / 2}&vary=depth=1,2`);
  const read = sweepFromHash(`#preset=dying-relu-high-lr&learningRate=${lr}&vary=depth=1,2`, { strict: true });
  assert.deepEqual(read.spec, { base: {}, preset: 'dying-relu-high-lr', axes: [{ field: 'depth', values: [1, 2] }] });
});

test('a link\'s entries: each bad one dropped with its warning whole, and what was used instead', () => {
  const cases = [
    ['#steps', [{ field: 'steps', value: '', message: 'steps: "" is not a whole number; using 1000 instead' }]],
    ['#steps=1e3', [{ field: 'steps', value: '1e3', message: 'steps: "1e3" is not a whole number; using 1000 instead' }]],
    ['#steps=1234567890123', [{ field: 'steps', value: '1234567890123', message: 'steps: "1234567890123" is not a whole number; using 1000 instead' }]],
    ['#seeds=&target=', [{ field: 'seeds', value: '', message: 'seeds: "" is not a whole number; using 1 instead' },
      { field: 'target', value: '', message: 'target: "" is not a number; using null instead' }]],
    ['#evalEvery=x', [{ field: 'evalEvery', value: 'x', message: 'evalEvery: "x" is not a whole number; using null instead' }]],
    ['#%E0%A4%A=1', [{ field: '%E0%A4%A', value: '1', message: '%E0%A4%A: malformed %-escape in the link; ignored' }]],
    ['#steps=%ZZ', [{ field: 'steps', value: '%ZZ', message: 'steps: malformed %-escape in the link; ignored' }]],
    [`#${'x'.repeat(65537)}`, [{ field: 'hash', value: '65537 characters', message: 'hash: is 65537 characters long (allowed at most 65536); nothing was read from it' }]],
    ['#preset=nope', [{ field: 'preset', value: 'nope', message: `preset: "nope" is not a preset (${Object.keys(presets).join(', ')}); using no preset` }]],
    [`#vary=${'a'.repeat(4097)}`, [{ field: 'vary[0]', value: `${'a'.repeat(200)}…`, message: 'vary[0]: is 4097 characters long (allowed at most 4096); this axis was left out' }]],
    ['#vary=depth=1,2&vary=width=0,3', [{ field: 'vary[1]', value: 'width=0,3', message: 'vary[1].values[0]: width: 0 is not an integer from 1 to 256; this axis was left out' }]],
    ['#vary=depth=1,2&vary=zzz', [{ field: 'vary[1]', value: 'zzz', message: `vary[1]: "zzz" is not FIELD=VALUES ${EXAMPLE}; this axis was left out` }]],
    // a target refused with the link's stepsToTarget says its own fault, not that nothing uses it
    ['#measures=stepsToTarget&target=-1', [
      { field: 'measures', value: 'stepsToTarget', message: 'target: stepsToTarget needs a target training loss (e.g. target: 0.1); using trainLoss,testLoss,testAccuracy instead' },
      { field: 'target', value: '-1', message: 'target: -1 is not a loss above 0; using null instead' }]],
    ['#measures=stepsToTarget&target=abc', [
      { field: 'measures', value: 'stepsToTarget', message: 'target: stepsToTarget needs a target training loss (e.g. target: 0.1); using trainLoss,testLoss,testAccuracy instead' },
      { field: 'target', value: 'abc', message: 'target: "abc" is not a number; using null instead' }]],
    ['#measures=trainLoss&target=0.5', [{ field: 'target', value: '0.5', message: 'target: is only used by the stepsToTarget measure: add it to measures or leave target out; using null instead' }]],
    ['#seeds=2&seeds=3', [{ field: 'seeds', value: '3', message: 'seeds: appears 2 times; only the last (3) is read' }]],
  ];
  for (const [hash, warnings] of cases) assert.deepEqual(sweepFromHash(hash).warnings, warnings, hash.slice(0, 60));
  // what each good entry reads as: whole numbers trimmed and signed, empty parts skipped, + a space
  const spec = (hash) => sweepFromHash(hash, { strict: true }).spec;
  assert.deepEqual(spec('#steps=+12&seeds= 3 &&'), { base: {}, steps: 12, seeds: 3 });
  assert.deepEqual(spec('#measures=trainLoss,+deadFraction'), { base: {}, measures: ['trainLoss', 'deadFraction'] });
  assert.deepEqual(spec('#target=0.5&measures=stepsToTarget,trainLoss'), { base: {}, measures: ['stepsToTarget', 'trainLoss'], target: 0.5 });
  assert.deepEqual(spec('#measures=stepsToTarget&target=0.5'), { base: {}, measures: ['stepsToTarget'], target: 0.5 });
  assert.deepEqual(spec('#steps=100&measures=trainLossCurve&evalEvery=4'), { base: {}, steps: 100, measures: ['trainLossCurve'], evalEvery: 4 });
  assert.deepEqual(spec('#seedMode=independent'), { base: {}, seedMode: 'independent' });
  // a '#' is taken off the link's start only
  assert.deepEqual(sweepFromHash('seeds=2#').warnings, [{ field: 'seeds', value: '2#', message: 'seeds: "2#" is not a whole number; using 1 instead' }]);
});

test('strict links throw the first problem, with its field', () => {
  const strict = (hash) => thrown(() => sweepFromHash(hash, { strict: true }));
  assert.equal(thrown(() => sweepFromHash(5)), 'TypeError [hash] hash: expected a string, got 5');
  assert.equal(strict(`#${'x'.repeat(65537)}`), 'RangeError [hash] hash: is 65537 characters long (allowed at most 65536)');
  assert.equal(strict('#%E0%A4%A=1'), 'TypeError [%E0%A4%A] %E0%A4%A: malformed %-escape in the link');
  assert.equal(strict('#preset=nope'), `TypeError [preset] preset: "nope" is not a preset (${Object.keys(presets).join(', ')})`);
  assert.equal(strict('#steps=x'), 'TypeError [steps] steps: "x" is not a whole number');
  // an axis's problem is named by its entry in the link, not by its place among the axes kept
  assert.equal(strict('#vary=depth=1,2&vary=depth=3'), 'RangeError [vary[1].field] vary[1].field: depth is already an axis (axes[0])');
  assert.equal(strict('#vary=depth=1,2&vary=learningRate=0.1,50'), 'RangeError [vary[1].values[1]] vary[1].values[1]: learningRate: 50 is out of range (allowed 1e-7 to 10)');
  assert.equal(strict(`#vary=${'a'.repeat(4097)}`), 'RangeError [vary[0]] vary[0]: is 4097 characters long (allowed at most 4096)');
});

test('a page\'s own entries: lenient unless asked, and the page\'s default axes kept when none of the link\'s can be read', () => {
  const axes = [{ field: 'activation', values: ['relu', 'tanh'] }];
  assert.deepEqual(readSweepEntries([{ name: 'steps', value: 'x' }]),
    { spec: { base: {} }, warnings: [{ field: 'steps', value: 'x', message: 'steps: "x" is not a whole number; using 1000 instead' }] });
  assert.equal(thrown(() => readSweepEntries([{ name: 'steps', value: 'x' }], { strict: true })), 'TypeError [steps] steps: "x" is not a whole number');
  assert.deepEqual(readSweepEntries([{ name: 'vary', value: 'zzz' }, { name: 'vary', value: 'depth=1,1' }], { defaults: { axes } }), {
    spec: { base: {}, axes },
    warnings: [
      { field: 'vary[0]', value: 'zzz', message: `vary[0]: "zzz" is not FIELD=VALUES ${EXAMPLE}; this axis was left out` },
      { field: 'vary[1]', value: 'depth=1,1', message: 'vary[1].values[1]: 1 appears twice (also values[0]); this axis was left out' },
      { field: 'vary', value: 'zzz & depth=1,1', message: 'vary: no axis of the link could be read; using the default axes' },
    ],
  });
  // without default axes a link whose axes all fail has none, and says so only per axis
  assert.deepEqual(readSweepEntries([{ name: 'vary', value: 'zzz' }]).warnings.map((w) => w.field), ['vary[0]']);
  // one axis read replaces the page's default axes whole
  assert.deepEqual(readSweepEntries([{ name: 'vary', value: 'zzz' }, { name: 'vary', value: 'depth=1,2' }], { defaults: { axes } }).spec.axes, [{ field: 'depth', values: [1, 2] }]);
});

test('the measures\' table agrees with the package README: when each is taken, and which are arrays', () => {
  const readme = readFileSync(path.join(root, 'web/README.md'), 'utf8');
  const start = readme.indexOf('### Measures');
  const section = readme.slice(start, readme.indexOf('\n#', start + 1));
  const rows = section.split('\n').filter((l) => /^\| `/.test(l)).map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
  const documented = new Map();
  for (const [names, taken, meaning] of rows) {
    const list = [...names.matchAll(/`(\w+)`/g)].map((m) => m[1]);
    // "end / initialisation, diagnostic": one kind per measure of the row, in order
    const kinds = taken.replace(/, diagnostic$/, '').split(' / ');
    const diagnostic = taken.endsWith(', diagnostic');
    list.forEach((name, i) => documented.set(name, { kind: kinds[Math.min(i, kinds.length - 1)], diagnostic, array: /\(an array\)|\(arrays\)/.test(meaning) }));
  }
  assert.deepEqual([...documented.keys()].sort(), Object.keys(sweepMeasures).sort(), 'README documents every measure, and no other');
  for (const [name, doc] of documented) {
    const n = needs([name]);
    const expected = {
      end: doc.kind === 'end',
      endDiag: doc.kind === 'end' && doc.diagnostic,
      initDiag: doc.kind === 'initialisation',
      curve: doc.kind === 'curve',
    };
    assert.deepEqual(n, expected, name);
    assert.equal(Boolean(sweepMeasures[name].array), doc.array, `${name}: array`);
  }
  // a list needs what any of its measures needs
  assert.deepEqual(needs(['trainLoss', 'gradRatioInit', 'trainLossCurve', 'deadFraction']), { end: true, endDiag: true, initDiag: true, curve: true });
  assert.deepEqual(needs([]), { end: false, endDiag: false, initDiag: false, curve: false });
});
