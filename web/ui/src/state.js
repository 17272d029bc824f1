// The page's state in one table, as tensorflow/playground's state.ts does it: the engine's
// configuration fields (their table is the engine's schema), the page's own fields below,
// and run B's changed knobs (prefix "b.") for the A/B comparison. The same table reads and
// writes the URL hash, the embed URL and the custom element's attributes.
//
// A lesson (preset) is the base: a hash holds the preset's name and only the fields that
// differ from it, e.g. #preset=dying-relu-high-lr&activation=leaky_relu.
import { fromHash, getField, fieldText, normalizeConfig, presets, presetNames, encodeData, decodeData } from '../../src/common.js';
import { EXPERIMENT_KEYS, parseExperiment, experimentHash } from './experiments/state.js';
import { engineData, notYet } from './data-set.js';

/** The hash entry that carries the learner's own points (data-link.js's text). */
export const DATA_ENTRY = 'data';

/** The page's own fields. */
export const UI_FIELDS = Object.freeze([
  { name: 'preset', kind: 'enum', values: ['', ...presetNames], default: '', help: 'lesson' },
  { name: 'step', kind: 'integer', min: 0, max: 1000000, default: 0, help: 'replay to this step when the link opens' },
  { name: 'speed', kind: 'enum', values: ['1', '2', '5', '10', '20', '50', '100', '200', '500'], default: '5', help: 'steps per frame' },
  { name: 'compare', kind: 'enum', values: ['0', '1'], default: '0', help: 'A/B comparison' },
  { name: 'edges', kind: 'enum', values: ['weight', 'gradient'], default: 'weight', help: 'what colours the edges of the network diagram' },
  { name: 'hist', kind: 'enum', values: ['act', 'pre', 'grad'], default: 'act', help: 'which distribution the histograms show' },
  { name: 'heat', kind: 'enum', values: ['gradZRms', 'gradWNorm'], default: 'gradZRms', help: 'which gradient the layer × time heatmap shows' },
  { name: 'theme', kind: 'enum', values: ['auto', 'light', 'dark'], default: 'auto', help: 'colour theme' },
  { name: 'view', kind: 'enum', values: ['playground', 'experiments'], default: 'playground', help: 'the page\'s mode: one run, or experiments of many runs' },
]);
const UI = new Map(UI_FIELDS.map((f) => [f.name, f]));

/** Knobs run B may not change: A and B always share the data and the seed. */
export const SHARED_FIELDS = Object.freeze(new Set(['dataset', 'target1d', 'numPoints', 'noise', 'trainFraction', 'classes', 'inputDim', 'features', 'dataSeed', 'seed']));

export function uiDefaults() {
  return Object.fromEntries(UI_FIELDS.map((f) => [f.name, f.default]));
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const clip = (s, n = 120) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** The lesson's configuration (complete), or the defaults. */
export function baseConfig(preset) {
  return normalizeConfig(preset && Object.hasOwn(presets, preset) ? presets[preset].config : {});
}

/** Reads one page field's text; throws RangeError with a readable message. */
export function parseUiField(name, text) {
  const f = UI.get(name);
  if (f.kind === 'enum') {
    if (!f.values.includes(text)) throw new RangeError(`${name}: "${clip(text, 60)}" is not one of ${f.values.filter(Boolean).join(', ')}`);
    return text;
  }
  if (!/^\d+$/.test(text)) throw new RangeError(`${name}: "${clip(text, 60)}" is not a whole number`);
  const v = Number(text);
  if (v < f.min || v > f.max) throw new RangeError(`${name}: ${text.length <= 16 ? v : `"${clip(text, 57)}"`} is out of range (allowed ${f.min} to ${f.max})`);
  return v;
}

function splitEntries(text) {
  const out = [];
  for (const part of text.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const rawName = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    let name = rawName;
    let value = rawValue;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      out.push({ name: clip(rawName, 64), value: rawValue, bad: true });
      continue;
    }
    out.push({ name, value, rawName, rawValue });
  }
  return out;
}

/**
 * Parses a hash (or embed query). Never throws on a string: every invalid or unknown entry
 * falls back (to the lesson's value, then the default) and becomes a warning
 * {field, value, message}. Returns {config, b, ui, warnings}; `b` holds run B's knobs.
 */
