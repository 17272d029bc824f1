// The predicate language's semantics at its edges, each value worked out by hand from the
// fixture below: ties (the first of equals wins), missing and wrong-typed figures (null, which
// no comparison passes), three-valued and/or, lists of different lengths, indexes out of range,
// element-wise functions over lists with gaps, and what a check reports as its value; the type
// errors and hints at their edges, each message whole; and which predicates read per-layer
// figures. exercise-language.test.mjs has the ordinary cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkGoal, checkPredicate } from '../../web/src/node.js';

// Two hidden layers of 4 and an output unit. Layer 1's gradZRms is missing; ties in actStd and dead.
const LAYERS = [
  { index: 0, role: 'hidden', units: 4, gradZRms: 0.5, actStd: 2, actMean: -1, dead: 2, inactive: 0, saturated: 1, allZero: false },
  { index: 1, role: 'hidden', units: 4, gradZRms: null, actStd: 2, actMean: -0, dead: 2, inactive: 1, saturated: 0, allZero: true },
  { index: 2, role: 'output', units: 1, gradZRms: 1, actStd: 0.5, actMean: 0.5, dead: 0, inactive: 0, saturated: 0, allZero: false },
];
const METRICS = {
  step: 10, epoch: 1, evaluatedStep: 10, layersStep: 10, trainLoss: null, testLoss: 0.5, trainAccuracy: 0.75, testAccuracy: 0.75,
  batchLoss: 0.5, gradNorm: 1, learningRate: 0.1, bornDead: 'yes', outputConstant: false, diverged: null, layers: LAYERS,
};
const CONFIG = { hidden: [4, 4], activation: 'relu', learningRate: 0.1 };
const exercise = (predicate) => ({
  format: 'gradlab-exercise', version: 1, id: 'semantics', title: 'T', instructions: 'I.',
  start: { config: { hidden: [4, 4] } }, goal: [{ predicate, feedback: 'no' }], limits: { steps: 10 },
});
/** The error checkPredicate throws for p; fails when p is accepted. */
function refusal(p, as = 'boolean') {
  try {
    checkPredicate(p, { as });
  } catch (e) {
    return e;
  }
  assert.fail(`${p} was accepted`);
}
const check = (predicate, metrics = METRICS) => checkGoal(exercise(predicate), { metrics, config: CONFIG }).checks[0];

test('edges of the language, each value worked out by hand', () => {
  const cases = [
    // [predicate, passes, reported value]
    // ties: the first of equals
    ['argmin(hiddenLayers[*].actStd) == 0', true, 0],
    ['argmax(hiddenLayers[*].dead) == 0', true, 0],
    ['argmax(layers[*].actStd) == 0', true, 0],
    ['argmin(layers[*].dead) == 2', true, 2],
    // a list with a gap has no min, max or sum; an empty list has no min either
    ['min(hiddenLayers[*].gradZRms) == null', true, null],
    ['max(layers[*].gradZRms) == null', true, null],
    ['max(layers[2:].gradZRms) == 1', true, 1],
    ['min(layers[3:].dead) == null', true, null],
    ['sum(abs(hiddenLayers[*].gradZRms)) == null', true, null],
    ['sum(sqrt(hiddenLayers[*].dead)) == 2 * sqrt(2)', true, 2 * Math.SQRT2],
    // count and any see only true: false and unknown entries are not counted
    ['count(layers[*].dead > 1) == 2', true, 2],
    ['count(layers[*].gradZRms > 0) == 2', true, 2],
    ['any(layers[*].dead > 5) == false', true, false],
    ['any(layers[*].gradZRms > 0.75)', true, [0.5, null, 1]],
    ['all(layers[*].gradZRms > 0)', false, [0.5, null, 1]],
    // what is not a finite number is null, and so is every sum with it
    ['sqrt(-1) == null and log10(0) == null and abs(-0) == 0', true, true],
    ['-trainLoss == null', true, null],
    ['trainLoss * 2 == null', true, null],
    ['-testLoss == -0.5', true, -0.5],
    // and/or with an unknown side (trainLoss > 1 is unknown): false and anything is false, true or anything is true
    ['(trainLoss > 1 and false) == false', true, false],
    ['(false and trainLoss > 1) == false', true, false],
    ['(trainLoss > 1 and true) == null', true, null],
    ['(true and trainLoss > 1) == null', true, null],
    ['(trainLoss > 1 or true) == true', true, true],
    ['(true or trainLoss > 1) == true', true, true],
    ['(trainLoss > 1 or false) == null', true, null],
    ['(false or trainLoss > 1) == null', true, null],
    ['(false or false) == false and (true and true) == true', true, true],
    // in: nothing is in an empty list; a list on the left asks entry by entry
    ['activation in []', false, 'relu'],
    ['all(layers[*].role in ["hidden"]) == false', true, false],
    ['any(layers[*].role in ["output"])', true, ['hidden', 'hidden', 'output']],
    ['count(layers[*].role in ["hidden", "output"]) == 3', true, 3],
    // lists: equal when every entry is; entry by entry against one value, from either side
    ['[1, 2] == [1, 3]', false, [1, 2]],
    ['[1, 2] != [1, 3]', true, [1, 2]],
    ['hidden == [4]', false, [4, 4]],
    ['all(4 == hidden[*])', true, 4],
    ['all(8 == hidden[*]) == false', true, false],
    ['all(hidden[*] != 4) == false', true, false],
    // two lists are equal when they have the same entries; arithmetic pairs them entry by entry,
    // and lists of different lengths add up to unknown
    ['hiddenLayers[*].dead == layers[:2].dead', true, [2, 2]],
    ['hiddenLayers[*].dead == layers[*].dead', false, [2, 2]],
    ['all(hiddenLayers[*].dead + layers[:2].dead == 4)', true, [4, 4]],
    ['all(hiddenLayers[*].dead + layers[*].dead > 0) == null', true, null],
    // indexes: from the end with -1, nothing outside
    ['layers[3].dead == null and layers[-4].dead == null', true, true],
    ['layers[-3].dead == 2 and layers[2].dead == 0', true, true],
    // a figure of the wrong kind reads as null
    ['bornDead == null', true, null],
    ['layers[1].allZero and not layers[0].allZero', true, true],
    ['metrics.bornDead == null', true, null],
    // -0 is reported as 0
    ['hiddenLayers[1].actMean == 0', true, 0],
  ];
  for (const [p, passes, value] of cases) {
    const c = check(p);
    assert.equal(c.passed, passes, `${p} → ${JSON.stringify(c)}`);
    assert.deepEqual(c.value, value, `value of ${p}`);
  }
});

