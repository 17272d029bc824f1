// Browser soak: the playground trains in headless Chromium for a while and
// the engine's Web Worker keeps a flat JS heap. Read through the Chrome DevTools Protocol:
// the page's CDP session auto-attaches to the worker (non-flattened, so messages travel
// through Target.sendMessageToTarget), and the worker's Runtime.getHeapUsage after
// HeapProfiler.collectGarbage gives its heap. No hooks in the page are needed. (The wasm
// memory is not visible this way — Runtime.queryObjects never answers inside a worker — so
// its flatness is checked by the Node soak, tests/soak/soak.test.mjs, on the same module.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserPerFile, openPage, ready, step, until } from './helpers.mjs';

const MB = 1024 * 1024;
// Worker heap growth allowed from after warm-up to the end, after forced GC. Measured here:
// 35-90 KB, the same whether the default network trains 40 s or 120 s (2.2 million steps),
// so a one-off (code compiled after warm-up), not a leak. 300 KB is three times the largest
// reading. The page asks for ~37 frames a second at speed 500, so 40 s is ~1,500 frames:
// keeping 200 bytes per frame (one reply's metrics object is several KB) or any copy of a
// grid or of the weights (tens to hundreds of KB for the 20x64 network) would exceed it.
const TOLERANCE = 300 * 1024;

const ctx = browserPerFile({ csp: true });

/** A CDP channel to the page's dedicated worker (non-flattened auto-attach). */
async function workerChannel(page) {
  const cdp = await page.context().newCDPSession(page);
  const sessions = [];
  const pending = new Map();
  let next = 1;
  cdp.on('Target.attachedToTarget', (e) => {
    if (e.targetInfo.type === 'worker') sessions.push(e.sessionId);
  });
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message);
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.error) p.reject(new Error(`${m.error.message} (${JSON.stringify(m.error)})`));
    else p.resolve(m.result);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  await until(() => sessions.length > 0, { timeout: 10000, what: 'the engine worker to attach' });
  const sessionId = sessions[0];
  // Every call has a deadline: a CDP request that is never answered fails the test instead
  // of hanging the e2e stage.
  const send = (method, params = {}) => new Promise((resolve, reject) => {
    const id = next++;
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error(`the worker did not answer ${method} within 30 s`));
    }, 30000);
    pending.set(id, { resolve: (v) => (clearTimeout(timer), resolve(v)), reject: (e) => (clearTimeout(timer), reject(e)) });
    cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch((e) => (clearTimeout(timer), reject(e)));
  });
  return {
    count: () => sessions.length,
    /** The worker's used JS heap after three forced full collections. */
    async heap() {
      for (let i = 0; i < 3; i++) await send('HeapProfiler.collectGarbage');
      return (await send('Runtime.getHeapUsage')).usedSize;
    },
    close: () => cdp.detach(),
  };
}

async function pageHeap(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  } finally {
    await cdp.detach();
  }
}

async function soak(t, hash, { warmup, seconds }) {
  const { page, log, close } = await openPage(ctx, hash);
  try {
    await ready(page);
    const worker = await workerChannel(page);
    const play = page.locator('gradlab-playground .gl-play');
    const pause = async () => {
      if ((await play.getAttribute('aria-pressed')) === 'true') await play.click();
      // Let the last frame's reply arrive and be drawn before measuring.
      let last = -1;
      await until(async () => {
        const s = await step(page);
        const still = s === last;
        last = s;
        return still;
      }, { every: 300, what: 'training to stop' });
    };
    await play.click();
    await until(async () => (await step(page)) >= warmup, { timeout: 60000, what: `step ${warmup}` });
    await pause();
    const before = await worker.heap();
    const pageBefore = await pageHeap(page);
    const s0 = await step(page);
    const t0 = Date.now();
    await play.click();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    await pause();
    const wall = (Date.now() - t0) / 1000;
    const s1 = await step(page);
    const afterRun = await worker.heap();
    const pageAfter = await pageHeap(page);
    t.diagnostic(`${hash}: ${s1 - s0} steps in ${wall.toFixed(0)} s after ${s0} warm-up steps`);
    t.diagnostic(`worker JS heap after warm-up ${(before / MB).toFixed(2)} MB, at the end ${(afterRun / MB).toFixed(2)} MB (growth ${((afterRun - before) / 1024).toFixed(0)} KB)`);
    // The page keeps the loss curves' history by design; shown for information, not asserted.
    t.diagnostic(`page JS heap (not asserted: it keeps the curves' history) ${(pageBefore / MB).toFixed(2)} -> ${(pageAfter / MB).toFixed(2)} MB`);
    assert.ok(s1 - s0 > 0, 'the page trained');
    assert.equal(worker.count(), 1, 'one engine worker, never restarted');
    assert.ok(afterRun - before < TOLERANCE, `the worker's JS heap grew by ${((afterRun - before) / MB).toFixed(2)} MB`);
    assert.deepEqual(log.errors, []);
    await worker.close();
    return { steps: s1 - s0 };
  } finally {
    await close();
  }
}

test('browser soak: the default network trains for 40 s in the page; the worker\'s JS heap stays flat', { timeout: 240000 }, async (t) => {
  const { steps } = await soak(t, '#speed=500', { warmup: 20000, seconds: 40 });
  assert.ok(steps >= 100000, `only ${steps} steps in 40 s`);
});

test('browser soak: a 20x64 ReLU network trains for 20 s in the page; the worker\'s JS heap stays flat', { timeout: 240000 }, async (t) => {
  const hidden = Array(20).fill(64).join(',');
  await soak(t, `#hidden=${hidden}&activation=relu&init=he_normal&learningRate=0.01&speed=50`, { warmup: 1000, seconds: 20 });
});
