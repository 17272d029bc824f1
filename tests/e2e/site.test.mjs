// `npm run build:site`: one static folder served from a subfolder of a plain static server —
// the playground, the embed page, the exercise gallery (an exercise opened from it and checked),
// the instructor docs and the examples all work there, and nothing is requested outside the
// subfolder (every URL in the site is relative).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { root, CHROMIUM_ARGS, until, files } from './helpers.mjs';
import { serve } from '../../scripts/serve.mjs';
import { buildSite } from '../../scripts/build-site.mjs';

const SUB = '/courses/ml/gradlab/';
let site;
let server;
let browser;
const requested = [];

before(async () => {
  site = await buildSite({ log: () => {} });
  // a plain static server: no policy of its own, only the subfolder
  server = await serve({ mounts: [{ prefix: SUB, dir: site }], csp: false, onRequest: (req) => requested.push(req.url) });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(rel) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  const failed = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
  await page.goto(`${server.url}${SUB.slice(1)}${rel}`);
  return { page, errors, failed, close: () => context.close() };
}

test('every URL in the site is relative: no page, script or stylesheet names a root path or another host', () => {
  for (const f of files(site, ['.html', '.js', '.css'])) {
    const text = readFileSync(f, 'utf8');
    const name = path.relative(site, f);
    assert.doesNotMatch(text, /\b(src|href)="\/(?!\/)/, `${name}: a root-relative URL`);
    if (f.endsWith('.html')) assert.doesNotMatch(text, /\b(src|href)="(https?:)?\/\//, `${name}: a URL of another host`);
  }
});

test('the playground trains from the subfolder and the gallery opens an exercise that is checked there', async () => {
  const { page, errors, failed, close } = await open('index.html#preset=vanishing-sigmoid&speed=50');
  await page.evaluate(() => {
    window.cp = [];
    document.addEventListener('gradlab-checkpoint', (e) => window.cp.push(e.detail));
  });
  await until(() => page.locator('gradlab-playground .gl-badge[data-build]').count(), { what: 'the engine' });
  await page.locator('gradlab-playground .gl-play').click();
  await until(() => page.evaluate(() => window.cp.length), { what: 'a checkpoint', timeout: 90000 });
  assert.equal(await page.locator('gradlab-playground .gl-badge').getAttribute('data-mode'), 'worker');
  assert.deepEqual(errors, []);
  assert.deepEqual(failed, []);
  await close();

  const g = await open('exercises.html');
  await until(() => g.page.locator('#gallery[data-count]').count(), { what: 'the gallery' });
  assert.equal(await g.page.locator('.gl-gallery-card').count(), 8);
  const ids = await g.page.locator('.gl-gallery-card').evaluateAll((cards) => cards.map((c) => c.dataset.exercise));
  assert.deepEqual([...ids].sort(), ['deep-relu-init', 'dying-relu-revive', 'edge-of-chaos', 'largest-learning-rate', 'predict-dead-fraction', 'relu-family-moons', 'selu-normalised', 'vanishing-sigmoid-fix']);
  await g.page.locator('.gl-gallery-card[data-exercise=deep-relu-init] .gl-gallery-open').click();
  await g.page.waitForURL(/embed\.html\?exercise=/);
  await until(() => g.page.locator('gradlab-playground .gl-badge[data-build]').count(), { what: 'the exercise' });
  assert.equal(await g.page.locator('gradlab-playground .gl-exercise-title').textContent(), 'Choose the initialiser for a 30-layer ReLU network');
  await g.page.evaluate(() => document.querySelector('gradlab-playground').play());
  await until(() => g.page.evaluate(() => document.querySelector('gradlab-playground').exerciseResult), { what: 'the exercise checked', timeout: 120000 });
  assert.equal((await g.page.evaluate(() => document.querySelector('gradlab-playground').exerciseResult)).step, 400);
  assert.deepEqual(g.errors, []);
  assert.deepEqual(g.failed, []);
  await g.close();
});

test('the instructor docs: rendered, every link inside the site resolves, examples run from the site', async () => {
  const { page, errors, close } = await open('docs/index.html');
  assert.equal(await page.title(), 'GradLab for instructors — GradLab');
  assert.ok(await page.locator('h2#hosting-gradlab-on-another-origin').count());
  // markup shown in the docs is text, not elements
  assert.equal(await page.locator('main gradlab-playground').count(), 0);
  assert.ok((await page.locator('main pre code').allTextContents()).some((t) => t.includes('<gradlab-playground')));
  const links = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.href));
  const inside = [...new Set(links.map((u) => u.split('#')[0]))].filter((u) => u.startsWith(server.url));
  assert.ok(inside.length >= 8, `${inside.length} links into the site`);
  for (const u of inside) assert.equal((await fetch(u)).status, 200, u);
  assert.deepEqual(errors, []);
  await close();

  const ex = await open('examples/plain.html');
  await ex.page.evaluate(() => {
    window.cp = [];
    document.addEventListener('gradlab-checkpoint', (e) => window.cp.push(e.detail));
  });
  await until(() => ex.page.evaluate(() => window.cp.length), { what: 'the plain example\'s checkpoint', timeout: 120000 });
  assert.deepEqual(ex.errors, []);
  assert.deepEqual(ex.failed, []);
  await ex.close();
});

test('nothing was requested outside the subfolder', () => {
  assert.ok(requested.length > 20);
  // (Chromium asks every host for /favicon.ico by itself when a page names no icon, as the
  // example course pages do: not a request the site makes.)
  assert.deepEqual(requested.filter((u) => !u.startsWith(SUB) && u !== '/favicon.ico'), []);
});
