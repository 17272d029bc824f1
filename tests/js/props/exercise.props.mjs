// Properties of the exercise format, the predicate language, the text formatting and the
// grader (each export returns a fast-check property, run in a worker under a time bound by
// bounded.mjs). Random and hostile exercises, predicates, metrics and runs: nothing but the
// documented TypeError/RangeError is ever thrown, no call takes long, nothing is executed, and
// texts stay plain text. Where an input was made invalid on purpose, the expected refusal is
// derived from how it was made.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fields, getField, checkExercise, checkGoal, checkPredicate, formatText, createGradLab, fieldApplies } from '../../../web/src/node.js';
import { fc, validValue, invalidValue, unknownKey, MARKUP, PROTOTYPE_NAMES } from './arbitraries.mjs';

const CALL_LIMIT_MS = 1000;
const CANARY = '__gradlabExerciseCanary';

/** Runs fn (sync or async); returns {value} or {error}, failing on anything but TypeError/RangeError or a slow call. */
async function outcome(fn) {
  const t0 = performance.now();
  try {
    return { value: await fn() };
  } catch (error) {
    if (error?.code === 'ERR_ASSERTION') throw error;
    assert.ok((error instanceof TypeError || error instanceof RangeError) && error.constructor !== Error,
      `threw ${error?.constructor?.name}: ${error?.message} (only TypeError/RangeError are documented)`);
    assert.equal(typeof error.message, 'string');
    return { error };
  } finally {
    const ms = performance.now() - t0;
    assert.ok(ms < CALL_LIMIT_MS, `one call took ${ms.toFixed(0)} ms (limit ${CALL_LIMIT_MS} ms)`);
    assert.equal(globalThis[CANARY], undefined, 'an input ran code');
  }
}

const NODE_TYPES = new Set(['paragraph', 'list', 'text', 'emphasis', 'code']);
/** A formatting tree holds only the allowed node kinds, and only strings as leaves. */
function assertPlainTree(tree) {
  assert.ok(Array.isArray(tree));
  for (const block of tree) {
    assert.ok(block.type === 'paragraph' || block.type === 'list', `block ${block.type}`);
    const lines = block.type === 'list' ? block.items : [block.children];
    for (const line of lines)
      for (const n of line) {
        assert.ok(NODE_TYPES.has(n.type) && n.type !== 'paragraph' && n.type !== 'list', `inline ${n.type}`);
        assert.deepEqual(Object.keys(n).sort(), ['text', 'type']);
        assert.equal(typeof n.text, 'string');
        assert.ok(n.text.length > 0);
      }
  }
}

// ---- predicates ---------------------------------------------------------------------------------

const HOSTILE = [
  `constructor.constructor("globalThis.${CANARY}=1")()`, `__proto__.x == 1`, `this.x == 1`, `globalThis == null`, `process.exit(1)`,
  `eval("1") == 1`, `Function("return 1")() == 1`, `import("fs") == null`, '`${1}` == 1', `x => 1`, `a = 1`, `[].map(x=>x)`, `toString() == ""`,
  `layers[*].constructor == null`, `output.__proto__ == null`, `"\\u0041" == "A"`, `/./.test("a")`, `new Date() == null`, 'step >= 0;globalThis.x=1',
  ...MARKUP,
];
const NUM_FIELDS = fields.filter((f) => f.kind === 'number' || f.kind === 'integer').map((f) => f.name);
const LAYER_NUM = ['units', 'gradWNorm', 'gradBNorm', 'gradZRms', 'weightNorm', 'biasNorm', 'updateRatio', 'preMean', 'preStd', 'actMean', 'actStd', 'dead', 'inactive', 'saturated', 'index'];
const METRIC_NUM = ['step', 'epoch', 'evaluatedStep', 'layersStep', 'trainLoss', 'testLoss', 'trainAccuracy', 'testAccuracy', 'batchLoss', 'gradNorm', 'metrics.learningRate'];

