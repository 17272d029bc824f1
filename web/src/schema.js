// The configuration schema, as the engine defines it (core/config.cpp → web/dist/schema.js,
// generated at build time). This module drives defaults, per-field validation and the
// text forms (URL hash, CLI flags, the engine's query). Rules that involve several fields
// (batch size vs. training set, loss vs. output activation, ...) belong to the engine:
// `gradlab.check(config)` and session creation surface them with the same error classes.
// Beside the fields, the schema carries the engine's other facts (limits, the data domain,
// unit-state names, activations with their parameters, feature labels, when each field applies).
import schemaData from '../dist/schema.js';
import { typeError, rangeError, show, didYouMean, checkOptionKeys, escapeUnsafe } from './errors.js';

export const schema = deepFreeze(schemaData);
export const fields = schema.fields;
export const fieldNames = fields.map((f) => f.name);
const byName = new Map(fields.map((f) => [f.name, f]));

/** The field description for a name, or undefined. */
export function getField(name) {
  return typeof name === 'string' ? byName.get(name) : undefined;
}

// The field named `name`; else a TypeError naming what was given, with a "did you mean".
function knownField(name) {
  const f = getField(name);
  if (f) return f;
  if (typeof name !== 'string') throw typeError('name', `expected a field name, got ${show(name)}`);
  throw typeError(name.slice(0, 64), `unknown field${didYouMean(name, fieldNames)}`);
}

// ---- engine facts beside the fields --------------------------------------------------------

/** Every numeric limit the engine enforces beyond the fields' own ranges (`maxDepth`, `maxWidth`, ...). */
export const limits = schema.limits;

const ACTIVATIONS = 'activations';  // the rules' pseudo-field: any hidden activation in use

/**
 * The hidden activations a configuration uses: `layerActivations` when it is not empty,
 * else `[activation]` (missing fields read as their defaults), each once.
 */
export function activationsInUse(config = {}) {
  const valueOf = (name) => config?.[name] ?? byName.get(name).default;
  const layers = valueOf('layerActivations');
  return [...new Set(Array.isArray(layers) && layers.length ? layers : [valueOf('activation')])];
}

/** The fields an activation reads (e.g. `["leakySlope"]` for leaky_relu); its aliases are accepted. */
export function activationParams(activation) {
  const f = byName.get('activation');
  // Only a string is looked up: Object.hasOwn turns ['silu'] into "silu", which found swish.
  const name = typeof activation === 'string' && Object.hasOwn(f.aliases ?? {}, activation) ? f.aliases[activation] : activation;
  if (typeof name !== 'string' || !Object.hasOwn(schema.activations, name))
    throw rangeError('activation', `${show(activation)} is not one of ${f.values.join(', ')}`);
  return schema.activations[name].params;
}

/**
 * Whether a field has an effect on a run of this configuration: its `when` rule from the
 * engine (every key must hold one of the listed values; missing fields read as their
 * defaults). A field that does not apply is still validated, but changing it changes nothing.
 */
export function fieldApplies(name, config = {}) {
  const f = knownField(name);
  if (!f.when) return true;
  return Object.entries(f.when).every(([key, allowed]) => key === ACTIVATIONS
    ? activationsInUse(config).some((a) => allowed.includes(a))
    : allowed.includes(config?.[key] ?? byName.get(key).default));
}

/** A fresh, complete configuration holding every default. */
export function defaults() {
  const c = {};
  for (const f of fields) c[f.name] = Array.isArray(f.default) ? [...f.default] : f.default;
  return c;
}

const isList = (f) => f.kind === 'int_list' || f.kind === 'enum_list' || f.kind === 'enum_set';

function checkNumber(f, v, label, integer) {
  if (typeof v !== 'number') throw typeError(label, `expected ${integer ? 'an integer' : 'a number'}, got ${show(v)}`);
  const allowed = `${integer ? 'integers ' : ''}${f.min} to ${f.max}`;
  if (!Number.isFinite(v)) throw rangeError(label, `${v} is not a finite number (allowed ${allowed})`);
  if (integer && !Number.isInteger(v)) throw rangeError(label, `${v} is not an integer (allowed ${allowed})`);
  if (v < f.min || v > f.max) throw rangeError(label, `${v} is out of range (allowed ${allowed})`);
  return v;
}

function checkEnum(f, v, label) {
  if (typeof v !== 'string') throw typeError(label, `expected one of ${f.values.join(', ')}, got ${show(v)}`);
  if (!f.values.includes(v)) throw rangeError(label, `${show(v)} is not one of ${f.values.join(', ')}${didYouMean(v, f.values)}`);
  return v;
}

/**
 * Checks one field's value and returns it (lists copied). Throws TypeError for the wrong
 * kind of value, RangeError for a value outside what the field allows.
 */
