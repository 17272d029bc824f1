// One CSV reader for user data, shared by the playground (paste / upload) and the CLI
// (`gradlab run --data file.csv`): text in, a data set for `createSession(config, {data})` out,
// or one error that names the line and the column. No DOM, no I/O.
//
// The file: one point per line, the inputs first and the target last, e.g.
//   x1,x2,label      (classification: the label is a class index 0, 1, …)
//   x,y              (1-D regression)
//   a,b,c,d,label    (any number of inputs: a data set without an input plane)
// Separated by commas (or tabs, or semicolons: whichever the first line uses). A header line
// is optional (a first line with a cell that is not a number is one). Blank lines and lines
// starting with # are skipped; a cell may be wrapped in double quotes.
//
// The task: `task` when given; else a last column named label or class is a class index and
// one named y, target or value is a regression target; otherwise two columns are (x, y)
// regression and three or more are classification when every target is a class index,
// regression when one is not.
//
// Limits come from the engine's (the schema export's `limits`) and are checked before the
// whole file is parsed: the size first, then the number of lines, then the first line's columns.
import { limits } from './schema.js';
import { typeError, rangeError, show } from './errors.js';

/**
 * What readCSV accepts. `bytes`: the parser holds the text (2 bytes a character in a JS
 * string) and a double per cell before the engine copies the data, so a file may take at most a
 * quarter of the engine's memory budget; `points`, `columns` (inputs + the target) and
 * `classes` are the engine's limits on user data.
 */
export const csvLimits = Object.freeze({
  bytes: limits.memoryBudget / 4,
  points: limits.maxUserPoints,
  columns: limits.maxUserInputs + 1,
  classes: limits.maxClasses,
  minPoints: limits.minUserPoints,
});

// A number written out has at most this many characters (a float32 needs ~15): a longer cell
// is not a number anyone wrote, and the limit keeps every message short.
const MAX_CELL = 100;
const FLOAT32_MAX = 3.4028234663852886e38;
const CLASS_NAMES = new Set(['label', 'class']);
const VALUE_NAMES = new Set(['y', 'target', 'value']);

/**
 * A problem in the file: a RangeError whose message starts with where it is ("line 17,
 * column label: …"), with `line` (1-based, or 0 for the whole file) and `column` (its name, or
 * '') as properties, and `field` = 'data'.
 */
export function csvError(line, column, message) {
  // (a header cell left empty is named "column 2" already: not "column column 2")
  const where = [line ? `line ${line}` : '', column ? (column.startsWith('column ') ? column : `column ${column}`) : ''].filter(Boolean).join(', ');
  const e = new RangeError(where ? `${where}: ${message}` : message);
  e.field = 'data';
  e.line = line;
  e.column = column;
  return e;
}

// A cell as the file has it, for a message: short, one line, quoted.
function shown(text) {
  const s = text.length > 40 ? `${text.slice(0, 37)}…` : text;
  return JSON.stringify(s);
}

// A column name for messages: printable, at most 40 characters.
function columnName(text) {
  const s = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

/** The text of a file given as a string, an ArrayBuffer or a Uint8Array; refuses binary content. */
function toText(source, maxBytes) {
  if (typeof source === 'string') {
    // A character is at least a byte: more characters than bytes allowed is too large already.
    if (source.length > maxBytes) throw csvError(0, '', `the file is too large: ${source.length.toLocaleString('en')} characters (at most ${maxBytes.toLocaleString('en')} bytes)`);
    return source;
  }
  let bytes;
  if (source instanceof ArrayBuffer) bytes = new Uint8Array(source);
  else if (source instanceof Uint8Array) bytes = source;
  else throw typeError('data', `expected the CSV text (a string) or its bytes (Uint8Array, ArrayBuffer), got ${source === null ? 'null' : typeof source}`);
  if (bytes.byteLength > maxBytes) throw csvError(0, '', `the file is too large: ${bytes.byteLength.toLocaleString('en')} bytes (at most ${maxBytes.toLocaleString('en')})`);
  if (bytes.indexOf(0) >= 0) throw csvError(0, '', 'the file is binary (it holds zero bytes), not CSV text');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw csvError(0, '', 'the file is not UTF-8 text (it looks binary), not CSV text');
  }
}

// Control characters other than tab, CR and LF do not occur in a text file.
function checkText(text) {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) {
      let line = 1;
      for (let j = 0; j < i; j++) if (text.charCodeAt(j) === 10) line++;
      throw csvError(line, '', `binary content (control character U+${c.toString(16).toUpperCase().padStart(4, '0')}): not CSV text`);
    }
  }
}