/** Well-typed predicates, built by type: each must be accepted by the checker. */
const typed = fc.letrec((tie) => ({
  num: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((v) => (Object.is(v, -0) ? '0' : String(v).replace('e+', 'e'))),
    fc.constantFrom(...METRIC_NUM, ...NUM_FIELDS, 'diverged.step', 'output.dead'),
    fc.tuple(fc.constantFrom('layers', 'hiddenLayers'), fc.integer({ min: -4, max: 6 }), fc.constantFrom(...LAYER_NUM)).map(([l, i, f]) => `${l}[${i}].${f}`),
    fc.tuple(fc.constantFrom('sum', 'mean', 'min', 'max', 'argmin', 'argmax', 'len'), tie('nums')).map(([f, x]) => `${f}(${x})`),
    fc.tuple(fc.constantFrom('count'), tie('bools')).map(([f, x]) => `${f}(${x})`),
    fc.tuple(tie('num'), fc.constantFrom('+', '-', '*', '/'), tie('num')).map(([a, o, b]) => `(${a} ${o} ${b})`),
    tie('num').map((a) => `-${a}`),
    fc.tuple(fc.constantFrom('abs', 'sqrt', 'log10'), tie('num')).map(([f, a]) => `${f}(${a})`),
  ),
  nums: fc.oneof(
    { depthSize: 'small' },
    fc.tuple(fc.constantFrom('layers[*]', 'hiddenLayers[*]', 'hiddenLayers', 'layers[1:]', 'layers[:-1]', 'hiddenLayers[2:4]'), fc.constantFrom(...LAYER_NUM)).map(([l, f]) => `${l}.${f}`),
    fc.constantFrom('hidden', 'hidden[*]', 'start.hidden', '[1, 2.5, -3]', '[]'),
    fc.tuple(tie('nums'), fc.constantFrom('+', '*', '/'), tie('num')).map(([a, o, b]) => `(${a} ${o} ${b})`),
    tie('nums').map((a) => `abs(${a})`),
  ),
  bools: fc.tuple(tie('nums'), fc.constantFrom('<', '<=', '>', '>=', '==', '!='), tie('num')).map(([a, o, b]) => `(${a} ${o} ${b})`),
  bool: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(tie('num'), fc.constantFrom('<', '<=', '>', '>=', '==', '!='), tie('num')).map(([a, o, b]) => `${a} ${o} ${b}`),
    fc.tuple(fc.constantFrom('all', 'any'), tie('bools')).map(([f, x]) => `${f}(${x})`),
    fc.tuple(tie('bool'), fc.constantFrom('and', 'or', '&&', '||'), tie('bool')).map(([a, o, b]) => `(${a}) ${o} (${b})`),
    tie('bool').map((a) => `not (${a})`),
    fc.constantFrom('diverged == null', 'diverged != null', 'bornDead', 'outputConstant == false', 'activation == "relu"', 'activation in ["tanh", "elu"]',
      'output == null', 'all(layerActivations[*] in ["relu"])', 'hidden == [8, 8]', 'diverged.cause == "loss"', 'output.role == "output"', 'true', 'false', 'output.allZero'),
  ),
}));

/** A predicate text: well-typed ones (sometimes mutated by one character), hostile code, garbage. */
const predicateText = fc.oneof(
  typed.bool,
  fc.tuple(typed.bool, fc.nat(), fc.constantFrom('', ')', '(', '[', '"', '.', '*', '==', 'and', ' ', '#', '\u0000', '\ud800')).map(([p, i, c]) => {
    const k = i % (p.length + 1);
    return p.slice(0, k) + c + p.slice(k + 1);
  }),
  fc.constantFrom(...HOSTILE),
  fc.string({ maxLength: 80 }),
  fc.string({ unit: fc.constantFrom(...'()[]*.,:+-/<>=!&|"\' abcdefghijklmnopqrstuvwxyz0123456789_'), maxLength: 120 }),
  fc.integer({ min: 1, max: 300 }).map((n) => `${'('.repeat(n)}1${')'.repeat(n)} == 1`),
  fc.integer({ min: 1, max: 300 }).map((n) => `${'not '.repeat(n)}true`),
  fc.integer({ min: 1, max: 600 }).map((n) => 'a'.repeat(n)),
);

