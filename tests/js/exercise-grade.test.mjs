// Grading with a replay (gradlab.grade) and the `gradlab grade` command: honest runs — with
// their claimed figures and weights — are verified and graded; a run from another exercise,
// with a locked field changed, over the budget, rejected by the engine or tampered is refused
// with the reason; a long replay can be cancelled and says how far it got; the CLI exits
// 0 / 1 / 2 and prints JSON for autograders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { builds, root, throwsWith } from './helpers.mjs';

const [{ gradlab }] = await builds();
const exercisePath = path.join(root, 'web/exercises/dying-relu-revive.json');
const exercise = JSON.parse(readFileSync(exercisePath, 'utf8'));
const ex = gradlab.checkExercise(exercise);

/** A submission made the way the page makes one: toJSON, the exercise block, the final figures. */
function submission(overrides = {}, steps = 2000, { final = true, weights = false, exercise: block = {} } = {}) {
  const s = gradlab.createSession({ ...ex.config, ...overrides });
  s.step(steps);
  const run = { ...s.toJSON({ weights }), exercise: { id: ex.id, attempts: 1, ...block } };
  if (final) run.final = s.evaluate();
  s.dispose();
  return structuredClone(run);
}

async function refused(run, E, ...fragments) {
  let err;
  try {
    await gradlab.grade(exercise, run);
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof E, `expected ${E.name}, got ${err?.constructor?.name}: ${err?.message}`);
  for (const f of fragments) assert.ok(err.message.includes(f), `${JSON.stringify(err.message)} should contain ${JSON.stringify(f)}`);
  return err;
}

test('an honest run with its figures and weights: every claim is compared with the replay, and it passes', async () => {
  const run = submission({ activation: 'leaky_relu' }, 2000, { weights: true });
  const r = await gradlab.grade(exercise, run);
  assert.equal(r.passed, true);
  assert.equal(r.verified.weights, true);
  // Run-level figures, the divergence record and 17 figures for each of the 5 layers.
  assert.ok(r.verified.figures >= 5 * 17 + 10, `${r.verified.figures} figures compared`);
  assert.equal(r.attempts, 1);
  assert.deepEqual(r.hints, [ex.hints[0].text], 'the hint unlocked after one attempt');
  // The replay steps in chunks; an evaluation after one call of `step(2000)` agrees exactly.
  assert.equal(r.checks[1].value, run.final.trainAccuracy);
});

test('refusals: another exercise, a locked field, a range, the budget, the engine, malformed runs', async () => {
  const good = submission({ learningRate: 0.3 }, 10, { final: false });
  await refused({ ...good, exercise: { id: 'vanishing-sigmoid-fix' } }, RangeError, 'run.exercise.id: this is a run of exercise "vanishing-sigmoid-fix", not of "dying-relu-revive"');
  await refused({ ...good, exercise: undefined }, TypeError, 'run.exercise: is missing');
  await refused({ ...good, exercise: { id: ex.id, atempts: 2 } }, TypeError, 'run.exercise.atempts: unknown key (did you mean attempts?)');
  await refused({ ...good, config: { ...good.config, hidden: [8, 8, 8] } }, RangeError, 'run.config.hidden: is locked in this exercise at [8,8,8,8]; the run has [8,8,8]');
  await refused({ ...good, config: { ...good.config, seed: 2 } }, RangeError, 'run.config.seed: is locked');
  await refused({ ...good, config: { ...good.config, activation: 'tanh' } }, RangeError, 'run.config.activation: "tanh" is not allowed in this exercise');
  await refused({ ...good, config: { ...good.config, learningRate: 2 } }, RangeError, 'run.config.learningRate: 2 is outside this exercise\'s range (allowed 0.001 to 1.5)');
  await refused({ ...good, config: { ...good.config, learningRate: 20 } }, RangeError, 'run.config.learningRate: 20 is out of range (allowed 1e-7 to 10)');
  await refused({ ...good, config: { ...good.config, learningrate: 0.1 } }, TypeError, 'run.config.learningrate: unknown field (did you mean learningRate?)');
  await refused({ ...good, step: 2001 }, RangeError, 'run.step: 2001 steps is over this exercise\'s budget of 2000');
  await refused({ ...good, step: -1 }, RangeError, 'run.step: -1 is not a whole number');
  await refused({ ...good, format: 'gradlab-rnu' }, TypeError, 'run: expected a run from session.toJSON()');
  await refused({ ...good, version: 2 }, RangeError, 'run.version: 2 is not a run version');
  await refused({ ...good, extra: 1 }, TypeError, 'run.extra: unknown key');
  await refused('{"format": "gradlab-run",', TypeError, 'run: is not valid JSON');
  await refused({ ...good, exercise: { id: ex.id, prediction: 0.5 } }, RangeError, 'run.exercise.prediction: this exercise has no prediction step');
  // A configuration every field accepts but the engine refuses (an editable field makes it reachable).
  const open = { ...exercise, id: 'batch-open', editable: ['batchSize'] };
  let err;
  try {
    await gradlab.grade(open, { ...good, config: { ...ex.config, batchSize: 4000 }, exercise: { id: 'batch-open' } });
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof RangeError && err.message.startsWith('run.config.batchSize: '), err?.message);
});

