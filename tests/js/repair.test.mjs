// gradlab.repair and the hash readers built on it: a configuration the engine rejects, or
// cannot run without data it does not have, is never handed back as valid; every field
// that was changed is named with the value really used; a name given twice in a link follows
// one rule, in the API and in the page alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { builds } from './helpers.mjs';
import { fromHash, fields, defaults, fieldText, getPreset } from '../../web/src/node.js';
import { parseState } from '../../web/ui/src/state.js';
import { repair } from '../../web/src/repair.js';

const [{ gradlab }] = await builds();
const shown = (v) => fieldText('', v) || '(none)';

/** Every warning about a field ends by saying the value the result really holds. */
function saysWhatWasDone(config, warnings) {
  const last = new Map();
  for (const w of warnings) if (Object.hasOwn(config, w.field)) last.set(w.field, w);
  for (const [field, w] of last) {
    if (/appears \d+ times/.test(w.message)) continue;
    assert.ok(w.message.endsWith(`using ${shown(config[field])} instead`), `${field}: ${w.message} (result ${shown(config[field])})`);
  }
}

test('repair: a rejected field goes back to the base value, then to the default, naming it', () => {
  // batchSize 64 is larger than the 10 training points: the engine names batchSize.
  let r = gradlab.repair({ numPoints: 20, batchSize: 64 }, { base: { batchSize: 8 } });
  assert.equal(r.config.batchSize, 8);
  assert.equal(r.config.numPoints, 20);
  assert.deepEqual(r.warnings.map((w) => w.field), ['batchSize']);
  assert.match(r.warnings[0].message, /^batchSize: 64 is larger than the training set .*; using 8 instead$/);
  // The base's own value is rejected too: the default follows, and both steps are reported.
  r = gradlab.repair({ numPoints: 20, batchSize: 64 }, { base: { batchSize: 50 } });
  assert.equal(r.config.batchSize, defaults().batchSize);
  assert.deepEqual(r.warnings.map((w) => w.field), ['batchSize', 'batchSize']);
  saysWhatWasDone(r.config, r.warnings);
  // Per-field problems (a wrong kind of value, out of range) are repaired the same way.
  r = gradlab.repair({ learningRate: 30, activation: 7, hidden: [8, 0] }, { base: { learningRate: 0.5 } });
  assert.equal(r.config.learningRate, 0.5);
  assert.equal(r.config.activation, defaults().activation);
  assert.deepEqual(r.config.hidden, defaults().hidden);
  saysWhatWasDone(r.config, r.warnings);
  // No batch size fits 5 training points with the default 10: the field that causes it goes back.
  r = gradlab.repair({ numPoints: 10, learningRate: 0.5 });
  assert.equal(r.config.numPoints, defaults().numPoints);
  assert.equal(r.config.learningRate, 0.5, 'an unrelated field is kept');
  assert.deepEqual(r.warnings.map((w) => w.field), ['numPoints']);
  assert.match(r.warnings[0].message, /^batchSize: 10 is larger than the training set .*; numPoints: using 500 instead$/);
  // Fields the configuration does not give take the base's values.
  assert.equal(gradlab.repair({}, { base: { learningRate: 0.5 } }).config.learningRate, 0.5);
  // An unknown key is dropped, and said so.
  r = gradlab.repair({ learningrate: 0.5 });
  assert.deepEqual(r.warnings.map((w) => [w.field, w.message]), [['learningrate', 'learningrate: unknown field (did you mean learningRate?); ignored']]);
  assert.deepEqual(r.config, gradlab.check({}));
});

