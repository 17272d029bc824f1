// The text form of an axis, as the CLI's --vary takes it (and a link could carry it):
//   learningRate=0.01,0.1,1          a list (numbers, choices)
//   depth=2..40:20                   a linear range: from..to:count
//   learningRate=1e-3..3:12:log      a log range
//   hidden=8,8/16,16/32              list values of a list field, separated by '/'
// Values are parsed with the schema's own text parser, so they are accepted exactly when the
// same value would be accepted in a configuration.
import { typeError, rangeError, show } from '../errors.js';
import { getField, parseFieldText } from '../schema.js';
import { axisField, atPath } from './spec.js';

const NUMBER = '[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?';
const RANGE = new RegExp(`^(${NUMBER})\\.\\.(${NUMBER}):(\\d+)(?::([a-z]+))?$`);
const SCALES = { lin: 'linear', linear: 'linear', log: 'log' };

function parseValue(field, text, path) {
  try {
    if (field === 'depth' || field === 'width') {
      if (!/^\d+$/.test(text.trim())) throw typeError(field, `${show(text)} is not a whole number`);
      return Number(text.trim());
    }
    return parseFieldText(field, text);
  } catch (e) {
    throw atPath(path, e);
  }
}

/** An axis object ({field, values} or {field, from, to, count, scale}) from its text form. */
export function parseAxisText(text, path = 'axis') {
  if (typeof text !== 'string') throw typeError(path, `expected text such as "depth=2..40:20", got ${show(text)}`);
  const eq = text.indexOf('=');
  if (eq <= 0) throw typeError(path, `${show(text)} is not FIELD=VALUES (e.g. depth=2..40:20, activation=relu,tanh, learningRate=1e-3..3:12:log)`);
  const field = text.slice(0, eq).trim();
  const rest = text.slice(eq + 1).trim();
  const f = axisField(field);
  if (!f) return { field, values: [] };  // normalizeSweepSpec names the unknown field with a hint
  const m = RANGE.exec(rest);
  if (m && (f.kind === 'number' || f.kind === 'integer')) {
    const scale = m[4] === undefined ? 'linear' : SCALES[m[4]];
    if (!scale) throw rangeError(path, `${show(m[4])} is not a scale (lin or log)`);
    return { field, from: parseValue(field, m[1], `${path}.from`), to: parseValue(field, m[2], `${path}.to`), count: Number(m[3]), scale };
  }
  if (rest === '') throw rangeError(path, `${field} has no values`);
  const isList = getField(field) && ['int_list', 'enum_list', 'enum_set'].includes(getField(field).kind);
  const parts = rest.split(isList ? '/' : ',');
  return { field, values: parts.map((p, i) => parseValue(field, p.trim(), `${path}.values[${i}]`)) };
}

/** The text form of a canonical axis ({field, values}): a list, lists separated by '/'. */
export function axisText(axis) {
  const list = axis.values.some(Array.isArray);
  return `${axis.field}=${axis.values.map((v) => (Array.isArray(v) ? v.join(',') : String(v))).join(list ? '/' : ',')}`;
}
