// Cold load of the static site (npm run build:site) to the first trained frame, on a slow
// connection, with an empty cache and again with the cache a first visit left.
//
//   npm run bench:load                      5 rounds (each: a fresh browser profile, then a reload)
//   npm run bench:load -- --rounds 9 --no-build --profile fast-3g|slow-4g|none
//
// The site is served from a subfolder as a static host serves it (scripts/serve.mjs with
// staticHost: gzip, ETags, a year's caching for the hashed assets/, `no-cache` for pages),
// and Chromium throttles the connection through the DevTools protocol
// (Network.emulateNetworkConditions) for the page and its workers. Measured in the page:
// from the navigation's start to the first animation frame after the first `gradlab-step`
// event of a trained step (the engine has loaded, trained and been evaluated, and the page
// draws it); bytes are what crossed the network, counted by the server on its sockets
// (headers and compressed bodies; nothing for what the cache served), and requests are those
// that reached it (the page's and its workers'). Each figure is the median over the
// rounds with its range; the budget below is checked and the run fails beyond it. JSON in
// bench/results/.
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { resultsDir, rootDir } from '../workloads.mjs';
import { serve } from '../../scripts/serve.mjs';
import { buildSite, siteOut } from '../../scripts/build-site.mjs';

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};

/**
 * Connection profiles: Chromium DevTools' presets (latency is the round trip; throughput in
 * bytes per second, at the 90% DevTools applies to its nominal rates).
 */
export const PROFILES = {
  'fast-3g': { title: 'DevTools "Fast 3G": 562.5 ms round trip, 1.44 Mbit/s down, 675 kbit/s up', latency: 562.5, downloadThroughput: (1.6e6 * 0.9) / 8, uploadThroughput: (750e3 * 0.9) / 8 },
  'slow-4g': { title: 'DevTools "Slow 4G": 150 ms round trip, 1.44 Mbit/s down, 675 kbit/s up', latency: 150, downloadThroughput: (1.6e6 * 0.9) / 8, uploadThroughput: (750e3 * 0.9) / 8 },
  none: { title: 'no throttling (loopback)', latency: 0, downloadThroughput: -1, uploadThroughput: -1 },
};

/** The budget (ms to the first trained frame, and bytes over the network) on Fast 3G. */
export const BUDGET = { profile: 'fast-3g', cold: { ms: 9000, bytes: 400 * 1024 }, warm: { ms: 3000, bytes: 30 * 1024 } };

const PAGE = 'embed.html?preset=dying-relu-high-lr&autoplay';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

// Runs in the page before its scripts: the time of the first drawn frame of a trained step.
function instrument() {
  window.firstTrained = null;
  document.addEventListener('gradlab-step', (e) => {
    if (window.firstTrained !== null || !(e.detail.step > 0)) return;
    window.firstTrained = -1;
    requestAnimationFrame(() => {
      window.firstTrained = performance.now();
    });
  });
}

/** The server's traffic: bytes written on every socket so far, and the requests it answered. */
function traffic(server) {
  const sockets = new Set();
  const answered = [];
  server.server.on('connection', (s) => sockets.add(s));
  server.server.on('request', (req, res) => res.on('finish', () => answered.push({ url: req.url, status: res.statusCode })));
  return { bytes: () => [...sockets].reduce((a, s) => a + s.bytesWritten, 0), answered };
}

/** One load of `url` in `page`: {ms, bytes, requests, revalidated, wasmFetched}. */
async function load(page, url, net) {
  const bytes0 = net.bytes();
  const n0 = net.answered.length;
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.firstTrained > 0, null, { timeout: 120000, polling: 50 });
  const ms = await page.evaluate(() => window.firstTrained);
  await page.waitForTimeout(200);  // the last responses' bytes
  const answered = net.answered.slice(n0);
  return {
    ms: Math.round(ms),
    bytes: net.bytes() - bytes0,
    requests: answered.length,
    fromNetwork: answered.filter((r) => r.status === 200).length,
    revalidated: answered.filter((r) => r.status === 304).length,
    wasmFetched: answered.some((r) => r.url.endsWith('.wasm')),
  };
}