test('repair: each warning gives the value as it was given, cut to 200 characters, and says what replaced it', () => {
  const d = defaults();
  const hidden = fields.find((f) => f.name === 'hidden');
  const one = (config, options) => {
    const r = gradlab.repair(config, options);
    assert.equal(r.warnings.length, 1, JSON.stringify(r.warnings));
    return r.warnings[0];
  };
  // A list as its text form, a string as it is, anything else as the error messages show it.
  assert.deepEqual(one({ hidden: [8, 0] }), { field: 'hidden', value: '8,0',
    message: `hidden[1]: 0 is out of range (allowed integers ${hidden.min} to ${hidden.max}); using ${d.hidden.join(',')} instead` });
  // An index of two digits is the same field: hidden[10] is about hidden.
  const eleven = [...Array(10).fill(8), 0];
  assert.deepEqual(one({ hidden: eleven }), { field: 'hidden', value: eleven.join(','),
    message: `hidden[10]: 0 is out of range (allowed integers ${hidden.min} to ${hidden.max}); using ${d.hidden.join(',')} instead` });
  assert.equal(one({ activation: 'bogus' }).value, 'bogus');
  assert.equal(one({ learningRate: {} }).value, '[object Object]');
  assert.equal(one({ activation: 'x'.repeat(300) }).value, 'x'.repeat(200));
  const name = `z${'q'.repeat(99)}`;
  assert.deepEqual(one({ [name]: 'v'.repeat(300) }), { field: name.slice(0, 64), value: 'v'.repeat(200), message: `${name.slice(0, 64)}: unknown field; ignored` });
  // A field given as undefined keeps the base's value, and is not a change.
  assert.deepEqual(gradlab.repair({ learningRate: undefined }, { base: { learningRate: 0.5 } }), { config: gradlab.check({ learningRate: 0.5 }), warnings: [] });
  // When neither the field's base value, its default nor another field's base value clears
  // the problem, an integer field takes the largest value below it that does (found by
  // bisection): trainFraction 0.1 of 10 points leaves one training point, so batch 1.
  let r = gradlab.repair({ trainFraction: 0.1 }, { base: { numPoints: 10, batchSize: 2 } });
  assert.deepEqual(r.config, gradlab.check({ numPoints: 10, batchSize: 1, trainFraction: 0.1 }));
  assert.deepEqual(r.warnings.map((w) => [w.field, w.value]), [['batchSize', '2'], ['batchSize', '10']]);
  assert.match(r.warnings.at(-1).message, /^batchSize: 10 is larger than the training set \(1 points; allowed 1 to 1\); using 1 instead$/);
  r = gradlab.repair({}, { base: { numPoints: 10, batchSize: 7 } });
  assert.deepEqual(r.config, gradlab.check({ numPoints: 10, batchSize: 5 }), 'the largest batch of the 5 training points, not a smaller one');
  saysWhatWasDone(r.config, r.warnings);
  // The field put back is one whose base value clears the problem: target1d (earlier in the
  // schema, also changed) does not, so it stays; numPoints does.
  r = gradlab.repair({ target1d: 'step', numPoints: 10 });
  assert.deepEqual([r.config.target1d, r.config.numPoints, r.warnings.map((w) => w.field)], ['step', defaults().numPoints, ['numPoints']]);
});

test('repair: a valid configuration comes back unchanged and without warnings', () => {
  const preset = getPreset('dying-relu-high-lr');
  const full = gradlab.check(preset.config);
  assert.deepEqual(gradlab.repair(full, { base: preset.config }), { config: full, warnings: [] });
  assert.deepEqual(gradlab.repair(preset.config), { config: full, warnings: [] });
});

test('repair: dataset "custom" without data never passes', () => {
  for (const [config, base, expected] of [
    [{ dataset: 'custom' }, undefined, defaults().dataset],
    [{ dataset: 'custom' }, { dataset: 'xor' }, 'xor'],
    [{ dataset: 'custom' }, { dataset: 'custom' }, defaults().dataset],
    [{}, { dataset: 'custom' }, defaults().dataset],
  ]) {
    const r = gradlab.repair(config, { base });
    assert.equal(r.config.dataset, expected, JSON.stringify({ config, base }));
    assert.ok(r.warnings.some((w) => w.field === 'dataset' && /needs user-supplied data/.test(w.message)));
    gradlab.createSession(r.config).dispose();  // the page can run what it was given
  }
});