test('tampered runs are refused with the figure that differs', async () => {
  const run = submission({ learningRate: 0.3 }, 300, { weights: true });
  const tamper = (f) => {
    const copy = structuredClone(run);
    f(copy);
    return copy;
  };
  await refused(tamper((r) => { r.final.trainAccuracy = 0.5; }), RangeError, 'run.final.trainAccuracy: the run claims 0.5 but replaying it gives 1');
  await refused(tamper((r) => { r.final.trainLoss *= 1 + 2 ** -50; }), RangeError, 'run.final.trainLoss: the run claims');
  await refused(tamper((r) => { r.final.layers[1].dead = 0; }), RangeError, 'run.final.layers[1].dead: the run claims 0 but replaying it gives');
  await refused(tamper((r) => { r.final.step = 200; }), RangeError, "run.final.step: 200 is not the run's step 300");
  await refused(tamper((r) => { r.final.evaluatedStep = 200; }), RangeError, 'run.final.evaluatedStep: 200: the figures must come from an evaluation at the run\'s step 300');
  await refused(tamper((r) => { r.final.diverged = { step: 300, cause: 'loss' }; }), RangeError, 'run.final.diverged: the run claims it diverged at step 300, but the replay trains on past step 300');
  await refused(tamper((r) => { r.weights.layers[0].W[0][0] += 0.5; }), RangeError, 'run.weights: weight 0 is');
  await refused(tamper((r) => { r.weights.layers[0].b.pop(); }), RangeError, 'run.weights.layers[0].b: expected 8 biases');
  await refused(tamper((r) => { r.step = 299; r.final.step = 299; r.final.evaluatedStep = 299; r.final.layersStep = 299; delete r.weights; }), RangeError, 'run.final.');
  await refused(tamper((r) => { r.final.trainLoss = 'low'; }), TypeError, 'run.final.trainLoss: expected a number');
  await refused(tamper((r) => { r.final.magic = 1; }), TypeError, 'run.final.magic: unknown key');
  // The same run untouched passes the checks it claims.
  assert.equal((await gradlab.grade(exercise, run)).verified.weights, true);
});

test('a run stopped by a divergence is graded as diverged, with or without its figures', async () => {
  const exploding = {
    ...exercise, id: 'exploding', start: { preset: 'exploding-init' }, editable: [],
    goal: [{ predicate: 'diverged == null', feedback: 'it diverged, as this preset does' }], limits: { steps: 500 },
  };
  const s = gradlab.createSession(gradlab.checkExercise(exploding).config);
  s.step(500);
  const m = s.evaluate();
  assert.ok(m.diverged, 'the preset diverges');
  const run = structuredClone({ ...s.toJSON(), exercise: { id: 'exploding' }, final: m });
  s.dispose();
  for (const r of [run, { ...run, final: undefined }]) {
    const g = await gradlab.grade(exploding, r);
    assert.equal(g.passed, false);
    assert.equal(g.verified.figures, r.final ? 3 : 0, 'step, epoch and the divergence');
    assert.equal(g.checks[0].value.step, m.diverged.step);
    assert.equal(g.checks[0].value.cause, m.diverged.cause);
  }
  // A run claiming more steps than the configuration can make is refused.
  let err;
  try {
    await gradlab.grade(exploding, { ...run, step: run.step + 5, final: undefined });
  } catch (e) {
    err = e;
  }
  assert.match(err?.message, /^run\.step: the replay diverged at step \d+, but the run claims \d+ steps/);
  // Claiming to be healthy while carrying the diverged figures is refused; so is a wrong cause.
  assert.ok((await gradlab.grade(exploding, { ...run, final: { ...m, diverged: null } }).catch((e) => e)) instanceof RangeError);
  const cause = m.diverged.cause === 'loss' ? 'weights' : 'loss';
  await assert.rejects(gradlab.grade(exploding, { ...run, final: { ...m, diverged: { ...m.diverged, cause } } }), /run\.final\.diverged: the run claims/);
});

