// Shared by the browser tests: the built playground (build/ui) served on 127.0.0.1 by the
// project's own server (scripts/serve.mjs), the test pages under /test/, and headless
// Chromium driven by playwright-core with the flags of docs/toolchain.md.
import path from 'node:path';
import { mkdirSync, existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { request } from 'node:http';
import { chromium } from 'playwright-core';
import { serve, STRICT_CSP } from '../../scripts/serve.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const uiDir = path.join(root, 'build/ui');
export const pagesDir = path.join(root, 'tests/e2e/pages');
/** Where the screenshots go (gitignored): look at them. */
export const shotsDir = path.join(root, 'test-results/screenshots');
export { STRICT_CSP };

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Starts a server (CSP on every response unless csp: false) and a browser. Returns
 * {url, browser, requests, close}. `requests` collects every path the server saw. With
 * `sources`, the unbundled sources are served too (/web/ui/src/…, /web/src/…, /web/dist/…),
 * so a test page can import one module of the playground on its own.
 */
export async function setup({ csp = true, sources = false } = {}) {
  if (!existsSync(path.join(uiDir, 'gradlab-playground.js'))) throw new Error('build/ui is missing: run `node scripts/build-ui.mjs` (npm test does it)');
  const requests = [];
  const server = await serve({
    mounts: [{ prefix: '/', dir: uiDir }, { prefix: '/test/', dir: pagesDir }, ...(sources ? [{ prefix: '/web/', dir: path.join(root, 'web') }] : [])],
    csp,
    onRequest: (req) => requests.push(req.url),
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return {
    url: server.url,
    origin: new URL(server.url).origin,
    browser,
    requests,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * One server and browser for a whole test file: registers node:test's before/after hooks
 * and returns the context object, which the before hook fills in with setup()'s result.
 */
export function browserPerFile(options) {
  const ctx = {};
  before(async () => Object.assign(ctx, await setup(options)));
  after(async () => { await ctx.close?.(); });
  return ctx;
}

/** A selector inside the playground element (playwright pierces its shadow root). */
export const sel = (s) => `gradlab-playground ${s}`;

/**
 * A new page (own context) that records console errors, page errors, dialogs and every
 * request to another origin.
 */
export async function openPage(ctx, pathAndHash, { viewport = { width: 1280, height: 800 } } = {}) {
  const context = await ctx.browser.newContext({ viewport });
  const page = await context.newPage();
  const log = { errors: [], foreign: [], dialogs: [], requests: [], workers: [] };
  page.on('console', (m) => m.type() === 'error' && log.errors.push(m.text()));
  page.on('pageerror', (e) => log.errors.push(e.message));
  page.on('dialog', (d) => {
    log.dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  page.on('worker', (w) => log.workers.push(w));
  context.on('request', (r) => {
    log.requests.push(r.url());
    const u = new URL(r.url());
    if (!['blob:', 'data:'].includes(u.protocol) && u.origin !== ctx.origin) log.foreign.push(r.url());
  });
  if (pathAndHash !== null) await page.goto(ctx.url + pathAndHash.replace(/^\//, ''));
  return { page, context, log, close: () => context.close() };
}

/** The first element matching `sel` inside the playground's shadow root (in page context). */
export const IN_SHADOW = `(sel, host = 'gradlab-playground') => document.querySelector(host)?.shadowRoot?.querySelector(sel) ?? null`;

/** Waits until the engine is loaded and the first evaluation is drawn. */
export async function ready(page, host = 'gradlab-playground') {
  await page.waitForFunction((host) => {
    const root = document.querySelector(host)?.shadowRoot;
    const badge = root?.querySelector('.gl-badge');
    return badge?.dataset.build && root.querySelector('[data-stat=trainLoss] [data-exact]')?.dataset.exact;
  }, host, { timeout: 30000 });
}

/** The value of the step readout (run A). */
export async function step(page) {
  return Number(await page.locator('gradlab-playground .gl-stat-row[data-run=A] [data-stat=step]').first().getAttribute('data-value'));
}

/** Polls fn (async, returning a truthy value) until it returns truthy or times out. */
export async function until(fn, { timeout = 30000, every = 100, what = 'condition' } = {}) {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** Numbers from a data-* list ("1,2,,3" → [1, 2, null, 3]). */
export const numbers = (text) => (text ?? '').split(',').map((s) => (s === '' ? null : Number(s)));

/** Presses play and waits for the lesson's budget pause (play button back to "Play"). */
export async function playToBudget(page, budget, { timeout = 90000 } = {}) {
  await page.locator('gradlab-playground .gl-play').click();
  await until(async () => (await step(page)) >= budget && (await page.locator('gradlab-playground .gl-play').getAttribute('aria-pressed')) === 'false', { timeout, what: `step ${budget}` });
}

/** Every element tag in the document and the playground's shadow roots. */
export const DEEP_TAGS = `(() => {
  const out = [];
  const walk = (root) => { for (const el of root.querySelectorAll('*')) { out.push(el.tagName.toLowerCase()); if (el.shadowRoot) walk(el.shadowRoot); } };
  walk(document);
  for (const f of document.querySelectorAll('iframe')) { try { walk(f.contentDocument); } catch {} }
  return out;
})()`;

/**
 * A raw HTTP request to a server of `serve()` (no browser, the path sent as written):
 * resolves to {status, headers, body: Buffer}.
 */
export function httpGet(serverUrl, pathname, { method = 'GET', headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(serverUrl);
    const req = request({ host: u.hostname, port: u.port, path: pathname, method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

export function shotPath(name) {
  mkdirSync(shotsDir, { recursive: true });
  return path.join(shotsDir, name);
}

/** Every file under `dir` whose extension is one of `exts` ('.js', …). */
export function files(dir, exts) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p, exts));
    else if (exts.includes(path.extname(e.name))) out.push(p);
  }
  return out;
}

/** Source code without its comments (comments may explain what the code never does or holds). */
export const code = (text) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:\\'"`])\/\/.*$/gm, '$1');