test('repair: arguments are checked', () => {
  assert.throws(() => gradlab.repair(null), (e) => e instanceof TypeError && e.field === 'config');
  assert.throws(() => gradlab.repair({}, null), (e) => e instanceof TypeError && e.field === 'options');
  assert.throws(() => gradlab.repair({}, { bsae: {} }), (e) => e instanceof TypeError && /bsae: unknown option \(did you mean base\?\)/.test(e.message));
  for (const [bad, shown] of [[null, 'null'], [[1], '[1]'], ['hidden=4', '"hidden=4"']])
    assert.throws(() => gradlab.repair(bad), (e) => e instanceof TypeError && e.field === 'config' && e.message === `config: expected an object of settings, got ${shown}`);
  assert.throws(() => gradlab.repair({}, { base: { learningRate: 'x' } }), (e) => e instanceof TypeError && e.field === 'base.learningRate');
});

// The engine's objections so far each name a field, but one that names none (or a field the
// schema does not have: a future cross-field rule, an engine fault) must still end in a
// configuration that runs or in that very error. An engine that refuses what `refuse` says.
const refusing = (refuse) => {
  let checks = 0;
  return {
    get checks() { return checks; },
    check(c, options) {
      checks++;
      const e = refuse(c);
      if (e) throw e;
      return gradlab.check(c, options);
    },
  };
};
// 24 points: the defaults' batch of 10 fits their 12 training points
const points = { inputs: Array.from({ length: 48 }, (_, i) => (i % 7) / 7), targets: Array.from({ length: 24 }, (_, i) => i % 2), inputDim: 2, task: 'classification' };

test('repair: an objection naming no field falls back to the whole base, then the defaults, else is thrown', () => {
  const fault = new RangeError('the engine ran out of room');
  const d = defaults();
  // the base runs: all of it is used, and the warning says so
  let r = repair(refusing((c) => c.learningRate === 0.5 && fault), { learningRate: 0.5, seed: 7 }, { base: { learningRate: 0.1 } });
  assert.deepEqual(r.config, gradlab.check({ learningRate: 0.1 }), 'the whole base: seed 7 is not kept either');
  assert.deepEqual(r.warnings, [{ field: 'config', value: '', message: 'the engine ran out of room; using the base configuration instead' }]);
  // the base is refused too: the defaults
  r = repair(refusing((c) => c.learningRate !== d.learningRate && fault), { learningRate: 0.5 }, { base: { learningRate: 0.1 } });
  assert.deepEqual(r.config, gradlab.check({}));
  assert.deepEqual(r.warnings.map((w) => w.message), ['the engine ran out of room; using the defaults instead']);
  // a field the schema does not know is named as given
  const elsewhere = Object.assign(new RangeError('engine: busy'), { field: 'engine' });
  r = repair(refusing((c) => c.seed === 7 && elsewhere), { seed: 7 });
  assert.deepEqual(r.warnings, [{ field: 'engine', value: '', message: 'engine: busy; using the base configuration instead' }]);
  // nothing runs: the objection itself, after the configuration, the base and the defaults
  const never = refusing(() => fault);
  assert.throws(() => repair(never, {}, { base: { learningRate: 0.1 } }), (e) => e === fault);
  assert.equal(never.checks, 3);
});

test('repair with user data: the whole base falls back on the data too; the data\'s own objection is thrown at once', () => {
  const fault = new RangeError('the engine ran out of room');
  // The base names a built-in data set: what runs is the base on the user's data.
  const r = repair(refusing((c) => c.learningRate === 0.5 && fault), { learningRate: 0.5 }, { base: { dataset: 'xor', learningRate: 0.1 }, data: points });
  assert.equal(r.config.dataset, 'custom');
  assert.equal(r.config.learningRate, 0.1);
  assert.deepEqual(gradlab.check(r.config, { data: points }), r.config);
  assert.equal(r.warnings.at(-1).message, 'the engine ran out of room; using the base configuration instead');
  // An objection to the data (or to their data set) is not a setting to repair: no second check.
  for (const field of ['data', 'dataset']) {
    const theirs = Object.assign(new RangeError(`${field}: not these`), { field });
    const engine = refusing(() => theirs);
    assert.throws(() => repair(engine, { learningRate: 0.5 }, { data: points }), (e) => e === theirs);
    assert.equal(engine.checks, 1, field);
  }
});