/** Any predicate text: accepted, or refused with TypeError/RangeError naming the field and a column. */
export function predicates() {
  return fc.asyncProperty(predicateText, async (text) => {
    const r = await outcome(() => checkPredicate(text, { field: 'goal[0].predicate' }));
    if (r.error) {
      assert.ok(r.error.message.startsWith('goal[0].predicate: '), r.error.message);
      assert.equal(r.error.field, 'goal[0].predicate');
      if (r.error.column !== undefined) assert.ok(r.error.column >= 1 && r.error.column <= text.length + 1, `column ${r.error.column} of ${text.length}`);
      assert.ok(r.error.message.length < 600, 'a short message, not an echo of the input');
    }
  });
}

/** Well-typed predicates are accepted, and their evaluation on any metrics is total: a boolean verdict and a JSON-safe value. */
export function typedPredicates() {
  return fc.asyncProperty(typed.bool.filter((p) => p.length <= 500), metricsArb(), async (text, metrics) => {
    const r = await outcome(() => checkPredicate(text));
    assert.ok(!r.error, `refused a well-typed predicate ${text}: ${r.error?.message}`);
    const ex = exerciseWith([text]);
    const g = await outcome(() => checkGoal(ex, { metrics, config: { hidden: [8, 8] } }));
    assert.ok(!g.error, g.error?.message);
    const c = g.value.checks[0];
    assert.equal(typeof c.passed, 'boolean');
    assert.deepEqual(JSON.parse(JSON.stringify(c.value ?? null)), c.value ?? null, 'the value is JSON-safe');
  });
}

// ---- metrics --------------------------------------------------------------------------------------

const figure = fc.oneof(fc.double(), fc.integer({ min: 0, max: 64 }), fc.constantFrom(null, NaN, Infinity, -0, 0), fc.anything({ maxDepth: 1 }));
const layerArb = fc.oneof(
  fc.record(Object.fromEntries([...LAYER_NUM, 'allZero', 'role'].map((k) => [k, k === 'role' ? fc.constantFrom('hidden', 'output', 'x', 3) : figure])), { requiredKeys: [] }),
  fc.anything({ maxDepth: 2 }),
);
/** Decoded-metrics-shaped objects with random, missing and wrong-kind figures, and garbage. */
function metricsArb() {
  return fc.oneof(
    fc.record({
      ...Object.fromEntries(['step', 'epoch', 'evaluatedStep', 'layersStep', 'trainLoss', 'testLoss', 'trainAccuracy', 'testAccuracy', 'batchLoss', 'gradNorm', 'learningRate', 'bornDead', 'outputConstant'].map((k) => [k, figure])),
      diverged: fc.oneof(fc.constant(null), fc.record({ step: figure, cause: fc.constantFrom('loss', 'gradient', 3), message: fc.string() }), fc.anything({ maxDepth: 1 })),
      layers: fc.oneof(fc.array(layerArb, { maxLength: 70 }), fc.anything({ maxDepth: 1 })),
    }, { requiredKeys: [] }),
    fc.anything({ maxDepth: 2 }),
    fc.constantFrom(null, undefined, 7, 'metrics', [], Object.create(null)),
  );
}

const FIXED = ['sum(hiddenLayers[*].dead) == 0', 'testAccuracy >= 0.9', 'diverged == null', 'max(hiddenLayers[*].gradZRms) / min(hiddenLayers[*].gradZRms) <= 10',
  'all(layers[:-1].role == "hidden")', 'not (trainLoss < 1)', 'output.dead == 0 or bornDead', 'argmin(hiddenLayers[*].actStd) == 0'];

