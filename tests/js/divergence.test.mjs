// Numerical blow-up, on both builds: every way a run can produce NaN/Inf —
// a huge learning rate, a huge initialisation gain, an exploding depth, extreme user inputs
// or targets — is reported as `diverged` (step, cause, a plain-words message) at the first
// step that produced a non-finite value; the session stays usable (reset, lower the learning
// rate, train on); and no NaN/Infinity reaches metrics(), evaluate(), toJSON(), exported
// weights, grids, the URL hash of the configuration or the CLI's JSON and CSV.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { builds, root, assertFiniteDeep, assertOverflowExplained } from './helpers.mjs';
import { toHash, fromHash, getPreset } from '../../web/src/node.js';
import { toCSV, historyEntry } from '../../web/src/cli/report.js';

// Extreme user data: inputs around ±1e30 (finite in float32, whose largest value is 3.4e38).
function hugeInputs() {
  const n = 100;
  const inputs = new Float32Array(2 * n);
  const targets = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    inputs[2 * i] = (i % 2 ? 1 : -1) * 1e30;
    inputs[2 * i + 1] = (i % 3) * 1e30;
    targets[i] = i % 2;
  }
  return { inputs, targets, inputDim: 2 };
}
// Regression targets of ±1e30: the squared error overflows float32 on the first batch.
const hugeTargets = () => ({
  inputs: Float32Array.from({ length: 50 }, (_, i) => i / 10),
  targets: Float32Array.from({ length: 50 }, (_, i) => (i % 2 ? 1e30 : -1e30)),
  inputDim: 1,
  task: 'regression',
});

// Each scenario must diverge within `within` steps. `rescue` is a learning rate at which the
// same run, reset, trains without diverging (null where the initial weights or the data
// themselves overflow, so no learning rate can help: only a new configuration does).
const SCENARIOS = [
  { name: 'huge learning rate (tanh, MSE, lr 10)', config: { hidden: [8, 8], learningRate: 10, loss: 'mse', outputActivation: 'linear' }, within: 50, rescue: 0.01 },
  { name: 'huge learning rate with momentum 0.999', config: { hidden: [8, 8], activation: 'linear', learningRate: 10, optimizer: 'momentum', momentum: 0.999 }, within: 50, rescue: 0.001 },
  { name: 'huge init gain (linear, gain 100)', config: { hidden: [16, 16, 16], activation: 'linear', init: 'he_normal', initGain: 100 }, within: 20, rescue: null },
  { name: 'huge init gain (ReLU, gain 100)', config: { hidden: [16, 16, 16], activation: 'relu', init: 'he_normal', initGain: 100 }, within: 20, rescue: null },
  { name: 'exploding depth (40 linear layers, He gain 2)', config: { hidden: Array(40).fill(16), activation: 'linear', init: 'he_normal', initGain: 2 }, within: 5, rescue: null },
  { name: 'exploding depth (30 leaky-ReLU layers, He gain 3)', config: { hidden: Array(30).fill(8), activation: 'leaky_relu', init: 'he_normal', initGain: 3 }, within: 5, rescue: null },
  { name: 'extreme user inputs (±1e30, ReLU)', config: { hidden: [4], activation: 'relu' }, data: hugeInputs, within: 5, rescue: null },
  { name: 'extreme user targets (±1e30, regression)', config: { hidden: [4] }, data: hugeTargets, within: 5, rescue: null },
];

const all = await builds();

/** Everything a learner or the page can see of a session: no NaN/Infinity anywhere. */
function assertNothingNonFinite(s, where) {
  assertFiniteDeep(s.metrics(), `${where}: metrics()`);
  assertFiniteDeep(s.evaluate(), `${where}: evaluate()`);
  assertFiniteDeep(s.toJSON({ weights: true }), `${where}: toJSON({weights})`);
  assertFiniteDeep(s.getWeightsArray(), `${where}: getWeightsArray()`);
  const hash = toHash(s.config);
  assert.doesNotMatch(hash, /NaN|Infinity/, `${where}: toHash`);
  assert.deepEqual(fromHash(hash, { strict: true }).warnings, []);
  if (s.info.gridDims > 0) {
    // Grids are raw network outputs over the plane: once the network overflows they may hold
    // NaN/±Infinity, which the page draws as "overflow" cells (web/ui/src/panels/output.js).
    // A healthy run may do so only far from its data, as a real float32 overflow.
    const g = s.predictGrid(20, { copy: true });
    const n = s.neuronGrids(20, { copy: true });
    const line = s.info.gridDims === 1;  // fit1d and 1-D user data: a line of cells
    assert.equal(g.values.length, (line ? 20 : 400) * s.info.outputs);
    assert.equal(n.values.length, (line ? 20 : 400) * s.info.units);
    if (!s.evaluate().diverged) assertOverflowExplained(s, g, n, where);
  }
  const csv = toCSV([historyEntry(s.metrics())]);
  assert.doesNotMatch(csv, /NaN|Infinity/, `${where}: CSV`);
}