// The search on an engine with rules of its own, each written so that one step of the search
// decides the outcome: `rules` are checked in order, the first objection is thrown.
const objection = (field, text) => Object.assign(new RangeError(`${field}: ${text}`), { field });
const ruled = (...rules) => refusing((c) => rules.map((rule) => rule(c)).find(Boolean));
const fieldsOf = (r) => r.warnings.map((w) => w.field);

test('repair\'s search: which field goes back, which values are tried, and what is searched once', () => {
  const batchOverHalf = (c) => c.batchSize > c.numPoints / 2 && objection('batchSize', 'larger than the training set');
  // Another field's return "clears" an objection when that objection goes, even if another one
  // comes up (here the seed's, repaired next): numPoints goes back, not the whole base.
  let r = repair(ruled(batchOverHalf, (c) => c.seed === 7 && objection('seed', 'unlucky')), { numPoints: 10, seed: 7 }, { base: { seed: 3 } });
  assert.deepEqual([r.config.numPoints, r.config.seed, r.config.batchSize], [500, 3, 10]);
  assert.deepEqual(fieldsOf(r), ['numPoints', 'seed']);
  // A field moved back to the base's value can still go on to the default.
  r = repair(ruled(batchOverHalf, (c) => c.numPoints === 200 && c.seed === 7 && objection('numPoints', 'not with seed 7')), { numPoints: 10, seed: 7 }, { base: { numPoints: 200 } });
  assert.deepEqual([r.config.numPoints, r.config.seed], [500, 7]);
  assert.deepEqual(fieldsOf(r), ['numPoints', 'numPoints']);
  // Only an integer is searched for a smaller value: a number no value of its own can fix is
  // not bisected (the base and the defaults are tried, then the objection is thrown).
  assert.throws(() => repair(ruled((c) => c.learningRate > 0.001 && objection('learningRate', 'too fast')), { learningRate: 5 }),
    (e) => e.field === 'learningRate' && e.message === 'learningRate: too fast');
  assert.throws(() => repair(ruled((c) => c.initGain > 0.5 && objection('initGain', 'too loud')), {}), (e) => e.message === 'initGain: too loud', 'not even at a whole number (1)');
  // An integer is searched only when its smallest value clears the objection: here two fields
  // each cause it, so no single field's return and no batch size helps; the whole base does.
  r = repair(ruled((c) => (c.seed === 7 || c.dataSeed === 7) && objection('batchSize', 'no batch fits')), { seed: 7, dataSeed: 7 });
  assert.deepEqual(r, { config: gradlab.check({}), warnings: [{ field: 'batchSize', value: '', message: 'batchSize: no batch fits; using the base configuration instead' }] });
  // Each integer is searched once (the bound of web/README): found 5, then objected to again
  // once the seed is repaired, it is not searched a second time.
  assert.throws(() => repair(ruled((c) => c.batchSize > 5 && objection('batchSize', 'over 5'), (c) => c.seed === 7 && objection('seed', 'unlucky'),
    (c) => c.batchSize > 2 && c.seed === 1 && objection('batchSize', 'over 2 with seed 1')), { seed: 7 }), (e) => e.message === 'batchSize: over 2 with seed 1');
});

