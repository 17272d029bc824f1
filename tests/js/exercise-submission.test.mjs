// A submitted run checked against its exercise before any replay (web/src/exercise/run.js), in
// process and whole: each refusal of a malformed or refused run read as "Class [field] message",
// every whole number and range at both ends, what configProblems lists, how compareClaims
// counts the claims it compares and names the first that differs, and what submission() keeps
// of the metrics. Runs and metrics are hand-made, so each expectation is worked out from the
// format (docs/exercises.md); one honest run from the engine checks the tables of claimed figures
// and a claim against its replay. exercise-grade.test.mjs grades whole runs and drives the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGradLab, checkExercise, defaults, getField } from '../../web/src/node.js';
import { checkRun, checkAnswer, configProblems, CLAIMED, CLAIMED_LAYER, compareClaims, submission } from '../../web/src/exercise/run.js';
import { thrown } from './helpers.mjs';

const ID = 'test-exercise';
// Two hidden layers of 8 on 20 points and a budget of 100 steps. Editable: the activation and the
// features (from lists), the learning rate and the widths (in a range), the batch size (from a
// list and under a maximum), the initial gain (a minimum only) and l2 (a maximum only).
const exercise = (over = {}) => checkExercise({
  format: 'gradlab-exercise', version: 1, id: ID, title: 'Test', instructions: 'Do it.',
  start: { config: { hidden: [8, 8], numPoints: 20 } },
  editable: [
    { field: 'activation', values: ['tanh', 'relu'] },
    { field: 'learningRate', min: 0.01, max: 0.5 },
    { field: 'hidden', min: 2, max: 16 },
    { field: 'features', values: ['x1', 'x2', 'x1sq'] },
    { field: 'batchSize', values: [10, 20, 50], max: 20 },
    { field: 'initGain', min: 0.5 },
    { field: 'l2', max: 0.1 },
  ],
  goal: [{ predicate: 'step >= 0', feedback: 'run it' }], limits: { steps: 100 }, ...over,
});
const EX = exercise();
const question = { question: 'How many?', tolerance: 0.1, answer: 1 };
const BOUNDED = exercise({ prediction: { kind: 'number', ...question, min: 0, max: 2 } });
const OPEN = exercise({ prediction: { kind: 'number', ...question } });
const CHOICE = exercise({ prediction: { kind: 'choice', question: 'Which way?', choices: [{ id: 'rises', text: 'Rises' }, { id: 'falls', text: 'Falls' }], answer: 'falls' } });

// A run of the starting configuration at step 10 in session.toJSON()'s format, with the smallest
// exercise block; its configuration is partial (the checker completes it with the defaults).
const RUN = Object.freeze({ format: 'gradlab-run', version: 1, config: { hidden: [8, 8], numPoints: 20 }, step: 10, exercise: { id: ID } });
const run = (over = {}) => ({ ...RUN, ...over });
const COMPLETE = { ...defaults(), hidden: [8, 8], numPoints: 20 };
const refusal = (r, ex = EX) => thrown(() => checkRun(ex, r));
const withFinal = (final) => refusal(run({ final }));
const finalOf = (final) => checkRun(EX, run({ final })).final;
// A returned error read the way thrown() reads a thrown one.
function read(e) {
  assert.ok(e, 'expected a mismatch, got none');
  return thrown(() => { throw e; });
}

// The replay's figures at step 10, two layers (testLoss null: the engine's value where not finite).
const LAYERS = [
  { index: 0, role: 'hidden', units: 8, dead: 0, allZero: false },
  { index: 1, role: 'output', units: 1, dead: 0, allZero: true },
];
const METRICS = {
  step: 10, epoch: 1, evaluatedStep: 10, layersStep: 10, trainLoss: 0.5, testLoss: null, trainAccuracy: 0.75, testAccuracy: 0,
  batchLoss: 0.25, gradNorm: 2, learningRate: 0.1, bornDead: false, outputConstant: true, diverged: null, layers: LAYERS,
};
const DIVERGED = { ...METRICS, diverged: { step: 9, cause: 'loss', message: 'the loss is NaN' } };

test('an honest run is returned checked: its id, the complete configuration, step, answer, attempts, claims and weights', () => {
  assert.deepEqual(checkRun(EX, run()), { id: ID, config: COMPLETE, step: 10, prediction: null, attempts: 0, final: null, weights: undefined });
  // every key of the run format at once, `gradlab run --out`'s informational ones included;
  // the weights go through unread (the replay compares them)
  const weights = { layers: [] };
  const full = run({ epoch: 1, weights, final: null, preset: 'circle', build: 'scalar', history: [], exercise: { id: ID, prediction: null, attempts: 3 } });
  const checked = checkRun(EX, full);
  assert.deepEqual(checked, { id: ID, config: COMPLETE, step: 10, prediction: null, attempts: 3, final: null, weights });
  assert.equal(checked.weights, weights);
  // its JSON text reads the same
  assert.deepEqual(checkRun(EX, JSON.stringify(full)), checked);
  // the claims come back as given
  const final = { step: 10, epoch: 1, evaluatedStep: 10, trainLoss: 0.5 };
  assert.equal(checkRun(EX, run({ final })).final, final);
  // the answer comes back checked
  assert.equal(checkRun(BOUNDED, run({ exercise: { id: ID, prediction: 1.5 } })).prediction, 1.5);
});

