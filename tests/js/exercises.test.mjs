// The eight ready exercises (web/exercises/): each is valid (checker, engine and the JSON Schema
// file agree), each committed reference solution passes when replayed headlessly, the
// starting configuration run to its budget fails on the predicates that test the phenomenon,
// and every claim the exercise's texts make about the numbers (the fixed answer of a
// prediction, "the edge lies between 0.16 and 0.2", "leaky_relu cannot die but fades") is
// measured here. Replays are short (at most 3000 steps of small networks).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { builds, root } from './helpers.mjs';
import { validate } from './json-schema.mjs';

const [{ gradlab }, { gradlab: scalar }] = await builds();
const dir = path.join(root, 'web/exercises');
const read = (file) => JSON.parse(readFileSync(file, 'utf8'));
const schemaFile = read(path.join(dir, 'schema.json'));
const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'schema.json');
const exercises = Object.fromEntries(files.map((f) => [f.replace(/\.json$/, ''), read(path.join(dir, f))]));
const solutionFiles = readdirSync(path.join(dir, 'solutions')).filter((f) => f.endsWith('.json'));
const hidden = (m) => m.layers.filter((l) => l.role === 'hidden');
const sum = (xs) => xs.reduce((a, b) => a + b, 0);

/** Trains the exercise's starting configuration (with overrides) and returns the submission. */
function runOf(id, overrides = {}, steps = exercises[id].limits.steps, exercise = {}) {
  const ex = gradlab.checkExercise(exercises[id]);
  const s = gradlab.createSession({ ...ex.config, ...overrides });
  s.step(steps);
  const run = { ...s.toJSON(), exercise: { id, ...exercise } };
  s.dispose();
  return run;
}
/** The figures of a configuration after `steps` (evaluated with diagnostics). */
function figures(config, steps) {
  const s = gradlab.createSession(config);
  s.step(steps);
  const m = s.evaluate();
  s.dispose();
  return m;
}
const failing = (r) => r.checks.map((c, i) => (c.passed ? null : i)).filter((i) => i !== null);

test('the eight exercises: valid for the checker, the engine and the JSON Schema file; ids match file names', () => {
  assert.deepEqual(Object.keys(exercises).sort(), [
    'deep-relu-init', 'dying-relu-revive', 'edge-of-chaos', 'largest-learning-rate', 'predict-dead-fraction', 'relu-family-moons', 'selu-normalised', 'vanishing-sigmoid-fix',
  ]);
  for (const [id, json] of Object.entries(exercises)) {
    const ex = gradlab.checkExercise(json);
    assert.equal(ex.id, id);
    assert.deepEqual(validate(schemaFile, json), [], `${id} against schema.json`);
    assert.ok(ex.limits.steps <= 3000, `${id}: a short budget keeps the replays fast`);
    assert.ok(solutionFiles.some((f) => f.split('.')[0] === id), `${id} has a reference solution`);
    // Every goal predicate has a label and feedback a student can read.
    for (const g of ex.goal) assert.ok(g.label && g.feedback.length > 20, `${id}: ${g.predicate}`);
  }
  // The schema file is not vacuous: it refuses what the checker refuses structurally.
  const base = exercises['vanishing-sigmoid-fix'];
  for (const bad of [{ ...base, titel: 'x' }, { ...base, goal: [] }, { ...base, id: 'Bad Id' }, { ...base, limits: { steps: 1e6 } }, { ...base, goal: [{ predicate: 'step > 0' }] }, { ...base, instructions: 'a\u0007' }]) {
    assert.notDeepEqual(validate(schemaFile, bad), []);
    assert.throws(() => gradlab.checkExercise(bad), (e) => e instanceof TypeError || e instanceof RangeError);
  }
});

