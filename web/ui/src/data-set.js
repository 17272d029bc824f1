// The learner's own data in the page: drawn on the output plane, pasted or uploaded as CSV, or
// read from a link. Plain, immutable objects in the API's user-data form (createSession's
// `data`: {inputs, targets, inputDim, task, classes, outputDim, domain}) plus where they came
// from; every change makes a new object. No DOM: the editor (data-editor.js) and the panel
// (panels/data.js) use these, and the Node tests can too.
//
// Drawn points are snapped to the share link's grid on their plane (snapToGrid), so the link
// carries them exactly and a shared run replays bit for bit.
import { schema, snapToGrid, readCSV, csvLimits, limits, checkData } from '../../src/common.js';
import { OKABE_ITO } from './colors.js';

/** Classes the page can tell apart: one colour each. */
export const PAGE_CLASSES = OKABE_ITO.length;

/** The kinds of set a learner can draw: points of a class on the plane, points with a value on the plane, points of a curve. */
export const KINDS = Object.freeze({
  classes: { label: 'Classes (x₁, x₂ → class)', inputDim: 2, task: 'classification' },
  values: { label: 'Values (x₁, x₂ → value)', inputDim: 2, task: 'regression' },
  curve: { label: 'Curve (x → y)', inputDim: 1, task: 'regression' },
});

/** The plane new drawings are made on: the built-in sets' (schema.domain on each axis). */
export function builtinDomain(inputDim) {
  return Array.from({ length: inputDim }, () => [-schema.domain, schema.domain]);
}

/** The kind of a data set (for the panel's select), or '' for one that is none of them (CSV with 3+ inputs). */
export function kindOf(data) {
  if (!data) return '';
  if (data.inputDim === 2) return data.task === 'classification' ? 'classes' : 'values';
  if (data.inputDim === 1 && data.task === 'regression') return 'curve';
  return '';
}

/** An empty drawing of `kind` ('classes', 'values', 'curve') with `classes` classes. */
export function emptyData(kind, classes = 2) {
  const k = KINDS[kind];
  return freeze({
    inputs: new Float32Array(0),
    targets: new Float32Array(0),
    inputDim: k.inputDim,
    task: k.task,
    classes: k.task === 'classification' ? classes : 0,
    outputDim: 1,
    domain: builtinDomain(k.inputDim),
    source: 'drawn',
  });
}

/**
 * A drawing that starts from a built-in set's points (`points` of a run, see run.js) on the
 * built-in plane, snapped to the grid. Null when the set has no plane.
 */
export function fromRunPoints(points, info) {
  if (!points || !info?.inputDomain || points.dims > 2) return null;
  const dims = points.dims;
  const task = info.classification ? 'classification' : 'regression';
  if (dims === 1 && task === 'classification') return null;
  const domain = builtinDomain(dims);
  const n = points.coords.length / dims;
  const inputs = new Float32Array(n * dims);
  for (let i = 0; i < inputs.length; i++) inputs[i] = snapToGrid(points.coords[i], ...domain[i % dims]);
  const targets = Float32Array.from({ length: n }, (_, i) => points.targets[i * points.targetDim]);
  return freeze({ inputs, targets, inputDim: dims, task, classes: info.classification ? info.classes : 0, outputDim: 1, domain, source: 'drawn' });
}

/**
 * Data from a CSV file's text (or bytes), read with the API's reader: at most PAGE_CLASSES
 * classes. Throws its RangeError/TypeError (naming the line and the column).
 */
export function fromCSV(source, name = '') {
  const r = readCSV(source, { maxClasses: PAGE_CLASSES });
  return freeze({ ...r.data, source: 'csv', name: String(name).slice(0, 80), columns: r.columns, classCounts: r.classCounts });
}

/** What the page says about its limits on data (all from the engine's, via csvLimits). */
export function limitsText() {
  const mb = (csvLimits.bytes / (1024 * 1024)).toLocaleString('en');
  return `CSV files: up to ${csvLimits.points.toLocaleString('en')} points, ${(csvLimits.columns - 1).toLocaleString('en')} inputs and the target, ${mb} MB; classes 0–${PAGE_CLASSES - 1}. Files are read in this page; nothing is sent anywhere.`;
}

export const pointCount = (data) => (data ? data.inputs.length / data.inputDim : 0);

/** Why the engine cannot train on these data yet (too few points, one class), or '' when it can try. */
export function notYet(data) {
  const n = pointCount(data);
  if (n < limits.minUserPoints) return `Add points: at least ${limits.minUserPoints} (there ${n === 1 ? 'is 1' : `are ${n}`}).`;
  if (data.task === 'classification' && new Set(data.targets).size < 2) return 'Add a point of a second class: a classifier needs two.';
  return '';
}

