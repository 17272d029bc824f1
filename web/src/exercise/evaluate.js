// The interpreter of checked predicates (compile.js): a walk over the tree, nothing else. It
// is total — whatever the metrics object holds, it returns a value and never throws: a figure
// that is missing, of the wrong kind or not finite reads as null, arithmetic or an ordering
// comparison with null gives null, and a predicate passes only when it gives exactly `true`.
// Logic is three-valued (true, false, null), so `not` of an unknown stays unknown instead of
// passing.
import { rootSource } from './vocabulary.js';

/**
 * The names a predicate reads, from what the page or the replay has: the decoded metrics
 * (web/src/metrics.js), the complete configuration and the exercise's starting configuration.
 */
export function context({ metrics, config, start }) {
  const m = metrics && typeof metrics === 'object' ? metrics : {};
  const layers = Array.isArray(m.layers) ? m.layers : [];
  const hiddenLayers = layers.filter((l) => l && l.role === 'hidden');
  const output = layers.find((l) => l && l.role === 'output') ?? null;
  const view = { ...pick(m), layers, hiddenLayers, output };
  return { metrics: view, config: config ?? {}, start: start ?? {}, layers: { layers, hiddenLayers, output } };
}

// The metrics' own fields (no prototype lookups): a hostile object cannot make `constructor` a figure.
function pick(m) {
  const out = {};
  for (const k of Object.keys(m)) if (k !== 'layers') out[k] = m[k];
  return out;
}

/** A value read from outside, forced to its static type (anything else reads as null). */
function coerce(v, type) {
  switch (type.t) {
    case 'number': return typeof v === 'number' && Number.isFinite(v) ? v : null;
    case 'boolean': return typeof v === 'boolean' ? v : null;
    case 'string': return typeof v === 'string' ? v : null;
    case 'record': return v && typeof v === 'object' && !Array.isArray(v) ? v : null;
    case 'list': return Array.isArray(v) ? Array.from(v, (x) => coerce(x, type.of)) : null;
    default: return v ?? null;
  }
}

const read = (object, name, type) => coerce(object && typeof object === 'object' && Object.hasOwn(object, name) ? object[name] : null, type);
const finite = (v) => (Number.isFinite(v) ? v : null);

// Applies f entry by entry when either side is a list; lists of different lengths give null.
function lift(a, b, f) {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length ? a.map((x, i) => f(x, b[i])) : null;
  if (Array.isArray(a)) return a.map((x) => f(x, b));
  if (Array.isArray(b)) return b.map((y) => f(a, y));
  return f(a, b);
}

const ARITH = {
  '+': (x, y) => x + y,
  '-': (x, y) => x - y,
  '*': (x, y) => x * y,
  '/': (x, y) => x / y,
};
const ORDER = {
  '<': (x, y) => x < y,
  '<=': (x, y) => x <= y,
  '>': (x, y) => x > y,
  '>=': (x, y) => x >= y,
};

const numbersOf = (list) => (Array.isArray(list) && list.every((x) => typeof x === 'number') ? list : null);
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
function argBest(list, better) {
  const xs = numbersOf(list);
  if (!xs || xs.length === 0) return null;
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (better(xs[i], xs[best])) best = i;
  return best;
}
const CALLS = {
  sum: (l) => { const xs = numbersOf(l); return xs ? finite(sum(xs)) : null; },
  mean: (l) => { const xs = numbersOf(l); return xs && xs.length ? finite(sum(xs) / xs.length) : null; },
  min: (l) => { const i = argBest(l, (a, b) => a < b); return i === null ? null : l[i]; },
  max: (l) => { const i = argBest(l, (a, b) => a > b); return i === null ? null : l[i]; },
  argmin: (l) => argBest(l, (a, b) => a < b),
  argmax: (l) => argBest(l, (a, b) => a > b),
  count: (l) => (Array.isArray(l) ? l.filter((x) => x === true).length : null),
  all: (l) => (Array.isArray(l) ? l.every((x) => x === true) : null),
  any: (l) => (Array.isArray(l) ? l.some((x) => x === true) : null),
  len: (l) => (Array.isArray(l) ? l.length : null),
  abs: (v) => lift(v, 0, (x) => (x === null ? null : Math.abs(x))),
  sqrt: (v) => lift(v, 0, (x) => (x === null ? null : finite(Math.sqrt(x)))),
  log10: (v) => lift(v, 0, (x) => (x === null ? null : finite(Math.log10(x)))),
};

function equal(a, b) {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  return a === b;
}

