// Properties of the pure-JS half of the API: configuration checking, the JSON, URL-hash,
// query and CLI text forms. Each export returns a fast-check property (see bounded.mjs).
// Expected outcomes are derived from how each input was generated (which entry was made
// invalid, and how), never from running the code under test a second way.
import assert from 'node:assert/strict';
import {
  fields, fieldNames, normalizeConfig, validateField, fieldText, configToJSON, configFromJSON, toHash, fromHash, toQuery, fromQuery, defaults,
} from '../../../web/src/node.js';
import { parseArgs, configFromFlags, UsageError } from '../../../web/src/cli/args.js';
import {
  fc, validPartial, validValue, invalidValue, unknownKey, objectFrom, hashText, flagPairs, pairsToArgv, rawArgv, RUN_SWITCHES, RUN_VALUED, camel, kebab,
} from './arbitraries.mjs';
// -0 and 0 are the same setting: configurations are compared after plusZero wrote -0 as 0.
import { plusZero } from '../helpers.mjs';

// No single call on inputs this size may take longer than this. Every function here is
// linear in its input, a few milliseconds for the longest (70,000-character) inputs, so a
// call over this bound is super-linear behaviour (e.g. a backtracking regular expression)
// that would freeze the page, not noise from a busy machine.
const CALL_LIMIT_MS = 1000;

function timed(fn) {
  const t0 = performance.now();
  try {
    return fn();
  } finally {
    const ms = performance.now() - t0;
    assert.ok(ms < CALL_LIMIT_MS, `one call took ${ms.toFixed(0)} ms (limit ${CALL_LIMIT_MS} ms)`);
  }
}

/** Runs fn; returns {value} or {error}, failing on anything but the documented error classes. */
function outcome(fn, allowed = [TypeError, RangeError]) {
  try {
    return { value: timed(fn) };
  } catch (error) {
    if (error?.code === 'ERR_ASSERTION') throw error;
    assert.ok(allowed.some((E) => error instanceof E) && error.constructor !== Error,
      `threw ${error?.constructor?.name}: ${error?.message} (only ${allowed.map((E) => E.name).join('/')} are documented)`);
    return { error };
  }
}

/** A configuration is complete and valid: exactly the schema's fields, each accepted by its own check. */
function assertValidConfig(c) {
  assert.equal(Object.getPrototypeOf(c), Object.prototype);
  assert.deepEqual(Object.keys(c), fieldNames);
  for (const f of fields) assert.deepEqual(validateField(f.name, c[f.name]), c[f.name], f.name);
}

// ---- configuration objects -------------------------------------------------------------------------

/**
 * Random partial configurations mixing valid entries, invalid entries (every kind of
 * mistake per field kind) and unknown keys: normalizeConfig throws exactly when some entry is
 * invalid, the error is the documented class for the first invalid entry in key order, names
 * it in `.field` and at the start of the message; otherwise it returns a complete, valid
 * configuration holding the given values.
 */
export function configObjects() {
  const entry = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...fields).chain((f) => validValue(f).map((value) => ({ key: f.name, value, E: null }))) },
    { weight: 3, arbitrary: fc.constantFrom(...fields).chain((f) => invalidValue(f).map(({ value, E }) => ({ key: f.name, value, E }))) },
    { weight: 1, arbitrary: fc.tuple(unknownKey, fc.anything()).map(([key, value]) => ({ key, value, E: TypeError })) },
  );
  return fc.property(fc.uniqueArray(entry, { selector: (e) => e.key, maxLength: 12 }), (entries) => {
    const partial = objectFrom(entries.map((e) => [e.key, e.value]));
    const byKey = new Map(entries.map((e) => [e.key, e]));
    const firstBad = Object.keys(partial).map((k) => byKey.get(k)).find((e) => e.E);
    const r = outcome(() => normalizeConfig(partial));
    if (!firstBad) {
      assert.ok(!r.error, `valid entries were refused: ${r.error?.message}`);
      assertValidConfig(r.value);
      for (const e of entries) assert.deepEqual(r.value[e.key], e.value, e.key);
      return;
    }
    assert.ok(r.error, `accepted an invalid ${firstBad.key}`);
    assert.ok(r.error instanceof firstBad.E, `${firstBad.key}: expected ${firstBad.E.name}, got ${r.error.constructor.name}: ${r.error.message}`);
    const name = firstBad.key.slice(0, 64);
    assert.equal(typeof r.error.field, 'string');
    assert.ok(r.error.field === name || r.error.field.startsWith(`${name}[`), `field ${r.error.field} should name ${name}`);
    assert.ok(r.error.message.startsWith(`${r.error.field}: `), r.error.message);
  });
}

