// Panels that stay readable at the extremes the lessons create: the histograms of
// exploding-init spread over their bins (from the counts behind the chart) with their μ/σ
// labels whole, the network diagram's labels never overlap (measured boxes of the text drawn
// on the canvas), and one output value has one colour in the output panel and in the diagram
// (pixels read from both).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserPerFile, openPage, ready, sel, until, shotPath } from './helpers.mjs';

const ctx = browserPerFile({ csp: true, sources: true });

/** Boxes [x, y, w, h, text] that share a pixel. */
function overlapping(boxes) {
  const out = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [ax, ay, aw, ah] = boxes[i];
      const [bx, by, bw, bh] = boxes[j];
      if (ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah) out.push(`${boxes[i][4]} / ${boxes[j][4]}`);
    }
  }
  return out;
}

function assertReadable(boxes, canvas, what) {
  assert.ok(boxes.length > 0, `${what}: labels drawn`);
  assert.deepEqual(overlapping(boxes), [], `${what}: overlapping labels`);
  for (const [x, y, w, h, text] of boxes) {
    assert.ok(x >= 0 && y >= 0 && x + w <= canvas.w + 0.5 && y + h <= canvas.h + 0.5, `${what}: "${text}" at ${[x, y, w, h]} leaves the ${canvas.w}×${canvas.h} canvas`);
  }
}

async function panelPage() {
  const p = await openPage(ctx, 'test/panel.html');
  await p.page.waitForFunction(() => window.panelTest);
  return p;
}

const histogramData = (page) => page.evaluate(() => {
  const p = document.querySelector('gradlab-playground').playground;
  const panel = p.panels.histograms;
  return { geom: { ...panel.geom, ranges: undefined }, samples: p.runs[0].history.samples.map((s) => ({ step: s.step, layers: s.layers.map((L) => ({ role: L.role, actStd: L.actStd, hist: L.hist })) })) };
});

