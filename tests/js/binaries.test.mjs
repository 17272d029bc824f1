// What ships: the SIMD build uses v128 instructions and the scalar build none; no shipped JS
// evaluates strings. (How the loader picks a build and where it finds the .wasm: loader.test.mjs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { root, dist } from './helpers.mjs';

// binaryen's text names for SIMD instructions: v128.*, and lane-typed ops like f32x4.add.
const SIMD_OP = /\b(v128|[if](8x16|16x8|32x4|64x2))\.[a-z_]+/g;

function simdOps(file) {
  const text = execFileSync('wasm-dis', [path.join(dist, file)], { encoding: 'utf8', maxBuffer: 256 << 20 });
  assert.ok(text.includes('(func '), `wasm-dis read ${file}`);
  return text.match(SIMD_OP) ?? [];
}

test('the SIMD build contains v128 instructions, including the f32x4 arithmetic of the kernels', () => {
  const ops = simdOps('gradlab-simd.wasm');
  assert.ok(ops.length > 100, `only ${ops.length} SIMD instructions`);
  for (const op of ['f32x4.add', 'f32x4.mul', 'v128.load', 'v128.store']) assert.ok(ops.includes(op), `missing ${op}`);
});

test('the scalar build contains no SIMD instruction', () => {
  assert.deepEqual(simdOps('gradlab-scalar.wasm'), []);
});

/** Every file the package ships, from package.json's `files` whitelist. */
function shippedFiles() {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const out = [];
  const walk = (p) => (statSync(p).isDirectory() ? readdirSync(p).forEach((f) => walk(path.join(p, f))) : out.push(p));
  for (const f of pkg.files) walk(path.join(root, f));
  return out;
}

test('shipped JS contains no eval(, new Function or innerHTML', () => {
  const js = shippedFiles().filter((f) => /\.(m?js|d\.ts)$/.test(f));
  assert.ok(js.some((f) => f.endsWith('gradlab-simd.mjs')) && js.some((f) => f.endsWith('cli.js')), 'the scan covers the glue and the sources');
  for (const f of js) {
    const text = readFileSync(f, 'utf8');
    for (const bad of [/\beval\s*\(/, /new\s+Function\b/, /\binnerHTML\b/]) assert.doesNotMatch(text, bad, `${path.relative(root, f)} matches ${bad}`);
  }
});