export function validateField(name, value) {
  const f = knownField(name);
  switch (f.kind) {
    case 'number': return checkNumber(f, value, f.name, false);
    case 'integer': return checkNumber(f, value, f.name, true);
    case 'enum': return checkEnum(f, value, f.name);
    default: {
      const example = f.kind === 'int_list' ? '[8, 8]' : `["${f.values[0]}"]`;
      if (!Array.isArray(value)) throw typeError(f.name, `expected an array such as ${example}, got ${show(value)}`);
      if (value.length > f.maxLength) throw rangeError(f.name, `${value.length} entries is too many (allowed at most ${f.maxLength})`);
      // Array.from, not map: map skips the holes of a sparse array, which would pass unchecked.
      const out = Array.from(value, (v, i) => f.kind === 'int_list' ? checkNumber(f, v, `${f.name}[${i}]`, true) : checkEnum(f, v, `${f.name}[${i}]`));
      if (f.kind === 'enum_set') {
        const dup = out.find((v, i) => out.indexOf(v) !== i);
        if (dup !== undefined) throw rangeError(f.name, `lists ${show(dup)} twice`);
      }
      return out;
    }
  }
}

/**
 * A complete, checked configuration from a partial one (missing fields take `base`'s values,
 * the defaults unless given). Unknown keys are rejected with a "did you mean" hint.
 */
export function normalizeConfig(partial = {}, base = undefined) {
  if (partial === null || typeof partial !== 'object' || Array.isArray(partial))
    throw typeError('config', `expected an object of settings, got ${show(partial)}`);
  const out = base ? normalizeConfig(base) : defaults();
  for (const key of Object.keys(partial)) {
    if (partial[key] === undefined && getField(key)) continue;  // a field left undefined keeps its value
    out[key] = validateField(key, partial[key]);  // throws for unknown keys, whatever their value
  }
  return out;
}

/** True when the value equals the field's default. */
export function isDefault(name, value) {
  const f = getField(name);
  if (!f) return false;
  return isList(f) ? Array.isArray(value) && value.join(',') === f.default.join(',') : value === f.default;
}

// ---- text forms --------------------------------------------------------------------------

// Each digit can be matched in only one way: "\d+\.?\d*" (digits split between two
// quantifiers) made refusing a long run of digits quadratic, a page frozen by a pasted link.
const NUMBER_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses the text form of one field ("0.03", "relu", "8,8,8", "" for an empty list) into
 * its value and checks it. Used by the URL hash, the CLI flags and the engine's query.
 */
export function parseFieldText(name, text) {
  const f = knownField(name);
  if (typeof text !== 'string') throw typeError(f.name, `expected text, got ${show(text)}`);
  const num = (t, label) => {
    if (!NUMBER_TEXT.test(t)) throw typeError(label, `${show(t)} is not a number`);
    return Number(t);
  };
  if (f.kind === 'number' || f.kind === 'integer') return validateField(f.name, num(text.trim(), f.name));
  if (f.kind === 'enum') return validateField(f.name, text.trim());
  const items = text.trim() === '' ? [] : text.split(',').map((t) => t.trim());
  if (items.length > f.maxLength) throw rangeError(f.name, `${items.length} entries is too many (allowed at most ${f.maxLength})`);
  return validateField(f.name, f.kind === 'int_list' ? items.map((t, i) => num(t, `${f.name}[${i}]`)) : items);
}

/** The text form of one value (lists comma-separated); numbers in their shortest exact form. */
export function fieldText(name, value) {
  return Array.isArray(value) ? value.join(',') : String(value);
}

/** The engine's text form of a complete configuration: "name=value&..." with every field. */
export function toQuery(config) {
  const c = normalizeConfig(config);
  return fields.map((f) => `${f.name}=${fieldText(f.name, c[f.name])}`).join('&');
}

/** Splits "a=1&b=2" into [name, value] pairs, decoding %-escapes when asked. */
function pairs(text, decode) {
  const out = [];
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    let name = eq < 0 ? part : part.slice(0, eq);
    let value = eq < 0 ? '' : part.slice(eq + 1);
    if (decode) {
      try {
        // A fragment is not form-encoded: '+' stays '+' (as in "1e+5").
        name = decodeURIComponent(name);
        value = decodeURIComponent(value);
      } catch {
        out.push({ name: name.slice(0, 64), value, error: typeError(name.slice(0, 64), 'malformed %-escape in the link') });
        continue;
      }
    }
    out.push({ name, value });
  }
  return out;
}

const MAX_TEXT = 64 * 1024;  // a hash longer than this is not a GradLab link
// A GradLab link holds at most one entry per field (plus the page's own): far fewer than this.
const MAX_ENTRIES = 512;
// Listed one by one up to this many; past it a single warning counts the rest, so a hostile
// link cannot make a reader build (and a page show) thousands of notices.
const MAX_WARNINGS = 50;
// "Did you mean" compares a name with every field (edit distance): done for the first few
// unknown names only, which keeps a link full of unknown names cheap to read.
const MAX_HINTS = 8;

/** The text form of a value a reader falls back to, for "using … instead". */
const fallbackText = (name, value) => fieldText(name, value) || '(none)';

