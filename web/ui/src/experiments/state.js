// The experiment's part of the page's link (#view=experiments&…): the instrument and its
// settings, as entries beside the configuration's fields (which are the experiment's base):
//
//   exp=map                      the instrument: race, map or phase
//   vary=depth=1..40:8           the sweep's axes, in the sweep engine's URL form (one entry per axis)
//   vary=activation=relu,tanh;init=he_normal,xavier_normal
//   steps=300&seeds=3            steps per run, runs per cell
//   show=deadFraction            what the map's colour shows
//   overlay=1                    the phase diagram's trainability layer
//   xlesson=edge-of-chaos        an experiment lesson
//
// Read leniently like every other entry: an invalid one falls back to the instrument's
// default with a warning {field, value, message}.
import { readSweepEntries, normalizeSweepSpec, axisText } from '../../../src/common.js';
import { hashValue } from '../../../src/sweep/url.js';
import { KINDS, KIND_DEFAULTS, MAP_SHOWS, defaultExperiment, axesProblem, kindMeasures } from './kinds.js';
import { experimentLessonNames } from './lessons.js';

/** The entry names the experiment uses (none is a configuration field or another page field). */
export const EXPERIMENT_KEYS = Object.freeze(['exp', 'vary', 'steps', 'seeds', 'show', 'overlay', 'xlesson']);

const clip = (s, n = 120) => (s.length > n ? `${s.slice(0, n)}…` : s);

function choice(entries, name, values, fallback, warn) {
  const e = entries.filter((x) => x.name === name).at(-1);
  if (!e) return fallback;
  if (values.includes(e.value)) return e.value;
  warn(name, e.value, `${name}: "${clip(e.value, 60)}" is not one of ${values.filter(Boolean).join(', ')}; using ${fallback || 'none'}`);
  return fallback;
}

/**
 * The experiment of a link's entries ({name, value}, decoded) on top of `config` (the page's
 * configuration, complete). Returns the experiment; problems go to warn(field, value, message).
 */
export function parseExperiment(entries, config, warn) {
  const kind = choice(entries, 'exp', KINDS, 'race', warn);
  const exp = defaultExperiment(kind);
  exp.show = choice(entries, 'show', MAP_SHOWS, 'trainLoss', warn);
  exp.overlay = choice(entries, 'overlay', ['0', '1'], '0', warn) === '1';
  exp.lesson = choice(entries, 'xlesson', ['', ...experimentLessonNames], '', warn);
  const sweepEntries = entries.filter((e) => e.name === 'vary' || e.name === 'steps' || e.name === 'seeds');
  const d = KIND_DEFAULTS[kind];
  const read = readSweepEntries(sweepEntries, { base: config, defaults: { axes: d.axes, steps: d.steps, seeds: d.seeds, measures: kindMeasures(kind, true) } });
  for (const w of read.warnings) warn(w.field, w.value, w.message);
  const problem = axesProblem(kind, read.spec.axes);
  if (problem) warn('vary', sweepEntries.filter((e) => e.name === 'vary').map((e) => e.value).join(' & '), `${problem}; using the instrument's default axes`);
  // Kept in the engine's canonical form (every value listed): what the link writes back.
  exp.axes = canonicalAxes(problem ? d.axes : read.spec.axes, config, kind);
  exp.steps = read.spec.steps;
  exp.seeds = read.spec.seeds;
  return exp;
}

/** Axes in the sweep engine's canonical form ({field, values, scale, link}); the instrument's defaults if they cannot be read on `config`. */
export function canonicalAxes(axes, config, kind) {
  try {
    return normalizeSweepSpec({ base: config, axes }).axes;
  } catch {
    return defaultExperiment(kind).axes;
  }
}

const axesText = (axes) => axes.map(axisText).join('&');

/** The link entries of an experiment, defaults left out: [[name, text], …]. */
export function experimentEntries(exp, config) {
  const d = defaultExperiment(exp.kind);
  const out = [];
  if (exp.kind !== 'race') out.push(['exp', exp.kind]);
  // The axes in the sweep engine's text form, unless they are the instrument's defaults.
  if (axesText(exp.axes) !== axesText(d.axes)) out.push(...exp.axes.map((a) => ['vary', axisText(a)]));
  if (exp.steps !== d.steps) out.push(['steps', String(exp.steps)]);
  if (exp.seeds !== d.seeds) out.push(['seeds', String(exp.seeds)]);
  if (exp.show !== 'trainLoss') out.push(['show', exp.show]);
  if (exp.overlay) out.push(['overlay', '1']);
  if (exp.lesson) out.push(['xlesson', exp.lesson]);
  return out;
}

/** The entries as hash text (`exp=map&vary=…`), values encoded for a fragment. */
export const experimentHash = (exp, config) => experimentEntries(exp, config).map(([n, v]) => `${n}=${hashValue(v)}`).join('&');
