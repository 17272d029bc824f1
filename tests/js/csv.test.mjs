// The CSV reader for user data (web/src/csv.js): what a learner's file says and what the reader
// makes of it, the messages that name the line and the column, the limits (checked before the
// whole file is parsed), and property tests with random and hostile files (props/data.props.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCSV, writeCSV, csvLimits, limits } from '../../web/src/node.js';
import { checkProperty } from './props/bounded.mjs';
import { throwsWith } from './helpers.mjs';

test('csv: the three layouts — x1,x2,label; x,y; many inputs — with and without a header', () => {
  const a = readCSV('x1,x2,label\n0.5,-1,0\n2,3e-1,1\n-4,0,2\n');
  assert.equal(a.data.task, 'classification');
  assert.equal(a.data.inputDim, 2);
  assert.equal(a.data.classes, 3);
  assert.deepEqual([...a.data.inputs], [0.5, -1, 2, Math.fround(0.3), -4, 0]);
  assert.deepEqual([...a.data.targets], [0, 1, 2]);
  assert.deepEqual(a.classCounts, [1, 1, 1]);
  assert.deepEqual(a.columns, ['x1', 'x2', 'label']);

  const b = readCSV('1,2\n3,4.5\n');  // two columns, no header: (x, y) regression
  assert.equal(b.data.task, 'regression');
  assert.equal(b.header, false);
  assert.deepEqual(b.columns, ['x', 'y']);
  assert.deepEqual([...b.data.targets], [2, 4.5]);

  const c = readCSV('1,2,3,4,5,0\n6,7,8,9,10,1\n');  // five inputs, integer targets: classification
  assert.equal(c.data.inputDim, 5);
  assert.equal(c.data.task, 'classification');
  assert.equal(readCSV('1,2,3,4,5,0.5\n6,7,8,9,10,1\n').data.task, 'regression');
  // the header's target name decides, whatever the values look like
  assert.equal(readCSV('x1,x2,y\n1,2,0\n3,4,1\n').data.task, 'regression');
  assert.equal(readCSV('x,class\n1,0\n3,1\n').data.task, 'classification');
  // tabs and semicolons, CRLF, a BOM, quotes, comments and blank lines
  const d = readCSV('\ufeff"x1"\t"x2"\tlabel\r\n# drawn by hand\r\n\r\n1\t"2"\t0\r\n3\t4\t1\r\n');
  assert.deepEqual([...d.data.inputs], [1, 2, 3, 4]);
  assert.deepEqual([...readCSV('x1;x2;label\n1;2;0\n3;4;1').data.targets], [0, 1]);
});

