// The playground: owns the state (configuration, run B's knobs, the page's fields), the
// runs and their engines, the frame loop, and hands data to the panels. Panels and controls
// own their DOM; this module only wires them.
import { h, replace } from './dom.js';
import { getField, presets, validateField } from '../../src/common.js';
import { parseState, stateToHash, baseConfig, configB, SHARED_FIELDS } from './state.js';
import { Run } from './run.js';
import { Controls, LABELS } from './controls.js';
import { OutputPanel } from './panels/output.js';
import { NetworkPanel, fullDiagram } from './panels/network.js';
import { CurvesPanel } from './panels/curves.js';
import { GradFlowPanel } from './panels/gradflow.js';
import { HistogramsPanel } from './panels/histograms.js';
import { UnitsPanel } from './panels/units.js';
import { ActivationPanel } from './panels/activation.js';
import { EventsPanel } from './panels/events.js';
import { LessonCard } from './panels/lesson.js';
import { themeColors, watchWidth } from './charts/canvas.js';
import { lessonNames, checkpoint, lesson } from './lessons.js';
import { download, textBlob } from './export.js';
import { fmt, exact, pct, dataNum } from './format.js';

// The data sets live on [-D, D]²: the engine's kDomain (core/dataset.hpp: 6 × 0.6). The API
// does not export it, so the engine side reads it from the engine's own grid when it loads
// (runner.js, domain()); this is only the value used before that.
export const DOMAIN = 3.6;

export class Playground {
  /**
   * @param {HTMLElement} host the element that receives DOM events (the custom element)
   * @param {HTMLElement} root where the playground draws (inside the shadow root)
   * @param {object} opts readOptions() result plus {urlState: boolean, hash: string}
   */
  constructor(host, root, opts) {
    this.host = host;
    this.root = root;
    this.opts = opts;
    this.domain = DOMAIN;
    const parsed = parseState(opts.hash ?? '');
    this.warnings = [...opts.warnings, ...parsed.warnings];
    this.config = parsed.config;
    this.b = parsed.b;
    this.ui = parsed.ui;
    if (opts.preset && !parsed.ui.preset) {
      this.ui.preset = opts.preset;
      // attributes name the lesson; the config attribute (if any) holds changes to it
      const again = parseState(`preset=${opts.preset}&${(opts.hash ?? '').replace(/^#/, '')}`);
      this.config = again.config;
      this.b = again.b;
    }
    if (opts.lockPreset && opts.preset) this.ui.preset = opts.preset;
    if (opts.theme) this.ui.theme = opts.theme;
    this.replayTo = this.ui.step;
    this.ui.step = 0;
    this.playing = false;
    this.runs = [];
    this.frameId = 0;
    this.generation = 0;
    this.lastCheckpoint = '';
    this.budgetDone = false;
    this.stepsPerSecond = 0;
    this.#build();
  }

  // ---- DOM ---------------------------------------------------------------------------------

