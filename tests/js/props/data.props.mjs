// Properties of user data read from text: the CSV reader (web/src/csv.js). Each export returns
// a fast-check property (see bounded.mjs). Expected outcomes come from how each input was
// generated (which defect was put on which line and column), never from running the reader a
// second way.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readCSV, writeCSV, csvLimits } from '../../../web/src/csv.js';
import { checkData } from '../../../web/src/data.js';
import { encodeData, decodeData, snapToGrid } from '../../../web/src/data-link.js';
import { schema } from '../../../web/src/schema.js';

// Every call is linear in its input (a few ms for the largest generated files): a call over
// this bound is super-linear behaviour that would freeze the page, not a busy machine.
const CALL_LIMIT_MS = 1000;

/** readCSV's outcome: {value} or {error}; fails on any error class the reader does not document, or a slow call. */
function read(source, options) {
  const t0 = performance.now();
  try {
    return { value: readCSV(source, options) };
  } catch (error) {
    assert.ok(error instanceof RangeError || error instanceof TypeError, `threw ${error?.constructor?.name}: ${error?.message}`);
    assert.equal(typeof error.message, 'string');
    assert.ok(error.message.length < 400, `a message of ${error.message.length} characters`);
    assert.doesNotMatch(error.message, /[\u0000-\u0008\u000b-\u001f]/, 'a control character in the message');
    return { error };
  } finally {
    const ms = performance.now() - t0;
    assert.ok(ms < CALL_LIMIT_MS, `one call took ${ms.toFixed(0)} ms (limit ${CALL_LIMIT_MS} ms)`);
  }
}

/** A result is a whole, consistent data set the API accepts: never part of a file. */
function assertComplete(r) {
  const { data, columns, points } = r;
  assert.equal(data.inputs.length, points * data.inputDim);
  assert.equal(data.targets.length, points);
  assert.equal(columns.length, data.inputDim + 1);
  assert.ok(points >= csvLimits.minPoints && points <= csvLimits.points);
  for (const v of data.inputs) assert.ok(Number.isFinite(v));
  for (const v of data.targets) assert.ok(Number.isFinite(v));
  if (data.task === 'classification') {
    assert.equal(r.classCounts.reduce((a, b) => a + b, 0), points);
    assert.ok(r.classCounts.filter((n) => n > 0).length >= 2, 'one class only was accepted');
  }
  checkData(data);  // the API's own check accepts it
}

// ---- generators ---------------------------------------------------------------------------------

const float32 = fc.oneof(
  { weight: 4, arbitrary: fc.float({ noNaN: true, noDefaultInfinity: true, min: -100, max: 100 }) },
  { weight: 1, arbitrary: fc.float({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1e-45, -3.4028234663852886e38, 3.4028234663852886e38) },
);

/** A valid data set: {data, columns} with 1–6 inputs, 2–60 points, classification (2–8 classes, at least two present) or regression. */
const dataSet = fc.record({
  inputDim: fc.integer({ min: 1, max: 6 }),
  points: fc.integer({ min: 2, max: 60 }),
  classes: fc.integer({ min: 2, max: 8 }),
  regression: fc.boolean(),
}).chain(({ inputDim, points, classes, regression }) => fc.record({
  inputs: fc.array(float32, { minLength: points * inputDim, maxLength: points * inputDim }),
  targets: regression
    ? fc.array(float32, { minLength: points, maxLength: points })
    : fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: points, maxLength: points })
      .map((t) => (new Set(t).size < 2 ? [0, 1, ...t.slice(2)] : t)),
}).map(({ inputs, targets }) => ({
  inputDim,
  task: regression ? 'regression' : 'classification',
  inputs: Float32Array.from(inputs),
  targets: Float32Array.from(targets),
})));

/** Lines that are not data: blank, whitespace, comments. */
const filler = fc.constantFrom('', '   ', '# a comment', '#x1,x2,label', '\t');

// ---- properties ----------------------------------------------------------------------------------

/** writeCSV → readCSV gives the same floats bit for bit, the same task and inputs, with and without a header, whatever the line ends and filler lines. */
export function csvRoundTrip() {
  return fc.property(dataSet, fc.boolean(), fc.constantFrom('\n', '\r\n'), fc.array(fc.tuple(fc.nat(), filler), { maxLength: 3 }), (data, withHeader, eol, fill) => {
    let lines = writeCSV(data).trimEnd().split('\n');
    if (!withHeader) lines = lines.slice(1);
    for (const [at, text] of fill) lines.splice(at % (lines.length + 1), 0, text);
    const r = read(lines.join(eol), { task: data.task });
    assert.ok(!r.error, r.error?.message);
    assertComplete(r.value);
    const d = r.value.data;
    assert.equal(d.task, data.task);
    assert.equal(d.inputDim, data.inputDim);
    assert.equal(r.value.header, withHeader);
    // bit for bit (a -0 is written "0" and comes back as +0)
    const bits = (a) => [...new Uint32Array(Float32Array.from(a, (v) => (v === 0 ? 0 : v)).buffer)];
    assert.deepEqual([...new Uint32Array(d.inputs.buffer)], bits(data.inputs));
    assert.deepEqual([...new Uint32Array(d.targets.buffer)], bits(data.targets));
  });
}

