// The playground's own-data model without a browser: the learner's points as the page edits
// them (web/ui/src/data-set.js), and in the page's URL hash (state.js, url-sync.js): they come
// back from a link exactly, and over the link budget the hash leaves them out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { schema, limits, LINK_BUDGET, decodeData } from '../../web/src/node.js';
import { encodeData, gridValue } from '../../web/src/data-link.js';
import { emptyData, addPoint, movePoint, removePoint, nearestPoint, notYet, fromRunPoints, fromCSV, clearPoints, withClasses, pointCount, PAGE_CLASSES, engineData } from '../../web/ui/src/data-set.js';
import { parseState, stateToHash } from '../../web/ui/src/state.js';
import { stateHash } from '../../web/ui/src/url-sync.js';
import { throwsWith } from './helpers.mjs';

const D = schema.domain;

test('drawing: points snap to the link grid inside their plane; move, remove, clear, classes', () => {
  let d = emptyData('classes', 3);
  assert.deepEqual(d.domain, [[-D, D], [-D, D]]);
  assert.equal(notYet(d), `Add points: at least ${limits.minUserPoints} (there are 0).`);
  d = addPoint(d, [1.234567, -9], 2);  // outside the plane: kept on its edge
  assert.ok(d.inputs[1] >= -D && d.inputs[1] <= D, `x2 ${d.inputs[1]}`);
  // on the grid: 4,095 steps over the plane's width
  const step = (2 * D) / 4095;
  assert.ok(Math.abs(d.inputs[0] - 1.234567) <= step / 2 + 1e-6);
  assert.equal(notYet(d), `Add points: at least ${limits.minUserPoints} (there is 1).`);
  d = addPoint(d, [0, 0], 2);
  assert.equal(notYet(d), 'Add a point of a second class: a classifier needs two.');
  d = addPoint(d, [-1, 1], 0);
  assert.equal(notYet(d), '');
  assert.deepEqual([...d.targets], [2, 2, 0]);
  assert.equal(nearestPoint(d, [0.01, -0.01], [0.1, 0.1]), 1);
  assert.equal(nearestPoint(d, [0.5, 0.5], [0.1, 0.1]), -1);
  const moved = movePoint(d, 1, [2, 2]);
  assert.deepEqual([...moved.inputs.slice(0, 2)], [...d.inputs.slice(0, 2)]);
  assert.ok(Math.abs(moved.inputs[2] - 2) <= step);
  const removed = removePoint(moved, 0);
  assert.deepEqual([...removed.inputs], [...moved.inputs.slice(2)]);
  assert.deepEqual([...removed.targets], [2, 0]);
  assert.deepEqual([...withClasses(d, 2).targets], [1, 1, 0], 'labels above the new count go to its last class');
  assert.equal(pointCount(clearPoints(d)), 0);
  assert.ok(Object.isFrozen(d) && d !== addPoint(d, [0, 0], 1), 'changes make new objects');
  // a curve: the click's height is the value (two decimals)
  const c = addPoint(emptyData('curve'), [0.5], 1.23456);
  assert.equal(c.targets[0], Math.fround(1.23));
  assert.equal(c.inputDim, 1);
});

test('the current set\'s points start a drawing on the built-in plane; CSV through the API\'s reader with the page\'s classes', () => {
  const points = { dims: 2, coords: Float32Array.of(0.1, 0.2, -3, 3), targets: Float32Array.of(1, 0), targetDim: 1, train: Int32Array.of(0), test: Int32Array.of(1) };
  const d = fromRunPoints(points, { classification: true, classes: 2, inputDomain: [[-D, D], [-D, D]] });
  assert.equal(d.task, 'classification');
  assert.deepEqual([...d.targets], [1, 0]);
  assert.ok(Math.abs(d.inputs[0] - 0.1) < 0.002);
  assert.equal(fromRunPoints({ ...points, dims: 5 }, { classification: true, classes: 2, inputDomain: null }), null);
  const csv = fromCSV('x1,x2,label\n0,0,0\n1,1,7\n', 'f.csv');
  assert.equal(csv.classes, 8);
  assert.equal(csv.source, 'csv');
  throwsWith(assert, () => fromCSV('x1,x2,label\n0,0,0\n1,1,8\n'), RangeError, `line 3, column label: "8" is not a class index 0–${PAGE_CLASSES - 1}`);
  assert.equal(engineData(csv).points, 2);
});

