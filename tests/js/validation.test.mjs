// Every configuration field rejects invalid values with the documented class and a message
// naming the field, the value and what is allowed; the engine agrees with the JS schema;
// unknown keys get a "did you mean" hint; URL hashes never throw in lenient mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builds, throwsWith } from './helpers.mjs';
import {
  fields, schema, normalizeConfig, parseFieldText, fromHash, fromQuery, toHash, defaults, validateField, fieldText, configFromJSON, configToJSON, getField,
  isDefault, toQuery,
} from '../../web/src/node.js';

const [{ gradlab }] = await builds();

/** Invalid values for one field: [value, ErrorClass, ...fragments the message must hold]. */
function invalidValues(f) {
  const range = `${f.min} to ${f.max}`;
  switch (f.kind) {
    case 'number':
      return [
        [String(f.default), TypeError, 'expected a number', `"${f.default}"`],
        [f.max + 1, RangeError, String(f.max + 1), 'out of range', range],
        [f.min - 1, RangeError, String(f.min - 1), 'out of range', range],
        [NaN, RangeError, 'NaN', 'not a finite number', range],
      ];
    case 'integer':
      return [
        [true, TypeError, 'expected an integer', 'true'],
        [f.min + 0.5, RangeError, String(f.min + 0.5), 'not an integer', range],
        [f.max + 1, RangeError, String(f.max + 1), 'out of range', range],
      ];
    case 'enum':
      return [
        [0, TypeError, 'expected one of', f.values.join(', ')],
        ['<img src=x onerror=alert(1)>', RangeError, '"<img src=x onerror=alert(1)>"', 'is not one of', f.values.join(', ')],
      ];
    case 'int_list':
      return [
        ['8,8', TypeError, 'expected an array', '"8,8"'],
        [[f.max + 1], RangeError, `${f.name}[0]`, String(f.max + 1), range],
        [[4, 2.5], RangeError, `${f.name}[1]`, '2.5', 'not an integer'],
        [Array(f.maxLength + 1).fill(f.min), RangeError, `${f.maxLength + 1} entries`, `at most ${f.maxLength}`],
      ];
    default:  // enum_list, enum_set
      return [
        [f.values[0], TypeError, 'expected an array', `"${f.values[0]}"`],
        [['bogus'], RangeError, `${f.name}[0]`, '"bogus"', f.values.join(', ')],
        [[f.values[0], 7], TypeError, `${f.name}[1]`, 'expected one of'],
        ...(f.kind === 'enum_set' ? [[[f.values[1], f.values[1]], RangeError, `"${f.values[1]}" twice`]] : []),
      ];
  }
}

test('the schema covers every field of the engine table', () => {
  assert.equal(fields.length, 41);
  assert.equal(new Set(fields.map((f) => f.name)).size, fields.length);
  assert.deepEqual(Object.keys(defaults()), fields.map((f) => f.name));
  assert.equal(schema.memoryBudget, 128 * 1024 * 1024);
});

for (const f of fields) {
  test(`${f.name}: invalid values throw the right class with a clear message, in the API, the text form and the engine`, () => {
    const cases = invalidValues(f);
    assert.ok(cases.length >= 2);
    for (const [value, E, ...fragments] of cases) {
      const e = throwsWith(assert, () => normalizeConfig({ [f.name]: value }), E, `${f.name}`, ...fragments);
      assert.ok(e.field.startsWith(f.name));
      throwsWith(assert, () => gradlab.createSession({ [f.name]: value }), E, f.name);
    }
    // The same mistakes written as text (URL hash, CLI flag): rejected by the JS schema ...
    const badText = f.kind === 'number' || f.kind === 'integer' ? String(f.max * 2 + 1) : f.kind === 'enum' ? 'bogus' : f.kind === 'int_list' ? `${f.max + 1}` : 'bogus';
    throwsWith(assert, () => parseFieldText(f.name, badText), RangeError, f.name);
    throwsWith(assert, () => fromHash(`#${f.name}=${badText}`, { strict: true }), RangeError, f.name);
    // ... and by the engine itself, so the two cannot disagree on what is valid.
    assert.equal(gradlab.module.checkQuery(`${f.name}=${badText}`), null);
    assert.equal(gradlab.module.takeFault().field.replace(/\[\d+\]$/, ''), f.name);
    // Lenient hash reading keeps the default and reports the problem instead.
    const lenient = fromHash(`#${f.name}=${encodeURIComponent(badText)}`);
    assert.deepEqual(lenient.config[f.name], defaults()[f.name]);
    assert.equal(lenient.warnings.length, 1);
    assert.equal(lenient.warnings[0].field, f.name);
  });
}

