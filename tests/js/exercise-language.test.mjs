// The goal-predicate language and the exercise format, without the engine: every predicate
// kind evaluated on hand-made metrics (expected values worked out by hand from the fixture
// below), every syntax, name and type error with its path and column, every format error
// with its path, the size limits, the formatting subset of the texts, and the live checklist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkExercise, checkGoal, checkPredicate, formatText, plainText, configProblems, hintsFor, EXERCISE_LIMITS } from '../../web/src/node.js';
import { throwsWith } from './helpers.mjs';

// Two hidden layers of 8 units and one output unit. Values chosen to be exact in binary.
const LAYERS = [
  { index: 0, role: 'hidden', units: 8, gradZRms: 0.125, actStd: 0.5, actMean: 0.125, dead: 2, inactive: 1, saturated: 0, allZero: false },
  { index: 1, role: 'hidden', units: 8, gradZRms: 0.5, actStd: 1.5, actMean: -0.25, dead: 3, inactive: 0, saturated: 0, allZero: false },
  { index: 2, role: 'output', units: 1, gradZRms: 1, actStd: 0.25, actMean: 0.5, dead: 1, inactive: 0, saturated: 0, allZero: false },
];
const METRICS = {
  step: 1200, epoch: 48, evaluatedStep: 1200, layersStep: 1200, trainLoss: 0.25, testLoss: 0.5, trainAccuracy: 0.9, testAccuracy: 0.85,
  batchLoss: 0.375, gradNorm: 2, learningRate: 0.05, bornDead: false, outputConstant: false, diverged: null, layers: LAYERS,
};
const CONFIG = { hidden: [8, 8], activation: 'relu', learningRate: 0.1 };

/** A valid exercise with the given goal predicates (and overrides). */
function exercise(predicates = ['step >= 0'], over = {}) {
  return {
    format: 'gradlab-exercise', version: 1, id: 'test-exercise', title: 'Test', instructions: 'Do it.',
    start: { config: { hidden: [8, 8] } }, editable: ['activation', 'learningRate'],
    goal: predicates.map((predicate) => ({ predicate, feedback: `failed: ${predicate}` })), limits: { steps: 2000 }, ...over,
  };
}
const check = (predicate, metrics = METRICS, config = CONFIG) => checkGoal(exercise([predicate]), { metrics, config }).checks[0];

