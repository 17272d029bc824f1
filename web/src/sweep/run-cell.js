// One run of a sweep: a fresh session of the cell's configuration with the replicate's seed,
// trained for `steps` mini-batches, measured as the spec asks. The same code runs in every
// worker (Node worker_threads or Web Workers), so a run's figures depend only on its task.
//
// A figure the engine reports as NaN/±Infinity, or one that does not exist for this run, is
// null with a note saying why ("diverged at step 57", "not reached in 500 steps", "no hidden
// layer"): nothing non-finite leaves this module.
import { needs } from './measures.js';
import { ln } from './ln.js';

/** The steps at which a run with a curve measure evaluates: 0, e, 2e, …, and the last step. */
export function evaluationSteps(steps, evalEvery) {
  const out = [];
  for (let s = 0; s < steps; s += evalEvery) out.push(s);
  out.push(steps);
  return out;
}

const finite = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function hiddenLayers(m) {
  return m.layers.filter((l) => l.role === 'hidden');
}

// rms dL/dz of each hidden layer, or the reason the ratio of two of them cannot be formed.
function gradientRatio(a, b, layerA, layerB) {
  if (a === null || b === null) return { note: 'the back-propagated gradient overflowed' };
  if (b === 0) return { note: `no gradient reaches hidden layer ${layerB + 1} (rms dL/dz is 0)` };
  if (a === 0) return { value: 0, note: null, zeroAt: layerA };
  return { value: a / b, note: null };
}

/** Per-layer measures of a diagnostic evaluation at initialisation. */
function initMeasures(m, want, set) {
  const hidden = hiddenLayers(m);
  const L = hidden.length;
  const rms = hidden.map((l) => finite(l.gradZRms));
  if (want.has('gradRatioInit')) {
    if (L === 0) set('gradRatioInit', null, 'no hidden layer');
    else {
      const r = gradientRatio(rms[0], rms[L - 1], 0, L - 1);
      set('gradRatioInit', r.value ?? null, r.note);
    }
  }
  if (want.has('gradGrowthInit')) {
    if (L < 2) set('gradGrowthInit', null, 'needs at least 2 hidden layers');
    else {
      const g = [];
      for (let l = 0; l < L - 1; l++) {
        const r = gradientRatio(rms[l], rms[l + 1], l, l + 1);
        g.push(r.value ?? null);
      }
      set('gradGrowthInit', g, g.includes(null) ? 'null where a layer passes no finite gradient' : null);
    }
  }
  if (want.has('logGradGrowthInit')) {
    if (L < 2) set('logGradGrowthInit', null, 'needs at least 2 hidden layers');
    else {
      const r = gradientRatio(rms[0], rms[L - 1], 0, L - 1);
      if (r.value === undefined) set('logGradGrowthInit', null, r.note);
      else if (r.value === 0) set('logGradGrowthInit', null, 'no gradient reaches hidden layer 1 (rms dL/dz is 0): the log is -infinity');
      else set('logGradGrowthInit', (ln(rms[0]) - ln(rms[L - 1])) / (L - 1), null);
    }
  }
}

/** Unit-state shares and the gradient ratio of a diagnostic evaluation after training. */
function endDiagMeasures(m, want, set) {
  const hidden = hiddenLayers(m);
  const units = hidden.reduce((a, l) => a + l.units, 0);
  for (const [name, key] of [['deadFraction', 'dead'], ['inactiveFraction', 'inactive'], ['saturatedFraction', 'saturated']]) {
    if (!want.has(name)) continue;
    if (units === 0) set(name, null, 'no hidden layer');
    else set(name, hidden.reduce((a, l) => a + l[key], 0) / units, null);
  }
  if (want.has('gradRatio')) {
    if (hidden.length === 0) set('gradRatio', null, 'no hidden layer');
    else {
      const r = gradientRatio(finite(hidden[0].gradZRms), finite(hidden[hidden.length - 1].gradZRms), 0, hidden.length - 1);
      set('gradRatio', r.value ?? null, r.note);
    }
  }
}

// Why an end-of-run figure is missing when the run did not diverge.
function missingReason(name, info) {
  if (/Accuracy/.test(name) && !info.classification) return 'regression data: no accuracy';
  if (/[tT]est/.test(name) && info.test === 0) return 'no test set (trainFraction is 1)';
  return 'not finite';
}

