// scripts/serve.mjs with staticHost: what the cold-load benchmark relies on a static host to do
// — gzip for clients that accept it, ETags answered with 304, a year's caching only for Vite's
// hashed files under assets/ and revalidation for everything else — and nothing more.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { uiDir, httpGet } from './helpers.mjs';
import { serve } from '../../scripts/serve.mjs';

let srv;
before(async () => {
  srv = await serve({ mounts: [{ prefix: '/', dir: uiDir }], staticHost: true, csp: true });
});
after(async () => srv?.close());

const get = (pathname, headers = {}) => httpGet(srv.url, pathname, { headers });

const wasm = readdirSync(path.join(uiDir, 'assets')).find((f) => /^gradlab-simd-[\w-]{8}\.wasm$/.test(f));

test('gzip only when the client accepts it, the same bytes once unzipped', async () => {
  const plain = await get(`/assets/${wasm}`);
  const zipped = await get(`/assets/${wasm}`, { 'Accept-Encoding': 'gzip, br' });
  const file = readFileSync(path.join(uiDir, 'assets', wasm));
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.deepEqual(plain.body, file);
  assert.equal(zipped.headers['content-encoding'], 'gzip');
  assert.equal(zipped.headers['content-type'], 'application/wasm');
  assert.ok(zipped.body.length < file.length / 2, `${zipped.body.length} of ${file.length} bytes`);
  assert.deepEqual(gunzipSync(zipped.body), file);
  assert.equal(zipped.headers.vary, 'Accept-Encoding');
});

test('hashed assets are cached for a year, pages are revalidated with their ETag', async () => {
  const asset = await get(`/assets/${wasm}`);
  assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
  const page = await get('/embed.html');
  assert.equal(page.headers['cache-control'], 'no-cache');
  assert.ok(page.headers.etag);
  const again = await get('/embed.html', { 'If-None-Match': page.headers.etag });
  assert.equal(again.status, 304);
  assert.equal(again.body.length, 0);
  assert.equal((await get('/embed.html', { 'If-None-Match': '"other"' })).status, 200);
  // the element's entry file keeps its name across builds: revalidated, never cached blind
  assert.equal((await get('/gradlab-playground.js')).headers['cache-control'], 'no-cache');
  // the policy and the refusals stay
  assert.ok(page.headers['content-security-policy']);
  assert.equal((await get('/../package.json')).status, 404);
});
