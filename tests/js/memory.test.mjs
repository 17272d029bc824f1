// Long runs and many sessions must not grow wasm memory: nothing allocates per step, and a
// disposed session returns everything it took.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builds } from './helpers.mjs';

for (const { name, gradlab } of await builds()) {
  test(`[${name}] 100,000 steps on a 6x8 network leave wasm memory unchanged after the first 1,000`, () => {
    const s = gradlab.createSession({ hidden: [8, 8, 8, 8, 8, 8] });
    s.step(1000);
    s.evaluate();
    s.predictGrid(50);
    s.neuronGrids(20);
    const settled = gradlab.memoryBytes();
    for (let done = 1000; done < 100000; done += 1000) {
      assert.equal(s.step(1000), 1000);
      // What the playground does every frame: metrics, diagnostics, grids.
      s.metrics();
      s.evaluate();
      s.predictGrid(50);
      s.neuronGrids(20);
      assert.equal(gradlab.memoryBytes(), settled, `memory grew at step ${done + 1000}`);
    }
    assert.equal(s.metrics().step, 100000);
    s.dispose();
  });

  test(`[${name}] 1,000 create/dispose cycles do not grow wasm memory`, () => {
    const cycle = () => {
      const s = gradlab.createSession({ hidden: [8, 8, 8, 8, 8, 8] });
      s.step(10);
      s.evaluate();
      s.saveWeights();
      s.dispose();
    };
    for (let i = 0; i < 10; i++) cycle();  // let the allocator reach its working size
    const settled = gradlab.memoryBytes();
    for (let i = 0; i < 1000; i++) cycle();
    assert.equal(gradlab.memoryBytes(), settled);
  });

  test(`[${name}] failed creations and rejected calls do not leak either`, () => {
    const s = gradlab.createSession({});
    const attempt = () => {
      assert.throws(() => gradlab.createSession({ classes: 3 }), RangeError);
      assert.throws(() => s.setLive('batchSize', 4000), RangeError);
      assert.throws(() => s.loadWeights(new Uint8Array(16)), RangeError);
    };
    for (let i = 0; i < 10; i++) attempt();
    const settled = gradlab.memoryBytes();
    for (let i = 0; i < 2000; i++) attempt();
    assert.equal(gradlab.memoryBytes(), settled);
    s.dispose();
  });
}

test('sessions dropped without dispose() are freed by the FinalizationRegistry safety net', async () => {
  // A child process with --expose-gc, so the test can force collections.
  const { spawnSync } = await import('node:child_process');
  const script = `
    import { createGradLab } from ${JSON.stringify(new URL('../../web/src/node.js', import.meta.url).href)};
    const gradlab = await createGradLab({ simd: false });
    const drop = () => { gradlab.createSession({ numPoints: 10000, hidden: [64, 64] }).step(1); };  // ~1 MB each, never disposed
    const settle = async () => { for (let i = 0; i < 5; i++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 10)); } };
    for (let i = 0; i < 20; i++) drop();
    await settle();
    const start = gradlab.memoryBytes();
    for (let round = 0; round < 10; round++) { for (let i = 0; i < 20; i++) drop(); await settle(); }
    console.log(JSON.stringify({ start, end: gradlab.memoryBytes() }));
  `;
  const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const { start, end } = JSON.parse(r.stdout);
  // 200 leaked sessions would need well over 100 MB; freed ones reuse the same few.
  assert.ok(end <= start + 8 * 1024 * 1024, `memory ${start} -> ${end}`);
});
