// Bring your own data, as a learner does it in the page (build/ui, strict CSP): points drawn on
// the output plane with the pointer (a spiral, programmatically, through real pointer events),
// moved, erased, cleared; a 3-class CSV uploaded and its confusion matrix; a bad CSV's message
// leaving the points as they were; a curve drawn for regression and its R²; the share link's
// round trip with drawn points (same loss at the same step, bit for bit); a link over its
// budget; dataset=custom without points. Screenshots land in test-results/screenshots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserPerFile, sel, openPage, ready, step, until, numbers, shotPath } from './helpers.mjs';

const ctx = browserPerFile({ csp: true });

const PLAYGROUND = "document.querySelector('gradlab-playground').playground";

/** The data panel's numbers. */
async function dataPanel(page) {
  return page.locator(sel('[data-panel=data]')).evaluate((el) => ({ ...el.dataset, status: el.querySelector('.gl-data-status')?.textContent ?? '' }));
}

/** The learner's points as the store holds them. */
async function points(page) {
  return page.evaluate(`(() => { const d = ${PLAYGROUND}.store.state.data; return d && { inputs: Array.from(d.inputs), targets: Array.from(d.targets), classes: d.classes, task: d.task, inputDim: d.inputDim, domain: d.domain }; })()`);
}

/** Page coordinates of data coordinates on the output plane (scrolled into view first). */
async function plane(page) {
  const canvas = page.locator(sel('[data-panel=output] canvas'));
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  const g = await page.evaluate(`(() => { const g = ${PLAYGROUND}.panels.output.geom; return g.oneD ? { oneD: true, left: g.left, W: g.W, top: g.top, bottom: g.bottom, lo0: g.lo0, hi0: g.hi0, lo: g.lo, hi: g.hi } : { x0: g.x0, y0: g.y0, area: g.area, box: g.box }; })()`);
  if (g.oneD) {
    return (x, y) => ({
      x: box.x + g.left + ((x - g.lo0) / (g.hi0 - g.lo0)) * (g.W - 4 - g.left),
      y: box.y + g.bottom - ((y - g.lo) / (g.hi - g.lo)) * (g.bottom - g.top),
    });
  }
  const [[lo0, hi0], [lo1, hi1]] = g.box;
  return (x, y) => ({ x: box.x + g.x0 + ((x - lo0) / (hi0 - lo0)) * g.area, y: box.y + g.y0 + ((hi1 - y) / (hi1 - lo1)) * g.area });
}

/** Waits until the run trains on the learner's current points (the data panel says how many train and test). */
async function trainedOn(page, n) {
  let d;
  await until(async () => {
    d = await dataPanel(page);
    return d.points === String(n) && d.train !== '' && d.waiting === '';
  }, { what: `the run on ${n} points`, timeout: 30000 }).catch((e) => {
    throw new Error(`${e.message}: the data panel says ${JSON.stringify(d)}`);
  });
  return dataPanel(page);
}

async function play(page, steps) {
  const from = await step(page);
  await page.locator(sel('.gl-play')).click();
  await until(async () => (await step(page)) >= from + steps, { what: `step ${from + steps}`, timeout: 60000 });
  await page.locator(sel('.gl-play')).click();
  await until(async () => (await page.locator(sel('.gl-play')).getAttribute('aria-pressed')) === 'false');
  // a frame in flight when Pause was pressed may still add steps: wait until the figures are
  // those of the step the run ends at
  const readout = page.locator(sel('[data-stat=trainLoss] [data-exact]'));
  let s;
  await until(async () => Number(await readout.getAttribute('data-step')) === (s = await step(page)), { what: 'the final evaluation' });
  return s;
}

const trainLoss = async (page) => Number(await page.locator(sel('[data-stat=trainLoss] [data-exact]')).getAttribute('data-exact'));

