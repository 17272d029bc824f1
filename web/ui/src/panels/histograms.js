// Activation distributions: for each layer, the engine's histogram of activations,
// pre-activations or back-propagated gradients over the training set, now (bars) and over
// time (a heatmap: time to the right, value upwards, brighter = more examples). Each layer's
// bins span the range the engine found in that layer's values at that evaluation, so a layer
// whose values grow by decades still spreads over its bins; the heatmap puts every evaluation
// on the range all of them cover. The labels (range, μ and σ) have a line of their own.
import { Panel } from './panel.js';
import { h } from '../dom.js';
import { fit, drawMatrix } from '../charts/canvas.js';
import { viridisLut, BLUE } from '../colors.js';
import { fmt, dataList } from '../format.js';

// The page field `hist` names the engine's histogram (act, pre, grad) directly.
const MODES = {
  act: 'activations f(z)',
  pre: 'pre-activations z',
  grad: 'log₁₀ |dL/dz|',
};
// up to eight hidden layers and the output: every layer the diagram draws unit by unit
const MAX_SHOWN = 9;
const LABEL_H = 13;
const GAP = 4;
/** A histogram's value range; the gradient's is of log10 |dL/dz|. */
export const bounds = (hist, key) => (key === 'grad' ? [hist.log10Lo, hist.log10Hi] : [hist.lo, hist.hi]);
/** Share of a histogram's counted values in its first and last bins. */
export function edgeShare(hist) {
  const c = hist.counts;
  const total = c.reduce((a, v) => a + v, 0);
  return total > 0 ? (c[0] + c[c.length - 1]) / total : 0;
}

/**
 * Counts of histograms with different ranges, spread onto `bins` rows over [lo, hi]: each bin's
 * count is shared among the rows it overlaps, in proportion (the identity when the ranges agree).
 */
export function rebin(counts, [a, b], [lo, hi], bins) {
  const out = new Float64Array(bins);
  const n = counts.length;
  const w = (b - a) / n;
  const row = (hi - lo) / bins;
  for (let i = 0; i < n; i++) {
    if (!counts[i]) continue;
    const x0 = a + i * w;
    const x1 = x0 + w;
    if (!(w > 0) || !(row > 0)) {
      out[Math.max(0, Math.min(bins - 1, Math.floor((x0 - lo) / row) || 0))] += counts[i];
      continue;
    }
    const r0 = Math.max(0, Math.floor((x0 - lo) / row));
    const r1 = Math.min(bins - 1, Math.ceil((x1 - lo) / row) - 1);
    for (let r = r0; r <= r1; r++) {
      const overlap = Math.min(x1, lo + (r + 1) * row) - Math.max(x0, lo + r * row);
      if (overlap > 0) out[r] += (counts[i] * overlap) / w;
    }
  }
  return out;
}

export class HistogramsPanel extends Panel {
  constructor(ctx, { tag } = {}) {
    super({
      ctx, tag, name: 'histograms', title: 'Distributions per layer',
      help: 'How the values inside each layer are spread over the training points. Left of each row: the histogram over time ' +
        '(time to the right, value upwards, brighter = more points); right: the histogram now, over the range of this layer\'s ' +
        'values (the numbers on the left; a thin line marks 0). Saturated sigmoid/tanh units pile up at the ends of the activation ' +
        'range; dead ReLUs pile up at exactly 0; with SELU the deep layers keep a spread near 1. In the gradient view, exact ' +
        'zeros (dead units) are counted apart, and so are values too small to move a weight (below the range, which reaches ' +
        'down a fixed number of decades from the largest).',
    });
    this.modeSelect = h('select', { 'aria-label': 'Distribution of', onchange: () => this.ctx.setUi({ hist: this.modeSelect.value }) },
      ...Object.entries(MODES).map(([v, label]) => h('option', { value: v, text: label })));
    this.allBox = h('input', { type: 'checkbox', onchange: () => this.redraw() });
    this.tools.append(h('label', { class: 'gl-inline' }, 'show ', this.modeSelect), h('label', { class: 'gl-check' }, this.allBox, 'all layers'));
    this.canvas = h('canvas', { class: 'gl-canvas', role: 'img', 'aria-label': 'Histograms per layer over time' });
    this.note = h('p', { class: 'gl-legend' });
    this.body.append(this.canvas, this.note);
    this.hoverable(this.canvas, (e) => this.hover(e));
  }

  shownLayers(n) {
    if (this.allBox.checked || n <= MAX_SHOWN) return Array.from({ length: n }, (_, i) => i);
    const out = new Set();
    for (let k = 0; k < MAX_SHOWN; k++) out.add(Math.round((k * (n - 1)) / (MAX_SHOWN - 1)));
    return [...out];
  }

