// The optional prediction step of an exercise: a number (fixed, or measured from the run by
// an expression) within a tolerance, or a choice (fixed, or each choice's condition on the run).
import { typeError, rangeError, show, didYouMean } from '../errors.js';
import { checkText } from './text.js';
import { compile } from './compile.js';
import { record, list, number, boolean, isObject } from './checks.js';
import { EXERCISE_LIMITS as L } from './limits.js';
import { ID } from './ids.js';

/** The prediction, normalised; its compiled measure or conditions go to `trees.prediction`. */
export function checkPrediction(p, trees) {
  const common = ['question', 'kind', 'graded'];
  if (!isObject(p)) throw typeError('prediction', `expected an object or null, got ${show(p)}`);
  if (p.kind !== 'number' && p.kind !== 'choice') {
    if (p.kind === undefined) throw typeError('prediction.kind', 'is missing (number or choice)');
    throw typeError('prediction.kind', `${show(p.kind)} is not number or choice${didYouMean(p.kind, ['number', 'choice'])}`);
  }
  const out = { kind: p.kind, question: null, graded: false };
  if (p.kind === 'number') {
    record(p, 'prediction', [...common, 'answer', 'measure', 'tolerance', 'min', 'max'], ['question', 'tolerance']);
    if ((p.answer === undefined) === (p.measure === undefined)) throw typeError('prediction', 'needs exactly one of answer (a fixed number) or measure (an expression over the run, e.g. sum(hiddenLayers[*].dead))');
    out.question = checkText(p.question, 'prediction.question', L.text);
    out.graded = p.graded === undefined ? false : boolean(p.graded, 'prediction.graded');
    out.tolerance = number(p.tolerance, 'prediction.tolerance', 0);
    if (p.min !== undefined) out.min = number(p.min, 'prediction.min');
    if (p.max !== undefined) out.max = number(p.max, 'prediction.max');
    if (out.min !== undefined && out.max !== undefined && out.min >= out.max) throw rangeError('prediction.min', `${out.min} is not below max ${out.max}`);
    if (p.answer !== undefined) out.answer = number(p.answer, 'prediction.answer', out.min ?? -Number.MAX_VALUE, out.max ?? Number.MAX_VALUE);
    else {
      if (typeof p.measure !== 'string') throw typeError('prediction.measure', `expected an expression as text, got ${show(p.measure)}`);
      trees.prediction = compile(p.measure, 'prediction.measure', 'number');
      out.measure = p.measure;
    }
    return out;
  }
  record(p, 'prediction', [...common, 'choices', 'answer'], ['question', 'choices']);
  out.question = checkText(p.question, 'prediction.question', L.text);
  out.graded = p.graded === undefined ? false : boolean(p.graded, 'prediction.graded');
  const ids = new Set();
  const whens = [];
  out.choices = list(p.choices, 'prediction.choices', L.choices, { min: 2 }).map((c, i) => {
    const at = `prediction.choices[${i}]`;
    record(c, at, ['id', 'text', 'when'], ['id', 'text']);
    if (typeof c.id !== 'string') throw typeError(`${at}.id`, `expected text, got ${show(c.id)}`);
    if (!ID.test(c.id)) throw rangeError(`${at}.id`, `${show(c.id)} is not an id: lower-case letters, digits and '-'`);
    if (ids.has(c.id)) throw rangeError(`${at}.id`, `${show(c.id)} is used twice`);
    ids.add(c.id);
    const choice = { id: c.id, text: checkText(c.text, `${at}.text`, L.text, { multiline: false }) };
    if (c.when !== undefined) {
      if (typeof c.when !== 'string') throw typeError(`${at}.when`, `expected a predicate as text, got ${show(c.when)}`);
      whens.push(compile(c.when, `${at}.when`, 'boolean'));
      choice.when = c.when;
    } else whens.push(null);
    return choice;
  });
  const measured = whens.filter(Boolean).length;
  if (p.answer !== undefined) {
    if (measured) throw typeError('prediction.answer', 'give either a fixed answer or a `when` condition on every choice, not both');
    if (typeof p.answer !== 'string') throw typeError('prediction.answer', `expected a choice id, got ${show(p.answer)}`);
    if (!ids.has(p.answer)) throw rangeError('prediction.answer', `${show(p.answer)} is not one of the choices (${[...ids].join(', ')})${didYouMean(p.answer, [...ids])}`);
    out.answer = p.answer;
  } else if (measured !== whens.length) {
    throw typeError('prediction', 'needs an answer (a choice id) or a `when` condition on every choice');
  }
  trees.prediction = measured ? whens : null;
  return out;
}
