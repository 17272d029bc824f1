// The error helpers every message goes through (web/src/errors.js), pinned to what they
// promise: values shown short, on one line and as text; the error class the API documents
// for each kind of fault; "did you mean" only for a near miss.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { typeError, rangeError, fromFault, show, didYouMean, checkOptionKeys, escapeUnsafe } from '../../web/src/errors.js';

test('show: strings quoted and escaped onto one line, other values in their literal form', () => {
  assert.equal(show('relu'), '"relu"');
  assert.equal(show('a\nb<img>'), '"a\\nb<img>"');  // one line; markup stays text
  assert.equal(show(42), '42');
  assert.equal(show(-0.5), '-0.5');
  assert.equal(show(NaN), 'NaN');
  assert.equal(show(true), 'true');
  assert.equal(show(null), 'null');
  assert.equal(show(undefined), 'undefined');
  assert.equal(show(12n), '12n');
  assert.equal(show([1, 'x', null]), '[1, "x", null]');
  assert.equal(show([]), '[]');
  assert.equal(show({ a: 1 }), '[object Object]');
  assert.equal(show(new Map()), '[object Map]');
});

test('show: arrays list their first 8 entries, and any text is cut to 58 characters', () => {
  assert.equal(show([0, 1, 2, 3, 4, 5, 6, 7]), '[0, 1, 2, 3, 4, 5, 6, 7]');
  assert.equal(show([0, 1, 2, 3, 4, 5, 6, 7, 8]), '[0, 1, 2, 3, 4, 5, 6, 7, …]');
  const long = 'x'.repeat(100);
  const s = show(long);
  assert.equal(s.length, 58);
  assert.equal(s, `"${'x'.repeat(56)}…`);
  // exactly 60 characters stay whole; 61 are cut
  assert.equal(show('y'.repeat(58)), `"${'y'.repeat(58)}"`);
  assert.equal(show('y'.repeat(59)).length, 58);
});

test('show: lists nested deeper than two levels are [ … ], so a list that holds itself or is shared many times is shown at once', () => {
  assert.equal(show([[1, [2, [3]]]]), '[[1, […]]]');
  assert.equal(show([[[]]]), '[[[]]]', 'an empty list is shown as it is at any depth');
  const cyclic = [];
  cyclic.push(cyclic);
  assert.equal(show(cyclic), '[[[…]]]');
  // 8 entries that are each the same list, 30 levels deep: 8^30 entries if walked
  let shared = 1;
  for (let i = 0; i < 30; i++) shared = [shared, shared, shared, shared, shared, shared, shared, shared];
  assert.equal(show(shared), `[[[…], […], […], […], […], […], […], […]], [[…], […], […]…`);
});

test('show and escapeUnsafe: no control, separator, bidirectional or invisible character is carried as it is', () => {
  // C0 and C1 controls, DEL, no-break space, soft hyphen, zero-width space and joiners, LRM/RLM,
  // line and paragraph separators, the embeddings and overrides, word joiner, isolates, the
  // deprecated format characters, BOM
  const unsafe = [0x00, 0x1b, 0x7f, 0x85, 0x9f, 0xa0, 0xad, 0x200b, 0x200d, 0x200f, 0x2028, 0x2029, 0x202a, 0x202e, 0x2060, 0x2066, 0x2069, 0x206a, 0x206f, 0xfeff];
  const escaped = (code) => `\\u${code.toString(16).padStart(4, '0')}`;
  for (const code of unsafe) {
    const c = String.fromCharCode(code);
    assert.equal(escapeUnsafe(`a${c}b`), `a${escaped(code)}b`, escaped(code));
    assert.equal(show(`a${c}b`).includes(c), false, escaped(code));
  }
  assert.equal(show('a\u202eb'), '"a\\u202eb"');
  // what stays: printable text in any script, and the characters just outside the ranges
  for (const c of ['é', 'ж', '学', ...[0xa1, 0xac, 0x200a, 0x2027, 0x202f, 0x2070, 0xfefe].map((code) => String.fromCharCode(code))]) {
    assert.equal(escapeUnsafe(c), c, c);
  }
});

test('typeError and rangeError: the class, the field, and a message that starts with the field', () => {
  const t = typeError('hidden', 'expected a list');
  assert.ok(t instanceof TypeError);
  assert.equal(t.message, 'hidden: expected a list');
  assert.equal(t.field, 'hidden');
  const r = rangeError('learningRate', 'too big');
  assert.ok(r instanceof RangeError);
  assert.equal(r.message, 'learningRate: too big');
  assert.equal(r.field, 'learningRate');
});

