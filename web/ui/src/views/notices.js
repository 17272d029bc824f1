// What the page tells the learner outside the panels: settings it could not use, standing
// notices (a slow network, a link being replayed) and the alert when the engine stops.
import { h, replace } from '../dom.js';

const MAX_WARNINGS = 12;

export class Notices {
  /** @param {{hidden: boolean}} options `hidden` hides the notices (not the alert) */
  constructor({ hidden = false } = {}) {
    this.el = h('div', { class: 'gl-notices', hidden });
    this.alert = h('div', { class: 'gl-alert', role: 'alert', hidden: true });
  }

  /** Settings that could not be used: [{field, value, message}], each shown as text. */
  warnings(list) {
    if (!list?.length) return;
    const items = list.slice(0, MAX_WARNINGS).map((w) => h('li', { text: w.message }));
    if (list.length > MAX_WARNINGS) items.push(h('li', { text: `… and ${list.length - MAX_WARNINGS} more.` }));
    const box = h('div', { class: 'gl-notice', role: 'status', 'data-notice': 'settings' },
      h('p', { text: 'Some settings could not be used and were replaced by defaults:' }),
      h('ul', {}, items),
      h('button', { type: 'button', class: 'gl-dismiss', text: 'Dismiss', onclick: () => box.remove() }));
    this.el.append(box);
  }

  /** A standing notice of one kind; empty text removes it. */
  notice(kind, text) {
    let p = this.el.querySelector(`[data-notice=${kind}]`);
    if (!text) {
      p?.remove();
      return;
    }
    if (!p) {
      p = h('div', { class: 'gl-notice', role: 'status', 'data-notice': kind });
      this.el.append(p);
    }
    p.textContent = text;
  }

  /** The engine stopped: say why and offer a restart with the same settings. */
  crashed(reason, restart) {
    this.#showAlert(
      h('p', {}, h('strong', { text: 'The training engine stopped. ' }), `${reason}. Your settings are kept; restarting begins again from step 0 with the same configuration.`),
      h('button', { type: 'button', class: 'gl-restart', text: 'Restart the engine', onclick: restart }));
  }

  /** The engine could not (re)start at all. */
  fatal(text, retry) {
    this.#showAlert(h('p', { text }), h('button', { type: 'button', text: 'Try again', onclick: retry }));
  }

  clearAlert() {
    this.alert.hidden = true;
    this.alert.dataset.state = '';
  }

  #showAlert(...children) {
    replace(this.alert, ...children);
    this.alert.hidden = false;
    this.alert.dataset.state = 'crashed';
  }
}
