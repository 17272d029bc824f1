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
  // A value whose String() throws is refused naming its field (found by the exercises property,
  // seed 1046954524: the "did you mean" hint converted it).
  for (const kind of [{ toString: 1 }, Object.create(null), Symbol('choice')]) {
    const bad = structuredClone(exercises['edge-of-chaos']);
    bad.prediction.kind = kind;
    assert.throws(() => gradlab.checkExercise(bad), (e) => e instanceof TypeError && e.field === 'prediction.kind' && /is not number or choice$/.test(e.message));
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
    'edge-of-chaos': [0, 2],              // gradient vanishes, output constant
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

// E[g(√q z)] for z ~ N(0, 1), g built from the engine's own tanh (f and f′): a Riemann sum over
// z in [-8, 8] (the tails beyond carry < 1e-14 of the mass).
const Z = Array.from({ length: 1601 }, (_, i) => -8 + i * 0.01);
const DZ = Z.map((z) => Math.exp(-z * z / 2) * 0.01 / Math.sqrt(2 * Math.PI));
function gaussianMoments(activation, q) {
  const c = gradlab.activationCurve(activation, Float32Array.from(Z, (z) => Math.sqrt(q) * z));
  const m = { f2: 0, d2: 0, d4: 0 };
  DZ.forEach((w, i) => {
    m.f2 += w * c.f[i] ** 2;
    m.d2 += w * c.df[i] ** 2;
    m.d4 += w * c.df[i] ** 4;
  });
  return m;
}

test('edge-of-chaos: the σ_w² that pass form one interval around the theory\'s critical σ_w² at σ_b² = 0.05, no wider than depth and width allow; the texts\' numbers measured', async (t) => {
  const ex = gradlab.checkExercise(exercises['edge-of-chaos']);
  const c = ex.config;
  const L = c.hidden.length, N = c.hidden[0], sb2 = c.sigmaB2;
  // What the instructions say about the network is its configuration.
  assert.ok(c.hidden.every((n) => n === N));
  for (const [text, holds] of [['twenty hidden layers deep', L === 20], ['256 units wide', N === 256], ['σ_b² = 0.05', sb2 === 0.05], ['starts at σ_w² = 0.5', c.sigmaW2 === 0.5],
    ['16 random numbers', c.dataset === 'highdim' && c.inputDim === 16], ['`signal_propagation`', c.init === 'signal_propagation'], ['the step budget is 0', ex.limits.steps === 0]])
    assert.ok(ex.instructions.includes(text) && holds, text);

  // The theory. Λ = ln(g₁ / g_L), g the rms dL/dz of a hidden layer: going down through layer l
  // multiplies the mean squared gradient by χ(q^l) = σ_w² E[φ′(√q^l z)²] (W of layer l+1 has
  // variance σ_w²/N over N inputs and N outputs), so Λ = ½ Σ_{l=1}^{L-1} ln χ(q^l), with the
  // variance map q¹ = σ_w² E[x²] + σ_b², q^{l+1} = σ_w² E[φ(√q^l z)²] + σ_b². Deep down q^l = q*
  // and χ = χ₁ (gradlab.meanField), which is 1 exactly on the critical line; the first layers
  // (q¹ > q*, within ξ_q ≈ 1.5 layers) add a transient, included here.
  const s = gradlab.createSession(c);
  const p = s.points();
  s.dispose();
  let sq = 0;
  for (const i of p.train) for (let d = 0; d < p.dims; d++) sq += p.coords[p.dims * i + d] ** 2;
  const inputVariance = sq / (p.train.length * p.dims);
  const theoryLog = (w) => {
    let q = w * inputVariance + sb2, sum = 0;
    for (let l = 1; l < L; l++) {
      const m = gaussianMoments(c.activation, q);
      sum += 0.5 * Math.log(w * m.d2);
      q = w * m.f2 + sb2;
    }
    return sum;
  };
  // The tolerance on Λ, from width N and depth L (the derivation of tests/core/test_signal_propagation.cpp,
  // for one network): given the layer above, one example's squared gradient over N units is χ (1 + ε_l)
  // with Var ε_l = K/N, K = 3 E[φ′⁴]/E[φ′²]² - 1 at q*, independent from layer to layer; Λ sums L-1 of
  // ½ ln(1 + ε_l): spread √((L-1) K / 4N), bias (L-1) K/4N; a finite layer's variance fluctuates
  // around q*, which moves χ by O(1/N) per layer, allowed as (L-1) 2/N. The rms over the training
  // points only lowers the spread.  tolerance = 4 √((L-1) K / 4N) + (L-1) (K/4N + 2/N).
  const tolerance = (w) => {
    const m = gaussianMoments(c.activation, gradlab.meanField({ activation: c.activation, sigmaW2: w, sigmaB2: sb2 }).qStar);
    const K = 3 * m.d4 / (m.d2 * m.d2) - 1;
    return 4 * Math.sqrt((L - 1) * K / (4 * N)) + (L - 1) * (K / (4 * N) + 2 / N);
  };
  const [critical] = gradlab.criticalLine(c, [sb2]);
  // The goal: g₁/g_L between 1/R and R.
  const R = Number(ex.goal[1].predicate.match(/^hiddenLayers\[0\]\.gradZRms \/ hiddenLayers\[-1\]\.gradZRms <= (\d+)$/)[1]);
  assert.equal(ex.goal[0].predicate, `hiddenLayers[0].gradZRms / hiddenLayers[-1].gradZRms >= 1 / ${R}`);
  const limit = Math.log(R);
  // "less than 6% per layer (1.06¹⁹ ≈ 3)", "a third of and three times": the goal's R over L-1 layers.
  assert.ok(R === 3 && R ** (1 / (L - 1)) < 1.06 && Math.abs(1.06 ** (L - 1) - R) < 0.05);

  // Every σ_w² of a grid, graded as the grader grades it (check 0's value is g₁/g_L), against the theory.
  const grid = [...Array.from({ length: 29 }, (_, i) => 0.5 + 0.125 * i), 5, 6];
  const rows = [];
  for (const w of grid) {
    const r = await gradlab.grade(ex, runOf(ex.id, { sigmaW2: w }, 0));
    rows.push({ w, r, measured: Math.log(r.checks[0].value), theory: theoryLog(w), tol: tolerance(w), phase: gradlab.meanField({ activation: c.activation, sigmaW2: w, sigmaB2: sb2 }).phase });
  }
  const lines = rows.map((x) => `σ_w² ${x.w.toFixed(3)} (${x.phase}): ln(g1/g20) measured ${x.measured.toFixed(2)}, theory ${x.theory.toFixed(2)} ± ${x.tol.toFixed(2)}${x.r.passed ? '  PASS' : ''}`);
  for (const line of [`critical σ_w² ${critical}`, ...lines]) t.diagnostic(line);
  const table = lines.join('\n');
  for (const x of rows) assert.ok(Math.abs(x.measured - x.theory) <= x.tol, `σ_w² ${x.w}: the measurement departs from the theory by more than the tolerance\n${table}`);

  // The passing σ_w² form one interval; the theory's critical σ_w² passes (hint 2); below the
  // interval the gradient vanishes (ordered: "increase σ_w²"), above it explodes (chaotic: "decrease").
  const passing = rows.filter((x) => x.r.passed);
  const first = rows.indexOf(passing[0]), last = rows.indexOf(passing.at(-1));
  assert.ok(passing.length > 0 && first > 0 && last < rows.length - 1, table);
  assert.equal(last - first + 1, passing.length, `one interval\n${table}`);
  const atCritical = await gradlab.grade(ex, runOf(ex.id, { sigmaW2: critical }, 0));
  assert.equal(atCritical.passed, true, `σ_w² = ${critical}`);
  assert.ok(rows[first].w <= critical && rows[last].w >= critical, table);
  for (const x of rows.slice(0, first)) assert.ok(!x.r.checks[0].passed && x.r.checks[1].passed && x.phase === 'ordered', `σ_w² ${x.w}: vanishes, ordered`);
  for (const x of rows.slice(last + 1)) assert.ok(x.r.checks[0].passed && !x.r.checks[1].passed && x.phase === 'chaotic', `σ_w² ${x.w}: explodes, chaotic`);
  // In σ_w²: the interval lies within the σ_w² where the theory's Λ reaches ±(ln 3 + tolerance)
  // on either side of the critical σ_w² (the goal's ln 3 over L-1 layers, the transient, the width).
  const edge = (sign) => {
    let [lo, hi] = sign < 0 ? [0.25, critical] : [critical, 20];
    for (let i = 0; i < 40; i++) {
      const mid = (lo + hi) / 2;
      const outside = sign * theoryLog(mid) > limit + tolerance(mid);
      if ((sign < 0) === outside) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  const [below, above] = [edge(-1), edge(1)];
  t.diagnostic(`passing σ_w² ${rows[first].w}–${rows[last].w} on the grid; allowed ${below.toFixed(3)}–${above.toFixed(3)} around the critical ${critical.toFixed(4)}`);
  assert.ok(rows[first].w >= below && rows[last].w <= above, `${rows[first].w}–${rows[last].w} outside ${below}–${above}`);

  // The texts' other numbers. The fixed answer "vanishes" at the start (orders of magnitude);
  // hint 1: at σ_w² = 4 the gradient grows more than tenfold; hint 2: the edge ≈ 1.76 at σ_b² = 0.05,
  // 1 without biases, and σ_w² = 1 still ordered here; check 2: the output is (almost) constant at the start.
  const at = (w) => rows.find((x) => x.w === w).r;
  assert.ok(at(0.5).checks[0].value < 0.01, `start: g1/g20 = ${at(0.5).checks[0].value}`);
  assert.ok(at(4).checks[0].value > 10, `σ_w² = 4: g1/g20 = ${at(4).checks[0].value}`);
  assert.equal(critical.toFixed(2), '1.76');
  assert.ok(Math.abs(gradlab.criticalLine(c, [0])[0] - 1) < 1e-3);
  assert.ok(!at(1).checks[0].passed && gradlab.meanField({ activation: 'tanh', sigmaW2: 1, sigmaB2: sb2 }).phase === 'ordered');
  assert.ok(at(0.5).checks[2].value < 0.001 && !at(0.5).checks[2].passed, `start: output spread ${at(0.5).checks[2].value}`);
  for (const x of passing) assert.ok(x.r.checks[2].passed, `σ_w² ${x.w}: the output tells inputs apart`);
});
