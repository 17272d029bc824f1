// The frame loop: one requestAnimationFrame callback that draws what changed and, when every
// engine is idle, asks each run for its next frame. What a frame asks for is decided by the
// loop's named states, in this order:
//   Work.EVALUATE  a new run is evaluated at step 0 before anything else
//   Work.REPLAY    a shared link is replayed to its step, in chunks sized to ~25 ms of training
//   Work.STEPS     the learner asked for a number of steps (Step) or an epoch
//   Work.PLAY      training plays: `speed` steps per frame, held at the lesson's budget
//   Work.EVALUATE  the figures are stale (paused, reset, a setting changed): evaluate now
//   Work.IDLE      nothing to ask for
// Runs train towards a common target step, so A and B stay in step even when a frame is cut
// short (the engine trains for at most ~250 ms per frame): a replay or a Step of n goes on over
// as many frames as it takes, says how far it got, and stops on pause, Escape, reset, a new
// run, divergence or a crashed engine (`halt`), never silently short of what was asked.
import { fullDiagram } from './panels/network.js';
import { MAX_STEPS } from './protocol.js';

export { MAX_STEPS };
/** A replay first trains this many steps to measure the speed before estimating its length. */
export const REPLAY_PROBE = 16;
/** A replay frame trains for about this long (ms), so the page keeps drawing. */
const REPLAY_FRAME_MS = 25;
/** A replay estimated to take longer than this (ms) waits for the learner's go-ahead. */
export const REPLAY_CONFIRM_MS = 10000;
/** Why a replay or a Step stopped before its end (the `stopped` of a Step's result). */
export const Halt = Object.freeze({ PAUSED: 'paused', RESET: 'reset', NEW_RUN: 'new run', REPLACED: 'replaced', DIVERGED: 'diverged', ENGINE: 'engine stopped' });

export const Work = Object.freeze({ EVALUATE: 'evaluate', REPLAY: 'replay', STEPS: 'steps', PLAY: 'play', IDLE: 'idle' });
/** Whether the figures on screen are those of the runs' current weights. */
export const Evaluation = Object.freeze({ CURRENT: 'current', DUE: 'due' });
/** How much of the page the next draw repaints. */
export const Redraw = Object.freeze({ NONE: 'none', READOUT: 'readout', PANELS: 'panels' });
// The protocol's `diag` values (protocol.js), by what they mean.
const Diagnostics = Object.freeze({ SKIP: 'none', WHEN_AFFORDABLE: 'auto', NOW: 'force' });

/** The work the next frame does (see the list above). */
export function nextWork({ runs, replayTo, steps, playing, evaluation }) {
  const a = runs[0];
  const due = evaluation === Evaluation.DUE;
  if (due && runs.some((r) => !r.metrics)) return Work.EVALUATE;
  if (replayTo > a.step && !a.diverged) return Work.REPLAY;
  if (steps) return Work.STEPS;
  if (playing) return Work.PLAY;
  if (due) return Work.EVALUATE;
  return Work.IDLE;
}

/** The buffers a frame of `info`'s network asks for (the diagram's only when it is drawn whole). */
export function frameWants(info, showsNetwork) {
  const full = info && fullDiagram(info) && showsNetwork;
  const units = info ? info.layers.reduce((a, l) => a + l.units * (l.inputs + 1), 0) : 0;
  const heavy = units > 20000;
  return {
    grid: info?.gridDims ? (info.gridDims === 1 ? 200 : heavy ? 40 : 64) : 0,
    neurons: full && info.gridDims ? (info.gridDims === 1 ? 40 : 16) : 0,
    weights: full,
  };
}

