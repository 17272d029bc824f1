// The A/B comparison: two runs on the same data and seed, B changing a few knobs. Here: the
// side-by-side layout (A's panel next to B's, so the same chart sits at the same height), the
// knob editor, the scales both runs' charts share, and the knob B starts with.
import { h, replace } from './dom.js';
import { getField, validateField, limits } from '../../src/common.js';
import { SHARED_FIELDS } from './state.js';
import { fieldLabel as label } from './labels.js';
import { makePanels, disposePanels } from './panels/set.js';
import { CurvesPanel } from './panels/curves.js';
import { GradFlowPanel } from './panels/gradflow.js';

/** The panels each column of the A/B view shows, in row order. */
const PANELS = ['output', 'curves', 'gradflow', 'units', 'network'];

const fmtValue = (v) => (Array.isArray(v) ? `[${v.join(',')}]` : String(v));

export class CompareView {
  /**
   * @param {{ctx: object, hide: Set<string>, single: HTMLElement}} o the panel context, the
   *   panels the embedder hid, and the single view (hidden while A/B shows)
   * @param {{setKnob(name, value), warnings(list)}} actions
   */
  constructor({ ctx, hide, single }, actions) {
    this.ctx = ctx;
    this.hide = hide;
    this.single = single;
    this.actions = actions;
    this.el = h('div', { class: 'gl-compare', hidden: true });
    /** {A: {name: panel}, B: {…}} while the A/B view shows. */
    this.panels = {};
  }

  /** Lays out the A/B view for `runs` (or takes it down when A/B is off). */
  layout(runs, state) {
    const on = state.ui.compare === '1' && runs.length > 1;
    this.single.hidden = on;
    this.el.hidden = !on;
    this.dispose();
    if (!on) {
      this.el.replaceChildren();
      return;
    }
    for (const run of runs) {
      const col = h('div', { class: 'gl-compare-col', 'data-run': run.key });
      this.panels[run.key] = makePanels(col, PANELS, { ctx: this.ctx, tag: run.key, hide: this.hide });
    }
    const grid = h('div', { class: 'gl-compare-grid' });
    for (const name of PANELS) {
      const pa = this.panels.A[name];
      const pb = this.panels.B[name];
      if (pa && pb) grid.append(pa.el, pb.el);
    }
    replace(this.el, this.#knobs(state), grid);
  }

  /** Draws both columns on the scales they share. */
  draw(runs) {
    const shared = sharedScales(runs);
    for (const run of runs) for (const p of Object.values(this.panels[run.key] ?? {})) p.update(run, shared);
  }

  *allPanels() {
    for (const side of Object.values(this.panels)) yield* Object.values(side);
  }

  dispose() {
    for (const side of Object.values(this.panels)) disposePanels(side);
    this.panels = {};
  }

  // One row per knob B changes (its value in A, an input for B's, a remove button), and a menu
  // to add another knob: any field but the data and the seed, which A and B share.
  #knobs({ config, b }) {
    const rows = Object.entries(b).map(([name, value]) => h('li', { class: 'gl-knob', 'data-knob': name },
      h('span', { class: 'gl-knob-name', text: `${label(name)}: A = ${fmtValue(config[name])} → B =` }), this.#knobInput(name, value),
      h('button', { type: 'button', text: '×', 'aria-label': `Remove the knob ${label(name)}`, onclick: () => this.actions.setKnob(name, undefined) })));
    const candidates = Object.keys(config).filter((k) => !SHARED_FIELDS.has(k) && !(k in b) && k !== 'layerActivations');
    const add = h('select', { 'aria-label': 'Add a knob that B changes', onchange: () => {
      const name = add.value;
      if (name) this.actions.setKnob(name, differentValue(name, config[name]));
    } }, h('option', { value: '', text: 'Change another knob for B…' }), ...candidates.map((k) => h('option', { value: k, text: label(k) })));
    return h('div', { class: 'gl-knobs' },
      h('p', { class: 'gl-knobs-title', text: 'A and B: same data, same seed. B changes:' }),
      h('ul', { class: 'gl-knob-list' }, rows), add);
  }

  #knobInput(name, value) {
    const f = getField(name);
    const aria = `B: ${label(name)}`;
    const set = (read) => {
      try {
        this.actions.setKnob(name, validateField(name, read()));
      } catch (e) {
        this.actions.warnings([{ field: name, value: input.value, message: e.message }]);
      }
    };
    let input;
    if (f.kind === 'enum') {
      input = h('select', { 'aria-label': aria, onchange: () => this.actions.setKnob(name, input.value) }, ...f.values.filter((v) => v !== 'custom').map((v) => h('option', { value: v, text: v })));
      input.value = value;
    } else if (f.kind === 'number' || f.kind === 'integer') {
      input = h('input', { type: 'number', class: 'gl-num', min: f.min, max: f.max, step: f.kind === 'integer' ? 1 : 'any', value: String(value), 'aria-label': aria });
      input.addEventListener('change', () => set(() => Number(input.value)));
    } else {
      input = h('input', { type: 'text', class: 'gl-text', value: Array.isArray(value) ? value.join(',') : String(value), 'aria-label': aria });
      input.addEventListener('change', () => set(() => input.value.split(',').map((s) => s.trim()).filter(Boolean).map((s) => (f.kind === 'int_list' ? Number(s) : s))));
    }
    return input;
  }
}

/** Scales both runs' charts share in the A/B view. */
export function sharedScales(runs) {
  const steps = runs.flatMap((r) => r.history.steps());
  return {
    loss: runs.flatMap((r) => CurvesPanel.extent(r)),
    grad: runs.flatMap((r) => GradFlowPanel.extent(r)),
    steps: { lo: Math.min(0, ...steps), hi: Math.max(1, ...steps) },
  };
}

/** A first knob for B that teaches something: the rectifier that cannot die, or ReLU. */
export function suggestKnob(config) {
  return config.activation === 'relu' ? { activation: 'leaky_relu' } : { activation: 'relu' };
}

/** A value for a knob just added to B that differs from A's and is allowed. */
export function differentValue(name, current) {
  const f = getField(name);
  if (f.kind === 'enum') return f.values.find((v) => v !== current && v !== 'custom' && v !== 'auto') ?? current;
  if (f.kind === 'int_list') return current.length ? current.map((w) => Math.min(limits.maxWidth, w * 2)) : [8];
  if (f.kind === 'number' || f.kind === 'integer') {
    let v = current === 0 ? (f.max >= 1 ? 1 : f.max) : current * 10 <= f.max ? current * 10 : current / 10;
    if (f.kind === 'integer') v = Math.max(f.min, Math.min(f.max, Math.round(v) || f.min));
    return v;
  }
  return current;
}
