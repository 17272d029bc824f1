// Entry for browsers, workers and bundlers (package.json "exports" → "browser"/"default").
// No node: imports here. The .wasm URLs are written as `new URL('literal', import.meta.url)`
// so Vite and webpack see them and ship the files; wasmPath/locateFile override them
// (CDNs, custom asset folders).
import { GradLab } from './engine.js';
import { chooseBuild } from './simd.js';
import { checkOptions, customLocation } from './options.js';
import { sweepLoading } from './sweep/sweep.js';
import { spawnWorker, defaultWorkers } from './sweep/pool-browser.js';

export * from './common.js';

const defaultUrl = {
  simd: () => new URL('../dist/gradlab-simd.wasm', import.meta.url),
  scalar: () => new URL('../dist/gradlab-scalar.wasm', import.meta.url),
};

/**
 * Loads the engine: the SIMD build where the browser validates a SIMD probe, else the
 * scalar build (override with {simd: true | false}).
 */
export async function createGradLab(options = {}) {
  const opts = checkOptions(options);
  const build = chooseBuild(opts.simd);
  const { default: factory } = build === 'simd' ? await import('../dist/gradlab-simd.mjs') : await import('../dist/gradlab-scalar.mjs');
  const moduleOptions = {
    locateFile: (file, dir) => String(customLocation(file, opts, dir) ?? defaultUrl[build]().href),
  };
  if (opts.wasmBinary !== undefined) moduleOptions.wasmBinary = opts.wasmBinary;
  const module = await factory(moduleOptions);
  // Sweep workers load the same file (an absolute URL: a worker's base URL is its own
  // module's), or the same bytes when they were given.
  const custom = customLocation(`gradlab-${build}.wasm`, opts);
  const location = custom === undefined ? null : new URL(String(custom), globalThis.location?.href).href;
  const workerLoad = { simd: build === 'simd', location, wasmBinary: opts.wasmBinary ?? null };
  return new GradLab(module, build, { spawnWorker, defaultWorkers, workerLoad });
}

/** Loads an engine (`options.engine`: createGradLab's options) and runs a sweep on it; see GradLab#sweep. */
export const sweep = sweepLoading(createGradLab);
