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

// ---- the network's output: one colour for one value, in every panel ------------------------

/** How far the output colours go from the theme's neutral colour: points drawn at full colour stand out. */
const OUTPUT_STRENGTH = 0.85;

/**
 * What an output value means, as the range of the colour map: class 0 → 1 for a sigmoid (or
 * linear) output, −1 → 1 for tanh, the targets' symmetric range for regression.
 * `targets`: the data's target values (regression only).
 */
export function outputRange(info, targets = []) {
  if (info.classification) return info.outputActivation === 'tanh' ? { lo: -1, hi: 1 } : { lo: 0, hi: 1 };
  let m = 0;
  for (const v of targets) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return { lo: -(m || 1), hi: m || 1 };
}

/**
 * The colour [r, g, b] of a single-output value `v` on `range` (outputRange): orange at lo,
 * the theme's neutral `mid` in the middle, blue at hi. The output panel's background and the
 * diagram's output unit both paint with it, so the same value has the same colour in both.
 */
export function outputColor(v, { lo, hi }, mid = '#e8eaeb') {
  if (!Number.isFinite(v)) return OVERFLOW;
  const m = hexToRgb(mid.startsWith('#') ? mid : '#e8eaeb');
  const t = hi > lo ? Math.max(0, Math.min(1, (v - lo) / (hi - lo))) : 0.5;
  // orange → neutral → blue, continuous in the value (the middle exactly neutral)
  const end = hexToRgb(t < 0.5 ? ORANGE : BLUE);
  const u = Math.abs(2 * t - 1) * OUTPUT_STRENGTH;
  return m.map((c, j) => Math.round(c + (end[j] - c) * u));
}

/**
 * The colour of class `c` (of `classes`) at probability `p` among `k` outputs: the theme's
 * neutral colour at chance (1/k), the class's colour as p → 1; `discrete`: every winning
 * class at one strength.
 */
export function classShade(c, p, k, classes, mid = '#e8eaeb', discrete = false) {
  if (!Number.isFinite(p)) return OVERFLOW;
  const m = hexToRgb(mid.startsWith('#') ? mid : '#e8eaeb');
  const color = hexToRgb(classColor(c, classes));
  const t = discrete ? 0.75 : Math.max(0, Math.min(1, (p - 1 / k) / (1 - 1 / k))) * OUTPUT_STRENGTH;
  return color.map((v, j) => Math.round(m[j] + (v - m[j]) * t));
}

// ---- activations ----------------------------------------------------------------------------

/** Each activation's colour in the overlay (Okabe–Ito; ReLU, the reference, in the text colour). */
const ACTIVATION_COLORS = {
  relu: null, leaky_relu: '#E69F00', elu: '#009E73', selu: '#56B4E9', gelu: '#D55E00', swish: '#0072B2',
  mish: '#CC79A7', softplus: '#999999', sigmoid: '#8C6D00', tanh: '#6A3D9A', linear: '#5b6573',
};
/** The colour of activation `name`'s curves; `fg` (the theme's text colour) for the reference and unknown names. */
export const activationColor = (name, fg) => ACTIVATION_COLORS[name] ?? fg;
