// Recursive-descent parser of the goal-predicate language into a plain tree (docs/exercises.md):
//
//   expr     := or
//   or       := and (('or' | '||') and)*
//   and      := not (('and' | '&&') not)*
//   not      := ('not' | '!') not | compare
//   compare  := sum (('==' | '!=' | '<' | '<=' | '>' | '>=' | 'in') sum)?
//   sum      := product (('+' | '-') product)*
//   product  := unary (('*' | '/') unary)*
//   unary    := '-' unary | postfix
//   postfix  := primary ('.' name | '[' index ']')*
//   index    := '*' | integer | '-' integer | integer? ':' ('-'? integer)?
//   primary  := number | string | true | false | null | '[' (expr (',' expr)*)? ']'
//             | name '(' (expr (',' expr)*)? ')' | name | '(' expr ')'
//
// Comparisons do not chain (`a < b < c` is an error, not a surprise). Nesting is bounded, so
// a hostile predicate cannot exhaust the stack.
import { rangeError } from '../errors.js';
import { tokenize, syntaxError, describe } from './lexer.js';
import { EXERCISE_LIMITS } from './limits.js';

const MAX_PREDICATE_LENGTH = EXERCISE_LIMITS.predicateLength;
const MAX_NESTING = EXERCISE_LIMITS.nesting;

const COMPARE = new Set(['==', '!=', '<', '<=', '>', '>=', 'in']);

/**
 * Parses one predicate (or measure expression). `field` names it in errors, e.g.
 * "goal[2].predicate". Throws TypeError for a syntax error (with `column`), RangeError for a
 * predicate over the size or nesting limits.
 */
export function parse(text, field) {
  if (text.length > MAX_PREDICATE_LENGTH)
    throw rangeError(field, `${text.length} characters is too long (allowed at most ${MAX_PREDICATE_LENGTH})`);
  const tokens = tokenize(text, field);
  let k = 0;
  let depth = 0;
  const peek = () => tokens[k];
  const next = () => tokens[k++];
  const is = (value) => (peek().type === 'op' || peek().type === 'keyword') && peek().value === value;
  const isCompare = () => (peek().type === 'op' || peek().type === 'keyword') && COMPARE.has(peek().value);
  const shown = (t) => (t.type === 'end' ? 'end of predicate' : t.type === 'string' ? `string ${describe(t.value)}` : describe(t.value));
  const fail = (t, what) => {
    throw syntaxError(field, what ?? `unexpected ${shown(t)}`, t.pos);
  };
  const expect = (value) => {
    if (!is(value)) fail(peek(), `expected '${value}' but found ${shown(peek())}`);
    return next();
  };
  const nested = (fn) => {
    if (++depth > MAX_NESTING) throw Object.assign(rangeError(field, `nested more than ${MAX_NESTING} levels deep at column ${peek().pos + 1}`), { column: peek().pos + 1 });
    try {
      return fn();
    } finally {
      depth--;
    }
  };

  // One precedence level: a left-associative chain of its operators over the next level.
  const chain = (kind, ops, operand) => () => {
    let left = operand();
    while (ops.some(is)) {
      const t = next();
      left = { kind, op: t.value, left, right: operand(), pos: t.pos };
    }
    return left;
  };
  const expr = () => nested(or);
  const or = chain('logical', ['or'], () => and());
  const and = chain('logical', ['and'], () => not());
  function not() {
    if (is('not')) {
      const t = next();
      return { kind: 'not', operand: nested(not), pos: t.pos };
    }
    return compare();
  }
  function compare() {
    const left = sum();
    if (!isCompare()) return left;
    const t = next();
    const node = { kind: 'compare', op: t.value, left, right: sum(), pos: t.pos };
    if (isCompare())
      fail(peek(), `comparisons do not chain: write 'a < b and b < c' instead of 'a < b < c' (found ${shown(peek())})`);
    return node;
  }
  const sum = chain('arith', ['+', '-'], () => product());
  const product = chain('arith', ['*', '/'], () => unary());
  function unary() {
    if (is('-')) {
      const t = next();
      return { kind: 'negate', operand: nested(unary), pos: t.pos };
    }
    return postfix();
  }
  function postfix() {
    let node = primary();
    for (;;) {
      if (is('.')) {
        const t = next();
        const name = next();
        if (name.type !== 'name') fail(name, `expected a name after '.' but found ${shown(name)}`);
        node = { kind: 'member', object: node, name: name.value, pos: name.pos, dot: t.pos };
      } else if (is('[')) {
        const t = next();
        node = { ...index(), object: node, pos: t.pos };
        expect(']');
      } else {
        return node;
      }
    }
  }
  // What goes between the brackets after a name: [*], [2], [-1], [1:], [:-1], [2:5].
  function index() {
    if (is('*')) {
      next();
      return { kind: 'every' };
    }
    const from = is(':') ? null : integer();
    if (!is(':')) return { kind: 'index', index: from };
    next();
    const to = is(']') ? null : integer();
    return { kind: 'slice', from, to };
  }
  function integer() {
    const negative = is('-');
    if (negative) next();
    const t = next();
    if (t.type !== 'number' || !Number.isInteger(t.value) || t.value > 1e6)
      fail(t, `expected a whole number, '*' or a slice like 1: inside [ ] but found ${shown(t)}`);
    return negative ? -t.value : t.value;
  }
  function list(close) {
    const items = [];
    if (!is(close)) {
      do items.push(expr());
      while (is(',') && next());
    }
    expect(close);
    return items;
  }
  function primary() {
    const t = next();
    switch (t.type) {
      case 'number': return { kind: 'literal', value: t.value, pos: t.pos };
      case 'string': return { kind: 'literal', value: t.value, pos: t.pos };
      case 'keyword':
        if (t.value === 'true' || t.value === 'false') return { kind: 'literal', value: t.value === 'true', pos: t.pos };
        if (t.value === 'null') return { kind: 'literal', value: null, pos: t.pos };
        return fail(t);
      case 'name':
        if (is('(')) {
          next();
          return { kind: 'call', name: t.value, args: nested(() => list(')')), pos: t.pos };
        }
        return { kind: 'name', name: t.value, pos: t.pos };
      case 'op':
        if (t.value === '(') {
          const inner = expr();
          expect(')');
          return inner;
        }
        if (t.value === '[') return { kind: 'list', items: nested(() => list(']')), pos: t.pos };
        return fail(t);
      default:
        return fail(t);
    }
  }

  if (peek().type === 'end') fail(peek(), 'empty predicate');
  const tree = expr();
  if (peek().type !== 'end') fail(peek());
  return tree;
}
