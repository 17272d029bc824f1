// The network diagram. Small networks: every unit as a small heatmap of its output over the
// input plane, every edge coloured by its weight (orange negative, blue positive, width by
// size) or by the size of its gradient dL/dw, dead units crossed out, inactive ones dashed.
// Deep or wide networks: one summary column per layer (the share of dead / inactive /
// saturated / working units). Hovering shows the numbers.
import { Panel } from './panel.js';
import { h } from '../dom.js';
import { fit, drawMatrix } from '../charts/canvas.js';
import { divergingLut, viridisLut, lutIndex, lutColor, outputColor, outputRange, classShade } from '../colors.js';
import { drawLayerColumns, layerColumnAt } from './layer-columns.js';
import { fmt, plural } from '../format.js';
import { layoutRow, drawRow, boxesData } from './labels.js';

export const FULL_MAX_LAYERS = 8;
export const FULL_MAX_WIDTH = 16;
const SUMMARY_HEIGHT = 190;
// What the hover says about a unit in each of the engine's states (by the state's name).
const STATE_NOTES = {
  dead: 'dead: f′(z) = 0 for every training point, so no gradient reaches it',
  blocked: 'no gradient arrives: every unit above it is dead',
  inactive: 'inactive: off for every training point, but f′ ≠ 0 so it still learns',
  saturated: 'saturated: |f′| is under 5% of its peak for most training points',
};

/** True when the diagram shows every unit and edge of this network. */
export function fullDiagram(info) {
  const hidden = info.layers.slice(0, -1);
  return hidden.length <= FULL_MAX_LAYERS && hidden.every((l) => l.units <= FULL_MAX_WIDTH) && info.outputs <= FULL_MAX_WIDTH && info.inputs <= 8;
}

export class NetworkPanel extends Panel {
  constructor(ctx, { tag } = {}) {
    super({
      ctx, tag, name: 'network', title: 'Network',
      help: 'Inputs on the left, the output on the right. Each square is a unit, painted with its output over the input plane ' +
        '(blue positive, orange negative; the output units in the output panel\'s colours, value for value). Lines are weights: blue positive, orange negative, thicker = larger; switch “edges” ' +
        'to gradient to colour them by |dL/dw| instead (bright = large, dark = tiny). A crossed-out unit is dead: no gradient ' +
        'reaches it, so it can never change. A dashed unit is inactive: negative for every input but still receiving gradient. ' +
        'Big networks are summarised as one column per layer.',
    });
    this.edgeSelect = h('select', { 'aria-label': 'Colour edges by', onchange: () => this.ctx.setUi({ edges: this.edgeSelect.value }) },
      h('option', { value: 'weight', text: 'weight' }), h('option', { value: 'gradient', text: 'gradient |dL/dw|' }));
    this.tools.append(h('label', { class: 'gl-inline' }, 'edges ', this.edgeSelect));
    this.canvas = h('canvas', { class: 'gl-canvas', role: 'img', 'aria-label': 'Network diagram' });
    this.legend = h('p', { class: 'gl-legend' });
    this.body.append(this.canvas, this.legend);
    this.hoverable(this.canvas, (e) => this.hover(e));
  }

  get edgeMode() {
    return this.ctx.ui.edges;
  }

  redraw() {
    const run = this.run;
    if (!run?.info) return;
    if (this.edgeSelect.value !== this.edgeMode) this.edgeSelect.value = this.edgeMode;
    const full = fullDiagram(run.info);
    this.edgeSelect.disabled = !full;
    this.el.dataset.mode = full ? 'full' : 'summary';
    if (full) this.drawFull(run);
    else this.drawSummary(run);
  }

  // ---- every unit ------------------------------------------------------------------------

