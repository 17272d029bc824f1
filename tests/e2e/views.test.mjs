// The A/B comparison, the layouts from 320 px phones to wide screens, the dark theme, and the
// screenshots of the main views (written to test-results/screenshots: look at them).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { browserPerFile, sel, openPage, ready, step, until, numbers, playToBudget, shotPath, shotsDir } from './helpers.mjs';

const ctx = browserPerFile({ csp: true });
after(() => {
  console.log(`screenshots in ${shotsDir}`);
});

const AB = '#preset=dying-relu-high-lr&compare=1&b.activation=leaky_relu&speed=200';

test('A/B compare: same data and seed, one knob changed, panels side by side at the same height', async () => {
  const { page, log, close } = await openPage(ctx, AB);
  await ready(page);
  await until(async () => (await page.locator(sel('.gl-stat-row')).count()) === 2, { what: 'two runs' });
  const configs = await page.evaluate(() => document.querySelector('gradlab-playground').playground.runs.map((r) => r.config));
  const differ = Object.keys(configs[0]).filter((k) => JSON.stringify(configs[0][k]) !== JSON.stringify(configs[1][k]));
  assert.deepEqual(differ, ['activation']);
  assert.equal(configs[0].activation, 'relu');
  assert.equal(configs[1].activation, 'leaky_relu');
  // the same data: the engine's points of both runs are identical
  const same = await page.evaluate(() => {
    const [a, b] = document.querySelector('gradlab-playground').playground.runs;
    return a.points.coords.length === b.points.coords.length && a.points.coords.every((v, i) => v === b.points.coords[i]);
  });
  assert.ok(same, 'A and B train on the same points');
  await playToBudget(page, 2000);
  const units = (run) => page.locator(sel(`[data-panel=units][data-run=${run}]`));
  const share = async (run) => {
    const d = numbers(await units(run).getAttribute('data-dead'));
    const u = numbers(await units(run).getAttribute('data-units'));
    return d.reduce((x, y) => x + y, 0) / u.reduce((x, y) => x + y, 0);
  };
  assert.ok((await share('A')) >= 0.3, 'ReLU: many dead');
  assert.equal(await share('B'), 0, 'leaky ReLU: none dead');
  const steps = await page.locator(sel('.gl-stat-row [data-stat=step]')).evaluateAll((els) => els.map((e) => Number(e.dataset.value)));
  assert.deepEqual(steps, [2000, 2000], 'both runs trained the same number of steps');
  for (const name of ['output', 'curves', 'gradflow', 'units', 'network']) {
    const a = await page.locator(sel(`[data-panel=${name}][data-run=A]`)).boundingBox();
    const b = await page.locator(sel(`[data-panel=${name}][data-run=B]`)).boundingBox();
    assert.ok(Math.abs(a.y - b.y) < 1 && Math.abs(a.height - b.height) < 1, `${name}: A and B aligned`);
    assert.ok(b.x > a.x + a.width - 1, `${name}: B to the right of A`);
  }
  // shared scales: the gradient charts of A and B use one log range
  assert.match(await page.locator(sel('.gl-knobs')).textContent(), /B changes:.*Activation: A = relu → B =/);
  // the URL carries B's knob
  assert.match(await page.evaluate(() => location.hash), /compare=1/);
  assert.match(await page.evaluate(() => location.hash), /b\.activation=leaky_relu/);
  assert.deepEqual(log.errors, []);
  await close();
});

const VIEWS = [
  { name: 'default', hash: '#speed=20', steps: 600 },
  { name: 'vanishing-sigmoid', hash: '#preset=vanishing-sigmoid&speed=200', steps: 1000 },
  { name: 'dying-relu', hash: '#preset=dying-relu-high-lr&speed=500', budget: 2000 },
  { name: 'leaky-relu', hash: '#preset=dying-relu-high-lr&activation=leaky_relu&speed=500', budget: 2000 },
  { name: 'ab-compare', hash: AB.replace('speed=200', 'speed=500'), budget: 2000 },
];
const SIZES = [{ width: 1280, height: 800 }, { width: 375, height: 812 }];

for (const size of SIZES) {
  test(`screenshots at ${size.width}x${size.height}: the default page, three lessons and the A/B view`, async () => {
    for (const v of VIEWS) {
      const { page, log, close } = await openPage(ctx, v.hash, { viewport: size });
      await ready(page);
      if (v.budget) await playToBudget(page, v.budget);
      else {
        await page.locator(sel('.gl-play')).click();
        await until(async () => (await step(page)) >= v.steps, { what: `${v.name}: step ${v.steps}` });
        await page.locator(sel('.gl-play')).click();
      }
      await until(async () => Number(await page.locator(sel('[data-stat=trainLoss] [data-exact]')).first().getAttribute('data-step')) === (await step(page)), { what: 'the final evaluation' });
      await page.waitForTimeout(200);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${v.name} at ${size.width}px: no sideways scrolling (${overflow}px too wide)`);
      await page.screenshot({ path: shotPath(`${v.name}-${size.width}x${size.height}.png`) });
      await page.screenshot({ path: shotPath(`${v.name}-${size.width}x${size.height}-full.png`), fullPage: true });
      assert.deepEqual(log.errors, [], v.name);
      await close();
    }
  });
}

test('320 px phone and a wide screen: everything fits; the dark theme follows the setting', async () => {
  for (const width of [320, 1920]) {
    const { page, log, close } = await openPage(ctx, '#preset=selu-self-normalising&theme=dark', { viewport: { width, height: 900 } });
    await ready(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${width}px: ${overflow}px too wide`);
    const bg = await page.locator(sel('.gl-root')).evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(bg, 'rgb(17, 21, 27)', 'dark background');
    // every panel fits inside the viewport's width
    const widths = await page.locator(sel('.gl-panel')).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right));
    assert.ok(widths.every((r) => r <= width + 0.5), `panels within ${width}px: ${widths}`);
    await page.screenshot({ path: shotPath(`selu-dark-${width}.png`), fullPage: true });
    assert.deepEqual(log.errors, []);
    await close();
  }
});
