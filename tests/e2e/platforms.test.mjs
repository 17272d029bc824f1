// The course-platform examples of docs/instructors.md (docs/examples/*.html), each served the
// way its platform serves it — the page at the path the platform writes it to, GradLab's
// folder where that page expects it (or on a second origin for the LMS and the notebook), the
// platform's usual policy or sandbox — and each must run: a lesson checkpoint arrives. The
// HTML the docs show for each platform is checked to be in its example.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { root, uiDir, CHROMIUM_ARGS, STRICT_CSP, until, shotPath } from './helpers.mjs';
import { serve } from '../../scripts/serve.mjs';
import { exampleBase } from '../../scripts/build-site.mjs';
import { docBlock, docPolicy, DOC_ORIGIN } from './docs.mjs';

const examples = path.join(root, 'docs/examples');
const read = (f) => readFileSync(path.join(examples, f), 'utf8');
const squash = (s) => s.replace(/\s+/g, ' ').trim();
/** The tags a doc block shows (script, element, iframe), each whole: each must be in the example page. */
const tags = (html) => [...html.matchAll(/<(script|gradlab-playground|iframe)\b[\s\S]*?<\/\1>/g)].map((m) => squash(m[0]));

/** Each platform: its example, where it serves the page, its usual policy, and how GradLab reaches the page. */
const PLATFORMS = [
  { name: 'plain', file: 'plain.html', at: '/course/week3.html', csp: STRICT_CSP, via: 'element' },
  { name: 'lms', file: 'lms.html', at: '/mod/page/view.html', csp: (B) => docPolicy('csp:frame', B), via: 'frame', files: ['lms-bridge.js'] },
  { name: 'jupyter-book', file: 'jupyter-book.html', at: '/book/chapters/week3.html', csp: false, via: 'element' },
  { name: 'quarto', file: 'quarto.html', at: '/site/week3.html', csp: false, via: 'element' },
  { name: 'mkdocs', file: 'mkdocs.html', at: '/notes/week3/index.html', csp: false, via: 'element' },
  { name: 'jupyter', file: 'jupyter.html', at: '/lab/tree/week3.html', csp: "frame-ancestors 'self'", via: 'frame' },
];

let gradlabHost;
let B;
let browser;
let dir;
before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'gradlab-platforms-'));
  gradlabHost = await serve({ mounts: [{ prefix: '/gradlab/', dir: uiDir }], csp: true });
  B = new URL(gradlabHost.url).origin;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
after(async () => {
  await browser?.close();
  await gradlabHost?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Records GradLab's DOM events and messages, and CSP violations, in every frame. */
function recorder() {
  window.__gl = [];
  for (const t of ['ready', 'checkpoint', 'exercise']) document.addEventListener(`gradlab-${t}`, (e) => window.__gl.push({ type: t, detail: e.detail }));
  window.addEventListener('message', (e) => {
    if (e.data?.source === 'gradlab') window.__gl.push({ type: e.data.type, detail: e.data.detail, origin: e.origin, message: true });
  });
  document.addEventListener('securitypolicyviolation', (e) => window.__gl.push({ type: 'csp', detail: `${e.effectiveDirective} ${e.blockedURI}` }));
}

/** Serves platform `p`'s example (with `edit` applied to its HTML) and opens it. */
async function openExample(p, edit = (s) => s) {
  let html = read(p.file);
  const base = exampleBase(html);
  const mounts = [];
  if (base.startsWith(DOC_ORIGIN)) html = html.replaceAll(base, `${B}/gradlab/`);
  else mounts.push({ prefix: new URL(base, `http://x${p.at}`).pathname, dir: uiDir });
  const file = path.join(dir, `${p.name}.html`);
  writeFileSync(file, edit(html));
  mounts.push({ prefix: p.at, dir: file });
  for (const f of p.files ?? []) mounts.push({ prefix: path.posix.join(path.posix.dirname(p.at), f), dir: path.join(examples, f) });
  const server = await serve({ mounts, csp: typeof p.csp === 'function' ? p.csp(B) : p.csp });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(recorder);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}${p.at.slice(1)}`);
  const seen = () => page.evaluate(() => window.__gl);
  return { page, errors, seen, origin: new URL(server.url).origin, close: async () => { await context.close(); await server.close(); } };
}

for (const p of PLATFORMS) {
  test(`${p.name}: the example runs as the platform serves it (a checkpoint arrives) and holds the HTML the docs show`, async () => {
    const shown = tags(docBlock(`html:${p.name}`));
    assert.ok(shown.length > 0);
    for (const t of shown) assert.ok(squash(read(p.file)).includes(t), `docs/instructors.md's ${t.slice(0, 60)}… for ${p.name} is in docs/examples/${p.file}`);
    const { page, errors, seen, close } = await openExample(p);
    const checkpoint = await until(async () => (await seen()).find((e) => e.type === 'checkpoint' && (p.via === 'frame') === !!e.message), { what: `${p.name}: a checkpoint`, timeout: 120000 });
    assert.ok(['seen', 'budget'].includes(checkpoint.detail.kind));
    assert.ok(Number.isInteger(checkpoint.detail.step), 'measured by the engine at a step (vanishing gradients show at step 0)');
    const ready = (await seen()).find((e) => e.type === 'ready');
    assert.equal(ready.detail.mode, 'worker', `${p.name}: the engine in a Web Worker`);
    if (p.via === 'frame') assert.equal(ready.origin, B, 'posted by the frame on GradLab\'s origin');
    assert.deepEqual((await seen()).filter((e) => e.type === 'csp'), [], `${p.name}: no CSP violation`);
    if (p.name === 'plain' || p.name === 'mkdocs') await page.screenshot({ path: shotPath(`platform-${p.name}.png`) });
    assert.deepEqual(errors, []);
    await close();
  });
}

test('lms: the bridge records the exercise frame\'s result; with sandbox="allow-scripts" alone it runs on the frame\'s thread and says why', async () => {
  const lms = PLATFORMS.find((p) => p.name === 'lms');
  const { page, errors, seen, close } = await openExample(lms);
  const frame = await until(() => page.frames().find((f) => f.url().includes('exercise=')), { what: 'the exercise frame' });
  await until(() => frame.locator('gradlab-playground .gl-badge[data-build]').count(), { what: 'the exercise\'s engine' });
  await frame.locator('gradlab-playground .gl-play').click();
  await until(async () => (await seen()).some((e) => e.type === 'exercise' && e.message), { what: 'the exercise result', timeout: 120000 });
  assert.match(await page.locator('#recorded').textContent(), /^Recorded: deep-relu-init, attempt 1, (passed|not passed yet) \(\d of 3 checks\)\.$/);
  assert.deepEqual(errors, []);
  await close();

  const strict = await openExample(lms, (html) => html.replaceAll('sandbox="allow-scripts allow-same-origin"', 'sandbox="allow-scripts"'));
  await until(async () => (await strict.seen()).some((e) => e.type === 'checkpoint' && e.message), { what: 'a checkpoint from the strictly sandboxed frame', timeout: 120000 });
  const ready = (await strict.seen()).find((e) => e.type === 'ready' && e.message);
  assert.equal(ready.detail.mode, 'page');
  assert.equal(ready.origin, 'null');
  const f = strict.page.frames().find((x) => x.url().includes('preset=dying-relu-high-lr'));
  assert.match(await f.locator('gradlab-playground [data-notice=page-thread]').textContent(), /sandboxed without allow-same-origin.*add allow-same-origin/);
  assert.deepEqual(strict.errors, []);
  await strict.close();
});
