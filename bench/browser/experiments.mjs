// The Experiments view's main thread while the sweep workers compute (the target: ≥ 50 fps,
// no task over 50 ms), measured in headless Chromium from a Chrome DevTools trace of the page:
//
//   node bench/browser/experiments.mjs [--seconds 8] [--workers 1] [--no-build]
//
// For each sweep (the edge-of-chaos phase diagram with its trainability layer, and the ReLU
// family race) it opens the built playground (build/ui, served with the strict CSP), presses
// Run and records a trace of the renderer for `seconds` while the sweep runs; then the same
// page idle for as long (no sweep), as the machine's baseline. From each trace: frames per
// second (the page's requestAnimationFrame callbacks), and every main-thread task with its
// wall-clock duration and its CPU time (trace.mjs says which counts). Results as JSON in
// bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { rootDir, resultsDir } from '../workloads.mjs';
import { serve } from '../../scripts/serve.mjs';
import { traceMainThread, taskSummary } from './trace.mjs';

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const seconds = Number(option('--seconds', 8));
const workers = Number(option('--workers', 1));

const deep = (n, w) => new Array(n).fill(w).join(',');
const PAGES = [
  { id: 'phase+train', hash: `#view=experiments&exp=phase&numPoints=100&hidden=${deep(20, 64)}&activation=tanh&vary=sigmaW2=0.25..4:16&vary=sigmaB2=0..0.5:6&overlay=1` },
  { id: 'race', hash: `#view=experiments&numPoints=200&hidden=${deep(6, 8)}&steps=3000&seeds=3` },
];
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function instrument() {
  const b = { raf: 0, t0: performance.now() };
  window.__bench = b;
  b.reset = () => Object.assign(b, { raf: 0, t0: performance.now() });
  const tick = () => {
    b.raf++;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

async function measure(context, url, { run }) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.addInitScript(instrument);
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('gradlab-playground')?.shadowRoot?.querySelector('.gl-badge')?.dataset.build, null, { timeout: 60000 });
  const input = page.locator('gradlab-playground .gl-experiments input[name=workers]');
  await input.fill(String(workers));
  await input.dispatchEvent('change');
  await page.waitForTimeout(1500);  // the page's engine loads and warms up (runner.warm)
  const { value: b, tasks: list } = await traceMainThread(context, page, async () => {
    if (run) await page.click('gradlab-playground .gl-x-run');
    await page.evaluate(() => window.__bench.reset());
    await page.waitForTimeout(seconds * 1000);
    return page.evaluate(() => ({ raf: window.__bench.raf, elapsed: (performance.now() - window.__bench.t0) / 1000 }));
  });
  const status = await page.locator('gradlab-playground .gl-x-status').textContent();
  const cells = Number(await page.locator('gradlab-playground .gl-experiments').getAttribute('data-cells-done'));
  await page.close();
  if (problems.length) throw new Error(problems.join('; '));
  const t = taskSummary(list);
  return { fps: b.raf / b.elapsed, cells, status, ...t, cpuShare: t.cpuMs / 1000 / b.elapsed };
}

async function main() {
  if (!argv.includes('--no-build')) {
    const { buildUi } = await import('../../scripts/build-ui.mjs');
    await buildUi({ log: console.error });
  }
  const server = await serve({ mounts: [{ prefix: '/', dir: path.join(rootDir, 'build/ui') }] });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  const results = [];
  try {
    for (const p of PAGES) {
      for (const run of [true, false]) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const r = await measure(context, server.url + p.hash.replace(/^/, ''), { run });
        await context.close();
        results.push({ id: `${p.id}${run ? '' : ' (idle baseline)'}`, ...r });
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const f = (v, d = 1) => v.toFixed(d);
  console.log(`Experiments view, main thread while the sweep computes (${workers} worker${workers === 1 ? '' : 's'}, ${seconds} s traced; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')})`);
  console.log('| page | fps | cells done | main-thread tasks | longest task: wall / CPU | tasks over 50 ms: wall / CPU | main-thread CPU share |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of results) console.log(`| ${r.id} | ${f(r.fps)} | ${r.cells} | ${r.tasks} | ${f(r.longestWall, 0)} / ${f(r.longestCpu, 0)} ms | ${r.overWall} / ${r.overCpu} | ${f(100 * r.cpuShare)}% |`);
  mkdirSync(resultsDir, { recursive: true });
  const out = { meta: { started: new Date().toISOString(), seconds, workers, loadAverage: os.loadavg(), cpu: os.cpus()[0]?.model }, results };
  const file = path.join(resultsDir, `experiments-${out.meta.started.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(out, null, 1));
  console.error(`results: ${path.relative(rootDir, file)}`);
}

try {
  await main();
} catch (e) {
  console.error(`experiments benchmark failed: ${e.message}`);
  process.exitCode = 1;
}