test('what is not a run: not JSON, too large, not an object, another format or version, unknown and missing keys', () => {
  const notRun = (got) => `TypeError [run] run: expected a run from session.toJSON() (format "gradlab-run"), got ${got}`;
  const cases = [
    [null, notRun('null')],
    [5, notRun('5')],
    ['"gradlab-run"', notRun('"gradlab-run"')],
    [{}, notRun('[object Object]')],
    [run({ format: 'gradlab-rnu' }), notRun('"gradlab-rnu"')],
    // a list is not a run, even one that carries the format (the message shows the list, not
    // the right format as if it were wrong), nor is a long list text too large
    [Object.assign([], { format: 'gradlab-run' }), notRun('[]')],
    [new Array(16 * 1024 * 1024 + 1), notRun('[, , , , , , , , …]')],
    [Object.assign(() => {}, { format: 'gradlab-run' }), notRun('[object Function]')],
    [run({ extra: 1 }), 'TypeError [run.extra] run.extra: unknown key'],
    [run({ finall: {} }), 'TypeError [run.finall] run.finall: unknown key (did you mean final?)'],
    [run({ version: undefined }), 'TypeError [run.version] run.version: is missing'],
    [run({ config: undefined }), 'TypeError [run.config] run.config: is missing'],
    [run({ step: undefined }), 'TypeError [run.step] run.step: is missing'],
    [run({ exercise: undefined }), 'TypeError [run.exercise] run.exercise: is missing'],
    [run({ version: 2 }), 'RangeError [run.version] run.version: 2 is not a run version this checker reads (it reads 1)'],
    [run({ version: '1' }), 'RangeError [run.version] run.version: "1" is not a run version this checker reads (it reads 1)'],
  ];
  for (const [input, message] of cases) assert.equal(refusal(input), message, String(message));
  assert.match(refusal('{"format": "gradlab-run",'), /^TypeError \[run\] run: is not valid JSON \(.+\)$/);
  // 16 MiB of JSON text is read; one character more is refused before it is parsed
  const text = '{"format": "no"}'.padEnd(16 * 1024 * 1024);
  assert.equal(refusal(text), notRun('"no"'));
  assert.equal(refusal(`${text} `), 'RangeError [run] run: is larger than 16 MiB of JSON');
});

test('the exercise block: its keys, the id, the attempts from 0 to a million', () => {
  const block = (exercise) => refusal(run({ exercise }));
  const cases = [
    [null, 'TypeError [run.exercise] run.exercise: expected an object, got null'],
    [{ id: ID, atempts: 2 }, 'TypeError [run.exercise.atempts] run.exercise.atempts: unknown key (did you mean attempts?)'],
    [{ attempts: 2 }, 'TypeError [run.exercise.id] run.exercise.id: is missing'],
    [{ id: 5 }, 'TypeError [run.exercise.id] run.exercise.id: expected the exercise\'s id, got 5'],
    [{ id: 'other' }, 'RangeError [run.exercise.id] run.exercise.id: this is a run of exercise "other", not of "test-exercise"'],
    [{ id: ID, attempts: '2' }, 'TypeError [run.exercise.attempts] run.exercise.attempts: expected a whole number, got "2"'],
    [{ id: ID, attempts: -1 }, 'RangeError [run.exercise.attempts] run.exercise.attempts: -1 is not a whole number from 0 to 1000000'],
    [{ id: ID, attempts: 1.5 }, 'RangeError [run.exercise.attempts] run.exercise.attempts: 1.5 is not a whole number from 0 to 1000000'],
    [{ id: ID, attempts: NaN }, 'RangeError [run.exercise.attempts] run.exercise.attempts: NaN is not a whole number from 0 to 1000000'],
    [{ id: ID, attempts: 1_000_001 }, 'RangeError [run.exercise.attempts] run.exercise.attempts: 1000001 is not a whole number from 0 to 1000000'],
    [{ id: ID, prediction: 0.5 }, 'RangeError [run.exercise.prediction] run.exercise.prediction: this exercise has no prediction step'],
  ];
  for (const [exercise, message] of cases) assert.equal(block(exercise), message, JSON.stringify(exercise));
  for (const attempts of [0, 1_000_000]) assert.equal(checkRun(EX, run({ exercise: { id: ID, attempts } })).attempts, attempts);
  // a count has no sign: -0 comes back as 0
  assert.ok(Object.is(checkRun(EX, run({ exercise: { id: ID, attempts: -0 } })).attempts, 0));
});