test('a spiral drawn with the pointer trains; points move, erase and clear by pointer and keyboard', async () => {
  const { page, log, close } = await openPage(ctx, '#hidden=12,12,12&learningRate=0.1&batchSize=8&speed=50', { viewport: { width: 1366, height: 900 } });
  await ready(page);
  await page.locator(sel('[data-panel=data] button:has-text("Start empty")')).click();
  await until(async () => (await dataPanel(page)).using === 'true', { what: 'drawing on' });
  assert.equal((await points(page)).inputs.length, 0);
  let at = await plane(page);
  // two arms, each point a click of its class: the class picked with the keyboard (radio buttons)
  const radio = (c) => page.locator(sel(`[data-panel=data] input[type=radio][value="${c}"]`));
  const drawn = [];
  for (const c of [0, 1]) {
    await radio(c).focus();
    await page.keyboard.press('Space');
    assert.equal((await dataPanel(page)).cls, String(c));
    // an Archimedean spiral r = 0.6 + 0.32 t, a point every 0.4 along it (well apart on the screen)
    for (let i = 0, t = 0; i < 40; i++) {
      const r = 0.6 + 0.32 * t;
      const x = r * Math.cos(t + c * Math.PI);
      const y = r * Math.sin(t + c * Math.PI);
      const p = at(x, y);
      await page.mouse.click(p.x, p.y);
      drawn.push({ c, x, y });
      t += 0.4 / r;
    }
  }
  const d = await trainedOn(page, 80);
  assert.equal(Number(d.train) + Number(d.test), 80);
  const pts = await points(page);
  assert.deepEqual(pts.targets, drawn.map((p) => p.c), 'each point has the class picked when it was drawn');
  // each point where it was clicked, to within a pixel of the plane (snapped to the link's grid)
  const pixel = 7.2 / 300;
  drawn.forEach((p, i) => assert.ok(Math.abs(pts.inputs[2 * i] - p.x) < pixel && Math.abs(pts.inputs[2 * i + 1] - p.y) < pixel, `point ${i}`));
  // the run trains on them: the engine's points are the drawn ones, and the loss falls
  const engine = await page.evaluate(`Array.from(${PLAYGROUND}.runs[0].points.coords)`);
  assert.deepEqual(engine, pts.inputs);
  assert.equal(await page.locator(sel('[data-field=dataset] select')).inputValue(), 'custom');
  const loss0 = await trainLoss(page);
  await play(page, 3000);
  const loss1 = await trainLoss(page);
  assert.ok(loss1 < 0.7 * loss0, `loss ${loss0} -> ${loss1}`);
  await page.locator(sel('[data-panel=output]')).screenshot({ path: shotPath('own-data-spiral.png') });
  await page.screenshot({ path: shotPath('own-data-spiral-page.png') });

  // drag point 0 to (2, -2)
  at = await plane(page);
  const from = at(pts.inputs[0], pts.inputs[1]);
  const to = at(2, -2);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2);
  await page.mouse.move(to.x, to.y);
  await page.mouse.up();
  await trainedOn(page, 80);
  const moved = await points(page);
  assert.ok(Math.abs(moved.inputs[0] - 2) < pixel && Math.abs(moved.inputs[1] + 2) < pixel, `moved to ${moved.inputs.slice(0, 2)}`);
  assert.equal(moved.targets[0], 0, 'it keeps its class');
  assert.deepEqual(moved.inputs.slice(2), pts.inputs.slice(2), 'the others stay');
  assert.equal(await step(page), 0, 'training started over on the new points');

  // shift-click removes the point under the pointer
  const last = at(moved.inputs[158], moved.inputs[159]);
  await page.keyboard.down('Shift');
  await page.mouse.click(last.x, last.y);
  await page.keyboard.up('Shift');
  await trainedOn(page, 79);
  assert.deepEqual((await points(page)).inputs, moved.inputs.slice(0, 158));

  // the eraser, toggled with the keyboard, removes on a plain click
  const eraser = page.locator(sel('[data-panel=data] label:has-text("eraser") input'));
  await eraser.focus();
  await page.keyboard.press('Space');
  assert.equal((await dataPanel(page)).tool, 'erase');
  const p1 = at(moved.inputs[2], moved.inputs[3]);
  await page.mouse.click(p1.x, p1.y);
  await trainedOn(page, 78);
  await eraser.focus();
  await page.keyboard.press('Space');
  assert.equal((await dataPanel(page)).tool, 'add');

  // "New split" draws another train/test split of the same points
  const split0 = await page.evaluate(`Array.from(${PLAYGROUND}.runs[0].points.train)`);
  await page.locator(sel('[data-panel=data] button:has-text("New split")')).click();
  await until(async () => JSON.stringify(await page.evaluate(`Array.from(${PLAYGROUND}.runs[0].points.train)`)) !== JSON.stringify(split0), { what: 'a new split' });
  assert.equal((await points(page)).inputs.length, 156, 'the same points');

  // Clear all, with the keyboard: no points, the run waits for new ones
  await page.locator(sel('[data-panel=data] button:has-text("Clear all")')).focus();
  await page.keyboard.press('Enter');
  await until(async () => (await dataPanel(page)).points === '0');
  assert.match((await dataPanel(page)).status, /Add points: at least 2/);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.foreign, []);
  await close();
});

