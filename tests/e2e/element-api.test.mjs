// What a course page's script gets from the element: `gradlab-step` with the hidden layers'
// figures (the same numbers the panels draw), and the documented read-only API (metrics(),
// config) — copies, not the page's own objects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserPerFile, sel, openPage, until, numbers } from './helpers.mjs';

const ctx = browserPerFile({ csp: true });

const stepEvents = (page) => page.evaluate(() => window.gradlabEvents().filter((l) => l.startsWith('step ')).map((l) => JSON.parse(l.slice(5))));

test('gradlab-step carries each hidden layer\'s gradient and unit counts, equal to the panels\' numbers and to metrics()', async () => {
  const { page, log, close } = await openPage(ctx, 'test/blank.html');
  await page.evaluate(() => {
    const el = document.createElement('gradlab-playground');
    el.setAttribute('preset', 'dying-relu-high-lr');
    document.body.append(el);
  });
  await until(async () => (await stepEvents(page)).length > 0, { what: 'the first step event' });
  assert.equal(await page.evaluate(() => document.querySelector('gradlab-playground').metrics('B')), null, 'no run B outside the A/B view');
  await page.evaluate(() => document.querySelector('gradlab-playground').step(300));
  await until(async () => (await stepEvents(page)).some((d) => d.step === 300), { what: 'the step event at 300', timeout: 60000 });
  const detail = (await stepEvents(page)).find((d) => d.step === 300);
  const snap = await page.evaluate(() => document.querySelector('gradlab-playground').metrics());
  assert.equal(snap.run, 'A');
  assert.equal(snap.step, 300);
  assert.equal(snap.metrics.step, 300);
  const widths = snap.config.hidden;
  assert.ok(widths.length >= 2);
  // hidden layers only, numbered from 1; metrics() has the output layer too, last
  assert.equal(snap.metrics.layers.length, widths.length + 1);
  assert.equal(snap.metrics.layers.at(-1).role, 'output');
  assert.deepEqual(detail.hiddenLayers.map((l) => l.layer), widths.map((_, i) => i + 1));
  assert.deepEqual(detail.hiddenLayers.map((l) => l.units), widths);
  for (const k of ['gradZRms', 'gradWNorm', 'dead', 'inactive', 'saturated'])
    assert.deepEqual(detail.hiddenLayers.map((l) => l[k]), snap.metrics.layers.slice(0, -1).map((l) => l[k]), k);
  assert.ok(detail.hiddenLayers.some((l) => l.dead > 0), 'this lesson kills units by step 300');
  // the panels draw the same numbers
  const units = page.locator(sel('[data-panel=units]'));
  assert.equal(Number(await units.getAttribute('data-step')), 300);
  assert.deepEqual(numbers(await units.getAttribute('data-dead')), detail.hiddenLayers.map((l) => l.dead));
  assert.deepEqual(numbers(await units.getAttribute('data-saturated')), detail.hiddenLayers.map((l) => l.saturated));
  const flow = page.locator(sel('[data-panel=gradflow]'));
  assert.deepEqual(numbers(await flow.getAttribute('data-grad-z-rms')).slice(0, widths.length), detail.hiddenLayers.map((l) => l.gradZRms));
  // copies: changing what metrics() and config returned changes nothing in the page
  const after = await page.evaluate(() => {
    const el = document.querySelector('gradlab-playground');
    const s = el.metrics();
    s.metrics.trainLoss = -1;
    s.config.hidden.push(99);
    const c = el.config;
    c.learningRate = 123;
    return { loss: el.metrics().metrics.trainLoss, hidden: el.config.hidden, lr: el.config.learningRate, runLr: el.playground.runs[0].config.learningRate };
  });
  assert.equal(after.loss, snap.metrics.trainLoss);
  assert.deepEqual(after.hidden, widths);
  assert.equal(after.lr, after.runLr);
  assert.notEqual(after.lr, 123);
  assert.deepEqual(log.errors, []);
  await close();
});
