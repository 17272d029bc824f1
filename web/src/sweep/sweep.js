// gradlab.sweep(spec, options): many runs at once, on a pool of workers, with results that do
// not depend on the pool. Everything is checked before any worker starts: the spec, the
// options, every cell's configuration (by the engine, cross-field rules and memory budget
// included) and the size of the whole against the budget (budget.js).
import { typeError, rangeError, show, didYouMean, fromFault } from '../errors.js';
import * as schemaModule from '../schema.js';
import { toQuery } from '../schema.js';
import { normalizeSweepSpec, hashSpec } from './spec.js';
import { cellCount, cellConfig, cellCoords, describeCell, shardCells, orderCells, cellLevel, levelCount, runSeed } from './cells.js';
import { checkSize, estimate, checkBudget, runSeconds, DEFAULT_BUDGET_SECONDS } from './budget.js';
import { engineFingerprint } from './fingerprint.js';
import { hashText } from './hash.js';
import { makeRow, makeResult, aggregateCell } from './table.js';
import { createWorkerPool } from './pool.js';

const OPTION_KEYS = ['workers', 'pool', 'signal', 'onProgress', 'onResult', 'order', 'shard', 'budget', 'testHooks'];
export const ORDERS = Object.freeze(['grid', 'coarse-to-fine']);
export const MAX_WORKERS = 64;

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

// The pools made by createSweepPool: public handle → {gradlab, pool (pool.js)}.
const pools = new WeakMap();

function checkWorkers(workers) {
  if (typeof workers !== 'number') throw typeError('workers', `expected a number of workers, got ${show(workers)}`);
  if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS) throw rangeError('workers', `${show(workers)} is not an integer from 1 to ${MAX_WORKERS}`);
  return workers;
}

function workerPool(gradlab, size) {
  const host = gradlab.host;
  if (!host?.spawnWorker) throw new Error('sweep: this GradLab instance has no worker host (load it with createGradLab from the package)');
  return createWorkerPool({ spawn: host.spawnWorker, init: { type: 'init', ...host.workerLoad }, size });
}

/**
 * A pool of `workers` workers that stay loaded between sweeps (pass it as the `pool` option):
 * a page that runs sweep after sweep pays the workers' start-up once. `close()` terminates them
 * and resolves once all have exited. One sweep at a time.
 */
export function createSweepPool(gradlab, options = {}) {
  if (!isObject(options)) throw typeError('options', `expected {workers}, got ${show(options)}`);
  for (const k of Object.keys(options)) if (k !== 'workers') throw typeError(k.slice(0, 64), `unknown sweep pool option${didYouMean(k, ['workers'])}`);
  const { workers } = options;
  const size = workers === undefined ? gradlab.host?.defaultWorkers() ?? 1 : checkWorkers(workers);
  const pool = workerPool(gradlab, size);
  const handle = Object.freeze({
    workers: size,
    close: () => pool.close(),
  });
  pools.set(handle, { gradlab, pool });
  return handle;
}

/**
 * The package-level sweep(spec, {engine, ...options}) of an entry whose loader is
 * `createGradLab`: loads an engine with `engine` (createGradLab's options) and sweeps on it.
 */
export function sweepLoading(createGradLab) {
  return async function sweep(spec, options = {}) {
    if (!isObject(options)) throw typeError('options', `expected an object, got ${show(options)}`);
    const { engine = {}, ...rest } = options;
    const gradlab = await createGradLab(engine);
    return gradlab.sweep(spec, rest);
  };
}

/** Checks sweep options; returns them with defaults filled in. */
export function checkSweepOptions(options, defaultWorkers) {
  if (!isObject(options)) throw typeError('options', `expected an object, got ${show(options)}`);
  for (const k of Object.keys(options)) if (!OPTION_KEYS.includes(k)) throw typeError(k.slice(0, 64), `unknown sweep option${didYouMean(k, OPTION_KEYS)}`);
  const o = { ...options };
  if (o.pool !== undefined) {
    if (!pools.has(o.pool)) throw typeError('pool', `expected a pool from gradlab.createSweepPool(), got ${show(o.pool)}`);
    if (o.workers !== undefined) throw typeError('workers', 'give either workers or a pool (the pool has its own number of workers)');
  }
  if (o.workers === undefined) o.workers = o.pool ? o.pool.workers : defaultWorkers();
  else checkWorkers(o.workers);
  if (o.signal !== undefined && !(o.signal && typeof o.signal.aborted === 'boolean' && typeof o.signal.addEventListener === 'function'))
    throw typeError('signal', `expected an AbortSignal, got ${show(o.signal)}`);
  for (const k of ['onProgress', 'onResult']) if (o[k] !== undefined && typeof o[k] !== 'function') throw typeError(k, `expected a function, got ${show(o[k])}`);
  o.order ??= 'grid';
  if (!ORDERS.includes(o.order)) throw rangeError('order', `${show(o.order)} is not one of ${ORDERS.join(', ')}`);
  if (o.shard !== undefined && o.shard !== null) {
    const s = o.shard;
    if (!isObject(s) || !Number.isInteger(s.index) || !Number.isInteger(s.count))
      throw typeError('shard', `expected {index, count} (shard index of count, from 1), got ${show(s)}`);
    if (s.count < 1 || s.count > 1e6 || s.index < 1 || s.index > s.count) throw rangeError('shard', `${s.index}/${s.count} is not a shard: need 1 ≤ index ≤ count ≤ 1000000`);
    o.shard = { index: s.index, count: s.count };
  } else o.shard = null;
  const b = o.budget ?? {};
  if (!isObject(b) || Object.keys(b).some((k) => k !== 'seconds')) throw typeError('budget', `expected {seconds}, got ${show(o.budget)}`);
  if (b.seconds !== undefined && !(typeof b.seconds === 'number' && b.seconds > 0 && Number.isFinite(b.seconds)))
    throw rangeError('budget.seconds', `${show(b.seconds)} is not a number of seconds above 0`);
  o.budgetSeconds = b.seconds ?? DEFAULT_BUDGET_SECONDS;
  const crashes = o.testHooks?.crash ?? [];
  if (!Array.isArray(crashes)) throw typeError('testHooks.crash', 'expected an array of {cell, replicate, mode}');
  o.crash = new Map(crashes.map((c) => [`${c.cell}/${c.replicate ?? 0}`, c.mode ?? 'throw']));
  return o;
}

