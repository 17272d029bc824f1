// Browser frame benchmark: a page that trains in a Web Worker and draws
// every panel on the main thread, in headless Chromium (/usr/bin/chromium via playwright-core),
// measuring the main thread's frame rate (requestAnimationFrame callbacks per second), the
// rate of engine frames drawn (`gradlab-step` events), the engine's time per frame, and the
// main thread's longest task (PerformanceObserver 'longtask': tasks over 50 ms).
//
//   npm run bench:browser                        the stand-in page bench/browser/index.html,
//                                                every "browser" entry of bench/workloads.json
//   npm run bench:browser -- --quick             shorter windows
//   npm run bench:browser -- --url URL [--play SELECTOR] [--ready-event gradlab-ready]
//                            [--frame-event gradlab-step] [--name LABEL]
//                                                any other page, e.g. the real playground
//                                                served by `npm start`
//   options: --workloads B-W5,B-20x64  --seconds S  --warmup S  --simd auto|true|false  --no-build
//
// Instrumentation is injected before any page script runs, so it needs nothing from the page
// except, for the engine rate, one DOM event per drawn frame (the playground's custom element
// emits `gradlab-step`; bubbling and composed, it reaches `window`). Results as JSON in
// bench/results/.
import { mkdtemp, rm } from 'node:fs/promises';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { spec, rootDir, benchDir, resultsDir, workloadsFile } from '../workloads.mjs';
import { serve } from '../../scripts/serve.mjs';

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const quick = argv.includes('--quick');
const seconds = Number(option('--seconds', quick ? 4 : 10));
const warmup = Number(option('--warmup', quick ? 1.5 : 3));
const url = option('--url');
const readyEvent = option('--ready-event', 'gradlab-ready');
const frameEvent = option('--frame-event', 'gradlab-step');
const play = option('--play');
const simd = option('--simd', 'auto');
const entries = url
  ? [{ id: option('--name', 'page'), title: url }]
  : (option('--workloads')?.split(',') ?? spec.browser.map((b) => b.id)).map((id) => {
      const b = spec.browser.find((x) => x.id === id);
      if (!b) throw new Error(`unknown browser workload ${id}`);
      return b;
    });

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
// What the stand-in page loads, served by the project's static server (scripts/serve.mjs).
const MOUNTS = [
  { prefix: '/bench/browser/', dir: path.join(benchDir, 'browser') },
  { prefix: '/bench/workloads.json', dir: workloadsFile },
  { prefix: '/web/src/', dir: path.join(rootDir, 'web/src') },
  { prefix: '/web/dist/', dir: path.join(rootDir, 'web/dist') },
];

// Runs in the page before its own scripts.
function instrument({ readyEvent, frameEvent }) {
  const b = { raf: 0, frames: 0, engineMs: [], drawMs: [], parts: {}, tasks: [], longest: 0, longTasks: 0, maxGap: 0, last: 0, ready: null, t0: performance.now() };
  window.__frameBench = b;
  b.reset = () => Object.assign(b, { raf: 0, frames: 0, engineMs: [], drawMs: [], parts: {}, tasks: [], longest: 0, longTasks: 0, maxGap: 0, t0: performance.now() });
  b.read = () => ({ ...b, elapsed: (performance.now() - b.t0) / 1000 });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.startTime < b.t0) continue;
        b.longTasks++;
        b.longest = Math.max(b.longest, e.duration);
        if (b.tasks.length < 50) b.tasks.push({ at: Math.round(e.startTime - b.t0), ms: Math.round(e.duration) });
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    b.noLongTaskApi = true;
  }
  const tick = (t) => {
    if (b.last && t >= b.t0) b.maxGap = Math.max(b.maxGap, t - b.last);
    b.last = t;
    b.raf++;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  addEventListener(readyEvent, (e) => (b.ready = e.detail ?? true));
  addEventListener(frameEvent, (e) => {
    b.frames++;
    if (typeof e.detail?.engineMs === 'number') b.engineMs.push(e.detail.engineMs);
    if (typeof e.detail?.drawMs === 'number') b.drawMs.push(e.detail.drawMs);
    for (const [k, v] of Object.entries(e.detail?.parts ?? {})) (b.parts[k] ??= []).push(v);
  });
}

const quantile = (xs, q) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))];
};
const wait = (s) => new Promise((r) => setTimeout(r, s * 1000));

