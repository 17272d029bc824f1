// Activation distributions: for each layer, the engine's histogram of activations,
// pre-activations or back-propagated gradients over the training set, now (bars) and over
// time (a heatmap: time to the right, value upwards, brighter = more examples).
import { Panel } from './panel.js';
import { h } from '../dom.js';
import { fit, drawMatrix } from '../charts/canvas.js';
import { viridisLut, BLUE } from '../colors.js';
import { fmt } from '../format.js';

// The page field `hist` names the engine's histogram (act, pre, grad) directly.
const MODES = {
  act: 'activations f(z)',
  pre: 'pre-activations z',
  grad: 'log₁₀ |dL/dz|',
};
const MAX_SHOWN = 8;
// A histogram's value range; the gradient's is of log10 |dL/dz|.
const bounds = (hist, key) => (key === 'grad' ? [hist.log10Lo, hist.log10Hi] : [hist.lo, hist.hi]);

export class HistogramsPanel extends Panel {
  constructor(ctx, { tag } = {}) {
    super({
      ctx, tag, name: 'histograms', title: 'Distributions per layer',
      help: 'How the values inside each layer are spread over the training points. Left of each row: the histogram over time ' +
        '(time to the right, value upwards, brighter = more points); right: the histogram now. Saturated sigmoid/tanh units pile ' +
        'up at the ends of the activation range; dead ReLUs pile up at exactly 0; with SELU the deep layers keep a spread near 1. ' +
        'In the gradient view, exact zeros (dead units) are counted apart.',
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
    const rowH = 46;
    const W = this.width;
    const H = Math.max(40, shown.length * (rowH + 8));
    const ctx = fit(this.canvas, W, H);
    const colors = this.ctx.colors();
    const left = 56;
    const split = left + Math.round((W - left) * 0.66);
    const right = W - 4;
    this.geom = { shown, rowH, left, split, right, n };
    this.note.textContent = n > shown.length ? `Showing ${shown.length} of ${n} layers, evenly spaced; tick “all layers” for every one.` : '';
    if (!n) return;
    shown.forEach((l, r) => {
      const y0 = r * (rowH + 8);
      const last = samples[samples.length - 1].layers[l];
      const hist = last.hist[key];
      const bins = hist.counts.length;
      // time heatmap: one column per sample, each normalised to its largest bin, sqrt for contrast
      const T = samples.length;
      const values = new Float32Array(bins * T);
      for (let t = 0; t < T; t++) {
        const c = samples[t].layers[l]?.hist[key]?.counts;
        if (!c) continue;
        let m = 0;
        for (const v of c) m = Math.max(m, v);
        for (let b = 0; b < bins; b++) values[(bins - 1 - b) * T + t] = m > 0 ? Math.sqrt(c[b] / m) : 0;
      }
      drawMatrix(ctx, { values, cols: T, rows: bins, x: left, y: y0, w: split - left - 6, h: rowH, lut: viridisLut, lo: 0, hi: 1 });
      // now: horizontal bars
      let m = 0;
      for (const v of hist.counts) m = Math.max(m, v);
      ctx.fillStyle = BLUE;
      const bh = rowH / bins;
      hist.counts.forEach((v, b) => {
        const w = m > 0 ? ((right - split) * v) / m : 0;
        ctx.fillRect(split, y0 + rowH - (b + 1) * bh, w, Math.max(0.5, bh - 0.3));
      });
      ctx.strokeStyle = colors.grid;
      ctx.strokeRect(split + 0.5, y0 + 0.5, right - split - 1, rowH - 1);
      // labels
      const [lo, hi] = bounds(hist, key);
      ctx.font = colors.font;
      ctx.textAlign = 'right';
      ctx.fillStyle = colors.fg;
      ctx.textBaseline = 'top';
      ctx.fillText(l === n - 1 ? 'output' : `layer ${l + 1}`, left - 4, y0);
      ctx.fillStyle = colors.muted;
      ctx.fillText(fmt(hi), left - 4, y0 + 13);
      ctx.textBaseline = 'bottom';
      ctx.fillText(fmt(lo), left - 4, y0 + rowH);
      ctx.textAlign = 'left';
      ctx.textBaseline = 'top';
      let note = '';
      if (key === 'act') note = `μ ${fmt(last.actMean, 2)} σ ${fmt(last.actStd, 2)}`;
      else if (key === 'pre') note = `μ ${fmt(last.preMean, 2)} σ ${fmt(last.preStd, 2)}`;
      else if (hist.zeros > 0) note = `+${fmt(hist.zeros)} exact 0`;
      ctx.fillStyle = colors.muted;
      ctx.fillText(note, split + 2, y0 + rowH + 0);
    });
    const L = samples[samples.length - 1].layers;
    const hidden = L.filter((x) => x.role === 'hidden');
    if (hidden.length) {
      const a = hidden[0];
      const b = hidden[hidden.length - 1];
      this.say(`Activations: layer 1 mean ${fmt(a.actMean)} std ${fmt(a.actStd)}; layer ${hidden.length} mean ${fmt(b.actMean)} std ${fmt(b.actStd)}.`);
    }
  }

  hover(e) {
    const g = this.geom;
    const run = this.run;
    if (!g || !run?.history.samples.length) return;
    const rect = this.canvas.getBoundingClientRect();
    const x = e.clientX - rect.left;
    const y = e.clientY - rect.top;
    const r = Math.floor(y / (g.rowH + 8));
    if (r < 0 || r >= g.shown.length || x < g.left) return this.ctx.tooltip.hide();
    const l = g.shown[r];
    const key = this.ctx.ui.hist;
    const samples = run.history.samples;
    const t = x < g.split ? Math.min(samples.length - 1, Math.floor(((x - g.left) / (g.split - g.left - 6)) * samples.length)) : samples.length - 1;
    const L = samples[t].layers[l];
    const hist = L.hist[key];
    const bins = hist.counts.length;
    const b = Math.max(0, Math.min(bins - 1, Math.floor(((g.rowH - (y - r * (g.rowH + 8))) / g.rowH) * bins)));
    const [lo, hi] = bounds(hist, key);
    const a = lo + ((hi - lo) * b) / bins;
    const total = hist.counts.reduce((s, v) => s + v, 0) + (hist.zeros ?? 0);
    this.ctx.tooltip.show(e.clientX, e.clientY, [
      `${l === g.n - 1 ? 'output' : `layer ${l + 1}`}, step ${samples[t].step}`,
      `${MODES[key]} in [${fmt(a)}, ${fmt(a + (hi - lo) / bins)}): ${fmt(total ? (100 * hist.counts[b]) / total : 0)}% of values`,
    ]);
  }
}