// Configurations each engine instance has already accepted, by a hash of their text (the check
// is a pure function of it): a page or a benchmark that runs sweep after sweep over the same
// cells checks each once. Bounded: emptied when it holds MAX_CHECKED.
const checked = new WeakMap();
const MAX_CHECKED = 100_000;
const SLICE_MS = 16;

// The engine's own check of a configuration (every field, cross-field rules, memory budget),
// as gradlab.check() does it without decoding the complete configuration it returns: it runs
// for every cell before any sweep starts, on the main thread.
function checkConfig(gradlab, config) {
  const query = toQuery(config);
  const key = hashText(query);
  let ok = checked.get(gradlab);
  if (!ok) checked.set(gradlab, (ok = new Set()));
  if (ok.has(key)) return;
  if (gradlab.module.checkQuery(query) === null) throw fromFault(gradlab.module.takeFault());
  if (ok.size >= MAX_CHECKED) ok.clear();
  ok.add(key);
}

/**
 * Checks every cell's configuration with the engine (the first invalid cell is reported with
 * its coordinates) and that each axis's field applies to some cell; returns the cost estimate
 * of one run of each cell in `mine` (budget.js, runSeconds).
 */
async function checkCells(gradlab, spec, cells, mine, signal, abortError) {
  const applies = schemaModule.fieldApplies;
  // Every field an axis sets (a linked axis's fields each count) must apply to some cell.
  const varied = spec.axes.flatMap((a, i) => [{ field: a.field, path: `axes[${i}].field` }, ...Object.keys(a.link ?? {}).map((f) => ({ field: f, path: `axes[${i}].link.${f}` }))]);
  const used = varied.map(({ field }) => field === 'depth' || field === 'width' || typeof applies !== 'function');
  const cost = new Map(mine.map((c) => [c, null]));
  // the first slice starts a task of its own: the caller's (a click handler, say) has already
  // spent part of a frame on the spec
  let slice = -Infinity;
  for (let c = 0; c < cells; c++) {
    // The checks run on the calling thread, a page's main thread perhaps: in slices of at most
    // SLICE_MS, so no task is long enough to stall a frame, and a cancel is heard between them.
    if (performance.now() - slice > SLICE_MS) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (signal?.aborted) throw abortError();
      slice = performance.now();
    }
    const config = cellConfig(spec, c);
    try {
      checkConfig(gradlab, config);
    } catch (e) {
      if (!(e instanceof TypeError || e instanceof RangeError)) throw e;
      const err = new e.constructor(`${describeCell(spec, c)}: ${e.message}`);
      Object.assign(err, { field: e.field, cell: c, coords: cellCoords(spec, c) });
      throw err;
    }
    varied.forEach((v, i) => { used[i] ||= applies(v.field, config); });
    if (cost.has(c)) cost.set(c, runSeconds(config, spec));
  }
  const unused = used.indexOf(false);
  if (unused >= 0) {
    const { field: f, path } = varied[unused];
    const when = schemaModule.getField(f)?.when;
    const rule = ([k, v]) => `${k === 'activations' ? 'an activation in use' : k} is ${v.join(' or ')}`;
    const cond = when ? ` (it applies when ${Object.entries(when).map(rule).join(' and ')})` : '';
    throw rangeError(path, `${f} does not apply to any cell of this sweep${cond}: ${path.includes('.link.') ? 'its values would change no run' : 'every cell would be the same run'}`);
  }
  return cost;
}