test('csv: messages name the line and the column', () => {
  const e = throwsWith(assert, () => readCSV('x1,x2,label\n1,2,0\n3,4,cat\n', { maxClasses: 8 }), RangeError, 'line 3, column label: "cat" is not a class index 0–7');
  assert.equal(e.line, 3);
  assert.equal(e.column, 'label');
  assert.equal(e.field, 'data');
  // line numbers count every line of the file, blank and comment lines included
  throwsWith(assert, () => readCSV('x1,x2,label\n\n# c\n1,NaN,0\n2,3,1\n'), RangeError, 'line 4, column x2: "NaN" is not a finite number');
  throwsWith(assert, () => readCSV('x,y\n1,Infinity\n2,3\n'), RangeError, 'line 2, column y: "Infinity" is not a finite number');
  throwsWith(assert, () => readCSV('x1,x2,label\n1,2,0\n3,4\n'), RangeError, 'line 3: 2 columns, expected 3 (x1, x2, label)');
  throwsWith(assert, () => readCSV('x1,x2,label\n1,,0\n3,4,1\n'), RangeError, 'line 2, column x2: no value');
  // a header cell left empty is named by its place, once
  const unnamed = throwsWith(assert, () => readCSV('x1,,label\n1,,0\n3,4,1\n'), RangeError, 'line 2, column 2: no value');
  assert.doesNotMatch(unnamed.message, /column column/);
  assert.equal(unnamed.column, 'column 2');
  throwsWith(assert, () => readCSV('x1,x2,label\n1,2,0\n3,4,0\n'), RangeError, 'column label: every point is class 0', 'at least 2 classes');
  throwsWith(assert, () => readCSV('a\u0000b'), RangeError, 'binary content');
  throwsWith(assert, () => readCSV(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0])), RangeError, 'binary');  // a zip file's first bytes
  throwsWith(assert, () => readCSV(new Uint8Array([0x31, 0x2c, 0xff, 0x0a])), RangeError, 'not UTF-8 text');
  throwsWith(assert, () => readCSV('x,y\n1,2\n'), RangeError, '1 point after its header', `at least ${limits.minUserPoints}`);
  throwsWith(assert, () => readCSV('\n\n# only a comment\n'), RangeError, 'no data');
  throwsWith(assert, () => readCSV('x\n1\n2\n'), RangeError, '1 column');
  throwsWith(assert, () => readCSV(42), TypeError, 'data: expected the CSV text');
  throwsWith(assert, () => readCSV('1,2\n3,4', { task: 'clustering' }), TypeError, 'task');
  // The options' refusals whole; maxClasses from 2 to the engine's class limit.
  assert.throws(() => readCSV('1,2\n3,4', { task: 'clustering' }), (e) => e instanceof TypeError && e.field === 'task' &&
    e.message === 'task: "clustering" is not one of auto, classification, regression');
  for (const m of [1, 2.5, csvLimits.classes + 1, '8'])
    assert.throws(() => readCSV('1,2,0\n3,4,1', { maxClasses: m }), (e) => e instanceof RangeError && e.field === 'maxClasses' &&
      e.message === `maxClasses: ${typeof m === 'string' ? JSON.stringify(m) : m} is out of range (allowed integers 2 to ${limits.maxClasses})`, String(m));
  for (const m of [2, csvLimits.classes]) assert.equal(readCSV('1,2,0\n3,4,1', { maxClasses: m }).data.classes, 2);
  assert.equal(readCSV('1,2,0\n3,4,1', null).data.classes, 2, 'null options are the defaults');
  // Without a header, the count of points says nothing about one.
  throwsWith(assert, () => readCSV('1,2\n'), RangeError, 'the file has 1 point (at least 2)');
  throwsWith(assert, () => readCSV('x,y\n'), RangeError, 'the file has 0 points after its header (at least 2)');
  // a task given by the caller wins, and its own rule for the target applies
  throwsWith(assert, () => readCSV('1,2,0.5\n3,4,1\n', { task: 'classification' }), RangeError, 'line 1, column label: "0.5" is not a class index 0–31');
});

