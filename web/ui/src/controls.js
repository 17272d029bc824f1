// The controls: built from the engine's schema (labels, ranges, limits, enums, help texts),
// grouped as the schema groups them, keyboard-operable, and shown only when the engine says the
// field has an effect (fieldApplies: momentum only for momentum optimisers, the leak slope only
// with leaky ReLU, ...).
// Changes go to the page's actions (actions.js: setField, setFields, …); fields marked live
// change the running session.
import { h, replace, newId } from './dom.js';
import { fields, getField, validateField, fieldApplies, limits } from '../../src/common.js';
import { fieldLabel, featureLabel } from './labels.js';
import { UI_FIELDS } from './state.js';
import { fmt } from './format.js';

// The control with the focus keeps what the user is typing or sliding: a reply for an earlier
// value must not pull it back. The controls live in a shadow root, where
// document.activeElement is only the host element, so ask the control's own root.
const focused = (el) => el?.getRootNode().activeElement === el;

const GROUPS = [
  ['data', 'Data'],
  ['network', 'Network'],
  ['init', 'Initialisation'],
  ['optimizer', 'Optimiser'],
];
const SLIDERS = { noise: 0.05, trainFraction: 0.05 };
// The slider spans the rates worth trying, 1e-5 up to the engine's maximum; smaller ones can
// still be typed into the number box.
const LR_MIN_EXP = -5;
const SPEEDS = UI_FIELDS.find((f) => f.name === 'speed').values;

/** The next seed after `seed`, wrapping at the field's maximum. */
const nextSeed = (name, seed) => (seed + 1) % (getField(name).max + 1);

/** Shortest of a few significant digits that reads back exactly: 0.0316 → 0.0316. */
const roundLr = (v) => Number(v.toPrecision(3));

export class Controls {
  /**
   * @param {{setField, setFields, setUi, togglePlay, stepOnce, reset}} actions what the controls do
   * @param {{show: Set<string>|null, locked: Set<string>}} options
   */
  constructor(actions, { show = null, locked = new Set() } = {}) {
    this.actions = actions;
    this.show = show;
    this.locked = locked;
    this.rows = new Map();
    this.inputs = new Map();
    this.errors = new Map();
    this.config = null;
    this.el = h('div', { class: 'gl-controls', role: 'group', 'aria-label': 'Settings' });
    this.runBox = this.buildRun();
    this.el.append(this.runBox);
    this.groups = [];
    for (const [group, title] of GROUPS) {
      const body = h('div', { class: 'gl-group-body' });
      const box = h('details', { class: 'gl-group', open: true, 'data-group': group }, h('summary', { text: title }), body);
      for (const f of fields) {
        if (f.group !== group || f.name === 'layerActivations') continue;
        const row = this.buildField(f);
        if (row) body.append(row);
      }
      if (group === 'data') body.append(this.actionRow('Regenerate data', 'New data seed: new points, same settings', () => this.actions.setField('dataSeed', nextSeed('dataSeed', this.config.dataSeed)), 'dataSeed'));
      this.groups.push(box);
      this.el.append(box);
    }
  }

  // ---- run controls ----------------------------------------------------------------------

  buildRun() {
    this.play = h('button', { type: 'button', class: 'gl-play', 'aria-pressed': 'false', 'aria-label': 'Play', title: 'Play / pause (train continuously)', onclick: () => this.actions.togglePlay() }, h('span', { class: 'gl-play-icon', 'aria-hidden': 'true' }), h('span', { class: 'gl-play-text', text: 'Play' }));
    const btn = (text, label, fn) => h('button', { type: 'button', text, 'aria-label': label, title: label, onclick: fn });
    this.speed = h('select', { id: newId('speed'), onchange: () => this.actions.setUi({ speed: this.speed.value }) }, ...SPEEDS.map((s) => h('option', { value: s, text: s })));
    const lrRow = this.buildLearningRate();
    /** The buttons that train (an exercise may hold them: setRunnable). */
    this.trainButtons = [this.play, btn('Step', 'Train one mini-batch', () => this.actions.stepOnce(1)), btn('Epoch', 'Train one epoch', () => this.actions.stepOnce('epoch'))];
    const box = h('div', { class: 'gl-run', role: 'group', 'aria-label': 'Training', 'data-group': 'run' },
      h('div', { class: 'gl-run-buttons' },
        ...this.trainButtons,
        btn('Reset', 'Reset: the same initial weights, step 0', () => this.actions.reset()),
        btn('New init', 'Re-initialise with a new weight seed', () => this.actions.setField('seed', nextSeed('seed', this.config.seed)))),
      h('div', { class: 'gl-row' }, h('label', { for: this.speed.id, text: 'Speed (steps per frame)' }), this.speed),
      lrRow);
    return box;
  }