test('unknown keys are rejected with a "did you mean" hint (TypeError)', () => {
  throwsWith(assert, () => normalizeConfig({ learningrate: 0.1 }), TypeError, 'learningrate: unknown field (did you mean learningRate?)');
  throwsWith(assert, () => normalizeConfig({ hiden: [4] }), TypeError, 'did you mean hidden?');
  throwsWith(assert, () => normalizeConfig({ 'learning-rate': 0.1 }), TypeError, 'did you mean learningRate?');
  throwsWith(assert, () => normalizeConfig({ activaton: 'relu' }), TypeError, 'did you mean activation?');
  const far = throwsWith(assert, () => normalizeConfig({ zzzzzzzz: 1 }), TypeError, 'zzzzzzzz: unknown field');
  assert.doesNotMatch(far.message, /did you mean/);
  throwsWith(assert, () => gradlab.createSession({ bachSize: 4 }), TypeError, 'did you mean batchSize?');
  throwsWith(assert, () => normalizeConfig({ activation: 'reul' }), RangeError, 'did you mean relu?');
  throwsWith(assert, () => normalizeConfig('hidden=4'), TypeError, 'config: expected an object');
  throwsWith(assert, () => normalizeConfig([1, 2]), TypeError, 'config: expected an object');
});

test('whole messages: a number gives its full range, a list an example of its form', () => {
  // Every numeric field, just above its maximum: the message states the range as the schema has it.
  for (const f of fields.filter((g) => g.kind === 'number' || g.kind === 'integer')) {
    const allowed = `${f.kind === 'integer' ? 'integers ' : ''}${f.min} to ${f.max}`;
    const v = f.max + Math.max(1, Math.abs(f.max));
    assert.throws(() => validateField(f.name, v), (e) => e instanceof RangeError && e.field === f.name &&
      e.message === `${f.name}: ${v} is out of range (allowed ${allowed})`, f.name);
  }
  const lr = getField('learningRate');
  assert.throws(() => normalizeConfig({ learningRate: Infinity }), { message: `learningRate: Infinity is not a finite number (allowed ${lr.min} to ${lr.max})` });
  assert.throws(() => normalizeConfig({ hidden: '8,8' }), { name: 'TypeError', message: 'hidden: expected an array such as [8, 8], got "8,8"' });
  assert.throws(() => normalizeConfig({ features: 'x1' }), { name: 'TypeError', message: 'features: expected an array such as ["x1"], got "x1"' });
  assert.throws(() => normalizeConfig({ layerActivations: 'relu' }), { name: 'TypeError', message: `layerActivations: expected an array such as ["${getField('layerActivations').values[0]}"], got "relu"` });
  for (const bad of [null, 5, 'hidden=4'])
    assert.throws(() => normalizeConfig(bad), (e) => e instanceof TypeError && e.field === 'config' && e.message === `config: expected an object of settings, got ${bad === null ? 'null' : typeof bad === 'string' ? `"${bad}"` : bad}`);
  assert.equal(isDefault('learningrate', undefined), false, 'an unknown name is never "at its default"');
  assert.equal(isDefault('hidden', [...defaults().hidden]), true);
});

test('text forms: spaces around values and entries, every number syntax, the wrong entry named', () => {
  assert.equal(parseFieldText('learningRate', ' 0.25 '), 0.25);
  assert.equal(parseFieldText('learningRate', '.25'), 0.25);
  assert.equal(parseFieldText('learningRate', '.125'), 0.125);
  assert.equal(parseFieldText('learningRate', '25e-2'), 0.25);
  assert.equal(parseFieldText('cosineSteps', '1e3'), 1000);
  assert.equal(parseFieldText('cosineSteps', '2E3'), 2000);
  assert.equal(parseFieldText('activation', ' relu\t'), 'relu');
  assert.deepEqual(parseFieldText('hidden', '8, 4 ,2'), [8, 4, 2]);
  assert.deepEqual(parseFieldText('hidden', ''), []);
  assert.deepEqual(parseFieldText('hidden', '  '), []);
  assert.deepEqual(parseFieldText('features', ' x1 , x2'), ['x1', 'x2']);
  assert.throws(() => parseFieldText('hidden', '8,x'), (e) => e instanceof TypeError && e.field === 'hidden[1]' && e.message === 'hidden[1]: "x" is not a number');
  // Too many entries is refused before any entry is read (a link of 100,000 entries costs nothing).
  const max = getField('hidden').maxLength;
  const many = Array(max + 1).fill('x').join(',');
  assert.throws(() => parseFieldText('hidden', many), (e) => e instanceof RangeError && e.field === 'hidden' &&
    e.message === `hidden: ${max + 1} entries is too many (allowed at most ${max})`);
  assert.throws(() => parseFieldText('learningrate', '0.1'), (e) => e instanceof TypeError && e.field === 'learningrate' &&
    e.message === 'learningrate: unknown field (did you mean learningRate?)');
  assert.throws(() => parseFieldText('learningRate', 0.1), (e) => e instanceof TypeError && e.field === 'learningRate' &&
    e.message === 'learningRate: expected text, got 0.1');
});

