// The playground as an instructor gets it from npm: `npm pack`, install the tarball into an
// empty folder with nothing on PATH but node and npm (no Emscripten, no compiler), copy
// node_modules/gradlab/build/ui next to a course page as it is, write README's snippet into the
// page, serve it with the strict policy README states — it trains in a Web Worker and the
// lesson's checkpoint arrives. The package export `gradlab/playground` resolves to that
// folder's element.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, cpSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { root, CHROMIUM_ARGS, STRICT_CSP, until } from './helpers.mjs';
import { serve } from '../../scripts/serve.mjs';
import { readmeBlock } from './docs.mjs';

const npm = (args, cwd, env = process.env) => execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });
let dir;
let installed;

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gradlab-course-pkg-'));
  // build/ui and web/dist are built already (npm test builds both first); skip prepack
  const [packed] = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', dir], root));
  writeFileSync(path.join(dir, 'package.json'), '{"name": "course", "private": true}\n');
  // an instructor's machine: node and npm, no emcc, em++, cmake or clang to build with
  const bin = path.join(dir, 'bin');
  mkdirSync(bin);
  for (const tool of ['node', 'npm']) symlinkSync(execFileSync('which', [tool], { encoding: 'utf8' }).trim(), path.join(bin, tool));
  const env = { ...process.env, PATH: bin };
  execFileSync(path.join(bin, 'node'), ['-e', "for (const t of ['emcc', 'em++', 'cmake', 'clang']) { try { require('child_process').execFileSync(t, ['--version'], { stdio: 'ignore' }); process.exit(1); } catch {} }"], { env });
  npm(['install', '--offline', '--no-package-lock', path.join(dir, packed.filename)], dir, env);
  installed = path.join(dir, 'node_modules/gradlab');
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('gradlab/playground resolves to the shipped element', () => {
  const url = execFileSync(process.execPath, ['--input-type=module', '-e', "console.log(import.meta.resolve('gradlab/playground'))"], { cwd: dir, encoding: 'utf8' }).trim();
  assert.equal(url, `file://${path.join(installed, 'build/ui/gradlab-playground.js')}`);
  assert.ok(existsSync(path.join(installed, 'web/ui/gradlab-playground.d.ts')), 'its types');
});

test('the installed folder, copied next to a page with README\'s snippet, runs under README\'s strict CSP', async () => {
  const site = path.join(dir, 'site');
  mkdirSync(site);
  cpSync(path.join(installed, 'build/ui'), path.join(site, 'gradlab'), { recursive: true });
  const snippet = readmeBlock('embed-same-origin');
  assert.match(snippet, /src="gradlab\/gradlab-playground\.js"/, 'the folder copied as gradlab/, as README says');
  writeFileSync(path.join(site, 'week3.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Week 3</title></head>
<body><h1>Week 3</h1>
${snippet}
</body></html>
`);
  // the policy README's Content-Security-Policy paragraph says the element works under
  const readmePolicy = /work under\s+`(default-src [^`]+)`/.exec(readFileSync(path.join(root, 'README.md'), 'utf8'))?.[1];
  assert.ok(readmePolicy, 'README states the strict policy');
  const server = await serve({ mounts: [{ prefix: '/', dir: site }], csp: readmePolicy });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext();
    await context.addInitScript(() => {
      window.seen = [];
      for (const t of ['ready', 'checkpoint']) document.addEventListener(`gradlab-${t}`, (e) => window.seen.push({ type: t, detail: e.detail }));
      document.addEventListener('securitypolicyviolation', (e) => window.seen.push({ type: 'csp', detail: e.blockedURI }));
    });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const res = await page.goto(`${server.url}week3.html`);
    assert.equal(res.headers()['content-security-policy'], readmePolicy);
    assert.equal(readmePolicy, STRICT_CSP, 'README\'s policy is the one GradLab\'s own pages are served with');
    await until(() => page.evaluate(() => window.seen.some((e) => e.type === 'ready')), { what: 'the installed copy ready', timeout: 60000 });
    await page.evaluate(() => document.querySelector('gradlab-playground').play());
    await until(() => page.evaluate(() => window.seen.some((e) => e.type === 'checkpoint')), { what: 'a checkpoint from the installed copy', timeout: 90000 });
    const seen = await page.evaluate(() => window.seen);
    assert.deepEqual(seen.find((e) => e.type === 'ready').detail, { build: 'simd', mode: 'worker' });
    assert.deepEqual(seen.filter((e) => e.type === 'csp'), []);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