/** Runs the measurement; returns the result object (also written to bench/results/). */
export async function coldLoad({ rounds = 5, profile = 'fast-3g', build = true, log = console.log } = {}) {
  const net = PROFILES[profile];
  if (!net) throw new Error(`--profile: ${profile} is not one of ${Object.keys(PROFILES).join(', ')}`);
  if (build) await buildSite({ log });
  else if (!existsSync(path.join(siteOut, 'embed.html'))) throw new Error('build/site is missing: run `npm run build:site` (or drop --no-build)');
  const server = await serve({ mounts: [{ prefix: '/course/gradlab/', dir: siteOut }], staticHost: true, csp: true });
  const net2 = traffic(server);
  const url = `${server.url}course/gradlab/${PAGE}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  const runs = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const context = await browser.newContext();
      await context.addInitScript(instrument);
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      // The emulation holds for the page's workers too (measured: the .wasm, fetched by the
      // engine's worker, takes as long as its size at this rate says).
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: net.latency, downloadThroughput: net.downloadThroughput, uploadThroughput: net.uploadThroughput });
      const cold = await load(page, url, net2);
      const warm = await load(page, url, net2);
      runs.push({ cold, warm });
      log(`round ${i + 1}: cold ${cold.ms} ms, ${(cold.bytes / 1024).toFixed(0)} KB in ${cold.fromNetwork} responses; with the cache ${warm.ms} ms, ${(warm.bytes / 1024).toFixed(1)} KB (${warm.requests} requests, ${warm.revalidated} revalidated${warm.wasmFetched ? ', the .wasm fetched again' : ''})`);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const summary = (k) => Object.fromEntries(['ms', 'bytes'].map((f) => {
    const xs = runs.map((r) => r[k][f]);
    return [f, { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) }];
  }));
  const result = { date: new Date().toISOString(), page: PAGE, profile, network: net.title, rounds, cold: summary('cold'), warm: summary('warm'), runs, budget: profile === BUDGET.profile ? BUDGET : null };
  const over = [];
  if (result.budget) for (const k of ['cold', 'warm']) for (const f of ['ms', 'bytes']) if (result[k][f].median > BUDGET[k][f]) over.push(`${k} ${f}: ${result[k][f].median} > ${BUDGET[k][f]}`);
  result.withinBudget = result.budget ? over.length === 0 : null;
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `cold-load-${result.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 1)}\n`);
  const kb = (b) => `${(b / 1024).toFixed(b < 10240 ? 1 : 0)} KB`;
  log(`\n${net.title}, median of ${rounds} [min–max]:`);
  for (const k of ['cold', 'warm']) log(`  ${k === 'cold' ? 'empty cache ' : 'with cache  '} ${result[k].ms.median} ms [${result[k].ms.min}–${result[k].ms.max}], ${kb(result[k].bytes.median)} [${kb(result[k].bytes.min)}–${kb(result[k].bytes.max)}]`);
  if (result.budget) log(`  budget: empty cache ≤ ${BUDGET.cold.ms} ms and ${kb(BUDGET.cold.bytes)}, with cache ≤ ${BUDGET.warm.ms} ms and ${kb(BUDGET.warm.bytes)}: ${over.length ? `OVER (${over.join('; ')})` : 'within'}`);
  log(`  ${path.relative(rootDir, file)}`);
  return { ...result, over };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const r = await coldLoad({ rounds: Number(option('--rounds', 5)), profile: option('--profile', 'fast-3g'), build: !argv.includes('--no-build') });
    if (r.withinBudget === false) process.exit(1);
  } catch (e) {
    console.error(`cold-load benchmark failed: ${e.message}`);
    process.exit(1);
  }
}
