// GradLab hosted on one origin, the course page on another (two servers on 127.0.0.1, two
// ports): the element loaded from GradLab's host starts its engine in a Web Worker (through a
// blob: module, since a worker's script may not come from another origin) under exactly the CSP
// additions docs/instructors.md lists; without `worker-src blob:` it falls back to the page's
// thread and says why; the iframe embed needs frame-src; exercises may come from GradLab's
// host; the sweep workers start the same way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { root, uiDir, pagesDir, CHROMIUM_ARGS, until, STRICT_CSP } from './helpers.mjs';
import { serve } from '../../scripts/serve.mjs';
import { docPolicy, readmeBlock, DOC_ORIGIN } from './docs.mjs';

let gradlabHost;   // GradLab's site, in a subfolder
let course;        // the course pages
let browser;
let dir;
let B;             // GradLab's origin

const page = (body, scripts = '') => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Course page</title>
<script type="module" src="/log-events.js"></script>${scripts}
</head><body><h1>Week 3</h1>${body}<pre id="events"></pre></body></html>
`;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'gradlab-course-'));
  gradlabHost = await serve({ mounts: [{ prefix: '/gradlab/', dir: uiDir }, { prefix: '/web/', dir: path.join(root, 'web') }], csp: true });
  B = new URL(gradlabHost.url).origin;
  copyFileSync(path.join(pagesDir, 'log-events.js'), path.join(dir, 'log-events.js'));
  const element = `<script type="module" src="${B}/gradlab/gradlab-playground.js"></script>`;
  // README's example as written, GradLab's example host replaced by this one's folder
  writeFileSync(path.join(dir, 'readme.html'), page(readmeBlock('embed-cross-origin').replaceAll(`${DOC_ORIGIN}/`, `${B}/gradlab/`)));
  writeFileSync(path.join(dir, 'element.html'), page('<gradlab-playground preset="dying-relu-high-lr" config="speed=50" hide="histograms" autoplay></gradlab-playground>', element));
  writeFileSync(path.join(dir, 'experiments.html'), page('<gradlab-playground mode="experiments" config="exp=map&hidden=6&numPoints=100&vary=depth=1,3&vary=activation=relu,sigmoid&steps=40"></gradlab-playground>', element));
  writeFileSync(path.join(dir, 'exercise.html'), page(`<gradlab-playground exercise="${B}/gradlab/exercises/deep-relu-init.json" autoplay></gradlab-playground>`, element));
  writeFileSync(path.join(dir, 'frame.html'), page(`<iframe title="GradLab" width="900" height="600" src="${B}/gradlab/embed.html?preset=dying-relu-high-lr&autoplay&hide=histograms#speed=50"></iframe>`, '<script type="module" src="/relay.js"></script>'));
  writeFileSync(path.join(dir, 'relay.js'), 'window.received = [];\nwindow.addEventListener(\'message\', (e) => { if (e.data?.source === \'gradlab\') window.received.push({ origin: e.origin, type: e.data.type, detail: e.data.detail }); });\n');
  writeFileSync(path.join(dir, 'sweep.html'), page('', '<script type="module" src="/sweep.js"></script>'));
  writeFileSync(path.join(dir, 'sweep.js'), [
    `const { sweep } = await import('${B}/web/src/browser.js');`,
    'try {',
    "  const r = await sweep({ base: { hidden: [4] }, axes: [{ field: 'learningRate', values: [0.01, 0.1] }], steps: 20, seeds: 1, measures: ['trainLoss'] }, { workers: 2 });",
    '  window.sweepResult = { rows: r.rows.length, losses: r.rows.map((x) => x.values.trainLoss) };',
    '} catch (e) { window.sweepResult = { error: String(e.message) }; }',
  ].join('\n'));
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
after(async () => {
  await browser?.close();
  await gradlabHost?.close();
  await course?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Serves the course pages with `csp` and opens `file`; collects requests by origin. */
async function open(file, csp) {
  await course?.close();
  course = await serve({ mounts: [{ prefix: '/', dir }], csp });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const p = await context.newPage();
  const errors = [];
  const requests = [];
  const workers = [];  // every worker the page starts, the engine's first (listening before it loads)
  p.on('pageerror', (e) => errors.push(e.message));
  p.on('worker', (w) => workers.push(w.url()));
  context.on('request', (r) => requests.push(r.url()));
  await p.goto(`${course.url}${file}`);
  const events = () => p.evaluate(() => window.gradlabEvents?.() ?? []);
  return { page: p, errors, requests, workers, events, close: () => context.close() };
}

const find = async (events, prefix) => (await events()).find((l) => l.startsWith(prefix));

test('the element from another origin trains in a Web Worker under the documented CSP additions, with no violation', async () => {
  const csp = docPolicy('csp:element', B);
  assert.match(csp, /worker-src 'self' blob: http:\/\/127\.0\.0\.1:\d+/);
  const { page, errors, requests, events, close } = await open('element.html', csp);
  await until(async () => find(events, 'checkpoint '), { what: 'the lesson checkpoint from the cross-origin element', timeout: 90000 });
  const ready = JSON.parse((await find(events, 'ready ')).slice(6));
  assert.equal(ready.mode, 'worker', 'a Web Worker, not the page thread');
  assert.equal(ready.build, 'simd');
  assert.ok(!(await events()).some((l) => l.startsWith('csp-violation')), `no CSP violation: ${(await events()).filter((l) => l.startsWith('csp-'))}`);
  assert.equal(await page.evaluate(() => document.querySelector('gradlab-playground').playground.runs[0].host.via), 'blob');
  assert.ok(requests.some((u) => u.startsWith(`${B}/gradlab/assets/`) && u.endsWith('.wasm')), 'the .wasm came from GradLab\'s host');
  assert.equal(await page.locator('gradlab-playground [data-notice=page-thread]').count(), 0);
  assert.deepEqual(errors, []);
  await close();
});

test('README\'s cross-origin example trains in a Web Worker under README\'s own policy, with no violation', async () => {
  const policy = readmeBlock('embed-cross-origin-policy').replace(/^Content-Security-Policy:\s*/, '').trim();
  assert.match(policy, new RegExp(`worker-src [^;]*blob:`), 'README\'s policy allows the blob: worker');
  const { page, errors, requests, events, close } = await open('readme.html', policy.replaceAll(DOC_ORIGIN, B));
  assert.ok(requests.some((u) => u.startsWith(`${B}/gradlab/gradlab-playground.js`)), 'the element came from GradLab\'s host');
  await until(async () => find(events, 'ready '), { what: 'ready', timeout: 60000 });
  assert.deepEqual(JSON.parse((await find(events, 'ready ')).slice(6)), { build: 'simd', mode: 'worker' });
  await page.evaluate(() => document.querySelector('gradlab-playground').play());
  await until(async () => find(events, 'checkpoint '), { what: 'the lesson checkpoint', timeout: 90000 });
  assert.deepEqual((await events()).filter((l) => l.startsWith('csp-')), [], 'no CSP violation');
  assert.equal(await page.locator('gradlab-playground [data-notice=page-thread]').count(), 0);
  // the panels the README's height asks for are there and drawn (a 480 px embed shows panels)
  assert.ok(await page.locator('gradlab-playground .gl-panels > [data-panel] canvas').count() > 0);
  assert.deepEqual(errors, []);
  await close();
});

test('without worker-src blob: the engine falls back to the page\'s thread and the page says why', async () => {
  const csp = docPolicy('csp:element', B).replace(/worker-src [^;]*;\s*/, '');
  assert.doesNotMatch(csp, /worker-src/);
  const { page, errors, events, close } = await open('element.html', csp);
  await until(async () => find(events, 'ready '), { what: 'ready', timeout: 60000 });
  const ready = JSON.parse((await find(events, 'ready ')).slice(6));
  assert.equal(ready.mode, 'page');
  const notice = await page.locator('gradlab-playground [data-notice=page-thread]').textContent();
  assert.match(notice, /runs on this page's own thread/);
  assert.match(notice, new RegExp(`GradLab's script is from ${B.replace(/[.]/g, '\\.')} and this page from http://127\\.0\\.0\\.1:\\d+`));
  assert.match(notice, /Content-Security-Policy does not allow \(worker-src: add blob: to worker-src\)|does not allow.*add blob: to worker-src/);
  // and it still trains, on the page's thread
  await until(async () => find(events, 'checkpoint '), { what: 'the checkpoint on the page thread', timeout: 90000 });
  assert.deepEqual(errors, []);
  await close();
});

