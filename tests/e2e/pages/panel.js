// Test page script: builds one panel of the playground from its unbundled module with a plain
// context object (no playground, no engine, no worker) and feeds it a hand-made run, to show
// that a panel needs nothing but the context panel.js documents and a run's data.
import { NetworkPanel } from '/web/ui/src/panels/network.js';
import { OutputPanel } from '/web/ui/src/panels/output.js';
import { ActivationPanel } from '/web/ui/src/panels/activation.js';
import { schema } from '/web/src/schema.js';

const COLORS = { bg: '#ffffff', fg: '#1d2430', muted: '#5b6573', grid: '#e3e6ea', mid: '#e8eaeb', panel: '#ffffff', font: '11px sans-serif' };

/** A plain context; what the panel does with the tooltip and setUi is recorded in `calls`. */
function context(overrides) {
  const calls = { tooltip: [], setUi: [] };
  const ctx = {
    colors: () => COLORS,
    tooltip: { show: (x, y, lines) => calls.tooltip.push(lines), hide: () => {} },
    ui: { edges: 'weight', heat: 'gradZRms', hist: 'act' },
    setUi: (changes) => calls.setUi.push(changes),
    domain: 2,
    unitStates: schema.unitStates,
    featureLabel: (f) => `<${f}>`,
    ...overrides,
  };
  return { ctx, calls };
}

function mount(panel, width) {
  document.getElementById('host').replaceChildren(panel.el);
  panel.resize(width);
}

const pixel = (canvas, x, y) => Array.from(canvas.getContext('2d').getImageData(Math.round(x), Math.round(y), 1, 1).data.slice(0, 3));

// A 2-3-1 network as run.js holds it: weights in the engine's layout (per layer W row by row,
// then b), one 4 x 4 grid per unit (inputs, hidden, output), unit states as codes (indices
// into `unitStates`).
function networkRun({ unitState, unitSigns }) {
  const layers = [{ units: 3, inputs: 2, activation: 'relu' }, { units: 1, inputs: 3, activation: 'sigmoid' }];
  const res = 4;
  const signs = [1, 1, ...unitSigns, 1];
  const neurons = new Float32Array(signs.length * res * res);
  signs.forEach((s, u) => neurons.fill(s, u * res * res, (u + 1) * res * res));
  const weights = Float32Array.from([0.5, -0.25, 1, 0.75, -1, 0.25, /* b */ 0.125, -0.5, 0.375, /* out */ 1, -1, 0.5, /* b */ 0]);
  return {
    info: { inputs: 2, outputs: 1, gridDims: 2, features: ['x1', 'x2'], layers },
    config: { activation: 'relu' },
    weights, grads: null, neurons, neuronRes: res, unitState: unitState ? Uint8Array.from(unitState) : null,
    metrics: { layers: [{ dead: 0, inactive: 0, saturated: 0 }, { dead: 0, inactive: 0, saturated: 0 }] },
  };
}

// A network of `layers` ([{units, activation}], the output last) with no grids or weights,
// and per-layer metrics (dead, inactive counts): what the diagram's labels are drawn from.
function labelledRun(layers, counts) {
  let inputs = 2;
  const info = { inputs: 2, outputs: layers.at(-1).units, gridDims: 2, features: ['x1', 'x2'], layers: layers.map((L) => {
    const out = { ...L, inputs };
    inputs = L.units;
    return out;
  }) };
  return {
    info, config: { activation: layers[0].activation }, weights: null, grads: null, neurons: null, neuronRes: 0, unitState: null,
    metrics: { layers: layers.map((_, l) => ({ dead: 0, inactive: 0, saturated: 0, ...counts[l] })) },
  };
}

/** A run whose output grid (and, in the diagram, whose output units) hold constant values. */
function outputRun({ values, outputActivation = 'sigmoid', classification = true, targets = [0, 1] }) {
  const k = values.length;
  const res = 8;
  const layers = [{ units: 3, inputs: 2, activation: 'relu' }, { units: k, inputs: 3, activation: outputActivation }];
  const grid = new Float32Array(res * res * k);
  for (let i = 0; i < res * res; i++) for (let c = 0; c < k; c++) grid[i * k + c] = values[c];
  const neurons = new Float32Array((2 + 3 + k) * res * res);
  values.forEach((v, c) => neurons.fill(v, (5 + c) * res * res, (6 + c) * res * res));
  const points = { dims: 2, coords: new Float32Array(0), targets: Float32Array.from(targets), targetDim: 1, train: [], test: [] };
  return {
    info: { inputs: 2, outputs: k, gridDims: 2, features: ['x1', 'x2'], layers, classification, classes: classification ? Math.max(2, k) : 0, outputActivation },
    config: { activation: 'relu' }, grid, gridRes: res, neurons, neuronRes: res, points,
    weights: new Float32Array(2 * 3 + 3 + 3 * k + k), grads: null, unitState: null,
    metrics: { layers: [{ dead: 0, inactive: 0, saturated: 0 }, { dead: 0, inactive: 0, saturated: 0 }] },
  };
}

