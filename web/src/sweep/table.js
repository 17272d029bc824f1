// The result of a sweep: one row per run (cell × replicate), one aggregate per cell (median
// and spread over its seeds), as a plain JSON-safe object, and its CSV and JSON texts.
// Every object here is built with a fixed key order and holds only finite numbers, strings,
// booleans and null, so the JSON text of a result is a pure function of its runs: the same
// bytes whatever the number of workers, the order runs finished in, or the shards it came from.
import { MEASURES } from './measures.js';
import { cellCoords, axisFields } from './cells.js';
import { rangeError } from '../errors.js';

export const FORMAT = 'gradlab-sweep';
export const VERSION = 1;

const finiteOrNull = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const clean = (v) => (Array.isArray(v) ? v.map(finiteOrNull) : finiteOrNull(v));

/** A row from a worker's reply ({values, notes, diverged, divergedStep}) or a failure message. */
export function makeRow(spec, task, reply) {
  const values = {}, notes = {};
  for (const m of spec.measures) {
    const v = reply.error ? null : clean(reply.values?.[m] ?? null);
    values[m] = v;
    const note = reply.error ? 'run failed' : reply.notes?.[m] ?? (v === null ? 'not finite' : null);
    if (note) notes[m] = String(note);
  }
  return {
    cell: task.cell,
    replicate: task.replicate,
    seed: task.seed,
    coords: cellCoords(spec, task.cell),
    diverged: !reply.error && !!reply.diverged,
    divergedStep: !reply.error && reply.diverged ? finiteOrNull(reply.divergedStep) : null,
    error: reply.error ? String(reply.error) : null,
    values,
    notes,
  };
}

/** A row read back from JSON, rebuilt with the canonical key order (values already checked). */
export function canonicalRow(spec, r) {
  const values = {}, notes = {};
  for (const m of spec.measures) {
    values[m] = r.values[m];
    if (r.notes[m] !== undefined) notes[m] = r.notes[m];
  }
  return {
    cell: r.cell, replicate: r.replicate, seed: r.seed, coords: cellCoords(spec, r.cell),
    diverged: r.diverged, divergedStep: r.divergedStep, error: r.error, values, notes,
  };
}

// ---- aggregates over seeds --------------------------------------------------------------------

// A null that ranks as the worst outcome when a measure has a "better" direction: the run
// diverged, or (stepsToTarget) the target was not reached. Other nulls (a measure that does
// not exist for the configuration) and failed runs are left out.
const worstNull = (name, row) => !row.error && (row.diverged || name === 'stepsToTarget');

// The median of an even count: the mean of the middle two, halved first so that two finite
// values near the largest number do not sum to Infinity; one value twice is that value.
const midpoint = (a, b) => (a === b ? a : a / 2 + b / 2);

function mostCommon(texts) {
  const n = new Map();
  for (const t of texts) n.set(t, (n.get(t) ?? 0) + 1);
  let best = null, count = 0;
  for (const [t, c] of n) if (c > count) [best, count] = [t, c];
  return best;
}

function aggregateScalar(name, rows) {
  const better = MEASURES[name].better;
  const nums = [], worst = [], other = [];
  for (const r of rows) {
    const v = r.values[name];
    if (v !== null) nums.push(v);
    else if (better && worstNull(name, r)) worst.push(r.notes[name] ?? 'not finite');
    else other.push(r.error ? 'run failed' : r.notes[name] ?? 'not finite');
  }
  nums.sort((a, b) => a - b);
  if (better === 'higher') nums.reverse();
  const ranked = [...nums, ...worst.map(() => null)];
  const n = ranked.length;
  let median = null, note = null;
  if (n === 0) note = mostCommon(other) ?? 'no run';
  else {
    const a = ranked[(n - 1) >> 1], b = ranked[n >> 1];
    if (a !== null && b !== null) median = midpoint(a, b);
    else {
      const why = mostCommon(worst).replace(/ at step \d+.*$/, '').replace(/ in \d+ steps$/, '');
      note = `${why} in ${worst.length} of ${n} runs`;
    }
  }
  const out = { median, min: nums.length ? Math.min(...nums) : null, max: nums.length ? Math.max(...nums) : null, count: nums.length };
  if (note) out.note = note;
  return out;
}

function aggregateArray(name, rows) {
  const arrays = rows.map((r) => r.values[name]).filter(Array.isArray);
  if (arrays.length === 0) return { median: null, min: null, max: null, count: 0, note: mostCommon(rows.map((r) => (r.error ? 'run failed' : r.notes[name] ?? 'not finite'))) };
  const len = Math.max(...arrays.map((a) => a.length));
  const median = [], min = [], max = [];
  for (let i = 0; i < len; i++) {
    const xs = arrays.map((a) => a[i]).filter((v) => v !== null && v !== undefined).sort((a, b) => a - b);
    const n = xs.length;
    median.push(n === 0 ? null : midpoint(xs[(n - 1) >> 1], xs[n >> 1]));
    min.push(n ? xs[0] : null);
    max.push(n ? xs[n - 1] : null);
  }
  return { median, min, max, count: arrays.length };
}