  buildLearningRate() {
    const f = getField('learningRate');
    const slider = h('input', { type: 'range', id: newId('lr'), min: LR_MIN_EXP, max: Math.log10(f.max), step: 0.05, 'aria-label': `${f.label} (log scale)` });
    const num = h('input', { type: 'number', id: newId('lrn'), min: f.min, max: f.max, step: 'any', class: 'gl-num', 'aria-label': `${f.label} value` });
    const out = h('output', { class: 'gl-lr-out', for: slider.id });
    slider.addEventListener('input', () => {
      const v = roundLr(10 ** Number(slider.value));
      out.textContent = fmt(v, 3);
      slider.setAttribute('aria-valuetext', String(v));
      this.commit('learningRate', v);
    });
    num.addEventListener('change', () => this.commitText('learningRate', num.value));
    this.inputs.set('learningRate', { slider, num, out });
    const err = h('p', { class: 'gl-error', role: 'alert' });
    this.errors.set('learningRate', err);
    const row = h('div', { class: 'gl-row gl-lr', 'data-field': 'learningRate', title: `${f.help} Log scale from 1e${LR_MIN_EXP} to ${f.max}; changes apply while training.` },
      h('label', { for: slider.id, text: f.label }), h('div', { class: 'gl-lr-inputs' }, slider, out, num), err);
    this.rows.set('learningRate', row);
    return row;
  }

  // ---- schema fields ---------------------------------------------------------------------

  buildField(f) {
    if (f.name === 'learningRate') return null;
    if (f.name === 'hidden') return this.buildLayers();
    const id = newId(f.name);
    const err = h('p', { class: 'gl-error', role: 'alert' });
    this.errors.set(f.name, err);
    const helpId = newId('help');
    const help = h('span', { id: helpId, class: 'gl-sr', text: f.help });
    let control;
    if (f.kind === 'enum') {
      // "custom" shows while the learner's own points train; they start in the "Your data" panel
      const option = (v) => (f.name === 'dataset' && v === 'custom' ? h('option', { value: v, text: 'your points', disabled: true }) : h('option', { value: v, text: v }));
      control = h('select', { id, 'aria-describedby': helpId, onchange: () => this.commit(f.name, control.value) }, ...f.values.map(option));
      this.inputs.set(f.name, { select: control });
    } else if (f.kind === 'enum_set') {
      const boxes = f.values.map((v) => {
        const cb = h('input', { type: 'checkbox', value: v, onchange: () => this.commit(f.name, boxes.filter((b) => b.checked).map((b) => b.value)) });
        return cb;
      });
      control = h('fieldset', { class: 'gl-checks', 'aria-describedby': helpId }, h('legend', { text: f.label }),
        ...boxes.map((cb) => h('label', { class: 'gl-check' }, cb, featureLabel(cb.value))));
      this.inputs.set(f.name, { boxes });
      const row = h('div', { class: 'gl-row gl-row-wide', 'data-field': f.name, title: f.help }, control, help, err);
      this.rows.set(f.name, row);
      return row;
    } else {
      const step = f.kind === 'integer' ? 1 : 'any';
      const num = h('input', { type: 'number', id, min: f.min, max: f.max, step, class: 'gl-num', 'aria-describedby': helpId });
      num.addEventListener('change', () => this.commitText(f.name, num.value));
      if (SLIDERS[f.name]) {
        const slider = h('input', { type: 'range', min: f.min, max: f.max, step: SLIDERS[f.name], 'aria-label': `${f.label} slider` });
        slider.addEventListener('change', () => this.commit(f.name, Number(slider.value)));
        control = h('div', { class: 'gl-slider' }, slider, num);
        this.inputs.set(f.name, { num, slider });
      } else {
        control = num;
        this.inputs.set(f.name, { num });
      }
    }
    const row = h('div', { class: 'gl-row', 'data-field': f.name, title: f.help }, h('label', { for: id, text: fieldLabel(f.name) }), control, help, err);
    this.rows.set(f.name, row);
    return row;
  }

