// The exercise format (docs/exercises.md, web/exercises/schema.json): checking and normalising
// an exercise. Every problem is a TypeError (wrong kind of value, unknown key) or a RangeError
// (outside what is allowed) whose message and `field` name the path, e.g.
// "goal[2].feedback: expected text, got 3". Predicates are parsed and type-checked here, once;
// the compiled trees are kept beside the normalised exercise for the checker.
import { typeError, rangeError, show, didYouMean } from '../errors.js';
import { getField, fieldNames, normalizeConfig, validateField, parseJSON, deepFreeze } from '../schema.js';
import { presets, presetNames } from '../presets.js';
import { checkText } from './text.js';
import { compile } from './compile.js';
import { EXERCISE_LIMITS as L } from './limits.js';
import { unsignedZeros } from './evaluate.js';

export const EXERCISE_FORMAT = 'gradlab-exercise';
export const EXERCISE_VERSION = 1;
const ID = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

const compiled = new WeakMap();

/** The compiled predicates of a normalised exercise (internal to the checker). */
export function compiledOf(exercise) {
  return compiled.get(exercise);
}

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
    if (e.column) out.column = e.column;
    throw out;
  }
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** An object with only the given keys (unknown ones refused with a hint); returns it. */
export function record(value, field, keys, required = []) {
  if (!isObject(value)) throw typeError(field, `expected an object, got ${show(value)}`);
  for (const k of Object.keys(value))
    if (!keys.includes(k)) throw typeError(field ? `${field}.${k.slice(0, 64)}` : k.slice(0, 64), `unknown key${didYouMean(k, keys)}`);
  for (const k of required) if (value[k] === undefined) throw typeError(field ? `${field}.${k}` : k, 'is missing');
  return value;
}

function list(value, field, max, { min = 0 } = {}) {
  if (!Array.isArray(value)) throw typeError(field, `expected a list, got ${show(value)}`);
  if (value.length > max) throw rangeError(field, `${value.length} entries is too many (allowed at most ${max})`);
  if (value.length < min) throw rangeError(field, `needs at least ${min} ${min === 1 ? 'entry' : 'entries'}`);
  return Array.from(value);  // a sparse list's holes become undefined, and are refused as such
}

function integer(value, field, lo, hi) {
  if (typeof value !== 'number') throw typeError(field, `expected a whole number, got ${show(value)}`);
  if (!Number.isInteger(value) || value < lo || value > hi) throw rangeError(field, `${show(value)} is not a whole number from ${lo} to ${hi}`);
  return value;
}

function number(value, field, lo = -Number.MAX_VALUE, hi = Number.MAX_VALUE) {
  if (typeof value !== 'number') throw typeError(field, `expected a number, got ${show(value)}`);
  if (!Number.isFinite(value) || value < lo || value > hi) throw rangeError(field, `${show(value)} is out of range (allowed ${lo} to ${hi})`);
  return value;
}

function boolean(value, field) {
  if (typeof value !== 'boolean') throw typeError(field, `expected true or false, got ${show(value)}`);
  return value;
}

/**
 * Walks a parsed exercise once before anything reads it: a cycle, nesting deeper than
 * EXERCISE_LIMITS.depth or more than EXERCISE_LIMITS.bytes of JSON is refused up front, so no
 * check below can be made slow by the input's shape.
 */
function measure(root) {
  let size = 0;
  const stack = [[root, 0]];
  const seen = new Set();
  while (stack.length) {
    const [v, depth] = stack.pop();
    if (typeof v === 'string') size += v.length + 2;
    else if (v === null || typeof v !== 'object') size += 8;
    else {
      if (seen.has(v)) throw typeError('exercise', 'contains a cycle (an exercise is JSON data)');
      seen.add(v);
      if (depth >= L.depth) throw rangeError('exercise', `is nested more than ${L.depth} levels deep`);
      const keys = Array.isArray(v) ? null : Object.keys(v);
      const n = keys ? keys.length : v.length;
      size += 2 + n;
      if (size > L.bytes) break;
      for (let i = 0; i < n; i++) {
        if (keys) size += keys[i].length + 3;
        stack.push([keys ? v[keys[i]] : v[i], depth + 1]);
      }
    }
    if (size > L.bytes) throw rangeError('exercise', `is larger than ${L.bytes / 1024} KiB of JSON`);
  }
}

