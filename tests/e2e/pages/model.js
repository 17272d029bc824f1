// Test page script: a model-based test of the playground's run control, run inside the page so
// a sequence costs what the page's own work costs. fast-check (bundled for the browser into
// /e2e-lib/ by model.test.mjs) draws sequences of what a learner or an embedding page does —
// play, pause, Step n, reset, a new init, a lesson, a setting (valid or not), A/B on and off,
// a link with a step, the theme, a crashed engine — and after each one checks the page against
// a small model of what must hold:
//   - the step counter shows the step the model expects (exact after Step, reset, a link, a new run)
//   - a Step of n does n steps or says why not (divergence)
//   - the same notice never stands twice, and the notices stay few
//   - no NaN anywhere in the page's text or attributes
//   - the URL reproduces the state (its hash reads back to the configuration the engine runs)
//   - the state is a configuration the engine accepted
//   - the DOM and the JS heap stay bounded
// and after each sequence the page can train again. window.modelRun({seed, runs, maxCommands,
// kills}) returns {ok, seed, runs, ms, error?, maxNodes, maxHeap}.
import * as fc from '/e2e-lib/fast-check.js';
import '/gradlab-playground.js';
import { parseState } from '/web/ui/src/state.js';
import { getField, normalizeConfig } from '/web/src/common.js';

const el = document.createElement('gradlab-playground');
el.setAttribute('url-state', '');
document.body.append(el);
const root = () => el.shadowRoot;
const p = () => el.playground;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** Sizes seen, for the report. */
const seen = { maxNodes: 0, maxHeap: 0, commands: 0 };
/** Bounds the page must stay within whatever a sequence does. */
export const LIMITS = { nodes: 12000, heap: 128 * 1024 * 1024, notices: 10 };

class ModelError extends Error {}
const expect = (ok, what) => {
  if (!ok) throw new ModelError(what);
};

function alertShown() {
  const a = root()?.querySelector('.gl-alert');
  return a && !a.hidden && a.dataset.state === 'crashed';
}

/** Waits until nothing is asked of the engines and the readout shows run A's step. */
async function settled(timeout = 60000) {
  const t0 = performance.now();
  let calm = 0;
  for (;;) {
    const pg = p();
    const replay = pg?.loop.replaying;
    if (replay?.held === 'confirm') root().querySelector('[data-notice=replay] button')?.click();
    const runs = pg?.runSet;
    const a = runs?.list[0];
    const shown = Number(root()?.querySelector('.gl-stat-row[data-run=A] [data-stat=step]')?.dataset.value);
    const ok = !!a && runs.ready && runs.list.every((r) => !r.pending && r.metrics) && !pg.loop.busy
      && pg.loop.evaluation === 'current' && !pg.store.state.playing && shown === a.step;
    calm = ok ? calm + 1 : 0;
    if (calm >= 2) return;
    if (alertShown()) throw new ModelError(`the engine stopped: ${root().querySelector('.gl-alert').textContent}`);
    if (performance.now() - t0 > timeout) throw new ModelError(`the page did not settle in ${timeout} ms (busy ${pg?.loop.busy}, evaluation ${pg?.loop.evaluation}, step ${a?.step}, shown ${shown})`);
    await sleep(15);
  }
}

const stepA = () => p().runSet.list[0].step;
const divergedA = () => !!p().runSet.list[0].diverged;