/** The live checklist over hostile metrics: never throws, verdicts are booleans, values JSON-safe. */
export function hostileMetrics() {
  const ex = exerciseWith(FIXED);
  return fc.asyncProperty(metricsArb(), async (metrics) => {
    const r = await outcome(() => checkGoal(ex, { metrics, config: {} }));
    assert.ok(!r.error, r.error?.message);
    for (const c of r.value.checks) {
      assert.equal(typeof c.passed, 'boolean');
      assert.deepEqual(JSON.parse(JSON.stringify(c.value ?? null)), c.value ?? null);
    }
    // A verdict is never reached on figures that are not there.
    if (!metrics || typeof metrics !== 'object' || typeof metrics.testAccuracy !== 'number' || !Number.isFinite(metrics.testAccuracy)) assert.equal(r.value.checks[1].passed, false);
  });
}

// ---- exercises --------------------------------------------------------------------------------------

function exerciseWith(predicates) {
  return {
    format: 'gradlab-exercise', version: 1, id: 'prop', title: 'Property', instructions: 'Text.', start: { config: { hidden: [8, 8] } },
    goal: predicates.map((predicate) => ({ predicate, feedback: 'no' })), limits: { steps: 50 },
  };
}

const BASE = JSON.parse(readFileSync(new URL('../../../web/exercises/edge-of-chaos.json', import.meta.url), 'utf8'));
const textArb = fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom(...MARKUP, '*a* `b`\n\n- c\n- *d', '\u202e', '\u0000', 'x'.repeat(9000), '*'.repeat(3000), '`'.repeat(3001)),
  fc.string({ unit: fc.constantFrom('*', '`', '-', ' ', '\n', 'a', '<', '>', '&', '\t'), maxLength: 400 }));
// Paths into the base exercise where a value can be replaced.
const PATHS = [['id'], ['title'], ['instructions'], ['version'], ['format'], ['start'], ['start', 'preset'], ['start', 'config'], ['editable'], ['editable', 0], ['editable', 0, 'min'],
  ['editable', 0, 'field'], ['prediction'], ['prediction', 'kind'], ['prediction', 'question'], ['prediction', 'answer'], ['prediction', 'choices'], ['prediction', 'choices', 1],
  ['prediction', 'choices', 1, 'id'], ['prediction', 'choices', 1, 'text'], ['goal'], ['goal', 0], ['goal', 1, 'predicate'], ['goal', 2, 'feedback'], ['goal', 2, 'label'],
  ['hints'], ['hints', 1, 'after'], ['hints', 0, 'text'], ['limits'], ['limits', 'steps']];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('replace'), path: fc.constantFrom(...PATHS), value: fc.oneof(fc.anything({ maxDepth: 3 }), textArb, predicateText, fc.constantFrom(null, undefined, -1, 1e9, [], {})) }),
  fc.record({ kind: fc.constant('delete'), path: fc.constantFrom(...PATHS) }),
  fc.record({ kind: fc.constant('unknown'), path: fc.constantFrom([], ['start'], ['goal', 0], ['limits'], ['prediction']), key: fc.oneof(unknownKey, fc.constantFrom(...PROTOTYPE_NAMES)) }),
  fc.record({ kind: fc.constant('config'), field: fc.constantFrom(...fields), valid: fc.boolean(), seed: fc.nat() }),
);

function apply(ex, m) {
  const at = (path) => path.slice(0, -1).reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), ex);
  if (m.kind === 'replace' || m.kind === 'delete') {
    const parent = at(m.path);
    if (!parent || typeof parent !== 'object') return;
    const key = m.path.at(-1);
    if (m.kind === 'delete') delete parent[key];
    else parent[key] = m.value;
  } else if (m.kind === 'unknown') {
    const target = m.path.reduce((o, k) => o?.[k], ex);
    if (target && typeof target === 'object') Object.defineProperty(target, m.key, { value: 1, enumerable: true, configurable: true, writable: true });
  }
}

