// The CSV reader at its size limits, with files as large as the engine takes: the largest file
// (in characters and in bytes) and the most points are read whole; one more point is refused
// before anything is parsed. Kept apart from csv.test.mjs because these files are large: the
// mutation run (tests/mutation/js-targets.mjs) runs them last, for the mutants the others miss.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCSV, csvLimits, limits } from '../../web/src/node.js';
import { throwsWith } from './helpers.mjs';

test('csv: the largest file and the most points are read whole; one point more is refused before parsing', () => {
  const body = 'x,y\n1,2\n3,4\n#';
  assert.equal(readCSV(body + 'c'.repeat(csvLimits.bytes - body.length)).data.targets.length, 2, 'the most characters');
  assert.equal(readCSV(new TextEncoder().encode(body + 'c'.repeat(csvLimits.bytes - body.length))).points, 2, 'the most bytes');
  const points = (n) => `x,y\n${'1,2\n'.repeat(n)}`;
  assert.equal(readCSV(points(limits.maxUserPoints)).points, limits.maxUserPoints);
  assert.throws(() => readCSV(points(limits.maxUserPoints + 1)), (e) => e instanceof RangeError &&
    e.message === `the file has more than ${limits.maxUserPoints.toLocaleString('en')} points (at most ${limits.maxUserPoints.toLocaleString('en')}, plus a header)`);
  // without a header, and with a bad cell on the last line: the limit's error comes first
  const many = `${'1,2,0\n0,1,1\n'.repeat(Math.ceil((limits.maxUserPoints + 1) / 2))}\n1,zz,0\n`;
  throwsWith(assert, () => readCSV(many), RangeError, `more than ${limits.maxUserPoints.toLocaleString('en')} points`);
});
