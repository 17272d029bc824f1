// fast-check generators for GradLab's inputs, derived from the engine's schema (never from a
// hand-written list of fields), so a field added to core/config.cpp is covered automatically.
//
//  * validValue(f)      a value the field accepts: both ends of its range, 0 and -0 where
//                       allowed, subnormals, log-spread values for log-scale fields, random
//                       integers up to 2^32 - 1, lists up to their maximum length.
//  * invalidValue(f)    {value, E}: a value the field refuses and the error class the API
//                       documents for it (TypeError: wrong kind; RangeError: outside what is
//                       allowed). Includes NaN/±Infinity, ±Number.MAX_VALUE, huge and sparse
//                       arrays, markup, case variants, bigint, objects.
//  * unknownKey         keys that are not fields, including Object.prototype's own names.
//  * hashText           URL hashes: garbage, %-escapes (valid and broken), repeated keys,
//                       markup, very long and numeric-looking values.
//  * argvFor / flagPairs CLI argument lists.
import fc from 'fast-check';
import { fields, fieldNames, getField, fieldText } from '../../../web/src/node.js';

export { fc };

// Names every object has through its prototype: the classic way for `name in obj` or
// `obj[name]` to accept a key nobody defined.
export const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', 'prototype'];
export const MARKUP = ['<img src=x onerror=alert(1)>', '"><script>alert(1)</script>', "javascript:alert('x')", '</textarea><svg onload=alert(1)>', '{{constructor.constructor("alert(1)")()}}'];

// learningRate <-> learning-rate: the two spellings the CLI accepts for a flag.
export const kebab = (s) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
export const camel = (s) => s.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());

// ---- valid values ------------------------------------------------------------------------------

function validNumber(f, lo = f.min, hi = f.max) {
  const arbs = [fc.constantFrom(lo, hi), fc.double({ min: lo, max: hi, noNaN: true })];
  if (f.default >= lo && f.default <= hi) arbs.push(fc.constant(f.default));
  if (f.logScale) arbs.push(fc.double({ min: Math.log10(lo), max: Math.log10(hi), noNaN: true }).map((e) => Math.min(hi, Math.max(lo, 10 ** e))));
  if (lo <= 0 && hi >= 0) arbs.push(fc.constantFrom(0, -0, 5e-324, 1e-300, ...(lo < 0 ? [-5e-324] : [])));
  return fc.oneof(...arbs);
}

function validInteger(f, lo = f.min, hi = f.max) {
  return fc.oneof(fc.constantFrom(lo, hi), fc.bigInt({ min: BigInt(lo), max: BigInt(hi) }).map(Number), fc.integer({ min: lo, max: Math.min(hi, lo + 8) }));
}

/**
 * A value field `f` accepts. `limits` narrows sizes for properties that must also train the
 * configuration quickly: {numPoints: [lo, hi], inputDim: [lo, hi], width: [lo, hi], depth, batchSize: [lo, hi]}.
 */
export function validValue(f, limits = {}) {
  switch (f.kind) {
    case 'number': return validNumber(f);
    case 'integer': {
      const r = limits[f.name];
      return r ? validInteger(f, r[0], r[1]) : validInteger(f);
    }
    case 'enum': return fc.constantFrom(...(limits.enums?.[f.name] ?? f.values));
    case 'int_list': {
      const [lo, hi] = limits.width ?? [f.min, f.max];
      return fc.array(validInteger(f, lo, hi), { maxLength: limits.depth ?? f.maxLength, size: 'medium' });
    }
    case 'enum_list': return fc.array(fc.constantFrom(...f.values), { maxLength: limits.depth ?? f.maxLength });
    case 'enum_set': return fc.shuffledSubarray(f.values);
    default: throw new Error(`unknown kind ${f.kind}`);
  }
}

/** A partial configuration: any subset of the fields, each with a valid value. */
export function validPartial(limits = {}) {
  return fc.record(Object.fromEntries(fields.map((f) => [f.name, validValue(f, limits)])), { requiredKeys: [] });
}

// ---- invalid values ----------------------------------------------------------------------------

const wrongTypeCommon = [fc.boolean(), fc.constant(null), fc.bigInt(), fc.object({ maxDepth: 1 }), fc.date(), fc.constant(Symbol('x')), fc.constant(() => 1)];
const numericStrings = fc.oneof(fc.constantFrom('0.1', '1e-3', '8', ' 8 ', '', 'NaN', 'Infinity'), fc.double().map(String));

