// Scores: how the predictions fall, class by class — the confusion matrix of a classifier
// (rows: the true class, columns: the predicted one) with each class's accuracy — or R² of a
// regression, on the test or the training split. The engine counts them (`session.scores()`,
// sent with each evaluation); nothing is estimated here.
import { Panel } from './panel.js';
import { h, replace } from '../dom.js';
import { classColor } from '../colors.js';
import { fmt, pct, dataNum, dataList } from '../format.js';

export class ScoresPanel extends Panel {
  constructor(ctx, { tag } = {}) {
    super({
      ctx, tag, name: 'scores', title: 'Scores per class',
      help: 'Classification: the confusion matrix counts the points of each true class (row) by the class the network predicts (column); ' +
        'the diagonal is right, and each row\'s share on the diagonal is that class\'s accuracy — a class the network neglects shows up here ' +
        'even when the overall accuracy looks fine. Regression: R² = 1 − (squared error) / (variance of the targets): 1 is a perfect fit, ' +
        '0 no better than always predicting the mean, below 0 worse than that.',
    });
    this.splitSelect = h('select', { 'aria-label': 'Split the scores are of', onchange: () => this.redraw() },
      h('option', { value: 'test', text: 'test points' }), h('option', { value: 'train', text: 'training points' }));
    this.tools.append(this.splitSelect);
    this.head = h('p', { class: 'gl-total' });
    this.table = h('table', { class: 'gl-table gl-confusion' });
    this.body.append(this.head, h('div', { class: 'gl-table-wrap' }, this.table));
  }

  redraw() {
    const run = this.run;
    const sc = run?.scores;
    const ds = this.el.dataset;
    const split = this.splitSelect.value;
    ds.split = split;
    if (!sc) {
      for (const k of ['task', 'points', 'accuracy', 'confusion', 'classAccuracy', 'r2']) delete ds[k];
      this.head.textContent = run?.info ? 'Waiting for an evaluation.' : '';
      this.table.replaceChildren();
      this.say(this.head.textContent);
      return;
    }
    const s = sc[split];
    ds.task = sc.task;
    ds.points = String(s.points);
    ds.step = String(run.metrics?.evaluatedStep ?? run.step);
    if (sc.task === 'regression') return this.#regression(sc, split);
    ds.accuracy = dataNum(s.accuracy);
    ds.confusion = s.confusion.map((row) => row.join(',')).join(';');
    ds.classAccuracy = dataList(s.classAccuracy.map((v) => v ?? NaN));
    delete ds.r2;
    const k = sc.classes;
    // a class "fares worst" only when another does better (all at 100% is no one's worst)
    const measured = s.classAccuracy.filter((v) => v !== null);
    const worst = s.classAccuracy.reduce((w, v, c) => (v !== null && (w < 0 || v < s.classAccuracy[w]) ? c : w), -1);
    const ranked = worst >= 0 && k > 1 && Math.max(...measured) > s.classAccuracy[worst];
    this.head.textContent = s.points
      ? `${pct(s.accuracy)} of ${s.points} ${split === 'test' ? 'test' : 'training'} points right${ranked ? `; class ${worst} fares worst (${pct(s.classAccuracy[worst])})` : ''}.`
      : `No ${split === 'test' ? 'test' : 'training'} points.`;
    const cell = (text, cls) => h('td', { class: cls, text });
    const swatch = (c) => {
      const sw = h('span', { class: 'gl-swatch', 'aria-hidden': 'true' });
      sw.style.background = classColor(c, k);
      return sw;
    };
    const headRow = h('tr', {}, h('th', { scope: 'col', text: 'true \\ predicted' }),
      ...Array.from({ length: k }, (_, c) => h('th', { scope: 'col' }, swatch(c), String(c))),
      h('th', { scope: 'col', text: 'accuracy' }));
    const rows = s.confusion.map((row, t) => {
      const n = row.reduce((a, b) => a + b, 0);
      return h('tr', { 'data-class': String(t) }, h('th', { scope: 'row' }, swatch(t), `class ${t}`),
        ...row.map((v, c) => {
          const td = cell(String(v), c === t ? 'gl-diag' : v ? 'gl-off' : '');
          // shade by the share of the row: the eye finds the big mistakes
          if (n) td.style.setProperty('--gl-share', (v / n).toFixed(3));
          return td;
        }),
        cell(s.classAccuracy[t] === null ? '—' : pct(s.classAccuracy[t])));
    });
    replace(this.table, h('thead', {}, headRow), h('tbody', {}, ...rows));
    this.say(`${this.head.textContent} Confusion matrix, rows true class, columns predicted: ${s.confusion.map((row, t) => `class ${t}: ${row.join(', ')}`).join('; ')}.`);
  }

  #regression(sc, split) {
    const ds = this.el.dataset;
    for (const k of ['accuracy', 'confusion', 'classAccuracy']) delete ds[k];
    const s = sc[split];
    ds.r2 = dataList(s.r2.map((v) => v ?? NaN));
    const other = sc[split === 'test' ? 'train' : 'test'];
    const text = (r2) => r2.map((v) => (v === null ? '—' : fmt(v, 4))).join(', ');
    this.head.textContent = s.points
      ? `R² on the ${split === 'test' ? 'test' : 'training'} points: ${text(s.r2)} (${split === 'test' ? 'training' : 'test'}: ${text(other.r2)}).`
      : `No ${split === 'test' ? 'test' : 'training'} points.`;
    const rows = s.r2.map((v, j) => h('tr', {}, h('th', { scope: 'row', text: s.r2.length > 1 ? `output ${j + 1}` : 'R²' }),
      h('td', { text: v === null ? '—' : fmt(v, 4) }), h('td', { text: other.r2[j] === null ? '—' : fmt(other.r2[j], 4) })));
    replace(this.table, h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: '' }), h('th', { scope: 'col', text: split }), h('th', { scope: 'col', text: split === 'test' ? 'train' : 'test' }))), h('tbody', {}, ...rows));
    this.say(this.head.textContent);
  }
}
