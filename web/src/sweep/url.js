// The URL form of a sweep spec, so a link can carry a whole experiment:
//
//   #preset=…&hidden=8,8&activation=relu            the base: a preset and the fields that differ from it
//   &vary=depth=1..40:8&vary=activation=relu,tanh   one entry per axis, in order (text.js's form)
//   &steps=300&seeds=3&measures=trainLoss,deadFraction&target=0.1&evalEvery=10&seedMode=independent
//
// Only what differs from the spec defaults is written. Values keep the characters a URL
// fragment allows as they are (= , ; : /), so the link stays readable.
//
// Reading is lenient like the configuration's hash: every entry is checked on its own against
// the spec built so far, and one that is invalid (an unknown field, a value out of range, a
// second axis over the same field, …) is dropped with a warning {field, value, message} that
// says what was used instead; the spec returned is always valid. With {strict: true} the first
// problem throws.
import { typeError, rangeError, show } from '../errors.js';
import { fromHash, toHash, fieldText, normalizeConfig, getField } from '../schema.js';
import { getPreset, presets } from '../presets.js';
import { normalizeSweepSpec, DEFAULT_EVALUATIONS, DEFAULT_STEPS } from './spec.js';
import { parseAxisText, axisText } from './text.js';
import { DEFAULT_MEASURES } from './measures.js';

/** The names a sweep link uses besides the configuration's fields (none is a field's name). */
export const SWEEP_HASH_KEYS = Object.freeze(['vary', 'steps', 'seeds', 'measures', 'target', 'evalEvery', 'seedMode']);

const MAX_TEXT = 64 * 1024;
const MAX_AXIS_TEXT = 4096;

/** Encodes a value for a URL fragment, keeping = , ; : / readable (all allowed there). */
export const hashValue = (s) => encodeURIComponent(s).replace(/%(2C|3D|3B|3A|2F)/g, (_, c) => String.fromCharCode(parseInt(c, 16)));

/**
 * The entries of a canonical (or any valid) spec that are not the base: [[name, text], …]
 * for vary, steps, seeds, measures, target, evalEvery and seedMode, defaults left out.
 */
export function sweepHashEntries(spec) {
  const s = normalizeSweepSpec(spec);
  const out = s.axes.map((a) => ['vary', axisText(a)]);
  const presetSteps = s.preset ? presets[s.preset].steps : DEFAULT_STEPS;
  if (s.steps !== presetSteps) out.push(['steps', String(s.steps)]);
  if (s.seeds !== 1) out.push(['seeds', String(s.seeds)]);
  if (s.measures.join(',') !== DEFAULT_MEASURES.join(',')) out.push(['measures', s.measures.join(',')]);
  if (s.target !== null) out.push(['target', String(s.target)]);
  if (s.evalEvery !== null && s.evalEvery !== Math.max(1, Math.ceil(s.steps / DEFAULT_EVALUATIONS))) out.push(['evalEvery', String(s.evalEvery)]);
  if (s.seedMode !== 'shared') out.push(['seedMode', s.seedMode]);
  return out;
}

/** The link of a sweep: `#preset=…&<fields that differ from it>&vary=…&steps=…`. */
export function sweepToHash(spec) {
  const s = normalizeSweepSpec(spec);
  const parts = [];
  if (s.preset) parts.push(`preset=${hashValue(s.preset)}`);
  const base = normalizeConfig(s.preset ? getPreset(s.preset).config : {});
  for (const [name, value] of Object.entries(s.base)) {
    if (JSON.stringify(value) !== JSON.stringify(base[name])) parts.push(`${name}=${hashValue(fieldText(name, value))}`);
  }
  for (const [name, text] of sweepHashEntries(s)) parts.push(`${name}=${hashValue(text)}`);
  return `#${parts.join('&')}`;
}

const clip = (s, n = 200) => (s.length > n ? `${s.slice(0, n)}…` : s);

function splitHash(text) {
  const out = [];
  for (const part of text.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const raw = eq < 0 ? '' : part.slice(eq + 1);
    try {
      out.push({ name: decodeURIComponent(name), value: decodeURIComponent(raw.replace(/\+/g, ' ')), raw: part });
    } catch {
      out.push({ name: clip(name, 64), value: raw, raw: part, bad: true });
    }
  }
  return out;
}

const asInteger = (name, text) => {
  if (!/^\d{1,12}$/.test(text.trim())) throw typeError(name, `${show(clip(text, 60))} is not a whole number`);
  return Number(text.trim());
};

// How each non-axis entry's text becomes a spec value (the spec check does the rest).
const READERS = {
  steps: (t) => asInteger('steps', t),
  seeds: (t) => asInteger('seeds', t),
  evalEvery: (t) => asInteger('evalEvery', t),
  measures: (t) => t.split(',').map((m) => m.trim()),
  target: (t) => {
    const v = Number(t);
    if (t.trim() === '' || Number.isNaN(v)) throw typeError('target', `${show(clip(t, 60))} is not a number`);
    return v;
  },
  seedMode: (t) => t,
};

// The spec check names an axis by its place among the axes kept (`axes[1]`); the link's
// reader names it by its entry (`vary[2]`).
function renamed(err, from, to) {
  if (!err.message.startsWith(from)) return err;
  const out = new err.constructor(to + err.message.slice(from.length));
  out.field = typeof err.field === 'string' && err.field.startsWith(from) ? to + err.field.slice(from.length) : to;
  return out;
}

// Why a target is refused: its own fault (e.g. "not a loss above 0") before "only used by
// stepsToTarget", which is no reason when the link's stepsToTarget was dropped for this very target.
function targetReason(err, text) {
  try {
    normalizeSweepSpec({ measures: ['stepsToTarget'], target: READERS.target(text) });
  } catch (reason) {
    return reason;
  }
  return err;
}