/** Anything at all as a whole configuration (or as JSON text): a result or a TypeError/RangeError, never another error. */
export function configAnything() {
  return fc.property(fc.oneof(fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withTypedArray: true, withSparseArray: true }), fc.json()), (x) => {
    const direct = outcome(() => normalizeConfig(x));
    if (direct.value) assertValidConfig(direct.value);
    const json = outcome(() => configFromJSON(typeof x === 'string' ? x : safeStringify(x)));
    if (json.value) assertValidConfig(json.value);
  });
}

const safeStringify = (x) => {
  try {
    return JSON.stringify(x) ?? 'undefined';
  } catch {
    return '{bad';
  }
};

// ---- round trips -------------------------------------------------------------------------------------

/** config → JSON → config, config → URL hash → config, config → engine query → config: unchanged. */
export function roundTrips() {
  return fc.property(validPartial(), (partial) => {
    const c = timed(() => normalizeConfig(partial));
    const want = plusZero(c);
    assert.deepEqual(plusZero(timed(() => configFromJSON(configToJSON(c)))), want, 'JSON');
    const hash = timed(() => toHash(c));
    const back = timed(() => fromHash(hash, { strict: true }));
    assert.deepEqual(back.warnings, []);
    assert.deepEqual(plusZero(back.config), want, `hash ${hash}`);
    assert.deepEqual(plusZero(timed(() => fromQuery(toQuery(c))).config), want, 'query');
    // The hash is a URL fragment holding only the changed fields: URL-safe characters (no
    // markup can come back out of it), and never a non-finite number.
    assert.match(hash, /^#([A-Za-z0-9]+=[A-Za-z0-9%,._~!*'()-]*(&(?!$)|$))*$/);
    assert.doesNotMatch(hash, /NaN|Infinity/);
    for (const f of fields) assert.equal(hash.includes(`#${f.name}=`) || hash.includes(`&${f.name}=`), JSON.stringify(want[f.name]) !== JSON.stringify(defaults()[f.name]), f.name);
  });
}

/** toHash/toQuery/configToJSON of an invalid configuration throw (TypeError/RangeError) instead of writing a bad link. */
export function writersRefuseInvalid() {
  return fc.property(fc.constantFrom(...fields).chain((f) => invalidValue(f).map((v) => ({ f, ...v }))), ({ f, value, E }) => {
    for (const write of [toHash, toQuery, configToJSON]) {
      const r = outcome(() => write({ [f.name]: value }));
      assert.ok(r.error instanceof E, `${write.name} accepted ${f.name}`);
    }
  });
}

// ---- URL hashes ----------------------------------------------------------------------------------------

/**
 * Any hash text: the lenient reader never throws and returns a complete, valid configuration
 * (a fresh plain object) plus well-formed warnings; strict reading throws only
 * TypeError/RangeError, exactly when the lenient reader warns, and agrees with it otherwise;
 * what the lenient reader returns writes back to a hash that reads strictly to itself.
 */
export function hashes() {
  return fc.property(hashText, (hash) => {
    const protoKeys = Object.getOwnPropertyNames(Object.prototype).length;
    const lenient = outcome(() => fromHash(hash), []);
    const { config, warnings } = lenient.value;
    assertValidConfig(config);
    assert.ok(Array.isArray(warnings));
    for (const w of warnings) {
      assert.deepEqual(Object.keys(w).sort(), ['field', 'message', 'value']);
      assert.ok(typeof w.field === 'string' && typeof w.message === 'string' && typeof w.value === 'string');
      assert.ok(w.value.length <= 200, 'warning values are clipped');
    }
    const strict = outcome(() => fromHash(hash, { strict: true }));
    if (strict.error) assert.ok(warnings.length > 0, `strict threw (${strict.error.message}) but lenient gave no warning`);
    else {
      assert.deepEqual(warnings, []);
      assert.deepEqual(strict.value.config, config);
    }
    const again = timed(() => fromHash(toHash(config), { strict: true }));
    assert.deepEqual(plusZero(again.config), plusZero(config));
    assert.equal(Object.getOwnPropertyNames(Object.prototype).length, protoKeys, 'Object.prototype was modified');
    assert.equal({}.polluted, undefined);
  });
}

/** Anything that is not a string: the documented TypeError (lenient mode promises only strings never throw). */
export function hashNonStrings() {
  return fc.property(fc.anything().filter((x) => typeof x !== 'string'), (x) => {
    const r = outcome(() => fromHash(x));
    assert.ok(r.error instanceof TypeError, 'a non-string hash should be refused with a TypeError');
  });
}

// ---- CLI -----------------------------------------------------------------------------------------------

const RUN_FLAGS = new Set([...RUN_SWITCHES, ...RUN_VALUED]);

/** parseArgs + configFromFlags as `gradlab run` calls them; only UsageError may escape, in one line. */
function cli(argv) {
  const r = outcome(() => {
    const { command, options, set } = parseArgs(argv);
    return { command, options, set, config: configFromFlags(set, options.preset) };
  }, [UsageError]);
  if (r.error) {
    assert.ok(r.error.message.length > 0);
    assert.doesNotMatch(r.error.message, /[\r\n]/, 'the CLI promises one line on stderr');
  }
  return r;
}

/**
 * Structured argument lists (flags with values, switches, unknown names, prototype names):
 * the first unknown flag name is refused as such; otherwise the flags set exactly the options
 * and fields named, each field to the value its text means.
 */
export function cliFlags() {
  return fc.property(flagPairs, (pairs) => {
    const argv = ['run', ...pairsToArgv(pairs)];
    const r = cli(argv);
    // Flags are read left to right and every value is where the parser looks for it, so the
    // first unknown name is the first problem the parser meets.
    const firstUnknown = pairs.find((p) => !RUN_FLAGS.has(camel(p.name)) && !fieldNames.includes(camel(p.name)));
    if (firstUnknown) {
      assert.ok(r.error, `accepted the unknown flag --${firstUnknown.name}`);
      assert.match(r.error.message, /^unknown flag --/);
      return;
    }
    if (r.error) return;  // a bad value: refused in one line (checked in cli())
    const { options, set, config } = r.value;
    for (const k of Object.keys(options)) assert.ok(RUN_FLAGS.has(k), `unexpected option ${k}`);
    for (const k of Object.keys(set)) assert.ok(fieldNames.includes(k), `unexpected field ${k}`);
    const checked = outcome(() => normalizeConfig(config));
    assert.ok(checked.value, `flags gave an invalid configuration: ${checked.error?.message}`);
    // The last flag for a field wins.
    const last = new Map();
    for (const p of pairs) if (fieldNames.includes(camel(p.name))) last.set(camel(p.name), p.style === 'switch' ? null : p.value);
    for (const [name, text] of last) if (text !== null) assert.equal(set[name], text, name);
  });
}

/**
 * Unstructured argument lists: only UsageError, one line (checked in cli()). A list that is
 * accepted names its command as documented (help for nothing or a leading --help/-h, run for
 * another leading flag, else the first word) and sets only known options and fields, each
 * field to text that stood in the list after its flag.
 */
export function cliGarbage() {
  return fc.property(rawArgv, (argv) => {
    const r = cli(argv);
    if (!r.value) return;
    const { command, options, set } = r.value;
    const expected = argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' ? 'help' : argv[0].startsWith('-') ? 'run' : argv[0];
    assert.equal(command, expected);
    for (const k of Object.keys(options)) assert.ok(RUN_FLAGS.has(k), `unexpected option ${k}`);
    for (const [name, text] of Object.entries(set)) {
      assert.ok(fieldNames.includes(name), `unexpected field ${name}`);
      assert.ok(argv.some((a, i) => a.endsWith(`=${text}`) || (i > 0 && argv[i - 1].startsWith('--') && a === text)), `${name}: ${JSON.stringify(text)} is not in the list`);
    }
  });
}

/** config → CLI flags (either spelling, either form) → config: unchanged. */
export function cliRoundTrip() {
  const style = fc.record({ kebab: fc.boolean(), eq: fc.boolean() });
  return fc.property(validPartial(), fc.array(style, { minLength: fields.length, maxLength: fields.length }), (partial, styles) => {
    const c = normalizeConfig(partial);
    const argv = ['run'];
    Object.keys(partial).forEach((name, i) => {
      const flag = `--${styles[i].kebab ? kebab(name) : name}`;
      const text = fieldText(name, c[name]);
      if (styles[i].eq) argv.push(`${flag}=${text}`);
      else argv.push(flag, text);
    });
    const r = cli(argv);
    assert.ok(r.value, `flags for a valid configuration were refused: ${r.error?.message}\n${argv.join(' ')}`);
    assert.deepEqual(plusZero(normalizeConfig(r.value.config)), plusZero(c));
  });
}
