// The metrics object against what it claims to be: exactly the fields index.d.ts declares, the
// engine's flags as the engine set them, and the flat array readable with `metricsLayout`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { builds, root } from './helpers.mjs';
import { getPreset } from '../../web/src/node.js';

const [{ gradlab }] = await builds();

/** The member names of `export interface <name> { ... }` in the package's index.d.ts. */
function declared(name) {
  const dts = readFileSync(path.join(root, 'web/src/index.d.ts'), 'utf8');
  const body = dts.match(new RegExp(`export interface ${name} \\{\\n([\\s\\S]*?)\\n\\}`))[1];
  return [...body.matchAll(/^ {2}(?:readonly )?(\w+)\??:/gm)].map((m) => m[1]).sort();
}

test('metrics and each layer hold exactly the fields index.d.ts declares', () => {
  const s = gradlab.createSession({ hidden: [3] });
  s.step(5);
  for (const m of [s.metrics(), s.evaluate()]) {
    assert.deepEqual(Object.keys(m).sort(), declared('Metrics'));
    for (const l of m.layers) assert.deepEqual(Object.keys(l).sort(), declared('LayerMetrics'));
  }
  s.dispose();
});

test('the flags are the engine\'s: born dead, a constant output and all-zero layers, and none without the bias that causes them', () => {
  const { config } = getPreset('born-dead-bias');  // 4 ReLU layers of 8, bias -3
  const s = gradlab.createSession(config);
  const m = s.evaluate();
  assert.equal(m.bornDead, true);
  assert.equal(m.outputConstant, true, 'no signal reaches the output: it is its bias for every input');
  // the first layers still pass a few units; the last two output zeros for every input
  assert.deepEqual(m.layers.map((l) => l.allZero), [false, false, true, true, false]);
  s.dispose();
  const control = gradlab.createSession({ ...config, biasInit: 0 }).evaluate();
  assert.deepEqual([control.bornDead, control.outputConstant, control.layers.some((l) => l.allZero)], [false, false, false]);
});

test('metricsLayout reads the flat array: the head\'s figures by name, layer l\'s at head + l x stride', () => {
  const layout = gradlab.metricsLayout;
  assert.equal(layout.head, layout.names.length);
  assert.equal(layout.stride, layout.layerNames.length + 3 * layout.histBins);
  assert.equal(layout.histBins, 32);
  const s = gradlab.createSession({ hidden: [5, 3] });
  s.step(20);
  const m = s.evaluate();
  const a = s.metricsArray();
  for (const name of ['step', 'trainLoss', 'gradNorm']) assert.equal(a[layout.names.indexOf(name)], m[name], name);
  assert.equal(a[layout.names.indexOf('layers')], 3);
  m.layers.forEach((l, i) => {
    for (const name of ['units', 'gradWNorm', 'actStd', 'dead'])
      assert.equal(a[layout.head + i * layout.stride + layout.layerNames.indexOf(name)], l[name], `layer ${i} ${name}`);
    // the three histograms follow the named figures, bin by bin
    const bins = layout.head + i * layout.stride + layout.layerNames.length;
    assert.deepEqual(Array.from(a.subarray(bins, bins + layout.histBins)), l.histograms.pre.counts);
  });
  s.dispose();
});
