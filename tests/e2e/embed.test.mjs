// Embedding: the custom element on a course page served with the strict CSP, embed.html in an
// <iframe sandbox="allow-scripts">, the hide / controls / lock options, and hostile input
// through attributes and postMessage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserPerFile, sel, openPage, until, numbers, DEEP_TAGS, STRICT_CSP } from './helpers.mjs';

const ctx = browserPerFile({ csp: true });

const visibleFields = (page) => page.evaluate(() => [...document.querySelector('gradlab-playground').shadowRoot.querySelectorAll('.gl-controls [data-field]')]
  .filter((r) => !r.hidden && r.offsetParent !== null).map((r) => r.dataset.field));
const pageEvents = (page) => page.evaluate(() => window.gradlabEvents());

test('the custom element works on a page served with the strict CSP; hide, controls and lock do what they say', async () => {
  const { page, log, close } = await openPage(ctx, 'test/element.html');
  const res = await page.request.get(`${ctx.url}test/element.html`);
  assert.equal(res.headers()['content-security-policy'], STRICT_CSP, 'the page really is served with the strict CSP');
  await until(async () => (await pageEvents(page)).some((l) => l.startsWith('ready ')), { what: 'gradlab-ready' });
  const ready = JSON.parse((await pageEvents(page)).find((l) => l.startsWith('ready ')).slice(6));
  assert.equal(ready.build, 'simd');
  assert.equal(ready.mode, 'worker');
  // height="480": the element is 480 px tall and scrolls inside
  const box = await page.locator('gradlab-playground').boundingBox();
  assert.equal(Math.round(box.height), 480);
  // hide="histograms,events"
  assert.equal(await page.locator(sel('[data-panel=histograms]')).count(), 0);
  assert.equal(await page.locator(sel('[data-panel=events]')).count(), 0);
  assert.equal(await page.locator(sel('[data-panel=gradflow]')).count(), 1, 'the other panels are there');
  // controls="learningRate,activation": only those settings are shown
  assert.deepEqual((await visibleFields(page)).sort(), ['activation', 'learningRate']);
  // lock: the lesson cannot be changed, nothing else can be edited
  assert.equal(await page.locator(sel('#gl-lesson-select')).isDisabled(), true);
  assert.equal(await page.locator(sel('.gl-toggle')).count(), 0, 'no A/B switch in a locked lesson');
  assert.equal(await page.locator(sel('.gl-lesson button:has-text("Close lesson")')).isVisible(), false);
  const c0 = await page.evaluate(() => document.querySelector('gradlab-playground').playground.config);
  assert.equal(c0.learningRate, 1.5, 'the dying-ReLU lesson is loaded');
  // the page's own CSS does not leak in (its buttons are hot pink)
  const bg = await page.locator(sel('.gl-play')).evaluate((b) => getComputedStyle(b).backgroundColor);
  assert.notEqual(bg, 'rgb(255, 105, 180)');
  // it trains, sends step events, and the lesson checkpoint
  await page.locator(sel('.gl-controls select')).first().evaluate((s) => s.scrollIntoView());
  await page.locator(sel('.gl-play')).click();
  await until(async () => (await pageEvents(page)).some((l) => l.startsWith('checkpoint ') && l.includes('"kind":"seen"')), { what: 'a checkpoint event', timeout: 60000 });
  const steps = (await pageEvents(page)).filter((l) => l.startsWith('step ')).map((l) => JSON.parse(l.slice(5)));
  assert.ok(steps.length > 2 && steps.at(-1).step > steps[0].step);
  // a listed control still works: activation → leaky_relu
  await page.locator(sel('.gl-play')).click();
  await page.locator(sel('[data-field=activation] select')).selectOption('leaky_relu');
  await until(async () => (await page.evaluate(() => document.querySelector('gradlab-playground').playground.runs[0].config.activation)) === 'leaky_relu', { what: 'leaky' });
  assert.ok(!(await pageEvents(page)).some((l) => l.startsWith('csp-violation')), 'no CSP violation');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.foreign, []);
  await close();
});