  drawFull(run) {
    const info = run.info;
    const cols = [info.inputs, ...info.layers.map((l) => l.units)];
    const maxUnits = Math.max(...cols);
    const W = this.width;
    const labelW = 40;
    const node = Math.max(14, Math.min(40, Math.floor((W - labelW - 10) / (cols.length * 2.1)), Math.floor(300 / maxUnits)));
    const gap = Math.max(4, Math.round(node * 0.35));
    const colors = this.ctx.colors();
    const rightPad = Math.max(node / 2, 22) + 2;
    const xs = cols.map((_, c) => labelW + node / 2 + (c * (W - labelW - node / 2 - rightPad)) / Math.max(1, cols.length - 1));
    // the labels above and below the columns, laid out so that none overlaps another
    const labels = this.layoutLabels(run, xs, W, colors);
    const top = labels.top;
    const bodyBottom = top + maxUnits * (node + gap);
    const H = bodyBottom + labels.bottomH;
    const ctx = fit(this.canvas, W, H);
    const pos = cols.map((n, c) => Array.from({ length: n }, (_, j) => ({ x: xs[c], y: top + (maxUnits - n) * (node + gap) / 2 + j * (node + gap) + node / 2 })));
    this.geom = { full: true, pos, node, cols };

    // edges
    const edges = [];
    let off = 0;
    const w = run.weights;
    const g = run.grads;
    let wMax = 1e-12;
    let gMax = 0;
    if (w) for (const v of w) if (Number.isFinite(v)) wMax = Math.max(wMax, Math.abs(v));
    if (g) for (const v of g) if (Number.isFinite(v)) gMax = Math.max(gMax, Math.abs(v));
    info.layers.forEach((L, l) => {
      for (let j = 0; j < L.units; j++) {
        for (let i = 0; i < L.inputs; i++) {
          const k = off + j * L.inputs + i;
          edges.push({ l, i, j, w: w ? w[k] : null, g: g ? g[k] : null });
        }
      }
      off += L.inputs * L.units + L.units;
    });
    this.geom.edges = edges;
    const gradient = this.edgeMode === 'gradient';
    const dlut = divergingLut(colors.mid);
    const gLo = gMax > 0 ? Math.log10(gMax) - 6 : -12;
    const gHi = gMax > 0 ? Math.log10(gMax) : -6;
    this.geom.gRange = [gLo, gHi];
    const strength = (e) => (gradient ? (e.g === null ? 0 : e.g === 0 ? -1 : (Math.log10(Math.abs(e.g)) - gLo) / (gHi - gLo)) : e.w === null ? 0 : Math.abs(e.w) / wMax);
    const sorted = [...edges].sort((a, b) => strength(a) - strength(b));
    for (const e of sorted) {
      const a = pos[e.l][e.i];
      const b = pos[e.l + 1][e.j];
      let color;
      let width;
      if (gradient) {
        if (e.g === null) {
          color = colors.grid;
          width = 1;
        } else {
          const t = e.g === 0 ? 0 : Math.max(0, Math.min(1, strength(e)));
          color = lutColor(viridisLut, Math.round(t * 255));
          width = 0.6 + 2.4 * t;
        }
      } else if (e.w === null || !Number.isFinite(e.w)) {
        color = colors.grid;
        width = 1;
      } else {
        const t = e.w / wMax;
        color = lutColor(dlut, lutIndex(t, -1, 1));
        width = 0.5 + 3.5 * Math.abs(t);
      }
      ctx.strokeStyle = color;
      ctx.lineWidth = width;
      ctx.beginPath();
      ctx.moveTo(a.x + node / 2, a.y);
      ctx.bezierCurveTo((a.x + b.x) / 2, a.y, (a.x + b.x) / 2, b.y, b.x - node / 2, b.y);
      ctx.stroke();
    }

    // nodes
    const n = run.neurons;
    const res = run.neuronRes;
    const pts = info.gridDims === 2 ? res * res : res;
    const ranges = this.layerRanges(run);
    const outRange = outputRange(info, run.points?.targets ?? []);
    let unit = 0;
    let hiddenUnit = 0;
    cols.forEach((count, c) => {
      for (let j = 0; j < count; j++) {
        const p = pos[c][j];
        const x = p.x - node / 2;
        const y = p.y - node / 2;
        if (n && info.gridDims === 2 && c === cols.length - 1) {
          // an output unit: the colours of the output panel, value for value
          const off = unit * pts;
          const color = info.classification && info.outputs > 1
            ? (i) => classShade(j, n[off + i], info.outputs, info.classes, colors.mid)
            : (i) => outputColor(n[off + i], outRange, colors.mid);
          drawMatrix(ctx, { cols: res, rows: res, x, y, w: node, h: node, color, smooth: true });
        } else if (n && info.gridDims === 2) {
          const m = ranges[c] || 1;
          drawMatrix(ctx, { values: n, offset: unit * pts, cols: res, rows: res, x, y, w: node, h: node, lut: dlut, lo: -m, hi: m, smooth: true });
        } else {
          ctx.fillStyle = colors.grid;
          ctx.fillRect(x, y, node, node);
        }
        const state = c > 0 ? this.unitState(run, hiddenUnit) : null;
        ctx.lineWidth = 1;
        ctx.strokeStyle = colors.muted;
        if (state === 'inactive') ctx.setLineDash([3, 2]);
        ctx.strokeRect(x + 0.5, y + 0.5, node - 1, node - 1);
        ctx.setLineDash([]);
        if (state === 'dead' || state === 'blocked') {
          ctx.fillStyle = 'rgba(20,20,20,0.55)';
          ctx.fillRect(x, y, node, node);
          if (state === 'dead') {
            ctx.strokeStyle = '#ffffff';
            ctx.lineWidth = 2;
            ctx.beginPath();
            ctx.moveTo(x + 3, y + 3);
            ctx.lineTo(x + node - 3, y + node - 3);
            ctx.moveTo(x + node - 3, y + 3);
            ctx.lineTo(x + 3, y + node - 3);
            ctx.stroke();
          }
        }
        unit++;
        if (c > 0) hiddenUnit++;
      }
    });

    // labels
    ctx.font = colors.font;
    ctx.fillStyle = colors.muted;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'right';
    info.features.forEach((f, i) => ctx.fillText(this.ctx.featureLabel(f), pos[0][i].x - node / 2 - 3, pos[0][i].y));
    ctx.font = colors.font;
    drawRow(ctx, labels.names, colors.fg);
    drawRow(ctx, labels.activations, colors.muted);
    const counts = shift(labels.counts, bodyBottom);
    drawRow(ctx, counts, (p) => (p.item.dead ? colors.fg : colors.muted));
    const placed = [...labels.names.placed, ...labels.activations.placed, ...counts.placed];
    this.geom.labels = placed;
    this.el.dataset.labelBoxes = boxesData(placed);
    let marked = 0;
    let dashed = 0;
    let blocked = 0;
    const hiddenUnits = info.layers.slice(0, -1).reduce((a, l) => a + l.units, 0);
    for (let u = 0; u < hiddenUnits; u++) {
      const state = this.unitState(run, u);
      if (state === 'dead') marked++;
      if (state === 'blocked') blocked++;
      if (state === 'inactive') dashed++;
    }
    this.el.dataset.markedDead = String(marked);
    this.el.dataset.markedInactive = String(dashed);
    this.legendText(run, gradient, blocked);
  }