  actionRow(text, label, fn, field) {
    const b = h('button', { type: 'button', text, title: label, 'aria-label': label, onclick: fn });
    const row = h('div', { class: 'gl-row gl-row-action', 'data-field': `${field}-action` }, b);
    this.rows.set(`${field}-action`, row);
    return row;
  }

  // Depth and width: add/remove layers, +/- units per layer, a quick depth × width, and each
  // layer's activation.
  buildLayers() {
    const f = getField('hidden');
    const { maxDepth, maxWidth } = limits;
    const depth = h('output', { class: 'gl-depth', 'aria-live': 'polite' });
    const add = h('button', { type: 'button', text: '+', 'aria-label': 'Add a hidden layer', onclick: () => this.editLayers((hd) => hd.length < maxDepth && hd.push(hd.at(-1) ?? 4)) });
    const remove = h('button', { type: 'button', text: '−', 'aria-label': 'Remove the last hidden layer', onclick: () => this.editLayers((hd) => hd.pop()) });
    const qd = h('input', { type: 'number', min: 0, max: maxDepth, step: 1, class: 'gl-num gl-small', 'aria-label': 'Depth (hidden layers)' });
    const qw = h('input', { type: 'number', min: f.min, max: maxWidth, step: 1, class: 'gl-num gl-small', 'aria-label': 'Width (units per layer)' });
    const apply = h('button', { type: 'button', text: 'Set', 'aria-label': 'Set depth × width', onclick: () => {
      const d = Number(qd.value);
      const w = Number(qw.value);
      if (!Number.isInteger(d) || d < 0 || d > maxDepth || !Number.isInteger(w) || w < f.min || w > maxWidth) {
        this.showError('hidden', `Depth must be 0–${maxDepth} layers and width ${f.min}–${maxWidth} units.`);
        return;
      }
      this.actions.setFields({ hidden: Array(d).fill(w), layerActivations: [] });
    } });
    this.layerList = h('ol', { class: 'gl-layers', 'aria-label': f.label });
    const err = h('p', { class: 'gl-error', role: 'alert' });
    this.errors.set('hidden', err);
    this.inputs.set('hidden', { depth, qd, qw, add, remove, apply });
    const row = h('div', { class: 'gl-row gl-row-wide', 'data-field': 'hidden', title: f.help },
      h('div', { class: 'gl-layer-head' }, h('span', { text: f.label }), remove, depth, add),
      h('div', { class: 'gl-quick' }, qd, h('span', { text: '×', 'aria-hidden': 'true' }), qw, apply),
      this.layerList, err);
    this.rows.set('hidden', row);
    return row;
  }

  editLayers(fn) {
    const c = this.config;
    const hd = [...c.hidden];
    const la = hd.map((_, i) => c.layerActivations[i] ?? c.activation);
    fn(hd, la);
    let acts = hd.map((_, i) => la[i] ?? c.activation);
    if (acts.every((a) => a === c.activation)) acts = [];
    this.actions.setFields({ hidden: hd, layerActivations: acts });
  }

  renderLayers(c) {
    const { depth, qd, qw, add } = this.inputs.get('hidden');
    depth.textContent = String(c.hidden.length);
    add.disabled = this.locked.has('hidden') || c.hidden.length >= limits.maxDepth;
    if (!focused(qd)) qd.value = String(c.hidden.length);
    if (!focused(qw)) qw.value = String(c.hidden[0] ?? 4);
    const key = JSON.stringify([c.hidden, c.layerActivations, c.activation, [...this.locked]]);
    if (key === this.layersKey) return;
    this.layersKey = key;
    const acts = getField('activation').values;
    const minWidth = getField('hidden').min;
    const locked = this.locked.has('hidden');
    const actLocked = this.locked.has('activation') || this.locked.has('layerActivations');
    const rows = c.hidden.map((w, i) => {
      const sel = h('select', { 'aria-label': `Activation of layer ${i + 1}`, disabled: actLocked, onchange: () => this.editLayers((hd, la) => { la[i] = sel.value; }) }, ...acts.map((a) => h('option', { value: a, text: a === c.activation ? `${a} (all)` : a })));
      sel.value = c.layerActivations[i] ?? c.activation;
      return h('li', { class: 'gl-layer' },
        h('span', { class: 'gl-layer-name', text: `L${i + 1}` }),
        h('button', { type: 'button', text: '−', disabled: locked || w <= minWidth, 'aria-label': `Fewer units in layer ${i + 1}`, onclick: () => this.editLayers((hd) => { hd[i] = Math.max(minWidth, hd[i] - 1); }) }),
        h('span', { class: 'gl-layer-width', text: String(w), 'aria-label': `${w} units` }),
        h('button', { type: 'button', text: '+', disabled: locked || w >= limits.maxWidth, 'aria-label': `More units in layer ${i + 1}`, onclick: () => this.editLayers((hd) => { hd[i] = Math.min(limits.maxWidth, hd[i] + 1); }) }),
        sel);
    });
    replace(this.layerList, rows);
  }

