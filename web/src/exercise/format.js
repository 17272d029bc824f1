// The exercise format (docs/exercises.md, web/exercises/schema.json): checking and normalising
// an exercise. Every problem is a TypeError (wrong kind of value, unknown key) or a RangeError
// (outside what is allowed) whose message and `field` name the path, e.g.
// "goal[2].feedback: expected text, got 3". Predicates are parsed and type-checked here, once;
// the compiled trees are kept beside the normalised exercise for the checker.
import { typeError, rangeError, show, didYouMean } from '../errors.js';
import { getField, fieldNames, normalizeConfig, validateField, parseJSON, deepFreeze, fieldText } from '../schema.js';
import { presets, presetNames } from '../presets.js';
import { checkText } from './text.js';
import { compile } from './compile.js';
import { EXERCISE_LIMITS as L } from './limits.js';
import { unsignedZeros } from './evaluate.js';
import { within, record, list, integer, isObject, editableRefuses } from './checks.js';
import { checkPrediction } from './prediction.js';
import { ID } from './ids.js';

export const EXERCISE_FORMAT = 'gradlab-exercise';
export const EXERCISE_VERSION = 1;

const compiled = new WeakMap();

/** The compiled predicates of a normalised exercise (internal to the checker). */
export function compiledOf(exercise) {
  return compiled.get(exercise);
}

/**
 * Walks a parsed exercise once before anything reads it: a cycle, nesting deeper than
 * EXERCISE_LIMITS.depth or more than EXERCISE_LIMITS.bytes of JSON is refused up front, so no
 * check below can be made slow by the input's shape.
 */
function measure(root) {
  let size = 0;
  // Each value with the objects it is inside: a cycle is an object inside itself. (An object
  // met twice elsewhere is not one: a goal listed twice is two goals, and is measured twice.)
  const stack = [[root, []]];
  while (stack.length) {
    const [v, outer] = stack.pop();
    if (typeof v === 'string') size += v.length + 2;
    else if (v === null || typeof v !== 'object') size += 8;
    else {
      if (outer.includes(v)) throw typeError('exercise', 'contains a cycle (an exercise is JSON data)');
      if (outer.length >= L.depth) throw rangeError('exercise', `is nested more than ${L.depth} levels deep`);
      const inside = [...outer, v];
      const keys = Array.isArray(v) ? null : Object.keys(v);
      const n = keys ? keys.length : v.length;
      size += 2 + n;
      if (size > L.bytes) break;
      for (let i = 0; i < n; i++) {
        if (keys) size += keys[i].length + 3;
        stack.push([keys ? v[keys[i]] : v[i], inside]);
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
  // The start must be a run the exercise accepts: one outside an editable field's values or
  // range would be refused when a learner submits it unchanged (grading checks it the same way).
  editable.forEach((e, i) => {
    const v = start.config[e.field];
    if (editableRefuses(e, v))
      throw rangeError(`editable[${i}]`, `does not allow the starting ${e.field}, ${fieldText(e.field, v)} (a learner who submits the start unchanged would be refused)`);
  });
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
