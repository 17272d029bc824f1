// SIMD feature detection, as tfjs-backend-wasm does it: validate a tiny module that uses a
// v128 instruction. Browsers without wasm SIMD (older Safari) reject it; no UA sniffing.

import { typeError, show } from './errors.js';

// (module (func (result v128) i32.const 0 i8x16.splat i8x16.popcnt))
const PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

export function simdSupported() {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(PROBE);
  } catch {
    return false;
  }
}

/** 'simd' or 'scalar' from the `simd` option: true, false or 'auto' (detect). */
export function chooseBuild(simd = 'auto') {
  if (simd === true) return 'simd';
  if (simd === false) return 'scalar';
  if (simd !== 'auto') throw typeError('simd', `expected true, false or "auto", got ${show(simd)}`);
  return simdSupported() ? 'simd' : 'scalar';
}
