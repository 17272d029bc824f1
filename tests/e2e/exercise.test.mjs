// Exercise mode in the page (<gradlab-playground exercise=…>, embed.html?exercise=…): the task
// rendered as text, locked controls, the prediction step before the run, the live checklist,
// the attempt checked at the budget or a divergence, hints unlocked, and the
// `gradlab-exercise` event — whose run, graded headlessly in Node by the same checker
// (gradlab.grade), gives the same checklist: the page's run replays bit for bit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { browserPerFile, sel, openPage, until, step, root, DEEP_TAGS, shotPath } from './helpers.mjs';
import { createGradLab, EXERCISE_LIMITS } from '../../web/src/node.js';

const ctx = browserPerFile({ csp: true });
let gradlab;
before(async () => {
  gradlab = await createGradLab();
});
after(() => {});

const exerciseFile = (id) => JSON.parse(readFileSync(path.join(root, 'web/exercises', `${id}.json`), 'utf8'));
const checklist = (checks) => checks.map(({ predicate, passed, value }) => ({ predicate, passed, value }));

/** A page with the element in exercise mode; `events` collects every gradlab-exercise detail. */
async function exercisePage(exercise, { attrs = {}, viewport } = {}) {
  const p = await openPage(ctx, 'test/blank.html', viewport ? { viewport } : {});
  await p.page.evaluate(({ exercise, attrs }) => {
    window.exerciseEvents = [];
    document.addEventListener('gradlab-exercise', (e) => window.exerciseEvents.push(e.detail));
    const el = document.createElement('gradlab-playground');
    el.setAttribute('exercise', exercise);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    document.body.append(el);
  }, { exercise, attrs });
  return p;
}

const events = (page) => page.evaluate(() => window.exerciseEvents);
const engineReady = (page) => until(async () => (await page.locator(sel('.gl-badge')).getAttribute('data-build')) && (await page.locator(sel('.gl-exercise-checks [data-passed]')).count()) > 0, { what: 'the exercise and the engine' });
const visibleFields = (page) => page.evaluate(() => [...document.querySelector('gradlab-playground').shadowRoot.querySelectorAll('.gl-controls [data-field]')]
  .filter((r) => !r.hidden && r.offsetParent !== null).map((r) => r.dataset.field));

/** Grades the event's run headlessly and compares the checklists. */
async function gradesTheSame(id, detail) {
  const graded = await gradlab.grade(exerciseFile(id), detail.run);
  assert.deepEqual(checklist(detail.checks), checklist(graded.checks), 'the page\'s checklist is the headless grade\'s');
  assert.equal(detail.passed, graded.passed);
  assert.deepEqual(detail.prediction, graded.prediction);
  if (detail.run.weights !== undefined) assert.equal(graded.verified.weights, true, 'the weights the page reached are the replay\'s, bit for bit');
  else {
    // left out only when they would not fit the run format's size limit
    const session = gradlab.createSession(detail.run.config);
    const full = JSON.stringify({ ...detail.run, weights: session.toJSON({ weights: true }).weights });
    session.dispose();
    assert.ok(full.length > EXERCISE_LIMITS.runBytes, `the weights were left out of a run that would have been ${full.length} characters`);
    assert.equal(graded.verified.weights, false);
  }
  // a run that diverged claims only its step, epoch and divergence (its figures are those of
  // whenever the page last evaluated); any other claims every figure of its last step
  if (detail.run.final.diverged) assert.equal(graded.verified.figures, 3);
  else assert.ok(graded.verified.figures > 20, `the run's figures were compared with the replay (${graded.verified.figures})`);
  assert.equal(detail.replayed, true, 'the page\'s verdict is a replay in the engine too');
  gradesTheSameOnTheCommandLine(id, detail);
  return graded;
}

/**
 * What an instructor does with a recorded event: `gradlab grade exercise.json submission.json
 * --json`, the submission being the event's `run` as the course page saved it (JSON text).
 * Same checklist, exit 0 for a pass and 1 for a fail, the weights replayed bit for bit.
 */
