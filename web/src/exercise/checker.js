// The exercise checker, shared by the page, the API and the CLI (no DOM, no engine import):
//
//  * checkGoal(exercise, {metrics, config, prediction, attempts}) — the checklist from figures
//    the caller already has, without a replay: the page calls it as its metrics arrive.
//  * grade(gradlab, exercise, run, options) — the full grade: the run checked against the
//    exercise, replayed headlessly (bit for bit: same configuration, seed and step count),
//    its claimed figures compared with the replay, then checkGoal on the replay's figures.
import { checkExercise, compiledOf } from './format.js';
import { within, integer, checkConfig } from './checks.js';
import { checkRun, checkAnswer, compareClaims } from './run.js';
import { context, evaluate, reportedValue, unsignedZeros } from './evaluate.js';
import { weightsFromJSON } from '../weights.js';
import { rangeError, typeError, show, didYouMean } from '../errors.js';
import { EXERCISE_LIMITS } from './limits.js';

/** The hints unlocked after `attempts` attempts, in order. */
export function hintsFor(exercise, attempts = 0) {
  const ex = checkExercise(exercise);
  integer(attempts, 'attempts', 0, EXERCISE_LIMITS.attempts);
  return ex.hints.filter((h) => h.after <= attempts).map((h) => h.text);
}

const GOAL_INPUT = ['metrics', 'config', 'prediction', 'attempts'];

/**
 * The checklist for the given figures. `metrics`: decoded metrics (session.evaluate() or the
 * page's latest); `config`: the configuration they come from (partial ones are completed with
 * the defaults); `prediction`: the student's answer (or null); `attempts`: how many runs so far.
 * A check that reads per-layer figures when `metrics.layers` is empty (no diagnostic evaluation
 * yet) does not pass and says `pending: true`.
 */
export function checkGoal(exercise, input = {}) {
  const ex = checkExercise(exercise);
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw typeError('input', `expected {metrics, config, prediction, attempts}, got ${show(input)}`);
  for (const k of Object.keys(input)) if (!GOAL_INPUT.includes(k)) throw typeError(k.slice(0, 64), `unknown key of checkGoal's input${didYouMean(k, GOAL_INPUT)}`);
  const { metrics, config = {}, prediction = null, attempts = 0 } = input;
  const attemptsMade = integer(attempts, 'attempts', 0, EXERCISE_LIMITS.attempts);
  const trees = compiledOf(ex);
  const complete = unsignedZeros(checkConfig(config, 'config'));
  const ctx = context({ metrics, config: complete, start: ex.config });
  const noLayers = ctx.layers.layers.length === 0;
  const checks = ex.goal.map((g, i) => {
    const c = trees.goal[i];
    const pending = c.usesLayers && noLayers;
    const passed = !pending && evaluate(c.tree, ctx) === true;
    const check = { predicate: g.predicate, label: g.label, passed, value: pending ? null : reportedValue(c.tree, ctx), feedback: passed ? null : g.feedback };
    if (pending) check.pending = true;
    return check;
  });
  const answer = checkAnswer(ex, prediction);
  const pred = predictionResult(ex, trees, ctx, answer);
  const passed = checks.every((c) => c.passed) && (!ex.prediction?.graded || pred.correct === true);
  const step = Number.isFinite(metrics?.step) ? metrics.step : null;
  return { id: ex.id, passed, checks, prediction: pred, step, config: complete, attempts: attemptsMade, hints: hintsFor(ex, attempts) };
}

// {answer, correct, expected}: `expected` is the fixed answer, the measured number, or the ids
// of the choices whose condition holds on the run.
function predictionResult(ex, trees, ctx, answer) {
  const p = ex.prediction;
  if (!p) return null;
  let expected;
  if (p.kind === 'number') expected = p.answer !== undefined ? p.answer : unsignedZeros(evaluate(trees.prediction.tree, ctx));
  else expected = p.answer !== undefined ? [p.answer] : p.choices.filter((c, i) => evaluate(trees.prediction[i].tree, ctx) === true).map((c) => c.id);
  let correct = null;
  if (answer !== null && expected !== null) {
    correct = p.kind === 'number' ? Math.abs(answer - expected) <= p.tolerance : expected.includes(answer);
  }
  if (p.kind === 'number' && expected === null && answer !== null) correct = false;
  return { answer, correct, expected, graded: p.graded };
}

const CHUNK = 256;          // steps between looks at the clock
const SLICE_MS = 30;        // longest stretch without yielding to the event loop

