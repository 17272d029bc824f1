// The activation panel: the ReLU family overlaid, the points that tell its members apart
// marked with numbers from the engine's kernels. Each mark is checked twice: against the
// engine's own curve at the same points (computed here in Node with the package), and against
// the mathematics (the function's closed form in double precision), within what the curve's
// sampling step and float32 allow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserPerFile, openPage, ready, sel, until, shotPath } from './helpers.mjs';
import { createGradLab } from '../../web/src/node.js';
import { PROBES } from '../../web/ui/src/panels/activation-marks.js';
import { RELU_FAMILY } from '../../web/ui/src/panels/activation.js';

const ctx = browserPerFile();
const gradlab = await createGradLab();

/** The engine's curve on the grid the page asks the worker for (runner.js: lo + (hi − lo)·i/(n − 1) in float32). */
function engineCurve(spec, { lo, hi, n }) {
  const xs = new Float32Array(n);
  for (let i = 0; i < n; i++) xs[i] = lo + ((hi - lo) * i) / (n - 1);
  return gradlab.activationCurve(spec, xs);
}

const sigma = (z) => 1 / (1 + Math.exp(-z));
const softplus = (z) => Math.log1p(Math.exp(z));
// the functions and their slopes in double precision, from their definitions
const swish = { f: (z) => z * sigma(z), df: (z) => sigma(z) + z * sigma(z) * (1 - sigma(z)) };
const mish = {
  f: (z) => z * Math.tanh(softplus(z)),
  df: (z) => Math.tanh(softplus(z)) + (z * sigma(z)) / Math.cosh(softplus(z)) ** 2,
};
/** The zero of df in [a, b] (df changes sign there) by bisection, to double precision. */
function zeroOf(df, a, b) {
  for (let i = 0; i < 200; i++) {
    const m = (a + b) / 2;
    if (Math.sign(df(m)) === Math.sign(df(a))) a = m;
    else b = m;
  }
  return (a + b) / 2;
}
const second = (df, z, h = 1e-5) => (df(z + h) - df(z - h)) / (2 * h);

async function panelData(page) {
  const panel = page.locator(sel('[data-panel=activation]'));
  await until(async () => (await panel.getAttribute('data-mark-swish-min-z')) !== null, { what: 'the marks' });
  return panel.evaluate((el) => ({ ...el.dataset }));
}

test('the ReLU family is overlaid by default, and the learner picks which activations are shown', async () => {
  const { page, log, close } = await openPage(ctx, '#preset=swish-dip', { viewport: { width: 1280, height: 800 } });
  await ready(page);
  const d = await panelData(page);
  assert.equal(d.inUse, 'swish');
  assert.deepEqual(d.shown.split(',').sort(), [...RELU_FAMILY].sort(), 'the ReLU family, this network\'s swish among them');
  const panel = page.locator(sel('[data-panel=activation]'));
  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: shotPath('activation-overlay-1280.png') });
  // untick SELU and tick softplus: the overlay follows, and so do the marks
  await panel.locator('.gl-act-picker > summary').click();
  await panel.locator('label:has-text("SELU") input').uncheck();
  await panel.locator('label:has-text("Softplus") input').check();
  await until(async () => {
    const shown = (await panel.getAttribute('data-shown')).split(',');
    return !shown.includes('selu') && shown.includes('softplus');
  }, { what: 'the new overlay' });
  assert.equal(await panel.getAttribute('data-mark-selu-lambda'), null, 'no SELU mark without SELU');
  // this network's activation cannot be unticked
  assert.equal(await panel.locator('label:has-text("Swish") input').isDisabled(), true);
  // hovering reads every shown curve at the pointer's z
  const box = await panel.locator('canvas').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + 60);
  const tip = await page.locator(sel('.gl-tooltip')).textContent();
  assert.match(tip, /^z = −?[\d.]+/);
  for (const label of ['Swish', 'ReLU', 'Softplus']) assert.match(tip, new RegExp(`${label}: f = −?[\\d.e−-]+, f′ = `), label);
  assert.deepEqual(log.errors, []);
  await close();
});

