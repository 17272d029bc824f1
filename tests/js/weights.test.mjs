// Weights as nested arrays and back (web/src/weights.js), on a network written out by hand:
// 2 inputs -> 3 units -> 1 output, so 2*3 + 3 + 3*1 + 1 = 13 parameters. The engine's flat
// layout (per layer W row by row, W[j][i] feeding input i to unit j, then b) is spelt out
// entry by entry, and every refusal is checked for its error class, the field it names and
// what it says about the value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { weightsToJSON, weightsFromJSON } from '../../web/src/weights.js';

const shapes = [{ inputs: 2, units: 3 }, { inputs: 3, units: 1 }];
const flat = Float32Array.from({ length: 13 }, (_, i) => i);
const nested = () => ({
  layers: [
    { W: [[0, 1], [2, 3], [4, 5]], b: [6, 7, 8] },
    { W: [[9, 10, 11]], b: [12] },
  ],
});

/** Asserts fn throws an error of class E whose field and message are the ones given. */
function refuses(fn, E, field, message) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof E, `${e.constructor.name}: ${e.message}`);
    assert.equal(e.field, field);
    assert.equal(e.message, `${field}: ${message}`);
    return true;
  });
}

test('weightsToJSON: the flat layout read back as rows of W then b, layer by layer', () => {
  assert.deepEqual(weightsToJSON(flat, shapes), nested());
  assert.deepEqual(weightsToJSON(new Float32Array(0), []), { layers: [] });
  // rows are plain arrays (JSON-safe), not views on the flat array
  const json = weightsToJSON(flat, shapes);
  assert.ok(Array.isArray(json.layers[0].W[0]) && Array.isArray(json.layers[0].b));
});

test('weightsFromJSON: nested form, flat arrays and typed rows give the engine layout', () => {
  const fromNested = weightsFromJSON(nested(), shapes);
  assert.ok(fromNested instanceof Float32Array);
  assert.deepEqual(Array.from(fromNested), Array.from(flat));
  assert.deepEqual(Array.from(weightsFromJSON(Array.from(flat), shapes)), Array.from(flat));
  assert.deepEqual(Array.from(weightsFromJSON(flat, shapes)), Array.from(flat));
  const typed = nested();
  typed.layers[0].W[1] = new Float64Array([2, 3]);
  typed.layers[1].b = new Float32Array([12]);
  assert.deepEqual(Array.from(weightsFromJSON(typed, shapes)), Array.from(flat));
  // a value rounds to float32 on the way in, as the engine holds it
  const v = Array.from(flat);
  v[4] = 0.1;
  assert.equal(weightsFromJSON(v, shapes)[4], Math.fround(0.1));
});

test('weightsFromJSON: a flat array of the wrong length or with a non-number is refused', () => {
  refuses(() => weightsFromJSON(Array.from(flat).slice(1), shapes), RangeError, 'weights', 'holds 12 values, the network has 13 parameters');
  refuses(() => weightsFromJSON(new Float32Array(14), shapes), RangeError, 'weights', 'holds 14 values, the network has 13 parameters');
  refuses(() => weightsFromJSON([], shapes), RangeError, 'weights', 'holds 0 values, the network has 13 parameters');
  // Float32Array.from would read these as 0, 1 and 1000
  for (const [bad, shown] of [[null, 'null'], [true, 'true'], ['1e3', '"1e3"']]) {
    const v = Array.from(flat);
    v[7] = bad;
    refuses(() => weightsFromJSON(v, shapes), TypeError, 'weights[7]', `expected a number, got ${shown}`);
  }
});

