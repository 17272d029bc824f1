// The Experiments view: many runs at once, on the sweep workers, drawn as they arrive. It owns
// its DOM and gets a narrow context (like the panels), never the playground:
//   colors(), tooltip                      as the panels have them
//   state()                                the store's state: {config, experiment, ui}
//   setExperiment(changes), setFields(changes), loadLesson(name), loadExample(name)   named changes
//   openRun(config, step)                  opens one run in the playground (its link)
//   warnings(list), emit(type, detail)     notices; events on the element
//   runner                                 the SweepRunner (runner.js): the only thing that computes
// The main thread only draws: every run trains in a sweep worker; the results stream in and
// each chart redraws at most once per animation frame.
import { h, replace } from '../dom.js';
import { sweepToCSV, sweepToJSON } from '../../../src/common.js';
import { download, textBlob } from '../export.js';
import { plural } from '../format.js';
import { KINDS, KIND_LABELS, canonicalSpec, defaultExperiment } from './kinds.js';
import { SweepData } from './data.js';
import { RaceInstrument } from './race.js';
import { MapInstrument } from './map.js';
import { PhaseInstrument } from './phase.js';
import { buildSettings } from './settings.js';
import { defaultWorkers, maxWorkers } from './runner.js';
import { experimentLessons, experimentLessonNames } from './lessons.js';
import { ExperimentLessonCard } from './lesson-card.js';
import { EXAMPLES, exampleNames } from './examples.js';

const INSTRUMENTS = { race: RaceInstrument, map: MapInstrument, phase: PhaseInstrument };

const seconds = (s) => (s === null || s === undefined ? '…' : s < 10 ? `${s.toFixed(1)} s` : s < 120 ? `${Math.round(s)} s` : `${Math.round(s / 60)} min`);