// The lines that hold data: [{line: number, text}], blank and # lines left out. Counts them
// first, so a file with too many points is refused before any is kept.
function contentLines(text, maxLines) {
  const out = [];
  let start = 0;
  let line = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    let s = text.slice(start, end);
    if (s.endsWith('\r')) s = s.slice(0, -1);
    const t = s.trim();
    if (t && !t.startsWith('#')) {
      if (out.length >= maxLines) throw csvError(0, '', `the file has more than ${(maxLines - 1).toLocaleString('en')} points (at most ${(maxLines - 1).toLocaleString('en')}, plus a header)`);
      out.push({ line, text: s });
    }
    start = end + 1;
  }
  return out;
}

function delimiterOf(first) {
  if (first.includes('\t')) return '\t';
  if (first.includes(';') && !first.includes(',')) return ';';
  return ',';
}

function unquote(cell) {
  const t = cell.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).trim() : t;
}

// Decimal numbers only ("1", "-0.5", ".5", "2e-3"): no hex, no "Infinity", no empty string,
// which Number() would all accept. One pass over at most MAX_CELL characters.
function isDecimal(s) {
  let i = 0;
  const n = s.length;
  const digits = () => {
    const from = i;
    while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
    return i - from;
  };
  if (s[i] === '+' || s[i] === '-') i++;
  let d = digits();
  if (s[i] === '.') {
    i++;
    d += digits();
  }
  if (d === 0) return false;
  if (s[i] === 'e' || s[i] === 'E') {
    i++;
    if (s[i] === '+' || s[i] === '-') i++;
    if (digits() === 0) return false;
  }
  return i === n;
}

/**
 * A cell's number, or {error} with what is wrong with it (no line or column yet). Finite in
 * float32: the engine trains in float32.
 */
function numberOf(text) {
  if (text === '') return { error: 'no value (every point needs a value in every column)' };
  if (text.length > MAX_CELL) return { error: `${shown(text)} is not a number (longer than ${MAX_CELL} characters)` };
  if (/^[+-]?(nan|inf|infinity)$/i.test(text)) return { error: `${shown(text)} is not a finite number (data must be finite)` };
  if (!isDecimal(text)) return { error: `${shown(text)} is not a number` };
  const v = Number(text);
  if (!(Math.abs(v) <= FLOAT32_MAX)) return { error: `${shown(text)} is too large (beyond ±3.4e38, the float32 range the engine trains in)` };
  return { value: v };
}

// A header cell: text that is not a number, nor a spelling of one that is refused later (NaN,
// Infinity), nor empty (a missing value in the first point).
function isName(text) {
  return text !== '' && /[^\d\s.eE+-]/.test(text) && !/^[+-]?(nan|inf|infinity)$/i.test(text);
}

function classIndex(text, maxClasses) {
  const bad = `${shown(text)} is not a class index 0–${maxClasses - 1}`;
  if (!/^\s*[+]?\d{1,6}\s*$/.test(text)) return { error: bad };
  const v = Number(text);
  return v < maxClasses ? { value: v } : { error: bad };
}

/**
 * Reads a data set from CSV. `source` is the text (string) or its bytes (Uint8Array or
 * ArrayBuffer, UTF-8). Options: `task` ('auto' | 'classification' | 'regression'),
 * `maxClasses` (at most the engine's limit; the page passes its palette's size).
 *
 * Returns {data, columns, header, points, classCounts}: `data` is ready for
 * `createSession(config, {data})` ({inputs, targets, inputDim, task, classes, outputDim: 1}),
 * `columns` the column names (the header's, else x1…xn and label or y), `classCounts` the
 * points of each class (classification) or null.
 *
 * Throws RangeError naming the line and the column (`line 17, column label: "cat" is not a
 * class index 0–7`; `.line`, `.column` carry them), or TypeError for a source that is not
 * text or bytes. Never returns part of a file.
 */