const END = [['trainLoss', 'trainLoss'], ['testLoss', 'testLoss'], ['trainAccuracy', 'trainAccuracy'], ['testAccuracy', 'testAccuracy']];
const BEST = [['bestTrainLoss', 'trainLoss', -1], ['bestTestLoss', 'testLoss', -1], ['bestTrainAccuracy', 'trainAccuracy', 1], ['bestTestAccuracy', 'testAccuracy', 1]];

/**
 * Runs one (cell, replicate) task: {config, steps, evalEvery, measures, target}. Returns
 * {values, notes, diverged, divergedStep}: `values[m]` is a number, an array (curve and
 * per-layer measures) or null, and `notes[m]` says why a value is null.
 */
export function runCell(gradlab, task) {
  const { config, steps, evalEvery, measures, target } = task;
  const need = needs(measures);
  const want = new Set(measures);
  const values = {}, notes = {};
  const set = (name, value, note) => {
    values[name] = value;
    if (note) notes[name] = note;
  };
  const s = gradlab.createSession(config);
  try {
    const info = s.info;
    let divergence = null;
    const check = (m) => {
      if (m.diverged && !divergence) divergence = m.diverged;
      return m;
    };

    let m0 = null;
    if (need.initDiag) {
      m0 = check(s.evaluate({ diagnostics: true }));
      initMeasures(m0, want, set);
    }

    const at = need.curve ? evaluationSteps(steps, evalEvery) : null;
    const curve = { train: [], test: [], reached: null, best: {} };
    let last = null;  // the last evaluation, and its step
    const track = (step, m) => {
      const tr = finite(m.trainLoss), te = finite(m.testLoss);
      curve.train.push(tr);
      curve.test.push(te);
      if (curve.reached === null && target !== null && tr !== null && tr <= target) curve.reached = step;
      for (const [name, key, dir] of BEST) {
        const v = finite(m[key]);
        if (v !== null && (curve.best[name] === undefined || dir * (v - curve.best[name]) > 0)) curve.best[name] = v;
      }
      last = { step, m };
    };
    if (at) {
      const m = m0 ?? check(s.evaluate({ diagnostics: false }));
      if (!divergence) track(0, m);
    }

    let done = 0;
    for (let k = 1; done < steps && !divergence; k++) {
      const next = at ? at[k] : steps;
      const did = s.step(next - done);
      done += did;
      if (done < next) {
        divergence = s.metrics().diverged ?? { step: done, cause: 'loss' };
        break;
      }
      if (at) {
        const m = check(s.evaluate({ diagnostics: false }));
        if (!divergence) track(done, m);
      }
    }

    let mEnd = null;
    if (need.end && !divergence) {
      // An evaluation already made at the final weights is reused (evaluate() is deterministic):
      // the diagnostic one at initialisation when there are no steps, the curve's last one.
      if (steps === 0 && m0) mEnd = m0;
      else if (!need.endDiag && last && last.step === steps) mEnd = last.m;
      else mEnd = check(s.evaluate({ diagnostics: need.endDiag }));
    }
    const divergedNote = divergence ? `diverged at step ${divergence.step}` : null;
    if (need.end) {
      for (const [name, key] of END) {
        if (!want.has(name)) continue;
        if (divergence) set(name, null, divergedNote);
        else {
          const v = finite(mEnd[key]);
          set(name, v, v === null ? missingReason(name, info) : null);
        }
      }
      if (need.endDiag) {
        if (!divergence) endDiagMeasures(mEnd, want, set);
        else for (const name of ['deadFraction', 'inactiveFraction', 'saturatedFraction', 'gradRatio']) if (want.has(name)) set(name, null, divergedNote);
      }
    }
    if (at) {
      const pad = (xs) => [...xs, ...new Array(at.length - xs.length).fill(null)];
      if (want.has('trainLossCurve')) set('trainLossCurve', pad(curve.train), divergedNote ? `${divergedNote}: null from there on` : null);
      if (want.has('testLossCurve')) set('testLossCurve', pad(curve.test), divergedNote ? `${divergedNote}: null from there on` : info.test === 0 ? 'no test set (trainFraction is 1)' : null);
      for (const [name, key] of BEST) {
        if (!want.has(name)) continue;
        const v = curve.best[name] ?? null;
        set(name, v, v === null ? (divergedNote ?? missingReason(key, info)) : null);
      }
      if (want.has('stepsToTarget')) {
        const note = curve.reached !== null ? null : divergence ? `${divergedNote} before reaching the target` : `not reached in ${steps} steps`;
        set('stepsToTarget', curve.reached, note);
      }
    }
    return { values, notes, diverged: !!divergence, divergedStep: divergence ? divergence.step : null };
  } finally {
    s.dispose();
  }
}
