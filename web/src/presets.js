// Named presets for the lessons: a partial configuration, a step budget and the story.
// Each was tuned on the engine so its phenomenon is unmistakable within the budget;
// tests/js/presets.test.mjs asserts every one of them from the metrics.
import { typeError, show, didYouMean } from './errors.js';
import { deepFreeze } from './schema.js';

const deep = (n, w) => Array.from({ length: n }, () => w);

const list = [
  {
    name: 'vanishing-sigmoid',
    title: 'Vanishing gradients in a deep sigmoid network',
    config: { dataset: 'circle', hidden: deep(6, 8), activation: 'sigmoid', init: 'standard', learningRate: 0.3, batchSize: 10 },
    steps: 3000,
    lookFor: 'the back-propagated gradient (dL/dz) of layer 1 is hundreds of times smaller than that of the last hidden layer, and the first layers barely learn',
    explanation:
      "Each sigmoid layer multiplies the back-propagated gradient by its derivative, at most 0.25, and by weights that the " +
      "'standard' initialisation U[-1/sqrt(n), 1/sqrt(n)] keeps small, so the gradient shrinks geometrically on its way down " +
      'to the first layer while the top layers saturate. Glorot & Bengio (2010, "Understanding the difficulty of training deep ' +
      'feedforward neural networks") measured exactly this and proposed the normalised (Xavier) initialisation.',
  },
  {
    name: 'relu-he-rescue',
    title: 'ReLU with He initialisation keeps the gradient flowing',
    config: { dataset: 'circle', hidden: deep(6, 8), activation: 'relu', init: 'he_normal', learningRate: 0.03, batchSize: 10 },
    steps: 3000,
    lookFor: 'the gradient bars of all layers stay within a factor of a few of each other, and the loss falls',
    explanation:
      "ReLU's derivative is 1 wherever the unit is active, and He initialisation (variance 2/n_in) compensates for the half " +
      'of the units that are off, so the variance of activations and gradients is preserved from layer to layer. He, Zhang, ' +
      'Ren & Sun (2015, "Delving deep into rectifiers") derived this scaling and trained 30-layer rectifier networks from scratch with it.',
  },
  {
    name: 'dying-relu-high-lr',
    title: 'Dying ReLUs after a too-large learning rate',
    config: { dataset: 'circle', hidden: deep(4, 8), activation: 'relu', init: 'he_uniform', learningRate: 1.5, batchSize: 10 },
    steps: 2000,
    lookFor: 'units marked dead: their input is negative for every training point, so their gradient is exactly zero and they never recover',
    explanation:
      'A large update can push a ReLU unit\'s weights and bias to where its pre-activation is negative for every input. Its ' +
      'output and its derivative are then zero everywhere, no gradient reaches it, and it stays dead for the rest of training. ' +
      'Lu, Shin, Su & Karniadakis (2020, "Dying ReLU and initialization: theory and numerical examples") analyse when networks ' +
      'die; a high learning rate is the everyday way to kill a large share of them.',
  },
  {
    name: 'leaky-relu-rescue',
    title: 'Leaky ReLU cannot die',
    config: { dataset: 'circle', hidden: deep(4, 8), activation: 'leaky_relu', leakySlope: 0.01, init: 'he_uniform', learningRate: 1.5, batchSize: 10 },
    steps: 2000,
    lookFor: 'zero dead units: some units may be inactive (negative for every input) but their small slope still passes gradient, so they can come back',
    explanation:
      "Leaky ReLU replaces the flat negative side with a small slope (0.01 here), so f'(z) is never zero and every unit keeps " +
      'receiving gradient: a unit knocked into the negative region is inactive, not dead. Maas, Hannun & Ng (2013, ' +
      '"Rectifier nonlinearities improve neural network acoustic models") introduced it for this reason.',
  },
  {
    name: 'born-dead-bias',
    title: 'Born dead: negative bias initialisation',
    config: { dataset: 'circle', hidden: deep(4, 8), activation: 'relu', init: 'he_normal', biasInit: -3, learningRate: 0.03, batchSize: 10 },
    steps: 500,
    lookFor: 'the network is flagged born dead before any training: a whole layer outputs exactly zero for every input, so the output is constant and nothing learns',
    explanation:
      'With every bias started at -3, the pre-activations of a ReLU layer are negative for every input, the layer outputs zeros, ' +
      'and no gradient passes it: the network is dead at birth and training cannot start. Lu, Shin, Su & Karniadakis (2020, ' +
      '"Dying ReLU and initialization") show that deep, narrow ReLU networks are born dead with high probability even with ' +
      'ordinary initialisation; a negative bias makes it certain.',
  },
  {
    name: 'selu-self-normalising',
    title: 'SELU keeps activations normalised through depth',
    config: { dataset: 'circle', hidden: deep(8, 16), activation: 'selu', init: 'lecun_normal', learningRate: 0.01, batchSize: 10 },
    steps: 1000,
    lookFor: 'activation mean near 0 and standard deviation near 1 in the deep layers, without any normalisation layer',
    explanation:
      'SELU scales an ELU by lambda ~ 1.0507 with alpha ~ 1.6733, constants chosen so that mean 0 and variance 1 is an ' +
      'attracting fixed point of the layer map under LeCun-normal weights: activations drift back to unit variance as they go ' +
      'deeper. Klambauer, Unterthiner, Mayr & Hochreiter (2017, "Self-normalizing neural networks").',
  },
  {
    name: 'exploding-init',
    title: 'Exploding activations from a too-large initialisation',
    config: { dataset: 'circle', hidden: deep(6, 8), activation: 'leaky_relu', leakySlope: 0.2, init: 'he_normal', initGain: 8, learningRate: 0.03, batchSize: 10 },
    steps: 500,
    lookFor: 'activations and gradients growing by about the gain at every layer, then a divergence report (NaN or infinite loss) within a few steps',
    explanation:
      'With weights eight times larger than He initialisation, each layer multiplies the signal by about eight: activations ' +
      'and gradients grow geometrically with depth and the first update overshoots until the numbers overflow. It is the ' +
      'mirror image of vanishing gradients (Glorot & Bengio 2010; He et al. 2015 derive the scale that avoids both). Leaky ' +
      'ReLU keeps both sides of every unit alive; with a plain ReLU the same blow-up more often kills the units instead.',
  },
];

/**
 * The presets by name. Each: {name, title, config, steps, lookFor, explanation}. The table has
 * no prototype, so a name typed by a user ("constructor", "valueOf") finds nothing here.
 */
export const presets = Object.freeze(Object.assign(Object.create(null), Object.fromEntries(list.map((p) => [p.name, deepFreeze(p)]))));
export const presetNames = Object.freeze(list.map((p) => p.name));

/** The preset of that name (a deep copy of its config), or a TypeError with a hint. */
export function getPreset(name) {
  const p = typeof name === 'string' && Object.hasOwn(presets, name) ? presets[name] : undefined;
  if (!p) throw typeError('preset', `${show(name)} is not a preset (${presetNames.join(', ')})${didYouMean(name, presetNames)}`);
  return { ...p, config: structuredClone(p.config) };
}
