// What a lesson's sentence promises about the page, as a check over the data behind the
// panels. A sentence of a lesson (web/src/presets.js) names claims; each claim here says
// where it is checked and how:
//
// - at the first evaluation (step 0) or the last one (the step budget, or the divergence):
//   the page evaluates at both whatever its cadence (a new run is evaluated before anything
//   else; training pauses there and a paused page evaluates);
// - at every evaluation (optionally within a step range): checked at every step, so no
//   cadence can show an evaluation where it fails;
// - a value that never decreases: checked at every step, so any subsequence of evaluations
//   the page makes never decreases either;
// - event-log lines: at step 0 (written from the step-0 evaluation), "never" (the line's
//   cause is checked at every step, and the log is rebuilt at coarser cadences too), or
//   "may" (seen at the finest cadence; the sentence must say "may" or "can");
// - "may" about the metrics: true at some evaluation of the finest cadence (a coarse cadence
//   can miss it, and the sentence says so with "may" or "can");
// - the engine's activation kernels, the initial weights, the configuration.
// A sentence's {start} (the step it says the first evaluation is at) is checked for every
// claim about the first evaluation.
//
// A run record is what tests/js/lesson-replay.mjs records: {config, budget, evals (the
// metrics of every evaluation, with `units`: each layer's unit states), events, weights0,
// pointsMax}. Claims on a suggested change of the lesson name it with `on`.
import { detectEvents } from './events.js';

// ---- reading metrics ---------------------------------------------------------------------

export const hidden = (m) => m.layers.filter((l) => l.role === 'hidden');
/** Hidden layer n, counting from 1 as the panels do. */
export const layer = (m, n) => hidden(m)[n - 1];
export const sum = (xs) => xs.reduce((a, b) => a + b, 0);
export const deadShare = (m) => sum(hidden(m).map((l) => l.dead)) / sum(hidden(m).map((l) => l.units));
export const totalDead = (m) => sum(hidden(m).map((l) => l.dead));
/** Largest over smallest back-propagated gradient (dL/dz rms) of the hidden layers. */
export const gradSpread = (m) => {
  const g = hidden(m).map((l) => l.gradZRms);
  return Math.max(...g) / Math.min(...g);
};
/** Share of (example, unit) pairs of the hidden layers whose dL/dz is exactly zero. */
export const gradZeroShare = (m) => {
  let zeros = 0;
  let all = 0;
  for (const l of hidden(m)) {
    zeros += l.histograms.grad.zeros;
    all += l.histograms.grad.zeros + (l.histograms.grad.below ?? 0) + sum(l.histograms.grad.counts);
  }
  return zeros / all;
};
/** Bin edges of a histogram {lo, hi, counts}. */
const edges = (h) => h.counts.map((_, i) => [h.lo + ((h.hi - h.lo) * i) / h.counts.length, h.lo + ((h.hi - h.lo) * (i + 1)) / h.counts.length]);
/** Share of a histogram's mass in bins that lie entirely below x (values under lo are in the first bin). */
export const massBelow = (h, x) => {
  const e = edges(h);
  return sum(h.counts.filter((_, i) => e[i][1] <= x)) / sum(h.counts);
};
/**
 * The smallest value of histogram `kind` over the hidden layers: each histogram spans its
 * layer's values from the smallest to the largest, so its lower end is that value (what the
 * distributions panel labels).
 */
export const lowest = (m, kind) => Math.min(...hidden(m).map((l) => l.histograms[kind].lo));

/** Does `value` read as `stated` (a number as written in a sentence: its last digit rounded)? */
export function roundsTo(value, stated) {
  const text = String(stated);
  const decimals = text.includes('.') ? text.split('.')[1].length : 0;
  return Math.abs(value - Number(text)) <= 0.5 * 10 ** -decimals + 1e-12;
}

// ---- claim kinds ---------------------------------------------------------------------------

export const atStart = (pred) => ({ kind: 'start', pred });
export const atEnd = (pred) => ({ kind: 'end', pred });
/** At every evaluation; `range(p)` → [from, to] steps limits it. */
export const always = (pred, range) => ({ kind: 'always', pred, range });
/** `value(m, p)` never decreases from one evaluation to the next. */
export const rising = (value) => ({ kind: 'rising', value });
/** Evaluations at step 0 and at the end, unit by unit: `pred(start, end, p)` with the metrics. */
export const startToEnd = (pred) => ({ kind: 'startToEnd', pred });
/** The event log has a line matching `match(event, p)` at step 0. */
export const startEvent = (match) => ({ kind: 'startEvent', match });
/** No line of the event log matches `match(event, p)`, at any cadence; `cause` is the metric-level reason, checked at every evaluation. */
export const noEvent = (match, cause) => ({ kind: 'noEvent', match, cause });
/** Some evaluation at the finest cadence satisfies `pred(m, p)`; the sentence says "may" or "can". */
export const may = (pred) => ({ kind: 'may', pred });
/** At the finest cadence the log has a line matching; the sentence says "may" or "can". */
export const mayEvent = (match) => ({ kind: 'mayEvent', match });
/** About the lines the event log writes at step 0: `pred(lines, p)` with their texts. */
export const startLog = (pred) => ({ kind: 'startLog', pred });
/** About every line the log writes at the finest cadence ("may" in the sentence): `pred(lines, p)`. */
export const mayLog = (pred) => ({ kind: 'mayLog', pred });
/** About the engine's activation kernels: `pred(curve, p)` with curve(activation, xs) → {x, f, df}. */
export const kernel = (pred) => ({ kind: 'kernel', pred });
/** About the initial weights ({layers: [{W, b}]}) and the run. */
export const initial = (pred) => ({ kind: 'initial', pred });
/** About the configuration (complete, as the engine runs it) and the run record. */
export const setting = (pred) => ({ kind: 'config', pred });
/** The same claim, checked on the run of the lesson's suggested change `change`. */
export const on = (change, claim) => ({ ...claim, on: change });

