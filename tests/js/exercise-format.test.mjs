// What an exercise author reads when a file is wrong, whole: the prediction step's refusals,
// the shared checks (lists, whole and finite numbers, true/false, unknown keys) at their limits,
// the phrase each kind of value has in a predicate's type errors, and the formatting subset of
// the texts at its edges (line ends, bullets, unclosed markers). exercise-language.test.mjs
// holds the language's own semantics and most format paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkExercise, checkPredicate, formatText, plainText, EXERCISE_LIMITS as L } from '../../web/src/node.js';
import { thrown } from './helpers.mjs';

const exercise = (over = {}) => ({
  format: 'gradlab-exercise', version: 1, id: 'test-exercise', title: 'Test', instructions: 'Do it.',
  start: { config: { hidden: [8, 8] } }, editable: ['activation'], goal: [{ predicate: 'step >= 0', feedback: 'run it' }], limits: { steps: 100 }, ...over,
});
const refusal = (over) => thrown(() => checkExercise(exercise(over)));
const number = (p) => ({ prediction: { kind: 'number', question: 'How many?', tolerance: 0.1, ...p } });
const choices = (list, p = {}) => ({ prediction: { kind: 'choice', question: 'Which?', choices: list, ...p } });
const AB = [{ id: 'a', text: 'A' }, { id: 'b', text: 'B' }];

