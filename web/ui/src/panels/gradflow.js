// Gradient flow: per layer, on a log scale, the back-propagated gradient dL/dz (rms over
// examples and units) and the weight gradient ||dL/dW|| — live bars, and a layer × time
// heatmap of either. The numbers behind the bars are on the panel element as data-*.
import { Panel } from './panel.js';
import { h } from '../dom.js';
import { fit, drawYAxis, range, drawLayerTime, layerTimeCell, drawLegend } from '../charts/canvas.js';
import { viridisLut, BLUE, ORANGE } from '../colors.js';
import { fmt, dataList, decade } from '../format.js';

const SERIES = [
  { key: 'gradZRms', label: 'dL/dz (rms, back-propagated)', color: BLUE },
  { key: 'gradWNorm', label: '‖dL/dW‖ (weight gradient)', color: ORANGE },
];

export class GradFlowPanel extends Panel {
  constructor(ctx, { tag } = {}) {
    super({
      ctx, tag, name: 'gradflow', title: 'Gradient flow',
      help: 'How much gradient reaches each layer, on a log scale (each grid line is 10× the one below). Blue: dL/dz, the ' +
        'gradient back-propagated to the layer\'s pre-activations (rms over training points and units) — it shrinks ' +
        'layer by layer when gradients vanish. Orange: ‖dL/dW‖, the size of the layer\'s weight gradient, which also ' +
        'depends on the layer\'s inputs: the two tell different stories. Below, the same numbers over time (layer 1 at the bottom).',
    });
    this.heatSelect = h('select', { 'aria-label': 'Heatmap shows', onchange: () => this.ctx.setUi({ heat: this.heatSelect.value }) },
      h('option', { value: 'gradZRms', text: 'dL/dz' }), h('option', { value: 'gradWNorm', text: '‖dL/dW‖' }));
    this.tools.append(h('label', { class: 'gl-inline' }, 'over time ', this.heatSelect));
    this.bars = h('canvas', { class: 'gl-canvas', role: 'img', 'aria-label': 'Gradient per layer, log scale' });
    this.heat = h('canvas', { class: 'gl-canvas', role: 'img', 'aria-label': 'Gradient per layer over time' });
    this.body.append(
      h('p', { class: 'gl-legend' }, ...SERIES.map((s) => h('span', { class: 'gl-key' }, h('i', { class: `gl-swatch gl-swatch-${s.key}` }), s.label))),
      this.bars, this.heat);
    this.hoverable(this.bars, (e) => this.hover(e));
    this.hoverable(this.heat, (e) => this.hoverHeat(e));
  }

  /** Range of both gradients over a run's history, for scales shared between A and B. */
  static extent(run) {
    const vals = [];
    for (const s of run.history.samples) for (const L of s.layers) vals.push(L.gradZRms, L.gradWNorm);
    for (const L of run.metrics?.layers ?? []) vals.push(L.gradZRms, L.gradWNorm);
    return vals;
  }

  redraw() {
    const run = this.run;
    if (!run?.info) return;
    if (this.heatSelect.value !== this.ctx.ui.heat) this.heatSelect.value = this.ctx.ui.heat;
    const m = run.metrics;
    const layers = m?.layers ?? [];
    const n = layers.length;
    const names = layers.map((L, l) => (l === n - 1 ? 'out' : String(l + 1)));
    // The data behind the chart, exactly as drawn.
    this.el.dataset.step = String(m?.evaluatedStep ?? m?.step ?? 0);
    this.el.dataset.layers = names.join(',');
    this.el.dataset.gradZRms = dataList(layers.map((L) => L.gradZRms));
    this.el.dataset.gradWNorm = dataList(layers.map((L) => L.gradWNorm));
    const colors = this.ctx.colors();
    const vals = this.shared?.grad ?? GradFlowPanel.extent(run);
    const r = range(vals, { log: true }) ?? { lo: 1e-8, hi: 1 };
    this.drawBars(layers, names, r, colors);
    this.drawHeat(run, r, colors);
    this.summarise(layers);
  }

  drawBars(layers, names, r, colors) {
    const W = this.width;
    const H = 170;
    const ctx = fit(this.bars, W, H);
    const left = 40;
    const right = W - 6;
    const top = 8;
    const bottom = H - 20;
    const y = drawYAxis(ctx, { ...r, log: true, left, right, top, bottom, colors });
    const n = layers.length;
    if (!n) return;
    const step = (right - left) / n;
    const bw = Math.max(1, Math.min(14, (step * 0.8) / 2));
    this.barGeom = { left, step, n };
    layers.forEach((L, l) => {
      const cx = left + step * (l + 0.5);
      SERIES.forEach((s, k) => {
        const v = L[s.key];
        const x = cx - bw + k * bw;
        if (v === 0) {
          // exactly zero: no bar on a log scale can show it, so say it
          ctx.fillStyle = s.color;
          ctx.font = colors.font;
          ctx.textAlign = 'center';
          ctx.textBaseline = 'bottom';
          ctx.fillText('0', x + bw / 2, bottom - 1);
          return;
        }
        const py = y(v);
        if (py === null) return;
        ctx.fillStyle = s.color;
        ctx.fillRect(x, Math.min(py, bottom), bw - (bw > 3 ? 1 : 0), Math.max(0, bottom - py));
      });
    });
    ctx.font = colors.font;
    ctx.fillStyle = colors.muted;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const every = Math.max(1, Math.ceil(22 / step));
    names.forEach((name, l) => {
      if (l % every === 0 || l === n - 1) ctx.fillText(name, left + step * (l + 0.5), bottom + 4);
    });
  }

