// Properties of the engine boundary (wasm + web/src/session.js): any valid configuration
// builds a session that survives training, evaluation and grids with JSON-safe figures;
// weights and user data that do not fit are refused with the documented errors and change
// nothing. `params.build` picks the wasm build ('simd' or 'scalar').
import assert from 'node:assert/strict';
import {
  createGradLab, fields, fieldNames, normalizeConfig, toHash, fromHash, checkData, defaults,
} from '../../../web/src/node.js';
import { parseArgs, configFromFlags, UsageError } from '../../../web/src/cli/args.js';
import { fc, validPartial, validValue, hashText, flagPairs, pairsToArgv, unknownKey } from './arbitraries.mjs';
import { assertFiniteDeep, assertOverflowExplained, plusZero } from '../helpers.mjs';

let loaded;
const engine = async ({ build = 'simd' } = {}) => (loaded ??= await createGradLab({ simd: build === 'simd' }));

/** Runs fn; returns {value} or {error}, failing on anything but the allowed error classes. */
function outcome(fn, allowed = [TypeError, RangeError]) {
  try {
    return { value: fn() };
  } catch (error) {
    if (error?.code === 'ERR_ASSERTION') throw error;
    assert.ok(allowed.some((E) => error instanceof E), `threw ${error?.constructor?.name}: ${error?.message} (only ${allowed.map((E) => E.name).join('/')} are documented)`);
    return { error };
  }
}

// Sizes small enough to build and train a few hundred sessions in seconds; every other field
// (learning rates up to 10, init gains up to 100, biases up to ±100, every optimiser,
// schedule and activation) ranges over everything the schema allows.
const SMALL = {
  numPoints: [10, 600], inputDim: [1, 32], width: [1, 24], depth: 6, batchSize: [1, 32],
  enums: { dataset: fields.find((f) => f.name === 'dataset').values.filter((d) => d !== 'custom') },
};

// Independent random fields break a cross-field rule five times in six (mostly a class
// count the data set does not have). Three times in four the configuration is "tamed" so
// that most build: those fields dropped, one activation per hidden layer, a batch that fits
// the training set. The rest keeps exercising the refusals.
const smallConfig = fc.tuple(validPartial(SMALL), fc.nat(3), fc.array(validValue(fields.find((f) => f.name === 'activation')), { maxLength: 6 }))
  .map(([p, wild, acts]) => {
    if (wild === 0) return p;
    for (const k of ['classes', 'loss', 'outputActivation']) delete p[k];
    if (p.features?.length === 0) delete p.features;
    if (p.layerActivations) p.layerActivations = (p.hidden ?? defaults().hidden).map((_, i) => acts[i % Math.max(1, acts.length)] ?? 'relu');
    if (p.batchSize) p.batchSize = Math.max(1, Math.min(p.batchSize, Math.floor((p.numPoints ?? 500) * (p.trainFraction ?? 0.5)) - 1));
    return p;
  });

/**
 * Any valid configuration: gradlab.check and createSession agree (both accept, or both refuse
 * with the same RangeError naming a field); a session trains a few steps (stopping only at a
 * reported divergence), evaluates, draws its grids, exports weights and saves its run, and
 * nothing it reports holds NaN or ±Infinity.
 */
