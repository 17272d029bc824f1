// createGradLab's options (web/src/options.js through the Node and browser entries): the build
// picked by feature detection or by `simd`, where the .wasm comes from (wasmPath as a folder,
// a URL or a function; locateFile; the bytes themselves), and each bad option refused with its
// name and what it expects, before anything is loaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root, dist } from './helpers.mjs';
import { createGradLab, simdSupported, chooseBuild } from '../../web/src/node.js';

/** Resolves to the error createGradLab rejects with (fails if it loads). */
async function refusal(options) {
  try {
    await createGradLab(options);
  } catch (e) {
    return e;
  }
  return assert.fail(`createGradLab(${String(options)}) loaded`);
}

test('the loader picks the scalar build when WebAssembly.validate rejects the SIMD probe', async () => {
  const real = WebAssembly.validate;
  try {
    WebAssembly.validate = () => false;  // what a browser without wasm SIMD answers
    assert.equal((await createGradLab()).build, 'scalar');
    WebAssembly.validate = (bytes) => real(bytes);
    assert.equal((await createGradLab()).build, 'simd');
  } finally {
    WebAssembly.validate = real;
  }
  assert.equal((await createGradLab({ simd: false })).build, 'scalar');
  assert.equal((await createGradLab({ simd: true })).build, 'simd');
  await assert.rejects(createGradLab({ simd: 'yes' }), (e) => e instanceof TypeError && /simd: expected true, false or "auto"/.test(e.message));
  await assert.rejects(createGradLab({ simdd: true }), (e) => e instanceof TypeError && /did you mean simd\?/.test(e.message));
});

test('simdSupported: the probe validates here; no SIMD where WebAssembly is missing or its validate throws', () => {
  assert.equal(simdSupported(), true, 'Node 20 has wasm SIMD: the probe module is valid');
  const wasm = Object.getOwnPropertyDescriptor(globalThis, 'WebAssembly');
  const real = WebAssembly.validate;
  try {
    WebAssembly.validate = () => { throw new TypeError('not a module'); };
    assert.equal(simdSupported(), false);
    WebAssembly.validate = real;
    delete globalThis.WebAssembly;  // an environment without WebAssembly at all
    assert.equal(simdSupported(), false);
  } finally {
    Object.defineProperty(globalThis, 'WebAssembly', wasm);
    WebAssembly.validate = real;
  }
  assert.equal(simdSupported(), true);
  assert.equal(chooseBuild(), 'simd', "no answer given: 'auto', detected");
});

test('wasmPath and wasmBinary override where the .wasm comes from', async () => {
  assert.equal((await createGradLab({ simd: false, wasmPath: dist })).build, 'scalar');
  const seen = [];
  await createGradLab({ simd: true, wasmPath: (f) => (seen.push(f), path.join(dist, f)) });
  assert.deepEqual(seen, ['gradlab-simd.wasm']);
  await assert.rejects(createGradLab({ wasmPath: path.join(root, 'no-such-folder') }), /ENOENT/);
  const g = await createGradLab({ simd: false, wasmBinary: readFileSync(path.join(dist, 'gradlab-scalar.wasm')) });
  const s = g.createSession({});
  assert.equal(s.step(10), 10);
  s.dispose();
});

test('wasmPath: a folder with or without its final slash, a URL, a URL-like object, or a function returning either', async () => {
  const folderUrl = pathToFileURL(`${dist}/`);
  // Where the loader looked is in the error when the file is not there; a wrong join shows in the path.
  const missing = path.join(root, 'no-such-folder');
  for (const where of [missing, `${missing}/`, pathToFileURL(`${missing}/`), { href: pathToFileURL(`${missing}/`).href }]) {
    const e = await refusal({ simd: false, wasmPath: where });
    assert.equal(e.code, 'ENOENT', String(where));
    assert.equal(e.path, path.join(missing, 'gradlab-scalar.wasm'), String(where));
  }
  for (const wasmPath of [dist, `${dist}/`, folderUrl, { href: folderUrl.href }, (f) => path.join(dist, f), (f) => new URL(f, folderUrl),
    (f) => ({ href: new URL(f, folderUrl).href })])
    assert.equal((await createGradLab({ simd: false, wasmPath })).build, 'scalar', String(wasmPath));
});

