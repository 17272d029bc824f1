// The loaded engine: one wasm instance and what is made from it. Environment-independent;
// node.js and browser.js load the module and hand it to `GradLab`.
import { fromFault, typeError, show, checkOptionKeys } from './errors.js';
import { normalizeConfig, toQuery, fromQuery, fromHash as parseHash, activationParams } from './schema.js';
import { repair, runnable } from './repair.js';
import { fromJSON, replay } from './runs.js';
import { MetricsLayout } from './metrics.js';
import { checkData, configForData } from './data.js';
import { Session } from './session.js';
import { presets } from './presets.js';
import { meanField, criticalLine } from './theory.js';
import { checkExercise } from './exercise/format.js';
import { within } from './exercise/checks.js';
import { grade } from './exercise/checker.js';
import { runSweep, createSweepPool } from './sweep/sweep.js';

// With user data, no dataset means "custom" and a built-in one is refused.
const configFor = (config, data) => (data === undefined ? normalizeConfig(config) : configForData(config));

export class GradLab {
  /**
   * Internal: use `await createGradLab()`. `host` (from the package entry) is how sweeps start
   * workers: {spawnWorker, defaultWorkers, workerLoad (how a worker loads this same build)}.
   */
  constructor(module, build, host = null) {
    this.module = module;
    this.host = host;
    /** Which wasm build runs: 'simd' or 'scalar'. */
    this.build = build;
    this.layout = new MetricsLayout({
      names: module.metricNames(),
      layerNames: module.layerMetricNames(),
      histBins: module.histBins,
      divergence: module.divergenceNames(),
    });
    // Safety net for sessions dropped without dispose(): Embind's own registry does not
    // free raw-pointer handles in Emscripten 3.1.6 (docs/toolchain.md, quirk 10).
    this.registry = new FinalizationRegistry((handle) => handle.delete());
    this.presets = presets;
    /** Names of the per-unit state codes of `session.unitStates()`, in code order. */
    this.unitStateNames = Object.freeze(module.unitStateNames());
  }

  /** Names and offsets of the flat metrics array (`session.metricsArray()`). */
  get metricsLayout() {
    const { names, layerNames, histBins, head, stride } = this.layout;
    return { names, layerNames, histBins, head, stride };
  }

  /** Bytes of wasm memory in use (it only grows). */
  memoryBytes() {
    return this.module.memoryBytes();
  }

  /**
   * Creates a training session. `config` is a partial configuration (defaults fill the
   * rest); `options.data` supplies a data set of your own (dataset "custom").
   */
  createSession(config = {}, options = undefined) {
    const { data } = checkOptionKeys('options', options, ['data']);
    const c = configFor(config, data);
    let handle;
    if (data !== undefined) {
      const d = checkData(data);
      handle = this.module.createCustomSession(toQuery(c), d.inputs, d.targets, d.inputDim, d.task === 'classification', d.classes, d.outputDim, d.domain ? d.domain.flat() : []);
    } else {
      handle = this.module.createSession(toQuery(c));
    }
    if (!handle) throw fromFault(this.module.takeFault(), 'could not create the session');
    return new Session(this, handle);
  }

  /**
   * Checks a configuration completely, including the engine's cross-field rules (batch size
   * vs. training set, loss vs. output, memory budget); returns the complete configuration.
   * For dataset "custom" pass the data it will run on (`{data}`): the rules that depend on
   * the data (its size against the batch, its task against the loss) need them. With data,
   * as in `createSession`, no dataset means "custom" and a built-in one is refused.
   */
  check(config = {}, options = undefined) {
    const { data } = checkOptionKeys('options', options, ['data']);
    const c = configFor(config, data);
    let q;
    if (data !== undefined) {
      const d = checkData(data);
      q = this.module.checkCustomQuery(toQuery(c), d.points, d.inputDim, d.task === 'classification', d.classes, d.outputDim);
    } else {
      q = this.module.checkQuery(toQuery(c));
    }
    if (q === null) throw fromFault(this.module.takeFault());
    return fromQuery(q).config;
  }

  /**
   * Reads a URL hash like schema `fromHash` (entries that fail fall back to `base`, then the
   * defaults), then `repair`s what the engine would still refuse; strictly, the first problem
   * throws. The configuration returned can always be run as it is.
   */
  fromHash(hash, options = undefined) {
    const { strict = false, base } = checkOptionKeys('options', options, ['strict', 'base']);
    const parsed = parseHash(hash, { strict, base });
    if (strict) return { config: runnable(this, parsed.config), warnings: [] };
    const repaired = this.repair(parsed.config, { base });
    return { config: repaired.config, warnings: [...parsed.warnings, ...repaired.warnings] };
  }