/** Exercises with random mutations (several at once): accepted, or refused naming the path. */
export function exercises() {
  const configValue = (f, valid) => (valid ? validValue(f) : invalidValue(f).map((x) => x.value));
  const arb = fc.tuple(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.constantFrom(...fields).chain((f) => fc.tuple(fc.constant(f), fc.boolean()).chain(([f2, v]) => configValue(f2, v).map((value) => ({ f: f2, value, valid: v })))));
  return fc.asyncProperty(arb, fc.boolean(), async ([mutations, cfg], asText) => {
    const ex = structuredClone(BASE);
    for (const m of mutations) apply(ex, m);
    const configMutated = mutations.some((m) => m.kind === 'config');
    if (configMutated && ex.start && typeof ex.start === 'object' && ex.start.config && typeof ex.start.config === 'object') ex.start.config[cfg.f.name] = cfg.value;
    let input = ex;
    if (asText) {
      try {
        input = JSON.stringify(ex);
      } catch {
        input = ex;  // a bigint cannot be written as JSON: checked as the object
      }
    }
    const r = await outcome(() => checkExercise(input));
    if (r.error) {
      assert.equal(typeof r.error.field, 'string');
      assert.ok(r.error.message.startsWith(`${r.error.field}: `), `message names the field: ${r.error.message}`);
      // An invalid starting value is refused naming start.config and the field.
      if (configMutated && !cfg.valid && mutations.every((m) => m.kind === 'config')) {
        const name = getField(cfg.f.name).name;
        assert.ok(r.error.field.startsWith(`start.config.${name}`) || r.error.field === 'exercise', `${r.error.field} for an invalid ${name}`);
      }
      return;
    }
    const n = r.value;
    assert.ok(Object.isFrozen(n));
    assert.deepEqual(JSON.parse(JSON.stringify(n)), n, 'the normalised exercise is JSON data');
    for (const t of [n.instructions, ...n.goal.map((g) => g.feedback), ...n.hints.map((h) => h.text), n.prediction?.question].filter(Boolean)) assertPlainTree(formatText(t));
  });
}

/** Any string or value as an exercise: refused with a TypeError/RangeError, quickly. */
export function exerciseGarbage() {
  return fc.asyncProperty(fc.oneof(fc.anything({ maxDepth: 4 }), fc.string({ maxLength: 300 }), fc.json(), fc.constantFrom('x'.repeat(70000), '['.repeat(5000), '{"a":'.repeat(3000))), async (input) => {
    const r = await outcome(() => checkExercise(input));
    assert.ok(r.error, 'garbage is not an exercise');
  });
}

/** Any text through the formatter: a tree of allowed node kinds and strings, markup characters kept as text. */
export function texts() {
  return fc.asyncProperty(textArb, async (text) => {
    const r = await outcome(() => formatText(text));
    assert.ok(!r.error);
    assertPlainTree(r.value);
    const count = (s, c) => s.split(c).length - 1;
    const joined = r.value.flatMap((b) => (b.type === 'list' ? b.items.flat() : b.children)).map((n) => n.text).join('');
    for (const c of ['<', '>', '&', '"', "'"]) assert.equal(count(joined, c), count(text, c), `${c} kept`);
  });
}

// ---- runs -------------------------------------------------------------------------------------------

