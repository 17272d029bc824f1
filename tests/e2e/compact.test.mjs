// Embeds that fit: an element 480 px tall shows the controls it was given and the panels it
// asked for (panels="gradflow,units") inside its own box, without any scrolling, at the widths
// course pages have; hide and controls keep working; unknown panel names are notices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserPerFile, sel, openPage, until, shotPath } from './helpers.mjs';

const ctx = browserPerFile({ csp: true });

// Ready when the engine is loaded and (unless `drawn` is false: no panel, or one without a
// canvas) a chart is drawn.
async function embed(width, attrs, { drawn = true } = {}) {
  const p = await openPage(ctx, 'test/blank.html', { viewport: { width: width + 40, height: 800 } });
  await p.page.evaluate((attrs) => {
    const el = document.createElement('gradlab-playground');
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    document.body.prepend(el);
  }, attrs);
  await until(async () => (await p.page.locator(sel('.gl-badge')).getAttribute('data-build')) && (!drawn || (await p.page.locator(sel('[data-panel] canvas')).count()) > 0), { what: 'the embed' });
  return p;
}

/** Whether `locator`'s box lies inside the element's box (nothing of it needs scrolling to see). */
async function inside(page, locator) {
  const host = await page.locator('gradlab-playground').boundingBox();
  const box = await locator.boundingBox();
  return !!box && box.width > 0 && box.height > 0 && box.x >= host.x - 0.5 && box.y >= host.y - 0.5
    && box.x + box.width <= host.x + host.width + 0.5 && box.y + box.height <= host.y + host.height + 0.5;
}

const scrolled = (page) => page.evaluate(() => {
  const root = document.querySelector('gradlab-playground').shadowRoot;
  return [...root.querySelectorAll('*')].filter((e) => e.scrollTop > 0).map((e) => e.className);
});

for (const width of [800, 640]) {
  test(`480 px tall, ${width} px wide: the given controls and the panels asked for are in view, nothing scrolled`, async () => {
    const { page, log, close } = await embed(width, { preset: 'dying-relu-high-lr', controls: 'learningRate,activation', panels: 'gradflow,units', lock: '', height: '480' });
    await page.evaluate(() => document.querySelector('gradlab-playground').step(300));
    await until(async () => Number(await page.locator(sel('[data-panel=units]')).getAttribute('data-step')) === 300, { what: 'step 300 drawn' });
    const host = await page.locator('gradlab-playground').boundingBox();
    assert.equal(Math.round(host.height), 480);
    // only the panels asked for
    const panels = await page.locator(sel('.gl-panels > [data-panel]')).evaluateAll((els) => els.map((e) => e.dataset.panel));
    assert.deepEqual(panels.sort(), ['gradflow', 'units']);
    for (const name of panels) {
      for (const canvas of await page.locator(sel(`[data-panel=${name}] canvas`)).all()) assert.ok(await inside(page, canvas), `${name}'s charts are in view`);
      assert.ok(await inside(page, page.locator(sel(`[data-panel=${name}] .gl-panel-head h2`))), `${name}'s title is in view`);
    }
    // the controls it was given, and the run buttons
    for (const f of ['learningRate', 'activation']) assert.ok(await inside(page, page.locator(sel(`.gl-controls [data-field=${f}]`))), `${f} is in view`);
    assert.ok(await inside(page, page.locator(sel('.gl-play'))));
    const fields = await page.locator(sel('.gl-controls [data-field]')).evaluateAll((rows) => rows.filter((r) => !r.hidden && r.offsetParent !== null).map((r) => r.dataset.field));
    assert.deepEqual(fields.sort(), ['activation', 'learningRate'], 'controls= still decides which settings show');
    assert.deepEqual(await scrolled(page), [], 'nothing had to be scrolled');
    // the panels show this run's numbers, drawn at this size
    assert.ok(Number(await page.locator(sel('[data-panel=units] .gl-total')).getAttribute('data-dead')) > 0, 'dead units counted at step 300');
    await page.locator('gradlab-playground').screenshot({ path: shotPath(`compact-480-${width}.png`) });
    assert.deepEqual(log.errors, []);
    await close();
  });
}

