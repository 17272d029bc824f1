// Weights as JSON-safe nested arrays and back. The flat layout is the engine's
// (core/session.hpp, export_weights): per layer W (units x inputs, row-major: W[j][i]
// feeds input i to unit j), then b (units).
import { typeError, rangeError, show, refuseUnknownKeys } from './errors.js';

/** Total number of parameters for the layer shapes [{inputs, units}]. */
function paramCount(shapes) {
  return shapes.reduce((n, s) => n + s.inputs * s.units + s.units, 0);
}

/** Flat Float32Array → {layers: [{W, b}]}. */
export function weightsToJSON(flat, shapes) {
  let k = 0;
  const layers = shapes.map(({ inputs, units }) => {
    const W = [];
    for (let j = 0; j < units; j++, k += inputs) W.push(Array.from(flat.subarray(k, k + inputs)));
    const b = Array.from(flat.subarray(k, k + units));
    k += units;
    return { W, b };
  });
  return { layers };
}

/** {layers: [{W, b}]} or a flat array → a checked Float32Array in the engine's layout. */
export function weightsFromJSON(value, shapes) {
  const n = paramCount(shapes);
  if (value instanceof Float32Array || Array.isArray(value) && typeof value[0] !== 'object') {
    if (value.length !== n) throw rangeError('weights', `holds ${value.length} values, the network has ${n} parameters`);
    // Float32Array.from would read null/false as 0, true as 1 and "1e3" as 1000.
    if (Array.isArray(value)) for (let i = 0; i < n; i++) num(value[i], `weights[${i}]`);
    return checkFinite(Float32Array.from(value), 'weights');
  }
  if (value === null || typeof value !== 'object' || !Array.isArray(value.layers))
    throw typeError('weights', `expected {layers: [{W, b}, ...]} or a Float32Array, got ${show(value)}`);
  // (a key the nested form does not have is refused: a misspelt "W" would otherwise be dropped)
  refuseUnknownKeys(value, 'weights', ['layers']);
  if (value.layers.length !== shapes.length)
    throw rangeError('weights.layers', `has ${value.layers.length} layers, the network has ${shapes.length}`);
  const out = new Float32Array(n);
  let k = 0;
  shapes.forEach(({ inputs, units }, l) => {
    const where = `weights.layers[${l}]`;
    const layer = value.layers[l];
    if (layer === null || typeof layer !== 'object' || Array.isArray(layer)) throw typeError(where, `expected {W, b}, got ${show(layer)}`);
    refuseUnknownKeys(layer, where, ['W', 'b']);
    const { W, b } = layer;
    if (!Array.isArray(W) || W.length !== units)
      throw rangeError(`${where}.W`, `expected ${units} rows (one per unit) of ${inputs} weights, got ${show(W)}`);
    // (a for loop, not forEach: a hole in a sparse list of rows is a row that is missing)
    for (let j = 0; j < units; j++) {
      const row = W[j];
      if (!Array.isArray(row) && !ArrayBuffer.isView(row) || row.length !== inputs)
        throw rangeError(`${where}.W[${j}]`, `expected ${inputs} weights, got ${show(row)}`);
      for (let i = 0; i < inputs; i++) out[k++] = num(row[i], `${where}.W[${j}][${i}]`);
    }
    if (!Array.isArray(b) && !ArrayBuffer.isView(b) || b.length !== units)
      throw rangeError(`${where}.b`, `expected ${units} biases, got ${show(b)}`);
    for (let j = 0; j < units; j++) out[k++] = num(b[j], `${where}.b[${j}]`);
  });
  return checkFinite(out, 'weights');
}

function num(v, label) {
  if (typeof v !== 'number') throw typeError(label, `expected a number, got ${show(v)}`);
  return v;
}

function checkFinite(a, label) {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) throw rangeError(`${label}[${i}]`, `${a[i]} is not finite`);
  return a;
}
