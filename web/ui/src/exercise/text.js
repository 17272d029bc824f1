// An exercise's formatted text (the checker's formatText tree: paragraphs, bullet lists,
// `code`, *emphasis*) as DOM built from text nodes only: whatever the text holds — "<b>",
// "&amp;", a script tag — is shown exactly as written, never parsed as markup.
import { h } from '../dom.js';
import { formatText } from '../../../src/common.js';

const INLINE = { text: null, emphasis: 'em', code: 'code' };

function inline(nodes) {
  return nodes.map((n) => (INLINE[n.type] ? h(INLINE[n.type], { text: n.text }) : document.createTextNode(n.text)));
}

/** The elements (p, ul) of a formatted text, for `class` on each block. */
export function formattedText(text, { className = '' } = {}) {
  return formatText(text).map((b) => (b.type === 'list'
    ? h('ul', { class: className || undefined }, b.items.map((item) => h('li', {}, inline(item))))
    : h('p', { class: className || undefined }, inline(b.children))));
}

/** One line of formatted text (a hint, a feedback sentence, a choice) as inline nodes in a span. */
export function formattedLine(text) {
  return h('span', {}, formatText(text).flatMap((b, i) => {
    const parts = b.type === 'list' ? b.items.flatMap((item) => [document.createTextNode(' • '), ...inline(item)]) : inline(b.children);
    return i > 0 ? [document.createTextNode(' '), ...parts] : parts;
  }));
}