  /**
   * A configuration the engine accepts and can run without user data, made from `config`
   * (partial: missing fields take `base`'s values, then the defaults). A field the engine
   * rejects, on its own or by a cross-field rule, goes back to `base`'s value, then to the
   * default; when no value of that field helps, the field whose return to `base` clears the
   * problem goes back instead; when none does, an integer field takes the largest value below
   * its own the engine accepts. Each change is a warning {field, value, message} naming the
   * value really used; unknown keys are dropped with a warning. With `{data}` (user data the
   * run will use), the result runs on them (dataset "custom"; a built-in one is replaced, with
   * a warning) and the rules that depend on the data are checked against them; data the
   * engine refuses throw (there is no value to fall back to). Fields change at most twice and
   * are searched at most once, so this ends after at most F² + 2F + 5 checks (F = number of
   * fields) plus 1 + log2(max − min) per integer field searched.
   */
  repair(config, options = undefined) {
    return repair(this, config, options);
  }

  /**
   * Restores a run saved with `session.toJSON()` (a dataset "custom" run with its data). With weights: the weights, the step and the
   * epoch, so the learning-rate schedule continues (optimiser state and batch order start
   * fresh). Without: the saved steps are replayed, which reproduces the run bit for bit
   * (every run is deterministic) — synchronously only up to a bounded amount of work
   * (SYNC_REPLAY_BUDGET in runs.js, about 1–3 s); a longer replay throws a RangeError
   * naming `replay`. A file claiming more steps than its configuration can train is refused.
   */
  fromJSON(run) {
    return fromJSON(this, run);
  }

  /**
   * As `fromJSON`, for runs of any length: replays in slices of about `sliceMs` (50) ms that
   * yield to the event loop, reports `onProgress({step, total})` after each, and stops when
   * `signal` aborts (the promise rejects with the signal's reason; the last progress report
   * says how far it got). Resolves to the session.
   */
  replay(run, options = undefined) {
    return replay(this, run, options);
  }

  /**
   * Checks an exercise (object or JSON text) and returns it normalised and frozen
   * (docs/exercises.md); unlike the engine-free `checkExercise`, it also applies the engine's
   * cross-field rules to the starting configuration.
   */
  checkExercise(exercise) {
    const ex = checkExercise(exercise);
    within('start.config.', () => this.check(ex.config));
    return ex;
  }

  /**
   * Grades a submitted run against an exercise: checks it, replays it bit for bit, compares
   * its claimed figures and evaluates the goal. Resolves to {id, passed, checks, prediction,
   * step, config, attempts, hints, replayed, verified}; refusals reject with a RangeError.
   * Options: {signal, onProgress}.
   */
  grade(exercise, run, options) {
    return grade(this, exercise, run, options);
  }

  /**
   * Runs a sweep: many runs over the axes of `spec`, on a pool of workers that each load this
   * same build. Resolves with the result table; see web/README.md, "Sweeps".
   */
  sweep(spec, options = {}) {
    return runSweep(this, spec, options);
  }

  /**
   * Workers that stay loaded between sweeps: pass the pool as `sweep(spec, {pool})`; `close()`
   * ends them. For pages that run sweep after sweep (start-up is paid once).
   */
  createSweepPool(options = {}) {
    return createSweepPool(this, options);
  }

  /**
   * f(x) and f'(x) of an activation over the given x values. `activation` is a name or a
   * partial configuration holding the activation and its parameters (leakySlope, ...).
   */
  activationCurve(activation, xs) {
    const partial = typeof activation === 'string' ? { activation } : activation;
    const c = normalizeConfig(partial);  // checks the activation and its parameters
    if (!(xs instanceof Float32Array) && !Array.isArray(xs)) throw typeError('x', `expected an array of numbers, got ${show(xs)}`);
    const x = Float32Array.from(xs, (v, i) => {
      if (typeof v !== 'number') throw typeError(`x[${i}]`, `expected a number, got ${show(v)}`);
      return v;
    });
    const q = ['activation', ...activationParams(c.activation)].map((k) => `${k}=${c[k]}`).join('&');
    const out = this.module.activationCurve(q, x);
    if (out === null) throw fromFault(this.module.takeFault());
    return { x, f: out.slice(0, x.length), df: out.slice(x.length) };
  }

  /**
   * The mean-field theory at one point: `{activation, sigmaW2, sigmaB2, ...activation
   * parameters, inputVariance}` → `{phase, qStar, chi1, cStar, xiQ, xiC}` (web/README.md).
   */
  meanField(params) {
    return meanField(this.module, params);
  }

  /** The critical σ_w² (χ₁ = 1) at each σ_b² given, null where there is none. */
  criticalLine(activation, sigmaB2, options) {
    return criticalLine(this.module, activation, sigmaB2, options);
  }
}
