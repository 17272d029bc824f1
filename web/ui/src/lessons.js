// The lessons: the engine's presets (title, configuration, step budget, what to look for,
// why, with the paper) plus, here, what to try and how the page recognises that the
// phenomenon is on screen (a "checkpoint", also sent as an event to an embedding page).
// The checks use the same thresholds as the presets' own tests (tests/js/presets.test.mjs).
import { presets, presetNames } from '../../src/common.js';
import { fmt, pct } from './format.js';

const hidden = (m) => m.layers.filter((l) => l.role === 'hidden');
const sum = (xs) => xs.reduce((a, b) => a + b, 0);

const TRY = {
  'vanishing-sigmoid':
    'Press play and watch the gradient-flow panel: the dL/dz bar of layer 1 stays hundreds of times shorter than the last ' +
    "hidden layer's, and the layer × time heatmap stays dark at the bottom. Then change the activation to relu and the " +
    'initialiser to he_normal (or open the next lesson) and compare.',
  'relu-he-rescue':
    'Press play: all gradient bars stay within a factor of a few of each other and the loss falls. Switch the activation ' +
    'back to sigmoid to see the bars of the first layers collapse again.',
  'dying-relu-high-lr':
    'Press play and let it run its budget: units get crossed out in the network diagram and the dead-units panel counts them. ' +
    'Then switch the activation to leaky_relu (same learning rate) and run it again, or lower the learning rate to 0.03.',
  'leaky-relu-rescue':
    'Press play: with the same too-large learning rate as the dying-ReLU lesson, no unit dies. Some may be marked inactive ' +
    '(negative for every input): watch them — they still receive gradient and can come back.',
  'born-dead-bias':
    'Look before pressing play: the network is flagged born dead and the output heatmap is flat. Press play: nothing learns. ' +
    'Set the bias init back to 0 to bring it to life.',
  'selu-self-normalising':
    'Look at the activation histograms: in the deep layers the activations keep mean near 0 and spread near 1. Switch the ' +
    'activation to elu or the initialiser to xavier_uniform and watch the spread shrink with depth.',
  'exploding-init':
    'Press play: the gradient bars grow with depth and within a few steps the run diverges and pauses. Lower the init gain ' +
    'to 1 to tame it.',
};

const CHECKS = {
  'vanishing-sigmoid': (m) => {
    const h = hidden(m);
    const r = h.at(-1).gradZRms / h[0].gradZRms;
    return Number.isFinite(r) && r >= 100 && `layer 1's dL/dz is ${fmt(r)}× smaller than layer ${h.length}'s`;
  },
  'relu-he-rescue': (m) => {
    const g = hidden(m).map((l) => l.gradZRms);
    const r = Math.max(...g) / Math.min(...g);
    return Number.isFinite(r) && r < 10 && m.trainAccuracy > 0.9 && `all layers' dL/dz within ${fmt(r)}× of each other, accuracy ${pct(m.trainAccuracy)}`;
  },
  'dying-relu-high-lr': (m) => {
    const h = hidden(m);
    const share = sum(h.map((l) => l.dead)) / sum(h.map((l) => l.units));
    return share >= 0.3 && `${pct(share)} of the hidden units are dead`;
  },
  'leaky-relu-rescue': (m, budget) => {
    const dead = sum(hidden(m).map((l) => l.dead));
    return dead === 0 && m.step >= budget && m.trainAccuracy > 0.9 && `no dead unit after ${m.step} steps, accuracy ${pct(m.trainAccuracy)}`;
  },
  'born-dead-bias': (m) => m.bornDead && 'a hidden layer outputs exactly 0 for every input',
  'selu-self-normalising': (m) => {
    const deep = hidden(m).slice(3);
    return deep.length > 0 && deep.every((l) => Math.abs(l.actMean) < 0.3 && l.actStd > 0.6 && l.actStd < 1.5) &&
      `layers 4–${hidden(m).length}: mean within ±0.3 of 0, spread between 0.6 and 1.5`;
  },
  'exploding-init': (m) => m.diverged && `diverged at step ${m.diverged.step}`,
};

export const lessonNames = presetNames;

export function lesson(name) {
  const p = presets[name];
  if (!p) return null;
  return { name, title: p.title, steps: p.steps, lookFor: p.lookFor, explanation: p.explanation, config: p.config, tryText: TRY[name] ?? '' };
}

/** A sentence when the lesson's phenomenon shows in `metrics`, else false. */
export function checkpoint(name, metrics) {
  const check = CHECKS[name];
  if (!check || !metrics) return false;
  try {
    return check(metrics, presets[name].steps) || false;
  } catch {
    return false;
  }
}
