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
// short (the engine trains for at most ~250 ms per frame).
import { fullDiagram } from './panels/network.js';

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
   * @param {(text) => void} o.progress the replay's progress notice ('' removes it)
   * @param {(events) => void} o.log the event log
   * @param {(error) => void} o.failed a frame failed while the engines still answer
   */
  constructor({ runs, store, showsNetwork, draw, onFrame, limit, progress, log, failed }) {
    Object.assign(this, { runs, store, showsNetwork, draw, onFrame, limit, progress, log, failed });
    this.alive = false;
    this.raf = 0;
    /** The step a shared link replays to (0: none). */
    this.replayTo = 0;
    this.replayChunk = undefined;
    /** Steps the learner asked for: a number, 'epoch', or 0. */
    this.steps = 0;
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

  start() {
    this.alive = true;
    this.schedule();
  }

  stop() {
    this.alive = false;
    cancelAnimationFrame(this.raf);
  }

  /** The figures are stale: evaluate at the next frame. */
  evaluate() {
    this.evaluation = Evaluation.DUE;
    this.schedule();
  }

  /** Train `steps` (a number or 'epoch') at the next frame, then evaluate. */
  step(steps) {
    this.steps = steps;
    this.schedule();
  }

  /** Replays a shared link to `step` (0: stop replaying). */
  replay(step) {
    this.replayTo = step;
    this.schedule();
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
    if (gen === this.runs.generation) this.#afterFrame(results, 0);
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
    const work = nextWork({ runs, replayTo: this.replayTo, steps: this.steps, playing, evaluation: this.evaluation });
    if (work === Work.IDLE) return;
    const a = runs[0];
    const base = Math.min(...runs.map((r) => (r.diverged ? Infinity : r.step)).filter(Number.isFinite), a.step);
    let target = base;
    let epoch = false;
    let diag = Diagnostics.NOW;
    if (work === Work.REPLAY) {
      target = Math.min(this.replayTo, base + (this.replayChunk ??= 200));
      diag = target >= this.replayTo ? Diagnostics.NOW : Diagnostics.SKIP;
      this.progress(`Replaying the link: step ${a.step} of ${this.replayTo}…`);
    } else if (work === Work.STEPS) {
      if (this.steps === 'epoch') epoch = true;
      else target = base + this.steps;
      this.steps = 0;
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
        this.#afterFrame(results, performance.now() - t0);
      })
      .catch((e) => {
        if (gen !== this.runs.generation) return;
        if (runs.some((r) => !r.alive)) return;  // the crash handler speaks
        this.failed(e);
      })
      .finally(() => this.schedule());
  }

  #afterFrame(results, ms) {
    const a = this.runs.list[0];
    if (this.replayTo) {
      if (a.step >= this.replayTo || a.diverged) {
        this.replayTo = 0;
        this.progress('');
        this.log([{ step: a.step, level: 'info', text: `Replayed the link to step ${a.step}.` }]);
      } else if (a.stepMs > 0) {
        this.replayChunk = Math.max(1, Math.min(50000, Math.round((this.replayChunk * 25) / Math.max(1, a.stepMs))));
      }
    }
    const done = results[0].done;
    if (done > 0 && ms > 0) this.stepsPerSecond = 0.8 * this.stepsPerSecond + 0.2 * ((done * 1000) / ms);
    this.onFrame(results);
    // The panels draw what an evaluation measured; a frame without one changes only the
    // readout (step, epoch), so only the readout is redrawn.
    const fresh = results.some((r) => r.diag || r.divergedNow);
    this.repaint(fresh ? Redraw.PANELS : Redraw.READOUT);
  }
}