/**
 * Checks an exercise (an object or its JSON text) and returns it normalised and frozen:
 * optional parts filled in (editable [], prediction null, hints [], labels null), `config`
 * the complete starting configuration. Throws TypeError/RangeError naming the path.
 */
export function checkExercise(input) {
  if (typeof input === 'string' && input.length > L.bytes) throw rangeError('exercise', `is larger than ${L.bytes / 1024} KiB of JSON`);
  const ex = parseJSON(input, 'exercise');
  if (compiled.has(ex)) return ex;  // already normalised
  measure(ex);
  // `config` is what a normalised exercise adds; accepted back (checked) so that a copy of one
  // (structuredClone, postMessage to the engine's worker, JSON) is an exercise again.
  record(ex, '', ['format', 'version', 'id', 'title', 'instructions', 'start', 'config', 'editable', 'prediction', 'goal', 'hints', 'limits'],
    ['format', 'version', 'id', 'title', 'instructions', 'start', 'goal', 'limits']);
  if (ex.format !== EXERCISE_FORMAT) throw typeError('format', `expected ${JSON.stringify(EXERCISE_FORMAT)}, got ${show(ex.format)}`);
  if (ex.version !== EXERCISE_VERSION) throw rangeError('version', `${show(ex.version)} is not a version this checker reads (it reads ${EXERCISE_VERSION})`);
  if (typeof ex.id !== 'string') throw typeError('id', `expected text, got ${show(ex.id)}`);
  if (!ID.test(ex.id)) throw rangeError('id', `${show(ex.id)} is not an id: 1 to 64 lower-case letters, digits and '-' (e.g. "vanishing-sigmoid-fix")`);
  const start = checkStart(ex.start);
  if (ex.config !== undefined && JSON.stringify(unsignedZeros(within('config.', () => normalizeConfig(ex.config)))) !== JSON.stringify(unsignedZeros(start.config)))
    throw rangeError('config', 'is not the starting configuration that start describes (it is written by checkExercise; leave it out)');
  const editable = checkEditable(ex.editable ?? []);
  const trees = { goal: [], prediction: null };
  const out = {
    format: EXERCISE_FORMAT,
    version: EXERCISE_VERSION,
    id: ex.id,
    title: checkText(ex.title, 'title', L.title, { multiline: false }),
    instructions: checkText(ex.instructions, 'instructions', L.instructions),
    start: start.given,
    config: start.config,
    editable,
    prediction: ex.prediction === undefined || ex.prediction === null ? null : checkPrediction(ex.prediction, trees),
    goal: list(ex.goal, 'goal', L.goal, { min: 1 }).map((g, i) => checkGoal(g, `goal[${i}]`, trees)),
    hints: list(ex.hints ?? [], 'hints', L.hints).map((h, i) => checkHint(h, `hints[${i}]`)).sort((a, b) => a.after - b.after),
    limits: checkLimits(ex.limits),
  };
  const normalised = deepFreeze(unsignedZeros(out));
  compiled.set(normalised, trees);
  return normalised;
}

function checkStart(start) {
  record(start, 'start', ['preset', 'config']);
  let base = {};
  const given = {};
  if (start.preset !== undefined) {
    if (typeof start.preset !== 'string') throw typeError('start.preset', `expected a preset name, got ${show(start.preset)}`);
    if (!Object.hasOwn(presets, start.preset)) throw rangeError('start.preset', `${show(start.preset)} is not a preset (${presetNames.join(', ')})${didYouMean(start.preset, presetNames)}`);
    given.preset = start.preset;
    base = presets[start.preset].config;
  }
  if (start.config !== undefined && !isObject(start.config)) throw typeError('start.config', `expected an object of settings, got ${show(start.config)}`);
  const partial = Object.fromEntries(Object.entries(start.config ?? {}).filter(([, v]) => v !== undefined));
  const config = within('start.config.', () => normalizeConfig(partial, normalizeConfig(base)));
  given.config = within('start.config.', () => Object.fromEntries(Object.keys(partial).map((k) => [k, validateField(k, partial[k])])));
  return { given, config };
}