for (const viewport of [{ width: 1366, height: 768 }, { width: 375, height: 812 }]) {
  test(`exploding-init at ${viewport.width}×${viewport.height}: every hidden layer's histogram shows its spread, no more than half of it in the end bins`, async () => {
    const { page, log, close } = await openPage(ctx, '#preset=exploding-init', { viewport });
    await ready(page);
    const panel = page.locator(sel('[data-panel=histograms]'));
    await until(async () => (await panel.getAttribute('data-edge-share')) !== null, { what: 'the histograms' });
    const { geom, samples } = await histogramData(page);
    const last = samples.at(-1);
    const hidden = last.layers.filter((L) => L.role === 'hidden');
    // the lesson's premise: the spread grows by decades from layer 1 to layer 6
    assert.ok(hidden.at(-1).actStd > 1000 * hidden[0].actStd, `σ ${hidden[0].actStd} → ${hidden.at(-1).actStd}`);
    // the gradient too: its range reaches down a fixed number of decades from the largest, the
    // values under it (the saturated output's 1e-37 beside 1e4) counted apart like the zeros
    for (const key of ['act', 'pre', 'grad']) {
      hidden.forEach((L, l) => {
        const c = L.hist[key].counts;
        const share = (c[0] + c.at(-1)) / c.reduce((a, b) => a + b, 0);
        assert.ok(share <= 0.5, `${key}, layer ${l + 1}: ${share} of the mass in the end bins`);
        // the busiest bin is inside the range, not at its ends
        const peak = c.indexOf(Math.max(...c));
        assert.ok(peak > 0 && peak < c.length - 1, `${key}, layer ${l + 1}: the peak in bin ${peak}`);
      });
    }
    // what the panel publishes is what it was given
    const published = (await panel.getAttribute('data-edge-share')).split(',').map(Number);
    last.layers.forEach((L, l) => {
      const c = L.hist.act.counts;
      assert.equal(published[l], (c[0] + c.at(-1)) / c.reduce((a, b) => a + b, 0));
    });
    // μ and σ on a line of their own, whole, inside the canvas and clear of the next row
    assert.equal(geom.labels.length, geom.shown.length);
    geom.labels.forEach((b, r) => {
      assert.match(b.text, /^μ -?[\d.e]+ {2}σ [\d.e]+/, `row ${r}: ${b.text}`);
      assert.ok(b.x >= 0 && b.x + b.w <= geom.width && b.y + b.h <= geom.height, `row ${r}: ${JSON.stringify(b)}`);
      assert.ok(b.y >= r * geom.band + geom.rowH && b.y + b.h <= (r + 1) * geom.band, `row ${r}: the label stays in its row`);
    });
    await panel.screenshot({ path: shotPath(`histograms-exploding-init-${viewport.width}.png`) });
    // the gradient view says what its bins leave out, with the counts behind it
    await panel.locator('select').first().selectOption('grad');
    await until(async () => (await panel.getAttribute('data-mode')) === 'grad', { what: 'the gradient view' });
    const grad = await histogramData(page);
    grad.geom.labels.forEach((b, r) => {
      const L = last.layers[grad.geom.shown[r]];
      const { zeros, below } = L.hist.grad;
      assert.ok(below > 0, `row ${r}: values below the range`);
      assert.ok(b.text.startsWith(`+${zeros} exact 0 +${below} below · log₁₀ `), `row ${r}: ${b.text}`);
      assert.ok(b.x >= 0 && b.x + b.w <= grad.geom.width, `row ${r}: ${JSON.stringify(b)}`);
    });
    // and its text summary speaks of the gradients shown, not of the activations
    const hiddenLast = last.layers.filter((L) => L.role === 'hidden');
    const rms = await page.evaluate(() => document.querySelector('gradlab-playground').playground.runs[0].history.samples.at(-1).layers.map((L) => L.gradZRms));
    const said = await panel.locator('.gl-summary').textContent();
    assert.match(said, /^Back-propagated gradients dL\/dz at step \d+: layer 1 rms \S+; layer (\d+) rms \S+\.$/);
    assert.equal(said.match(/layer (\d+) rms/g).at(-1), `layer ${hiddenLast.length} rms`);
    const [r1, rk] = [...said.matchAll(/rms ([\d.e+-]+?)(?:;|\.$)/g)].map((m) => Number(m[1]));
    assert.ok(Math.abs(r1 / rms[0] - 1) < 0.01 && Math.abs(rk / rms[hiddenLast.length - 1] - 1) < 0.01, `${said} vs ${rms}`);
    await panel.screenshot({ path: shotPath(`histograms-exploding-init-grad-${viewport.width}.png`) });
    assert.deepEqual(log.errors, []);
    await close();
  });
}

test('network labels never overlap: eight mixed layers with counts under every column, from a phone\'s width up', async () => {
  const { page, log, close } = await panelPage();
  const acts = ['selu', 'sigmoid', 'leaky_relu', 'softplus', 'swish', 'sigmoid', 'selu', 'tanh'];
  const layers = [...acts.map((activation) => ({ units: 16, activation })), { units: 1, activation: 'sigmoid' }];
  const counts = acts.map((_, l) => (l % 3 === 0 ? { dead: 8 } : { inactive: 4 + (l % 4) }));
  for (const width of [280, 331, 355, 480, 720]) {
    const r = await page.evaluate((o) => window.panelTest.networkLabels(o), { layers, counts, width });
    assert.equal(r.mode, 'full');
    assertReadable(r.boxes, r.canvas, `width ${width}`);
    // every layer keeps its name and its count (possibly shortened), none is dropped
    const texts = r.boxes.map((b) => b[4]);
    for (let l = 1; l <= 8; l++) assert.ok(texts.includes(`L${l}`), `width ${width}: L${l}`);
    counts.forEach((k, l) => assert.ok(texts.some((t) => t.startsWith(String(k.dead ?? k.inactive))), `width ${width}: layer ${l + 1}'s count`));
  }
  // the same activation everywhere is said once
  const same = await page.evaluate((o) => window.panelTest.networkLabels(o), { layers: [...acts.map(() => ({ units: 16, activation: 'sigmoid' })), { units: 1, activation: 'sigmoid' }], counts: [], width: 331 });
  assert.deepEqual(same.boxes.map((b) => b[4]).filter((t) => /sig/.test(t)), ['all sigmoid', 'sigmoid']);
  assert.deepEqual(log.errors, []);
  await close();
});

