// Turning any configuration into one the engine accepts and can run (without user data, or
// on the user data given), field by field, saying what was changed. Used by gradlab.repair and gradlab.fromHash (and
// so by links, the element's attributes and the page's worker): one loop for all of them.
import { rangeError, typeError, show, checkOptionKeys, didYouMean } from './errors.js';
import { defaults, getField, fieldText, checkedBase, fieldNames } from './schema.js';
import { checkData, notOnUserData } from './data.js';

// A field's value is a number, a string or a list of them; a caller's may be anything (5n, which
// JSON cannot even write): equal only if the same value, or lists of the same values.
const same = (x, y) => Object.is(x, y) || (Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((v, i) => Object.is(v, y[i])));
// A value as given, for a warning: never throws (a symbol, an object without toString), at most 200 characters.
const textOf = (v) => (Array.isArray(v) ? v.slice(0, 200).map(textOf).join(',') : typeof v === 'string' ? v : show(v)).slice(0, 200);
// The field an error is about ("hidden[1]" is about hidden), or '' when it names none.
const fieldOf = (e) => (typeof e?.field === 'string' ? e.field.replace(/\[\d+\]$/, '') : '');

/**
 * The complete configuration if a session can be created from it (on `data`, user data,
 * when given); otherwise the engine's error, naming the field.
 */
export function runnable(gradlab, config, data = undefined) {
  const c = gradlab.check(config, data !== undefined ? { data } : undefined);
  // A link or a stored configuration cannot carry a data set: "custom" would fail only
  // later, when a session is created without one.
  if (c.dataset === 'custom' && data === undefined) throw rangeError('dataset', "'custom' needs user-supplied data (inputs and targets), which a configuration alone does not carry");
  return c;
}

// {config} when it can run as it is, else {problem}: the engine's error.
function attempt(gradlab, config, data) {
  try {
    return { config: runnable(gradlab, config, data) };
  } catch (problem) {
    return { problem };
  }
}

/** See GradLab.repair (web/README.md): at most F² + 2F + 5 checks for F fields, plus 1 + log2(max − min) per integer field. */
export function repair(gradlab, config, options) {
  if (config === null || typeof config !== 'object' || Array.isArray(config))
    throw typeError('config', `expected an object of settings, got ${show(config)}`);
  const { base, data: given } = checkOptionKeys('options', options, ['base', 'data']);
  // With user data the run is on them: dataset custom, and the data set is not a field to
  // fall back on (data the engine refuses throw: there is nothing to fall back to).
  const data = given === undefined ? undefined : checkData(given);
  const b = checkedBase(base);  // undefined: the defaults; null is refused, as by fromHash
  const d = defaults();
  const warnings = [];
  const c = structuredClone(b);
  if (data !== undefined) c.dataset = 'custom';
  for (const key of Object.keys(config)) {
    if (getField(key)) {
      if (config[key] !== undefined) c[key] = config[key];
    } else {
      const name = key.slice(0, 64);
      warnings.push({ field: name, value: textOf(config[key]), message: `${name}: unknown field${didYouMean(key, fieldNames)}; ignored` });
    }
  }
  const set = (f, value, problem) => {
    const who = fieldOf(problem) === f ? '' : `${f}: `;
    warnings.push({ field: f, value: textOf(c[f]), message: `${problem.message}; ${who}using ${fieldText(f, value) || '(none)'} instead` });
    c[f] = structuredClone(value);
  };
  // the data were given to be trained on
  if (data !== undefined && c.dataset !== 'custom') set('dataset', 'custom', notOnUserData(c.dataset));
  // Whether giving field g the value v removes the objection to field f.
  const clears = (g, f, v = b[g]) => {
    const { problem } = attempt(gradlab, { ...c, [g]: v }, data);
    return !problem || fieldOf(problem) !== f;
  };
  // An integer no value of its own and no other field's base value can fix: the largest value
  // below it that clears the objection, by bisection (a batch larger than the few points a
  // learner drew: smaller batches fit). Each field at most once: 1 + log2 of its range checks.
  const searched = new Set();
  const largestBelow = (f) => {
    const { kind, min } = getField(f);
    // c[f] is a valid integer here: objected to, f took the base's value, then the default's
    if (kind !== 'integer' || searched.has(f) || c[f] <= min) return undefined;
    searched.add(f);
    if (!clears(f, f, min)) return undefined;
    let lo = min, hi = c[f];  // lo clears, hi does not
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (clears(f, f, mid)) lo = mid;
      else hi = mid;
    }
    return lo;
  };
  const left = new Map();  // field -> the values not tried yet: base's, then the default
  for (;;) {
    const { config: ok, problem } = attempt(gradlab, c, data);
    if (!problem) return { config: ok, warnings };
    const f = fieldOf(problem);
    if (data !== undefined && (f === 'data' || f === 'dataset')) throw problem;
    if (!getField(f)) return startOver(gradlab, problem, b, d, warnings, data);  // not about one field
    if (!left.has(f)) left.set(f, [b[f], d[f]]);
    const candidates = left.get(f);
    while (candidates.length && same(candidates[0], c[f])) candidates.shift();
    if (candidates.length) {
      set(f, candidates.shift(), problem);
      continue;
    }
    // No value of f helps: another field's value causes it (numPoints too small for any
    // batch size f may take). The first, in schema order, whose base value clears it; each
    // field is moved this way at most once, which bounds the search.
    const g = fieldNames.find((g) => g !== f && !(data !== undefined && g === 'dataset') && !left.has(g) && !same(c[g], b[g]) && clears(g, f));
    if (g !== undefined) {
      left.set(g, [d[g]]);
      set(g, b[g], problem);
      continue;
    }
    const below = largestBelow(f);
    if (below === undefined) return startOver(gradlab, problem, b, d, warnings, data);
    set(f, below, problem);
  }
}

// Nothing field by field clears the problem: the whole base, else the defaults.
function startOver(gradlab, problem, b, d, warnings, data) {
  for (const [whole, what] of [[b, 'the base configuration'], [d, 'the defaults']]) {
    const { config } = attempt(gradlab, data === undefined ? whole : { ...whole, dataset: 'custom' }, data);
    if (config) {
      warnings.push({ field: String(problem.field ?? 'config'), value: '', message: `${problem.message}; using ${what} instead` });
      return { config, warnings };
    }
  }
  throw problem;
}
