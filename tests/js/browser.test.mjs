// The browser entry in a real headless Chromium, served from 127.0.0.1 under a strict CSP
// (no 'unsafe-eval'): it loads the .wasm from next to the module by itself, picks the SIMD
// build, can be told to use the scalar one, and trains.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { root } from './helpers.mjs';
import { CHROMIUM_ARGS } from '../e2e/helpers.mjs';
import { serve } from '../../scripts/serve.mjs';

// The page's script (a file, since the CSP forbids inline scripts).
const PAGE_JS = `
import { createGradLab } from '/web/src/browser.js';
const results = [];
for (const simd of ['auto', false]) {
  const g = await createGradLab({ simd });
  const s = g.createSession({ hidden: [6, 6], learningRate: 0.1 });
  const before = s.evaluate().trainLoss;
  s.step(300);
  const m = s.evaluate();
  results.push({ build: g.build, before, after: m.trainLoss, grid: s.predictGrid(16).values.length });
  s.dispose();
}
document.querySelector('output').textContent = JSON.stringify(results);
`;

let server;
let browser;
let pageDir;
const requests = [];

before(async () => {
  // The page and its script from a scratch folder at /, web/ (the package's sources and its
  // .wasm) at /web/: the project's own server, with the strict CSP on every response.
  pageDir = mkdtempSync(path.join(tmpdir(), 'gradlab-browser-'));
  writeFileSync(path.join(pageDir, 'index.html'), '<!doctype html><output></output><script type="module" src="/page.js"></script>');
  writeFileSync(path.join(pageDir, 'page.js'), PAGE_JS);
  writeFileSync(path.join(pageDir, 'favicon.ico'), '');
  server = await serve({
    mounts: [{ prefix: '/', dir: pageDir }, { prefix: '/web/', dir: path.join(root, 'web') }],
    csp: true,
    onRequest: (req) => requests.push(new URL(req.url, 'http://127.0.0.1').pathname),
  });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (pageDir) rmSync(pageDir, { recursive: true, force: true });
});

test('the browser entry loads both builds next to the module under a strict CSP and trains', async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(server.url);
  await page.waitForFunction(() => document.querySelector('output').textContent !== '', null, { timeout: 30000 });
  const results = JSON.parse(await page.textContent('output'));
  assert.deepEqual(problems, []);
  assert.deepEqual(results.map((r) => r.build), ['simd', 'scalar']);
  for (const r of results) {
    assert.ok(r.after < r.before, `loss ${r.before} -> ${r.after}`);
    assert.equal(r.grid, 256);
  }
  // The two builds agree to the bit in the browser too.
  assert.equal(results[0].after, results[1].after);
  assert.ok(requests.includes('/web/dist/gradlab-simd.wasm') && requests.includes('/web/dist/gradlab-scalar.wasm'));
  await page.close();
});
