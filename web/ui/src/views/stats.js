// The readout above the panels: per run the step, epoch, losses and accuracy (the training
// loss also exactly, in data-exact, for the tests and the share dialog), and the steps/s.
// Built once per set of runs; afterwards only its texts change, so it is cheap every frame.
import { h, replace } from '../dom.js';
import { fmt, exact, pct, dataNum } from '../format.js';

export class Readout {
  constructor({ hidden = false } = {}) {
    this.el = h('div', { class: 'gl-stats', hidden, role: 'status', 'aria-live': 'off' });
    this.key = '';
    this.cells = [];
    this.speed = null;
  }

  /** Shows the runs' latest figures; `stepsPerSecond` only while playing. */
  render(runs, { playing, stepsPerSecond }) {
    const key = runs.map((r) => `${r.key}:${r.info.classification}`).join(',');
    if (key !== this.key) this.#build(runs, key);
    runs.forEach((run, i) => {
      const c = this.cells[i];
      const m = run.metrics;
      const evaluated = m?.evaluatedStep ?? null;
      c.step.el.dataset.value = String(run.step);
      c.step.value.textContent = String(run.step);
      c.epoch.value.textContent = String(run.epoch);
      const v = c.train.value;
      v.dataset.exact = dataNum(m?.trainLoss);
      v.dataset.step = String(evaluated ?? '');
      v.title = m ? `exact: ${exact(m.trainLoss)} (evaluated at step ${evaluated})` : '';
      v.textContent = fmt(m?.trainLoss, 4);
      c.test.value.textContent = fmt(m?.testLoss, 4);
      if (c.acc) c.acc.value.textContent = `${pct(m?.trainAccuracy ?? NaN)} / ${pct(m?.testAccuracy ?? NaN)}`;
      c.diverged.hidden = !run.diverged;
      // the figures are those of the last finite weights, evaluated at an earlier step
      c.diverged.textContent = run.diverged ? `diverged at step ${run.diverged.step}${evaluated !== null && evaluated !== run.step ? ` · figures from step ${evaluated}` : ''}` : '';
    });
    this.speed.textContent = `${playing ? Math.round(stepsPerSecond) : 0} steps/s`;
  }

  #build(runs, key) {
    this.key = key;
    const cell = (label, name) => {
      const value = h('span', { class: 'gl-stat-value' });
      const el = h('div', { class: 'gl-stat', 'data-stat': name }, h('span', { class: 'gl-stat-label', text: label }), value);
      return { el, value };
    };
    this.cells = runs.map((run) => {
      const c = {
        step: cell('step', 'step'), epoch: cell('epoch', 'epoch'), train: cell('training loss', 'trainLoss'),
        test: cell('test loss', 'testLoss'), acc: run.info.classification ? cell('accuracy', 'accuracy') : null,
        diverged: h('div', { class: 'gl-stat gl-bad', 'data-stat': 'diverged', hidden: true }),
      };
      c.row = h('div', { class: 'gl-stat-row', 'data-run': run.key },
        runs.length > 1 ? h('strong', { class: 'gl-run-tag', text: run.key }) : null,
        c.step.el, c.epoch.el, c.train.el, c.test.el, c.acc?.el, c.diverged);
      return c;
    });
    this.speed = h('div', { class: 'gl-stat gl-muted' });
    replace(this.el, ...this.cells.map((c) => c.row), this.speed);
  }
}
