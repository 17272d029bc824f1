// The share dialog: the link that replays this run to the step reached (with the exact loss it
// will reproduce), and the downloads: metrics history (CSV, JSON) and weights with the config.
import { h, replace } from '../dom.js';
import { download, textBlob } from '../export.js';
import { exact, dataNum } from '../format.js';
import { LINK_BUDGET } from '../../../src/common.js';

export class ShareDialog {
  constructor() {
    this.link = h('input', { type: 'text', readOnly: true, class: 'gl-share-link', 'aria-label': 'Link to this run', onfocus: () => this.link.select() });
    this.exact = h('p', { class: 'gl-share-exact' });
    this.dataNote = h('p', { class: 'gl-share-data', hidden: true });
    this.copyStatus = h('span', { class: 'gl-copy-status', role: 'status' });
    this.exportButtons = h('div', { class: 'gl-export-buttons' });
    const close = h('button', { type: 'button', text: 'Close', onclick: () => this.el.close() });
    this.el = h('dialog', { class: 'gl-dialog', 'aria-label': 'Share and export' },
      h('h2', { text: 'Share this run' }),
      h('p', { text: 'The link holds every setting and the step reached: opening it replays the run to this step, bit for bit.' }),
      h('div', { class: 'gl-share-row' }, this.link, h('button', { type: 'button', text: 'Copy', onclick: () => this.copy() }), this.copyStatus),
      this.exact,
      this.dataNote,
      h('h2', { text: 'Export' }),
      this.exportButtons,
      h('p', { class: 'gl-legend', text: 'Each panel also has a PNG button in its corner.' }),
      h('div', { class: 'gl-dialog-actions' }, close));
  }

  /**
   * Opens the dialog with `link` and an export row per run (runs[0] is the one the link
   * replays). `dataLeftOut`: the learner's points would take the link over its budget, so it
   * leaves them out and says so (`dataLength`: its length with them).
   */
  open(link, runs, { dataLeftOut = false, dataLength = 0 } = {}) {
    const a = runs[0];
    this.link.value = link;
    this.dataNote.hidden = !dataLeftOut;
    this.dataNote.dataset.leftOut = String(dataLeftOut);
    this.dataNote.textContent = dataLeftOut
      ? `Your points would make this link ${dataLength.toLocaleString('en')} characters long, over the ${LINK_BUDGET.toLocaleString('en')} a link can safely carry, so it leaves them out (it opens on the default data set). “Weights + config JSON” below carries them, with the settings and the weights: gradlab.fromJSON restores the run from it.`
      : '';
    const m = a?.metrics;
    this.exact.textContent = m ? `At step ${a.step} the training loss is ${exact(m.trainLoss)} (exact value; the ${dataLeftOut ? 'JSON export' : 'link'} reproduces it).` : '';
    this.exact.dataset.exact = dataNum(m?.trainLoss);
    this.exact.dataset.step = String(a?.step ?? 0);
    const buttons = [];
    for (const run of runs) {
      const tag = runs.length > 1 ? ` (${run.key})` : '';
      const suffix = runs.length > 1 ? `-${run.key}` : '';
      buttons.push(
        h('button', { type: 'button', text: `Metrics history CSV${tag}`, onclick: () => download(`gradlab-metrics${suffix}.csv`, textBlob(run.history.toCSV(), 'text/csv')) }),
        h('button', { type: 'button', text: `Metrics history JSON${tag}`, onclick: () => download(`gradlab-metrics${suffix}.json`, textBlob(JSON.stringify({ format: 'gradlab-metrics', build: run.build, config: run.config, samples: run.history.toJSON() }, null, 1), 'application/json')) }),
        h('button', { type: 'button', text: `Weights + config JSON${tag}`, onclick: async () => download(`gradlab-weights${suffix}.json`, textBlob(await run.exportJSON('weights'), 'application/json')) }));
    }
    replace(this.exportButtons, buttons);
    this.copyStatus.textContent = '';
    if (!this.el.open) this.el.showModal();
  }

  async copy() {
    this.link.select();
    try {
      await navigator.clipboard.writeText(this.link.value);
      this.copyStatus.textContent = 'Copied.';
    } catch {
      this.copyStatus.textContent = 'Select the link and copy it (Ctrl+C / ⌘C).';
    }
  }
}