test('the step: a whole number, at most the budget (both ends allowed)', () => {
  const whole = (got) => `RangeError [run.step] run.step: ${got} is not a whole number from 0 to 9007199254740991`;
  assert.equal(refusal(run({ step: '10' })), 'TypeError [run.step] run.step: expected a whole number, got "10"');
  assert.equal(refusal(run({ step: -1 })), whole(-1));
  assert.equal(refusal(run({ step: 2.5 })), whole(2.5));
  assert.equal(refusal(run({ step: 2 ** 53 })), whole(9007199254740992));
  // the largest safe integer is a step, over any budget
  assert.equal(refusal(run({ step: 2 ** 53 - 1 })), 'RangeError [run.step] run.step: 9007199254740991 steps is over this exercise\'s budget of 100');
  assert.equal(refusal(run({ step: 101 })), 'RangeError [run.step] run.step: 101 steps is over this exercise\'s budget of 100');
  assert.equal(checkRun(EX, run({ step: 100 })).step, 100);
  assert.equal(checkRun(EX, run({ step: 0 })).step, 0);
  // the run's epoch, when given, is a count too
  assert.equal(refusal(run({ epoch: 'banana' })), 'TypeError [run.epoch] run.epoch: expected a whole number, got "banana"');
  assert.equal(refusal(run({ epoch: -5 })), 'RangeError [run.epoch] run.epoch: -5 is not a whole number from 0 to 9007199254740991');
  assert.equal(checkRun(EX, run({ epoch: 3 })).step, 10);
});

test('the configuration: an object of known, valid fields; a field left out takes its default; the first problem is refused', () => {
  const config = (c) => refusal(run({ config: c }));
  assert.equal(config(null), 'TypeError [run.config] run.config: expected the run\'s configuration, got null');
  assert.equal(config(5), 'TypeError [run.config] run.config: expected the run\'s configuration, got 5');
  assert.equal(config([]), 'TypeError [run.config] run.config: expected the run\'s configuration, got []');
  assert.equal(config({ ...RUN.config, learningrate: 0.1 }), 'TypeError [run.config.learningrate] run.config.learningrate: unknown field (did you mean learningRate?)');
  assert.equal(config({ ...RUN.config, learningRate: 20 }), 'RangeError [run.config.learningRate] run.config.learningRate: 20 is out of range (allowed 1e-7 to 10)');
  assert.equal(config({ ...RUN.config, seed: 7 }), 'RangeError [run.config.seed] run.config.seed: is locked in this exercise at 1; the run has 7');
  // numPoints is locked at 20: left out, it is the default 500
  assert.equal(config({ hidden: [8, 8] }), 'RangeError [run.config.numPoints] run.config.numPoints: is locked in this exercise at 20; the run has 500');
  // two problems: the first in the schema's field order (activation comes before seed)
  assert.equal(config({ ...RUN.config, seed: 7, activation: 'sigmoid' }), 'RangeError [run.config.activation] run.config.activation: "sigmoid" is not allowed in this exercise (allowed tanh, relu)');
});

test('configProblems: each locked field that applies and differs, each editable one outside its values or range', () => {
  const problems = (over, ex = EX) => configProblems(ex, { ...COMPLETE, ...over });
  const locked = (field, start, has) => ({ field, message: `is locked in this exercise at ${start}; the run has ${has}` });
  assert.deepEqual(problems({}), []);
  assert.deepEqual(problems({ seed: 7 }), [locked('seed', 1, 7)]);
  // momentum does nothing under plain SGD, so it may differ; with momentum SGD it is locked too
  assert.deepEqual(problems({ momentum: 0.5 }), []);
  assert.deepEqual(problems({ optimizer: 'momentum', momentum: 0.5 }), [locked('optimizer', '"sgd"', '"momentum"'), locked('momentum', 0.9, 0.5)]);
  // a locked list differs by its length (longer or shorter) or by one entry
  const LOCKED = exercise({ editable: [] });
  assert.deepEqual(problems({}, LOCKED), []);
  assert.deepEqual(problems({ hidden: [8, 8, 8] }, LOCKED), [locked('hidden', '[8,8]', '[8,8,8]')]);
  assert.deepEqual(problems({ hidden: [8] }, LOCKED), [locked('hidden', '[8,8]', '[8]')]);
  assert.deepEqual(problems({ hidden: [8, 9] }, LOCKED), [locked('hidden', '[8,8]', '[8,9]')]);
  assert.deepEqual(problems({ activation: 'relu' }, LOCKED), [locked('activation', '"tanh"', '"relu"')]);

  const notAllowed = (field, v, allowed) => [{ field, message: `${v} is not allowed in this exercise (allowed ${allowed})` }];
  const outside = (field, v, lo, hi) => [{ field, message: `${v} is outside this exercise's range (allowed ${lo} to ${hi})` }];
  assert.deepEqual(problems({ activation: 'relu' }), []);
  assert.deepEqual(problems({ activation: 'sigmoid' }), notAllowed('activation', '"sigmoid"', 'tanh, relu'));
  // every entry of a list field must be allowed
  assert.deepEqual(problems({ features: ['x1', 'x1sq'] }), []);
  assert.deepEqual(problems({ features: ['x1', 'sinx1'] }), notAllowed('features', '[x1,sinx1]', 'x1, x2, x1sq'));
  // a range includes its ends
  assert.deepEqual(problems({ learningRate: 0.01 }), []);
  assert.deepEqual(problems({ learningRate: 0.5 }), []);
  assert.deepEqual(problems({ learningRate: 0.005 }), outside('learningRate', 0.005, 0.01, 0.5));
  assert.deepEqual(problems({ learningRate: 0.6 }), outside('learningRate', 0.6, 0.01, 0.5));
  // ... for each entry of the widths: one outside is enough
  assert.deepEqual(problems({ hidden: [2, 16] }), []);
  assert.deepEqual(problems({ hidden: [8, 17] }), outside('hidden', '[8,17]', 2, 16));
  assert.deepEqual(problems({ hidden: [1, 8] }), outside('hidden', '[1,8]', 2, 16));
  // values and a maximum: a value not listed is one problem (not also the range); a listed one may still be over
  assert.deepEqual(problems({ batchSize: 20 }), []);
  assert.deepEqual(problems({ batchSize: 30 }), notAllowed('batchSize', 30, '10, 20, 50'));
  assert.deepEqual(problems({ batchSize: 50 }), outside('batchSize', 50, '…', 20));
  // one end only: the other is open
  assert.deepEqual(problems({ initGain: 100 }), []);
  assert.deepEqual(problems({ initGain: 0.25 }), outside('initGain', 0.25, 0.5, '…'));
  assert.deepEqual(problems({ l2: 0 }), []);
  assert.deepEqual(problems({ l2: 0.2 }), outside('l2', 0.2, '…', 0.1));
  // every problem is listed, in the schema's field order
  assert.deepEqual(problems({ seed: 7, activation: 'sigmoid', l2: 0.2 }).map((p) => p.field), ['activation', 'seed', 'l2']);
});

