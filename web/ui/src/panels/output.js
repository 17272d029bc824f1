// Output: the decision boundary (classification) or the regression surface over the input
// plane, with the training points (white ring) and test points (dark ring); for the 1-D data
// set, the fitted curve over the points.
import { Panel } from './panel.js';
import { h } from '../dom.js';
import { fit, drawMatrix, niceTicks, drawSeries } from '../charts/canvas.js';
import { divergingLut, classColor, classShade, outputColor, outputRange, lutIndex, lutColor, BLUE, ORANGE } from '../colors.js';
import { fmt } from '../format.js';

export class OutputPanel extends Panel {
  constructor(ctx, { tag } = {}) {
    super({
      ctx, tag, name: 'output', title: 'Output',
      help: 'The network\'s output over the whole input plane, computed by the engine on a grid: blue for positive / class 1, ' +
        'orange for negative / class 0 (more classes: one colour each). Circles are the data: white ring = training point, ' +
        'dark ring = test point. A good fit puts every point on a background of its own colour.',
    });
    this.canvas = h('canvas', { class: 'gl-canvas', role: 'img', 'aria-label': 'Output heatmap with data points' });
    this.showTest = h('input', { type: 'checkbox', checked: true, onchange: () => this.redraw() });
    this.discrete = h('input', { type: 'checkbox', onchange: () => this.redraw() });
    this.tools.append(
      h('label', { class: 'gl-check' }, this.showTest, 'test data'),
      h('label', { class: 'gl-check' }, this.discrete, 'discretise'));
    this.body.append(this.canvas);
    this.hoverable(this.canvas, (e) => this.hover(e));
  }

  redraw() {
    const run = this.run;
    if (!run?.info) return;
    const size = Math.max(160, Math.min(this.width, 460));
    const ctx = fit(this.canvas, size, run.info.gridDims === 1 ? Math.round(size * 0.7) : size);
    const colors = this.ctx.colors();
    this.geom = null;
    if (run.info.gridDims === 0) {
      ctx.fillStyle = colors.muted;
      ctx.font = colors.font;
      ctx.fillText('No input plane for this data set:', 10, 20);
      ctx.fillText('see the loss and the gradient panels.', 10, 36);
      this.say('This data set has no 2-D input plane to draw.');
      return;
    }
    if (run.info.gridDims === 1) return this.draw1d(ctx, size, colors);
    this.draw2d(ctx, size, colors);
  }

  // The colour of an output cell, as [r, g, b]: the one mapping from output value to colour
  // (colors.js) the network diagram's output units use too.
  colorer(run, values, colors) {
    const info = run.info;
    const k = info.outputs;
    const discrete = this.discrete.checked;
    if (info.classification && k > 1) {
      return (i) => {
        let best = 0;
        for (let c = 1; c < k; c++) if (values[i * k + c] > values[i * k + best]) best = c;
        return classShade(best, values[i * k + best], k, info.classes, colors.mid, discrete);
      };
    }
    const range = this.valueRange(run);
    return (i) => {
      let v = values[i * k];
      if (discrete && info.classification && Number.isFinite(v)) v = v > (range.lo + range.hi) / 2 ? range.hi : range.lo;
      return outputColor(v, range, colors.mid);
    };
  }

  valueRange(run) {
    return outputRange(run.info, run.points?.targets ?? []);
  }

