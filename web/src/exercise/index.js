// The exercise format and its checker (docs/exercises.md): everything here is pure JS over
// the schema (no engine, no DOM), so the page, the API and the CLI share it. Grading with a
// replay needs a loaded engine: `gradlab.grade(exercise, run)`.
import { checkExercise } from './format.js';
import { checkAnswer, submission as makeSubmission, configProblems as problemsOf } from './run.js';
import { compile } from './compile.js';
import { typeError, show } from '../errors.js';
import { checkConfig } from './checks.js';

export { checkExercise, EXERCISE_FORMAT, EXERCISE_VERSION } from './format.js';
export { EXERCISE_LIMITS } from './limits.js';
export { checkGoal, hintsFor } from './checker.js';
export { formatText, plainText } from './text.js';

/**
 * Checks one predicate (`as: 'boolean'`, a goal or a choice's condition) or measure (`as:
 * 'number'`) on its own, e.g. in an exercise editor. Returns {usesLayers} (whether it reads
 * per-layer figures); throws TypeError/RangeError naming `field` and the column.
 */
export function checkPredicate(text, { as = 'boolean', field = 'predicate' } = {}) {
  if (typeof text !== 'string') throw typeError(field, `expected text, got ${show(text)}`);
  if (as !== 'boolean' && as !== 'number') throw typeError('as', `${show(as)} is not one of boolean, number`);
  return { usesLayers: compile(text, field, as).usesLayers };
}

/**
 * What the exercise refuses in `config` (partial: the defaults fill the rest, as for a run):
 * [{field, message}] for each locked field changed and each editable one outside its values or
 * range, in the schema's order.
 */
export function configProblems(exercise, config) {
  return problemsOf(checkExercise(exercise), checkConfig(config, 'config', 'a configuration'));
}

/** A student's answer to the prediction step, checked (null: not answered); what the page calls before the run. */
export function checkPrediction(exercise, answer) {
  return checkAnswer(checkExercise(exercise), answer);
}

/** A submission for grading from session.toJSON() and the metrics of its last step (docs/exercises.md). */
export function submission(exercise, run, options) {
  return makeSubmission(checkExercise(exercise), run, options);
}
