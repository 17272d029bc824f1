// The controls, the panels and their hover numbers, the lessons menu, exports, an accessible
// name for every control, and every data set of the engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { browserPerFile, sel, openPage, ready, step, until, numbers } from './helpers.mjs';

const ctx = browserPerFile({ csp: true });

// The page's CSP forbids eval, so each probe of the playground's state is its own function.
const PG = "document.querySelector('gradlab-playground').playground";
const pg = (page, expr) => page.evaluate(`(() => { const p = ${PG}; return ${expr}; })()`);
const config = (page) => page.evaluate(() => document.querySelector('gradlab-playground').playground.runs[0].config);
const fresh = (page, s) => until(async () => (await step(page)) === s && Number(await page.locator(sel('[data-stat=trainLoss] [data-exact]')).getAttribute('data-step')) === s, { what: `evaluated at step ${s}` });

test('every control has an accessible name, and the settings that matter appear with their context', async () => {
  const { page, log, close } = await openPage(ctx, '');
  await ready(page);
  const unnamed = await page.evaluate(() => {
    const root = document.querySelector('gradlab-playground').shadowRoot;
    const out = [];
    for (const el of root.querySelectorAll('button, input, select, summary')) {
      if (el.closest('[hidden]') || el.offsetParent === null) continue;
      const name = el.getAttribute('aria-label') || [...(el.labels ?? [])].map((l) => l.textContent).join(' ').trim() || el.textContent.trim()
        || (el.getAttribute('aria-labelledby') && root.getElementById(el.getAttribute('aria-labelledby'))?.textContent) || el.closest('label')?.textContent.trim();
      if (!name) out.push(el.outerHTML.slice(0, 80));
    }
    return out;
  });
  assert.deepEqual(unnamed, []);
  const rows = async () => page.evaluate(() => [...document.querySelector('gradlab-playground').shadowRoot.querySelectorAll('.gl-controls [data-field]')].filter((r) => !r.hidden).map((r) => r.dataset.field));
  const base = await rows();
  for (const f of ['dataset', 'noise', 'trainFraction', 'features', 'numPoints', 'dataSeed', 'hidden', 'activation', 'outputActivation', 'loss', 'init', 'initGain', 'biasInit', 'seed', 'optimizer', 'learningRate', 'batchSize', 'l1', 'l2', 'clipNorm', 'schedule']) {
    assert.ok(base.includes(f), `${f} has a control`);
  }
  for (const f of ['momentum', 'beta1', 'leakySlope', 'eluAlpha', 'swishBeta', 'classes', 'target1d', 'initScale']) assert.ok(!base.includes(f), `${f} only in context`);
  await page.locator(sel('[data-field=optimizer] select')).selectOption('adam');
  await until(async () => (await rows()).includes('beta1'), { what: 'adam settings' });
  assert.ok((await rows()).includes('beta2') && (await rows()).includes('epsilon'));
  await page.locator(sel('[data-field=activation] select')).selectOption('leaky_relu');
  await until(async () => (await rows()).includes('leakySlope'), { what: 'leak slope' });
  await page.locator(sel('[data-field=leakySlope] input')).fill('0.2');
  await page.locator(sel('[data-field=leakySlope] input')).press('Enter');
  await until(async () => (await config(page)).leakySlope === 0.2, { what: 'leak slope 0.2' });
  // an invalid number is refused with a message, not applied
  await page.locator(sel('[data-field=initGain] input')).fill('1000');
  await page.locator(sel('[data-field=initGain] input')).press('Enter');
  assert.match(await page.locator(sel('[data-field=initGain] .gl-error')).textContent(), /initGain: 1000 is out of range/);
  assert.equal((await config(page)).initGain, 1);
  // regularisation, clipping, batch size, loss: every one reaches the engine
  for (const [f, v] of [['l2', '0.001'], ['clipNorm', '5'], ['batchSize', '25'], ['biasInit', '0.1']]) {
    await page.locator(sel(`[data-field=${f}] input[type=number]`)).fill(v);
    await page.locator(sel(`[data-field=${f}] input[type=number]`)).press('Enter');
    await until(async () => (await config(page))[f] === Number(v), { what: `${f} = ${v}` });
  }
  await page.locator(sel('[data-field=loss] select')).selectOption('mse');
  await until(async () => (await config(page)).loss === 'mse', { what: 'mse' });
  assert.match(await page.evaluate(() => location.hash), /optimizer=adam.*activation=leaky_relu|activation=leaky_relu.*optimizer=adam/);
  assert.deepEqual(log.errors, []);
  await close();
});

