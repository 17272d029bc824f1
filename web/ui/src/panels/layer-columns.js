// The network diagram of a deep or wide network: one column per layer, stacked by the share of
// its units that are dead, inactive, saturated or working (the engine's per-layer counts).
import { BLUE, ORANGE } from '../colors.js';
import { fmt } from '../format.js';
import { layoutRow, drawRow } from './labels.js';

const SEGMENTS = [
  ['dead', '#1d1d1d'],
  ['inactive', ORANGE],
  ['saturated', '#cc79a7'],
  ['ok', BLUE],
];

/** Draws the columns of `run` into a width x height context; returns the geometry for hovering. */
export function drawLayerColumns(ctx, run, { width, height, colors }) {
  const m = run.metrics;
  const layers = run.info.layers;
  const left = 34;
  const right = width - 6;
  const top = 22;
  const bottom = height - 34;
  const n = layers.length + 1;
  const step = (right - left) / n;
  const bw = Math.max(2, Math.min(26, step * 0.7));
  const cols = [];
  for (let c = 0; c < n; c++) {
    const x = left + step * (c + 0.5);
    cols.push({ x, c });
    if (c > 0 && c < n) {
      ctx.strokeStyle = colors.grid;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(x - step + bw / 2, (top + bottom) / 2);
      ctx.lineTo(x - bw / 2, (top + bottom) / 2);
      ctx.stroke();
    }
    if (c === 0) {
      ctx.fillStyle = colors.grid;
      ctx.fillRect(x - bw / 2, top, bw, bottom - top);
      continue;
    }
    const L = layers[c - 1];
    const s = m?.layers?.[c - 1];
    const k = { dead: s?.dead ?? 0, inactive: s?.inactive ?? 0, saturated: Math.max(0, Math.min((s?.saturated ?? 0), L.units - (s?.dead ?? 0) - (s?.inactive ?? 0))) };
    k.ok = Math.max(0, L.units - k.dead - k.inactive - k.saturated);
    let y = bottom;
    for (const [key, color] of SEGMENTS) {
      const hgt = ((bottom - top) * k[key]) / L.units;
      ctx.fillStyle = color;
      ctx.fillRect(x - bw / 2, y - hgt, bw, hgt);
      y -= hgt;
    }
  }
  ctx.font = colors.font;
  ctx.fillStyle = colors.muted;
  ctx.textAlign = 'center';
  // label every k-th column, k from the widest label, so that no two labels touch
  const name = (c) => (c === 0 ? 'in' : c === n - 1 ? 'out' : String(c));
  const widest = Math.max(...cols.map(({ c }) => Math.max(ctx.measureText(name(c)).width, c > 0 ? ctx.measureText(String(layers[c - 1].units)).width : 0)));
  const every = Math.max(1, Math.ceil((widest + 6) / step));
  const rows = [[], []];
  cols.forEach(({ x, c }) => {
    // every k-th column, and the output's (below) — the ones just before it only with room
    const shown = c === 0 || (c % every === 0 && n - 1 - c >= every);
    if (!shown) return;
    rows[0].push({ x, texts: [name(c)] });
    if (c > 0) rows[1].push({ x, texts: [String(layers[c - 1].units)] });
  });
  rows[0].push({ x: cols[n - 1].x, texts: [name(n - 1)] });
  rows[1].push({ x: cols[n - 1].x, texts: [String(layers[n - 2].units)] });
  const placed = [];
  rows.forEach((items, r) => {
    const row = layoutRow(ctx, items, { y: bottom + 12 * (r + 1), lineH: 12, left: left - 10, right: width });
    drawRow(ctx, row, colors.muted);
    placed.push(...row.placed);
  });
  ctx.textAlign = 'left';
  ctx.fillText('layer', 2, bottom + 12);
  ctx.fillText('units', 2, bottom + 24);
  ctx.fillStyle = colors.fg;
  ctx.fillText(`${layers.length - 1} hidden layers, one column each`, left, 12);
  return { full: false, cols, step, top, bottom, labels: placed };
}

/** The tooltip lines for the column under (mx, my), or null off the columns. */
export function layerColumnAt(run, g, mx, my, featureLabel) {
  if (my < g.top - 10 || my > g.bottom + 28) return null;
  const c = Math.floor((mx - g.cols[0].x + g.step / 2) / g.step);
  if (c < 0 || c >= g.cols.length) return null;
  if (c === 0) return [`inputs: ${run.info.features.map(featureLabel).join(', ')}`];
  const L = run.info.layers[c - 1];
  const s = run.metrics?.layers?.[c - 1];
  const name = c === g.cols.length - 1 ? 'output layer' : `layer ${c}`;
  const lines = [`${name}: ${L.units} ${L.activation} units`];
  if (s) {
    lines.push(`dead ${s.dead} · inactive ${s.inactive} · saturated ${s.saturated}`);
    lines.push(`dL/dz rms ${fmt(s.gradZRms)} · ‖dL/dW‖ ${fmt(s.gradWNorm)}`);
    lines.push(`activations: mean ${fmt(s.actMean)}, std ${fmt(s.actStd)}`);
    lines.push(`‖W‖ ${fmt(s.weightNorm)} · update/weight ${fmt(s.updateRatio)}`);
  }
  return lines;
}