  // The three rows of labels: the columns' names (input, L1…, output), the activations (once
  // for all hidden layers when they share one), and the dead or inactive counts under the
  // columns. Each row is laid out so no two labels touch (labels.js); the counts' row is
  // placed at y = 0 here and moved under the units by the caller.
  layoutLabels(run, xs, W, colors) {
    const ctx = this.canvas.getContext('2d');
    ctx.font = colors.font;
    const info = run.info;
    const n = xs.length;
    const lineH = 11;
    const bounds = { left: 0, right: W };
    const names = layoutRow(ctx, xs.map((x, c) => ({ x, texts: c === 0 ? ['input', 'in'] : c === n - 1 ? ['output', 'out'] : [`L${c}`] })), { y: 10, lineH, ...bounds, shortenFirst: true });
    const acts = info.layers.map((L) => L.activation);
    const hiddenActs = acts.slice(0, -1);
    const items = [];
    if (hiddenActs.length > 1 && hiddenActs.every((a) => a === hiddenActs[0])) {
      items.push({ x: (xs[1] + xs[n - 2]) / 2, texts: [`all ${short(hiddenActs[0])}`, short(hiddenActs[0])] });
    } else {
      hiddenActs.forEach((a, l) => items.push({ x: xs[l + 1], texts: wordings(a) }));
    }
    items.push({ x: xs[n - 1], texts: wordings(acts[acts.length - 1]) });
    const activations = layoutRow(ctx, items, { y: 10 + names.lines * lineH, lineH, ...bounds });
    const k = this.stateCounts(run);
    const countItems = xs.map((x, c) => {
      const s = c > 0 ? k[c - 1] : null;
      if (!s || (!s.dead && !s.inactive)) return { x, texts: [] };
      return s.dead
        ? { x, dead: true, texts: [`${s.dead} dead`, `${s.dead}✕`] }
        : { x, texts: [`${s.inactive} inactive`, `${s.inactive} inact.`, `${s.inactive}◌`] };
    });
    const counts = layoutRow(ctx, countItems, { y: lineH, lineH, ...bounds });
    return { names, activations, counts, top: 10 + (names.lines + activations.lines) * lineH, bottomH: counts.placed.length ? counts.lines * lineH + 6 : 6 };
  }

