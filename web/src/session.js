// A training session: the JS face of the engine's Session (bindings/gradlab.cpp).
//
// Buffers live in wasm memory and are read through cached typed-array views. A view dies
// (its buffer is detached) whenever the wasm memory grows, so each cached view is checked
// against the module's current buffer before use and re-taken if needed: no allocation
// across the boundary per step, and never a stale (empty) view.
import { fromFault, rangeError, typeError, show, checkOptionKeys } from './errors.js';
import { getField, validateField, fromQuery, limits } from './schema.js';
import { weightsToJSON, weightsFromJSON } from './weights.js';
import { dataToJSON } from './data.js';

const MAX_STEPS_PER_CALL = 2 ** 31 - 1;

/** Internal: lets gradlab.fromJSON continue a saved run at its step (not part of the API). */
export const resumeAt = Symbol('resumeAt');

export class Session {
  #engine;
  #h;
  #token = {};
  #views = new Map();
  #info;

  /** Internal: use `gradlab.createSession()`. */
  constructor(engine, handle) {
    this.#engine = engine;
    this.#h = handle;
    engine.registry.register(this, handle, this.#token);
    const raw = handle.info();
    this.#info = Object.freeze({
      ...raw,
      layers: Object.freeze(raw.layers.map((l) => Object.freeze(l))),
      features: Object.freeze(raw.features),
      inputDomain: raw.inputDomain && Object.freeze(raw.inputDomain.map((axis) => Object.freeze(axis))),
    });
  }

  #alive() {
    if (!this.#h) throw new Error('this GradLab session has been disposed; create a new one with gradlab.createSession()');
    return this.#h;
  }

  // A cached view, re-taken when the wasm memory has grown (or when `fresh` is asked for,
  // after a call that may have reallocated the underlying buffer).
  #view(key, take, fresh = false) {
    const heap = this.#engine.module.HEAPU8.buffer;
    let v = this.#views.get(key);
    if (fresh || !v || v.buffer !== heap) {
      v = take();
      this.#views.set(key, v);
    }
    return v;
  }

  #fail(fallback) {
    throw fromFault(this.#engine.module.takeFault(), fallback);
  }

  /** Layer shapes, resolved loss/output, data sizes, grid dimensions and unit count. */
  get info() {
    this.#alive();
    return this.#info;
  }

  /**
   * The box the grids cover, `[[lo, hi]]` per axis (two for a plane, one for a line), or null
   * when the data have no input plane. The built-in 2-D sets and fit1d: [-d, d] per axis with
   * d = `schema.domain` (≈ 3.6). User data with 1 or 2 inputs: the domain given with them, else per axis
   * the points' range widened by a tenth of its span on each side (a constant axis v gets
   * v ± max(1, |v|/10)).
   */
  get inputDomain() {
    this.#alive();
    return this.#info.inputDomain;
  }

  /** The session's configuration (including live changes), as a plain object. */
  get config() {
    return fromQuery(this.#alive().configQuery()).config;
  }

  get disposed() {
    return this.#h === null;
  }

  // ---- training --------------------------------------------------------------------------

  /** Trains `n` mini-batches (stops early on divergence); returns the number done. */
  step(n = 1) {
    if (!Number.isInteger(n) || n < 0 || n > MAX_STEPS_PER_CALL)
      throw rangeError('steps', `${show(n)} is not a whole number of steps (allowed 0 to ${MAX_STEPS_PER_CALL})`);
    return this.#alive().step(n);
  }

  /** Trains to the end of the current epoch; returns the number of steps done. */
  stepEpoch() {
    return this.#alive().stepEpoch();
  }

  /** Back to the initial weights, data order and step 0 (same seeds). */
  reset() {
    this.#alive().reset();
  }

  /** New weight/batch seed, same data; restarts at step 0. */
  reseed(seed) {
    validateField('seed', seed);
    this.#alive().reseed(seed);
  }

  /** Changes a field marked `live` in the schema (learning rate, batch size, ...) mid-run. */
  setLive(name, value) {
    const f = getField(name);
    validateField(name, value);  // unknown name → TypeError with a hint; bad value → its error
    if (!f.live) throw rangeError(name, 'cannot change during a run (start a new session with the new value)');
    if (!this.#alive().setLive(name, value)) this.#fail(`${name}: rejected`);
  }

  // ---- instruments -----------------------------------------------------------------------

  /** The current figures without evaluating (step, epoch, last batch loss, last evaluation). */
  metrics() {
    return this.#engine.layout.decode(this.metricsArray());
  }

  /** Evaluates train/test loss and accuracy and, with diagnostics, every per-layer statistic. */
  evaluate(options = undefined) {
    const { diagnostics = true } = checkOptionKeys('options', options, ['diagnostics']);
    return this.#engine.layout.decode(this.metricsArray({ evaluate: true, diagnostics }));
  }

  /**
   * The raw metrics buffer (engine layout, see `gradlab.metricsLayout`), refreshed in place
   * by `pack`/`evaluate`; for callers that read a few numbers every frame without decoding.
   */
  metricsArray(options = undefined) {
    // Options first: a getter among them could dispose the session.
    const { evaluate = false, diagnostics = true } = checkOptionKeys('options', options, ['evaluate', 'diagnostics']);
    const h = this.#alive();
    if (evaluate) h.evaluate(!!diagnostics);
    else h.pack();
    return this.#view('metrics', () => h.metricsView());
  }

  /**
   * Network output over the input plane (2-D data) or line (fit1d, 1-D user data): `values`
   * holds points x outputs floats, row 0 at the top (largest x2), cells sampled at their
   * centres on `inputDomain` (`resolution` cells per axis). `values` is a view, overwritten by
   * the next grid call; pass {copy: true} to keep it.
   */
  predictGrid(resolution = 50, options = undefined) {
    const { copy = false } = checkOptionKeys('options', options, ['copy']);
    const points = this.#gridPoints(resolution);
    const h = this.#alive();
    if (!h.predictGrid(resolution)) this.#fail('grid failed');
    const values = this.#view('grid', () => h.gridView(), true);
    return { resolution, dims: this.#info.gridDims, domain: this.#info.inputDomain, outputs: this.#info.outputs, points, values: copy ? values.slice() : values };
  }

  /**
   * Every unit's activation over the grid, unit-major ([unit][point]); units in order:
   * input features, hidden layers, outputs. Same view rules as predictGrid.
   */
  neuronGrids(resolution = 20, options = undefined) {
    const { copy = false } = checkOptionKeys('options', options, ['copy']);
    const points = this.#gridPoints(resolution);
    const h = this.#alive();
    if (!h.neuronGrids(resolution)) this.#fail('grid failed');
    const values = this.#view('neurons', () => h.neuronView(), true);
    let start = this.#info.inputs;
    const layers = [{ start: 0, units: this.#info.inputs }];
    for (const l of this.#info.layers) {
      layers.push({ start, units: l.units });
      start += l.units;
    }
    return { resolution, dims: this.#info.gridDims, domain: this.#info.inputDomain, points, units: this.#info.units, layers, values: copy ? values.slice() : values };
  }

  // Checks a grid request; returns its number of points (resolution² on a plane, resolution on a line).
  #gridPoints(resolution) {
    if (this.#info.gridDims === 0) throw new Error('grid: this data set has no input plane (the 2-D data sets, fit1d and user data with 1 or 2 inputs have one)');
    if (!Number.isInteger(resolution)) throw typeError('resolution', `expected an integer, got ${show(resolution)}`);
    const { minGridResolution: lo, maxGridResolution: hi } = limits;
    // Checked here, not left to the engine: the binding reads an int32, so 2**32 + 50 would
    // reach it as 50.
    if (resolution < lo || resolution > hi) throw rangeError('resolution', `${resolution} is out of range (allowed ${lo} to ${hi})`);
    return this.#info.gridDims === 2 ? resolution * resolution : resolution;
  }

  /**
   * How good the predictions are at the current weights, on each split (a forward pass over
   * the data; not part of `evaluate()`). Classification: `confusion[truth][predicted]` counts
   * (the rule of the accuracy: its trace over `points` is the accuracy `evaluate()` reports),
   * `classAccuracy[c]` the share of class c's points predicted as c (null without any),
   * `accuracy`. Regression: `r2[j]` = 1 − SS_res/SS_tot of output j about the split's mean
   * (null without points or when every target is the same).
   */
  scores() {
    const raw = this.#alive().scores();
    if (raw === null) this.#fail('scores failed');
    const info = this.#info;
    const split = ({ points, confusion, r2 }) => {
      if (!info.classification) return { points, accuracy: null, confusion: null, classAccuracy: null, r2: r2.map((v) => (Number.isFinite(v) ? v : null)) };
      const k = info.classes;
      const rows = Array.from({ length: k }, (_, t) => confusion.slice(t * k, (t + 1) * k));
      const right = rows.reduce((a, row, t) => a + row[t], 0);
      return {
        points,
        accuracy: points ? right / points : null,
        confusion: rows,
        classAccuracy: rows.map((row, t) => {
          const n = row.reduce((a, b) => a + b, 0);
          return n ? row[t] / n : null;
        }),
        r2: null,
      };
    };
    return { task: info.classification ? 'classification' : 'regression', classes: info.classes, train: split(raw.train), test: split(raw.test) };
  }

  // ---- weights -----------------------------------------------------------------------------

  /** {layers: [{W: number[][] (units x inputs), b: number[]}]}, JSON-safe. */
  getWeights() {
    return weightsToJSON(this.getWeightsArray(), this.#info.layers);
  }

  /** All parameters in the engine's flat layout (a copy). */
  getWeightsArray() {
    const h = this.#alive();
    h.exportWeights();
    return this.#view('weights', () => h.weightsView()).slice();
  }

  /**
   * dL/dW and dL/db in the weights' layout (a copy): after `evaluate()` with diagnostics, the
   * gradient of the mean training loss at the current weights (the per-layer norms the
   * metrics report are its norms); after `step()`, the last training batch's gradient.
   */
  getGradientsArray() {
    const h = this.#alive();
    h.exportGradients();
    return this.#view('weights', () => h.weightsView()).slice();
  }

  /** The gradient of `getGradientsArray()` in the JSON form of `getWeights()`. */
  getGradients() {
    return weightsToJSON(this.getGradientsArray(), this.#info.layers);
  }

  /**
   * What the last diagnostic evaluation found each unit doing, one code per unit (hidden
   * layers, then outputs): `states[i]` indexes `names` ('active', 'dead', 'blocked',
   * 'inactive', 'saturated'; see core/session.hpp for the definitions). `states` is a copy.
   */
  unitStates() {
    const h = this.#alive();
    return { names: this.#engine.unitStateNames, states: this.#view('unitStates', () => h.unitStatesView()).slice() };
  }

  /** Replaces the weights (JSON form or flat Float32Array); optimiser state is kept. */
  setWeights(weights) {
    this.#alive();
    // Read and checked before the handle is taken: a getter in `weights` may dispose us.
    const flat = weightsFromJSON(weights, this.#info.layers);
    const h = this.#alive();
    this.#view('weights', () => h.weightsView()).set(flat);
    if (!h.importWeights()) this.#fail('weights rejected');
  }

  /** Binary blob ("GLW1" header, layer shapes, floats) of the weights. */
  saveWeights() {
    const h = this.#alive();
    h.saveWeights();
    return h.blobView().slice();
  }

  loadWeights(bytes) {
    this.#alive();
    if (!(bytes instanceof Uint8Array)) throw typeError('weights', `expected a Uint8Array blob from saveWeights(), got ${show(bytes)}`);
    const copy = new Uint8Array(bytes);  // plain bytes: nothing of the caller's runs past here
    if (!this.#alive().loadWeights(copy)) this.#fail('weights rejected');
  }

  // ---- data --------------------------------------------------------------------------------

  /**
   * The data set for plotting (copies): coordinates (n x dims), targets (n x targetDim:
   * class index or regression value) and the indices of the train and test points.
   */
  points() {
    const h = this.#alive();
    return {
      dims: h.rawDim(),
      coords: h.rawView().slice(),
      targetDim: h.targetDim(),
      targets: h.targetView().slice(),
      train: h.trainView().slice(),
      test: h.testView().slice(),
    };
  }

  // ---- persistence -------------------------------------------------------------------------

  /**
   * The run: its configuration, the step reached (and epoch), the user data of a dataset
   * "custom" run (with the domain its grids cover) and, with {weights: true}, the weights.
   */
  toJSON(options = undefined) {
    const { weights = false } = checkOptionKeys('options', options, ['weights']);
    const m = this.metrics();
    const config = this.config;
    const run = { format: 'gradlab-run', version: 1, config, step: m.step, epoch: m.epoch };
    if (config.dataset === 'custom') run.data = this.#userData();
    if (weights) run.weights = this.getWeights();
    return run;
  }

  /** Sets the step and epoch counters of a run continued from saved weights (the schedule goes on). */
  [resumeAt](step, epoch) {
    if (!this.#alive().resumeAt(step, epoch)) this.#fail('step rejected');
  }

  // The session's user data, read back from the engine.
  #userData() {
    const h = this.#alive();
    const info = this.#info;
    return dataToJSON({
      inputs: h.rawView(),
      targets: h.targetView(),
      inputDim: h.rawDim(),
      task: info.classification ? 'classification' : 'regression',
      ...(info.classification ? { classes: info.classes } : { outputDim: h.targetDim() }),
      ...(info.inputDomain ? { domain: info.inputDomain } : {}),
    });
  }

  // ---- lifetime ----------------------------------------------------------------------------

  /** Frees the engine's memory for this session; further use throws. Safe to call twice. */
  dispose() {
    if (!this.#h) return;
    this.#engine.registry.unregister(this.#token);
    this.#h.delete();
    this.#h = null;
    this.#views.clear();
  }
}

if (typeof Symbol.dispose === 'symbol') {
  Session.prototype[Symbol.dispose] = Session.prototype.dispose;
}
