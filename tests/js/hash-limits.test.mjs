// A hostile link costs little to read: its size is bounded in characters and entries, the
// "did you mean" search runs for a few unknown names only, and the warnings it produces are
// bounded. Page fields report their own range, not a parse failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHash, normalizeConfig, validateField, parseFieldText, fieldApplies } from '../../web/src/node.js';
import { parseState } from '../../web/ui/src/state.js';

test('a link with thousands of entries is refused whole, with one warning saying so', () => {
  const hash = `#${Array.from({ length: 6000 }, (_, i) => `f${i}=1`).join('&')}`;
  for (const r of [fromHash(hash), parseState(hash)]) {
    assert.deepEqual(r.warnings.map((w) => w.message), ['hash: has 6000 entries (allowed at most 512); nothing was read from it']);
  }
  assert.deepEqual(fromHash(hash).warnings[0], { field: 'hash', value: '6000 entries', message: 'hash: has 6000 entries (allowed at most 512); nothing was read from it' });
  assert.throws(() => fromHash(hash, { strict: true }), (e) => e instanceof RangeError && e.field === 'hash');
});

test('the limits are 64 KiB of text and 512 entries (web/README.md): a link at either limit is read, one past it is not', () => {
  // Empty entries ("&&") count as characters but not as entries.
  const atText = `seed=7${'&'.repeat(64 * 1024 - 'seed=7'.length)}`;
  assert.equal(atText.length, 65536);
  assert.deepEqual(fromHash(`#${atText}`, { strict: true }).config.seed, 7);
  const overText = fromHash(`#${atText}&`);
  assert.equal(overText.config.seed, 1);
  assert.deepEqual(overText.warnings, [{ field: 'hash', value: '65537 characters', message: 'hash: is 65537 characters long (allowed at most 65536); nothing was read from it' }]);
  assert.throws(() => fromHash(`#${atText}&`, { strict: true }), (e) => e instanceof RangeError && e.field === 'hash' && e.message === 'hash: is 65537 characters long (allowed at most 65536)');
  const entries = (n) => `#${Array.from({ length: n }, (_, i) => `seed=${i}`).join('&')}`;
  assert.equal(fromHash(entries(512)).config.seed, 511);
  assert.deepEqual(fromHash(entries(512)).warnings.map((w) => w.message), ['seed: appears 512 times; only the last ("511") is read']);
  assert.deepEqual(fromHash(entries(513)).warnings.map((w) => w.message), ['hash: has 513 entries (allowed at most 512); nothing was read from it']);
  assert.equal(fromHash(entries(513)).config.seed, 1);
});

test('a very long unknown name is cut to 64 characters wherever it is named', () => {
  const name = `x${'y'.repeat(299)}`;
  const cut = name.slice(0, 64);
  const refused = (e) => e instanceof TypeError && e.field === cut && e.message === `${cut}: unknown field`;
  assert.throws(() => normalizeConfig({ [name]: 1 }), refused);
  assert.throws(() => validateField(name, 1), refused);
  assert.throws(() => parseFieldText(name, '1'), refused);
  assert.throws(() => fieldApplies(name, {}), refused);
  assert.deepEqual(fromHash(`#${name}=1`).warnings, [{ field: cut, value: '1', message: `${cut}: unknown field; ignored` }]);
  assert.deepEqual(fromHash(`#${name}=%ZZ`).warnings, [{ field: cut, value: '%ZZ', message: `${cut}: malformed %-escape in the link` }]);
  assert.throws(() => fromHash(`#${name}=1`, { strict: true }), refused);
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
  assert.deepEqual(warnings[50], { field: 'hash', value: '250 more', message: 'hash: 250 more entries could not be read (not listed one by one)' });
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
