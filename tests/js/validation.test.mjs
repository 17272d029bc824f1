// Every configuration field rejects invalid values with the documented class and a message
// naming the field, the value and what is allowed; the engine agrees with the JS schema;
// unknown keys get a "did you mean" hint; URL hashes never throw in lenient mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builds, throwsWith } from './helpers.mjs';
import { fields, schema, normalizeConfig, parseFieldText, fromHash, toHash, defaults, validateField, fieldText, configFromJSON, configToJSON } from '../../web/src/node.js';

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
