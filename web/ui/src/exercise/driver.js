// An exercise while the student works on it: the prediction step before the first run, the
// rules of the exercise for what the page may do (fields it may change, the step budget), the
// live checklist from each evaluation (the shared checker's checkGoal on the figures the page
// already has), and the end of an attempt: the run graded, hints unlocked, and the result
// sent to the embedding page as a `gradlab-exercise` event that carries the run itself.
//
// The verdict is the grader's (gradlab.grade, in the engine's worker): the run replayed from
// step 0 in a session of its own. For a run that ends at the budget that is the live
// checklist again, figure for figure — the engine is deterministic and the page evaluated at
// that step — but a run that diverged has only the figures of whatever step the page last
// evaluated, while the grader evaluates at the last step before the divergence, as it does
// headlessly. So the page's verdict is always the one an instructor's `gradlab grade` gives.
//
// A run in exercise mode is exactly what the run format can describe — one configuration
// from step 0 to its last step — so that grading it headlessly (gradlab.grade, `gradlab
// grade`) replays the same run bit for bit: a setting changed in the middle of a run starts a
// new run (the live changes of the playground are off), and training never goes past the
// exercise's step budget.
//
// An exercise with a budget of 0 steps asks about the initialisation: nothing trains, and the
// student checks each network as drawn with *Check this run* (an attempt per check, not per
// setting touched on the way).
import { checkGoal, checkPrediction, configProblems, normalizeConfig, submission, EXERCISE_LIMITS } from '../../../src/common.js';

/** How long the engine may take to grade (replay) a run before the page's watchdog gives up on it. */
const GRADE_PATIENCE_MS = 120000;

/** Why an attempt ended (the event's `reason`). */
export const Ending = Object.freeze({ BUDGET: 'budget', DIVERGED: 'diverged', SUBMITTED: 'submitted' });

/** Mini-batches in one epoch of `run`'s training set (a Step of one epoch, held at the budget). */
const epochSteps = (run) => Math.max(1, Math.ceil((run.info?.train ?? 1) / (run.config?.batchSize ?? 1)));

/**
 * The submission as the run format takes it: a network whose weights would make the run's JSON
 * longer than the format allows (a 20 × 256 network's are ~26 MB) is sent without them — the
 * grader still replays the run and compares every figure it claims, bit for bit; it can then
 * not compare the weights (`verified.weights` is false), and the page says so in the event log.
 */
function withinRunLimit(sent) {
  if (sent.weights === undefined || JSON.stringify(sent).length <= EXERCISE_LIMITS.runBytes) return sent;
  const { weights, ...rest } = sent;
  return rest;
}

export class ExerciseDriver {
  /**
   * @param {object} o
   * @param {object} o.exercise the normalised exercise (checkExercise)
   * @param {ExerciseCard} o.card its view
   * @param {{list: Run[], generation: number}} o.runs the page's runs (run A is the attempt)
   * @param {(type, detail) => void} o.emit DOM events for the embedding page
   * @param {(events) => void} o.log the event log
   * @param {() => void} o.pause stops training
   * @param {() => Promise<void>} o.settle pauses and evaluates the runs at the step they reached
   */
  constructor({ exercise, card, runs, emit, log, pause, settle }) {
    Object.assign(this, { exercise, card, runs, emit, log, pause, settle });
    this.budget = exercise.limits.steps;
    /** The student's locked-in prediction (null: none yet). */
    this.prediction = null;
    /** Attempts ended so far (runs checked). */
    this.attempts = 0;
    /** The run in front of the student has been checked: it may not train on. */
    this.ended = false;
    this.finishing = false;
    this.lastStep = 0;
    this.lastMetrics = null;
    /** The latest result (checkGoal), and the latest event's detail. */
    this.result = null;
    this.report = null;
    /** Called with the new reason (or '') whenever whether training may go on changes. */
    this.onRunnable = () => {};
  }

  /** In exercise mode a setting changed during a run starts a new run (see the top of this file). */
  get liveChanges() {
    return false;
  }

  /** The exercise asks for a prediction and none is locked in yet: nothing may run or be checked. */
  get awaitsPrediction() {
    return !!this.exercise.prediction && this.prediction === null;
  }

  /** Why training may not start or go on now ('' when it may). */
  blocked() {
    if (this.awaitsPrediction) return `Answer the prediction question first: ${this.budget > 0 ? 'training starts' : 'the network can be checked'} once your prediction is locked in.`;
    if (this.ended) return this.budget > 0 ? 'This run has been checked. Change a setting or press Reset for another attempt.' : 'This network has been checked. Change a setting for another attempt.';
    if (this.budget === 0) return 'Nothing is trained in this exercise: the checks read the network as it was drawn. Change the settings, look at the panels, then press Check this run.';
    return '';
  }

  /** The student's answer to the prediction step: '' when it is locked in, else why not. */
  answer(value) {
    if (this.prediction !== null) return 'Your prediction is already locked in.';
    let checked;
    try {
      checked = checkPrediction(this.exercise, value);
    } catch (e) {
      return String(e.message).replace(/^run\.exercise\.prediction: /, '');
    }
    this.prediction = checked;
    this.card.predicted(checked, { checkable: this.budget === 0 && !!this.lastMetrics });
    this.log([{ step: 0, level: 'info', text: `Prediction locked in: ${checked}.` }]);
    this.#runnable();
    return '';
  }