export async function sessions(params) {
  const gradlab = await engine(params);
  return fc.property(smallConfig, fc.integer({ min: 1, max: 20 }), fc.integer({ min: 2, max: 24 }), (partial, steps, res) => {
    const checked = outcome(() => gradlab.check(partial));
    const created = outcome(() => gradlab.createSession(partial));
    if (created.error) {
      // A schema-valid configuration can only break a cross-field rule: a RangeError naming a field.
      assert.ok(created.error instanceof RangeError, `${created.error.constructor.name}: ${created.error.message}`);
      assert.ok(fieldNames.includes(created.error.field?.replace(/\[\d+\]$/, '')), `error names no field: ${created.error.message}`);
      assert.ok(checked.error, `check() accepted what createSession refused: ${created.error.message}`);
      assert.equal(checked.error.message, created.error.message);
      return;
    }
    assert.ok(checked.value, `check() refused what createSession accepted: ${checked.error?.message}`);
    const s = created.value;
    try {
      const config = normalizeConfig(partial);
      assert.deepEqual(plusZero(s.config), plusZero(config));
      assert.deepEqual(plusZero(checked.value), plusZero(config));
      const done = s.step(steps);
      const m = s.metrics();
      assert.equal(m.step, done);
      if (done < steps) assert.ok(m.diverged, `stopped after ${done} of ${steps} steps without a divergence`);
      if (m.diverged) {
        assert.equal(m.diverged.step, m.step, 'divergence is reported at the step it happened');
        assert.ok(['loss', 'gradient', 'weights'].includes(m.diverged.cause));
        // What happened, at which step, and what to change (at step 0 the initial weights or
        // the data, since no update was made; later the learning rate too).
        assert.match(m.diverged.message, new RegExp(` at step ${m.step}\\b.* — .*\\((.+)\\)$`));
        if (m.step === 0) assert.doesNotMatch(m.diverged.message, /learning rate/);
        else assert.match(m.diverged.message, /lower the learning rate/);
      }
      assertFiniteDeep(m, 'metrics()');
      const e = s.evaluate();
      assertFiniteDeep(e, 'evaluate()');
      assert.deepEqual(JSON.parse(JSON.stringify(e)), e);
      if (s.info.gridDims > 0) {
        const g = s.predictGrid(res, { copy: true });
        assert.equal(g.values.length, g.points * s.info.outputs);
        const n = s.neuronGrids(res);
        assert.equal(n.values.length, s.info.units * n.points);
        // What the output and neuron panels draw (a non-finite value as an "overflow" cell).
        // A run the evaluation found healthy (e, not m: a step checks only its batch) may still
        // overflow far from its data; every such value must be a real overflow, not garbage.
        if (!e.diverged) assertOverflowExplained(s, g, n, 'grids');
      }
      const w = s.getWeightsArray();
      assert.equal(w.length, s.info.paramCount);
      assertFiniteDeep(w, 'weights');
      const run = s.toJSON({ weights: true });
      assertFiniteDeep(run, 'toJSON()');
      const hash = toHash(s.config);
      assert.doesNotMatch(hash, /NaN|Infinity/);
      assert.deepEqual(plusZero(fromHash(hash, { strict: true }).config), plusZero(s.config));
    } finally {
      s.dispose();
    }
  });
}

// ---- weights ---------------------------------------------------------------------------------------

const tinyNet = fc.record({
  hidden: fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 3 }),
  features: fc.shuffledSubarray(['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2'], { minLength: 1 }),
});