test('the answer to a prediction step: none, a number in its range, or one of the choices', () => {
  const answer = (ex, a) => thrown(() => checkAnswer(ex, a));
  const field = 'run.exercise.prediction';
  // not answered, whether or not there is a question
  for (const ex of [EX, BOUNDED, CHOICE]) {
    assert.equal(checkAnswer(ex, undefined), null);
    assert.equal(checkAnswer(ex, null), null);
  }
  assert.equal(answer(EX, 0.5), `RangeError [${field}] ${field}: this exercise has no prediction step`);
  assert.equal(answer(EX, 'rises'), `RangeError [${field}] ${field}: this exercise has no prediction step`);
  // a number from min to max, both included
  assert.equal(answer(BOUNDED, '1'), `TypeError [${field}] ${field}: expected a number, got "1"`);
  assert.equal(answer(BOUNDED, -0.5), `RangeError [${field}] ${field}: -0.5 is out of range (allowed 0 to 2)`);
  assert.equal(answer(BOUNDED, 2.5), `RangeError [${field}] ${field}: 2.5 is out of range (allowed 0 to 2)`);
  assert.equal(answer(BOUNDED, NaN), `RangeError [${field}] ${field}: NaN is out of range (allowed 0 to 2)`);
  assert.equal(checkAnswer(BOUNDED, 0), 0);
  assert.equal(checkAnswer(BOUNDED, 2), 2);
  // -0 is answered as 0 (it would print as 0 but compare apart with Object.is)
  assert.ok(Object.is(checkAnswer(BOUNDED, -0), 0));
  // without bounds: any finite number
  const wide = 'allowed -1.7976931348623157e+308 to 1.7976931348623157e+308';
  assert.equal(answer(OPEN, Infinity), `RangeError [${field}] ${field}: Infinity is out of range (${wide})`);
  assert.equal(answer(OPEN, -Infinity), `RangeError [${field}] ${field}: -Infinity is out of range (${wide})`);
  assert.equal(answer(OPEN, NaN), `RangeError [${field}] ${field}: NaN is out of range (${wide})`);
  assert.equal(checkAnswer(OPEN, -1e308), -1e308);
  assert.equal(checkAnswer(OPEN, 1e308), 1e308);
  // a choice id
  assert.equal(answer(CHOICE, 1), `TypeError [${field}] ${field}: expected a choice id (rises, falls), got 1`);
  assert.equal(answer(CHOICE, 'rise'), `RangeError [${field}] ${field}: "rise" is not one of the choices (rises, falls) (did you mean rises?)`);
  assert.equal(answer(CHOICE, 'sideways'), `RangeError [${field}] ${field}: "sideways" is not one of the choices (rises, falls)`);
  assert.equal(checkAnswer(CHOICE, 'falls'), 'falls');
  // and in a run, the same refusal
  assert.equal(refusal(run({ exercise: { id: ID, prediction: 'up' } }), CHOICE), `RangeError [${field}] ${field}: "up" is not one of the choices (rises, falls)`);
});

