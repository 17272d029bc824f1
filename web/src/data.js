// Checks user-supplied data before it reaches the engine, so a mistake is reported in the
// caller's terms (which array, which index) rather than as an engine failure. The engine
// checks again (core/session.cpp) against the same limits, which it exports in its schema.
import { typeError, rangeError, show } from './errors.js';
import { limits, normalizeConfig } from './schema.js';

const FLOAT32_MAX = 3.4028234663852886e38;

const LIMITS = {
  points: [limits.minUserPoints, limits.maxUserPoints],
  inputDim: [1, limits.maxUserInputs],
  classes: [2, limits.maxClasses],
  outputDim: [1, limits.maxUserOutputs],
};

function toFloat32(name, v) {
  if (v instanceof Float32Array) return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++)
      if (typeof v[i] !== 'number') throw typeError(`data.${name}[${i}]`, `expected a number, got ${show(v[i])}`);
    return Float32Array.from(v);
  }
  if (ArrayBuffer.isView(v) && !(v instanceof DataView) && typeof v[0] !== 'bigint') return Float32Array.from(v);
  throw typeError(`data.${name}`, `expected a Float32Array (or an array of numbers), got ${show(v)}`);
}

function intIn(name, v, [lo, hi]) {
  if (typeof v !== 'number') throw typeError(`data.${name}`, `expected an integer, got ${show(v)}`);
  if (!Number.isInteger(v) || v < lo || v > hi) throw rangeError(`data.${name}`, `${v} is out of range (allowed integers ${lo} to ${hi})`);
  return v;
}

/**
 * The complete configuration a run on user data uses: dataset "custom" when `partial` names
 * none; a built-in data set is refused (it would train on its own points, not the data given).
 */
export function configForData(partial) {
  const c = normalizeConfig(partial && typeof partial === 'object' && partial.dataset === undefined ? { ...partial, dataset: 'custom' } : partial);
  if (c.dataset !== 'custom') throw notOnUserData(c.dataset);
  return c;
}

/** Why a built-in data set cannot be given user data. */
export const notOnUserData = (dataset) => rangeError('dataset', `${show(dataset)} generates its own points and cannot run on user data (their data set is "custom")`);

/**
 * Normalises `{inputs, targets, inputDim, task, classes?, outputDim?}`: row-major inputs
 * (points x inputDim); targets are class indices (classification) or points x outputDim
 * values (regression). Returns Float32Arrays and the resolved shape.
 */
export function checkData(data) {
  if (data === null || typeof data !== 'object') throw typeError('data', `expected {inputs, targets, inputDim, task}, got ${show(data)}`);
  const task = data.task ?? 'classification';
  if (task !== 'classification' && task !== 'regression')
    throw rangeError('data.task', `${show(task)} is not one of classification, regression`);
  const inputDim = intIn('inputDim', data.inputDim, LIMITS.inputDim);
  const inputs = toFloat32('inputs', data.inputs);
  const targets = toFloat32('targets', data.targets);
  if (inputs.length % inputDim !== 0)
    throw rangeError('data.inputs', `holds ${inputs.length} values, not a multiple of inputDim ${inputDim} (row-major points x inputDim)`);
  const points = inputs.length / inputDim;
  if (points < LIMITS.points[0] || points > LIMITS.points[1])
    throw rangeError('data.inputs', `holds ${points} points (allowed ${LIMITS.points[0]} to ${LIMITS.points[1]})`);
  for (let i = 0; i < inputs.length; i++)
    if (!Number.isFinite(inputs[i])) throw rangeError(`data.inputs[${i}]`, `${inputs[i]} is not finite (point ${Math.floor(i / inputDim)})`);

  let classes = 0;
  let outputDim = 1;
  if (task === 'classification') {
    if (targets.length !== points) throw rangeError('data.targets', `holds ${targets.length} labels, expected ${points} (one per point)`);
    let maxLabel = 0;
    for (let i = 0; i < targets.length; i++) {
      const t = targets[i];
      if (!Number.isInteger(t) || t < 0) throw rangeError(`data.targets[${i}]`, `${t} is not a class index (labels are integers 0, 1, ...)`);
      maxLabel = Math.max(maxLabel, t);
    }
    classes = intIn('classes', data.classes ?? Math.max(2, maxLabel + 1), LIMITS.classes);
    if (maxLabel >= classes) {
      const i = targets.findIndex((t) => t >= classes);
      throw rangeError(`data.targets[${i}]`, `${targets[i]} is out of range (labels 0 to ${classes - 1} for ${classes} classes)`);
    }
  } else {
    outputDim = intIn('outputDim', data.outputDim ?? 1, LIMITS.outputDim);
    if (targets.length !== points * outputDim)
      throw rangeError('data.targets', `holds ${targets.length} values, expected ${points * outputDim} (points x outputDim)`);
    for (let i = 0; i < targets.length; i++)
      if (!Number.isFinite(targets[i])) throw rangeError(`data.targets[${i}]`, `${targets[i]} is not finite`);
  }
  const domain = checkDomain(data.domain, inputs, inputDim);
  return { inputs, targets, inputDim, points, task, classes, outputDim, ...(domain ? { domain } : {}) };
}