test('every committed reference solution passes when replayed (and grades the same on both builds)', async () => {
  for (const f of solutionFiles) {
    const run = read(path.join(dir, 'solutions', f));
    const id = f.split('.')[0];
    const r = await gradlab.grade(exercises[id], run);
    assert.equal(r.passed, true, `${f}: ${JSON.stringify(r.checks.filter((c) => !c.passed))}`);
    assert.equal(r.replayed, true);
    assert.equal(r.step, run.step);
    if (r.prediction) assert.equal(r.prediction.correct, true, `${f}: prediction`);
  }
  const run = read(path.join(dir, 'solutions', 'vanishing-sigmoid-fix.json'));
  assert.deepEqual(await scalar.grade(exercises['vanishing-sigmoid-fix'], run), await gradlab.grade(exercises['vanishing-sigmoid-fix'], run));
});

test('every starting configuration, run to its budget, fails on the predicates that test the phenomenon', async () => {
  // Which goal entries must fail at the start: the phenomenon's, not just "step >= N".
  const expected = {
    'vanishing-sigmoid-fix': [0, 1],      // gradient spread, accuracy
    'dying-relu-revive': [0, 1, 4],       // dead share, accuracy, (no cure applied)
    'deep-relu-init': [0, 1, 2],          // gradient spread, signal at layer 30, accuracy
    'selu-normalised': [0, 3],            // deep layers' spread, accuracy
    'relu-family-moons': [0, 1, 2],       // dead units, gradient spread, test accuracy
    'largest-learning-rate': [2],         // trains, but far below the edge
    'edge-of-chaos': [0, 2],              // gradient vanishes, signal gone
    'predict-dead-fraction': [],          // nothing to change: the prediction decides (below)
  };
  for (const [id, fails] of Object.entries(expected)) {
    const r = await gradlab.grade(exercises[id], runOf(id, {}, exercises[id].limits.steps, id === 'predict-dead-fraction' ? { prediction: 0.1 } : {}));
    assert.equal(r.passed, false, id);
    assert.deepEqual(failing(r), fails, `${id}: ${JSON.stringify(r.checks.map((c) => [c.passed, c.value]))}`);
  }
});

test('vanishing-sigmoid-fix: the fixed answer "first" is what the starting network measures; sigmoid cannot pass at any initialiser', async () => {
  const ex = gradlab.checkExercise(exercises['vanishing-sigmoid-fix']);
  const m = figures(ex.config, 0);
  const g = hidden(m).map((l) => l.gradZRms);
  assert.equal(g.indexOf(Math.min(...g)), 0, 'layer 1 gets the smallest gradient');
  assert.ok(g[5] / g[0] >= 4 ** 6, `layer 6 / layer 1 = ${g[5] / g[0]}: the feedback's "4⁶ ≈ 4000 or more"`);
  assert.ok(figures(ex.config, 3000).layers[5].gradZRms / figures(ex.config, 3000).layers[0].gradZRms > 10000, '"tens of thousands of times smaller"');
  // Hint 1: with sigmoid, the best initialiser still leaves layer 1 thousands of times behind.
  for (const init of ['xavier_uniform', 'xavier_normal', 'he_normal', 'lecun_normal', 'orthogonal']) {
    const r = await gradlab.grade(ex, runOf(ex.id, { init }));
    assert.equal(r.checks[0].passed, false, init);
    assert.ok(r.checks[0].value > 100, `${init}: spread ${r.checks[0].value}`);
  }
});

test('dying-relu-revive: the two reference solutions are the two cures, one change each; half-cures fail', async () => {
  const ex = gradlab.checkExercise(exercises['dying-relu-revive']);
  const ways = solutionFiles.filter((f) => f.startsWith('dying-relu-revive.')).map((f) => read(path.join(dir, 'solutions', f)).config);
  assert.equal(ways.length, 2);
  assert.ok(ways.some((c) => c.activation === 'relu' && c.learningRate < ex.config.learningRate));
  assert.ok(ways.some((c) => c.activation !== 'relu' && c.learningRate === ex.config.learningRate));
  // The start kills most units (the preset's lesson); both changes at once is refused by the goal.
  const start = figures(ex.config, 2000);
  assert.ok(sum(hidden(start).map((l) => l.dead)) / 32 >= 0.3);
  const both = await gradlab.grade(ex, runOf(ex.id, { activation: 'leaky_relu', learningRate: 0.3 }));
  assert.deepEqual(failing(both), [4]);
  // Too small a cut of the learning rate leaves too many units dead.
  const half = await gradlab.grade(ex, runOf(ex.id, { learningRate: 0.8 }));
  assert.ok(failing(half).includes(0), `lr 0.8: ${half.checks[0].value}`);
});