  redraw() {
    const run = this.run;
    if (!run?.info) return;
    const key = this.ctx.ui.hist;
    if (this.modeSelect.value !== key) this.modeSelect.value = key;
    const samples = run.history.samples;
    const n = samples.length ? samples[samples.length - 1].layers.length : 0;
    const shown = this.shownLayers(n);
    const W = this.width;
    // lower rows on a phone, so a deep network's rows fit on one screen
    const rowH = W < 420 ? 24 : 44;
    const band = rowH + LABEL_H + GAP;
    const H = Math.max(40, shown.length * band);
    const ctx = fit(this.canvas, W, H);
    const colors = this.ctx.colors();
    ctx.font = colors.font;
    const last = samples[samples.length - 1];
    const name = (l) => (l === n - 1 ? 'output' : `layer ${l + 1}`);
    // the label column is as wide as its widest label
    let left = 30;
    for (const l of shown) left = Math.max(left, ctx.measureText(name(l)).width + 8);
    left = Math.ceil(left);
    const split = left + Math.round((W - left) * 0.62);
    const right = W - 4;
    this.geom = { shown, rowH, band, left, split, right, n, ranges: [], labels: [], width: W, height: H };
    this.note.textContent = n > shown.length ? `Showing ${shown.length} of ${n} layers, evenly spaced; tick “all layers” for every one.` : '';
    this.describe(run, key, samples, n);
    if (!n) return;
    shown.forEach((l, r) => {
      const y0 = r * band;
      const L = last.layers[l];
      const hist = L.hist[key];
      const bins = hist.counts.length;
      // over time: every evaluation on the range they all cover, each column scaled to its largest row
      const T = samples.length;
      let tlo = Infinity;
      let thi = -Infinity;
      for (const s of samples) {
        const hs = s.layers[l]?.hist[key];
        if (!hs) continue;
        const [a, b] = bounds(hs, key);
        if (Number.isFinite(a) && Number.isFinite(b)) {
          tlo = Math.min(tlo, a);
          thi = Math.max(thi, b);
        }
      }
      this.geom.ranges[r] = [tlo, thi];
      const values = new Float32Array(bins * T);
      for (let t = 0; t < T; t++) {
        const hs = samples[t].layers[l]?.hist[key];
        if (!hs) continue;
        const c = rebin(hs.counts, bounds(hs, key), [tlo, thi], bins);
        let m = 0;
        for (const v of c) m = Math.max(m, v);
        for (let b = 0; b < bins; b++) values[(bins - 1 - b) * T + t] = m > 0 ? Math.sqrt(c[b] / m) : 0;
      }
      drawMatrix(ctx, { values, cols: T, rows: bins, x: left, y: y0, w: split - left - 6, h: rowH, lut: viridisLut, lo: 0, hi: 1 });
      // now: horizontal bars over this evaluation's own range
      let m = 0;
      for (const v of hist.counts) m = Math.max(m, v);
      // the frame first: the end bins' bars sit on its edges and must stay visible
      ctx.strokeStyle = colors.grid;
      ctx.lineWidth = 1;
      ctx.strokeRect(split + 0.5, y0 + 0.5, right - split - 1, rowH - 1);
      ctx.fillStyle = BLUE;
      const bh = rowH / bins;
      hist.counts.forEach((v, b) => {
        const w = m > 0 ? ((right - split) * v) / m : 0;
        ctx.fillRect(split, y0 + rowH - (b + 1) * bh, w, Math.max(1, bh - 0.3));
      });
      const [lo, hi] = bounds(hist, key);
      if (key !== 'grad' && lo < 0 && hi > 0) {
        const py = Math.round(y0 + rowH - ((0 - lo) / (hi - lo)) * rowH) + 0.5;
        ctx.strokeStyle = colors.muted;
        ctx.beginPath();
        ctx.moveTo(split - 4, py);
        ctx.lineTo(right, py);
        ctx.stroke();
      }
      // the name on the left; μ σ (or the exact zeros) and the ranges on a line of their own
      ctx.textAlign = 'right';
      ctx.fillStyle = colors.fg;
      ctx.textBaseline = 'top';
      ctx.fillText(name(l), left - 4, y0);
      const parts = [];
      if (key === 'act') parts.push(`μ ${fmt(L.actMean, 2)}  σ ${fmt(L.actStd, 2)}`);
      else if (key === 'pre') parts.push(`μ ${fmt(L.preMean, 2)}  σ ${fmt(L.preStd, 2)}`);
      else {
        // what the bins leave out: exact zeros, and values too far below the largest to count
        const apart = [hist.zeros > 0 && `+${fmt(hist.zeros)} exact 0`, hist.below > 0 && `+${fmt(hist.below)} below`].filter(Boolean);
        if (apart.length) parts.push(apart.join(' '));
      }
      parts.push(`${key === 'grad' ? 'log₁₀ ' : ''}${fmt(lo)} … ${fmt(hi)}`);
      if (tlo !== lo || thi !== hi) parts.push(`over time ${fmt(tlo)} … ${fmt(thi)}`);
      while (parts.length > 1 && ctx.measureText(parts.join(' · ')).width > right - left) parts.pop();
      const note = parts.join(' · ');
      ctx.textAlign = 'left';
      ctx.textBaseline = 'top';
      ctx.fillStyle = colors.muted;
      ctx.fillText(note, left, y0 + rowH + 2);
      this.geom.labels.push({ text: note, x: left, y: y0 + rowH + 2, w: ctx.measureText(note).width, h: LABEL_H - 2 });
    });
  }

