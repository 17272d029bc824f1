// The settings of each instrument, as labelled native inputs. They read the experiment and the
// page's configuration and change them only through `set` (the experiment) and `setFields`
// (the configuration: the race's and the phase diagram's network, their activation). An axis
// is typed in the sweep engine's own text form ("1..40:8", "0.001..3:8:log", "relu,tanh"),
// checked by the engine as it is typed: a value it refuses is marked and explained, never used.
import { h, replace } from '../dom.js';
import { getField, parseAxisText, axisText, normalizeSweepSpec, limits } from '../../../src/common.js';
import { ACTIVATIONS, RACE_LIMITS, MAP_FIELDS, MAP_SHOWS, SHOW_LABELS, matchedAxis, matchedInit, axisLabel, valueLabel } from './kinds.js';

const hiddenMax = () => getField('hidden');

/** A number input bound to an integer setting. */
function integerInput({ label, min, max, value, name, onchange }) {
  const input = h('input', { type: 'number', min, max, step: 1, value, name, 'aria-label': label });
  input.addEventListener('change', () => {
    const v = Number(input.value);
    const ok = Number.isInteger(v) && v >= min && v <= max;
    if (ok) input.removeAttribute('aria-invalid');
    else input.setAttribute('aria-invalid', 'true');
    input.title = ok ? '' : `${label}: a whole number from ${min} to ${max}`;
    if (ok) onchange(v);
  });
  return h('label', { class: 'gl-x-field' }, h('span', { text: label }), input);
}

/** The text after "field=" of a canonical axis. */
const valuesText = (axis) => axisText({ field: axis.field, values: axis.values, scale: axis.scale }).slice(axis.field.length + 1);

/** An axis as text, parsed and checked by the sweep engine against `config` on every change. */
function axisInput({ label, field, axis, config, onaxis, error }) {
  const input = h('input', { type: 'text', value: axis ? valuesText(axis) : '', 'aria-label': `${label} values`, spellcheck: 'false', 'data-axis-field': field });
  input.addEventListener('change', () => {
    try {
      const parsed = parseAxisText(`${field}=${input.value}`, label);
      const link = axis?.link && field === 'activation' ? { init: parsed.values?.map(matchedInit) } : undefined;
      const checked = normalizeSweepSpec({ base: config(), axes: [{ ...parsed, ...(link ? { link } : {}) }] }).axes[0];
      input.removeAttribute('aria-invalid');
      error('');
      onaxis(checked);
    } catch (e) {
      input.setAttribute('aria-invalid', 'true');
      error(e.message);
    }
  });
  return input;
}

/**
 * Builds the settings of `kind` into `el`. `ctx`: {experiment(), config(), set(changes),
 * setFields(changes)}. Returns {update()} to show the state's values again.
 */
