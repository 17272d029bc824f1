// The activations f(z) and f′(z), computed by the engine's own kernels and overlaid: this
// network's (thick), ReLU as the reference, and whichever others the learner ticks (the ReLU
// family by default), on the stretch of z where they differ, with the points that tell them
// apart marked (activation-marks.js). The marks' numbers are in data-mark-* attributes, the
// same sentences in the list under the chart and the text summary.
import { Panel } from './panel.js';
import { h, replace } from '../dom.js';
import { fit, yScale, niceTicks, drawSeries, range } from '../charts/canvas.js';
import { activationColor } from '../colors.js';
import { dataNum } from '../format.js';
import { PROBES, MARKS, MARK_PROBES, markKey, fmt } from './activation-marks.js';

/** The ReLU family: the default overlay. */
export const RELU_FAMILY = ['relu', 'leaky_relu', 'elu', 'selu', 'gelu', 'swish', 'mish'];
/** The stretches of z the panel can show: near 0 (where the family differs) or wide. */
// `f`: a fixed f(z) range that zooms in on the dip (curves leaving it are cut off).
export const VIEWS = {
  near: { lo: -4, hi: 2, text: 'z −4…2' },
  dip: { lo: -3, hi: 0.5, f: [-0.4, 0.5], text: 'the dip: z −3…0.5' },
  wide: { lo: -10, hi: 10, text: 'z −10…10' },
};
const DISPLAY_POINTS = 601;

const ABOUT = {
  linear: 'f(z) = z: a stack of linear layers is still one linear map.',
  sigmoid: 'f′ is largest at z = 0 and vanishes on both sides: every sigmoid layer shrinks the back-propagated gradient.',
  tanh: 'f′ is 1 at z = 0 but vanishes for |z| ≳ 3: saturated units pass almost no gradient.',
  relu: 'f′ is 1 for z > 0 and exactly 0 for z < 0: a unit whose input is negative for every example gets no gradient and is dead.',
  leaky_relu: 'f′ is the small leak slope for z < 0, never 0: units can be inactive but not dead.',
  elu: 'Smooth, saturating to −α for very negative z; f′ > 0 everywhere.',
  selu: 'λ·ELU with constants λ and α chosen so that, with LeCun-normal weights, mean 0 / variance 1 is an attracting fixed point.',
  gelu: 'z·Φ(z): smooth, slightly negative for z < 0, close to ReLU for large |z|.',
  swish: 'z·sigmoid(βz) (SiLU for β = 1): smooth and non-monotonic — below zero it dips to a minimum, then rises back towards 0.',
  mish: 'z·tanh(softplus(z)): smooth and non-monotonic, with a dip a little deeper than swish\'s.',
  softplus: 'log(1 + eᶻ): a smooth ReLU; f′ = sigmoid(z) never reaches 0.',
};