const KIND_KEYS = {
  number: ['min', 'max', 'values'],
  integer: ['min', 'max', 'values'],
  enum: ['values'],
  enum_list: ['values'],
  enum_set: ['values'],
  int_list: ['min', 'max'],
};

function checkEditable(value) {
  const seen = new Set();
  return list(value, 'editable', fieldNames.length).map((entry, i) => {
    const at = `editable[${i}]`;
    const e = typeof entry === 'string' ? { field: entry } : record(entry, at, ['field', 'values', 'min', 'max'], ['field']);
    const name = e.field;
    if (typeof name !== 'string') throw typeError(`${at}.field`, `expected a field name, got ${show(name)}`);
    const f = getField(name);
    if (!f) throw typeError(typeof entry === 'string' ? at : `${at}.field`, `${show(name)} is not a configuration field${didYouMean(name, fieldNames)}`);
    if (seen.has(name)) throw rangeError(at, `lists ${name} twice`);
    seen.add(name);
    const out = { field: name };
    for (const k of ['values', 'min', 'max']) {
      if (e[k] === undefined) continue;
      if (!KIND_KEYS[f.kind].includes(k)) throw typeError(`${at}.${k}`, `does not apply to ${name} (a ${f.kind.replace('_', ' ')} field; it takes ${KIND_KEYS[f.kind].join(', ')})`);
    }
    const element = f.kind === 'int_list' || f.kind === 'integer' ? 'integer' : 'number';
    if (e.values !== undefined) {
      const values = list(e.values, `${at}.values`, 64, { min: 1 });
      const one = f.kind === 'enum_list' || f.kind === 'enum_set' ? (v) => validateField(name, [v])[0] : (v) => validateField(name, v);
      out.values = values.map((v, j) => within('', () => one(v), `${at}.values[${j}]`));
    }
    for (const k of ['min', 'max']) {
      if (e[k] === undefined) continue;
      const v = within('', () => (f.kind === 'int_list' ? validateField(name, [e[k]])[0] : validateField(name, e[k])), `${at}.${k}`);
      if (element === 'integer' && !Number.isInteger(v)) throw rangeError(`${at}.${k}`, `${show(v)} is not a whole number`);
      out[k] = v;
    }
    if (out.min !== undefined && out.max !== undefined && out.min > out.max) throw rangeError(`${at}.min`, `${out.min} is above max ${out.max}`);
    return out;
  });
}

function checkGoal(g, at, trees) {
  record(g, at, ['predicate', 'label', 'feedback'], ['predicate', 'feedback']);
  if (typeof g.predicate !== 'string') throw typeError(`${at}.predicate`, `expected a predicate as text, got ${show(g.predicate)}`);
  trees.goal.push(compile(g.predicate, `${at}.predicate`, 'boolean'));
  return {
    predicate: g.predicate,
    label: g.label === undefined || g.label === null ? null : checkText(g.label, `${at}.label`, L.text, { multiline: false }),
    feedback: checkText(g.feedback, `${at}.feedback`, L.text),
  };
}

function checkHint(h, at) {
  record(h, at, ['after', 'text'], ['after', 'text']);
  return { after: integer(h.after, `${at}.after`, 0, 1000), text: checkText(h.text, `${at}.text`, L.text) };
}

function checkLimits(limits) {
  record(limits, 'limits', ['steps'], ['steps']);
  return { steps: integer(limits.steps, 'limits.steps', 0, L.steps) };
}