test('the claimed figures: an object at the run\'s step, from an evaluation at that step, each of its type', () => {
  const cases = [
    [5, 'TypeError [run.final] run.final: expected an object, got 5'],
    [[], 'TypeError [run.final] run.final: expected an object, got []'],
    [{}, 'TypeError [run.final.step] run.final.step: is missing'],
    [{ step: 10, magic: 1 }, 'TypeError [run.final.magic] run.final.magic: unknown key'],
    [{ step: 10, trainLos: 1 }, 'TypeError [run.final.trainLos] run.final.trainLos: unknown key (did you mean trainLoss?)'],
    [{ step: 9 }, 'RangeError [run.final.step] run.final.step: 9 is not the run\'s step 10 (the figures must describe the run\'s last step)'],
    [{ step: '10' }, 'TypeError [run.final.step] run.final.step: expected the run\'s step 10, got "10"'],
    // one figure beside the step and the epoch is enough to need the evaluation's step
    [{ step: 10, trainLoss: 0.5 }, 'RangeError [run.final.evaluatedStep] run.final.evaluatedStep: undefined: the figures must come from an evaluation at the run\'s step 10'],
    [{ step: 10, evaluatedStep: 9, bornDead: false }, 'RangeError [run.final.evaluatedStep] run.final.evaluatedStep: 9: the figures must come from an evaluation at the run\'s step 10'],
    [{ step: 10, evaluatedStep: 9, diverged: null, testLoss: null }, 'RangeError [run.final.evaluatedStep] run.final.evaluatedStep: 9: the figures must come from an evaluation at the run\'s step 10'],
    [{ step: 10, evaluatedStep: 10, trainLoss: 'low' }, 'TypeError [run.final.trainLoss] run.final.trainLoss: expected a number, got "low"'],
    [{ step: 10, epoch: '1' }, 'TypeError [run.final.epoch] run.final.epoch: expected a number, got "1"'],
    [{ step: 10, evaluatedStep: 10, bornDead: 1 }, 'TypeError [run.final.bornDead] run.final.bornDead: expected true or false, got 1'],
    [{ step: 10, evaluatedStep: 10, outputConstant: 'no' }, 'TypeError [run.final.outputConstant] run.final.outputConstant: expected true or false, got "no"'],
    // the steps of the evaluations are numbers even where they need not be the run's step
    [{ step: 10, epoch: 1, evaluatedStep: 'x' }, 'TypeError [run.final.evaluatedStep] run.final.evaluatedStep: expected a number, got "x"'],
    [{ step: 10, layersStep: {} }, 'TypeError [run.final.layersStep] run.final.layersStep: expected a number, got [object Object]'],
    // a run has null where a figure is not finite: a non-finite number was not made by a run
    [{ step: 10, evaluatedStep: 10, trainLoss: NaN }, 'RangeError [run.final.trainLoss] run.final.trainLoss: NaN is not a finite number (a run has null where a figure is not finite)'],
    [{ step: 10, evaluatedStep: 10, testLoss: -Infinity }, 'RangeError [run.final.testLoss] run.final.testLoss: -Infinity is not a finite number (a run has null where a figure is not finite)'],
    [{ step: 10, epoch: Infinity }, 'RangeError [run.final.epoch] run.final.epoch: Infinity is not a finite number (a run has null where a figure is not finite)'],
  ];
  for (const [final, message] of cases) assert.equal(withFinal(final), message, JSON.stringify(final));
  // null figures (not finite in the engine) are accepted, of either type
  const nulls = { step: 10, epoch: null, evaluatedStep: 10, trainLoss: null, bornDead: null };
  assert.deepEqual(finalOf(nulls), nulls);
  // the step and the epoch alone are no evaluation's figures (what submission() sends for stale metrics)
  assert.deepEqual(finalOf({ step: 10, epoch: 1 }), { step: 10, epoch: 1 });
  assert.deepEqual(finalOf({ step: 10, epoch: 1, evaluatedStep: 3, diverged: null }), { step: 10, epoch: 1, evaluatedStep: 3, diverged: null });
  // every figure of the metrics at once
  const { layers, ...figures } = METRICS;
  assert.deepEqual(finalOf(figures), figures);
  assert.equal(checkRun(EX, run({ final: null })).final, null);
});

test('a claimed divergence: a record with a step up to the run\'s; its stale figures need no evaluation at the step, but keep their types', () => {
  const diverged = (d, more = {}) => withFinal({ step: 10, diverged: d, ...more });
  assert.equal(diverged(5), 'TypeError [run.final.diverged] run.final.diverged: expected an object, got 5');
  assert.equal(diverged({ step: 4 }), 'TypeError [run.final.diverged.cause] run.final.diverged.cause: is missing');
  assert.equal(diverged({ cause: 'loss' }), 'TypeError [run.final.diverged.step] run.final.diverged.step: is missing');
  assert.equal(diverged({ step: 4, cause: 'loss', reason: 'x' }), 'TypeError [run.final.diverged.reason] run.final.diverged.reason: unknown key');
  assert.equal(diverged({ step: '4', cause: 'loss' }), 'TypeError [run.final.diverged.step] run.final.diverged.step: expected a whole number, got "4"');
  assert.equal(diverged({ step: 11, cause: 'loss' }), 'RangeError [run.final.diverged.step] run.final.diverged.step: 11 is not a whole number from 0 to 10');
  assert.equal(diverged({ step: 4, cause: 'loss' }, { trainLoss: 'x' }), 'TypeError [run.final.trainLoss] run.final.trainLoss: expected a number, got "x"');
  // the cause and the message are text (a Symbol once crashed the comparison that quotes them)
  assert.equal(diverged({ step: 4, cause: 5 }), 'TypeError [run.final.diverged.cause] run.final.diverged.cause: expected text, got 5');
  assert.equal(diverged({ step: 4, cause: Symbol('loss') }), 'TypeError [run.final.diverged.cause] run.final.diverged.cause: expected text, got [object Symbol]');
  assert.equal(diverged({ step: 4, cause: 'loss', message: {} }), 'TypeError [run.final.diverged.message] run.final.diverged.message: expected text, got [object Object]');
  const stale = { step: 10, evaluatedStep: 3, trainLoss: 0.5, diverged: { step: 10, cause: 'loss', message: 'the loss is NaN' }, layers: [{ dead: 1 }] };
  assert.deepEqual(finalOf(stale), stale);
  assert.deepEqual(finalOf({ step: 10, diverged: { step: 0, cause: 'weights' } }), { step: 10, diverged: { step: 0, cause: 'weights' } });
});

