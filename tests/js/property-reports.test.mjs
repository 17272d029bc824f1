// A failed property must come back with its error, its counterexample and its seed, even when
// fast-check cannot print the counterexample: an exercise property once failed with only
// "setup failed: TypeError: object.constructor[Symbol.species] is not a constructor", the
// printing of a hostile value having thrown over the real failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { failureReport } from './props/report.mjs';

test('a failure report survives a counterexample fast-check cannot print', async () => {
  const hostile = [1, 2];
  hostile.constructor = 1;  // Array.prototype.map on it throws
  const d = await fc.check(fc.property(fc.constant(hostile), () => { throw new Error('the real failure'); }), { seed: 42 });
  assert.throws(() => fc.defaultReportMessage(d), /Symbol.species/);
  const report = failureReport(fc, d);
  assert.match(report, /Error: the real failure/);
  assert.match(report, /Counterexample: \[ \[ 1, 2, constructor: 1 \] \]/);
  assert.match(report, /\(rerun with GRADLAB_FC_SEED=42\)$/);
  // a printable one is fast-check's own report
  const plain = await fc.check(fc.property(fc.constant(3), (x) => x < 3), { seed: 7 });
  assert.equal(failureReport(fc, plain), `${fc.defaultReportMessage(plain)}\n(rerun with GRADLAB_FC_SEED=7)`);
});