test('the prediction step: each refusal whole, named by its path', () => {
  const cases = [
    [{ prediction: 5 }, 'TypeError [prediction] prediction: expected an object or null, got 5'],
    [{ prediction: [] }, 'TypeError [prediction] prediction: expected an object or null, got []'],
    [{ prediction: { kind: 'numbr' } }, 'TypeError [prediction.kind] prediction.kind: "numbr" is not number or choice (did you mean number?)'],
    [{ prediction: { kind: 'choise' } }, 'TypeError [prediction.kind] prediction.kind: "choise" is not number or choice (did you mean choice?)'],
    [number({ answer: 1, extra: 1 }), 'TypeError [prediction.extra] prediction.extra: unknown key'],
    [number({ answer: 1, choices: AB }), 'TypeError [prediction.choices] prediction.choices: unknown key'],
    [number({ answer: 1, question: undefined }), 'TypeError [prediction.question] prediction.question: is missing'],
    [number({ answer: 1, tolerance: undefined }), 'TypeError [prediction.tolerance] prediction.tolerance: is missing'],
    [number({ answer: 1, question: 7 }), 'TypeError [prediction.question] prediction.question: expected text, got 7'],
    [number({ answer: 1, graded: 'yes' }), 'TypeError [prediction.graded] prediction.graded: expected true or false, got "yes"'],
    [number({ answer: 1, tolerance: '0.1' }), 'TypeError [prediction.tolerance] prediction.tolerance: expected a number, got "0.1"'],
    [number({ answer: 1, tolerance: Infinity }), `RangeError [prediction.tolerance] prediction.tolerance: Infinity is out of range (allowed 0 to ${Number.MAX_VALUE})`],
    [number({ answer: 1, min: 'a' }), 'TypeError [prediction.min] prediction.min: expected a number, got "a"'],
    [number({ answer: 1, max: NaN }), `RangeError [prediction.max] prediction.max: NaN is out of range (allowed ${-Number.MAX_VALUE} to ${Number.MAX_VALUE})`],
    [number({ answer: 1, min: 1, max: 1 }), 'RangeError [prediction.min] prediction.min: 1 is not below max 1'],
    [number({ answer: 1, min: 2, max: 1 }), 'RangeError [prediction.min] prediction.min: 2 is not below max 1'],
    [number({ answer: -1, min: 0 }), `RangeError [prediction.answer] prediction.answer: -1 is out of range (allowed 0 to ${Number.MAX_VALUE})`],
    [number({ answer: 0.5, min: 1 }), `RangeError [prediction.answer] prediction.answer: 0.5 is out of range (allowed 1 to ${Number.MAX_VALUE})`],
    [number({ answer: 3, max: 2 }), `RangeError [prediction.answer] prediction.answer: 3 is out of range (allowed ${-Number.MAX_VALUE} to 2)`],
    [number({ measure: 5 }), 'TypeError [prediction.measure] prediction.measure: expected an expression as text, got 5'],
    [choices(AB, { tolerance: 1, answer: 'a' }), 'TypeError [prediction.tolerance] prediction.tolerance: unknown key'],
    [choices(undefined, { answer: 'a' }), 'TypeError [prediction.choices] prediction.choices: is missing'],
    [choices(AB, { answer: 'a', graded: 1 }), 'TypeError [prediction.graded] prediction.graded: expected true or false, got 1'],
    [choices(AB, { answer: 'a', question: '' }), 'RangeError [prediction.question] prediction.question: is empty'],
    [choices([{ id: 'a', text: 'A', why: 'x' }, AB[1]], { answer: 'a' }), 'TypeError [prediction.choices[0].why] prediction.choices[0].why: unknown key (did you mean when?)'],
    [choices([AB[0], { id: 'b' }], { answer: 'a' }), 'TypeError [prediction.choices[1].text] prediction.choices[1].text: is missing'],
    [choices([AB[0], { id: 2, text: 'B' }], { answer: 'a' }), 'TypeError [prediction.choices[1].id] prediction.choices[1].id: expected text, got 2'],
    [choices([AB[0], { id: 'B c', text: 'B' }], { answer: 'a' }), 'RangeError [prediction.choices[1].id] prediction.choices[1].id: "B c" is not an id: lower-case letters, digits and \'-\''],
    [choices([AB[0], { id: 'b', text: 'two\nlines' }], { answer: 'a' }), 'RangeError [prediction.choices[1].text] prediction.choices[1].text: contains the control character U+000A at position 4 (plain text only, one line)'],
    [choices([AB[0], { id: 'b', text: 'B', when: true }], { answer: 'a' }), 'TypeError [prediction.choices[1].when] prediction.choices[1].when: expected a predicate as text, got true'],
    [choices([{ ...AB[0], when: 'step > 0' }, { ...AB[1], when: 'step <= 0' }], { answer: 'a' }), 'TypeError [prediction.answer] prediction.answer: give either a fixed answer or a `when` condition on every choice, not both'],
    [choices(AB, { answer: 1 }), 'TypeError [prediction.answer] prediction.answer: expected a choice id, got 1'],
    [choices(AB, { answer: 'c' }), 'RangeError [prediction.answer] prediction.answer: "c" is not one of the choices (a, b) (did you mean a?)'],
    [choices(AB), 'TypeError [prediction] prediction: needs an answer (a choice id) or a `when` condition on every choice'],
    [choices(Array.from({ length: L.choices + 1 }, (_, i) => ({ id: `c${i}`, text: 'C' })), { answer: 'c0' }), `RangeError [prediction.choices] prediction.choices: ${L.choices + 1} entries is too many (allowed at most ${L.choices})`],
  ];
  for (const [over, message] of cases) assert.equal(refusal(over), message, JSON.stringify(over).slice(0, 100));
  // what is accepted, normalised
  const n = (over) => checkExercise(exercise(over)).prediction;
  assert.deepEqual({ ...n(number({ answer: 1 })) }, { kind: 'number', question: 'How many?', graded: false, tolerance: 0.1, answer: 1 });
  assert.deepEqual({ ...n(number({ answer: 1, min: 1, max: 2, graded: true, tolerance: 0 })) }, { kind: 'number', question: 'How many?', graded: true, tolerance: 0, min: 1, max: 2, answer: 1 });
  assert.equal(n(number({ answer: 1, min: 0, max: 1 })).answer, 1, 'the ends are allowed answers');
  assert.equal(n(number({ answer: 0, min: 0, max: 1 })).answer, 0);
  assert.deepEqual({ ...n(number({ measure: 'step' })) }, { kind: 'number', question: 'How many?', graded: false, tolerance: 0.1, measure: 'step' });
  const c = n(choices(Array.from({ length: L.choices }, (_, i) => ({ id: `c${i}`, text: 'C' })), { answer: 'c3', graded: true }));
  assert.equal(c.choices.length, L.choices);
  assert.equal(c.answer, 'c3');
  assert.equal(c.graded, true);
  assert.equal(n(choices([{ ...AB[0], when: 'step > 0' }, { ...AB[1], when: 'step <= 0' }])).choices[1].when, 'step <= 0');
});