for (const { name: build, gradlab } of all) {
  for (const sc of SCENARIOS) {
    test(`[${build}] ${sc.name}: diverged at the first non-finite step, with step, cause and advice; usable afterwards`, () => {
      const make = () => gradlab.createSession(sc.config, sc.data ? { data: sc.data() } : undefined);
      const s = make();
      try {
        // One step at a time: every step the engine applied had a finite batch loss and
        // gradient norm, and the first one that did not is the one reported.
        let applied = 0;
        for (; applied < sc.within; applied++) {
          if (s.step(1) === 0) break;
          const m = s.metrics();
          assert.equal(m.diverged, null, `step ${applied + 1} was applied yet the run is marked diverged`);
          assert.ok(Number.isFinite(m.batchLoss) && Number.isFinite(m.gradNorm), `step ${applied + 1} was applied with loss ${m.batchLoss}, gradient norm ${m.gradNorm}`);
        }
        const m = s.metrics();
        assert.ok(m.diverged, `no divergence within ${sc.within} steps`);
        assert.equal(m.diverged.step, applied, 'the reported step is the number of steps applied');
        assert.equal(m.step, applied);
        assert.ok(['loss', 'gradient', 'weights'].includes(m.diverged.cause), m.diverged.cause);
        // Plain words: what happened, when, and what to change; never a raw NaN in a figure.
        assert.match(m.diverged.message, new RegExp(`^(loss became (NaN|infinite)|the gradient overflowed|the weights overflowed) at step ${applied}\\b`));
        assert.match(m.diverged.message, / — .*\((.+)\)$/);
        if (applied === 0) assert.doesNotMatch(m.diverged.message, /learning rate is probably too high/, 'no update was made yet: the learning rate cannot be the cause');
        assertNothingNonFinite(s, 'after divergence');

        // The step that overflowed was not applied: the weights are those after `applied` steps.
        const replay = make();
        replay.step(applied);
        assert.deepEqual(s.getWeightsArray(), replay.getWeightsArray());
        replay.dispose();

        // Still usable: further steps are refused quietly, every call still answers.
        assert.equal(s.step(10), 0);
        assert.equal(s.stepEpoch(), 0);
        assert.deepEqual(s.metrics().diverged, m.diverged);

        // reset() starts the same run again: same seeds, so it diverges the same way.
        s.reset();
        assert.equal(s.metrics().diverged, null);
        assert.equal(s.metrics().step, 0);
        assert.equal(s.step(sc.within), applied);
        assert.deepEqual(s.metrics().diverged, m.diverged);

        if (sc.rescue !== null) {
          // Lower the learning rate (a live change, kept by reset) and training goes on.
          s.setLive('learningRate', sc.rescue);
          s.reset();
          assert.equal(s.config.learningRate, sc.rescue);
          const before = s.evaluate().trainLoss;
          assert.equal(s.step(500), 500);
          const after = s.evaluate();
          assert.equal(after.diverged, null);
          assert.ok(after.trainLoss < before, `loss ${before} -> ${after.trainLoss}`);
          assertNothingNonFinite(s, 'after the rescue');
        }
      } finally {
        s.dispose();
      }
    });
  }

  test(`[${build}] a run that overflows before training is caught by evaluate() at step 0`, () => {
    const s = gradlab.createSession({ hidden: [4] }, { data: hugeTargets() });
    const m = s.evaluate();
    assert.ok(m.diverged);
    assert.equal(m.diverged.step, 0);
    assert.doesNotMatch(m.diverged.message, /learning rate is probably too high/);
    assert.equal(s.step(5), 0);
    assertNothingNonFinite(s, 'diverged at evaluate');
    s.dispose();
  });
}

// Found by the "sessions" property (GRADLAB_FC_SEED=954534645): Adam with beta2 0 and a tiny
// epsilon drives weights to ~1e15 within 5 steps; the ReLU units that carry them are off on all
// 10 training points, so loss, gradient and weights stay finite (not diverged), but the output
// over the line between the points overflows to -Infinity. The grids must say so truthfully
// (the page greys those cells), and the overflow must be the network's own.
for (const { name: build, gradlab } of all) {
  test(`[${build}] a healthy run that overflows off its data: grids show the overflow, explained by the weights`, () => {
    const s = gradlab.createSession({
      dataset: 'fit1d', numPoints: 10, features: ['x1', 'sinx1', 'x1sq'], dataSeed: 0, hidden: [8, 12],
      layerActivations: ['relu', 'softplus'], seed: 6, optimizer: 'adam', learningRate: 1, beta2: 0, epsilon: 1e-12, batchSize: 3,
    });
    assert.equal(s.step(5), 5);
    const e = s.evaluate({ diagnostics: true });
    assert.equal(e.diverged, null);
    assertFiniteDeep(e, 'evaluate()');
    const g = s.predictGrid(16, { copy: true }), n = s.neuronGrids(16, { copy: true });
    assert.ok(g.values.some((v) => !Number.isFinite(v)), 'the output overflows somewhere on the line');
    assertOverflowExplained(s, g, n, 'grid at step 5');
    assertNothingNonFinite(s, 'overflow off the data');
    assert.equal(s.step(6), 6, 'and it trains on');
    s.dispose();
  });
}

test('the CLI writes no NaN/Infinity into its JSON and CSV for a run that diverges', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gradlab-div-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const out = path.join(dir, 'run.json');
  const csv = path.join(dir, 'run.csv');
  const r = spawnSync(process.execPath, [path.join(root, 'web/src/cli.js'), 'run', '--preset', 'exploding-init', '--out', out, '--csv', csv, '--quiet'], { encoding: 'utf8' });
  assert.equal(r.status, 3, `a diverged run exits 3: ${r.stderr}`);
  assert.match(r.stdout, /DIVERGED: .* at step \d+ — /);
  const json = readFileSync(out, 'utf8');
  assert.doesNotMatch(json, /NaN|Infinity/);
  const run = JSON.parse(json);
  assert.ok(run.final.diverged, 'the preset diverges');
  assert.ok(run.step < getPreset('exploding-init').steps, 'training stopped at the divergence');
  assertFiniteDeep(run, 'run.json');
  const text = readFileSync(csv, 'utf8');
  assert.doesNotMatch(text, /NaN|Infinity/);
  assert.ok(text.trim().split('\n').length >= 2);
});