  // Largest |activation| of each column (inputs, each layer) on the grid: one scale per layer
  // keeps the units of a layer comparable.
  layerRanges(run) {
    const n = run.neurons;
    const info = run.info;
    if (!n) return [];
    const res = run.neuronRes;
    const pts = info.gridDims === 2 ? res * res : res;
    const cols = [info.inputs, ...info.layers.map((l) => l.units)];
    const out = [];
    let unit = 0;
    for (const count of cols) {
      let m = 0;
      for (let i = unit * pts; i < (unit + count) * pts; i++) if (Number.isFinite(n[i])) m = Math.max(m, Math.abs(n[i]));
      out.push(m);
      unit += count;
    }
    return out;
  }

  /** The engine's state of hidden/output unit `u` by name (dead, inactive, …), null if unknown. */
  unitState(run, u) {
    const code = run.unitState?.[u];
    return code === undefined ? null : this.ctx.unitStates[code] ?? null;
  }

  stateCounts(run) {
    const m = run.metrics;
    return run.info.layers.map((L, l) => ({ dead: m?.layers?.[l]?.dead ?? 0, inactive: m?.layers?.[l]?.inactive ?? 0, saturated: m?.layers?.[l]?.saturated ?? 0 }));
  }

  legendText(run, gradient, blocked) {
    const counts = this.stateCounts(run).slice(0, -1);
    const dead = counts.reduce((a, k) => a + k.dead, 0);
    const inactive = counts.reduce((a, k) => a + k.inactive, 0);
    const parts = [gradient ? `Edges: |dL/dw| of the mean training loss on a log scale (bright = large, dark = ${this.geom.gRange ? `≤ 1e${Math.round(this.geom.gRange[0])}` : 'tiny'}).` : 'Edges: weights (blue positive, orange negative, width = size).'];
    parts.push(`Hidden units: ${dead} dead (crossed out), ${inactive} inactive (dashed)${blocked ? `, ${blocked} cut off (dark: alive, but no gradient arrives because the layers above are dead)` : ''}.`);
    this.legend.textContent = parts.join(' ');
    this.say(`Network: ${run.info.layers.length - 1} hidden layers (${run.info.layers.slice(0, -1).map((l) => l.units).join(', ') || 'none'}); ${plural(dead, 'dead unit')}, ${plural(inactive, 'inactive unit')}.`);
  }

  // ---- one column per layer ---------------------------------------------------------------

  drawSummary(run) {
    const layers = run.info.layers;
    const ctx = fit(this.canvas, this.width, SUMMARY_HEIGHT);
    this.geom = drawLayerColumns(ctx, run, { width: this.width, height: SUMMARY_HEIGHT, colors: this.ctx.colors() });
    this.el.dataset.labelBoxes = boxesData(this.geom.labels);
    const counts = this.stateCounts(run).slice(0, -1);
    const dead = counts.reduce((a, k) => a + k.dead, 0);
    this.el.dataset.markedDead = String(dead);
    const inactive = counts.reduce((a, k) => a + k.inactive, 0);
    const sat = counts.reduce((a, k) => a + k.saturated, 0);
    this.legend.textContent = 'Each column is a layer: black = dead units, orange = inactive, pink = saturated, blue = working. ' +
      `Too many units to draw one by one (more than ${FULL_MAX_LAYERS} hidden layers or ${FULL_MAX_WIDTH} units in a layer).`;
    this.say(`Network: ${layers.length - 1} hidden layers; ${plural(dead, 'dead unit')}, ${plural(inactive, 'inactive unit')}, ${plural(sat, 'saturated unit')}.`);
  }

