// The Experiments view in headless Chromium under the strict CSP: the three instruments drawn
// from small sweeps (screenshots in test-results/screenshots/), a cell's hover showing its
// numbers, a click opening that exact run in the playground (its loss after N steps equal to
// the cell's, bit for bit), cancellation leaving no sweep worker behind, the element's mode
// attribute, and a link whose experiment entries are invalid falling back with notices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserPerFile, openPage, sel, until, shotPath, step } from './helpers.mjs';

const ctx = browserPerFile();

const state = (page) => page.locator(sel('.gl-experiments')).getAttribute('data-state');
async function runAndWait(page, { timeout = 120000 } = {}) {
  await page.locator(sel('.gl-x-badge, .gl-badge[data-build]')).first().waitFor({ timeout: 30000 });
  await page.locator(sel('.gl-x-run')).click();
  await until(async () => ['done', 'cancelled', 'failed'].includes(await state(page)), { timeout, what: 'the sweep to finish' });
  assert.equal(await state(page), 'done', await page.locator(sel('.gl-x-status')).textContent());
}

// Small sweeps: a few cells of tiny networks, so the file stays short on two cores.
const MAP = '#view=experiments&exp=map&hidden=6&numPoints=100&vary=depth=1,3,6&vary=activation=relu,sigmoid;init=he_normal,xavier_normal&steps=60';
const RACE = '#view=experiments&hidden=5,5,5&numPoints=100&vary=activation=relu,elu,selu,sigmoid;init=he_normal,he_normal,lecun_normal,xavier_normal&steps=80&seeds=2';
const PHASE = '#view=experiments&exp=phase&hidden=32,32,32,32,32,32,32,32&numPoints=60&activation=tanh&vary=sigmaW2=0.25..4:8&vary=sigmaB2=0..0.2:4';

test('the trainability map: every cell drawn, hover shows its numbers, a click opens its run with the same loss after N steps, bit for bit', async () => {
  const { page, log, close } = await openPage(ctx, MAP, { viewport: { width: 1280, height: 900 } });
  await runAndWait(page);
  const inst = page.locator(sel('[data-instrument=map]'));
  assert.equal(await inst.getAttribute('data-cells'), '6');
  const values = (await inst.getAttribute('data-values')).split(',');
  assert.equal(values.length, 6);
  assert.ok(values.every((v) => v !== '' && Number.isFinite(Number(v))), values.join(','));
  // The link carries the experiment as the page wrote it.
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /view=experiments/);
  assert.match(hash, /vary=depth=1,3,6&vary=activation=relu,sigmoid;init=he_normal,xavier_normal/);
  await page.screenshot({ path: shotPath('experiments-map.png'), fullPage: true });

  // Hover cell (depth 6, sigmoid): cell index = 2 × 2 + 1 = 5 (first axis slowest), drawn at column 2, row 1.
  const canvas = page.locator(sel('.gl-x-heatmap'));
  const box = await canvas.boundingBox();
  const geom = await page.evaluate(() => {
    const el = document.querySelector('gradlab-playground').playground.experiments.instrument.chart.geom;
    return { left: el.left, right: el.right, top: el.top, bottom: el.bottom, cellW: el.cellW, cellH: el.cellH };
  });
  const at = (col, row) => ({ x: box.x + geom.left + (col + 0.5) * geom.cellW, y: box.y + geom.bottom - (row + 0.5) * geom.cellH });
  const p = at(2, 1);
  await page.mouse.move(p.x, p.y);
  const tip = page.locator(sel('.gl-tooltip'));
  await until(async () => !(await tip.isHidden()), { what: 'the tooltip' });
  const text = await tip.textContent();
  assert.match(text, /Depth \(hidden layers\) 6 · Activation Sigmoid · Initialiser xavier_normal/);
  const loss = Number(values[5]);
  assert.match(text, new RegExp(`training loss after 60 steps: ${String(Number(loss.toPrecision(3))).replace('.', '\\.')}`));

  // Click: the playground opens that run (same seed), replays to step 60 and shows the same loss.
  await page.mouse.click(p.x, p.y);
  await until(async () => !(await page.evaluate(() => location.hash)).includes('view=experiments'), { what: 'the run\'s link' });
  const runHash = await page.evaluate(() => location.hash);
  assert.doesNotMatch(runHash, /view=experiments/);
  assert.match(runHash, /hidden=6,6,6,6,6,6&/);
  assert.match(runHash, /activation=sigmoid/);
  const readout = page.locator(sel('[data-stat=trainLoss] [data-exact]'));
  await until(async () => (await step(page)) === 60 && (await readout.getAttribute('data-step')) === '60', { what: 'replay to step 60' });
  assert.equal(await readout.getAttribute('data-exact'), values[5], 'the cell\'s loss after 60 steps, bit for bit');
  assert.equal(await page.locator(sel('.gl-experiments')).getAttribute('hidden'), '');
  // Back returns to the experiment with its chart.
  await page.goBack();
  await until(async () => (await page.locator(sel('.gl-experiments')).getAttribute('hidden')) === null, { what: 'back to the experiments' });
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.foreign, []);
  await close();
});

