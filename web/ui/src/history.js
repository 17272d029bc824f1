// The metrics history of one run: one sample per diagnostic evaluation, kept whole from
// step 0 by halving the resolution when full (every other sample goes, and samples are then
// taken half as often). Feeds the curves, the layer × time heatmaps and the exports.

const CAPACITY = 240;
const LAYER_KEYS = ['gradZRms', 'gradWNorm', 'gradBNorm', 'weightNorm', 'biasNorm', 'updateRatio', 'preMean', 'preStd', 'actMean', 'actStd', 'dead', 'inactive', 'saturated'];
const GLOBAL_KEYS = ['step', 'epoch', 'trainLoss', 'testLoss', 'trainAccuracy', 'testAccuracy', 'batchLoss', 'learningRate'];

export class History {
  constructor() {
    this.clear();
  }

  clear() {
    /** [{step, epoch, trainLoss, ..., layers: [{gradZRms, ..., hist: {pre, act, grad}}]}] */
    this.samples = [];
    this.gap = 1;
  }

  get last() {
    return this.samples[this.samples.length - 1] ?? null;
  }

  /**
   * Records decoded metrics (from an evaluation with diagnostics) under the step they were
   * evaluated at (a run that diverged keeps the figures of its last finite weights, at an
   * earlier step than its step counter). Returns true if kept.
   */
  add(m) {
    const last = this.last;
    const at = evaluatedAt(m);
    if (last && at === last.step) {
      this.samples[this.samples.length - 1] = sample(m);
      return true;
    }
    if (last && at < last.step) this.clear();
    if (last && at - last.step < this.gap && at !== 0) return false;
    this.samples.push(sample(m));
    if (this.samples.length > CAPACITY) {
      this.samples = this.samples.filter((_, i) => i % 2 === 0 || i === this.samples.length - 1);
      this.gap *= 2;
    }
    return true;
  }

  /** A global series: [{step, value}] for key. */
  series(key) {
    return this.samples.map((s) => s[key]);
  }

  steps() {
    return this.samples.map((s) => s.step);
  }

  /** Per-layer series for key: layers x samples (null where missing). */
  layerSeries(key) {
    const n = this.samples.reduce((a, s) => Math.max(a, s.layers.length), 0);
    return Array.from({ length: n }, (_, l) => this.samples.map((s) => s.layers[l]?.[key] ?? null));
  }

  /** CSV: one row per sample, global columns then L1.gradZRms, ... per layer. */
  toCSV() {
    const n = this.samples.reduce((a, s) => Math.max(a, s.layers.length), 0);
    const layerName = (l) => (l === n - 1 ? 'out' : `L${l + 1}`);
    const head = [...GLOBAL_KEYS];
    for (let l = 0; l < n; l++) for (const k of LAYER_KEYS) head.push(`${layerName(l)}.${k}`);
    const cell = (v) => (v === null || v === undefined || !Number.isFinite(v) ? '' : String(v));
    const rows = this.samples.map((s) => {
      const r = GLOBAL_KEYS.map((k) => cell(s[k]));
      for (let l = 0; l < n; l++) for (const k of LAYER_KEYS) r.push(cell(s.layers[l]?.[k]));
      return r.join(',');
    });
    return `${head.join(',')}\n${rows.join('\n')}\n`;
  }

  /** JSON-safe history, histograms included. */
  toJSON() {
    return this.samples.map((s) => ({
      ...Object.fromEntries(GLOBAL_KEYS.map((k) => [k, s[k]])),
      layers: s.layers.map((L) => ({ ...Object.fromEntries(LAYER_KEYS.map((k) => [k, L[k]])), histograms: L.hist })),
    }));
  }
}

const evaluatedAt = (m) => m.evaluatedStep ?? m.step;

function sample(m) {
  const s = {};
  for (const k of GLOBAL_KEYS) s[k] = m[k] ?? null;
  s.step = evaluatedAt(m);
  s.diverged = m.diverged;
  s.bornDead = m.bornDead;
  s.outputConstant = m.outputConstant;
  s.layers = m.layers.map((L) => {
    const o = { role: L.role, units: L.units, allZero: L.allZero };
    for (const k of LAYER_KEYS) o[k] = L[k] ?? null;
    o.hist = L.histograms;
    return o;
  });
  return s;
}
