// A panel on its own: the module loaded unbundled on a page without the playground, built with
// a plain context object ({colors, tooltip, ui, setUi, domain}) and fed a hand-made run. It
// draws from the run's data alone, follows the context it is given, and reports back only
// through it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserPerFile, openPage } from './helpers.mjs';
import { schema } from '../../web/src/common.js';

const ctx = browserPerFile({ csp: true, sources: true });

const blue = ([r, , b]) => b > r + 60;
const orange = ([r, , b]) => r > b + 60;

async function panelPage() {
  const p = await openPage(ctx, 'test/panel.html');
  await p.page.waitForFunction(() => window.panelTest);
  assert.equal(await p.page.evaluate(() => window.panelTest.playgroundDefined()), false, 'no playground on this page');
  return p;
}

test('the network panel, built from a plain context, draws a run\'s unit grids and weights and reports through the context', async () => {
  const { page, log, close } = await panelPage();
  const r = await page.evaluate(() => window.panelTest.network({ unitSigns: [1, -1, 1] }));
  assert.equal(r.mode, 'full', 'a 2-3-1 network is drawn unit by unit');
  // each unit is painted with its own grid: positive blue, negative orange
  assert.ok(blue(r.hidden[0].centre), `unit 1 (positive): ${r.hidden[0].centre}`);
  assert.ok(orange(r.hidden[1].centre), `unit 2 (negative): ${r.hidden[1].centre}`);
  assert.ok(blue(r.hidden[2].centre), `unit 3 (positive): ${r.hidden[2].centre}`);
  // hovering goes to the context's tooltip, with the run's own numbers (the biases follow W)
  assert.deepEqual(r.hidden.map((u) => u.tooltip.slice(0, 2)), [
    ['layer 1, unit 1 (relu)', 'bias 0.125'], ['layer 1, unit 2 (relu)', 'bias -0.5'], ['layer 1, unit 3 (relu)', 'bias 0.375']]);
  assert.equal(r.markedDead, '0');
  // the inputs are named by the context's featureLabel
  assert.deepEqual(r.inputs, ['input <x1>', 'input <x2>']);
  // the panel's own select changes the page's field through the context, nothing else
  assert.deepEqual(r.setUi, [{ edges: 'gradient' }]);
  assert.deepEqual(log.errors, []);
  await close();
});

test('the output panel places the data on the plane of the domain its context gives', async () => {
  const { page, log, close } = await panelPage();
  for (const domain of [2, 5]) {
    const r = await page.evaluate((domain) => window.panelTest.output({ domain }), domain);
    assert.equal(r.D, domain);
    assert.ok(blue(r.classOne), `domain ${domain}: the class-1 point at (1, -1): ${r.classOne}`);
    assert.ok(orange(r.classZero), `domain ${domain}: the class-0 point at (-1.5, 1.5): ${r.classZero}`);
  }
  assert.deepEqual(log.errors, []);
  await close();
});

test('a unit is marked by the name of its state: codes are read through the unitStates the context gives', async () => {
  const { page, log, close } = await panelPage();
  const light = (rgb) => Math.min(...rgb) > 190;
  const dark = (rgb) => Math.max(...rgb) < 120;
  // the engine's order, then the same names in another order: the marks follow the names
  for (const unitStates of [schema.unitStates, [...schema.unitStates].reverse()]) {
    const r = await page.evaluate((unitStates) => window.panelTest.network({ states: ['dead', 'inactive', 'blocked', 'active'], unitStates, unitSigns: [1, 1, 1] }), unitStates);
    const [dead, inactive, blocked] = r.hidden;
    assert.ok(light(dead.centre), `${unitStates}: the dead unit is crossed out (white centre): ${dead.centre}`);
    assert.match(dead.tooltip.join(' '), /dead: f′\(z\) = 0/);
    assert.ok(blue(inactive.centre), `${unitStates}: the inactive unit keeps its colour (only its border is dashed): ${inactive.centre}`);
    assert.match(inactive.tooltip.join(' '), /inactive: off for every training point/);
    assert.ok(dark(blocked.centre), `${unitStates}: the blocked unit is shaded, not crossed: ${blocked.centre}`);
    assert.match(blocked.tooltip.join(' '), /no gradient arrives/);
    assert.equal(r.markedDead, '1');
    assert.equal(r.markedInactive, '1');
  }
  assert.deepEqual(log.errors, []);
  await close();
});

test('the activation panel handles every curve it asked for when the engine goes away meanwhile', async () => {
  const { page, log, close } = await panelPage();
  const r = await page.evaluate(() => window.panelTest.activationEngineGone());
  assert.ok(r.asked > 7, `${r.asked} curves asked for (plots and probes)`);
  assert.deepEqual(r.unhandled, [], 'no rejection left unhandled');
  assert.deepEqual(log.errors, []);
  await close();
});