async function main() {
  if (!url && !argv.includes('--no-build')) {
    // the stand-in page loads web/dist: build what changed (and install Chromium if missing)
    const { bootstrap } = await import('../../scripts/run.mjs');
    const { buildWasm } = await import('../../scripts/build.mjs');
    bootstrap();
    await buildWasm({ log: console.error });
  }
  const server = url ? null : await serve({ mounts: MOUNTS });
  const profile = await mkdtemp(path.join(os.tmpdir(), 'gradlab-frame-bench-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: ARGS, viewport: { width: 1280, height: 800 } });
  const results = [];
  try {
    for (const e of entries) {
      const page = await context.newPage();
      const problems = [];
      page.on('pageerror', (err) => problems.push(err.message));
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      await page.addInitScript(instrument, { readyEvent, frameEvent });
      const target = url ?? `${server.url}bench/browser/index.html?workload=${e.id}&simd=${simd}`;
      await page.goto(target);
      await page.waitForFunction(() => window.__frameBench?.ready, null, { timeout: 60000 }).catch(() => {
        throw new Error(`${e.id}: no ${readyEvent} event within 60 s${problems.length ? `: ${problems.join('; ')}` : ''}`);
      });
      if (play) await page.click(play);
      await wait(warmup);
      await page.evaluate(() => window.__frameBench.reset());
      await wait(seconds);
      const r = await page.evaluate(() => window.__frameBench.read());
      const ready = await page.evaluate(() => window.__frameBench.ready);
      await page.close();
      if (problems.length) throw new Error(`${e.id}: page errors: ${problems.join('; ')}`);
      results.push({
        id: e.id, title: e.title, build: ready?.build ?? null, seconds: r.elapsed,
        fps: r.raf / r.elapsed, engineFramesPerSecond: r.frames / r.elapsed,
        engineMs: { median: quantile(r.engineMs, 0.5), p95: quantile(r.engineMs, 0.95), max: r.engineMs.length ? Math.max(...r.engineMs) : null, n: r.engineMs.length },
        drawMs: { median: quantile(r.drawMs, 0.5), p95: quantile(r.drawMs, 0.95), max: r.drawMs.length ? Math.max(...r.drawMs) : null,
          parts: Object.fromEntries(Object.entries(r.parts).map(([k, v]) => [k, quantile(v, 0.5)])) },
        longestTaskMs: r.longest, longTasks: r.longTasks, longTaskList: r.tasks, longTaskApi: !r.noLongTaskApi, maxFrameGapMs: r.maxGap,
        targets: { fps55: r.raf / r.elapsed >= 55, noTaskOver50ms: r.longTasks === 0 },
      });
    }
  } finally {
    await context.close();
    await server?.close();
    await rm(profile, { recursive: true, force: true });
  }

  const version = (await import('node:child_process')).execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  const out = { meta: { started: new Date().toISOString(), chromium: version, url: url ?? 'bench/browser/index.html', seconds, warmup, loadAverage: os.loadavg(), cpu: os.cpus()[0]?.model }, results };
  const f = (v, d = 1) => (v === null || v === undefined ? '–' : v.toFixed(d));
  console.log(`Browser frame benchmark (${version}, headless, ${seconds} s after ${warmup} s warm-up; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')})`);
  console.log('| page | build | main-thread fps | engine frames/s | engine ms/frame (median, p95) | draw ms (median, max) | longest main-thread task | max frame gap |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const r of results)
    console.log(`| ${r.id} | ${r.build ?? '?'} | ${f(r.fps)} ${r.targets.fps55 ? '(≥55 ✓)' : '(<55 ✗)'} | ${f(r.engineFramesPerSecond)} | ${f(r.engineMs.median)}, ${f(r.engineMs.p95)} | ${f(r.drawMs.median)}, ${f(r.drawMs.max)} | ${r.longTasks ? `${f(r.longestTaskMs, 0)} ms (${r.longTasks} over 50 ms) ✗` : 'none over 50 ms ✓'} | ${f(r.maxFrameGapMs, 0)} ms |`);
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `browser-${out.meta.started.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(out, null, 1));
  writeFileSync(path.join(resultsDir, 'latest-browser.json'), JSON.stringify(out, null, 1));
  console.error(`results: ${path.relative(rootDir, file)}`);
}

try {
  await main();
} catch (e) {
  console.error(`browser benchmark failed: ${e.message}`);
  process.exitCode = 1;
}
