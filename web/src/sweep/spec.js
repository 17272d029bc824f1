// A sweep's specification, checked and put into one canonical form. Every problem is a
// TypeError (wrong kind of value) or RangeError (outside what is allowed) whose `field` is the
// path inside the spec (`axes[1].values[3]`, `base.learningRate`), with the schema's own
// message for the configuration field it concerns. The canonical form lists every axis value
// explicitly (ranges expanded), so it alone determines the cells, their seeds and the results.
import { typeError, rangeError, show, didYouMean } from '../errors.js';
import { getField, fieldNames, validateField, normalizeConfig } from '../schema.js';
import { getPreset } from '../presets.js';
import { MEASURES, measureNames, DEFAULT_MEASURES } from './measures.js';
import { hashText } from './hash.js';

const KEYS = ['base', 'preset', 'axes', 'steps', 'seeds', 'measures', 'target', 'evalEvery', 'seedMode'];
const AXIS_KEYS = ['field', 'values', 'from', 'to', 'count', 'scale', 'link'];
export const SEED_MODES = Object.freeze(['shared', 'independent']);
export const DERIVED_AXES = Object.freeze(['depth', 'width']);

export const SPEC_LIMITS = Object.freeze({ maxAxes: 8, maxValues: 10000, maxSeeds: 1000, maxSteps: 10_000_000 });

/** Evaluations per run when a curve measure is asked for and `evalEvery` is not given. */
export const DEFAULT_EVALUATIONS = 20;
/** Steps per run when neither the spec nor its preset says. */
export const DEFAULT_STEPS = 1000;

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * `e` (a TypeError/RangeError from the schema) moved to `path` inside the spec: the path goes
 * in front of the message (`axes[1].values[3]: learningRate: 30 is out of range …`) and in
 * `field`. With `replace`, the path replaces the field name the message starts with
 * (`base.learningRate: 30 is out of range …`). Other errors are returned unchanged.
 */
export function atPath(path, e, { replace = false } = {}) {
  if (!(e instanceof TypeError || e instanceof RangeError)) return e;
  const E = e instanceof TypeError ? TypeError : RangeError;
  const own = e.field !== undefined && e.message.startsWith(`${e.field}: `);
  const out = new E(replace && own ? `${path}: ${e.message.slice(e.field.length + 2)}` : `${path}: ${e.message}`);
  out.field = path;
  return out;
}

function integerIn(path, v, lo, hi) {
  if (typeof v !== 'number') throw typeError(path, `expected an integer, got ${show(v)}`);
  if (!Number.isInteger(v) || v < lo || v > hi) throw rangeError(path, `${show(v)} is not an integer from ${lo} to ${hi}`);
  return v;
}

// The width a derived axis stacks: the schema's own bounds of a hidden layer.
const hiddenField = () => getField('hidden');

/** The schema-like description of an axis field (derived axes included), or undefined. */
export function axisField(name) {
  const h = hiddenField();
  if (name === 'depth') return { name, kind: 'integer', min: 0, max: h.maxLength };
  if (name === 'width') return { name, kind: 'integer', min: h.min, max: h.max };
  return getField(name);
}

function checkValue(field, value, path) {
  try {
    if (DERIVED_AXES.includes(field)) {
      const f = axisField(field);
      return integerIn(`${field}`, value, f.min, f.max);
    }
    return validateField(field, value);
  } catch (e) {
    throw atPath(path, e);
  }
}

// Rounds to 12 significant digits: a range's values are the same numbers on every JS engine
// (Math.exp/log may differ in the last bit between engines; toPrecision is exactly specified).
const tidy = (v) => Number(v.toPrecision(12));