// Defects put into one cell or line of a valid file, and what the reader must say about them:
// the line, the column (name or '' for the whole line) and a fragment of the message.
const DEFECTS = {
  nan: { cell: 'NaN', says: 'not a finite number' },
  infinity: { cell: '-Infinity', says: 'not a finite number' },
  huge: { cell: '1e39', says: 'float32' },
  word: { cell: 'abc', says: 'is not a number' },
  hex: { cell: '0x10', says: 'is not a number' },
  empty: { cell: '', says: 'no value' },
  missingColumn: { line: 'drop', says: ', expected ' },
  extraColumn: { line: 'add', says: ', expected ' },
  control: { cell: '1\u0001', says: 'binary content', wholeLine: true },
};

/**
 * A valid file with a header and one defect at a chosen point and input column: refused with a
 * RangeError that names exactly that line (and that column when the defect is in a cell).
 */
export function csvDefects() {
  return fc.property(dataSet, fc.constantFrom(...Object.keys(DEFECTS)), fc.nat(), fc.nat(), (data, kind, p, c) => {
    const lines = writeCSV(data).trimEnd().split('\n');
    const points = lines.length - 1;
    const row = 1 + (p % points);
    const col = c % data.inputDim;
    const cells = lines[row].split(',');
    const defect = DEFECTS[kind];
    if (defect.line === 'drop') cells.pop();
    else if (defect.line === 'add') cells.push('1');
    else cells[col] = defect.cell;
    lines[row] = cells.join(',');
    const r = read(lines.join('\n'), { task: data.task });
    assert.ok(r.error, `accepted a file with a ${kind} defect on line ${row + 1}`);
    assert.ok(r.error instanceof RangeError, r.error.message);
    assert.equal(r.error.line, row + 1, r.error.message);
    const name = lines[0].split(',')[col];
    if (defect.cell !== undefined && !defect.wholeLine) assert.equal(r.error.column, name, r.error.message);
    assert.ok(r.error.message.startsWith(`line ${row + 1}`), r.error.message);
    assert.ok(r.error.message.includes(defect.says), `${kind}: ${r.error.message}`);
  });
}

/** A class label that is not a class index (a word, a fraction, too large, negative) in a label column: refused naming the line and the label column. */
export function csvBadLabels() {
  return fc.property(dataSet.filter((d) => d.task === 'classification'), fc.constantFrom('cat', '1.5', '8', '-1', '1e2', ' ', 'NaN'), fc.nat(), (data, label, p) => {
    const lines = writeCSV(data).trimEnd().split('\n');
    const row = 1 + (p % (lines.length - 1));
    const cells = lines[row].split(',');
    cells[cells.length - 1] = label;
    lines[row] = cells.join(',');
    const r = read(lines.join('\n'), { maxClasses: 8 });
    assert.ok(r.error, `accepted label ${JSON.stringify(label)}`);
    assert.equal(r.error.line, row + 1);
    assert.equal(r.error.column, 'label');
    assert.ok(/class index 0–7|no value|binary|not a finite/.test(r.error.message), r.error.message);
  });
}

/**
 * Anything: random text (any Unicode, CSV-ish alphabets), random bytes, and valid files cut
 * or spliced at random places. Only RangeError/TypeError, fast, and a result is always a
 * whole, consistent data set.
 */
export function csvHostile() {
  const csvish = fc.string({ unit: fc.constantFrom(...'0123456789.,;\t\n\r-+eE #"xabNIn'.split('')), maxLength: 400 });
  const spliced = fc.tuple(dataSet, fc.nat(), fc.nat(), fc.string({ unit: 'binary', maxLength: 20 })).map(([d, a, b, junk]) => {
    const t = writeCSV(d);
    const i = a % (t.length + 1);
    return t.slice(0, i) + junk + t.slice(Math.min(t.length, i + (b % 8)));
  });
  const source = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }),
    csvish,
    spliced,
    fc.uint8Array({ maxLength: 300 }),
    fc.uint8Array({ maxLength: 300 }).map((b) => b.buffer),
    fc.anything(),
  );
  return fc.property(source, fc.constantFrom(undefined, { task: 'classification' }, { task: 'regression' }, { maxClasses: 8 }), (s, options) => {
    const r = read(s, options);
    if (r.value) assertComplete(r.value);
    else if (typeof s === 'string' || s instanceof Uint8Array || s instanceof ArrayBuffer) assert.ok(r.error instanceof RangeError, `${r.error.constructor.name} for text: ${r.error.message}`);
  });
}