const THREE_CLASSES = (() => {
  // three blobs around (-2, -1), (2, -1), (0, 2), with a few points each side of the borders
  const rows = ['x1,x2,label'];
  const centre = [[-2, -1], [2, -1], [0, 2]];
  for (let i = 0; i < 90; i++) {
    const c = i % 3;
    const a = (i * 2.399) % (2 * Math.PI);
    const r = 0.3 + ((i * 7) % 10) / 9;
    rows.push(`${(centre[c][0] + r * Math.cos(a)).toFixed(4)},${(centre[c][1] + r * Math.sin(a)).toFixed(4)},${c}`);
  }
  return `${rows.join('\n')}\n`;
})();

test('an uploaded CSV with 3 classes trains, and the scores panel shows its confusion matrix from the engine', async () => {
  const { page, log, close } = await openPage(ctx, '#hidden=8&learningRate=0.1&speed=50', { viewport: { width: 1366, height: 900 } });
  await ready(page);
  await page.locator(sel('[data-panel=data] summary:has-text("Paste or upload CSV")')).click();
  await page.locator(sel('[data-panel=data] input[type=file]')).setInputFiles({ name: 'three.csv', mimeType: 'text/csv', buffer: Buffer.from(THREE_CLASSES) });
  const d = await trainedOn(page, 90);
  assert.equal(d.kind, 'classes');
  const pts = await points(page);
  assert.equal(pts.classes, 3);
  assert.equal(pts.task, 'classification');
  assert.match(d.status, /90 points \(45 training, 45 test\), 3 classes, 2 inputs, from “three\.csv”/);
  // the plane is the one the engine derived from the points, now fixed for drawing
  const domain = await page.evaluate(`${PLAYGROUND}.runs[0].info.inputDomain`);
  assert.deepEqual(pts.domain, domain);
  const xs = pts.inputs.filter((_, i) => i % 2 === 0);
  const span = Math.max(...xs) - Math.min(...xs);
  assert.ok(Math.abs(domain[0][0] - (Math.min(...xs) - span / 10)) < 1e-6, 'x1: the points\' range and a tenth of its span');
  await play(page, 1500);
  const scores = page.locator(sel('[data-panel=scores]'));
  await until(async () => (await scores.getAttribute('data-step')) === String(await step(page)), { what: 'scores at the last step' });
  const confusion = (await scores.getAttribute('data-confusion')).split(';').map((r) => r.split(',').map(Number));
  assert.equal(confusion.length, 3);
  const info = await page.evaluate(`${PLAYGROUND}.runs[0].info`);
  const testTargets = await page.evaluate(`(() => { const p = ${PLAYGROUND}.runs[0].points; return Array.from(p.test, (i) => p.targets[i]); })()`);
  // rows: the true classes of the test points, counted here from the data
  for (let c = 0; c < 3; c++) assert.equal(confusion[c].reduce((a, b) => a + b, 0), testTargets.filter((t) => t === c).length, `class ${c}`);
  assert.equal(confusion.flat().reduce((a, b) => a + b, 0), info.test);
  // its trace over the points is the test accuracy the engine reports
  const acc = Number(await scores.getAttribute('data-accuracy'));
  const reported = await page.evaluate(`${PLAYGROUND}.runs[0].metrics.testAccuracy`);
  assert.equal(acc, reported);
  assert.equal(confusion.reduce((a, row, c) => a + row[c], 0) / info.test, reported);
  const perClass = numbers(await scores.getAttribute('data-class-accuracy'));
  perClass.forEach((v, c) => assert.equal(v, confusion[c][c] / confusion[c].reduce((a, b) => a + b, 0), `class ${c}`));
  assert.ok(reported > 0.9, `test accuracy ${reported}`);
  // the headline names the worst class only when some class does better than it
  const head = await scores.locator('.gl-total').textContent();
  const worstShown = /class (\d) fares worst/.exec(head);
  const measured = perClass.filter(Number.isFinite);
  if (Math.min(...measured) === Math.max(...measured)) assert.equal(worstShown, null, head);
  else assert.equal(Number(worstShown?.[1]), perClass.indexOf(Math.min(...measured)), head);
  await scores.screenshot({ path: shotPath('own-data-csv-scores.png') });
  await page.locator(sel('[data-panel=output]')).screenshot({ path: shotPath('own-data-csv-output.png') });
  assert.deepEqual(log.errors, []);
  await close();
});

