// The size budget README.md states (gzipped): what a course page loads for the element (its
// script, the chunks it imports and its stylesheet), the engine's worker (its script, its
// imports and the engine's JS glue it loads) and each .wasm build. The budget is read from the
// README, so the README cannot promise less than the build delivers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { root, uiDir } from './helpers.mjs';

const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const assets = readdirSync(path.join(uiDir, 'assets'));
const one = (re, what) => {
  const found = assets.filter((f) => re.test(f));
  assert.equal(found.length, 1, `one ${what} in build/ui/assets (${found.join(', ')})`);
  return path.join(uiDir, 'assets', found[0]);
};

/** A script and every script it imports statically (relative imports, as Vite writes them), transitively. */
function closure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/(?:\bfrom|\bimport)\s*["'](\.\.?\/[^"']+\.js)["']/g)) closure(path.resolve(path.dirname(file), m[1]), seen);
  return seen;
}

/** README's budget line: "**Size budget** … the element N KB …, the engine's worker N KB …, each `.wasm` build N KB". */
function budget() {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const line = readme.split('\n').find((l) => l.startsWith('**Size budget**'));
  assert.ok(line, 'README.md states a size budget');
  const kb = (what) => {
    const m = new RegExp(`${what} (\\d+) KB`).exec(line);
    assert.ok(m, `the budget names ${what}`);
    return Number(m[1]) * 1024;
  };
  return { element: kb('the element'), worker: kb('the engine\'s worker'), wasm: kb('each `\\.wasm` build') };
}

test('the element, the worker and each .wasm build stay within the budget README.md states (gzipped)', () => {
  const b = budget();
  const elementFiles = closure(path.join(uiDir, 'gradlab-playground.js'));
  const css = one(/^styles-[\w-]{8}\.css$/, 'stylesheet');
  const element = [...elementFiles].reduce((a, f) => a + gz(f), 0) + gz(css);
  assert.ok(elementFiles.size >= 2, 'the element\'s script imports its chunks');
  const workerFile = one(/^worker-[\w-]{8}\.js$/, 'engine worker');
  const glue = one(/^gradlab-simd-[\w-]{8}\.js$/, 'SIMD glue');
  const worker = [...closure(workerFile)].reduce((a, f) => a + gz(f), 0) + gz(glue);
  const wasm = ['simd', 'scalar'].map((build) => gz(one(new RegExp(`^gradlab-${build}-[\\w-]{8}\\.wasm$`), `${build} .wasm`)));
  const report = `element ${(element / 1024).toFixed(1)} KB, worker ${(worker / 1024).toFixed(1)} KB, wasm ${wasm.map((w) => (w / 1024).toFixed(1)).join(' / ')} KB`;
  console.log(`gzipped: ${report}`);
  assert.ok(element <= b.element, `the element: ${report} (budget ${b.element / 1024} KB)`);
  assert.ok(worker <= b.worker, `the worker: ${report} (budget ${b.worker / 1024} KB)`);
  for (const w of wasm) assert.ok(w <= b.wasm, `a .wasm build: ${report} (budget ${b.wasm / 1024} KB)`);
  // the figures are not padded past use: each is at least half its budget
  assert.ok(element > b.element / 2 && worker > b.worker / 2 && Math.min(...wasm) > b.wasm / 2, `the measured figures are the budget's scale: ${report}`);
});
