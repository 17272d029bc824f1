// The lessons: a partial configuration, a step budget, the story, the next lesson and the
// panel the lesson is about (the one its "look for" watches: the page keeps it in view).
// Each was tuned on the engine so its phenomenon is unmistakable within the budget.
//
// Every sentence that says what the page will show is written with the claims that check it:
// say(text, claims, params). The text has no number of its own: numbers, layers and counts
// enter only as {params}, which are what the claims assert (web/ui/src/lesson-claims.js; the
// replay in tests/js/lessons.test.mjs measures every one, the suggested changes included).
// A cite(text) reports what a paper found and starts with the paper's authors: no claim.
// Mathematics the reader needs (a formula, "z = 0") goes between $…$.
import { typeError, show, didYouMean } from './errors.js';
import { deepFreeze } from './schema.js';

const deep = (n, w) => Array.from({ length: n }, () => w);
/** A lesson sentence and the claims that check it (the page's lessons and the experiment lessons). */
export const say = (text, claims, params = {}) => ({ text, claims: [].concat(claims), params });
/** What a paper found, in a sentence that starts with its authors: no claim about the page or chart. */
export const cite = (text) => ({ text, claims: [], params: {}, cite: true });

const num = (v) => (typeof v === 'number' && v < 0 ? `−${-v}` : String(v));
/** A story's sentences as text: params filled in, math marks dropped. */
export const render = (segments) =>
  segments.map((s) => s.text.replace(/\{(\w+)\}/g, (_, k) => num(s.params[k])).replaceAll('$', '')).join(' ');

/** A lesson with its texts rendered for readers of the API (lookFor, explanation, tryText). */
function lesson(l) {
  return {
    ...l,
    tryText: render(l.story.try),
    lookFor: render(l.story.lookFor),
    explanation: `${render(l.story.why)} ${l.paper}.`,
    changes: l.changes.map((c) => ({ ...c, didText: render(c.did) })),
  };
}

