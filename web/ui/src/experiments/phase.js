// The phase diagram (edge of chaos): σ_w² across, σ_b² up, for one activation at the base's
// depth and width, initialised with W ~ N(0, σ_w²/fan-in), b ~ N(0, σ_b²). Each cell is the
// measured mean log growth of the back-propagated gradient per layer at initialisation
// (orange: it shrinks going down, the ordered phase; blue: it grows, the chaotic phase), with
// the mean-field theory's critical line χ₁ = 1 drawn over it, and, when asked, a dot where the
// network trained (its loss after N steps below half the loss at chance).
import { h } from '../dom.js';
import { divergingLut } from '../colors.js';
import { fmt, dataNum } from '../format.js';
import { HeatmapChart } from './heatmap.js';
import { cellValue } from './data.js';
import { cellLines } from './map.js';
import { axisLabel, valueLabel, TRAINED_LOSS } from './kinds.js';

/** Points of the critical line computed across the σ_b² axis. */
const LINE_POINTS = 41;


/** Position of `v` along sorted axis values, in cell units (linear between neighbours), or null outside. */
export function axisPosition(values, v) {
  if (v < values[0] || v > values.at(-1)) return null;
  for (let i = 1; i < values.length; i++) {
    if (v <= values[i]) return i - 1 + (v - values[i - 1]) / (values[i] - values[i - 1]);
  }
  return values.length - 1;
}

export class PhaseInstrument {
  /** @param {{colors, tooltip, openRun(config, step), criticalLine(config, sigmaB2) → Promise}} ctx */
  constructor(ctx) {
    this.ctx = ctx;
    this.data = null;
    this.line = null;   // {sigmaB2: [...], sigmaW2: [...]} from the theory
    this.chart = new HeatmapChart({
      label: 'Phase diagram: measured gradient growth per layer, σ_w² across, σ_b² up, with the critical line of the theory',
      ctx,
      describe: (col, row) => this.#describe(col, row),
      open: (col, row) => {
        const cell = this.data.cellAt(col, row);
        this.ctx.openRun(this.data.runConfig(cell, 0), this.data.spec.steps);
      },
    });
    this.chart.onResize = () => this.draw();
    this.summary = h('p', { class: 'gl-summary' });
    this.el = h('div', { class: 'gl-x-instrument', 'data-instrument': 'phase' }, this.chart.el, this.summary);
    this.lineFor = '';
  }

  async reset(data) {
    this.data = data;
    this.chart.focus = null;
    const [, b] = data.spec.axes;
    const lo = b.values[0], hi = b.values.at(-1);
    const sigmaB2 = Array.from({ length: LINE_POINTS }, (_, i) => Number((lo + ((hi - lo) * i) / (LINE_POINTS - 1)).toPrecision(12)));
    const base = data.spec.base;
    const key = JSON.stringify([base.activation, base.leakySlope, base.eluAlpha, base.swishBeta, base.gelu, lo, hi]);
    if (key === this.lineFor) return;
    this.lineFor = key;
    this.line = null;
    let sigmaW2;
    try {
      sigmaW2 = await this.ctx.criticalLine(base, sigmaB2);
    } catch {
      return;  // no line to draw (the theory refused these inputs); the measured map stands alone
    }
    if (this.lineFor === key) {
      this.line = { sigmaB2, sigmaW2 };
      this.draw();
    }
  }

  draw() {
    const data = this.data;
    if (!data) return;
    const [w, b] = data.spec.axes;
    const values = [...data.cells.values()].map((agg) => cellValue(agg, 'logGradGrowthInit').value).filter(Number.isFinite);
    const m = Math.max(0.05, ...values.map(Math.abs));
    // Colour by the signed square root: the cells near the boundary, where the growth is
    // close to zero, still show their side when the deep ordered corner sets the range.
    const plot = (v) => Math.sign(v) * Math.sqrt(Math.abs(v));
    const pm = Math.sqrt(m);
    const colors = this.ctx.colors();
    const { c, g } = this.chart.draw({
      xs: w.values.map((v) => valueLabel('sigmaW2', v)),
      ys: b.values.map((v) => valueLabel('sigmaB2', v)),
      xLabel: `${axisLabel('sigmaW2')} (weight variance × fan-in)`,
      yLabel: `${axisLabel('sigmaB2')} (bias variance)`,
      lut: divergingLut(colors.mid), lo: -pm, hi: pm,
      legend: { left: `${fmt(-m)} vanishing`, right: `+${fmt(m)} exploding`, title: `log growth of dL/dz per layer at init, √ scale (${data.spec.base.activation}, depth ${data.spec.base.hidden.length}, width ${data.spec.base.hidden[0]})` },
      cell: (col, row) => {
        const agg = data.cells.get(data.cellAt(col, row));
        const from = agg ?? data.coarse(col, row);
        if (!from) return { mark: 'pending' };
        const v = cellValue(from, 'logGradGrowthInit');
        if (v.mark) return { mark: agg ? v.mark : 'pending' };
        return { value: plot(v.value), mark: agg ? null : 'coarse' };
      },
    });
    if (data.spec.measures.includes('trainLoss')) this.#dots(c, g, colors);
    this.#criticalLine(c, g, colors);
    this.#labels(c, g, colors);
    this.#publish();
  }

