// Browser soak (issue 6, item 5): the playground trains in headless Chromium for a while and
// the engine's Web Worker keeps a flat JS heap and an unchanged wasm memory. Read through the
// Chrome DevTools Protocol: the page's CDP session auto-attaches to the worker, whose
// Runtime.getHeapUsage (after HeapProfiler.collectGarbage) gives the heap, and whose
// WebAssembly.Memory objects (Runtime.queryObjects) give the wasm memory size. No hooks in
// the page are needed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPage, ready, step, until } from './helpers.mjs';

const MB = 1024 * 1024;
// Worker heap growth allowed from after warm-up to the end, after forced GC. Noise between
// such readings here is within ±100 KB (the worker also compiles code and keeps a pool of at
// most 3 transferable buffers per kind). A leak of one small object per frame (the page asks
// for tens of frames per second) or of any per-diagnostic copy of a grid or the weights
// would exceed 1 MB within the run.
const TOLERANCE = 1 * MB;

let ctx;
before(async () => {
  ctx = await setup({ csp: true });
});
after(async () => {
  await ctx?.close();
});

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
  const send = (method, params = {}) => new Promise((resolve, reject) => {
    const id = next++;
    pending.set(id, { resolve, reject });
    cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
  });
  return {
    count: () => sessions.length,
    /** Heap after three forced full collections, and the total size of every wasm memory in the worker. */
    async measure() {
      for (let i = 0; i < 3; i++) await send('HeapProfiler.collectGarbage');
      const heap = await send('Runtime.getHeapUsage');
      const proto = await send('Runtime.evaluate', { expression: 'WebAssembly.Memory.prototype' });
      const found = await send('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId });
      const sizes = await send('Runtime.callFunctionOn', {
        objectId: found.objects.objectId, functionDeclaration: 'function () { return this.map((m) => m.buffer.byteLength); }', returnByValue: true,
      });
      return { heap: heap.usedSize, wasm: sizes.result.value };
    },
    close: () => cdp.detach(),
  };
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
    const before = await worker.measure();
    const s0 = await step(page);
    const t0 = Date.now();
    await play.click();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    await pause();
    const wall = (Date.now() - t0) / 1000;
    const s1 = await step(page);
    const afterRun = await worker.measure();
    t.diagnostic(`${hash}: ${s1 - s0} steps in ${wall.toFixed(0)} s after ${s0} warm-up steps`);
    t.diagnostic(`worker after warm-up: JS heap ${(before.heap / MB).toFixed(2)} MB, wasm memory ${before.wasm.map((b) => (b / MB).toFixed(2)).join(' + ')} MB`);
    t.diagnostic(`worker at the end:    JS heap ${(afterRun.heap / MB).toFixed(2)} MB, wasm memory ${afterRun.wasm.map((b) => (b / MB).toFixed(2)).join(' + ')} MB`);
    assert.ok(s1 - s0 > 0, 'the page trained');
    assert.equal(worker.count(), 1, 'one engine worker, never restarted');
    assert.equal(afterRun.wasm.length, 1, 'one wasm memory in the worker');
    assert.deepEqual(afterRun.wasm, before.wasm, 'the worker\'s wasm memory grew');
    assert.ok(afterRun.heap - before.heap < TOLERANCE, `the worker's JS heap grew by ${((afterRun.heap - before.heap) / MB).toFixed(2)} MB`);
    assert.deepEqual(log.errors, []);
    await worker.close();
    return { steps: s1 - s0 };
  } finally {
    await close();
  }
}

test('browser soak: the default network trains for 40 s in the page; the worker\'s JS heap and wasm memory stay flat', async (t) => {
  const { steps } = await soak(t, '#speed=500', { warmup: 20000, seconds: 40 });
  assert.ok(steps >= 100000, `only ${steps} steps in 40 s`);
});

test('browser soak: a 20x64 ReLU network trains for 30 s in the page; the worker\'s JS heap and wasm memory stay flat', async (t) => {
  const hidden = Array(20).fill(64).join(',');
  await soak(t, `#hidden=${hidden}&activation=relu&init=he_normal&learningRate=0.01&speed=50`, { warmup: 1000, seconds: 30 });
});
