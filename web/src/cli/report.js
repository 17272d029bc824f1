// What `gradlab run` prints and writes: progress, the summary table, CSV and JSON.
import { hiddenLayers } from '../metrics.js';

const fmt = (v, digits = 4) => (v === null || v === undefined ? '—' : Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : v.toFixed(digits));
const pct = (v) => (v === null || v === undefined ? '—' : `${(100 * v).toFixed(1)}%`);

/**
 * Progress: a redrawn bar on a terminal, plain lines (about every 10%) otherwise. `step` is
 * the engine's own count, so a run stopped early never claims steps it did not do.
 */
export function progress(stream, total) {
  const tty = !!stream.isTTY;
  let lastLine = -1;
  let last = null;
  return {
    update(step, m) {
      last = step;
      if (tty) {
        const width = 30;
        const done = Math.round((width * step) / total);
        stream.write(`\r[${'#'.repeat(done)}${'-'.repeat(width - done)}] ${String(step).padStart(String(total).length)}/${total}  loss ${fmt(m.trainLoss)}  acc ${pct(m.trainAccuracy)} `);
      } else {
        const decile = Math.floor((10 * step) / total);
        if (decile !== lastLine) {
          lastLine = decile;
          stream.write(`step ${step}/${total}  train loss ${fmt(m.trainLoss)}  accuracy ${pct(m.trainAccuracy)}\n`);
        }
      }
    },
    /** Ends the bar; `stopped` (e.g. "diverged at step 12") says why a run ended before its total. */
    end(stopped) {
      if (tty) stream.write('\n');
      if (stopped) stream.write(`stopped after ${last ?? 0} of ${total} steps: ${stopped}\n`);
    },
  };
}

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows.map((r) => r.map((v, c) => String(v)[c === 0 ? 'padEnd' : 'padStart'](widths[c])).join('  ')).join('\n');
}

/** A layer's name as the summary and the CSV give it: "hidden 1" … "hidden n", "output". */
export const layerName = (l, sep = ' ') => (l.role === 'output' ? 'output' : `hidden${sep}${l.index + 1}`);

/** The end-of-run summary: losses, accuracy and a per-layer table. */
export function summary({ label, build, seconds, m }) {
  const lines = [];
  lines.push(`${label} · ${build} build · ${m.step} steps (${m.epoch} epochs) in ${seconds.toFixed(2)} s`);
  lines.push(`train loss ${fmt(m.trainLoss)}   test loss ${fmt(m.testLoss)}   train accuracy ${pct(m.trainAccuracy)}   test accuracy ${pct(m.testAccuracy)}`);
  if (m.diverged) lines.push(`DIVERGED: ${m.diverged.message}`);
  // The engine's flag means "some hidden layer is exactly zero for every input"; before any
  // training that is a network born dead, later it is one that died.
  if (m.bornDead) lines.push(`${m.step === 0 ? 'born dead' : 'dead network'}: a hidden layer outputs exactly zero for every input`);
  const rows = [['layer', 'units', 'dL/dz rms', '|dL/dW|', '|W|', 'update ratio', 'dead', 'inactive', 'saturated']];
  for (const l of m.layers)
    rows.push([layerName(l), l.units, fmt(l.gradZRms), fmt(l.gradWNorm), fmt(l.weightNorm), fmt(l.updateRatio), l.dead, l.inactive, l.saturated]);
  lines.push('', table(rows));
  const hidden = hiddenLayers(m);
  const units = hidden.reduce((a, l) => a + l.units, 0);
  const dead = hidden.reduce((a, l) => a + l.dead, 0);
  if (units) lines.push('', `dead hidden units: ${dead} of ${units} (${pct(dead / units)})`);
  return lines.join('\n');
}

/**
 * One CSV row per recorded step; per-layer columns named as the summary names the layers:
 * hidden1_gradZRms … hiddenN_…, then output_… for the output layer.
 */
export function toCSV(history) {
  const layerCols = ['gradZRms', 'gradWNorm', 'weightNorm', 'dead', 'inactive', 'saturated'];
  const widest = history.reduce((a, h) => (h.layers.length > a.length ? h.layers : a), []);
  const runCols = ['step', 'epoch', 'trainLoss', 'testLoss', 'trainAccuracy', 'testAccuracy', 'learningRate'];
  const head = [...runCols];
  for (const l of widest) for (const c of layerCols) head.push(`${layerName(l, '')}_${c}`);
  const cell = (v) => (v === null || v === undefined ? '' : String(v));
  const rows = history.map((h) => {
    const r = runCols.map((k) => cell(h[k]));
    for (let l = 0; l < widest.length; l++) for (const c of layerCols) r.push(cell(h.layers[l]?.[c]));
    return r.join(',');
  });
  return `${head.join(',')}\n${rows.join('\n')}\n`;
}

/** A compact history entry (no histograms) for the JSON and CSV outputs. */
export function historyEntry(m) {
  const { step, epoch, trainLoss, testLoss, trainAccuracy, testAccuracy, learningRate, diverged } = m;
  return {
    step, epoch, trainLoss, testLoss, trainAccuracy, testAccuracy, learningRate, diverged: !!diverged,
    layers: m.layers.map(({ index, role, gradZRms, gradWNorm, weightNorm, updateRatio, dead, inactive, saturated, actMean, actStd }) =>
      ({ index, role, gradZRms, gradWNorm, weightNorm, updateRatio, dead, inactive, saturated, actMean, actStd })),
  };
}
