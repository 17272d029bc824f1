// The page's run control under the conditions that used to break it: notices a frame repeats,
// data sets the page cannot run, a busy engine with requests queued behind it, an embed told
// to trust a malformed origin, Step counts larger than one frame, and links shared at a step
// that takes hours to replay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserPerFile, sel, openPage, ready, step, until } from './helpers.mjs';

const ctx = browserPerFile({ csp: true, sources: true });

const el = 'document.querySelector("gradlab-playground")';
const state = (page) => page.evaluate(() => {
  const p = document.querySelector('gradlab-playground').playground;
  return { config: p.config, hash: document.querySelector('gradlab-playground').dataset.hash, step: p.runs[0].step };
});
const noticeTexts = (target, kind) => target.evaluate((kind) => [...document.querySelector('gradlab-playground').shadowRoot.querySelectorAll(`[data-notice${kind ? `=${kind}` : ''}]`)].map((n) => n.textContent), kind);

test('a busy engine with requests queued behind it is alive; a silent one is declared dead', async () => {
  const { page, log, close } = await openPage(ctx, 'test/host.html');
  await until(() => page.evaluate(() => window.hostReady), { what: 'the host page' });
  // a 6 s evaluation (its patience says so) and a live change queued behind it at 0.2 s
  const busy = await page.evaluate(() => window.watch({
    plan: [{ name: 'frame', at: 0, type: 'frame', payload: { busyMs: 6000 }, patience: 20000 }, { name: 'live', at: 200, type: 'live' }],
    waitMs: 8000,
  }));
  assert.equal(busy.mode, 'worker');
  assert.equal(busy.crashed, null, `no false "engine stopped": ${busy.crashed} at ${busy.crashedAt} ms`);
  assert.ok(busy.answered.frame >= 5900, `the evaluation was answered (${busy.answered.frame} ms)`);
  assert.ok(busy.answered.live >= busy.answered.frame, 'and the live change after it');
  // an engine that stops answering a request with no extra patience is caught within seconds
  const hung = await page.evaluate(() => window.watch({ plan: [{ name: 'frame', at: 0, type: 'frame', payload: { busyMs: 30000 } }], waitMs: 8000 }));
  assert.match(hung.crashed ?? '', /stopped answering/);
  assert.ok(hung.crashedAt >= 3500 && hung.crashedAt <= 7500, `declared dead after ${hung.crashedAt} ms`);
  assert.deepEqual(log.errors, []);
  await close();
});

test('on the page\'s own thread the parts of a frame (training, evaluation, grids, weights) are separate tasks', async () => {
  const { page, log, close } = await openPage(ctx, 'test/host.html');
  await until(() => page.evaluate(() => window.hostReady), { what: 'the host page' });
  const whole = await page.evaluate(() => window.tasksDuringFrame(false));
  const sliced = await page.evaluate(() => window.tasksDuringFrame(true));
  assert.equal(whole.ticks, 0, 'unsliced (as in a worker, where nothing else waits) a frame is one task');
  assert.ok(sliced.ticks >= 4, `on the page other tasks run between the parts (${sliced.ticks})`);
  assert.deepEqual([sliced.ok, sliced.step, sliced.grid], [true, 1, 1600], 'and the frame is the same');
  assert.deepEqual([whole.ok, whole.step, whole.grid], [true, 1, 1600]);
  assert.deepEqual(log.errors, []);
  await close();
});

test('the same warnings again are one notice with a count; a link with a step replays to it', async () => {
  const { page, log, close } = await openPage(ctx, '#learningRate=abc&step=3000');
  await ready(page);
  await until(async () => (await step(page)) === 3000, { what: 'the replay to step 3000' });
  for (let i = 0; i < 20; i++) await page.evaluate(() => document.querySelector('gradlab-playground').playground.actions.applyHash('#learningRate=abc'));
  const settings = page.locator(sel('[data-notice=settings]'));
  assert.equal(await settings.count(), 1, 'one notice for one cause');
  assert.equal(await settings.getAttribute('data-count'), '21');
  assert.match(await settings.textContent(), /\(21 times\)/);
  assert.equal(await page.locator(sel('[data-notice=replay]')).count(), 0, 'the replay notice went when the replay ended');
  assert.deepEqual(log.errors, []);
  await close();
});