test('an exercise from GradLab\'s own host is allowed (connect-src lists it); the element grades it there', async () => {
  const { page, errors, events, close } = await open('exercise.html', docPolicy('csp:element', B));
  await until(() => page.evaluate(() => document.querySelector('gradlab-playground').exerciseResult), { what: 'the exercise result', timeout: 120000 });
  const r = await page.evaluate(() => document.querySelector('gradlab-playground').exerciseResult);
  assert.equal(r.id, 'deep-relu-init');
  assert.equal(r.replayed, true);
  assert.ok(!(await events()).some((l) => l.startsWith('csp-violation')));
  assert.deepEqual(errors, []);
  await close();
});

test('the iframe embed from another origin needs only frame-src; it runs its engine in a worker of its own origin', async () => {
  const { page, errors, close } = await open('frame.html', docPolicy('csp:frame', B));
  await until(() => page.evaluate(() => window.received.some((m) => m.type === 'checkpoint')), { what: 'a checkpoint from the frame', timeout: 90000 });
  const ready = await page.evaluate(() => window.received.find((m) => m.type === 'ready'));
  assert.equal(ready.origin, B);
  assert.equal(ready.detail.mode, 'worker');
  assert.deepEqual(errors, []);
  await close();
  // without frame-src the browser refuses the frame: nothing arrives
  const refused = await open('frame.html', docPolicy('csp:frame', B).replace(/;?\s*frame-src [^;]*/, ''));
  await refused.page.waitForTimeout(1500);
  assert.deepEqual(await refused.page.evaluate(() => window.received), []);
  await refused.close();
});

