// The activation race: 2–11 activations on the same data, depth, width and seeds, each with
// its matched initialiser (or one for all): their training-loss curves overlaid (the median
// over seeds, with a band from the lowest to the highest seed), and a table of the end
// figures — training loss, test accuracy, dead fraction, gradient ratio — sortable by any
// column. Hover a curve or a row for its numbers; click one to open its run.
import { h, replace } from '../dom.js';
import { OKABE_ITO } from '../colors.js';

// Okabe & Ito's eight, then three of Tol's muted palette: eleven activations, eleven colours.
const PALETTE = [...OKABE_ITO, '#882255', '#44AA99', '#332288'];
import { fit, watchWidth, yScale, range, drawYAxis, niceTicks } from '../charts/canvas.js';
import { fmt, pct, dataNum } from '../format.js';
import { evaluationSteps } from '../../../src/sweep/run-cell.js';
import { valueLabel } from './kinds.js';

const M = { left: 56, right: 120, top: 12, bottom: 36 };
const DASHES = [[], [6, 3], [2, 3]];

/** The table's columns: the end figures of each activation (the cell's median over seeds). */
export const RACE_COLUMNS = Object.freeze([
  { key: 'trainLoss', label: 'training loss', fmt, better: 'lower' },
  { key: 'testAccuracy', label: 'test accuracy', fmt: pct, better: 'higher' },
  { key: 'deadFraction', label: 'dead units', fmt: pct, better: 'lower' },
  { key: 'gradRatio', label: 'gradient ratio first/last', fmt, better: null },
]);

