// A submitted run, checked against its exercise before anything is replayed: the run format of
// `session.toJSON()` ("gradlab-run" version 1) extended with `exercise` ({id, prediction,
// attempts}) and, optionally, `final` (the figures the run claims at its last step, compared
// with the replay). A run from another exercise, a run that changed a locked field or left an
// allowed range, or a run over the step budget is refused with a RangeError saying why.
import { typeError, rangeError, show, didYouMean, checkOptionKeys } from '../errors.js';
import { fields, parseJSON, fieldText, fieldApplies, limits } from '../schema.js';
import { record, integer, editableRefuses, checkConfig } from './checks.js';
import { METRIC_FIELDS, LAYER } from './vocabulary.js';
import { EXERCISE_LIMITS as L } from './limits.js';

// Keys `gradlab run --out` adds to the run format; read by people, not by the grader.
const INFORMATIONAL = ['preset', 'build', 'history'];
const RUN_KEYS = ['format', 'version', 'config', 'step', 'epoch', 'weights', 'exercise', 'final', ...INFORMATIONAL];

/**
 * The submission, checked: {id, config (complete), step, prediction, attempts, final,
 * weights}. Throws TypeError for a malformed run, RangeError for a run this exercise refuses.
 */
export function checkRun(exercise, input) {
  if (typeof input === 'string' && input.length > L.runBytes) throw rangeError('run', `is larger than ${L.runBytes / 1024 / 1024} MiB of JSON`);
  const run = parseJSON(input, 'run');
  if (run === null || typeof run !== 'object' || Array.isArray(run) || run.format !== 'gradlab-run')
    throw typeError('run', `expected a run from session.toJSON() (format "gradlab-run"), got ${show(run !== null && typeof run === 'object' && !Array.isArray(run) && run.format !== undefined ? run.format : run)}`);
  record(run, 'run', RUN_KEYS, ['version', 'config', 'step', 'exercise']);
  if (run.version !== 1) throw rangeError('run.version', `${show(run.version)} is not a run version this checker reads (it reads 1)`);
  const ex = run.exercise;
  record(ex, 'run.exercise', ['id', 'prediction', 'attempts'], ['id']);
  if (typeof ex.id !== 'string') throw typeError('run.exercise.id', `expected the exercise's id, got ${show(ex.id)}`);
  if (ex.id !== exercise.id) throw rangeError('run.exercise.id', `this is a run of exercise ${show(ex.id)}, not of ${show(exercise.id)}`);
  const attempts = ex.attempts === undefined ? 0 : integer(ex.attempts, 'run.exercise.attempts', 0, L.attempts);
  const prediction = checkAnswer(exercise, ex.prediction);
  const step = integer(run.step, 'run.step', 0, Number.MAX_SAFE_INTEGER);
  // (the epoch is not graded, the replay has its own: but a run's is a count, like its step)
  if (run.epoch !== undefined) integer(run.epoch, 'run.epoch', 0, Number.MAX_SAFE_INTEGER);
  if (step > exercise.limits.steps) throw rangeError('run.step', `${step} steps is over this exercise's budget of ${exercise.limits.steps}`);
  const config = checkConfig(run.config, 'run.config');
  const problem = configProblems(exercise, config)[0];
  if (problem) throw rangeError(`run.config.${problem.field}`, problem.message);
  const final = run.final === undefined || run.final === null ? null : checkFinal(run.final, step);
  return { id: ex.id, config, step, prediction, attempts, final, weights: run.weights };
}


/** The student's prediction, checked against the exercise's prediction step (null: not answered). */
export function checkAnswer(exercise, answer) {
  const p = exercise.prediction;
  if (answer === undefined || answer === null) return null;
  if (!p) throw rangeError('run.exercise.prediction', 'this exercise has no prediction step');
  if (p.kind === 'number') {
    if (typeof answer !== 'number') throw typeError('run.exercise.prediction', `expected a number, got ${show(answer)}`);
    const lo = p.min ?? -Number.MAX_VALUE;
    const hi = p.max ?? Number.MAX_VALUE;
    if (!Number.isFinite(answer) || answer < lo || answer > hi) throw rangeError('run.exercise.prediction', `${show(answer)} is out of range (allowed ${lo} to ${hi})`);
    return answer + 0;  // -0 is 0
  }
  const ids = p.choices.map((c) => c.id);
  if (typeof answer !== 'string') throw typeError('run.exercise.prediction', `expected a choice id (${ids.join(', ')}), got ${show(answer)}`);
  if (!ids.includes(answer)) throw rangeError('run.exercise.prediction', `${show(answer)} is not one of the choices (${ids.join(', ')})${didYouMean(answer, ids)}`);
  return answer;
}