test('csv: the number grammar, quotes, separators, line ends and binary content, each message whole', () => {
  const first = (v) => readCSV(`x,y\n${v},1\n2,3\n`).data.inputs[0];
  for (const [v, x] of [['1', 1], ['-0.5', -0.5], ['+2', 2], ['.5', 0.5], ['5.', 5], ['2E+3', 2000], ['2e-3', Math.fround(2e-3)], ['"1"', 1], ['" 2 "', 2]])
    assert.equal(first(v), x, v);
  const refused = (src, E, message) => assert.throws(() => readCSV(src), (e) => e instanceof E && e.message === message, message);
  for (const v of ['-', '.', 'e5', '1e', '1e+', '0x10', '1..2', '1 2', '--1', '1e5x', '"', '"3'])
    refused(`x,y\n${v},1\n2,3\n`, RangeError, `line 2, column x: ${JSON.stringify(v)} is not a number`);
  refused('x,y\nInfinity,1\n2,3\n', RangeError, 'line 2, column x: "Infinity" is not a finite number (data must be finite)');
  for (const empty of ['', '""', ' "  " '])
    refused(`x,y\n${empty},1\n2,3\n`, RangeError, 'line 2, column x: no value (every point needs a value in every column)');
  refused(`x,y\n${'x'.repeat(50)},1\n2,3\n`, RangeError, `line 2, column x: "${'x'.repeat(37)}…" is not a number`);
  // the separator: a tab, else a semicolon on a line without commas, else a comma
  assert.deepEqual([...readCSV('1;2\n3;4\n').data.targets], [2, 4]);
  refused('1;2,3\n4;5,6\n7;8,9\n', RangeError, 'line 2, column 1;2: "4;5" is not a number');  // comma-separated: "1;2" is a header
  refused('1\t2,5\n3\t4\n', RangeError, 'the file has 1 point after its header (at least 2)');  // tab-separated: "2,5" is a header
  assert.deepEqual([...readCSV('x,y\r\n1,2\r\n3,4\r').data.targets], [2, 4], 'CRLF, and a last line ending in CR');
  // binary content and what is not text at all
  refused(new Uint8Array([49, 44, 50, 10, 0, 44, 52]), RangeError, 'the file is binary (it holds zero bytes), not CSV text');
  refused(new Uint8Array([49, 44, 50, 10, 0xff, 0xfe, 52]), RangeError, 'the file is not UTF-8 text (it looks binary), not CSV text');
  refused('x,y\n1,2\n3\u0007,4\n', RangeError, 'line 3: binary content (control character U+0007): not CSV text');
  refused('x,y\n1,2\n3\u007f,4\n', RangeError, 'line 3: binary content (control character U+007F): not CSV text');
  refused(null, TypeError, 'data: expected the CSV text (a string) or its bytes (Uint8Array, ArrayBuffer), got null');
  refused(5, TypeError, 'data: expected the CSV text (a string) or its bytes (Uint8Array, ArrayBuffer), got number');
  assert.deepEqual([...readCSV(new TextEncoder().encode('1,2\n3,4\n').buffer).data.targets], [2, 4], 'an ArrayBuffer');
  // the size limit, as text and as bytes: one more character than the limit is refused before
  // the file is read (the largest file read whole: csv-limits.test.mjs)
  const { bytes } = csvLimits;
  const body = 'x,y\n1,2\n3,4\n#';
  refused(body + 'c'.repeat(bytes - body.length + 1), RangeError, `the file is too large: ${(bytes + 1).toLocaleString('en')} characters (at most ${bytes.toLocaleString('en')} bytes)`);
  refused(new Uint8Array(bytes + 1), RangeError, `the file is too large: ${(bytes + 1).toLocaleString('en')} bytes (at most ${bytes.toLocaleString('en')})`);
});

test('csv: limits come from the engine', () => {
  assert.equal(csvLimits.points, limits.maxUserPoints);
  assert.equal(csvLimits.columns, limits.maxUserInputs + 1);
  assert.equal(csvLimits.classes, limits.maxClasses);
  assert.equal(csvLimits.bytes, limits.memoryBudget / 4);
  // Each file below also has a bad cell on its last line: the error is the limit's, so the
  // limit was checked before the reader got that far.
  const bad = '\n1,zz,0\n';
  const wide = `${Array.from({ length: csvLimits.columns + 1 }, (_, i) => i % 2).join(',')}\n${bad}`;
  throwsWith(assert, () => readCSV(wide), RangeError, `line 1: ${(csvLimits.columns + 1).toLocaleString('en')} columns (at most ${csvLimits.columns.toLocaleString('en')}`);
  const big = new Uint8Array(csvLimits.bytes + 1).fill(0x31);
  throwsWith(assert, () => readCSV(big), RangeError, 'too large', `${(csvLimits.bytes + 1).toLocaleString('en')} bytes`);
});