test('each predicate kind gives the value worked out by hand', () => {
  const cases = [
    // [predicate, passes, reported value]
    ['testAccuracy >= 0.85', true, 0.85],
    ['testAccuracy > 0.85', false, 0.85],
    ['step <= 2000', true, 1200],
    ['trainLoss < testLoss', true, 0.25],
    // Hidden layers only: 2 + 3 dead; the output layer's dead unit is not counted.
    ['sum(hiddenLayers[*].dead) == 5', true, 5],
    ['sum(layers[*].dead) == 6', true, 6],
    ['sum(hiddenLayers.dead) == 5', true, 5],
    ['sum(hiddenLayers[*].dead) / sum(hiddenLayers[*].units) == 0.3125', true, 0.3125],
    ['output.dead == 1', true, 1],
    ['output.role == "output"', true, 'output'],
    ['layers[2].role == "output" and layers[-1].role == "output" and layers[0].role == "hidden"', true, true],
    ['hiddenLayers[-1].gradZRms / hiddenLayers[0].gradZRms == 4', true, 4],
    ['max(hiddenLayers[*].actStd) == 1.5', true, 1.5],
    ['min(hiddenLayers[*].actStd) == 0.5', true, 0.5],
    ['mean(hiddenLayers[*].actStd) == 1', true, 1],
    ['argmax(hiddenLayers[*].gradZRms) == 1', true, 1],
    ['argmin(layers[*].actStd) == 2', true, 2],
    ['count(hiddenLayers[*].dead > 2) == 1', true, 1],
    ['all(hiddenLayers[*].dead < 4)', true, [2, 3]],
    ['all(layers[*].dead > 1)', false, [2, 3, 1]],
    ['any(hiddenLayers[*].dead == 3)', true, [2, 3]],
    ['len(hidden) == 2 and len(hiddenLayers) == 2 and len(layers) == 3', true, true],
    ['hidden == [8, 8]', true, [8, 8]],
    ['hidden == [8, 8, 8]', false, [8, 8]],
    ['all(hidden[*] == 8)', true, [8, 8]],
    ['sum(hidden) == 16', true, 16],
    ['activation != "relu"', false, 'relu'],
    ['activation in ["relu", "elu"]', true, 'relu'],
    ['activation in ["tanh", "elu"]', false, 'relu'],
    ['not (activation == "tanh")', true, true],
    ['diverged == null', true, null],
    ['bornDead == false', true, false],
    ['not bornDead', true, true],
    // A configuration field wins over the figure of the same name.
    ['learningRate == 0.1', true, 0.1],
    ['metrics.learningRate == 0.05', true, 0.05],
    ['config.learningRate == 0.1 and config.activation == "relu"', true, true],
    ['start.hidden == [8, 8] and start.activation == "tanh"', true, true],
    ['learningRate > start.learningRate', true, 0.1],
    ['max(abs(hiddenLayers[*].actMean)) == 0.25', true, 0.25],
    ['sqrt(16) == 4 and log10(1000) == 3 and abs(-2) == 2', true, true],
    ['len(layers[1:]) == 2 and len(layers[:-1]) == 2 and len(layers[1:2]) == 1', true, true],
    ['all(layers[:-1].role == "hidden")', true, ['hidden', 'hidden']],
    ['1 + 2 * 3 == 7 and (1 + 2) * 3 == 9 and -2 * -3 == 6 and 10 / 4 == 2.5 and 7 - 2 - 1 == 4', true, true],
    ['step >= 1000 && testAccuracy > 0.5 || false', true, true],
    ['!(step < 1000)', true, true],
    ['trainAccuracy >= .9 and trainAccuracy <= 9e-1', true, true],
    ["activation == 'relu'", true, 'relu'],
    // Out-of-range index and division by zero give null, which no comparison passes.
    ['hiddenLayers[5].dead == null', true, null],
    ['1 / 0 == null', true, null],
  ];
  for (const [p, passes, value] of cases) {
    const c = check(p);
    assert.equal(c.passed, passes, `${p} → ${JSON.stringify(c)}`);
    assert.deepEqual(c.value, value, `value of ${p}`);
    assert.equal(c.feedback, passes ? null : `failed: ${p}`);
  }
});

test('null is unknown: comparisons with a missing figure fail, and so does their negation', () => {
  const m = { ...METRICS, trainLoss: null, diverged: { step: 57, cause: 'loss', message: 'loss became NaN at step 57' } };
  for (const p of ['trainLoss < 1', 'not (trainLoss < 1)', 'trainLoss >= 1', 'diverged == null', 'trainLoss + 1 > 0'])
    assert.equal(check(p, m).passed, false, p);
  for (const p of ['trainLoss == null', 'diverged != null', 'diverged.step == 57 and diverged.cause == "loss"', 'trainLoss < 1 or step > 0'])
    assert.equal(check(p, m).passed, true, p);
  // A figure of the wrong kind from a hostile object reads as null rather than being trusted.
  const odd = { ...METRICS, step: '1200', layers: [{ role: 'hidden', dead: '0' }, null, 7] };
  assert.equal(check('step >= 0', odd).passed, false);
  assert.equal(check('sum(hiddenLayers[*].dead) == 0', odd).passed, false);
  assert.equal(check('len(hiddenLayers) == 1', odd).passed, true);
});

test('a check on per-layer figures is pending, not passed, before a diagnostic evaluation', () => {
  const early = { ...METRICS, layers: [] };
  const c = check('sum(hiddenLayers[*].dead) == 0', early);
  assert.equal(c.passed, false);
  assert.equal(c.pending, true);
  assert.equal(c.value, null);
  assert.equal(check('step >= 0', early).pending, undefined);
  assert.equal(check('metrics.output == null', early).pending, true);
});

/** The error thrown by checkExercise for one bad predicate in goal[2]. */
function predicateError(p, E = TypeError) {
  return throwsWith(assert, () => checkExercise(exercise(['step >= 0', 'step >= 0', p])), E, 'goal[2].predicate: ');
}