// Coarser cadences the "never" lines are also rebuilt at: every k-th step, from an offset.
const CADENCES = [2, 3, 5, 7, 10, 25, 50, 100, 250, 500];

/** The evaluations a page with cadence k (first at `offset`) makes: step 0, every k-th, the last. */
export function subsample(evals, k, offset = 0) {
  const out = [evals[0]];
  for (let i = Math.max(1, offset); i < evals.length - 1; i += k) out.push(evals[i]);
  if (evals.length > 1) out.push(evals.at(-1));
  return out;
}

export function eventLog(evals) {
  const memo = {};
  const out = [];
  let prev = null;
  for (const m of evals) {
    out.push(...detectEvents(prev, m, memo));
    prev = m;
  }
  return out;
}

/**
 * Checks `claim` with the sentence's params `p` on `runs` ({lesson, <change id>: run record}),
 * with `curve(activation, xs)` reading the engine's kernels. Returns null, or what failed.
 */
export function verify(claim, p, runs, curve) {
  const run = runs[claim.on ?? 'lesson'];
  if (!run) return `no run for ${claim.on}`;
  const { evals } = run;
  const at = (m) => `at step ${m.step}`;
  const lines = (events) => events.map((e) => e.text);
  switch (claim.kind) {
    case 'start':
      if (p.start !== undefined && evals[0].step !== p.start) return `the first evaluation is at step ${evals[0].step}`;
      return claim.pred(evals[0], p, run, runs) ? null : `${at(evals[0])} (the first evaluation)`;
    case 'end':
      return claim.pred(evals.at(-1), p, run, runs) ? null : `${at(evals.at(-1))} (the last evaluation)`;
    case 'always': {
      const [from, to] = claim.range ? claim.range(p) : [0, Infinity];
      const bad = evals.find((m) => m.step >= from && m.step <= to && !claim.pred(m, p, run, runs));
      if (bad) return at(bad);
      return evals.some((m) => m.step >= from && m.step <= to) ? null : `no evaluation between steps ${from} and ${to}`;
    }
    case 'rising': {
      for (let i = 1; i < evals.length; i++) if (claim.value(evals[i], p) < claim.value(evals[i - 1], p)) return `falls ${at(evals[i])}`;
      return null;
    }
    case 'startToEnd':
      if (p.start !== undefined && evals[0].step !== p.start) return `the first evaluation is at step ${evals[0].step}`;
      return claim.pred(evals[0], evals.at(-1), p, run) ? null : `between step 0 and step ${evals.at(-1).step}`;
    case 'startEvent':
      return run.events.some((e) => e.step === 0 && claim.match(e, p)) ? null : 'no such line at step 0';
    case 'noEvent': {
      const cause = evals.find((m, i) => i > 0 && !claim.cause(evals[i - 1], m, p));
      if (cause) return `its cause shows ${at(cause)}`;
      for (const k of CADENCES) {
        for (const offset of [0, Math.floor(k / 2)]) {
          const hit = eventLog(subsample(evals, k, offset)).find((e) => claim.match(e, p));
          if (hit) return `every ${k} steps the log says "${hit.text}"`;
        }
      }
      const hit = run.events.find((e) => claim.match(e, p));
      return hit ? `the log says "${hit.text}"` : null;
    }
    case 'may':
      return evals.some((m) => claim.pred(m, p, run, runs)) ? null : 'at no evaluation, even at every step';
    case 'mayEvent':
      return run.events.some((e) => claim.match(e, p)) ? null : 'no such line even at every step';
    case 'startLog': {
      const first = run.events.filter((e) => e.step === (p.start ?? 0) && e.step === evals[0].step);
      return claim.pred(lines(first), p) ? null : `the lines at step ${p.start ?? 0} disagree: ${lines(first).join(' / ')}`;
    }
    case 'mayLog':
      return claim.pred(lines(run.events), p) ? null : 'the lines at every step disagree';
    case 'kernel':
      return claim.pred(curve, p) ? null : 'the engine\'s kernel disagrees';
    case 'initial':
      return claim.pred(run.weights0, p, run) ? null : 'the initial weights disagree';
    case 'config':
      return claim.pred(run.config, p, run) ? null : 'the configuration disagrees';
    default:
      return `unknown kind ${claim.kind}`;
  }
}
