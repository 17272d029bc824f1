// Error helpers shared by the schema, the data checks and the engine wrapper. Every error
// names what was wrong in `field`, so callers (the playground, the CLI) can point at it.

/** TypeError for a value of the wrong kind, with the offending field attached. */
export function typeError(field, message) {
  const e = new TypeError(`${field}: ${message}`);
  e.field = field;
  return e;
}

/** RangeError for a value of the right kind outside what is allowed. */
export function rangeError(field, message) {
  const e = new RangeError(`${field}: ${message}`);
  e.field = field;
  return e;
}

/**
 * Turns a fault recorded by the bindings ({message, field, kind}) into the JS error class
 * the API documents: malformed input → TypeError, out-of-range or inconsistent → RangeError.
 */
export function fromFault(fault, fallback = 'the engine refused the request') {
  if (!fault) return new Error(fallback);
  const E = fault.kind === 'type' ? TypeError : fault.kind === 'range' || fault.kind === 'memory' ? RangeError : Error;
  const e = new E(fault.message);
  if (fault.field) e.field = fault.field;
  return e;
}

// Characters a message must not carry as they are: controls (a terminal acts on them), line
// and paragraph separators, bidirectional overrides and isolates (they reorder what follows),
// and the invisible ones (no-break and zero-width spaces, the soft hyphen, the invisible
// operators and deprecated format characters, the byte-order mark).
const UNSAFE = /[\u0000-\u001f\u007f-\u00a0\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

/** `text` with each character a message must not carry as it is written as \uXXXX. */
export const escapeUnsafe = (text) => text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Shows a user-supplied value in a message: short, single-line, never markup-interpreted. */
export function show(value) {
  const s = showNested(value, 2);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

// Lists nested deeper than `depth` are shown as [ … ]: a list that holds itself, or one shared
// by many entries, cannot make a message endless (or take exponential time to write).
function showNested(value, depth) {
  if (typeof value === 'string') return escapeUnsafe(JSON.stringify(value));
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (depth === 0) return '[…]';
    return `[${value.slice(0, 8).map((v) => showNested(v, depth - 1)).join(', ')}${value.length > 8 ? ', …' : ''}]`;
  }
  return Object.prototype.toString.call(value);
}

/** Levenshtein distance, case-insensitive; small strings only (field names). */
function distance(a, b) {
  a = a.toLowerCase();
  b = b.toLowerCase();
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The closest candidate to `name` (kebab-case folded to camelCase first), or null. Only a string
 * gets a suggestion: String() of an arbitrary value can throw ({toString: 1}, a Symbol).
 */
function closest(name, candidates) {
  if (typeof name !== 'string') return null;
  const key = String(name).slice(0, 64).replace(/[-_]+([a-z0-9])/gi, (_, c) => c.toUpperCase());
  let best = null;
  let bestD = Math.max(3, Math.floor(key.length / 3)) + 1;
  for (const c of candidates) {
    // A prefix of a long name ("dying-relu" for "dying-relu-high-lr") counts as close.
    const prefix = key.length >= 4 && (c.toLowerCase().startsWith(key.toLowerCase()) || c.toLowerCase().startsWith(String(name).toLowerCase()));
    const d = c.toLowerCase() === key.toLowerCase() ? 0 : prefix ? 1 : distance(key, c);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best;
}

export function didYouMean(name, candidates) {
  const c = closest(name, candidates);
  return c ? ` (did you mean ${c}?)` : '';
}

/**
 * Checks an options argument: undefined (none), or a plain object whose keys are all in
 * `allowed`; a typo gets a "did you mean". Returns the object ({} for undefined).
 */
export function checkOptionKeys(label, value, allowed) {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw typeError(label, `expected an object of options (${allowed.join(', ')}), got ${show(value)}`);
  refuseUnknownKeys(value, label, allowed, 'option');
  return value;
}

/** Refuses the first key of `value` not in `allowed`, named under `label`, with a "did you mean" hint. */
export function refuseUnknownKeys(value, label, allowed, noun = 'key') {
  for (const k of Object.keys(value)) {
    if (allowed.includes(k)) continue;
    const name = String(k).slice(0, 64);
    throw typeError(label ? `${label}.${name}` : name, `unknown ${noun}${didYouMean(k, allowed)}`);
  }
}