test('the hash carries the points exactly while the run trains on them, and leaves them out over the budget', () => {
  let d = emptyData('classes');
  for (let i = 0; i < 50; i++) d = addPoint(d, [Math.sin(i) * 3, Math.cos(i * 1.3) * 3], i % 2);
  const state = { config: { ...parseState('').config, dataset: 'custom', hidden: [6] }, b: {}, ui: {}, data: d };
  const hash = stateToHash(state);
  assert.match(hash, /&data=[A-Za-z0-9_-]+$/);
  const back = parseState(hash);
  assert.deepEqual(back.warnings, []);
  assert.equal(back.config.dataset, 'custom');
  assert.deepEqual([...back.data.inputs], [...d.inputs]);
  assert.deepEqual([...back.data.targets], [...d.targets]);
  assert.deepEqual(back.data.domain, d.domain);
  // not trained on (a built-in set trains): not in the hash
  assert.doesNotMatch(stateToHash({ ...state, config: { ...state.config, dataset: 'circle' } }), /data=/);
  // over the budget: the address leaves them out
  let big = emptyData('classes');
  const inputs = new Float32Array(4000);
  for (let i = 0; i < 4000; i++) inputs[i] = Math.fround(Math.sin(i) * 3);  // off the grid: floats
  big = Object.freeze({ ...big, inputs, targets: Float32Array.from({ length: 2000 }, (_, i) => i % 2) });
  const full = stateToHash({ ...state, data: big });
  assert.ok(full.length > LINK_BUDGET);
  assert.equal(decodeData(full.split('data=')[1]).inputs.length, 4000);
  assert.doesNotMatch(stateHash({ ...state, data: big }, 'http://127.0.0.1/'), /data=/);
  assert.match(stateHash(state, 'http://127.0.0.1/'), /data=/);
  // a link whose data were mangled: a warning, no points
  const bad = parseState(`${hash.slice(0, -6)}AAAAAA`);
  assert.equal(bad.data, null);
  assert.match(bad.warnings.map((w) => w.message).join(' '), /data: the link's data does not check out/);
});

test('a data link is a format: what this version writes is pinned, reads back exactly, and damage is refused', () => {
  // Links are shared and kept: one written today must read the same data tomorrow, so the text
  // of a few is pinned (DATA_LINK_VERSION changes with the format).
  const g = (q) => gridValue(q, -D, D);
  const plane = [[-D, D], [-D, D]];
  const cases = [
    // every point on the plane's grid: 12 bits a coordinate
    [{ inputs: [g(0), g(4095), g(2048), g(100), g(7), g(3000)], targets: [0, 1, 2], inputDim: 2, task: 'classification', classes: 3, domain: plane }, 'AQ4CAwMA8P8AIBl0ALgrt1OPlQ'],
    // points off the grid: float32s
    [{ inputs: [g(0), g(4095), g(2048), g(100), 0.5, -0.25], targets: [0, 1, 2], inputDim: 2, task: 'classification', classes: 3, domain: plane }, 'AQYCAwNmZmbAZmZmQDjTmenIlmwBBwAA8AMAAOgrqA9JOA'],
    // a plane of its own
    [{ inputs: [0.25, 0.5, 1, 2], targets: [0, 1], inputDim: 2, task: 'classification', classes: 2, domain: [[0, 4], [-1, 3]] }, 'AQICAgIAAAAAAAAAAAAAAAAAABBAAAAAAAAA8L8AAAAAAAAIQAAAgD4AAAA_AAAAfwAAAIACqcpUUA'],
    // the built-in range on one axis only is a plane of its own too
    [{ inputs: [0.25, 0.5, 1, 2], targets: [0, 1], inputDim: 2, task: 'classification', classes: 2, domain: [[-D, D], [0, 4]] }, 'AQICAgLMzMzMzMwMwMzMzMzMzAxAAAAAAAAAAAAAAAAAAAAQQAAAgD4AAAA_AAAAfwAAAIACYVKy_g'],
    // regression with two target columns, no plane
    [{ inputs: [1.5, -2.25, 3.125], targets: [0.1, 0.2, -3, 4, 1e-3, 7], inputDim: 1, task: 'regression', outputDim: 2 }, 'AQEBAwIAAMA_zczMPc3MTD4AABDAAABAwAAAgEAAAEhAbxKDOgAA4EBUQIGN'],
  ];
  for (const [data, text] of cases) {
    const given = { ...data, inputs: Float32Array.from(data.inputs), targets: Float32Array.from(data.targets) };
    assert.equal(encodeData(given), text);
    const back = decodeData(text);
    assert.deepEqual([...back.inputs], [...given.inputs]);
    assert.deepEqual([...back.targets], [...given.targets]);
    assert.deepEqual([back.inputDim, back.task, back.classes, back.outputDim, back.domain], [data.inputDim, data.task, data.classes, data.outputDim, data.domain]);
  }
  const text = cases[0][1];
  const refused = (t, E, message) => assert.throws(() => decodeData(t), (e) => e instanceof E && e.field === 'data' && e.message === `data: ${message}`, message);
  const cut = "the link's data is cut short (was the link truncated when it was copied?)";
  const changed = "the link's data does not check out (it was changed or cut short on the way)";
  refused(text.slice(0, -1), RangeError, cut);
  refused('', RangeError, cut);
  refused('A', RangeError, cut);
  refused(text.slice(0, -2), RangeError, changed);
  refused(text.slice(0, 10) + (text[10] === 'A' ? 'B' : 'A') + text.slice(11), RangeError, changed);
  refused(`${text.slice(0, 5)}!${text.slice(6)}`, RangeError, 'the link\'s data holds "!" at character 6, which is not part of it (base64url: A–Z, a–z, 0–9, - and _)');
  refused(5, TypeError, "expected the link's data text, got number");
});