function outOfRange(f) {
  const integer = f.kind === 'integer' || f.kind === 'int_list';
  const above = fc.oneof(fc.constantFrom(Number.MAX_VALUE, 1e308, f.max + 1, f.max * 2 + 1), fc.double({ min: f.max, noNaN: true, noDefaultInfinity: true }).filter((v) => v > f.max));
  const below = fc.oneof(fc.constantFrom(-Number.MAX_VALUE, -1e308, f.min - 1), fc.double({ max: f.min, noNaN: true, noDefaultInfinity: true }).filter((v) => v < f.min));
  const arbs = [above, below, fc.constantFrom(NaN, Infinity, -Infinity)];
  if (integer) arbs.push(fc.double({ min: f.min, max: f.max, noNaN: true }).filter((v) => !Number.isInteger(v)));
  return fc.oneof(...arbs);
}

function badEnumString(f) {
  return fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.constantFrom(...MARKUP, '', ' ', ...f.values.map((v) => v.toUpperCase()), ...f.values.map((v) => ` ${v}`)),
    fc.string({ unit: 'binary', maxLength: 10 }),
  ).filter((s) => !f.values.includes(s));
}

/** A list of valid elements with one element replaced by `bad` at a random index. */
function listWithBad(f, bad) {
  const elem = f.kind === 'int_list' ? validInteger(f) : fc.constantFrom(...f.values);
  return fc.tuple(fc.array(elem, { minLength: 1, maxLength: f.maxLength }), fc.nat(), bad).map(([a, i, b]) => {
    const out = [...a];
    out[i % out.length] = b;
    return out;
  });
}

/** {value, E}: a value field `f` refuses, with the error class the API documents for it. */
export function invalidValue(f) {
  const T = (arb) => arb.map((value) => ({ value, E: TypeError }));
  const R = (arb) => arb.map((value) => ({ value, E: RangeError }));
  switch (f.kind) {
    case 'number':
    case 'integer':
      return fc.oneof(T(fc.oneof(numericStrings, fc.array(fc.integer(), { maxLength: 2 }), ...wrongTypeCommon)), R(outOfRange(f)));
    case 'enum':
      return fc.oneof(T(fc.oneof(fc.integer(), fc.constant([f.values[0]]), ...wrongTypeCommon)), R(badEnumString(f)));
    default: {
      const elem = f.kind === 'int_list' ? validInteger(f) : fc.constantFrom(...f.values);
      const arbs = [
        T(fc.oneof(fc.constant(f.kind === 'int_list' ? '8,8' : f.values[0]), fc.integer(), fc.constant(Int32Array.of(4)), ...wrongTypeCommon)),
        // Huge arrays: refused by their length before any element is looked at.
        R(fc.tuple(fc.integer({ min: f.maxLength + 1, max: 1_000_000 }), elem).map(([n, v]) => new Array(n).fill(v))),
        // One wrong element: the wrong kind, or (int_list) out of range / not an integer.
        T(listWithBad(f, f.kind === 'int_list' ? fc.oneof(numericStrings, fc.constant(null), fc.boolean()) : fc.oneof(fc.integer(), fc.constant(null)))),
        R(listWithBad(f, f.kind === 'int_list' ? outOfRange(f) : badEnumString(f))),
        // A hole (sparse array) is an element that is not there: `undefined`, the wrong kind.
        T(fc.tuple(fc.array(elem, { minLength: 1, maxLength: f.maxLength }), fc.nat()).map(([a, i]) => {
          const out = [...a];
          delete out[i % out.length];
          return out;
        })),
      ];
      if (f.kind === 'enum_set') arbs.push(R(fc.tuple(fc.shuffledSubarray(f.values, { minLength: 1 }), fc.nat()).map(([a, i]) => [...a, a[i % a.length]])));
      return fc.oneof(...arbs);
    }
  }
}

/** Keys that are not fields (a TypeError with a hint): random text, near-misses, prototype names. */
export const unknownKey = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.constantFrom(...PROTOTYPE_NAMES, '', ' ', 'learningrate', 'Hidden', 'hidden ', ...MARKUP),
  fc.constantFrom(...fieldNames).map(kebab),
).filter((k) => !getField(k));

