// The event log: what happened, in plain words, newest first.
import { Panel } from './panel.js';
import { h } from '../dom.js';
import { download, textBlob } from '../export.js';

const MAX = 300;

export class EventsPanel extends Panel {
  constructor(ctx) {
    super({
      ctx, name: 'events', title: 'Event log',
      help: 'Sentences the page writes when the engine\'s figures change: units dying, gradients vanishing or exploding, ' +
        'divergence, accuracy milestones, your own changes. The step is the first evaluation at which it was seen.',
    });
    this.pngButton.hidden = true;
    this.list = h('ol', { class: 'gl-events', 'aria-live': 'polite', 'aria-relevant': 'additions' });
    this.empty = h('p', { class: 'gl-legend', text: 'Nothing yet: press play.' });
    this.tools.append(
      h('button', { type: 'button', class: 'gl-icon-button', text: 'TXT', title: 'Save the log as text', 'aria-label': 'Save the event log as text', onclick: () => this.save() }),
      h('button', { type: 'button', class: 'gl-icon-button', text: 'Clear', 'aria-label': 'Clear the event log', onclick: () => this.clear() }));
    this.body.append(this.empty, this.list);
    this.entries = [];
  }

  /** Adds {step, level, text, run?} entries. */
  add(events) {
    for (const e of events) {
      this.entries.push(e);
      const item = h('li', { class: `gl-event gl-event-${e.level}`, 'data-level': e.level },
        h('span', { class: 'gl-event-step', text: e.run ? `${e.run} · ${e.step}` : String(e.step) }),
        h('span', { class: 'gl-event-text', text: e.text }));
      this.list.prepend(item);
    }
    while (this.list.children.length > MAX) this.list.lastElementChild.remove();
    if (this.entries.length > MAX) this.entries.splice(0, this.entries.length - MAX);
    this.empty.hidden = this.entries.length > 0;
    const last = this.entries[this.entries.length - 1];
    if (last) this.say(`Latest: ${last.text}`);
  }

  clear() {
    this.entries = [];
    this.list.replaceChildren();
    this.empty.hidden = false;
    this.say('');
  }

  save() {
    download('gradlab-events.txt', textBlob(this.entries.map((e) => `${e.run ? `${e.run} ` : ''}step ${e.step}\t${e.level}\t${e.text}`).join('\n') + '\n', 'text/plain'));
  }
}
