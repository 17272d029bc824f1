// Decodes the engine's flat metrics array (core/session.hpp, pack_metrics) into a plain,
// JSON-safe object. The layout comes from the engine's own name tables (kMetricNames,
// kLayerMetricNames, read once at load), so nothing here hard-codes an offset.

const BOOLEAN = new Set(['bornDead', 'outputConstant', 'allZero']);
const HIST_BOUNDS = new Set(['preLo', 'preHi', 'actLo', 'actHi', 'gradLogLo', 'gradLogHi', 'gradZeros', 'gradBelow']);

/** NaN and ±Infinity have no JSON form: they become null. */
const finite = (v) => (Number.isFinite(v) ? v : null);

export class MetricsLayout {
  /** @param {{names: string[], layerNames: string[], histBins: number, divergence: string[]}} t */
  constructor(t) {
    this.names = t.names;
    this.layerNames = t.layerNames;
    this.histBins = t.histBins;
    this.divergence = t.divergence;
    this.head = t.names.length;
    this.stride = t.layerNames.length + 3 * t.histBins;
    this.at = Object.fromEntries(t.names.map((n, i) => [n, i]));
  }

  /** Number of layers whose statistics the array holds (0 before a diagnostic evaluation). */
  layerCount(a) {
    return a[this.at.layers];
  }

  decode(a) {
    const m = {};
    for (let i = 0; i < this.head; i++) {
      const name = this.names[i];
      if (name === 'layers' || name === 'histBins' || name === 'diverged' || name === 'divergedStep') continue;
      m[name] = BOOLEAN.has(name) ? a[i] !== 0 : finite(a[i]);
    }
    if (m.evaluatedStep === -1) m.evaluatedStep = null;
    const cause = this.divergence[a[this.at.diverged]];
    m.diverged = cause === 'none' ? null : divergence(cause, a[this.at.divergedStep], a[this.at.batchLoss], a[this.at.trainLoss]);
    const n = this.layerCount(a);
    m.layers = [];
    for (let l = 0; l < n; l++) m.layers.push(this.decodeLayer(a, this.head + l * this.stride, l, n));
    return m;
  }

  decodeLayer(a, base, index, count) {
    const L = { index, role: index === count - 1 ? 'output' : 'hidden' };
    const v = {};
    this.layerNames.forEach((name, i) => { v[name] = a[base + i]; });
    for (const name of this.layerNames) {
      if (HIST_BOUNDS.has(name)) continue;
      L[name] = BOOLEAN.has(name) ? v[name] !== 0 : finite(v[name]);
    }
    const bins = this.histBins;
    const h = base + this.layerNames.length;
    const counts = (k) => Array.from(a.subarray(h + k * bins, h + (k + 1) * bins));
    L.histograms = {
      pre: { lo: v.preLo, hi: v.preHi, counts: counts(0) },
      act: { lo: v.actLo, hi: v.actHi, counts: counts(1) },
      // Gradient magnitudes |dL/dz| on a log10 axis; exact zeros and values below the range
      // (more than 12 decades under the largest) are counted apart.
      grad: { log10Lo: v.gradLogLo, log10Hi: v.gradLogHi, counts: counts(2), zeros: v.gradZeros, below: v.gradBelow },
    };
    return L;
  }
}

/**
 * The hidden layers of a metrics object: `metrics.layers` ends with the output layer, which
 * is not what "dead units in the network" or "layer 1..n" mean in a lesson.
 */
export function hiddenLayers(metrics) {
  return metrics.layers.filter((l) => l.role === 'hidden');
}

const ADVICE = 'lower the learning rate, use a smaller init gain, or set clipNorm';

/** The divergence record, with a sentence a learner can act on. */
export function divergence(cause, step, batchLoss, trainLoss) {
  // Before the first step the batch loss is NaN because none was computed: an infinite
  // loss anywhere is the one that overflowed.
  const bad = [batchLoss, trainLoss].some((v) => v === Infinity || v === -Infinity) ? 'infinite' : 'NaN';
  let message;
  // At step 0 nothing was updated yet, so the learning rate is not the cause.
  const what = cause === 'loss' ? `loss became ${bad}` : cause === 'gradient' ? 'the gradient overflowed' : 'the weights overflowed';
  if (step === 0) message = `${what} at step 0, before any update — the initial weights or the inputs are too large for this network (use a smaller init gain or fewer layers, or scale the data)`;
  else if (cause === 'loss') message = `loss became ${bad} at step ${step} — the learning rate is probably too high for this initialisation (${ADVICE})`;
  else if (cause === 'gradient') message = `the gradient overflowed at step ${step} — the weights or the learning rate are too large for this network (${ADVICE})`;
  else message = `the weights overflowed at step ${step} — the learning rate is probably too high for this initialisation (${ADVICE})`;
  return { step, cause, message };
}