test('syntax errors name the predicate and the column', () => {
  const e = predicateError('step >= (1000))');
  assert.equal(e.message, "goal[2].predicate: unexpected ')' at column 15");
  assert.equal(e.field, 'goal[2].predicate');
  assert.equal(e.column, 15);
  const cases = [
    ['step >= ', 'unexpected end of predicate at column 9'],
    ['', 'empty predicate at column 1'],
    ['step = 10', "'=' is not an operator (compare with '==') at column 6"],
    ['0 < step < 10', 'comparisons do not chain'],
    ['activation == "relu', 'unterminated string at column 15'],
    ['activation == "re\\lu"', 'unknown escape'],
    ['step >= 1e', 'malformed number'],
    ['step >= 12abc', 'malformed number'],
    ['step # 3', "unexpected character '#' at column 6"],
    ['sum(hiddenLayers[*].dead', "expected ')' but found end of predicate at column 25"],
    ['hiddenLayers[1.5].dead == 0', 'expected a whole number'],
    ['hiddenLayers[x].dead == 0', 'expected a whole number'],
    ['step >= 0 and', 'unexpected end of predicate'],
    ['step.', "expected a name after '.'"],
  ];
  for (const [p, fragment] of cases) {
    const err = predicateError(p);
    assert.ok(err.message.includes(fragment), `${p}: ${err.message}`);
  }
});

test('unknown names, fields, functions and enum values are refused with a "did you mean"', () => {
  const cases = [
    ['testAcuracy >= 0.9', "unknown name 'testAcuracy' at column 1 (did you mean testAccuracy?)"],
    ['summ(hiddenLayers[*].dead) == 0', "unknown function 'summ' at column 1 (did you mean sum?)"],
    ['sum(hiddenLayers[*].ded) == 0', "a layer has no field 'ded' at column 21 (did you mean dead?)"],
    ['activation == "leaky-relu"', "'leaky-relu' is not an activation value"],
    ['activation == "leaky-relu"', '(did you mean leaky_relu?)'],
    ['activation in ["relu", "elus"]', '(did you mean elu?)'],
    ['output.role == "outptu"', 'did you mean output?'],
    ['diverged.caus == "loss"', 'did you mean cause?'],
    ['config.learningrate > 0', 'did you mean learningRate?'],
    // The configuration's `hidden` (widths) is not the hidden layers' figures.
    ['sum(hidden[*].dead) == 0', 'the hidden layers\' figures are hiddenLayers[*].dead'],
    ['output[0].dead == 0', 'output is one layer: write output.dead'],
  ];
  for (const [p, fragment] of cases) {
    const err = predicateError(p);
    assert.ok(err.message.includes(fragment), `${p}: ${err.message}`);
  }
});

test('type errors: each operator and function is given the kind of value it takes', () => {
  const cases = [
    ['hiddenLayers[*].dead == 0', 'wrap it in all(...) or any(...)'],
    ['trainLoss', 'a predicate must give true/false, but this gives a number'],
    ['activation > 3', "'>' compares numbers, not an activation value"],
    ['activation == 3', "'==' cannot compare an activation value with a number"],
    ['sum(trainLoss) == 0', 'sum() takes a list of numbers'],
    ['sum() == 0', 'sum() takes one argument'],
    ['sum(hidden, hidden) == 0', 'sum() takes one argument'],
    ['all(hiddenLayers[*].dead) ', 'all() takes a list of true/false values'],
    ['step and true', "'and' needs true/false, not a number"],
    ['not step', "'not' needs true/false, not a number"],
    ['-activation == 0', "'-' needs a number"],
    ['activation + 1 == 0', "'+' needs numbers"],
    ['step in 3', "'in' needs a list on its right"],
    ['[1, "a"] == [1]', 'a list literal mixes'],
    ['output == layers[0]', 'compare their fields'],
    ['step[0] == 1', 'cannot be indexed'],
    ['step.x == 1', 'has no field'],
    ['hiddenLayers[*].dead > 0 and true', 'wrap it in all(...) or any(...)'],
  ];
  for (const [p, fragment] of cases) {
    const err = predicateError(p);
    assert.ok(err.message.includes(fragment), `${p}: ${err.message}`);
  }
});