export function parseState(hash) {
  const text = typeof hash === 'string' ? hash.replace(/^#/, '') : '';
  const warnings = [];
  const ui = uiDefaults();
  const warn = (field, value, message) => warnings.push({ field: clip(String(field), 64), value: clip(String(value), 200), message: clip(String(message), 300) });
  if (text.length > 64 * 1024) {
    warn('hash', `${text.length} characters`, 'the link is too long to be a GradLab link; using the defaults');
    return { config: baseConfig(''), b: {}, ui, warnings };
  }
  const entries = splitEntries(text);
  const configParts = [];
  const bEntries = [];
  let data = null;
  const experimentParts = [];
  for (const e of entries) {
    if (e.bad) {
      warn(e.name, e.value, `${e.name}: malformed %-escape in the link`);
      continue;
    }
    if (e.name === DATA_ENTRY) {
      data = readData(e.value, warn);
    } else if (UI.has(e.name)) {
      try {
        ui[e.name] = parseUiField(e.name, e.value);
      } catch (err) {
        warn(e.name, e.value, `${err.message}; using the default`);
      }
    } else if (e.name.startsWith('b.')) {
      bEntries.push(e);
    } else if (EXPERIMENT_KEYS.includes(e.name)) {
      experimentParts.push(e);
    } else {
      configParts.push(e);
    }
  }
  // The API's lenient reader reads every configuration field, falling back to the lesson.
  const parsed = fromHash(configParts.map((e) => `${e.rawName}=${e.rawValue}`).join('&'), { base: baseConfig(ui.preset) });
  for (const w of parsed.warnings) warn(w.field, w.value, w.message);
  const config = parsed.config;
  const b = {};
  for (const e of bEntries) {
    const name = e.name.slice(2);
    if (!getField(name)) {
      warn(e.name, e.value, `${clip(e.name, 64)}: unknown field; ignored`);
      continue;
    }
    if (SHARED_FIELDS.has(name)) {
      warn(e.name, e.value, `${name}: runs A and B share the data and the seed, so B cannot change it; ignored`);
      continue;
    }
    const one = fromHash(`${encodeURIComponent(name)}=${e.rawValue}`);
    if (one.warnings.length) warn(e.name, e.value, `B's ${one.warnings[0].message}; ignored`);
    else b[name] = one.config[name];
  }
  // The experiment (its base is the configuration above): see experiments/state.js.
  const experiment = parseExperiment(experimentParts, config, warn);
  return { config, b, ui, experiment, warnings, data };
}

// The learner's points from a link's data entry, or null with a warning saying why not.
function readData(text, warn) {
  try {
    const d = decodeData(text);
    return Object.freeze({ ...d, classes: d.classes ?? 0, outputDim: d.outputDim ?? 1, source: 'link' });
  } catch (e) {
    warn(DATA_ENTRY, `${text.length} characters`, `${e.message}; the link's own points cannot be used`);
    return null;
  }
}

/**
 * The link text of the learner's points when the run trains on them (dataset custom, enough
 * points), else ''.
 */
export function dataText(config, data) {
  if (config?.dataset !== 'custom' || !data || notYet(data)) return '';
  // the points are immutable: encode each set once, not at every change of the state
  if (!linkTexts.has(data)) {
    let text = '';
    try {
      text = encodeData(engineData(data));
    } catch {
      // points the engine refuses have no link text
    }
    linkTexts.set(data, text);
  }
  return linkTexts.get(data);
}
const linkTexts = new WeakMap();

const enc = (s) => encodeURIComponent(s).replace(/%2C/g, ',');

/**
 * The hash of a state: the lesson, the fields that differ from it, B's knobs, page fields, in
 * the experiments view the experiment and, when the run trains on them, the learner's points
 * (last, as they are the longest part) unless `withData` is false.
 */
export function stateToHash({ config, b = {}, ui = {}, experiment = null, data = null }, { withData = true } = {}) {
  const u = { ...uiDefaults(), ...ui };
  const parts = [];
  if (u.preset) parts.push(`preset=${enc(u.preset)}`);
  const base = baseConfig(u.preset);
  const c = normalizeConfig(config);
  for (const [name, value] of Object.entries(c)) {
    if (!same(value, base[name])) parts.push(`${name}=${enc(fieldText(name, value))}`);
  }
  if (u.compare === '1') {
    for (const [name, value] of Object.entries(b)) {
      if (!same(value, c[name])) parts.push(`b.${name}=${enc(fieldText(name, value))}`);
    }
  }
  for (const f of UI_FIELDS) {
    if (f.name === 'preset') continue;
    if (u[f.name] !== f.default) parts.push(`${f.name}=${enc(String(u[f.name]))}`);
  }
  if (u.view === 'experiments' && experiment) {
    const x = experimentHash(experiment, c);
    if (x) parts.push(x);
  }
  const own = withData ? dataText(config, data) : '';
  if (own) parts.push(`${DATA_ENTRY}=${own}`);
  return `#${parts.join('&')}`;
}

/** B's full configuration: A's, with B's knobs. */
export function configB(config, b) {
  const out = { ...config };
  for (const [k, v] of Object.entries(b)) if (!SHARED_FIELDS.has(k)) out[k] = v;
  return out;
}
