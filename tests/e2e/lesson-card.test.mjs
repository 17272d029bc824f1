// The lesson card: what a suggested change did (never "the effect did not appear" after the
// lesson's own advice), with the figures measured on the page beside the lesson's own; the
// verdict only after the page evaluated the step it paused at; the "next lesson" path; and
// every panel labelled with the step its figures were evaluated at when a run diverges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserPerFile, openPage, ready, sel, until, step, numbers, playToBudget, shotPath } from './helpers.mjs';
import { presets, presetNames } from '../../web/src/common.js';

const ctx = browserPerFile();
const metrics = (page) => page.evaluate(() => document.querySelector('gradlab-playground').playground.runs[0].metrics);
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const deadOnPage = async (page) => sum(numbers(await page.locator(sel('[data-panel=units]')).getAttribute('data-dead')));
const pct = (v) => `${(v * 100).toFixed(v === 1 || v === 0 ? 0 : 1)}%`;

test('following the lesson\'s advice: the card says what the change did, measured here beside the lesson\'s own run', async () => {
  const { page, log, close } = await openPage(ctx, '#preset=dying-relu-high-lr&speed=100');
  await ready(page);
  const card = page.locator(sel('.gl-lesson'));
  const status = page.locator(sel('.gl-lesson-status'));
  // the lesson's own settings, to the budget: the phenomenon shows
  await playToBudget(page, 2000);
  await until(async () => (await card.getAttribute('data-verdict')) === 'seen', { what: 'the verdict' });
  assert.equal((await metrics(page)).evaluatedStep, 2000, 'the verdict comes from an evaluation at the budget step');
  const deadBefore = await deadOnPage(page);
  const accBefore = (await metrics(page)).testAccuracy;
  assert.ok(deadBefore >= 0.3 * 32, `${deadBefore} dead`);
  // the advice: lower the learning rate to 0.03 (a live change), then start again
  const lr = page.locator(sel('.gl-lr input[type=number]'));
  await lr.fill('0.03');
  await lr.press('Enter');
  await until(async () => /You changed: Learning rate 0\.03 — one of the lesson's suggestions\. At learning rate 0\.03/.test(await page.locator(sel('.gl-lesson-changed')).textContent()), { what: 'the change named' });
  await page.locator(sel('button[aria-label^="Reset"]')).click();
  await until(async () => (await step(page)) === 0 && (await card.getAttribute('data-verdict')) !== 'seen', { what: 'reset' });
  await playToBudget(page, 2000);
  await until(async () => (await card.getAttribute('data-verdict')) === 'change', { what: 'the verdict on the change' });
  const m = await metrics(page);
  assert.equal(m.evaluatedStep, 2000);
  const dead = await deadOnPage(page);
  const text = await status.textContent();
  assert.doesNotMatch(text, /did not appear/);
  assert.match(text, /^2000 steps done with the lesson's suggestion \(learningRate 0\.03\): At learning rate 0\.03 at most 3 units are dead/);
  // the figures are the page's own: the units panel's count and the engine's accuracy, now and before
  const unit = (n) => `${n} dead unit${n === 1 ? '' : 's'}`;
  assert.ok(text.includes(`Measured here at step 2000: ${unit(dead)}, test accuracy ${pct(m.testAccuracy)}; with the lesson's own settings: ${unit(deadBefore)}, test accuracy ${pct(accBefore)}.`), text);
  assert.ok(dead <= 3 && deadBefore > dead, `${dead} dead now, ${deadBefore} before`);
  await card.screenshot({ path: shotPath('lesson-card-change-1280.png') });
  assert.deepEqual(log.errors, []);
  await close();
});

test('checkpoints that need the budget step tick once the page has evaluated it', async () => {
  for (const name of ['leaky-relu-rescue', 'gelu-smooth']) {
    const { page, log, close } = await openPage(ctx, `#preset=${name}&speed=100`);
    await ready(page);
    const budget = presets[name].steps;
    await playToBudget(page, budget);
    const card = page.locator(sel('.gl-lesson'));
    await until(async () => (await card.getAttribute('data-verdict')) !== '', { what: `${name}: the verdict` });
    assert.equal(await card.getAttribute('data-verdict'), 'seen', name);
    assert.match(await page.locator(sel('.gl-lesson-status')).textContent(), new RegExp(`^✓ Seen at step ${budget}: .+ ${budget} steps done\\.$`), name);
    assert.equal((await metrics(page)).evaluatedStep, budget, name);
    const steps = page.locator(sel('.gl-lesson-steps'));
    assert.equal(await steps.textContent(), `step ${budget} of ${budget}`, name);
    // one step past the budget: the card says the lesson's steps are done, not "N + 1 of N"
    await page.locator(sel('button[aria-label="Train one mini-batch"]')).click();
    await until(async () => (await steps.textContent()) !== `step ${budget} of ${budget}`, { what: `${name}: the step past the budget` });
    assert.equal(await steps.textContent(), `step ${budget + 1} (the lesson's ${budget} done)`, name);
    assert.deepEqual(log.errors, []);
    await close();
  }
});

test('the "next lesson" button walks the teaching path through every lesson', async () => {
  const { page, log, close } = await openPage(ctx, `#preset=${presetNames[0]}`);
  await ready(page);
  const card = page.locator(sel('.gl-lesson'));
  const path = [await card.getAttribute('data-lesson')];
  const next = page.locator(sel('.gl-lesson-next'));
  while (await next.isVisible()) {
    const want = presets[path.at(-1)].next;
    assert.equal(await next.textContent(), `Next lesson: ${presets[want].title} →`);
    await next.click();
    await until(async () => (await card.getAttribute('data-lesson')) === want, { what: want });
    path.push(want);
  }
  assert.equal(presets[path.at(-1)].next, null, 'the last lesson has no next');
  assert.deepEqual([...path].sort(), [...presetNames].sort(), 'every lesson once');
  assert.deepEqual(log.errors, []);
  await close();
});

test('exploding-init: every panel and the readout label the diverged run\'s figures with the step they were evaluated at', async () => {
  const { page, log, close } = await openPage(ctx, '#preset=exploding-init');
  await ready(page);
  await page.locator(sel('.gl-play')).click();
  await until(async () => (await page.locator(sel('[data-stat=diverged]')).isVisible()), { what: 'divergence' });
  await until(async () => (await page.locator(sel('.gl-play')).getAttribute('aria-pressed')) === 'false', { what: 'paused' });
  const m = await metrics(page);
  const at = m.evaluatedStep;
  const divergedAt = (await page.evaluate(() => document.querySelector('gradlab-playground').playground.runs[0].diverged)).step;
  assert.equal(divergedAt, 1, 'the lesson diverges at step 1');
  assert.equal(at, 0, 'the figures are those of the last finite weights, at step 0');
  assert.match(await page.locator(sel('[data-panel=output] .gl-summary')).textContent(), new RegExp(`^Output at step ${at} \\(the last finite weights; the run diverged at step ${divergedAt}\\)`));
  assert.equal(await page.locator(sel('[data-stat=diverged]')).textContent(), `diverged at step ${divergedAt} · figures from step ${at}`);
  for (const panel of ['gradflow', 'units', 'histograms']) assert.equal(await page.locator(sel(`[data-panel=${panel}]`)).getAttribute('data-step'), String(at), panel);
  const steps = await page.evaluate(() => document.querySelector('gradlab-playground').playground.runs[0].history.samples.map((s) => s.step));
  assert.deepEqual(steps, [at], 'the history holds no sample that claims a later step');
  assert.equal(await page.locator(sel('.gl-lesson-status')).textContent(), `✓ Seen at step ${divergedAt}: diverged at step ${divergedAt}.`);
  assert.deepEqual(log.errors, []);
  await close();
});