test('claimed layers: a list no longer than the deepest network, from a diagnostic evaluation at the step, each entry of its types', () => {
  const at10 = (layers, more = {}) => withFinal({ step: 10, evaluatedStep: 10, layersStep: 10, layers, ...more });
  assert.equal(at10('x'), 'TypeError [run.final.layers] run.final.layers: expected a list, got "x"');
  // null, as for every other figure, is "not given": nothing to check or compare
  assert.deepEqual(finalOf({ step: 10, layers: null }), { step: 10, layers: null });
  assert.deepEqual(compareClaims({ step: 10, layers: null }, { step: 10, layers: LAYERS }), { compared: 1, mismatch: null });
  // the engine's deepest network: 64 hidden layers and the output
  assert.equal(getField('hidden').maxLength, 64);
  const deepest = Array.from({ length: 65 }, () => ({}));
  assert.equal(finalOf({ step: 10, layersStep: 10, layers: deepest }).layers, deepest);
  assert.equal(at10([...deepest, {}]), 'RangeError [run.final.layers] run.final.layers: 66 layers is more than a network has (at most 64 hidden layers and the output)');
  const stale = (got) => `RangeError [run.final.layersStep] run.final.layersStep: ${got}: the per-layer figures must come from a diagnostic evaluation at the run's step 10`;
  assert.equal(at10([{}], { layersStep: 9 }), stale(9));
  assert.equal(at10([{}], { layersStep: undefined }), stale('undefined'));
  // no layers claimed: layersStep is not read
  assert.deepEqual(finalOf({ step: 10, layersStep: 9, layers: [] }), { step: 10, layersStep: 9, layers: [] });
  assert.equal(at10([5]), 'TypeError [run.final.layers[0]] run.final.layers[0]: expected an object, got 5');
  // a hole in a sparse list (in-process only: JSON has none) is a layer that is not an object
  assert.equal(at10([, {}, {}]), 'TypeError [run.final.layers[0]] run.final.layers[0]: expected an object, got undefined'); // eslint-disable-line no-sparse-arrays
  assert.equal(at10([{ dead: NaN }]), 'RangeError [run.final.layers[0].dead] run.final.layers[0].dead: NaN is not a finite number (a run has null where a figure is not finite)');
  assert.equal(at10([{}, { ded: 1 }]), 'TypeError [run.final.layers[1].ded] run.final.layers[1].ded: unknown key (did you mean dead?)');
  assert.equal(at10([{}, { dead: '0' }]), 'TypeError [run.final.layers[1].dead] run.final.layers[1].dead: expected a number, got "0"');
  assert.equal(at10([{ role: 1 }]), 'TypeError [run.final.layers[0].role] run.final.layers[0].role: expected text, got 1');
  assert.equal(at10([{ allZero: 0 }]), 'TypeError [run.final.layers[0].allZero] run.final.layers[0].allZero: expected true or false, got 0');
  // histograms are allowed (not compared); null figures too
  const layers = [{ ...LAYERS[0], histograms: { pre: [1] } }, { index: 1, role: null, dead: null, allZero: null }];
  assert.equal(finalOf({ step: 10, layersStep: 10, layers }).layers, layers);
});

