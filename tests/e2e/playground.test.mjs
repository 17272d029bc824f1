// The playground page (build/ui/index.html) in headless Chromium, served with the strict CSP:
// what a learner does and sees, read from the page's DOM and the data behind its charts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserPerFile, sel, openPage, ready, step, until, numbers, playToBudget, DEEP_TAGS } from './helpers.mjs';

const ctx = browserPerFile({ csp: true });


test('loads with no console errors, no request to another host, and reports the wasm build', async () => {
  const { page, log, close } = await openPage(ctx, '');
  await ready(page);
  const badge = page.locator(sel('.gl-badge'));
  const build = await badge.getAttribute('data-build');
  assert.ok(['simd', 'scalar'].includes(build), `build ${build}`);
  assert.equal(build, 'simd', 'this Chromium validates the SIMD probe, so the SIMD build runs');
  assert.match(await badge.textContent(), /WebAssembly SIMD/);
  assert.equal(await badge.getAttribute('data-mode'), 'worker', 'the engine runs in a Web Worker');
  assert.ok(log.requests.some((u) => /gradlab-simd-[\w-]+\.wasm$/.test(u)), 'the SIMD .wasm was fetched');
  assert.ok(!log.requests.some((u) => /gradlab-scalar-[\w-]+\.wasm$/.test(u)), 'the scalar .wasm was not');
  assert.ok(log.workers.length >= 1, 'a worker started');
  await page.waitForTimeout(500);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.foreign, []);
  assert.deepEqual(log.dialogs, []);
  await close();
});

test('play trains: the loss falls on the default problem and the output heatmap changes', async () => {
  const { page, log, close } = await openPage(ctx, '#speed=10');
  await ready(page);
  const heat = page.locator(sel('[data-panel=output] canvas'));
  const before = await heat.screenshot();
  const loss0 = Number(await page.locator(sel('[data-panel=curves]')).getAttribute('data-train-loss'));
  await page.locator(sel('.gl-play')).click();
  assert.equal(await page.locator(sel('.gl-play')).getAttribute('aria-pressed'), 'true');
  await until(async () => (await step(page)) >= 1500, { what: 'step 1500' });
  await page.locator(sel('.gl-play')).click();
  await until(async () => Number(await page.locator(sel('[data-panel=curves]')).getAttribute('data-step')) === (await step(page)), { what: 'final evaluation' });
  const loss1 = Number(await page.locator(sel('[data-panel=curves]')).getAttribute('data-train-loss'));
  const first = Number(await page.locator(sel('[data-panel=curves]')).getAttribute('data-first-train-loss'));
  assert.equal(first, loss0, 'the curve starts at the initial loss');
  assert.ok(Number.isFinite(loss0) && Number.isFinite(loss1), `${loss0} ${loss1}`);
  assert.ok(loss1 < 0.8 * loss0, `loss ${loss0} -> ${loss1}`);
  const after = await heat.screenshot();
  assert.notDeepEqual(Buffer.compare(before, after), 0, 'the heatmap pixels changed');
  const accuracy = await page.locator(sel('[data-panel=curves] .gl-summary')).textContent();
  assert.match(accuracy, /test accuracy \d+/);
  assert.deepEqual(log.errors, []);
  await close();
});

