// Exercise mode (the `exercise` attribute, embed.html?exercise=): the playground's options for
// an exercise (its starting configuration, what is locked, what is shown) and the card with
// its driver. The exercise itself is read and checked by load.js and the shared checker.
import { fieldNames, toHash } from '../../../src/common.js';
import { ExerciseCard } from './card.js';
import { ExerciseDriver } from './driver.js';

export { loadExercise } from './load.js';
export { Ending } from './driver.js';

/** Parts of the page an exercise hides: the lesson menu and card, A/B, share links, the Experiments view (they would leave the exercise). */
const HIDDEN_IN_EXERCISES = ['lessons', 'lesson', 'compare', 'share', 'experiments'];

/**
 * The element's options (readOptions) for exercise `ex`: its starting configuration, every
 * field but the editable ones locked, the editable ones shown (unless `controls` says which),
 * no lesson, no link state.
 */
export function exerciseOptions(opts, ex) {
  const editable = new Set(ex.editable.map((e) => e.field));
  return {
    ...opts,
    preset: '',
    config: '',
    hash: toHash(ex.config),
    lockPreset: true,
    locked: new Set(fieldNames.filter((n) => !editable.has(n))),
    show: opts.show ?? editable,
    // the learner's own points change the data set: only where the exercise lets them
    hide: new Set([...opts.hide, ...HIDDEN_IN_EXERCISES, ...(editable.has('dataset') ? [] : ['data'])]),
    urlState: false,
    mode: 'playground',
    exercise: ex,
  };
}

/**
 * The exercise's card and driver, wired to each other (see driver.js for the other arguments;
 * `compact`: the card of a small embed, card.js).
 */
export function createExercise({ exercise, compact = false, ...wiring }) {
  let driver = null;
  const card = new ExerciseCard(exercise, { answer: (v) => driver.answer(v), submit: () => driver.finish() }, { compact });
  driver = new ExerciseDriver({ exercise, card, ...wiring });
  return driver;
}
