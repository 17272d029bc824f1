// The engine facts the schema export carries beside the fields (limits, the data domain, unit
// states, activations and their parameters, feature and field labels, when each field applies),
// checked against what the engine does, and the package's readers of them (fieldApplies,
// activationsInUse, activationParams) against the engine's own rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  schema, fields, fieldNames, getField, defaults, toQuery, normalizeConfig, limits, fieldApplies, activationsInUse,
  activationParams,
} from '../../web/src/node.js';
import { builds, throwsWith } from './helpers.mjs';
import { fc, validPartial } from './props/arbitraries.mjs';

const [{ gradlab }] = await builds();
const { module } = gradlab;

test('every field has a label, distinct from the others', () => {
  const labels = fields.map((f) => f.label);
  for (const f of fields) assert.ok(typeof f.label === 'string' && f.label.length > 0, `${f.name} has no label`);
  assert.equal(new Set(labels).size, labels.length);
});

test('every "when" rule names an enumeration field (or the activations in use) and values it has', () => {
  const ruled = fields.filter((f) => f.when);
  assert.ok(ruled.length >= 10, `only ${ruled.length} fields have rules`);
  for (const f of ruled)
    for (const [key, allowed] of Object.entries(f.when)) {
      const values = key === 'activations' ? getField('activation').values : getField(key)?.values;
      assert.ok(values && getField(key === 'activations' ? 'activation' : key).kind === 'enum', `${f.name}: ${key} is not an enumeration`);
      assert.ok(allowed.length > 0 && allowed.every((v) => values.includes(v)), `${f.name}: ${key} allows ${allowed}`);
    }
});

test('fieldApplies agrees with the engine\'s rule over many configurations', () => {
  let differing = 0;
  // Partial configurations: fieldApplies reads the missing fields as defaults, as the engine does.
  fc.assert(fc.property(validPartial({ depth: 4, width: [1, 8] }), (partial) => {
    const query = toQuery(normalizeConfig(partial));
    const engine = module.applicableFields(query);
    assert.ok(Array.isArray(engine), 'the binding answered');
    const ours = fieldNames.filter((n) => fieldApplies(n, partial));
    assert.deepEqual(ours, engine, `for ${query}`);
    if (ours.length < fieldNames.length) differing++;
  }), { numRuns: 600, seed: 7 });
  assert.ok(differing > 500, `the sample exercises the rules (${differing} of 600)`);
});

test('fieldApplies reads missing fields as their defaults, and refuses an unknown field', () => {
  const full = { ...defaults(), optimizer: 'adam' };
  for (const name of fieldNames) assert.equal(fieldApplies(name, { optimizer: 'adam' }), fieldApplies(name, full), name);
  assert.equal(fieldApplies('beta1', { optimizer: 'adam' }), true);
  assert.equal(fieldApplies('beta1', {}), module.applicableFields(toQuery(defaults())).includes('beta1'));
  throwsWith(assert, () => fieldApplies('learningRat', {}), TypeError, 'learningRat', 'unknown field');
  // No configuration at all (undefined or null) reads as the defaults.
  for (const name of fieldNames) assert.equal(fieldApplies(name, null), fieldApplies(name, {}), name);
  assert.equal(fieldApplies('leakySlope', null), fieldApplies('leakySlope', defaults()));
  assert.deepEqual(activationsInUse(null), [defaults().activation]);
  assert.deepEqual(activationsInUse(), [defaults().activation]);
});

test('the schema is frozen all the way down: a caller cannot change what the engine allows', () => {
  let objects = 0;
  const walk = (o, where) => {
    if (o === null || typeof o !== 'object') return;
    objects++;
    assert.ok(Object.isFrozen(o), `${where} is not frozen`);
    for (const [k, v] of Object.entries(o)) walk(v, `${where}.${k}`);
  };
  walk(schema, 'schema');
  assert.ok(objects > fields.length * 2, `the walk saw the fields and their lists (${objects} objects)`);
  assert.throws(() => { getField('learningRate').max = 1e9; }, TypeError);
  assert.throws(() => { getField('activation').values.push('relu6'); }, TypeError);
});

