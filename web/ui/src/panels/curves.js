// Loss (training and test) and accuracy over the steps, from the engine's evaluations.
import { Panel } from './panel.js';
import { h } from '../dom.js';
import { fit, drawYAxis, range, niceTicks, drawSeries } from '../charts/canvas.js';
import { BLUE, ORANGE } from '../colors.js';
import { fmt, dataNum } from '../format.js';

export class CurvesPanel extends Panel {
  constructor(ctx, { tag } = {}) {
    super({
      ctx, tag, name: 'curves', title: 'Loss and accuracy',
      help: 'Training loss (solid blue) and test loss (dashed orange), evaluated by the engine on the whole training and ' +
        'test sets; below, the accuracy for classification. A test loss that rises while the training loss falls is overfitting.',
    });
    this.logBox = h('input', { type: 'checkbox', checked: true, onchange: () => this.redraw() });
    this.tools.append(h('label', { class: 'gl-check' }, this.logBox, 'log scale'));
    this.loss = h('canvas', { class: 'gl-canvas', role: 'img', 'aria-label': 'Loss over steps' });
    this.acc = h('canvas', { class: 'gl-canvas', role: 'img', 'aria-label': 'Accuracy over steps' });
    this.body.append(
      h('p', { class: 'gl-legend' },
        h('span', { class: 'gl-key' }, h('i', { class: 'gl-swatch gl-swatch-train' }), 'training'),
        h('span', { class: 'gl-key' }, h('i', { class: 'gl-swatch gl-swatch-test' }), 'test')),
      this.loss, this.acc);
    for (const c of [this.loss, this.acc]) this.hoverable(c, (e) => this.hover(e, c));
  }

  static extent(run) {
    return [...run.history.series('trainLoss'), ...run.history.series('testLoss')];
  }

  redraw() {
    const run = this.run;
    if (!run?.info) return;
    const hist = run.history;
    const steps = hist.steps();
    const train = hist.series('trainLoss');
    const test = hist.series('testLoss');
    const last = hist.last;
    this.el.dataset.step = String(last?.step ?? 0);
    this.el.dataset.trainLoss = dataNum(last?.trainLoss);
    this.el.dataset.firstTrainLoss = dataNum(hist.samples[0]?.trainLoss);
    const colors = this.ctx.colors();
    const log = this.logBox.checked;
    const xr = this.shared?.steps ?? { lo: steps[0] ?? 0, hi: Math.max(1, steps[steps.length - 1] ?? 1) };
    const lossVals = this.shared?.loss ?? [...train, ...test];
    const yr = range(lossVals, { log }) ?? { lo: log ? 0.01 : 0, hi: 1 };
    this.lossGeom = this.plot(this.loss, { steps, series: [[train, BLUE, []], [test, ORANGE, [5, 3]]], xr, yr, log, colors, label: 'loss', H: 150 });
    const classification = run.info.classification;
    this.acc.hidden = !classification;
    if (classification) {
      const a = hist.series('trainAccuracy');
      const b = hist.series('testAccuracy');
      this.accGeom = this.plot(this.acc, { steps, series: [[a, BLUE, []], [b, ORANGE, [5, 3]]], xr, yr: { lo: 0, hi: 1 }, log: false, colors, label: 'accuracy', H: 110 });
    }
    if (last) {
      const acc = last.testAccuracy !== null ? `; test accuracy ${fmt(100 * last.testAccuracy)}%` : '';
      this.say(`Step ${last.step}: training loss ${fmt(last.trainLoss, 4)}, test loss ${fmt(last.testLoss, 4)}${acc}.`);
    }
  }

  plot(canvas, { steps, series, xr, yr, log, colors, label, H }) {
    const W = this.width;
    const ctx = fit(canvas, W, H);
    const left = 44;
    const right = W - 8;
    const top = 6;
    const bottom = H - 18;
    const y = drawYAxis(ctx, { ...yr, log, left, right, top, bottom, colors, label });
    const x = (s) => left + ((s - xr.lo) / (xr.hi - xr.lo || 1)) * (right - left);
    ctx.font = colors.font;
    ctx.fillStyle = colors.muted;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const count = Math.max(2, Math.min(6, Math.floor((right - left) / 64)));
    for (const t of niceTicks(xr.lo, xr.hi, count)) {
      if (!Number.isInteger(t)) continue;
      const text = String(t);
      const w = ctx.measureText(text).width;
      ctx.fillText(text, Math.min(right - w / 2, Math.max(left + w / 2, x(t))), bottom + 3);
    }
    for (const [vals, color, dash] of series) drawSeries(ctx, vals, (i) => x(steps[i]), y, { color, width: 1.8, dash });
    return { left, right, x, steps };
  }

  hover(e, canvas) {
    const g = canvas === this.loss ? this.lossGeom : this.accGeom;
    const hist = this.run?.history;
    if (!g || !hist?.samples.length) return;
    const rect = canvas.getBoundingClientRect();
    const mx = e.clientX - rect.left;
    if (mx < g.left || mx > g.right) return this.ctx.tooltip.hide();
    let best = 0;
    for (let i = 1; i < g.steps.length; i++) if (Math.abs(g.x(g.steps[i]) - mx) < Math.abs(g.x(g.steps[best]) - mx)) best = i;
    const s = hist.samples[best];
    const lines = [`step ${s.step}`, `training loss ${fmt(s.trainLoss, 5)}`, `test loss ${fmt(s.testLoss, 5)}`];
    if (s.trainAccuracy !== null) lines.push(`accuracy ${fmt(100 * s.trainAccuracy)}% / ${fmt(100 * s.testAccuracy)}% (train / test)`);
    this.ctx.tooltip.show(e.clientX, e.clientY, lines);
  }
}