/** The invariants, after every command. */
function check(model) {
  const pg = p();
  const a = pg.runSet.list[0];
  if (model.step !== null) expect(a.step === model.step, `step ${a.step}, the model expects ${model.step}`);
  model.step = a.step;
  // notices: one per cause, few
  const notices = [...root().querySelectorAll('[data-notice]')];
  const texts = notices.map((n) => `${n.dataset.notice}:${[...n.querySelectorAll('li')].map((l) => l.textContent).join('|')}`);
  expect(new Set(texts).size === texts.length, `a notice stands twice: ${texts.join(' / ')}`);
  expect(notices.length <= LIMITS.notices, `${notices.length} notices stand`);
  // no NaN in the page
  const walk = [root(), document];
  for (const r of walk) {
    for (const n of r.querySelectorAll('*')) {
      for (const at of n.attributes) expect(!/NaN/.test(at.value), `NaN in ${n.tagName}[${at.name}]: ${at.value.slice(0, 80)}`);
    }
  }
  // (the lesson card's prose may speak of NaN, a settings notice quotes the value it refused,
  // and a divergence is explained as "loss became NaN"; a number the page shows is never NaN)
  let text = root().textContent;
  for (const quoted of root().querySelectorAll('.gl-lesson, [data-notice=settings]')) text = text.replace(quoted.textContent, '');
  text = text.replace(/loss became NaN/g, '');
  const at = text.search(/NaN/);
  expect(at < 0, `NaN in the page text: …${text.slice(Math.max(0, at - 120), at + 40)}…`);
  // the state is what the engine runs, and the URL reads back to it
  const state = pg.store.state;
  expect(same(normalizeConfig(state.config), a.config), `the page's configuration is not the one the engine runs: ${JSON.stringify(state.config).slice(0, 300)}`);
  expect(location.hash === (el.dataset.hash === '#' ? '' : el.dataset.hash), `URL ${location.hash} ≠ state ${el.dataset.hash}`);
  const back = parseState(location.hash);
  expect(back.warnings.length === 0, `the URL does not read back cleanly: ${back.warnings.map((w) => w.message).join('; ')}`);
  expect(same(back.config, normalizeConfig(state.config)), `the URL ${location.hash} reads back to another configuration`);
  expect(back.ui.compare === state.ui.compare && back.ui.preset === state.ui.preset && back.ui.theme === state.ui.theme, 'the URL reads back to other page fields');
  if (state.ui.compare === '1') {
    const b = pg.runSet.list[1];
    expect(!!b && same({ ...a.config, ...back.b }, { ...a.config, ...Object.fromEntries(Object.keys(back.b).map((k) => [k, b.config[k]])) }), 'B\'s knobs in the URL are not B\'s configuration');
  }
  // bounded
  const nodes = root().querySelectorAll('*').length + document.querySelectorAll('*').length;
  seen.maxNodes = Math.max(seen.maxNodes, nodes);
  expect(nodes < LIMITS.nodes, `${nodes} DOM nodes`);
  seen.commands++;
}

/** The JS heap the page keeps (after a garbage collection, when the browser allows one). */
function heapKept() {
  window.gc?.();
  const heap = performance.memory?.usedJSHeapSize ?? 0;
  seen.maxHeap = Math.max(seen.maxHeap, heap);
  expect(heap < LIMITS.heap, `JS heap ${Math.round(heap / 2 ** 20)} MiB`);
}

// ---- the commands ------------------------------------------------------------------------

class Play {
  constructor(ms) { this.ms = ms; }
  check() { return true; }
  async run(model) {
    const before = stepA();
    el.play();
    await sleep(this.ms);
    el.pause();
    await settled();
    expect(stepA() >= before, `play went back from ${before} to ${stepA()}`);
    model.step = null;
    check(model);
  }
  toString() { return `play ${this.ms} ms, pause`; }
}

class Pause {
  check() { return true; }
  async run(model) {
    el.pause();
    await settled();
    check(model);
  }
  toString() { return 'pause'; }
}

class Step {
  constructor(n) { this.n = n; }
  check() { return true; }
  async run(model) {
    const r = await el.step(this.n);
    await settled();
    expect(r.asked === this.n, `step(${this.n}) answered for ${r.asked}`);
    if (this.n === 'epoch') {
      model.step = null;
    } else if (r.stopped === '') {
      expect(r.done === this.n, `step(${this.n}) did ${r.done} and said nothing`);
      model.step += this.n;
    } else {
      expect(r.stopped === 'diverged' && p().runSet.list.every((x) => x.diverged), `step(${this.n}) stopped (${r.stopped}) after ${r.done} without cause`);
      model.step = divergedA() ? null : model.step + r.done;
    }
    if (divergedA()) model.step = null;
    check(model);
  }
  toString() { return `step(${this.n})`; }
}

class Reset {
  check() { return true; }
  async run(model) {
    await el.reset();
    await settled();
    model.step = 0;
    check(model);
  }
  toString() { return 'reset'; }
}

class NewInit {
  constructor(seed) { this.seed = seed; }
  check() { return true; }
  async run(model) {
    await p().actions.setField('seed', this.seed);
    await settled();
    model.step = 0;
    check(model);
  }
  toString() { return `new init (seed ${this.seed})`; }
}