test('480 px wide, 640 px tall: the settings above the panels take at most 40% and leave no empty band', async () => {
  const { page, log, close } = await embed(480, { preset: 'dying-relu-high-lr', controls: 'learningRate,activation', panels: 'gradflow,units', lock: '', height: '640' });
  const box = (s) => page.locator(sel(s)).boundingBox();
  const main = await box('.gl-main');
  const side = await box('.gl-side');
  const content = await box('.gl-content');
  assert.ok(side.height <= 0.4 * main.height + 1, `the settings are ${side.height} px of ${main.height}`);
  assert.ok(content.y - (side.y + side.height) <= 12, `the panels follow the settings (gap ${content.y - (side.y + side.height)} px)`);
  // what does not fit in the settings' share scrolls inside it, and every setting is reachable
  const lr = page.locator(sel('.gl-controls [data-field=activation]'));
  await lr.scrollIntoViewIfNeeded();
  const row = await lr.boundingBox();
  assert.ok(row.y >= side.y - 0.5 && row.y + row.height <= side.y + side.height + 0.5, 'activation scrolled into the settings\' box');
  await page.locator('gradlab-playground').screenshot({ path: shotPath('compact-480-wide-640-tall.png') });
  assert.deepEqual(log.errors, []);
  await close();
});

test('compact embeds keep hide, and say which panel names they do not know', async () => {
  const { page, log, close } = await embed(800, { preset: 'vanishing-sigmoid', panels: 'gradflow,bogus', hide: 'header,controls', height: '480' });
  assert.equal(await page.locator(sel('.gl-header')).isVisible(), false);
  assert.equal(await page.locator(sel('.gl-side')).isVisible(), false);
  assert.deepEqual(await page.locator(sel('.gl-panels > [data-panel]')).evaluateAll((els) => els.map((e) => e.dataset.panel)), ['gradflow']);
  assert.ok(await inside(page, page.locator(sel('[data-panel=gradflow] canvas')).first()));
  assert.match((await page.locator(sel('[data-notice=settings]')).allTextContents()).join(' '), /panels: "bogus" is not a panel/);
  assert.deepEqual(log.errors, []);
  await close();
});

test('a tall element keeps the full layout: every panel, in page order', async () => {
  const { page, close } = await embed(1200, { preset: 'vanishing-sigmoid', height: '900' });
  assert.equal(await page.evaluate(() => document.querySelector('gradlab-playground').shadowRoot.querySelector('.gl-root').classList.contains('gl-compact')), false);
  assert.ok((await page.locator(sel('.gl-panels > [data-panel]')).count()) >= 7);
  await close();
});

test('panels and hide take the name of every panel the page builds', async () => {
  const full = await embed(1200, { preset: 'vanishing-sigmoid', height: '900' });
  const names = await full.page.locator(sel('.gl-panels > [data-panel]')).evaluateAll((els) => els.map((e) => e.dataset.panel));
  await full.close();
  // each one alone, as a small embed asks for it
  for (const name of names) {
    const { page, close } = await embed(800, { preset: 'vanishing-sigmoid', panels: name, height: '480' }, { drawn: false });
    assert.deepEqual(await page.locator(sel('.gl-panels > [data-panel]')).evaluateAll((els) => els.map((e) => e.dataset.panel)), [name]);
    assert.deepEqual(await page.locator(sel('[data-notice=settings]')).allTextContents(), [], `panels="${name}" is taken without a notice`);
    await close();
  }
  // and all of them hidden
  const { page, close } = await embed(1200, { preset: 'vanishing-sigmoid', height: '900', hide: names.join(',') }, { drawn: false });
  assert.equal(await page.locator(sel('.gl-panels > [data-panel]')).count(), 0);
  assert.deepEqual(await page.locator(sel('[data-notice=settings]')).allTextContents(), [], 'hide takes every panel name');
  await close();
});