test('the shared checks at their limits: whole numbers, lists, unknown keys, a path in front of the engine\'s field', () => {
  // whole numbers: the type, then the range, both ends included
  assert.equal(refusal({ limits: { steps: '5' } }), 'TypeError [limits.steps] limits.steps: expected a whole number, got "5"');
  assert.equal(refusal({ limits: { steps: 1.5 } }), `RangeError [limits.steps] limits.steps: 1.5 is not a whole number from 0 to ${L.steps}`);
  assert.equal(refusal({ limits: { steps: L.steps + 1 } }), `RangeError [limits.steps] limits.steps: ${L.steps + 1} is not a whole number from 0 to ${L.steps}`);
  assert.equal(checkExercise(exercise({ limits: { steps: L.steps } })).limits.steps, L.steps);
  assert.equal(checkExercise(exercise({ limits: { steps: 0 } })).limits.steps, 0);
  // lists: at most the limit
  const hints = (n) => ({ hints: Array.from({ length: n }, (_, i) => ({ after: i, text: 'try' })) });
  assert.equal(checkExercise(exercise(hints(L.hints))).hints.length, L.hints);
  assert.equal(refusal(hints(L.hints + 1)), `RangeError [hints] hints: ${L.hints + 1} entries is too many (allowed at most ${L.hints})`);
  assert.equal(refusal({ hints: 'x' }), 'TypeError [hints] hints: expected a list, got "x"');
  // an unknown key is named whole up to 64 characters
  const long = 'k'.repeat(100);
  assert.equal(refusal({ limits: { steps: 10, [long]: 1 } }), `TypeError [limits.${'k'.repeat(64)}] limits.${'k'.repeat(64)}: unknown key`);
  assert.equal(refusal({ [long]: 1 }), `TypeError [${'k'.repeat(64)}] ${'k'.repeat(64)}: unknown key`);
  // the engine's refusal of a starting configuration, with the path in front of its field
  assert.equal(refusal({ start: { config: { learningRate: 30 } } }), 'RangeError [start.config.learningRate] start.config.learningRate: 30 is out of range (allowed 1e-7 to 10)');
  // a predicate's error keeps its column
  let err;
  try {
    checkExercise(exercise({ goal: [{ predicate: 'step >= 0', feedback: 'x' }, { predicate: 'step >=', feedback: 'y' }] }));
  } catch (e) {
    err = e;
  }
  assert.equal(err.field, 'goal[1].predicate');
  assert.equal(err.column, 8);
});

test('checkPredicate refuses what is not a predicate, naming the field', () => {
  assert.equal(thrown(() => checkPredicate(5)), 'TypeError [predicate] predicate: expected text, got 5');
  assert.equal(thrown(() => checkPredicate(5, { field: 'goal[3].predicate' })), 'TypeError [goal[3].predicate] goal[3].predicate: expected text, got 5');
  assert.equal(thrown(() => checkPredicate('step', { as: 'text' })), 'TypeError [as] as: "text" is not one of boolean, number');
  assert.deepEqual(checkPredicate('step', { as: 'number' }), { usesLayers: false });
  assert.deepEqual(checkPredicate('hiddenLayers[0].dead > 0'), { usesLayers: true });
});