/** The values of a range axis {from, to, count, scale} over field `f` (axisField), checked; errors name `path`. */
export function expandRange(axis, f, path) {
  const { from, to, count } = axis;
  const scale = axis.scale ?? 'linear';
  if (f.kind !== 'number' && f.kind !== 'integer')
    throw typeError(`${path}`, `${f.name} is a ${f.kind === 'enum' ? 'choice' : 'list'}; give its values (e.g. values: [${show(f.values?.[0] ?? [8, 8])}, …]), not a range`);
  for (const k of ['from', 'to']) {
    if (axis[k] === undefined) throw typeError(`${path}.${k}`, 'a range needs from, to and count');
    checkValue(f.name, axis[k], `${path}.${k}`);
  }
  if (count === undefined) throw typeError(`${path}.count`, 'a range needs from, to and count');
  integerIn(`${path}.count`, count, 2, SPEC_LIMITS.maxValues);
  if (from === to) throw rangeError(`${path}.to`, `${show(to)} equals from: a range needs two different ends (use values: [${show(from)}] for one value)`);
  if (scale === 'log' && (from <= 0 || to <= 0))
    throw rangeError(`${path}.${from <= 0 ? 'from' : 'to'}`, `${show(from <= 0 ? from : to)} cannot be an end of a log range (both ends must be above 0)`);
  const values = [];
  for (let i = 0; i < count; i++) {
    const t = i / (count - 1);
    let v = i === 0 ? from : i === count - 1 ? to
      : scale === 'log' ? Math.exp(Math.log(from) + (Math.log(to) - Math.log(from)) * t) : from + (to - from) * t;
    v = f.kind === 'integer' ? Math.round(v) : tidy(v);
    if (values.length && values[values.length - 1] === v) {
      const room = f.kind === 'integer' ? `at most ${Math.abs(to - from) + 1} distinct values fit` : 'the range is too narrow for that many values of 12 significant digits';
      throw rangeError(`${path}.count`, `${count} ${f.kind === 'integer' ? 'integers' : 'values'} from ${show(from)} to ${show(to)} repeat ${show(v)} after rounding (${room})`);
    }
    values.push(v);
  }
  return { values, scale };
}

function normalizeAxis(axis, i, base, presentFields, linked = new Set()) {
  const path = `axes[${i}]`;
  if (!isObject(axis)) throw typeError(path, `expected an axis such as {field: "learningRate", values: [0.01, 0.1]} or {field: "depth", from: 1, to: 20, count: 20}, got ${show(axis)}`);
  for (const k of Object.keys(axis)) if (!AXIS_KEYS.includes(k)) throw typeError(`${path}.${k.slice(0, 64)}`, `unknown key of an axis${didYouMean(k, AXIS_KEYS)}`);
  const name = axis.field;
  if (typeof name !== 'string') throw typeError(`${path}.field`, `expected a field name such as "learningRate" or "depth", got ${show(name)}`);
  const f = axisField(name);
  if (!f) throw typeError(`${path}.field`, `${show(name)} is not a configuration field or derived axis (depth, width)${didYouMean(name, [...DERIVED_AXES, ...fieldNames])}`);
  if (name === 'seed') throw rangeError(`${path}.field`, 'seed cannot be an axis: use `seeds: N` for N runs per cell (their seeds are derived from base.seed)');
  const where = (f) => `axes[${presentFields.get(f)}]${linked.has(f) ? '.link' : ''}`;
  if (presentFields.has(name)) throw rangeError(`${path}.field`, `${name} is already ${linked.has(name) ? 'linked' : 'an axis'} (${where(name)})`);
  if (name === 'hidden' && (presentFields.has('depth') || presentFields.has('width')))
    throw rangeError(`${path}.field`, 'hidden cannot be an axis together with depth or width (they generate hidden)');
  if ((name === 'depth' || name === 'width') && presentFields.has('hidden'))
    throw rangeError(`${path}.field`, `${name} cannot be an axis together with hidden (it generates hidden)`);
  presentFields.set(name, i);
  if (axis.scale !== undefined && axis.scale !== null && !['linear', 'log'].includes(axis.scale))
    throw rangeError(`${path}.scale`, `${show(axis.scale)} is not one of linear, log`);

  const isRange = axis.from !== undefined || axis.to !== undefined || axis.count !== undefined;
  if (isRange && axis.values !== undefined) throw typeError(path, 'give either values or a range (from, to, count), not both');
  let values, scale = axis.scale ?? null;  // null: a list with no scale of its own (choices, lists)
  if (isRange) {
    ({ values, scale } = expandRange(axis, f, path));
  } else {
    if (!Array.isArray(axis.values)) throw typeError(`${path}.values`, `expected an array of ${name} values, got ${show(axis.values)}`);
    if (axis.values.length === 0) throw rangeError(`${path}.values`, 'is empty: an axis needs at least one value');
    if (axis.values.length > SPEC_LIMITS.maxValues) throw rangeError(`${path}.values`, `${axis.values.length} values is too many (allowed at most ${SPEC_LIMITS.maxValues})`);
    if (scale === 'log' && f.kind !== 'number' && f.kind !== 'integer') throw rangeError(`${path}.scale`, `${name} is not numeric: only numbers have a log scale`);
    values = Array.from(axis.values, (v, j) => checkValue(name, v, `${path}.values[${j}]`));
    const seen = new Map();
    values.forEach((v, j) => {
      const key = JSON.stringify(v);
      if (seen.has(key)) throw rangeError(`${path}.values[${j}]`, `${show(v)} appears twice (also values[${seen.get(key)}])`);
      seen.set(key, j);
      if (scale === 'log' && !(v > 0)) throw rangeError(`${path}.values[${j}]`, `${show(v)} cannot be on a log scale (values must be above 0)`);
    });
  }
  const link = axis.link === undefined || axis.link === null ? null : normalizeLink(axis.link, values.length, `${path}.link`, presentFields, linked, i);
  if ((name === 'width' || Object.hasOwn(link ?? {}, 'width')) && !presentFields.has('depth') && base.hidden.length === 0)
    throw rangeError(`${path}.${name === 'width' ? 'field' : 'link.width'}`, 'width needs hidden layers: the base configuration has none (give base.hidden or a depth axis first)');
  return link ? { field: name, values, scale, link } : { field: name, values, scale };
}