export class ActivationPanel extends Panel {
  constructor(ctx, { tag } = {}) {
    super({
      ctx, tag, name: 'activation', title: 'Activation functions',
      help: 'Activations f(z) (top) and their slopes f′(z) (bottom), evaluated by the engine: this network\'s thick, ReLU (the ' +
        'reference) in the text colour, the others you tick thin. Back-propagation multiplies the gradient by f′(z) at every ' +
        'layer: where f′ is small the gradient shrinks, where it is 0 it stops. The dots and dashed lines mark what tells ' +
        'them apart — swish\'s and mish\'s dip, ELU\'s and SELU\'s floor, SELU\'s λ, GELU\'s smooth bend at 0, ReLU\'s jump.',
    });
    this.viewSelect = h('select', { 'aria-label': 'Stretch of z', onchange: () => { this.viewChosen = true; this.refresh(); } },
      ...Object.entries(VIEWS).map(([v, { text }]) => h('option', { value: v, text })));
    this.tools.append(h('label', { class: 'gl-inline' }, 'show ', this.viewSelect));
    // the legend (the curves shown, in their colours) opens the list to tick others
    this.legendKeys = h('span', { class: 'gl-act-keys' });
    this.picks = h('fieldset', { class: 'gl-checks gl-act-picks' });
    this.picker = h('details', { class: 'gl-act-picker' }, h('summary', { 'aria-label': 'Activations shown (open to choose)' }, this.legendKeys), this.picks);
    this.canvas = h('canvas', { class: 'gl-canvas', role: 'img', 'aria-label': 'Activation functions and their derivatives' });
    this.about = h('p', { class: 'gl-act-about' });
    this.markList = h('ul', { class: 'gl-act-marks' });
    this.moreList = h('ul', { class: 'gl-act-marks' });
    this.more = h('details', { class: 'gl-act-more' }, h('summary', { text: 'The other marked points' }), this.moreList);
    this.body.append(this.picker, this.canvas, this.about, this.markList, this.more);
    // the marks' list says it all on screen; the summary stays for assistive technology
    this.summary.classList.add('gl-sr');
    this.hoverable(this.canvas, (e) => this.hover(e));
    /** The activations ticked, or null: the default (the ReLU family and this network's). */
    this.picked = null;
    this.inUse = [];
    this.key = '';
    this.shown = null;  // {names, view, curves: {name: curve}, marks: {name: [mark]}}
    this.drawnColors = null;
  }

  /** The activations the overlay shows, this network's first. */
  names() {
    const all = Object.keys(this.ctx.activations);
    const picked = this.picked ?? new Set([...RELU_FAMILY, ...this.inUse]);
    return [...this.inUse, ...all.filter((a) => picked.has(a) && !this.inUse.includes(a))];
  }

  update(run) {
    this.run = run;
    const inUse = [...new Set(run.info.layers.slice(0, -1).map((l) => l.activation))];
    if (!inUse.length) inUse.push(run.config.activation);
    if (inUse.join() !== this.inUse.join()) {
      this.inUse = inUse;
      this.renderPicks();
      // a network with a dip opens on it, until the learner picks a stretch
      if (!this.viewChosen) this.viewSelect.value = inUse.some((a) => MARK_PROBES[a]?.includes('dip')) ? 'dip' : 'near';
    }
    this.refresh();
  }

  renderPicks() {
    const names = new Set(this.names());
    const boxes = Object.entries(this.ctx.activations).map(([a, { label }]) => {
      const box = h('input', { type: 'checkbox', checked: names.has(a), disabled: this.inUse.includes(a), value: a, onchange: () => this.pick() });
      const swatch = h('i', { class: 'gl-swatch' });
      swatch.style.background = activationColor(a, 'currentColor');
      return h('label', { class: 'gl-check' }, box, swatch, label);
    });
    replace(this.picks, h('legend', { class: 'gl-sr', text: 'Activations to overlay' }), ...boxes);
  }

  pick() {
    this.picked = new Set([...this.picks.querySelectorAll('input:checked')].map((b) => b.value));
    this.refresh();
  }

  /** The engine's parameters of activation `a` as this run has them. */
  spec(a) {
    const c = this.run.config;
    return { activation: a, ...Object.fromEntries((this.ctx.activations[a]?.params ?? []).map((k) => [k, c[k]])) };
  }

  async refresh() {
    const run = this.run;
    if (!run) return;
    const view = VIEWS[this.viewSelect.value] ?? VIEWS.near;
    const names = this.names();
    const specs = Object.fromEntries(names.map((a) => [a, this.spec(a)]));
    const key = JSON.stringify({ specs, view });
    if (key === this.key) {
      // the same curves: drawn already, unless the theme changed (a new colours object)
      if (this.ctx.colors() !== this.drawnColors) this.redraw();
      return;
    }
    this.key = key;
    try {
      const curves = {};
      const marks = {};
      await Promise.all(names.map(async (a) => {
        const probes = MARK_PROBES[a] ?? [];
        // awaited together: a curve left pending when another fails (its engine disposed by a
        // new run) would reject unhandled
        const [display, ...got] = await Promise.all([run.curve(specs[a], { lo: view.lo, hi: view.hi, n: DISPLAY_POINTS }), ...probes.map((p) => run.curve(specs[a], PROBES[p]))]);
        curves[a] = display;
        if (probes.length) marks[a] = MARKS[a](Object.fromEntries(probes.map((p, i) => [p, got[i]])), this.ctx.activations[a]?.label ?? a);
      }));
      if (this.key !== key) return;
      this.shown = { names, view, curves, marks };
    } catch {
      if (this.key !== key) return;
      this.shown = null;
    }
    this.redraw();
  }