test('repair: a value of any type is named as given, never a crash (5n, a symbol, an object that cannot be a string)', () => {
  const noText = { toString() { throw new Error('no'); } };
  const r = gradlab.repair({ learningRate: 5n, hidden: [4, 2n], seed: Symbol('s'), features: [Symbol('x'), noText], layerActivations: [null, 'relu'] });
  assert.deepEqual(r.config, gradlab.check({}));
  assert.deepEqual(r.warnings.map((w) => [w.field, w.value]), [
    ['features', '[object Symbol],[object Object]'], ['hidden', '4,2n'], ['layerActivations', 'null,relu'], ['seed', '[object Symbol]'], ['learningRate', '5n']]);
  assert.equal(r.warnings.at(-1).message, 'learningRate: expected a number, got 5n; using 0.03 instead');
});

test('repair with a learner\'s few points: the batch shrinks to their training set, the run stays on them', () => {
  const six = { inputs: [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5], targets: [0, 1, 0, 1, 0, 1], inputDim: 2, task: 'classification' };
  let r = gradlab.repair({}, { data: six });
  assert.deepEqual([r.config.dataset, r.config.batchSize], ['custom', 3]);
  assert.deepEqual(r.warnings.map((w) => w.message), ['batchSize: 10 is larger than the training set (3 points; allowed 1 to 3); using 3 instead']);
  // On their data another field can still go back: a train fraction that leaves too few points.
  r = gradlab.repair({ trainFraction: 0.2 }, { data: points });
  assert.deepEqual([r.config.dataset, r.config.trainFraction, r.config.batchSize], ['custom', 0.5, 10]);
  assert.deepEqual(r.warnings.map((w) => w.message), ['batchSize: 10 is larger than the training set (5 points; allowed 1 to 5); trainFraction: using 0.5 instead']);
});

test('repair: a value already given is not tried again as the base\'s (a number or a list)', () => {
  // the base's batch is the one given: the default comes next, in one step
  let r = gradlab.repair({ numPoints: 20, batchSize: 64 }, { base: { batchSize: 64 } });
  assert.deepEqual(r.warnings.map((w) => w.message), ['batchSize: 64 is larger than the training set (10 points; allowed 1 to 10); using 10 instead']);
  r = repair(ruled((c) => c.hidden.join() === '8,8' && objection('hidden', 'not 8,8')), { hidden: [8, 8] }, { base: { hidden: [8, 8] } });
  assert.deepEqual(r.config.hidden, defaults().hidden);
  assert.deepEqual(r.warnings.map((w) => w.message), ['hidden: not 8,8; using 4,2 instead']);
});

// Any mixture of valid, out-of-range and wrong-kind values, unknown keys and a base.
const anyValue = (f) => fc.oneof(
  f.values ? fc.constantFrom(...f.values) : fc.double({ min: f.min, max: f.max, noNaN: true }).map((v) => (f.kind === 'integer' ? Math.round(v) : v)),
  fc.constantFrom(null, 'x', -1e9, 1e9, NaN, [], [0], ['nope'], {}),
);
const listValue = (f) => fc.array(f.values ? fc.constantFrom(...f.values) : fc.integer({ min: -1, max: 300 }), { maxLength: f.maxLength + 2 });
const partial = fc.record(Object.fromEntries(fields.map((f) => [f.name, f.kind.endsWith('list') || f.kind === 'enum_set' ? fc.oneof(listValue(f), anyValue(f)) : anyValue(f)])), { requiredKeys: [] });
const withUnknown = fc.tuple(partial, fc.dictionary(fc.constantFrom('lr', 'hiden', 'seedd', 'x'), fc.integer())).map(([p, u]) => ({ ...u, ...p }));

// web/README.md's bound: each field changes at most twice and is searched at most once; an
// integer field's bisection costs 1 + log2 of its range.
const bound = fields.length ** 2 + 2 * fields.length + 5 +
  fields.filter((f) => f.kind === 'integer').reduce((n, f) => n + 1 + Math.ceil(Math.log2(f.max - f.min)), 0);