test('sweep workers start from another origin too (the package\'s browser entry, imported across origins)', async () => {
  const { page, errors, close } = await open('sweep.html', docPolicy('csp:element', B));
  await until(() => page.evaluate(() => window.sweepResult), { what: 'the sweep', timeout: 60000 });
  const r = await page.evaluate(() => window.sweepResult);
  assert.equal(r.error, undefined, r.error);
  assert.equal(r.rows, 2);
  assert.ok(r.losses.every(Number.isFinite));
  assert.deepEqual(errors, []);
  await close();
});

test('the Experiments view from another origin runs its sweep workers (blob: modules) under the same policy', async () => {
  const { page, errors, events, workers, close } = await open('experiments.html', docPolicy('csp:element', B));
  const x = page.locator('gradlab-playground .gl-experiments');
  await until(async () => (await x.getAttribute('hidden')) === null && (await page.locator('gradlab-playground .gl-badge[data-build]').count()), { what: 'the experiments view' });
  await page.locator('gradlab-playground .gl-x-run').click();
  await until(async () => ['done', 'cancelled', 'failed'].includes(await x.getAttribute('data-state')), { what: 'the sweep', timeout: 120000 });
  assert.equal(await x.getAttribute('data-state'), 'done', await page.locator('gradlab-playground .gl-x-status').textContent());
  assert.equal(await page.locator('gradlab-playground [data-instrument=map]').getAttribute('data-cells'), '4');
  assert.ok(workers.length >= 2 && workers.every((u) => u.startsWith('blob:')), `the engine's and the sweep's workers started from blob: modules (${workers})`);
  assert.ok(!(await events()).some((l) => l.startsWith('csp-violation')));
  assert.deepEqual(errors, []);
  await close();
});

test('GradLab\'s own pages keep the strict policy', async () => {
  const res = await fetch(`${gradlabHost.url}gradlab/embed.html`);
  assert.equal(res.headers.get('content-security-policy'), STRICT_CSP);
});
