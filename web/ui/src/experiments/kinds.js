// The three instruments of the Experiments view and what each sweeps and measures: which axes
// it takes, its defaults, the measures it asks the sweep engine for, and the sweep spec it
// builds from an experiment (its settings) and the page's configuration (the base every cell
// starts from: data, network, optimiser, seed — the playground's own settings).
//
// An experiment is {kind, axes, steps, seeds, show, overlay, lesson}: `axes` in the sweep
// engine's form ({field, values | from/to/count/scale, link}), `show` the map's colour,
// `overlay` whether the phase diagram also trains (its trainability layer).
import { schema, getField, normalizeSweepSpec } from '../../../src/common.js';

export const KINDS = Object.freeze(['race', 'map', 'phase']);
export const KIND_LABELS = Object.freeze({ race: 'Activation race', map: 'Trainability map', phase: 'Phase diagram (edge of chaos)' });

/**
 * The initialiser each activation is matched with: He for the ReLU family (and its smooth
 * relatives), LeCun for SELU (its fixed point assumes it), Xavier for the saturating ones.
 */
export const MATCHED_INIT = Object.freeze({
  relu: 'he_normal', leaky_relu: 'he_normal', elu: 'he_normal', gelu: 'he_normal', swish: 'he_normal', mish: 'he_normal', softplus: 'he_normal',
  selu: 'lecun_normal', sigmoid: 'xavier_normal', tanh: 'xavier_normal', linear: 'xavier_normal',
});
export const matchedInit = (activation) => MATCHED_INIT[activation] ?? 'xavier_normal';

export const ACTIVATIONS = Object.freeze(Object.keys(schema.activations));
/** The saturating activations and the two that are neither (the race leaves those out by default). */
const SATURATING = ['sigmoid', 'tanh'];
/** The ReLU family (ReLU and its descendants: leaky ReLU, ELU, SELU, GELU, swish, mish), in the engine's order. */
export const RELU_FAMILY = Object.freeze(ACTIVATIONS.filter((a) => !SATURATING.includes(a) && a !== 'linear' && a !== 'softplus'));
export const RACE_DEFAULT = Object.freeze([...RELU_FAMILY, ...SATURATING]);
export const RACE_LIMITS = Object.freeze({ min: 2, max: ACTIVATIONS.length });

/** Training loss the phase diagram's dots mark as "trained": half the binary cross-entropy of a coin toss. */
export const TRAINED_LOSS = Math.LN2 / 2;

/** The fields a trainability map can put on its axes. */
export const MAP_FIELDS = Object.freeze(['depth', 'width', 'learningRate', 'activation', 'init', 'batchSize', 'sigmaW2', 'sigmaB2']);

/** The activation axis of a race or map, each activation with its matched initialiser. */
export const matchedAxis = (activations) => ({ field: 'activation', values: [...activations], link: { init: activations.map(matchedInit) } });

/** The measures a map can colour its cells by ("diverged": the share of a cell's runs that diverged). */
export const MAP_SHOWS = Object.freeze(['trainLoss', 'testAccuracy', 'deadFraction', 'gradRatio', 'diverged']);
export const SHOW_LABELS = Object.freeze({
  trainLoss: 'training loss after N steps', testAccuracy: 'test accuracy', deadFraction: 'dead fraction of hidden units',
  gradRatio: 'gradient ratio, first / last hidden layer', diverged: 'diverged runs',
});

/** What each instrument measures (sweep measures, web/src/sweep/measures.js). */
export function kindMeasures(kind, overlay = false) {
  if (kind === 'race') return ['trainLossCurve', 'trainLoss', 'testAccuracy', 'deadFraction', 'gradRatio'];
  if (kind === 'map') return ['trainLoss', 'testAccuracy', 'deadFraction', 'gradRatio'];
  return overlay ? ['logGradGrowthInit', 'trainLoss'] : ['logGradGrowthInit'];
}

/** Each instrument's defaults: its axes, steps (for the phase diagram: of its trainability layer) and seeds. */
export const KIND_DEFAULTS = Object.freeze({
  race: { axes: [matchedAxis(RACE_DEFAULT)], steps: 300, seeds: 3 },
  map: { axes: [{ field: 'depth', values: [1, 2, 4, 8, 12, 16, 24, 32, 40] }, matchedAxis(['relu', 'tanh', 'sigmoid', 'selu'])], steps: 300, seeds: 1 },
  phase: { axes: [{ field: 'sigmaW2', from: 0.25, to: 4, count: 16 }, { field: 'sigmaB2', from: 0, to: 0.5, count: 11 }], steps: 300, seeds: 1 },
});

