// Canvas plumbing shared by the panels: device-pixel sizing, the theme's colours, axes and
// ticks, and matrices drawn through ImageData. Plain canvas: no chart library needed for
// lines, bars and heatmaps, and nothing here touches markup.
import { lutIndex, OVERFLOW } from '../colors.js';
import { fmt, decade } from '../format.js';

/** Sizes a canvas to w x h CSS pixels at the device's pixel ratio; returns its 2-D context. */
export function fit(canvas, w, h) {
  const dpr = Math.min(3, globalThis.devicePixelRatio || 1);
  const W = Math.max(1, Math.round(w * dpr));
  const H = Math.max(1, Math.round(h * dpr));
  if (canvas.width !== W || canvas.height !== H) {
    canvas.width = W;
    canvas.height = H;
  }
  canvas.style.width = `${w}px`;
  canvas.style.height = `${h}px`;
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  return ctx;
}

/** The theme's colours, read from the CSS custom properties of `el`. */
export function themeColors(el) {
  const s = getComputedStyle(el);
  const v = (name, fallback) => s.getPropertyValue(name).trim() || fallback;
  return {
    bg: v('--gl-bg', '#ffffff'),
    fg: v('--gl-fg', '#1d2430'),
    muted: v('--gl-muted', '#5b6573'),
    grid: v('--gl-grid', '#e3e6ea'),
    mid: v('--gl-mid', '#e8eaeb'),
    panel: v('--gl-panel', '#ffffff'),
    font: '11px system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif',
  };
}

/** Round tick values for [lo, hi]. */
export function niceTicks(lo, hi, count = 5) {
  if (!(hi > lo)) return [lo];
  const step0 = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? 10 * mag;
  const out = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return out;
}

/** A y axis: linear or log10. map(v) → pixel y; null for values it cannot place. */
export function yScale({ lo, hi, log, top, bottom }) {
  if (log) {
    const a = Math.log10(lo);
    const b = Math.log10(hi);
    return (v) => (Number.isFinite(v) && v > 0 ? bottom - ((Math.log10(v) - a) / (b - a || 1)) * (bottom - top) : null);
  }
  return (v) => (Number.isFinite(v) ? bottom - ((v - lo) / (hi - lo || 1)) * (bottom - top) : null);
}

/** Range of finite (and, for log, positive) values, padded; null if there are none. */
export function range(values, { log = false, pad = 0.05, zero = false } = {}) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (log && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) return null;
  if (log) {
    lo = 10 ** Math.floor(Math.log10(lo));
    hi = 10 ** Math.ceil(Math.log10(hi));
    if (hi === lo) hi = lo * 10;
    return { lo, hi };
  }
  if (zero) lo = Math.min(0, lo);
  if (hi === lo) {
    hi += Math.abs(hi) * 0.1 || 1;
    lo -= Math.abs(lo) * 0.1 || (zero ? 0 : 1);
  }
  const d = (hi - lo) * pad;
  return { lo: zero && lo === 0 ? 0 : lo - d, hi: hi + d };
}

/** Decade ticks between lo and hi (powers of ten), thinned to at most `max`. */
export function decadeTicks(lo, hi, max = 6) {
  const a = Math.ceil(Math.log10(lo) - 1e-9);
  const b = Math.floor(Math.log10(hi) + 1e-9);
  const every = Math.max(1, Math.ceil((b - a + 1) / max));
  const out = [];
  for (let e = a; e <= b; e++) if ((e - a) % every === 0) out.push(e);
  return out;
}