test('a bad CSV is refused with the line and the column, and the points stay as they were', async () => {
  const { page, log, close } = await openPage(ctx, '#batchSize=1', { viewport: { width: 1366, height: 900 } });
  await ready(page);
  await page.locator(sel('[data-panel=data] summary:has-text("Paste or upload CSV")')).click();
  const paste = page.locator(sel('[data-panel=data] textarea'));
  await paste.fill('x1,x2,label\n0,0,0\n1,1,1\n2,2,1\n');
  await page.locator(sel('[data-panel=data] button:has-text("Use the pasted points")')).click();
  await trainedOn(page, 3);
  const before = await points(page);
  const problem = page.locator(sel('[data-panel=data] .gl-data-problem'));
  for (const [text, message] of [
    ['x1,x2,label\n1,2,0\n3,4,1\n5,6,cat\n', 'line 4, column label: "cat" is not a class index 0–7'],
    ['x1,x2,label\n1,NaN,0\n3,4,1\n', 'line 2, column x2: "NaN" is not a finite number'],
    ['x1,x2,label\n1,2,0\n3,4\n', 'line 3: 2 columns, expected 3 (x1, x2, label)'],
    ['x1,x2,label\n1,2,0\n3,4,0\n', 'column label: every point is class 0'],
    ['x1,x2,label\n1,2,9\n3,4,0\n', 'line 2, column label: "9" is not a class index 0–7'],
  ]) {
    await paste.fill(text);
    await page.locator(sel('[data-panel=data] button:has-text("Use the pasted points")')).click();
    await until(async () => (await problem.textContent()).includes(message), { what: message });
    assert.match(await problem.textContent(), /^Not loaded \(your points are unchanged\)/);
    assert.deepEqual(await points(page), before, `${message}: the points are unchanged`);
  }
  // a binary file through the upload
  await page.locator(sel('[data-panel=data] input[type=file]')).setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) });
  await until(async () => /binary/.test(await problem.textContent()), { what: 'the binary message' });
  assert.deepEqual(await points(page), before);
  assert.equal((await dataPanel(page)).points, '3');
  await page.locator(sel('[data-panel=data]')).screenshot({ path: shotPath('own-data-bad-csv.png') });
  assert.deepEqual(log.errors, []);
  await close();
});

test('a curve drawn for regression: points with values, R² from the engine', async () => {
  const { page, log, close } = await openPage(ctx, '#hidden=16,16&learningRate=0.05&batchSize=4&speed=50', { viewport: { width: 1366, height: 900 } });
  await ready(page);
  await page.locator(sel('[data-panel=data] select[aria-label="Kind of data to draw"]')).selectOption('curve');
  await page.locator(sel('[data-panel=data] button:has-text("Start empty")')).click();
  await until(async () => (await dataPanel(page)).kind === 'curve', { what: 'a curve' });
  const at = await plane(page);
  const want = [];
  for (let i = 0; i < 24; i++) {
    const x = -3.2 + (i * 6.4) / 23;
    const y = Math.round(Math.sin(x) * 1.5 * 4) / 4;  // on the value axis' quarter ticks
    const p = at(x, y);
    await page.mouse.click(p.x, p.y);
    want.push([x, y]);
  }
  await trainedOn(page, 24);
  const pts = await points(page);
  assert.equal(pts.task, 'regression');
  assert.equal(pts.inputDim, 1);
  pts.inputs.forEach((x, i) => {
    assert.ok(Math.abs(x - want[i][0]) < 0.05, `x ${i}: ${x}`);
    assert.ok(Math.abs(pts.targets[i] - want[i][1]) < 0.05, `value ${i}: ${pts.targets[i]} for ${want[i][1]}`);
  });
  await play(page, 4000);
  const scores = page.locator(sel('[data-panel=scores]'));
  await until(async () => (await scores.getAttribute('data-step')) === String(await step(page)), { what: 'scores' });
  assert.equal(await scores.getAttribute('data-task'), 'regression');
  const [r2] = numbers(await scores.getAttribute('data-r2'));
  assert.ok(r2 > 0.8 && r2 <= 1, `test R² ${r2}`);
  await page.locator(sel('[data-panel=output]')).screenshot({ path: shotPath('own-data-curve.png') });
  assert.deepEqual(log.errors, []);
  await close();
});

