// The page's state in one place: the configuration (run A's), run B's changed knobs, the page's
// own fields (state.js: lesson, speed, compare, theme, …), whether training plays and the
// learner's own points (data-set.js; trained on when the dataset is custom). It
// changes only through the named changes below; whoever shows or saves a part of it (the
// controls, the header, the URL, the frame loop) subscribes instead of being called by every
// change. Each change makes new objects, so a subscriber compares `state.x !== prev.x`.
import { parseState } from './state.js';

/**
 * The state the page opens with: the link's (or the `config` attribute's) settings on top of
 * the lesson the attributes name. Returns {state, replayTo, warnings}; the link's step is not
 * part of the state (the run starts at 0) but the step to replay to.
 */
export function initialState(opts) {
  const hash = opts.hash ?? '';
  const parsed = parseState(hash);
  const warnings = [...opts.warnings, ...parsed.warnings];
  let { config, b, experiment } = parsed;
  const data = parsed.data ?? null;
  const ui = { ...parsed.ui };
  if (opts.preset && !ui.preset) {
    ui.preset = opts.preset;
    // attributes name the lesson; the config attribute (if any) holds changes to it
    ({ config, b, experiment } = parseState(`preset=${opts.preset}&${hash.replace(/^#/, '')}`));
  }
  // the element's mode attribute, unless the link names the view itself
  if (opts.mode && !/(^|[#&])view=/.test(hash)) ui.view = opts.mode;
  if (opts.lockPreset && opts.preset) ui.preset = opts.preset;
  if (opts.theme) ui.theme = opts.theme;
  const replayTo = ui.step;
  ui.step = 0;
  return { state: { config, b, ui, experiment, playing: false, data }, replayTo, warnings };
}

export class Store {
  #state;
  #subscribers = new Set();

  /** @param {{config: object, b: object, ui: object, experiment: object, playing: boolean, data: object|null}} state */
  constructor(state) {
    this.#state = Object.freeze({ ...state });
  }

  get state() {
    return this.#state;
  }

  /** `fn(state, previous)` after every change; returns the unsubscribe function. */
  subscribe(fn) {
    this.#subscribers.add(fn);
    return () => this.#subscribers.delete(fn);
  }

  /** The learner asked for these configuration values (the engine may still adjust them). */
  requestFields(changes) {
    this.#set({ config: { ...this.#state.config, ...changes } });
  }

  /** The configuration the engine accepted (and, in A/B, B's knobs as it accepted them). */
  accept(config, b = this.#state.b) {
    this.#set({ config: { ...config }, b: { ...b } });
  }

  /** Sets one of B's knobs; `undefined` removes it. */
  setKnob(name, value) {
    const b = { ...this.#state.b };
    if (value === undefined) delete b[name];
    else b[name] = value;
    this.#set({ b });
  }

  /** Turns the A/B view on or off; `b` is B's knobs (a first one when it turns on). */
  setCompare(on, b = this.#state.b) {
    this.#set({ ui: { ...this.#state.ui, compare: on ? '1' : '0' }, b: { ...b } });
  }

  /** The page's own fields (speed, edges, heat, hist, theme). */
  setUi(changes) {
    this.#set({ ui: { ...this.#state.ui, ...changes } });
  }

  /** The learner's own points (data-set.js), or null: trained on while the dataset is custom. */
  setData(data) {
    if (data !== this.#state.data) this.#set({ data });
  }

  setPlaying(playing) {
    if (playing !== this.#state.playing) this.#set({ playing });
  }

  /**
   * A lesson or a link replaces the configuration, B's knobs and the page's fields (and the
   * experiment) at once; a link's points too (a lesson keeps the learner's points for later).
   */
  load({ config, b, ui, experiment = this.#state.experiment, data }) {
    this.#set({ config: { ...config }, b: { ...b }, ui: { ...this.#state.ui, ...ui }, experiment, ...(data !== undefined ? { data } : {}) });
  }

  /** The experiment's settings (the Experiments view: instrument, axes, steps, seeds, …). */
  setExperiment(changes) {
    this.#set({ experiment: { ...this.#state.experiment, ...changes } });
  }

  #set(changes) {
    const prev = this.#state;
    this.#state = Object.freeze({ ...prev, ...changes });
    for (const fn of this.#subscribers) fn(this.#state, prev);
  }
}
