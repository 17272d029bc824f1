// Static checking of a parsed predicate: every name resolved (unknown ones with a "did you
// mean"), every operator and function given the kinds of value it takes, and the result of
// the kind its place needs (true/false for a goal, a number for a measured prediction). Each
// node is annotated with its type, which the interpreter uses to read the metrics safely.
import { didYouMean } from '../errors.js';
import { syntaxError, describe } from './lexer.js';
import { parse } from './parser.js';
import { ROOTS, FUNCTIONS, NUMBER, BOOLEAN, NULL, ANY, listOf, typeName, rootSource, article } from './vocabulary.js';

const isList = (t) => t.t === 'list';
const isNumeric = (t) => t.t === 'number' || t.t === 'any' || (isList(t) && (t.of.t === 'number' || t.of.t === 'any'));
const base = (t) => (isList(t) ? t.of : t);
// The name a path starts from: hidden for hidden[*], hiddenLayers for hiddenLayers[2:].
const rootName = (node) => (node.kind === 'name' ? node.name : node.object ? rootName(node.object) : null);

/**
 * Parses and checks `text`. `expect`: 'boolean' (a goal or a choice's condition) or 'number'
 * (a measure). Returns {tree, type, usesLayers}; throws TypeError/RangeError naming `field`.
 */