test('weightsFromJSON: a value that is not finite in float32 is refused with its index', () => {
  const v = Array.from(flat);
  v[5] = NaN;
  refuses(() => weightsFromJSON(v, shapes), RangeError, 'weights[5]', 'NaN is not finite');
  refuses(() => weightsFromJSON(Float32Array.from(v), shapes), RangeError, 'weights[5]', 'NaN is not finite');
  const big = nested();
  big.layers[1].W[0][2] = 1e39;  // finite as a double, Infinity as a float32; flat index 6 + 3 + 2
  refuses(() => weightsFromJSON(big, shapes), RangeError, 'weights[11]', 'Infinity is not finite');
  const last = nested();
  last.layers[1].b[0] = -Infinity;
  refuses(() => weightsFromJSON(last, shapes), RangeError, 'weights[12]', '-Infinity is not finite');
});

test('weightsFromJSON: the nested form refused where it departs from the network, naming the place', () => {
  for (const [bad, shown] of [[null, 'null'], [undefined, 'undefined'], [5, '5'], ['abc', '"abc"'], [{}, '[object Object]'], [{ layers: 'x' }, '[object Object]']])
    refuses(() => weightsFromJSON(bad, shapes), TypeError, 'weights', `expected {layers: [{W, b}, ...]} or a Float32Array, got ${shown}`);
  // an array of objects is the nested form without its wrapper, not a flat array
  refuses(() => weightsFromJSON(nested().layers, shapes), TypeError, 'weights',
    'expected {layers: [{W, b}, ...]} or a Float32Array, got [[object Object], [object Object]]');
  refuses(() => weightsFromJSON({ layers: nested().layers.slice(0, 1) }, shapes), RangeError, 'weights.layers', 'has 1 layers, the network has 2');

  const edit = (f) => {
    const v = nested();
    f(v.layers);
    return () => weightsFromJSON(v, shapes);
  };
  refuses(edit((L) => L[0].W.pop()), RangeError, 'weights.layers[0].W', 'expected 3 rows (one per unit) of 2 weights, got [[0, 1], [2, 3]]');
  refuses(edit((L) => (L[1] = null)), TypeError, 'weights.layers[1]', 'expected {W, b}, got null');
  refuses(edit((L) => (L[1] = [])), TypeError, 'weights.layers[1]', 'expected {W, b}, got []');
  // a key the nested form does not have is refused (a misspelt W would otherwise vanish)
  refuses(edit((L) => (L[0].w = L[0].W)), TypeError, 'weights.layers[0].w', 'unknown key (did you mean W?)');
  refuses(() => weightsFromJSON({ ...nested(), junk: {} }, shapes), TypeError, 'weights.junk', 'unknown key');
  // a hole in a sparse list of rows is the row that is missing, named at its place
  refuses(edit((L) => delete L[0].W[1]), RangeError, 'weights.layers[0].W[1]', 'expected 2 weights, got undefined');
  refuses(edit((L) => (L[1].W = 'abc')), RangeError, 'weights.layers[1].W', 'expected 1 rows (one per unit) of 3 weights, got "abc"');
  refuses(edit((L) => L[0].W[2].push(9)), RangeError, 'weights.layers[0].W[2]', 'expected 2 weights, got [4, 5, 9]');
  refuses(edit((L) => (L[0].W[1] = '23')), RangeError, 'weights.layers[0].W[1]', 'expected 2 weights, got "23"');
  refuses(edit((L) => (L[1].W[0] = new Float32Array(2))), RangeError, 'weights.layers[1].W[0]', 'expected 3 weights, got [object Float32Array]');
  refuses(edit((L) => (L[0].W[1][0] = '2')), TypeError, 'weights.layers[0].W[1][0]', 'expected a number, got "2"');
  refuses(edit((L) => (L[0].b = [6, 7])), RangeError, 'weights.layers[0].b', 'expected 3 biases, got [6, 7]');
  refuses(edit((L) => delete L[1].b), RangeError, 'weights.layers[1].b', 'expected 1 biases, got undefined');
  refuses(edit((L) => (L[1].b = 'x')), RangeError, 'weights.layers[1].b', 'expected 1 biases, got "x"');
  refuses(edit((L) => (L[0].b[2] = null)), TypeError, 'weights.layers[0].b[2]', 'expected a number, got null');
});