  // ---- values in, values out -------------------------------------------------------------

  commitText(name, text) {
    const f = getField(name);
    const v = Number(text);
    if (text.trim() === '' || !Number.isFinite(v)) {
      this.showError(name, `${fieldLabel(name)}: enter a number from ${f.min} to ${f.max}.`);
      return;
    }
    this.commit(name, v);
  }

  commit(name, value) {
    if (this.locked.has(name)) return;
    try {
      validateField(name, value);
    } catch (e) {
      this.showError(name, e.message);
      return;
    }
    this.showError(name, '');
    this.actions.setField(name, value);
  }

  showError(name, text) {
    const err = this.errors.get(name);
    if (err) err.textContent = text;
    const inp = this.inputs.get(name);
    for (const el of Object.values(inp ?? {})) if (el instanceof HTMLInputElement) el.toggleAttribute('aria-invalid', !!text);
  }

  /** Shows a configuration (and the page's fields) in the controls. */
  set(config, ui, playing) {
    this.config = config;
    for (const [name, inp] of this.inputs) {
      if (name === 'hidden') continue;
      const v = config[name];
      if (inp.select && !focused(inp.select)) inp.select.value = v;
      if (inp.boxes) for (const b of inp.boxes) b.checked = v.includes(b.value);
      if (inp.num && !focused(inp.num)) inp.num.value = String(v);
      if (inp.slider && !focused(inp.slider)) {
        inp.slider.value = name === 'learningRate' ? String(Math.log10(v)) : String(v);
        if (inp.out) inp.out.textContent = fmt(v, 3);
        if (name === 'learningRate') inp.slider.setAttribute('aria-valuetext', String(v));
      } else if (inp.out && !inp.slider) inp.out.textContent = fmt(v, 3);
    }
    this.renderLayers(config);
    for (const [name, row] of this.rows) {
      const field = name.replace(/-action$/, '');
      const shown = (!this.show || this.show.has(field) || this.show.has(getField(field)?.group)) && fieldApplies(field, config);
      row.hidden = !shown;
      const locked = this.locked.has(field);
      row.classList.toggle('gl-locked', locked);
      for (const el of row.querySelectorAll('input, select, button')) if (locked) el.disabled = true;
    }
    for (const g of this.groups) g.hidden = [...g.querySelectorAll('.gl-row')].every((r) => r.hidden);
    const lrShown = !this.show || this.show.has('learningRate') || this.show.has('optimizer');
    this.rows.get('learningRate').hidden = !lrShown;
    if (this.speed.value !== ui.speed) this.speed.value = ui.speed;
    this.setPlaying(playing);
  }

  setPlaying(playing) {
    this.play.setAttribute('aria-pressed', playing ? 'true' : 'false');
    this.play.setAttribute('aria-label', playing ? 'Pause' : 'Play');
    this.play.querySelector('.gl-play-text').textContent = playing ? 'Pause' : 'Play';
    this.play.classList.toggle('gl-playing', playing);
  }

  /** Whether training may start now; `why` (when it may not) becomes the buttons' title. */
  setRunnable(ok, why = '') {
    for (const b of this.trainButtons) {
      b.disabled = !ok;
      if (!ok) b.dataset.blocked = why;
      else delete b.dataset.blocked;
    }
  }

  /** Collapses every group but the run controls (narrow screens). */
  collapse() {
    for (const g of this.groups) g.open = false;
  }
}