export function compile(text, field, expect = 'boolean') {
  const tree = parse(text, field);
  let usesLayers = false;
  const fail = (node, message, hint = '') => {
    throw syntaxError(field, message, node.pos ?? 0, hint);
  };

  function type(node) {
    node.type = infer(node);
    return node.type;
  }

  function infer(node) {
    switch (node.kind) {
      case 'literal':
        return node.value === null ? NULL : typeof node.value === 'number' ? NUMBER : typeof node.value === 'boolean' ? BOOLEAN : { t: 'string' };
      case 'list': {
        let of = ANY;
        for (const item of node.items) {
          const t = type(item);
          if (isList(t) || t.t === 'record') fail(item, `a list literal holds numbers, texts or true/false values, not ${typeName(t)}`);
          if (t.t === 'null') fail(item, 'a list literal cannot hold null');
          if (of !== ANY && of.t !== t.t) fail(item, `a list literal mixes ${typeName(of)} and ${typeName(t)}`);
          of = t;
        }
        return listOf(of.t === 'string' ? { t: 'string' } : of);
      }
      case 'name': {
        if (!Object.hasOwn(ROOTS, node.name)) {
          const hint = didYouMean(node.name, [...Object.keys(ROOTS), ...Object.keys(FUNCTIONS)]);
          fail(node, `unknown name ${describe(node.name)}`, hint);
        }
        if (rootSource(node.name) === 'layers') usesLayers = true;
        return ROOTS[node.name];
      }
      case 'member': {
        const object = type(node.object);
        const record = isList(object) ? object.of : object;
        if (record.t !== 'record') {
          const hint = rootName(node.object) === 'hidden' ? ` (hidden is the configuration's list of layer widths; the hidden layers' figures are hiddenLayers[*].${node.name})` : '';
          fail(node, `${typeName(object)} has no field ${describe(node.name)}`, hint);
        }
        if (!Object.hasOwn(record.fields, node.name)) fail(node, `${typeName(record)} has no field ${describe(node.name)}`, didYouMean(node.name, Object.keys(record.fields)));
        if (record.name === 'metrics' && (node.name === 'layers' || node.name === 'hiddenLayers' || node.name === 'output')) usesLayers = true;
        const t = record.fields[node.name];
        return isList(object) ? listOf(t) : t;
      }
      case 'index':
      case 'every':
      case 'slice': {
        const object = type(node.object);
        if (!isList(object)) {
          const hint = rootName(node.object) === 'output' ? ' (output is one layer: write output.dead)' : '';
          fail(node, `${typeName(object)} cannot be indexed with [ ]`, hint);
        }
        return node.kind === 'index' ? object.of : object;
      }
      case 'call': return call(node);
      case 'negate': {
        const t = type(node.operand);
        if (!isNumeric(t)) fail(node, `'-' needs a number, not ${typeName(t)}`);
        return t;
      }
      case 'arith': {
        const l = type(node.left);
        const r = type(node.right);
        for (const [side, t] of [[node.left, l], [node.right, r]])
          if (!isNumeric(t)) fail(node, `'${node.op}' needs numbers (or lists of numbers), not ${typeName(t)}`, side.kind === 'name' ? ` (${side.name})` : '');
        return isList(l) || isList(r) ? listOf(NUMBER) : NUMBER;
      }
      case 'compare': return comparison(node);
      case 'logical': {
        for (const side of [node.left, node.right]) needBoolean(side, `'${node.op}'`);
        return BOOLEAN;
      }
      case 'not':
        needBoolean(node.operand, "'not'");
        return BOOLEAN;
      default:
        return fail(node, 'unsupported expression');
    }
  }

  function needBoolean(node, what) {
    const t = type(node);
    if (t.t === 'boolean' || t.t === 'any') return;
    if (isList(t) && t.of.t === 'boolean') fail(node, `${what} needs true/false, but this gives a list of them, one per entry`, ': wrap it in all(...) or any(...)');
    fail(node, `${what} needs true/false, not ${typeName(t)}`);
  }

  function call(node) {
    const f = Object.hasOwn(FUNCTIONS, node.name) ? FUNCTIONS[node.name] : null;
    if (!f) fail(node, `unknown function ${describe(node.name)}`, didYouMean(node.name, Object.keys(FUNCTIONS)));
    if (node.args.length !== 1) fail(node, `${node.name}() takes one argument (${f.help}), got ${node.args.length}`);
    const t = type(node.args[0]);
    const ok = f.takes === 'numbers' ? isList(t) && (t.of.t === 'number' || t.of.t === 'any')
      : f.takes === 'booleans' ? isList(t) && (t.of.t === 'boolean' || t.of.t === 'any')
        : f.takes === 'list' ? isList(t)
          : isNumeric(t);
    if (!ok) {
      const example = f.takes === 'booleans' ? ', such as hiddenLayers[*].dead == 0' : f.takes === 'elementwise' ? '' : ', such as hiddenLayers[*].dead';
      fail(node, `${node.name}() takes ${f.takes === 'numbers' ? 'a list of numbers' : f.takes === 'booleans' ? 'a list of true/false values' : f.takes === 'list' ? 'a list' : 'a number or a list of numbers'}${example}, not ${typeName(t)}`);
    }
    return f.takes === 'elementwise' ? t : f.gives;
  }

  function comparison(node) {
    const l = type(node.left);
    const r = type(node.right);
    const op = node.op;
    if (op === 'in') {
      if (!isList(r)) fail(node, `'in' needs a list on its right, such as ["relu", "elu"], not ${typeName(r)}`);
      compatible(node, base(l), r.of);
      checkEnum(base(l), node.right);
      return isList(l) ? listOf(BOOLEAN) : BOOLEAN;
    }
    if (op === '==' || op === '!=') {
      if (l.t === 'null' || r.t === 'null') return BOOLEAN;
      if (isList(l) && isList(r)) {
        compatible(node, l.of, r.of);
        return BOOLEAN;  // whole lists: hidden == [8, 8, 8]
      }
      compatible(node, base(l), base(r));
      checkEnum(base(l), node.right);
      checkEnum(base(r), node.left);
      return isList(l) || isList(r) ? listOf(BOOLEAN) : BOOLEAN;
    }
    for (const t of [l, r]) if (!isNumeric(t)) fail(node, `'${op}' compares numbers, not ${typeName(t)}`);
    return isList(l) || isList(r) ? listOf(BOOLEAN) : BOOLEAN;
  }

  function compatible(node, a, b) {
    if (a.t === 'any' || b.t === 'any' || a.t === b.t) {
      if (a.t === 'record' && b.t === 'record') fail(node, `'${node.op}' cannot compare ${typeName(a)} with ${typeName(b)}; compare their fields`);
      return;
    }
    if (a.t === 'null' || b.t === 'null') return;
    fail(node, `'${node.op}' cannot compare ${typeName(a)} with ${typeName(b)}`);
  }

  // "leaky-relu" compared with the activation: refused with the closest value.
  function checkEnum(t, other) {
    if (!t.values) return;
    const literals = other.kind === 'literal' ? [other] : other.kind === 'list' ? other.items : [];
    for (const lit of literals)
      if (typeof lit.value === 'string' && !t.values.includes(lit.value))
        fail(lit, `${describe(lit.value)} is not ${t.field ? `${article(t.field)} value` : 'an allowed value'} (${t.values.join(', ')})`, didYouMean(lit.value, t.values));
  }

  const result = type(tree);
  if (expect === 'boolean' && result.t !== 'boolean') {
    if (isList(result) && result.of.t === 'boolean') fail(tree, 'this gives a list of true/false values, one per entry', ': wrap it in all(...) or any(...)');
    fail(tree, `a predicate must give true/false, but this gives ${typeName(result)}`, result.t === 'number' ? ' (compare it, e.g. ... >= 0.9)' : '');
  }
  if (expect === 'number' && result.t !== 'number') {
    // a list reduces to a number: numbers with sum, mean, min or max, true/false with count (a list of layers or texts does not)
    const reduce = isNumeric(result) ? ' (reduce it with sum, mean, min or max)' : isList(result) && result.of.t === 'boolean' ? ' (count the true ones with count)' : '';
    fail(tree, `a measure must give a number, but this gives ${typeName(result)}`, reduce);
  }
  return { tree, type: result, usesLayers };
}