test('csv: what decides the header, the task, the column names and the classes, at each edge', () => {
  const read = (src, options) => {
    const r = readCSV(src, options);
    return { task: r.data.task, columns: r.columns, header: r.header, classes: r.data.classes };
  };
  const refused = (src, message, options) => assert.throws(() => readCSV(src, options), (e) => e instanceof RangeError && e.message === message, message);
  // a target column named y, target or value is a regression's; label or class a classification's
  for (const name of ['y', 'target', 'value', 'Target']) assert.equal(read(`x1,x2,${name}\n1,2,0\n3,4,1\n`).task, 'regression', name);
  for (const name of ['label', 'class', 'Class']) assert.equal(read(`x,${name}\n1,0\n2,1\n`).task, 'classification', name);
  // a header is a first line with a name in it; NaN and Infinity are spellings of numbers, not names
  assert.deepEqual(read('x,1\n2,3\n4,5\n').columns, ['x', '1']);
  assert.deepEqual(read('info,y\n1,2\n3,4\n').columns, ['info', 'y']);
  assert.deepEqual(read('xnan,y\n1,2\n3,4\n').columns, ['xnan', 'y']);
  refused('nan,1\n2,3\n4,5\n', 'line 1, column x: "nan" is not a finite number (data must be finite)');
  assert.deepEqual(read('\ufeffx1,x2,label\n1,2,0\n3,4,1\n').columns, ['x1', 'x2', 'label'], 'a BOM is not part of the first name');
  assert.deepEqual(read('x,,label\n1,2,0\n3,4,1\n').columns, ['x', 'column 2', 'label']);
  // without a header: two columns are (x, y); more are x1…xn and a label, or y for a regression
  assert.deepEqual(read('1,0\n3,1\n'), { task: 'regression', columns: ['x', 'y'], header: false, classes: 0 });
  assert.deepEqual(read('1,2,3,4,5,0\n6,7,8,9,10,1\n'), { task: 'classification', columns: ['x1', 'x2', 'x3', 'x4', 'x5', 'label'], header: false, classes: 2 });
  assert.deepEqual(read('1,2,0.5\n3,4,1.5\n').columns, ['x1', 'x2', 'y']);
  // a target is a class index when every one is a whole number 0 … maxClasses-1 written as such
  assert.deepEqual(read('1,2,+1\n3,4,0\n').task, 'classification');
  assert.deepEqual(read('1,2, 1 \n3,4,0\n').task, 'classification');
  assert.deepEqual(read('1,2,10\n3,4,0\n').classes, 11);
  assert.deepEqual(read('x,label\n1,10\n2,1\n').classes, 11);
  for (const t of ['-1', '32', '1.0', '1e0']) assert.equal(read(`1,2,${t}\n3,4,1\n`).task, 'regression', t);
  assert.equal(read('1,2,7\n3,4,1\n', { maxClasses: 8 }).task, 'classification');
  assert.equal(read('1,2,8\n3,4,1\n', { maxClasses: 8 }).task, 'regression');
  refused('x,label\n1,1234567\n2,1\n', 'line 2, column label: "1234567" is not a class index 0–31');
  refused('1,2,0.5\n3,4,x\n5,6,1\n', 'line 2, column y: "x" is neither a class index 0–31 nor a number');
  refused('1,2,0\n3,4,x\n5,6,1\n', 'line 2, column y: "x" is neither a class index 0–31 nor a number');
  refused('1,2\n3,x\n5,6\n', 'line 2, column y: "x" is not a number', { task: 'regression' });
  // cells: shown whole up to 40 characters, at most 100 read as a number
  refused(`x,y\n${'q'.repeat(40)},1\n2,3\n`, `line 2, column x: "${'q'.repeat(40)}" is not a number`);
  refused(`x,y\n${'q'.repeat(41)},1\n2,3\n`, `line 2, column x: "${'q'.repeat(37)}…" is not a number`);
  assert.equal(readCSV(`x,y\n${'0'.repeat(99)}1,1\n2,3\n`).data.inputs[0], 1);
  refused(`x,y\n${'0'.repeat(100)}1,1\n2,3\n`, `line 2, column x: "${'0'.repeat(37)}…" is not a number (longer than 100 characters)`);
  for (const v of ['NaNa', 'aNaN', 'infinit', '+-inf']) refused(`x,y\n${v},1\n2,3\n`, `line 2, column x: ${JSON.stringify(v)} is not a number`);
  refused('x,y\n3.5e38,1\n2,3\n', 'line 2, column x: "3.5e38" is too large (beyond ±3.4e38, the float32 range the engine trains in)');
  // column names in messages: printable, at most 40 characters
  refused('a\rb,y\n1,2\nq,3\n', 'line 3, column a?b: "q" is not a number');
  refused(`${'n'.repeat(45)},y\n1,2\nq,3\n`, `line 3, column ${'n'.repeat(39)}…: "q" is not a number`);
  // lines and columns: one column, a line of one cell, the widest file
  refused('a;\n', 'the file has 0 points after its header (at least 2)');
  refused('x\n1\n2\n', 'line 1: 1 column: a point needs at least one input and the target (e.g. x,y or x1,x2,label); columns are separated by commas, tabs or semicolons');
  refused('x1,x2,label\n1,2,0\n3\n', 'line 3: 1 column, expected 3 (x1, x2, label)');
  refused('\n# only a comment\n', 'the file holds no data (no line with values)');
  const width = csvLimits.columns;
  const wide = (i) => Array.from({ length: width }, (_, j) => (j + i) % 2).join(',');
  assert.equal(readCSV(`${wide(0)}\n${wide(1)}\n`).data.inputDim, width - 1);
  // a zero byte anywhere, even first, is binary
  refused(new Uint8Array([0, 49, 44, 50]), 'the file is binary (it holds zero bytes), not CSV text');
  // the options' refusals show the value given, cut
  assert.throws(() => readCSV('1,2\n3,4\n', { task: 'x'.repeat(100) }), (e) => e.message === `task: "${'x'.repeat(56)}… is not one of auto, classification, regression`);
  assert.throws(() => readCSV('1,2\n3,4\n', { maxClasses: 10n }), (e) => e.field === 'maxClasses' && e.message.startsWith('maxClasses: 10n is out of range'));
});