test('lock="activation" locks just that setting; the element re-reads changed attributes', async () => {
  const { page, log, close } = await openPage(ctx, 'test/blank.html');
  await page.evaluate(() => {
    const el = document.createElement('gradlab-playground');
    el.setAttribute('lock', 'activation');
    el.setAttribute('hide', 'header,histograms');
    document.body.append(el);
  });
  await until(async () => (await pageEvents(page)).some((l) => l.startsWith('ready ')), { what: 'ready' });
  assert.equal(await page.locator(sel('[data-field=activation] select')).isDisabled(), true);
  assert.equal(await page.locator(sel('[data-field=init] select')).isDisabled(), false);
  assert.equal(await page.locator(sel('.gl-header')).isVisible(), false);
  await page.evaluate(() => document.querySelector('gradlab-playground').setAttribute('hide', 'network'));
  await until(async () => (await page.locator(sel('[data-panel=network]')).count()) === 0 && (await page.locator(sel('.gl-header')).isVisible()), { what: 'the new hide list' });
  assert.deepEqual(log.errors, []);
  await close();
});

test('DOM events for divergence and lesson checkpoints (seen, budget)', async () => {
  const { page, log, close } = await openPage(ctx, 'test/blank.html');
  await page.evaluate(() => {
    const el = document.createElement('gradlab-playground');
    el.setAttribute('preset', 'exploding-init');
    el.setAttribute('config', 'speed=100');
    el.setAttribute('autoplay', '');
    document.body.append(el);
  });
  await until(async () => (await pageEvents(page)).some((l) => l.startsWith('diverged ')), { what: 'gradlab-diverged' });
  const d = JSON.parse((await pageEvents(page)).find((l) => l.startsWith('diverged ')).slice(9));
  assert.equal(d.run, 'A');
  assert.ok(Number.isInteger(d.step) && ['loss', 'gradient', 'weights'].includes(d.cause));
  assert.match(d.message, /at step \d+/);
  await until(async () => (await pageEvents(page)).some((l) => l.startsWith('checkpoint ') && l.includes('"kind":"seen"')), { what: 'checkpoint' });
  // a lesson that runs to its budget sends the budget checkpoint
  await page.evaluate(() => document.querySelector('gradlab-playground').setAttribute('preset', 'born-dead-bias'));
  await until(async () => (await pageEvents(page)).filter((l) => l.startsWith('ready ')).length === 2, { what: 'the new lesson' });
  await page.evaluate(() => document.querySelector('gradlab-playground').play());
  await until(async () => (await pageEvents(page)).some((l) => l.startsWith('checkpoint ') && l.includes('"kind":"budget"') && l.includes('born-dead-bias')), { what: 'budget checkpoint' });
  assert.deepEqual(log.errors, []);
  await close();
});

test('hostile attribute values are reported as text and never become markup', async () => {
  const { page, log, close } = await openPage(ctx, 'test/blank.html');
  await page.evaluate(() => {
    const el = document.createElement('gradlab-playground');
    el.setAttribute('preset', '"><img src=x onerror=alert(1)>');
    el.setAttribute('controls', '<script>alert(2)</script>,learningRate');
    el.setAttribute('hide', '<img src=x onerror=alert(3)>');
    el.setAttribute('lock', '<svg onload=alert(4)>');
    el.setAttribute('height', 'javascript:alert(5)');
    el.setAttribute('theme', '<b>bold</b>');
    el.setAttribute('config', 'activation=<img src=x onerror=alert(6)>&learningRate=<iframe src=javascript:alert(7)>');
    document.body.append(el);
  });
  await until(async () => (await pageEvents(page)).some((l) => l.startsWith('ready ')), { what: 'ready' });
  const notice = await page.locator(sel('[data-notice=settings]')).allTextContents();
  const text = notice.join(' ');
  for (const frag of ['"><img src=x onerror=alert(1)>', '<script>alert(2)</script>', '<img src=x onerror=alert(3)>', '<svg onload=alert(4)>', 'javascript:alert(5)', '<b>bold</b>', '<img src=x onerror=alert(6)>']) {
    assert.ok(text.includes(frag), `the notice shows ${frag} as text`);
  }
  const tags = await page.evaluate(DEEP_TAGS);
  for (const t of ['img', 'svg', 'iframe', 'b']) assert.ok(!tags.includes(t), `no <${t}> was created`);
  assert.equal(tags.filter((t) => t === 'script').length, 2, 'only the page\'s own two scripts');
  assert.deepEqual((await visibleFields(page)), ['learningRate'], 'the valid part of controls= still applies');
  const c = await page.evaluate(() => document.querySelector('gradlab-playground').playground.runs[0].config);
  assert.equal(c.activation, 'tanh');
  assert.equal(c.learningRate, 0.03);
  await page.waitForTimeout(300);
  assert.deepEqual(log.dialogs, []);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.foreign, []);
  await close();
});