/** Submitted runs with random changes, graded with a replay: resolved, or refused with the reason derived from the change. */
export async function runs({ build = 'scalar' } = {}) {
  const gradlab = await createGradLab({ simd: build === 'simd' });
  const exercise = {
    ...exerciseWith(['trainAccuracy >= 0.5', 'sum(hiddenLayers[*].dead) == 0']),
    start: { config: { hidden: [4, 4], numPoints: 100 } }, editable: [{ field: 'learningRate', min: 0.001, max: 1 }, 'activation'],
    prediction: { kind: 'number', question: 'Loss?', measure: 'trainLoss', tolerance: 0.1, min: 0, max: 10 },
  };
  const ex = gradlab.checkExercise(exercise);
  const s = gradlab.createSession(ex.config);
  s.step(30);
  const honest = { ...s.toJSON({ weights: true }), exercise: { id: 'prop', prediction: 0.5, attempts: 1 }, final: s.evaluate() };
  s.dispose();
  const lockedFields = fields.filter((f) => f.name !== 'learningRate' && f.name !== 'activation');
  const change = fc.oneof(
    fc.record({ kind: fc.constant('locked'), f: fc.constantFrom(...lockedFields) }).chain((c) => validValue(c.f).map((value) => ({ ...c, value }))),
    fc.record({ kind: fc.constant('invalid'), f: fc.constantFrom(...fields) }).chain((c) => invalidValue(c.f).map(({ value }) => ({ ...c, value }))),
    fc.record({ kind: fc.constant('figure'), key: fc.constantFrom('trainLoss', 'testLoss', 'trainAccuracy', 'testAccuracy', 'gradNorm', 'epoch'), value: fc.double({ noNaN: true, noDefaultInfinity: true }) }),
    fc.record({ kind: fc.constant('step'), value: fc.oneof(fc.integer({ min: -5, max: 100 }), fc.double(), fc.constantFrom(1e300, '30', null)) }),
    fc.record({ kind: fc.constant('anything'), key: fc.constantFrom('exercise', 'final', 'weights', 'config', 'version', 'format', 'history'), value: fc.anything({ maxDepth: 2 }) }),
    fc.record({ kind: fc.constant('prediction'), value: fc.oneof(fc.double(), fc.string({ maxLength: 5 }), fc.constant(null)) }),
  );
  return fc.asyncProperty(change, fc.boolean(), async (c, asText) => {
    const run = structuredClone(honest);
    if (c.kind === 'locked' || c.kind === 'invalid') run.config[c.f.name] = c.value;
    else if (c.kind === 'figure') run.final[c.key] = c.value;
    else if (c.kind === 'step') run.step = c.value;
    else if (c.kind === 'anything') run[c.key] = c.value;
    else run.exercise.prediction = c.value;
    let input = run;
    if (asText) {
      try {
        input = JSON.stringify(run);
      } catch {
        input = run;
      }
    }
    const r = await outcome(() => gradlab.grade(exercise, input));
    const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
    if (c.kind === 'locked') {
      // A locked field that does not apply to the run (momentum under SGD) changes nothing and may differ.
      const harmless = same(c.value, ex.config[c.f.name]) || (c.value === 0 && ex.config[c.f.name] === 0) || !fieldApplies(c.f.name, run.config);
      if (harmless) assert.ok(!r.error || r.error.field !== `run.config.${c.f.name}` || !String(r.error.message).includes('locked'), r.error?.message);
      else {
        assert.ok(r.error instanceof RangeError, `changing locked ${c.f.name} to ${String(c.value)}: ${r.error?.message ?? 'accepted'}`);
        assert.equal(r.error.field, `run.config.${c.f.name}`);
      }
    }
    if (c.kind === 'invalid' && !asText) assert.ok(r.error && r.error.field.startsWith(`run.config.${c.f.name}`), `${c.f.name}: ${r.error?.message ?? 'accepted'}`);
    if (c.kind === 'figure' && !Object.is(c.value, honest.final[c.key]) && !(c.value === 0 && honest.final[c.key] === 0)) {
      assert.ok(r.error instanceof RangeError && r.error.field === `run.final.${c.key}`, `tampered ${c.key}: ${r.error?.message ?? 'accepted'}`);
    }
    if (!r.error) {
      assert.equal(typeof r.value.passed, 'boolean');
      assert.deepEqual(JSON.parse(JSON.stringify(r.value)), r.value);
    }
  });
}
