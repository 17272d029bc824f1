// A hostile link costs little to read: its size is bounded in characters and entries, the
// "did you mean" search runs for a few unknown names only, and the warnings it produces are
// bounded. Page fields report their own range, not a parse failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHash } from '../../web/src/node.js';
import { parseState } from '../../web/ui/src/state.js';

test('a link with thousands of entries is refused whole, with one warning saying so', () => {
  const hash = `#${Array.from({ length: 6000 }, (_, i) => `f${i}=1`).join('&')}`;
  for (const r of [fromHash(hash), parseState(hash)]) {
    assert.deepEqual(r.warnings.map((w) => w.message), ['hash: has 6000 entries (allowed at most 512); nothing was read from it']);
  }
  assert.throws(() => fromHash(hash, { strict: true }), (e) => e instanceof RangeError && e.field === 'hash');
});

test('unknown names: "did you mean" for the first few only, and at most 50 warnings plus a count', () => {
  // Every one of these names is one letter from batchSize, so each would earn a hint.
  const hash = `#${Array.from({ length: 300 }, (_, i) => `batchSiz${String.fromCharCode(97 + (i % 26))}${i}=1`).join('&')}&learningRate=0.5`;
  const { config, warnings } = fromHash(hash);
  assert.equal(config.learningRate, 0.5, 'the valid entry is still read');
  assert.equal(warnings.length, 51);
  const hinted = warnings.filter((w) => /did you mean/.test(w.message)).length;
  assert.equal(hinted, 8);
  assert.ok(warnings.slice(0, 50).every((w) => /: unknown field( \(did you mean batchSize\?\))?; ignored$/.test(w.message)));
  assert.equal(warnings[50].message, 'hash: 250 more entries could not be read (not listed one by one)');
});

test('a page field out of range is reported as out of range, not as "not a whole number"', () => {
  for (const [text, message] of [
    ['100000000', 'step: 100000000 is out of range (allowed 0 to 1000000)'],
    ['1000001', 'step: 1000001 is out of range (allowed 0 to 1000000)'],
    ['1'.repeat(400), `step: "${'1'.repeat(57)}…" is out of range (allowed 0 to 1000000)`],
    ['-1', 'step: "-1" is not a whole number'],
    ['1.5', 'step: "1.5" is not a whole number'],
  ]) {
    const { warnings, ui } = parseState(`#step=${text}`);
    assert.equal(ui.step, 0, text);
    assert.deepEqual(warnings.map((w) => w.message), [`${message}; using the default`], text);
  }
  assert.equal(parseState('#step=1000000').ui.step, 1000000);
});