test('vanishing-gradient lesson: layer 1\'s dL/dz bar is at least 100x shorter than the last hidden layer\'s (from the chart data)', async () => {
  const { page, log, close } = await openPage(ctx, '#preset=vanishing-sigmoid&speed=50');
  await ready(page);
  const gf = page.locator(sel('[data-panel=gradflow]'));
  const check = async () => {
    const layers = (await gf.getAttribute('data-layers')).split(',');
    const z = numbers(await gf.getAttribute('data-grad-z-rms'));
    const w = numbers(await gf.getAttribute('data-grad-w-norm'));
    assert.deepEqual(layers, ['1', '2', '3', '4', '5', '6', 'out'], 'six hidden layers and the output');
    assert.equal(z.length, 7);
    assert.ok(w.every((v) => v > 0), 'the weight gradients are drawn too');
    const ratio = z[5] / z[0];
    assert.ok(ratio >= 100, `last hidden / first = ${ratio}`);
    return ratio;
  };
  const r0 = await check();
  assert.match(await gf.locator('.gl-summary').textContent(), /Layer 1's back-propagated gradient dL\/dz is [\d.e]+× smaller than layer 6's/);
  // and while it trains
  await page.locator(sel('.gl-play')).click();
  await until(async () => Number(await gf.getAttribute('data-step')) >= 1000, { what: 'an evaluation after step 1000' });
  const r1 = await check();
  await page.locator(sel('.gl-play')).click();
  assert.ok(r0 >= 100 && r1 >= 100);
  // the lesson card says what to look for, and the checkpoint was seen
  const card = page.locator(sel('.gl-lesson'));
  assert.match(await card.textContent(), /Glorot & Bengio \(2010/);
  assert.match(await card.getAttribute('data-checkpoint'), /smaller than layer 6/);
  assert.deepEqual(log.errors, []);
  await close();
});

test('dying-ReLU lesson: at least 30% of hidden units dead within its step budget; with leaky_relu none, inactive ones labelled', async () => {
  // speed 50: the 2000-step budget spans ~40 frames, so the page (which evaluates at most
  // every 50 ms while playing) shows the units panel at many steps on the way.
  const { page, log, close } = await openPage(ctx, '#preset=dying-relu-high-lr&speed=50');
  await ready(page);
  await playToBudget(page, 2000);
  assert.equal(await step(page), 2000, 'the lesson pauses at its budget');
  const units = page.locator(sel('[data-panel=units]'));
  const dead = numbers(await units.getAttribute('data-dead'));
  const total = numbers(await units.getAttribute('data-units'));
  const share = dead.reduce((a, b) => a + b, 0) / total.reduce((a, b) => a + b, 0);
  assert.ok(share >= 0.3, `dead share ${share}`);
  assert.match(await units.locator('.gl-total').textContent(), new RegExp(`^${dead.reduce((a, b) => a + b, 0)} of 32 hidden units dead`));
  // the diagram crosses out exactly the units the engine counts as dead
  const net = page.locator(sel('[data-panel=network]'));
  assert.equal(Number(await net.getAttribute('data-marked-dead')), dead.reduce((a, b) => a + b, 0));
  assert.equal(await page.locator(sel('.gl-lesson')).getAttribute('data-checkpoint') !== '', true);

  // switch the lesson to leaky ReLU with the control, and train the same budget
  await page.locator(sel('[data-field=activation] select')).selectOption('leaky_relu');
  await until(async () => (await step(page)) === 0 && (await page.locator(sel('[data-panel=units]')).getAttribute('data-dead')) === '0,0,0,0', { what: 'a fresh leaky run' });
  // every state the units panel shows on the way, recorded in the page as it changes
  await page.evaluate(() => {
    const panel = document.querySelector('gradlab-playground').shadowRoot.querySelector('[data-panel=units]');
    window.__snaps = [];
    const snap = () => window.__snaps.push({
      step: Number(panel.dataset.step), dead: panel.dataset.dead, inactive: panel.dataset.inactive,
      rows: [...panel.querySelectorAll('tbody tr')].map((r) => r.textContent),
    });
    new MutationObserver(snap).observe(panel, { attributes: true, subtree: true, childList: true, characterData: true });
  });
  await playToBudget(page, 2000);
  const seen = await page.evaluate(() => window.__snaps);
  const samples = await page.evaluate(() => document.querySelector('gradlab-playground').playground.runs[0].history.samples.map((s) => ({ step: s.step, layers: s.layers })));
  assert.ok(seen.length > 5 && samples.length > 5, `${seen.length} snapshots, ${samples.length} samples`);
  for (const s of samples) {
    for (const L of s.layers.filter((x) => x.role === 'hidden')) assert.equal(L.dead, 0, `step ${s.step}: a dead unit`);
  }
  let labelled = 0;
  for (const s of seen) {
    assert.ok(numbers(s.dead).every((d) => d === 0 || d === null), `step ${s.step}: dead ${s.dead}`);
    numbers(s.inactive).forEach((k, l) => {
      if (k > 0 && s.rows[l] !== undefined) {
        assert.match(s.rows[l], new RegExp(`${k} inactive`), `layer ${l + 1}'s inactive units are labelled`);
        labelled++;
      }
    });
  }
  const inactiveSeen = samples.some((s) => s.layers.some((L) => L.role === 'hidden' && L.inactive > 0));
  // the engine's presets test sees inactive units in this run; so must the page
  assert.ok(inactiveSeen, 'some units went inactive on the way');
  assert.ok(labelled > 0, 'the inactive units the engine counted were shown labelled');
  assert.equal(Number(await net.getAttribute('data-marked-dead')), 0, 'nothing crossed out');
  assert.match(await units.locator('.gl-total').textContent(), /^0 of 32 hidden units dead/);
  assert.match(await page.locator(sel('.gl-lesson-changed')).textContent(), /You changed: Activation leaky_relu — one of the lesson's suggestions\./);
  // the budget's verdict says what the suggestion did, never that the lesson's effect did not appear
  const status = await page.locator(sel('.gl-lesson-status')).textContent();
  assert.match(status, /^2000 steps done with the lesson's suggestion \(activation leaky_relu\): With leaky ReLU no unit is dead/);
  assert.doesNotMatch(status, /did not appear/);
  assert.deepEqual(log.errors, []);
  await close();
});

test('a link copied from the page reproduces the same loss after the same steps, bit for bit', async () => {
  const a = await openPage(ctx, '#hidden=6,4&activation=relu&learningRate=0.1&speed=20');
  await ready(a.page);
  await a.page.locator(sel('.gl-play')).click();
  await until(async () => (await step(a.page)) >= 700, { what: 'step 700' });
  await a.page.locator(sel('.gl-play')).click();
  await a.page.locator(sel('.gl-header-tools button:has-text("Share")')).click();
  const exactEl = a.page.locator(sel('.gl-share-exact'));
  await until(async () => (await exactEl.getAttribute('data-exact')) !== null && (await exactEl.getAttribute('data-exact')) !== '', { what: 'share dialog' });
  const link = await a.page.locator(sel('.gl-share-link')).inputValue();
  const stepA = Number(await exactEl.getAttribute('data-step'));
  const lossA = await exactEl.getAttribute('data-exact');
  assert.equal(stepA, await step(a.page));
  assert.equal(lossA, await a.page.locator(sel('[data-stat=trainLoss] [data-exact]')).getAttribute('data-exact'), 'the readout shows the same value');
  assert.match(link, new RegExp(`[#&]step=${stepA}(&|$)`));
  assert.match(link, /hidden=6,4/);
  assert.match(await exactEl.textContent(), new RegExp(`step ${stepA} the training loss is ${lossA.replace('.', '\\.')}`));

  const b = await openPage(ctx, null);
  await b.page.goto(link);
  await ready(b.page);
  const readout = b.page.locator(sel('[data-stat=trainLoss] [data-exact]'));
  await until(async () => (await step(b.page)) === stepA && Number(await readout.getAttribute('data-step')) === stepA, { what: `replay to step ${stepA}` });
  const lossB = await readout.getAttribute('data-exact');
  assert.equal(lossB, lossA, 'bit-identical training loss');
  assert.equal(await b.page.locator(sel('.gl-play')).getAttribute('aria-pressed'), 'false', 'the replayed run waits, paused');
  assert.deepEqual([...a.log.errors, ...b.log.errors], []);
  await a.close();
  await b.close();
});

test('a garbage hash loads the defaults with a notice; no script runs and nothing is injected', async () => {
  const { page, log, close } = await openPage(ctx, '#learningRate=abc&activation=<img src=x onerror=alert(1)>&depth=9999');
  await ready(page);
  const notice = page.locator(sel('[data-notice=settings]'));
  await notice.waitFor();
  const text = await notice.textContent();
  assert.match(text, /learningRate/);
  assert.match(text, /activation/);
  assert.match(text, /<img src=x onerror=alert\(1\)>/, 'the bad value is shown as text');
  assert.match(text, /depth: unknown field/);
  // defaults in the controls and in the engine
  assert.equal(await page.locator(sel('[data-field=activation] select')).inputValue(), 'tanh');
  assert.equal(await page.locator(sel('.gl-lr input[type=number]')).inputValue(), '0.03');
  assert.equal(await page.locator(sel('[data-field=hidden] .gl-depth')).textContent(), '2');
  const config = await page.evaluate(() => document.querySelector('gradlab-playground').playground.runs[0].config);
  assert.equal(config.learningRate, 0.03);
  assert.equal(config.activation, 'tanh');
  assert.deepEqual(config.hidden, [4, 2]);
  // the address bar now holds the (default) state, not the garbage
  assert.equal(await page.evaluate(() => location.hash), '');
  const tags = await page.evaluate(DEEP_TAGS);
  assert.ok(!tags.includes('img'), 'no <img> anywhere');
  assert.ok(!tags.includes('script') || (await page.evaluate(() => document.querySelectorAll('script').length)) === 1);
  await page.waitForTimeout(300);
  assert.deepEqual(log.dialogs, [], 'no alert ran');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.foreign, [], 'not even a request for "x"');
  await close();
});

test('keyboard only: tab to play, press it, change the learning rate', async () => {
  const { page, log, close } = await openPage(ctx, '#speed=2');
  await ready(page);
  const deepActive = () => page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return { tag: a?.tagName, label: a?.getAttribute('aria-label'), cls: a?.className };
  });
  let found = false;
  for (let i = 0; i < 40 && !found; i++) {
    await page.keyboard.press('Tab');
    const a = await deepActive();
    found = a.cls.includes('gl-play');
  }
  assert.ok(found, 'the play button is reachable with Tab');
  await page.keyboard.press('Enter');
  await until(async () => (await page.locator(sel('.gl-play')).getAttribute('aria-pressed')) === 'true', { what: 'playing' });
  await until(async () => (await step(page)) > 20, { what: 'training' });
  // on to the learning-rate slider
  for (let i = 0; i < 12; i++) {
    const a = await deepActive();
    if (a.label === 'Learning rate (log scale)') break;
    await page.keyboard.press('Tab');
  }
  assert.equal((await deepActive()).label, 'Learning rate (log scale)');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  const shown = Number(await page.locator(sel('.gl-lr input[type=range]')).getAttribute('aria-valuetext'));
  await until(async () => (await page.evaluate(() => document.querySelector('gradlab-playground').playground.runs[0].config.learningRate)) === shown, { what: 'the engine to get the new rate' });
  const lr = await page.evaluate(() => document.querySelector('gradlab-playground').playground.runs[0].config.learningRate);
  assert.ok(lr > 0.04 && lr < 0.06, `four steps of 1/20 decade up from 0.03: ${lr}`);
  assert.equal(await page.locator(sel('.gl-lr input[type=number]')).inputValue(), String(lr));
  assert.match(await page.evaluate(() => location.hash), new RegExp(`learningRate=${lr}`));
  assert.match(await page.locator(sel('.gl-events')).textContent(), new RegExp(`Learning rate set to ${lr}`));
  assert.equal(await page.locator(sel('.gl-play')).getAttribute('aria-pressed'), 'true', 'still training: the rate is live');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  assert.equal((await deepActive()).tag, 'BUTTON');
  assert.deepEqual(log.errors, []);
  await close();
});