test('repair: always a configuration the engine accepts, in a bounded number of checks', () => {
  const seed = Number(process.env.GRADLAB_SEED ?? Date.now() % 2 ** 31);
  console.log(`repair property seed ${seed}`);
  const check = gradlab.check;
  let most = 0;
  fc.assert(fc.property(withUnknown, fc.option(partial, { nil: undefined }), (config, base) => {
    let checks = 0;
    gradlab.check = (c) => { checks++; return check.call(gradlab, c); };
    let r;
    try {
      // An invalid base is the caller's mistake: refused with the field named.
      try {
        r = gradlab.repair(config, { base });
      } catch (e) {
        assert.ok((e instanceof TypeError || e instanceof RangeError) && e.field?.startsWith('base.'), e.message);
        return;
      }
    } finally {
      gradlab.check = check;
    }
    most = Math.max(most, checks);
    assert.ok(checks <= bound, `${checks} checks (bound ${bound})`);
    assert.deepEqual(gradlab.check(r.config), r.config);
    assert.notEqual(r.config.dataset, 'custom');
    for (const w of r.warnings) assert.ok(typeof w.field === 'string' && typeof w.message === 'string' && typeof w.value === 'string');
    saysWhatWasDone(r.config, r.warnings);
  }), { seed, numRuns: process.env.GRADLAB_QUICK ? 100 : 400 });
  console.log(`most checks in one repair: ${most} (bound ${bound})`);
});

// A learner's own points: 2 to 30 of them (a few drawn points to a small CSV), two classes.
const userData = fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 1 })), { minLength: 2, maxLength: 30 })
  .map((ps) => ({ inputs: ps.flatMap(([x, y]) => [x / 10, y / 10]), targets: ps.map((p, i) => (i < 2 ? i : p[2])), inputDim: 2, task: 'classification' }));

test('repair with user data: a configuration that runs on them, whatever the settings, or the data\'s own problem', () => {
  const seed = Number(process.env.GRADLAB_SEED ?? Date.now() % 2 ** 31);
  console.log(`repair-with-data property seed ${seed}`);
  const check = gradlab.check;
  let most = 0;
  fc.assert(fc.property(withUnknown, fc.option(partial, { nil: undefined }), userData, (config, base, data) => {
    let checks = 0;
    gradlab.check = (...a) => { checks++; return check.apply(gradlab, a); };
    let r;
    try {
      r = gradlab.repair(config, { base, data });
    } catch (e) {
      // only a bad base or what no setting can change (the data themselves) is refused
      assert.ok((e instanceof TypeError || e instanceof RangeError) && /^(base|data)\b/.test(e.field), e.message);
      return;
    } finally {
      gradlab.check = check;
    }
    most = Math.max(most, checks);
    assert.ok(checks <= bound, `${checks} checks (bound ${bound})`);
    assert.equal(r.config.dataset, 'custom');
    assert.deepEqual(gradlab.check(r.config, { data }), r.config);
    saysWhatWasDone(r.config, r.warnings);
  }), { seed, numRuns: process.env.GRADLAB_QUICK ? 60 : 250 });
  console.log(`most checks in one repair with data: ${most} (bound ${bound})`);
});

test('fromHash never returns a configuration the page cannot run (dataset=custom)', () => {
  const r = gradlab.fromHash('#dataset=custom&learningRate=0.1');
  assert.equal(r.config.dataset, defaults().dataset);
  assert.equal(r.config.learningRate, 0.1);
  assert.ok(r.warnings.some((w) => w.field === 'dataset' && /needs user-supplied data.*; using circle instead$/.test(w.message)));
  assert.throws(() => gradlab.fromHash('#dataset=custom', { strict: true }), (e) => e instanceof RangeError && e.field === 'dataset');
  assert.equal(gradlab.fromHash('#dataset=custom', { base: { dataset: 'moons' } }).config.dataset, 'moons');
});

