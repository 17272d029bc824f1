// The one tooltip the panels share: lines of text near the pointer, kept inside the window.
import { h, replace } from '../dom.js';

export class Tooltip {
  constructor() {
    this.el = h('div', { class: 'gl-tooltip', role: 'tooltip', hidden: true });
  }

  show(x, y, lines) {
    replace(this.el, ...lines.map((l) => h('div', { text: l })));
    this.el.hidden = false;
    const w = this.el.offsetWidth;
    const left = Math.min(x + 14, window.innerWidth - w - 8);
    this.el.style.left = `${Math.max(4, left)}px`;
    this.el.style.top = `${y + 14}px`;
  }

  hide() {
    this.el.hidden = true;
  }
}