test('csv: writeCSV reads back to the same data', () => {
  const data = { inputs: Float32Array.of(0.1, -2.5e-7, 3e30, 1), targets: Float32Array.of(1, 0), inputDim: 2, task: 'classification' };
  const r = readCSV(writeCSV(data));
  assert.deepEqual(r.data.inputs, data.inputs);
  assert.deepEqual(r.data.targets, data.targets);
  // the header: x, or x1…xn, then y for a regression or label; or the names given
  assert.equal(writeCSV({ inputs: Float32Array.of(1, 2), targets: Float32Array.of(0.5, 1), inputDim: 1, task: 'regression' }), 'x,y\n1,0.5\n2,1\n');
  assert.equal(writeCSV({ inputs: Float32Array.of(1, 2, 3, 4), targets: Float32Array.of(0, 1), inputDim: 2, task: 'classification' }), 'x1,x2,label\n1,2,0\n3,4,1\n');
  assert.equal(writeCSV({ inputs: Float32Array.of(1, 2), targets: Float32Array.of(0, 1), inputDim: 1, task: 'classification' }, ['a', 'b']), 'a,b\n1,0\n2,1\n');
});

const module = new URL('./props/data.props.mjs', import.meta.url);
for (const [name, numRuns] of [['csvRoundTrip', 2000], ['csvDefects', 3000], ['csvBadLabels', 1000], ['csvHostile', 5000]]) {
  test(`property: ${name}`, async (t) => {
    await checkProperty(t, assert, { module, name, numRuns, timeLimitMs: 30_000, hardLimitMs: 90_000 });
  });
}