async function trainsAfterCustom(page, what) {
  await until(async () => (await page.evaluate(() => document.querySelector('gradlab-playground')?.playground?.runs[0]?.info)), { what: `${what}: a run` });
  const s = await state(page);
  assert.notEqual(s.config.dataset, 'custom', `${what}: the page does not keep dataset=custom`);
  assert.doesNotMatch(s.hash, /dataset=custom/, `${what}: nor does its hash`);
  assert.ok((await noticeTexts(page, 'settings')).some((t) => /dataset/.test(t)), `${what}: a notice says why`);
  await page.evaluate(() => document.querySelector('gradlab-playground').play());
  await until(async () => (await page.evaluate(() => document.querySelector('gradlab-playground').playground.runs[0].step)) > 20, { what: `${what}: training` });
  await page.evaluate(() => document.querySelector('gradlab-playground').pause());
}

test('dataset=custom without data, from a link or the config attribute, falls back to the default set with a notice', async () => {
  const a = await openPage(ctx, '#dataset=custom&learningRate=0.1');
  await ready(a.page);
  await trainsAfterCustom(a.page, 'link');
  assert.match(await a.page.evaluate(() => location.hash), /learningRate=0\.1/, 'the rest of the link is kept');
  assert.doesNotMatch(await a.page.evaluate(() => location.hash), /custom/);
  assert.deepEqual(a.log.errors, []);
  await a.close();

  const b = await openPage(ctx, 'test/blank.html');
  await b.page.evaluate(() => {
    const e = document.createElement('gradlab-playground');
    e.setAttribute('config', 'dataset=custom');
    document.body.append(e);
  });
  await trainsAfterCustom(b.page, 'config attribute');
  assert.deepEqual(b.log.errors, []);
  await b.close();
});

test('dataset=custom in the embed\'s hash or a set command never becomes the page\'s state', async () => {
  const { page, log, close } = await openPage(ctx, `test/frame.html?${new URLSearchParams({ embed: '', hash: 'dataset=custom' })}`);
  await until(() => page.evaluate(() => window.received?.some((m) => m.data?.type === 'ready')), { what: 'ready' });
  const frame = page.frames().find((f) => f.url().includes('/embed.html'));
  await trainsAfterCustom(frame, 'embed hash');
  await page.evaluate(() => window.sendToEmbed({ source: 'gradlab', type: 'command', command: 'set', field: 'dataset', value: 'custom' }));
  await frame.waitForTimeout(1500);
  await page.evaluate(() => window.sendToEmbed({ source: 'gradlab', type: 'command', command: 'set', field: 'learningRate', value: 0.1 }));
  await until(() => frame.evaluate(() => document.querySelector('gradlab-playground').playground.runs[0].config?.learningRate === 0.1), { what: 'the learning rate' });
  const s = await state(frame);
  assert.notEqual(s.config.dataset, 'custom');
  assert.doesNotMatch(s.hash, /dataset=custom/);
  await page.evaluate(() => window.sendToEmbed({ source: 'gradlab', type: 'command', command: 'play' }));
  const before = s.step;
  await until(async () => (await frame.evaluate(() => document.querySelector('gradlab-playground').playground.runs[0].step)) > before + 20, { what: 'training after set dataset custom' });
  assert.deepEqual(log.errors, []);
  await close();
});

const framedEmbed = async (parentOrigin) => {
  const o = await openPage(ctx, `test/frame.html?${new URLSearchParams({ embed: new URLSearchParams({ parentOrigin }).toString() })}`);
  const frame = await until(() => o.page.frames().find((f) => f.url().includes('/embed.html')), { what: 'frame' });
  await until(() => frame.evaluate(() => document.querySelector('gradlab-playground')?.shadowRoot?.querySelector('.gl-badge')?.dataset.build), { what: 'engine' });
  return { ...o, frame };
};