test('size limits: predicate length and nesting depth are RangeErrors, so nothing can be made to hang', () => {
  const long = `step >= 0${' and step >= 0'.repeat(60)}`;
  assert.ok(long.length > EXERCISE_LIMITS.predicateLength);
  throwsWith(assert, () => checkExercise(exercise([long])), RangeError, 'goal[0].predicate:', 'too long (allowed at most 500)');
  const deep = `${'('.repeat(40)}step${')'.repeat(40)} >= 0`;
  throwsWith(assert, () => checkExercise(exercise([deep])), RangeError, 'goal[0].predicate: nested more than 32 levels deep');
  throwsWith(assert, () => checkExercise(exercise([`${'not '.repeat(40)}true`])), RangeError, 'nested more than 32');
  throwsWith(assert, () => checkExercise(exercise([`${'- '.repeat(40)}1 == 1`])), RangeError, 'nested more than 32');
  throwsWith(assert, () => checkExercise(exercise([`${'abs('.repeat(40)}1${')'.repeat(40)} == 1`])), RangeError, 'nested more than 32');
  // Within the limits, nesting is fine.
  assert.ok(checkExercise(exercise([`${'('.repeat(20)}step${')'.repeat(20)} >= 0`])));
  assert.throws(() => checkExercise(exercise(Array(33).fill('step >= 0'))), (e) => e instanceof RangeError && e.message === 'goal: 33 entries is too many (allowed at most 32)');
});

test('checkPredicate checks one predicate or measure on its own', () => {
  assert.deepEqual(checkPredicate('sum(hiddenLayers[*].dead) == 0'), { usesLayers: true });
  assert.deepEqual(checkPredicate('testAccuracy > 0.9'), { usesLayers: false });
  assert.deepEqual(checkPredicate('sum(hiddenLayers[*].dead)', { as: 'number' }), { usesLayers: true });
  throwsWith(assert, () => checkPredicate('sum(hiddenLayers[*].dead)'), TypeError, 'predicate: a predicate must give true/false');
  throwsWith(assert, () => checkPredicate('step > 0', { as: 'number', field: 'm' }), TypeError, 'm: a measure must give a number');
});

