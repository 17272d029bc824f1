// The chosen activation f(z) and its derivative f′(z), computed by the engine's own kernels.
import { Panel } from './panel.js';
import { h, replace } from '../dom.js';
import { fit, drawYAxis, range, niceTicks, drawSeries } from '../charts/canvas.js';
import { BLUE, ORANGE } from '../colors.js';
import { fmt } from '../format.js';
import { activationParams } from '../../../src/common.js';

const ABOUT = {
  linear: 'f(z) = z: a stack of linear layers is still one linear map.',
  sigmoid: "f′ is at most 0.25 (at z = 0) and vanishes on both sides: every sigmoid layer shrinks the back-propagated gradient at least 4×.",
  tanh: "f′ is 1 at z = 0 but vanishes for |z| ≳ 3: saturated units pass almost no gradient.",
  relu: "f′ is 1 for z > 0 and exactly 0 for z < 0: a unit whose input is negative for every example gets no gradient and is dead.",
  leaky_relu: 'f′ is the small leak slope for z < 0, never 0: units can be inactive but not dead.',
  elu: 'Smooth, saturating to -α for very negative z; f′ > 0 everywhere.',
  selu: 'λ·ELU with λ ≈ 1.0507, α ≈ 1.6733: with LeCun-normal weights, mean 0 / variance 1 is an attracting fixed point.',
  gelu: 'z·Φ(z): smooth, slightly negative for z < 0, close to ReLU for large |z|.',
  swish: 'z·sigmoid(βz) (SiLU for β = 1): smooth, non-monotonic near 0.',
  mish: 'z·tanh(softplus(z)): smooth, non-monotonic near 0.',
  softplus: 'log(1 + eᶻ): a smooth ReLU; f′ = sigmoid(z) never reaches 0.',
};

export class ActivationPanel extends Panel {
  constructor(ctx, { tag } = {}) {
    super({
      ctx, tag, name: 'activation', title: 'Activation function',
      help: 'The hidden layers\' activation f(z) (solid blue) and its derivative f′(z) (dashed orange), evaluated by the engine. ' +
        'Back-propagation multiplies the gradient by f′(z) at every layer: where f′ is small the gradient shrinks, where it is 0 it stops.',
    });
    this.select = h('select', { 'aria-label': 'Activation of layer', onchange: () => this.refresh() });
    this.tools.append(h('label', { class: 'gl-inline' }, 'layer ', this.select));
    this.canvas = h('canvas', { class: 'gl-canvas', role: 'img', 'aria-label': 'Activation function and derivative' });
    this.about = h('p', { class: 'gl-legend' });
    this.body.append(
      h('p', { class: 'gl-legend' },
        h('span', { class: 'gl-key' }, h('i', { class: 'gl-swatch gl-swatch-train' }), 'f(z)'),
        h('span', { class: 'gl-key' }, h('i', { class: 'gl-swatch gl-swatch-test' }), 'f′(z)')),
      this.canvas, this.about);
    this.curve = null;
    this.key = '';
    this.drawnColors = null;  // the theme colours of the last drawing
  }

  update(run) {
    this.run = run;
    const acts = run.info.layers.slice(0, -1).map((l) => l.activation);
    const distinct = [...new Set(acts)];
    const key = distinct.join(',');
    if (key !== this.selectKey) {
      this.selectKey = key;
      replace(this.select, ...(distinct.length ? distinct : [run.config.activation]).map((a) => h('option', { value: a, text: a })));
      this.select.parentElement.hidden = distinct.length < 2;
    }
    this.refresh();
  }

  async refresh() {
    const run = this.run;
    if (!run) return;
    const c = run.config;
    const activation = this.select.value || c.activation;
    const spec = { activation, ...Object.fromEntries(activationParams(activation).map((k) => [k, c[k]])) };
    const key = JSON.stringify(spec);
    if (key === this.key) {
      // The same curve: drawn already, unless the theme changed (a new colours object).
      if (this.ctx.colors() !== this.drawnColors) this.redraw();
      return;
    }
    this.key = key;
    this.drawnColors = null;  // the theme colours of the last drawing
    try {
      const curve = await run.curve(spec);
      if (this.key !== key) return;
      this.curve = { ...curve, name: spec.activation };
    } catch {
      this.curve = null;
    }
    this.redraw();
  }

  redraw() {
    const c = this.curve;
    if (!c) return;
    const W = this.width;
    const H = 170;
    const ctx = fit(this.canvas, W, H);
    const colors = this.ctx.colors();
    this.drawnColors = colors;
    const left = 36;
    const right = W - 6;
    const top = 6;
    const bottom = H - 18;
    const yr = range([...c.f, ...c.df, 0, 1], { pad: 0.08 });
    const y = drawYAxis(ctx, { ...yr, log: false, left, right, top, bottom, colors });
    const lo = c.x[0];
    const hi = c.x[c.x.length - 1];
    const x = (v) => left + ((v - lo) / (hi - lo)) * (right - left);
    ctx.font = colors.font;
    ctx.fillStyle = colors.muted;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of niceTicks(lo, hi, 5)) ctx.fillText(fmt(t), x(t), bottom + 3);
    ctx.strokeStyle = colors.muted;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(x(0), top);
    ctx.lineTo(x(0), bottom);
    ctx.stroke();
    drawSeries(ctx, c.f, (i) => x(c.x[i]), y, { color: BLUE });
    drawSeries(ctx, c.df, (i) => x(c.x[i]), y, { color: ORANGE, dash: [5, 3] });
    let dmax = 0;
    for (const v of c.df) if (Number.isFinite(v)) dmax = Math.max(dmax, Math.abs(v));
    const about = `${c.name}: ${ABOUT[c.name] ?? ''} Largest |f′| on this range: ${fmt(dmax, 3)}.`;
    if (this.about.textContent !== about) this.about.textContent = about;
    this.say(`Activation ${c.name}: largest derivative ${fmt(dmax, 3)}.`);
  }
}
