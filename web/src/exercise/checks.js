// Checks shared by the exercise and run formats: an object's keys, a list's length, whole and
// finite numbers, and `within`, which puts a path in front of an error's field.
import { typeError, rangeError, show, refuseUnknownKeys } from '../errors.js';
import { normalizeConfig } from '../schema.js';

/**
 * Runs `fn`, re-throwing its TypeError/RangeError with the path in front of the field it
 * names: within('start.config.', ...) turns "learningRate: ..." into
 * "start.config.learningRate: ...". With `as`, the error's own field is replaced by `as`.
 */
export function within(prefix, fn, as = null) {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof TypeError || e instanceof RangeError)) throw e;
    const E = e instanceof RangeError ? RangeError : TypeError;
    const own = typeof e.field === 'string' && e.message.startsWith(`${e.field}: `) ? e.field : null;
    const field = as ?? `${prefix}${own ?? ''}`.replace(/\.$/, '');
    const rest = own ? e.message.slice(own.length + 2) : e.message;
    const out = new E(`${field}: ${rest}`);
    out.field = field;
    throw out;
  }
}

export const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** An object with only the given keys (unknown ones refused with a hint); returns it. */
export function record(value, field, keys, required = []) {
  if (!isObject(value)) throw typeError(field, `expected an object, got ${show(value)}`);
  refuseUnknownKeys(value, field, keys);
  for (const k of required) if (value[k] === undefined) throw typeError(field ? `${field}.${k}` : k, 'is missing');
  return value;
}

export function list(value, field, max, { min = 0 } = {}) {
  if (!Array.isArray(value)) throw typeError(field, `expected a list, got ${show(value)}`);
  if (value.length > max) throw rangeError(field, `${value.length} entries is too many (allowed at most ${max})`);
  if (value.length < min) throw rangeError(field, `needs at least ${min} ${min === 1 ? 'entry' : 'entries'}`);
  return Array.from(value);  // a sparse list's holes become undefined, and are refused as such
}

export function integer(value, field, lo, hi) {
  if (typeof value !== 'number') throw typeError(field, `expected a whole number, got ${show(value)}`);
  if (!Number.isInteger(value) || value < lo || value > hi) throw rangeError(field, `${show(value)} is not a whole number from ${lo} to ${hi}`);
  return value === 0 ? 0 : value;  // (-0 is 0: a count has no sign)
}

/**
 * What an editable entry {values?, min?, max?} refuses in `v` (each entry of a list field):
 * 'values' (one not among its values), 'range' (one outside min..max), or '' (none).
 */
export function editableRefuses(entry, v) {
  const items = Array.isArray(v) ? v : [v];
  if (entry.values && !items.every((x) => entry.values.includes(x))) return 'values';
  if ((entry.min !== undefined && items.some((x) => x < entry.min)) || (entry.max !== undefined && items.some((x) => x > entry.max))) return 'range';
  return '';
}

/** A run's configuration, checked and complete (the defaults fill the rest); problems named under `field`. */
export function checkConfig(config, field, what = "the run's configuration") {
  if (!isObject(config)) throw typeError(field, `expected ${what}, got ${show(config)}`);
  return within(`${field}.`, () => normalizeConfig(config));
}

export function number(value, field, lo = -Number.MAX_VALUE, hi = Number.MAX_VALUE) {
  if (typeof value !== 'number') throw typeError(field, `expected a number, got ${show(value)}`);
  if (!Number.isFinite(value) || value < lo || value > hi) throw rangeError(field, `${show(value)} is out of range (allowed ${lo} to ${hi})`);
  return value;
}

export function boolean(value, field) {
  if (typeof value !== 'boolean') throw typeError(field, `expected true or false, got ${show(value)}`);
  return value;
}