  // ---- hover --------------------------------------------------------------------------------

  hover(e) {
    const run = this.run;
    const g = this.geom;
    if (!g || !run) return;
    const rect = this.canvas.getBoundingClientRect();
    const mx = e.clientX - rect.left;
    const my = e.clientY - rect.top;
    const lines = g.full ? this.hoverFull(run, g, mx, my) : layerColumnAt(run, g, mx, my, this.ctx.featureLabel);
    if (lines) this.ctx.tooltip.show(e.clientX, e.clientY, lines);
    else this.ctx.tooltip.hide();
  }

  hoverFull(run, g, mx, my) {
    const info = run.info;
    let base = 0;
    for (let c = 0; c < g.pos.length; c++) {
      for (let j = 0; j < g.pos[c].length; j++) {
        const p = g.pos[c][j];
        if (Math.abs(mx - p.x) <= g.node / 2 && Math.abs(my - p.y) <= g.node / 2) {
          if (c === 0) return [`input ${this.ctx.featureLabel(info.features[j])}`];
          const L = info.layers[c - 1];
          const name = c === g.pos.length - 1 ? `output unit ${j + 1}` : `layer ${c}, unit ${j + 1}`;
          const lines = [`${name} (${L.activation})`];
          const b = this.bias(run, c - 1, j);
          if (b !== null) lines.push(`bias ${fmt(b, 4)}`);
          const note = STATE_NOTES[this.unitState(run, base + j)];
          if (note) lines.push(note);
          return lines;
        }
      }
      if (c > 0) base += g.pos[c].length;
    }
    // nearest edge within 4 px (on the straight chord, a good approximation of the curve)
    let best = null;
    let bestD = 5;
    for (const e of g.edges) {
      const a = g.pos[e.l][e.i];
      const b = g.pos[e.l + 1][e.j];
      const d = curveDistance(mx, my, a.x + g.node / 2, a.y, b.x - g.node / 2, b.y);
      if (d < bestD) {
        bestD = d;
        best = e;
      }
    }
    if (!best) return null;
    const from = best.l === 0 ? this.ctx.featureLabel(info.features[best.i]) : `L${best.l} unit ${best.i + 1}`;
    const to = best.l === info.layers.length - 1 ? `output ${best.j + 1}` : `L${best.l + 1} unit ${best.j + 1}`;
    const lines = [`${from} → ${to}`, `weight ${best.w === null ? '—' : fmt(best.w, 4)}`];
    if (best.g !== null) lines.push(`dL/dw ${best.g === 0 ? '0 (no gradient)' : fmt(best.g, 3)}`);
    return lines;
  }

  bias(run, l, j) {
    if (!run.weights) return null;
    let off = 0;
    for (let k = 0; k < l; k++) off += run.info.layers[k].inputs * run.info.layers[k].units + run.info.layers[k].units;
    const L = run.info.layers[l];
    return run.weights[off + L.inputs * L.units + j];
  }

}

// Distance from (px, py) to the S-shaped edge drawn between two points, sampled.
function curveDistance(px, py, ax, ay, bx, by) {
  if (px < Math.min(ax, bx) - 4 || px > Math.max(ax, bx) + 4) return Infinity;
  let best = Infinity;
  const mx = (ax + bx) / 2;
  for (let i = 0; i <= 16; i++) {
    const t = i / 16;
    const u = 1 - t;
    const x = u * u * u * ax + 3 * u * u * t * mx + 3 * u * t * t * mx + t * t * t * bx;
    const y = u * u * u * ay + 3 * u * u * t * ay + 3 * u * t * t * by + t * t * t * by;
    best = Math.min(best, Math.hypot(px - x, py - y));
  }
  return best;
}

/** An activation's name in the diagram, longest first: leaky_relu → leaky, lea. */
const short = (a) => a.replace('_relu', '');
const wordings = (a) => (short(a).length > 4 ? [short(a), short(a).slice(0, 3)] : [short(a)]);

/** A laid-out row moved down by `dy` (its boxes with it). */
function shift(row, dy) {
  return { ...row, placed: row.placed.map((p) => ({ ...p, y: p.y + dy, box: { ...p.box, y: p.box.y + dy } })) };
}
