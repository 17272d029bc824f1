// Colour maps readable with the common colour-vision deficiencies: an orange/blue diverging
// map for signed values (negative orange, positive blue, as in TensorFlow Playground),
// viridis for magnitudes, and the Okabe–Ito palette for classes and series.

// matplotlib's viridis at 17 evenly spaced stops.
const VIRIDIS = ['#440154', '#48186a', '#472d7b', '#424086', '#3b528b', '#33638d', '#2c728e', '#26828e', '#21918c',
  '#1fa088', '#28ae80', '#3fbc73', '#5ec962', '#84d44b', '#addc30', '#d8e219', '#fde725'];

export const ORANGE = '#f59322';
export const BLUE = '#0877bd';
/** Okabe & Ito (2008): distinguishable for protanopes, deuteranopes and tritanopes. */
export const OKABE_ITO = ['#E69F00', '#0072B2', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#999999'];
/** Class colours: binary problems keep the orange/blue pair of the diverging map. */
export function classColor(k, classes) {
  if (classes <= 2) return k === 0 ? ORANGE : BLUE;
  return OKABE_ITO[k % OKABE_ITO.length];
}
/** Colour used for values that are not finite (overflow), on every map. */
export const OVERFLOW = [128, 128, 128];

export function hexToRgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function lut(stops) {
  const rgb = stops.map(hexToRgb);
  const out = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * (rgb.length - 1);
    const k = Math.min(rgb.length - 2, Math.floor(t));
    const f = t - k;
    for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.round(rgb[k][c] + (rgb[k + 1][c] - rgb[k][c]) * f);
  }
  return out;
}

export const viridisLut = lut(VIRIDIS);
const divergingLuts = new Map();
/** Orange (-1) → mid (0) → blue (+1); `mid` is the theme's neutral colour. */
export function divergingLut(mid = '#e8eaeb') {
  if (!divergingLuts.has(mid)) divergingLuts.set(mid, lut([ORANGE, mid, BLUE]));
  return divergingLuts.get(mid);
}

/** Index 0..255 of a value on [lo, hi]; -1 when not finite. */
export function lutIndex(v, lo, hi) {
  if (!Number.isFinite(v)) return -1;
  const t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
  return Math.max(0, Math.min(255, Math.round(t * 255)));
}

export function lutColor(table, i) {
  if (i < 0) return `rgb(${OVERFLOW.join(',')})`;
  return `rgb(${table[i * 3]},${table[i * 3 + 1]},${table[i * 3 + 2]})`;
}