// Numbers float32 may or may not hold: NaN, ±Infinity, and finite doubles beyond 3.4e38
// (which become Infinity in a Float32Array).
const weightNumber = fc.oneof(
  { weight: 8, arbitrary: fc.float({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, 1e39, -1e300, 3.4e38, 5e-324) },
);
const weightEntry = fc.oneof({ weight: 12, arbitrary: weightNumber }, { weight: 1, arbitrary: fc.constantFrom('1', '1e3', null, true, false, undefined, {}, [1], 1n) });

/** The flat array setWeights must accept for this value, or null if it must refuse it (an oracle written from the docs). */
function expectedWeights(value, shapes, n) {
  const f32 = (a) => {
    if (!a.every((v) => typeof v === 'number')) return null;
    const out = Float32Array.from(a);
    return out.every(Number.isFinite) ? out : null;
  };
  if (value instanceof Float32Array) return value.length === n ? f32(Array.from(value)) : null;
  if (Array.isArray(value) && !value.some((v) => v !== null && typeof v === 'object')) return value.length === n ? f32(value) : null;
  if (!value || typeof value !== 'object' || !Array.isArray(value.layers) || value.layers.length !== shapes.length) return null;
  const flat = [];
  for (const [l, { inputs, units }] of shapes.entries()) {
    const { W, b } = value.layers[l] ?? {};
    if (!Array.isArray(W) || W.length !== units || !Array.isArray(b) || b.length !== units) return null;
    for (const row of W) {
      if (!Array.isArray(row) || row.length !== inputs) return null;
      flat.push(...row);
    }
    flat.push(...b);
  }
  return f32(flat);
}

/** A weights value near the right shape: the right one with perturbations, or random arrays. */
function weightsValue(shapes, n) {
  const json = fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('dropRow', 'dropWeight', 'extraBias', 'set'), weightEntry), { maxLength: 2 }).chain((edits) =>
    fc.array(weightNumber, { minLength: n, maxLength: n }).map((flat) => {
      let k = 0;
      const layers = shapes.map(({ inputs, units }) => {
        const W = Array.from({ length: units }, () => Array.from({ length: inputs }, () => flat[k++]));
        const b = Array.from({ length: units }, () => flat[k++]);
        return { W, b };
      });
      for (const [i, j, kind, v] of edits) {
        const L = layers[i % layers.length];
        if (kind === 'dropRow') L.W.pop();
        else if (kind === 'dropWeight' && L.W.length) L.W[j % L.W.length].pop();
        else if (kind === 'extraBias') L.b.push(0);
        else if (L.W.length && L.W[0].length) L.W[j % L.W.length][(i + j) % L.W[0].length] = v;
      }
      return { layers };
    }));
  return fc.oneof(
    fc.array(weightEntry, { minLength: n, maxLength: n }),
    fc.array(weightEntry, { minLength: Math.max(0, n - 2), maxLength: n + 2 }),
    fc.array(weightNumber, { minLength: n, maxLength: n }),
    fc.array(weightNumber, { minLength: n, maxLength: n }).map((a) => Float32Array.from(a)),
    fc.float32Array({ minLength: Math.max(0, n - 1), maxLength: n + 1 }),
    json,
    fc.anything({ maxDepth: 2 }),
  );
}

/**
 * setWeights with values of every shape: accepted exactly when they fit the network and are
 * finite as float32 (then read back as given); otherwise TypeError/RangeError and the
 * weights and the run are as before.
 */
export async function setWeights(params) {
  const gradlab = await engine(params);
  // The circle data set has one output (sigmoid), so the shapes follow from the features and widths.
  const netAndWeights = tinyNet.chain((net) => {
    const sizes = [net.features.length, ...net.hidden, 1];
    const shapes = sizes.slice(1).map((units, i) => ({ inputs: sizes[i], units }));
    const n = shapes.reduce((a, { inputs, units }) => a + inputs * units + units, 0);
    return fc.tuple(fc.constant(net), fc.constant(shapes), weightsValue(shapes, n));
  });
  return fc.property(netAndWeights, fc.integer({ min: 0, max: 5 }), ([net, shapes, value], steps) => {
    const s = gradlab.createSession(net);
    try {
      assert.deepEqual(s.info.layers.map(({ inputs, units }) => ({ inputs, units })), shapes);
      s.step(steps);
      const before = s.getWeightsArray();
      const step = s.metrics().step;
      const want = expectedWeights(value, shapes, s.info.paramCount);
      const r = outcome(() => s.setWeights(value));
      if (want) {
        assert.ok(!r.error, `refused fitting weights: ${r.error?.message}`);
        assert.deepEqual(s.getWeightsArray(), want);
      } else {
        assert.ok(r.error, 'accepted weights that do not fit');
        assert.deepEqual(s.getWeightsArray(), before, 'refused weights changed the network');
      }
      assert.equal(s.metrics().step, step);
      assertFiniteDeep(s.evaluate(), 'evaluate() after setWeights');
    } finally {
      s.dispose();
    }
  });
}

/**
 * loadWeights with byte blobs: a saved blob with random bytes changed, cut or extended, or
 * random bytes. Accepted exactly when the header matches the network, the size is exact and
 * every float is finite (decoded here independently); otherwise RangeError/TypeError and nothing changes.
 */