  drawHeat(run, r, colors) {
    const key = this.ctx.ui.heat;
    const series = run.history.layerSeries(key);
    const samples = run.history.samples.length;
    const W = this.width;
    const n = series.length;
    const rowH = Math.max(3, Math.min(14, Math.floor(140 / Math.max(1, n))));
    const H = n * rowH + 42;
    const ctx = fit(this.heat, W, H);
    const left = 40;
    const right = W - 6;
    this.heatGeom = { left, right, rowH, n, T: samples };
    if (!n || !samples) return;
    const lo = Math.log10(r.lo);
    const hi = Math.log10(r.hi);
    const value = (l, t) => {
      const v = series[l][t];
      return v !== null && v > 0 ? Math.log10(v) : v === 0 ? lo : NaN;
    };
    drawLayerTime(ctx, { n, T: samples, value, left, right, rowH, lut: viridisLut, lo, hi, label: (l) => (l === n - 1 ? 'out' : `L${l + 1}`), colors });
    const steps = run.history.steps();
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.fillText(`step ${steps[0]}`, left, n * rowH + 3);
    ctx.textAlign = 'right';
    ctx.fillText(`step ${steps[steps.length - 1]}`, right, n * rowH + 3);
    drawLegend(ctx, { lut: viridisLut, x: left + (right - left) * 0.25, y: n * rowH + 19, w: (right - left) * 0.5, h: 8, left: decade(Math.round(lo)), right: decade(Math.round(hi)), colors });
  }

  summarise(layers) {
    const hidden = layers.filter((L) => L.role === 'hidden');
    if (hidden.length < 2) {
      this.say(hidden.length ? `Layer 1: dL/dz rms ${fmt(hidden[0].gradZRms)}, ‖dL/dW‖ ${fmt(hidden[0].gradWNorm)}.` : 'No hidden layers.');
      return;
    }
    const first = hidden[0].gradZRms;
    const last = hidden.at(-1).gradZRms;
    if (first === null || last === null || first === 0) {
      this.say(`Layer 1's dL/dz is ${first === 0 ? 'exactly 0: no gradient reaches it' : 'not available'}.`);
      return;
    }
    const r = last / first;
    this.say(r >= 1
      ? `Layer 1's back-propagated gradient dL/dz is ${fmt(r)}× smaller than layer ${hidden.length}'s (the last hidden layer).`
      : `Layer 1's back-propagated gradient dL/dz is ${fmt(1 / r)}× larger than layer ${hidden.length}'s (the last hidden layer).`);
  }

  hover(e) {
    const g = this.barGeom;
    const layers = this.run?.metrics?.layers;
    if (!g || !layers) return;
    const rect = this.bars.getBoundingClientRect();
    const l = Math.floor((e.clientX - rect.left - g.left) / g.step);
    if (l < 0 || l >= layers.length) return this.ctx.tooltip.hide();
    const L = layers[l];
    this.ctx.tooltip.show(e.clientX, e.clientY, [
      l === layers.length - 1 ? 'output layer' : `layer ${l + 1}`,
      `dL/dz rms ${fmt(L.gradZRms, 4)}`,
      `‖dL/dW‖ ${fmt(L.gradWNorm, 4)}`,
      `‖dL/db‖ ${fmt(L.gradBNorm, 4)}`,
      `update/weight ratio ${fmt(L.updateRatio, 3)}`,
    ]);
  }

  hoverHeat(e) {
    const g = this.heatGeom;
    const run = this.run;
    if (!g || !run || !g.T) return;
    const rect = this.heat.getBoundingClientRect();
    const cell = layerTimeCell(g, e.clientX - rect.left, e.clientY - rect.top);
    if (!cell) return this.ctx.tooltip.hide();
    const { l, t } = cell;
    const s = run.history.samples[t];
    const key = this.ctx.ui.heat;
    this.ctx.tooltip.show(e.clientX, e.clientY, [`${l === g.n - 1 ? 'output layer' : `layer ${l + 1}`}, step ${s.step}`, `${key === 'gradZRms' ? 'dL/dz rms' : '‖dL/dW‖'} ${fmt(s.layers[l]?.[key], 4)}`]);
  }
}