// An entry's value, or undefined when its text cannot be read.
function tryRead(key, text) {
  try {
    return READERS[key](text);
  } catch {
    return undefined;
  }
}

/**
 * Reads the sweep entries of a link ({name, value} with name in SWEEP_HASH_KEYS, values
 * decoded) on top of `base` (a spec's base and preset: {base, preset}). Returns {spec, warnings}:
 * `spec` is a valid spec (normalizeSweepSpec accepts it), each entry that would make it
 * invalid left out with a warning. `defaults` ({axes, steps, seeds, …}) fill what the link does
 * not give (a page's instrument has its own measures, for instance).
 */
export function readSweepEntries(entries, { base = {}, preset = null, defaults = {}, strict = false } = {}) {
  const warnings = [];
  const fail = (field, value, error, outcome) => {
    if (strict) throw error;
    warnings.push({ field: clip(String(field), 64), value: clip(String(value)), message: outcome ? `${error.message}; ${outcome}` : error.message });
  };
  let spec = { base, ...(preset ? { preset } : {}), ...defaults };
  const accept = (candidate) => {
    normalizeSweepSpec(candidate);
    spec = candidate;
  };
  const varies = entries.filter((e) => e.name === 'vary');
  if (varies.length) {
    const kept = [];
    for (const [i, e] of varies.entries()) {
      try {
        if (e.value.length > MAX_AXIS_TEXT) throw rangeError(`vary[${i}]`, `is ${e.value.length} characters long (allowed at most ${MAX_AXIS_TEXT})`);
        const axis = parseAxisText(e.value, `vary[${i}]`);
        accept({ ...spec, axes: [...kept, axis] });
        kept.push(axis);
      } catch (err) {
        if (!(err instanceof TypeError || err instanceof RangeError)) throw err;
        fail(`vary[${i}]`, e.value, renamed(err, `axes[${kept.length}]`, `vary[${i}]`), 'this axis was left out');
      }
    }
    // An axis that did not fit is not replaced by a default one: the link's axes (the spec
    // holds them since the last one accepted), or none.
    if (!kept.length && defaults.axes) fail('vary', varies.map((e) => e.value).join(' & '), rangeError('vary', 'no axis of the link could be read'), 'using the default axes');
  }
  // One rule for a key given more than once, as for configuration fields: the last one is read.
  const last = (key) => entries.filter((e) => e.name === key).at(-1);
  for (const key of SWEEP_HASH_KEYS.slice(1)) {
    const given = entries.filter((e) => e.name === key);
    if (!given.length) continue;
    const e = given.at(-1);
    if (given.length > 1) fail(key, e.value, typeError(key, `appears ${given.length} times; only the last (${clip(e.value, 60)}) is read`));
    try {
      const value = READERS[key](e.value);
      // stepsToTarget and its target need each other: the measures are read with the link's target.
      const target = key === 'measures' && value.includes('stepsToTarget') && last('target') ? tryRead('target', last('target').value) : undefined;
      if (target !== undefined) {
        try {
          accept({ ...spec, measures: value, target });
          continue;
        } catch {
          // the target is wrong: the measures alone decide, and the target's own entry says why
        }
      }
      accept({ ...spec, [key]: value });
    } catch (err) {
      if (!(err instanceof TypeError || err instanceof RangeError)) throw err;
      const now = spec[key] ?? normalizeSweepSpec(spec)[key];
      fail(key, e.value, key === 'target' ? targetReason(err, e.value) : err, `using ${Array.isArray(now) ? now.join(',') : show(now)} instead`);
    }
  }
  return { spec, warnings };
}

/**
 * A sweep spec from its link (sweepToHash's form): {spec, warnings}. Lenient: configuration
 * entries fall back to the preset's value or the default, sweep entries are dropped (see
 * readSweepEntries); with {strict: true} the first problem throws.
 */
export function sweepFromHash(hash, { strict = false } = {}) {
  if (typeof hash !== 'string') throw typeError('hash', `expected a string, got ${show(hash)}`);
  const text = hash.replace(/^#/, '');
  const warnings = [];
  if (text.length > MAX_TEXT) {
    const e = rangeError('hash', `is ${text.length} characters long (allowed at most ${MAX_TEXT})`);
    if (strict) throw e;
    return { spec: { base: {} }, warnings: [{ field: 'hash', value: `${text.length} characters`, message: `${e.message}; nothing was read from it` }] };
  }
  const entries = splitHash(text);
  const sweepEntries = [];
  const configParts = [];
  let preset = null;
  for (const e of entries) {
    if (e.bad) {
      const err = typeError(e.name, 'malformed %-escape in the link');
      if (strict) throw err;
      warnings.push({ field: e.name, value: clip(e.value), message: `${err.message}; ignored` });
    } else if (SWEEP_HASH_KEYS.includes(e.name)) sweepEntries.push(e);
    else if (e.name === 'preset') {
      try {
        preset = getPreset(e.value).name;
      } catch (err) {
        if (strict) throw err;
        warnings.push({ field: 'preset', value: clip(e.value), message: `${err.message}; using no preset` });
      }
    } else configParts.push(e.raw);
  }
  const parsed = fromHash(configParts.join('&'), { strict, base: preset ? getPreset(preset).config : undefined });
  warnings.push(...parsed.warnings);
  const base = {};
  const presetConfig = normalizeConfig(preset ? getPreset(preset).config : {});
  for (const [name, value] of Object.entries(parsed.config)) {
    if (getField(name) && JSON.stringify(value) !== JSON.stringify(presetConfig[name])) base[name] = value;
  }
  const read = readSweepEntries(sweepEntries, { base, preset, strict });
  return { spec: read.spec, warnings: [...warnings, ...read.warnings] };
}