function checkPrediction(p, trees) {
  const common = ['question', 'kind', 'graded'];
  if (!isObject(p)) throw typeError('prediction', `expected an object or null, got ${show(p)}`);
  if (p.kind !== 'number' && p.kind !== 'choice') {
    if (p.kind === undefined) throw typeError('prediction.kind', 'is missing (number or choice)');
    throw typeError('prediction.kind', `${show(p.kind)} is not number or choice${didYouMean(p.kind, ['number', 'choice'])}`);
  }
  const out = { kind: p.kind, question: null, graded: false };
  if (p.kind === 'number') {
    record(p, 'prediction', [...common, 'answer', 'measure', 'tolerance', 'min', 'max'], ['question', 'tolerance']);
    if ((p.answer === undefined) === (p.measure === undefined)) throw typeError('prediction', 'needs exactly one of answer (a fixed number) or measure (an expression over the run, e.g. sum(hiddenLayers[*].dead))');
    out.question = checkText(p.question, 'prediction.question', L.text);
    out.graded = p.graded === undefined ? false : boolean(p.graded, 'prediction.graded');
    out.tolerance = number(p.tolerance, 'prediction.tolerance', 0);
    if (p.min !== undefined) out.min = number(p.min, 'prediction.min');
    if (p.max !== undefined) out.max = number(p.max, 'prediction.max');
    if (out.min !== undefined && out.max !== undefined && out.min >= out.max) throw rangeError('prediction.min', `${out.min} is not below max ${out.max}`);
    if (p.answer !== undefined) out.answer = number(p.answer, 'prediction.answer', out.min ?? -Number.MAX_VALUE, out.max ?? Number.MAX_VALUE);
    else {
      if (typeof p.measure !== 'string') throw typeError('prediction.measure', `expected an expression as text, got ${show(p.measure)}`);
      trees.prediction = compile(p.measure, 'prediction.measure', 'number');
      out.measure = p.measure;
    }
    return out;
  }
  record(p, 'prediction', [...common, 'choices', 'answer'], ['question', 'choices']);
  out.question = checkText(p.question, 'prediction.question', L.text);
  out.graded = p.graded === undefined ? false : boolean(p.graded, 'prediction.graded');
  const ids = new Set();
  const whens = [];
  out.choices = list(p.choices, 'prediction.choices', L.choices, { min: 2 }).map((c, i) => {
    const at = `prediction.choices[${i}]`;
    record(c, at, ['id', 'text', 'when'], ['id', 'text']);
    if (typeof c.id !== 'string') throw typeError(`${at}.id`, `expected text, got ${show(c.id)}`);
    if (!ID.test(c.id)) throw rangeError(`${at}.id`, `${show(c.id)} is not an id: lower-case letters, digits and '-'`);
    if (ids.has(c.id)) throw rangeError(`${at}.id`, `${show(c.id)} is used twice`);
    ids.add(c.id);
    const choice = { id: c.id, text: checkText(c.text, `${at}.text`, L.text, { multiline: false }) };
    if (c.when !== undefined) {
      if (typeof c.when !== 'string') throw typeError(`${at}.when`, `expected a predicate as text, got ${show(c.when)}`);
      whens.push(compile(c.when, `${at}.when`, 'boolean'));
      choice.when = c.when;
    } else whens.push(null);
    return choice;
  });
  const measured = whens.filter(Boolean).length;
  if (p.answer !== undefined) {
    if (measured) throw typeError('prediction.answer', 'give either a fixed answer or a `when` condition on every choice, not both');
    if (typeof p.answer !== 'string') throw typeError('prediction.answer', `expected a choice id, got ${show(p.answer)}`);
    if (!ids.has(p.answer)) throw rangeError('prediction.answer', `${show(p.answer)} is not one of the choices (${[...ids].join(', ')})${didYouMean(p.answer, [...ids])}`);
    out.answer = p.answer;
  } else if (measured !== whens.length) {
    throw typeError('prediction', 'needs an answer (a choice id) or a `when` condition on every choice');
  }
  trees.prediction = measured ? whens : null;
  return out;
}
