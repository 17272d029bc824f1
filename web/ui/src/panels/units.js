// Dead, inactive and saturated units per layer: counts now (a table) and their share over
// time (a layer × time heatmap), as the engine counts them over the training set.
import { Panel } from './panel.js';
import { h, replace } from '../dom.js';
import { fit, drawLayerTime, layerTimeCell, drawLegend } from '../charts/canvas.js';
import { viridisLut } from '../colors.js';
import { fmt, pct } from '../format.js';

const KINDS = {
  dead: 'dead: f′(z) = 0 for every training point — no gradient reaches the unit, it cannot recover',
  inactive: 'inactive: z ≤ 0 for every training point but f′ ≠ 0 (leaky ReLU, ELU…) — still learning, can recover',
  saturated: 'saturated: sigmoid/tanh with |f′| under 5% of its peak for most points — little gradient passes',
};

export class UnitsPanel extends Panel {
  constructor(ctx, { tag } = {}) {
    super({
      ctx, tag, name: 'units', title: 'Dead and saturated units',
      help: `How many units of each hidden layer are ${Object.values(KINDS).join('; ')}. The heatmap shows the share over time (layer 1 at the bottom).`,
    });
    this.kindSelect = h('select', { 'aria-label': 'Heatmap shows', onchange: () => this.redraw() },
      ...Object.keys(KINDS).map((k) => h('option', { value: k, text: k })));
    this.tools.append(h('label', { class: 'gl-inline' }, 'over time ', this.kindSelect));
    this.total = h('p', { class: 'gl-total' });
    this.table = h('table', { class: 'gl-table' });
    this.canvas = h('canvas', { class: 'gl-canvas', role: 'img', 'aria-label': 'Share of dead units per layer over time' });
    this.body.append(this.total, h('div', { class: 'gl-table-wrap' }, this.table), this.canvas);
    this.hoverable(this.canvas, (e) => this.hover(e));
  }

  redraw() {
    const run = this.run;
    if (!run?.info) return;
    const m = run.metrics;
    const hidden = (m?.layers ?? []).filter((L) => L.role === 'hidden');
    this.el.dataset.step = String(m?.evaluatedStep ?? m?.step ?? 0);
    this.el.dataset.units = hidden.map((L) => L.units).join(',');
    this.el.dataset.dead = hidden.map((L) => L.dead).join(',');
    this.el.dataset.inactive = hidden.map((L) => L.inactive).join(',');
    this.el.dataset.saturated = hidden.map((L) => L.saturated).join(',');
    const sum = (k) => hidden.reduce((a, L) => a + L[k], 0);
    const units = sum('units');
    const dead = sum('dead');
    const inactive = sum('inactive');
    const saturated = sum('saturated');
    const totalText = hidden.length
      ? `${dead} of ${units} hidden units dead (${pct(units ? dead / units : 0)}) · ${inactive} inactive · ${saturated} saturated`
      : 'No hidden layers.';
    this.total.textContent = totalText;
    this.total.dataset.dead = String(dead);
    this.total.classList.toggle('gl-bad', dead > 0);
    const deadLayer = m?.bornDead ? (m.step === 0 ? ' — the network is born dead: a whole layer outputs 0 for every input.' : ' — a whole layer outputs 0 for every input: nothing below it can learn.') : '.';
    this.say(totalText + deadLayer);
    this.renderTable(hidden);
    this.drawHeat(run);
  }

  renderTable(hidden) {
    const key = hidden.map((L) => `${L.units}/${L.dead}/${L.inactive}/${L.saturated}`).join(' ');
    if (key === this.tableKey) return;
    this.tableKey = key;
    const head = h('tr', {}, h('th', { scope: 'col', text: 'layer' }), h('th', { scope: 'col', text: 'units' }),
      h('th', { scope: 'col', text: 'dead' }), h('th', { scope: 'col', text: 'inactive' }), h('th', { scope: 'col', text: 'saturated' }));
    const rows = hidden.map((L) => h('tr', { 'data-layer': String(L.index + 1) },
      h('th', { scope: 'row', text: `layer ${L.index + 1}` }),
      h('td', { text: String(L.units) }),
      h('td', { class: L.dead ? 'gl-bad' : '', title: KINDS.dead, text: L.dead ? `${L.dead} dead` : '0' }),
      h('td', { class: L.inactive ? 'gl-warn' : '', title: KINDS.inactive, text: L.inactive ? `${L.inactive} inactive` : '0' }),
      h('td', { class: L.saturated ? 'gl-warn' : '', title: KINDS.saturated, text: L.saturated ? `${L.saturated} saturated` : '0' })));
    replace(this.table, h('caption', { text: 'Units per hidden layer, now' }), h('thead', {}, head), h('tbody', {}, rows));
  }

  drawHeat(run) {
    const kind = this.kindSelect.value;
    const samples = run.history.samples;
    const T = samples.length;
    const n = T ? samples[T - 1].layers.filter((L) => L.role === 'hidden').length : 0;
    const W = this.width;
    const rowH = Math.max(3, Math.min(14, Math.floor(120 / Math.max(1, n))));
    const H = n * rowH + 30;
    const ctx = fit(this.canvas, W, H);
    const colors = this.ctx.colors();
    const left = 40;
    const right = W - 6;
    this.geom = { left, right, rowH, n, T };
    if (!n || !T) return;
    const value = (l, t) => {
      const L = samples[t].layers[l];
      return L && L.role === 'hidden' ? L[kind] / L.units : NaN;
    };
    drawLayerTime(ctx, { n, T, value, left, right, rowH, lut: viridisLut, lo: 0, hi: 1, label: (l) => `L${l + 1}`, colors });
    drawLegend(ctx, { lut: viridisLut, x: left + (right - left) * 0.25, y: n * rowH + 6, w: (right - left) * 0.5, h: 8, left: `0% ${kind}`, right: '100%', colors });
  }

  hover(e) {
    const g = this.geom;
    const run = this.run;
    if (!g?.T) return;
    const rect = this.canvas.getBoundingClientRect();
    const cell = layerTimeCell(g, e.clientX - rect.left, e.clientY - rect.top);
    if (!cell) return this.ctx.tooltip.hide();
    const { l, t } = cell;
    const s = run.history.samples[t];
    const L = s.layers[l];
    this.ctx.tooltip.show(e.clientX, e.clientY, [`layer ${l + 1}, step ${s.step}`, `${L.dead} dead · ${L.inactive} inactive · ${L.saturated} saturated of ${L.units}`, `share ${fmt(100 * L[this.kindSelect.value] / L.units)}%`]);
  }
}