const equalValue = (a, b) => (Array.isArray(a) ? Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]) : a === b);
const showValue = (name, v) => (Array.isArray(v) ? `[${fieldText(name, v)}]` : show(v));

/**
 * What is wrong with a configuration in this exercise: each locked field that differs from the
 * starting configuration (a field that does not apply to the configuration, such as momentum
 * under plain SGD, changes nothing and may differ), each editable one outside its allowed values
 * or range. [] when it is acceptable. The page can call it on every change; the grader refuses
 * the first problem.
 */
export function configProblems(exercise, config) {
  const out = [];
  const editable = new Map(exercise.editable.map((e) => [e.field, e]));
  for (const f of fields) {
    const v = config[f.name];
    const start = exercise.config[f.name];
    const e = editable.get(f.name);
    if (!e) {
      if (!equalValue(v, start) && fieldApplies(f.name, config)) out.push({ field: f.name, message: `is locked in this exercise at ${showValue(f.name, start)}; the run has ${showValue(f.name, v)}` });
      continue;
    }
    const refused = editableRefuses(e, v);
    if (refused === 'values')
      out.push({ field: f.name, message: `${showValue(f.name, v)} is not allowed in this exercise (allowed ${e.values.join(', ')})` });
    else if (refused === 'range')
      out.push({ field: f.name, message: `${showValue(f.name, v)} is outside this exercise's range (allowed ${e.min ?? '…'} to ${e.max ?? '…'})` });
  }
  return out;
}

// Figures of `final` that are compared with the replay; evaluatedStep and layersStep say when
// the page evaluated and must be the run's step; histograms are drawn, not graded. For a run
// stopped by a divergence, only the step, the epoch and the divergence are compared.
export const CLAIMED = Object.freeze(Object.keys(METRIC_FIELDS).filter((k) => k !== 'evaluatedStep' && k !== 'layersStep' && k !== 'diverged'));
export const CLAIMED_LAYER = Object.freeze(Object.keys(LAYER.fields));

// A claimed figure: absent or null (not given), else of its type and, a number, finite (a run
// has null where a figure is not finite, so anything else was not made by a run).
function checkFigure(v, want, field) {
  if (v === undefined || v === null) return;
  if (typeof v !== want) throw typeError(field, `expected ${want === 'number' ? 'a number' : want === 'string' ? 'text' : 'true or false'}, got ${show(v)}`);
  if (want === 'number' && !Number.isFinite(v)) throw rangeError(field, `${show(v)} is not a finite number (a run has null where a figure is not finite)`);
}

function checkFinal(final, step) {
  record(final, 'run.final', [...Object.keys(METRIC_FIELDS), 'layers'], ['step']);
  if (typeof final.step !== 'number') throw typeError('run.final.step', `expected the run's step ${step}, got ${show(final.step)}`);
  if (final.step !== step) throw rangeError('run.final.step', `${show(final.step)} is not the run's step ${step} (the figures must describe the run's last step)`);
  // After a divergence the engine keeps the figures of the last evaluation that worked, made
  // whenever the page last evaluated: only the step and the divergence can be compared.
  const diverged = final.diverged !== undefined && final.diverged !== null;
  const figures = !diverged && CLAIMED.some((k) => k !== 'step' && k !== 'epoch' && final[k] !== undefined);
  if (figures && final.evaluatedStep !== step) throw rangeError('run.final.evaluatedStep', `${show(final.evaluatedStep)}: the figures must come from an evaluation at the run's step ${step}`);
  for (const k of CLAIMED) checkFigure(final[k], METRIC_FIELDS[k].t, `run.final.${k}`);
  for (const k of ['evaluatedStep', 'layersStep']) checkFigure(final[k], 'number', `run.final.${k}`);
  if (diverged) {
    record(final.diverged, 'run.final.diverged', ['step', 'cause', 'message'], ['step', 'cause']);
    integer(final.diverged.step, 'run.final.diverged.step', 0, step);
    for (const k of ['cause', 'message']) checkFigure(final.diverged[k], 'string', `run.final.diverged.${k}`);
  }
  if (final.layers !== undefined && final.layers !== null) {
    if (!Array.isArray(final.layers)) throw typeError('run.final.layers', `expected a list, got ${show(final.layers)}`);
    if (final.layers.length > limits.maxDepth + 1) throw rangeError('run.final.layers', `${final.layers.length} layers is more than a network has (at most ${limits.maxDepth} hidden layers and the output)`);
    if (final.layers.length && !diverged && final.layersStep !== step) throw rangeError('run.final.layersStep', `${show(final.layersStep)}: the per-layer figures must come from a diagnostic evaluation at the run's step ${step}`);
    // (a for loop, not forEach: a hole in a sparse list is a layer that is not an object)
    for (let i = 0; i < final.layers.length; i++) {
      record(final.layers[i], `run.final.layers[${i}]`, [...CLAIMED_LAYER, 'histograms']);
      for (const k of CLAIMED_LAYER) checkFigure(final.layers[i][k], LAYER.fields[k].t, `run.final.layers[${i}].${k}`);
    }
  }
  return final;
}

