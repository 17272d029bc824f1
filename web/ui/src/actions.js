// What the learner (and an embedding page) can do, each a named change of the store followed
// by what the runs and the frame loop must do about it. The controls, the header, the lesson
// card, the knob editor and the element's methods all call these.
import { getField, validateField, presets } from '../../src/common.js';
import { parseState, baseConfig } from './state.js';
import { suggestKnob } from './compare.js';
import { shareLink } from './url-sync.js';
import { Halt, MAX_STEPS } from './loop.js';
import { notYet, fromRunPoints, emptyData, KINDS } from './data-set.js';

/** A change of the learner's points starts a new run once no other change came for this long (ms). */
const DATA_SETTLE_MS = 250;

/**
 * @param {object} o
 * @param {Store} o.store @param {Runs} o.runs @param {FrameLoop} o.loop
 * @param {LessonDriver} o.lessons @param {Notices} o.notices @param {EventsPanel} o.events
 * @param {{lockPreset: boolean, preset: string}} o.opts @param {Set<string>} o.locked
 * @param {ShareDialog} o.share @param {{isOwn(hash): boolean}} o.url
 * @param {DataEditor} [o.editor] the learner's points being edited (a lesson or a link ends a drawing not trained on yet)
 * @param {ExerciseDriver} [o.rules] an exercise's rules (exercise/driver.js): which changes it
 *   refuses, whether training may go on and how far, no live changes
 */