test('each kind of value has its phrase in a predicate\'s type errors', () => {
  const phrase = (expr) => {
    const m = /^TypeError \[predicate\] predicate: '-' needs a number, not (.*) at column 1$/.exec(thrown(() => checkPredicate(`-${expr} > 0`)));
    return m ? m[1] : thrown(() => checkPredicate(`-${expr} > 0`));
  };
  const cases = [
    ['hiddenLayers', 'a list of layers'], ['hiddenLayers[0]', 'a layer'], ['output', 'a layer'],
    ['activation', 'an activation value'], ['init', 'an init value'], ['true', 'true/false'], ['null', 'null'], ['"x"', 'text'],
    ['diverged', 'the divergence record'], ['diverged.cause', 'text'],
    ['metrics', 'the metrics namespace'], ['config', 'the config namespace'], ['start', 'the start namespace'],
    ['hiddenLayers[*].allZero', 'a list of true/false values'], ['[true]', 'a list of true/false values'],
    ['["relu"]', 'a list of texts'], ['layers[*].role', 'a list of texts'], ['features', 'a list of features values'],
  ];
  for (const [expr, expected] of cases) assert.equal(phrase(expr), expected, expr);
  assert.equal(thrown(() => checkPredicate('not [] ')), 'TypeError [predicate] predicate: \'not\' needs true/false, not a list at column 5');
  // and in a function's refusal of its argument
  assert.equal(thrown(() => checkPredicate('count(hiddenLayers[*].dead) > 0')), 'TypeError [predicate] predicate: count() takes a list of true/false values, such as hiddenLayers[*].dead == 0, not a list of numbers at column 1');
  assert.equal(thrown(() => checkPredicate('sum(activation) > 0')), 'TypeError [predicate] predicate: sum() takes a list of numbers, such as hiddenLayers[*].dead, not an activation value at column 1');
});

test('texts: line ends, bullets and unclosed markers at their edges', () => {
  const para = (...children) => ({ type: 'paragraph', children });
  const t = (text) => ({ type: 'text', text });
  // CRLF and a lone CR end lines; a line of blanks separates paragraphs
  assert.deepEqual(formatText('one\r\ntwo\rthree\n \t\nfour'), [para(t('one two three')), para(t('four'))]);
  assert.deepEqual(formatText('a\n\n\n\nb'), [para(t('a')), para(t('b'))]);
  // a bullet is "-" or "*" then a blank; "-x" is text; an indented line continues the item
  assert.deepEqual(formatText('- one\n*\ttwo\n   more'), [{ type: 'list', items: [[t('one')], [t('two more')]] }]);
  assert.deepEqual(formatText('-one\n-two'), [para(t('-one -two'))]);
  assert.deepEqual(formatText('- one\nnot indented'), [para(t('- one not indented'))]);
  assert.deepEqual(formatText('text\n- not a list'), [para(t('text - not a list'))]);
  // spans: emphasis hugs its text, code may hold blanks, an empty pair is text
  assert.deepEqual(formatText('*a* and *b* and `c d`'), [para({ type: 'emphasis', text: 'a' }, t(' and '), { type: 'emphasis', text: 'b' }, t(' and '), { type: 'code', text: 'c d' })]);
  assert.deepEqual(formatText('** and ``'), [para(t('** and ``'))]);
  assert.deepEqual(formatText('x * a*'), [para(t('x * a*'))]);
  assert.deepEqual(formatText('` a `'), [para({ type: 'code', text: ' a ' })]);
  // an unclosed marker is text, and markers of the other kind after it still pair
  assert.deepEqual(formatText('`open *x* *y*'), [para(t('`open '), { type: 'emphasis', text: 'x' }, t(' '), { type: 'emphasis', text: 'y' })]);
  assert.deepEqual(formatText('*open `x`'), [para(t('*open '), { type: 'code', text: 'x' })]);
  // the plain text: items as "- …" lines, blocks separated by a blank line
  assert.equal(plainText(formatText('Intro *here*\n\n- one `x`\n- two')), 'Intro here\n\n- one x\n- two');
});

