// A cell grid for sweeps over two axes (the trainability map and the phase diagram): the first
// axis across, the second up, one rectangle per cell, axis values as tick labels, a colour
// bar; cells still running drawn from the coarse map (the nearest complete cell of the
// coarse-to-fine order) or left empty; diverged cells crossed out; cells without a value
// (the measure does not exist there) hatched. Hover shows a cell's numbers (the instrument
// says which), a click or Enter opens its run; arrow keys move between cells.
import { h } from '../dom.js';
import { fit, watchWidth } from '../charts/canvas.js';
import { lutColor, lutIndex } from '../colors.js';

const M = { left: 104, right: 14, top: 12, bottom: 46 };
const LEGEND_H = 60;

/** Tick labels thinned to about `room` pixels each. */
function thin(n, span, room) {
  return Math.max(1, Math.ceil(n / Math.max(1, Math.floor(span / room))));
}

export class HeatmapChart {
  /**
   * @param {object} o
   * @param {string} o.label what the chart shows (aria-label)
   * @param {{tooltip: {show, hide}, colors(): object}} o.ctx
   * @param {(col: number, row: number) => string[]} o.describe the hover lines of a cell
   * @param {(col: number, row: number) => void} o.open opens a cell's run
   */
  constructor({ label, ctx, describe, open }) {
    this.ctx = ctx;
    this.describe = describe;
    this.open = open;
    this.canvas = h('canvas', { class: 'gl-x-heatmap', tabIndex: 0, role: 'img', 'aria-label': label });
    this.el = h('div', { class: 'gl-x-chart' }, this.canvas);
    this.width = 600;
    this.grid = null;  // {xs, ys, xLabel, yLabel, cell(col, row) → {color, mark}}
    this.focus = null;
    this.geom = null;
    this.canvas.addEventListener('pointermove', (e) => this.#hover(e));
    this.canvas.addEventListener('pointerleave', () => this.ctx.tooltip.hide());
    this.canvas.addEventListener('click', (e) => {
      const c = this.cellAt(e.offsetX, e.offsetY);
      if (c) this.open(c.col, c.row);
    });
    this.canvas.addEventListener('keydown', (e) => this.#key(e));
    this.unwatch = watchWidth(this.el, (w) => {
      this.width = w;
      this.onResize?.();
    });
  }

  /** The plot geometry for a grid of `cols` × `rows` at the current width. */
  layout(cols, rows) {
    const w = Math.max(260, this.width);
    const plotW = w - M.left - M.right;
    const cellW = plotW / cols;
    const cellH = Math.max(8, Math.min(36, cellW, 440 / rows));
    const plotH = cellH * rows;
    return { w, h: M.top + plotH + M.bottom + LEGEND_H, left: M.left, top: M.top, right: M.left + plotW, bottom: M.top + plotH, cellW, cellH, cols, rows };
  }

  /** The cell under (x, y) in CSS pixels, or null. */
  cellAt(x, y) {
    const g = this.geom;
    if (!g || x < g.left || x >= g.right || y < g.top || y >= g.bottom) return null;
    const col = Math.floor((x - g.left) / g.cellW);
    const row = g.rows - 1 - Math.floor((y - g.top) / g.cellH);
    return col >= 0 && col < g.cols && row >= 0 && row < g.rows ? { col, row } : null;
  }

  /** Pixel x of a position along the first axis, in cell units (0 = the first cell's centre). */
  xAt(t) {
    return this.geom.left + (t + 0.5) * this.geom.cellW;
  }

  /** Pixel y of a position along the second axis, in cell units. */
  yAt(t) {
    return this.geom.bottom - (t + 0.5) * this.geom.cellH;
  }

  /**
   * Draws the grid. `grid`: {xs, ys (tick labels), xLabel, yLabel, cell(col, row) →
   * {value, mark: null | 'pending' | 'coarse' | 'diverged' | 'missing'}, lut, lo, hi,
   * legend: {left, right, title}}. Returns the 2-D context (for overlays) and the geometry.
   */
  draw(grid) {
    this.grid = grid;
    const colors = this.ctx.colors();
    const g = this.layout(grid.xs.length, grid.ys.length);
    this.geom = g;
    const c = fit(this.canvas, g.w, g.h);
    c.font = colors.font;
    for (let col = 0; col < g.cols; col++) {
      for (let row = 0; row < g.rows; row++) {
        const x = g.left + col * g.cellW;
        const y = g.bottom - (row + 1) * g.cellH;
        const cell = grid.cell(col, row);
        this.#cell(c, cell, x, y, g.cellW, g.cellH, grid, colors);
      }
    }
    if (this.focus && this.focus.col < g.cols && this.focus.row < g.rows) {
      c.strokeStyle = colors.fg;
      c.lineWidth = 2;
      c.strokeRect(g.left + this.focus.col * g.cellW + 1, g.bottom - (this.focus.row + 1) * g.cellH + 1, g.cellW - 2, g.cellH - 2);
    }
    this.#axes(c, grid, g, colors);
    this.#legend(c, grid, g, colors);
    return { c, g };
  }

  #cell(c, cell, x, y, w, hgt, grid, colors) {
    const gap = w > 6 && hgt > 6 ? 1 : 0;
    const fill = (color, alpha = 1) => {
      c.globalAlpha = alpha;
      c.fillStyle = color;
      c.fillRect(x + gap, y + gap, w - 2 * gap, hgt - 2 * gap);
      c.globalAlpha = 1;
    };
    const mark = cell.mark;
    if (mark === 'pending') {
      c.strokeStyle = colors.grid;
      c.lineWidth = 1;
      c.strokeRect(x + gap + 0.5, y + gap + 0.5, w - 2 * gap - 1, hgt - 2 * gap - 1);
      return;
    }
    if (mark === 'diverged') {
      fill(colors.fg, 0.85);
      c.strokeStyle = colors.bg;
      c.lineWidth = 1.5;
      const p = Math.min(w, hgt) * 0.25;
      c.beginPath();
      c.moveTo(x + p, y + p);
      c.lineTo(x + w - p, y + hgt - p);
      c.moveTo(x + w - p, y + p);
      c.lineTo(x + p, y + hgt - p);
      c.stroke();
      return;
    }
    if (mark === 'missing') {
      fill(colors.grid);
      c.strokeStyle = colors.muted;
      c.lineWidth = 1;
      c.beginPath();
      c.moveTo(x + gap, y + hgt - gap);
      c.lineTo(x + w - gap, y + gap);
      c.stroke();
      return;
    }
    fill(lutColor(grid.lut, lutIndex(cell.value, grid.lo, grid.hi)), mark === 'coarse' ? 0.45 : 1);
  }

  #axes(c, grid, g, colors) {
    c.fillStyle = colors.muted;
    c.textBaseline = 'top';
    c.textAlign = 'center';
    const ex = thin(g.cols, g.right - g.left, 52);
    grid.xs.forEach((t, i) => {
      if (i % ex === 0 || i === g.cols - 1) c.fillText(t, g.left + (i + 0.5) * g.cellW, g.bottom + 4);
    });
    c.fillStyle = colors.fg;
    c.fillText(grid.xLabel, (g.left + g.right) / 2, g.bottom + 22);
    c.textAlign = 'right';
    c.textBaseline = 'middle';
    c.fillStyle = colors.muted;
    const ey = thin(g.rows, g.bottom - g.top, 16);
    grid.ys.forEach((t, i) => {
      if (i % ey === 0 || i === g.rows - 1) c.fillText(t, g.left - 5, g.bottom - (i + 0.5) * g.cellH);
    });
    c.save();
    c.translate(12, (g.top + g.bottom) / 2);
    c.rotate(-Math.PI / 2);
    c.textAlign = 'center';
    c.fillStyle = colors.fg;
    c.fillText(grid.yLabel, 0, 0);
    c.restore();
  }