/** The value of a checked tree in a context from `context()`. */
export function evaluate(node, ctx) {
  switch (node.kind) {
    case 'literal': return node.value;
    case 'list': return node.items.map((item) => evaluate(item, ctx));
    case 'name': {
      const source = rootSource(node.name);
      if (source === 'metrics' || source === 'config' || source === 'start') {
        if (node.name === source) return ctx[source];
        return read(ctx[source], node.name, node.type);
      }
      return ctx.layers[node.name];
    }
    case 'member': {
      const object = evaluate(node.object, ctx);
      const t = node.type.t === 'list' && node.object.type.t === 'list' ? node.type.of : node.type;
      if (Array.isArray(object)) return object.map((o) => read(o, node.name, t));
      return read(object, node.name, t);
    }
    case 'index': {
      const list = evaluate(node.object, ctx);
      if (!Array.isArray(list)) return null;
      const i = node.index < 0 ? list.length + node.index : node.index;
      return i >= 0 && i < list.length ? list[i] : null;
    }
    case 'every': return evaluate(node.object, ctx);
    case 'slice': {
      const list = evaluate(node.object, ctx);
      return Array.isArray(list) ? list.slice(node.from ?? 0, node.to ?? list.length) : null;
    }
    case 'call': return CALLS[node.name](evaluate(node.args[0], ctx));
    case 'negate': return lift(evaluate(node.operand, ctx), 0, (x) => (x === null ? null : -x));
    case 'arith': {
      const f = ARITH[node.op];
      return lift(evaluate(node.left, ctx), evaluate(node.right, ctx), (x, y) => (x === null || y === null ? null : finite(f(x, y))));
    }
    case 'compare': return compare(node, ctx);
    case 'logical': {
      const a = evaluate(node.left, ctx);
      if (node.op === 'and' && a === false) return false;
      if (node.op === 'or' && a === true) return true;
      const b = evaluate(node.right, ctx);
      if (node.op === 'and') return b === false ? false : a === true && b === true ? true : null;
      return b === true ? true : a === false && b === false ? false : null;
    }
    case 'not': {
      const v = evaluate(node.operand, ctx);
      return typeof v === 'boolean' ? !v : null;
    }
    default: return null;
  }
}

function compare(node, ctx) {
  const a = evaluate(node.left, ctx);
  const b = evaluate(node.right, ctx);
  if (node.op === 'in') {
    if (!Array.isArray(b)) return null;
    return node.left.type.t === 'list' ? (Array.isArray(a) ? a.map((x) => b.some((y) => equal(x, y))) : null) : b.some((y) => equal(a, y));
  }
  if (node.op === '==' || node.op === '!=') {
    const same = node.left.type.t === 'list' && node.right.type.t === 'list' ? equal(a, b)
      : node.left.type.t === 'list' || node.right.type.t === 'list' ? (a === null || b === null ? equal(a, b) : lift(a, b, equal))
        : equal(a, b);
    if (same === null) return null;
    return node.op === '==' ? same : Array.isArray(same) ? same.map((x) => !x) : !same;
  }
  const f = ORDER[node.op];
  // An unknown figure (null) makes the comparison unknown, not false: `not (trainLoss < 1)`
  // must not pass because the loss is missing.
  return lift(a, b, (x, y) => (typeof x === 'number' && typeof y === 'number' ? f(x, y) : null));
}

/**
 * What a check reports as its value: for a comparison, the value of its left side (the
 * figure, not just true/false); inside all/any/count of a comparison, that side's list.
 */
export function reportedValue(tree, ctx) {
  let node = tree;
  if (node.kind === 'call' && (node.name === 'all' || node.name === 'any' || node.name === 'count')) node = node.args[0];
  if (node.kind === 'compare') return plain(evaluate(node.left, ctx));
  return plain(evaluate(tree, ctx));
}

/** The same data with every -0 written as 0 (JSON has no -0; the engine reads both as "0"). */
export function unsignedZeros(v) {
  if (v === 0) return 0;
  if (Array.isArray(v)) return v.map(unsignedZeros);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unsignedZeros(x)]));
  return v;
}

/** A JSON-safe copy of a value: lists of plain values, records without their histograms, -0 as 0. */
export function plain(v, depth = 0) {
  if (v === 0) return 0;
  if (v === null || typeof v !== 'object') return v ?? null;
  if (depth > 2) return null;
  if (Array.isArray(v)) return v.map((x) => plain(x, depth + 1));
  const out = {};
  for (const k of Object.keys(v)) {
    const x = v[k];
    if (typeof x === 'number') out[k] = Number.isFinite(x) ? x + 0 : null;
    else if (typeof x === 'string' || typeof x === 'boolean') out[k] = x;
  }
  return out;
}
