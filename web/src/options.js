// Options of createGradLab(), checked the same way as configurations.
import { typeError, show, didYouMean } from './errors.js';

/** A URL object, or anything with a string `href` like one (the types promise no more). */
export const isUrl = (v) => v instanceof URL || (v !== null && typeof v === 'object' && typeof v.href === 'string');

const KEYS = ['simd', 'wasmPath', 'locateFile', 'wasmBinary'];

export function checkOptions(options = {}) {
  if (options === null || typeof options !== 'object') throw typeError('options', `expected an object, got ${show(options)}`);
  for (const k of Object.keys(options))
    if (!KEYS.includes(k)) throw typeError(k, `unknown option of createGradLab${didYouMean(k, KEYS)}`);
  const { wasmPath, locateFile, wasmBinary } = options;
  if (wasmPath !== undefined && typeof wasmPath !== 'string' && !isUrl(wasmPath) && typeof wasmPath !== 'function')
    throw typeError('wasmPath', `expected a folder (string or URL) or a function (fileName) => location, got ${show(wasmPath)}`);
  if (locateFile !== undefined && typeof locateFile !== 'function')
    throw typeError('locateFile', `expected a function (fileName, scriptDirectory) => url, got ${show(locateFile)}`);
  if (wasmBinary !== undefined && !(wasmBinary instanceof ArrayBuffer) && !ArrayBuffer.isView(wasmBinary))
    throw typeError('wasmBinary', `expected the .wasm bytes (ArrayBuffer or Uint8Array), got ${show(wasmBinary)}`);
  return { simd: 'auto', ...options };
}

/** Where the .wasm file is, from wasmPath (a folder or a function) or locateFile; undefined: the default. */
export function customLocation(file, { wasmPath, locateFile }, scriptDir = '') {
  if (locateFile) return locateFile(file, scriptDir);
  if (typeof wasmPath === 'function') {
    const where = wasmPath(file);
    return isUrl(where) ? where.href : where;
  }
  if (wasmPath !== undefined) {
    const dir = isUrl(wasmPath) ? wasmPath.href : wasmPath;
    return dir.endsWith('/') ? dir + file : `${dir}/${file}`;
  }
  return undefined;
}