test('compareClaims: each claimed figure against the replay\'s, exactly, counting those compared; the first that differs is named', () => {
  const claim = (final, m = METRICS) => compareClaims(final, m);
  const differs = (final, compared, path, claimed, actual, m = METRICS) => {
    const r = claim(final, m);
    assert.equal(r.compared, compared, `${path}: compared before it`);
    assert.equal(read(r.mismatch), `RangeError [run.final.${path}] run.final.${path}: the run claims ${claimed} but replaying it gives ${actual} (the run was changed after it was made, or it is not this configuration's run)`);
  };
  assert.deepEqual(claim(null), { compared: 0, mismatch: null });
  assert.deepEqual(claim({ step: 10 }), { compared: 1, mismatch: null });
  // the whole evaluation: 11 figures, the divergence record, 5 figures of each of 2 layers
  assert.deepEqual(claim(METRICS), { compared: 11 + 1 + 10, mismatch: null });
  // -0 and 0 are the same figure; null matches null
  assert.deepEqual(claim({ step: 10, testAccuracy: -0, testLoss: null }), { compared: 3, mismatch: null });
  differs({ step: 10, testAccuracy: 0.5 }, 1, 'testAccuracy', 0.5, 0);
  differs({ step: 10, trainLoss: 0 }, 1, 'trainLoss', 0, 0.5);
  differs({ step: 10, trainLoss: null }, 1, 'trainLoss', 'null', 0.5);
  differs({ step: 10, testLoss: NaN }, 1, 'testLoss', 'NaN', 'null');
  differs({ step: 10, epoch: 1, bornDead: true }, 2, 'bornDead', true, false);
  differs({ step: 11 }, 0, 'step', 11, 10);

  // the divergence record: both null, or the same step and cause
  assert.deepEqual(claim({ step: 10, diverged: null }), { compared: 2, mismatch: null });
  differs({ step: 10, diverged: { step: 9, cause: 'loss' } }, 1, 'diverged', '"loss at step 9"', 'null');
  differs({ step: 10, diverged: null }, 1, 'diverged', 'null', '"loss at step 9"', DIVERGED);
  differs({ step: 10, diverged: { step: 9, cause: 'weights' } }, 1, 'diverged', '"weights at step 9"', '"loss at step 9"', DIVERGED);
  differs({ step: 10, diverged: { step: 8, cause: 'loss' } }, 1, 'diverged', '"loss at step 8"', '"loss at step 9"', DIVERGED);
  // after a divergence only the step, the epoch and the record are compared: the rest is stale
  const stale = { step: 10, epoch: 1, trainLoss: 99, diverged: { step: 9, cause: 'loss' }, layers: [{ dead: 99 }] };
  assert.deepEqual(claim(stale, DIVERGED), { compared: 3, mismatch: null });
  differs({ ...stale, epoch: 2 }, 1, 'epoch', 2, 1, DIVERGED);

  // layers: as many as the replay's, then each figure claimed
  assert.deepEqual(claim({ step: 10, layers: [] }), { compared: 1, mismatch: null });
  differs({ step: 10, layers: [LAYERS[0]] }, 1, 'layers', '"1 layer"', '"2 layers"');
  differs({ step: 10, layers: [{ dead: -0 }, { units: 1, dead: 1 }] }, 3, 'layers[1].dead', 1, 0);
  differs({ step: 10, layers: [{ role: 'output' }, {}] }, 1, 'layers[0].role', '"output"', '"hidden"');
  differs({ layers: [{}, { allZero: null }] }, 0, 'layers[1].allZero', 'null', true);
});

test('submission(): the run with its exercise block, and as claims only the metrics of an evaluation at its step', () => {
  const metrics = (over = {}) => ({ ...METRICS, layers: LAYERS.map((l) => ({ ...l, histograms: { pre: [1, 2] } })), ...over });
  const sub = (options, r = run()) => submission(EX, r, options);
  const { layers, ...figures } = METRICS;
  assert.deepEqual(sub(), { ...RUN, exercise: { id: ID, prediction: null, attempts: 0 } });
  assert.deepEqual(sub({ attempts: 2, prediction: null }).exercise, { id: ID, prediction: null, attempts: 2 });
  assert.deepEqual(submission(BOUNDED, run(), { prediction: 1.5 }).exercise, { id: ID, prediction: 1.5, attempts: 0 });
  // the exercise block is the exercise's, whatever the run held
  assert.deepEqual(sub({}, run({ exercise: { id: 'other' } })).exercise, { id: ID, prediction: null, attempts: 0 });
  // evaluated at the step, with its layers: everything but the histograms
  assert.deepEqual(sub({ metrics: metrics() }).final, { ...figures, layers: LAYERS });
  // layers from an earlier diagnostic evaluation, none, or no list: no layers and no layersStep
  const { layersStep, ...noLayers } = figures;
  assert.deepEqual(sub({ metrics: metrics({ layersStep: 9 }) }).final, noLayers);
  assert.deepEqual(sub({ metrics: metrics({ layers: [] }) }).final, noLayers);
  assert.deepEqual(sub({ metrics: figures }).final, noLayers);
  // figures from an earlier evaluation, or of a diverged run: only the step, the epoch and the divergence
  assert.deepEqual(sub({ metrics: metrics({ evaluatedStep: 9 }) }).final, { step: 10, epoch: 1, diverged: null });
  assert.deepEqual(sub({ metrics: { step: 10, epoch: 1, evaluatedStep: null } }).final, { step: 10, epoch: 1, diverged: null });
  assert.deepEqual(sub({ metrics: metrics({ diverged: DIVERGED.diverged }) }).final, { step: 10, epoch: 1, diverged: DIVERGED.diverged });
  // the run given is not changed
  const given = run();
  sub({ metrics: metrics() }, given);
  assert.deepEqual(given, run());
  // refusals: not a run, metrics of another step, and whatever the grader refuses
  assert.equal(thrown(() => sub({}, null)), 'TypeError [run] run: expected a run from session.toJSON(), got null');
  assert.equal(thrown(() => sub({}, '{}')), 'TypeError [run] run: expected a run from session.toJSON(), got "{}"');
  assert.equal(thrown(() => sub({}, Object.assign(() => {}, RUN))), 'TypeError [run] run: expected a run from session.toJSON(), got [object Function]');
  assert.equal(thrown(() => sub({}, run({ format: 'gradlab-rnu' }))), 'TypeError [run] run: expected a run from session.toJSON(), got [object Object]');
  assert.equal(thrown(() => sub({ metrics: metrics({ step: 9 }) })), 'RangeError [metrics.step] metrics.step: 9 is not the run\'s step 10');
  assert.equal(thrown(() => sub({}, run({ config: { ...RUN.config, seed: 7 } }))), 'RangeError [run.config.seed] run.config.seed: is locked in this exercise at 1; the run has 7');
  assert.equal(thrown(() => sub({ metrics: metrics({ trainLoss: 'low' }) })), 'TypeError [run.final.trainLoss] run.final.trainLoss: expected a number, got "low"');
  assert.equal(thrown(() => submission(BOUNDED, run(), { prediction: 3 })), 'RangeError [run.exercise.prediction] run.exercise.prediction: 3 is out of range (allowed 0 to 2)');
  // its own options, refused by name rather than by the crash of reading them
  assert.equal(thrown(() => sub(null)), 'TypeError [options] options: expected an object of options (metrics, prediction, attempts), got null');
  assert.equal(thrown(() => sub({ metric: {} })), 'TypeError [options.metric] options.metric: unknown option (did you mean metrics?)');
  assert.equal(thrown(() => sub({ metrics: 5 })), 'TypeError [metrics] metrics: expected the metrics of session.evaluate(), got 5');
  assert.equal(thrown(() => sub({ metrics: [] })), 'TypeError [metrics] metrics: expected the metrics of session.evaluate(), got []');
  for (const bad of [null, 'abc', { length: 1 }]) assert.equal(thrown(() => sub({ metrics: metrics({ layers: bad }) })), `TypeError [metrics.layers] metrics.layers: expected a list, got ${bad === null ? 'null' : bad === 'abc' ? '"abc"' : '[object Object]'}`);
  assert.equal(thrown(() => sub({ metrics: metrics({ layers: [LAYERS[0], null] }) })), 'TypeError [metrics.layers[1]] metrics.layers[1]: expected an object, got null');
});