test('activationsInUse: the per-layer list when given, else the one activation, as the engine builds the net', () => {
  assert.deepEqual(activationsInUse({ activation: 'relu' }), ['relu']);
  assert.deepEqual(activationsInUse({ activation: 'relu', hidden: [3, 3, 3], layerActivations: ['elu', 'tanh', 'elu'] }), ['elu', 'tanh']);
  const s = gradlab.createSession({ activation: 'relu', hidden: [3, 3, 3], layerActivations: ['elu', 'tanh', 'elu'] });
  try {
    const used = new Set(s.info.layers.slice(0, -1).map((l) => l.activation));
    assert.deepEqual([...used].sort(), activationsInUse(s.config).sort());
  } finally {
    s.dispose();
  }
});

test('each activation lists exactly the fields its curve reads', () => {
  const xs = Float32Array.from({ length: 81 }, (_, i) => -4 + i * 0.1);
  const params = [...new Set(Object.values(schema.activations).flatMap((a) => a.params))];
  assert.deepEqual(params.sort(), ['eluAlpha', 'gelu', 'leakySlope', 'swishBeta']);
  const other = { leakySlope: 0.3, eluAlpha: 2.5, swishBeta: 3, gelu: 'tanh' };
  const curve = (c) => {
    const q = ['activation', ...params].map((k) => `${k}=${c[k]}`).join('&');
    const out = module.activationCurve(q, xs);
    assert.ok(out, q);
    return Array.from(out);
  };
  assert.deepEqual(Object.keys(schema.activations), getField('activation').values);
  for (const [name, a] of Object.entries(schema.activations)) {
    assert.ok(a.label.length > 0);
    const base = { ...defaults(), activation: name };
    const reference = curve(base);
    for (const p of params) {
      const moved = curve({ ...base, [p]: other[p] });
      const changes = moved.some((v, i) => !Object.is(v, reference[i]));
      assert.equal(changes, a.params.includes(p), `${name}: ${p} ${changes ? 'changes' : 'does not change'} the curve`);
    }
    assert.deepEqual(activationParams(name), a.params);
    // The package's curve, which sends only these parameters, draws the same curve.
    const viaPackage = gradlab.activationCurve({ activation: name, ...other }, xs);
    const all = curve({ ...base, ...other });
    assert.deepEqual([...viaPackage.f, ...viaPackage.df], all);
  }
  assert.deepEqual(activationParams('silu'), activationParams('swish'));
  // Names only: an array or an object whose text is a name (or an alias) is not one.
  for (const [bad, shown] of [['relu6', '"relu6"'], [7, '7'], [undefined, 'undefined'], [['relu'], '["relu"]'], [['silu'], '["silu"]'],
    [{ toString: () => 'silu' }, '[object Object]']])
    assert.throws(() => activationParams(bad), (e) => e instanceof RangeError && e.field === 'activation' &&
      e.message === `activation: ${shown} is not one of ${getField('activation').values.join(', ')}`, shown);
  assert.equal(new Set(Object.values(schema.activations).map((a) => a.label)).size, Object.keys(schema.activations).length);
});

test('every input feature has a display name, and the names are distinct', () => {
  assert.deepEqual(Object.keys(schema.features), getField('features').values);
  const labels = Object.values(schema.features).map((f) => f.label);
  assert.ok(labels.every((l) => typeof l === 'string' && l.length > 0));
  assert.equal(new Set(labels).size, labels.length);
});

test('the unit-state names come from the engine, and a dead unit reads as "dead" through them', () => {
  assert.deepEqual(schema.unitStates, module.unitStateNames());
  assert.deepEqual([...gradlab.unitStateNames], schema.unitStates);
  // ReLU units whose bias is far below any input's reach are off, f' = 0, for every point.
  const s = gradlab.createSession({ activation: 'relu', hidden: [5], biasInit: -50, init: 'xavier_uniform' });
  try {
    s.evaluate();
    const { names, states } = s.unitStates();
    assert.deepEqual([...names], schema.unitStates);
    assert.deepEqual([...states.slice(0, 5)].map((k) => schema.unitStates[k]), Array(5).fill('dead'));
  } finally {
    s.dispose();
  }
});

