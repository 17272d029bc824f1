// A lesson while it runs: it watches every evaluation for the lesson's checkpoint (the
// phenomenon on screen), holds training at the lesson's step budget once, and keeps the lesson
// card's progress up to date. What it sees goes to the event log and to the embedding page.
import { checkpoint, lesson } from './lessons.js';

export class LessonDriver {
  /**
   * @param {{card: LessonCard, log(events), emit(type, detail), pause()}} o
   */
  constructor({ card, log, emit, pause }) {
    this.card = card;
    this.log = log;
    this.emit = emit;
    this.pause = pause;
    this.seen = '';
    this.budgetDone = false;
  }

  /** A new run of `state`'s configuration: the lesson starts over and the card shows it. */
  configured(state) {
    this.rewound();
    this.card.show(state.ui.preset);
    this.card.update(0, state.config);
  }

  /** The same run back at step 0: the checkpoint and the budget count again. */
  rewound() {
    this.seen = '';
    this.budgetDone = false;
  }

  /** A setting changed while the run goes on. */
  changed(step, config) {
    this.card.update(step, config);
  }

  /** The step a playing run may train to from `base`: `target`, held at the budget once. */
  limit(preset, base, target) {
    const budget = preset && !this.budgetDone ? lesson(preset).steps : 0;
    return budget && base < budget ? Math.min(target, budget) : target;
  }

  /** After a frame: run A's evaluation may show the checkpoint, or use up the budget. */
  afterFrame(run, { ui, config, playing }) {
    const preset = ui.preset;
    if (!preset || !run.metrics) return;
    const text = !this.seen && checkpoint(preset, run.metrics);
    if (text) {
      this.seen = text;
      this.log([{ step: run.step, level: 'good', text: `Lesson checkpoint: ${text}.` }]);
      this.emit('checkpoint', { lesson: preset, kind: 'seen', step: run.step, text });
    }
    this.card.update(run.step, config, text || undefined);
    const budget = lesson(preset).steps;
    if (!this.budgetDone && run.step >= budget) {
      this.budgetDone = true;
      if (playing) this.pause();
      this.card.budgetDone(run.step, !!this.seen, config);
      this.log([{ step: run.step, level: 'info', text: `The lesson's budget of ${budget} steps is done; press play to keep going.` }]);
      this.emit('checkpoint', { lesson: preset, kind: 'budget', step: run.step, text: `${budget} steps done` });
    }
  }
}