test('the swish and mish minima are the lowest points of the engine\'s fine curve, where the mathematics puts them', async () => {
  const { page, log, close } = await openPage(ctx, '#preset=swish-dip', { viewport: { width: 1366, height: 768 } });
  await ready(page);
  const d = await panelData(page);
  for (const [name, fn, key] of [['swish', swish, 'Swish'], ['mish', mish, 'Mish']]) {
    const z = Number(d[`mark${key}MinZ`]);
    const f = Number(d[`mark${key}MinF`]);
    const step = Number(d[`mark${key}MinStep`]);
    // the engine's curve on the same grid: the mark is its lowest sample, exactly
    const c = engineCurve({ activation: name }, PROBES.dip);
    let i0 = 0;
    for (let i = 1; i < c.f.length; i++) if (c.f[i] < c.f[i0]) i0 = i;
    assert.equal(z, c.x[i0], `${name}: z of the engine's lowest sample`);
    assert.equal(f, c.f[i0], `${name}: the engine's lowest value`);
    assert.equal(step, c.x[1] - c.x[0], `${name}: the curve's sampling step`);
    // the mathematics: the zero of f′, in double precision
    const zStar = zeroOf(fn.df, -3, -0.5);
    const fStar = fn.f(zStar);
    const curvature = second(fn.df, zStar);
    // float32 values near the minimum are noisy by a few ulps; the lowest sample can then sit
    // as far from z* as f rises by that much, plus half a step
    const noise = 4 * 2 ** -24 * Math.abs(fStar) * 2;
    const zTol = step / 2 + Math.sqrt((2 * noise) / curvature);
    const fTol = (curvature / 2) * (step / 2) ** 2 + noise;
    assert.ok(Math.abs(z - zStar) <= zTol, `${name}: z ${z} vs z* ${zStar} (±${zTol})`);
    assert.ok(Math.abs(f - fStar) <= fTol, `${name}: f ${f} vs f* ${fStar} (±${fTol})`);
    // what the reader is told, from the same numbers
    assert.ok(Math.abs(zStar - (name === 'swish' ? -1.28 : -1.19)) < 0.005 && Math.abs(fStar - (name === 'swish' ? -0.278 : -0.309)) < 0.0005, `${name}: the published minimum`);
  }
  // a network with a dip opens zoomed on it: both minima inside the stretch of z shown, and
  // swish's dip takes a quarter or more of the f(z) chart's height (on an axis running to 5 it
  // was a twentieth)
  const { charts, lo, hi } = await page.evaluate(() => {
    const g = document.querySelector('gradlab-playground').playground.panels.activation.geom;
    return { lo: g.lo, hi: g.hi, charts: { f: { lo: g.charts.f.lo, hi: g.charts.f.hi, top: g.charts.f.top, bottom: g.charts.f.bottom } } };
  });
  assert.equal(d.viewLo, String(lo));
  for (const key of ['Swish', 'Mish']) assert.ok(lo < Number(d[`mark${key}MinZ`]) && Number(d[`mark${key}MinZ`]) < hi, `${key}'s minimum in z ${lo}…${hi}`);
  assert.ok(charts.f.lo <= Number(d.markMishMinF) && charts.f.hi >= 0, `f(z) ${charts.f.lo}…${charts.f.hi} holds the dips`);
  const depth = (-Number(d.markSwishMinF) / (charts.f.hi - charts.f.lo)) * (charts.f.bottom - charts.f.top);
  assert.ok(depth >= 0.25 * (charts.f.bottom - charts.f.top), `the dip is ${depth.toFixed(1)} px of ${charts.f.bottom - charts.f.top}`);
  const text = (await page.locator(sel('[data-panel=activation] .gl-act-marks')).allTextContents()).join(' ');
  assert.match(text, /Swish dips to a minimum of −0\.278\d? at z = −1\.2[78]\d?/);
  assert.doesNotMatch(await page.locator(sel('[data-panel=activation]')).textContent(), /near 0/, 'the dip is not "near 0"');
  assert.deepEqual(log.errors, []);
  await close();
});

