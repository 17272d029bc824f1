// A lesson's run as the page sees it, recorded in Node: the metrics of the page's own
// evaluation (`session.evaluate()`, diagnostics on) at every step, each unit's state (the
// network diagram's marks), the initial weights, and the event log the page's detector
// (web/ui/src/events.js) writes from those evaluations. Evaluating does not change training
// (tests/js/lessons.test.mjs checks it), so the page's evaluations at any cadence are a
// subsequence of these, and its event log is the detector run over that subsequence.
import { eventLog } from '../../web/ui/src/claims.js';

/**
 * Trains `config` for `steps` steps (stopping at a divergence), evaluating every `cadence`
 * steps. Returns {config, budget, evals, events, weights0, pointsMax} (pointsMax: the largest
 * |coordinate| of a training point, what layer 1 sees).
 */
export function replay(gradlab, config, steps, { cadence = 1 } = {}) {
  const s = gradlab.createSession(config);
  try {
    const sizes = s.info.layers.map((l) => l.units);
    const evals = [];
    const weights0 = s.getWeights();
    const { coords, dims, train } = s.points();
    let pointsMax = 0;
    for (const i of train) for (let d = 0; d < dims; d++) pointsMax = Math.max(pointsMax, Math.abs(coords[i * dims + d]));
    for (;;) {
      const m = s.evaluate();
      m.units = splitStates(s.unitStates(), sizes);
      evals.push(m);
      if (m.step >= steps || m.diverged) break;
      s.step(Math.min(cadence, steps - m.step));
    }
    return { config: s.config, budget: steps, evals, events: eventLog(evals), weights0, pointsMax };
  } finally {
    s.dispose();
  }
}

// unitStates() is one code per unit, hidden layers then the output: per layer, the names.
function splitStates({ names, states }, sizes) {
  const out = [];
  let at = 0;
  for (const n of sizes) {
    out.push(Array.from(states.subarray(at, at + n), (c) => names[c]));
    at += n;
  }
  return out;
}

// The lessons' texts, for the replay's checks (lessons.test.mjs) and the static ones (lesson-texts.test.mjs).

/** Every sentence of a lesson with where it is shown. */
export function sentences(p) {
  return [
    ...p.story.try.map((s) => ['try', s]),
    ...p.story.lookFor.map((s) => ['look for', s]),
    ...p.story.why.map((s) => ['why', s]),
    ...p.changes.flatMap((c) => c.did.map((s) => [`change ${c.id}`, s])),
  ];
}

/** The {slots} of a sentence, which its params fill. */
export const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
