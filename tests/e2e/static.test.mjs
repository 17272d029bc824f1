// Without a browser: the UI sources and the built page contain no way to turn data into
// markup or code, the pages carry no inline script or style (strict CSP),
// and the static server serves the right types and nothing outside its folders.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { root, uiDir, pagesDir, files, code, httpGet } from './helpers.mjs';
import { serve, resolvePath, STRICT_CSP } from '../../scripts/serve.mjs';

const FORBIDDEN = [
  [/\binnerHTML\b/, 'innerHTML'],
  [/\bouterHTML\b/, 'outerHTML'],
  [/\binsertAdjacentHTML\b/, 'insertAdjacentHTML'],
  [/\bdocument\.write(ln)?\b/, 'document.write'],
  [/(^|[^\w.])eval\s*\(/, 'eval('],
  [/\bnew\s+Function\b/, 'new Function'],
  [/\b(setTimeout|setInterval)\s*\(\s*['"`]/, 'string timers'],
  [/\bsrcdoc\b/, 'srcdoc'],
  [/createContextualFragment|DOMParser|parseFromString/, 'HTML parsing'],
  [/setAttribute\(\s*['"`](style|on\w+)['"`]/, 'inline style/handler attributes'],
  [/javascript:/, 'javascript: URLs'],
];

test('the UI sources never turn data into markup or code', () => {
  const sources = files(path.join(root, 'web/ui'), ['.js', '.mjs']);
  assert.ok(sources.length >= 20, `${sources.length} files`);
  for (const f of sources) {
    const text = code(readFileSync(f, 'utf8'));
    for (const [re, what] of FORBIDDEN) assert.doesNotMatch(text, re, `${path.relative(root, f)} uses ${what}`);
  }
});

test('the built page (every shipped script, the engine\'s glue included) has no HTML sinks, eval or new Function', () => {
  const built = files(uiDir, ['.js']);
  assert.ok(built.some((f) => f.includes('worker')), 'the worker bundle is there');
  for (const f of built) {
    const text = readFileSync(f, 'utf8');
    for (const [re, what] of FORBIDDEN.slice(0, 7)) assert.doesNotMatch(text, re, `${path.relative(root, f)} contains ${what}`);
  }
  // every asset is a file: no data: URL the CSP would block
  for (const f of files(uiDir, ['.js', '.css', '.html'])) assert.doesNotMatch(readFileSync(f, 'utf8'), /["'(]data:/, path.relative(root, f));
});

test('the pages have no inline scripts, inline styles or foreign URLs', () => {
  for (const f of [...files(path.join(root, 'web/ui/public'), ['.html']), ...files(pagesDir, ['.html'])]) {
    const html = readFileSync(f, 'utf8');
    const name = path.relative(root, f);
    for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      assert.match(m[1], /\bsrc=/, `${name}: every script is a file`);
      assert.equal(m[2].trim(), '', `${name}: no inline script`);
    }
    assert.doesNotMatch(html, /<style\b|\sstyle=|\son\w+=/i, `${name}: no inline style or handler`);
    assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//, `${name}: nothing from another host`);
  }
});

let srv;
before(async () => {
  srv = await serve({ mounts: [{ prefix: '/', dir: uiDir }], csp: true });
});
after(async () => {
  await srv?.close();
});

const get = (pathname, method = 'GET') => httpGet(srv.url, pathname, { method });

test('the static server: MIME types, CSP and CORS headers, 127.0.0.1 only', async () => {
  assert.match(srv.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  const wasm = readdirSync(path.join(uiDir, 'assets')).find((f) => f.endsWith('.wasm'));
  const cases = [['/', 'text/html'], ['/gradlab-playground.js', 'text/javascript'], [`/assets/${wasm}`, 'application/wasm'], ['/page.css', 'text/css'], ['/favicon.svg', 'image/svg+xml']];
  for (const [p, type] of cases) {
    const r = await get(p);
    assert.equal(r.status, 200, p);
    assert.ok(r.headers['content-type'].startsWith(type), `${p}: ${r.headers['content-type']}`);
    assert.equal(r.headers['content-security-policy'], STRICT_CSP);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.equal(r.headers['access-control-allow-origin'], '*');
  }
  const idx = await get('/');
  assert.equal(idx.body.length, statSync(path.join(uiDir, 'index.html')).size);
  assert.equal((await get('/', 'POST')).status, 405);
  assert.equal((await get('/assets', 'GET')).status, 301, 'a folder redirects to its slash');
  assert.equal((await get('/nope.js')).status, 404);
});

test('the static server never leaves its folder', async () => {
  const attempts = ['/../package.json', '/..%2fpackage.json', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2f..%2fpackage.json',
    '/%2e%2e%5cpackage.json', '/..\\package.json', '/%00index.html', '/assets/%252e%252e/x', '//etc/passwd', '/%c0%ae%c0%ae/package.json'];
  for (const p of attempts) {
    const r = await get(p);
    assert.ok([400, 404].includes(r.status), `${p}: ${r.status}`);
    assert.doesNotMatch(r.body.toString(), /"name": "gradlab"|root:/, p);
  }
  assert.equal(await resolvePath('/../../etc/passwd', [{ prefix: '/', dir: uiDir }]), null);
  assert.equal(await resolvePath('/x/../../../etc/passwd', [{ prefix: '/x/', dir: uiDir }]), null);
  assert.ok((await resolvePath('/index.html', [{ prefix: '/', dir: uiDir }])).file.endsWith('index.html'));
});
