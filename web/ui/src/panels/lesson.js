// The lesson card: what the preset is about (from the engine's presets), what to try, what
// to look for, why it happens (with the paper), the step budget, and whether the page has
// seen the phenomenon yet.
import { h, replace } from '../dom.js';
import { lesson } from '../lessons.js';
import { baseConfig } from '../state.js';

export class LessonCard {
  /** @param {{loadPreset(name: string)}} actions */
  constructor({ loadPreset }) {
    this.title = h('h2', { class: 'gl-lesson-title' });
    this.progress = h('progress', { max: 1, value: 0, 'aria-label': 'Lesson steps done' });
    this.progressText = h('span', { class: 'gl-lesson-steps' });
    this.status = h('p', { class: 'gl-lesson-status', role: 'status' });
    this.changed = h('p', { class: 'gl-lesson-changed' });
    this.parts = h('div', { class: 'gl-lesson-parts' });
    this.restore = h('button', { type: 'button', text: 'Back to the lesson\'s settings', onclick: () => loadPreset(this.name) });
    this.close = h('button', { type: 'button', text: 'Close lesson', onclick: () => loadPreset('') });
    this.el = h('section', { class: 'gl-lesson', 'aria-label': 'Lesson', hidden: true, 'data-panel': 'lesson' },
      h('div', { class: 'gl-lesson-head' }, this.title, h('div', { class: 'gl-lesson-actions' }, this.restore, this.close)),
      this.parts,
      h('div', { class: 'gl-lesson-progress' }, this.progress, this.progressText),
      this.status, this.changed);
    this.name = '';
  }

  /** Shows the lesson `name` (or hides the card for free play). */
  show(name) {
    this.name = name;
    const l = name ? lesson(name) : null;
    this.el.hidden = !l;
    this.el.dataset.lesson = name || '';
    if (!l) return;
    this.title.textContent = l.title;
    replace(this.parts,
      h('p', {}, h('strong', { text: 'Try: ' }), l.tryText),
      h('p', {}, h('strong', { text: 'Look for: ' }), l.lookFor),
      h('p', {}, h('strong', { text: 'Why: ' }), l.explanation));
    this.progress.max = l.steps;
    this.status.textContent = `Run it for ${l.steps} steps (press play; it pauses at the end of the budget).`;
    this.el.dataset.checkpoint = '';
    this.update(0, null);
  }

  /** The budget is used up: say whether the phenomenon showed. */
  budgetDone(step, seen, config) {
    if (!this.name) return;
    if (seen) return;
    const l = lesson(this.name);
    const diff = config ? changedFields(this.name, config) : [];
    this.status.textContent = diff.length
      ? `${l.steps} steps done. With your changes (${diff.join(', ')}) the lesson's effect did not appear — compare with the lesson's own settings.`
      : `${l.steps} steps done.`;
  }

  /** Progress, the checkpoint sentence if seen, and which settings differ from the lesson. */
  update(step, config, checkpointText) {
    if (!this.name) return;
    const l = lesson(this.name);
    this.progress.value = Math.min(step, l.steps);
    this.progressText.textContent = `step ${step} of ${l.steps}`;
    if (checkpointText) {
      this.status.textContent = `✓ Seen at step ${step}: ${checkpointText}.`;
      this.el.dataset.checkpoint = checkpointText;
    }
    if (config) {
      const diff = changedFields(this.name, config);
      this.changed.textContent = diff.length ? `You changed: ${diff.join(', ')} (compared with the lesson).` : '';
      this.restore.hidden = diff.length === 0;
    }
  }
}

/** The settings of `config` that differ from the lesson's own. */
function changedFields(name, config) {
  const base = baseConfig(name);
  return Object.keys(base).filter((k) => JSON.stringify(base[k]) !== JSON.stringify(config[k]));
}
