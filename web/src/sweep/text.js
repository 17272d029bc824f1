// The text form of an axis, as the CLI's --vary takes it (and a link could carry it):
//   learningRate=0.01,0.1,1          a list (numbers, choices)
//   depth=2..40:20                   a linear range: from..to:count
//   learningRate=1e-3..3:12:log      a log range
//   hidden=8,8/16,16/32              list values of a list field, separated by '/'
//   activation=relu,tanh;init=he_normal,xavier_normal
//                                    a linked axis: after ';', fields that move with the axis,
//                                    one listed value per value of the axis
// Values are parsed with the schema's own text parser, so they are accepted exactly when the
// same value would be accepted in a configuration.
import { typeError, rangeError, show } from '../errors.js';
import { getField, parseFieldText } from '../schema.js';
import { axisField, atPath, expandRange } from './spec.js';

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

/**
 * An axis object ({field, values} or {field, from, to, count, scale}, with `link` for a linked
 * axis) from its text form.
 */
export function parseAxisText(text, path = 'axis') {
  if (typeof text !== 'string') throw typeError(path, `expected text such as "depth=2..40:20", got ${show(text)}`);
  const [own, ...linked] = text.split(';');
  const axis = parseOne(own, path);
  if (linked.length === 0) return axis;
  const link = {};
  for (const part of linked) {
    const one = parseOne(part, `${path}.link`, true);
    const p = `${path}.link.${one.field.slice(0, 64)}`;
    if (!one.values) throw typeError(p, `linked values are listed, one per value of the axis (e.g. init=he_normal,xavier_normal), not a range`);
    if (Object.hasOwn(link, one.field)) throw rangeError(p, `${one.field} is linked twice`);
    link[one.field] = one.values;
  }
  return { ...axis, link };
}

// One FIELD=VALUES part; the values of a linked part are named by their field (`axes[0].link.init[2]`).
function parseOne(text, path, linked = false) {
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
  // A list of numbers may end with its scale (learningRate=0.001,0.01,0.1:log).
  const scaled = !linked && (f.kind === 'number' || f.kind === 'integer') ? /^(.*):([a-z]+)$/.exec(rest) : null;
  let list = rest, scale;
  if (scaled) {
    scale = SCALES[scaled[2]];
    if (!scale) throw rangeError(path, `${show(scaled[2])} is not a scale (lin or log)`);
    list = scaled[1];
  }
  const parts = list.split(isList ? '/' : ',');
  const values = parts.map((p, i) => parseValue(field, p.trim(), linked ? `${path}.${field}[${i}]` : `${path}.values[${i}]`));
  return scale ? { field, values, scale } : { field, values };
}

// The range a canonical axis's values came from, when they are exactly its expansion.
function asRange(axis) {
  const { field, values, scale } = axis;
  if (!scale || values.length < 2 || values.some((v) => typeof v !== 'number')) return null;
  const range = { from: values[0], to: values.at(-1), count: values.length, scale };
  try {
    const again = expandRange(range, axisField(field), field).values;
    return again.every((v, i) => v === values[i]) ? range : null;
  } catch {
    return null;
  }
}

const valuesText = (field, values) => {
  const list = values.some(Array.isArray);
  return `${field}=${values.map((v) => (Array.isArray(v) ? v.join(',') : String(v))).join(list ? '/' : ',')}`;
};

/**
 * The text form of a canonical axis ({field, values, scale, link}): the range it came from
 * (`from..to:count`, `:log`) when its values are exactly that range, else a list (with its
 * scale, if any; lists of lists separated by '/'), and linked fields after ';'.
 */
export function axisText(axis) {
  const r = asRange(axis);
  const own = r ? `${axis.field}=${r.from}..${r.to}:${r.count}${r.scale === 'log' ? ':log' : ''}`
    : `${valuesText(axis.field, axis.values)}${axis.scale ? `:${axis.scale === 'log' ? 'log' : 'lin'}` : ''}`;
  return [own, ...Object.entries(axis.link ?? {}).map(([f, v]) => valuesText(f, v))].join(';');
}
