// Entry for Node (package.json "exports" → "node"). Reads the .wasm bytes itself: the
// Emscripten 3.1.6 glue cannot fetch a file path under Node (docs/toolchain.md, quirk 2).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { GradLab } from './engine.js';
import { chooseBuild } from './simd.js';
import { checkOptions, customLocation, isUrl } from './options.js';
import { sweepLoading } from './sweep/sweep.js';
import { spawnWorker, defaultWorkers } from './sweep/pool-node.js';

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
  let location = null;
  if (wasmBinary === undefined) {
    const where = customLocation(file, opts) ?? new URL(`../dist/${file}`, import.meta.url);
    const text = isUrl(where) ? where.href : String(where);
    location = /^file:/.test(text) ? fileURLToPath(text) : text;
    wasmBinary = await readFile(location);
  }
  const module = await factory({ wasmBinary });
  // Sweep workers load the same file (or the same bytes, when they were given).
  const workerLoad = { simd: build === 'simd', location, wasmBinary: opts.wasmBinary ?? null };
  return new GradLab(module, build, { spawnWorker, defaultWorkers, workerLoad });
}

/** Loads an engine (`options.engine`: createGradLab's options) and runs a sweep on it; see GradLab#sweep. */
export const sweep = sweepLoading(createGradLab);
