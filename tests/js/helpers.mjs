// Shared by the tests in this folder (and the property modules in props/): paths, the engine
// loaded in both builds, and assertion helpers.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGradLab } from '../../web/src/node.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const dist = path.join(root, 'web/dist');

/** Number words a lesson's own sentences must not use: their numbers come from the data behind the panels. */
export const NUMBER_WORDS = /\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|hundreds?|thousands?|millions?|half|twice|dozens?|quarter)\b/i;

let loaded;
/** Both builds, loaded once per test file: [{name, gradlab}]. */
export async function builds() {
  loaded ??= Promise.all(['simd', 'scalar'].map(async (name) => ({ name, gradlab: await createGradLab({ simd: name === 'simd' }) })));
  return loaded;
}

/**
 * Sessions a test makes are disposed after it (Node 20 has no `using` declarations): call once
 * at the top of a test file with node:test's afterEach (not imported here: the property modules
 * load this file in worker threads, outside any test); wrap each session in what it returns.
 */
export function disposedAfterEach(afterEach) {
  const live = [];
  afterEach(() => live.splice(0).forEach((s) => s.dispose()));
  return (s) => (live.push(s), s);
}

/** Asserts that fn throws an error of class E whose message contains every given fragment. */
export function throwsWith(assert, fn, E, ...fragments) {
  let err;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected ${E.name}, nothing was thrown`);
  assert.ok(err instanceof E, `expected ${E.name}, got ${err?.constructor?.name}: ${err?.message}`);
  for (const f of fragments) assert.ok(err.message.includes(f), `message ${JSON.stringify(err.message)} should contain ${JSON.stringify(f)}`);
  return err;
}

/** The exception fn throws, as "Class [field] message" (a refusal read whole); fails if none. */
export function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return `${e.constructor.name} [${e.field}] ${e.message}`;
  }
  assert.fail('nothing was thrown');
}

/** Every number anywhere in x (objects, arrays, typed arrays) is finite: what a chart or a URL can show. */
export function assertFiniteDeep(x, where) {
  if (typeof x === 'number') assert.ok(Number.isFinite(x), `${where} is ${x}`);
  else if (ArrayBuffer.isView(x)) {
    for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) assert.fail(`${where}[${i}] is ${x[i]}`);
  } else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) assertFiniteDeep(v, `${where}.${k}`);
}

/**
 * Grids are the float32 network evaluated over the plane, and a run that is not diverged can
 * still overflow there: far from its data, a unit that is off on every training point may switch
 * on with huge weights (the loss, gradient and weights the engine checks stay finite). Checks
 * that every non-finite grid value is such an overflow and not garbage: the output grid agrees
 * bit for bit with the output units of the neuron grids (same resolution), and wherever a unit's
 * value is not finite, its layer's input there was not finite either, or |W|·|a| + |b| summed
 * in double reaches half of float32's largest value (half: the activation after the sum, e.g.
 * SELU's λ·z, may scale it past the edge).
 */
export function assertOverflowExplained(s, g, n, where) {
  assert.equal(g.resolution, n.resolution, `${where}: grids at one resolution`);
  const P = n.points, k = s.info.outputs, firstOut = n.units - k;
  for (let p = 0; p < P; p++)
    for (let j = 0; j < k; j++) {
      const a = g.values[p * k + j], b = n.values[(firstOut + j) * P + p];
      if (!Object.is(a, b)) assert.fail(`${where}: predictGrid()[${p * k + j}] = ${a} but the output unit's neuron grid says ${b}`);
    }
  const layers = n.layers;  // inputs, hidden layers, outputs
  assert.equal(layers.at(-1).start, firstOut);
  const { layers: weights } = s.getWeights();
  const HALF_FLT_MAX = 3.4028234663852886e38 / 2;
  for (let l = 1; l < layers.length; l++) {
    const below = layers[l - 1], here = layers[l], { W, b } = weights[l - 1];
    for (let u = 0; u < here.units; u++)
      for (let p = 0; p < P; p++) {
        if (Number.isFinite(n.values[(here.start + u) * P + p])) continue;
        let bound = Math.abs(b[u]), inputOk = true;
        for (let i = 0; i < below.units; i++) {
          const x = n.values[(below.start + i) * P + p];
          if (!Number.isFinite(x)) inputOk = false;
          bound += Math.abs(W[u][i]) * Math.abs(x);
        }
        assert.ok(!inputOk || bound >= HALF_FLT_MAX,
          `${where}: unit ${here.start + u} at grid point ${p} is ${n.values[(here.start + u) * P + p]} although its inputs are finite and |W|·|a| + |b| = ${bound}`);
      }
  }
  for (let i = 0; i < layers[0].units * P; i++)
    if (!Number.isFinite(n.values[i])) assert.fail(`${where}: input feature grid value ${i} is ${n.values[i]}`);
}

// -0 and 0 are the same setting: the engine only ever sees the text form, where both are "0".
// Configurations are compared after their -0 were written as 0.
export const plusZero = (c) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, Object.is(v, -0) ? 0 : v]));
