// The loaded engine: one wasm instance and what is made from it. Environment-independent;
// node.js and browser.js load the module and hand it to `GradLab`.
import { fromFault, rangeError, typeError, show } from './errors.js';
import { normalizeConfig, toQuery, fromQuery, fromHash as parseHash, defaults, configFromJSON, parseJSON } from './schema.js';
import { activationParams } from './schema.js';
import { MetricsLayout } from './metrics.js';
import { checkData } from './data.js';
import { Session } from './session.js';
import { presets } from './presets.js';
import { meanField, criticalLine } from './theory.js';

export class GradLab {
  /** Internal: use `await createGradLab()`. */
  constructor(module, build) {
    this.module = module;
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
   * Reads a URL hash like schema `fromHash`, then applies the engine's cross-field rules:
   * leniently, a field the engine rejects is put back to its default (with a warning) until
   * the configuration is valid; strictly, the first problem throws.
   */
  fromHash(hash, { strict = false } = {}) {
    const { config, warnings } = parseHash(hash, { strict });
    const d = defaults();
    for (let tries = 0; tries <= Object.keys(d).length; tries++) {
      try {
        return { config: this.check(config), warnings };
      } catch (e) {
        if (strict) throw e;
        const f = e.field?.replace(/\[\d+\]$/, '');
        if (f in d && JSON.stringify(config[f]) !== JSON.stringify(d[f])) {
          warnings.push({ field: f, value: String(config[f]), message: `${e.message}; using the default` });
          config[f] = d[f];
        } else {
          warnings.push({ field: f ?? 'config', value: '', message: `${e.message}; using the defaults` });
          return { config: d, warnings };
        }
      }
    }
    return { config: d, warnings };
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