export class FrameLoop {
  /**
   * @param {object} o
   * @param {Runs} o.runs the runs (list, generation, ready)
   * @param {Store} o.store the page's state (playing, speed, lesson)
   * @param {(run) => boolean} o.showsNetwork whether a network diagram shows `run`
   * @param {(level) => void} o.draw repaints the readout (Redraw.READOUT) or everything
   * @param {(results) => void} o.onFrame a frame's results are in
   * @param {(base, target) => number} o.limit caps a playing frame's target (the lesson's budget)
   * @param {(kind, text, buttons) => void} o.notice a standing notice ('replay', 'steps'; '' removes it)
   * @param {(events) => void} o.log the event log
   * @param {(error) => void} o.failed a frame failed while the engines still answer
   */
  constructor({ runs, store, showsNetwork, draw, onFrame, limit, notice, log, failed }) {
    Object.assign(this, { runs, store, showsNetwork, draw, onFrame, limit, notice, log, failed });
    this.alive = false;
    this.raf = 0;
    /** The link being replayed: {to, msPerStep, chunk, confirmed, held: '' | 'confirm' | 'paused'}, or null. */
    this.replaying = null;
    /** The Step being done: {asked, done, epoch, resolve}, or null. */
    this.job = null;
    this.evaluation = Evaluation.CURRENT;
    this.redraw = Redraw.NONE;
    this.stepsPerSecond = 0;
    store.subscribe((state, prev) => {
      if (state.playing !== prev.playing) {
        if (prev.playing) this.evaluation = Evaluation.DUE;
        this.schedule();
      }
      if (state.ui !== prev.ui) {
        this.redraw = Redraw.PANELS;
        if (state.ui.edges !== prev.ui.edges) this.evaluation = Evaluation.DUE;
        this.schedule();
      }
    });
  }

  /** The step a link replays to (0: none, or held). */
  get replayTo() {
    return this.replaying && !this.replaying.held ? this.replaying.to : 0;
  }

  /** Training asked for and not done yet: a replay going on, or a Step. */
  get busy() {
    return !!this.job || this.replayTo > 0;
  }

  start() {
    this.alive = true;
    this.schedule();
  }

  stop() {
    this.alive = false;
    cancelAnimationFrame(this.raf);
    this.halt(Halt.RESET);
  }

  /** The figures are stale: evaluate at the next frame. */
  evaluate() {
    this.evaluation = Evaluation.DUE;
    this.schedule();
  }

  /**
   * Trains `steps` (1..MAX_STEPS, or 'epoch') over as many frames as it takes, then evaluates.
   * Resolves to {asked, done, stopped}: `stopped` is '' when all were done, else a Halt (a new
   * Step replaces one still going on). More than MAX_STEPS is refused with a RangeError.
   */
  step(steps) {
    if (steps !== 'epoch' && !(Number.isInteger(steps) && steps >= 1 && steps <= MAX_STEPS)) {
      return Promise.reject(new RangeError(`steps: ${String(steps).slice(0, 40)} is not a whole number from 1 to ${MAX_STEPS.toLocaleString('en')}`));
    }
    this.#endJob(Halt.REPLACED);
    let resolve;
    const promise = new Promise((r) => { resolve = r; });
    // runs diverged before the Step do not stop it; one diverging during it does (its result says so)
    this.job = { asked: steps, done: 0, epoch: steps === 'epoch', resolve, divergedBefore: new Set(this.runs.list.filter((r) => r.diverged)) };
    this.schedule();
    return promise;
  }

  /** Replays a shared link to `step` (0: stop replaying). */
  replay(step) {
    this.replaying = step > 0 ? { to: step, msPerStep: 0, chunk: REPLAY_PROBE, confirmed: false, held: '' } : null;
    if (!this.replaying) this.notice('replay', '');
    this.schedule();
  }

  /**
   * Stops what training was asked for: the Step ends with `reason`; a replay is dropped on a
   * reset or a new link, and on a pause is held where it got to (it can be continued).
   */
  halt(reason) {
    this.#endJob(reason);
    const r = this.replaying;
    if (!r) return;
    if (reason !== Halt.PAUSED) {
      this.replay(0);
      return;
    }
    if (r.held) return;
    r.held = 'paused';
    this.#heldNotice(this.runs.list[0]?.step ?? 0);
  }

  // (a frame already sent when the replay was stopped still lands: the notice follows it)
  #heldNotice(step) {
    const r = this.replaying;
    this.notice('replay', `Stopped replaying the link at step ${n(step)} of ${n(r.to)}.`, [
      { label: 'Continue replaying', onclick: () => this.#resumeReplay() },
      { label: 'Stay here', onclick: () => this.replay(0) },
    ]);
  }