// Three ways to blow a run up: a huge learning rate, a huge init gain, an
// exploding deep network (the lesson). Each is caught, paused, explained; nothing non-finite
// is drawn or written; reset brings the run back.
const BLOW_UPS = [
  '#preset=exploding-init&speed=20',
  '#learningRate=10&activation=linear&hidden=8,8&speed=5',
  '#initGain=100&hidden=16,16,16,16,16,16,16,16&activation=linear&speed=5',
];

test('divergence: training pauses with a plain-words message and no NaN reaches a chart or the URL', async () => {
  for (const hash of BLOW_UPS) {
    const { page, log, close } = await openPage(ctx, hash);
    await ready(page);
    await page.locator(sel('.gl-play')).click();
    await until(async () => (await page.locator(sel('[data-stat=diverged]:not([hidden])')).count()) > 0, { what: `${hash}: divergence` });
    await until(async () => (await page.locator(sel('.gl-play')).getAttribute('aria-pressed')) === 'false', { what: 'pause' });
    const events = await page.locator(sel('.gl-events')).textContent();
    assert.match(events, /Diverged at step \d+: [^.]*(NaN|infinite|overflowed)[^.]*/, hash);
    assert.match(events, /Training is paused/);
    // every data-* value behind the charts, every number on screen, and the URL
    const attrs = await page.evaluate(() => {
      const out = [];
      const walk = (root) => { for (const el of root.querySelectorAll('*')) { for (const a of el.attributes) if (a.name.startsWith('data-')) out.push(`${a.name}=${a.value}`); if (el.shadowRoot) walk(el.shadowRoot); } };
      walk(document);
      return out.join(' ');
    });
    assert.match(attrs, /data-grad-z-rms=[\d.e+-]/, 'the gradient chart has its data');
    assert.doesNotMatch(attrs, /NaN|Infinity/, hash);
    assert.doesNotMatch(await page.evaluate(() => location.hash), /NaN|Infinity/);
    for (const part of ['.gl-stats', '.gl-panels .gl-summary', '.gl-panels .gl-total', '.gl-panels .gl-table', '.gl-panels .gl-legend', '.gl-events']) {
      for (const t of await page.locator(sel(part)).allTextContents()) assert.doesNotMatch(t, /NaN|Infinity|undefined/, `${hash} ${part}`);
    }
    // the history the curves and the exports are drawn from holds numbers or nothing
    const bad = await page.evaluate(() => JSON.stringify(document.querySelector('gradlab-playground').playground.runs[0].history.toJSON()));
    assert.doesNotMatch(bad, /NaN|Infinity/);
    // Reset brings it back
    await page.locator(sel('button[aria-label^="Reset"]')).click();
    await until(async () => (await step(page)) === 0 && (await page.locator(sel('[data-stat=diverged]:not([hidden])')).count()) === 0, { what: 'reset' });
    assert.deepEqual(log.errors, []);
    await close();
  }
});

