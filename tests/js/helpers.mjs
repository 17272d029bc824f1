// Shared by the tests in this folder (and the property modules in props/): paths, the engine
// loaded in both builds, and assertion helpers.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGradLab } from '../../web/src/node.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const dist = path.join(root, 'web/dist');

let loaded;
/** Both builds, loaded once per test file: [{name, gradlab}]. */
export async function builds() {
  loaded ??= Promise.all(['simd', 'scalar'].map(async (name) => ({ name, gradlab: await createGradLab({ simd: name === 'simd' }) })));
  return loaded;
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

/** Every number anywhere in x (objects, arrays, typed arrays) is finite: what a chart or a URL can show. */
export function assertFiniteDeep(x, where) {
  if (typeof x === 'number') assert.ok(Number.isFinite(x), `${where} is ${x}`);
  else if (ArrayBuffer.isView(x)) {
    for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) assert.fail(`${where}[${i}] is ${x[i]}`);
  } else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) assertFiniteDeep(v, `${where}.${k}`);
}

// -0 and 0 are the same setting: the engine only ever sees the text form, where both are "0".
// Configurations are compared after their -0 were written as 0.
export const plusZero = (c) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, Object.is(v, -0) ? 0 : v]));