test('points with values on the plane (2-D regression): each gets the value typed for new points', async () => {
  const { page, log, close } = await openPage(ctx, '#hidden=6&batchSize=2&learningRate=0.05', { viewport: { width: 1366, height: 900 } });
  await ready(page);
  await page.locator(sel('[data-panel=data] select[aria-label="Kind of data to draw"]')).selectOption('values');
  await page.locator(sel('[data-panel=data] button:has-text("Start empty")')).click();
  await until(async () => (await dataPanel(page)).kind === 'values', { what: 'values on the plane' });
  const value = page.locator(sel('[data-panel=data] input[type=number]'));
  const at = await plane(page);
  const want = [];
  for (const [v, xs] of [[-1.5, [-2, -1, 0]], [2, [1, 2, 3]]]) {
    await value.fill(String(v));
    await value.press('Enter');
    await value.dispatchEvent('change');
    for (const x of xs) {
      const p = at(x, x / 2);
      await page.mouse.click(p.x, p.y);
      want.push(v);
    }
  }
  await trainedOn(page, 6);
  const pts = await points(page);
  assert.equal(pts.task, 'regression');
  assert.deepEqual(pts.targets, want);
  await play(page, 300);
  assert.equal(await page.locator(sel('[data-panel=scores]')).getAttribute('data-task'), 'regression');
  await page.locator(sel('[data-panel=output]')).screenshot({ path: shotPath('own-data-values.png') });
  assert.deepEqual(log.errors, []);
  await close();
});