test('embed.html in <iframe sandbox="allow-scripts">: trains without a worker, posts events, hide/lock apply', async () => {
  const q = new URLSearchParams({ embed: 'preset=vanishing-sigmoid&hide=histograms,events&controls=learningRate&lock', height: '700' });
  const { page, log, close } = await openPage(ctx, `test/frame.html?${q}`);
  await until(() => page.evaluate(() => window.received?.some((m) => m.data?.type === 'ready')), { what: 'ready from the frame' });
  const ready = await page.evaluate(() => window.received.find((m) => m.data.type === 'ready'));
  assert.equal(ready.origin, 'null', 'the frame has an opaque origin');
  assert.equal(ready.data.source, 'gradlab');
  // an opaque origin may not start a worker from the server's URL: the engine runs on the
  // frame's own thread instead, and says so
  assert.equal(ready.data.detail.mode, 'page');
  assert.equal(ready.data.detail.build, 'simd');
  const frame = page.frames().find((f) => f.url().includes('/embed.html'));
  assert.ok(frame);
  const fsel = (s) => frame.locator(sel(s));
  assert.match(await fsel('.gl-badge').textContent(), /WebAssembly SIMD · page thread/);
  assert.match(await fsel('.gl-badge').getAttribute('title'), /No Web Worker could be started here/);
  assert.equal(await fsel('[data-panel=histograms]').count(), 0);
  assert.equal(await fsel('#gl-lesson-select').isDisabled(), true);
  const fields = await frame.evaluate(() => [...document.querySelector('gradlab-playground').shadowRoot.querySelectorAll('.gl-controls [data-field]')].filter((r) => !r.hidden).map((r) => r.dataset.field));
  assert.deepEqual(fields, ['learningRate']);
  // the vanishing-gradient lesson's gradient data, inside the sandbox
  await until(async () => (await fsel('[data-panel=gradflow]').getAttribute('data-grad-z-rms'))?.length > 0, { what: 'gradient data' });
  const z = numbers(await fsel('[data-panel=gradflow]').getAttribute('data-grad-z-rms'));
  assert.ok(z[5] / z[0] >= 100);
  // the parent drives it: play, then pause
  await page.evaluate(() => window.sendToEmbed({ source: 'gradlab', type: 'command', command: 'play' }));
  await until(() => page.evaluate(() => window.received.filter((m) => m.data.type === 'step' && m.data.detail.step > 50).length > 0), { what: 'step events' });
  await page.evaluate(() => window.sendToEmbed({ source: 'gradlab', type: 'command', command: 'pause' }));
  await until(async () => (await fsel('.gl-play').getAttribute('aria-pressed')) === 'false', { what: 'paused' });
  const steps = await page.evaluate(() => window.received.filter((m) => m.data.type === 'step').map((m) => m.data.detail));
  assert.ok(steps.every((d) => d.run === 'A' && Number.isInteger(d.step) && (d.trainLoss === null || Number.isFinite(d.trainLoss))));
  // requests: only the page's own server
  assert.deepEqual(log.foreign, []);
  assert.deepEqual(log.errors, []);
  await close();
});