test('the domain is where the data and the grids lie', () => {
  const { domain } = schema;
  for (const dataset of ['checkerboard', 'plane', 'multigauss', 'fit1d']) {
    const s = gradlab.createSession({ dataset, noise: 0, numPoints: 2000 });
    try {
      const max = Math.max(...s.points().coords.map(Math.abs));
      assert.ok(max <= domain && max > 0.99 * domain, `${dataset}: points reach ${max}, domain ${domain}`);
    } finally {
      s.dispose();
    }
  }
  // A linear net on fit1d outputs w x + b: reading x back from the grid gives the cell centres.
  const s = gradlab.createSession({ dataset: 'fit1d', hidden: [], features: ['x1'] });
  try {
    const { layers: [{ W: [[w]], b: [b] }] } = s.getWeights();
    const res = 10;
    const xs = Array.from(s.predictGrid(res).values, (y) => (y - b) / w);
    assert.ok(Math.abs(xs[0] - (-domain + domain / res)) < 1e-5, `first cell centre ${xs[0]}`);
    assert.ok(Math.abs(xs[res - 1] - (domain - domain / res)) < 1e-5, `last cell centre ${xs[res - 1]}`);
  } finally {
    s.dispose();
  }
});

test('the limits are the ones the engine enforces', () => {
  for (const [k, v] of Object.entries(limits)) assert.ok(Number.isFinite(v) && v > 0, `${k} = ${v}`);
  // Their values, written out: the checks below find each boundary from the published limit,
  // so they alone would follow a wrong limit.
  assert.deepEqual({ ...limits }, {
    maxDepth: 64, maxWidth: 256, minUserPoints: 2, maxUserPoints: 100000, maxUserInputs: 1024, maxUserOutputs: 256, maxClasses: 32,
    minGridResolution: 2, maxGridResolution: 512, maxGridValues: 4194304, memoryBudget: 128 * 1024 * 1024, explodedGradNorm: 1e15,
    maxInputVariance: 1e6, maxCriticalLinePoints: 10000,
  });
  assert.equal(getField('hidden').maxLength, limits.maxDepth);
  assert.equal(getField('hidden').max, limits.maxWidth);
  assert.equal(getField('classes').max, limits.maxClasses);
  assert.equal(limits.memoryBudget, schema.memoryBudget);

  const s = gradlab.createSession({ hidden: [100] });  // 2 inputs + 100 + 1 output = 103 units
  try {
    for (const res of [limits.minGridResolution, limits.maxGridResolution]) assert.equal(s.predictGrid(res).values.length, res * res);
    for (const res of [limits.minGridResolution - 1, limits.maxGridResolution + 1])
      throwsWith(assert, () => s.predictGrid(res), RangeError, 'resolution', String(res));
    const fits = Math.floor(Math.sqrt(limits.maxGridValues / 103));
    assert.equal(s.neuronGrids(fits).values.length, 103 * fits * fits);
    throwsWith(assert, () => s.neuronGrids(fits + 1), RangeError, 'resolution', String(limits.maxGridValues));
  } finally {
    s.dispose();
  }
  // User data: the engine's own check (the binding, past the package's), at the limits.
  const custom = (points, inputs, classes) => module.createCustomSession(
    toQuery({ ...defaults(), dataset: 'custom', batchSize: 1 }), new Float32Array(points * inputs),
    Float32Array.from({ length: points }, (_, i) => i % classes), inputs, true, classes, 1, []);
  for (const [points, inputs, classes, ok] of [
    [limits.minUserPoints, 1, 2, true], [limits.minUserPoints - 1, 1, 2, false],
    [limits.maxUserPoints + 1, 1, 2, false], [4, limits.maxUserInputs, 2, true], [4, limits.maxUserInputs + 1, 2, false],
    [limits.maxClasses, 1, limits.maxClasses, true], [limits.maxClasses + 1, 1, limits.maxClasses + 1, false]]) {
    const h = custom(points, inputs, classes);
    const fault = h ? null : module.takeFault();
    h?.delete();
    assert.equal(!!h, ok, `${points} points x ${inputs} inputs, ${classes} classes: ${fault?.message}`);
  }
});
