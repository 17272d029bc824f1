// exercises.html: the ready exercises as a gallery. Each card shows the task as the exercise
// states it (rendered from text nodes, like the exercise card), what the student may change,
// the step budget, and two ways to use it: open it here, or the element to put on a course page.
import { checkExercise, getField } from '../src/common.js';
import { h } from './src/dom.js';
import { formattedText } from './src/exercise/text.js';

// The same files the build copies to exercises/ (vite.config.mjs), bundled here as data.
const files = import.meta.glob('../exercises/*.json', { eager: true, import: 'default' });

/** The exercises in the order of docs/exercises.md's table (the seed's topics, easy to hard). */
const ORDER = ['vanishing-sigmoid-fix', 'dying-relu-revive', 'deep-relu-init', 'selu-normalised', 'relu-family-moons', 'predict-dead-fraction', 'largest-learning-rate', 'edge-of-chaos'];

const exercises = Object.values(files)
  .filter((x) => x?.format === 'gradlab-exercise')
  .map((x) => checkExercise(x))
  .sort((a, b) => (ORDER.indexOf(a.id) + 1 || 99) - (ORDER.indexOf(b.id) + 1 || 99));

function card(ex) {
  const file = `exercises/${ex.id}.json`;
  const open = `embed.html?exercise=${encodeURIComponent(file)}`;
  const changes = ex.editable.map((e) => getField(e.field)?.label ?? e.field);
  const snippet = `<gradlab-playground exercise="${file}"></gradlab-playground>`;
  return h('article', { class: 'gl-gallery-card', 'data-exercise': ex.id },
    h('h2', {}, h('a', { href: open, text: ex.title })),
    h('p', { class: 'gl-gallery-facts', text: [
      changes.length ? `You may change: ${changes.join(', ')}` : 'Nothing to change: predict, then run',
      ex.limits.steps > 0 ? `up to ${ex.limits.steps.toLocaleString('en')} steps` : 'the network as drawn: no training',
      ex.prediction ? 'a prediction first' : '',
      `${ex.goal.length} checks`,
    ].filter(Boolean).join(' · ') }),
    h('details', {}, h('summary', { text: 'The task' }), formattedText(ex.instructions)),
    h('p', {}, h('a', { class: 'gl-gallery-open', href: open, text: 'Open the exercise' }), ' · ', h('a', { href: file, text: 'its JSON' })),
    h('p', { class: 'gl-gallery-snippet' }, 'On a course page: ', h('code', { text: snippet })));
}

const main = document.getElementById('gallery');
main.append(...exercises.map(card));
main.dataset.count = String(exercises.length);