test('format errors name the path, unknown keys get a "did you mean"', () => {
  const ex = (over) => () => checkExercise(exercise(['step >= 0', 'step >= 0', 'step >= 0'], over));
  const goal = exercise(['step >= 0', 'step >= 0', 'step >= 0']).goal;
  const cases = [
    [{ goal: goal.map((g, i) => (i === 2 ? { ...g, feedback: 3 } : g)) }, TypeError, 'goal[2].feedback: expected text, got 3'],
    [{ goal: goal.map((g, i) => (i === 1 ? { predicate: g.predicate, feeback: 'x' } : g)) }, TypeError, 'goal[1].feeback: unknown key (did you mean feedback?)'],
    [{ goal: goal.map((g, i) => (i === 0 ? { predicate: g.predicate } : g)) }, TypeError, 'goal[0].feedback: is missing'],
    [{ goal: goal.map((g, i) => (i === 0 ? { ...g, predicate: 12 } : g)) }, TypeError, 'goal[0].predicate: expected a predicate as text, got 12'],
    [{ goal: [] }, RangeError, 'goal: needs at least 1 entry'],
    [{ goal: 'x' }, TypeError, 'goal: expected a list, got "x"'],
    [{ titel: 'x' }, TypeError, 'titel: unknown key (did you mean title?)'],
    [{ format: 'gradlab-exercize' }, TypeError, 'format: expected "gradlab-exercise"'],
    [{ version: 2 }, RangeError, 'version: 2 is not a version this checker reads'],
    [{ id: 'Bad Id' }, RangeError, 'id: "Bad Id" is not an id'],
    [{ title: 'two\nlines' }, RangeError, 'title: contains the control character U+000A'],
    [{ instructions: 'bell\u0007' }, RangeError, 'instructions: contains the control character U+0007 at position 5'],
    [{ instructions: 'right\u202eto left' }, RangeError, 'instructions: contains the control character U+202E'],
    [{ instructions: '   ' }, RangeError, 'instructions: is empty'],
    [{ instructions: 'x'.repeat(8001) }, RangeError, 'instructions: 8001 characters is too long (allowed at most 8000)'],
    [{ start: { preset: 'vanishing' } }, RangeError, 'start.preset: "vanishing" is not a preset'],
    [{ start: { preset: 'vanishing' } }, RangeError, '(did you mean vanishing-sigmoid?)'],
    [{ start: { config: { learningRate: 30 } } }, RangeError, 'start.config.learningRate: 30 is out of range (allowed 1e-7 to 10)'],
    [{ start: { config: { learningrate: 0.1 } } }, TypeError, 'start.config.learningrate: unknown field (did you mean learningRate?)'],
    [{ start: { config: { hidden: [8, 0] } } }, RangeError, 'start.config.hidden[1]: 0 is out of range'],
    [{ start: { config: 5 } }, TypeError, 'start.config: expected an object of settings, got 5'],
    [{ start: { presets: 'x' } }, TypeError, 'start.presets: unknown key (did you mean preset?)'],
    [{ editable: ['learningrate'] }, TypeError, 'editable[0]: "learningrate" is not a configuration field (did you mean learningRate?)'],
    [{ editable: ['activation', 'activation'] }, RangeError, 'editable[1]: lists activation twice'],
    [{ editable: [{ field: 'activation', values: ['relu', 'relu6'] }] }, RangeError, 'editable[0].values[1]: "relu6" is not one of'],
    [{ editable: [{ field: 'activation', min: 1 }] }, TypeError, 'editable[0].min: does not apply to activation'],
    [{ editable: [{ field: 'learningRate', min: 1, max: 0.1 }] }, RangeError, 'editable[0].min: 1 is above max 0.1'],
    [{ editable: [{ field: 'learningRate', max: 11 }] }, RangeError, 'editable[0].max: 11 is out of range'],
    [{ editable: [{ field: 'hidden', values: [8] }] }, TypeError, 'editable[0].values: does not apply to hidden'],
    [{ editable: [{ feld: 'hidden' }] }, TypeError, 'editable[0].feld: unknown key (did you mean field?)'],
    [{ hints: [{ after: -1, text: 'x' }] }, RangeError, 'hints[0].after: -1 is not a whole number from 0 to 1000'],
    [{ hints: [{ after: 1 }] }, TypeError, 'hints[0].text: is missing'],
    [{ limits: { steps: 100001 } }, RangeError, 'limits.steps: 100001 is not a whole number from 0 to 100000'],
    [{ limits: { step: 10 } }, TypeError, 'limits.step: unknown key (did you mean steps?)'],
    [{ limits: undefined }, TypeError, 'limits: is missing'],
    [{ prediction: { question: 'q?', tolerance: 1 } }, TypeError, 'prediction.kind: is missing (number or choice)'],
    [{ prediction: { kind: 'numbr', question: 'q?' } }, TypeError, 'prediction.kind: "numbr" is not number or choice (did you mean number?)'],
    [{ prediction: { kind: 'number', question: 'q?', tolerance: 1, answer: 1, measure: 'step' } }, TypeError, 'prediction: needs exactly one of answer'],
    [{ prediction: { kind: 'number', question: 'q?', tolerance: -1, answer: 1 } }, RangeError, 'prediction.tolerance: -1 is out of range'],
    [{ prediction: { kind: 'number', question: 'q?', tolerance: 1, measure: 'step > 1' } }, TypeError, 'prediction.measure: a measure must give a number'],
    [{ prediction: { kind: 'number', question: 'q?', tolerance: 1, answer: 2, min: 0, max: 1 } }, RangeError, 'prediction.answer: 2 is out of range (allowed 0 to 1)'],
    [{ prediction: { kind: 'choice', question: 'q?', choices: [{ id: 'a', text: 'A' }, { id: 'b', text: 'B' }], answer: 'c' } }, RangeError, 'prediction.answer: "c" is not one of the choices (a, b)'],
    [{ prediction: { kind: 'choice', question: 'q?', choices: [{ id: 'a', text: 'A', when: 'step > 0' }, { id: 'b', text: 'B' }] } }, TypeError, 'prediction: needs an answer (a choice id) or a `when` condition on every choice'],
    [{ prediction: { kind: 'choice', question: 'q?', choices: [{ id: 'a', text: 'A' }, { id: 'a', text: 'B' }], answer: 'a' } }, RangeError, 'prediction.choices[1].id: "a" is used twice'],
    [{ prediction: { kind: 'choice', question: 'q?', choices: [{ id: 'a', text: 'A' }], answer: 'a' } }, RangeError, 'prediction.choices: needs at least 2 entries'],
    [{ prediction: { kind: 'choice', question: 'q?', choices: [{ id: 'a', text: 'A', when: 'step' }, { id: 'b', text: 'B', when: 'step < 0' }] } }, TypeError, 'prediction.choices[0].when: a predicate must give true/false'],
  ];
  for (const [over, E, fragment] of cases) {
    const err = throwsWith(assert, ex(over), E, fragment);
    assert.ok(typeof err.field === 'string' && err.message.startsWith(`${err.field}: `), `field ${err.field} of ${err.message}`);
  }
});