export class RaceInstrument {
  /** @param {{colors, tooltip, openRun(config, step)}} ctx */
  constructor(ctx) {
    this.ctx = ctx;
    this.data = null;
    this.sort = { key: 'trainLoss', dir: 1 };
    this.width = 600;
    this.canvas = h('canvas', { class: 'gl-x-race', role: 'img', 'aria-label': 'Training loss of each activation over the steps, median over seeds with the range as a band' });
    this.table = h('table', { class: 'gl-x-table' });
    this.summary = h('p', { class: 'gl-summary' });
    this.el = h('div', { class: 'gl-x-instrument', 'data-instrument': 'race' }, h('div', { class: 'gl-x-chart' }, this.canvas), h('div', { class: 'gl-x-scroll' }, this.table), this.summary);
    this.canvas.addEventListener('pointermove', (e) => this.#hover(e));
    this.canvas.addEventListener('pointerleave', () => this.ctx.tooltip.hide());
    this.canvas.addEventListener('click', (e) => {
      const hit = this.#nearest(e.offsetX, e.offsetY);
      if (hit) this.#open(hit.cell);
    });
    this.unwatch = watchWidth(this.el, (w) => {
      this.width = w;
      this.draw();
    });
  }

  reset(data) {
    this.data = data;
    this.steps = evaluationSteps(data.spec.steps, data.spec.evalEvery);
  }

  /** The activations in axis order: {cell, activation, init, color, dash}. */
  series() {
    const a = this.data.spec.axes[0];
    return a.values.map((act, cell) => ({
      cell, activation: act, init: a.link?.init?.[cell] ?? this.data.spec.base.init,
      color: PALETTE[cell % PALETTE.length], dash: DASHES[Math.floor(cell / PALETTE.length) % DASHES.length],
    }));
  }

  draw() {
    if (!this.data) return;
    this.#chart();
    this.#table();
    this.#publish();
  }

  #chart() {
    const colors = this.ctx.colors();
    const w = Math.max(280, this.width), H = 300;
    this.geom = { left: M.left, right: w - M.right, top: M.top, bottom: H - M.bottom };
    const g = this.geom;
    const c = fit(this.canvas, w, H);
    c.font = colors.font;
    const curves = this.series().map((s) => ({ ...s, stat: this.data.cells.get(s.cell)?.measures.trainLossCurve ?? null }));
    const all = curves.flatMap((s) => (s.stat ? [...s.stat.min, ...s.stat.max] : []));
    const r = range(all, { log: true }) ?? { lo: 0.01, hi: 1 };
    this.y = drawYAxis(c, { ...r, log: true, ...g, colors, label: 'training loss (log)' });
    const last = this.steps.at(-1) || 1;
    this.x = (step) => g.left + (step / last) * (g.right - g.left);
    c.fillStyle = colors.muted;
    c.textAlign = 'center';
    c.textBaseline = 'top';
    for (const t of niceTicks(0, last, 5)) c.fillText(fmt(t), this.x(t), g.bottom + 4);
    c.fillText('step', (g.left + g.right) / 2, g.bottom + 18);
    for (const s of curves) {
      if (!s.stat) continue;
      // the band over seeds: lowest to highest loss at each evaluation
      c.globalAlpha = 0.15;
      c.fillStyle = s.color;
      c.beginPath();
      let started = false;
      const up = [];
      s.stat.max.forEach((v, i) => {
        const y = this.y(v);
        if (y === null) return;
        up.push([this.x(this.steps[i]), y]);
      });
      for (const [x, y] of up) {
        if (started) c.lineTo(x, y);
        else c.moveTo(x, y);
        started = true;
      }
      for (let i = s.stat.min.length - 1; i >= 0; i--) {
        const y = this.y(s.stat.min[i]);
        if (y !== null) c.lineTo(this.x(this.steps[i]), y);
      }
      if (started) c.fill();
      c.globalAlpha = 1;
      c.strokeStyle = s.color;
      c.lineWidth = 2;
      c.setLineDash(s.dash);
      c.beginPath();
      let pen = false;
      s.stat.median.forEach((v, i) => {
        const y = this.y(v);
        if (y === null) {
          pen = false;
          return;
        }
        if (pen) c.lineTo(this.x(this.steps[i]), y);
        else c.moveTo(this.x(this.steps[i]), y);
        pen = true;
      });
      c.stroke();
      c.setLineDash([]);
    }
    // the legend, at each curve's end height where there is room
    c.textAlign = 'left';
    c.textBaseline = 'middle';
    const labels = curves.map((s) => {
      const med = s.stat?.median ?? [];
      let v = null;
      for (let i = med.length - 1; i >= 0 && v === null; i--) v = med[i];
      return { s, y: v === null ? null : this.y(v) };
    }).filter((l) => l.y !== null).sort((a, b) => a.y - b.y);
    let prev = -Infinity;
    for (const l of labels) {
      const y = Math.max(l.y, prev + 12);
      prev = y;
      c.fillStyle = l.s.color;
      c.fillRect(g.right + 6, y - 1, 12, 3);
      c.fillStyle = colors.fg;
      c.fillText(valueLabel('activation', l.s.activation), g.right + 22, y);
    }
    const pending = curves.filter((s) => !s.stat).length;
    if (pending) {
      c.fillStyle = colors.muted;
      c.textAlign = 'right';
      c.textBaseline = 'top';
      c.fillText(`${pending} still running…`, g.right, g.top);
    }
  }

