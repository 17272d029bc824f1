// What a goal predicate can name: the run's figures (the decoded metrics of web/src/metrics.js),
// the layers, the configuration fields (from the engine's schema) and the functions. Each name
// has a static type, so an exercise is checked when it is loaded, not when a student runs it.
//
// Types: {t: 'number'|'boolean'|'string'|'null'|'any'}, {t: 'string', values} for an enum
// field, {t: 'record', name, fields, nullable} for a layer / the divergence record / a
// namespace, {t: 'list', of} for a list.
import { fields } from '../schema.js';

export const NUMBER = Object.freeze({ t: 'number' });
export const BOOLEAN = Object.freeze({ t: 'boolean' });
export const STRING = Object.freeze({ t: 'string' });
export const NULL = Object.freeze({ t: 'null' });
export const ANY = Object.freeze({ t: 'any' });
export const listOf = (of) => ({ t: 'list', of });

const numbers = (names) => Object.fromEntries(names.map((n) => [n, NUMBER]));

/** One layer's figures (a metrics.layers entry without its histograms). */
export const LAYER = Object.freeze({
  t: 'record',
  name: 'layer',
  fields: {
    index: NUMBER,
    role: { t: 'string', values: ['hidden', 'output'] },
    ...numbers(['units', 'gradWNorm', 'gradBNorm', 'gradZRms', 'weightNorm', 'biasNorm', 'updateRatio', 'preMean', 'preStd', 'actMean', 'actStd', 'dead', 'inactive', 'saturated']),
    allZero: BOOLEAN,
  },
});

/** metrics.diverged: null while the run is healthy. */
export const DIVERGENCE = Object.freeze({ t: 'record', name: 'diverged', nullable: true, fields: { step: NUMBER, cause: STRING, message: STRING } });

/** The run-level figures of the decoded metrics. */
export const METRIC_FIELDS = Object.freeze({
  ...numbers(['step', 'epoch', 'evaluatedStep', 'layersStep', 'trainLoss', 'testLoss', 'trainAccuracy', 'testAccuracy', 'batchLoss', 'gradNorm', 'learningRate']),
  bornDead: BOOLEAN,
  outputConstant: BOOLEAN,
  diverged: DIVERGENCE,
});

/**
 * The layer lists. `layers` is every layer as the metrics hold them — the output layer
 * last; `hiddenLayers` only the hidden ones; `output` the output layer.
 */
export const LAYER_NAMES = Object.freeze({ layers: listOf(LAYER), hiddenLayers: listOf(LAYER), output: { ...LAYER, nullable: true } });

function fieldType(f) {
  switch (f.kind) {
    case 'number':
    case 'integer': return NUMBER;
    case 'enum': return { t: 'string', values: f.values, field: f.name };
    case 'int_list': return listOf(NUMBER);
    default: return listOf({ t: 'string', values: f.values, field: f.name });
  }
}

/** Every configuration field with its type. */
export const CONFIG_FIELDS = Object.freeze(Object.fromEntries(fields.map((f) => [f.name, fieldType(f)])));

const METRICS = { t: 'record', name: 'metrics', fields: { ...METRIC_FIELDS, ...LAYER_NAMES } };
const CONFIG = { t: 'record', name: 'config', fields: CONFIG_FIELDS };
const START = { t: 'record', name: 'start', fields: CONFIG_FIELDS };

/**
 * Bare names. A configuration field wins over a figure of the same name: `learningRate` is
 * the setting, `metrics.learningRate` the rate in effect (they differ under a schedule).
 */
export const ROOTS = Object.freeze({ ...METRIC_FIELDS, ...LAYER_NAMES, ...CONFIG_FIELDS, metrics: METRICS, config: CONFIG, start: START });

/** Which source each bare name reads: 'metrics', 'layers', 'config' or a namespace. */
export function rootSource(name) {
  if (name === 'metrics' || name === 'config' || name === 'start') return name;
  if (Object.hasOwn(CONFIG_FIELDS, name)) return 'config';
  if (Object.hasOwn(LAYER_NAMES, name)) return 'layers';
  return 'metrics';
}

/**
 * The functions: the argument each takes and what it gives. `elementwise` functions apply to
 * a number or to each number of a list.
 */
export const FUNCTIONS = Object.freeze({
  sum: { takes: 'numbers', gives: NUMBER, help: 'the sum of a list of numbers' },
  mean: { takes: 'numbers', gives: NUMBER, help: 'the mean of a list of numbers' },
  min: { takes: 'numbers', gives: NUMBER, help: 'the smallest of a list of numbers' },
  max: { takes: 'numbers', gives: NUMBER, help: 'the largest of a list of numbers' },
  argmin: { takes: 'numbers', gives: NUMBER, help: 'the position (from 0) of the smallest number of a list' },
  argmax: { takes: 'numbers', gives: NUMBER, help: 'the position (from 0) of the largest number of a list' },
  count: { takes: 'booleans', gives: NUMBER, help: 'how many entries of a list of true/false values are true' },
  all: { takes: 'booleans', gives: BOOLEAN, help: 'true when every entry of a list of true/false values is true' },
  any: { takes: 'booleans', gives: BOOLEAN, help: 'true when some entry of a list of true/false values is true' },
  len: { takes: 'list', gives: NUMBER, help: 'the number of entries of a list' },
  abs: { takes: 'elementwise', gives: NUMBER, help: 'absolute value' },
  sqrt: { takes: 'elementwise', gives: NUMBER, help: 'square root' },
  log10: { takes: 'elementwise', gives: NUMBER, help: 'base-10 logarithm' },
});

/** "a" or "an" before a word. */
export const article = (word) => `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;

/** A type as a learner-facing phrase ("a number", "a list of layers"). */
export function typeName(type) {
  switch (type.t) {
    case 'number': return 'a number';
    case 'boolean': return 'true/false';
    case 'string': return type.field ? `${article(type.field)} value` : 'text';
    case 'null': return 'null';
    case 'record': return type.name === 'layer' ? 'a layer' : type.name === 'diverged' ? 'the divergence record' : `the ${type.name} namespace`;
    case 'list': {
      const of = type.of;
      if (of.t === 'record' && of.name === 'layer') return 'a list of layers';
      if (of.t === 'number') return 'a list of numbers';
      if (of.t === 'boolean') return 'a list of true/false values';
      if (of.t === 'string') return of.field ? `a list of ${of.field} values` : 'a list of texts';
      return 'a list';
    }
    default: return 'a value';
  }
}