test('records read from outside: only what has the right shape, reported without nested lists or objects', () => {
  const diverged = { step: -0, cause: 'loss', message: 'loss became NaN at step 0', histogram: [1, 2], extra: { a: 1 }, rate: Infinity };
  const c = check('diverged != null', { ...METRICS, diverged });
  assert.equal(c.passed, true);
  assert.deepEqual(c.value, { step: 0, cause: 'loss', message: 'loss became NaN at step 0', rate: null });
  assert.ok(Object.is(c.value.step, 0), '-0 reported as 0');
  for (const odd of ['x', 5, [1], true]) assert.equal(check('diverged == null', { ...METRICS, diverged: odd }).passed, true, JSON.stringify(odd));
  // a layer that is not an object is no layer; the output is the first layer whose role says so
  const layers = [null, 7, ...LAYERS, { ...LAYERS[2], dead: 9 }];
  assert.equal(check('output.dead == 0 and len(hiddenLayers) == 2 and len(layers) == 6', { ...METRICS, layers }).passed, true);
  assert.equal(check('step == 10', null).passed, false, 'no metrics at all: every figure is unknown');
  assert.equal(check('step == null', 5).passed, true);
});

test('type errors and their hints at the edges, each message whole', () => {
  const ACTIVATIONS = 'linear, sigmoid, tanh, relu, leaky_relu, elu, selu, gelu, swish, mish, softplus';
  const refused = (p, as = 'boolean') => {
    const e = refusal(p, as);
    assert.ok(e instanceof TypeError, p);
    return e.message;
  };
  const cases = [
    ['[output] == 1', 'predicate: a list literal holds numbers, texts or true/false values, not a layer at column 2'],
    ['[hidden] == 1', 'predicate: a list literal holds numbers, texts or true/false values, not a list of numbers at column 2'],
    ['[null] == 1', 'predicate: a list literal cannot hold null at column 2'],
    ['[1, "a"] == 1', 'predicate: a list literal mixes a number and text at column 5'],
    // a text compared with a choice field must be one of its values, on either side and in a list
    ['activation in ["relu", "relu6"]', `predicate: 'relu6' is not an activation value (${ACTIVATIONS}) at column 24 (did you mean relu?)`],
    ['"relu6" == activation', `predicate: 'relu6' is not an activation value (${ACTIVATIONS}) at column 1 (did you mean relu?)`],
    ['activation != "Relu"', `predicate: 'Relu' is not an activation value (${ACTIVATIONS}) at column 15 (did you mean relu?)`],
    // the hints for the two confusions the names invite
    ['hidden.dead > 0', 'predicate: a list of numbers has no field \'dead\' at column 8 (hidden is the configuration\'s list of layer widths; the hidden layers\' figures are hiddenLayers[*].dead)'],
    ['output[0].dead > 0', 'predicate: a layer cannot be indexed with [ ] at column 7 (output is one layer: write output.dead)'],
    ['step[0] > 1', 'predicate: a number cannot be indexed with [ ] at column 5'],
    ['activation + 1 > 0', 'predicate: \'+\' needs numbers (or lists of numbers), not an activation value at column 12 (activation)'],
    ['1 + output.role > 0', 'predicate: \'+\' needs numbers (or lists of numbers), not text at column 3'],
    ['not hiddenLayers[*].allZero', 'predicate: \'not\' needs true/false, but this gives a list of them, one per entry at column 21: wrap it in all(...) or any(...)'],
    // each function's argument, with an example of the kind it takes
    ['sum(activation) > 0', 'predicate: sum() takes a list of numbers, such as hiddenLayers[*].dead, not an activation value at column 1'],
    ['all(step)', 'predicate: all() takes a list of true/false values, such as hiddenLayers[*].dead == 0, not a number at column 1'],
    ['len(step) > 0', 'predicate: len() takes a list, such as hiddenLayers[*].dead, not a number at column 1'],
    ['abs(activation) > 0', 'predicate: abs() takes a number or a list of numbers, not an activation value at column 1'],
    // comparisons: null only with == and !=, records only by their fields, kinds only with their own
    ['step > null', 'predicate: \'>\' compares numbers, not null at column 6'],
    ['output == output', 'predicate: \'==\' cannot compare a layer with a layer; compare their fields at column 8'],
    ['output == 1', 'predicate: \'==\' cannot compare a layer with a number at column 8'],
    ['1 == "a"', 'predicate: \'==\' cannot compare a number with text at column 3'],
    ['true == 1', 'predicate: \'==\' cannot compare true/false with a number at column 6'],
    // what a predicate or a measure must give
    ['step', 'predicate: a predicate must give true/false, but this gives a number at column 1 (compare it, e.g. ... >= 0.9)'],
    ['activation', 'predicate: a predicate must give true/false, but this gives an activation value at column 1'],
    ['hiddenLayers', 'predicate: a predicate must give true/false, but this gives a list of layers at column 1'],
  ];
  for (const [p, message] of cases) assert.equal(refused(p), message, p);
  const measures = [
    ['activation', 'predicate: a measure must give a number, but this gives an activation value at column 1'],
    ['step > 1', 'predicate: a measure must give a number, but this gives true/false at column 6'],
    ['hiddenLayers[*].dead', 'predicate: a measure must give a number, but this gives a list of numbers at column 17 (reduce it with sum, mean, min or max)'],
    ['hiddenLayers[*].dead > 1', 'predicate: a measure must give a number, but this gives a list of true/false values at column 22 (count the true ones with count)'],
    ['hiddenLayers', 'predicate: a measure must give a number, but this gives a list of layers at column 1'],
  ];
  for (const [p, message] of measures) assert.equal(refused(p, 'number'), message, p);
  // accepted: null against anything with ==, texts in a list against a text list
  // (a whole list against null is one true/false, not one per entry)
  for (const p of ['null == null', 'output == null', 'null == output', 'hiddenLayers == null', 'hiddenLayers[*].dead != null', 'null in ["relu"]', '["relu", "tanh"] == layers[*].role', 'activation in ["relu", "tanh"]'])
    assert.doesNotThrow(() => checkPredicate(p), p);
});

