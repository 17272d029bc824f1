// Building DOM without markup: every string becomes a text node or an attribute value.
// (No innerHTML, outerHTML, insertAdjacentHTML or document.write anywhere in the UI; a test
// scans the sources and the build for them.)

/**
 * h('button', {class: 'x', onclick: fn, 'aria-label': 'Play'}, 'text', child, ...)
 * Props: class, text, dataset (object), on<event> handlers, DOM properties (value, checked,
 * disabled, hidden, ...) and otherwise attributes. Style goes through el.style (CSSOM), never
 * a style attribute, so a strict Content-Security-Policy (no 'unsafe-inline') allows it.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = String(v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'style') throw new Error('set styles through el.style');
    else if (['value', 'checked', 'disabled', 'hidden', 'selected', 'open', 'min', 'max', 'step', 'type', 'id', 'htmlFor', 'tabIndex', 'title'].includes(k)) el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Replaces an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

let uid = 0;
export const newId = (prefix = 'gl') => `${prefix}-${++uid}`;