  redraw() {
    const s = this.shown;
    if (!s) return;
    const colors = this.ctx.colors();
    this.drawnColors = colors;
    const W = this.width;
    // shorter on a phone, so the panel fits beside a lesson on one screen
    const fH = W < 420 ? 130 : 160;
    const dH = W < 420 ? 80 : 96;
    const gap = 20;
    const H = fH + gap + dH + 18;
    const ctx = fit(this.canvas, W, H);
    const left = 38;
    const right = W - 8;
    const { lo, hi } = s.view;
    const x = (v) => left + ((v - lo) / (hi - lo)) * (right - left);
    const all = (key) => s.names.flatMap((a) => Array.from(s.curves[a][key]));
    const marks = s.names.flatMap((a) => (s.marks[a] ?? []).map((m) => ({ ...m, name: a })));
    const fr = s.view.f ? { lo: s.view.f[0], hi: s.view.f[1] } : range([...all('f'), 0, ...marks.filter((m) => m.chart === 'f').map((m) => m.y)], { pad: 0.06 });
    const dr = range([...all('df'), 0, 1], { pad: 0.08 });
    const charts = {
      f: { top: 4, bottom: fH, ...fr, title: 'f(z)' },
      df: { top: fH + gap, bottom: fH + gap + dH, ...dr, title: 'f′(z)' },
    };
    ctx.font = colors.font;
    for (const c of Object.values(charts)) {
      c.y = yScale({ lo: c.lo, hi: c.hi, log: false, top: c.top, bottom: c.bottom });
      ctx.lineWidth = 1;
      ctx.textAlign = 'right';
      ctx.textBaseline = 'middle';
      for (const t of niceTicks(c.lo, c.hi, c === charts.f ? 5 : 3)) {
        const py = Math.round(c.y(t)) + 0.5;
        ctx.strokeStyle = t === 0 ? colors.muted : colors.grid;
        ctx.beginPath();
        ctx.moveTo(left, py);
        ctx.lineTo(right, py);
        ctx.stroke();
        ctx.fillStyle = colors.muted;
        ctx.fillText(fmt(t), left - 4, py);
      }
      ctx.strokeStyle = colors.muted;
      ctx.beginPath();
      ctx.moveTo(Math.round(x(0)) + 0.5, c.top);
      ctx.lineTo(Math.round(x(0)) + 0.5, c.bottom);
      ctx.stroke();
      ctx.fillStyle = colors.fg;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'top';
      ctx.fillText(c.title, left + 4, c.top + 1);
    }
    ctx.fillStyle = colors.muted;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of niceTicks(lo, hi, 6)) ctx.fillText(fmt(t), x(t), charts.df.bottom + 3);
    // the reference first, this network's last (on top)
    const order = [...s.names].sort((a, b) => rank(a, this.inUse) - rank(b, this.inUse));
    for (const a of order) {
      const c = s.curves[a];
      const color = activationColor(a, colors.fg);
      const width = this.inUse.includes(a) ? 3 : a === 'relu' ? 1.5 : 1.6;
      const dash = a === 'relu' && !this.inUse.includes(a) ? [6, 3] : [];
      for (const [key, chart] of [['f', charts.f], ['df', charts.df]]) {
        drawSeries(ctx, c[key], (i) => x(c.x[i]), clipTo(chart), { color, width, dash });
      }
    }
    this.geom = { x, left, right, lo, hi, charts };
    this.drawMarks(ctx, marks, charts, x, colors, { left, right });
    this.describe(s, marks);
  }

  drawMarks(ctx, marks, charts, x, colors, { left, right }) {
    const placed = [];
    ctx.font = colors.font;
    for (const m of marks) {
      const chart = charts[m.chart];
      const color = activationColor(m.name, colors.fg);
      ctx.strokeStyle = color;
      ctx.fillStyle = color;
      ctx.lineWidth = 1.5;
      // where the label may go, best first (each (x, y) is a box's top left, given its width w)
      let spots;
      // a mark outside the stretch shown is only listed under the chart
      if (m.y < chart.lo || m.y > chart.hi || (m.z !== undefined && (m.z < this.geom.lo || m.z > this.geom.hi))) continue;
      if (m.kind === 'floor') {
        const py = chart.y(m.y);
        ctx.setLineDash([2, 3]);
        ctx.beginPath();
        ctx.moveTo(left, py);
        ctx.lineTo(right, py);
        ctx.stroke();
        ctx.setLineDash([]);
        // beside the line, never across it: under or over it at the left, where the curve
        // approaches it, else at the right, where the curves have left
        spots = (w) => [[left + 4, py + 2], [left + 4, py - 14], [right - w - 4, py + 2], [right - w - 4, py - 14]];
      } else {
        const px = x(m.z);
        const py = chart.y(m.y);
        if (m.kind === 'tangent') {
          // a short stretch of the tangent: about 24 px either side along z
          const dz = (24 * (this.geom.hi - this.geom.lo)) / (right - left);
          ctx.beginPath();
          ctx.moveTo(x(m.z - dz), chart.y(m.y - m.slope * dz));
          ctx.lineTo(x(m.z + dz), chart.y(m.y + m.slope * dz));
          ctx.stroke();
        } else if (m.kind === 'jump') {
          ctx.setLineDash([2, 2]);
          ctx.beginPath();
          ctx.moveTo(px, py);
          ctx.lineTo(px, chart.y(m.to));
          ctx.stroke();
          ctx.setLineDash([]);
          dot(ctx, px, chart.y(m.to));
        } else if (m.guide) {
          ctx.setLineDash([2, 3]);
          ctx.beginPath();
          ctx.moveTo(px, chart.top);
          ctx.lineTo(px, charts.df.bottom);
          ctx.stroke();
          ctx.setLineDash([]);
        }
        dot(ctx, px, py);
        spots = (w) => [[px + 5, py + 3], [px - w - 5, py + 3], [px + 5, py - 15], [px - w - 5, py - 15], [px + 5, py + 16], [px - w - 5, py + 16]];
      }
      // a label where it overlaps no other (the list under the chart has every number)
      const w = ctx.measureText(m.label).width;
      const box = fitLabel(spots(w).map(([x, y]) => ({ x, y, w, h: 12 })), placed, { left, right, top: chart.top, bottom: chart.bottom });
      if (box) placed.push({ ...box, text: m.label, color });
    }
    // the labels over every line and dot, each in a halo of the panel's colour so that it
    // stays readable where curves and guides cross it
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.lineJoin = 'round';
    ctx.lineWidth = 4;
    ctx.strokeStyle = colors.panel;
    for (const b of placed) ctx.strokeText(b.text, b.x, b.y);
    for (const b of placed) {
      ctx.fillStyle = b.color;
      ctx.fillText(b.text, b.x, b.y);
    }
    this.geom.labels = placed;
    this.el.dataset.labelBoxes = JSON.stringify(placed.map((b) => [...[b.x, b.y, b.w, b.h].map((v) => Math.round(v * 10) / 10), b.text]));
  }

  describe(s, marks) {
    const el = this.el;
    for (const k of Object.keys(el.dataset)) if (k.startsWith('mark')) delete el.dataset[k];
    el.dataset.shown = s.names.join(',');
    el.dataset.inUse = this.inUse.join(',');
    el.dataset.viewLo = String(s.view.lo);
    el.dataset.viewHi = String(s.view.hi);
    for (const m of marks) for (const [k, v] of Object.entries(m.data)) el.dataset[markKey(m.name, k)] = dataNum(v);
    const label = (a) => this.ctx.activations[a]?.label ?? a;
    const about = this.inUse.map((a) => `${label(a)}: ${ABOUT[a] ?? ''}`).join(' ');
    if (this.about.textContent !== about) this.about.textContent = about;
    // this network's marks and the reference's under the chart, the others folded
    const first = (m) => this.inUse.includes(m.name) || m.name === 'relu';
    const item = (m) => h('li', { text: `${m.text}.` });
    replace(this.markList, ...marks.filter(first).map(item));
    replace(this.moreList, ...marks.filter((m) => !first(m)).map(item));
    this.more.hidden = this.moreList.childElementCount === 0;
    replace(this.legendKeys, ...s.names.map((a) => {
      const swatch = h('i', { class: 'gl-swatch' });
      swatch.style.background = activationColor(a, 'currentColor');
      return h('span', { class: `gl-key${this.inUse.includes(a) ? ' gl-act-own' : ''}` }, swatch, label(a));
    }), h('span', { class: 'gl-act-choose', text: 'choose…' }));
    const dmax = Math.max(...this.inUse.map((a) => Math.max(...Array.from(s.curves[a]?.df ?? [0]).filter(Number.isFinite).map(Math.abs))));
    this.say(`Activation${this.inUse.length > 1 ? 's' : ''} of this network: ${this.inUse.map(label).join(', ')} (largest |f′| for z from ${fmt(s.view.lo)} to ${fmt(s.view.hi)}: ${fmt(dmax, 3)}). ` +
      `Overlaid: ${s.names.filter((a) => !this.inUse.includes(a)).map(label).join(', ') || 'none'}; ${marks.length} marked points, listed above.`);
  }

  hover(e) {
    const g = this.geom;
    const s = this.shown;
    if (!g || !s) return;
    const rect = this.canvas.getBoundingClientRect();
    const mx = e.clientX - rect.left;
    if (mx < g.left || mx > g.right) return this.ctx.tooltip.hide();
    const z = g.lo + ((mx - g.left) / (g.right - g.left)) * (g.hi - g.lo);
    const lines = [`z = ${fmt(z, 3)}`];
    for (const a of s.names) {
      const c = s.curves[a];
      const i = Math.max(0, Math.min(c.x.length - 1, Math.round(((z - c.x[0]) / (c.x[c.x.length - 1] - c.x[0])) * (c.x.length - 1))));
      lines.push(`${this.ctx.activations[a]?.label ?? a}: f = ${fmt(c.f[i], 4)}, f′ = ${fmt(c.df[i], 4)}`);
    }
    this.ctx.tooltip.show(e.clientX, e.clientY, lines);
  }
}

const rank = (a, inUse) => (inUse.includes(a) ? 2 : a === 'relu' ? 0 : 1);

/** A y scale that gives up (breaks the line) outside the chart's rows. */
const clipTo = (chart) => (v) => {
  if (!Number.isFinite(v) || v < chart.lo || v > chart.hi) return null;
  return chart.y(v);
};

function dot(ctx, x, y) {
  ctx.beginPath();
  ctx.arc(x, y, 3.5, 0, 2 * Math.PI);
  ctx.fill();
}

/** The first of the boxes `spots` inside the chart that comes no closer than GAP px to a label placed, or null. */
const GAP = 4;
function fitLabel(spots, placed, { left, right, top, bottom }) {
  const inside = (b) => b.x >= left && b.x + b.w <= right && b.y >= top && b.y + b.h <= bottom;
  const hit = (b) => placed.some((o) => b.x < o.x + o.w + GAP && o.x < b.x + b.w + GAP && b.y < o.y + o.h && o.y < b.y + b.h);
  return spots.find((b) => inside(b) && !hit(b)) ?? null;
}
