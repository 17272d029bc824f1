// Your data: start a drawing (from the current set's points, or empty), the tools for drawing
// on the output plane (add or erase, the class or value of new points, clear), a new
// train/test split, CSV pasted or uploaded (read here with the API's reader: nothing is sent
// anywhere; a bad file leaves the points as they were), and the CSV of the points to take away.
//
// Context (beside the panels' usual one): `ctx.userData` =
//   editor            the DataEditor (data-editor.js): tool, class, value, drawing on/off
//   data()            the learner's data (store), or null
//   usesData()        whether they are in use (started here, or the run trains on them)
//   setData(data)     commit new data (training restarts on them)
//   start(kind, from) begin a drawing of `kind`; from = 'current' (the set's points) or 'empty'
//   stop()            back to the built-in data sets (the points are kept for later)
//   newSplit()        another train/test split of the same points (a new data seed)
import { Panel } from './panel.js';
import { h, replace, newId } from '../dom.js';
import { classColor } from '../colors.js';
import { download, textBlob } from '../export.js';
import { writeCSV, csvLimits } from '../../../src/common.js';
import { KINDS, PAGE_CLASSES, kindOf, fromCSV, limitsText, pointCount, notYet, describeData, clearPoints, withClasses } from '../data-set.js';

export class DataPanel extends Panel {
  constructor(ctx, { tag } = {}) {
    super({
      ctx, tag, name: 'data', title: 'Your data',
      help: 'Train on points of your own. Draw them on the output plane: click to add a point of the chosen class (or value), ' +
        'drag a point to move it, shift-click or use the eraser to remove one. Or paste or upload a CSV file: x1,x2,label for classes, ' +
        'x,y for a curve, or any number of inputs with the target last. Training starts over on the new points at once; the ' +
        'white-ringed points train, the dark-ringed ones test, and "New split" draws that split again.',
    });
    const u = ctx.userData;
    this.u = u;
    this.editor = u.editor;

    // starting: a kind and where the points come from
    this.kindSelect = h('select', { 'aria-label': 'Kind of data to draw' }, ...Object.entries(KINDS).map(([k, v]) => h('option', { value: k, text: v.label })));
    this.startCurrent = h('button', { type: 'button', text: 'Edit the current points', onclick: () => u.start(this.kindSelect.value, u.data() ? 'keep' : 'current') });
    this.startEmpty = h('button', { type: 'button', text: 'Start empty', onclick: () => u.start(this.kindSelect.value, 'empty') });
    this.startRow = h('div', { class: 'gl-data-row' }, this.kindSelect, this.startCurrent, this.startEmpty);

    // drawing tools
    this.drawToggle = h('input', { type: 'checkbox', checked: true, onchange: () => this.editor.set({ drawing: this.drawToggle.checked }) });
    this.eraser = h('input', { type: 'checkbox', onchange: () => this.editor.set({ tool: this.eraser.checked ? 'erase' : 'add' }) });
    this.classGroup = h('fieldset', { class: 'gl-data-classes' });
    this.classCount = h('select', { 'aria-label': 'Number of classes', onchange: () => this.#setClasses(Number(this.classCount.value)) },
      ...Array.from({ length: PAGE_CLASSES - 1 }, (_, i) => h('option', { value: String(i + 2), text: `${i + 2} classes` })));
    const valueId = newId('value');
    this.valueInput = h('input', { type: 'number', id: valueId, step: '0.1', value: '1', class: 'gl-num', onchange: () => {
      const v = Number(this.valueInput.value);
      if (Number.isFinite(v)) this.editor.set({ value: v });
    } });
    this.valueRow = h('div', { class: 'gl-data-row' }, h('label', { for: valueId, text: 'Value of new points' }), this.valueInput);
    this.clear = h('button', { type: 'button', text: 'Clear all', onclick: () => u.setData(clearPoints(u.data())) });
    this.split = h('button', { type: 'button', text: 'New split', title: 'Draw which points train and which test again (a new data seed)', onclick: () => u.newSplit() });
    this.save = h('button', { type: 'button', text: 'Download CSV', onclick: () => this.#download() });
    this.stop = h('button', { type: 'button', text: 'Back to the built-in sets', onclick: () => u.stop() });
    this.tools2 = h('div', { class: 'gl-data-tools' },
      h('div', { class: 'gl-data-row' },
        h('label', { class: 'gl-check' }, this.drawToggle, 'draw on the output plane'),
        h('label', { class: 'gl-check' }, this.eraser, 'eraser (or shift-click)')),
      h('div', { class: 'gl-data-row' }, this.classGroup, this.classCount),
      this.valueRow,
      h('div', { class: 'gl-data-row' }, this.clear, this.split, this.save, this.stop));

    // CSV
    const pasteId = newId('paste');
    this.paste = h('textarea', { id: pasteId, rows: 4, class: 'gl-data-paste', spellcheck: 'false', placeholder: 'x1,x2,label\n0.5,-1.2,0\n1.5,0.3,1' });
    this.pasteButton = h('button', { type: 'button', text: 'Use the pasted points', onclick: () => this.#loadText(this.paste.value, 'pasted text') });
    this.file = h('input', { type: 'file', accept: '.csv,.tsv,.txt,text/csv,text/plain', 'aria-label': 'Upload a CSV file', onchange: () => this.#loadFile() });
    this.problem = h('p', { class: 'gl-error gl-data-problem', role: 'alert' });
    this.csv = h('details', { class: 'gl-data-csv' },
      h('summary', { text: 'Paste or upload CSV' }),
      h('label', { for: pasteId, text: 'Points, one per line (inputs first, the target last; a header is optional):' }),
      this.paste,
      h('div', { class: 'gl-data-row' }, this.pasteButton, this.file),
      h('p', { class: 'gl-legend', text: limitsText() }));
    // the panel's text summary is its status line, at the top
    this.status = this.summary;
    this.status.classList.add('gl-data-status');
    this.status.setAttribute('role', 'status');
    this.body.append(this.status, this.problem, this.startRow, this.tools2, this.csv);
    this.unlisten = this.editor.onChange(() => this.redraw());
  }

  redraw() {
    const u = this.u;
    const data = u.data();
    const using = u.usesData() && !!data;
    const run = this.run;
    const trained = using && run?.data === data && run.info;
    const kind = kindOf(data);
    this.startRow.hidden = using;
    this.tools2.hidden = !using;
    // the numbers behind the status, for tests and assistive technology
    const ds = this.el.dataset;
    ds.points = String(pointCount(data));
    ds.using = String(using);
    ds.train = trained ? String(run.info.train) : '';
    ds.test = trained ? String(run.info.test) : '';
    ds.kind = kind;
    ds.tool = this.editor.tool;
    ds.cls = String(this.editor.cls);
    if (!using) {
      this.say(data ? `Your ${describeData(data)} are kept: "Edit your points" goes back to them.` : 'Training on a built-in data set. Draw your own points on the output plane (start from the current ones, or empty) or load a CSV file.');
      this.startCurrent.textContent = data ? 'Edit your points' : 'Edit the current points';
      return;
    }
    const wait = notYet(data) || (trained ? '' : this.editor.problem ? `Not trained on yet: ${this.editor.problem}` : 'Not trained on yet.');
    this.say(`${describeData(data, trained ? run.info : null)}.${wait ? ` ${wait}` : ''}`);
    ds.waiting = wait;
    const drawable = !!kind;
    this.drawToggle.disabled = !drawable;
    this.drawToggle.checked = drawable && this.editor.drawing;
    this.eraser.checked = this.editor.tool === 'erase';
    this.eraser.disabled = !drawable;
    const classes = data.task === 'classification';
    // the class or value of new points matters only where points can be drawn
    this.classGroup.hidden = !classes || !drawable;
    this.classCount.hidden = !classes || !drawable;
    this.valueRow.hidden = classes || kind !== 'values';
    if (classes) {
      if (this.classCount.value !== String(data.classes)) this.classCount.value = String(Math.min(PAGE_CLASSES, data.classes));
      this.#classButtons(data.classes);
    }
  }

  // One radio button per class, with its colour: arrow keys move between them (native radios).
  #classButtons(k) {
    const name = this.classGroupName ??= newId('class');
    if (this.editor.cls >= k) this.editor.cls = k - 1;
    if (this.classGroup.dataset.k === String(k) && this.classGroup.dataset.cls === String(this.editor.cls)) return;
    this.classGroup.dataset.k = String(k);
    this.classGroup.dataset.cls = String(this.editor.cls);
    const items = Array.from({ length: Math.min(k, PAGE_CLASSES) }, (_, c) => {
      const radio = h('input', { type: 'radio', name, value: String(c), checked: c === this.editor.cls, onchange: () => this.editor.set({ cls: c }) });
      const swatch = h('span', { class: 'gl-swatch', 'aria-hidden': 'true' });
      swatch.style.background = classColor(c, k);
      return h('label', { class: 'gl-check gl-data-class' }, radio, swatch, `class ${c}`);
    });
    replace(this.classGroup, h('legend', { text: 'New points are' }), ...items);
  }

  #setClasses(k) {
    const data = this.u.data();
    if (!data || data.task !== 'classification') return;
    this.u.setData(withClasses(data, k));
  }

  #show(message) {
    this.problem.textContent = message;
    this.el.dataset.problem = message;
  }

  #loadText(text, name) {
    try {
      const data = fromCSV(text, name);
      this.#show('');
      this.u.setData(data);
    } catch (e) {
      this.#show(`Not loaded (your points are unchanged): ${e.message}`);
    }
  }

  async #loadFile() {
    const f = this.file.files?.[0];
    if (!f) return;
    // the size first: a file over the limit is not even read
    if (f.size > csvLimits.bytes) {
      this.#show(`Not loaded (your points are unchanged): the file is too large: ${f.size.toLocaleString('en')} bytes (at most ${csvLimits.bytes.toLocaleString('en')})`);
      this.file.value = '';
      return;
    }
    try {
      this.#loadText(new Uint8Array(await f.arrayBuffer()), f.name);
    } catch (e) {
      this.#show(`Not loaded (your points are unchanged): the file could not be read (${e.message})`);
    }
    this.file.value = '';
  }

  #download() {
    const data = this.u.data();
    if (!data || !pointCount(data)) return;
    download('gradlab-points.csv', textBlob(writeCSV(data, data.columns), 'text/csv'));
  }
}