test('JSON: text or an object already parsed; text that is not JSON is refused with the parser\'s reason', () => {
  assert.deepEqual(configFromJSON({ learningRate: 0.5 }), { ...defaults(), learningRate: 0.5 });
  assert.deepEqual(configFromJSON('{"learningRate":0.5}'), { ...defaults(), learningRate: 0.5 });
  for (const text of ['{', '', '{learningRate: 0.5}']) {
    let reason;
    try {
      JSON.parse(text);
    } catch (e) {
      reason = e.message;
    }
    assert.throws(() => configFromJSON(text), (e) => e instanceof TypeError && e.field === 'config' && e.message === `config: is not valid JSON (${reason})`, text);
  }
});

test('cross-field rules come from the engine with the right class', () => {
  throwsWith(assert, () => gradlab.createSession({ classes: 5 }), RangeError, "classes: 5 is not available for dataset 'circle'");
  throwsWith(assert, () => gradlab.createSession({ dataset: 'plane', loss: 'bce' }), RangeError, "loss: 'bce' needs a classification data set");
  throwsWith(assert, () => gradlab.createSession({ hidden: [4, 4], layerActivations: ['relu'] }), RangeError, 'layerActivations: has 1 entries but there are 2 hidden layers');
  throwsWith(assert, () => gradlab.createSession({ batchSize: 400 }), RangeError, 'batchSize: 400 is larger than the training set (250 points');
  throwsWith(assert, () => gradlab.createSession({ features: [] }), RangeError, 'features: choose at least one input feature');
  throwsWith(assert, () => gradlab.createSession({ init: 'normal', initScale: -1 }), RangeError, 'initScale: -1 is negative');
});

test('lenient hash reading survives garbage and never injects markup', () => {
  const garbage = '#learningRate=abc&activation=<img src=x onerror=alert(1)>&depth=9999';
  const { config, warnings } = fromHash(garbage);
  assert.deepEqual(config, defaults());
  assert.deepEqual(warnings.map((w) => w.field), ['learningRate', 'activation', 'depth']);
  assert.match(warnings[0].message, /learningRate: "abc" is not a number/);
  assert.match(warnings[2].message, /depth: unknown field/);
  throwsWith(assert, () => fromHash(garbage, { strict: true }), TypeError, 'learningRate');
  for (const h of ['', '#', '#&&&', '#=', '#==&=x', '#%', '#a=%ZZ', '#__proto__=1&constructor=2', '#hidden=' + '8,'.repeat(1e5), '#'.repeat(1e5), '#noise=' + '9'.repeat(400)]) {
    const r = fromHash(h);
    assert.equal(typeof r.config, 'object');
    assert.equal(Object.getPrototypeOf(r.config), Object.prototype);
    assert.equal(Object.keys(r.config).length, fields.length);
  }
  assert.equal({}.polluted, undefined);
});