test('a predicate reads per-layer figures (and waits for a diagnostic evaluation) exactly when it names layers', () => {
  for (const p of ['len(metrics.layers) > 0', 'metrics.output == null', 'metrics.hiddenLayers[0].dead > 0', 'layers[0].dead > 0', 'output.dead > 0', 'len(hiddenLayers) > 0'])
    assert.equal(checkPredicate(p).usesLayers, true, p);
  for (const p of ['metrics.step > 0', 'step > 0', 'len(hidden) > 0', 'config.activation == "relu"', 'diverged == null'])
    assert.equal(checkPredicate(p).usesLayers, false, p);
});

test('strings: \\\\, \\" and \\\' are the only escapes, and a string ends on its line', () => {
  const message = (p) => refusal(p).message;
  const notActivation = (shown, column) => `predicate: ${shown} is not an activation value (linear, sigmoid, tanh, relu, leaky_relu, elu, selu, gelu, swish, mish, softplus) at column ${column} (did you mean relu?)`;
  assert.equal(message('activation == "re\\"lu"'), notActivation('\'re\\"lu\'', 15));
  assert.equal(message('activation == "re\\\\lu"'), notActivation('\'re\\\\lu\'', 15));
  assert.equal(message("activation == 're\\'lu'"), notActivation('\'re\'lu\'', 15));
  assert.equal(message('activation == "re\\qlu"'), 'predicate: unknown escape \'\\\\q\' in a string at column 18');
  assert.equal(message('activation == "re\nlu"'), 'predicate: unterminated string at column 15');
  assert.equal(message('activation == "relu'), 'predicate: unterminated string at column 15');
  // a backslash at the end of the text or of a line escapes nothing: the string is open
  assert.equal(message('activation == "relu\\'), 'predicate: unterminated string at column 15');
  assert.equal(message('activation == "relu\\\n"'), 'predicate: unterminated string at column 15');
  assert.doesNotThrow(() => checkPredicate('activation == \'relu\' and "leaky_relu" != activation'));
  // what a message quotes is cut with an ellipsis, and an invisible or reordering character is escaped
  assert.equal(message('123456789012345abc > 0'), "predicate: malformed number '123456789012…' at column 1");
  assert.equal(message('trainLoss < 1 \u202e'), "predicate: unexpected character '\\u202e' at column 15");
  // a number runs into a letter: the message shows the number and the first letter
  assert.equal(message('12abc > 0'), 'predicate: malformed number \'12a\' at column 1');
  assert.equal(message('1.5e3x > 0'), 'predicate: malformed number \'1.5e3x\' at column 1');
});
