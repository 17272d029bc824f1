// Checks shared by the exercise and run formats: an object's keys, a list's length, whole and
// finite numbers, and `within`, which puts a path in front of an error's field.
import { typeError, rangeError, show, didYouMean } from '../errors.js';

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
  for (const k of Object.keys(value))
    if (!keys.includes(k)) throw typeError(field ? `${field}.${k.slice(0, 64)}` : k.slice(0, 64), `unknown key${didYouMean(k, keys)}`);
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
  return value;
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