test('a long replay can be cancelled, and says how far it got; progress is reported', async () => {
  const run = submission({ learningRate: 0.3 }, 2000, { final: false });
  const controller = new AbortController();
  const seen = [];
  let err;
  try {
    await gradlab.grade(exercise, run, {
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p);
        if (p.step >= 512) controller.abort();
      },
    });
  } catch (e) {
    err = e;
  }
  assert.equal(err?.name, 'AbortError');
  assert.match(err.message, /^grading cancelled at step \d+ of 2000$/);
  assert.ok(err.step >= 512 && err.step < 2000);
  assert.deepEqual(seen[0], { step: 256, steps: 2000 });
  const all = [];
  await gradlab.grade(exercise, run, { onProgress: (p) => all.push(p.step) });
  assert.equal(all.at(-1), 2000);
  await assert.rejects(gradlab.grade(exercise, run, { onprogress: () => {} }), /^TypeError: options\.onprogress: unknown option of grade \(did you mean onProgress\?\)$/);
  await assert.rejects(gradlab.grade(exercise, run, { signal: true }), /^TypeError: options\.signal: expected an AbortSignal/);
  // Aborted before it starts: nothing is replayed.
  await assert.rejects(gradlab.grade(exercise, run, { signal: AbortSignal.abort() }), (e) => e.name === 'AbortError' && e.step === 0);
});

test('gradlab.checkExercise applies the engine\'s cross-field rules to the starting configuration', () => {
  throwsWith(assert, () => gradlab.checkExercise({ ...exercise, start: { ...exercise.start, config: { ...exercise.start.config, batchSize: 4000 } } }), RangeError, 'start.config.batchSize: ');
});

// ---- CLI -------------------------------------------------------------------------------------