/**
 * The fields that move with an axis (a linked axis): `{init: ["he_normal", …]}`, one value per
 * value of the axis, so cell k of the axis has the axis's value k and each linked field's
 * value k (the activation race pairs each activation with its initialiser this way). A
 * linked field is checked like an axis field: not the seed, not already an axis or linked,
 * no hidden together with depth or width; its values like the field's values, but they may
 * repeat (several activations share He initialisation).
 */
function normalizeLink(link, count, path, presentFields, linked, axisIndex) {
  if (!isObject(link)) throw typeError(path, `expected {field: [values…]} with one value per value of the axis, e.g. {init: ["he_normal", "xavier_normal"]}, got ${show(link)}`);
  const names = Object.keys(link);
  if (names.length === 0) throw rangeError(path, 'is empty: link at least one field, or leave link out');
  const out = {};
  for (const name of names) {
    const p = `${path}.${name.slice(0, 64)}`;
    const f = axisField(name);
    if (!f) throw typeError(p, `${show(name)} is not a configuration field or derived axis (depth, width)${didYouMean(name, [...DERIVED_AXES, ...fieldNames])}`);
    if (name === 'seed') throw rangeError(p, 'seed cannot be linked: use `seeds: N` for N runs per cell');
    if (presentFields.has(name)) throw rangeError(p, `${name} is already ${linked.has(name) ? 'linked' : 'an axis'} (axes[${presentFields.get(name)}]${linked.has(name) ? '.link' : ''})`);
    if ((name === 'hidden' && (presentFields.has('depth') || presentFields.has('width'))) || ((name === 'depth' || name === 'width') && presentFields.has('hidden')))
      throw rangeError(p, 'hidden cannot vary together with depth or width (they generate hidden)');
    presentFields.set(name, axisIndex);
    linked.add(name);
    const values = link[name];
    if (!Array.isArray(values)) throw typeError(p, `expected an array of ${count} ${name} values (one per value of the axis), got ${show(values)}`);
    if (values.length !== count) throw rangeError(p, `has ${values.length} value${values.length === 1 ? '' : 's'}; the axis has ${count} (one linked value per axis value)`);
    out[name] = Array.from(values, (v, j) => checkValue(name, v, `${p}[${j}]`));
  }
  if (presentFields.has('hidden') && (presentFields.has('depth') || presentFields.has('width')))
    throw rangeError(path, 'hidden cannot vary together with depth or width (they generate hidden)');
  return out;
}

/**
 * Checks a sweep specification and returns its canonical form: {base (a complete
 * configuration), preset, axes: [{field, values, scale}], steps, seeds, measures, target,
 * evalEvery, seedMode}. Throws TypeError/RangeError naming the path of the problem.
 */