test('fromFault: type faults are TypeErrors, range and memory faults RangeErrors, anything else a plain Error', () => {
  const t = fromFault({ kind: 'type', message: 'weights: not a blob', field: 'weights' });
  assert.equal(t.constructor, TypeError);
  assert.equal(t.message, 'weights: not a blob');
  assert.equal(t.field, 'weights');
  assert.equal(fromFault({ kind: 'range', message: 'm', field: 'f' }).constructor, RangeError);
  assert.equal(fromFault({ kind: 'memory', message: 'm' }).constructor, RangeError);
  const other = fromFault({ kind: 'internal', message: 'boom' });
  assert.equal(other.constructor, Error);
  assert.equal(other.message, 'boom');
  assert.equal(Object.hasOwn(other, 'field'), false);  // no field given, none attached
  const none = fromFault(null);
  assert.equal(none.constructor, Error);
  assert.equal(none.message, 'the engine refused the request');
  assert.equal(fromFault(undefined, 'no answer').message, 'no answer');
});

test('didYouMean: near misses (typos, case, kebab-case, prefixes) get a hint; other names none', () => {
  const fields = ['learningRate', 'batchSize', 'hidden', 'activation'];
  assert.equal(didYouMean('lerningRate', fields), ' (did you mean learningRate?)');
  assert.equal(didYouMean('LEARNINGRATE', fields), ' (did you mean learningRate?)');
  assert.equal(didYouMean('learning-rate', fields), ' (did you mean learningRate?)');
  assert.equal(didYouMean('batch_size', fields), ' (did you mean batchSize?)');
  assert.equal(didYouMean('dying-relu', ['vanishing-sigmoid', 'dying-relu-high-lr']), ' (did you mean dying-relu-high-lr?)');
  assert.equal(didYouMean('seed', fields), '');
  assert.equal(didYouMean('x', []), '');
  // The closest wins: 'hiden' is one edit from 'hidden', more from everything else.
  assert.equal(didYouMean('hiden', ['hidden', 'holden', 'hid']), ' (did you mean hidden?)');
  // How near is near: up to max(3, a third of the name's length, rounded down) edits.
  assert.equal(didYouMean('abcd', ['abxy']), ' (did you mean abxy?)');  // 2 edits
  assert.equal(didYouMean('abcd', ['axyz']), ' (did you mean axyz?)');  // 3 edits
  assert.equal(didYouMean('abcd', ['wxyz']), '');                         // 4 edits
  assert.equal(didYouMean('abcdefghijklmnop', ['abcdefghijkVWXYZ']), ' (did you mean abcdefghijkVWXYZ?)');  // 5 of 16 letters
  assert.equal(didYouMean('abcdefghijklmnop', ['abcdefghijUVWXYZ']), '');  // 6 of 16 letters
  // Only names get a hint: String() of these throws, of these others it means nothing.
  for (const v of [{ toString: 1 }, Object.create(null), Symbol('number'), 123, null, undefined, ['number']])
    assert.equal(didYouMean(v, ['number', 'choice', '123']), '', show(v));
});

test('didYouMean: separators fold (runs of - or _ too), prefixes of 4+ characters count, suffixes do not', () => {
  // 'a-b-c-d-e' is 'aBCDE' once folded; unfolded it is 4 edits away, too far for 5 letters.
  assert.equal(didYouMean('a-b-c-d-e', ['aBCDE']), ' (did you mean aBCDE?)');
  assert.equal(didYouMean('a__b__c__d__e', ['aBCDE']), ' (did you mean aBCDE?)');
  // A prefix of 4 or more characters is a near miss however long the rest; 3 is not enough.
  assert.equal(didYouMean('abcd', ['abcdefghij']), ' (did you mean abcdefghij?)');
  assert.equal(didYouMean('abc', ['abcdefgh']), '');
  assert.equal(didYouMean('learn_r', ['learnRateSchedule']), ' (did you mean learnRateSchedule?)');  // folded first
  assert.equal(didYouMean('Rate', ['learningRate']), '');  // the end of a name is not its start
  // A name equal to a candidate but for case beats a longer candidate it is a prefix of.
  assert.equal(didYouMean('ABCD', ['abcdef', 'abcd']), ' (did you mean abcd?)');
});

test('checkOptionKeys: undefined is no options; a non-object or an unknown key is a TypeError naming it', () => {
  assert.deepEqual(checkOptionKeys('load', undefined, ['simd']), {});
  const given = { simd: true };
  assert.equal(checkOptionKeys('load', given, ['simd', 'wasmPath']), given);
  for (const bad of [null, 3, 'simd', ['simd']]) {
    assert.throws(() => checkOptionKeys('load', bad, ['simd', 'wasmPath']), (e) => e instanceof TypeError && e.field === 'load' &&
      e.message === `load: expected an object of options (simd, wasmPath), got ${show(bad)}`);
  }
  assert.throws(() => checkOptionKeys('load', { smid: true }, ['simd']), (e) => e instanceof TypeError && e.field === 'load.smid' &&
    e.message === 'load.smid: unknown option (did you mean simd?)');
  // a long unknown key is named by its first 64 characters
  assert.throws(() => checkOptionKeys('load', { ['k'.repeat(100)]: 1 }, ['simd']), (e) => e.field === `load.${'k'.repeat(64)}`);
});
