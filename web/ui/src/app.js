// The playground's composition root: it builds the store, the views, the panels, the runs, the
// frame loop and the lesson driver, and wires them to each other. Nothing here owns state or
// DOM beyond the page's outer layout; each part's own file says what it does:
//   store.js        the state and its named changes      actions.js   what the learner can do
//   url-sync.js     the address bar follows the store     runs.js      the runs and their engines
//   loop.js         what each frame asks the engines for  lesson-driver.js  checkpoints, budgets
//   compare.js      the A/B view                          views/       header, readout, notices, share, tooltip, theme
//   panels/         the charts, each with a narrow context (panel-context.js, panels/panel.js)
//   layout.js       how the page fits where it is put         experiments/mount.js  the Experiments view
import { h, replace } from './dom.js';
import { panelContext, placeDataPanel } from './panel-context.js';
import { fitLayout, escapeStops } from './layout.js';
import { Store, initialState } from './store.js';
import { syncUrl } from './url-sync.js';
import { createActions } from './actions.js';
import { Runs } from './runs.js';
import { FrameLoop, Redraw } from './loop.js';
import { LessonDriver } from './lesson-driver.js';
import { CompareView } from './compare.js';
import { Controls } from './controls.js';
import { lockedFields } from './options.js';
import { makePanels, watch, disposePanels, SINGLE } from './panels/set.js';
import { EventsPanel } from './panels/events.js';
import { LessonCard, LessonStage } from './panels/lesson.js';
import { lesson } from './lessons.js';
import { Header } from './views/header.js';
import { Notices } from './views/notices.js';
import { Readout } from './views/stats.js';
import { ShareDialog } from './views/share.js';
import { Tooltip } from './views/tooltip.js';
import { Theme } from './views/theme.js';
import { mountExperiments } from './experiments/mount.js';
import { DataEditor } from './data-editor.js';
import { createExercise } from './exercise/index.js';