test('exercise size limits: bytes, nesting, cycles and bad JSON are refused up front', () => {
  const big = exercise(['step >= 0'], { instructions: 'x'.repeat(70000) });
  throwsWith(assert, () => checkExercise(big), RangeError, 'exercise: is larger than 64 KiB of JSON');
  throwsWith(assert, () => checkExercise(JSON.stringify(big)), RangeError, 'exercise: is larger than 64 KiB of JSON');
  let deep = {};
  for (let i = 0; i < 10; i++) deep = { a: deep };
  throwsWith(assert, () => checkExercise(exercise(['step >= 0'], { start: { config: deep } })), RangeError, 'exercise: is nested more than 8 levels deep');
  const cyclic = exercise();
  cyclic.start.self = cyclic;
  throwsWith(assert, () => checkExercise(cyclic), TypeError, 'exercise: contains a cycle');
  throwsWith(assert, () => checkExercise('{"format": '), TypeError, 'exercise: is not valid JSON');
  throwsWith(assert, () => checkExercise(null), TypeError, 'expected an object, got null');
  throwsWith(assert, () => checkExercise('[1]'), TypeError, 'expected an object, got [1]');
  // An object parsed from JSON can hold a "__proto__" key of its own: refused as unknown.
  throwsWith(assert, () => checkExercise('{"__proto__": {"x": 1}}'), TypeError, '__proto__: unknown key');
});

test('a normalised exercise: defaults filled in, frozen, the starting configuration complete', () => {
  const n = checkExercise(JSON.stringify(exercise(['step >= 0'], { start: { preset: 'dying-relu-high-lr', config: { learningRate: 1 } } })));
  assert.ok(Object.isFrozen(n) && Object.isFrozen(n.goal[0]) && Object.isFrozen(n.config));
  assert.equal(n.config.learningRate, 1, 'start.config over the preset');
  assert.equal(n.config.activation, 'relu', 'from the preset');
  assert.equal(n.config.numPoints, 500, 'the default');
  assert.deepEqual(n.start, { preset: 'dying-relu-high-lr', config: { learningRate: 1 } });
  assert.deepEqual(n.editable, [{ field: 'activation' }, { field: 'learningRate' }]);
  assert.equal(n.prediction, null);
  assert.deepEqual(n.hints, []);
  assert.equal(n.goal[0].label, null);
  assert.equal(checkExercise(n), n, 'checking a normalised exercise again returns it');
  // A copy of a normalised exercise (sent to a worker, saved as JSON) is an exercise again.
  assert.deepEqual(checkExercise(structuredClone(n)), n);
  assert.deepEqual(checkExercise(JSON.stringify(n)), n);
  throwsWith(assert, () => checkExercise({ ...structuredClone(n), config: { ...n.config, seed: 9 } }), RangeError, 'config: is not the starting configuration that start describes');
  throwsWith(assert, () => checkExercise({ ...structuredClone(n), config: { seeed: 9 } }), TypeError, 'config.seeed: unknown field (did you mean seed?)');
  const hinted = checkExercise(exercise(['step >= 0'], { hints: [{ after: 3, text: 'c' }, { after: 1, text: 'a' }, { after: 2, text: 'b' }] }));
  assert.deepEqual(hintsFor(hinted, 0), []);
  assert.deepEqual(hintsFor(hinted, 2), ['a', 'b']);
  assert.deepEqual(hintsFor(hinted, 9), ['a', 'b', 'c']);
  throwsWith(assert, () => hintsFor(hinted, -1), RangeError, 'attempts: -1 is not a whole number from 0 to 1000000');
  throwsWith(assert, () => checkGoal(hinted, { metrics: METRICS, attempts: '2' }), TypeError, 'attempts: expected a whole number, got "2"');
  // a count has no sign (-0 is 0), and a step that is not finite is no step
  assert.ok(Object.is(checkGoal(hinted, { metrics: METRICS, attempts: -0 }).attempts, 0));
  for (const step of [Infinity, NaN]) assert.equal(checkGoal(hinted, { metrics: { ...METRICS, step } }).step, null);
  assert.equal(checkGoal(hinted, { metrics: METRICS }).step, METRICS.step);
  throwsWith(assert, () => checkGoal(hinted, { metric: METRICS }), TypeError, "metric: unknown key of checkGoal's input (did you mean metrics?)");
  throwsWith(assert, () => checkGoal(hinted, null), TypeError, 'input: expected {metrics, config, prediction, attempts}, got null');
  // the configuration's problems are named inside it, as a submitted run's are
  const bad = throwsWith(assert, () => checkGoal(hinted, { metrics: METRICS, config: { learningRate: -1 } }), RangeError, 'config.learningRate: -1 is out of range');
  assert.equal(bad.field, 'config.learningRate');
  const notConfig = throwsWith(assert, () => checkGoal(hinted, { metrics: METRICS, config: 5 }), TypeError, "config: expected the run's configuration, got 5");
  assert.equal(notConfig.field, 'config');
});

