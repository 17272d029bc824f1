// What the page tells the learner outside the panels: settings it could not use, standing
// notices (a slow network, a link being replayed, a long Step) and the alert when the engine
// stops. One cause is one notice: the same warnings again raise that notice's count instead
// of adding another, and at most MAX_NOTICES warning notices stand at once, so nothing a
// frame repeats can grow the page.
import { h, replace } from '../dom.js';

const MAX_WARNINGS = 12;
/** Warning notices kept at once (the oldest goes first). */
export const MAX_NOTICES = 6;

export class Notices {
  /** @param {{hidden: boolean}} options `hidden` hides the notices (not the alert) */
  constructor({ hidden = false } = {}) {
    this.el = h('div', { class: 'gl-notices', hidden });
    this.alert = h('div', { class: 'gl-alert', role: 'alert', hidden: true });
    /** cause (the messages, joined) → {box, count, counter} */
    this.causes = new Map();
  }

  /**
   * Settings that could not be used: [{field, value, message}], each shown as text, under
   * `heading` (what became of them).
   */
  warnings(list, { heading = 'Some settings could not be used as given:' } = {}) {
    if (!list?.length) return;
    const cause = list.map((w) => String(w.message)).join('\n');
    const known = this.causes.get(cause);
    if (known) {
      known.count += 1;
      known.counter.textContent = ` (${known.count} times)`;
      known.box.dataset.count = String(known.count);
      this.el.append(known.box);  // the latest last
      return;
    }
    const items = list.slice(0, MAX_WARNINGS).map((w) => h('li', { text: w.message }));
    if (list.length > MAX_WARNINGS) items.push(h('li', { text: `… and ${list.length - MAX_WARNINGS} more.` }));
    const counter = h('span', { class: 'gl-count' });
    const box = h('div', { class: 'gl-notice', role: 'status', 'data-notice': 'settings', dataset: { count: '1' } },
      h('p', {}, heading, counter),
      h('ul', {}, items),
      h('button', { type: 'button', class: 'gl-dismiss', text: 'Dismiss', onclick: () => this.#forget(cause) }));
    this.causes.set(cause, { box, count: 1, counter });
    this.el.append(box);
    while (this.causes.size > MAX_NOTICES) this.#forget(this.causes.keys().next().value);
  }

  /**
   * A standing notice of one kind; empty text removes it. `buttons` ([{label, onclick}])
   * are offered beside the text (e.g. stopping a long replay).
   */
  notice(kind, text, buttons = []) {
    let p = this.el.querySelector(`[data-notice=${kind}]`);
    if (!text) {
      p?.remove();
      return;
    }
    if (!p) {
      p = h('div', { class: 'gl-notice', role: 'status', 'data-notice': kind });
      this.el.append(p);
    }
    const key = buttons.map((b) => b.label).join('\n');
    if (p.dataset.buttons === key && p.firstChild) {
      p.firstChild.textContent = text;  // a progress update: the buttons keep their focus
      return;
    }
    p.dataset.buttons = key;
    replace(p, h('span', { text }), ...buttons.map((b) => h('button', { type: 'button', class: 'gl-notice-action', text: b.label, onclick: b.onclick })));
  }

  /** The text of the standing notice of `kind` ('' when none). */
  noticeText(kind) {
    return this.el.querySelector(`[data-notice=${kind}]`)?.firstChild?.textContent ?? '';
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

  #forget(cause) {
    this.causes.get(cause)?.box.remove();
    this.causes.delete(cause);
  }

  #showAlert(...children) {
    replace(this.alert, ...children);
    this.alert.hidden = false;
    this.alert.dataset.state = 'crashed';
  }
}