export async function loadWeights(params) {
  const gradlab = await engine(params);
  const blobEdit = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 });
  return fc.property(tinyNet, blobEdit, fc.integer({ min: -8, max: 8 }), fc.boolean(), fc.uint8Array({ maxLength: 64 }), (net, edits, resize, random, noise) => {
    const s = gradlab.createSession(net);
    try {
      let blob = s.saveWeights();
      if (random) blob = noise;
      else {
        for (const [at, byte] of edits) if (blob.length) blob[at % blob.length] = byte;
        if (resize < 0) blob = blob.slice(0, Math.max(0, blob.length + resize));
        else if (resize > 0) blob = Uint8Array.from([...blob, ...new Array(resize).fill(0)]);
      }
      const before = s.getWeightsArray();
      const want = decodeBlob(blob, s.info.layers);
      const r = outcome(() => s.loadWeights(blob));
      if (want) {
        assert.ok(!r.error, `refused a valid blob: ${r.error?.message}`);
        assert.deepEqual(s.getWeightsArray(), want);
      } else {
        assert.ok(r.error, 'accepted a blob that does not fit');
        assert.deepEqual(s.getWeightsArray(), before);
      }
    } finally {
      s.dispose();
    }
  });
}

function decodeBlob(blob, shapes) {
  if (blob.length < 8) return null;
  const dv = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  if (dv.getUint32(0, true) !== 0x31574c47 || dv.getUint32(4, true) !== shapes.length) return null;
  const header = 8 + 8 * shapes.length;
  if (blob.length < header) return null;
  for (const [l, { inputs, units }] of shapes.entries()) if (dv.getUint32(8 + 8 * l, true) !== inputs || dv.getUint32(12 + 8 * l, true) !== units) return null;
  const n = shapes.reduce((a, { inputs, units }) => a + inputs * units + units, 0);
  if (blob.length !== header + 4 * n) return null;
  const w = new Float32Array(n);
  for (let i = 0; i < n; i++) w[i] = dv.getFloat32(header + 4 * i, true);
  return w.every(Number.isFinite) ? w : null;
}

// ---- user data -------------------------------------------------------------------------------------

// Inputs as users produce them: ordinary values, extremes (±1e30, float32's largest), values
// float32 cannot hold (NaN, ±Infinity, 1e39), and the wrong kinds.
const dataNumber = fc.oneof(
  { weight: 12, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
  { weight: 2, arbitrary: fc.constantFrom(1e30, -1e30, 3.4e38, -3.4e38, 1e-40, 0, -0) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, 1e39) },
);
const dataArray = (len, elem) => fc.oneof(
  fc.array(elem, { minLength: len, maxLength: len }),
  fc.array(elem, { minLength: len, maxLength: len }).map((a) => Float32Array.from(a)),
  fc.array(elem, { minLength: len, maxLength: len }).map((a) => Float64Array.from(a)),
  fc.array(elem, { minLength: Math.max(0, len - 3), maxLength: len + 3 }),
  fc.constantFrom('abc', null, {}, new DataView(new ArrayBuffer(8)), BigInt64Array.of(1n, 2n), Int8Array.of(1, 2, 3, 4), ['1', '2']),
);

/** A user data object: mostly near-valid shapes with random values, sometimes anything. */
const userData = fc.record({
  points: fc.integer({ min: 0, max: 40 }),
  inputDim: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 6 }) }, { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, 2000, '2', NaN, undefined) }),
  task: fc.constantFrom('classification', 'regression', undefined, 'clustering', 1),
  classes: fc.constantFrom(undefined, 2, 3, 32, 1, 33, 2.5),
  outputDim: fc.constantFrom(undefined, 1, 2, 0, 257),
  labels: fc.boolean(),
}).chain((d) => {
  const dim = Number.isInteger(d.inputDim) && d.inputDim > 0 ? d.inputDim : 2;
  const outs = d.task === 'regression' ? (Number.isInteger(d.outputDim) && d.outputDim > 0 && d.outputDim < 10 ? d.outputDim : 1) : 1;
  const label = fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: fc.constantFrom(-1, 0.5, 40, NaN) });
  return fc.record({
    inputs: dataArray(d.points * dim, dataNumber),
    targets: dataArray(d.points * outs, d.task === 'regression' ? dataNumber : label),
  }).map(({ inputs, targets }) => {
    const out = { inputs, targets, inputDim: d.inputDim };
    for (const k of ['task', 'classes', 'outputDim']) if (d[k] !== undefined) out[k] = d[k];
    return out;
  });
});