test('parentOrigin fails closed: a malformed value trusts no one and says why; a URL is read as its origin', async () => {
  for (const bad of ['https://course.example/', 'null', 'course.example', 'javascript:alert(1)']) {
    const { page, frame, log, close } = await framedEmbed(bad);
    await page.evaluate(() => window.sendToEmbed({ source: 'gradlab', type: 'command', command: 'set', field: 'learningRate', value: 0.5 }));
    await page.evaluate(() => window.sendToEmbed({ source: 'gradlab', type: 'command', command: 'play' }));
    await page.waitForTimeout(1500);
    assert.equal(await frame.evaluate(() => document.querySelector('gradlab-playground').playground.runs[0].step), 0, `${bad}: no command applied`);
    assert.notEqual(await frame.evaluate(() => document.querySelector('gradlab-playground').playground.config.learningRate), 0.5, `${bad}: set ignored`);
    assert.deepEqual(await page.evaluate(() => window.received), [], `${bad}: no event sent to this page`);
    if (bad !== 'https://course.example/') assert.match(await frame.locator('.gl-embed-error').textContent(), /accepts no commands and sends no events/, `${bad}: the embed says why`);
    assert.deepEqual(log.errors, []);
    await close();
  }
  // this page's own origin, in capitals, with a path and spaces: normalised, so it works
  const own = `  ${ctx.origin.replace('http:', 'HTTP:')}/course/page.html `;
  const { page, frame, log, close } = await framedEmbed(own);
  await until(() => page.evaluate(() => window.received?.some((m) => m.data?.type === 'ready')), { what: 'ready sent to the named origin' });
  await page.evaluate(() => window.sendToEmbed({ source: 'gradlab', type: 'command', command: 'play' }));
  await until(async () => (await frame.evaluate(() => document.querySelector('gradlab-playground').playground.runs[0].step)) > 5, { what: 'play from the trusted parent' });
  assert.equal(await frame.locator('.gl-embed-error').count(), 0);
  assert.deepEqual(log.errors, []);
  await close();
});

test('step(n) does n steps however many frames it takes; above the limit it is refused, never cut short', async () => {
  const { page, log, close } = await openPage(ctx, '#hidden=64,64,64');
  await ready(page);
  const r = await page.evaluate(() => document.querySelector('gradlab-playground').step(20000));
  assert.deepEqual(r, { asked: 20000, done: 20000, stopped: '' });
  await until(async () => (await step(page)) === 20000, { what: 'the readout at 20,000' });
  const refused = await page.evaluate(() => document.querySelector('gradlab-playground').step(2000001).then(() => 'done', (e) => `${e.name}: ${e.message}`));
  assert.match(refused, /RangeError: steps: 2000001 is not a whole number from 1 to 1,000,000/);
  assert.equal(await step(page), 20000, 'a refused Step trains nothing');
  assert.deepEqual(log.errors, []);
  await close();
});

test('the embed\'s step command does every step in the page-thread engine and answers how many it did', async () => {
  const { page, log, close } = await openPage(ctx, `test/frame.html?${new URLSearchParams({ embed: '' })}`);
  await until(() => page.evaluate(() => window.received?.some((m) => m.data?.type === 'ready')), { what: 'ready' });
  const frame = page.frames().find((f) => f.url().includes('/embed.html'));
  await page.evaluate(() => window.sendToEmbed({ source: 'gradlab', type: 'command', command: 'step', steps: 100000 }));
  const stepped = await until(() => page.evaluate(() => window.received.find((m) => m.data.type === 'stepped')?.data.detail), { what: 'the stepped answer', timeout: 120000 });
  assert.deepEqual(stepped, { asked: 100000, done: 100000, stopped: '' });
  assert.equal(await frame.evaluate(() => document.querySelector('gradlab-playground').playground.runs[0].step), 100000);
  assert.deepEqual(log.errors, []);
  await close();
});