for (const viewport of [{ width: 1366, height: 768 }, { width: 375, height: 812 }]) {
  test(`the 8-layer SELU lesson's diagram at ${viewport.width}×${viewport.height}: no label overlaps another`, async () => {
    const { page, log, close } = await openPage(ctx, '#preset=selu-self-normalising', { viewport });
    await ready(page);
    const net = page.locator(sel('[data-panel=network]'));
    await until(async () => (await net.getAttribute('data-label-boxes')) !== null, { what: 'the diagram' });
    const boxes = JSON.parse(await net.getAttribute('data-label-boxes'));
    const canvas = await net.locator('canvas').evaluate((c) => ({ w: c.clientWidth, h: c.clientHeight }));
    assertReadable(boxes, canvas, `${viewport.width}px`);
    assert.ok(boxes.some((b) => b[4] === 'all selu'), 'the hidden layers\' activation, once');
    await net.scrollIntoViewIfNeeded();
    await net.screenshot({ path: shotPath(`network-selu-8-layers-${viewport.width}.png`) });
    assert.deepEqual(log.errors, []);
    await close();
  });
}

test('a deep network\'s summary columns: layer numbers and widths never overlap either', async () => {
  const hidden = Array.from({ length: 40 }, (_, i) => (i % 2 ? 256 : 20)).join(',');
  for (const viewport of [{ width: 1366, height: 768 }, { width: 375, height: 812 }]) {
    const { page, log, close } = await openPage(ctx, `#hidden=${hidden}&activation=relu`, { viewport });
    await ready(page);
    const net = page.locator(sel('[data-panel=network]'));
    await until(async () => (await net.getAttribute('data-mode')) === 'summary' && (await net.getAttribute('data-label-boxes')) !== null, { what: 'the summary' });
    const boxes = JSON.parse(await net.getAttribute('data-label-boxes'));
    const canvas = await net.locator('canvas').evaluate((c) => ({ w: c.clientWidth, h: c.clientHeight }));
    assertReadable(boxes, canvas, `summary at ${viewport.width}px`);
    assert.ok(boxes.some((b) => b[4] === 'out') && boxes.some((b) => b[4] === 'in'), 'both ends named');
    assert.deepEqual(log.errors, []);
    await close();
  }
});

test('one output value, one colour: the output panel\'s plane and the diagram\'s output unit agree pixel for pixel', async () => {
  const { page, log, close } = await panelPage();
  const cases = [
    ...[0.02, 0.3, 0.5, 0.7, 0.98].map((v) => ({ values: [v] })),
    ...[-0.8, 0, 0.6].map((v) => ({ values: [v], outputActivation: 'tanh' })),
    ...[-1.5, 0.25, 2].map((v) => ({ values: [v], outputActivation: 'linear', classification: false, targets: [-2, 2] })),
    { values: [0.2, 0.7, 0.1], outputActivation: 'softmax' },
    { values: [0.1, 0.15, 0.75], outputActivation: 'softmax' },
  ];
  const seen = new Map();
  for (const o of cases) {
    const r = await page.evaluate((o) => window.panelTest.outputColours(o), o);
    const winner = o.values.indexOf(Math.max(...o.values));
    assert.deepEqual(r.units[winner], r.plane, `${JSON.stringify(o)}: the unit and the plane`);
    seen.set(JSON.stringify(o), r);
  }
  // and the colours mean what the legend says: chance is the neutral colour, class 1 blue, class 0 orange
  const get = (v) => seen.get(JSON.stringify({ values: [v] })).plane;
  const mid = [0xe8, 0xea, 0xeb];
  assert.deepEqual(get(0.5), mid, 'a sigmoid output of 0.5 is neutral');
  const [r1, , b1] = get(0.98);
  const [r0, , b0] = get(0.02);
  assert.ok(b1 > r1 + 60 && r0 > b0 + 60, `0.98 blue ${get(0.98)}, 0.02 orange ${get(0.02)}`);
  assert.notDeepEqual(get(0.3), get(0.7));
  assert.deepEqual(log.errors, []);
  await close();
});
