// The lesson card: what the lesson is about (the engine's presets), what to try, what to look
// for, why it happens (sentence by sentence, the paper on its own line), the step budget, the
// checkpoint once the page has seen the phenomenon, what a suggested change did, and the next
// lesson of the teaching path. It collapses to one line (narrow screens start so).
// The stage puts the card, the readout and the panel the lesson is about side by side, so the
// panel its "look for" watches is in view without scrolling.
import { h, replace } from '../dom.js';
import { lesson, matchChange, budgetNote } from '../lessons.js';
import { baseConfig } from '../state.js';
import { fieldLabel } from '../labels.js';
import { fmt, pct, plural } from '../format.js';

export class LessonCard {
  /** @param {{loadPreset(name: string), togglePlay()}} actions */
  constructor({ loadPreset, togglePlay }) {
    this.title = h('h2', { class: 'gl-lesson-title' });
    this.toggle = h('button', { type: 'button', class: 'gl-lesson-toggle', 'aria-expanded': 'true', onclick: () => this.setCollapsed(!this.collapsed) });
    this.play = h('button', { type: 'button', class: 'gl-lesson-play', 'aria-pressed': 'false', onclick: () => togglePlay() }, 'Play');
    this.progress = h('progress', { max: 1, value: 0, 'aria-label': 'Lesson steps done' });
    this.progressText = h('span', { class: 'gl-lesson-steps' });
    this.status = h('p', { class: 'gl-lesson-status', role: 'status' });
    this.changed = h('p', { class: 'gl-lesson-changed' });
    this.parts = h('div', { class: 'gl-lesson-parts' });
    this.restore = h('button', { type: 'button', text: 'Back to the lesson\'s settings', onclick: () => loadPreset(this.name) });
    this.next = h('button', { type: 'button', class: 'gl-lesson-next', onclick: () => this.nextName && loadPreset(this.nextName) });
    this.close = h('button', { type: 'button', text: 'Close lesson', onclick: () => loadPreset('') });
    this.el = h('section', { class: 'gl-lesson', 'aria-label': 'Lesson', hidden: true, 'data-panel': 'lesson' },
      h('div', { class: 'gl-lesson-head' }, this.toggle, this.title, this.play),
      this.parts,
      h('div', { class: 'gl-lesson-progress' }, this.progress, this.progressText),
      this.status, this.changed,
      h('div', { class: 'gl-lesson-foot' }, this.restore, this.close, this.next));
    this.name = '';
    this.nextName = null;
    this.setCollapsed(false);
  }

  /** One line (the title, the play button and a button to open it) or the whole card. */
  setCollapsed(on) {
    this.collapsed = on;
    this.el.dataset.collapsed = on ? 'true' : 'false';
    this.toggle.setAttribute('aria-expanded', String(!on));
    this.toggle.textContent = on ? '▸' : '▾';
    this.toggle.setAttribute('aria-label', on ? 'Show the lesson' : 'Fold the lesson to one line');
  }

  /** Training plays or not (the card's own play button). */
  setPlaying(on) {
    this.play.setAttribute('aria-pressed', String(on));
    this.play.textContent = on ? 'Pause' : 'Play';
  }

  /** Shows the lesson `name` (or hides the card for free play). */
  show(name) {
    this.name = name;
    const l = name ? lesson(name) : null;
    this.el.hidden = !l;
    this.el.dataset.lesson = name || '';
    if (!l) return;
    this.title.textContent = l.title;
    const list = (sentences) => h('ul', { class: 'gl-lesson-sentences' }, ...sentences.map((s) => h('li', { text: s })));
    replace(this.parts,
      h('div', { class: 'gl-lesson-part' }, h('strong', { text: 'Try: ' }), list(l.sentences.try)),
      h('div', { class: 'gl-lesson-part' }, h('strong', { text: 'Look for: ' }), list(l.sentences.lookFor)),
      h('details', { class: 'gl-lesson-part gl-lesson-why' },
        h('summary', {}, h('strong', { text: 'Why: ' }), 'how it happens'),
        list(l.sentences.why),
        h('p', { class: 'gl-lesson-paper' }, 'Paper: ', h('cite', { text: l.paper }))));
    this.progress.max = l.steps;
    this.restart();
    this.nextName = l.next;
    const next = l.next ? lesson(l.next) : null;
    this.next.hidden = !next || this.next.classList.contains('gl-never');
    this.next.textContent = next ? `Next lesson: ${next.title} →` : '';
    this.update(0, null);
  }

  /** The run starts over (step 0): nothing seen, no verdict yet. */
  restart() {
    if (!this.name) return;
    this.status.textContent = `Run it for ${lesson(this.name).steps} steps (press play; it pauses at the end of the budget).`;
    this.el.dataset.checkpoint = '';
    this.el.dataset.verdict = '';
  }

