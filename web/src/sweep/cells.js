// The cells of a sweep (the Cartesian product of its axes), the configuration and the seed of
// each run, the order they are scheduled in, and which cells a shard holds.
//
// Cells are numbered row-major over the axes, the first axis varying slowest: with axes of
// n0, n1, n2 values, cell ((i0·n1) + i1)·n2 + i2 has value i0 of axis 0, i1 of axis 1, …
// A run is one (cell, replicate) pair, replicate 0 … seeds-1.
import { hash32 } from './hash.js';

const U32 = 2 ** 32;

/** Number of cells: the product of the axes' lengths (1 without axes). */
export function cellCount(spec) {
  return spec.axes.reduce((n, a) => n * a.values.length, 1);
}

/** The value index on each axis of a cell. */
export function cellIndices(spec, cell) {
  const out = new Array(spec.axes.length);
  let rest = cell;
  for (let a = spec.axes.length - 1; a >= 0; a--) {
    const n = spec.axes[a].values.length;
    out[a] = rest % n;
    rest = Math.floor(rest / n);
  }
  return out;
}

/** The cell's axis values, {field: value}, in axis order (a linked axis's fields after its own). */
export function cellCoords(spec, cell) {
  const idx = cellIndices(spec, cell);
  const out = {};
  spec.axes.forEach((a, i) => {
    out[a.field] = a.values[idx[i]];
    for (const [field, values] of Object.entries(a.link ?? {})) out[field] = values[idx[i]];
  });
  return out;
}

/** Every field the axes set, in the order of cellCoords: each axis's field, then its linked fields. */
export function axisFields(spec) {
  return spec.axes.flatMap((a) => [a.field, ...Object.keys(a.link ?? {})]);
}

/** "depth=12, activation=relu": a cell in a message. */
export function describeCoords(coords) {
  return Object.entries(coords).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : v}`).join(', ');
}

/** "cell 17 (depth=12, activation=relu)" */
export function describeCell(spec, cell) {
  const c = describeCoords(cellCoords(spec, cell));
  return c ? `cell ${cell} (${c})` : `cell ${cell}`;
}

/**
 * The configuration of a cell (without the replicate's seed): the base with each axis value
 * set; the derived axes build `hidden` = depth layers of width units (depth: the base's number
 * of hidden layers if not an axis; width: the base's first hidden layer's width if not an axis).
 */
export function cellConfig(spec, cell) {
  const c = structuredClone(spec.base);
  const coords = cellCoords(spec, cell);
  for (const [field, value] of Object.entries(coords)) {
    if (field === 'depth' || field === 'width') continue;
    c[field] = Array.isArray(value) ? [...value] : value;
  }
  if ('depth' in coords || 'width' in coords) {
    const depth = coords.depth ?? spec.base.hidden.length;
    const width = coords.width ?? spec.base.hidden[0];
    c.hidden = new Array(depth).fill(width);
  }
  return c;
}

/**
 * The seed of replicate r of a cell. seedMode "shared": base.seed + r for every cell (common
 * random numbers: two cells differ only by their axis values, never by luck of the draw).
 * seedMode "independent": a 32-bit hash of base.seed, the cell's axis values and r.
 */
export function runSeed(spec, cell, replicate) {
  if (spec.seedMode === 'independent') {
    const values = spec.axes.map((a, i) => a.values[cellIndices(spec, cell)[i]]);
    return hash32(`${spec.base.seed}|${JSON.stringify(values)}|${replicate}`);
  }
  return (spec.base.seed + replicate) % U32;
}

/** The complete configuration of one run. */
export function runConfig(spec, cell, replicate) {
  const c = cellConfig(spec, cell);
  c.seed = runSeed(spec, cell, replicate);
  return c;
}

// ---- scheduling order ---------------------------------------------------------------------

/** Levels of the coarse-to-fine order: K with 2^K ≥ the longest axis. */
export function levelCount(spec) {
  const longest = Math.max(1, ...spec.axes.map((a) => a.values.length));
  return Math.ceil(Math.log2(longest));
}

/**
 * The coarse-to-fine level of a cell: the smallest ℓ such that every value index is a
 * multiple of 2^(K-ℓ). The cells of level ≤ ℓ form a complete grid of stride 2^(K-ℓ) on every
 * axis (indices 0, s, 2s, …), so a map is complete at each level before the next begins.
 */
export function cellLevel(spec, cell, K = levelCount(spec)) {
  let level = 0;
  for (const x of cellIndices(spec, cell)) {
    if (x === 0) continue;
    let tz = 0;
    while (tz < K && x % 2 ** (tz + 1) === 0) tz++;
    level = Math.max(level, K - tz);
  }
  return level;
}

/** The cells in the order they are run: "grid" (by index) or "coarse-to-fine" (by level, then index). */
export function orderCells(spec, cells, order) {
  if (order !== 'coarse-to-fine') return [...cells];
  const K = levelCount(spec);
  return cells.map((c) => [cellLevel(spec, c, K), c]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, c]) => c);
}

// ---- shards -------------------------------------------------------------------------------

/** The cells of shard k of n (1-based): every n-th cell from k-1, so slices cost about the same. */
export function shardCells(total, shard) {
  const out = [];
  const start = shard ? shard.index - 1 : 0, stride = shard ? shard.count : 1;
  for (let c = start; c < total; c += stride) out.push(c);
  return out;
}

/** True when shard `shard` holds cell `cell`. */
export function inShard(cell, shard) {
  return !shard || cell % shard.count === shard.index - 1;
}
