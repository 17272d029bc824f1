// The sweep's Web Worker pool in a real headless Chromium, under the strict CSP: a 2-worker
// sweep from the browser entry gives byte for byte the table Node's worker_threads give, and
// a crashing worker is reported with its cell while the others complete.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { root } from './helpers.mjs';
import { CHROMIUM_ARGS } from '../e2e/helpers.mjs';
import { serve } from '../../scripts/serve.mjs';
import { createGradLab, sweepToJSON } from '../../web/src/node.js';

const SPEC = {
  base: { hidden: [5, 5], numPoints: 100 },
  axes: [{ field: 'activation', values: ['relu', 'tanh', 'gelu'] }, { field: 'learningRate', from: 0.03, to: 0.3, count: 2 }],
  steps: 60, seeds: 2, measures: ['trainLoss', 'bestTestLoss', 'deadFraction', 'gradGrowthInit', 'logGradGrowthInit'], seedMode: 'independent',
};

// The page's script (a file: the CSP forbids inline scripts). It reports through <output>.
const PAGE_JS = `
import { createGradLab, sweepToJSON } from '/web/src/browser.js';
const spec = ${JSON.stringify(SPEC)};
const out = {};
try {
  const g = await createGradLab();
  let most = 0;
  const r = await g.sweep(spec, { workers: 2, onProgress: (p) => { most = Math.max(most, p.done); } });
  out.json = sweepToJSON(r);
  out.progress = most;
  const crashed = await g.sweep(spec, { workers: 2, testHooks: { crash: [{ cell: 3, replicate: 1 }] } });
  out.crash = { failed: crashed.failed, error: crashed.rows.find((x) => x.error)?.error, rows: crashed.rows.length };
  const controller = new AbortController();
  try {
    await g.sweep(spec, { workers: 2, signal: controller.signal, onResult: () => controller.abort() });
  } catch (e) {
    out.abort = { name: e.name, message: e.message };
  }
} catch (e) {
  out.error = String(e?.stack ?? e);
}
document.querySelector('output').textContent = JSON.stringify(out);
`;

let server, browser, pageDir;

before(async () => {
  pageDir = mkdtempSync(path.join(tmpdir(), 'gradlab-sweep-browser-'));
  writeFileSync(path.join(pageDir, 'index.html'), '<!doctype html><output></output><script type="module" src="/page.js"></script>');
  writeFileSync(path.join(pageDir, 'page.js'), PAGE_JS);
  writeFileSync(path.join(pageDir, 'favicon.ico'), '');
  server = await serve({ mounts: [{ prefix: '/', dir: pageDir }, { prefix: '/web/', dir: path.join(root, 'web') }], csp: true });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (pageDir) rmSync(pageDir, { recursive: true, force: true });
});

test('a 2-worker sweep in Chromium gives the same bytes as Node; crashes and cancellation behave as in Node', async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(server.url);
  await page.waitForFunction(() => document.querySelector('output').textContent !== '', null, { timeout: 60000 });
  const out = JSON.parse(await page.textContent('output'));
  assert.equal(out.error, undefined, out.error);
  assert.deepEqual(problems, []);
  const node = sweepToJSON(await (await createGradLab()).sweep(SPEC, { workers: 3 }));
  assert.equal(out.json, node);
  assert.equal(out.progress, 12);
  assert.equal(out.crash.failed, 1);
  assert.equal(out.crash.rows, 12);
  assert.match(out.crash.error, /^the worker crashed while running cell 3 \(activation=tanh, learningRate=0\.3\), run 1: .*injected crash/);
  assert.equal(out.abort.name, 'AbortError');
  assert.match(out.abort.message, /^the sweep was cancelled after \d+ of 12 runs \(\d+ cells? complete\)$/);
  await page.close();
});