test('texts: the length limit counts characters, both ends; control characters are named with their position', () => {
  assert.equal(checkExercise(exercise({ title: 't'.repeat(L.title) })).title.length, L.title);
  assert.equal(refusal({ title: 't'.repeat(L.title + 1) }), `RangeError [title] title: ${L.title + 1} characters is too long (allowed at most ${L.title})`);
  assert.equal(refusal({ title: 'a\tb' }), 'RangeError [title] title: contains the control character U+0009 at position 2 (plain text only, one line)');
  assert.equal(refusal({ instructions: 'ok\n\u009bno' }), 'RangeError [instructions] instructions: contains the control character U+009B at position 4 (plain text only)');
  assert.equal(refusal({ instructions: 'ok\u2066no' }), 'RangeError [instructions] instructions: contains the control character U+2066 at position 3 (plain text only)');
});

test('an object listed twice is two entries, not a cycle; an object inside itself is one', () => {
  const goal = { predicate: 'step >= 0', feedback: 'Trained.' };
  assert.equal(checkExercise(exercise({ goal: [goal, goal] })).goal.length, 2);
  const hint = { after: 1, text: 'Look at the loss.' };
  assert.equal(checkExercise(exercise({ hints: [hint, hint] })).hints.length, 2);
  // the same object 33 times is 33 entries, one over the limit of 32 (docs/exercises.md), not a cycle
  assert.equal(refusal({ goal: Array(33).fill(goal) }), 'RangeError [goal] goal: 33 entries is too many (allowed at most 32)');
  // shared many times over, it is measured each time: too large, found without walking it all
  let wide = 'x'.repeat(100);
  for (let i = 0; i < 5; i++) wide = Array(8).fill(wide);  // 8^5 texts of 100 characters: 3.2 MB
  assert.equal(refusal({ labels: { wide } }), 'RangeError [exercise] exercise: is larger than 64 KiB of JSON');
  const selfish = { predicate: 'step >= 0', feedback: 'x' };
  selfish.again = [selfish];
  assert.equal(refusal({ goal: [selfish] }), 'TypeError [exercise] exercise: contains a cycle (an exercise is JSON data)');
});

test('an editable field\'s values or range must allow the start: else submitting the start unchanged would be refused', () => {
  // the default activation is tanh, the default learning rate 0.03 (the field table)
  assert.equal(refusal({ editable: [{ field: 'activation', values: ['relu', 'elu'] }] }),
    'RangeError [editable[0]] editable[0]: does not allow the starting activation, tanh (a learner who submits the start unchanged would be refused)');
  assert.equal(refusal({ editable: ['activation', { field: 'learningRate', min: 1, max: 2 }] }),
    'RangeError [editable[1]] editable[1]: does not allow the starting learningRate, 0.03 (a learner who submits the start unchanged would be refused)');
  assert.equal(refusal({ editable: [{ field: 'learningRate', max: 0.01 }] }),
    'RangeError [editable[0]] editable[0]: does not allow the starting learningRate, 0.03 (a learner who submits the start unchanged would be refused)');
  // a list field: each of its entries (the start has two layers of 8)
  assert.equal(refusal({ editable: [{ field: 'hidden', max: 4 }] }),
    'RangeError [editable[0]] editable[0]: does not allow the starting hidden, 8,8 (a learner who submits the start unchanged would be refused)');
  // at the edges of its range, or among its values, the start is allowed
  assert.equal(checkExercise(exercise({ editable: [{ field: 'learningRate', min: 0.03, max: 0.03 }, { field: 'activation', values: ['tanh'] }, { field: 'hidden', min: 8, max: 8 }] })).editable.length, 3);
});