const layerCount = (n) => `${n} layer${n === 1 ? '' : 's'}`;

/**
 * Compares what the run claims with the replay's figures: {compared (how many figures),
 * mismatch (a RangeError for the first that differs, "tampered", or null)}. The engine is
 * deterministic, so an honest claim equals the replay exactly.
 */
export function compareClaims(final, m) {
  let compared = 0;
  const differ = (path, claimed, actual) => ({
    compared,
    mismatch: rangeError(`run.final.${path}`, `the run claims ${show(claimed)} but replaying it gives ${show(actual)} (the run was changed after it was made, or it is not this configuration's run)`),
  });
  const same = (a, b) => Object.is(a, b) || (a === 0 && b === 0);
  if (!final) return { compared, mismatch: null };
  const diverged = final.diverged !== undefined && final.diverged !== null;
  for (const k of CLAIMED) {
    if (final[k] === undefined || (diverged && k !== 'step' && k !== 'epoch')) continue;
    if (!same(final[k], m[k])) return differ(k, final[k], m[k]);
    compared++;
  }
  if (final.diverged !== undefined) {
    const a = final.diverged;
    const b = m.diverged;
    if ((a === null) !== (b === null) || (a && (a.step !== b.step || a.cause !== b.cause)))
      return differ('diverged', a && `${a.cause} at step ${a.step}`, b && `${b.cause} at step ${b.step}`);
    compared++;
  }
  if (final.layers !== undefined && final.layers !== null && final.layers.length && !diverged) {
    if (final.layers.length !== m.layers.length) return differ('layers', layerCount(final.layers.length), layerCount(m.layers.length));
    for (let i = 0; i < final.layers.length; i++)
      for (const k of CLAIMED_LAYER) {
        const v = final.layers[i][k];
        if (v === undefined) continue;
        if (!same(v, m.layers[i][k])) return differ(`layers[${i}].${k}`, v, m.layers[i][k]);
        compared++;
      }
  }
  return { compared, mismatch: null };
}

/**
 * A submission for grading, as the page (or a script) makes one: `run` from session.toJSON(),
 * the exercise block, and `final` from `metrics` — the figures of the run's last step, so the
 * grader can check them against its replay. Figures from an evaluation at another step are
 * left out (only the step and any divergence are kept), since they could not be compared.
 * Throws TypeError/RangeError like the grader would for the same run.
 */
export function submission(exercise, run, options = undefined) {
  const { metrics = null, prediction = null, attempts = 0 } = checkOptionKeys('options', options, ['metrics', 'prediction', 'attempts']);
  if (run === null || typeof run !== 'object' || run.format !== 'gradlab-run') throw typeError('run', `expected a run from session.toJSON(), got ${show(run)}`);
  const out = { ...run, exercise: { id: exercise.id, prediction, attempts } };
  if (metrics !== null) {
    if (typeof metrics !== 'object' || Array.isArray(metrics)) throw typeError('metrics', `expected the metrics of session.evaluate(), got ${show(metrics)}`);
    const { layers = [], ...figures } = metrics;
    if (!Array.isArray(layers)) throw typeError('metrics.layers', `expected a list, got ${show(layers)}`);
    if (figures.step !== run.step) throw rangeError('metrics.step', `${show(figures.step)} is not the run's step ${run.step}`);
    const evaluated = figures.evaluatedStep === run.step && !figures.diverged;
    const final = evaluated ? { ...figures } : { step: figures.step, epoch: figures.epoch, diverged: figures.diverged ?? null };
    if (evaluated && figures.layersStep === run.step && layers.length) {
      final.layers = Array.from(layers, (l, i) => {
        if (l === null || typeof l !== 'object') throw typeError(`metrics.layers[${i}]`, `expected an object, got ${show(l)}`);
        const { histograms, ...rest } = l;
        return rest;
      });
    } else delete final.layersStep;
    out.final = final;
  }
  checkRun(exercise, out);
  return out;
}