  #legend(c, grid, g, colors) {
    const y = g.bottom + 36;
    const w = Math.min(280, g.right - g.left);
    const n = 64;
    for (let i = 0; i < n; i++) {
      c.fillStyle = lutColor(grid.lut, lutIndex(grid.lo + ((grid.hi - grid.lo) * i) / (n - 1), grid.lo, grid.hi));
      c.fillRect(g.left + (w * i) / n, y, w / n + 0.5, 10);
    }
    c.fillStyle = colors.muted;
    c.textBaseline = 'top';
    c.textAlign = 'left';
    c.fillText(grid.legend.left, g.left, y + 12);
    c.textAlign = 'right';
    c.fillText(grid.legend.right, g.left + w, y + 12);
    c.textAlign = 'left';
    c.fillStyle = colors.fg;
    const keyX = g.left + w + 16;
    c.fillText(grid.legend.title, keyX, y - 1);
    c.fillStyle = colors.muted;
    c.fillText('✕ diverged   ╱ no value   faint: coarse map, finer cells still running', keyX, y + 12);
  }

  #hover(e) {
    const cell = this.cellAt(e.offsetX, e.offsetY);
    if (!cell) {
      this.ctx.tooltip.hide();
      this.canvas.style.cursor = '';
      return;
    }
    this.canvas.style.cursor = 'pointer';
    this.ctx.tooltip.show(e.clientX, e.clientY, this.describe(cell.col, cell.row));
  }

  #key(e) {
    const g = this.geom;
    if (!g) return;
    const f = this.focus ?? { col: 0, row: g.rows - 1 };
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    if (moves[e.key]) {
      e.preventDefault();
      const [dc, dr] = moves[e.key];
      this.focus = { col: Math.max(0, Math.min(g.cols - 1, f.col + dc)), row: Math.max(0, Math.min(g.rows - 1, f.row + dr)) };
      this.onFocus?.(this.focus);
      const r = this.canvas.getBoundingClientRect();
      this.ctx.tooltip.show(r.left + this.xAt(this.focus.col), r.top + this.yAt(this.focus.row), this.describe(this.focus.col, this.focus.row));
    } else if (e.key === 'Enter' && this.focus) {
      e.preventDefault();
      this.open(this.focus.col, this.focus.row);
    }
  }

  dispose() {
    this.unwatch?.();
  }
}