/** The aggregate of one cell from its rows (every replicate): medians and spread over seeds. */
export function aggregateCell(spec, cell, rows) {
  const measures = {};
  for (const m of spec.measures) measures[m] = MEASURES[m].array ? aggregateArray(m, rows) : aggregateScalar(m, rows);
  return {
    cell,
    coords: cellCoords(spec, cell),
    runs: rows.length,
    failed: rows.filter((r) => r.error).length,
    diverged: rows.filter((r) => r.diverged).length,
    measures,
  };
}

/** Rows sorted by (cell, replicate) and the aggregate of every cell whose runs are all there. */
export function tabulate(spec, rows) {
  const sorted = [...rows].sort((a, b) => a.cell - b.cell || a.replicate - b.replicate);
  const aggregates = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j].cell === sorted[i].cell) j++;
    if (j - i === spec.seeds) aggregates.push(aggregateCell(spec, sorted[i].cell, sorted.slice(i, j)));
    i = j;
  }
  return { rows: sorted, aggregates };
}

/** The result object (key order fixed). */
export function makeResult({ spec, specHash, engine, cells, shard, rows, complete }) {
  const t = tabulate(spec, rows);
  return {
    format: FORMAT,
    version: VERSION,
    engine,
    specHash,
    spec,
    cells,
    shard: shard ? { index: shard.index, count: shard.count } : null,
    complete,
    runs: t.rows.length,
    failed: t.rows.filter((r) => r.error).length,
    rows: t.rows,
    aggregates: t.aggregates,
  };
}

/** The result as JSON text (compact, one line per row and aggregate, newline at the end). */
export function sweepToJSON(result) {
  const { rows, aggregates, ...head } = result;
  const body = JSON.stringify(head).slice(0, -1);
  const list = (xs) => (xs.length ? `[\n${xs.map((x) => JSON.stringify(x)).join(',\n')}\n]` : '[]');
  return `${body},"rows":${list(rows)},"aggregates":${list(aggregates)}}\n`;
}

// ---- CSV ----------------------------------------------------------------------------------------

// Text cells that a spreadsheet would run as a formula are prefixed with an apostrophe.
function csvCell(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return csvCell(v.map((x) => (x === null ? '' : Array.isArray(x) ? x.join(' ') : String(x))).join(';'));
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const line = (cells) => cells.map(csvCell).join(',');
const noteText = (notes) => [...new Set(Object.values(notes))].join('; ');

/**
 * CSV text: `level: 'runs'` (default) one line per run — cell, replicate, seed, the axis
 * values, diverged, divergedStep, each measure, error, notes; `level: 'cells'` one line per
 * cell — the axis values, runs, failed, diverged, and per measure its median, min, max and
 * count (arrays: the element-wise median, separated by ';').
 */
export function sweepToCSV(result, { level = 'runs' } = {}) {
  const { spec } = result;
  const axes = axisFields(spec);
  const out = [];
  if (level === 'cells') {
    const head = ['cell', ...axes, 'runs', 'failed', 'diverged'];
    for (const m of spec.measures) head.push(...(MEASURES[m].array ? [m] : [m, `${m}_min`, `${m}_max`, `${m}_count`]));
    head.push('notes');
    out.push(line(head));
    for (const a of result.aggregates) {
      const cells = [a.cell, ...axes.map((f) => a.coords[f]), a.runs, a.failed, a.diverged];
      const notes = [];
      for (const m of spec.measures) {
        const s = a.measures[m];
        cells.push(...(MEASURES[m].array ? [s.median] : [s.median, s.min, s.max, s.count]));
        if (s.note) notes.push(`${m}: ${s.note}`);
      }
      cells.push(notes.join('; '));
      out.push(line(cells));
    }
  } else if (level === 'runs') {
    out.push(line(['cell', 'replicate', 'seed', ...axes, 'diverged', 'divergedStep', ...spec.measures, 'error', 'notes']));
    for (const r of result.rows)
      out.push(line([r.cell, r.replicate, r.seed, ...axes.map((f) => r.coords[f]), r.diverged, r.divergedStep, ...spec.measures.map((m) => r.values[m]), r.error, noteText(r.notes)]));
  } else {
    throw rangeError('level', `${JSON.stringify(level)} is not one of runs, cells`);
  }
  return `${out.join('\n')}\n`;
}
