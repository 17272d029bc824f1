// What an experiment lesson's sentence promises, as a check over the sweep's table — the data
// behind the chart the learner sees (the cells' medians over seeds, their curves, which runs
// diverged) — and, for the phase diagram, the theory's critical line drawn over it. The page
// checks them on the learner's own sweep when it completes; tests/js/experiment-lessons.test.mjs
// checks them on the lesson's sweep run in Node.

// ---- reading a sweep result ------------------------------------------------------------------

/** The cell aggregates whose coordinates include `where` ({field: value, …}). */
export function cellsWhere(result, where = {}) {
  return result.aggregates.filter((a) => Object.entries(where).every(([k, v]) => JSON.stringify(a.coords[k]) === JSON.stringify(v)));
}

/** The one cell at `where`. */
export function cell(result, where) {
  const found = cellsWhere(result, where);
  if (found.length !== 1) throw new Error(`${found.length} cells match ${JSON.stringify(where)}`);
  return found[0];
}

/** A cell's median of `measure` (null: it does not exist there, e.g. the runs diverged). */
export const median = (result, where, measure) => cell(result, where).measures[measure].median;

/**
 * The deepest depth at which the cells matching `where` train: median training loss after the
 * sweep's steps at most `loss`. 0 when no depth trains.
 */
export function trainableDepth(result, where, loss) {
  let best = 0;
  for (const a of cellsWhere(result, where)) {
    const v = a.measures.trainLoss.median;
    if (v !== null && v <= loss && a.coords.depth > best) best = a.coords.depth;
  }
  return best;
}

/** The values of axis `field` in the sweep, in order. */
export const axisValues = (result, field) => result.spec.axes.find((a) => a.field === field).values;

/**
 * Where the measured gradient growth per layer changes sign along σ_w² at each σ_b² of the
 * phase diagram: [{sigmaB2, sigmaW2: the crossing (linear between neighbouring cells) or null}].
 * The first crossing from ordered (< 0) to chaotic (≥ 0) going right.
 */
export function measuredBoundary(result) {
  const sw = axisValues(result, 'sigmaW2');
  return axisValues(result, 'sigmaB2').map((sb) => {
    const row = sw.map((w) => median(result, { sigmaW2: w, sigmaB2: sb }, 'logGradGrowthInit'));
    for (let i = 1; i < row.length; i++) {
      if (row[i - 1] !== null && row[i] !== null && row[i - 1] < 0 && row[i] >= 0)
        return { sigmaB2: sb, sigmaW2: sw[i - 1] + ((sw[i] - sw[i - 1]) * -row[i - 1]) / (row[i] - row[i - 1]) };
    }
    return { sigmaB2: sb, sigmaW2: null };
  });
}


// ---- claim kinds ---------------------------------------------------------------------------

/** A check on the table: `pred(result, p)` → true when the sentence holds. */
export const onTable = (pred) => ({ kind: 'table', pred });
/** A check that needs the theory: `pred(result, p, theory)` → Promise<boolean>; theory: {criticalLine(config, sigmaB2)}. */
export const withTheory = (pred) => ({ kind: 'theory', pred });

/** A check on the engine's activation kernels: `pred(curve, p)`, curve(activation, xs) → Promise<{x, f, df}>. */
export const onKernel = (pred) => ({ kind: 'kernel', pred });

/**
 * Checks `claim` with the sentence's params `p` on `result`; `theory` is {criticalLine(config,
 * sigmaB2), activationCurve(activation, xs)} (async). Returns null, or what failed.
 */
export async function verifyClaim(claim, p, result, theory) {
  try {
    if (claim.kind === 'table') return claim.pred(result, p) ? null : 'the table disagrees';
    if (claim.kind === 'theory') return (await claim.pred(result, p, theory)) ? null : 'the table disagrees with the theory';
    if (claim.kind === 'kernel') return (await claim.pred(theory.activationCurve, p)) ? null : "the engine's kernel disagrees";
    return `unknown kind ${claim.kind}`;
  } catch (e) {
    return `threw ${e.message}`;
  }
}
