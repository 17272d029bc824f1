// Tokens of the goal-predicate language (docs/exercises.md): numbers, strings, names,
// keywords, operators and brackets, each with its 0-based offset so errors can point at a
// column. The whole text is scanned once, left to right, with no backtracking.
import { typeError, escapeUnsafe } from '../errors.js';

export const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'true', 'false', 'null']);
// Longest first, so "<=" is never read as "<" followed by "=".
const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '+', '-', '*', '/', '(', ')', '[', ']', ',', '.', ':'];
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const SPACE = /[ \t\n\r]+/y;

/** A syntax error at `pos` (0-based): TypeError naming the field and the column. */
export function syntaxError(field, message, pos, hint = '') {
  const e = typeError(field, `${message} at column ${pos + 1}${hint}`);
  e.column = pos + 1;
  return e;
}

/** How a token or character is shown in a message: quoted, printable, short. */
export function describe(text) {
  const chars = [...String(text)];
  const s = chars.slice(0, 12).join('') + (chars.length > 12 ? '…' : '');
  return escapeUnsafe(JSON.stringify(s)).replace(/^"|"$/g, "'");
}

/** Splits `text` into tokens {type: 'number'|'string'|'name'|'keyword'|'op'|'end', value, pos}. */
export function tokenize(text, field) {
  const tokens = [];
  let i = 0;
  const at = (re) => {
    re.lastIndex = i;
    const m = re.exec(text);
    return m ? m[0] : null;
  };
  while (i < text.length) {
    const space = at(SPACE);
    if (space) {
      i += space.length;
      continue;
    }
    const c = text[i];
    if (c >= '0' && c <= '9' || (c === '.' && text[i + 1] >= '0' && text[i + 1] <= '9')) {
      const n = at(NUMBER);
      if (/[A-Za-z_]/.test(text[i + n.length] ?? '')) throw syntaxError(field, `malformed number ${describe(text.slice(i, i + n.length + 1))}`, i);
      tokens.push({ type: 'number', value: Number(n), pos: i });
      i += n.length;
      continue;
    }
    if (c === '"' || c === "'") {
      const { value, end } = readString(text, i, field);
      tokens.push({ type: 'string', value, pos: i });
      i = end;
      continue;
    }
    const name = at(NAME);
    if (name) {
      tokens.push({ type: KEYWORDS.has(name) ? 'keyword' : 'name', value: name, pos: i });
      i += name.length;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) throw syntaxError(field, c === '=' ? "'=' is not an operator (compare with '==')" : `unexpected character ${describe(c)}`, i);
    // One spelling per operator in the tree: && is and, || is or, ! is not.
    tokens.push({ type: 'op', value: op === '&&' ? 'and' : op === '||' ? 'or' : op === '!' ? 'not' : op, pos: i });
    i += op.length;
  }
  tokens.push({ type: 'end', value: '', pos: text.length });
  return tokens;
}

// A quoted string: the same quote closes it; \\ \" \' are the only escapes (a string here is
// an enum value such as "leaky_relu", never free text).
function readString(text, start, field) {
  const quote = text[start];
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === quote) return { value, end: i + 1 };
    if (c === '\\') {
      const n = text[i + 1];
      // (a backslash that ends the text or the line leaves the string open: that is what to say)
      if (n === undefined || n === '\n') break;
      if (n !== '\\' && n !== '"' && n !== "'") throw syntaxError(field, `unknown escape ${describe(`\\${n}`)} in a string`, i);
      value += n;
      i++;
    } else if (c === '\n') {
      break;
    } else {
      value += c;
    }
  }
  throw syntaxError(field, 'unterminated string', start);
}
