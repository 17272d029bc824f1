// What a chart of the Experiments view draws from: the sweep's canonical spec and its rows and
// cell aggregates as they arrive (onResult), with the finest complete stride of the
// coarse-to-fine order (onProgress's `map`). Nothing here is estimated: every number is the
// sweep engine's.
import { sweepCellCount, sweepCellCoords, sweepRunConfig } from '../../../src/common.js';

export class SweepData {
  /** @param {object} spec the canonical spec (normalizeSweepSpec) */
  constructor(spec) {
    this.spec = spec;
    this.total = sweepCellCount(spec);
    this.rows = new Map();    // cell → rows (replicate order)
    this.cells = new Map();   // cell → aggregate
    this.stride = null;       // the finest complete stride of the coarse-to-fine order
    this.version = 0;         // bumped on every change: charts redraw when it moved
  }

  /** A row arrived, and its cell's aggregate when it was the cell's last run. */
  add(row, aggregate) {
    const list = this.rows.get(row.cell) ?? [];
    list.push(row);
    list.sort((a, b) => a.replicate - b.replicate);
    this.rows.set(row.cell, list);
    if (aggregate) this.cells.set(aggregate.cell, aggregate);
    this.version++;
  }

  progress(p) {
    if (p.map) this.stride = p.map.stride;
    this.version++;
  }

  /** Values per axis: [n0, n1, …]. */
  get shape() {
    return this.spec.axes.map((a) => a.values.length);
  }

  /** The cell at value indices (first axis slowest). */
  cellAt(...idx) {
    return idx.reduce((c, i, a) => c * this.spec.axes[a].values.length + i, 0);
  }

  coords(cell) {
    return sweepCellCoords(this.spec, cell);
  }

  /** The exact configuration of replicate `r` of `cell` (what its link opens). */
  runConfig(cell, r = 0) {
    return sweepRunConfig(this.spec, cell, r);
  }

  /**
   * For a two-axis sweep still running: the complete cell of the coarse map nearest to
   * (i, j), or null (none yet, or the sweep runs in grid order).
   */
  coarse(i, j) {
    const s = this.stride;
    if (!s) return null;
    const [n0, n1] = this.shape;
    const near = (k, n) => Math.min(Math.round(k / s) * s, Math.floor((n - 1) / s) * s);
    return this.cells.get(this.cellAt(near(i, n0), near(j, n1))) ?? null;
  }
}

/** A cell's figure for a measure: {value, mark} with mark null, 'diverged' (most runs) or 'missing' (with its note). */
export function cellValue(agg, measure) {
  if (measure === 'diverged') return { value: agg.diverged / agg.runs, mark: null };
  const s = agg.measures[measure];
  if (s.median !== null) return { value: s.median, mark: null, stat: s };
  return { value: null, mark: agg.diverged * 2 >= agg.runs ? 'diverged' : 'missing', note: s.note ?? null, stat: s };
}