  /** The next lesson's button (an embed locked to one lesson has none). */
  set nextAllowed(on) {
    this.next.classList.toggle('gl-never', !on);
  }

  /**
   * The budget is used up and the page evaluated the step it paused at: what happened. With
   * the checkpoint seen, that stays; otherwise the lessons' note (what a suggested change did,
   * or that the learner's own changes did not show the effect), with the figures measured
   * here and, when the page ran them, the lesson's own settings' figures beside them.
   */
  budgetDone(step, seen, config, { now, before } = {}) {
    if (!this.name) return;
    const l = lesson(this.name);
    this.el.dataset.verdict = seen ? 'seen' : matchChange(this.name, config) ? 'change' : 'not-seen';
    const measured = now ? ` Measured here at step ${step}: ${describe(now, before)}${before ? `; with the lesson's own settings: ${describe(before, now)}` : ''}.` : '';
    if (seen) {
      this.status.textContent = `${this.status.textContent.replace(/ \d+ steps done\..*$/, '')} ${l.steps} steps done.`;
      return;
    }
    this.status.textContent = `${budgetNote(this.name, config, seen)}${measured}`;
  }

  /** The run diverged before the budget (and the lesson's checkpoint is not that). */
  diverged(step) {
    if (!this.name) return;
    this.el.dataset.verdict = 'diverged';
    this.status.textContent = `The run diverged at step ${step} — press Reset, or change a setting to start again.`;
  }

  /** Progress, the checkpoint sentence if seen, and which settings differ from the lesson. */
  update(step, config, checkpointText) {
    if (!this.name) return;
    const l = lesson(this.name);
    this.progress.value = Math.min(step, l.steps);
    // past the budget (the learner played on) the bar stays full and says so, not "3400 of 1000"
    this.progressText.textContent = step > l.steps ? `step ${step} (the lesson's ${l.steps} done)` : `step ${step} of ${l.steps}`;
    if (checkpointText) {
      this.status.textContent = `✓ Seen at step ${step}: ${checkpointText}.`;
      this.el.dataset.checkpoint = checkpointText;
    }
    if (config) {
      const diff = changedFields(this.name, config);
      const change = matchChange(this.name, config);
      const what = diff.map((k) => `${fieldLabel(k)} ${show(config[k])}`).join(', ');
      this.changed.textContent = !diff.length ? ''
        // what the suggestion does, until the verdict says what it did
        : change ? `You changed: ${what} — one of the lesson's suggestions.${this.el.dataset.verdict === 'change' ? '' : ` ${change.text}`}`
          : `You changed: ${what} (compared with the lesson).`;
      this.restore.hidden = diff.length === 0;
    }
  }
}

/**
 * The card, the readout and the panel the lesson is about, side by side on a wide page (the
 * panel to the right of the card and the readout) and one under the other on a narrow one.
 */
export class LessonStage {
  /** @param {{card: LessonCard|null, readout: HTMLElement}} o */
  constructor({ card, readout }) {
    this.slot = h('div', { class: 'gl-lesson-slot' });
    this.el = h('div', { class: 'gl-lesson-stage', 'data-focus': '' }, card?.el ?? null, readout, this.slot);
    this.focused = null;
    this.home = null;
  }

  /** Puts `panel` (a panel, or null) beside the card; the one there before goes back where it was. */
  focus(panel) {
    if (panel === this.focused) return;
    if (this.focused) this.home.parent.insertBefore(this.focused.el, this.home.next);
    this.focused = panel;
    this.home = panel ? { parent: panel.el.parentNode, next: panel.el.nextSibling } : null;
    if (panel) this.slot.append(panel.el);
    this.el.dataset.focus = panel?.name ?? '';
  }
}

/** A few figures of one evaluation, to say what a change did. */
export function measure(m) {
  const hidden = m.layers.filter((l) => l.role === 'hidden');
  return {
    testAccuracy: m.testAccuracy,
    dead: hidden.reduce((a, l) => a + l.dead, 0),
    diverged: m.diverged ?? null,
  };
}

// "1 dead unit, test accuracy 99.6%": the dead units only when either run had some.
function describe(a, b) {
  const parts = [];
  if (a.diverged) parts.push('diverged');
  if (a.dead > 0 || b?.dead > 0) parts.push(plural(a.dead, 'dead unit'));
  if (Number.isFinite(a.testAccuracy)) parts.push(`test accuracy ${pct(a.testAccuracy)}`);
  return parts.join(', ');
}

const show = (v) => (Array.isArray(v) ? v.join(',') : typeof v === 'number' ? fmt(v, 6) : String(v));

/** The settings of `config` that differ from the lesson's own. */
export function changedFields(name, config) {
  const base = baseConfig(name);
  return Object.keys(base).filter((k) => JSON.stringify(base[k]) !== JSON.stringify(config[k]));
}