/** Defines an own, enumerable property even for "__proto__" (plain assignment would set the prototype). */
export function objectFrom(entries) {
  const o = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

// ---- text: URL hashes ----------------------------------------------------------------------------

const utf8Percent = (s) => Array.from(new TextEncoder().encode(s), (b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('');

/** The text of a valid value of a random field, as toHash would write it (before encoding). */
export const validText = fc.constantFrom(...fields).chain((f) => validValue(f).map((v) => ({ f, text: fieldText(f.name, v) })));

/** Values that are long: repeated chunks up to 70,000 characters (the hash limit is 65,536). */
const longText = fc.tuple(fc.constantFrom('1', '9', '12', '0.', '1e', 'e', '-', 'a', '%', ',', '8,', 'x1,'), fc.integer({ min: 500, max: 70_000 }), fc.constantFrom('', 'x', '.', 'e', '-', ','))
  .map(([chunk, n, tail]) => chunk.repeat(Math.ceil(n / chunk.length)).slice(0, n) + tail);

const hashValue = fc.oneof(
  { weight: 4, arbitrary: validText.map((v) => v.text) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom(...MARKUP, '%', '%Z', '%E0%A4', '%ED%A0%80', '%00', '%25', '1e+5', '+1', '0x10', '1_000', '١٢') },
  { weight: 1, arbitrary: longText },
);
const hashName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...fieldNames) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES, ...fieldNames.map(kebab), ...fieldNames.map((n) => n.toLowerCase())) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
// One entry: name=value, optionally %-encoded in part or whole, or a bare name, or just junk.
const hashEntry = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(hashName, hashValue, fc.constantFrom('plain', 'uri', 'all')).map(([n, v, enc]) => enc === 'plain' ? `${n}=${v}` : enc === 'uri' ? `${encodeURIComponent(n)}=${encodeURIComponent(v.length > 2000 ? v.slice(0, 2000) : v)}` : `${utf8Percent(n)}=${utf8Percent(v.slice(0, 500))}`) },
  { weight: 1, arbitrary: hashName },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);

// Entries a strict reader accepts (field=valid text, %-encoded as toHash would), possibly repeated.
const validEntries = fc.array(validText, { maxLength: 8 }).map((es) => `#${es.map(({ f, text }) => `${f.name}=${encodeURIComponent(text).replace(/%2C/g, ',')}`).join('&')}`);

/** URL hashes: structured (entries, repeated keys, separators), mostly valid ones, or plain garbage. */
export const hashText = fc.oneof(
  { weight: 3, arbitrary: validEntries },
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom('#', '', '##'), fc.array(hashEntry, { maxLength: 12 }), fc.constantFrom('&', '&&', '&amp;', ';')).map(([p, es, sep]) => p + es.join(sep)) },
  { weight: 2, arbitrary: fc.string({ maxLength: 200 }).map((s) => `#${s}`) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: longText.map((s) => `#learningRate=${s}`) },
);

// ---- text: CLI ---------------------------------------------------------------------------------

export const RUN_SWITCHES = ['weights', 'quiet', 'help'];
export const RUN_VALUED = ['preset', 'steps', 'every', 'out', 'csv', 'simd'];

/** A flag name as typed: a field (camelCase or kebab-case), a run option, or an unknown name. */
const flagName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...fieldNames).chain((n) => fc.constantFrom(n, kebab(n))) },
  { weight: 2, arbitrary: fc.constantFrom(...RUN_VALUED, ...RUN_SWITCHES) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES) },
  { weight: 1, arbitrary: fc.oneof(fc.string({ minLength: 1, maxLength: 15 }), fc.constantFrom('lerning-rate', 'Hidden', 'x\ny', 'a b')) },
);
const flagValue = fc.oneof(
  { weight: 4, arbitrary: validText.map((v) => v.text) },
  { weight: 1, arbitrary: fc.constantFrom('1000', '0', '-5', 'true', 'false', 'auto', 'dying-relu-high-lr', 'vanishing-sigmoid', 'nope', '', '--', '-h', 'x\ny', ...MARKUP) },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
);

/**
 * Flag pairs {name, style, value}: style 'sep' (--name value), 'eq' (--name=value) or
 * 'switch' (--name, only for the run switches, which take no separate value). Built as
 * pairs so a test knows which token is a flag and which a value.
 */
const anyPair = fc.tuple(flagName.filter((n) => !n.includes('=')), flagValue);
// A field flag with a value that field accepts, so that runs which parse cleanly are common.
const fieldPair = validText.chain(({ f, text }) => fc.constantFrom(f.name, kebab(f.name)).map((name) => [name, text]));
export const flagPairs = fc.array(
  fc.tuple(fc.oneof(anyPair, fieldPair), fc.boolean()).map(([[name, value], alt]) => {
    const style = RUN_SWITCHES.includes(camel(name)) ? (alt ? 'switch' : 'eq') : alt ? 'sep' : 'eq';
    return { name, style, value };
  }),
  { maxLength: 10 },
);

export const pairsToArgv = (pairs) => pairs.flatMap(({ name, style, value }) => (style === 'switch' ? [`--${name}`] : style === 'eq' ? [`--${name}=${value}`] : [`--${name}`, value]));

/** Completely unstructured argument lists (what a mistyped shell line gives). */
export const rawArgv = fc.array(fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('run', 'presets', 'help', '--', '-', '-h', '--help', '--steps', '--hidden', '--=', '--__proto__', '--constructor')), { maxLength: 12 });