export function createActions({ store, runs, loop, lessons, notices, events, share, opts, locked, url, editor, rules = null }) {
  const log = (list) => events.add(list);
  let dataChanges = 0;

  // A configuration the engine refuses never stays the page's state (nor the URL's): the page
  // keeps the one its run has, or the lesson's when there is none.
  async function reconfigure() {
    if (!runs.working) return;
    loop.halt(Halt.NEW_RUN);
    try {
      await runs.configure();
    } catch (e) {
      notices.warnings([{ field: 'config', value: '', message: e.message }]);
      const running = runs.list[0]?.config;
      store.accept(running ?? baseConfig(store.state.ui.preset), running ? store.state.b : {});
      return e.message;
    }
    return '';
  }

  const actions = {
    /**
     * Changes configuration fields: live in the running session where the engine can, else a
     * new run. A value that is not one the field takes changes nothing (a notice says why);
     * one the engine refuses is not kept.
     */
    async setFields(changes) {
      const wanted = {};
      const refused = [];
      for (const [name, value] of Object.entries(changes)) {
        if (locked.has(name)) continue;
        try {
          wanted[name] = validateField(name, value);
        } catch (e) {
          refused.push({ field: String(name).slice(0, 80), value: '', message: e.message });
        }
      }
      // an exercise refuses what it does not let the student change (or not that far)
      for (const r of rules ? rules.refuse(wanted, store.state.config) : []) {
        delete wanted[r.field];
        refused.push(r);
      }
      notices.warnings(refused, { heading: 'Not changed (the settings keep their values):' });
      const names = Object.keys(wanted);
      if (!names.length) return;
      store.requestFields(wanted);
      if ((rules?.liveChanges ?? true) && names.every((n) => getField(n)?.live) && runs.ready) {
        try {
          await runs.live(wanted);
        } catch (e) {
          notices.warnings([{ field: names[0], value: '', message: e.message }]);
          if (runs.list[0]?.config) store.accept(runs.list[0].config);
        }
        lessons.changed(runs.list[0].step, store.state.config);
        return;
      }
      await reconfigure();
    },

    setField: (name, value) => actions.setFields({ [name]: value }),

    /** The page's own fields (speed, edges, heat, hist, theme). */
    setUi: (changes) => store.setUi(changes),

    /**
     * The learner's own points (data-set.js; null: none). Training starts over on them (the
     * dataset becomes custom); points the engine cannot take yet (too few, one class) are kept
     * and shown while the run keeps its last ones. Resolves to why the run does not use them,
     * or '' when it does.
     */
    async setData(data) {
      if (locked.has('dataset')) return 'The data set is locked on this page.';
      store.setData(data);
      const gen = ++dataChanges;
      if (!data) return '';
      const wait = notYet(data);
      if (wait) return wait;
      // points drawn one after another start one new run, once the drawing pauses
      await new Promise((resolve) => setTimeout(resolve, DATA_SETTLE_MS));
      if (gen !== dataChanges || !runs.working) return '';
      const running = runs.list[0]?.config;
      if (store.state.config.dataset !== 'custom') store.requestFields({ dataset: 'custom' });
      loop.replay(0);
      try {
        await runs.configure();
        return '';
      } catch (e) {
        // Not runnable on these points yet (e.g. fewer training points than the batch size):
        // the run keeps its last data and settings, the points stay, the data panel says why.
        if (running && gen === dataChanges) store.accept(running, store.state.b);
        return e.message;
      }
    },

    /**
     * Starts the learner's own points of `kind` (data-set.js KINDS): from the points of the set
     * that trains now ('current', when it has a plane), none ('empty'), or the ones kept ('keep').
     */
    async startData(kind, from) {
      actions.setPlaying(false);
      const a = runs.list[0];
      const kept = store.state.data;
      let data = from === 'keep' && kept ? kept : from === 'current' ? fromRunPoints(a?.points, a?.info) : null;
      if (data && KINDS[kind] && (data.inputDim !== KINDS[kind].inputDim || data.task !== KINDS[kind].task) && from !== 'keep') data = null;
      return actions.setData(data ?? emptyData(KINDS[kind] ? kind : 'classes'));
    },

    /** Back to the built-in data sets (the lesson's, else the default); the learner's points are kept. */
    async stopData() {
      const base = baseConfig(store.state.ui.preset).dataset;
      return actions.setFields({ dataset: base === 'custom' ? getField('dataset').default : base });
    },

    /** Loads a lesson ('' = free play with the defaults). */
    async loadPreset(name) {
      if (opts.lockPreset && name !== opts.preset) return;
      if (name && !presets[name]) return;
      store.load({ config: baseConfig(name), b: {}, ui: { preset: name } });
      editor?.set({ started: false });  // a lesson has its own data set; the learner's points wait
      actions.setPlaying(false);
      events.clear();
      if (name) log([{ step: 0, level: 'info', text: `Lesson: ${presets[name].title}.` }]);
      await reconfigure();
    },

    async setCompare(on) {
      const { config, b } = store.state;
      store.setCompare(on, on && Object.keys(b).length === 0 ? suggestKnob(config) : b);
      actions.setPlaying(false);
      loop.halt(Halt.NEW_RUN);
      try {
        await runs.start();
      } catch (e) {
        runs.fatal(`The engine could not start: ${e.message}`);
      }
    },

    toggleCompare: () => actions.setCompare(store.state.ui.compare !== '1'),

    /** Changes one of B's knobs (undefined removes it). */
    async setKnob(name, value) {
      store.setKnob(name, value);
      await reconfigure();
    },

    setPlaying(on) {
      const list = runs.list;
      if (on && rules?.blocked()) on = false;
      if (on && list[0]?.diverged && list.every((r) => r.diverged)) {
        log([{ step: list[0].step, level: 'info', text: 'The run has diverged: press Reset or change a setting to start again.' }]);
        on = false;
      }
      store.setPlaying(on);
    },

    /** Pause: training stops, and so does a Step or a replay going on (a replay can be continued). */
    pause() {
      actions.setPlaying(false);
      loop.halt(Halt.PAUSED);
    },

    /** Play, or pause when training plays, a replay goes on or a Step is being done. */
    togglePlay: () => (store.state.playing || loop.busy ? actions.pause() : actions.setPlaying(true)),

    /** An experiment lesson or example: its configuration, page fields and experiment at once. */
    async loadExperiment({ config, b, ui, experiment }) {
      store.load({ config, b, ui, experiment });
      actions.setPlaying(false);
      await reconfigure();
    },

    /** The page's mode: 'playground' (one run) or 'experiments' (many runs on the sweep workers). */
    setView(view) {
      if (view === 'experiments') actions.setPlaying(false);
      store.setUi({ view });
    },

    /**
     * Trains `steps` mini-batches (or 'epoch'), paused, over as many frames as it takes.
     * Resolves to {asked, done, stopped} (loop.js); more than MAX_STEPS is refused.
     */
    stepOnce(steps) {
      actions.setPlaying(false);
      if (!rules) return loop.step(steps);
      // the loop says what is wrong with a count no Step takes
      if (steps !== 'epoch' && !(Number.isInteger(steps) && steps >= 1 && steps <= MAX_STEPS)) return loop.step(steps);
      // an exercise's run never passes its step budget (the run it grades is the one trained);
      // a Step it cuts short says so in its result, as any stopped Step does
      const allowed = rules.steps(steps, runs.list[0]);
      const stopped = rules.awaitsPrediction ? 'exercise: prediction first' : rules.ended ? 'exercise: run checked' : 'exercise step budget';
      if (!allowed) return Promise.resolve({ asked: steps, done: 0, stopped });
      if (allowed === steps) return loop.step(steps);
      return loop.step(allowed).then((r) => ({ ...r, asked: steps, stopped: r.stopped || stopped }));
    },

    /** Back to the initial weights (same seeds), step 0. */
    async reset() {
      actions.setPlaying(false);
      loop.halt(Halt.RESET);
      if (!runs.working) return;
      await runs.rewind();
      lessons.rewound();
      loop.replay(0);
      loop.evaluate();
    },

    /** The hash changed (back button, a pasted link): apply it. */
    async applyHash(hash) {
      if (url.isOwn(hash)) return;
      const p = parseState(hash);
      notices.warnings(p.warnings);
      const compareChanged = p.ui.compare !== store.state.ui.compare;
      store.load({ config: p.config, b: p.b, ui: { ...p.ui, step: 0 }, experiment: p.experiment, ...(p.data ? { data: p.data } : {}) });
      editor?.set({ started: false });
      actions.setPlaying(false);
      loop.replay(p.ui.step);
      if (compareChanged) await runs.start();
      else await reconfigure();
      loop.replay(p.ui.step);
    },

    /** Pauses, evaluates what the runs reached, and opens the share dialog with its link. */
    async openShare() {
      try {
        await loop.settle();
      } catch {
        // a crashed engine: share what we have
      }
      const link = shareLink(store.state, runs.list[0]?.step ?? 0, opts);
      share.open(link.href, runs.list, link);
    },

    /** A command already checked by the embed bridge: play, pause, step, reset, load, set. */
    command(cmd) {
      switch (cmd.command) {
        case 'play': return actions.setPlaying(true);
        case 'pause': return actions.pause();
        case 'step': return actions.stepOnce(cmd.steps ?? 1);
        case 'reset': return actions.reset();
        case 'load': return actions.loadPreset(cmd.preset);
        case 'set': return actions.setField(cmd.field, cmd.value);
        default: return undefined;
      }
    },
  };
  return actions;
}
