// Engine faults: when the worker is terminated or crashes, the page says so
// and offers a restart that keeps the configuration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserPerFile, sel, openPage, ready, step, until } from './helpers.mjs';

const ctx = browserPerFile({ csp: true });

const HASH = '#hidden=6,5&activation=elu&learningRate=0.1&dataset=xor&speed=5';
const config = (page) => page.evaluate(() => document.querySelector('gradlab-playground').playground.config);

async function faultAndRestart(kill) {
  const { page, log, close } = await openPage(ctx, HASH);
  await ready(page);
  const before = await config(page);
  const hash = await page.evaluate(() => location.hash);
  assert.equal(log.workers.length, 1);
  await page.locator(sel('.gl-play')).click();
  await until(async () => (await step(page)) > 50, { what: 'training' });
  await kill(log.workers[0]);
  const alert = page.locator(sel('.gl-alert'));
  await until(async () => (await alert.getAttribute('data-state')) === 'crashed', { what: 'the crash notice', timeout: 15000 });
  const text = await alert.textContent();
  assert.match(text, /The training engine stopped/);
  assert.match(text, /Your settings are kept/);
  assert.equal(await page.locator(sel('.gl-play')).getAttribute('aria-pressed'), 'false', 'training paused');
  assert.match(await page.locator(sel('.gl-events')).textContent(), /The engine stopped/);
  // restart: a new worker, the same configuration, training works
  await page.locator(sel('.gl-restart')).click();
  await until(async () => (await alert.isHidden()) && (await step(page)) === 0 && log.workers.length === 2, { what: 'the restart' });
  assert.deepEqual(await config(page), before);
  assert.equal(await page.evaluate(() => location.hash), hash);
  await page.locator(sel('.gl-play')).click();
  await until(async () => (await step(page)) > 50, { what: 'training after the restart' });
  await page.locator(sel('.gl-play')).click();
  await close();
  return log;
}

test('a terminated worker: the page notices, says so, and restarts with the same settings', async () => {
  // the worker closes itself: no error event, so the page has to notice the silence
  await faultAndRestart((w) => w.evaluate(() => self.close()).catch(() => {}));
});

test('a crashing worker: an uncaught error in the engine is reported and the restart keeps the settings', async () => {
  const log = await faultAndRestart((w) => w.evaluate(() => {
    setTimeout(() => {
      throw new Error('simulated engine fault');
    }, 0);
  }));
  assert.ok(log.errors.every((e) => /simulated engine fault/.test(e)), `only the simulated fault is logged: ${log.errors}`);
});
