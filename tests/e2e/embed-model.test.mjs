// The iframe channel against a model (fast-check's commands and asyncModelRun, in Chromium):
// random streams of commands, valid and malformed, from the embedding page and from another
// frame, to embed.html in <iframe sandbox="allow-scripts"> with and without parentOrigin.
// What must hold after each command:
//   - another frame is never obeyed and never answered
//   - a parent the embed does not trust (parentOrigin names another origin, or is malformed)
//     is never obeyed and receives nothing at all, not even `ready`
//   - from a trusted parent a malformed command changes nothing and is answered `rejected`;
//     a valid one does what it says: step n does n steps and answers `stepped` with n
//   - everything the embed posts is {source: 'gradlab', type: <a documented type>}
//   GRADLAB_EMBED_RUNS=N  sequences (default 6)     GRADLAB_EMBED_SEED=S  the seed (printed)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { browserPerFile, openPage, until } from './helpers.mjs';

const RUNS = Number(process.env.GRADLAB_EMBED_RUNS ?? 6);
const SEED = Number(process.env.GRADLAB_EMBED_SEED ?? (Date.now() % 2 ** 31));
const ctx = browserPerFile({ csp: true });
const TYPES = new Set(['ready', 'step', 'diverged', 'checkpoint', 'crash', 'rejected', 'stepped']);
const cmd = (command, extra = {}) => ({ source: 'gradlab', type: 'command', command, ...extra });

const embedState = (frame) => frame.evaluate(() => {
  const p = document.querySelector('gradlab-playground')?.playground;
  const a = p?.runSet.list[0];
  return { step: a?.step ?? 0, playing: !!p?.store.state.playing, busy: !!p?.loop.busy, pending: !!a?.pending, lr: a?.config?.learningRate, preset: p?.ui.preset, diverged: !!a?.diverged };
});

async function quiet(frame) {
  let calm = 0;
  let last = -1;
  await until(async () => {
    const s = await embedState(frame);
    calm = !s.busy && !s.pending && !s.playing && s.step === last ? calm + 1 : 0;
    last = s.step;
    return calm >= 3;
  }, { what: 'the embed to settle', every: 60, timeout: 60000 });
  return embedState(frame);
}

const received = (page) => page.evaluate(() => window.received.map((m) => m.data));

/** One command: who sends it, what, and what the model expects it to do. */
class Send {
  constructor(from, data, effect) {
    Object.assign(this, { from, data, effect });
  }

  check() {
    return true;
  }

  async run(model, real) {
    const { page, frame } = real;
    const before = await quiet(frame);
    const heard = (await received(page)).length;
    await page.evaluate(([fn, data]) => window[fn](data), [this.from === 'parent' ? 'sendToEmbed' : 'sendFromSibling', this.data]);
    const obeyed = this.from === 'parent' && model.trusted;
    if (obeyed && this.effect === 'rejected') {
      await until(async () => (await received(page)).slice(heard).some((m) => m.type === 'rejected'), { what: `a rejection of ${JSON.stringify(this.data).slice(0, 80)}` });
    } else if (obeyed && this.effect === 'step') {
      const answer = await until(async () => (await received(page)).slice(heard).find((m) => m.type === 'stepped')?.detail, { what: 'the stepped answer', timeout: 60000 });
      assert.equal(answer.asked, this.data.steps);
      if (answer.stopped === '') assert.equal(answer.done, this.data.steps, 'step n did n steps');
      else assert.equal(answer.stopped, 'diverged');
    } else if (obeyed && this.effect === 'play') {
      await until(async () => (await embedState(frame)).step > before.step || (await embedState(frame)).diverged, { what: 'play' });
      await page.evaluate((c) => window.sendToEmbed(c), cmd('pause'));
    } else {
      await page.waitForTimeout(250);
    }
    const after = await quiet(frame);
    const got = (await received(page)).slice(heard);
    for (const m of got) assert.ok(m?.source === 'gradlab' && TYPES.has(m.type), `an undocumented message: ${JSON.stringify(m).slice(0, 200)}`);
    if (!model.trusted) assert.deepEqual(await received(page), [], 'an untrusted parent receives nothing');
    if (!obeyed || this.effect === 'rejected' || this.effect === 'none') {
      assert.equal(after.step, before.step, `${this} changed the step`);
      assert.equal(after.lr, before.lr, `${this} changed the learning rate`);
      assert.equal(after.preset, before.preset, `${this} changed the lesson`);
      if (!obeyed || this.effect === 'none') assert.ok(!got.some((m) => m.type === 'rejected'), `${this} was answered`);
      return;
    }
    if (this.effect === 'step') assert.ok(after.step === before.step + this.data.steps || after.diverged, `step ${this.data.steps}: ${before.step} → ${after.step}`);
    if (this.effect === 'reset' || this.effect === 'load') assert.equal(after.step, 0);
    if (this.effect === 'load') assert.equal(after.preset, this.data.preset);
    if (this.effect === 'set') assert.equal(after.lr, this.data.value);
  }