test('drawn points go into the share link: a fresh page replays them to the same loss at the same step, bit for bit', async () => {
  const a = await openPage(ctx, '#hidden=6,6&learningRate=0.1&batchSize=5&speed=20', { viewport: { width: 1366, height: 900 } });
  await ready(a.page);
  await a.page.locator(sel('[data-panel=data] button:has-text("Start empty")')).click();
  await until(async () => (await dataPanel(a.page)).using === 'true');
  const at = await plane(a.page);
  for (let i = 0; i < 30; i++) {
    await a.page.evaluate(`${PLAYGROUND}.editor.set({ cls: ${i % 2} })`);
    const p = at(-3 + (i % 6) * 1.1 + (i % 2) * 0.4, -2.5 + Math.floor(i / 6) * 1.2);
    await a.page.mouse.click(p.x, p.y);
  }
  await trainedOn(a.page, 30);
  await play(a.page, 400);
  await a.page.locator(sel('.gl-header-tools button:has-text("Share")')).click();
  const exactEl = a.page.locator(sel('.gl-share-exact'));
  await until(async () => (await exactEl.getAttribute('data-exact')) || false, { what: 'share dialog' });
  const link = await a.page.locator(sel('.gl-share-link')).inputValue();
  const stepA = Number(await exactEl.getAttribute('data-step'));
  const lossA = await exactEl.getAttribute('data-exact');
  assert.match(link, /[#&]dataset=custom(&|$)/);
  assert.match(link, /&data=[A-Za-z0-9_-]+$/);
  assert.ok(link.length < 400, `${link.length} characters for 30 drawn points`);
  assert.equal(await a.page.locator(sel('.gl-share-data')).getAttribute('data-left-out'), 'false');
  const mine = await points(a.page);

  const b = await openPage(ctx, null, { viewport: { width: 1366, height: 900 } });
  await b.page.goto(link);
  await ready(b.page);
  const readout = b.page.locator(sel('[data-stat=trainLoss] [data-exact]'));
  await until(async () => (await step(b.page)) === stepA && Number(await readout.getAttribute('data-step')) === stepA, { what: `replay to step ${stepA}` });
  assert.equal(await readout.getAttribute('data-exact'), lossA, 'bit-identical training loss');
  const theirs = await points(b.page);
  assert.deepEqual(theirs.inputs, mine.inputs);
  assert.deepEqual(theirs.targets, mine.targets);
  assert.equal((await dataPanel(b.page)).using, 'true');
  await b.page.locator(sel('[data-panel=output]')).screenshot({ path: shotPath('own-data-link-replayed.png') });
  assert.deepEqual([...a.log.errors, ...b.log.errors], []);
  await a.close();
  await b.close();
});

test('points over the link budget: the link leaves them out and says so; the JSON export carries them', async () => {
  const { page, log, close } = await openPage(ctx, '#hidden=4', { viewport: { width: 1366, height: 900 } });
  await ready(page);
  // 3,000 points off the link's grid: stored as floats, far over the budget
  const rows = ['x1,x2,label'];
  for (let i = 0; i < 3000; i++) rows.push(`${Math.sin(i * 1.7).toFixed(6)},${Math.cos(i * 2.3).toFixed(6)},${i % 2}`);
  await page.locator(sel('[data-panel=data] summary:has-text("Paste or upload CSV")')).click();
  await page.locator(sel('[data-panel=data] input[type=file]')).setInputFiles({ name: 'many.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
  await trainedOn(page, 3000);
  assert.doesNotMatch(await page.evaluate(() => location.hash), /data=/, 'the address bar leaves them out too');
  await page.locator(sel('.gl-header-tools button:has-text("Share")')).click();
  const note = page.locator(sel('.gl-share-data'));
  await until(async () => (await note.getAttribute('data-left-out')) === 'true', { what: 'the note' });
  assert.match(await note.textContent(), /over the 8,000 a link can safely carry, so it leaves them out/);
  const link = await page.locator(sel('.gl-share-link')).inputValue();
  assert.doesNotMatch(link, /data=/);
  assert.ok(link.length <= 8000);
  const download = page.waitForEvent('download');
  await page.locator(sel('button:has-text("Weights + config JSON")')).click();
  const file = await (await download).createReadStream();
  const chunks = [];
  for await (const c of file) chunks.push(c);
  const run = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  assert.equal(run.config.dataset, 'custom');
  assert.equal(run.data.inputs.length, 6000);
  assert.equal(run.data.inputs[2], Math.fround(Math.sin(1.7).toFixed(6)));
  await page.locator(sel('dialog.gl-dialog')).screenshot({ path: shotPath('own-data-over-budget.png') });
  assert.deepEqual(log.errors, []);
  await close();
});

test('dataset=custom without points in a link opens the default set with a notice', async () => {
  const { page, log, close } = await openPage(ctx, '#dataset=custom&learningRate=0.1');
  await ready(page);
  const s = await page.evaluate(`(() => { const p = ${PLAYGROUND}; return { dataset: p.runs[0].config.dataset, data: p.store.state.data }; })()`);
  assert.notEqual(s.dataset, 'custom');
  assert.equal(s.data, null);
  const notices = await page.locator(sel('.gl-notices')).textContent();
  assert.match(notices, /custom/);
  // a link whose points were cut short on the way says so, and trains on the default set
  const b = await openPage(ctx, '#dataset=custom&data=AQoCZAPNzMzMzMwMwM3MzMz');
  await ready(b.page);
  assert.match(await b.page.locator(sel('.gl-notices')).textContent(), /data: the link's data/);
  assert.notEqual(await b.page.evaluate(`${PLAYGROUND}.runs[0].config.dataset`), 'custom');
  assert.deepEqual([...log.errors, ...b.log.errors], []);
  await close();
  await b.close();
});

test('a learner\'s first few points train at once: a batch larger than them shrinks to fit, and the page says so', async () => {
  const { page, log, close } = await openPage(ctx, '#speed=5');
  await ready(page);
  await page.locator(sel('[data-panel=data] button:has-text("Start empty")')).click();
  await until(async () => (await dataPanel(page)).using === 'true', { what: 'drawing on' });
  const at = await plane(page);
  for (const [c, x, y] of [[0, -2, 1], [0, -1.5, 0], [0, -2, -1], [1, 2, 1], [1, 1.5, 0], [1, 2, -1]]) {
    await page.locator(sel(`[data-panel=data] input[type=radio][value="${c}"]`)).check();
    const p = at(x, y);
    await page.mouse.click(p.x, p.y);
  }
  // six points, three of them training: the default batch of 10 does not fit them
  const d = await trainedOn(page, 6);
  assert.equal(d.train, '3');
  assert.equal(await page.evaluate(`${PLAYGROUND}.runs[0].config.batchSize`), 3);
  const notices = await page.evaluate(`[...document.querySelector('gradlab-playground').shadowRoot.querySelectorAll('[data-notice]')].map((n) => n.textContent).join(' | ')`);
  assert.match(notices, /batchSize: 10 is larger than the training set \(3 points; allowed 1 to 3\); using 3 instead/);
  const r = await page.evaluate('document.querySelector("gradlab-playground").step(30)');
  assert.equal(r.done, 30, JSON.stringify(r));
  await until(async () => (await step(page)) === 30, { what: 'the readout at step 30' });
  assert.deepEqual(log.errors, []);
  await close();
});