function abortErrorOf(partial, total, reason) {
  const done = partial.rows.length;
  const cells = partial.aggregates.length;
  const e = new DOMException(`the sweep was cancelled after ${done} of ${total} runs (${cells} cell${cells === 1 ? '' : 's'} complete)`, 'AbortError');
  Object.assign(e, { done, total, cellsDone: cells, partial });
  if (reason !== undefined) e.cause = reason;
  return e;
}

/**
 * Runs a sweep on `gradlab`'s host (its workers load the same build). Returns the result
 * (table.js, makeResult). See web/README.md, "Sweeps", for the spec, options and result.
 */
export async function runSweep(gradlab, spec, options = {}) {
  const host = gradlab.host;
  if (!host?.spawnWorker) throw new Error('sweep: this GradLab instance has no worker host (load it with createGradLab from the package)');
  const opts = checkSweepOptions(options, host.defaultWorkers);
  if (opts.pool && pools.get(opts.pool).gradlab !== gradlab) throw typeError('pool', 'this pool was made by another GradLab instance (its workers may run another build)');
  const s = normalizeSweepSpec(spec);
  const cells = cellCount(s);
  const mine = shardCells(cells, opts.shard);
  const totalRuns = mine.length * s.seeds;
  checkSize(s, cells, totalRuns);
  const base = { spec: s, specHash: hashSpec(s), engine: { fingerprint: engineFingerprint(gradlab) }, cells, shard: opts.shard };
  const rows = [];
  const cancelled = () => abortErrorOf(makeResult({ ...base, rows, complete: false }), totalRuns, opts.signal?.reason);
  if (opts.signal?.aborted) throw cancelled();
  const cost = await checkCells(gradlab, s, cells, mine, opts.signal, cancelled);
  const workers = opts.pool ? opts.workers : Math.max(1, Math.min(opts.workers, totalRuns));
  const est = estimate(s, [...cost.values()], workers);
  checkBudget(s, est, mine.length, workers, opts.budgetSeconds);

  const K = levelCount(s);
  const ordered = orderCells(s, mine, opts.order);
  const tasks = [];
  for (const cell of ordered) {
    for (let r = 0; r < s.seeds; r++) tasks.push({ cell, replicate: r, seed: runSeed(s, cell, r) });
  }

  const byCell = new Map();
  const coarse = opts.order === 'coarse-to-fine';
  const levelLeft = new Array(K + 1).fill(0);
  if (coarse) for (const c of mine) levelLeft[cellLevel(s, c, K)] += s.seeds;
  let mapLevel = -1;
  let failed = 0;
  let doneCost = 0;
  const t0 = performance.now();

  const record = (task, reply) => {
    const row = makeRow(s, task, reply);
    rows.push(row);
    const list = byCell.get(task.cell) ?? [];
    list.push(row);
    byCell.set(task.cell, list);
    doneCost += cost.get(task.cell).total;
    failed += row.error ? 1 : 0;
    let level = null;
    if (coarse) {
      levelLeft[cellLevel(s, task.cell, K)]--;
      while (mapLevel < K && levelLeft[mapLevel + 1] === 0) mapLevel++;
      level = mapLevel < 0 ? null : { level: mapLevel, levels: K, stride: 2 ** (K - mapLevel) };
    }
    const aggregate = list.length === s.seeds ? aggregateCell(s, task.cell, [...list].sort((a, b) => a.replicate - b.replicate)) : null;
    opts.onResult?.(row, aggregate);
    if (opts.onProgress) {
      const elapsed = (performance.now() - t0) / 1000;
      // The time so far, scaled by the estimated cost of the runs left over that of those done.
      const eta = doneCost > 0 ? (elapsed * Math.max(0, est.seconds - doneCost)) / doneCost : null;
      opts.onProgress({ done: rows.length, total: totalRuns, failed, workers, elapsedSeconds: elapsed, etaSeconds: rows.length === totalRuns ? 0 : eta, map: level });
    }
  };

  // Before any run: the plan, with the cost model's estimate as the ETA.
  opts.onProgress?.({ done: 0, total: totalRuns, failed: 0, workers, elapsedSeconds: 0, etaSeconds: est.wallSeconds, map: null });
  const pool = opts.pool ? pools.get(opts.pool).pool : workerPool(gradlab, workers);
  try {
    await pool.run({
      tasks,
      signal: opts.signal,
      message: (task) => {
        const m = { cell: task.cell, replicate: task.replicate, config: { ...cellConfig(s, task.cell), seed: task.seed }, steps: s.steps, evalEvery: s.evalEvery, measures: s.measures, target: s.target };
        const crash = opts.crash.get(`${task.cell}/${task.replicate}`);
        if (crash) m.crash = crash;
        return m;
      },
      onResult: (task, reply) => record(task, reply),
      onCrash: (task, error) => record(task, { error: `the worker crashed while running ${describeCell(s, task.cell)}, run ${task.replicate}: ${error.message}` }),
      abortError: cancelled,
    });
  } finally {
    // A sweep's own pool ends with it; the promise settles after every worker has exited.
    if (!opts.pool) await pool.close();
  }
  return makeResult({ ...base, rows, complete: true });
}