export class Playground {
  /**
   * @param {HTMLElement} host the element that receives DOM events (the custom element)
   * @param {HTMLElement} root where the playground draws (inside the shadow root)
   * @param {object} opts readOptions() result plus {urlState: boolean, hash: string, base: string}
   */
  constructor(host, root, opts) {
    this.opts = opts;
    const hidden = (name) => opts.hide.has(name);
    const init = initialState(opts);
    const store = new Store(init.state);
    this.store = store;
    const url = syncUrl(store, { host, urlState: opts.urlState });

    // views
    const tooltip = new Tooltip();
    const theme = new Theme(root, host, () => {
      this.loop?.repaint();
      this.experiments?.repaint();
    });
    this.theme = theme;
    // the learner's own points: drawn on the output plane, edited in the data panel
    const editor = new DataEditor({
      apply: (data) => this.ctx.userData.setData(data),
      data: () => store.state.data,
      // the learner's points are in use once started here (even before the engine can train on
      // them: too few yet), or when the run trains on them (a link, a reload)
      using: () => !!store.state.data && (store.state.config.dataset === 'custom' || editor.started),
    });
    this.editor = editor;
    const ctx = panelContext({ store, theme, tooltip, editor, actions: () => this.actions });
    this.ctx = ctx;
    const notices = new Notices({ hidden: hidden('notices') });
    this.notices = notices;
    const readout = new Readout({ hidden: hidden('stats') });
    const share = new ShareDialog();
    const events = new EventsPanel(ctx);
    this.events = events;
    const log = (list) => events.add(list);
    const emit = (type, detail) => host.dispatchEvent(new CustomEvent(`gradlab-${type}`, { detail, bubbles: true, composed: true }));
    this.emit = emit;
    const card = new LessonCard({ loadPreset: (name) => this.actions.loadPreset(name), togglePlay: () => this.actions.togglePlay() });

    // the runs, the lesson and the frame loop
    const runs = new Runs({ store, notices, log, emit, started: (run) => this.header.engine(run), configured: () => this.#configured(), scores: !hidden('scores') });
    this.runSet = runs;
    const lessons = new LessonDriver({ card, log, emit, pause: () => this.actions.setPlaying(false) });
    this.lessons = lessons;
    /** Exercise mode (exercise/driver.js): the task, the checklist, the rules the actions follow. */
    const exercise = opts.exercise ? createExercise({ exercise: opts.exercise, compact: opts.compact, runs, emit, log, pause: () => this.actions.setPlaying(false), settle: () => this.loop.settle() }) : null;
    this.exercise = exercise;
    this.loop = new FrameLoop({
      runs, store, log,
      showsNetwork: (run) => !!(this.panels.network || this.compare.panels[run.key]?.network),
      draw: (level) => this.#draw(level),
      onFrame: (results) => {
        runs.report(results);
        lessons.afterFrame(runs.list[0], store.state);
        exercise?.afterFrame();
      },
      limit: (base, target) => (exercise ? exercise.limit(base, target) : lessons.limit(store.state.ui.preset, base, target)),
      notice: (kind, text, buttons) => notices.notice(kind, text, buttons),
      failed: (e) => {
        this.actions.setPlaying(false);
        notices.warnings([{ field: 'engine', value: '', message: e.message }]);
      },
    });
    this.loop.replay(init.replayTo);
    const locked = lockedFields(opts, init.state.config);
    const actions = createActions({ store, runs, loop: this.loop, lessons, notices, events, share, opts, locked, url, editor, rules: exercise });
    this.actions = actions;

    // the page
    this.header = new Header(opts, { loadPreset: actions.loadPreset, toggleCompare: actions.toggleCompare, openShare: actions.openShare, setTheme: (t) => actions.setUi({ theme: t }), setView: actions.setView });
    const controls = new Controls(actions, { show: opts.show, locked });
    if (hidden('run')) controls.runBox.hidden = true;
    if (opts.lockPreset) {
      card.close.hidden = true;
      card.nextAllowed = false;
    }
    const single = h('div', { class: 'gl-panels' });
    this.compare = new CompareView({ ctx, hide: opts.hide, single }, { setKnob: actions.setKnob, warnings: (list) => notices.warnings(list) });
    this.readout = readout;
    if (exercise) {
      exercise.onRunnable = (why) => controls.setRunnable(!why, why);
      // held from the start (a prediction first, or nothing to train), not from the first run on
      exercise.onRunnable(exercise.blocked());
    }
    // the card, the readout and the panel the lesson is about, side by side (an exercise's card before them)
    this.stage = new LessonStage({ card: hidden('lesson') ? null : card, readout: readout.el });
    const content = h('div', { class: 'gl-content' }, exercise?.card.el, this.stage.el, single, this.compare.el);
    this.experiments = mountExperiments({ ctx, store, actions: () => this.actions, notices, emit, urlState: opts.urlState });
    const main = h('div', { class: 'gl-main' }, h('aside', { class: 'gl-side', hidden: hidden('controls'), 'aria-label': 'Settings' }, controls.el), content, this.experiments.el);
    const showView = (state) => {
      const experiments = state.ui.view === 'experiments';
      content.hidden = experiments;
      controls.runBox.hidden = experiments || hidden('run');
      this.experiments.setVisible(experiments);
      if (experiments) this.experiments.show(state);
    };
    replace(root, this.header.el, notices.alert, notices.el, main, share.el, tooltip.el);
    theme.apply(init.state.ui.theme);
    this.header.show(init.state.ui);
    this.panels = makePanels(single, SINGLE, { ctx, hide: opts.hide });
    if (!hidden('events')) {
      single.append(events.el);
      watch(events);
    }
    fitLayout({ root, host, opts, controls, card, panels: this.panels, preset: init.state.ui.preset });
    notices.warnings(init.warnings);
    this.removeKeys = escapeStops(host, () => this.loop.busy, () => actions.pause());
    showView(init.state);

    // who follows which part of the state (the URL follows it in url-sync.js, the loop in loop.js)
    this.#placeData();
    store.subscribe((state, prev) => {
      if (state.data !== prev.data || state.config.dataset !== prev.config.dataset) {
        this.#placeData();
        this.loop.repaint();
      }
      if (state.ui.theme !== prev.ui.theme) theme.apply(state.ui.theme);
      if (state.ui !== prev.ui) this.header.show(state.ui);
      if (state.config !== prev.config || state.ui !== prev.ui) controls.set(state.config, state.ui, state.playing);
      else if (state.playing !== prev.playing) controls.setPlaying(state.playing);
      if (state.playing !== prev.playing) card.setPlaying(state.playing);
      if (state.ui.view !== prev.ui.view || (state.ui.view === 'experiments' && (state.experiment !== prev.experiment || state.config !== prev.config))) showView(state);
    });
  }

  /** The runs (A, and B in the A/B view): their configuration, figures and history. */
  get runs() {
    return this.runSet.list;
  }

  get config() {
    return this.store.state.config;
  }

  get ui() {
    return this.store.state.ui;
  }

  /** Starts the engine(s) and the first configuration. */
  async start() {
    this.loop.start();
    try {
      await this.runSet.start();
    } catch (e) {
      this.runSet.fatal(`The engine could not start: ${e.message}`);
      return;
    }
    const a = this.runs[0];
    // Said plainly, not only in the badge's tooltip: the course page may be able to fix it.
    if (a.mode === 'page') this.notices.notice('page-thread', `The engine runs on this page's own thread, not in a Web Worker: ${a.host?.fallbackReason || 'this browser refused to start one'}. Training is slower and the page may stutter; the results are the same.`);
    this.emit('ready', { build: a.build, mode: a.mode });
    if (this.opts.autoplay && !this.loop.busy) this.actions.setPlaying(true);
    this.loop.schedule();
  }

  dispose() {
    this.removeKeys();
    this.experiments.dispose();
    this.loop.stop();
    this.theme.dispose();
    this.runSet.dispose();
    disposePanels(this.panels);
    this.compare.dispose();
    this.events.dispose();
  }

  #placeData() {
    placeDataPanel(this.panels, this.editor.using(), this.events?.el);
  }

  // A new configuration is in every run: the lesson starts over, the A/B view is laid out for
  // the new runs, and the loop evaluates them at step 0.
  #configured() {
    const state = this.store.state;
    this.loop.newRuns();
    this.lessons.configured(state);
    this.exercise?.newRun();
    this.compare.layout(this.runs, state);
    // (a compact embed leads with its key panel among the panels instead: the card is below them)
    const focus = state.ui.compare === '1' || this.opts.compact ? null : this.panels[lesson(state.ui.preset)?.panel];
    this.stage.focus(focus ?? null);
    this.loop.evaluate();
  }

  // Repaints the readout, and with Redraw.PANELS every panel of the view that shows.
  #draw(level) {
    const runs = this.runs;
    const [a, b] = runs;
    if (!a?.info) return;
    const stats = { playing: this.store.state.playing, stepsPerSecond: this.loop.stepsPerSecond };
    if (level === Redraw.READOUT) {
      this.readout.render(runs, stats);
      return;
    }
    const t0 = performance.now();
    this.readout.render(runs, stats);
    if (this.store.state.ui.compare === '1' && b?.info) this.compare.draw(runs);
    else for (const p of Object.values(this.panels)) p.update(a, null);
    // visible in the browser's performance tools and to a PerformanceObserver; not kept in the
    // page's timeline, which has no limit on user timings and would grow a frame at a time
    performance.measure('gradlab:draw', { start: t0, end: performance.now() });
    performance.clearMeasures('gradlab:draw');
  }
}