test('an honest run of the engine: the claimed figures are its metrics\' and each equals the replay\'s', async () => {
  // the figures docs/exercises.md names, without evaluatedStep, layersStep and diverged (compared apart)
  const FIGURES = ['step', 'epoch', 'trainLoss', 'testLoss', 'trainAccuracy', 'testAccuracy', 'batchLoss', 'gradNorm', 'learningRate', 'bornDead', 'outputConstant'];
  const LAYER_FIGURES = ['index', 'role', 'units', 'gradWNorm', 'gradBNorm', 'gradZRms', 'weightNorm', 'biasNorm', 'updateRatio', 'preMean', 'preStd', 'actMean', 'actStd', 'dead', 'inactive', 'saturated', 'allZero'];
  assert.deepEqual(CLAIMED, FIGURES);
  assert.deepEqual(CLAIMED_LAYER, LAYER_FIGURES);
  assert.ok(Object.isFrozen(CLAIMED) && Object.isFrozen(CLAIMED_LAYER));
  const gradlab = await createGradLab();
  const trained = () => {
    const s = gradlab.createSession(COMPLETE);
    s.step(10);
    return s;
  };
  const [s, replay] = [trained(), trained()];
  try {
    const m = s.evaluate({ diagnostics: true });
    // and they are the engine's
    assert.deepEqual(Object.keys(m).filter((k) => !['evaluatedStep', 'layersStep', 'diverged', 'layers'].includes(k)), FIGURES);
    assert.deepEqual(Object.keys(m.layers[0]), [...LAYER_FIGURES, 'histograms']);
    const sent = JSON.parse(JSON.stringify(submission(EX, s.toJSON(), { metrics: m, attempts: 1 })));
    const checked = checkRun(EX, sent);
    assert.deepEqual(checked, { id: ID, config: COMPLETE, step: 10, prediction: null, attempts: 1, final: sent.final, weights: undefined });
    assert.equal(sent.final.layers.length, 3);
    const r = replay.evaluate({ diagnostics: true });
    // 11 figures, the divergence record, 17 figures of each of the 3 layers
    assert.deepEqual(compareClaims(checked.final, r), { compared: 11 + 1 + 3 * 17, mismatch: null });
    // a layer left out, a figure the engine never gives (not finite): refused by the comparison
    const short = { ...checked.final, layers: checked.final.layers.slice(1) };
    assert.equal(read(compareClaims(short, r).mismatch).split(' (')[0], 'RangeError [run.final.layers] run.final.layers: the run claims "2 layers" but replaying it gives "3 layers"');
    const infinite = { ...checked.final, trainLoss: Infinity };
    assert.equal(read(compareClaims(infinite, r).mismatch).split(' (')[0], `RangeError [run.final.trainLoss] run.final.trainLoss: the run claims Infinity but replaying it gives ${r.trainLoss}`);
  } finally {
    s.dispose();
    replay.dispose();
  }
});