  toString() {
    return `${this.from}: ${JSON.stringify(this.data)?.slice(0, 120)}`;
  }
}

const valid = fc.oneof(
  fc.integer({ min: 1, max: 400 }).map((n) => [cmd('step', { steps: n }), 'step']),
  fc.constant([cmd('play'), 'play']),
  fc.constant([cmd('pause'), 'none']),
  fc.constant([cmd('reset'), 'reset']),
  fc.constantFrom('', 'born-dead-bias', 'vanishing-sigmoid').map((p) => [cmd('load', { preset: p }), 'load']),
  fc.constantFrom(0.01, 0.1, 0.3).map((v) => [cmd('set', { field: 'learningRate', value: v }), 'set']),
);
const malformed = fc.oneof(
  fc.constantFrom(
    cmd('step', { steps: -1 }), cmd('step', { steps: 1.5 }), cmd('step', { steps: 1e7 }), cmd('step', { steps: '10' }),
    cmd('load', { preset: '__proto__' }), cmd('set', { field: 'learningRate', value: -1 }), cmd('set', { field: 'dataset', value: '<img src=x>' }),
    cmd('set', { field: 'constructor', value: 1 }), cmd('eval'), { source: 'gradlab', type: 'evil' }, { source: 'gradlab' },
  ).map((d) => [d, 'rejected']),
  // not addressed to GradLab at all: ignored without an answer
  fc.oneof(fc.constantFrom('play', null, 42, ['play'], { type: 'command', command: 'play' }), fc.anything({ maxDepth: 2 }).filter((v) => v?.source !== 'gradlab'))
    .map((d) => [d, 'none']),
);
const send = fc.tuple(fc.constantFrom('parent', 'parent', 'parent', 'sibling'), fc.oneof({ arbitrary: valid, weight: 2 }, { arbitrary: malformed, weight: 1 }))
  .map(([from, [data, effect]]) => new Send(from, data, effect));

test(`the iframe channel against its model: ${RUNS} random command streams, seed ${SEED} (GRADLAB_EMBED_RUNS, GRADLAB_EMBED_SEED)`, { timeout: Math.max(600000, RUNS * 120000) }, async () => {
  const t0 = Date.now();
  let commands = 0;
  const trustChoices = ['', 'own', 'OWN/path/', 'https://course.example', 'https://course.example/', 'null'];
  const property = fc.asyncProperty(fc.constantFrom(...trustChoices), fc.commands([send], { maxCommands: 10 }), async (trust, cmds) => {
    const parentOrigin = trust === 'own' ? ctx.origin : trust === 'OWN/path/' ? `${ctx.origin.toUpperCase()}/course/` : trust;
    const q = new URLSearchParams({ embed: parentOrigin ? new URLSearchParams({ parentOrigin }).toString() : '' });
    const { page, log, close } = await openPage(ctx, `test/channel.html?${q}`);
    try {
      const frame = await until(() => page.frames().find((f) => f.url().includes('/embed.html')), { what: 'the embed frame' });
      await until(() => frame.evaluate(() => document.querySelector('gradlab-playground')?.shadowRoot?.querySelector('[data-stat=trainLoss] [data-exact]')?.dataset.exact), { what: 'the engine' });
      const trusted = !trust || trust === 'own' || trust === 'OWN/path/';
      if (trusted) await until(async () => (await received(page)).some((m) => m.type === 'ready'), { what: 'ready' });
      await fc.asyncModelRun(() => ({ model: { trusted }, real: { page, frame } }), cmds);
      commands += [...cmds].length;
      assert.deepEqual(log.errors, []);
    } finally {
      await close();
    }
  });
  await fc.assert(property, { seed: SEED, numRuns: RUNS });
  console.log(`embed model: ${RUNS} streams (${commands} commands) from seed ${SEED} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
});
