// The exercise card: the task (title, instructions), the prediction step, the goal as a live
// checklist, the verdict with the exercise's feedback, the hints unlocked so far and the
// step budget. It owns its DOM and shows what the exercise driver (driver.js) tells it; the
// texts come from the exercise and are rendered as text nodes (text.js).
import { h, replace } from '../dom.js';
import { fmt } from '../format.js';
import { formattedText, formattedLine } from './text.js';
import { hintsFor } from '../../../src/common.js';

/** A check's value for people: numbers short, lists joined, null as a dash. */
export function showValue(v) {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return fmt(v, 3);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.slice(0, 12).map(showValue).join(', ')}${v.length > 12 ? ', …' : ''}]`;
  if (typeof v === 'object') return v.message ? String(v.message) : JSON.stringify(v);
  return String(v);
}

/** The exact value in a data-* attribute (JSON), for tests and scripts. */
const dataValue = (v) => JSON.stringify(v ?? null);

export class ExerciseCard {
  /**
   * @param {object} exercise the normalised exercise (checkExercise)
   * @param {{answer(value), submit()}} actions what the card's controls do
   * @param {{compact?: boolean}} [o] compact: a small embed, where the task starts folded so
   *   the checklist, the budget and the controls fit beside the panels (one click opens it)
   */
  constructor(exercise, { answer, submit }, { compact = false } = {}) {
    this.exercise = exercise;
    const ex = exercise;
    this.checks = h('ol', { class: 'gl-exercise-checks', 'aria-label': 'Goal' }, ex.goal.map((g, i) => h('li', { 'data-check': String(i), 'data-passed': 'pending' },
      h('span', { class: 'gl-exercise-mark', 'aria-hidden': 'true', text: '…' }),
      h('span', { class: 'gl-exercise-label', text: g.label ?? g.predicate }),
      h('span', { class: 'gl-exercise-value' }),
      h('span', { class: 'gl-sr gl-exercise-said', text: 'not measured yet' }),
      h('p', { class: 'gl-exercise-feedback', hidden: true }))));
    this.status = h('p', { class: 'gl-exercise-status', role: 'status' });
    this.next = h('p', { class: 'gl-exercise-next' });
    this.awaitsPrediction = !!ex.prediction;
    this.progress = h('progress', { max: ex.limits.steps || 1, value: 0, 'aria-label': 'Steps of the budget done', hidden: ex.limits.steps === 0 });
    this.progressText = h('span', { class: 'gl-exercise-steps' });
    this.submitButton = h('button', { type: 'button', class: 'gl-exercise-submit', disabled: true, text: 'Check this run', title: 'End this attempt and check the run as it is now', onclick: () => submit() });
    this.hints = h('ol', { class: 'gl-exercise-hint-list' });
    this.hintsNote = h('p', { class: 'gl-exercise-hints-note' });
    this.hintsBox = h('div', { class: 'gl-exercise-hints', hidden: ex.hints.length === 0 }, h('h3', { text: 'Hints' }), this.hints, this.hintsNote);
    this.predictBox = ex.prediction ? this.#buildPrediction(ex.prediction, answer) : null;
    this.el = h('section', { class: 'gl-exercise', 'aria-label': 'Exercise', 'data-panel': 'exercise', 'data-exercise': ex.id, 'data-state': ex.prediction ? 'predict' : 'ready' },
      h('h2', { class: 'gl-exercise-title', text: ex.title }),
      h('details', { class: 'gl-exercise-task', open: !compact }, h('summary', { text: 'Task' }), formattedText(ex.instructions)),
      this.predictBox,
      h('div', { class: 'gl-exercise-goal' }, h('h3', { text: 'Goal' }), this.checks),
      h('div', { class: 'gl-exercise-progress' }, this.progress, this.progressText, this.submitButton),
      this.status,
      this.next,
      this.hintsBox);
    this.showHints(hintsFor(ex, 0), 0);
    this.step(0);
  }

  #buildPrediction(p, answer) {
    const error = h('p', { class: 'gl-error', role: 'alert' });
    let read;
    let input;
    if (p.kind === 'number') {
      input = h('input', { type: 'number', step: 'any', class: 'gl-num', min: p.min, max: p.max, 'aria-label': 'Your prediction' });
      read = () => (input.value.trim() === '' ? null : Number(input.value));
    } else {
      const name = `gl-predict-${Math.random().toString(36).slice(2)}`;
      input = h('fieldset', { class: 'gl-exercise-choices' }, h('legend', { class: 'gl-sr', text: 'Your prediction' }),
        p.choices.map((c) => h('label', { class: 'gl-exercise-choice' }, h('input', { type: 'radio', name, value: c.id }), formattedLine(c.text))));
      read = () => input.querySelector('input:checked')?.value ?? null;
    }
    const lock = h('button', { type: 'button', class: 'gl-exercise-lock', text: 'Lock in my prediction', onclick: () => {
      const v = read();
      if (v === null || (typeof v === 'number' && !Number.isFinite(v))) {
        error.textContent = p.kind === 'number' ? 'Enter a number first.' : 'Choose an answer first.';
        return;
      }
      error.textContent = answer(v) ?? '';
    } });
    this.predictInput = input;
    this.predictLock = lock;
    this.predictError = error;
    this.predictAnswer = h('p', { class: 'gl-exercise-answer', hidden: true });
    return h('div', { class: 'gl-exercise-predict', 'data-kind': p.kind },
      h('h3', { text: 'Before you run it: predict' }),
      formattedText(p.question),
      h('div', { class: 'gl-exercise-predict-row' }, input, lock),
      error, this.predictAnswer);
  }

  /**
   * The prediction is locked in: show it, lock the inputs. `checkable`: the network in front
   * of the student may be checked now (a budget of 0, its figures already shown).
   */
  predicted(answer, { checkable = false } = {}) {
    if (!this.predictBox) return;
    this.awaitsPrediction = false;
    if (checkable) this.submitButton.disabled = false;
    const p = this.exercise.prediction;
    const text = p.kind === 'number' ? fmt(answer, 4) : plainChoice(p, answer);
    this.predictAnswer.textContent = `Your prediction: ${text}. Now run it.`;
    this.predictAnswer.hidden = false;
    this.predictAnswer.dataset.answer = String(answer);
    for (const el of this.predictBox.querySelectorAll('input, button')) el.disabled = true;
    this.predictError.textContent = '';
    if (this.el.dataset.state === 'predict') this.el.dataset.state = 'ready';
  }

  /** Steps done of the budget. */
  step(step) {
    const budget = this.exercise.limits.steps;
    this.progress.value = Math.min(step, budget);
    this.progressText.textContent = budget > 0 ? `step ${step} of ${budget}` : 'at initialisation: no training';
    this.progressText.dataset.step = String(step);
  }

  /** A new run: every check waits for the first figures; the verdict of the last attempt stays until then. */
  newRun(blocked) {
    this.step(0);
    for (const li of this.checks.children) {
      li.dataset.passed = 'pending';
      li.dataset.value = 'null';
      li.querySelector('.gl-exercise-mark').textContent = '…';
      li.querySelector('.gl-exercise-value').textContent = '';
      li.querySelector('.gl-exercise-said').textContent = 'not measured yet';
      li.querySelector('.gl-exercise-feedback').hidden = true;
    }
    this.submitButton.disabled = true;
    if (this.el.dataset.state !== 'predict') this.el.dataset.state = 'ready';
    const budget = this.exercise.limits.steps;
    this.status.textContent = budget > 0
      ? `Run it for up to ${budget} steps; training stops at the budget and the run is checked.`
      : 'Check this run checks the network as it was drawn.';
    this.status.dataset.verdict = '';
    this.blocked(blocked);
  }

  /** Training cannot start yet (no prediction) or any more (the run was checked): say why ('' when it can). */
  blocked(text) {
    this.next.textContent = text;
    this.next.hidden = !text;
  }

  /**
   * The checklist for the latest figures (checkGoal's result). `final`: the attempt ended and
   * this is its verdict (feedback shown for what failed).
   */
  showChecks(result, { final = false, step = result.step, problem = '' } = {}) {
    result.checks.forEach((c, i) => {
      const li = this.checks.children[i];
      const state = c.pending ? 'pending' : c.passed ? 'true' : 'false';
      li.dataset.passed = state;
      li.dataset.value = dataValue(c.value);
      li.querySelector('.gl-exercise-mark').textContent = c.pending ? '…' : c.passed ? '✓' : '✗';
      li.querySelector('.gl-exercise-value').textContent = c.pending ? '' : showValue(c.value);
      li.querySelector('.gl-exercise-said').textContent = c.pending ? 'not measured yet' : c.passed ? 'holds' : 'does not hold';
      const fb = li.querySelector('.gl-exercise-feedback');
      fb.hidden = !(final && !c.passed);
      if (final && !c.passed && c.feedback) replace(fb, formattedLine(c.feedback));
    });
    this.submitButton.disabled = final || this.awaitsPrediction || !(step > 0 || this.exercise.limits.steps === 0);
    if (!final) return;
    const p = result.prediction;
    const parts = problem ? [`(The run could not be replayed to check it: ${problem}. This is the page's own check.)`] : [];
    if (p && p.answer !== null) parts.push(predictionVerdict(this.exercise.prediction, p));
    if (result.passed) {
      this.el.dataset.state = 'passed';
      this.status.dataset.verdict = 'passed';
      this.status.textContent = `✓ Passed at step ${step}: every check holds.${parts.length ? ` ${parts.join(' ')}` : ''}`;
    } else {
      this.el.dataset.state = 'failed';
      this.status.dataset.verdict = 'failed';
      const failed = result.checks.filter((c) => !c.passed).length;
      const predictionFailed = this.exercise.prediction?.graded && p?.correct !== true;
      const why = [failed ? `${failed} of ${result.checks.length} checks do not hold (see below each)` : '', predictionFailed ? 'the prediction counts and was not right' : ''].filter(Boolean).join(', and ');
      this.status.textContent = `✗ Not yet, at step ${step}: ${why}. ${parts.join(' ')}`.replace(/\s+/g, ' ').trim();
    }
  }

  /** The hints unlocked after `attempts` attempts (texts from checkGoal). */
  showHints(texts, attempts) {
    replace(this.hints, texts.map((t) => h('li', {}, formattedLine(t))));
    const locked = this.exercise.hints.filter((x) => x.after > attempts);
    this.hintsNote.textContent = locked.length
      ? `${locked.length === this.exercise.hints.length ? 'Hints' : 'More hints'} unlock after ${locked[0].after} ${locked[0].after === 1 ? 'attempt' : 'attempts'} (${attempts} so far).`
      : '';
    this.hintsBox.dataset.unlocked = String(texts.length);
  }
}

function plainChoice(p, id) {
  const c = p.choices.find((x) => x.id === id);
  return c ? c.text : String(id);
}

/** "Your prediction (0.5) was right: the run measured 0.47." */
function predictionVerdict(p, r) {
  const said = p.kind === 'number' ? fmt(r.answer, 4) : `"${plainChoice(p, r.answer)}"`;
  let expected = '';
  if (p.kind === 'number' && typeof r.expected === 'number') expected = p.answer !== undefined ? `the answer is ${fmt(r.expected, 4)}` : `the run measured ${fmt(r.expected, 4)}`;
  if (p.kind === 'choice' && Array.isArray(r.expected) && r.expected.length) expected = `the answer is ${r.expected.map((id) => `"${plainChoice(p, id)}"`).join(' or ')}`;
  const verdict = r.correct === true ? 'was right' : r.correct === false ? 'was not right' : 'could not be checked';
  return `Your prediction (${said}) ${verdict}${expected ? `: ${expected}` : ''}.`;
}