  #build() {
    const o = this.opts;
    const hidden = (name) => o.hide.has(name);
    this.tooltip = new Tooltip();
    this.lessonSelect = h('select', { id: 'gl-lesson-select', 'aria-label': 'Lesson', disabled: o.lockPreset, onchange: () => this.loadPreset(this.lessonSelect.value) },
      h('option', { value: '', text: 'Free play' }), ...lessonNames.map((n) => h('option', { value: n, text: presets[n].title })));
    this.compareButton = h('button', { type: 'button', class: 'gl-toggle', 'aria-pressed': 'false', text: 'A/B compare', title: 'Compare two runs side by side: same data and seed, one or more knobs changed', onclick: () => this.setCompare(this.ui.compare !== '1') });
    this.shareButton = h('button', { type: 'button', text: 'Share & export', onclick: () => this.openShare() });
    this.themeSelect = h('select', { 'aria-label': 'Colour theme', onchange: () => this.setUi({ theme: this.themeSelect.value }) },
      h('option', { value: 'auto', text: 'theme: auto' }), h('option', { value: 'light', text: 'light' }), h('option', { value: 'dark', text: 'dark' }));
    this.badge = h('span', { class: 'gl-badge', 'data-build': '', text: 'loading engine…' });
    this.header = h('header', { class: 'gl-header', hidden: hidden('header') },
      h('div', { class: 'gl-brand' }, h('span', { class: 'gl-logo', text: 'GradLab' }), h('span', { class: 'gl-tagline', text: 'watch gradients vanish and ReLUs die' })),
      h('div', { class: 'gl-header-tools' },
        hidden('lessons') ? null : h('label', { class: 'gl-inline' }, h('span', { class: 'gl-sr', text: 'Lesson' }), this.lessonSelect),
        hidden('compare') || o.lockPreset ? null : this.compareButton,
        hidden('share') ? null : this.shareButton,
        hidden('theme') ? null : this.themeSelect,
        this.badge));
    this.notices = h('div', { class: 'gl-notices', hidden: hidden('notices') });
    this.alert = h('div', { class: 'gl-alert', role: 'alert', hidden: true });
    const show = o.show;
    const locked = new Set(o.locked);
    if (o.lockPreset) for (const f of Object.keys(this.config)) if (!show || !(show.has(f) || show.has(getField(f)?.group))) locked.add(f);
    this.locked = locked;
    this.controls = new Controls(this, { show, locked });
    if (hidden('run')) this.controls.runBox.hidden = true;
    this.controlsBox = h('aside', { class: 'gl-side', hidden: hidden('controls'), 'aria-label': 'Settings' }, this.controls.el);
    this.lessonCard = new LessonCard(this);
    if (o.lockPreset) this.lessonCard.close.hidden = true;
    this.stats = h('div', { class: 'gl-stats', hidden: hidden('stats'), role: 'status', 'aria-live': 'off' });
    this.single = h('div', { class: 'gl-panels' });
    this.compare = h('div', { class: 'gl-compare', hidden: true });
    this.content = h('div', { class: 'gl-content' }, hidden('lesson') ? null : this.lessonCard.el, this.stats, this.single, this.compare);
    this.main = h('div', { class: 'gl-main' }, this.controlsBox, this.content);
    this.shareDialog = this.#buildShare();
    replace(this.root, this.header, this.alert, this.notices, this.main, this.shareDialog, this.tooltip.el);
    if (o.height) {
      this.root.classList.add('gl-fixed-height');
      this.host.style.height = `${o.height}px`;
    }
    // 'auto' follows the system theme, also when it changes while the page is open (the
    // canvases read their colours from the effective theme, so they must hear of it).
    this.systemDark = matchMedia('(prefers-color-scheme: dark)');
    this.onSystemTheme = () => this.ui.theme === 'auto' && this.applyTheme();
    this.systemDark.addEventListener('change', this.onSystemTheme);
    this.applyTheme();
    this.panels = this.#makePanels(this.single, '', ['output', 'network', 'curves', 'gradflow', 'units', 'histograms', 'activation']);
    this.events = new EventsPanel(this);
    if (!hidden('events')) {
      this.single.append(this.events.el);
      this.#watch(this.events);
    }
    if (Math.min(innerWidth, this.host.parentElement?.clientWidth || innerWidth) < 700) this.controls.collapse();
    this.#showWarnings(this.warnings);
  }

  #makePanels(container, tag, names) {
    const make = {
      output: () => new OutputPanel(this, { tag }),
      network: () => new NetworkPanel(this, { tag }),
      curves: () => new CurvesPanel(this, { tag }),
      gradflow: () => new GradFlowPanel(this, { tag }),
      units: () => new UnitsPanel(this, { tag }),
      histograms: () => new HistogramsPanel(this, { tag }),
      activation: () => new ActivationPanel(this, { tag }),
    };
    const out = {};
    for (const name of names) {
      if (this.opts.hide.has(name)) continue;
      const p = make[name]();
      if (tag) p.el.dataset.run = tag;
      out[name] = p;
      container.append(p.el);
      this.#watch(p);
    }
    return out;
  }

  #watch(panel) {
    panel.unwatch = watchWidth(panel.body, (w) => panel.resize?.(w));
  }

  #buildShare() {
    this.shareLink = h('input', { type: 'text', readOnly: true, class: 'gl-share-link', 'aria-label': 'Link to this run', onfocus: () => this.shareLink.select() });
    this.shareExact = h('p', { class: 'gl-share-exact' });
    this.copyStatus = h('span', { class: 'gl-copy-status', role: 'status' });
    this.exportButtons = h('div', { class: 'gl-export-buttons' });
    const close = h('button', { type: 'button', text: 'Close', onclick: () => this.shareDialog.close() });
    const d = h('dialog', { class: 'gl-dialog', 'aria-label': 'Share and export' },
      h('h2', { text: 'Share this run' }),
      h('p', { text: 'The link holds every setting and the step reached: opening it replays the run to this step, bit for bit.' }),
      h('div', { class: 'gl-share-row' }, this.shareLink, h('button', { type: 'button', text: 'Copy', onclick: () => this.copyLink() }), this.copyStatus),
      this.shareExact,
      h('h2', { text: 'Export' }),
      this.exportButtons,
      h('p', { class: 'gl-legend', text: 'Each panel also has a PNG button in its corner.' }),
      h('div', { class: 'gl-dialog-actions' }, close));
    return d;
  }

  // ---- lifecycle -------------------------------------------------------------------------

  /** Starts the engine(s) and the first configuration. */
  async start() {
    this.alive = true;
    this.loop = () => this.#tick();
    try {
      await this.#startRuns();
    } catch (e) {
      this.#fatal(`The engine could not start: ${e.message}`);
      return;
    }
    this.#emit('ready', { build: this.runs[0].build, mode: this.runs[0].mode });
    if (this.opts.autoplay && !this.replayTo) this.setPlaying(true);
    this.#schedule();
  }

  async #startRuns() {
    const want = this.ui.compare === '1' ? 2 : 1;
    const gen = ++this.generation;
    for (const r of this.runs) r.dispose();
    this.runs = [];
    for (let i = 0; i < want; i++) {
      const run = new Run(i === 0 ? 'A' : 'B', { onCrash: (r, reason) => this.#onCrash(r, reason) });
      this.runs.push(run);
    }
    await Promise.all(this.runs.map((r) => r.start()));
    if (gen !== this.generation) return;
    const r0 = this.runs[0];
    if (Number.isFinite(r0.domain) && r0.domain > 0) this.domain = r0.domain;
    this.badge.textContent = `${r0.build === 'simd' ? 'WebAssembly SIMD' : 'WebAssembly (scalar)'} · ${r0.mode === 'worker' ? 'Web Worker' : 'page thread'}`;
    this.badge.dataset.build = r0.build;
    this.badge.dataset.mode = r0.mode;
    this.badge.title = r0.mode === 'worker' ? 'The engine trains in a Web Worker; this page only draws.' : `No Web Worker could be started here (${r0.host.fallbackReason || 'refused'}), so training shares the page's thread.`;
    await this.#configureAll();
  }

  async #configureAll() {
    const base = baseConfig(this.ui.preset);
    const [a, b] = this.runs;
    const warnings = await a.configure(this.config, base);
    this.config = a.config;
    if (b) {
      const wb = await b.configure(configB(this.config, this.b), this.config);
      for (const w of wb) warnings.push({ ...w, message: `B: ${w.message}` });
      // B's knobs are what the engine accepted
      for (const k of Object.keys(this.b)) this.b[k] = b.config[k];
    }
    this.#showWarnings(warnings);
    const slow = Math.max(...this.runs.map((r) => r.evalMs()));
    if (slow > 2000) {
      this.#notice('large', `This network is large (${this.runs[0].info.paramCount.toLocaleString('en')} parameters, ${this.runs[0].info.train + this.runs[0].info.test} points): each evaluation of its instruments may take ${Math.round(slow / 1000)} s or more, so the panels update less often than the network trains.`);
    } else this.#notice('large', '');
    for (const run of this.runs) this.#log([{ step: 0, level: 'info', run: this.runs.length > 1 ? run.key : '', text: `New run: ${describe(run)}.` }]);
    this.lastCheckpoint = '';
    this.budgetDone = false;
    this.#afterConfig();
    this.needDiag = true;
    this.#schedule();
  }

  #afterConfig() {
    this.controls.set(this.config, this.ui, this.playing);
    this.lessonSelect.value = this.ui.preset;
    this.lessonCard.show(this.ui.preset);
    this.lessonCard.update(0, this.config);
    this.compareButton.setAttribute('aria-pressed', this.ui.compare === '1' ? 'true' : 'false');
    this.#layoutCompare();
    this.#writeUrl();
  }

  dispose() {
    this.alive = false;
    this.systemDark.removeEventListener('change', this.onSystemTheme);
    cancelAnimationFrame(this.raf);
    for (const r of this.runs) r.dispose();
    for (const p of this.#allPanels()) p.unwatch?.();
    this.events.unwatch?.();
  }

  // ---- state changes -------------------------------------------------------------------------

  /** Changes one configuration field (from a control). */
  setField(name, value) {
    return this.setFields({ [name]: value });
  }

  async setFields(changes) {
    const names = Object.keys(changes).filter((n) => !this.locked.has(n));
    if (!names.length) return;
    const allLive = names.every((n) => getField(n)?.live);
    for (const n of names) this.config[n] = changes[n];
    if (allLive && this.runs.every((r) => r.alive && r.info)) {
      try {
        for (const n of names) {
          await this.runs[0].live(n, changes[n]);
          if (this.runs[1] && this.b[n] === undefined) await this.runs[1].live(n, changes[n]);
          this.#log([{ step: this.runs[0].step, level: 'info', text: `${LABELS[n] ?? n} set to ${changes[n]} at step ${this.runs[0].step}.` }]);
        }
        this.config = this.runs[0].config;
      } catch (e) {
        this.#showWarnings([{ field: names[0], value: '', message: e.message }]);
      }
      this.controls.set(this.config, this.ui, this.playing);
      this.lessonCard.update(this.runs[0].step, this.config);
      this.#writeUrl();
      return;
    }
    await this.#reconfigure();
  }

  async #reconfigure() {
    if (!this.runs.every((r) => r.alive)) return;
    this.replayTo = 0;
    try {
      await this.#configureAll();
    } catch (e) {
      this.#showWarnings([{ field: 'config', value: '', message: e.message }]);
    }
  }

  /** The page's own fields (speed, edges, heat, hist, theme). */
  setUi(changes) {
    Object.assign(this.ui, changes);
    if ('theme' in changes) this.applyTheme();
    this.controls.set(this.config, this.ui, this.playing);
    this.#writeUrl();
    this.needDraw = true;
    if ('edges' in changes) this.needDiag = true;
    this.#schedule();
  }

  /** Loads a lesson ('' = free play with the defaults). */
  async loadPreset(name) {
    if (this.opts.lockPreset && name !== this.opts.preset) return;
    if (name && !presets[name]) return;
    this.ui.preset = name;
    this.config = baseConfig(name);
    this.b = {};
    this.setPlaying(false);
    this.events.clear();
    if (name) this.#log([{ step: 0, level: 'info', text: `Lesson: ${presets[name].title}.` }]);
    await this.#reconfigure();
  }

  async setCompare(on) {
    this.ui.compare = on ? '1' : '0';
    if (on && Object.keys(this.b).length === 0) this.b = suggestKnob(this.config);
    this.setPlaying(false);
    try {
      await this.#startRuns();
    } catch (e) {
      this.#fatal(`The engine could not start: ${e.message}`);
    }
  }

  /** Changes one of B's knobs (undefined removes it). */
  async setKnob(name, value) {
    if (value === undefined) delete this.b[name];
    else this.b[name] = value;
    await this.#reconfigure();
  }

  applyTheme() {
    this.root.dataset.theme = this.ui.theme;
    this.themeSelect.value = this.ui.theme;
    // The effective theme drives the stylesheet, and is set on the element itself for the host
    // page's own CSS.
    const dark = this.ui.theme === 'dark' || (this.ui.theme === 'auto' && this.systemDark.matches);
    this.root.dataset.effectiveTheme = dark ? 'dark' : 'light';
    this.host.dataset.glTheme = dark ? 'dark' : 'light';
    this._colors = null;
    this.needDraw = true;
  }

  colors() {
    this._colors ??= themeColors(this.root);
    return this._colors;
  }

  // ---- running -------------------------------------------------------------------------------

  togglePlay() {
    this.setPlaying(!this.playing);
  }

  setPlaying(on) {
    if (on && this.runs[0]?.diverged && this.runs.every((r) => r.diverged)) {
      this.#log([{ step: this.runs[0].step, level: 'info', text: 'The run has diverged: press Reset or change a setting to start again.' }]);
      on = false;
    }
    if (this.playing && !on) this.needDiag = true;
    this.playing = on;
    this.controls.setPlaying(on);
    this.#schedule();
  }

  async stepOnce(steps) {
    this.setPlaying(false);
    this.pendingSteps = steps;
    this.#schedule();
  }

  async reset() {
    this.setPlaying(false);
    if (!this.runs.every((r) => r.alive)) return;
    await Promise.all(this.runs.map((r) => r.rewind()));
    this.lastCheckpoint = '';
    this.budgetDone = false;
    this.replayTo = 0;
    this.#log([{ step: 0, level: 'info', text: 'Reset to the initial weights (same seed).' }]);
    this.needDiag = true;
    this.#schedule();
  }

  #schedule() {
    if (!this.alive || this.raf) return;
    this.raf = requestAnimationFrame(() => {
      this.raf = 0;
      this.#tick();
    });
  }

  #want(run) {
    const info = run.info;
    const net = this.panels.network || this.comparePanels?.[run.key]?.network;
    const full = info && fullDiagram(info) && !!net;
    const units = info ? info.layers.reduce((a, l) => a + l.units * (l.inputs + 1), 0) : 0;
    const heavy = units > 20000;
    return {
      grid: info?.gridDims ? (info.gridDims === 1 ? 200 : heavy ? 40 : 64) : 0,
      neurons: full && info.gridDims ? (info.gridDims === 1 ? 40 : 16) : 0,
      weights: full,
    };
  }

  #tick() {
    if (!this.alive) return;
    if (this.needDraw) this.#draw();
    const runs = this.runs;
    if (!runs.length || runs.some((r) => r.pending || !r.info || !r.alive)) return;
    // Runs train towards a common target step, so A and B stay in step even when a frame
    // is cut short (the engine trains for at most ~250 ms per frame).
    const a = runs[0];
    const base = Math.min(...runs.map((r) => (r.diverged ? Infinity : r.step)).filter(Number.isFinite), a.step);
    let target = base;
    let epoch = false;
    let diag = 'none';
    if (this.needDiag && runs.some((r) => !r.metrics)) {
      diag = 'force';  // a new run is evaluated at step 0 before anything else
    } else if (this.replayTo > a.step && !a.diverged) {
      target = Math.min(this.replayTo, base + (this.replayChunk ??= 200));
      diag = target >= this.replayTo ? 'force' : 'none';
      this.#progress(`Replaying the link: step ${a.step} of ${this.replayTo}…`);
    } else if (this.pendingSteps) {
      if (this.pendingSteps === 'epoch') epoch = true;
      else target = base + this.pendingSteps;
      this.pendingSteps = 0;
      diag = 'force';
    } else if (this.playing) {
      target = base + Number(this.ui.speed);
      const budget = this.ui.preset && !this.budgetDone ? lesson(this.ui.preset).steps : 0;
      if (budget && base < budget) target = Math.min(target, budget);
      diag = 'auto';
    } else if (this.needDiag) {
      diag = 'force';
    } else return;
    const stepsFor = (r) => (epoch ? 'epoch' : Math.max(0, target - r.step));
    this.needDiag = false;
    const gen = this.generation;
    const t0 = performance.now();
    Promise.all(runs.map((r) => r.frame(stepsFor(r), diag, this.#want(r))))
      .then((results) => {
        if (gen !== this.generation || !this.alive) return;
        this.#afterFrame(results, performance.now() - t0);
      })
      .catch((e) => {
        if (gen !== this.generation) return;
        if (runs.some((r) => !r.alive)) return;  // the crash handler speaks
        this.setPlaying(false);
        this.#showWarnings([{ field: 'engine', value: '', message: e.message }]);
      })
      .finally(() => this.#schedule());
  }

  #afterFrame(results, ms) {
    const a = this.runs[0];
    if (this.replayTo) {
      if (a.step >= this.replayTo || a.diverged) {
        this.replayTo = 0;
        this.#progress('');
        this.#log([{ step: a.step, level: 'info', text: `Replayed the link to step ${a.step}.` }]);
      } else if (a.stepMs > 0) {
        this.replayChunk = Math.max(1, Math.min(50000, Math.round((this.replayChunk * 25) / Math.max(1, a.stepMs))));
      }
    }
    const done = results[0].done;
    if (done > 0 && ms > 0) this.stepsPerSecond = 0.8 * this.stepsPerSecond + 0.2 * ((done * 1000) / ms);
    results.forEach((r, i) => {
      const run = this.runs[i];
      const tag = this.runs.length > 1 ? run.key : '';
      if (r.events.length) this.#log(r.events.map((e) => ({ ...e, run: tag })));
      if (r.divergedNow) {
        this.#emit('diverged', { run: run.key, ...run.diverged });
        if (this.playing) this.setPlaying(false);
      }
      if (r.diag) {
        const m = run.metrics;
        this.#emit('step', { run: run.key, step: run.step, epoch: run.epoch, trainLoss: m.trainLoss, testLoss: m.testLoss, trainAccuracy: m.trainAccuracy, testAccuracy: m.testAccuracy });
      }
    });
    // the lesson: its checkpoint and its step budget
    if (this.ui.preset && a.metrics) {
      const text = !this.lastCheckpoint && checkpoint(this.ui.preset, a.metrics);
      if (text) {
        this.lastCheckpoint = text;
        this.#log([{ step: a.step, level: 'good', text: `Lesson checkpoint: ${text}.` }]);
        this.#emit('checkpoint', { lesson: this.ui.preset, kind: 'seen', step: a.step, text });
      }
      this.lessonCard.update(a.step, this.config, text || undefined);
      const budget = lesson(this.ui.preset).steps;
      if (!this.budgetDone && a.step >= budget) {
        this.budgetDone = true;
        if (this.playing) this.setPlaying(false);
        this.lessonCard.budgetDone(a.step, !!this.lastCheckpoint, this.config);
        this.#log([{ step: a.step, level: 'info', text: `The lesson's budget of ${budget} steps is done; press play to keep going.` }]);
        this.#emit('checkpoint', { lesson: this.ui.preset, kind: 'budget', step: a.step, text: `${budget} steps done` });
      }
    }
    // The panels draw what an evaluation measured; a frame without one changes only the
    // readout (step, epoch), so only the readout is redrawn.
    const fresh = results.some((r) => r.diag || r.divergedNow);
    this.needDraw = fresh || this.needDraw === true ? true : 'stats';
  }

  // ---- drawing -----------------------------------------------------------------------------

  *#allPanels() {
    yield* Object.values(this.panels);
    for (const side of Object.values(this.comparePanels ?? {})) yield* Object.values(side);
  }

  #draw() {
    const statsOnly = this.needDraw === 'stats';
    this.needDraw = false;
    const [a, b] = this.runs;
    if (!a?.info) return;
    if (statsOnly) {
      this.#drawStats();
      return;
    }
    const t0 = performance.now();
    this.#drawPanels(a, b);
    // visible in the browser's performance tools, and to the tests
    performance.measure('gradlab:draw', { start: t0, end: performance.now() });
  }

  #drawPanels(a, b) {
    this.#drawStats();
    if (this.ui.compare === '1' && b?.info) {
      const shared = sharedScales(this.runs);
      for (const run of this.runs) for (const p of Object.values(this.comparePanels[run.key] ?? {})) p.update(run, shared);
    } else {
      for (const p of Object.values(this.panels)) p.update(a, null);
    }
  }

  // The readout: built once per set of runs, then only its texts change.
  #drawStats() {
    const key = this.runs.map((r) => `${r.key}:${r.info.classification}`).join(',');
    if (key !== this.statsKey) {
      this.statsKey = key;
      this.statCells = this.runs.map((run) => {
        const cell = (label, name) => {
          const value = h('span', { class: 'gl-stat-value' });
          const el = h('div', { class: 'gl-stat', 'data-stat': name }, h('span', { class: 'gl-stat-label', text: label }), value);
          return { el, value };
        };
        const c = {
          step: cell('step', 'step'), epoch: cell('epoch', 'epoch'), train: cell('training loss', 'trainLoss'),
          test: cell('test loss', 'testLoss'), acc: run.info.classification ? cell('accuracy', 'accuracy') : null,
          diverged: h('div', { class: 'gl-stat gl-bad', 'data-stat': 'diverged', hidden: true }),
        };
        c.row = h('div', { class: 'gl-stat-row', 'data-run': run.key },
          this.runs.length > 1 ? h('strong', { class: 'gl-run-tag', text: run.key }) : null,
          c.step.el, c.epoch.el, c.train.el, c.test.el, c.acc?.el, c.diverged);
        return c;
      });
      this.speedStat = h('div', { class: 'gl-stat gl-muted' });
      replace(this.stats, ...this.statCells.map((c) => c.row), this.speedStat);
    }
    this.runs.forEach((run, i) => {
      const c = this.statCells[i];
      const m = run.metrics;
      const evaluated = m?.evaluatedStep ?? null;
      c.step.el.dataset.value = String(run.step);
      c.step.value.textContent = String(run.step);
      c.epoch.value.textContent = String(run.epoch);
      const v = c.train.value;
      v.dataset.exact = dataNum(m?.trainLoss);
      v.dataset.step = String(evaluated ?? '');
      v.title = m ? `exact: ${exact(m.trainLoss)} (evaluated at step ${evaluated})` : '';
      v.textContent = fmt(m?.trainLoss, 4);
      c.test.value.textContent = fmt(m?.testLoss, 4);
      if (c.acc) c.acc.value.textContent = `${pct(m?.trainAccuracy ?? NaN)} / ${pct(m?.testAccuracy ?? NaN)}`;
      c.diverged.hidden = !run.diverged;
      c.diverged.textContent = run.diverged ? `diverged at step ${run.diverged.step}` : '';
    });
    this.speedStat.textContent = `${this.playing ? Math.round(this.stepsPerSecond) : 0} steps/s`;
  }

  #layoutCompare() {
    const on = this.ui.compare === '1' && this.runs.length > 1;
    this.single.hidden = on;
    this.compare.hidden = !on;
    for (const side of Object.values(this.comparePanels ?? {})) for (const p of Object.values(side)) p.unwatch?.();
    this.comparePanels = {};
    if (!on) {
      this.compare.replaceChildren();
      return;
    }
    const names = ['output', 'curves', 'gradflow', 'units', 'network'];
    const cols = {};
    for (const run of this.runs) {
      const col = h('div', { class: 'gl-compare-col', 'data-run': run.key });
      cols[run.key] = col;
      this.comparePanels[run.key] = this.#makePanels(col, run.key, names);
    }
    // rows: A's panel next to B's, so the same chart sits at the same height
    const grid = h('div', { class: 'gl-compare-grid' });
    for (const name of names) {
      const pa = this.comparePanels.A[name];
      const pb = this.comparePanels.B[name];
      if (pa && pb) grid.append(pa.el, pb.el);
    }
    replace(this.compare, this.#buildKnobs(), grid);
  }

  #buildKnobs() {
    const rows = Object.entries(this.b).map(([name, value]) => {
      const f = getField(name);
      let input;
      if (f.kind === 'enum') {
        input = h('select', { 'aria-label': `B: ${LABELS[name] ?? name}`, onchange: () => this.setKnob(name, input.value) }, ...f.values.filter((v) => v !== 'custom').map((v) => h('option', { value: v, text: v })));
        input.value = value;
      } else if (f.kind === 'number' || f.kind === 'integer') {
        input = h('input', { type: 'number', class: 'gl-num', min: f.min, max: f.max, step: f.kind === 'integer' ? 1 : 'any', value: String(value), 'aria-label': `B: ${LABELS[name] ?? name}` });
        input.addEventListener('change', () => {
          try {
            this.setKnob(name, validateField(name, Number(input.value)));
          } catch (e) {
            this.#showWarnings([{ field: name, value: input.value, message: e.message }]);
          }
        });
      } else {
        input = h('input', { type: 'text', class: 'gl-text', value: Array.isArray(value) ? value.join(',') : String(value), 'aria-label': `B: ${LABELS[name] ?? name}` });
        input.addEventListener('change', () => {
          try {
            const list = input.value.split(',').map((s) => s.trim()).filter(Boolean).map((s) => (f.kind === 'int_list' ? Number(s) : s));
            this.setKnob(name, validateField(name, list));
          } catch (e) {
            this.#showWarnings([{ field: name, value: input.value, message: e.message }]);
          }
        });
      }
      return h('li', { class: 'gl-knob', 'data-knob': name },
        h('span', { class: 'gl-knob-name', text: `${LABELS[name] ?? name}: A = ${fmtValue(this.config[name])} → B =` }), input,
        h('button', { type: 'button', text: '×', 'aria-label': `Remove the knob ${LABELS[name] ?? name}`, onclick: () => this.setKnob(name, undefined) }));
    });
    const candidates = Object.keys(this.config).filter((k) => !SHARED_FIELDS.has(k) && !(k in this.b) && k !== 'layerActivations');
    const add = h('select', { 'aria-label': 'Add a knob that B changes', onchange: () => {
      const name = add.value;
      if (name) this.setKnob(name, differentValue(name, this.config[name]));
    } }, h('option', { value: '', text: 'Change another knob for B…' }), ...candidates.map((k) => h('option', { value: k, text: LABELS[k] ?? k })));
    return h('div', { class: 'gl-knobs' },
      h('p', { class: 'gl-knobs-title', text: 'A and B: same data, same seed. B changes:' }),
      h('ul', { class: 'gl-knob-list' }, rows), add);
  }

  // ---- notices, crashes, share ---------------------------------------------------------------

  #showWarnings(warnings) {
    if (!warnings?.length) return;
    const items = warnings.slice(0, 12).map((w) => h('li', { text: w.message }));
    if (warnings.length > 12) items.push(h('li', { text: `… and ${warnings.length - 12} more.` }));
    const box = h('div', { class: 'gl-notice', role: 'status', 'data-notice': 'settings' },
      h('p', { text: 'Some settings could not be used and were replaced by defaults:' }),
      h('ul', {}, items),
      h('button', { type: 'button', class: 'gl-dismiss', text: 'Dismiss', onclick: () => box.remove() }));
    this.notices.append(box);
  }

  #progress(text) {
    this.#notice('progress', text);
  }

  #notice(kind, text) {
    let p = this.notices.querySelector(`[data-notice=${kind}]`);
    if (!text) {
      p?.remove();
      return;
    }
    if (!p) {
      p = h('div', { class: 'gl-notice', role: 'status', 'data-notice': kind });
      this.notices.append(p);
    }
    p.textContent = text;
  }

  #onCrash(run, reason) {
    if (!this.alive || !this.runs.includes(run)) return;
    this.setPlaying(false);
    const restart = h('button', { type: 'button', class: 'gl-restart', text: 'Restart the engine', onclick: () => this.restart() });
    replace(this.alert,
      h('p', {}, h('strong', { text: 'The training engine stopped. ' }), `${reason}. Your settings are kept; restarting begins again from step 0 with the same configuration.`),
      restart);
    this.alert.hidden = false;
    this.alert.dataset.state = 'crashed';
    this.#log([{ step: run.step, level: 'error', text: `The engine stopped: ${reason}.` }]);
    this.#emit('crash', { reason });
  }

  async restart() {
    this.alert.hidden = true;
    this.alert.dataset.state = '';
    try {
      await this.#startRuns();
      this.#log([{ step: 0, level: 'info', text: 'The engine restarted with the same settings.' }]);
    } catch (e) {
      this.#fatal(`The engine could not restart: ${e.message}`);
    }
  }

  #fatal(text) {
    replace(this.alert, h('p', { text }), h('button', { type: 'button', text: 'Try again', onclick: () => this.restart() }));
    this.alert.hidden = false;
    this.alert.dataset.state = 'crashed';
  }

  #log(events) {
    this.events.add(events);
  }

  #emit(type, detail) {
    this.host.dispatchEvent(new CustomEvent(`gradlab-${type}`, { detail, bubbles: true, composed: true }));
  }

  /** The state's hash (without the step). */
  hash() {
    return stateToHash({ config: this.config, b: this.b, ui: this.ui });
  }

  #writeUrl() {
    this.host.dataset.hash = this.hash();
    if (!this.opts.urlState) return;
    const next = this.hash();
    if (location.hash === next || (next === '#' && !location.hash)) return;
    this.ownHash = next;
    try {
      history.replaceState(null, '', next === '#' ? location.pathname + location.search : next);
    } catch {
      // some sandboxes refuse it; the share dialog still has the link
    }
  }

  /** The hash changed (back button, a pasted link): apply it. */
  async applyHash(hash) {
    if (hash === this.ownHash) return;
    const p = parseState(hash);
    this.#showWarnings(p.warnings);
    const compareChanged = p.ui.compare !== this.ui.compare;
    this.config = p.config;
    this.b = p.b;
    this.replayTo = p.ui.step;
    this.ui = { ...p.ui, step: 0 };
    this.applyTheme();
    this.setPlaying(false);
    if (compareChanged) await this.#startRuns();
    else await this.#reconfigure();
    this.replayTo = p.ui.step;
    this.#schedule();
  }

  /** A link to the full playground with this state and the step reached. */
  shareUrl() {
    const a = this.runs[0];
    const hash = stateToHash({ config: this.config, b: this.b, ui: { ...this.ui, step: a?.step ?? 0 } });
    const page = this.opts.urlState ? new URL(location.href) : new URL('./index.html', this.opts.base);
    page.hash = hash.slice(1);
    return page.href;
  }

  /** Pauses and evaluates every run at the step it has reached. */
  async settle() {
    this.setPlaying(false);
    while (this.runs.some((r) => r.pending)) await new Promise((r) => setTimeout(r, 10));
    if (!this.runs.every((r) => r.alive && r.info)) return;
    const gen = this.generation;
    const results = await Promise.all(this.runs.map((r) => r.frame(0, 'force', this.#want(r))));
    if (gen === this.generation) this.#afterFrame(results, 0);
    this.needDiag = false;
    this.#schedule();
  }

  async openShare() {
    try {
      await this.settle();
    } catch {
      // a crashed engine: share what we have
    }
    const a = this.runs[0];
    this.shareLink.value = this.shareUrl();
    const m = a?.metrics;
    this.shareExact.textContent = m ? `At step ${a.step} the training loss is ${exact(m.trainLoss)} (exact value; the link reproduces it).` : '';
    this.shareExact.dataset.exact = dataNum(m?.trainLoss);
    this.shareExact.dataset.step = String(a?.step ?? 0);
    const buttons = [];
    for (const run of this.runs) {
      const tag = this.runs.length > 1 ? ` (${run.key})` : '';
      const suffix = this.runs.length > 1 ? `-${run.key}` : '';
      buttons.push(
        h('button', { type: 'button', text: `Metrics history CSV${tag}`, onclick: () => download(`gradlab-metrics${suffix}.csv`, textBlob(run.history.toCSV(), 'text/csv')) }),
        h('button', { type: 'button', text: `Metrics history JSON${tag}`, onclick: () => download(`gradlab-metrics${suffix}.json`, textBlob(JSON.stringify({ format: 'gradlab-metrics', build: run.build, config: run.config, samples: run.history.toJSON() }, null, 1), 'application/json')) }),
        h('button', { type: 'button', text: `Weights + config JSON${tag}`, onclick: async () => download(`gradlab-weights${suffix}.json`, textBlob(await run.exportJSON('weights'), 'application/json')) }));
    }
    replace(this.exportButtons, buttons);
    this.copyStatus.textContent = '';
    if (!this.shareDialog.open) this.shareDialog.showModal();
  }

  async copyLink() {
    this.shareLink.select();
    try {
      await navigator.clipboard.writeText(this.shareLink.value);
      this.copyStatus.textContent = 'Copied.';
    } catch {
      this.copyStatus.textContent = 'Select the link and copy it (Ctrl+C / ⌘C).';
    }
  }

  // ---- commands from an embedding page (postMessage) -----------------------------------------

  /** A command already checked by the embed bridge: play, pause, step, reset, load, set. */
  command(cmd) {
    switch (cmd.command) {
      case 'play': return this.setPlaying(true);
      case 'pause': return this.setPlaying(false);
      case 'step': return this.stepOnce(cmd.steps ?? 1);
      case 'reset': return this.reset();
      case 'load': return this.loadPreset(cmd.preset);
      case 'set': return this.setField(cmd.field, cmd.value);
      default: return undefined;
    }
  }
}

class Tooltip {
  constructor() {
    this.el = h('div', { class: 'gl-tooltip', role: 'tooltip', hidden: true });
  }

  show(x, y, lines) {
    replace(this.el, ...lines.map((l) => h('div', { text: l })));
    this.el.hidden = false;
    const w = this.el.offsetWidth;
    const left = Math.min(x + 14, window.innerWidth - w - 8);
    this.el.style.left = `${Math.max(4, left)}px`;
    this.el.style.top = `${y + 14}px`;
  }

  hide() {
    this.el.hidden = true;
  }
}

/** One line about a run's setup, for the log. */
function describe(run) {
  const c = run.config;
  const hidden = c.hidden.length ? `${c.hidden.length} hidden layer${c.hidden.length > 1 ? 's' : ''} (${c.hidden.join('-')}) of ${c.layerActivations.length ? 'mixed activations' : c.activation}` : 'no hidden layer';
  return `${c.dataset} data (${run.info.train} training / ${run.info.test} test points), ${hidden}, ${c.init} init, ${c.optimizer} at learning rate ${c.learningRate}, batch ${c.batchSize}`;
}

function fmtValue(v) {
  return Array.isArray(v) ? `[${v.join(',')}]` : String(v);
}

/** A first knob for B that teaches something: the rectifier that cannot die, or ReLU. */
function suggestKnob(config) {
  return config.activation === 'relu' ? { activation: 'leaky_relu' } : { activation: 'relu' };
}

function differentValue(name, current) {
  const f = getField(name);
  if (f.kind === 'enum') return f.values.find((v) => v !== current && v !== 'custom' && v !== 'auto') ?? current;
  if (f.kind === 'int_list') return current.length ? current.map((w) => Math.min(256, w * 2)) : [8];
  if (f.kind === 'number' || f.kind === 'integer') {
    let v = current === 0 ? (f.max >= 1 ? 1 : f.max) : current * 10 <= f.max ? current * 10 : current / 10;
    if (f.kind === 'integer') v = Math.max(f.min, Math.min(f.max, Math.round(v) || f.min));
    return v;
  }
  return current;
}

/** Scales both runs' charts share in the A/B view. */
function sharedScales(runs) {
  const steps = runs.flatMap((r) => r.history.steps());
  return {
    loss: runs.flatMap((r) => CurvesPanel.extent(r)),
    grad: runs.flatMap((r) => GradFlowPanel.extent(r)),
    steps: { lo: Math.min(0, ...steps), hi: Math.max(1, ...steps) },
  };
}