function parseEntries(text, { strict = false, decode = true, base } = {}) {
  if (typeof text !== 'string') throw typeError('hash', `expected a string, got ${show(text)}`);
  const fallback = base === undefined ? defaults() : checkedBase(base);
  const config = structuredClone(fallback);
  const warnings = [];
  let unlisted = 0;
  const fail = (field, value, error, outcome) => {
    if (strict) throw error;
    if (warnings.length >= MAX_WARNINGS) unlisted++;
    else warnings.push({ field, value: String(value).slice(0, 200), message: outcome ? `${error.message}; ${outcome}` : error.message });
  };
  if (text.length > MAX_TEXT) {
    fail('hash', `${text.length} characters`, rangeError('hash', `is ${text.length} characters long (allowed at most ${MAX_TEXT})`), 'nothing was read from it');
    return { config, warnings };
  }
  const entries = pairs(text, decode);
  if (entries.length > MAX_ENTRIES) {
    fail('hash', `${entries.length} entries`, rangeError('hash', `has ${entries.length} entries (allowed at most ${MAX_ENTRIES})`), 'nothing was read from it');
    return { config, warnings };
  }
  // One rule for a name given more than once: only its last occurrence is read.
  const last = new Map();
  const times = new Map();
  entries.forEach(({ name }, i) => {
    last.set(name, i);
    times.set(name, (times.get(name) ?? 0) + 1);
  });
  let hints = 0;
  entries.forEach(({ name, value, error }, i) => {
    if (error) return fail(name, value, error);
    if (last.get(name) !== i) return undefined;
    const known = getField(name);
    if (!known) {
      const hint = hints++ < MAX_HINTS ? didYouMean(name, fieldNames) : '';
      return fail(name.slice(0, 64), value, typeError(name.slice(0, 64), `unknown field${hint}`), 'ignored');
    }
    if (times.get(name) > 1) fail(name, value, typeError(name, `appears ${times.get(name)} times; only the last (${show(value)}) is read`));
    try {
      config[name] = parseFieldText(name, value);
    } catch (e) {
      fail(name, value, e, `using ${fallbackText(name, fallback[name])} instead`);
    }
    return undefined;
  });
  if (unlisted) warnings.push({ field: 'hash', value: `${unlisted} more`, message: `hash: ${unlisted} more entries could not be read (not listed one by one)` });
  return { config, warnings };
}

// The configuration a reader falls back to: complete, every field valid; a bad base is the
// caller's mistake and is refused with the field named as base.<name>.
export function checkedBase(base) {
  try {
    return normalizeConfig(base);
  } catch (e) {
    if (typeof e?.field !== 'string') throw e;  // not a refusal of ours: a getter of the caller's threw
    const field = e.field === 'config' ? 'base' : `base.${e.field}`;
    const err = new e.constructor(`${field}${e.message.slice(String(e.field).length)}`);
    err.field = field;
    throw err;
  }
}

/**
 * Reads a URL hash ("#learningRate=0.1&hidden=8,8"). Lenient (default): an invalid entry
 * leaves the field at `base`'s value (the defaults unless given), an unknown one is ignored,
 * and each is reported in `warnings` with what was done; it never throws on a string.
 * A name given more than once: only the last occurrence is read (with a warning).
 * Strict: the first problem throws TypeError/RangeError.
 */
export function fromHash(hash, options = undefined) {
  const { strict = false, base } = checkOptionKeys('options', options, ['strict', 'base']);
  const text = typeof hash === 'string' ? hash.replace(/^#/, '') : hash;
  return parseEntries(text, { strict, decode: true, base });
}

/** The URL hash of a configuration, holding only the fields that differ from the defaults. */
export function toHash(config) {
  const c = normalizeConfig(config);
  const enc = (s) => encodeURIComponent(s).replace(/%2C/g, ',');
  const parts = fields.filter((f) => !isDefault(f.name, c[f.name])).map((f) => `${f.name}=${enc(fieldText(f.name, c[f.name]))}`);
  return `#${parts.join('&')}`;
}

/** Reads the engine's text form (as `session.configQuery` gives it); strict by default. */
export function fromQuery(query, { strict = true } = {}) {
  return parseEntries(query, { strict, decode: false });
}

/** JSON text of a configuration (complete, checked). */
export function configToJSON(config) {
  return JSON.stringify(normalizeConfig(config));
}

/** A checked configuration from JSON text or an already-parsed object. */
export function configFromJSON(json) {
  return normalizeConfig(parseJSON(json, 'config'));
}

/** JSON text parsed (any other value passed through); a TypeError naming `field` if it is not JSON. */
export function parseJSON(json, field) {
  if (typeof json !== 'string') return json;
  try {
    return JSON.parse(json);
  } catch (e) {
    // (the parser's message quotes the text, which may hold anything: escaped to stay one safe line)
    throw typeError(field, `is not valid JSON (${escapeUnsafe(e.message)})`);
  }
}

/** Freezes an object and everything it holds (the schema, the presets). */
export function deepFreeze(o) {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
