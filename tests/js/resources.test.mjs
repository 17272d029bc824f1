// Resource bounds: the wasm memory has a maximum; a configuration over the
// engine's memory budget is refused up front with a RangeError naming the field, before any
// memory is taken; and when sessions fill the memory up to its maximum, the next allocation
// fails as a clear RangeError — not an abort that kills the module — and the module works
// on once memory is freed. Each test loads its own engine instance: wasm memory never
// shrinks, so a filled instance must not be shared with other tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dist } from './helpers.mjs';
import { createGradLab, schema } from '../../web/src/node.js';

const MiB = 1024 * 1024;
const PAGE = 64 * 1024;

/** The limits of the memory a wasm binary defines or imports: {min, max} in 64 KiB pages (max null if unbounded). */
export function memoryLimits(bytes) {
  let p = 8;  // magic and version
  const u = () => {
    let r = 0;
    let shift = 0;
    let b;
    do {
      b = bytes[p++];
      r += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return r;
  };
  const limits = () => {
    const flags = u();
    const min = u();
    return { min, max: flags & 1 ? u() : null };
  };
  while (p < bytes.length) {
    const id = bytes[p++];
    const size = u();
    const end = p + size;
    if (id === 5 && u() >= 1) return limits();  // memory section: the first memory
    if (id === 2) {  // import section: a memory may be imported instead
      for (let n = u(), i = 0; i < n; i++) {
        const skip = (n) => { p += n; };  // (not `p += u()`: that would add to p's value from before u() moved it)
        skip(u());  // module name
        skip(u());  // field name
        const kind = bytes[p++];
        if (kind === 0) u();
        else if (kind === 1) { p++; limits(); }
        else if (kind === 2) return limits();
        else if (kind === 3) p += 2;
        else if (kind === 4) { p++; u(); }
      }
    }
    p = end;
  }
  return null;
}

for (const build of ['simd', 'scalar']) {
  test(`[${build}] the wasm memory has a maximum of 512 MiB (and starts at 2 MiB)`, async () => {
    const limits = memoryLimits(readFileSync(path.join(dist, `gradlab-${build}.wasm`)));
    assert.ok(limits, 'the binary defines a memory');
    assert.notEqual(limits.max, null, 'the memory has no maximum: a runaway caller could take the whole tab');
    assert.equal(limits.max * PAGE, 512 * MiB);
    assert.equal(limits.min * PAGE, 2 * MiB);
    const gradlab = await createGradLab({ simd: build === 'simd' });
    assert.equal(gradlab.memoryBytes(), 2 * MiB);
  });
}

test('a configuration over the memory budget is refused up front, naming the field, before any memory is taken', async () => {
  const gradlab = await createGradLab({ simd: false });
  const start = gradlab.memoryBytes();
  // The deepest stack of 256-unit Adam layers the engine accepts, found by bisection, so the
  // test follows the engine's estimate instead of hard-coding it.
  const deep = (d) => ({ hidden: Array(d).fill(256), optimizer: 'adam' });
  let lo = 1;
  let hi = 64;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      gradlab.check(deep(mid));
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  assert.ok(lo > 1 && lo < 64, `the budget should fall inside the schema's limits (deepest accepted: ${lo})`);
  const overs = [
    [deep(lo + 1), 'hidden'],
    [{ hidden: Array(16).fill(256), batchSize: 4096, numPoints: 10000, trainFraction: 1 }, 'batchSize'],
    [{ dataset: 'highdim', inputDim: 1024, hidden: Array(64).fill(256), numPoints: 10000 }, 'hidden'],
  ];
  for (const [config, field] of overs) {
    for (const attempt of [() => gradlab.check(config), () => gradlab.createSession(config)]) {
      assert.throws(attempt, (e) => e instanceof RangeError && e.field === field
        && new RegExp(`^${field}: the run needs about \\d+ MiB, over the ${schema.memoryBudget / MiB} MiB budget; use fewer or narrower layers or a smaller batch$`).test(e.message), `${field}: ${JSON.stringify(config).slice(0, 80)}`);
    }
  }
  // Refused before anything was allocated: the memory has not grown from its initial size.
  assert.equal(gradlab.memoryBytes(), start);
  // The largest accepted configuration builds and trains.
  const s = gradlab.createSession(deep(lo));
  assert.equal(s.step(2), 2);
  s.dispose();
});

test('filling the wasm memory to its maximum fails cleanly, and the module works on afterwards', async () => {
  const gradlab = await createGradLab({ simd: true });
  const big = { hidden: Array(40).fill(256), optimizer: 'adam' };  // within the budget; ~4 fit in 512 MiB
  const small = gradlab.createSession({});
  const sessions = [];
  let failure = null;
  for (let i = 0; i < 12 && !failure; i++) {
    try {
      const s = gradlab.createSession(big);
      s.step(1);
      sessions.push(s);
    } catch (e) {
      failure = e;
    }
  }
  assert.ok(failure, `${sessions.length} sessions of ~100 MiB fit in a 512 MiB memory?`);
  assert.ok(failure instanceof RangeError, `${failure.constructor.name}: ${failure.message}`);
  assert.match(failure.message, /^out of memory: the engine could not allocate this run \(wasm memory is capped\)$/);
  assert.ok(sessions.length >= 2, `only ${sessions.length} sessions fitted`);
  assert.ok(gradlab.memoryBytes() <= 512 * MiB && gradlab.memoryBytes() > 384 * MiB, `memory ${gradlab.memoryBytes() / MiB} MiB at the failure`);
  // At the cap, the sessions that exist still train and draw; a grid that needs new buffers
  // (512 x 512 points: a few MiB) either fits or fails as the same RangeError.
  assert.equal(sessions[0].step(1), 1);
  assert.equal(small.step(1), 1);
  try {
    assert.equal(small.predictGrid(512).values.length, 512 * 512);
  } catch (e) {
    assert.ok(e instanceof RangeError && /out of memory/.test(e.message), `${e.constructor.name}: ${e.message}`);
  }
  assert.equal(small.predictGrid(20).values.length, 400);
  small.dispose();
  for (const s of sessions) s.dispose();
  // The freed memory is reused: the same configuration builds again, and a small run trains.
  const again = gradlab.createSession(big);
  assert.equal(again.step(1), 1);
  again.dispose();
  const s = gradlab.createSession({});
  assert.equal(s.step(200), 200);
  assert.ok(Number.isFinite(s.evaluate().trainLoss));
  s.dispose();
});