test('configProblems: locked fields that changed and editable ones outside their range', () => {
  const ex = checkExercise(exercise(['step >= 0'], { start: { config: { hidden: [8, 8], activation: 'relu' } }, editable: [{ field: 'activation', values: ['relu', 'elu'] }, { field: 'learningRate', min: 0.01, max: 1 }, { field: 'hidden', min: 2, max: 16 }] }));
  const base = { ...ex.config };
  assert.deepEqual(configProblems(ex, base), []);
  assert.deepEqual(configProblems(ex, { ...base, hidden: [16, 2, 4] }), []);
  assert.deepEqual(configProblems(ex, { ...base, activation: 'elu', learningRate: 0.5 }), []);
  const p = configProblems(ex, { ...base, seed: 7, activation: 'tanh', learningRate: 2, hidden: [32] });
  assert.deepEqual(p.map((x) => x.field), ['hidden', 'activation', 'seed', 'learningRate']);
  assert.match(p.find((x) => x.field === 'seed').message, /^is locked in this exercise at 1; the run has 7$/);
  assert.match(p.find((x) => x.field === 'activation').message, /"tanh" is not allowed in this exercise \(allowed relu, elu\)/);
  assert.match(p.find((x) => x.field === 'learningRate').message, /2 is outside this exercise's range \(allowed 0.01 to 1\)/);
  assert.match(p.find((x) => x.field === 'hidden').message, /\[32\] is outside this exercise's range \(allowed 2 to 16\)/);
  // A locked field that does not apply to the configuration changes nothing: momentum under SGD,
  // the leaky slope without leaky_relu. Where it applies, it is locked.
  assert.equal(base.optimizer, 'sgd');
  assert.deepEqual(configProblems(ex, { ...base, momentum: 0.5, leakySlope: 0.3 }), []);
  assert.deepEqual(configProblems(ex, { ...base, optimizer: 'momentum', momentum: 0.5 }).map((x) => x.field), ['optimizer', 'momentum']);
  // a partial configuration is completed with the defaults, as a run's is: only what differs is named
  const partial = configProblems(ex, { hidden: [8, 8], activation: 'relu', learningRate: 2 });
  assert.deepEqual(partial, [{ field: 'learningRate', message: "2 is outside this exercise's range (allowed 0.01 to 1)" }]);
  // the exercise may be given as written; a configuration that is not one is refused by name
  assert.deepEqual(configProblems(exercise(['step >= 0'], { start: { config: { hidden: [8, 8] } } }), { hidden: [8, 8] }), []);
  throwsWith(assert, () => configProblems(ex, null), TypeError, 'config: expected a configuration, got null');
  throwsWith(assert, () => configProblems(ex, { learningRate: 'x' }), TypeError, 'config.learningRate: ');
});

test('predictions: a number within the tolerance, a choice, measured from the figures', () => {
  const numberEx = exercise(['step >= 0'], { prediction: { kind: 'number', question: 'Dead fraction?', measure: 'sum(hiddenLayers[*].dead) / sum(hiddenLayers[*].units)', tolerance: 0.05, min: 0, max: 1, graded: true } });
  // Measured: 5 of 16 = 0.3125.
  const at = (prediction) => checkGoal(numberEx, { metrics: METRICS, config: CONFIG, prediction });
  assert.deepEqual(at(0.35).prediction, { answer: 0.35, correct: true, expected: 0.3125, graded: true });
  assert.equal(at(0.35).passed, true);
  assert.equal(at(0.4).prediction.correct, false);
  assert.equal(at(0.4).passed, false, 'a graded prediction must be correct to pass');
  assert.equal(at(null).prediction.correct, null);
  assert.equal(at(null).passed, false);
  throwsWith(assert, () => at(1.5), RangeError, 'run.exercise.prediction: 1.5 is out of range (allowed 0 to 1)');
  throwsWith(assert, () => at('0.3'), TypeError, 'run.exercise.prediction: expected a number');
  const choiceEx = exercise(['step >= 0'], { prediction: { kind: 'choice', question: 'Smallest gradient?', choices: [
    { id: 'first', text: 'Layer 1', when: 'argmin(hiddenLayers[*].gradZRms) == 0' },
    { id: 'last', text: 'Last hidden layer', when: 'argmin(hiddenLayers[*].gradZRms) == len(hiddenLayers) - 1' },
  ] } });
  const pick = (prediction) => checkGoal(choiceEx, { metrics: METRICS, config: CONFIG, prediction }).prediction;
  assert.deepEqual(pick('first'), { answer: 'first', correct: true, expected: ['first'], graded: false });
  assert.equal(pick('last').correct, false);
  assert.equal(checkGoal(choiceEx, { metrics: METRICS, config: CONFIG, prediction: 'last' }).passed, true, 'an ungraded prediction does not decide');
  throwsWith(assert, () => pick('frist'), RangeError, '"frist" is not one of the choices (first, last) (did you mean first?)');
  throwsWith(assert, () => checkGoal(exercise(), { metrics: METRICS, prediction: 1 }), RangeError, 'run.exercise.prediction: this exercise has no prediction step');
});

test('texts: the formatting subset becomes a tree of strings; markup stays text', () => {
  const tree = formatText('First *para*graph with `code`\nand a second line.\n\n- one *item*\n- two `x < y`\n  continued\n\n<b>bold</b> & *not emphasis * 2 * 3 `unclosed');
  assert.deepEqual(tree, [
    { type: 'paragraph', children: [{ type: 'text', text: 'First ' }, { type: 'emphasis', text: 'para' }, { type: 'text', text: 'graph with ' }, { type: 'code', text: 'code' }, { type: 'text', text: ' and a second line.' }] },
    { type: 'list', items: [[{ type: 'text', text: 'one ' }, { type: 'emphasis', text: 'item' }], [{ type: 'text', text: 'two ' }, { type: 'code', text: 'x < y' }, { type: 'text', text: ' continued' }]] },
    { type: 'paragraph', children: [{ type: 'text', text: '<b>bold</b> & *not emphasis * 2 * 3 `unclosed' }] },
  ]);
  assert.equal(plainText(tree).split('\n\n')[2], '<b>bold</b> & *not emphasis * 2 * 3 `unclosed');
  assert.deepEqual(formatText(''), []);
  throwsWith(assert, () => formatText(3), TypeError, 'text: expected text');
  // A markup-looking instruction is accepted as text, and stays text in the tree.
  const n = checkExercise(exercise(['step >= 0'], { instructions: '<img src=x onerror=alert(1)>' }));
  assert.deepEqual(formatText(n.instructions), [{ type: 'paragraph', children: [{ type: 'text', text: '<img src=x onerror=alert(1)>' }] }]);
});