window.panelTest = {
  playgroundDefined: () => customElements.get('gradlab-playground') !== undefined,

  /**
   * The activation panel over a run whose engine goes away while the curves are asked for
   * (a new run disposes it): the probes fail at once, the plotted curves a moment later.
   * Returns the rejections nobody handled and how many curves were asked for.
   */
  async activationEngineGone() {
    const { ctx } = context({ activations: schema.activations });
    const unhandled = [];
    const onUnhandled = (e) => { unhandled.push(String(e.reason?.message ?? e.reason)); e.preventDefault(); };
    window.addEventListener('unhandledrejection', onUnhandled);
    let asked = 0;
    const run = {
      config: { activation: 'relu', leakySlope: 0.01, eluAlpha: 1, swishBeta: 1, gelu: 'erf' },
      info: { layers: [{ activation: 'relu' }, { activation: 'sigmoid' }] },
      curve: (spec, { n }) => {
        asked++;
        return new Promise((_, reject) => setTimeout(() => reject(new Error('disposed')), n > 50 ? 30 : 0));
      },
    };
    const panel = new ActivationPanel(ctx);
    mount(panel, 400);
    panel.update(run);
    await new Promise((r) => setTimeout(r, 300));
    window.removeEventListener('unhandledrejection', onUnhandled);
    return { unhandled, asked };
  },

  /**
   * Draws the network panel; returns what it shows at each hidden unit's centre. `states` names
   * the state of each hidden and output unit; the run holds them as codes of `unitStates`.
   */
  network({ states = null, unitStates = schema.unitStates, unitSigns = [1, -1, 1] } = {}) {
    const { ctx, calls } = context({ unitStates });
    const panel = new NetworkPanel(ctx);
    mount(panel, 420);
    const unitState = states && states.map((name) => unitStates.indexOf(name));
    const run = networkRun({ unitState, unitSigns });
    panel.update(run, null);
    const g = panel.geom;
    const rect = panel.canvas.getBoundingClientRect();
    const hidden = g.pos[1].map((p) => {
      panel.canvas.dispatchEvent(new PointerEvent('pointermove', { clientX: rect.left + p.x, clientY: rect.top + p.y }));
      return { centre: pixel(panel.canvas, p.x, p.y), tooltip: calls.tooltip.at(-1) };
    });
    const inputs = g.pos[0].map((p) => {
      panel.canvas.dispatchEvent(new PointerEvent('pointermove', { clientX: rect.left + p.x, clientY: rect.top + p.y }));
      return calls.tooltip.at(-1)[0];
    });
    panel.edgeSelect.value = 'gradient';
    panel.edgeSelect.dispatchEvent(new Event('change'));
    return {
      mode: panel.el.dataset.mode, markedDead: panel.el.dataset.markedDead, markedInactive: panel.el.dataset.markedInactive,
      hidden, inputs, setUi: calls.setUi, colors: COLORS,
    };
  },

  /** The network diagram's labels for `layers` and per-layer `counts` at `width`: their boxes and the canvas size. */
  networkLabels({ layers, counts, width }) {
    const { ctx } = context();
    const panel = new NetworkPanel(ctx);
    mount(panel, width);
    panel.update(labelledRun(layers, counts), null);
    return { boxes: JSON.parse(panel.el.dataset.labelBoxes), mode: panel.el.dataset.mode, canvas: { w: panel.canvas.clientWidth, h: panel.canvas.clientHeight } };
  },

  /**
   * The same output values drawn by the output panel (its plane) and by the network diagram
   * (its output units): the pixel at the middle of the plane when class `c` wins, and at the
   * middle of output unit `c`.
   */
  outputColours(o) {
    const { ctx } = context();
    const run = outputRun(o);
    const out = new OutputPanel(ctx);
    mount(out, 300);
    out.update(run, null);
    const g = out.geom;
    const plane = pixel(out.canvas, g.x0 + g.area / 2, g.y0 + g.area / 2);
    const net = new NetworkPanel(ctx);
    mount(net, 420);
    net.update(run, null);
    const units = net.geom.pos.at(-1).map((p) => pixel(net.canvas, p.x, p.y));
    return { plane, units, mid: COLORS.mid };
  },

  /** Draws the output panel for two points; returns the context's domain, the panel's and the points' pixels. */
  output({ domain }) {
    const { ctx } = context({ domain });
    const panel = new OutputPanel(ctx);
    mount(panel, 300);
    const res = 8;
    const points = { dims: 2, coords: Float32Array.from([1, -1, -1.5, 1.5]), targets: Float32Array.from([1, 0]), targetDim: 1, train: [0], test: [1] };
    panel.update({
      info: { gridDims: 2, outputs: 1, classification: true, classes: 2, outputActivation: 'sigmoid' },
      grid: new Float32Array(res * res).fill(0.5), gridRes: res, points, metrics: null,
    }, null);
    const g = panel.geom;
    const at = (x, y) => pixel(panel.canvas, g.x0 + ((x + domain) / (2 * domain)) * g.area, g.y0 + ((domain - y) / (2 * domain)) * g.area);
    return { D: g.D, classOne: at(1, -1), classZero: at(-1.5, 1.5), summary: panel.summary.textContent };
  },
};