test('run controls: step one mini-batch, one epoch, reset to the same init, re-initialise with a new seed', async () => {
  const { page, log, close } = await openPage(ctx, '');
  await ready(page);
  const loss0 = await page.locator(sel('[data-stat=trainLoss] [data-exact]')).getAttribute('data-exact');
  await page.locator(sel('button[aria-label="Train one mini-batch"]')).click();
  await fresh(page, 1);
  await page.locator(sel('button[aria-label="Train one epoch"]')).click();
  await fresh(page, 25);  // 250 training points, batches of 10
  await page.locator(sel('button[aria-label^="Reset"]')).click();
  await fresh(page, 0);
  assert.equal(await page.locator(sel('[data-stat=trainLoss] [data-exact]')).getAttribute('data-exact'), loss0, 'the same initial weights');
  await page.locator(sel('button[aria-label^="Re-initialise"]')).click();
  await until(async () => (await config(page)).seed === 2, { what: 'seed 2' });
  // The step shown is 0 before and after re-initialising, so wait for the new run's loss
  // itself (a busy machine may not have drawn it yet): new weights give a new loss.
  const loss = () => page.locator(sel('[data-stat=trainLoss] [data-exact]')).getAttribute('data-exact');
  await until(async () => (await loss()) !== loss0, { what: 'the loss of the new initial weights' });
  await fresh(page, 0);
  assert.match(await page.evaluate(() => location.hash), /seed=2/);
  // regenerate data: a new data seed, new points
  const p0 = await pg(page, 'Array.from(p.runs[0].points.coords.slice(0, 4))');
  await page.locator(sel('button:has-text("Regenerate data")')).click();
  await until(async () => (await config(page)).dataSeed === 2, { what: 'data seed 2' });
  // the config changes at once, the points when the worker has drawn them: wait for those
  const same = (a) => a.length === p0.length && a.every((v, i) => v === p0[i]);
  await until(async () => !same(await pg(page, 'Array.from(p.runs[0].points.coords.slice(0, 4))')),
    { what: 'new data points' });
  assert.deepEqual(log.errors, []);
  await close();
});