test('a browser without wasm SIMD gets the scalar build, and the same numbers to the bit', async () => {
  // The SIMD build, in a worker, on the full page
  const a = await openPage(ctx, '#preset=vanishing-sigmoid');
  await a.page.waitForFunction(() => document.querySelector('gradlab-playground')?.shadowRoot?.querySelector('[data-stat=trainLoss] [data-exact]')?.dataset.exact);
  const simdLoss = await a.page.locator(sel('[data-stat=trainLoss] [data-exact]')).getAttribute('data-exact');
  const simdGrad = await a.page.locator(sel('[data-panel=gradflow]')).getAttribute('data-grad-z-rms');
  assert.equal(await a.page.locator(sel('.gl-badge')).getAttribute('data-build'), 'simd');
  await a.close();
  // A sandboxed frame (engine on its own thread) whose WebAssembly rejects the SIMD probe
  const q = new URLSearchParams({ embed: 'preset=vanishing-sigmoid' });
  const b = await openPage(ctx, null);
  await b.context.addInitScript(() => {
    WebAssembly.validate = () => false;
  });
  await b.page.goto(`${ctx.url}test/frame.html?${q}`);
  await until(() => b.page.evaluate(() => window.received?.some((m) => m.data?.type === 'ready')), { what: 'ready' });
  const ready = await b.page.evaluate(() => window.received.find((m) => m.data.type === 'ready').data.detail);
  assert.deepEqual(ready, { build: 'scalar', mode: 'page' });
  const frame = b.page.frames().find((f) => f.url().includes('/embed.html'));
  assert.match(await frame.locator(sel('.gl-badge')).textContent(), /WebAssembly \(scalar\)/);
  await until(async () => (await frame.locator(sel('[data-stat=trainLoss] [data-exact]')).getAttribute('data-exact'))?.length > 0, { what: 'the first evaluation' });
  assert.equal(await frame.locator(sel('[data-stat=trainLoss] [data-exact]')).getAttribute('data-exact'), simdLoss);
  assert.equal(await frame.locator(sel('[data-panel=gradflow]')).getAttribute('data-grad-z-rms'), simdGrad);
  assert.ok(b.log.requests.some((u) => /gradlab-scalar-[\w-]+\.wasm$/.test(u)) && !b.log.requests.some((u) => /gradlab-simd-[\w-]+\.wasm$/.test(u)));
  assert.deepEqual(b.log.errors, []);
  await b.close();
});

