// The panel a lesson is about is in view the moment the lesson opens, without scrolling: on a
// laptop (1366×768) it sits beside the lesson card, on a phone (375×812) it follows the card
// folded to one line. Checked for every lesson from the elements' bounding boxes, with a
// screenshot of each first screen (test-results/screenshots/lesson-*.png).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserPerFile, openPage, ready, sel, until, shotPath } from './helpers.mjs';
import { presetNames, presets } from '../../web/src/common.js';
import { SINGLE } from '../../web/ui/src/panels/set.js';

const ctx = browserPerFile();

// What a lesson's "look for" calls each panel: the panel a lesson names must be the one its
// sentences are about.
const CALLED = {
  gradflow: /dL\/dz|gradient bars?/i,
  histograms: /distributions panel|activations view|spread|σ/,
  network: /units? (are|is) dead|dead units?/,
  units: /dead|inactive/,
  activation: /activation panel/,
  curves: /loss chart/,
};

const VIEWPORTS = [{ width: 1366, height: 768 }, { width: 375, height: 812 }];

/** The bounding box of the lesson's panel, once it is drawn beside the card. */
async function panelBox(page, panel) {
  await until(async () => (await page.locator(sel('.gl-lesson-stage')).getAttribute('data-focus')) === panel, { what: `${panel} beside the card` });
  const el = page.locator(sel(`.gl-lesson-slot [data-panel=${panel}]`));
  await until(async () => (await el.locator('canvas').first().boundingBox())?.height > 20, { what: `${panel} drawn` });
  // the layout settles once the panel has drawn at its width
  await page.waitForTimeout(300);
  return el.boundingBox();
}

test('every lesson names the panel its "look for" watches', () => {
  for (const name of presetNames) {
    const { panel, lookFor } = presets[name];
    assert.ok(CALLED[panel], `${name}: ${panel} is a panel of the page`);
    assert.match(lookFor, CALLED[panel], `${name}: the look-for sentences are about the ${panel} panel`);
  }
});

for (const viewport of VIEWPORTS) {
  test(`at ${viewport.width}×${viewport.height} every lesson's panel is in view without scrolling`, async () => {
    const { page, log, close } = await openPage(ctx, null, { viewport });
    for (const name of presetNames) {
      await page.goto('about:blank');
      await page.goto(`${ctx.url}#preset=${name}`);
      await ready(page);
      const box = await panelBox(page, presets[name].panel);
      const scroll = await page.evaluate(() => [scrollX, scrollY]);
      assert.deepEqual(scroll, [0, 0], `${name}: the page is not scrolled`);
      assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width && box.y + box.height <= viewport.height,
        `${name}: the ${presets[name].panel} panel at ${JSON.stringify(box)} is not inside ${viewport.width}×${viewport.height}`);
      // the lesson card is in view too: whole on a laptop, its one line on a phone
      const card = await page.locator(sel('.gl-lesson')).boundingBox();
      assert.ok(card.y >= 0 && card.y + Math.min(card.height, 60) <= viewport.height, `${name}: the card`);
      if (viewport.width < 700) {
        assert.equal(await page.locator(sel('.gl-lesson')).getAttribute('data-collapsed'), 'true', `${name}: folded on a phone`);
        assert.ok(card.height <= 60, `${name}: one line (${card.height}px)`);
        assert.equal(await page.locator(sel('.gl-lesson-play')).isVisible(), true, `${name}: play is in reach`);
      }
      await page.screenshot({ path: shotPath(`lesson-${name}-${viewport.width}.png`) });
    }
    assert.deepEqual(log.errors, []);
    await close();
  });
}

test('the folded card opens, and the panel goes back among the others when the lesson closes or A/B starts', async () => {
  const { page, log, close } = await openPage(ctx, '#preset=vanishing-sigmoid', { viewport: { width: 375, height: 812 } });
  await ready(page);
  await panelBox(page, 'gradflow');
  const card = page.locator(sel('.gl-lesson'));
  await page.locator(sel('.gl-lesson-toggle')).click();
  assert.equal(await card.getAttribute('data-collapsed'), 'false');
  assert.equal(await page.locator(sel('.gl-lesson-toggle')).getAttribute('aria-expanded'), 'true');
  assert.equal(await page.locator(sel('.gl-lesson-parts')).isVisible(), true);
  // the card's play button plays and pauses
  await page.locator(sel('.gl-lesson-play')).click();
  await until(async () => (await page.locator(sel('.gl-lesson-play')).getAttribute('aria-pressed')) === 'true', { what: 'playing' });
  await page.locator(sel('.gl-lesson-play')).click();
  await until(async () => (await page.locator(sel('.gl-play')).getAttribute('aria-pressed')) === 'false', { what: 'paused' });
  // the A/B view has its own columns: the panel leaves the stage, and comes back after it
  await page.locator(sel('.gl-header-tools button:has-text("A/B")')).click();
  await until(async () => (await page.locator(sel('.gl-lesson-stage')).getAttribute('data-focus')) === '', { what: 'A/B without the stage panel' });
  assert.equal(await page.locator(sel('.gl-lesson-slot [data-panel]')).count(), 0);
  await page.locator(sel('.gl-header-tools button:has-text("A/B")')).click();
  await panelBox(page, 'gradflow');
  // closing the lesson: the gradient-flow panel is back in the single view's page order
  await page.locator(sel('.gl-lesson button:has-text("Close lesson")')).click();
  await until(async () => (await page.locator(sel('.gl-lesson-stage')).getAttribute('data-focus')) === '', { what: 'no lesson panel' });
  const order = await page.locator(sel('.gl-panels > [data-panel]')).evaluateAll((els) => els.map((e) => e.dataset.panel));
  assert.ok(order.includes('gradflow'), `gradflow among the panels: ${order}`);
  assert.deepEqual(order.filter((name) => SINGLE.includes(name)), SINGLE.filter((name) => order.includes(name)));
  assert.deepEqual(log.errors, []);
  await close();
});