test('depth and width: add and remove layers, per-layer width and activation, depth × width; deep nets collapse to one column per layer', async () => {
  const { page, log, close } = await openPage(ctx, '');
  await ready(page);
  await page.locator(sel('button[aria-label="Add a hidden layer"]')).click();
  await until(async () => JSON.stringify((await config(page)).hidden) === '[4,2,2]', { what: 'a third layer' });
  await page.locator(sel('button[aria-label="More units in layer 3"]')).click();
  await until(async () => JSON.stringify((await config(page)).hidden) === '[4,2,3]', { what: 'wider layer 3' });
  await page.locator(sel('select[aria-label="Activation of layer 2"]')).selectOption('relu');
  await until(async () => JSON.stringify((await config(page)).layerActivations) === '["tanh","relu","tanh"]', { what: 'per-layer activations' });
  await page.locator(sel('button[aria-label="Remove the last hidden layer"]')).click();
  await until(async () => JSON.stringify((await config(page)).hidden) === '[4,2]', { what: 'two layers' });
  assert.equal(await page.locator(sel('[data-panel=network]')).getAttribute('data-mode'), 'full');
  await page.locator(sel('input[aria-label="Depth (hidden layers)"]')).fill('20');
  await page.locator(sel('input[aria-label="Width (units per layer)"]')).fill('64');
  await page.locator(sel('button[aria-label="Set depth × width"]')).click();
  await until(async () => (await config(page)).hidden.length === 20, { what: '20 x 64' });
  await until(async () => (await page.locator(sel('[data-panel=gradflow]')).getAttribute('data-layers'))?.split(',').length === 21, { what: 'gradient data for 21 layers' });
  assert.equal(await page.locator(sel('[data-panel=network]')).getAttribute('data-mode'), 'summary');
  assert.match(await page.locator(sel('[data-panel=network] .gl-legend')).textContent(), /Each column is a layer/);
  // the extremes the engine allows: 64 layers of 256 units (on 100 points, so that each
  // evaluation of every instrument stays quick even on a busy machine)
  await page.locator(sel('[data-field=numPoints] input')).fill('100');
  await page.locator(sel('[data-field=numPoints] input')).press('Enter');
  await until(async () => (await config(page)).numPoints === 100, { what: '100 points' });
  await page.locator(sel('input[aria-label="Depth (hidden layers)"]')).fill('64');
  await page.locator(sel('input[aria-label="Width (units per layer)"]')).fill('256');
  await page.locator(sel('button[aria-label="Set depth × width"]')).click();
  await until(async () => (await config(page)).hidden.length === 64, { what: '64 x 256', timeout: 90000 });
  await page.locator(sel('.gl-play')).click();
  await until(async () => (await step(page)) >= 3, { what: 'a big net training', timeout: 90000 });
  await page.locator(sel('.gl-play')).click();
  await until(async () => (await page.locator(sel('[data-panel=gradflow]')).getAttribute('data-layers'))?.split(',').length === 65, { what: 'gradient data for 65 layers', timeout: 90000 });
  assert.deepEqual(log.errors, []);
  await close();
});

test('lessons menu: every lesson loads from the menu and from the URL', async () => {
  const { page, log, close } = await openPage(ctx, '');
  await ready(page);
  const names = await page.locator(sel('#gl-lesson-select option')).evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  assert.equal(names.length, 11, 'every lesson of the API is in the menu');
  for (const name of names) {
    await page.locator(sel('#gl-lesson-select')).selectOption(name);
    await until(async () => (await page.locator(sel('.gl-lesson')).getAttribute('data-lesson')) === name && (await pg(page, 'p.ui.preset')) === name, { what: name });
    await until(async () => new RegExp(`preset=${name}`).test(await page.evaluate(() => location.hash)), { what: `${name} in the URL` });
    const card = await page.locator(sel('.gl-lesson')).textContent();
    assert.match(card, /Try: .+Look for: .+Why: .+\b(19|20)\d\d\b/, `${name}: try, look for, why with the paper`);
  }
  await page.goto(`${ctx.url}#preset=born-dead-bias`);
  await ready(page);
  await until(async () => (await page.locator(sel('.gl-lesson')).getAttribute('data-checkpoint'))?.includes('outputs exactly 0'), { what: 'born dead seen at step 0' });
  assert.match(await page.locator(sel('.gl-events')).textContent(), /Born dead at step 0/);
  assert.deepEqual(log.errors, []);
  await close();
});