  /** The step a playing run may train to from `base`: never past the budget. */
  limit(base, target) {
    return Math.min(target, this.budget);
  }

  /**
   * How many of the `steps` asked for (a number or 'epoch') run A may take now: 0 when none,
   * `steps` itself when all of them fit in the budget.
   */
  steps(steps, run) {
    if (this.blocked()) return 0;
    const left = this.budget - (run?.step ?? 0);
    if (left <= 0) return 0;
    const wanted = steps === 'epoch' ? epochSteps(run) : steps;
    return wanted <= left ? steps : left;
  }

  /**
   * The problems a change of settings would have in this exercise ([{field, value, message}],
   * empty when it is allowed): a locked field, or an editable one outside its values or range.
   */
  refuse(changes, config) {
    let next;
    try {
      next = normalizeConfig({ ...config, ...changes });
    } catch {
      return [];  // the controls and the engine say what is wrong with the value itself
    }
    return configProblems(this.exercise, next)
      .filter((p) => Object.hasOwn(changes, p.field))
      .map((p) => ({ field: p.field, value: '', message: `${p.field} ${p.message}` }));
  }

  /** A new run (a new configuration, or the same one reset to step 0): a new attempt may start. */
  newRun() {
    this.ended = false;
    this.finishing = false;
    this.lastStep = 0;
    this.lastMetrics = null;
    this.card.newRun(this.blocked());
    this.#runnable();
  }

  /** After each frame: the live checklist from run A's latest evaluation; the budget or a divergence ends the attempt. */
  afterFrame() {
    const run = this.runs.list[0];
    if (!run?.info) return;
    if (run.step < this.lastStep) this.newRun();  // reset to step 0
    this.lastStep = run.step;
    this.card.step(run.step);
    if (run.metrics && run.metrics !== this.lastMetrics && !this.finishing) {
      this.lastMetrics = run.metrics;
      this.result = this.#check(run);
      if (!this.ended) this.card.showChecks(this.result, { step: run.step });
    }
    // (a budget of 0 is checked when the student asks: each setting would be an attempt otherwise)
    if (!this.ended && !this.finishing && this.budget > 0) {
      if (run.diverged) this.finish(Ending.DIVERGED);
      else if (run.step >= this.budget) this.finish(Ending.BUDGET);
    }
  }

  #check(run) {
    return checkGoal(this.exercise, { metrics: run.metrics, config: run.config, prediction: this.prediction, attempts: this.attempts });
  }

  /**
   * Ends the attempt: evaluates run A at the step it reached, checks it, unlocks hints and
   * sends the result with the run (`submission`: the run format plus the figures it claims,
   * which the grader compares with its replay). Resolves to the event's detail, or null when
   * the run changed meanwhile (a new configuration: nothing to report).
   */
  async finish(reason = Ending.SUBMITTED) {
    if (this.ended || this.finishing) return null;
    const run = this.runs.list[0];
    if (!run?.info || this.awaitsPrediction || (run.step === 0 && this.budget > 0)) return null;
    this.finishing = true;
    const generation = this.runs.generation;
    const current = () => this.runs.generation === generation && this.runs.list[0] === run;
    try {
      this.pause();
      await this.settle();
      if (!current()) return null;
      const json = JSON.parse(await run.exportJSON('weights'));
      if (!current() || json.step !== run.step) return null;
      this.attempts += 1;
      const metrics = run.metrics;
      const sent = withinRunLimit(submission(this.exercise, json, { metrics, prediction: this.prediction, attempts: this.attempts }));
      let result;
      let problem = '';
      try {
        result = await run.host.request('grade', { exercise: this.exercise, run: sent }, [], { patience: GRADE_PATIENCE_MS });
      } catch (e) {
        // not expected (the engine is deterministic): say so, and show the page's own check
        problem = String(e?.message ?? e);
        result = { ...this.#check(run), replayed: false };
      }
      if (!current()) return null;
      this.result = result;
      this.ended = true;
      this.card.step(run.step);
      this.card.showChecks(result, { final: true, step: run.step, problem });
      this.card.showHints(result.hints, this.attempts);
      const detail = {
        id: result.id,
        passed: result.passed,
        checks: result.checks.map((c) => ({ predicate: c.predicate, label: c.label, passed: c.passed, value: c.value, feedback: c.feedback })),
        prediction: result.prediction,
        attempts: this.attempts,
        step: run.step,
        reason,
        config: result.config,
        hints: result.hints,
        replayed: result.replayed === true,
        run: sent,
      };
      this.report = detail;
      this.log([{ step: run.step, level: result.passed ? 'good' : 'info', text: `Exercise checked at step ${run.step}: ${result.passed ? 'passed' : `${result.checks.filter((c) => !c.passed).length} of ${result.checks.length} checks do not hold`} (attempt ${this.attempts}).` }]);
      if (sent.weights === undefined) this.log([{ step: run.step, level: 'info', text: `The run is sent without its weights: with them it would be longer than a run may be (${EXERCISE_LIMITS.runBytes / 1024 / 1024} MiB of JSON). Graders replay it and compare every figure it claims instead.` }]);
      this.emit('exercise', detail);
      return detail;
    } finally {
      this.finishing = false;
      this.#runnable();
    }
  }

  #runnable() {
    const why = this.blocked();
    this.card.blocked(why);
    this.onRunnable(why);
  }
}
