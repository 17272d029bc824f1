// One training run as the page sees it: its engine (EngineHost), the configuration the engine
// accepted, the latest frame (metrics, grids, weights), the history and the event memory.
// The A/B comparison is simply two of these stepped in lockstep.
import { EngineHost } from './host.js';
import { History } from './history.js';
import { detectEvents } from './events.js';
import { BUFFER_KINDS } from './protocol.js';
import { engineData } from './data-set.js';

export class Run {
  constructor(key, { onCrash, scores = false }) {
    this.key = key;
    this.onCrash = onCrash;
    /** Whether each evaluation brings the scores (confusion matrix, R²) too: a panel shows them. */
    this.wantsScores = scores;
    this.host = null;
    this.history = new History();
    this.reset();
  }

  reset() {
    this.config = null;
    this.info = null;
    this.points = null;
    this.history.clear();
    this.memo = {};
    this.metrics = null;
    this.step = 0;
    this.epoch = 0;
    this.batchLoss = null;
    this.diverged = null;
    this.grid = null;
    this.gridRes = 0;
    this.neurons = null;
    this.neuronRes = 0;
    this.weights = null;
    this.grads = null;
    this.unitState = null;
    this.scores = null;
    this.data = null;
    this.give = {};
    this.pending = false;
    this.stepMs = 0;
    this.curves = new Map();
  }

  /** Starts the engine (a worker, or the page when workers are refused). */
  async start(options = {}) {
    this.host?.dispose();
    this.host = new EngineHost({ onCrash: (reason) => this.onCrash(this, reason) });
    const r = await this.host.start(options);
    this.build = r.build;
    this.mode = r.mode;
    return r;
  }

  get alive() {
    return !!this.host && !this.host.dead;
  }

  /**
   * Sends a configuration (and the learner's own points, data-set.js, used with dataset
   * custom); resolves to the engine's warnings. The run restarts at step 0. `this.data` is the
   * data object the run trains on (null for a built-in set), so a view can tell whether the
   * points it shows are the run's.
   */
  async configure(config, base, data = null) {
    const own = data && config.dataset === 'custom' ? data : null;
    const r = await this.host.request('configure', own ? { config, base, data: engineData(own) } : { config, base });
    this.reset();
    this.config = r.config;
    this.info = r.info;
    this.points = r.points;
    this.data = r.config.dataset === 'custom' ? own : null;
    return r.warnings;
  }

  /**
   * Trains `steps` and maybe evaluates. Returns {events, divergedNow, diag} once the frame
   * is in. Buffers of the frame it replaces go back to the engine for reuse.
   */
  async frame(steps, diag, want) {
    // the scores panel's figures come with each evaluation (one more forward pass over the data)
    if (this.wantsScores) want = { ...want, scores: true };
    const give = this.give;
    this.give = {};
    this.pending = true;
    let f;
    try {
      f = await this.host.request('frame', { steps, diag, want, give }, Object.values(give), { patience: diag === 'none' ? 0 : 4 * this.evalMs() });
    } finally {
      this.pending = false;
    }
    const wasDiverged = !!this.diverged;
    this.step = f.step;
    this.epoch = f.epoch;
    this.batchLoss = f.batchLoss;
    this.diverged = f.diverged;
    this.stepMs = f.stepMs;
    let events = [];
    if (f.metrics) {
      for (const k of BUFFER_KINDS) {
        if (k === 'weights') continue;  // a fresh copy from the API each time: nothing to reuse
        if (f[k] && this[k] && this[k].buffer !== f[k].buffer && this[k].buffer.byteLength) this.give[k] = this[k].buffer;
      }
      if (f.grid) {
        this.grid = f.grid;
        this.gridRes = want.grid;
      }
      if (f.neurons) {
        this.neurons = f.neurons;
        this.neuronRes = want.neurons;
      } else if (!want.neurons) this.neurons = null;
      if (want.weights) {
        this.weights = f.weights;
        this.grads = f.grads;
        this.unitState = f.unitState;
      } else {
        this.weights = this.grads = this.unitState = null;
      }
      const prev = this.metrics;
      this.metrics = f.metrics;
      this.scores = f.scores ?? null;
      this.history.add(f.metrics);
      events = detectEvents(prev, f.metrics, this.memo);
    }
    return { events, divergedNow: !!f.diverged && !wasDiverged, diag: !!f.metrics, done: f.done };
  }

  /**
   * A pessimistic guess of one evaluation's time (ms): forward and backward passes over every
   * training and test point, at 1 GFLOP/s.
   */
  evalMs() {
    if (!this.info) return 0;
    return ((this.info.train + this.info.test) * this.info.paramCount * 6) / 1e6;
  }

  async live(name, value) {
    const r = await this.host.request('live', { name, value });
    this.config = r.config;
  }

  async rewind() {
    await this.host.request('reset');
    const keep = { config: this.config, info: this.info, points: this.points, data: this.data };
    this.reset();
    Object.assign(this, keep);
  }

  /**
   * f and f' of an activation from the engine at n evenly spaced z from lo to hi (cached per
   * activation, then per range).
   */
  async curve(spec, { lo = -5, hi = 5, n = 201 } = {}) {
    const key = JSON.stringify(spec);
    if (!this.curves.has(key)) this.curves.set(key, new Map());
    const ranges = this.curves.get(key);
    const at = `${lo},${hi},${n}`;
    if (!ranges.has(at)) {
      const p = this.host.request('curve', { activation: spec, lo, hi, n });
      p.catch(() => ranges.delete(at));
      ranges.set(at, p);
    }
    return ranges.get(at);
  }

  async exportJSON(what) {
    return (await this.host.request('export', { what })).json;
  }

  dispose() {
    this.host?.dispose();
    this.host = null;
  }
}
