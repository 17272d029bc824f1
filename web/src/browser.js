// Entry for browsers, workers and bundlers (package.json "exports" → "browser"/"default").
// No node: imports here. The .wasm URLs are written as `new URL('literal', import.meta.url)`
// so Vite and webpack see them and ship the files; wasmPath/locateFile override them
// (CDNs, custom asset folders).
import { GradLab } from './engine.js';
import { chooseBuild } from './simd.js';
import { checkOptions, customLocation } from './options.js';

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
  return new GradLab(module, build);
}