test('a link that takes long to replay asks first; Escape and pause stop it, reset leaves no trace of it', async () => {
  const { page, log, close } = await openPage(ctx, '#hidden=64,64,64,64,64,64&step=1000000');
  await ready(page);
  const replay = page.locator(sel('[data-notice=replay]'));
  await until(async () => /replaying it here would take about/.test((await replay.textContent().catch(() => '')) ?? ''), { what: 'the question' });
  const probe = await step(page);
  assert.ok(probe > 0 && probe <= 16, `only the probe trained (${probe})`);
  await page.waitForTimeout(500);
  assert.equal(await step(page), probe, 'nothing more before the go-ahead');
  await replay.locator('button', { hasText: 'Replay it' }).click();
  await until(async () => (await step(page)) > probe + 100, { what: 'replaying' });
  assert.match(await replay.textContent(), /Replaying the link: step [\d,]+ of 1,000,000, about .+ left/);
  await page.keyboard.press('Escape');
  await until(async () => /Stopped replaying the link at step/.test(await replay.textContent()), { what: 'Escape stops it' });
  // the frame already sent when Escape was pressed (≤ 250 ms of training) still lands
  await until(() => page.evaluate(() => !document.querySelector('gradlab-playground').playground.runs[0].pending), { what: 'the last frame' });
  await page.waitForTimeout(100);
  const stopped = await step(page);
  assert.match(await replay.textContent(), new RegExp(`at step ${stopped.toLocaleString('en')} of 1,000,000`), 'the notice says where it stopped');
  await page.waitForTimeout(800);
  assert.equal(await step(page), stopped, 'no more steps after Escape');
  await replay.locator('button', { hasText: 'Continue replaying' }).click();
  await until(async () => (await step(page)) > stopped + 100, { what: 'continued' });
  await page.evaluate(() => document.querySelector('gradlab-playground').pause());
  await until(async () => /Stopped replaying/.test(await replay.textContent()), { what: 'pause stops it' });
  await page.locator(sel('.gl-play')).click();
  await page.waitForTimeout(300);
  await page.evaluate(() => document.querySelector('gradlab-playground').reset());
  await until(async () => (await step(page)) === 0, { what: 'reset' });
  await page.waitForTimeout(2000);
  assert.equal(await step(page), 0, 'the replay did not go on after the reset');
  assert.equal(await replay.count(), 0, 'no replay notice survives the reset');
  assert.deepEqual(log.errors, []);
  await close();
});

test('a long session keeps no more than it shows: A/B views taken down are freed, no measure piles up', async () => {
  const { page, log, close } = await openPage(ctx, '#speed=5');
  await ready(page);
  const cdp = await page.context().newCDPSession(page);
  // A/B on and off three times, holding the A/B panels only weakly; their output panels
  // listen to the page's data editor, which outlives them
  for (let i = 0; i < 3; i++) {
    await page.evaluate(async () => {
      const p = document.querySelector('gradlab-playground').playground;
      await p.actions.setCompare(true);
      window.__panels = (window.__panels ?? []).concat([...p.compare.allPanels()].map((x) => new WeakRef(x)));
      await p.actions.setCompare(false);
    });
  }
  await page.evaluate(() => document.querySelector('gradlab-playground').step(50));
  for (let i = 0; i < 2; i++) await cdp.send('HeapProfiler.collectGarbage');
  const [made, alive] = await page.evaluate(() => [window.__panels.length, window.__panels.filter((r) => r.deref()).length]);
  assert.equal(made, 30, 'five panels a side, three times');
  assert.equal(alive, 0, `${alive} of the ${made} panels of A/B views taken down are still alive`);
  // the draws are measured for the performance tools, not kept in the page's timeline
  assert.equal(await page.evaluate(() => performance.getEntriesByType('measure').length), 0);
  assert.deepEqual(log.errors, []);
  await close();
});
