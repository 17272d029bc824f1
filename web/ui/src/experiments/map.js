// The trainability map: two axes chosen from depth, width, learning rate, activation,
// initialiser, batch size, σ_w², σ_b²; each cell coloured by one measure of its runs (the
// median over seeds): the training loss after N steps, the test accuracy, the dead fraction,
// the gradient ratio (first / last hidden layer), or the share of runs that diverged.
// Diverged cells are drawn crossed out, never as a number.
import { h } from '../dom.js';
import { viridisLut, divergingLut } from '../colors.js';
import { fmt, pct, dataNum } from '../format.js';
import { HeatmapChart } from './heatmap.js';
import { cellValue } from './data.js';
import { SHOW_LABELS, axisLabel, valueLabel } from './kinds.js';

/** How a measure becomes a colour: the value plotted, its range, the map and the legend's ends. */
export function colourScale(measure, values, colors) {
  const finite = values.filter((v) => Number.isFinite(v));
  if (measure === 'gradRatio') {
    const logs = finite.filter((v) => v > 0).map(Math.log10);
    const m = Math.max(1, ...logs.map(Math.abs));
    return { plot: (v) => (v > 0 ? Math.log10(v) : -m), lo: -m, hi: m, lut: divergingLut(colors.mid), legend: { left: `${fmt(10 ** -m)} (vanishing)`, right: `${fmt(10 ** m)} (exploding)` } };
  }
  if (measure === 'trainLoss') {
    // Low loss bright: the map's yellow is where the network trained.
    const pos = finite.filter((v) => v > 0);
    const lo = pos.length ? -Math.log10(Math.max(...pos)) : 0;
    const hi = pos.length ? -Math.log10(Math.min(...pos)) : 1;
    return { plot: (v) => (v > 0 ? -Math.log10(v) : hi), lo, hi: hi > lo ? hi : lo + 1, lut: viridisLut, legend: { left: `${fmt(10 ** -lo)} (high loss)`, right: `${fmt(10 ** -hi)} (low)` } };
  }
  if (measure === 'testAccuracy') {
    const lo = Math.min(0.5, ...finite);
    return { plot: (v) => v, lo, hi: 1, lut: viridisLut, legend: { left: pct(lo), right: '100%' } };
  }
  return { plot: (v) => v, lo: 0, hi: 1, lut: viridisLut, legend: { left: '0%', right: '100%' } };
}

/** A cell's numbers, for its tooltip and the test hooks. */
export function cellLines(data, agg, cell) {
  const coords = data.coords(cell);
  const lines = [Object.entries(coords).map(([f, v]) => `${axisLabel(f)} ${valueLabel(f, v)}`).join(' · ')];
  if (!agg) return [...lines, 'still running…'];
  const steps = data.spec.steps;
  const seeds = data.spec.seeds;
  const fmtStat = (m, f) => {
    const s = agg.measures[m];
    if (!s) return null;
    if (s.median === null) return `— (${s.note ?? 'no value'})`;
    return seeds > 1 && s.min !== s.max ? `${f(s.median)} [${f(s.min)}–${f(s.max)}]` : f(s.median);
  };
  const add = (m, label, f) => {
    const t = fmtStat(m, f);
    if (t !== null) lines.push(`${label}: ${t}`);
  };
  add('trainLoss', `training loss after ${steps} steps`, fmt);
  add('testAccuracy', 'test accuracy', pct);
  add('deadFraction', 'dead units', pct);
  add('gradRatio', 'gradient ratio first/last layer', fmt);
  add('logGradGrowthInit', 'log gradient growth per layer at init', fmt);
  if (agg.diverged) {
    const steps = (data.rows.get(cell) ?? []).filter((r) => r.diverged).map((r) => r.divergedStep);
    lines.push(`diverged in ${agg.diverged} of ${agg.runs} runs (at step ${steps.join(', ')})`);
  }
  if (agg.failed) lines.push(`${agg.failed} run(s) failed: ${(data.rows.get(cell) ?? []).find((r) => r.error)?.error ?? ''}`);
  lines.push(`${seeds > 1 ? `median of ${seeds} seeds · ` : ''}click or Enter: open the run (seed ${data.runConfig(cell, 0).seed}) in the playground`);
  return lines;
}

export class MapInstrument {
  /**
   * @param {{colors, tooltip, openRun(config, step)}} ctx
   */
  constructor(ctx) {
    this.ctx = ctx;
    this.data = null;
    this.show = 'trainLoss';
    this.chart = new HeatmapChart({
      label: 'Trainability map', ctx,
      describe: (col, row) => this.#describe(col, row),
      open: (col, row) => this.#open(col, row),
    });
    this.chart.onResize = () => this.draw();
    this.summary = h('p', { class: 'gl-summary' });
    this.el = h('div', { class: 'gl-x-instrument', 'data-instrument': 'map' }, this.chart.el, this.summary);
  }

  reset(data, exp) {
    this.data = data;
    this.show = exp.show;
    this.chart.focus = null;
  }

  setShow(show) {
    this.show = show;
    this.draw();
  }

  draw() {
    const data = this.data;
    if (!data) return;
    const [a0, a1] = data.spec.axes;
    const values = [...data.cells.values()].map((agg) => cellValue(agg, this.show).value);
    const scale = colourScale(this.show, values, this.ctx.colors());
    this.chart.draw({
      xs: a0.values.map((v) => valueLabel(a0.field, v)),
      ys: a1.values.map((v) => valueLabel(a1.field, v)),
      xLabel: axisLabel(a0.field) + (a0.scale === 'log' ? ' (log scale)' : ''),
      yLabel: axisLabel(a1.field),
      lut: scale.lut, lo: scale.lo, hi: scale.hi,
      legend: { ...scale.legend, title: `${SHOW_LABELS[this.show]}${this.show === 'trainLoss' ? ` (N = ${data.spec.steps})` : ''}` },
      cell: (col, row) => {
        const agg = data.cells.get(data.cellAt(col, row));
        if (!agg) {
          const near = data.coarse(col, row);
          if (!near) return { mark: 'pending' };
          const v = cellValue(near, this.show);
          return v.mark ? { mark: 'pending' } : { value: scale.plot(v.value), mark: 'coarse' };
        }
        const v = cellValue(agg, this.show);
        return v.mark ? { mark: v.mark } : { value: scale.plot(v.value), mark: null };
      },
    });
    this.#publish();
  }

  // The numbers behind the chart, on the element (tests and assistive technology read them).
  #publish() {
    const data = this.data;
    const cells = [...data.cells.values()];
    this.el.dataset.cells = String(cells.length);
    this.el.dataset.total = String(data.total);
    this.el.dataset.show = this.show;
    this.el.dataset.values = Array.from({ length: data.total }, (_, c) => {
      const agg = data.cells.get(c);
      if (!agg) return '';
      const v = cellValue(agg, this.show);
      return v.mark === 'diverged' ? 'diverged' : dataNum(v.value);
    }).join(',');
    const diverged = cells.filter((a) => cellValue(a, this.show).mark === 'diverged').length;
    this.summary.textContent = `${cells.length} of ${data.total} cells done; colour: ${SHOW_LABELS[this.show]}${diverged ? `; ${diverged} cells diverged (crossed out)` : ''}.`;
  }

  #describe(col, row) {
    const cell = this.data.cellAt(col, row);
    return cellLines(this.data, this.data.cells.get(cell), cell);
  }

  #open(col, row) {
    const cell = this.data.cellAt(col, row);
    this.ctx.openRun(this.data.runConfig(cell, 0), this.data.spec.steps);
  }

  dispose() {
    this.chart.dispose();
  }
}