test('locateFile is called with the file name and the script folder, and wins over wasmPath', async () => {
  const calls = [];
  const locateFile = (file, dir) => (calls.push([file, dir]), path.join(dist, file));
  // wasmPath points nowhere: only locateFile's answer is read.
  const g = await createGradLab({ simd: false, locateFile, wasmPath: path.join(root, 'no-such-folder') });
  assert.equal(g.build, 'scalar');
  assert.deepEqual(calls, [['gradlab-scalar.wasm', '']]);
});

test('wasmBinary: an ArrayBuffer or any view of the bytes', async () => {
  const bytes = readFileSync(path.join(dist, 'gradlab-scalar.wasm'));
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  for (const wasmBinary of [buffer, new Uint8Array(buffer), bytes])
    assert.equal((await createGradLab({ simd: false, wasmBinary, wasmPath: path.join(root, 'no-such-folder') })).build, 'scalar');
});

test('bad options are refused with the option named and what it expects', async () => {
  for (const [options, field, message] of [
    [null, 'options', 'options: expected an object, got null'],
    [5, 'options', 'options: expected an object, got 5'],
    ['simd', 'options', 'options: expected an object, got "simd"'],
    [{ wasmpath: dist }, 'wasmpath', 'wasmpath: unknown option of createGradLab (did you mean wasmPath?)'],
    [{ locatefile: () => dist }, 'locatefile', 'locatefile: unknown option of createGradLab (did you mean locateFile?)'],
    [{ wasmbinary: new Uint8Array(8) }, 'wasmbinary', 'wasmbinary: unknown option of createGradLab (did you mean wasmBinary?)'],
    [{ url: 1 }, 'url', 'url: unknown option of createGradLab'],
    [{ wasmPath: 42 }, 'wasmPath', 'wasmPath: expected a folder (string or URL) or a function (fileName) => location, got 42'],
    [{ wasmPath: null }, 'wasmPath', 'wasmPath: expected a folder (string or URL) or a function (fileName) => location, got null'],
    [{ wasmPath: {} }, 'wasmPath', 'wasmPath: expected a folder (string or URL) or a function (fileName) => location, got [object Object]'],
    [{ wasmPath: { href: 7 } }, 'wasmPath', 'wasmPath: expected a folder (string or URL) or a function (fileName) => location, got [object Object]'],
    [{ locateFile: 'wasm/' }, 'locateFile', 'locateFile: expected a function (fileName, scriptDirectory) => url, got "wasm/"'],
    [{ locateFile: null }, 'locateFile', 'locateFile: expected a function (fileName, scriptDirectory) => url, got null'],
    [{ wasmBinary: 'bytes' }, 'wasmBinary', 'wasmBinary: expected the .wasm bytes (ArrayBuffer or Uint8Array), got "bytes"'],
    [{ wasmBinary: [0, 97, 115, 109] }, 'wasmBinary', 'wasmBinary: expected the .wasm bytes (ArrayBuffer or Uint8Array), got [0, 97, 115, 109]'],
  ]) {
    const e = await refusal(options);
    assert.ok(e instanceof TypeError, `${field}: ${e}`);
    assert.equal(e.field, field);
    assert.equal(e.message, message);
  }
  // Options left undefined are the defaults.
  assert.equal((await createGradLab({ simd: false, wasmPath: undefined, locateFile: undefined, wasmBinary: undefined })).build, 'scalar');
});

test('the browser entry runs given the bytes, and checks its options the same way', async () => {
  const src = readFileSync(path.join(root, 'web/src/browser.js'), 'utf8');
  assert.doesNotMatch(src, /from\s+['"]node:|import\(['"]node:/);
  const { createGradLab: browserCreate } = await import('../../web/src/browser.js');
  const g = await browserCreate({ simd: false, wasmBinary: readFileSync(path.join(dist, 'gradlab-scalar.wasm')) });
  const s = g.createSession({});
  assert.equal(s.step(5), 5);
  s.dispose();
  await assert.rejects(browserCreate({ wasmPath: 42 }), (e) => e instanceof TypeError && e.field === 'wasmPath');
});