test('network panel: edges coloured by the gradient match the engine\'s ‖dL/dW‖; hovering shows the numbers', async () => {
  const { page, log, close } = await openPage(ctx, '#hidden=5,3&activation=relu&edges=gradient');
  await ready(page);
  await until(() => pg(page, '!!p.runs[0].grads'), { what: 'the gradient probe' });
  const { norms, engine } = await page.evaluate(() => {
    const r = document.querySelector('gradlab-playground').playground.runs[0];
    const norms = [];
    let off = 0;
    for (const L of r.info.layers) {
      let s = 0;
      for (let k = 0; k < L.inputs * L.units; k++) s += r.grads[off + k] ** 2;
      norms.push(Math.sqrt(s));
      off += L.inputs * L.units + L.units;
    }
    return { norms, engine: r.metrics.layers.map((L) => L.gradWNorm) };
  });
  norms.forEach((n, l) => assert.ok(Math.abs(n - engine[l]) <= 0.02 * engine[l] + 1e-9, `layer ${l + 1}: edges ${n} vs engine ${engine[l]}`));
  assert.match(await page.locator(sel('[data-panel=network] .gl-legend')).textContent(), /\|dL\/dw\| of the mean training loss/);
  // hover a unit of layer 1, then an edge
  const canvas = page.locator(sel('[data-panel=network] canvas'));
  const box = await canvas.boundingBox();
  const geom = await page.evaluate(() => {
    const pgx = document.querySelector('gradlab-playground').playground;
    const g = pgx.panels.network.geom;
    return { unit: g.pos[1][0], a: g.pos[0][0], b: g.pos[1][0], node: g.node };
  });
  await page.mouse.move(box.x + geom.unit.x, box.y + geom.unit.y);
  const tip = page.locator(sel('.gl-tooltip'));
  await until(async () => (await tip.isVisible()) && /layer 1, unit 1 \(relu\)/.test(await tip.textContent()), { what: 'unit tooltip' });
  assert.match(await tip.textContent(), /bias/);
  const mid = { x: (geom.a.x + geom.node / 2 + geom.b.x - geom.node / 2) / 2, y: (geom.a.y + geom.b.y) / 2 };
  await page.mouse.move(box.x + mid.x, box.y + mid.y);
  await until(async () => /x₁ → L1 unit 1/.test(await tip.textContent()), { what: 'edge tooltip' });
  assert.match(await tip.textContent(), /weight -?[\d.]+.*dL\/dw/);
  // the gradient bars
  const bars = page.locator(sel('[data-panel=gradflow] canvas')).first();
  await bars.hover({ position: { x: 60, y: 80 } });
  await until(async () => /dL\/dz rms .*‖dL\/dW‖/.test(await tip.textContent()), { what: 'bar tooltip' });
  assert.deepEqual(log.errors, []);
  await close();
});

test('histograms, activation curve and output colours come from the engine', async () => {
  const { page, log, close } = await openPage(ctx, '#preset=relu-he-rescue&speed=100');
  await ready(page);
  assert.match(await page.locator(sel('[data-panel=activation] .gl-summary')).textContent(), /this network: ReLU \(largest \|f′\| for z from −4 to 2: 1\)/);
  for (const mode of ['pre', 'grad', 'act']) {
    await page.locator(sel('[data-panel=histograms] select')).selectOption(mode);
    await until(async () => (await pg(page, 'p.ui.hist')) === mode, { what: mode });
  }
  await page.locator(sel('.gl-play')).click();
  await until(async () => (await step(page)) >= 2000, { what: 'training' });
  await page.locator(sel('.gl-play')).click();
  const hist = await pg(page, 'p.runs[0].history.samples.length');
  assert.ok(hist > 5, 'a history over time');
  // the output: class 1 (inside the circle) blue, class 0 (outside) orange
  const px = await page.locator(sel('[data-panel=output] canvas')).evaluate((c) => {
    const ctx = c.getContext('2d');
    const at = (fx, fy) => Array.from(ctx.getImageData(Math.round(c.width * fx), Math.round(c.height * fy), 1, 1).data);
    return { centre: at(0.52, 0.48), corner: at(0.08, 0.05) };
  });
  assert.ok(px.centre[2] > px.centre[0] + 60, `centre is blue: ${px.centre}`);
  assert.ok(px.corner[0] > px.corner[2] + 60, `corner is orange: ${px.corner}`);
  await page.locator(sel('[data-field=activation] select')).selectOption('sigmoid');
  await until(async () => /this network: Sigmoid \(largest \|f′\| for z from −4 to 2: 0\.25\)/.test(await page.locator(sel('[data-panel=activation] .gl-summary')).textContent()), { what: "sigmoid's f'" });
  assert.deepEqual(log.errors, []);
  await close();
});