test('the activation race: curves with a band over seeds, a sortable table, a row opens its run', async () => {
  const { page, log, close } = await openPage(ctx, RACE, { viewport: { width: 1280, height: 1000 } });
  await runAndWait(page);
  const rows = page.locator(sel('.gl-x-table tbody tr'));
  assert.equal(await rows.count(), 4);
  const lossOf = async () => Promise.all((await rows.all()).map(async (r) => Number(await r.locator('[data-measure=trainLoss]').getAttribute('data-value'))));
  const asc = await lossOf();
  assert.deepEqual(asc, [...asc].sort((a, b) => a - b), 'sorted by training loss, lowest first');
  await page.locator(sel('.gl-x-sort[data-sort=trainLoss]')).click();
  const desc = await lossOf();
  assert.deepEqual(desc, [...asc].reverse(), 'clicked again: highest first');
  await page.locator(sel('.gl-x-sort[data-sort=deadFraction]')).click();
  assert.equal(await page.locator(sel('th[aria-sort=ascending] [data-sort=deadFraction]')).count(), 1);
  // The sigmoid network stays near a coin toss's loss; its row says so.
  const sig = Number(await page.locator(sel('tr[data-activation=sigmoid] [data-measure=trainLoss]')).getAttribute('data-value'));
  assert.ok(Math.abs(sig - Math.LN2) < 0.02, String(sig));
  await page.screenshot({ path: shotPath('experiments-race.png'), fullPage: true });
  // CSV export of the table: a download with one line per activation.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(sel('.gl-x-export button')).first().click()]);
  const csv = await (await download.createReadStream()).toArray();
  const lines = Buffer.concat(csv).toString('utf8').trim().split('\n');
  assert.equal(lines.length, 5);
  assert.match(lines[0], /^cell,activation,init,runs,failed,diverged,trainLossCurve,trainLoss,/);
  // A row's button opens that activation's run.
  await page.locator(sel('tr[data-activation=elu] .gl-x-open')).click();
  await until(async () => (await page.evaluate(() => location.hash)).includes('activation=elu'), { what: 'the ELU run' });
  assert.match(await page.evaluate(() => location.hash), /init=he_normal/);
  assert.deepEqual(log.errors, []);
  await close();
});

test('the phase diagram: the measured growth across both phases, the theory\'s critical line over it, labels naming each side', async () => {
  const { page, log, close } = await openPage(ctx, PHASE, { viewport: { width: 1280, height: 900 } });
  await runAndWait(page);
  const inst = page.locator(sel('[data-instrument=phase]'));
  await until(async () => (await inst.getAttribute('data-line')) !== null, { what: 'the critical line' });
  const values = (await inst.getAttribute('data-values')).split(',').map(Number);
  assert.equal(values.length, 32);
  // σ_w² across (8 values), σ_b² up (4): the leftmost column is ordered, the rightmost chaotic.
  for (let row = 0; row < 4; row++) {
    assert.ok(values[row] < 0, `σ_w² 0.25, row ${row}: ${values[row]}`);
    assert.ok(values[7 * 4 + row] > 0, `σ_w² 4, row ${row}: ${values[7 * 4 + row]}`);
  }
  const line = (await inst.getAttribute('data-line')).split(',').map(Number);
  assert.ok(Math.abs(line[0] - 1) < 1e-6, `tanh's line starts at σ_w² = 1 for σ_b² = 0: ${line[0]}`);
  assert.match(await inst.locator('.gl-summary').textContent(), /ordered phase.*chaotic phase/);
  await page.screenshot({ path: shotPath('experiments-phase.png'), fullPage: true });
  assert.deepEqual(log.errors, []);
  await close();
});