/** An instrument's default experiment, its axes in the sweep engine's canonical form. */
export function defaultExperiment(kind = 'race') {
  const d = KIND_DEFAULTS[kind];
  return { kind, axes: normalizeSweepSpec({ axes: d.axes }).axes, steps: d.steps, seeds: d.seeds, show: 'trainLoss', overlay: false, lesson: '' };
}

const isNumeric = (field) => field === 'depth' || field === 'width' || ['number', 'integer'].includes(getField(field)?.kind);
const valueCount = (a) => (a.values ? a.values.length : a.count);

/**
 * Why `axes` do not fit instrument `kind` (a sentence), or null when they do. The sweep engine
 * has checked them already; this is the instrument's own shape.
 */
export function axesProblem(kind, axes) {
  if (kind === 'race') {
    if (axes.length !== 1 || axes[0].field !== 'activation') return 'the activation race has one axis, the activations';
    const n = valueCount(axes[0]);
    if (n < RACE_LIMITS.min || n > RACE_LIMITS.max) return `the activation race takes ${RACE_LIMITS.min} to ${RACE_LIMITS.max} activations (got ${n})`;
    const link = Object.keys(axes[0].link ?? {});
    if (link.some((f) => f !== 'init')) return 'the activation race links only the initialiser to its activations';
    return null;
  }
  if (kind === 'map') {
    if (axes.length !== 2) return 'a trainability map has two axes';
    for (const a of axes) {
      if (!MAP_FIELDS.includes(a.field)) return `a map's axes are chosen from ${MAP_FIELDS.join(', ')} (not ${a.field})`;
      const link = Object.keys(a.link ?? {});
      if (link.length && !(a.field === 'activation' && link.length === 1 && link[0] === 'init')) return 'a map links only the initialiser to an activation axis';
    }
    return null;
  }
  if (axes.length !== 2 || axes[0].field !== 'sigmaW2' || axes[1].field !== 'sigmaB2' || axes.some((a) => a.link)) return 'the phase diagram has the axes σ_w² (across) and σ_b² (up)';
  if (!axes.every((a) => isNumeric(a.field) && valueCount(a) >= 2)) return 'the phase diagram needs at least two values on each axis';
  return null;
}

/** Fields the instrument sets on the base itself (the phase diagram's initialiser). */
function baseFor(kind, axes, config) {
  const base = { ...config };
  const fields = axes.flatMap((a) => [a.field, ...Object.keys(a.link ?? {})]);
  const signal = kind === 'phase' || fields.some((f) => f === 'sigmaW2' || f === 'sigmaB2');
  if (signal && !fields.includes('init')) base.init = 'signal_propagation';
  return base;
}

/** The sweep spec of an experiment on the page's configuration `config` (complete). */
export function experimentSpec(exp, config) {
  const phaseOnly = exp.kind === 'phase' && !exp.overlay;
  return {
    base: baseFor(exp.kind, exp.axes, config),
    axes: exp.axes,
    steps: phaseOnly ? 0 : exp.steps,
    seeds: exp.seeds,
    measures: kindMeasures(exp.kind, exp.overlay),
  };
}

/** The canonical spec (throws the engine's named error when the experiment cannot run). */
export const canonicalSpec = (exp, config) => normalizeSweepSpec(experimentSpec(exp, config));

/** The base hidden layers as {depth, width} (the race and phase diagram's network). */
export function depthWidth(config) {
  return { depth: config.hidden.length, width: config.hidden[0] ?? 0 };
}

/** The label of an axis value: activation and initialiser names as the engine labels them. */
export function valueLabel(field, v) {
  if (field === 'activation') return schema.activations[v]?.label ?? String(v);
  if (Array.isArray(v)) return v.join(',');
  // axis values are rounded to 12 digits; three are enough to tell ticks apart
  if (typeof v === 'number' && !Number.isInteger(v)) return String(Number(v.toPrecision(3)));
  return String(v);
}

/** The label of an axis (its field's label from the schema; depth and width are derived). */
export function axisLabel(field) {
  if (field === 'depth') return 'Depth (hidden layers)';
  if (field === 'width') return 'Width (units per layer)';
  return getField(field)?.label ?? field;
}
