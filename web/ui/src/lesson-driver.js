// A lesson while it runs: it watches every evaluation for the lesson's checkpoint (the
// phenomenon on screen), holds training at the lesson's step budget once, and says what
// happened once the page has evaluated the step it paused at (never from older figures: some
// checkpoints only tick at the budget step). It remembers the figures each variant of the
// lesson ended with (its own settings, each suggested change), so the card can say what a
// change did beside what the lesson's own settings did. What it sees goes to the event log
// and to the embedding page.
import { checkpoint, lesson, matchChange } from './lessons.js';
import { measure, changedFields } from './panels/lesson.js';

export class LessonDriver {
  /**
   * @param {{card: LessonCard, log(events), emit(type, detail), pause()}} o
   */
  constructor({ card, log, emit, pause }) {
    this.card = card;
    this.log = log;
    this.emit = emit;
    this.pause = pause;
    this.preset = '';
    /** Figures at the end of the budget, by variant: 'lesson' or a suggested change's id. */
    this.ended = {};
    this.rewound();
  }

  /** A new run of `state`'s configuration: the lesson starts over and the card shows it. */
  configured(state) {
    if (state.ui.preset !== this.preset) {
      this.preset = state.ui.preset;
      this.ended = {};
    }
    this.rewound();
    this.card.show(state.ui.preset);
    this.card.update(0, state.config);
  }

  /** The same run back at step 0: the checkpoint and the budget count again. */
  rewound() {
    this.card.restart();
    this.seen = '';
    /** Training was held at the budget (once per run). */
    this.held = false;
    /** The budget's verdict was given (after an evaluation at the step the run reached). */
    this.budgetDone = false;
    this.divergedSaid = false;
  }

  /** A setting changed while the run goes on. */
  changed(step, config) {
    this.card.update(step, config);
  }

  /** The step a playing run may train to from `base`: `target`, held at the budget once. */
  limit(preset, base, target) {
    const budget = preset && !this.held ? lesson(preset).steps : 0;
    return budget && base < budget ? Math.min(target, budget) : target;
  }

  /**
   * After a frame: run A's evaluation may show the checkpoint; at the budget training pauses,
   * and the verdict waits for figures evaluated at the step the run reached (the loop
   * evaluates when training pauses).
   */
  afterFrame(run, { ui, config, playing }) {
    const preset = ui.preset;
    const m = run.metrics;
    if (!preset || !m) return;
    // figures of the weights the run holds now (a diverged run keeps its last finite ones)
    const current = m.evaluatedStep === run.step || !!run.diverged;
    const text = !this.seen && current && checkpoint(preset, m);
    if (text) {
      this.seen = text;
      this.log([{ step: run.step, level: 'good', text: `Lesson checkpoint: ${text}.` }]);
      this.emit('checkpoint', { lesson: preset, kind: 'seen', step: run.step, text });
    }
    this.card.update(run.step, config, text || undefined);
    if (run.diverged && !this.seen && !this.divergedSaid) {
      this.divergedSaid = true;
      this.card.diverged(run.diverged.step);
    }
    const budget = lesson(preset).steps;
    if (run.step < budget) return;
    if (!this.held) {
      this.held = true;
      if (playing) this.pause();
    }
    if (this.budgetDone || !current) return;
    this.budgetDone = true;
    const variant = matchChange(preset, config)?.id ?? (changedFields(preset, config).length ? null : 'lesson');
    const now = measure(m);
    if (variant) this.ended[variant] = now;
    const before = variant !== 'lesson' ? this.ended.lesson : undefined;
    this.card.budgetDone(run.step, !!this.seen, config, { now, before });
    this.log([{ step: run.step, level: 'info', text: `The lesson's budget of ${budget} steps is done; press play to keep going.` }]);
    this.emit('checkpoint', { lesson: preset, kind: 'budget', step: run.step, text: `${budget} steps done` });
  }
}
