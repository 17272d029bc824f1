// Each lesson preset shows its phenomenon, read from the metrics the playground charts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builds } from './helpers.mjs';
import { presets, presetNames, getPreset, normalizeConfig } from '../../web/src/node.js';

const [{ gradlab }] = await builds();
const hiddenLayers = (m) => m.layers.filter((l) => l.role === 'hidden');
const sum = (xs) => xs.reduce((a, b) => a + b, 0);

/** Trains a preset (with overrides) to its budget, calling look(metrics) at `checks` points. */
function train(name, overrides, look, checks = 5) {
  const p = presets[name];
  const s = gradlab.createSession({ ...p.config, ...overrides });
  try {
    look(s.evaluate());
    for (let i = 1; i <= checks; i++) {
      s.step(Math.round((p.steps * i) / checks) - s.metrics().step);
      const m = s.evaluate();
      look(m);
      if (m.diverged) break;
    }
    return s.evaluate();
  } finally {
    s.dispose();
  }
}

test('the eleven lesson presets exist, are valid, cite their paper and draw in the playground', () => {
  assert.deepEqual([...presetNames].sort(), [
    'born-dead-bias', 'dying-relu-high-lr', 'elu-negative-saturation', 'exploding-init', 'gelu-smooth', 'leaky-relu-rescue',
    'relu-he-rescue', 'selu-self-normalising', 'softplus-slow-start', 'swish-dip', 'vanishing-sigmoid',
  ]);
  const cites = {
    'vanishing-sigmoid': 'Glorot & Bengio (2010', 'relu-he-rescue': 'He, Zhang', 'dying-relu-high-lr': 'Lu, Shin', 'born-dead-bias': 'Lu, Shin',
    'leaky-relu-rescue': 'Maas, Hannun & Ng (2013', 'selu-self-normalising': 'Klambauer', 'exploding-init': 'Glorot & Bengio (2010',
    'gelu-smooth': 'Hendrycks & Gimpel (2016', 'swish-dip': 'Ramachandran, Zoph & Le (2017', 'softplus-slow-start': 'Glorot, Bordes & Bengio (2011',
    'elu-negative-saturation': 'Clevert, Unterthiner & Hochreiter (2015',
  };
  for (const name of presetNames) {
    const p = presets[name];
    assert.ok(gradlab.check(p.config));
    assert.ok(p.explanation.includes(cites[name]), `${name} cites its paper`);
    assert.ok(p.title && p.lookFor && p.steps > 0 && p.steps <= 5000);
    const c = normalizeConfig(p.config);
    assert.ok(['circle', 'xor', 'gaussian', 'spiral', 'moons', 'checkerboard'].includes(c.dataset), '2-D data the page draws');
    assert.ok(c.hidden.length <= 8 && c.hidden.every((w) => w <= 16), 'a network the page can draw in full');
  }
  const copy = getPreset('dying-relu-high-lr');
  copy.config.learningRate = 5;
  assert.equal(presets['dying-relu-high-lr'].config.learningRate, 1.5, 'getPreset returns a copy');
  assert.throws(() => getPreset('dying-relu'), /did you mean dying-relu-high-lr\?/);
});

test('vanishing-sigmoid: layer 1 gets 100x less back-propagated gradient than the last hidden layer, at init and while training', () => {
  let checked = 0;
  train('vanishing-sigmoid', {}, (m) => {
    const h = hiddenLayers(m);
    const ratio = h[h.length - 1].gradZRms / h[0].gradZRms;
    assert.ok(ratio >= 100, `step ${m.step}: ratio ${ratio}`);
    checked++;
  });
  assert.equal(checked, 6);
});

test('relu-he-rescue: the same depth with ReLU + He keeps the gradient within 10x across layers and learns', () => {
  const m = train('relu-he-rescue', {}, (m) => {
    const g = hiddenLayers(m).map((l) => l.gradZRms);
    assert.ok(Math.max(...g) / Math.min(...g) < 10, `step ${m.step}: ${g}`);
  });
  assert.ok(m.trainAccuracy > 0.95, `accuracy ${m.trainAccuracy}`);
});

test('dying-relu-high-lr: at least 30% of hidden units die within the step budget', () => {
  const m = train('dying-relu-high-lr', {}, () => {});
  const h = hiddenLayers(m);
  const share = sum(h.map((l) => l.dead)) / sum(h.map((l) => l.units));
  assert.ok(share >= 0.3, `dead share ${share}`);
  assert.equal(m.diverged, null, 'dead, not diverged');
});

test('the same preset with leaky_relu: 0 dead units (inactive ones reported apart) and it learns', () => {
  let inactiveSeen = 0;
  const m = train('dying-relu-high-lr', { activation: 'leaky_relu' }, (m) => {
    assert.equal(sum(hiddenLayers(m).map((l) => l.dead)), 0, `step ${m.step}`);
    inactiveSeen += sum(hiddenLayers(m).map((l) => l.inactive));
  });
  assert.equal(m.diverged, null);
  assert.ok(inactiveSeen > 0, 'some units are knocked into the negative region and labelled inactive');
  assert.ok(m.trainAccuracy > 0.95);
  const rescue = train('leaky-relu-rescue', {}, (x) => assert.equal(sum(hiddenLayers(x).map((l) => l.dead)), 0));
  assert.ok(rescue.trainAccuracy > 0.95);
});

test('born-dead-bias: flagged born dead before any training', () => {
  const p = presets['born-dead-bias'];
  const s = gradlab.createSession(p.config);
  const m = s.evaluate();
  assert.equal(m.step, 0);
  assert.equal(m.bornDead, true);
  assert.ok(hiddenLayers(m).some((l) => l.allZero && l.dead === l.units));
  s.step(p.steps);
  assert.equal(s.evaluate().bornDead, true, 'and it never recovers');
  s.dispose();
  const control = gradlab.createSession({ ...p.config, biasInit: 0 });
  assert.equal(control.evaluate().bornDead, false, 'the bias is the cause');
  control.dispose();
});

test('selu-self-normalising: deep activations settle near mean 0, std 1', () => {
  const p = presets['selu-self-normalising'];
  const s = gradlab.createSession(p.config);
  const deepLayers = hiddenLayers(s.evaluate()).slice(3);
  for (const l of deepLayers) {
    assert.ok(Math.abs(l.actMean) < 0.3, `layer ${l.index + 1} mean ${l.actMean}`);
    assert.ok(l.actStd > 0.6 && l.actStd < 1.5, `layer ${l.index + 1} std ${l.actStd}`);
  }
  s.step(p.steps);
  assert.ok(s.evaluate().trainAccuracy > 0.95);
  s.dispose();
  // Control: plain ELU (SELU without its two constants) lets the variance decay with depth.
  const elu = gradlab.createSession({ ...p.config, activation: 'elu' });
  const last = hiddenLayers(elu.evaluate()).at(-1);
  assert.ok(last.actStd < 0.5, `elu std ${last.actStd}`);
  elu.dispose();
});

test('exploding-init: divergence is reported within the budget', () => {
  const m = train('exploding-init', {}, () => {});
  assert.ok(m.diverged, 'diverged');
  assert.ok(m.diverged.step <= presets['exploding-init'].steps);
  assert.match(m.diverged.message, /at step \d+ — /);
});