/** Snaps coordinates to the data's grid, inside its domain. */
export function snap(data, coords) {
  return coords.map((v, j) => snapToGrid(v, ...data.domain[j]));
}

/** A value for a regression target as the page writes it (two decimals, float32). */
export const roundValue = (v) => Math.fround(Math.round(v * 100) / 100);

/** Data with a point added at `coords` (snapped) of class or value `target`. */
export function addPoint(data, coords, target) {
  if (pointCount(data) >= limits.maxUserPoints) return data;
  const inputs = new Float32Array(data.inputs.length + data.inputDim);
  inputs.set(data.inputs);
  inputs.set(snap(data, coords), data.inputs.length);
  const targets = new Float32Array(data.targets.length + 1);
  targets.set(data.targets);
  targets[data.targets.length] = data.task === 'classification' ? target : roundValue(target);
  return freeze({ ...data, inputs, targets, source: 'drawn' });
}

/** Data with point i moved to `coords` (snapped; for a curve, `target` is its new value). */
export function movePoint(data, i, coords, target = undefined) {
  const inputs = data.inputs.slice();
  inputs.set(snap(data, coords), i * data.inputDim);
  let targets = data.targets;
  if (target !== undefined) {
    targets = data.targets.slice();
    targets[i] = roundValue(target);
  }
  return freeze({ ...data, inputs, targets, source: 'drawn' });
}

/** Data without point i. */
export function removePoint(data, i) {
  const d = data.inputDim;
  const inputs = new Float32Array(data.inputs.length - d);
  inputs.set(data.inputs.subarray(0, i * d));
  inputs.set(data.inputs.subarray((i + 1) * d), i * d);
  const targets = new Float32Array(data.targets.length - 1);
  targets.set(data.targets.subarray(0, i));
  targets.set(data.targets.subarray(i + 1), i);
  return freeze({ ...data, inputs, targets, source: 'drawn' });
}

/** No points, the same kind, classes and plane. */
export function clearPoints(data) {
  return freeze({ ...data, inputs: new Float32Array(0), targets: new Float32Array(0), source: 'drawn' });
}

/** The same points with another number of classes (labels at or above it become the last class). */
export function withClasses(data, classes) {
  const targets = data.targets.map((t) => Math.min(t, classes - 1));
  return freeze({ ...data, classes, targets });
}

/** The same points on a fixed plane (the box the engine derived, so editing does not move it). */
export function withDomain(data, domain) {
  return freeze({ ...data, domain: domain.map(([lo, hi]) => [lo, hi]) });
}

/**
 * The point nearest to `coords` within `radius` (per axis, in data units; for a curve the
 * second coordinate is the value), or -1.
 */
export function nearestPoint(data, coords, radius) {
  const d = data.inputDim;
  const n = pointCount(data);
  let best = -1;
  let bestD = 1;
  for (let i = 0; i < n; i++) {
    const p = d === 2 ? [data.inputs[2 * i], data.inputs[2 * i + 1]] : [data.inputs[i], data.targets[i]];
    const dist = ((p[0] - coords[0]) / radius[0]) ** 2 + ((p[1] - coords[1]) / radius[1]) ** 2;
    if (dist <= bestD) [best, bestD] = [i, dist];
  }
  return best;
}

/** The data as createSession takes them (the page's own fields left out), checked. */
export function engineData(data) {
  const { inputs, targets, inputDim, task, classes, outputDim, domain } = data;
  return checkData({ inputs, targets, inputDim, task, ...(task === 'classification' ? { classes } : { outputDim }), ...(domain ? { domain } : {}) });
}

/** One line about a data set: points, split, classes or task, where it came from. */
export function describeData(data, info) {
  const n = pointCount(data);
  const split = info ? ` (${info.train} training, ${info.test} test)` : '';
  const what = data.task === 'classification' ? `${data.classes} classes` : data.inputDim === 1 ? 'a curve' : 'values';
  const from = data.source === 'csv' ? `, from ${data.name ? `“${data.name}”` : 'CSV'}` : data.source === 'link' ? ', from the link' : '';
  return `${n.toLocaleString('en')} point${n === 1 ? '' : 's'}${split}, ${what}, ${data.inputDim} input${data.inputDim === 1 ? '' : 's'}${from}`;
}

function freeze(o) {
  return Object.freeze(o);
}