test('every data set of the engine: classification, regression, 1-D and high-dimensional', async () => {
  const { page, log, close } = await openPage(ctx, '#speed=20');
  await ready(page);
  // the ones a learner can pick: "custom" (your points) shows only while they train, started in the data panel
  const sets = await page.locator(sel('[data-field=dataset] option')).evaluateAll((os) => os.filter((o) => !o.disabled).map((o) => o.value));
  assert.deepEqual(sets, ['circle', 'xor', 'gaussian', 'spiral', 'moons', 'checkerboard', 'plane', 'multigauss', 'fit1d', 'highdim']);
  for (const d of sets) {
    await page.locator(sel('[data-field=dataset] select')).selectOption(d);
    await until(async () => (await config(page)).dataset === d && (await step(page)) === 0, { what: d });
    await page.locator(sel('button[aria-label="Train one epoch"]')).click();
    await until(async () => (await step(page)) > 0 && Number(await page.locator(sel('[data-stat=trainLoss] [data-exact]')).getAttribute('data-step')) === (await step(page)), { what: `${d}: one epoch` });
    const out = await page.locator(sel('[data-panel=output] .gl-summary')).textContent();
    if (d === 'highdim') assert.match(out, /no 2-D input plane/);
    else if (d === 'fit1d') assert.match(out, /Fit at step/);
    else assert.match(out, /Output at step \d+: training loss [\d.e-]+/);
    const loss = Number(await page.locator(sel('[data-stat=trainLoss] [data-exact]')).getAttribute('data-exact'));
    assert.ok(Number.isFinite(loss), `${d}: loss ${loss}`);
  }
  // more classes: spiral with 3 arms, softmax output
  await page.goto(`${ctx.url}#dataset=spiral&classes=3&hidden=8,8`);
  await ready(page);
  assert.equal(await pg(page, 'p.runs[0].info.outputActivation'), 'softmax');
  assert.deepEqual(log.errors, []);
  await close();
});

test('exports: a PNG of a panel, the metrics history as CSV and JSON, the weights with the config as JSON', async () => {
  const { page, log, close } = await openPage(ctx, '#hidden=3&speed=20');
  await ready(page);
  await page.locator(sel('.gl-play')).click();
  await until(async () => (await step(page)) >= 300, { what: 'training' });
  await page.locator(sel('.gl-play')).click();
  const save = async (click) => {
    const [d] = await Promise.all([page.waitForEvent('download'), click()]);
    return { name: d.suggestedFilename(), bytes: await readFile(await d.path()) };
  };
  const png = await save(() => page.locator(sel('[data-panel=gradflow] button[aria-label^="Save"]')).click());
  assert.equal(png.name, 'gradlab-gradient-flow.png');
  assert.deepEqual([...png.bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  assert.ok(png.bytes.length > 2000);
  await page.locator(sel('.gl-header-tools button:has-text("Share")')).click();
  const csv = await save(() => page.locator(sel('.gl-dialog button:has-text("Metrics history CSV")')).click());
  const lines = csv.bytes.toString().trim().split('\n');
  const head = lines[0].split(',');
  assert.deepEqual(head.slice(0, 4), ['step', 'epoch', 'trainLoss', 'testLoss']);
  assert.ok(head.includes('L1.gradZRms') && head.includes('L1.gradWNorm') && head.includes('L1.dead') && head.includes('out.gradZRms'));
  assert.ok(lines.length > 5);
  assert.ok(lines.slice(1).every((l) => l.split(',').length === head.length));
  assert.doesNotMatch(csv.bytes.toString(), /NaN|Infinity|undefined/);
  const json = JSON.parse((await save(() => page.locator(sel('.gl-dialog button:has-text("Metrics history JSON")')).click())).bytes);
  assert.equal(json.format, 'gradlab-metrics');
  assert.deepEqual(json.config.hidden, [3]);
  assert.equal(json.samples.at(-1).step, await step(page));
  assert.equal(json.samples[0].layers[0].histograms.act.counts.length, 32);
  const run = JSON.parse((await save(() => page.locator(sel('.gl-dialog button:has-text("Weights + config JSON")')).click())).bytes);
  assert.equal(run.format, 'gradlab-run');
  assert.equal(run.step, await step(page));
  assert.deepEqual(run.config.hidden, [3]);
  assert.equal(run.weights.layers.length, 2);
  assert.equal(run.weights.layers[0].W.length, 3);
  assert.equal(run.weights.layers[0].W[0].length, 2);
  assert.deepEqual(log.errors, []);
  await close();
});