test('deep-relu-init: Xavier loses about √2 per layer, He keeps the size; only He-type initialisers pass', async (t) => {
  const ex = gradlab.checkExercise(exercises['deep-relu-init']);
  const per = (m, key) => (hidden(m).at(-1)[key] / hidden(m)[0][key]) ** (1 / 29);
  const xavier = figures(ex.config, 0);
  const grad = per(xavier, 'gradZRms');  // layer 30 over layer 1: how much it shrinks per layer going down
  const signal = 1 / per(xavier, 'actStd');  // how much the activations' spread shrinks per layer going up
  t.diagnostic(`Xavier, per layer: gradient ÷${grad.toFixed(3)} going down, activation spread ÷${signal.toFixed(3)} going up (√2 = 1.414)`);
  assert.ok(grad > 1.3 && grad < 1.6, `"about √2 per layer": gradient ÷${grad}`);
  assert.ok(signal > 1.3 && signal < 1.8, `"the signal fades layer by layer": ÷${signal}`);
  const he = figures({ ...ex.config, init: 'he_normal' }, 0);
  assert.ok(per(he, 'gradZRms') > 0.8 && per(he, 'gradZRms') < 1.25, `He: gradient ×${per(he, 'gradZRms')} per layer`);
  for (const init of ['he_uniform', 'lecun_normal', 'orthogonal']) {
    const r = await gradlab.grade(ex, runOf(ex.id, { init }));
    assert.equal(r.passed, init === 'he_uniform', init);
  }
});

test('selu-normalised: the standard initialiser has variance 1/(3n) and shrinks the spread with depth; lecun_normal has 1/n and keeps it', () => {
  const ex = gradlab.checkExercise(exercises['selu-normalised']);
  const weightVariance = (config) => {
    const s = gradlab.createSession(config);
    const W = s.getWeights().layers[3].W.flat();  // 16 inputs
    s.dispose();
    return sum(W.map((w) => w * w)) / W.length;
  };
  const n = 16;
  const std = weightVariance(ex.config) * 3 * n;
  assert.ok(std > 0.8 && std < 1.25, `standard: variance × 3n = ${std}`);
  const lecun = weightVariance({ ...ex.config, init: 'lecun_normal' }) * n;
  assert.ok(lecun > 0.8 && lecun < 1.25, `lecun_normal: variance × n = ${lecun}`);
  const spread = hidden(figures(ex.config, 0)).map((l) => l.actStd);
  for (let i = 1; i < spread.length; i++) assert.ok(spread[i] < spread[i - 1], `standard: std falls layer by layer ${spread}`);
  const kept = hidden(figures({ ...ex.config, init: 'lecun_normal' }, 0)).slice(3).map((l) => l.actStd);
  assert.ok(kept.every((s) => s > 0.6 && s < 1.5), `lecun_normal keeps layers 4-8 near 1: ${kept}`);
});

test('relu-family-moons: ReLU loses units, leaky ReLU cannot die but fades, ELU and SELU pass (the hints, measured)', async () => {
  const ex = gradlab.checkExercise(exercises['relu-family-moons']);
  const grade = (activation) => gradlab.grade(ex, runOf(ex.id, { activation }));
  const relu = await grade('relu');
  assert.ok(relu.checks[0].value > 0, 'relu: dead units');
  const leaky = await grade('leaky_relu');
  assert.equal(leaky.checks[0].passed, true, 'leaky_relu: no dead unit');
  assert.equal(leaky.checks[1].passed, false, `leaky_relu: the gradient fades (spread ${leaky.checks[1].value})`);
  for (const a of ['elu', 'selu']) assert.equal((await grade(a)).passed, true, a);
});