test('a configuration over the engine\'s memory budget is refused up front with a clear message', async () => {
  const wide = Array(16).fill(128).join(',');
  const { page, log, close } = await openPage(ctx, `#hidden=${wide}&batchSize=4096&numPoints=8200`);
  await ready(page);
  const notice = await page.locator(sel('[data-notice=settings]')).allTextContents();
  assert.match(notice.join(' '), /batchSize: the run needs about \d+ MiB, over the 128 MiB budget/);
  const c = await page.evaluate(() => document.querySelector('gradlab-playground').playground.runs[0].config);
  assert.equal(c.batchSize, 10, 'the offending field went back to its default');
  assert.equal(c.hidden.length, 16);
  assert.deepEqual(log.errors, []);
  await close();
});

test('no hidden layer at all: a linear model still trains and every panel copes', async () => {
  const { page, log, close } = await openPage(ctx, '#hidden=&speed=20&dataset=gaussian');
  await ready(page);
  assert.deepEqual(await page.evaluate(() => document.querySelector('gradlab-playground').playground.runs[0].config.hidden), []);
  await page.locator(sel('.gl-play')).click();
  await until(async () => (await step(page)) >= 300, { what: 'training' });
  await page.locator(sel('.gl-play')).click();
  assert.equal(await page.locator(sel('[data-panel=gradflow]')).getAttribute('data-layers'), 'out');
  assert.match(await page.locator(sel('[data-panel=units] .gl-total')).textContent(), /No hidden layers/);
  assert.deepEqual(log.errors, []);
  await close();
});

