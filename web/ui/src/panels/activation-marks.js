// What tells the activations apart, as marks on their curves, with every number read off the
// engine's own kernels (curves asked for at the probes below), never typed in: swish's and
// mish's minimum (the lowest sample of a fine curve), ELU's and SELU's floor (f far to the
// left), SELU's λ and α, GELU's slope and curvature at 0 (a central difference of f′), ReLU's
// jump in f′ at 0, leaky ReLU's slope, sigmoid's largest slope.
import { fmt as plain } from '../format.js';

/** A number as the panel writes it, with a true minus sign. */
export const fmt = (v, digits) => plain(v, digits).replace(/^-/, '−');

// Curves the marks are read from: the dip at 1/1000 resolution, far left (a floor), z = 1,
// a central difference around 0, either side of the kink, z = −1.
export const PROBES = {
  dip: { lo: -4, hi: 0, n: 4001 },
  far: { lo: -30, hi: -29, n: 2 },
  one: { lo: 1, hi: 2, n: 2 },
  zero: { lo: -0.01, hi: 0.01, n: 3 },
  kink: { lo: -1e-3, hi: 1e-3, n: 2 },
  left: { lo: -1, hi: 0, n: 2 },
};
/**
 * The marks of an activation (its display name `label`) from its probe curves `c` ({probe:
 * {x, f, df}}): each
 * {chart: 'f'|'df', kind: 'point'|'floor'|'tangent'|'jump', z, y, …, label, text, data}.
 */
export const MARKS = {
  swish: (c, label) => [minimum(label, c.dip)],
  mish: (c, label) => [minimum(label, c.dip)],
  elu: (c, label) => {
    const floor = c.far.f[0];
    return [{ chart: 'f', kind: 'floor', y: floor, label: `−α = ${fmt(floor, 4)}`, text: `${label} saturates at −α = ${fmt(floor, 4)} (f at z = ${fmt(c.far.x[0])})`, data: { floor } }];
  },
  selu: (c, label) => {
    const lambda = c.one.df[0];
    const floor = c.far.f[0];
    const alpha = -floor / lambda;
    return [
      { chart: 'f', kind: 'floor', y: floor, label: `−λα = ${fmt(floor, 4)}`, text: `${label} saturates at −λα = ${fmt(floor, 4)}`, data: { floor, alpha } },
      { chart: 'f', kind: 'point', z: c.one.x[0], y: c.one.f[0], label: `λ = ${fmt(lambda, 5)}`, text: `${label}'s slope for z > 0 is λ = ${fmt(lambda, 5)}, and α = ${fmt(alpha, 5)}`, data: { lambda } },
    ];
  },
  gelu: (c, label) => {
    const slope0 = c.zero.df[1];
    const curvature = (c.zero.df[2] - c.zero.df[0]) / (c.zero.x[2] - c.zero.x[0]);
    return [{ chart: 'df', kind: 'tangent', z: 0, y: slope0, slope: curvature, label: `f″(0) = ${fmt(curvature, 3)}`,
      text: `${label}'s slope passes smoothly through ${fmt(slope0, 3)} at z = 0, bending at f″(0) = ${fmt(curvature, 3)}`, data: { slope0, curvature } }];
  },
  relu: (c, label) => [{ chart: 'df', kind: 'jump', z: 0, y: c.kink.df[0], to: c.kink.df[1], label: `${fmt(c.kink.df[0])} → ${fmt(c.kink.df[1])}`,
    text: `${label}'s slope jumps from ${fmt(c.kink.df[0])} to ${fmt(c.kink.df[1])} at z = 0`, data: { jumpFrom: c.kink.df[0], jumpTo: c.kink.df[1] } }],
  leaky_relu: (c, label) => [{ chart: 'df', kind: 'point', z: c.left.x[0], y: c.left.df[0], label: `slope ${fmt(c.left.df[0])}`,
    text: `${label} keeps a slope of ${fmt(c.left.df[0])} for z < 0`, data: { negativeSlope: c.left.df[0] } }],
  sigmoid: (c, label) => [{ chart: 'df', kind: 'point', z: c.zero.x[1], y: c.zero.df[1], label: `max ${fmt(c.zero.df[1])}`,
    text: `${label}'s slope is at most ${fmt(c.zero.df[1])}, at z = 0`, data: { maxSlope: c.zero.df[1] } }],
};
/** The probes each activation's marks read. */
export const MARK_PROBES = { swish: ['dip'], mish: ['dip'], elu: ['far'], selu: ['far', 'one'], gelu: ['zero'], relu: ['kink'], leaky_relu: ['left'], sigmoid: ['zero'] };

/** The lowest sample of a curve: the minimum to the curve's resolution. */
function minimum(label, c) {
  let i0 = 0;
  for (let i = 1; i < c.f.length; i++) if (c.f[i] < c.f[i0]) i0 = i;
  const step = c.x[1] - c.x[0];
  return {
    chart: 'f', kind: 'point', guide: true, z: c.x[i0], y: c.f[i0], label: `min ${fmt(c.f[i0], 3)} at ${fmt(c.x[i0], 3)}`,
    text: `${label} dips to a minimum of ${fmt(c.f[i0], 4)} at z = ${fmt(c.x[i0], 4)} (engine values every ${fmt(step)} in z)`,
    data: { minZ: c.x[i0], minF: c.f[i0], minStep: step },
  };
}

const cap = (s) => `${s[0].toUpperCase()}${s.slice(1)}`;
/** The dataset key of a mark's number: ('leaky_relu', 'negativeSlope') → markLeakyReluNegativeSlope (data-mark-leaky-relu-negative-slope). */
export const markKey = (name, key) => `mark${name.split('_').map(cap).join('')}${cap(key)}`;
