// What a sweep will cost, estimated before anything runs, and the budget it must fit.
//
// Cost model (seconds on one worker, wasm SIMD build; fitted to best-of-5 timings on the
// development machine's cores, networks from 2-4-2-1 to 30×100; the scalar build is up to 2×
// slower on wide layers). For a run with layer widths n_0 (inputs) … n_L (outputs),
// P = Σ n_l·n_{l+1} weights, U = Σ_{l≥1} n_l units, batch B, train/test points N_tr/N_te:
//   session creation  150 µs + 20 ns · P                      (data, initial weights)
//   training step     0.8 µs + 0.3 µs · L + 3·B·P / R          (forward, backward, update)
//   evaluation        20 µs + (N_tr + N_te) · P / R            (losses and accuracies)
//   diagnostic eval.  50 µs + N_tr · (10·P + 100·U) / R + N_te · P / R   (per-layer figures)
// with R = 4·10⁹ multiply-adds per second. A run costs creation + steps × step + its
// evaluations (see measures.js: one at the end, one every evalEvery steps for curve
// measures, diagnostic ones at initialisation and/or at the end).
//
// Budgets: the estimated wall-clock time on the chosen number of workers must not exceed
// `budget.seconds` (default 1 hour, raised by the caller); the result table must fit in
// TABLE_BYTES (256 MiB, estimated per run from its measures); at most MAX_RUNS runs (every
// cell's configuration is checked before anything runs, ~0.1 ms each). The engine refuses
// any single run over its own memory budget (schema.memoryBudget) when the cells are checked.
import { rangeError } from '../errors.js';
import { getField } from '../schema.js';
import { MEASURES, needs } from './measures.js';
import { evaluationSteps } from './run-cell.js';

export const DEFAULT_BUDGET_SECONDS = 3600;
export const TABLE_BYTES = 256 * 2 ** 20;
export const MAX_RUNS = 200_000;
const R = 4e9;

const TWO_D = new Set(['circle', 'xor', 'gaussian', 'spiral', 'moons', 'checkerboard', 'plane', 'multigauss']);
const USES_X2 = new Set(['x2', 'x2sq', 'x1x2', 'sinx2']);

/** Layer widths (inputs, hidden…, outputs) and data sizes of a configuration, as the engine resolves them. */
export function shapeOf(c) {
  let inputs;
  if (TWO_D.has(c.dataset)) inputs = c.features.length;
  else if (c.dataset === 'fit1d') inputs = c.features.filter((f) => !USES_X2.has(f)).length;
  else inputs = c.inputDim;
  const regression = c.dataset === 'plane' || c.dataset === 'multigauss' || c.dataset === 'fit1d';
  const outputs = regression ? 1 : c.classes > 2 || c.outputActivation === 'softmax' || c.loss === 'softmax_ce' ? c.classes : 1;
  const train = Math.min(c.numPoints, Math.max(1, Math.round(c.numPoints * c.trainFraction)));
  return { widths: [inputs, ...c.hidden, outputs], train, test: c.numPoints - train };
}

/** Estimated seconds of one run of `config` on one worker. */
export function runSeconds(config, { steps, evalEvery, measures }) {
  const { widths, train, test } = shapeOf(config);
  let P = 0, U = 0;
  for (let l = 0; l + 1 < widths.length; l++) {
    P += widths[l] * widths[l + 1];
    U += widths[l + 1];
  }
  const layers = widths.length - 1;
  const create = 150e-6 + 20e-9 * P;
  const step = 0.8e-6 + 0.3e-6 * layers + (3 * config.batchSize * P) / R;
  const evaluation = 20e-6 + ((train + test) * P) / R;
  const diagnostic = 50e-6 + (train * (10 * P + 100 * U)) / R + (test * P) / R;
  const need = needs(measures);
  const curveEvals = need.curve ? evaluationSteps(steps, evalEvery).length : 0;
  const evals = curveEvals + (need.end && !need.curve && !need.endDiag ? 1 : 0);
  const diags = (need.initDiag ? 1 : 0) + (need.endDiag ? 1 : 0);
  return { total: create + steps * step + evals * evaluation + diags * diagnostic, step };
}

/** Estimated bytes of one row of the result table (and its share of the per-cell aggregate). */
export function rowBytes(spec) {
  let bytes = 400 + 60 * spec.axes.length;
  const depth = getField('hidden').maxLength;
  for (const m of spec.measures) {
    if (!MEASURES[m].array) bytes += 80;
    else bytes += 40 * (m.endsWith('Curve') ? evaluationSteps(spec.steps, spec.evalEvery).length : depth);
  }
  return 2 * bytes;  // the row and the aggregates built from it
}

const two = (x) => String(Number(x.toPrecision(2)));  // 2 significant digits, never in exponent form
const fmtSeconds = (s) => (s < 60 ? `${two(s)} s` : s < 3600 ? `${two(s / 60)} min` : `${two(s / 3600)} h`);
const fmtMicro = (s) => (s < 1e-3 ? `${two(s * 1e6)} µs` : `${two(s * 1e3)} ms`);

const SHRINK = 'fewer axis values, seeds or steps, a smaller network';

/** Refuses a sweep whose run count alone is over MAX_RUNS or its table over TABLE_BYTES (before the cells are built). */
export function checkSize(spec, cells, runs) {
  if (runs > MAX_RUNS)
    throw rangeError('spec', `sweep too large: ${cells} cells × ${spec.seeds} seeds = ${runs} runs, over the limit of ${MAX_RUNS}; use ${SHRINK}, or split it with shards (each shard is checked against this limit on its own cells)`);
  const bytes = runs * rowBytes(spec);
  if (bytes > TABLE_BYTES)
    throw rangeError('spec', `sweep too large: ${runs} runs × about ${Math.round(rowBytes(spec) / 1024)} KiB of results each ≈ ${Math.round(bytes / 2 ** 20)} MiB, over the ${TABLE_BYTES / 2 ** 20} MiB budget for the result table; use fewer runs, fewer evaluations (a larger evalEvery) or fewer curve measures`);
}

/**
 * The estimate of a sweep from its cells' runSeconds(): {runs, seconds (on one worker),
 * wallSeconds (on `workers`), perStep (mean seconds per training step)}.
 */
export function estimate(spec, perCell, workers) {
  const one = perCell.reduce((a, x) => a + x.total, 0) * spec.seeds;
  const perStep = perCell.reduce((a, x) => a + x.step, 0) / Math.max(1, perCell.length);
  return { runs: perCell.length * spec.seeds, seconds: one, wallSeconds: one / workers, perStep };
}

/** Refuses a sweep whose estimated wall-clock time is over the budget, with the numbers and how to shrink it. */
export function checkBudget(spec, est, cells, workers, budgetSeconds) {
  if (est.wallSeconds <= budgetSeconds) return;
  throw rangeError('budget', `sweep too large: ${cells} cells × ${spec.seeds} seeds × ${spec.steps} steps × ~${fmtMicro(est.perStep)} per step ` +
    `(plus data, initialisation and evaluations) ≈ ${fmtSeconds(est.seconds)} of compute, ≈ ${fmtSeconds(est.wallSeconds)} on ${workers} worker${workers === 1 ? '' : 's'}, ` +
    `over the ${fmtSeconds(budgetSeconds)} budget; use ${SHRINK}, more workers, split it with shards across machines, or raise the budget (budget.seconds, --budget)`);
}