class Load {
  constructor(preset) { this.preset = preset; }
  check() { return true; }
  async run(model) {
    await p().actions.loadPreset(this.preset);
    await settled();
    expect(p().ui.preset === this.preset, `lesson ${p().ui.preset}, not ${this.preset}`);
    model.step = 0;
    check(model);
  }
  toString() { return `load(${JSON.stringify(this.preset)})`; }
}

class SetField {
  constructor(field, value) { this.field = field; this.value = value; }
  check() { return true; }
  async run(model) {
    const live = getField(this.field)?.live;
    const before = p().config;
    await p().actions.setField(this.field, this.value);
    await settled();
    // a live change keeps the step; a new configuration (even a refused one, repaired) starts at 0
    const changedRun = !live && !same(normalizeConfig(before), p().runSet.list[0].config) ? 0 : null;
    model.step = live ? model.step : changedRun;
    if (live && divergedA()) model.step = null;
    check(model);
  }
  toString() { return `set(${this.field}, ${JSON.stringify(this.value)})`; }
}

class Compare {
  constructor(on) { this.on = on; }
  check() { return true; }
  async run(model) {
    await p().actions.setCompare(this.on);
    await settled();
    expect(p().runSet.list.length === (this.on ? 2 : 1), `${p().runSet.list.length} runs with A/B ${this.on ? 'on' : 'off'}`);
    model.step = 0;
    check(model);
  }
  toString() { return `A/B ${this.on ? 'on' : 'off'}`; }
}

class Link {
  constructor(extra, step) { this.extra = extra; this.step = step; }
  check() { return true; }
  async run(model) {
    await p().actions.applyHash(`#${this.extra}${this.extra ? '&' : ''}step=${this.step}`);
    await settled();
    const a = p().runSet.list[0];
    if (!a.diverged) expect(a.step === this.step, `the link replayed to ${a.step}, not ${this.step}`);
    model.step = null;
    check(model);
  }
  toString() { return `open #${this.extra}${this.extra ? '&' : ''}step=${this.step}`; }
}

class Theme {
  constructor(theme) { this.theme = theme; }
  check() { return true; }
  async run(model) {
    p().actions.setUi({ theme: this.theme });
    await settled();
    expect(p().ui.theme === this.theme, `theme ${p().ui.theme}, not ${this.theme}`);
    check(model);
  }
  toString() { return `theme ${this.theme}`; }
}

class Kill {
  check() { return true; }
  async run(model) {
    await window.killEngine();
    const t0 = performance.now();
    while (!alertShown()) {
      expect(performance.now() - t0 < 20000, 'a crashed engine went unnoticed for 20 s');
      await sleep(20);
    }
    root().querySelector('.gl-restart').click();
    await settled();
    model.step = 0;
    check(model);
  }
  toString() { return 'crash the engine, restart'; }
}

// time spent per command kind, for the report
seen.times = {};
for (const C of [Play, Pause, Step, Reset, NewInit, Load, SetField, Compare, Link, Theme, Kill]) {
  const run = C.prototype.run;
  C.prototype.run = async function timed(model, real) {
    const t = performance.now();
    try {
      return await run.call(this, model, real);
    } finally {
      seen.times[C.name] = Math.round((seen.times[C.name] ?? 0) + performance.now() - t);
    }
  };
}

const FIELDS = [
  ['learningRate', [0.1, 1.5, 10, -1, 'abc', 1e9, Number.NaN]],
  ['activation', ['relu', 'sigmoid', 'bogus']],
  ['hidden', [[8], [4, 4, 4], [], [300], 'x']],
  ['dataset', ['xor', 'spiral', 'custom', 'fit1d', 'nope']],
  ['batchSize', [1, 32, 0]],
  ['optimizer', ['adam', 'momentum']],
  ['numPoints', [50, 10, 1e7]],
  ['l2', [0.001, -3]],
];
const LINKS = ['', 'learningRate=abc', 'dataset=custom', 'hidden=4,4', 'preset=dying-relu-high-lr', 'activation=relu&learningRate=0.3', 'nonsense=1&step=7'];