test('predict-dead-fraction: the measured fraction decides the prediction, within its tolerance', async () => {
  const ex = gradlab.checkExercise(exercises['predict-dead-fraction']);
  const m = figures(ex.config, 2000);
  const fraction = sum(hidden(m).map((l) => l.dead)) / sum(hidden(m).map((l) => l.units));
  assert.ok(fraction >= 0.3 && fraction <= 1, `dead fraction ${fraction}`);
  for (const [answer, correct] of [[fraction, true], [fraction - 0.14, true], [fraction + 0.16, false], [0.1, false], [0, false]]) {
    if (answer < 0 || answer > 1) continue;
    const r = await gradlab.grade(ex, runOf(ex.id, {}, 2000, { prediction: answer }));
    assert.equal(r.prediction.expected, fraction);
    assert.equal(r.prediction.correct, correct, `answer ${answer}`);
    assert.equal(r.passed, correct, 'the graded prediction decides');
  }
  const early = await gradlab.grade(ex, runOf(ex.id, {}, 500, { prediction: fraction }));
  assert.equal(early.checks[0].passed, false, 'the prediction is about the end of the budget');
});

test('largest-learning-rate: the edge lies between 0.16 and 0.2, every rate above it diverges, and the threshold 0.12 is within 1.5x of it', async () => {
  const ex = gradlab.checkExercise(exercises['largest-learning-rate']);
  const trains = (lr) => {
    const m = figures({ ...ex.config, learningRate: lr }, 1000);
    return m.diverged === null && m.trainLoss <= 0.1;
  };
  assert.equal(trains(0.16), true);
  assert.equal(trains(0.2), false);
  // Bisection between the hint's bounds: the edge.
  let [lo, hi] = [0.16, 0.2];
  for (let i = 0; i < 8; i++) {
    const mid = (lo + hi) / 2;
    if (trains(mid)) lo = mid;
    else hi = mid;
  }
  assert.ok(lo / 0.12 <= 1.5 && lo / 0.12 > 1, `edge ${lo}, threshold 0.12`);
  for (const lr of [0.2, 0.3, 0.5, 1, 2, 5, 10]) {
    const m = figures({ ...ex.config, learningRate: lr }, 1000);
    assert.ok(m.diverged, `lr ${lr} diverges ("above a critical rate … until the loss overflows")`);
  }
  // Past the edge, a submission is graded as diverged.
  const r = await gradlab.grade(ex, runOf(ex.id, { learningRate: 0.3 }));
  assert.equal(r.checks[0].passed, false);
  assert.ok(r.checks[0].value && r.checks[0].value.step < 1000);
});

test('edge-of-chaos: ordered below σ_w = 1 (the gradient vanishes), chaotic above (it explodes), and the passing gains form one interval around 1', async () => {
  const ex = gradlab.checkExercise(exercises['edge-of-chaos']);
  const ratio = (gain) => {
    const h = hidden(figures({ ...ex.config, initGain: gain }, 0));
    return h[0].gradZRms / h.at(-1).gradZRms;
  };
  assert.ok(ratio(0.5) < 0.01, `σ_w = 0.5: layer 1 / layer 20 = ${ratio(0.5)} (the fixed answer "vanishes")`);
  assert.ok(ratio(3) > 10, `σ_w = 3: layer 1 / layer 20 = ${ratio(3)} (hint: the other side)`);
  const gains = [0.5, 0.7, 0.8, 0.9, 1, 1.1, 1.2, 1.5, 2, 2.5, 3];
  const passes = [];
  for (const gain of gains) passes.push((await gradlab.grade(ex, runOf(ex.id, { initGain: gain }, 0))).passed);
  const first = passes.indexOf(true);
  const last = passes.lastIndexOf(true);
  assert.ok(first > 0 && last < gains.length - 1, `${passes}`);
  assert.ok(passes.slice(first, last + 1).every(Boolean), `one interval: ${passes}`);
  assert.ok(gains[first] <= 1 && gains[last] >= 1, `σ_w = 1 passes: ${passes}`);
});