// ---- the share link's data text (web/src/data-link.js) -------------------------------------------

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Data sets as links carry them: any floats, or points drawn on a plane (snapped to the link's grid, with their domain). */
const linkData = fc.oneof(
  dataSet,
  dataSet.filter((d) => d.inputDim <= 2).chain((d) => fc.oneof(
    fc.constant([-schema.domain, schema.domain]),
    fc.tuple(fc.double({ min: -1e6, max: 0, noNaN: true }), fc.double({ min: 1e-3, max: 1e6, noNaN: true })).map(([lo, w]) => [lo, lo + Math.max(w, Math.abs(lo) * 1e-4)]),  // wider than a few float32 steps
  ).map(([lo, hi]) => ({
    ...d,
    inputs: Float32Array.from(d.inputs, (v) => snapToGrid(lo + ((v + 100) / 200) * (hi - lo), lo, hi)),
    domain: Array.from({ length: d.inputDim }, () => [lo, hi]),
  }))),
);

function decode(text) {
  const t0 = performance.now();
  try {
    return { value: decodeData(text) };
  } catch (error) {
    assert.ok(error instanceof RangeError || error instanceof TypeError, `threw ${error?.constructor?.name}: ${error?.message}`);
    assert.ok(error.message.startsWith('data'), error.message);
    assert.ok(error.message.length < 300, error.message);
    return { error };
  } finally {
    assert.ok(performance.now() - t0 < CALL_LIMIT_MS, 'a slow decode');
  }
}

const bitsOf = (a) => [...new Uint32Array(Float32Array.from(a).buffer)];

/** encode → decode gives the same data bit for bit (-0 included), shape, task and domain; drawn points cost 24 bits of coordinates each. */
export function linkRoundTrip() {
  return fc.property(linkData, (data) => {
    const text = encodeData(data);
    assert.match(text, /^[A-Za-z0-9_-]+$/);
    const r = decode(text);
    assert.ok(!r.error, r.error?.message);
    const d = r.value;
    assert.deepEqual(bitsOf(d.inputs), bitsOf(data.inputs));
    assert.deepEqual(bitsOf(d.targets), bitsOf(data.targets));
    assert.equal(d.task, data.task);
    assert.equal(d.inputDim, data.inputDim);
    assert.deepEqual(d.domain, data.domain);
    if (data.domain) {
      // on the grid: 12 bits a coordinate, ≤ 32 a target, a header of ≤ 64 bytes
      const n = data.inputs.length / data.inputDim;
      assert.ok(text.length <= Math.ceil(((n * (data.inputDim * 12 + 32)) / 8 + 64) * (4 / 3)), `${text.length} characters for ${n} drawn points`);
    }
  });
}

/** Any text (link-alphabet noise, any Unicode, non-strings): a RangeError/TypeError naming the data, or a data set the API accepts. */
export function linkHostile() {
  const noise = fc.string({ unit: fc.constantFrom(...B64URL.split('')), maxLength: 400 });
  const headed = fc.tuple(fc.constantFrom('AQ', 'AQA', 'AQE', 'AQo', 'AQ4', 'Ag'), noise).map(([a, b]) => a + b);
  return fc.property(fc.oneof(noise, headed, fc.string({ unit: 'binary', maxLength: 200 }), fc.anything()), (x) => {
    const r = decode(x);
    if (r.value) checkData(r.value);
  });
}

/** A valid link text with one character changed, or cut short: refused, or (unused bits of the last character) the very same data. */
export function linkTampered() {
  return fc.property(linkData, fc.nat(), fc.constantFrom(...B64URL.split('')), fc.boolean(), (data, at, ch, cut) => {
    const text = encodeData(data);
    const i = at % text.length;
    const changed = cut ? text.slice(0, i) : text.slice(0, i) + ch + text.slice(i + 1);
    if (changed === text) return;
    const r = decode(changed);
    if (r.error) return;
    assert.deepEqual(bitsOf(r.value.inputs), bitsOf(data.inputs), `a changed link (character ${i + 1}) gave other points`);
    assert.deepEqual(bitsOf(r.value.targets), bitsOf(data.targets));
  });
}