  #table() {
    const rows = this.series().map((s) => ({ ...s, agg: this.data.cells.get(s.cell) ?? null }));
    const value = (r, key) => r.agg?.measures[key]?.median ?? null;
    const { key, dir } = this.sort;
    rows.sort((a, b) => {
      const x = value(a, key), y = value(b, key);
      if (x === null && y === null) return a.cell - b.cell;
      if (x === null) return 1;
      if (y === null) return -1;
      return dir * (x - y) || a.cell - b.cell;
    });
    const head = h('tr', {},
      h('th', { scope: 'col', text: 'activation' }),
      h('th', { scope: 'col', text: 'initialiser' }),
      ...RACE_COLUMNS.map((col) => h('th', { scope: 'col', 'aria-sort': col.key === key ? (dir > 0 ? 'ascending' : 'descending') : 'none' },
        h('button', { type: 'button', class: 'gl-x-sort', 'data-sort': col.key, text: `${col.label}${col.key === key ? (dir > 0 ? ' ▲' : ' ▼') : ''}`, onclick: () => this.sortBy(col.key) }))),
      h('th', { scope: 'col', text: 'diverged' }),
      h('th', { scope: 'col', text: 'run' }));
    const body = rows.map((r) => h('tr', { 'data-activation': r.activation, 'data-cell': String(r.cell) },
      h('th', { scope: 'row' }, h('span', { class: 'gl-x-swatch', 'data-color': r.color }), valueLabel('activation', r.activation)),
      h('td', { text: r.init }),
      ...RACE_COLUMNS.map((col) => {
        const s = r.agg?.measures[col.key];
        const text = !r.agg ? '…' : s.median === null ? `— ${s.note ?? ''}` : this.data.spec.seeds > 1 && s.min !== s.max ? `${col.fmt(s.median)} [${col.fmt(s.min)}–${col.fmt(s.max)}]` : col.fmt(s.median);
        return h('td', { 'data-measure': col.key, 'data-value': s ? dataNum(s.median) : '', text });
      }),
      h('td', { text: r.agg ? (r.agg.diverged ? `${r.agg.diverged} of ${r.agg.runs}` : '–') : '…' }),
      h('td', {}, r.agg ? h('button', { type: 'button', class: 'gl-x-open', text: 'open', title: `Open this run in the playground (seed ${this.data.runConfig(r.cell, 0).seed})`, onclick: () => this.#open(r.cell) }) : null)));
    replace(this.table, h('caption', { text: `End figures after ${this.data.spec.steps} steps (median over ${this.data.spec.seeds} seed${this.data.spec.seeds === 1 ? '' : 's'}; [lowest–highest]). Click a column to sort.` }), h('thead', {}, head), h('tbody', {}, ...body));
    for (const sw of this.table.querySelectorAll('.gl-x-swatch')) sw.style.background = sw.dataset.color;
  }

  /** Sorts the table by `key` (again: the other direction). */
  sortBy(key) {
    this.sort = this.sort.key === key ? { key, dir: -this.sort.dir } : { key, dir: RACE_COLUMNS.find((c) => c.key === key)?.better === 'higher' ? -1 : 1 };
    this.#table();
  }

  #publish() {
    this.el.dataset.cells = String(this.data.cells.size);
    this.el.dataset.total = String(this.data.total);
    const done = [...this.data.cells.values()];
    const best = done.filter((a) => a.measures.trainLoss.median !== null).sort((a, b) => a.measures.trainLoss.median - b.measures.trainLoss.median)[0];
    this.summary.textContent = `${done.length} of ${this.data.total} activations done${best ? `; lowest training loss so far: ${valueLabel('activation', best.coords.activation)} (${fmt(best.measures.trainLoss.median)})` : ''}.`;
  }

  // The curve nearest to the pointer at its step: {cell, step index, value}.
  #nearest(x, y) {
    if (!this.geom || !this.data) return null;
    const g = this.geom;
    if (x < g.left - 4 || x > g.right + 4) return null;
    let i = 0;
    this.steps.forEach((step, k) => {
      if (Math.abs(this.x(step) - x) < Math.abs(this.x(this.steps[i]) - x)) i = k;
    });
    let best = null;
    for (const s of this.series()) {
      const stat = this.data.cells.get(s.cell)?.measures.trainLossCurve;
      const v = stat?.median?.[i];
      const py = v === null || v === undefined ? null : this.y(v);
      if (py === null) continue;
      const d = Math.abs(py - y);
      if (d < 24 && (!best || d < best.d)) best = { cell: s.cell, s, i, d, stat };
    }
    return best;
  }

  #hover(e) {
    const hit = this.#nearest(e.offsetX, e.offsetY);
    if (!hit) {
      this.ctx.tooltip.hide();
      this.canvas.style.cursor = '';
      return;
    }
    this.canvas.style.cursor = 'pointer';
    const { stat, i, s } = hit;
    const seeds = this.data.spec.seeds;
    this.ctx.tooltip.show(e.clientX, e.clientY, [
      `${valueLabel('activation', s.activation)} (${s.init})`,
      `training loss at step ${this.steps[i]}: ${fmt(stat.median[i])}${seeds > 1 ? ` [${fmt(stat.min[i])}–${fmt(stat.max[i])}] over ${seeds} seeds` : ''}`,
      'click: open this run in the playground',
    ]);
  }

  #open(cell) {
    this.ctx.openRun(this.data.runConfig(cell, 0), this.data.spec.steps);
  }

  dispose() {
    this.unwatch?.();
  }
}
