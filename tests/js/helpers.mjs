// Shared by the tests in this folder: paths, and the engine loaded in both builds.
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
