// Output: the decision boundary (classification) or the regression surface over the input
// plane, with the training points (white ring) and test points (dark ring); for a line (fit1d,
// 1-D user data), the fitted curve over the points. The plane is the run's own
// (`info.inputDomain`: the built-in sets' box, or the one of the learner's points).
//
// With the learner's own points and drawing on (ctx.editor, data-editor.js), the plane takes
// clicks: a click adds a point of the chosen class or value, a drag moves one, shift-click
// (or the eraser) removes one; for a curve the height of the click is the point's value.
import { Panel } from './panel.js';
import { h } from '../dom.js';
import { fit, drawMatrix, niceTicks, drawSeries } from '../charts/canvas.js';
import { divergingLut, classColor, classShade, outputColor, outputRange, lutIndex, lutColor, BLUE, ORANGE } from '../colors.js';
import { fmt } from '../format.js';

// A press within this many pixels of a point picks the point (to move or erase it).
const HIT_PX = 9;
const PENDING_RING = '#8a8f98';

const sameBox = (a, b) => !!a && !!b && a.length === b.length && a.every(([lo, hi], j) => lo === b[j][0] && hi === b[j][1]);

export class OutputPanel extends Panel {
  constructor(ctx, { tag } = {}) {
    super({
      ctx, tag, name: 'output', title: 'Output',
      help: 'The network\'s output over the whole input plane, computed by the engine on a grid: blue for positive / class 1, ' +
        'orange for negative / class 0 (more classes: one colour each). Circles are the data: white ring = training point, ' +
        'dark ring = test point. A good fit puts every point on a background of its own colour. Grey: the output overflows there ' +
        '(not a finite number; a curve breaks instead). With your own data ' +
        '(the "Your data" panel), click the plane to add a point, drag one to move it, shift-click to remove it.',
    });
    this.canvas = h('canvas', { class: 'gl-canvas', role: 'img', 'aria-label': 'Output heatmap with data points' });
    this.showTest = h('input', { type: 'checkbox', checked: true, onchange: () => this.redraw() });
    this.discrete = h('input', { type: 'checkbox', onchange: () => this.redraw() });
    this.tools.append(
      h('label', { class: 'gl-check' }, this.showTest, 'test data'),
      h('label', { class: 'gl-check' }, this.discrete, 'discretise'));
    this.body.append(this.canvas);
    this.hoverable(this.canvas, (e) => this.hover(e));
    this.editor = ctx.editor ?? null;
    if (this.editor) {
      this.unlisten = this.editor.onChange(() => this.redraw());
      this.canvas.addEventListener('pointerdown', (e) => this.press(e));
      this.canvas.addEventListener('pointermove', (e) => this.drag(e));
      this.canvas.addEventListener('pointerup', () => this.release());
      this.canvas.addEventListener('pointercancel', () => this.editor.cancel());
      this.canvas.addEventListener('lostpointercapture', () => this.release());
    }
  }

  /** Whether this panel edits the learner's points now (drawing on, and the page trains on them). */
  get editing() {
    return !!this.editor?.active && !!this.run?.info;
  }

  // The box the panel draws: the points' own while they are edited, else the run's plane.
  box(run) {
    if (this.editing && this.editor.data?.domain) return this.editor.data.domain;
    if (run.info.inputDomain) return run.info.inputDomain;
    const D = this.ctx.domain;
    return Array.from({ length: run.info.gridDims }, () => [-D, D]);
  }

  redraw() {
    const run = this.run;
    if (!run?.info) return;
    const editing = this.editing;
    const oneD = editing ? this.editor.data.inputDim === 1 : run.info.gridDims === 1;
    const size = Math.max(160, Math.min(this.width, 460));
    const ctx = fit(this.canvas, size, oneD ? Math.round(size * 0.7) : size);
    const colors = this.ctx.colors();
    this.geom = null;
    this.el.dataset.drawing = String(editing);
    this.canvas.style.touchAction = editing ? 'none' : '';
    this.canvas.style.cursor = editing ? (this.editor.tool === 'erase' ? 'not-allowed' : 'crosshair') : '';
    if (!editing && run.info.gridDims === 0) {
      ctx.fillStyle = colors.muted;
      ctx.font = colors.font;
      ctx.fillText('No input plane for this data set:', 10, 20);
      ctx.fillText('see the loss and the gradient panels.', 10, 36);
      this.say('This data set has no 2-D input plane to draw.');
      return;
    }
    if (oneD) return this.draw1d(ctx, size, colors);
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
    return outputRange(run.info, this.shownPoints(run)?.targets ?? []);
  }