// In teaching order; `next` walks it, and the last lesson's next is null.
const list = [
  lesson({
    name: 'vanishing-sigmoid',
    title: 'Vanishing gradients in a deep sigmoid network',
    config: { dataset: 'circle', hidden: deep(6, 8), activation: 'sigmoid', init: 'standard', learningRate: 0.3, batchSize: 10 },
    steps: 1000,
    next: 'relu-he-rescue',
    panel: 'gradflow',
    paper: 'Glorot & Bengio (2010, "Understanding the difficulty of training deep feedforward neural networks")',
    story: {
      try: [
        say("Press play and watch the gradient-flow panel: at every evaluation layer {low}'s dL/dz bar is more than {factor} times shorter than layer {high}'s.", 'ratio', { low: 1, high: 6, factor: 30000 }),
        say('The accuracy never leaves chance: it stays between {lo}% and {hi}% for the whole budget.', 'chance', { lo: 49, hi: 51 }),
        say('Then set the activation to relu and the initialiser to he_normal and run it again: the bars line up within a factor of {spread} and the test accuracy ends at {acc}% or more.', ['relu-he:spread', 'relu-he:learns'], { spread: 20, acc: 99 }),
      ],
      lookFor: [
        say("Layer {low}'s back-propagated gradient (dL/dz rms) stays below {tiny} at every evaluation, and the event log says so at step {start}.", ['tiny', 'tiny-logged'], { low: 1, tiny: '1e-6', start: 0 }),
        say('Going down the hidden layers, each dL/dz bar is at least {shrink} times shorter than the one above it.', 'shrink', { shrink: 3 }),
      ],
      why: [
        say("A sigmoid's slope is never more than {max}, its value at $z = 0$;", 'sigmoid-slope', { max: 0.25 }),
        say("and the 'standard' initialisation starts every weight joining these {width}-unit layers within ±{bound}.", 'init-bound', { width: 8, bound: 0.354 }),
        say('Back-propagation multiplies the gradient by both at every layer, so it shrinks geometrically on its way down: every layer at least {shrink} times.', 'shrink', { shrink: 3 }),
        say("It needs no saturation: the units panel counts no saturated unit at any evaluation, and every layer's mean pre-activation stays within ±{pre}, where the slope is still at least {slope}.", ['unsaturated', 'sigmoid-slope-near'], { pre: 0.6, slope: 0.22 }),
        cite('Glorot & Bengio measured this in deep sigmoid networks and proposed the normalised (Xavier) initialisation.'),
      ],
    },
    changes: [
      {
        id: 'relu-he',
        set: { activation: 'relu', init: 'he_normal' },
        did: [say('With ReLU and He initialisation the dL/dz bars of all layers stay within a factor of {spread} of each other, and the test accuracy ends at {acc}% or more.', ['relu-he:spread', 'relu-he:learns'], { spread: 20, acc: 99 })],
      },
    ],
  }),
  lesson({
    name: 'relu-he-rescue',
    title: 'ReLU with He initialisation keeps the gradient flowing',
    config: { dataset: 'circle', hidden: deep(6, 8), activation: 'relu', init: 'he_normal', learningRate: 0.03, batchSize: 10 },
    steps: 2000,
    next: 'exploding-init',
    panel: 'gradflow',
    paper: 'He, Zhang, Ren & Sun (2015, "Delving deep into rectifiers")',
    story: {
      try: [
        say("Press play: at every evaluation the dL/dz bars of all {layers} hidden layers stay within a factor of {spread} of each other, and from step {from} on the test accuracy is at least {acc}%.", ['spread', 'learns'], { layers: 6, spread: 10, from: 500, acc: 99 }),
        say('Switch the activation back to sigmoid and the bars of the first layers collapse again: at every evaluation layer {low}\'s dL/dz is more than {factor} times smaller than layer {high}\'s.', 'sigmoid:collapse', { low: 1, high: 6, factor: 500 }),
      ],
      lookFor: [
        say('Gradient bars of about the same length in every layer (within a factor of {spread}) while the network learns.', ['spread', 'learns'], { spread: 10, from: 500, acc: 99 }),
        say('Not every unit is alive: at step {start} the event log lists layers {deadLayers} starting with dead units, layer {l} with {d} of {u}.', ['dead-at-start', 'dead-at-start-count'], { start: 0, deadLayers: '3, 4, 5, 6', l: 6, d: 4, u: 8 }),
        say('While it trains, the event log may report units of layers {churn} dying and coming back to life.', 'churn', { churn: '3, 4, 5, 6' }),
        say('They are not lost for good: of the {d} units dead at the start in layers {from}–{to}, {alive} are alive at the end of the budget.', 'revived', { d: 11, from: 3, to: 6, alive: 9 }),
      ],
      why: [
        say("ReLU's slope is exactly {one} wherever the unit is active,", 'relu-slope', { one: 1 }),
        say('and He initialisation draws the weights with variance $2/n$ for $n$ inputs (the initial weights of the hidden layers show it within {tol}%), making up for the units that are off, so the gradient keeps its size from layer to layer.', ['he-variance', 'spread'], { tol: 5, spread: 10 }),
        say("He et al. derived the scale for wide layers; in these {width}-unit layers the activations' spread still falls from {first} in layer {a} to {last} in layer {b} at step {start}, because some units start dead.", ['act-spread-falls', 'dead-at-start'], { width: 8, first: 1.13, last: 0.23, a: 1, b: 6, start: 0, deadLayers: '3, 4, 5, 6' }),
        say("A dead unit in a deep layer can come back: its inputs are the outputs of the layers below, and when they change its pre-activation can turn positive again.", 'revived', { d: 11, from: 3, to: 6, alive: 9 }),
        cite('He, Zhang, Ren & Sun derived this scaling and trained very deep rectifier networks from scratch with it.'),
      ],
    },
    changes: [
      {
        id: 'sigmoid',
        set: { activation: 'sigmoid' },
        did: [say("With sigmoid units the gradient vanishes again: at every evaluation layer {low}'s dL/dz is more than {factor} times smaller than layer {high}'s.", 'sigmoid:collapse', { low: 1, high: 6, factor: 500 })],
      },
    ],
  }),
  lesson({
    name: 'exploding-init',
    title: 'Exploding activations from a too-large initialisation',
    config: { dataset: 'circle', hidden: deep(6, 8), activation: 'leaky_relu', leakySlope: 0.2, init: 'he_normal', initGain: 8, learningRate: 0.03, batchSize: 10 },
    steps: 500,
    next: 'born-dead-bias',
    panel: 'histograms',
    paper: 'Glorot & Bengio (2010); He, Zhang, Ren & Sun (2015, "Delving deep into rectifiers")',
    story: {
      try: [
        say('Press play: the very first update overshoots, the run diverges at step {step} and training pauses.', 'diverges', { step: 1 }),
        say('Lower the init gain to {gain} to tame it: the run trains its whole budget without diverging and its test accuracy ends at {acc}% or more.', ['gain-one:no-divergence', 'gain-one:learns'], { gain: 1, acc: 99 }),
      ],
      lookFor: [
        say("Before any training, at step {start}: the activations' spread (σ in the distributions panel) grows by a factor between {lo} and {hi} from each layer to the next,", 'act-growth', { start: 0, lo: 5, hi: 8 }),
        say("while the gradient bars grow the other way, towards the input: each layer's dL/dz is between {glo} and {ghi} times the next layer's, and layer {a}'s is more than {factor} times layer {b}'s.", 'grad-growth', { glo: 4, ghi: 9, a: 1, b: 6, factor: 5000 }),
        say('The event log flags layers {flagged} as exploding at step {start}.', 'exploding-logged', { flagged: '1, 2, 3, 4', start: 0 }),
      ],
      why: [
        say('With weights {gain} times larger than He initialisation, each layer multiplies the forward signal by about that much,', ['gain', 'act-growth'], { gain: 8, start: 0, lo: 5, hi: 8 }),
        say('and back-propagation multiplies the gradient by the same large weights on its way down, so the first update is far too large and the numbers overflow.', ['grad-growth', 'diverges'], { glo: 4, ghi: 9, a: 1, b: 6, factor: 5000, step: 1 }),
        cite('Glorot & Bengio and He et al. derive the scale that avoids both this blow-up and its mirror image, the vanishing gradient.'),
      ],
    },
    changes: [
      {
        id: 'gain-one',
        set: { initGain: 1 },
        did: [say('With the init gain at {gain} the run does not diverge, and its test accuracy ends at {acc}% or more.', ['gain-one:no-divergence', 'gain-one:learns'], { gain: 1, acc: 99 })],
      },
    ],
  }),
  lesson({
    name: 'born-dead-bias',
    title: 'Born dead: negative bias initialisation',
    config: { dataset: 'circle', hidden: deep(4, 8), activation: 'relu', init: 'he_normal', biasInit: -3, learningRate: 0.03, batchSize: 10 },
    steps: 500,
    next: 'dying-relu-high-lr',
    panel: 'network',
    paper: 'Lu, Shin, Su & Karniadakis (2020, "Dying ReLU and initialization: theory and numerical examples")',
    story: {
      try: [
        say('Look before pressing play: at step {start} the event log says the network is born dead — layers {zeroLayers} output exactly zero for every input.', ['born-dead', 'born-dead-logged'], { start: 0, zeroLayers: '3, 4' }),
        say("Press play: the loss falls from {l0} to {l1} while the accuracy stays at {acc}% on the training set and {testAcc}% on the test set at every evaluation — only the output layer's bias learns, towards the share of each class.", ['loss-falls', 'acc-flat', 'frozen'], { l0: 1.52, l1: 0.694, acc: 50.8, testAcc: 49.2 }),
        say('Set the bias init back to {bias} to bring it to life: no layer is dead at the start and the test accuracy ends at {acc}% or more.', ['bias-zero:alive', 'bias-zero:learns'], { bias: 0, acc: 99 }),
      ],
      lookFor: [
        say('No gradient passes the dead layers: dL/dz is exactly zero in every hidden layer at every evaluation, so nothing below the output layer ever changes.', 'frozen'),
        say('Layer {l1} is not entirely dead: {d1} of its {u} units are dead at step {start}, the other {a1} are active for part of the plane; in layer {l2} {d2} of {u} are dead.', 'partly-dead', { l1: 1, d1: 3, a1: 5, l2: 2, d2: 7, u: 8, start: 0 }),
      ],
      why: [
        say('With every bias at {bias}, a ReLU unit is active only where its weighted input exceeds {bar}.', 'bias', { bias: -3, bar: 3 }),
        say("Layer {l1}'s inputs are the coordinates themselves, out to {reach} on the training points, so some of its units clear that bar for part of the plane;", ['reach', 'partly-dead'], { l1: 1, reach: 2.9, d1: 3, a1: 5, l2: 2, d2: 7, u: 8, start: 0 }),
        say('their outputs are small, so in layer {l2} fewer clear it, and layers {zeroLayers} get nothing above it: they output zeros for every input, and no gradient passes them.', ['partly-dead', 'born-dead', 'frozen'], { l1: 1, d1: 3, a1: 5, l2: 2, d2: 7, u: 8, start: 0, zeroLayers: '3, 4' }),
        cite('Lu, Shin, Su & Karniadakis show that deep, narrow ReLU networks are born dead with high probability even with ordinary initialisation; a negative bias makes it far more likely.'),
      ],
    },
    changes: [
      {
        id: 'bias-zero',
        set: { biasInit: 0 },
        did: [say('With the biases starting at {bias} no layer is dead at step {start}, and the test accuracy ends at {acc}% or more.', ['bias-zero:alive', 'bias-zero:learns'], { bias: 0, start: 0, acc: 99 })],
      },
    ],
  }),
  lesson({
    name: 'dying-relu-high-lr',
    title: 'Dying ReLUs after a too-large learning rate',
    config: { dataset: 'circle', hidden: deep(4, 8), activation: 'relu', init: 'he_uniform', learningRate: 1.5, batchSize: 10 },
    steps: 2000,
    next: 'leaky-relu-rescue',
    panel: 'units',
    paper: 'Lu, Shin, Su & Karniadakis (2020, "Dying ReLU and initialization: theory and numerical examples")',
    story: {
      try: [
        say('Press play and let it run its budget: units get crossed out in the network diagram, and at the end at least {share}% of the hidden units are dead.', 'dead-share', { share: 80 }),
        say('Then switch the activation to leaky_relu (same learning rate): no unit is dead at any evaluation and the test accuracy ends at {acc}% or more.', ['leaky:no-dead', 'leaky:learns'], { acc: 99 }),
        say('Or lower the learning rate to {lr}: at most {maxDead} units are dead at any evaluation and the test accuracy ends at {acc}% or more.', ['slow:few-dead', 'slow:learns'], { lr: 0.03, maxDead: 3, acc: 99 }),
      ],
      lookFor: [
        say('In layer {l}, whose inputs are the data points themselves, the dead count only ever goes up: the event log never reports a unit of layer {l} coming back to life.', ['first-layer-rising', 'first-layer-no-revival'], { l: 1 }),
        say('Deeper units can come back: the event log may report units of layers {revivers} coming back to life when the layers below have changed their inputs.', 'deep-revival', { revivers: '2, 3, 4' }),
        say('From step {from} on, all {u} units of layer {l} are dead: dL/dz is exactly zero in every layer below it, and the accuracy stays between {lo}% and {hi}%.', 'collapsed', { from: 500, u: 8, l: 4, lo: 49, hi: 51 }),
      ],
      why: [
        say("A large update can push a ReLU unit's weights and bias to where its pre-activation is negative for every training input. Its output and its slope are then exactly zero on every training point,", ['dead-share', 'relu-flat'], { share: 80 }),
        say('so the gradient of its own weights and bias is zero too: the unit cannot move itself back.', 'relu-flat'),
        say('In layer {l} the inputs are fixed, so such a unit is dead for good.', 'first-layer-rising', { l: 1 }),
        say("A deeper unit's inputs are the outputs of the layers below, which keep changing, so it can come back — until a whole layer is dead: then no gradient passes it and nothing below it changes any more.", ['deep-revival', 'collapsed'], { revivers: '2, 3, 4', from: 500, u: 8, l: 4, lo: 49, hi: 51 }),
        cite('Lu, Shin, Su & Karniadakis analyse when ReLU networks die; a high learning rate is the everyday way to get there.'),
      ],
    },
    changes: [
      {
        id: 'leaky',
        set: { activation: 'leaky_relu' },
        did: [say('With leaky ReLU no unit is dead at any evaluation (units knocked negative are marked inactive instead), and the test accuracy ends at {acc}% or more.', ['leaky:no-dead', 'leaky:learns'], { acc: 99 })],
      },
      {
        id: 'slow',
        set: { learningRate: 0.03 },
        did: [say('At learning rate {lr} at most {maxDead} units are dead at any evaluation, and the test accuracy ends at {acc}% or more.', ['slow:few-dead', 'slow:learns'], { lr: 0.03, maxDead: 3, acc: 99 })],
      },
    ],
  }),
  lesson({
    name: 'leaky-relu-rescue',
    title: 'Leaky ReLU cannot die',
    config: { dataset: 'circle', hidden: deep(4, 8), activation: 'leaky_relu', leakySlope: 0.01, init: 'he_uniform', learningRate: 1.5, batchSize: 10 },
    steps: 2000,
    next: 'gelu-smooth',
    panel: 'units',
    paper: 'Maas, Hannun & Ng (2013, "Rectifier nonlinearities improve neural network acoustic models")',
    story: {
      try: [
        say('Press play: with the same too-large learning rate as the dying-ReLU lesson, no unit is dead at any evaluation, and the test accuracy ends at {acc}%.', ['no-dead', 'learns', 'same-rate'], { acc: 100 }),
        say('The accuracy may fall back to chance for a while before it recovers.', 'dip'),
        say('Switch the activation to relu to see the same run die: at the end at least {share}% of the hidden units are dead.', 'relu:dies', { share: 80 }),
      ],
      lookFor: [
        say('No dead unit; units knocked into the negative region are marked inactive instead: at the end of the budget layer {l} has {k} of {u} inactive.', ['no-dead', 'inactive-end'], { l: 4, k: 6, u: 8 }),
        say('Inactive units still receive gradient and can come back: of the {k0} units of layer {l} inactive at step {start}, {back} is active at the end.', 'inactive-back', { k0: 3, l: 3, start: 0, back: 1 }),
      ],
      why: [
        say("Leaky ReLU replaces the flat negative side with a slope of {slope}, so its slope is never zero:", ['leaky-slope', 'slope-setting'], { slope: 0.01 }),
        say('every unit keeps receiving gradient, and a unit knocked into the negative region is inactive, not dead.', ['no-dead', 'inactive-back'], { k0: 3, l: 3, start: 0, back: 1 }),
        cite('Maas, Hannun & Ng introduced it for this reason.'),
      ],
    },
    changes: [
      {
        id: 'relu',
        set: { activation: 'relu' },
        did: [say('With plain ReLU the same run dies: at the end at least {share}% of the hidden units are dead.', 'relu:dies', { share: 80 })],
      },
    ],
  }),
  lesson({
    name: 'gelu-smooth',
    title: 'Smooth versus kinked: GELU passes gradient on both sides of zero',
    config: { dataset: 'circle', hidden: deep(4, 8), activation: 'gelu', init: 'he_normal', learningRate: 0.03, batchSize: 10 },
    steps: 500,
    next: 'swish-dip',
    panel: 'activation',
    paper: 'Hendrycks & Gimpel (2016, "Gaussian error linear units (GELUs)"); Ramachandran, Zoph & Le (2017, "Searching for activation functions"); Misra (2019, "Mish: a self regularized non-monotonic activation function")',
    story: {
      try: [
        say('Press play and open the gradient view of the distributions panel: at no evaluation does a GELU unit pass an exact zero gradient for any example, and the units panel never counts a dead unit.', ['no-zeros', 'no-dead']),
        say('Switch the activation to relu: at every evaluation between {lo}% and {hi}% of the per-example gradients in the hidden layers are exact zeros, and the event log lists units dead from step {start}.', ['relu:zeros', 'relu:dead-at-start'], { lo: 49, hi: 55, start: 0 }),
        say('Try swish or mish: smooth as well, they leave no exact zero either.', ['swish:no-zeros', 'mish:no-zeros']),
      ],
      lookFor: [
        say('A gradient histogram without exact zeros and no dead unit, at every evaluation.', ['no-zeros', 'no-dead']),
        say("In the activation panel, GELU's slope passes smoothly through {half} at $z = 0$, where ReLU's jumps from {zero} to {one};", ['slope-at-zero', 'relu-jump'], { half: 0.5, zero: 0, one: 1 }),
        say('at $z = −0.5$ GELU still passes {left} of the gradient, ReLU nothing.', 'slope-left', { left: 0.13 }),
      ],
      why: [
        say('GELU is $z·Φ(z)$: the input weighted by the chance that a standard normal variable falls below it, {up} at $z = 1$ and {down} at $z = −1$.', 'gelu-values', { up: 0.841, down: -0.159 }),
        say("Its slope fades gradually as the input goes negative instead of dropping to zero at a kink, so a unit whose inputs sit a little below zero still learns, and the units panel has no dead unit to count.", ['slope-left', 'no-dead'], { left: 0.13 }),
        say('Smooth is not immortal: far below zero the slope is tiny, under {tiny} in size at $z = −4$, and a unit pushed there learns almost nothing.', 'slope-far', { tiny: 0.001 }),
        cite('Hendrycks & Gimpel introduced GELU; swish (Ramachandran, Zoph & Le) and mish (Misra) are smooth in the same way.'),
      ],
    },
    changes: [
      {
        id: 'relu',
        set: { activation: 'relu' },
        did: [say('With ReLU between {lo}% and {hi}% of the per-example gradients are exact zeros at every evaluation, and some units are dead from step {start}.', ['relu:zeros', 'relu:dead-at-start'], { lo: 49, hi: 55, start: 0 })],
      },
      { id: 'swish', set: { activation: 'swish' }, did: [say('With swish no gradient is exactly zero at any evaluation, as with GELU.', 'swish:no-zeros')] },
      { id: 'mish', set: { activation: 'mish' }, did: [say('With mish no gradient is exactly zero at any evaluation, as with GELU.', 'mish:no-zeros')] },
    ],
  }),
  lesson({
    name: 'swish-dip',
    title: 'The dip of swish: a non-monotonic activation',
    config: { dataset: 'circle', hidden: deep(3, 8), activation: 'swish', init: 'he_normal', learningRate: 0.03, batchSize: 10 },
    steps: 500,
    next: 'softplus-slow-start',
    panel: 'histograms',
    paper: 'Ramachandran, Zoph & Le (2017, "Searching for activation functions"); Misra (2019, "Mish: a self regularized non-monotonic activation function")',
    story: {
      try: [
        say('Look at the activation panel: swish dips below zero to a minimum of {min} at $z ≈$ {at}, then rises back towards zero for very negative inputs.', 'swish-min', { min: -0.278, at: -1.28 }),
        say('Switch to mish: its dip is a little deeper, {min} at $z ≈$ {at}, and its activations stop at the dip as well.', ['mish-min', 'mish:floor'], { min: -0.309, at: -1.19 }),
        say('Switch to relu: no activation is below {zero} at any evaluation — ReLU has no negative side.', 'relu:no-negative', { zero: 0 }),
      ],
      lookFor: [
        say("In the distributions panel's activations view, no layer's smallest activation is below {floor} at any evaluation — nothing lies below the dip — while {share}% or more of the activations are negative.", ['floor', 'negative-share'], { floor: -0.279, share: 30 }),
        say('In its pre-activations view, {neg}% or more of the inputs are negative at every evaluation, and {left}% or more lie left of the minimum, below $z ≈$ {at}, where the slope is negative: there a larger input gives a smaller output.', ['pre-negative', 'pre-left', 'slope-negative'], { neg: 30, left: 8, at: -1.28 }),
      ],
      why: [
        say('Swish is $z·σ(βz)$, here with β = {beta}: for negative inputs the sigmoid factor shrinks faster than the input grows, so the curve turns back up towards zero;', ['beta', 'swish-min'], { beta: 1, min: -0.278, at: -1.28 }),
        say('its slope is negative left of the minimum, {slope} at $z = −2$, and its activations can never go below the minimum.', ['slope-negative', 'floor'], { slope: -0.091, floor: -0.279 }),
        cite('Ramachandran, Zoph & Le found swish by automated search and observed that much of the input falls in the region of the dip; Misra\'s mish has the same shape.'),
      ],
    },
    changes: [
      { id: 'mish', set: { activation: 'mish' }, did: [say('With mish the dip is deeper ({min}) and, as with swish, no activation lies below it at any evaluation.', ['mish-min', 'mish:floor'], { min: -0.309, at: -1.19 })] },
      { id: 'relu', set: { activation: 'relu' }, did: [say('With ReLU no activation is negative at any evaluation: there is no dip.', 'relu:no-negative', { zero: 0 })] },
    ],
  }),
  lesson({
    name: 'softplus-slow-start',
    title: 'Softplus: a smooth ReLU that starts slowly',
    config: { dataset: 'circle', hidden: deep(3, 6), activation: 'softplus', learningRate: 0.03, batchSize: 10 },
    steps: 1200,
    next: 'elu-negative-saturation',
    panel: 'curves',
    paper: 'Dugas, Bengio, Bélisle, Nadeau & Garcia (2001, "Incorporating second-order functional knowledge for better option pricing"); Glorot, Bordes & Bengio (2011, "Deep sparse rectifier neural networks")',
    story: {
      try: [
        say('Press play: for its first {s} steps the training loss stays above {hold}, close to where it started ({l0}), and the output panel stays almost flat (the outputs\' spread stays under {outStd}).', ['plateau', 'start-loss', 'flat-output'], { s: 300, hold: 0.65, l0: 0.696, outStd: 0.04 }),
        say('While the outputs hover near the middle the test accuracy may flicker between chance and {hi}%.', 'flicker', { hi: 80 }),
        say('It is slow, not stuck: from step {from} on the test accuracy is at least {acc}%.', 'learns', { from: 900, acc: 95 }),
        say('Switch the activation to relu: by step {s} the loss is below {loss}.', 'relu:falls', { s: 300, loss: 0.43 }),
        say('Or keep softplus and raise the init gain to {gain}: from step {from} on the test accuracy is at least {acc}%.', 'gain:learns', { gain: 3, from: 350, acc: 95 }),
      ],
      lookFor: [
        say('A long flat start in the loss chart, then a fall; the pre-activations\' spread (σ in the distributions panel) is under {preStd} in every layer for the first {s} steps.', ['plateau', 'narrow-inputs'], { s: 300, hold: 0.65, preStd: 1 }),
      ],
      why: [
        say("Softplus, $ln(1 + e^z)$, is a ReLU with its kink smoothed over a wide range: its slope changes by at most {bend} per unit of $z$, where ReLU's jumps by {jump} at $z = 0$ and ELU's changes up to {eluBend}.", 'bend', { bend: 0.25, jump: 1, eluBend: 1 }),
        say('Between {r1} and {r2} it stays within {dev} of the straight line $ln 2 + z/2$.', 'near-straight', { r1: -1, r2: 1, dev: 0.12 }),
        say('With pre-activations this narrow, every unit works on a stretch where softplus is nearly straight, so the network is close to a linear map and a linear map cannot draw a circle: it has to grow its weights before it can bend its boundary.', ['narrow-inputs', 'plateau'], { s: 300, hold: 0.65, preStd: 1 }),
        say('A larger init gain spreads the pre-activations over the bend from the start, which is why it learns sooner.', ['gain:wide-inputs', 'gain:learns'], { preStd: 2.5, gain: 3, from: 350, acc: 95 }),
        cite('Dugas, Bengio, Bélisle, Nadeau & Garcia proposed softplus as a smooth rectifier; Glorot, Bordes & Bengio found the hard rectifier trains better despite its zero.'),
      ],
    },
    changes: [
      { id: 'relu', set: { activation: 'relu' }, did: [say('With ReLU the loss falls from the start: from step {s} on it is below {loss}.', 'relu:falls', { s: 300, loss: 0.43 })] },
      { id: 'gain', set: { initGain: 3 }, did: [say('With init gain {gain} the pre-activations start wide (σ above {preStd} in every layer) and from step {from} on the test accuracy is at least {acc}%.', ['gain:wide-inputs', 'gain:learns'], { gain: 3, preStd: 2.5, from: 350, acc: 95 })] },
    ],
  }),
  lesson({
    name: 'elu-negative-saturation',
    title: 'ELU: negative outputs pull the mean activation towards zero',
    config: { dataset: 'circle', hidden: deep(4, 16), activation: 'elu', init: 'he_normal', learningRate: 0.03, batchSize: 10 },
    steps: 300,
    next: 'selu-self-normalising',
    panel: 'histograms',
    paper: 'Clevert, Unterthiner & Hochreiter (2015, "Fast and accurate deep network learning by exponential linear units (ELUs)")',
    story: {
      try: [
        say('Press play: from step {from} on the test accuracy is at least {acc}%.', 'learns', { from: 61, acc: 95 }),
        say('Switch the activation to leaky_relu: at every evaluation every layer\'s mean activation is higher than with ELU, and the test accuracy stays below {acc}% at every evaluation up to step {upTo}.', ['leaky:higher-means', 'leaky:slower'], { acc: 95, upTo: 80 }),
        say('Switch to selu with the lecun_normal initialiser: every layer\'s mean starts within ±{m} of zero — the next lesson.', 'selu:centred', { m: 0.1 }),
      ],
      lookFor: [
        say("In the distributions panel's activations view, {share}% or more of the activations are negative at every evaluation, and none is below {floor}: ELU's outputs bottom out at $−α$.", ['negative-share', 'floor'], { share: 40, floor: -1 }),
        say('The mean activation, averaged over the layers, stays between {lo} and {hi}.', 'mean-range', { lo: 0.29, hi: 0.35 }),
      ],
      why: [
        say('ELU is $z$ for $z > 0$ and $α(e^z − 1)$ below, here with α = {alpha}: its outputs saturate at {floor} for very negative inputs, where its slope fades to zero.', ['alpha', 'saturates'], { alpha: 1, floor: -1 }),
        say("Leaky ReLU's negative outputs are tiny, so its mean activation stays well above zero; ELU's negative outputs pull every layer's mean down.", ['leaky:higher-means', 'leaky:tiny-negatives'], { upper: -0.125 }),
        cite('Clevert, Unterthiner & Hochreiter argue that means near zero bring the gradient closer to the natural gradient and reduce the bias shift that slows learning, as batch normalisation does; they saw faster learning.'),
      ],
    },
    changes: [
      { id: 'leaky', set: { activation: 'leaky_relu' }, did: [say('With leaky ReLU every layer\'s mean activation is higher at every evaluation, and the test accuracy is still below {acc}% at every evaluation up to step {upTo}.', ['leaky:higher-means', 'leaky:slower'], { acc: 95, upTo: 80 })] },
      { id: 'selu', set: { activation: 'selu', init: 'lecun_normal' }, did: [say('With SELU and LeCun-normal weights every layer\'s mean starts within ±{m} of zero.', 'selu:centred', { m: 0.1 })] },
    ],
  }),
  lesson({
    name: 'selu-self-normalising',
    title: 'SELU keeps activations normalised through depth',
    config: { dataset: 'circle', hidden: deep(8, 16), activation: 'selu', init: 'lecun_normal', learningRate: 0.01, batchSize: 10 },
    steps: 300,
    next: null,
    panel: 'histograms',
    paper: 'Klambauer, Unterthiner, Mayr & Hochreiter (2017, "Self-normalizing neural networks")',
    story: {
      try: [
        say('Look at the activation histograms: at every evaluation every one of the {layers} layers keeps its mean within ±{m} and its spread (σ) between {lo} and {hi}.', 'normalised', { layers: 8, m: 0.3, lo: 0.6, hi: 1.5 }),
        say('Switch the activation to elu (SELU without its constants λ and α): the spread shrinks with depth, to {last} or less in layer {l} at step {start}.', 'elu:shrinks', { last: 0.25, l: 8, start: 0 }),
        say('Switch the initialiser to he_normal, variance $2/n$ instead of LeCun\'s $1/n$: the fixed point moves, and layers {from}–{to} start with a spread between {hlo} and {hhi}.', 'he:wider', { from: 4, to: 8, hlo: 1.9, hhi: 2.4 }),
        say('Switching to xavier_uniform changes little: between layers of equal width its variance $2/(n + n)$ is LeCun\'s $1/n$, and every layer keeps its spread between {lo} and {hi}.', 'xavier:same', { lo: 0.6, hi: 1.5 }),
      ],
      lookFor: [
        say('Mean near zero and spread near one in every layer — mean within ±{m}, σ between {lo} and {hi} at every evaluation — without any normalisation layer.', 'normalised', { layers: 8, m: 0.3, lo: 0.6, hi: 1.5 }),
      ],
      why: [
        say('SELU scales an ELU by λ ≈ {lambda} with α ≈ {alpha},', 'constants', { lambda: 1.0507, alpha: 1.6733 }),
        say('constants chosen so that mean zero and variance one is an attracting fixed point of the layer map under LeCun-normal weights: activations drift back towards unit variance as they go deeper.', 'normalised', { layers: 8, m: 0.3, lo: 0.6, hi: 1.5 }),
        cite('Klambauer, Unterthiner, Mayr & Hochreiter derived the constants and trained deep feed-forward networks without normalisation layers.'),
      ],
    },
    changes: [
      { id: 'elu', set: { activation: 'elu' }, did: [say('With plain ELU the spread shrinks with depth, to {last} or less in layer {l} at step {start}.', 'elu:shrinks', { last: 0.25, l: 8, start: 0 })] },
      { id: 'he', set: { init: 'he_normal' }, did: [say('With He initialisation layers {from}–{to} start with a spread between {hlo} and {hhi}: a different fixed point.', 'he:wider', { from: 4, to: 8, hlo: 1.9, hhi: 2.4 })] },
      { id: 'xavier', set: { init: 'xavier_uniform' }, did: [say('With Xavier initialisation every layer keeps a spread between {lo} and {hi}, as with LeCun\'s: for equal widths both have the same variance.', 'xavier:same', { lo: 0.6, hi: 1.5 })] },
    ],
  }),
];

/**
 * The presets by name. Each: {name, title, config, steps, next, panel, paper, story, changes,
 * lookFor, explanation, tryText}. The table has no prototype, so a name typed by a user
 * ("constructor", "valueOf") finds nothing here.
 */
export const presets = Object.freeze(Object.assign(Object.create(null), Object.fromEntries(list.map((p) => [p.name, deepFreeze(p)]))));
export const presetNames = Object.freeze(list.map((p) => p.name));

/** The preset of that name (a deep copy of its config), or a TypeError with a hint. */
export function getPreset(name) {
  const p = typeof name === 'string' && Object.hasOwn(presets, name) ? presets[name] : undefined;
  if (!p) throw typeError('preset', `${show(name)} is not a preset (${presetNames.join(', ')})${didYouMean(name, presetNames)}`);
  return { ...p, config: structuredClone(p.config) };
}