/** Draws the y axis grid and labels of a plot area. */
export function drawYAxis(ctx, { lo, hi, log, left, right, top, bottom, colors, label }) {
  const y = yScale({ lo, hi, log, top, bottom });
  ctx.font = colors.font;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  ctx.lineWidth = 1;
  const ticks = log ? decadeTicks(lo, hi).map((e) => [10 ** e, decade(e)]) : niceTicks(lo, hi, 4).map((t) => [t, fmt(t)]);
  for (const [v, text] of ticks) {
    const py = Math.round(y(v)) + 0.5;
    ctx.strokeStyle = colors.grid;
    ctx.beginPath();
    ctx.moveTo(left, py);
    ctx.lineTo(right, py);
    ctx.stroke();
    ctx.fillStyle = colors.muted;
    ctx.fillText(text, left - 4, py);
  }
  if (label) {
    ctx.save();
    ctx.translate(10, (top + bottom) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.fillStyle = colors.muted;
    ctx.fillText(label, 0, 0);
    ctx.restore();
  }
  return y;
}

const scratch = new Map();
// A w x h canvas with its context and an ImageData to fill, kept per size: a heatmap
// redrawn every frame then allocates nothing (a fresh ImageData each time fed the GC).
function scratchCanvas(w, h) {
  const key = `${w}x${h}`;
  let c = scratch.get(key);
  if (!c) {
    const canvas = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(w, h) : Object.assign(document.createElement('canvas'), { width: w, height: h });
    const cx = canvas.getContext('2d');
    c = { canvas, cx, img: cx.createImageData(w, h) };
    if (scratch.size > 64) scratch.clear();
    scratch.set(key, c);
  }
  return c;
}

/**
 * A line through (xOf(i), y(values[i])) for every i; y returns null for values it cannot
 * place (non-finite, off a log axis), which break the line instead of being drawn.
 */
export function drawSeries(ctx, values, xOf, y, { color, width = 2, dash = [] }) {
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.setLineDash(dash);
  ctx.beginPath();
  // a point with no neighbour to join (the first evaluation, or one between gaps) is a dot
  const lone = [];
  let run = 0;
  values.forEach((v, i) => {
    const py = y(v);
    if (py === null) {
      if (run === 1) lone.push(i - 1);
      run = 0;
      return;
    }
    if (run) ctx.lineTo(xOf(i), py);
    else ctx.moveTo(xOf(i), py);
    run += 1;
  });
  if (run === 1) lone.push(values.length - 1);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = color;
  for (const i of lone) {
    ctx.beginPath();
    ctx.arc(xOf(i), y(values[i]), Math.max(2, width), 0, 2 * Math.PI);
    ctx.fill();
  }
}

/**
 * Draws a cols x rows matrix (row 0 at the top) into the rectangle (x, y, w, h).
 * `color(i)` → [r, g, b] for the value at flat index i, or `lut` + lo/hi map values;
 * non-finite values get the overflow grey.
 */
export function drawMatrix(ctx, { values, cols, rows, x, y, w, h, lut, lo, hi, color, smooth = false, offset = 0, stride = 1 }) {
  if (cols <= 0 || rows <= 0) return;
  const { canvas: c, cx, img } = scratchCanvas(cols, rows);
  const d = img.data;
  for (let i = 0; i < cols * rows; i++) {
    let r;
    let g;
    let b;
    if (color) [r, g, b] = color(i);
    else {
      const k = lutIndex(values[offset + i * stride], lo, hi);
      if (k < 0) [r, g, b] = OVERFLOW;
      else {
        r = lut[k * 3];
        g = lut[k * 3 + 1];
        b = lut[k * 3 + 2];
      }
    }
    d[i * 4] = r;
    d[i * 4 + 1] = g;
    d[i * 4 + 2] = b;
    d[i * 4 + 3] = 255;
  }
  cx.putImageData(img, 0, 0);
  ctx.save();
  ctx.imageSmoothingEnabled = smooth;
  ctx.drawImage(c, 0, 0, cols, rows, x, y, w, h);
  ctx.restore();
}

/**
 * A layer × time heatmap (gradient flow, dead units): one row per layer, the last layer at the
 * top and layer 1 at the bottom, one column per history sample; `value(l, t)` is layer l's
 * value at sample t. Rows are labelled `label(l)` on the left, thinned when they are short.
 */
export function drawLayerTime(ctx, { n, T, value, left, right, rowH, lut, lo, hi, label, colors }) {
  const values = new Float32Array(n * T);
  for (let row = 0; row < n; row++) {
    const l = n - 1 - row;
    for (let t = 0; t < T; t++) values[row * T + t] = value(l, t);
  }
  drawMatrix(ctx, { values, cols: T, rows: n, x: left, y: 0, w: right - left, h: n * rowH, lut, lo, hi });
  ctx.font = colors.font;
  ctx.fillStyle = colors.muted;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  const every = Math.max(1, Math.ceil(12 / rowH));
  for (let row = 0; row < n; row++) {
    const l = n - 1 - row;
    if (l % every === 0 || l === n - 1) ctx.fillText(label(l), left - 4, row * rowH + rowH / 2);
  }
}

/** The {l, t} under (x, y) in a drawLayerTime heatmap with geometry {left, right, rowH, n, T}; null off it. */
export function layerTimeCell({ left, right, rowH, n, T }, x, y) {
  const row = Math.floor(y / rowH);
  if (x < left || x > right || row < 0 || row >= n) return null;
  return { l: n - 1 - row, t: Math.min(T - 1, Math.floor(((x - left) / (right - left)) * T)) };
}

/** A horizontal colour legend bar with end labels. */
export function drawLegend(ctx, { lut, x, y, w, h, left, right, colors }) {
  const cols = 64;
  drawMatrix(ctx, { values: Array.from({ length: cols }, (_, i) => i / (cols - 1)), cols, rows: 1, x, y, w, h, lut, lo: 0, hi: 1 });
  ctx.font = colors.font;
  ctx.fillStyle = colors.muted;
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  ctx.fillText(left, x, y + h + 2);
  ctx.textAlign = 'right';
  ctx.fillText(right, x + w, y + h + 2);
}

/** Observes an element's width; calls fn(width) when it changes (rounded CSS pixels). */
export function watchWidth(el, fn) {
  let last = -1;
  const ro = new ResizeObserver((entries) => {
    const w = Math.floor(entries[0].contentRect.width);
    if (w !== last && w > 0) {
      last = w;
      fn(w);
    }
  });
  ro.observe(el);
  return () => ro.disconnect();
}