  /** Whether the run trains on what the panel shows (while editing: on the learner's committed points). */
  trainedOn(run) {
    return !this.editing || (!!run.data && run.data === this.editor.committed());
  }

  /**
   * The points drawn: {dims, coords, targets, targetDim, train, test, classes, classification}
   * — the learner's as they are edited (the split is the run's while the points are the run's
   * ones, or the same number of them during a drag; else none yet), else the engine's.
   */
  shownPoints(run) {
    if (!this.editing) {
      const p = run.points;
      return p && { ...p, classes: run.info.classes, classification: run.info.classification };
    }
    const d = this.editor.data;
    const n = d.inputs.length / d.inputDim;
    const split = this.trainedOn(run) && run.points && run.points.coords.length === d.inputs.length && run.points.dims === d.inputDim;
    const all = Array.from({ length: n }, (_, i) => i);
    return {
      dims: d.inputDim, coords: d.inputs, targets: d.targets, targetDim: 1,
      train: split ? run.points.train : [], test: split ? run.points.test : [], pending: split ? [] : all,
      classes: d.classes, classification: d.task === 'classification',
    };
  }

  draw2d(ctx, size, colors) {
    const run = this.run;
    const box = this.box(run);
    const [[lo0, hi0], [lo1, hi1]] = box;
    const pad = 18;
    const area = size - pad;
    const x0 = pad;
    const y0 = 0;
    const X = (x) => x0 + ((x - lo0) / (hi0 - lo0)) * area;
    const Y = (y) => y0 + ((hi1 - y) / (hi1 - lo1)) * area;
    const symmetric = lo0 === -hi0 && lo1 === lo0 && hi1 === hi0;
    this.geom = { x0, y0, area, box, X, Y, D: symmetric ? hi0 : null };
    // the engine's grid covers the run's plane: drawn when that is the plane shown
    if (run.grid && this.trainedOn(run) && sameBox(box, run.info.inputDomain ?? box)) {
      const res = run.gridRes;
      drawMatrix(ctx, { cols: res, rows: res, x: x0, y: y0, w: area, h: area, color: this.colorer(run, run.grid, colors) });
    } else {
      ctx.fillStyle = colors.grid;
      ctx.fillRect(x0, y0, area, area);
    }
    // axes: round ticks of the data's coordinates
    ctx.font = colors.font;
    ctx.fillStyle = colors.muted;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of niceTicks(lo0, hi0, 6)) if (t >= lo0 && t <= hi0) ctx.fillText(fmt(t), X(t), area + 3);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of niceTicks(lo1, hi1, 6)) if (t >= lo1 && t <= hi1) ctx.fillText(fmt(t), x0 - 3, Y(t));
    this.drawPoints(ctx, colors);
    const m = run.metrics;
    const n = this.shownPoints(run)?.coords.length / 2 || 0;
    this.say(!this.trainedOn(run)
      ? `Your ${n} points, not trained on yet.`
      : m ? `Output at step ${evaluatedAt(run)}: training loss ${fmt(m.trainLoss)}, test loss ${fmt(m.testLoss)}${m.testAccuracy !== null ? `, test accuracy ${fmt(100 * m.testAccuracy)}%` : ''}.` : 'Output: waiting for the engine.');
  }

  drawPoints(ctx, colors) {
    const run = this.run;
    const p = this.shownPoints(run);
    if (!p) return;
    const { x0, y0, area, X, Y } = this.geom;
    const { lo, hi } = this.valueRange(run);
    const lut = divergingLut(colors.mid);
    const r = Math.max(2, Math.min(4, area / 110)) + (this.editing ? 1 : 0);
    const draw = (idx, ring) => {
      for (const i of idx) {
        const px = X(p.coords[i * p.dims]);
        const py = Y(p.coords[i * p.dims + 1]);
        if (px < x0 || px > x0 + area || py < y0 || py > y0 + area) continue;
        const t = p.targets[i * p.targetDim];
        ctx.fillStyle = p.classification ? classColor(t, p.classes) : lutColor(lut, lutIndex(t, lo, hi));
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
    if (p.pending) draw(p.pending, PENDING_RING);
  }

  draw1d(ctx, size, colors) {
    const run = this.run;
    const [[lo0, hi0]] = this.box(run);
    const W = size;
    const H = Math.round(size * 0.7);
    const left = 34;
    const bottom = H - 18;
    const top = 6;
    const p = this.shownPoints(run);
    const classes = p?.classification ? p.classes : 0;
    const k = run.info.outputs;
    const gridShown = run.grid && this.trainedOn(run) && sameBox(this.box(run), run.info.inputDomain ?? this.box(run));
    let lo = -1;
    let hi = 1;
    const ys = [];
    if (p) for (let i = 0; i < p.targets.length; i++) ys.push(p.targets[i]);
    if (gridShown && !classes) for (const v of run.grid) ys.push(v);
    // while points are drawn the value axis holds still: at least the plane's own extent
    if (this.editing) ys.push(-(hi0 - lo0) / 2, (hi0 - lo0) / 2);
    const fin = ys.filter(Number.isFinite);
    if (classes) {
      lo = -0.1;
      hi = 1.1;
    } else if (fin.length) {
      lo = Math.min(...fin);
      hi = Math.max(...fin);
      const d = (hi - lo) * 0.1 || 1;
      lo -= d;
      hi += d;
    }
    const X = (x) => left + ((x - lo0) / (hi0 - lo0)) * (W - left - 4);
    const Y = (y) => bottom - ((y - lo) / (hi - lo)) * (bottom - top);
    this.geom = { oneD: true, X, Y, lo0, hi0, lo, hi, left, W, top, bottom, D: lo0 === -hi0 ? hi0 : null };
    ctx.strokeStyle = colors.grid;
    ctx.strokeRect(left, top, W - left - 4, bottom - top);
    ctx.font = colors.font;
    ctx.fillStyle = colors.muted;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of niceTicks(lo0, hi0, 6)) if (t >= lo0 && t <= hi0) ctx.fillText(fmt(t), X(t), bottom + 3);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of niceTicks(lo, hi, 4)) ctx.fillText(fmt(t), left - 3, Y(t));
    if (p) {
      // a classifier's points sit at their class (0 or 1) on the probability axis
      const yOf = (i) => (classes ? Math.min(1, p.targets[i]) : p.targets[i]);
      const draw = (idx, ring) => {
        for (const i of idx) {
          ctx.fillStyle = classes ? classColor(p.targets[i], classes) : BLUE;
          ctx.beginPath();
          ctx.arc(X(p.coords[i]), Y(yOf(i)), this.editing ? 3.5 : 2.5, 0, 2 * Math.PI);
          ctx.fill();
          ctx.strokeStyle = ring;
          ctx.stroke();
        }
      };
      draw(p.train, '#ffffff');
      if (this.showTest.checked) draw(p.test, '#1d2430');
      if (p.pending) draw(p.pending, PENDING_RING);
    }
    if (gridShown) {
      const res = run.gridRes;
      const xOf = (i) => X(lo0 + ((i + 0.5) * (hi0 - lo0)) / res);
      const yOf = (v) => (Number.isFinite(v) ? Y(v) : null);
      if (classes && k > 1) {
        // a softmax: each class's probability, in its colour
        for (let c = 0; c < k; c++) drawSeries(ctx, Float32Array.from({ length: res }, (_, i) => run.grid[i * k + c]), xOf, yOf, { color: classColor(c, classes), width: 2 });
      } else {
        // the fitted curve (or P(class 1)) at the grid's cell centres; a non-finite output breaks the line
        drawSeries(ctx, run.grid.subarray(0, res), xOf, yOf, { color: ORANGE, width: 2 });
      }
    }
    this.say(run.metrics ? `Fit at step ${evaluatedAt(run)}: training loss ${fmt(run.metrics.trainLoss)}.` : '');
  }

  // Data coordinates of a pointer event ([x1, x2], or [x, value] on a line), or null outside the plot.
  coords(e) {
    const g = this.geom;
    if (!g) return null;
    const rect = this.canvas.getBoundingClientRect();
    const mx = e.clientX - rect.left;
    const my = e.clientY - rect.top;
    if (g.oneD) {
      if (mx < g.left || mx > g.W - 4 || my < g.top || my > g.bottom) return null;
      const x = g.lo0 + ((mx - g.left) / (g.W - 4 - g.left)) * (g.hi0 - g.lo0);
      const y = g.lo + ((g.bottom - my) / (g.bottom - g.top)) * (g.hi - g.lo);
      return { at: [x, y], radius: [(HIT_PX / (g.W - 4 - g.left)) * (g.hi0 - g.lo0), (HIT_PX / (g.bottom - g.top)) * (g.hi - g.lo)] };
    }
    const { x0, y0, area, box } = g;
    if (mx < x0 || my < y0 || mx > x0 + area || my > y0 + area) return null;
    const [[lo0, hi0], [lo1, hi1]] = box;
    return {
      at: [lo0 + ((mx - x0) / area) * (hi0 - lo0), hi1 - ((my - y0) / area) * (hi1 - lo1)],
      radius: [(HIT_PX / area) * (hi0 - lo0), (HIT_PX / area) * (hi1 - lo1)],
    };
  }

  press(e) {
    if (!this.editing || e.button !== 0) return;
    const c = this.coords(e);
    if (!c) return;
    e.preventDefault();
    const did = this.editor.press(c.at, { erase: e.shiftKey, radius: c.radius });
    if (did === 'drag') {
      this.dragging = true;
      this.canvas.setPointerCapture?.(e.pointerId);
    }
  }

  drag(e) {
    if (!this.dragging) return;
    const c = this.coords(e) ?? this.clampedCoords(e);
    if (c) this.editor.move(c.at);
  }

  // A drag that leaves the plot keeps the point on its edge.
  clampedCoords(e) {
    const rect = this.canvas.getBoundingClientRect();
    const g = this.geom;
    if (!g) return null;
    const clamp = (v, a, b) => Math.max(a, Math.min(b, v));
    const x = g.oneD ? clamp(e.clientX - rect.left, g.left, g.W - 4) : clamp(e.clientX - rect.left, g.x0, g.x0 + g.area);
    const y = g.oneD ? clamp(e.clientY - rect.top, g.top, g.bottom) : clamp(e.clientY - rect.top, g.y0, g.y0 + g.area);
    return this.coords({ clientX: rect.left + x, clientY: rect.top + y });
  }

  release() {
    if (!this.dragging) return;
    this.dragging = false;
    this.editor.release();
  }

  hover(e) {
    const run = this.run;
    if (!this.geom || !run?.grid || this.dragging) return;
    const g = this.geom;
    if (g.oneD) return;
    const rect = this.canvas.getBoundingClientRect();
    const mx = e.clientX - rect.left;
    const my = e.clientY - rect.top;
    const c = this.coords(e);
    if (!c) return this.ctx.tooltip.hide();
    const [x, y] = c.at;
    const res = run.gridRes;
    const col = Math.min(res - 1, Math.floor(((mx - g.x0) / g.area) * res));
    const row = Math.min(res - 1, Math.floor(((my - g.y0) / g.area) * res));
    const k = run.info.outputs;
    const vals = Array.from(run.grid.subarray((row * res + col) * k, (row * res + col + 1) * k));
    const lines = [`x₁ = ${fmt(x)}, x₂ = ${fmt(y)}`];
    if (k === 1) lines.push(`output ${Number.isFinite(vals[0]) ? fmt(vals[0], 4) : 'overflow (not finite)'}`);
    else vals.forEach((v, cl) => lines.push(`class ${cl}: ${fmt(v, 3)}`));
    if (this.editing) lines.push(this.editor.tool === 'erase' ? 'click a point to remove it' : 'click: add a point · drag: move · shift-click: remove');
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
