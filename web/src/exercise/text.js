// The exercise's texts: plain text with a small formatting subset, parsed into a tree the page
// renders with text nodes (never as markup). Blocks are separated by blank lines; a block whose
// lines start with "- " or "* " is a bullet list; inside a line, `code` and *emphasis*. Anything
// else — including "<b>", "&amp;", "[links](x)" — is text, shown exactly as written.
//
// Tree: [{type: 'paragraph', children: Inline[]} | {type: 'list', items: Inline[][]}],
// Inline: {type: 'text' | 'emphasis' | 'code', text: string}.
import { typeError, rangeError, show } from '../errors.js';

// C0/C1 control characters (tab and newline aside) and the bidirectional overrides that can
// make a text display differently from what it says.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Checks one text field: a string of at most `max` characters, no control characters. */
export function checkText(value, field, max, { multiline = true, required = true } = {}) {
  if (typeof value !== 'string') throw typeError(field, `expected text, got ${show(value)}`);
  if (required && value.trim() === '') throw rangeError(field, 'is empty');
  if (value.length > max) throw rangeError(field, `${value.length} characters is too long (allowed at most ${max})`);
  const bad = FORBIDDEN.exec(value) ?? (multiline ? null : /[\n\t]/.exec(value));
  if (bad) throw rangeError(field, `contains the control character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()} at position ${bad.index + 1} (plain text only${multiline ? '' : ', one line'})`);
  return value;
}

const BULLET = /^[ \t]*[-*][ \t]+/;

/** The formatting tree of a text (see the top of this file). Linear in the text's length. */
export function formatText(text) {
  if (typeof text !== 'string') throw typeError('text', `expected text, got ${show(text)}`);
  const blocks = [];
  for (const block of text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/)) {
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    if (!lines.length) continue;
    if (BULLET.test(lines[0]) && lines.every((l) => BULLET.test(l) || /^[ \t]/.test(l))) {
      // A line that does not start with a bullet continues the item above it.
      const items = [];
      for (const l of lines) {
        if (BULLET.test(l)) items.push(l.replace(BULLET, '').trim());
        else items[items.length - 1] += ` ${l.trim()}`;
      }
      blocks.push({ type: 'list', items: items.map(inline) });
    } else {
      blocks.push({ type: 'paragraph', children: inline(lines.map((l) => l.trim()).join(' ')) });
    }
  }
  return blocks;
}

/** `code` and *emphasis* spans of one line; an unmatched marker is text. */
export function inline(s) {
  const out = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ type: 'text', text });
    text = '';
  };
  let noMore = { '`': false, '*': false };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if ((c === '`' || c === '*') && !noMore[c]) {
      const end = s.indexOf(c, i + 1);
      if (end < 0) noMore = { ...noMore, [c]: true };
      const body = end < 0 ? '' : s.slice(i + 1, end);
      // Emphasis must hug its text ("a * b * c" is arithmetic, not emphasis).
      const ok = body !== '' && (c === '`' || (body.trim() === body));
      if (ok) {
        flush();
        out.push({ type: c === '`' ? 'code' : 'emphasis', text: body });
        i = end;
        continue;
      }
    }
    text += c;
  }
  flush();
  return out;
}

/** Every string of a formatting tree joined: what a screen reader or a plain-text CLI shows. */
export function plainText(tree) {
  const line = (inl) => inl.map((n) => n.text).join('');
  return tree.map((b) => (b.type === 'list' ? b.items.map((i) => `- ${line(i)}`).join('\n') : line(b.children))).join('\n\n');
}