function commands({ kills, presets }) {
  const list = [
    fc.integer({ min: 20, max: 200 }).map((ms) => new Play(ms)),
    fc.constant(new Pause()),
    fc.oneof(fc.constantFrom(1, 7, 100, 'epoch'), fc.integer({ min: 1, max: 1000 })).map((n) => new Step(n)),
    fc.constant(new Reset()),
    fc.integer({ min: 0, max: 50 }).map((s) => new NewInit(s)),
    fc.constantFrom('', ...presets).map((n) => new Load(n)),
    fc.constantFrom(...FIELDS).chain(([f, values]) => fc.constantFrom(...values).map((v) => new SetField(f, v))),
    fc.boolean().map((on) => new Compare(on)),
    fc.tuple(fc.constantFrom(...LINKS), fc.integer({ min: 1, max: 600 })).map(([x, s]) => new Link(x, s)),
    fc.constantFrom('light', 'dark', 'auto').map((t) => new Theme(t)),
  ];
  if (kills) list.push(fc.constant(new Kill()));
  return list;
}

/** Back to the page as it opens: no lesson, the defaults, A alone, step 0, a live engine. */
async function fresh() {
  if (alertShown()) root().querySelector('.gl-restart, .gl-alert button')?.click();
  for (const b of root().querySelectorAll('.gl-dismiss')) b.click();
  await sleep(0);
  const pg = p();
  pg.actions.pause();
  if (pg.ui.compare === '1') await pg.actions.setCompare(false);
  pg.actions.setUi({ theme: 'auto' });
  await pg.actions.loadPreset('');
  await settled();
  heapKept();
  return { model: { step: stepA() }, real: {} };
}

/**
 * Whether the page can still train: Step 3 (after a reset if every run diverged) trains 3
 * steps, or reports a divergence the run really had (a lesson that explodes at step 1 does).
 */
async function trainsAgain() {
  if (p().runSet.list.every((r) => r.diverged)) {
    await el.reset();
    await settled();
  }
  const before = stepA();
  const r = await el.step(3);
  await settled();
  expect((r.done === 3 && stepA() === before + 3) || (r.stopped === 'diverged' && divergedA() && r.done >= 0), `the page cannot train again: ${JSON.stringify(r)}, step ${before} → ${stepA()}`);
}

window.modelRun = async ({ seed, runs, maxCommands = 8, kills = true }) => {
  await settled(120000);
  const presets = (await import('/web/src/common.js')).presetNames;
  const t0 = performance.now();
  const property = fc.asyncProperty(fc.commands(commands({ kills, presets }), { maxCommands }), async (cmds) => {
    let t = performance.now();
    await fc.asyncModelRun(async () => {
      const setup = await fresh();
      seen.times.fresh = Math.round((seen.times.fresh ?? 0) + performance.now() - t);
      return setup;
    }, cmds);
    t = performance.now();
    await trainsAgain();
    seen.times.trainsAgain = Math.round((seen.times.trainsAgain ?? 0) + performance.now() - t);
  });
  const d = await fc.check(property, { seed, numRuns: runs });
  const out = { ok: !d.failed, seed, runs, ms: Math.round(performance.now() - t0), ...seen };
  if (d.failed) {
    const cause = d.errorInstance ?? d.error;
    out.error = [`failed after ${d.numRuns} sequences, shrunk ${d.numShrinks} times (seed ${d.seed}, path "${d.counterexamplePath}")`,
      `sequence: ${String(d.counterexample?.[0] ?? d.counterexample)}`, `error: ${String(cause?.message ?? cause).slice(0, 3000)}`].join('\n');
  }
  return out;
};

/** Replays one recorded sequence (a regression): the commands by their names. */
window.modelReplay = async (names) => {
  await settled(120000);
  const make = {
    play: (ms) => new Play(ms), pause: () => new Pause(), step: (n) => new Step(n), reset: () => new Reset(), init: (s) => new NewInit(s),
    load: (n) => new Load(n), set: (f, v) => new SetField(f, v), compare: (on) => new Compare(on), link: (x, s) => new Link(x, s),
    theme: (t) => new Theme(t), kill: () => new Kill(),
  };
  const setup = await fresh();
  try {
    for (const [name, ...args] of names) await make[name](...args).run(setup.model, setup.real);
    await trainsAgain();
    return { ok: true };
  } catch (e) {
    return { ok: false, error: String(e?.message ?? e) };
  }
};
window.modelCommands = () => seen.commands;
window.modelReady = true;
