// The runs the page trains (A, and B in the A/B view) and their engines: starting them,
// sending them a configuration (B's is A's with B's knobs), live changes, rewinding, the
// crash notice and the restart with the same settings, and what a frame's results tell the
// event log and the embedding page.
import { Run } from './run.js';
import { baseConfig, configB } from './state.js';
import { fieldLabel } from './labels.js';
import { stepDetail } from './reports.js';
import { withDomain } from './data-set.js';

/** An evaluation slower than this (ms, estimated) earns a notice: panels will lag training. */
const SLOW_EVALUATION_MS = 2000;

export class Runs {
  /**
   * @param {object} o
   * @param {Store} o.store the page's state (read, and the accepted configuration written back)
   * @param {Notices} o.notices warnings, standing notices, the crash alert
   * @param {(events) => void} o.log the event log
   * @param {(type, detail) => void} o.emit DOM events for the embedding page
   * @param {(run) => void} o.started the engine of run A is up (which build, where)
   * @param {() => void} o.configured a new configuration is in: the page shows it
   */
  constructor({ store, notices, log, emit, started, configured, scores = false }) {
    Object.assign(this, { store, notices, log, emit, started, configured, scores });
    /** The runs, A first. */
    this.list = [];
    /** Counts (re)starts: a frame answered for an earlier set of runs is dropped. */
    this.generation = 0;
    this.alive = true;
  }

  /** Every run's engine answers. */
  get working() {
    return this.list.every((r) => r.alive);
  }

  /** Every run's engine answers and holds a configured session. */
  get ready() {
    return this.list.every((r) => r.alive && r.info);
  }

  /** Starts one engine per run (two in the A/B view) and configures them. */
  async start() {
    const want = this.store.state.ui.compare === '1' ? 2 : 1;
    const gen = ++this.generation;
    for (const r of this.list) r.dispose();
    this.list = [];
    for (let i = 0; i < want; i++) this.list.push(new Run(i === 0 ? 'A' : 'B', { onCrash: (r, reason) => this.#crashed(r, reason), scores: this.scores }));
    await Promise.all(this.list.map((r) => r.start()));
    if (gen !== this.generation) return;
    this.started(this.list[0]);
    await this.configure();
  }

  /** Sends the state's configuration to every run (all restart at step 0). */
  async configure() {
    const { config, b, ui, data } = this.store.state;
    const [runA, runB] = this.list;
    // the learner's own points go with dataset custom, to both runs (A and B share the data)
    const warnings = await runA.configure(config, baseConfig(ui.preset), data);
    let knobs = b;
    if (runB) {
      const wb = await runB.configure(configB(runA.config, b), runA.config, data);
      for (const w of wb) warnings.push({ ...w, message: `B: ${w.message}` });
      // B's knobs are what the engine accepted
      knobs = Object.fromEntries(Object.keys(b).map((k) => [k, runB.config[k]]));
    }
    this.store.accept(runA.config, knobs);
    // Points without a plane of their own (a CSV file) get the one the engine derived, so
    // drawing on it does not move it; the run trains on the very same points and plane.
    if (runA.data && !runA.data.domain && runA.info.inputDomain) {
      const fixed = withDomain(runA.data, runA.info.inputDomain);
      for (const r of this.list) if (r.data) r.data = fixed;
      this.store.setData(fixed);
    }
    this.notices.warnings(warnings);
    const slow = Math.max(...this.list.map((r) => r.evalMs()));
    const info = runA.info;
    this.notices.notice('large', slow > SLOW_EVALUATION_MS
      ? `This network is large (${info.paramCount.toLocaleString('en')} parameters, ${info.train + info.test} points): each evaluation of its instruments may take ${Math.round(slow / 1000)} s or more, so the panels update less often than the network trains.`
      : '');
    for (const run of this.list) this.log([{ step: 0, level: 'info', run: this.list.length > 1 ? run.key : '', text: `New run: ${describe(run)}.` }]);
    this.configured();
  }

  /**
   * Changes fields the engine can change while a run goes on (the learning rate, …) in every
   * run; B keeps the knobs it changes itself. Returns the step the change took effect at.
   */
  async live(changes) {
    const [runA, runB] = this.list;
    const b = this.store.state.b;
    for (const [name, value] of Object.entries(changes)) {
      await runA.live(name, value);
      if (runB && b[name] === undefined) await runB.live(name, value);
      this.log([{ step: runA.step, level: 'info', text: `${fieldLabel(name)} set to ${value} at step ${runA.step}.` }]);
    }
    this.store.accept(runA.config);
    return runA.step;
  }

  /** Every run back to its initial weights (same seeds), step 0. */
  async rewind() {
    await Promise.all(this.list.map((r) => r.rewind()));
    this.log([{ step: 0, level: 'info', text: 'Reset to the initial weights (same seed).' }]);
  }

  /** New engines, the same settings (after a crash). */
  async restart() {
    this.notices.clearAlert();
    try {
      await this.start();
      this.log([{ step: 0, level: 'info', text: 'The engine restarted with the same settings.' }]);
    } catch (e) {
      this.fatal(`The engine could not restart: ${e.message}`);
    }
  }

  /** The engine could not start at all: say so and offer to try again. */
  fatal(text) {
    this.notices.fatal(text, () => this.restart());
  }

  /** What a frame's results mean to the log and the embedding page; pauses on divergence. */
  report(results) {
    results.forEach((r, i) => {
      const run = this.list[i];
      const tag = this.list.length > 1 ? run.key : '';
      if (r.events.length) this.log(r.events.map((e) => ({ ...e, run: tag })));
      if (r.divergedNow) {
        this.emit('diverged', { run: run.key, ...run.diverged });
        this.store.setPlaying(false);
      }
      if (r.diag) {
        this.emit('step', stepDetail(run));
      }
    });
  }

  dispose() {
    this.alive = false;
    for (const r of this.list) r.dispose();
  }

  #crashed(run, reason) {
    if (!this.alive || !this.list.includes(run)) return;
    this.store.setPlaying(false);
    this.notices.crashed(reason, () => this.restart());
    this.log([{ step: run.step, level: 'error', text: `The engine stopped: ${reason}.` }]);
    this.emit('crash', { reason });
  }
}

/** One line about a run's setup, for the log. */
function describe(run) {
  const c = run.config;
  const hidden = c.hidden.length ? `${c.hidden.length} hidden layer${c.hidden.length > 1 ? 's' : ''} (${c.hidden.join('-')}) of ${c.layerActivations.length ? 'mixed activations' : c.activation}` : 'no hidden layer';
  return `${c.dataset === 'custom' ? 'your' : c.dataset} data (${run.info.train} training / ${run.info.test} test points), ${hidden}, ${c.init} init, ${c.optimizer} at learning rate ${c.learningRate}, batch ${c.batchSize}`;
}