  /** New runs (a restart, another configuration): a Step going on ends; a replay stays. */
  newRuns() {
    this.#endJob(Halt.NEW_RUN);
  }

  /** Repaint at least `level` at the next frame. */
  repaint(level = Redraw.PANELS) {
    if (level === Redraw.PANELS || this.redraw === Redraw.NONE) this.redraw = level;
    this.schedule();
  }

  schedule() {
    if (!this.alive || this.raf) return;
    this.raf = requestAnimationFrame(() => {
      this.raf = 0;
      this.#tick();
    });
  }

  /** Pauses and evaluates every run at the step it has reached. */
  async settle() {
    this.store.setPlaying(false);
    const runs = this.runs.list;
    while (runs.some((r) => r.pending)) await new Promise((r) => setTimeout(r, 10));
    if (!this.runs.ready) return;
    const gen = this.runs.generation;
    const results = await Promise.all(runs.map((r) => r.frame(0, Diagnostics.NOW, this.#wants(r))));
    if (gen === this.runs.generation) this.#afterFrame(results, 0, Work.EVALUATE);
    this.evaluation = Evaluation.CURRENT;
    this.schedule();
  }

  #wants(run) {
    return frameWants(run.info, this.showsNetwork(run));
  }

  #tick() {
    if (!this.alive) return;
    if (this.redraw !== Redraw.NONE) {
      const level = this.redraw;
      this.redraw = Redraw.NONE;
      this.draw(level);
    }
    const runs = this.runs.list;
    if (!runs.length || runs.some((r) => r.pending || !r.info || !r.alive)) return;
    const { playing, ui } = this.store.state;
    const job = this.job;
    const steps = job ? (job.epoch ? 'epoch' : job.asked - job.done) : 0;
    const work = nextWork({ runs, replayTo: this.replayTo, steps, playing, evaluation: this.evaluation });
    if (work === Work.IDLE) return;
    const a = runs[0];
    const base = Math.min(...runs.map((r) => (r.diverged ? Infinity : r.step)).filter(Number.isFinite), a.step);
    let target = base;
    let epoch = false;
    let diag = Diagnostics.NOW;
    if (work === Work.REPLAY) {
      const r = this.replaying;
      target = Math.min(r.to, base + r.chunk);
      diag = target >= r.to ? Diagnostics.NOW : Diagnostics.SKIP;
    } else if (work === Work.STEPS) {
      if (steps === 'epoch') epoch = true;
      else {
        target = base + steps;
        // the Step's last frame evaluates (#endJob): the ones before only when affordable
        diag = Diagnostics.WHEN_AFFORDABLE;
      }
    } else if (work === Work.PLAY) {
      target = this.limit(base, base + Number(ui.speed));
      diag = Diagnostics.WHEN_AFFORDABLE;
    }
    const stepsFor = (r) => (epoch ? 'epoch' : Math.max(0, target - r.step));
    this.evaluation = Evaluation.CURRENT;
    const gen = this.runs.generation;
    const t0 = performance.now();
    Promise.all(runs.map((r) => r.frame(stepsFor(r), diag, this.#wants(r))))
      .then((results) => {
        if (gen !== this.runs.generation || !this.alive) return;
        this.#afterFrame(results, performance.now() - t0, work);
      })
      .catch((e) => {
        if (gen !== this.runs.generation) return;
        if (runs.some((r) => !r.alive)) {
          this.halt(Halt.ENGINE);  // the crash handler speaks
          return;
        }
        this.#endJob(Halt.ENGINE);
        this.failed(e);
      })
      .finally(() => this.schedule());
  }

  #afterFrame(results, ms, work) {
    const list = this.runs.list;
    const a = list[0];
    const done = Math.max(0, ...results.map((r) => (Number.isInteger(r.done) ? r.done : 0)));
    if (this.replaying) this.#replayed(a, work === Work.REPLAY ? done : 0);
    if (work === Work.STEPS && this.job) this.#stepped(done, list);
    if (done > 0 && ms > 0) this.stepsPerSecond = 0.8 * this.stepsPerSecond + 0.2 * ((done * 1000) / ms);
    this.onFrame(results);
    // The panels draw what an evaluation measured; a frame without one changes only the
    // readout (step, epoch), so only the readout is redrawn.
    const fresh = results.some((r) => r.diag || r.divergedNow);
    this.repaint(fresh ? Redraw.PANELS : Redraw.READOUT);
  }

  // A replay frame trained `done` steps: learn the speed, size the next chunk to ~25 ms, and
  // after the probe ask before a replay longer than REPLAY_CONFIRM_MS.
  #replayed(a, done) {
    const r = this.replaying;
    if (a.step >= r.to || a.diverged) {
      this.replay(0);
      this.log([{ step: a.step, level: 'info', text: a.diverged ? `The link's run diverged at step ${a.step} while it was replayed.` : `Replayed the link to step ${a.step}.` }]);
      return;
    }
    if (done > 0 && a.stepMs > 0 && Number.isFinite(a.stepMs)) {
      const ms = a.stepMs / done;
      r.msPerStep = r.msPerStep > 0 ? 0.7 * r.msPerStep + 0.3 * ms : ms;
      r.chunk = Math.max(1, Math.min(50000, Math.round(REPLAY_FRAME_MS / r.msPerStep)));
    }
    if (r.held === 'paused') this.#heldNotice(a.step);
    if (r.held || !(r.msPerStep > 0)) return;
    const left = (r.to - a.step) * r.msPerStep;
    if (!r.confirmed && left > REPLAY_CONFIRM_MS) {
      r.held = 'confirm';
      this.notice('replay', `This link was shared at step ${n(r.to)}; replaying it here would take about ${duration(left)} (measured over the first ${n(a.step)} steps).`, [
        { label: 'Replay it', onclick: () => this.#resumeReplay() },
        { label: 'Stay at this step', onclick: () => this.replay(0) },
      ]);
      return;
    }
    r.confirmed = true;
    this.notice('replay', `Replaying the link: step ${n(a.step)} of ${n(r.to)}, about ${duration(left)} left.`, [
      { label: 'Stop', onclick: () => this.halt(Halt.PAUSED) },
    ]);
  }

  #resumeReplay() {
    const r = this.replaying;
    if (!r) return;
    r.held = '';
    r.confirmed = true;
    const a = this.runs.list[0];
    this.notice('replay', `Replaying the link: step ${n(a?.step ?? 0)} of ${n(r.to)}…`, [{ label: 'Stop', onclick: () => this.halt(Halt.PAUSED) }]);
    this.schedule();
  }

  // A Step frame trained `done` steps (the furthest run's): count them, and end the Step when
  // all are done, the runs diverged, or (an epoch) after its one frame. A run that diverged on
  // the way did fewer: the Step then ends as stopped by the divergence (A/B: B may go on).
  #stepped(done, list) {
    const job = this.job;
    job.done += done;
    // a diverged run stays so until a reset or a new run, which end the Step first
    const fell = list.some((r) => r.diverged && !job.divergedBefore.has(r));
    const end = fell ? Halt.DIVERGED : '';
    if (job.epoch || job.done >= job.asked) this.#endJob(end);
    else if (list.every((r) => r.diverged)) this.#endJob(Halt.DIVERGED);
    else this.notice('steps', `Training ${n(job.asked)} steps: ${n(job.done)} done.`, [{ label: 'Stop', onclick: () => this.halt(Halt.PAUSED) }]);
  }

  #endJob(stopped) {
    const job = this.job;
    if (!job) return;
    this.job = null;
    this.notice('steps', '');
    if (stopped && stopped !== Halt.REPLACED && !job.epoch && job.done < job.asked) {
      this.log([{ step: this.runs.list[0]?.step ?? 0, level: 'info', text: `Step stopped after ${n(job.done)} of ${n(job.asked)} steps (${stopped}).` }]);
    }
    job.resolve({ asked: job.asked, done: job.done, stopped });
    this.evaluate();
  }
}

const n = (v) => Number(v).toLocaleString('en');

/** "12 s", "4 min", "7.7 h" */
export function duration(ms) {
  const s = ms / 1000;
  if (s < 90) return `${Math.max(1, Math.round(s))} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${Number((s / 3600).toPrecision(2))} h`;
}