export function buildSettings(el, kind, ctx) {
  const error = h('p', { class: 'gl-x-error', role: 'alert' });
  const say = (t) => { error.textContent = t; };
  const exp = ctx.experiment;
  const cfg = ctx.config;
  const common = () => [
    integerInput({ label: kind === 'phase' ? 'steps (trainability layer)' : 'steps per run', name: 'steps', min: 1, max: 100000, value: exp().steps, onchange: (v) => ctx.set({ steps: v }) }),
    integerInput({ label: 'seeds per cell', name: 'seeds', min: 1, max: 50, value: exp().seeds, onchange: (v) => ctx.set({ seeds: v }) }),
  ];
  const network = () => {
    const hf = hiddenMax();
    return [
      integerInput({ label: 'depth (hidden layers)', name: 'depth', min: kind === 'phase' ? 2 : 1, max: hf.maxLength, value: cfg().hidden.length, onchange: (v) => ctx.setFields({ hidden: new Array(v).fill(cfg().hidden[0] ?? 8) }) }),
      integerInput({ label: 'width (units per layer)', name: 'width', min: hf.min, max: Math.min(hf.max, limits.maxWidth ?? hf.max), value: cfg().hidden[0] ?? 8, onchange: (v) => ctx.setFields({ hidden: new Array(Math.max(1, cfg().hidden.length)).fill(v) }) }),
    ];
  };
  let parts = [];
  let update = () => {};

  if (kind === 'race') {
    const boxes = ACTIVATIONS.map((a) => h('input', { type: 'checkbox', value: a, 'aria-label': valueLabel('activation', a) }));
    const initSelect = h('select', { 'aria-label': 'Initialiser', name: 'init' },
      h('option', { value: 'matched', text: 'matched: He (ReLU family), LeCun (SELU), Xavier (sigmoid, tanh)' }),
      ...getField('init').values.map((v) => h('option', { value: v, text: `${v} for all` })));
    const chosen = () => boxes.filter((b) => b.checked).map((b) => b.value);
    const apply = () => {
      const acts = chosen();
      if (acts.length < RACE_LIMITS.min || acts.length > RACE_LIMITS.max) {
        say(`Choose ${RACE_LIMITS.min} to ${RACE_LIMITS.max} activations.`);
        return;
      }
      say('');
      if (initSelect.value === 'matched') ctx.set({ axes: normalizeSweepSpec({ axes: [matchedAxis(acts)] }).axes });
      else {
        ctx.set({ axes: normalizeSweepSpec({ axes: [{ field: 'activation', values: acts }] }).axes });
        ctx.setFields({ init: initSelect.value });
      }
    };
    for (const b of boxes) b.addEventListener('change', apply);
    initSelect.addEventListener('change', apply);
    parts = [
      h('fieldset', { class: 'gl-x-activations' }, h('legend', { text: 'Activations in the race' }),
        ...boxes.map((b) => h('label', { class: 'gl-x-check' }, b, h('span', { text: valueLabel('activation', b.value) })))),
      h('label', { class: 'gl-x-field' }, h('span', { text: 'initialisation' }), initSelect),
      ...network(), ...common(),
    ];
    update = () => {
      const a = exp().axes[0];
      for (const b of boxes) b.checked = a.values.includes(b.value);
      initSelect.value = a.link ? 'matched' : cfg().init;
    };
  } else if (kind === 'map') {
    const rows = [0, 1].map((i) => {
      const fieldSelect = h('select', { 'aria-label': `Axis ${i + 1}: field`, name: `axis${i}` }, ...MAP_FIELDS.map((f) => h('option', { value: f, text: axisLabel(f) })));
      const matched = h('input', { type: 'checkbox', 'aria-label': 'each activation with its matched initialiser' });
      const holder = h('span', { class: 'gl-x-axis-values' });
      const matchedLabel = h('label', { class: 'gl-x-check' }, matched, h('span', { text: 'matched initialiser' }));
      const setAxis = (axis) => {
        const axes = [...exp().axes];
        axes[i] = axis;
        ctx.set({ axes });
      };
      fieldSelect.addEventListener('change', () => {
        const f = fieldSelect.value;
        const defaults = { depth: { from: 1, to: 24, count: 6 }, width: { values: [2, 4, 8, 16, 32] }, learningRate: { from: 0.001, to: 3, count: 8, scale: 'log' }, activation: matchedAxis(['relu', 'tanh', 'sigmoid']), init: { values: ['xavier_normal', 'he_normal'] }, batchSize: { values: [1, 10, 50] }, sigmaW2: { from: 0.5, to: 4, count: 8 }, sigmaB2: { from: 0, to: 0.5, count: 6 } };
        try {
          setAxis(normalizeSweepSpec({ base: cfg(), axes: [{ field: f, ...defaults[f] }] }).axes[0]);
          say('');
        } catch (e) {
          say(e.message);
        }
      });
      matched.addEventListener('change', () => {
        const a = exp().axes[i];
        setAxis(matched.checked ? normalizeSweepSpec({ axes: [matchedAxis(a.values)] }).axes[0] : { field: a.field, values: a.values, scale: a.scale });
      });
      const row = h('div', { class: 'gl-x-axis' }, h('label', { class: 'gl-x-field' }, h('span', { text: i === 0 ? 'across' : 'up' }), fieldSelect), holder, matchedLabel);
      return { row, fieldSelect, holder, matched, matchedLabel, setAxis, i };
    });
    const showSelect = h('select', { 'aria-label': 'Colour shows', name: 'show' }, ...MAP_SHOWS.map((m) => h('option', { value: m, text: SHOW_LABELS[m] })));
    showSelect.addEventListener('change', () => ctx.set({ show: showSelect.value }));
    parts = [...rows.map((r) => r.row), h('label', { class: 'gl-x-field' }, h('span', { text: 'colour shows' }), showSelect), ...common()];
    update = () => {
      for (const r of rows) {
        const a = exp().axes[r.i];
        r.fieldSelect.value = a.field;
        replace(r.holder, axisInput({ label: `axis ${r.i + 1}`, field: a.field, axis: a, config: cfg, onaxis: r.setAxis, error: say }));
        r.matchedLabel.hidden = a.field !== 'activation';
        r.matched.checked = !!a.link;
      }
      showSelect.value = exp().show;
    };
  } else {
    const act = h('select', { 'aria-label': 'Activation', name: 'activation' }, ...ACTIVATIONS.map((a) => h('option', { value: a, text: valueLabel('activation', a) })));
    act.addEventListener('change', () => ctx.setFields({ activation: act.value }));
    const holders = [h('span'), h('span')];
    const overlay = h('input', { type: 'checkbox', name: 'overlay', 'aria-label': 'trainability layer' });
    overlay.addEventListener('change', () => ctx.set({ overlay: overlay.checked }));
    parts = [
      h('label', { class: 'gl-x-field' }, h('span', { text: 'activation' }), act),
      ...network(),
      h('label', { class: 'gl-x-field' }, h('span', { text: 'σ_w² values (across)' }), holders[0]),
      h('label', { class: 'gl-x-field' }, h('span', { text: 'σ_b² values (up)' }), holders[1]),
      h('label', { class: 'gl-x-check' }, overlay, h('span', { text: 'also train: dots where the loss after N steps is low' })),
      ...common(),
    ];
    update = () => {
      act.value = cfg().activation;
      exp().axes.forEach((a, i) => replace(holders[i], axisInput({
        label: i === 0 ? 'σ_w²' : 'σ_b²', field: a.field, axis: a, config: cfg, error: say,
        onaxis: (axis) => {
          const axes = [...exp().axes];
          axes[i] = axis;
          ctx.set({ axes });
        },
      })));
      overlay.checked = exp().overlay;
    };
  }
  replace(el, ...parts, error);
  const inputs = () => el.querySelectorAll('input[type=number]');
  return {
    update() {
      update();
      for (const input of inputs()) {
        const v = { steps: exp().steps, seeds: exp().seeds, depth: cfg().hidden.length, width: cfg().hidden[0] ?? 0 }[input.name];
        if (v !== undefined) input.value = v;
      }
    },
  };
}