test('ELU\'s floor, SELU\'s λ and α, GELU\'s bend at 0 and ReLU\'s jump are marked with the engine\'s values', async () => {
  const { page, log, close } = await openPage(ctx, '#preset=selu-self-normalising', { viewport: { width: 1366, height: 768 } });
  await ready(page);
  const d = await panelData(page);
  const config = await page.evaluate(() => document.querySelector('gradlab-playground').playground.config);
  const f32 = 2 ** -23;
  // ELU saturates at −α (the run's α)
  assert.ok(Math.abs(Number(d.markEluFloor) + config.eluAlpha) <= 4 * f32 * config.eluAlpha, `ELU floor ${d.markEluFloor}`);
  // SELU: the paper's constants (Klambauer et al. 2017, eq. 14), to float32 precision
  assert.ok(Math.abs(Number(d.markSeluLambda) - 1.0507009873554805) <= 4 * f32, `λ ${d.markSeluLambda}`);
  assert.ok(Math.abs(Number(d.markSeluAlpha) - 1.6732632423543772) <= 8 * f32 * 1.67, `α ${d.markSeluAlpha}`);
  assert.ok(Math.abs(Number(d.markSeluFloor) + 1.0507009873554805 * 1.6732632423543772) <= 8 * f32 * 1.76, `−λα ${d.markSeluFloor}`);
  // GELU: f′(0) = Φ(0) = 1/2 and f″(0) = 2φ(0); a central difference with h = 0.01 is off by
  // h²·|f⁗(0)|/6 = h²·4φ(0)/6, and float32 slopes add ulp/h
  const phi0 = 1 / Math.sqrt(2 * Math.PI);
  const h = (PROBES.zero.hi - PROBES.zero.lo) / (PROBES.zero.n - 1);
  assert.equal(Number(d.markGeluSlope0), 0.5);
  const curvTol = (h * h * 4 * phi0) / 6 + (4 * f32) / h;
  assert.ok(Math.abs(Number(d.markGeluCurvature) - 2 * phi0) <= curvTol, `f″(0) ${d.markGeluCurvature} vs ${2 * phi0} (±${curvTol})`);
  // ReLU's slope jumps from 0 to 1 (PyTorch's convention at the kink itself)
  assert.equal(Number(d.markReluJumpFrom), 0);
  assert.equal(Number(d.markReluJumpTo), 1);
  // leaky ReLU's slope on the left is the run's leak slope
  assert.ok(Math.abs(Number(d.markLeakyReluNegativeSlope) - config.leakySlope) <= f32, `leak ${d.markLeakyReluNegativeSlope}`);
  // the list under the chart and the text summary say the same numbers
  const marks = (await page.locator(sel('[data-panel=activation] .gl-act-marks')).allTextContents()).join(' ');
  assert.match(marks, /SELU's slope for z > 0 is λ = 1\.0507, and α = 1\.6733/);
  assert.match(marks, /GELU's slope passes smoothly through 0\.5 at z = 0, bending at f″\(0\) = 0\.798/);
  const panel = page.locator(sel('[data-panel=activation]'));
  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: shotPath('activation-selu-1366.png') });
  assert.deepEqual(log.errors, []);
  await close();
});

for (const viewport of [{ width: 1366, height: 768 }, { width: 375, height: 812 }]) {
  test(`at ${viewport.width}×${viewport.height} every marked point in view carries its number, no label overlapping another or leaving its chart`, async () => {
    // gelu-smooth shows the whole family on the near view, every mark inside it
    const { page, log, close } = await openPage(ctx, '#preset=gelu-smooth', { viewport });
    await ready(page);
    const d = await panelData(page);
    const panel = page.locator(sel('[data-panel=activation]'));
    await until(async () => (await panel.getAttribute('data-label-boxes')) !== null, { what: 'the labels' });
    const boxes = JSON.parse(await panel.getAttribute('data-label-boxes'));
    const charts = await page.evaluate(() => document.querySelector('gradlab-playground').playground.panels.activation.geom.charts);
    const canvasW = await panel.locator('canvas').evaluate((c) => c.clientWidth);
    for (let i = 0; i < boxes.length; i++) {
      const [x, y, w, h, text] = boxes[i];
      assert.ok(x >= 0 && x + w <= canvasW, `"${text}" inside the canvas's width`);
      assert.ok(Object.values(charts).some((c) => y >= c.top && y + h <= c.bottom), `"${text}" inside a chart`);
      for (const [bx, by, bw, bh, other] of boxes.slice(i + 1)) {
        assert.ok(!(x < bx + bw && bx < x + w && y < by + bh && by < y + h), `"${text}" overlaps "${other}"`);
      }
    }
    // one label per mark, each with the mark's number (as the engine gave it, rounded for the eye)
    const values = [d.markSwishMinF, d.markMishMinF, d.markEluFloor, d.markSeluFloor, d.markSeluLambda, d.markGeluCurvature, d.markReluJumpTo, d.markLeakyReluNegativeSlope].map(Number);
    assert.equal(boxes.length, values.length, `labels: ${boxes.map((b) => b[4]).join(' | ')}`);
    const shown = boxes.flatMap((b) => (b[4].replaceAll('−', '-').match(/-?\d+(\.\d+)?/g) ?? []).map(Number));
    for (const v of values) assert.ok(shown.some((s) => Math.abs(s - v) <= 0.0006 * Math.max(1, Math.abs(v)) + 0.0005), `${v} among the labels ${shown}`);
    await panel.screenshot({ path: shotPath(`activation-gelu-${viewport.width}.png`) });
    assert.deepEqual(log.errors, []);
    await close();
  });
}