export class ExperimentsView {
  constructor(ctx) {
    this.ctx = ctx;
    this.kind = null;
    this.instrument = null;
    this.data = null;
    this.result = null;
    this.ranWith = '';   // the spec of the chart on screen, to tell when the settings moved on
    this.frame = 0;
    this.workers = defaultWorkers();

    this.tabs = h('div', { class: 'gl-x-tabs', role: 'tablist', 'aria-label': 'Instrument' },
      ...KINDS.map((k) => h('button', { type: 'button', role: 'tab', 'data-kind': k, text: KIND_LABELS[k], onclick: () => this.#switchKind(k) })));
    this.lessonSelect = h('select', { 'aria-label': 'Experiment lesson', onchange: () => ctx.loadLesson(this.lessonSelect.value) },
      h('option', { value: '', text: 'Experiment lessons…' }), ...experimentLessonNames.map((n) => h('option', { value: n, text: experimentLessons[n].title })));
    this.exampleSelect = h('select', { 'aria-label': 'Example experiment', onchange: () => {
      if (this.exampleSelect.value) ctx.loadExample(this.exampleSelect.value);
      this.exampleSelect.value = '';
    } }, h('option', { value: '', text: 'Examples…' }), ...exampleNames.map((n) => h('option', { value: n, text: `${KIND_LABELS[EXAMPLES[n].experiment.kind]}: ${EXAMPLES[n].title}` })));
    this.settings = h('div', { class: 'gl-x-settings' });
    this.runButton = h('button', { type: 'button', class: 'gl-x-run', text: 'Run experiment', onclick: () => this.run() });
    this.cancelButton = h('button', { type: 'button', class: 'gl-x-cancel', text: 'Cancel', disabled: true, onclick: () => ctx.runner.cancel() });
    this.workersInput = h('input', { type: 'number', min: 1, max: maxWorkers(), step: 1, value: this.workers, 'aria-label': 'Workers', name: 'workers' });
    this.workersInput.addEventListener('change', () => {
      const v = Number(this.workersInput.value);
      if (Number.isInteger(v) && v >= 1 && v <= maxWorkers()) this.workers = v;
      else this.workersInput.value = this.workers;
    });
    this.progressBar = h('progress', { max: 1, value: 0, 'aria-label': 'Cells done' });
    this.status = h('span', { class: 'gl-x-status', role: 'status', 'aria-live': 'polite' });
    this.csvButton = h('button', { type: 'button', text: 'CSV', title: 'The table, one line per cell (median, min, max over seeds)', disabled: true, onclick: () => this.#export('csv') });
    this.jsonButton = h('button', { type: 'button', text: 'JSON', title: 'The whole sweep result: every run and every cell', disabled: true, onclick: () => this.#export('json') });
    this.runBar = h('div', { class: 'gl-x-runbar' }, this.runButton, this.cancelButton,
      h('label', { class: 'gl-x-field gl-x-workers' }, h('span', { text: 'workers' }), this.workersInput),
      this.progressBar, this.status, h('span', { class: 'gl-x-export' }, h('span', { text: 'export:' }), this.csvButton, this.jsonButton));
    this.stage = h('div', { class: 'gl-x-stage' });
    this.card = new ExperimentLessonCard({ close: () => ctx.loadLesson('') });
    this.el = h('section', { class: 'gl-experiments', 'aria-label': 'Experiments', 'data-view': 'experiments', hidden: true },
      h('div', { class: 'gl-x-head' }, this.tabs, h('div', { class: 'gl-x-menus' }, this.exampleSelect, this.lessonSelect)),
      this.card.el, this.settings, this.runBar, this.stage);
  }

  /** The store changed: show its experiment (a new instrument when the kind changed). */
  show(state) {
    const exp = state.experiment;
    if (exp.kind !== this.kind) this.#mount(exp.kind);
    for (const b of this.tabs.children) b.setAttribute('aria-selected', String(b.dataset.kind === exp.kind));
    this.lessonSelect.value = exp.lesson;
    this.card.show(exp.lesson, this.result && !this.#stale() ? this.lessonCheck : null);
    this.form.update();
    this.#markStale();
  }

  #mount(kind) {
    this.kind = kind;
    this.instrument?.dispose();
    this.instrument = new INSTRUMENTS[kind]({
      colors: this.ctx.colors, tooltip: this.ctx.tooltip, openRun: this.ctx.openRun,
      criticalLine: (config, sigmaB2) => this.ctx.runner.criticalLine(config, sigmaB2),
    });
    this.data = null;
    this.result = null;
    this.ranWith = '';
    replace(this.stage, h('p', { class: 'gl-x-empty', text: 'Press “Run experiment”: every cell is a full training run on the sweep workers, drawn as it finishes.' }), this.instrument.el);
    this.form = buildSettings(this.settings, kind, {
      experiment: () => this.ctx.state().experiment,
      config: () => this.ctx.state().config,
      set: (changes) => this.ctx.setExperiment(changes),
      setFields: (changes) => this.ctx.setFields(changes),
    });
    this.#exportable(false);
    this.el.dataset.kind = kind;
  }

  #switchKind(kind) {
    if (this.ctx.runner.running) this.ctx.runner.cancel();
    if (kind !== this.ctx.state().experiment.kind) this.ctx.setExperiment(defaultExperiment(kind));
  }

  #specKey() {
    const { experiment, config } = this.ctx.state();
    try {
      return JSON.stringify(canonicalSpec(experiment, config));
    } catch (e) {
      return `invalid: ${e.message}`;
    }
  }

  #stale() {
    return this.ranWith !== '' && this.ranWith !== this.#specKey();
  }

  #markStale() {
    const stale = this.#stale();
    this.stage.dataset.stale = String(stale);
    if (stale && !this.ctx.runner.running) this.status.textContent = 'The settings changed since this chart was drawn: press “Run experiment” to see them.';
  }

  /** Starts the sweep of the experiment on screen. */
  async run() {
    if (this.ctx.runner.running) return;
    const { experiment, config } = this.ctx.state();
    let spec;
    try {
      spec = canonicalSpec(experiment, config);
    } catch (e) {
      this.ctx.warnings([{ field: e.field ?? 'experiment', value: '', message: e.message }]);
      return;
    }
    const data = new SweepData(spec);
    this.data = data;
    this.result = null;
    this.lessonCheck = null;
    this.ranWith = JSON.stringify(spec);
    this.stage.dataset.stale = 'false';
    this.el.dataset.state = 'running';
    this.#exportable(false);
    this.stage.querySelector('.gl-x-empty')?.remove();
    // (the phase diagram computes the theory's line meanwhile, between the sweep's own checks)
    this.instrument.reset(data, experiment);
    this.runButton.disabled = true;
    this.cancelButton.disabled = false;
    this.workersInput.disabled = true;
    this.progress = null;
    this.t0 = performance.now();
    this.status.textContent = 'Checking every cell with the engine…';
    this.#schedule();
    const order = experiment.kind === 'race' ? 'grid' : 'coarse-to-fine';
    let outcome;
    try {
      const result = await this.ctx.runner.run(spec, {
        workers: this.workers, order,
        onResult: (row, agg) => {
          if (this.data !== data) return;
          data.add(row, agg);
          if (agg) this.ctx.emit('sweep-cell', { cell: agg.cell, done: data.cells.size, total: data.total });
          this.#schedule();
        },
        onProgress: (p) => {
          if (this.data !== data) return;
          this.progress = p;
          data.progress(p);
          this.#schedule();
        },
      });
      outcome = { result, text: `Done: ${plural(data.total, 'cell')}, ${plural(result.runs, 'run')} in ${seconds((performance.now() - this.t0) / 1000)} on ${plural(this.workers, 'worker')}.` };
    } catch (e) {
      if (e?.name === 'AbortError') outcome = { result: e.partial ?? null, text: `Cancelled after ${e.done ?? 0} of ${e.total ?? '?'} runs (${plural(e.cellsDone ?? 0, 'cell')} complete); no worker is left running.`, cancelled: true };
      else {
        outcome = { result: null, text: `The sweep stopped: ${e.message}` };
        this.ctx.warnings([{ field: e.field ?? 'experiment', value: '', message: e.message }]);
      }
    }
    if (this.data !== data) return;
    this.result = outcome.result;
    this.runButton.disabled = false;
    this.cancelButton.disabled = true;
    this.workersInput.disabled = false;
    this.el.dataset.state = outcome.cancelled ? 'cancelled' : outcome.result?.complete ? 'done' : 'failed';
    this.#exportable(!!outcome.result);
    this.status.textContent = outcome.text;
    if (outcome.result?.complete) this.#checkLesson(outcome.result);
    this.#draw();
    this.ctx.emit('sweep-done', { state: this.el.dataset.state, cells: data.cells.size, total: data.total });
  }

  // The lesson's claims, checked on the table behind the chart (claims.js).
  async #checkLesson(result) {
    const name = this.ctx.state().experiment.lesson;
    if (!name) return;
    const l = experimentLessons[name];
    const run = l.runOf(this.ctx.state().experiment);
    this.lessonCheck = run === null ? null : await l.check(result, {
      criticalLine: (config, sb) => this.ctx.runner.criticalLine(config, sb),
      activationCurve: async (activation, xs) => (await this.ctx.runner.engine()).activationCurve(activation, xs),
    }, run);
    if (run === null) this.lessonCheck = { passed: false, sentences: [], own: true };
    this.card.show(name, this.lessonCheck);
  }

  #exportable(on) {
    this.csvButton.disabled = !on;
    this.jsonButton.disabled = !on;
  }

  #export(kind) {
    if (!this.result) return;
    const name = `gradlab-${this.kind}-${this.result.specHash}`;
    if (kind === 'csv') download(`${name}.csv`, textBlob(sweepToCSV(this.result, { level: 'cells' }), 'text/csv'));
    else download(`${name}.json`, textBlob(sweepToJSON(this.result), 'application/json'));
  }

  // At most one redraw per animation frame, however fast the results arrive.
  #schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.#draw();
    });
  }

  #draw() {
    const t0 = performance.now();
    if (this.data) this.instrument.draw();
    const p = this.progress;
    if (this.data && p && this.ctx.runner.running) {
      this.progressBar.max = Math.max(1, this.data.total);
      this.progressBar.value = this.data.cells.size;
      const coarse = p.map && p.map.stride > 1 ? ` · coarse map complete (stride ${p.map.stride})` : '';
      this.status.textContent = `${this.data.cells.size} of ${this.data.total} cells (${p.done} of ${p.total} runs) · ${plural(p.workers, 'worker')} · ETA ${seconds(p.etaSeconds)}${coarse}`;
    } else if (this.data && !this.ctx.runner.running) {
      this.progressBar.max = Math.max(1, this.data.total);
      this.progressBar.value = this.data.cells.size;
    }
    this.el.dataset.cellsDone = String(this.data?.cells.size ?? 0);
    performance.measure('gradlab:experiments-draw', { start: t0, end: performance.now() });
    performance.clearMeasures('gradlab:experiments-draw');  // as app.js's gradlab:draw
  }

  /** Redraw after a theme change. */
  repaint() {
    if (this.data) this.#schedule();
  }

  setVisible(on) {
    this.el.hidden = !on;
    if (on && this.data) this.#schedule();
    if (on && !this.warmed) {
      this.warmed = true;
      setTimeout(() => this.ctx.runner.warm().catch(() => {}), 0);
    }
  }

  dispose() {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.instrument?.dispose();
    return this.ctx.runner.close();
  }
}