const cli = path.join(root, 'web/src/cli.js');
const tmp = path.join(root, 'build/exercise-cli');
mkdirSync(tmp, { recursive: true });
const write = (name, value) => {
  const file = path.join(tmp, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
};
const grade = (...args) => spawnSync(process.execPath, [cli, 'grade', ...args], { encoding: 'utf8' });

test('gradlab grade: exit 0 and the checklist for a passing run, 1 with the feedback for a failing one', () => {
  const pass = grade(exercisePath, path.join(root, 'web/exercises/solutions/dying-relu-revive.activation.json'));
  assert.equal(pass.status, 0, pass.stderr);
  assert.match(pass.stdout, /^dying-relu-revive — Revive a dying ReLU network, two ways$/m);
  assert.match(pass.stdout, /^PASS {2}At most 10% of the hidden units are dead {3}\(value 0\)$/m);
  assert.match(pass.stdout, /^PASSED: 5 of 5 checks$/m);
  const failing = write('start.json', submission({}, 2000, { final: false, exercise: { attempts: 2 } }));
  const fail = grade(exercisePath, failing);
  assert.equal(fail.status, 1, fail.stderr);
  assert.match(fail.stdout, /^FAIL {2}At most 10% of the hidden units are dead {3}\(value 0\.8125\)$/m);
  assert.match(fail.stdout, /Too many hidden units are dead/);
  assert.match(fail.stdout, /^hints unlocked after 2 attempts:$/m);
  assert.match(fail.stdout, /^FAILED: 2 of 5 checks$/m);
});

test('gradlab grade --json: the grade as one JSON object, or {error} with exit 2', () => {
  const r = grade(exercisePath, path.join(root, 'web/exercises/solutions/dying-relu-revive.learning-rate.json'), '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.id, 'dying-relu-revive');
  assert.equal(out.passed, true);
  assert.equal(out.checks.length, 5);
  assert.equal(out.replayed, true);
  const bad = grade(exercisePath, write('other.json', { ...submission({}, 10, { final: false }), exercise: { id: 'edge-of-chaos' } }), '--json');
  assert.equal(bad.status, 2);
  assert.deepEqual(JSON.parse(bad.stdout), { error: { message: 'run.exercise.id: this is a run of exercise "edge-of-chaos", not of "dying-relu-revive"', field: 'run.exercise.id' } });
  assert.match(bad.stderr, /^gradlab grade: run\.exercise\.id: /);
});

test('gradlab grade: bad input exits 2 with one line naming the problem', () => {
  const sol = path.join(root, 'web/exercises/solutions/dying-relu-revive.activation.json');
  const cases = [
    [[exercisePath], /grade takes two files, the exercise and the submission, got 1/],
    [[exercisePath, path.join(tmp, 'missing.json')], /submission: cannot read .*missing\.json.*ENOENT/],
    [[write('bad.json', '{'), sol], /exercise: is not valid JSON/],
    [[write('typo.json', { ...exercise, titel: 'x' }), sol], /titel: unknown key \(did you mean title\?\)/],
    [[write('pred.json', { ...exercise, goal: [{ predicate: 'sum(hiddenLayers[*].ded) == 0', feedback: 'x' }] }), sol], /goal\[0\]\.predicate: a layer has no field 'ded' at column 21 \(did you mean dead\?\)/],
    [[exercisePath, sol, '--jsn'], /unknown flag "--jsn" for grade/],
    [[exercisePath, sol, '--simd', 'maybe'], /--simd: "maybe" is not one of auto, true, false/],
  ];
  for (const [args, pattern] of cases) {
    const r = grade(...args);
    assert.equal(r.status, 2, `${args}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
  }
  const help = grade('--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^usage: gradlab grade EXERCISE\.json SUBMISSION\.json/);
  const overview = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
  assert.match(overview.stdout, /^ {2}grade {4,}grade a submitted run against an exercise/m);
});

test('submission(): what a page sends, built from toJSON and its latest metrics, grades with its figures verified', async () => {
  const { submission, checkPrediction } = await import('../../web/src/node.js');
  const s = gradlab.createSession({ ...ex.config, activation: 'leaky_relu' });
  s.step(2000);
  const sub = submission(exercise, s.toJSON(), { metrics: s.evaluate(), attempts: 3 });
  assert.deepEqual(sub.exercise, { id: 'dying-relu-revive', prediction: null, attempts: 3 });
  assert.ok(sub.final.layers.every((l) => !('histograms' in l)), 'histograms left out');
  const r = await gradlab.grade(exercise, JSON.parse(JSON.stringify(sub)));
  assert.equal(r.passed, true);
  assert.ok(r.verified.figures > 80);
  s.dispose();
  // Metrics from an evaluation at an earlier step: only the step is claimed, nothing stale.
  const t = gradlab.createSession({ ...ex.config, activation: 'leaky_relu' });
  t.step(1000);
  const m = t.evaluate();
  t.step(1);
  const later = submission(exercise, t.toJSON(), { metrics: t.metrics() });
  assert.equal(t.metrics().evaluatedStep, 1000);
  assert.deepEqual(Object.keys(later.final).sort(), ['diverged', 'epoch', 'step']);
  assert.equal((await gradlab.grade(exercise, later)).verified.figures, 3);
  t.dispose();
  throwsWith(assert, () => submission(exercise, { format: 'x' }), TypeError, 'run: expected a run from session.toJSON()');
  throwsWith(assert, () => submission(exercise, later, { metrics: m }), RangeError, "metrics.step: 1000 is not the run's step 1001");
  assert.equal(checkPrediction(JSON.parse(readFileSync(path.join(root, 'web/exercises/predict-dead-fraction.json'), 'utf8')), 0.5), 0.5);
  throwsWith(assert, () => checkPrediction(exercise, 0.5), RangeError, 'this exercise has no prediction step');
});

test('gradlab grade\'s checklist prints a predicate written over several lines on one line', async () => {
  const { checklist } = await import('../../web/src/cli/grade.js');
  const ex = { id: 'x', title: 'X', limits: { steps: 10 } };
  const r = { step: 10, verified: { figures: 0, weights: false }, hints: [], checks: [
    { predicate: 'trainLoss\r\n  <= 0.1\t', passed: false, value: 0.5, feedback: 'Lower.' },
    { label: 'Fast', predicate: 'step\n<= 5\r', passed: true, value: 3, feedback: null },
  ] };
  const lines = checklist(ex, r).split('\n');
  assert.ok(lines.includes('FAIL  trainLoss <= 0.1   (value 0.5000)'), lines.join('\n'));
  assert.ok(lines.includes('      step <= 5'), lines.join('\n'));
  assert.doesNotMatch(lines.join('\n'), /\r|\t/);
});