/**
 * The plane the data are drawn on, when the caller gives one: `[[lo, hi]]` per input (data
 * with 1 or 2 inputs only), finite, lo < hi, holding every point. Without it the engine
 * derives one from the points (see `session.inputDomain`).
 */
function checkDomain(domain, inputs, inputDim) {
  if (domain === undefined || domain === null) return null;
  if (inputDim > 2) throw rangeError('data.domain', `only data with 1 or 2 inputs have an input plane (these have ${inputDim})`);
  if (!Array.isArray(domain) || domain.length !== inputDim)
    throw typeError('data.domain', `expected ${inputDim} [lo, hi] pair${inputDim > 1 ? 's' : ''} (one per input), got ${show(domain)}`);
  const out = domain.map((pair, j) => {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'number' || typeof pair[1] !== 'number')
      throw typeError(`data.domain[${j}]`, `expected [lo, hi] (two numbers), got ${show(pair)}`);
    const [lo, hi] = pair;
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi) || Math.abs(lo) > FLOAT32_MAX || Math.abs(hi) > FLOAT32_MAX)
      throw rangeError(`data.domain[${j}]`, `[${lo}, ${hi}] is not an interval (finite numbers in the float32 range, lo < hi)`);
    return [lo, hi];
  });
  for (let i = 0; i < inputs.length; i++) {
    const [lo, hi] = out[i % inputDim];
    if (inputs[i] < lo || inputs[i] > hi)
      throw rangeError(`data.inputs[${i}]`, `${inputs[i]} is outside the domain [${lo}, ${hi}] of input ${(i % inputDim) + 1} (point ${Math.floor(i / inputDim)}): the domain must hold every point`);
  }
  return out;
}

/**
 * The JSON form of user data (in a run's JSON, `session.toJSON()`): plain arrays of the
 * float32 values (a double holds each exactly), the task and shape, and the domain if any.
 */
export function dataToJSON(data) {
  const d = checkData(data);
  const out = { task: d.task, inputDim: d.inputDim };
  if (d.task === 'classification') out.classes = d.classes;
  else out.outputDim = d.outputDim;
  if (d.domain) out.domain = d.domain.map(([lo, hi]) => [lo, hi]);
  out.inputs = Array.from(d.inputs);
  out.targets = Array.from(d.targets);
  return out;
}

/** User data from their JSON form (dataToJSON), checked like any user data ('run.data' in messages). */
export function dataFromJSON(json) {
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw typeError('run.data', `expected the data of a run ({task, inputDim, inputs, targets, …}), got ${show(json)}`);
  const { task, inputDim, classes, outputDim, domain, inputs, targets } = json;
  return checkData({ task, inputDim, classes, outputDim, domain, inputs, targets });
}
