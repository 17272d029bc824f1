// The loaded engine: one wasm instance and what is made from it. Environment-independent;
// node.js and browser.js load the module and hand it to `GradLab`.
import { fromFault, rangeError, typeError, show, checkOptionKeys, didYouMean } from './errors.js';
import { normalizeConfig, toQuery, fromQuery, fromHash as parseHash, defaults, configFromJSON, parseJSON, getField, fieldText, checkedBase, fieldNames, activationParams } from './schema.js';
import { MetricsLayout } from './metrics.js';
import { checkData } from './data.js';
import { Session } from './session.js';
import { presets } from './presets.js';
import { checkExercise } from './exercise/format.js';
import { within } from './exercise/checks.js';
import { grade } from './exercise/checker.js';
import { runSweep, createSweepPool } from './sweep/sweep.js';

const same = (x, y) => JSON.stringify(x) === JSON.stringify(y);
const textOf = (v) => String(Array.isArray(v) ? v.join(',') : typeof v === 'string' ? v : show(v)).slice(0, 200);
// The field an error message is about: messages start with "field: " (lists: "hidden[1]: ").
const fieldOf = (message) => /^([A-Za-z0-9]+)(\[\d+\])?: /.exec(message)?.[1] ?? null;

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
  createSession(config = {}, { data } = {}) {
    let partial = config;
    if (data !== undefined && partial && typeof partial === 'object' && partial.dataset === undefined) partial = { ...partial, dataset: 'custom' };
    const c = normalizeConfig(partial);
    let handle;
    if (data !== undefined) {
      if (c.dataset !== 'custom') throw rangeError('dataset', `${show(c.dataset)} generates its own points; use dataset "custom" with user data`);
      const d = checkData(data);
      handle = this.module.createCustomSession(toQuery(c), d.inputs, d.targets, d.inputDim, d.task === 'classification', d.classes, d.outputDim);
    } else {
      handle = this.module.createSession(toQuery(c));
    }
    if (!handle) throw fromFault(this.module.takeFault(), 'could not create the session');
    return new Session(this, handle);
  }

  /**
   * Checks a configuration completely, including the engine's cross-field rules (batch size
   * vs. training set, loss vs. output, memory budget); returns the complete configuration.
   */
  check(config = {}) {
    const c = normalizeConfig(config);
    const q = this.module.checkQuery(toQuery(c));
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
    if (strict) return { config: this.#runnable(parsed.config), warnings: [] };
    const repaired = this.repair(parsed.config, { base });
    return { config: repaired.config, warnings: [...parsed.warnings, ...repaired.warnings] };
  }

  // The complete configuration if a session can be created from it without user data;
  // otherwise the engine's error, naming the field.
  #runnable(config) {
    const c = this.check(config);
    // A link or a stored configuration cannot carry a data set: "custom" would fail only
    // later, when a session is created without one.
    if (c.dataset === 'custom') throw rangeError('dataset', "'custom' needs user-supplied data (inputs and targets), which a configuration alone does not carry");
    return c;
  }

  /**
   * A configuration the engine accepts and can run without user data, made from `config`
   * (partial: missing fields take `base`'s values, then the defaults). A field the engine
   * rejects, on its own or by a cross-field rule, goes back to `base`'s value, then to the
   * default; when no value of that field helps, the field whose return to `base` clears the
   * problem goes back instead. Each change is a warning {field, value, message} naming the
   * value really used; unknown keys are dropped with a warning. Fields change at most twice
   * and are searched at most once per change, so this ends after at most F² + 2F + 5
   * checks (F = number of fields).
   */
  repair(config, options = undefined) {
    if (config === null || typeof config !== 'object' || Array.isArray(config))
      throw typeError('config', `expected an object of settings, got ${show(config)}`);
    const { base } = checkOptionKeys('options', options, ['base']);
    const b = checkedBase(base ?? {});
    const d = defaults();
    const warnings = [];
    const c = structuredClone(b);
    for (const key of Object.keys(config)) {
      if (getField(key)) {
        if (config[key] !== undefined) c[key] = config[key];
      } else {
        const name = key.slice(0, 64);
        warnings.push({ field: name, value: textOf(config[key]), message: `${name}: unknown field${didYouMean(key, fieldNames)}; ignored` });
      }
    }
    const left = new Map();  // field -> the values not tried yet: base's, then the default
    const set = (f, value, why) => {
      warnings.push({ field: f, value: textOf(c[f]), message: `${why}; ${f === fieldOf(why) ? '' : `${f}: `}using ${fieldText(f, value) || '(none)'} instead` });
      c[f] = structuredClone(value);
    };
    for (;;) {
      const { config: ok, problem } = this.#attempt(c);
      if (!problem) return { config: ok, warnings };
      const f = typeof problem.field === 'string' ? problem.field.replace(/\[\d+\]$/, '') : '';
      if (!getField(f)) return this.#startOver(problem, b, d, warnings);  // not about one field
      if (!left.has(f)) left.set(f, [b[f], d[f]]);
      const candidates = left.get(f);
      while (candidates.length && same(candidates[0], c[f])) candidates.shift();
      if (candidates.length) {
        set(f, candidates.shift(), problem.message);
        continue;
      }
      // No value of f helps: another field's value causes it (numPoints too small for any
      // batch size f may take). The first, in schema order, whose base value clears it.
      const g = fieldNames.find((g) => g !== f && !left.has(g) && !same(c[g], b[g]) && this.#clears(c, g, b[g], f));
      if (g === undefined) return this.#startOver(problem, b, d, warnings);
      left.set(g, [d[g]]);
      set(g, b[g], problem.message);
    }
  }

  // {config} when a session can be created from it as it is, else {problem}: the engine's error.
  #attempt(config) {
    try {
      return { config: this.#runnable(config) };
    } catch (problem) {
      return { problem };
    }
  }

  // Whether giving field g this value removes the objection to field f (c is left as it was).
  #clears(c, g, value, f) {
    const saved = c[g];
    c[g] = value;
    const { problem } = this.#attempt(c);
    c[g] = saved;
    return !problem || problem.field?.replace(/\[\d+\]$/, '') !== f;
  }

  // Nothing field by field clears the problem: the whole base, else the defaults.
  #startOver(problem, b, d, warnings) {
    for (const [whole, what] of [[b, 'the base configuration'], [d, 'the defaults']]) {
      const { config } = this.#attempt(whole);
      if (config) {
        warnings.push({ field: String(problem.field ?? 'config'), value: '', message: `${problem.message}; using ${what} instead` });
        return { config, warnings };
      }
    }
    throw problem;
  }

  /**
   * Restores a run saved with `session.toJSON()`: the configuration and, if present, the
   * weights (optimiser state starts fresh). Without weights, the saved number of steps is
   * replayed, which reproduces the run bit for bit (every run is deterministic).
   */
  fromJSON(run) {
    const obj = parseJSON(run, 'run');
    if (obj === null || typeof obj !== 'object' || obj.format !== 'gradlab-run')
      throw typeError('run', `expected an object from session.toJSON() (format "gradlab-run"), got ${show(obj)}`);
    const config = configFromJSON(obj.config ?? {});
    const step = obj.step ?? 0;
    if (!Number.isInteger(step) || step < 0) throw rangeError('run.step', `${show(step)} is not a step count`);
    const s = this.createSession(config);
    try {
      if (obj.weights !== undefined) s.setWeights(obj.weights);
      else if (step > 0) s.step(step);
    } catch (e) {
      s.dispose();
      throw e;
    }
    return s;
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
    const x = Float32Array.from(xs);
    const q = ['activation', ...activationParams(c.activation)].map((k) => `${k}=${c[k]}`).join('&');
    const out = this.module.activationCurve(q, x);
    if (out === null) throw fromFault(this.module.takeFault());
    return { x, f: out.slice(0, x.length), df: out.slice(x.length) };
  }
}