  draw2d(ctx, size, colors) {
    const run = this.run;
    const D = this.ctx.domain;
    const pad = 18;
    const area = size - pad;
    const x0 = pad;
    const y0 = 0;
    this.geom = { x0, y0, area, D };
    if (run.grid) {
      const res = run.gridRes;
      drawMatrix(ctx, { cols: res, rows: res, x: x0, y: y0, w: area, h: area, color: this.colorer(run, run.grid, colors) });
    } else {
      ctx.fillStyle = colors.grid;
      ctx.fillRect(x0, y0, area, area);
    }
    // axes: integer ticks of the data's coordinates
    ctx.font = colors.font;
    ctx.fillStyle = colors.muted;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of niceTicks(-D, D, 6)) {
      const px = x0 + ((t + D) / (2 * D)) * area;
      ctx.fillText(fmt(t), px, area + 3);
      const py = y0 + ((D - t) / (2 * D)) * area;
      ctx.textAlign = 'right';
      ctx.textBaseline = 'middle';
      ctx.fillText(fmt(t), x0 - 3, py);
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
    }
    this.drawPoints(ctx, colors);
    const m = run.metrics;
    this.say(m ? `Output at step ${evaluatedAt(run)}: training loss ${fmt(m.trainLoss)}, test loss ${fmt(m.testLoss)}${m.testAccuracy !== null ? `, test accuracy ${fmt(100 * m.testAccuracy)}%` : ''}.` : 'Output: waiting for the engine.');
  }

  drawPoints(ctx, colors) {
    const run = this.run;
    const p = run.points;
    if (!p) return;
    const { x0, y0, area, D } = this.geom;
    const info = run.info;
    const { lo, hi } = this.valueRange(run);
    const lut = divergingLut(colors.mid);
    const r = Math.max(2, Math.min(4, area / 110));
    const draw = (idx, ring) => {
      for (const i of idx) {
        const x = p.coords[i * p.dims];
        const y = p.coords[i * p.dims + 1];
        const px = x0 + ((x + D) / (2 * D)) * area;
        const py = y0 + ((D - y) / (2 * D)) * area;
        if (px < x0 || px > x0 + area || py < y0 || py > y0 + area) continue;
        const t = p.targets[i * p.targetDim];
        ctx.fillStyle = info.classification ? classColor(t, info.classes) : lutColor(lut, lutIndex(t, lo, hi));
        ctx.beginPath();
        ctx.arc(px, py, r, 0, 2 * Math.PI);
        ctx.fill();
        ctx.lineWidth = 1;
        ctx.strokeStyle = ring;
        ctx.stroke();
      }
    };
    draw(p.train, '#ffffff');
    if (this.showTest.checked) draw(p.test, '#1d2430');
  }

  draw1d(ctx, size, colors) {
    const run = this.run;
    const D = this.ctx.domain;
    const W = size;
    const H = Math.round(size * 0.7);
    const left = 34;
    const bottom = H - 18;
    const top = 6;
    const p = run.points;
    let lo = -1;
    let hi = 1;
    const ys = [];
    if (p) for (let i = 0; i < p.targets.length; i++) ys.push(p.targets[i]);
    if (run.grid) for (const v of run.grid) ys.push(v);
    const fin = ys.filter(Number.isFinite);
    if (fin.length) {
      lo = Math.min(...fin);
      hi = Math.max(...fin);
      const d = (hi - lo) * 0.1 || 1;
      lo -= d;
      hi += d;
    }
    const X = (x) => left + ((x + D) / (2 * D)) * (W - left - 4);
    const Y = (y) => bottom - ((y - lo) / (hi - lo)) * (bottom - top);
    this.geom = { oneD: true, X, Y, D, left, W };
    ctx.strokeStyle = colors.grid;
    ctx.strokeRect(left, top, W - left - 4, bottom - top);
    ctx.font = colors.font;
    ctx.fillStyle = colors.muted;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of niceTicks(-D, D, 6)) ctx.fillText(fmt(t), X(t), bottom + 3);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of niceTicks(lo, hi, 4)) ctx.fillText(fmt(t), left - 3, Y(t));
    if (p) {
      const draw = (idx, ring) => {
        for (const i of idx) {
          ctx.fillStyle = BLUE;
          ctx.beginPath();
          ctx.arc(X(p.coords[i]), Y(p.targets[i]), 2.5, 0, 2 * Math.PI);
          ctx.fill();
          ctx.strokeStyle = ring;
          ctx.stroke();
        }
      };
      draw(p.train, '#ffffff');
      if (this.showTest.checked) draw(p.test, '#1d2430');
    }
    if (run.grid) {
      const res = run.gridRes;
      // the fitted curve at the grid's cell centres; a non-finite output breaks the line
      drawSeries(ctx, run.grid.subarray(0, res), (i) => X(-D + ((i + 0.5) * 2 * D) / res), (v) => (Number.isFinite(v) ? Y(v) : null), { color: ORANGE, width: 2 });
    }
    this.say(run.metrics ? `Fit at step ${evaluatedAt(run)}: training loss ${fmt(run.metrics.trainLoss)}.` : '');
  }

  hover(e) {
    const run = this.run;
    if (!this.geom || !run?.grid) return;
    const rect = this.canvas.getBoundingClientRect();
    const mx = e.clientX - rect.left;
    const my = e.clientY - rect.top;
    const g = this.geom;
    if (g.oneD) return;
    const { x0, y0, area, D } = g;
    if (mx < x0 || my < y0 || mx > x0 + area || my > y0 + area) return this.ctx.tooltip.hide();
    const x = -D + ((mx - x0) / area) * 2 * D;
    const y = D - ((my - y0) / area) * 2 * D;
    const res = run.gridRes;
    const col = Math.min(res - 1, Math.floor(((mx - x0) / area) * res));
    const row = Math.min(res - 1, Math.floor(((my - y0) / area) * res));
    const k = run.info.outputs;
    const vals = Array.from(run.grid.subarray((row * res + col) * k, (row * res + col + 1) * k));
    const lines = [`x₁ = ${fmt(x)}, x₂ = ${fmt(y)}`];
    if (k === 1) lines.push(`output ${Number.isFinite(vals[0]) ? fmt(vals[0], 4) : 'overflow (not finite)'}`);
    else vals.forEach((v, c) => lines.push(`class ${c}: ${fmt(v, 3)}`));
    this.ctx.tooltip.show(e.clientX, e.clientY, lines);
  }
}

/**
 * The step the figures drawn were evaluated at, said as such: a run that diverged shows its
 * last finite weights, evaluated before the step it diverged at.
 */
function evaluatedAt(run) {
  const at = run.metrics.evaluatedStep ?? run.metrics.step;
  return run.diverged && at !== run.step ? `${at} (the last finite weights; the run diverged at step ${run.diverged.step})` : String(at);
}