  // The numbers behind the chart (every layer, not only those shown), and the text summary.
  describe(run, key, samples, n) {
    const last = samples[samples.length - 1];
    const el = this.el;
    el.dataset.mode = key;
    el.dataset.step = last ? String(last.step) : '';
    const hists = last ? last.layers.map((L) => L.hist[key]) : [];
    el.dataset.lo = dataList(hists.map((hs) => bounds(hs, key)[0]));
    el.dataset.hi = dataList(hists.map((hs) => bounds(hs, key)[1]));
    el.dataset.edgeShare = dataList(hists.map(edgeShare));
    el.dataset.shown = this.geom.shown.map((l) => l + 1).join(',');
    if (!n) return;
    const hidden = last.layers.filter((x) => x.role === 'hidden');
    if (hidden.length) {
      const a = hidden[0];
      const b = hidden[hidden.length - 1];
      // the summary speaks of the distribution shown
      const of = {
        act: (L) => `mean ${fmt(L.actMean)} std ${fmt(L.actStd)}`,
        pre: (L) => `mean ${fmt(L.preMean)} std ${fmt(L.preStd)}`,
        grad: (L) => `rms ${fmt(L.gradZRms)}`,
      }[key];
      const what = { act: 'Activations', pre: 'Pre-activations', grad: 'Back-propagated gradients dL/dz' }[key];
      this.say(`${what} at step ${last.step}: layer 1 ${of(a)}; layer ${hidden.length} ${of(b)}.`);
    }
  }

  hover(e) {
    const g = this.geom;
    const run = this.run;
    if (!g || !run?.history.samples.length) return;
    const rect = this.canvas.getBoundingClientRect();
    const x = e.clientX - rect.left;
    const y = e.clientY - rect.top;
    const r = Math.floor(y / g.band);
    const inRow = y - r * g.band;
    if (r < 0 || r >= g.shown.length || x < g.left || inRow > g.rowH) return this.ctx.tooltip.hide();
    const l = g.shown[r];
    const key = this.ctx.ui.hist;
    const samples = run.history.samples;
    const overTime = x < g.split;
    const t = overTime ? Math.min(samples.length - 1, Math.floor(((x - g.left) / (g.split - g.left - 6)) * samples.length)) : samples.length - 1;
    const hist = samples[t].layers[l].hist[key];
    const bins = hist.counts.length;
    const b = Math.max(0, Math.min(bins - 1, Math.floor(((g.rowH - inRow) / g.rowH) * bins)));
    const total = hist.counts.reduce((s, v) => s + v, 0) + (hist.zeros ?? 0) + (hist.below ?? 0);
    let a;
    let w;
    let count;
    if (overTime) {
      // the heatmap's row: this evaluation's counts spread onto the range over time
      const [lo, hi] = g.ranges[r];
      w = (hi - lo) / bins;
      a = lo + b * w;
      count = rebin(hist.counts, bounds(hist, key), [lo, hi], bins)[b];
    } else {
      const [lo, hi] = bounds(hist, key);
      w = (hi - lo) / bins;
      a = lo + b * w;
      count = hist.counts[b];
    }
    this.ctx.tooltip.show(e.clientX, e.clientY, [
      `${l === g.n - 1 ? 'output' : `layer ${l + 1}`}, step ${samples[t].step}`,
      `${MODES[key]} in [${fmt(a)}, ${fmt(a + w)}): ${fmt(total ? (100 * count) / total : 0)}% of values`,
    ]);
  }
}