export function normalizeSweepSpec(spec) {
  if (!isObject(spec)) throw typeError('spec', `expected a sweep specification object ({base, axes, steps, seeds, measures}), got ${show(spec)}`);
  for (const k of Object.keys(spec)) if (!KEYS.includes(k)) throw typeError(k.slice(0, 64), `unknown key of a sweep spec${didYouMean(k, KEYS)}`);

  let preset = null, partial = {};
  if (typeof spec.base === 'string') {
    if (spec.preset !== undefined && spec.preset !== null) throw typeError('base', 'is a preset name and preset is given too: give the preset as preset and overrides as base');
    preset = spec.base;
  } else if (spec.base !== undefined) {
    if (!isObject(spec.base)) throw typeError('base', `expected a (partial) configuration object or a preset name, got ${show(spec.base)}`);
    partial = spec.base;
  }
  if (spec.preset !== undefined && spec.preset !== null) preset = spec.preset;
  let presetSteps;
  let baseConfig;
  if (preset !== null) {
    let p;
    try {
      p = getPreset(preset);
    } catch (e) {
      throw atPath(typeof spec.base === 'string' ? 'base' : 'preset', e, { replace: true });
    }
    presetSteps = p.steps;
    baseConfig = p.config;
  }
  let base;
  try {
    base = normalizeConfig({ ...(baseConfig ?? {}), ...partial });
  } catch (e) {
    // normalizeConfig names the field; the path says it is the base's.
    throw e.field !== undefined ? atPath(`base.${e.field}`, e, { replace: true }) : atPath('base', e);
  }

  const axesIn = spec.axes ?? [];
  if (!Array.isArray(axesIn)) throw typeError('axes', `expected an array of axes, got ${show(axesIn)}`);
  if (axesIn.length > SPEC_LIMITS.maxAxes) throw rangeError('axes', `${axesIn.length} axes is too many (allowed at most ${SPEC_LIMITS.maxAxes})`);
  const present = new Map();
  const linked = new Set();
  const axes = Array.from(axesIn, (a, i) => normalizeAxis(a, i, base, present, linked));
  if (present.has('depth') && !present.has('width') && base.hidden.length === 0)
    throw rangeError(`axes[${present.get('depth')}].${axes[present.get('depth')].field === 'depth' ? 'field' : 'link.depth'}`, 'depth needs a width: the base configuration has no hidden layer to copy it from (give base.hidden or a width axis)');

  const steps = spec.steps === undefined ? presetSteps ?? DEFAULT_STEPS : integerIn('steps', spec.steps, 0, SPEC_LIMITS.maxSteps);
  const seeds = spec.seeds === undefined ? 1 : integerIn('seeds', spec.seeds, 1, SPEC_LIMITS.maxSeeds);

  let measures = spec.measures ?? [...DEFAULT_MEASURES];
  if (!Array.isArray(measures)) throw typeError('measures', `expected an array of measure names (${measureNames.join(', ')}), got ${show(measures)}`);
  if (measures.length === 0) throw rangeError('measures', `is empty: name at least one of ${measureNames.join(', ')}`);
  measures = Array.from(measures, (m, i) => {
    if (typeof m !== 'string') throw typeError(`measures[${i}]`, `expected a measure name, got ${show(m)}`);
    if (!Object.hasOwn(MEASURES, m)) throw rangeError(`measures[${i}]`, `${show(m)} is not one of ${measureNames.join(', ')}${didYouMean(m, measureNames)}`);
    if (measures.indexOf(m) !== i) throw rangeError(`measures[${i}]`, `${show(m)} is listed twice`);
    return m;
  });

  const wantsTarget = measures.includes('stepsToTarget');
  // null stands for "not given" (the canonical form writes absent entries as null).
  let target = null;
  if (spec.target !== undefined && spec.target !== null) {
    if (!wantsTarget) throw rangeError('target', 'is only used by the stepsToTarget measure: add it to measures or leave target out');
    if (typeof spec.target !== 'number') throw typeError('target', `expected a training loss (a number above 0), got ${show(spec.target)}`);
    if (!Number.isFinite(spec.target) || spec.target <= 0) throw rangeError('target', `${show(spec.target)} is not a loss above 0`);
    target = spec.target;
  } else if (wantsTarget) {
    throw typeError('target', 'stepsToTarget needs a target training loss (e.g. target: 0.1)');
  }

  const curve = measures.some((m) => MEASURES[m].at === 'curve');
  let evalEvery = null;
  if (spec.evalEvery !== undefined && spec.evalEvery !== null) {
    if (!curve) throw rangeError('evalEvery', 'is only used by the measures taken during training (best*, stepsToTarget, *LossCurve): add one or leave evalEvery out');
    evalEvery = integerIn('evalEvery', spec.evalEvery, 1, Math.max(1, steps));
  } else if (curve) {
    evalEvery = Math.max(1, Math.ceil(steps / DEFAULT_EVALUATIONS));
  }

  const seedMode = spec.seedMode ?? 'shared';
  if (!SEED_MODES.includes(seedMode)) throw rangeError('seedMode', `${show(seedMode)} is not one of ${SEED_MODES.join(', ')}`);

  return { base, preset, axes, steps, seeds, measures, target, evalEvery, seedMode };
}

/** The identity of a canonical spec: a hash of its JSON text (shards of one sweep share it). */
export function hashSpec(spec) {
  return hashText(JSON.stringify(spec));
}