test('link entries: a malformed %-escape, an entry without "=", a list falling back to empty, only a leading "#" dropped', () => {
  const d = defaults();
  // A malformed escape is reported as such (not as a bad value), and the field keeps its value.
  for (const [hash, warning] of [
    ['#seed=%ZZ&learningRate=0.5', { field: 'seed', value: '%ZZ', message: 'seed: malformed %-escape in the link' }],
    ['#%ZZ=1&learningRate=0.5', { field: '%ZZ', value: '1', message: '%ZZ: malformed %-escape in the link' }],
  ]) {
    assert.deepEqual(fromHash(hash), { config: { ...d, learningRate: 0.5 }, warnings: [warning] }, hash);
    assert.throws(() => fromHash(hash, { strict: true }), (e) => e instanceof TypeError && e.field === warning.field && e.message === warning.message);
  }
  // Without "=", the value is empty: "hidden" is an empty list, as "hidden=" is.
  assert.deepEqual(fromHash('#hidden&learningRate=0.5', { strict: true }).config, { ...d, hidden: [], learningRate: 0.5 });
  assert.deepEqual(fromHash('#seed').warnings, [{ field: 'seed', value: '', message: `seed: "" is not a number; using ${d.seed} instead` }]);
  // An entry with nothing before "=" is an unknown field named "" (its value kept for the warning).
  assert.deepEqual(fromHash('#=tanh').warnings.map((w) => [w.field, w.value]), [['', 'tanh']]);
  // The value fallen back to is named, "(none)" for an empty list.
  assert.deepEqual(fromHash('#layerActivations=bogus').warnings.map((w) => w.message),
    [`layerActivations[0]: "bogus" is not one of ${getField('layerActivations').values.join(', ')}; using (none) instead`]);
  // The hash mark is dropped only at the start; one inside is part of a value.
  assert.equal(fromHash('learningRate=0.5').config.learningRate, 0.5);
  assert.deepEqual(fromHash('learningRate=0.5#').warnings.map((w) => w.message), [`learningRate: "0.5#" is not a number; using ${d.learningRate} instead`]);
  // Only strings are read; anything else is the caller's mistake, even in lenient mode.
  for (const read of [fromHash, fromQuery])
    for (const bad of [5, null, undefined])
      assert.throws(() => read(bad), (e) => e instanceof TypeError && e.field === 'hash' && e.message === `hash: expected a string, got ${bad}`);
  assert.throws(() => fromHash('#', { strict: true, bsae: {} }), (e) => e instanceof TypeError && e.field === 'options.bsae' &&
    e.message === 'options.bsae: unknown option (did you mean base?)');
});

test('fromQuery reads the engine\'s form: strict unless asked, and no %-escapes (fromHash decodes them)', () => {
  const query = toQuery({ learningRate: 0.001 });
  assert.equal(fromQuery(query).config.learningRate, 0.001);
  assert.throws(() => fromQuery('seed=x'), (e) => e instanceof TypeError && e.message === 'seed: "x" is not a number');
  assert.deepEqual(fromQuery('seed=x', { strict: false }).warnings.map((w) => w.message), [`seed: "x" is not a number; using ${defaults().seed} instead`]);
  assert.throws(() => fromQuery('learningRate=%31e-3'), (e) => e instanceof TypeError && e.message === 'learningRate: "%31e-3" is not a number');
  assert.equal(fromHash('learningRate=%31e-3', { strict: true }).config.learningRate, 0.001);
});

test('engine-aware hash reading resets fields that break cross-field rules', () => {
  const r = gradlab.fromHash('#classes=3&learningRate=0.1&hidden=8,8');
  assert.equal(r.config.classes, 2);
  assert.equal(r.config.learningRate, 0.1);
  assert.deepEqual(r.config.hidden, [8, 8]);
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0].message, /^classes: 3 is not available.*; using 2 instead$/);
  throwsWith(assert, () => gradlab.fromHash('#classes=3', { strict: true }), RangeError, 'classes');
});

test('hash, JSON and query forms round-trip', () => {
  const config = normalizeConfig({ hidden: [8, 8, 8], activation: 'leaky_relu', leakySlope: 0.2, features: ['x1', 'x2', 'x1x2'], learningRate: 1e-7, seed: 4294967295, layerActivations: ['relu', 'tanh', 'selu'] });
  assert.match(toHash(config), /hidden=8,8,8/);
  assert.deepEqual(fromHash(toHash(config), { strict: true }).config, config);
  assert.deepEqual(configFromJSON(configToJSON(config)), config);
  assert.deepEqual(gradlab.check(config), config);
  assert.equal(toHash(defaults()), '#');
  assert.equal(fromHash('#cosineSteps=1e+5&learningRate=%31e-3', { strict: true }).config.cosineSteps, 1e5);
  assert.equal(fromHash('#learningRate=%31e-3', { strict: true }).config.learningRate, 1e-3);
  for (const f of fields) assert.deepEqual(parseFieldText(f.name, fieldText(f.name, f.default)), validateField(f.name, structuredClone(f.default)));
  const s = gradlab.createSession(config);
  assert.deepEqual(s.config, config);
  s.dispose();
});