test('the page stays responsive while a bigger network trains in the worker', async () => {
  const { page, log, close } = await openPage(ctx, '#hidden=64,64,64,64&activation=relu&speed=100');
  await ready(page);
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask', buffered: false });
    // the page clears its measures as it makes them (the timeline keeps user timings without limit)
    window.__draws = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.name === 'gradlab:draw') window.__draws.push(e.duration); }).observe({ type: 'measure', buffered: false });
  });
  await page.locator(sel('.gl-play')).click();
  await until(async () => (await step(page)) >= 1000, { what: 'training', timeout: 60000 });
  // real input events are handled promptly while the worker trains (queueing delay = the
  // time from the event's creation to its handler)
  await page.evaluate(() => {
    window.__delays = [];
    document.addEventListener('pointerdown', (e) => window.__delays.push(performance.now() - e.timeStamp), true);
  });
  for (let i = 0; i < 20; i++) {
    await page.mouse.click(5, 795);
    await page.waitForTimeout(40);
  }
  const delays = await page.evaluate(() => window.__delays);
  const draws = await page.evaluate(() => window.__draws);
  assert.ok(draws.length >= 10, `${draws.length} draws measured (a median needs some)`);
  assert.equal(await page.evaluate(() => performance.getEntriesByType('measure').length), 0, 'no measure kept in the page\'s timeline');
  const long = await page.evaluate(() => window.__long);
  const steps = await step(page);
  await page.locator(sel('.gl-play')).click();
  assert.ok(steps >= 1000);
  assert.equal(delays.length, 20);
  delays.sort((a, b) => a - b);
  draws.sort((a, b) => a - b);
  assert.ok(delays[10] < 50 && delays[19] < 300, `input delays (ms) ${delays.map(Math.round)}`);
  assert.ok(draws[Math.floor(draws.length / 2)] < 16, `median draw ${draws[Math.floor(draws.length / 2)]} ms`);
  assert.ok(long.every((d) => d < 250), `long tasks on the main thread: ${long.map(Math.round)}`);
  assert.deepEqual(log.errors, []);
  await close();
});