  // The trainability layer: a dot in every cell whose median loss after N steps is below TRAINED_LOSS.
  #dots(c, g, colors) {
    const data = this.data;
    c.fillStyle = colors.fg;
    for (const agg of data.cells.values()) {
      const v = cellValue(agg, 'trainLoss');
      if (v.mark || !(v.value < TRAINED_LOSS)) continue;
      const col = Math.floor(agg.cell / g.rows), row = agg.cell % g.rows;
      c.beginPath();
      c.arc(this.chart.xAt(col), this.chart.yAt(row), Math.max(2, Math.min(g.cellW, g.cellH) * 0.16), 0, 2 * Math.PI);
      c.fill();
    }
  }

  #criticalLine(c, g, colors) {
    if (!this.line) return;
    const [w, b] = this.data.spec.axes;
    c.strokeStyle = colors.fg;
    c.lineWidth = 2.5;
    c.setLineDash([7, 4]);
    c.beginPath();
    let pen = false;
    this.line.sigmaB2.forEach((sb, i) => {
      const sw = this.line.sigmaW2[i];
      const x = sw === null ? null : axisPosition(w.values, sw);
      const y = axisPosition(b.values, sb);
      if (x === null || y === null) {
        pen = false;
        return;
      }
      if (pen) c.lineTo(this.chart.xAt(x), this.chart.yAt(y));
      else c.moveTo(this.chart.xAt(x), this.chart.yAt(y));
      pen = true;
    });
    c.stroke();
    c.setLineDash([]);
  }

  #labels(c, g, colors) {
    c.font = `bold ${colors.font}`;
    c.textBaseline = 'top';
    const pad = 6;
    const tag = (text, x, align) => {
      c.textAlign = align;
      const tw = c.measureText(text).width;
      c.fillStyle = colors.bg;
      c.globalAlpha = 0.8;
      c.fillRect(align === 'left' ? x - 3 : x - tw - 3, g.top + pad - 2, tw + 6, 16);
      c.globalAlpha = 1;
      c.fillStyle = colors.fg;
      c.fillText(text, x, g.top + pad);
    };
    tag('← ordered: gradients vanish', g.left + pad, 'left');
    tag('chaotic: gradients explode →', g.right - pad, 'right');
    c.font = colors.font;
    c.textAlign = 'left';
    c.fillStyle = colors.fg;
    c.fillText(`– – critical line χ₁ = 1 (mean-field theory)${this.data.spec.measures.includes('trainLoss') ? `   ● trained: loss after ${this.data.spec.steps} steps < ${fmt(TRAINED_LOSS)}` : ''}`, g.left, g.bottom + 64);
  }

  #publish() {
    const data = this.data;
    this.el.dataset.cells = String(data.cells.size);
    this.el.dataset.total = String(data.total);
    this.el.dataset.values = Array.from({ length: data.total }, (_, cell) => {
      const agg = data.cells.get(cell);
      return agg ? dataNum(cellValue(agg, 'logGradGrowthInit').value) : '';
    }).join(',');
    if (this.line) this.el.dataset.line = this.line.sigmaW2.map((v) => dataNum(v)).join(',');
    this.summary.textContent = `${data.cells.size} of ${data.total} cells done. Orange cells: the gradient shrinks layer by layer (ordered phase); blue: it grows (chaotic phase). The dashed line is where the theory puts the boundary.`;
  }

  #describe(col, row) {
    const cell = this.data.cellAt(col, row);
    const lines = cellLines(this.data, this.data.cells.get(cell), cell);
    const agg = this.data.cells.get(cell);
    const v = agg && cellValue(agg, 'logGradGrowthInit').value;
    if (Number.isFinite(v)) lines.splice(1, 0, `per layer the gradient is ×${fmt(Math.exp(v))} going down: ${v < 0 ? 'ordered (vanishing)' : 'chaotic (exploding)'}`);
    return lines;
  }

  dispose() {
    this.chart.dispose();
  }
}