test('cancelling a sweep leaves no worker behind and says how far it got', async () => {
  const big = '#view=experiments&exp=map&hidden=24&numPoints=200&vary=depth=1..12:12&vary=learningRate=0.001..1:8:log&steps=3000';
  const { page, log, close } = await openPage(ctx, big);
  await page.locator(sel('.gl-badge[data-build]')).waitFor({ timeout: 30000 });
  await page.locator(sel('.gl-experiments input[name=workers]')).fill('2');
  await page.locator(sel('.gl-experiments input[name=workers]')).dispatchEvent('change');
  const sweepWorkers = () => log.workers.filter((w) => /worker-browser/.test(w.url()));
  const closed = new Set();
  page.on('worker', (w) => w.on('close', () => closed.add(w)));
  await page.locator(sel('.gl-x-run')).click();
  await until(async () => Number(await page.locator(sel('.gl-experiments')).getAttribute('data-cells-done')) >= 1, { timeout: 60000, what: 'a first cell' });
  assert.equal(sweepWorkers().length, 2, 'two sweep workers ran');
  await page.locator(sel('.gl-x-cancel')).click();
  await until(async () => (await state(page)) === 'cancelled', { what: 'the cancel' });
  assert.match(await page.locator(sel('.gl-x-status')).textContent(), /^Cancelled after \d+ of 96 runs \(\d+ cells? complete\); no worker is left running\.$/);
  await until(() => sweepWorkers().every((w) => closed.has(w)), { what: 'every sweep worker closed' });
  // The engine's own worker (run A) is still there: only the sweep's went.
  assert.ok(log.workers.some((w) => !/worker-browser/.test(w.url()) && !closed.has(w)));
  // The partial table can still be exported; Run is available again.
  assert.equal(await page.locator(sel('.gl-x-export button')).first().isDisabled(), false);
  assert.equal(await page.locator(sel('.gl-x-run')).isDisabled(), false);
  assert.deepEqual(log.errors, []);
  await close();
});

test('mode="experiments" on the element, and an invalid experiment link falls back with notices', async () => {
  const { page, log, close } = await openPage(ctx, 'test/blank.html');
  await page.evaluate(async () => {
    await import('/gradlab-playground.js');
    const el = document.createElement('gradlab-playground');
    el.setAttribute('mode', 'experiments');
    el.setAttribute('config', 'exp=phase&vary=sigmaW2=0..-1:3&steps=abc&show=bogus');
    document.body.append(el);
  });
  await until(async () => (await page.locator(sel('.gl-experiments')).getAttribute('hidden')) === null, { what: 'the experiments view' });
  assert.equal(await page.locator(sel('.gl-experiments')).getAttribute('data-kind'), 'phase');
  const notices = await page.locator(sel('.gl-notices')).textContent();
  assert.match(notices, /vary\[0\].*sigmaW2.*-1.*left out/);
  assert.match(notices, /steps.*not a whole number/);
  assert.match(notices, /show: "bogus" is not one of/);
  // the instrument's defaults are in place
  assert.equal(await page.locator(sel('[data-axis-field=sigmaW2]')).inputValue(), '0.25..4:16');
  assert.deepEqual(log.errors, []);
  await close();
});

test('an experiment lesson from the menu: its card, its sweep, and every sentence checked on the table in the page', async () => {
  const { page, log, close } = await openPage(ctx, '#view=experiments', { viewport: { width: 1280, height: 1000 } });
  await page.locator(sel('.gl-badge[data-build]')).waitFor({ timeout: 30000 });
  await page.locator(sel('.gl-x-menus select[aria-label="Experiment lesson"]')).selectOption('relu-family-race');
  const card = page.locator(sel('.gl-x-lesson'));
  await until(async () => (await card.getAttribute('data-lesson')) === 'relu-family-race', { what: 'the lesson card' });
  assert.match(await card.textContent(), /Clevert, Unterthiner & Hochreiter \(2016/);
  assert.match(await page.evaluate(() => location.hash), /xlesson=relu-family-race/);
  await runAndWait(page, { timeout: 180000 });
  await until(async () => (await card.getAttribute('data-checked')) !== '', { what: 'the lesson check' });
  assert.equal(await card.getAttribute('data-checked'), 'passed', await card.locator('.gl-x-lesson-status').textContent());
  assert.equal(await card.locator('.gl-x-lesson-status').textContent(), '✓ Checked on this sweep: every one of the 5 sentences about it holds.');
  await page.screenshot({ path: shotPath('experiments-lesson-race.png'), fullPage: true });
  assert.deepEqual(log.errors, []);
  await close();
});
