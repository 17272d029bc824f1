// The browser entry in a real headless Chromium, served from 127.0.0.1 under a strict CSP
// (no 'unsafe-eval'): it loads the .wasm from next to the module by itself, picks the SIMD
// build, can be told to use the scalar one, and trains.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { root } from './helpers.mjs';

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };

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
const requests = [];

before(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    requests.push(url.pathname);
    const headers = { 'Content-Security-Policy': CSP };
    if (url.pathname === '/') return res.writeHead(200, { ...headers, 'Content-Type': 'text/html' }).end('<!doctype html><output></output><script type="module" src="/page.js"></script>');
    if (url.pathname === '/favicon.ico') return res.writeHead(204).end();
    if (url.pathname === '/page.js') return res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' }).end(PAGE_JS);
    const file = path.join(root, path.normalize(url.pathname));
    if (!file.startsWith(path.join(root, 'web'))) return res.writeHead(404).end();
    try {
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('the browser entry loads both builds next to the module under a strict CSP and trains', async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
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