export function readCSV(source, options = {}) {
  const { task: wanted = 'auto', maxClasses: maxC = csvLimits.classes } = options ?? {};
  if (!['auto', 'classification', 'regression'].includes(wanted)) throw typeError('task', `${show(wanted)} is not one of auto, classification, regression`);
  if (!Number.isInteger(maxC) || maxC < 2 || maxC > csvLimits.classes) throw rangeError('maxClasses', `${show(maxC)} is out of range (allowed integers 2 to ${csvLimits.classes})`);
  let text = toText(source, csvLimits.bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  checkText(text);
  const lines = contentLines(text, csvLimits.points + 1);
  if (!lines.length) throw csvError(0, '', 'the file holds no data (no line with values)');

  // The first line: a header or the first point; it fixes the separator and the columns.
  const sep = delimiterOf(lines[0].text);
  const first = lines[0].text.split(sep).map(unquote);
  const ncol = first.length;
  if (ncol > csvLimits.columns) throw csvError(lines[0].line, '', `${ncol.toLocaleString('en')} columns (at most ${csvLimits.columns.toLocaleString('en')}: ${csvLimits.columns - 1} inputs and the target)`);
  // (a line with a tab or a semicolon splits into two columns at least: one column means no separator)
  if (ncol < 2) throw csvError(lines[0].line, '', '1 column: a point needs at least one input and the target (e.g. x,y or x1,x2,label); columns are separated by commas, tabs or semicolons');
  const header = first.some(isName);
  const names = header ? first.map((c, j) => columnName(c) || `column ${j + 1}`) : null;
  const targetName = names?.[ncol - 1].toLowerCase();
  const task = wanted !== 'auto' ? wanted
    : CLASS_NAMES.has(targetName) ? 'classification'
    : VALUE_NAMES.has(targetName) ? 'regression'
    : ncol === 2 ? 'regression' : 'auto';
  const columnNames = names ?? [...(ncol === 2 ? ['x'] : Array.from({ length: ncol - 1 }, (_, j) => `x${j + 1}`)), task === 'regression' ? 'y' : 'label'];

  const rows = header ? lines.slice(1) : lines;
  const points = rows.length;
  if (points > csvLimits.points) throw csvError(0, '', `the file has ${points.toLocaleString('en')} points (at most ${csvLimits.points.toLocaleString('en')})`);
  if (points < csvLimits.minPoints) throw csvError(0, '', `the file has ${points} point${points === 1 ? '' : 's'}${header ? ' after its header' : ''} (at least ${csvLimits.minPoints})`);
  const inputDim = ncol - 1;
  const inputs = new Float32Array(points * inputDim);
  const targetText = new Array(points);
  const targetValue = new Float64Array(points);
  let targetError = null;  // the first target that is not a number: {line, message}
  let allClassIndices = true;
  for (let i = 0; i < points; i++) {
    const { line, text: row } = rows[i];
    const cells = row.split(sep);
    if (cells.length !== ncol)
      throw csvError(line, '', `${cells.length} column${cells.length === 1 ? '' : 's'}, expected ${ncol} (${columnNames.join(', ').slice(0, 120)})`);
    for (let j = 0; j < inputDim; j++) {
      const r = numberOf(unquote(cells[j]));
      if (r.error) throw csvError(line, columnNames[j], r.error);
      inputs[i * inputDim + j] = r.value;
    }
    const t = unquote(cells[inputDim]);
    targetText[i] = t;
    if (task === 'classification') {
      const r = classIndex(t, maxC);
      if (r.error) throw csvError(line, columnNames[inputDim], r.error);
      targetValue[i] = r.value;
    } else {
      const r = numberOf(t);
      if (r.error) {
        if (task === 'regression') throw csvError(line, columnNames[inputDim], r.error);
        // neither kind of target: say both, since the file did not say which it meant
        targetError ??= { line, message: r.error.endsWith('is not a number') ? `${shown(t)} is neither a class index 0–${maxC - 1} nor a number` : r.error };
        allClassIndices = false;
      } else {
        targetValue[i] = r.value;
        if (!Number.isInteger(r.value) || r.value < 0 || r.value >= maxC || !/^\s*[+]?\d+\s*$/.test(t)) allClassIndices = false;
      }
    }
  }
  const resolved = task !== 'auto' ? task : allClassIndices ? 'classification' : 'regression';
  if (!names) columnNames[inputDim] = resolved === 'regression' ? 'y' : 'label';
  if (resolved === 'regression' && targetError) throw csvError(targetError.line, columnNames[inputDim], targetError.message);

  const targets = Float32Array.from(targetValue);
  let classes = 0;
  let classCounts = null;
  if (resolved === 'classification') {
    let top = 0;
    for (const v of targetValue) top = Math.max(top, v);
    classes = Math.max(2, top + 1);
    classCounts = new Array(classes).fill(0);
    for (const v of targetValue) classCounts[v]++;
    if (classCounts.filter((n) => n > 0).length < 2)
      throw csvError(0, columnNames[inputDim], `every point is class ${targetValue[0]}: classification needs points of at least 2 classes`);
  }
  return {
    data: { inputs, targets, inputDim, task: resolved, classes, outputDim: 1 },
    columns: columnNames,
    header,
    points,
    classCounts,
  };
}

/**
 * The CSV text of a data set ({inputs, targets, inputDim, task}, one target column): a header
 * (`columns`, or x1…xn and label/y) and one line per point, each float32 value written so that
 * readCSV reads back the same float.
 */
export function writeCSV(data, columns = undefined) {
  const d = data.inputDim;
  const n = data.inputs.length / d;
  const names = columns ?? [...(d === 1 ? ['x'] : Array.from({ length: d }, (_, j) => `x${j + 1}`)), data.task === 'regression' ? 'y' : 'label'];
  const out = [names.join(',')];
  for (let i = 0; i < n; i++) {
    const row = [];
    for (let j = 0; j < d; j++) row.push(String(data.inputs[i * d + j]));
    row.push(String(data.targets[i]));
    out.push(row.join(','));
  }
  return `${out.join('\n')}\n`;
}