function checkGradeOptions(options) {
  if (options === null || typeof options !== 'object') throw typeError('options', `expected {signal, onProgress}, got ${show(options)}`);
  for (const k of Object.keys(options)) if (k !== 'signal' && k !== 'onProgress') throw typeError(`options.${k.slice(0, 64)}`, `unknown option of grade${didYouMean(k, ['signal', 'onProgress'])}`);
  const { signal, onProgress } = options;
  if (signal !== undefined && (signal === null || typeof signal !== 'object' || typeof signal.aborted !== 'boolean')) throw typeError('options.signal', `expected an AbortSignal, got ${show(signal)}`);
  if (onProgress !== undefined && typeof onProgress !== 'function') throw typeError('options.onProgress', `expected a function ({step, steps}) => void, got ${show(onProgress)}`);
  return { signal, onProgress };
}

/** True when the run's weights are the replay's, bit for bit; else the refusal. */
function sameWeights(session, json) {
  const claimed = within('run.', () => weightsFromJSON(json, session.info.layers));
  const actual = session.getWeightsArray();
  const i = actual.findIndex((w, k) => !Object.is(w, claimed[k]) && !(w === 0 && claimed[k] === 0));
  if (i >= 0) throw rangeError('run.weights', `weight ${i} is ${show(claimed[i])} in the run but ${show(actual[i])} in the replay (the run was changed after it was made)`);
  return true;
}

/** Yields to the event loop (timers, messages, an abort) between stretches of replay. */
const yieldNow = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Thrown when `signal` aborts a grade: says how far the replay got. */
function cancelled(done, total) {
  const e = new Error(`grading cancelled at step ${done} of ${total}`);
  e.name = 'AbortError';
  e.step = done;
  return e;
}

/**
 * Grades a run: checks it against the exercise, replays it with `gradlab` (a loaded engine),
 * compares what it claims with the replay and evaluates the goal on the replay's figures.
 * Options: `signal` (AbortSignal: stops the replay; the error says the step reached),
 * `onProgress({step, steps})`. Resolves to the checkGoal result with `replayed: true` and
 * `verified` ({figures, weights}: what of the run's claims was compared). Refusals are
 * RangeErrors (TypeErrors for malformed input) naming the field.
 */
export async function grade(gradlab, exercise, run, options = {}) {
  const { signal, onProgress } = checkGradeOptions(options);
  const ex = checkExercise(exercise);
  within('start.config.', () => gradlab.check(ex.config));
  const sub = checkRun(ex, run);
  const config = within('run.config.', () => gradlab.check(sub.config));
  const session = within('run.config.', () => gradlab.createSession(config));
  try {
    let done = 0;
    let t0 = performance.now();
    while (done < sub.step) {
      if (signal?.aborted) throw cancelled(done, sub.step);
      const n = Math.min(CHUNK, sub.step - done);
      const did = session.step(n);
      done += did;
      if (did < n) break;  // diverged: the engine stops there
      onProgress?.({ step: done, steps: sub.step });
      if (performance.now() - t0 > SLICE_MS) {
        await yieldNow();
        t0 = performance.now();
      }
    }
    if (done < sub.step) throw rangeError('run.step', `the replay diverged at step ${done}, but the run claims ${sub.step} steps (${session.metrics().diverged?.message ?? 'it cannot go further'})`);
    let metrics = session.evaluate({ diagnostics: true });
    const weights = sub.weights !== undefined && sameWeights(session, sub.weights);
    // A run stopped by a divergence found it while trying its next step, and its figures are
    // the ones evaluated after that attempt. So the replay tries one step more: if it
    // diverges, the run is graded as diverged (unless it claims, honestly, to have been
    // stopped just before); if it does not, the figures evaluated before the attempt stand.
    const claimed = sub.final?.diverged;
    if (session.step(1) === 0 && claimed !== null) metrics = session.evaluate({ diagnostics: true });
    else if (claimed) throw rangeError('run.final.diverged', `the run claims it diverged at step ${claimed.step}, but the replay trains on past step ${sub.step}`);
    const claims = compareClaims(sub.final, metrics);
    if (claims.mismatch) throw claims.mismatch;
    const result = checkGoal(ex, { metrics, config, prediction: sub.prediction, attempts: sub.attempts });
    return { ...result, replayed: true, verified: { figures: claims.compared, weights } };
  } finally {
    session.dispose();
  }
}