function gradesTheSameOnTheCommandLine(id, detail) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gradlab-grade-'));
  try {
    writeFileSync(path.join(dir, 'submission.json'), JSON.stringify(detail.run));
    const r = spawnSync(process.execPath, [path.join(root, 'web/src/cli.js'), 'grade', path.join(root, 'web/exercises', `${id}.json`), 'submission.json', '--json'], { cwd: dir, encoding: 'utf8', timeout: 300000 });
    assert.equal(r.status, detail.passed ? 0 : 1, `gradlab grade exits ${detail.passed ? 0 : 1} for a run that ${detail.passed ? 'passed' : 'failed'} in the page (stderr: ${r.stderr.slice(0, 300)})`);
    const cli = JSON.parse(r.stdout);
    assert.deepEqual(checklist(cli.checks), checklist(detail.checks), 'the CLI\'s checklist is the page\'s');
    assert.equal(cli.passed, detail.passed);
    assert.equal(cli.verified.weights, detail.run.weights !== undefined, 'the CLI\'s replay reaches the page\'s weights bit for bit (when the run carries them)');
    assert.ok(cli.verified.figures >= 3, 'and its figures');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('an exercise from a URL: task as text, only its editable settings, a setting changed mid-run starts a new run, checked at the budget, graded the same headlessly', async () => {
  const { page, log, close } = await exercisePage('/exercises/dying-relu-revive.json');
  await engineReady(page);
  const ex = exerciseFile('dying-relu-revive');
  assert.equal(await page.locator(sel('.gl-exercise-title')).textContent(), ex.title);
  assert.match(await page.locator(sel('.gl-exercise-task')).textContent(), /keep the ReLU and change the learning rate only/);
  assert.equal(await page.locator(sel('.gl-exercise-task em')).first().textContent(), 'dead', '*dead* is emphasis');
  assert.equal(await page.locator(sel('.gl-exercise-checks > li')).count(), ex.goal.length);
  // the editable fields that apply (leakySlope only with leaky ReLU), nothing else
  assert.deepEqual((await visibleFields(page)).sort(), ['activation', 'learningRate']);
  assert.equal(await page.locator(sel('#gl-lesson-select')).count() + await page.locator(sel('.gl-toggle')).count(), 0, 'no lesson menu, no A/B');
  assert.equal(await page.locator(sel('[data-panel=data]')).count(), 0, 'no drawing of one\'s own points: the data set is not editable here');
  assert.ok(await page.locator(sel('.gl-panels > [data-panel]')).count() >= 6, 'the other panels are there');
  const config0 = await page.evaluate(() => document.querySelector('gradlab-playground').config);
  assert.equal(config0.learningRate, 1.5);
  assert.equal(config0.activation, 'relu');
  // a locked field changed from outside (the embed bridge's `set`) is refused
  await page.evaluate(() => document.querySelector('gradlab-playground').playground.actions.setField('init', 'xavier_uniform'));
  assert.equal((await page.evaluate(() => document.querySelector('gradlab-playground').config)).init, config0.init);
  // an editable field outside the exercise's range is refused with a notice that says so
  await page.evaluate(() => document.querySelector('gradlab-playground').playground.actions.setField('learningRate', 3));
  assert.match((await page.locator(sel('[data-notice=settings]')).allTextContents()).join(' '), /Not changed \(the settings keep their values\):.*learningRate .*outside this exercise's range \(allowed 0\.001 to 1\.5\)/);
  assert.equal((await page.evaluate(() => document.querySelector('gradlab-playground').config)).learningRate, 1.5);

  // train a little, then change the learning rate: in exercise mode that is a new run from step 0
  // (a Step of 200, not Play then Pause: on a busy machine a pause may come after the budget)
  await until(async () => (await page.locator(sel('.gl-exercise-checks > li[data-passed=pending]')).count()) === 0, { what: 'the first evaluation' });
  assert.deepEqual(await page.evaluate(() => document.querySelector('gradlab-playground').step(200)), { asked: 200, done: 200, stopped: '' });
  // the checklist is live: each check shows its value at the latest evaluation (the one
  // metrics() gives), before anything is submitted, and follows the next one
  const liveValue = async (i) => JSON.parse(await page.locator(sel(`.gl-exercise-checks > li[data-check="${i}"]`)).getAttribute('data-value'));
  const deadFraction = (m) => {
    const hidden = m.metrics.layers.filter((l) => l.role === 'hidden');
    return hidden.reduce((a, l) => a + l.dead, 0) / hidden.reduce((a, l) => a + l.units, 0);
  };
  const stepCheck = ex.goal.findIndex((g) => g.predicate === 'step >= 2000');
  const deadCheck = ex.goal.findIndex((g) => g.predicate.startsWith('sum(hiddenLayers[*].dead)'));
  for (const more of [0, 37]) {
    if (more) await page.evaluate((n) => document.querySelector('gradlab-playground').step(n), more);
    const m = await until(async () => {
      const m = await page.evaluate(() => document.querySelector('gradlab-playground').metrics());
      return m.metrics?.evaluatedStep === m.step && m.metrics.layersStep === m.step && (await liveValue(stepCheck)) === m.step && m;
    }, { what: `the checklist at the evaluation of step ${more ? 'after 37 more' : 'where the run paused'}` });
    assert.ok(m.step >= 200);
    assert.equal(await page.locator(sel(`.gl-exercise-checks > li[data-check="${stepCheck}"]`)).getAttribute('data-passed'), 'false');
    assert.ok(Math.abs((await liveValue(deadCheck)) - deadFraction(m)) < 1e-12, 'the dead fraction of the latest evaluation');
    assert.ok(deadFraction(m) > 0.1, `at learning rate 1.5 units die (${deadFraction(m)})`);
  }
  assert.deepEqual(await events(page), [], 'nothing was submitted: the checklist only follows');
  const lr = page.locator(sel('[data-field=learningRate] input[type=number]'));
  await lr.fill('0.3');
  await lr.press('Enter');
  await until(async () => (await page.evaluate(() => document.querySelector('gradlab-playground').config.learningRate)) === 0.3 && (await step(page)) === 0, { what: 'a new run at learning rate 0.3' });
  const texts = await page.locator(sel('.gl-event-text')).allTextContents();
  assert.ok(texts.some((t) => /New run: .*learning rate 0\.3/.test(t)), 'the log says a new run started');
  assert.ok(!texts.some((t) => /Learning rate set to/.test(t)), 'no live change of the running session');

  // the live checklist follows the evaluations; the budget ends the attempt
  await page.locator(sel('.gl-run select')).selectOption('500');
  await page.locator(sel('.gl-play')).click();
  await until(async () => (await events(page)).length === 1, { what: 'the gradlab-exercise event', timeout: 120000 });
  const [detail] = await events(page);
  assert.equal(detail.id, 'dying-relu-revive');
  assert.equal(detail.step, 2000);
  assert.equal(detail.reason, 'budget');
  assert.equal(detail.attempts, 1);
  assert.equal(detail.config.learningRate, 0.3);
  assert.equal(detail.run.format, 'gradlab-run');
  assert.equal(detail.run.step, 2000, 'training stopped at the budget');
  assert.equal(detail.run.exercise.id, 'dying-relu-revive');
  assert.equal(detail.run.final.evaluatedStep, 2000, 'the run claims the figures of an evaluation at its last step');
  assert.ok(detail.run.weights, 'and its weights');
  const graded = await gradesTheSame('dying-relu-revive', detail);
  // what the card says is the verdict
  assert.equal(await page.locator(sel('.gl-exercise-status')).getAttribute('data-verdict'), graded.passed ? 'passed' : 'failed');
  for (const [i, c] of graded.checks.entries()) {
    const li = page.locator(sel(`.gl-exercise-checks > li[data-check="${i}"]`));
    assert.equal(await li.getAttribute('data-passed'), String(c.passed));
    assert.equal(JSON.parse(await li.getAttribute('data-value')), c.value);
    assert.equal(await li.locator('.gl-exercise-feedback').isVisible(), !c.passed, 'feedback under each failed check');
  }
  // the hint for one attempt is unlocked now; the element keeps the result
  assert.equal(await page.locator(sel('.gl-exercise-hint-list li')).count(), ex.hints.filter((h) => h.after <= 1).length);
  assert.match(await page.locator(sel('.gl-exercise-hint-list li')).first().textContent(), /Divide it by five/);
  assert.deepEqual(checklist((await page.evaluate(() => document.querySelector('gradlab-playground').exerciseResult)).checks), checklist(detail.checks));
  // a checked run does not train on: Play is held until a new run
  assert.equal(await page.locator(sel('.gl-play')).isDisabled(), true);
  await page.evaluate(() => document.querySelector('gradlab-playground').step(10));
  assert.equal(await step(page), 2000);
  await page.locator(sel('button[aria-label^="Reset"]')).click();
  await until(async () => !(await page.locator(sel('.gl-play')).isDisabled()) && (await step(page)) === 0, { what: 'a new attempt after Reset' });
  // a second attempt unlocks the next hint; a Step the budget cuts short says so
  const stepped = await page.evaluate(() => document.querySelector('gradlab-playground').step(2500));
  assert.deepEqual(stepped, { asked: 2500, done: 2000, stopped: 'exercise step budget' });
  await until(async () => (await events(page)).length === 2, { what: 'the second attempt\'s event', timeout: 120000 });
  assert.equal((await events(page))[1].attempts, 2);
  assert.equal(await page.locator(sel('.gl-exercise-hint-list li')).count(), ex.hints.filter((h) => h.after <= 2).length);
  assert.match(await page.locator(sel('.gl-exercise-hint-list')).textContent(), /leaky_relu.*never zero/);
  await page.screenshot({ path: shotPath('exercise-dying-relu.png') });
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.foreign, []);
  await close();
});

test('the prediction comes first: Play is held until it is locked in, and the verdict grades it as the headless grader does', async () => {
  const { page, log, close } = await exercisePage('/exercises/predict-dead-fraction.json');
  await engineReady(page);
  assert.equal(await page.locator(sel('.gl-play')).isDisabled(), true, 'Play waits for the prediction');
  assert.deepEqual(await visibleFields(page), [], 'nothing to change in this exercise');
  await page.evaluate(() => document.querySelector('gradlab-playground').play());
  await page.evaluate(() => document.querySelector('gradlab-playground').step(50));
  await page.waitForTimeout(500);
  assert.equal(await step(page), 0, 'neither play() nor step() trains before the prediction');
  await page.locator(sel('.gl-exercise-lock')).click();
  assert.match(await page.locator(sel('.gl-exercise-predict .gl-error')).textContent(), /Enter a number first/);
  await page.locator(sel('.gl-exercise-predict input[type=number]')).fill('7');
  await page.locator(sel('.gl-exercise-lock')).click();
  assert.match(await page.locator(sel('.gl-exercise-predict .gl-error')).textContent(), /7 is/, 'an answer outside [min, max] is refused with the reason');
  await page.locator(sel('.gl-exercise-predict input[type=number]')).fill('0.8');
  await page.locator(sel('.gl-exercise-lock')).click();
  assert.equal(await page.locator(sel('.gl-exercise-answer')).getAttribute('data-answer'), '0.8');
  assert.equal(await page.locator(sel('.gl-exercise-predict input')).isDisabled(), true, 'locked in');
  assert.equal(await page.locator(sel('.gl-play')).isDisabled(), false);
  await page.locator(sel('.gl-run select')).selectOption('500');
  await page.locator(sel('.gl-play')).click();
  await until(async () => (await events(page)).length === 1, { what: 'the gradlab-exercise event', timeout: 120000 });
  const [detail] = await events(page);
  assert.equal(detail.prediction.answer, 0.8);
  assert.equal(detail.prediction.graded, true);
  assert.equal(detail.run.exercise.prediction, 0.8);
  const graded = await gradesTheSame('predict-dead-fraction', detail);
  assert.equal(typeof graded.prediction.expected, 'number', 'the measured dead fraction');
  assert.equal(graded.prediction.correct, Math.abs(0.8 - graded.prediction.expected) <= exerciseFile('predict-dead-fraction').prediction.tolerance);
  assert.match(await page.locator(sel('.gl-exercise-status')).textContent(), /Your prediction \(0\.8\) was (not )?right: the run measured/);
  assert.deepEqual(log.errors, []);
  await close();
});

test('a run that diverges ends the attempt there; its run is graded as diverged headlessly too', async () => {
  const { page, log, close } = await exercisePage('/exercises/largest-learning-rate.json');
  await engineReady(page);
  const lr = page.locator(sel('[data-field=learningRate] input[type=number]'));
  await lr.fill('10');
  await lr.press('Enter');
  await until(async () => (await page.evaluate(() => document.querySelector('gradlab-playground').config.learningRate)) === 10, { what: 'learning rate 10' });
  await page.locator(sel('.gl-run select')).selectOption('100');
  await page.locator(sel('.gl-play')).click();
  await until(async () => (await events(page)).length === 1, { what: 'the gradlab-exercise event', timeout: 60000 });
  const [detail] = await events(page);
  assert.equal(detail.reason, 'diverged');
  assert.ok(detail.step < 1000, `stopped at step ${detail.step}`);
  assert.equal(detail.passed, false);
  assert.ok(detail.run.final.diverged, 'the run says it diverged');
  const graded = await gradesTheSame('largest-learning-rate', detail);
  assert.equal(graded.checks.find((c) => c.predicate === 'diverged == null').passed, false);
  assert.deepEqual(log.errors, []);
  await close();
});

test('an exercise about the initialisation (a budget of 0 steps): nothing trains, each network is checked when the student asks, after the prediction', async () => {
  const ex = exerciseFile('edge-of-chaos');
  assert.equal(ex.limits.steps, 0);
  const { page, log, close } = await exercisePage('/exercises/edge-of-chaos.json');
  await engineReady(page);
  const check = page.locator(sel('.gl-exercise-submit'));
  assert.equal(await check.isDisabled(), true, 'nothing is checked before the prediction');
  assert.equal(await page.locator(sel('.gl-play')).isDisabled(), true);
  await page.locator(sel('.gl-exercise-choices input[value=vanishes]')).check();
  await page.locator(sel('.gl-exercise-lock')).click();
  await until(() => check.isEnabled(), { what: 'Check this run, once the prediction is locked in' });
  assert.equal(await page.locator(sel('.gl-play')).isDisabled(), true, 'nothing to train');
  assert.match(await page.locator(sel('.gl-play')).getAttribute('data-blocked'), /Nothing is trained in this exercise/);
  assert.deepEqual(await page.evaluate(() => document.querySelector('gradlab-playground').step(5)), { asked: 5, done: 0, stopped: 'exercise step budget' });
  assert.match(await page.locator(sel('.gl-exercise-steps')).textContent(), /at initialisation/);
  assert.deepEqual(await events(page), [], 'no attempt before the student asks');

  // σ_w² = 0.5: ordered, the gradient vanishes — as predicted
  await check.click();
  await until(async () => (await events(page)).length === 1, { what: 'the first check', timeout: 120000 });
  const [first] = await events(page);
  assert.equal(first.step, 0);
  assert.equal(first.reason, 'submitted');
  assert.equal(first.passed, false);
  assert.equal(first.prediction.correct, true);
  await gradesTheSame('edge-of-chaos', first);
  assert.equal(await check.isDisabled(), true, 'this network has been checked');

  // at the edge of chaos the mean-field theory gives for this network, it passes
  const edge = await gradlab.criticalLine('tanh', [ex.start.config.sigmaB2]);
  const sigmaW2 = Number(edge[0].toFixed(2));
  const input = page.locator(sel('[data-field=sigmaW2] input[type=number]'));
  await input.fill(String(sigmaW2));
  await input.press('Enter');
  await until(async () => (await page.evaluate(() => document.querySelector('gradlab-playground').config.sigmaW2)) === sigmaW2 && check.isEnabled(), { what: `σ_w² = ${sigmaW2} evaluated` });
  assert.deepEqual(await events(page), [first], 'a new setting is not an attempt by itself');
  await check.click();
  await until(async () => (await events(page)).length === 2, { what: 'the second check', timeout: 120000 });
  const second = (await events(page))[1];
  assert.equal(second.attempts, 2);
  assert.equal(second.passed, true, `σ_w² = ${sigmaW2} passes: ${JSON.stringify(checklist(second.checks))}`);
  await gradesTheSame('edge-of-chaos', second);
  assert.equal(await page.locator(sel('.gl-exercise-hint-list li')).count(), ex.hints.filter((h) => h.after <= 2).length);
  assert.deepEqual(log.errors, []);
  await close();
});

for (const width of [800, 640]) {
  test(`an exercise in a small embed (${width} × 480): the card first, its checklist, Check, Play and the editable settings in view without scrolling`, async () => {
    const ex = exerciseFile('dying-relu-revive');
    const { page, log, close } = await exercisePage('/exercises/dying-relu-revive.json', { attrs: { height: '480' }, viewport: { width: width + 40, height: 700 } });
    await engineReady(page);
    // the first run evaluated (a Step asked for before the run exists would end with it)
    await until(async () => (await page.locator(sel('.gl-exercise-checks > li[data-passed=pending]')).count()) === 0, { what: 'the first evaluation' });
    assert.equal((await page.evaluate(() => document.querySelector('gradlab-playground').step(300))).done, 300);
    await until(async () => (await page.locator(sel('.gl-exercise-steps')).getAttribute('data-step')) === '300' && (await page.locator(sel('.gl-exercise-checks > li[data-passed=pending]')).count()) === 0, { what: 'step 300 checked live' });
    const host = await page.locator('gradlab-playground').boundingBox();
    assert.equal(Math.round(host.height), 480);
    const inView = async (locator, what) => {
      const box = await locator.boundingBox();
      assert.ok(box && box.width > 0 && box.y >= host.y - 0.5 && box.y + box.height <= host.y + host.height + 0.5 && box.x >= host.x - 0.5 && box.x + box.width <= host.x + host.width + 0.5, `${what} is in view (${JSON.stringify(box)} in ${JSON.stringify(host)})`);
    };
    await inView(page.locator(sel('.gl-exercise-title')), 'the title');
    await inView(page.locator(sel('.gl-exercise-task > summary')), 'the task (folded: one click opens it)');
    assert.equal(await page.locator(sel('.gl-exercise-task')).getAttribute('open'), null);
    for (let i = 0; i < ex.goal.length; i++) await inView(page.locator(sel(`.gl-exercise-checks > li[data-check="${i}"]`)), `check ${i}`);
    await inView(page.locator(sel('.gl-exercise-submit')), 'Check this run');
    await inView(page.locator(sel('.gl-play')), 'Play');
    for (const f of ['activation', 'learningRate']) await inView(page.locator(sel(`.gl-controls [data-field=${f}]`)), f);
    assert.deepEqual(await page.evaluate(() => [...document.querySelector('gradlab-playground').shadowRoot.querySelectorAll('*')].filter((e) => e.scrollTop > 0).map((e) => e.className)), [], 'nothing scrolled');
    // the first panel starts below the card, still in the embed
    const card = await page.locator(sel('.gl-exercise')).boundingBox();
    const panel = await page.locator(sel('.gl-panels > [data-panel]')).first().boundingBox();
    assert.ok(panel.y >= card.y + card.height && panel.y < host.y + host.height, 'a panel follows the card');
    await page.locator('gradlab-playground').screenshot({ path: shotPath(`exercise-compact-${width}x480.png`) });
    assert.deepEqual(log.errors, []);
    await close();
  });
}

test('an inline exercise\'s texts stay text; a broken, foreign, oversized or missing exercise is refused with the reason as text', async () => {
  const hostile = {
    format: 'gradlab-exercise', version: 1, id: 'hostile-text',
    title: '<img src=x onerror=alert(1)> title',
    instructions: 'Paragraph with <script>alert(2)</script> and `code` and *stress*.\n\n- <b>bold?</b>\n- [link](javascript:alert(3))',
    start: { config: { hidden: [4] } },
    editable: ['learningRate'],
    goal: [{ predicate: 'step >= 10', feedback: '<iframe src=javascript:alert(4)>' }],
    hints: [{ after: 0, text: '<svg onload=alert(5)>' }],
    limits: { steps: 10 },
  };
  const { page, log, close } = await exercisePage(JSON.stringify(hostile));
  await engineReady(page);
  assert.equal(await page.locator(sel('.gl-exercise-title')).textContent(), hostile.title);
  assert.match(await page.locator(sel('.gl-exercise-task')).textContent(), /<script>alert\(2\)<\/script>/);
  assert.equal(await page.locator(sel('.gl-exercise-task code')).textContent(), 'code');
  assert.equal(await page.locator(sel('.gl-exercise-task li')).count(), 2);
  assert.match(await page.locator(sel('.gl-exercise-hint-list')).textContent(), /<svg onload=alert\(5\)>/);
  await page.evaluate(() => document.querySelector('gradlab-playground').step(10));
  await until(async () => (await events(page)).length === 1, { what: 'the attempt at the budget' });
  assert.match(await page.locator(sel('.gl-exercise-checks')).textContent(), /step >= 10/);
  const tags = await page.evaluate(DEEP_TAGS);
  for (const t of ['img', 'script', 'b', 'a', 'iframe', 'svg']) assert.equal(tags.filter((x) => x === t).length, t === 'script' ? 2 : 0, `<${t}>`);
  assert.deepEqual(log.dialogs, []);
  await close();

  const refused = async (exercise, pattern, route) => {
    const p = await openPage(ctx, null);
    if (route) await p.page.route(route.url, route.handler);
    await p.page.goto(`${ctx.url}test/blank.html`);
    await p.page.evaluate((exercise) => {
      const el = document.createElement('gradlab-playground');
      el.setAttribute('exercise', exercise);
      document.body.append(el);
    }, exercise);
    await until(async () => (await p.page.locator(sel('.gl-exercise-error')).count()) === 1, { what: `the refusal of ${exercise.slice(0, 60)}` });
    const text = await p.page.locator(sel('.gl-exercise-error')).textContent();
    assert.match(text, pattern);
    assert.equal(await p.page.locator(sel('.gl-badge')).count(), 0, 'no playground was built');
    assert.deepEqual(p.log.foreign, [], 'no request to another host');
    await p.close();
    return text;
  };
  const bad = { ...hostile, goal: [{ predicate: 'testAcuracy >= 0.9', feedback: 'x' }] };
  await refused(JSON.stringify(bad), /goal\[0\]\.predicate: unknown name 'testAcuracy' .*did you mean testAccuracy/);
  await refused(JSON.stringify({ ...hostile, title: 3 }), /title: expected text, got 3/);
  await refused('https://exercises.example.org/x.json', /exercise: https:\/\/exercises\.example\.org is another host; an exercise is fetched only from http:\/\/127\.0\.0\.1:\d+ /);
  await refused('data:application/json,{}', /is a data: URL/);
  await refused('/test/no-such-exercise.json', /answered 404/);
  await refused('/test/huge-exercise.json', /longer than an exercise may be \(64 KiB of JSON text\)/, {
    url: '**/test/huge-exercise.json',
    handler: (r) => r.fulfill({ status: 200, contentType: 'application/json', body: `{"format": "gradlab-exercise", "title": "${'x'.repeat(300000)}"}` }),
  });
  await refused('/test/blank.html', /exercise: expected JSON|not JSON|JSON/);
});

test('embed.html?exercise=… in a sandboxed iframe posts the exercise result to the parent', async () => {
  const q = new URLSearchParams({ embed: 'exercise=exercises/deep-relu-init.json&autoplay', height: '700' });
  const { page, log, close } = await openPage(ctx, `test/frame.html?${q}`);
  await until(() => page.evaluate(() => window.received?.some((m) => m.data?.type === 'exercise')), { what: 'the exercise message', timeout: 120000 });
  const msg = await page.evaluate(() => window.received.find((m) => m.data.type === 'exercise'));
  assert.equal(msg.data.source, 'gradlab');
  const detail = msg.data.detail;
  assert.equal(detail.id, 'deep-relu-init');
  assert.equal(detail.step, 400);
  await gradesTheSame('deep-relu-init', detail);
  assert.deepEqual(log.errors, []);
  await close();
});
