// The experiment lesson's card: what to try, what to look for, why (with the papers), and,
// once a sweep of the lesson completes, which of its sentences the table behind the chart
// bears out (each sentence is checked by its claims: claims.js).
import { h, replace } from '../dom.js';
import { experimentLessons } from './lessons.js';

export class ExperimentLessonCard {
  /** @param {{close()}} actions */
  constructor({ close }) {
    this.title = h('h2', { class: 'gl-x-lesson-title' });
    this.parts = h('div', { class: 'gl-x-lesson-parts' });
    this.status = h('p', { class: 'gl-x-lesson-status', role: 'status' });
    this.el = h('section', { class: 'gl-x-lesson', 'aria-label': 'Experiment lesson', hidden: true, 'data-panel': 'experiment-lesson' },
      h('div', { class: 'gl-x-lesson-head' }, this.title, h('div', { class: 'gl-x-lesson-actions' }, h('button', { type: 'button', text: 'Close lesson', onclick: close }))),
      this.parts, this.status);
  }

  /** Shows lesson `name` ('' hides the card) and, when given, the check of the last sweep. */
  show(name, check) {
    const l = name ? experimentLessons[name] : null;
    this.el.hidden = !l;
    this.el.dataset.lesson = name || '';
    if (!l) return;
    this.title.textContent = l.title;
    replace(this.parts,
      h('p', {}, h('strong', { text: 'Try: ' }), l.tryText),
      h('p', {}, h('strong', { text: 'Look for: ' }), l.lookFor),
      h('p', {}, h('strong', { text: 'Why: ' }), l.explanation));
    if (!check) {
      this.status.textContent = 'Run the experiment: when it completes, each sentence above is checked on its table.';
      this.el.dataset.checked = '';
      return;
    }
    if (check.own) {
      this.el.dataset.checked = 'own';
      this.status.textContent = 'These are your own settings, not the lesson\'s: its sentences are checked on the lesson\'s experiment (choose the lesson again to restore it).';
      return;
    }
    const checked = check.sentences.filter((s) => !s.skipped && !s.cite);
    const failed = checked.filter((s) => s.failed.length);
    const skipped = check.sentences.filter((s) => s.skipped).length;
    this.el.dataset.checked = failed.length ? 'failed' : 'passed';
    this.status.textContent = failed.length
      ? `With these settings ${failed.length} of ${checked.length} sentences do not hold: ${failed.map((s) => `“${s.text}”`).join(' ')} Compare with the lesson's own settings.`
      : `✓ Checked on this sweep: every one of the ${checked.length} sentences about it holds${skipped ? ` (${skipped} more are about the suggested change: make it and run again)` : ''}.`;
  }
}