test('fromHash\'s and repair\'s base: a bad base is refused whole, the field named as base or base.<name>', () => {
  for (const [base, E, field, message] of [
    [null, TypeError, 'base', 'base: expected an object of settings, got null'],
    [5, TypeError, 'base', 'base: expected an object of settings, got 5'],
    [[1], TypeError, 'base', 'base: expected an object of settings, got [1]'],
    [{ learningRate: 'x' }, TypeError, 'base.learningRate', 'base.learningRate: expected a number, got "x"'],
    [{ hidden: [8, 0] }, RangeError, 'base.hidden[1]', `base.hidden[1]: 0 is out of range (allowed integers ${fields.find((f) => f.name === 'hidden').min} to ${fields.find((f) => f.name === 'hidden').max})`],
    [{ learningrate: 1 }, TypeError, 'base.learningrate', 'base.learningrate: unknown field (did you mean learningRate?)'],
  ]) {
    // Lenient or strict: the base is the caller's, not the link's, so it is never just a warning.
    for (const strict of [false, true])
      assert.throws(() => fromHash('#seed=2', { base, strict }), (e) => e instanceof E && e.field === field && e.message === message, `${field} ${strict}`);
    // the same rule when the base is given to repair (or to the engine's fromHash)
    for (const call of [() => gradlab.repair({ seed: 2 }, { base }), () => gradlab.fromHash('#seed=2', { base })])
      assert.throws(call, (e) => e instanceof E && e.field === field && e.message === message, `${field} repair`);
  }
  assert.deepEqual(fromHash('#seed=2', { base: { learningRate: 0.5 } }).config, { ...defaults(), seed: 2, learningRate: 0.5 });
});

test('a name given twice in a link: the last value is read, in the API and in the page alike', () => {
  const lr = (r) => r.config.learningRate;
  const dup = (r) => r.warnings.filter((w) => /appears/.test(w.message)).map((w) => w.message);
  const expected = ['learningRate: appears 2 times; only the last ("0.2") is read'];
  for (const r of [fromHash('#learningRate=0.1&learningRate=0.2'), gradlab.fromHash('#learningRate=0.1&learningRate=0.2'), parseState('#learningRate=0.1&learningRate=0.2')]) {
    assert.equal(lr(r), 0.2);
    assert.deepEqual(dup(r), expected);
  }
  // With a lesson: still the last value, not the lesson's.
  assert.equal(lr(parseState('#preset=dying-relu-high-lr&learningRate=0.1&learningRate=0.2')), 0.2);
  // The last one is invalid: the earlier ones are not used either; the fallback is named.
  for (const [r, used] of [
    [fromHash('#learningRate=0.1&learningRate=abc'), defaults().learningRate],
    [parseState('#learningRate=0.1&learningRate=abc'), defaults().learningRate],
    [parseState('#preset=dying-relu-high-lr&learningRate=0.1&learningRate=abc'), getPreset('dying-relu-high-lr').config.learningRate],
    [fromHash('#learningRate=0.1&learningRate=abc', { base: { learningRate: 0.7 } }), 0.7],
  ]) {
    assert.equal(lr(r), used);
    assert.deepEqual(r.warnings.map((w) => w.message), ['learningRate: appears 2 times; only the last ("abc") is read', `learningRate: "abc" is not a number; using ${used} instead`]);
  }
  assert.throws(() => fromHash('#seed=1&seed=1', { strict: true }), (e) => e.field === 'seed' && /appears 2 times/.test(e.message));
});

test('the page reads the engine fields through the API: same configuration, same warnings', () => {
  for (const hash of ['#learningRate=0.1&learningRate=0.2&hidden=8,x', '#activation=relu6&foo=1&batchSize=0', '#preset=vanishing-sigmoid&hidden=4&hidden=5&init=nope']) {
    const page = parseState(hash);
    const base = page.ui.preset ? getPreset(page.ui.preset).config : undefined;
    const api = fromHash(hash.replace(/preset=[^&]*&?/, ''), { base });
    assert.deepEqual(page.config, api.config, hash);
    assert.deepEqual(page.warnings.map((w) => w.message), api.warnings.map((w) => w.message), hash);
  }
});
