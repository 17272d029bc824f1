// Entry for Node (package.json "exports" → "node"). Reads the .wasm bytes itself: the
// Emscripten 3.1.6 glue cannot fetch a file path under Node (docs/toolchain.md, quirk 2).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { GradLab } from './engine.js';
import { chooseBuild } from './simd.js';
import { checkOptions, customLocation, isUrl } from './options.js';

export * from './common.js';

/**
 * Loads the engine: the SIMD build where this runtime validates a SIMD probe, else the
 * scalar build (override with {simd: true | false}).
 */
export async function createGradLab(options = {}) {
  const opts = checkOptions(options);
  const build = chooseBuild(opts.simd);
  const file = `gradlab-${build}.wasm`;
  const { default: factory } = build === 'simd' ? await import('../dist/gradlab-simd.mjs') : await import('../dist/gradlab-scalar.mjs');
  let wasmBinary = opts.wasmBinary;
  if (wasmBinary === undefined) {
    const where = customLocation(file, opts) ?? new URL(`../dist/${file}`, import.meta.url);
    const location = isUrl(where) ? where.href : String(where);
    const path = /^file:/.test(location) ? fileURLToPath(location) : location;
    wasmBinary = await readFile(path);
  }
  const module = await factory({ wasmBinary });
  return new GradLab(module, build);
}
