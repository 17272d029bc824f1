// The playground in a sandboxed iframe (no origin, so no Web Worker: the engine runs on the
// frame's own thread, which is the page's renderer main thread) while it trains: the longest
// main-thread task, from a Chrome DevTools trace (trace.mjs). The promise under test: on that
// thread a frame's parts (training, evaluation, grids, weights) are separate tasks, so no task
// takes over 50 ms at 500 points on a 20×64 network; larger networks are measured and stated.
//
//   node bench/browser/page-thread.mjs [--seconds 8] [--no-build]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
const deep = (n, w) => new Array(n).fill(w).join(',');
const NETS = [
  { id: '6×8 tanh', hash: `hidden=${deep(6, 8)}&activation=tanh&numPoints=500` },
  { id: '20×64 ReLU', hash: `hidden=${deep(20, 64)}&activation=relu&init=he_normal&numPoints=500` },
  { id: '8×256 ReLU', hash: `hidden=${deep(8, 256)}&activation=relu&init=he_normal&numPoints=500` },
];
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function measure(browser, hostUrl) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(hostUrl);
  const frame = () => page.frames().find((f) => f.url().includes('embed.html'));
  const stepOf = () => frame().evaluate(() => document.querySelector('gradlab-playground')?.playground?.runs?.[0]?.step ?? -1);
  await page.waitForFunction(() => document.querySelector('iframe'), null, { timeout: 30000 });
  for (let i = 0; i < 600 && !(frame() && (await stepOf()) > 0); i++) await page.waitForTimeout(100);
  const mode = await frame().evaluate(() => document.querySelector('gradlab-playground').playground.runs[0].mode);
  await page.waitForTimeout(1500);  // past the first evaluations
  const before = await stepOf();
  const { tasks } = await traceMainThread(context, page, () => page.waitForTimeout(seconds * 1000));
  const after = await stepOf();
  await context.close();
  if (problems.length) throw new Error(problems.join('; '));
  return { mode, stepsPerSecond: (after - before) / seconds, ...taskSummary(tasks) };
}

async function main() {
  if (!argv.includes('--no-build')) {
    const { buildUi } = await import('../../scripts/build-ui.mjs');
    await buildUi({ log: console.error });
  }
  const hostDir = mkdtempSync(path.join(os.tmpdir(), 'gradlab-page-thread-'));
  const server = await serve({ mounts: [{ prefix: '/', dir: path.join(rootDir, 'build/ui') }, { prefix: '/host/', dir: hostDir }] });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  const results = [];
  try {
    for (const n of NETS) {
      const file = `${results.length}.html`;
      // allow-scripts without allow-same-origin: an opaque origin, where the page cannot start its worker
      writeFileSync(path.join(hostDir, file), `<!doctype html><title>host</title><iframe sandbox="allow-scripts" style="width:1200px;height:850px" src="/embed.html?autoplay#${n.hash}"></iframe>\n`);
      results.push({ id: n.id, ...(await measure(browser, `${server.url}host/${file}`)) });
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(hostDir, { recursive: true, force: true });
  }
  const f = (v, d = 0) => v.toFixed(d);
  console.log(`Playground in a sandboxed iframe, engine on the page's thread, 500 points (${seconds} s traced; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')})`);
  console.log('| network | engine runs on | steps/s | main-thread tasks | longest task: wall / CPU | tasks over 50 ms: wall / CPU |');
  console.log('|---|---|---:|---:|---:|---:|');
  for (const r of results) console.log(`| ${r.id} | ${r.mode} | ${f(r.stepsPerSecond)} | ${r.tasks} | ${f(r.longestWall)} / ${f(r.longestCpu)} ms | ${r.overWall} / ${r.overCpu} |`);
  mkdirSync(resultsDir, { recursive: true });
  const out = { meta: { started: new Date().toISOString(), seconds, loadAverage: os.loadavg(), cpu: os.cpus()[0]?.model }, results };
  const file = path.join(resultsDir, `page-thread-${out.meta.started.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(out, null, 1));
  console.error(`results: ${path.relative(rootDir, file)}`);
}

try {
  await main();
} catch (e) {
  console.error(`page-thread benchmark failed: ${e.message}`);
  process.exitCode = 1;
}