/**
 * checkData throws only TypeError/RangeError naming data.*; what it accepts satisfies its own
 * contract (finite float32 inputs, points x inputDim, labels in range or finite targets), and
 * the engine accepts it too: a session with batch size 1 builds, trains a few steps —
 * inputs of ±1e30 included — and reports only finite figures (diverging if it must).
 */
export async function userDataProp(params) {
  const gradlab = await engine(params);
  return fc.property(fc.oneof({ weight: 9, arbitrary: userData }, { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) }), (data) => {
    const r = outcome(() => checkData(data));
    if (r.error) {
      assert.ok(typeof r.error.field === 'string' && r.error.field.startsWith('data'), `error names no data field: ${r.error.message}`);
      return;
    }
    const d = r.value;
    assert.ok(d.inputs instanceof Float32Array && d.targets instanceof Float32Array);
    assert.equal(d.inputs.length, d.points * d.inputDim);
    assert.ok(d.points >= 2 && d.points <= 100000);
    assertFiniteDeep(d.inputs, 'inputs');
    assertFiniteDeep(d.targets, 'targets');
    if (d.task === 'classification') {
      assert.ok(d.classes >= 2 && d.classes <= 32);
      assert.ok(d.targets.every((t) => Number.isInteger(t) && t >= 0 && t < d.classes));
    } else assert.equal(d.targets.length, d.points * d.outputDim);
    const s = gradlab.createSession({ hidden: [3], batchSize: 1 }, { data });
    try {
      s.step(3);
      assertFiniteDeep(s.evaluate(), 'evaluate()');
      assertFiniteDeep(s.getWeightsArray(), 'weights');
    } finally {
      s.dispose();
    }
  });
}

// ---- text forms through the engine -----------------------------------------------------------------

/** gradlab.fromHash (schema + the engine's cross-field rules): never throws on a string; returns a configuration the engine accepts. */
export async function engineHashes(params) {
  const gradlab = await engine(params);
  return fc.property(hashText, (hash) => {
    const r = outcome(() => gradlab.fromHash(hash), []);
    const { config, warnings } = r.value;
    assert.deepEqual(Object.keys(config), fieldNames);
    assert.deepEqual(gradlab.check(config), config);
    for (const w of warnings) assert.ok(typeof w.field === 'string' && typeof w.value === 'string' && typeof w.message === 'string');
  });
}

/** CLI flags → configuration → the engine: UsageError while parsing, then only TypeError/RangeError from the engine's checks. */
export async function cliToEngine(params) {
  const gradlab = await engine(params);
  return fc.property(flagPairs, (pairs) => {
    const parsed = outcome(() => {
      const { options, set } = parseArgs(['run', ...pairsToArgv(pairs)]);
      return configFromFlags(set, options.preset);
    }, [UsageError]);
    if (parsed.error) return;
    const checked = outcome(() => gradlab.check(parsed.value));
    if (checked.value) assert.deepEqual(Object.keys(checked.value), fieldNames);
  });
}

/** setLive with any name and value: TypeError/RangeError or applied; the session's configuration stays one the engine accepts. */
export async function setLive(params) {
  const gradlab = await engine(params);
  const live = fields.filter((f) => f.live);
  const change = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...live).chain((f) => validValue(f).map((value) => [f.name, value])) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...fieldNames), fc.anything({ maxDepth: 1 })) },
    { weight: 1, arbitrary: fc.tuple(unknownKey, fc.double()) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...live.map((f) => f.name)), fc.constantFrom(NaN, Infinity, -Infinity, -1, 1e300, 0.5)) },
  );
  return fc.property(fc.array(change, { maxLength: 6 }), (changes) => {
    const s = gradlab.createSession({ hidden: [3] });
    try {
      for (const [name, value] of changes) {
        const before = s.config;
        const r = outcome(() => s.setLive(name, value));
        if (r.error) assert.deepEqual(s.config, before, 'a refused change altered the configuration');
        else assert.equal(s.config[name] + 0, value + 0);  // x + 0 turns -0 into 0: one setting (see plusZero)
        assert.deepEqual(plusZero(gradlab.check(s.config)), plusZero(s.config));
        s.step(2);
      }
      assertFiniteDeep(s.evaluate(), 'evaluate()');
    } finally {
      s.dispose();
    }
  });
}