test('postMessage: malformed and hostile commands are rejected by shape, nothing is injected, valid ones still work', async () => {
  const q = new URLSearchParams({ embed: 'hide=histograms' });
  const { page, log, close } = await openPage(ctx, `test/frame.html?${q}`);
  await until(() => page.evaluate(() => window.received?.some((m) => m.data?.type === 'ready')), { what: 'ready' });
  const frame = page.frames().find((f) => f.url().includes('/embed.html'));
  const hostile = [
    'play',
    ['play'],
    null,
    42,
    { source: 'gradlab', type: 'command', command: 'load', preset: '<img src=x onerror=alert(1)>' },
    { source: 'gradlab', type: 'command', command: 'set', field: 'activation', value: '<img src=x onerror=alert(2)>' },
    { source: 'gradlab', type: 'command', command: 'set', field: '__proto__', value: { polluted: true } },
    { source: 'gradlab', type: 'command', command: 'set', field: 'learningRate', value: 'abc' },
    { source: 'gradlab', type: 'command', command: 'set', field: 'learningRate', value: 1e9 },
    { source: 'gradlab', type: 'command', command: 'step', steps: -5 },
    { source: 'gradlab', type: 'command', command: 'step', steps: 1e12 },
    { source: 'gradlab', type: 'command', command: '<script>alert(3)</script>' },
    { source: 'gradlab', type: 'command', command: 'constructor' },
    { source: 'gradlab', type: 'evil' },
    { source: 'gradlab', type: 'command', command: 'load', preset: { toString: null } },
    { source: 'gradlab', type: 'command', command: 'play', nested: { deep: new Array(1000).fill('<img>') } },
  ];
  for (const m of hostile) await page.evaluate((m) => window.sendToEmbed(m), m);
  await until(() => page.evaluate(() => window.received.filter((m) => m.data.type === 'rejected').length >= 11), { what: 'the rejections' });
  const rejected = await page.evaluate(() => window.received.filter((m) => m.data.type === 'rejected').map((m) => m.data.detail.reason));
  assert.equal(rejected.length, 11, `rejections: ${rejected.join(' | ')}`);
  assert.ok(rejected.some((r) => /preset must be a lesson name/.test(r)));
  assert.ok(rejected.some((r) => /activation: "<img src=x onerror=alert\(2\)>" is not one of/.test(r)));
  // the last one is a valid "play" (extra fields are ignored): it plays
  await until(async () => (await frame.locator(sel('.gl-play')).getAttribute('aria-pressed')) === 'true', { what: 'play' });
  await page.evaluate(() => window.sendToEmbed({ source: 'gradlab', type: 'command', command: 'pause' }));
  const c = await frame.evaluate(() => document.querySelector('gradlab-playground').playground.runs[0].config);
  assert.equal(c.activation, 'tanh');
  assert.equal(c.learningRate, 0.03);
  assert.equal(await frame.evaluate(() => ({}).polluted), undefined, 'no prototype pollution');
  // a valid set and a valid load work
  await page.evaluate(() => window.sendToEmbed({ source: 'gradlab', type: 'command', command: 'set', field: 'learningRate', value: 0.1 }));
  await until(() => frame.evaluate(() => document.querySelector('gradlab-playground').playground.runs[0].config.learningRate === 0.1), { what: 'set' });
  await page.evaluate(() => window.sendToEmbed({ source: 'gradlab', type: 'command', command: 'load', preset: 'born-dead-bias' }));
  await until(() => frame.evaluate(() => document.querySelector('gradlab-playground').playground.ui.preset === 'born-dead-bias'), { what: 'load' });
  const tags = await frame.evaluate(DEEP_TAGS);
  assert.ok(!tags.includes('img') && !tags.includes('script') || tags.filter((t) => t === 'script').length === 1);
  assert.ok(!tags.includes('img'));
  assert.deepEqual(log.dialogs, []);
  assert.deepEqual(log.errors, []);
  await close();
});

test('postMessage: commands from a frame that is not the parent, or from an untrusted origin, are ignored', async () => {
  // a sibling frame keeps sending "play": ignored
  const a = await openPage(ctx, `test/frame.html?${new URLSearchParams({ embed: '', sibling: '1' })}`);
  await until(() => a.page.evaluate(() => window.received?.some((m) => m.data?.type === 'ready')), { what: 'ready' });
  await until(() => a.page.evaluate(() => document.querySelectorAll('iframe').length === 2), { what: 'the sibling' });
  await a.page.waitForTimeout(2500);
  const frameA = a.page.frames().find((f) => f.url().includes('/embed.html'));
  assert.equal(await frameA.locator(sel('.gl-play')).getAttribute('aria-pressed'), 'false');
  assert.equal(await frameA.evaluate(() => document.querySelector('gradlab-playground').playground.runs[0].step), 0);
  assert.deepEqual(a.log.errors, []);
  await a.close();

  // parentOrigin names another origin: our commands are ignored and our page gets no events
  const b = await openPage(ctx, `test/frame.html?${new URLSearchParams({ embed: 'parentOrigin=https://course.example' })}`);
  const frameB = await until(() => b.page.frames().find((f) => f.url().includes('/embed.html')), { what: 'frame' });
  await until(() => frameB.evaluate(() => document.querySelector('gradlab-playground')?.shadowRoot?.querySelector('.gl-badge')?.dataset.build), { what: 'engine' });
  await b.page.evaluate(() => window.sendToEmbed({ source: 'gradlab', type: 'command', command: 'play' }));
  await b.page.waitForTimeout(1000);
  assert.equal(await frameB.locator(sel('.gl-play')).getAttribute('aria-pressed'), 'false');
  assert.deepEqual(await b.page.evaluate(() => window.received), [], 'events only go to the named origin');
  assert.deepEqual(b.log.errors, []);
  await b.close();
});
