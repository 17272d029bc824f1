// What `gradlab sweep` and `gradlab merge` print: a progress bar and a summary table.
import { MEASURES } from '../sweep/measures.js';
import { axisFields } from '../sweep/cells.js';

const fmt = (v) => (v === null || v === undefined ? '—' : Number.isInteger(v) ? String(v) : Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3 ? v.toExponential(2) : v.toPrecision(4));
const time = (s) => (s === null || s === undefined ? '?' : s < 10 ? `${s.toFixed(1)} s` : s < 60 ? `${s.toFixed(0)} s` : s < 3600 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(1)} h`);

/** Progress: a redrawn bar on a terminal, a line about every 10% otherwise. */
export function sweepProgress(stream) {
  const tty = !!stream.isTTY;
  let shown = -1;
  let drew = false;
  let last = 0;
  return {
    update(p) {
      // A terminal is redrawn at most 10 times a second (a sweep of tiny runs reports thousands).
      const now = performance.now();
      if (tty && p.done > 0 && p.done < p.total && now - last < 100) return;
      last = now;
      const text = `${p.done}/${p.total} runs${p.failed ? ` · ${p.failed} failed` : ''}` +
        `${p.map ? ` · map complete at stride ${p.map.stride}` : ''} · ${p.done === 0 ? 'estimated' : 'ETA'} ${time(p.etaSeconds)}` +
        `${p.done === 0 ? ` on ${p.workers} worker${p.workers === 1 ? '' : 's'}` : ''}`;
      if (tty) {
        const width = 30;
        const n = Math.round((width * p.done) / Math.max(1, p.total));
        stream.write(`\r[${'#'.repeat(n)}${'-'.repeat(width - n)}] ${text}   `);
        drew = true;
      } else {
        const decile = Math.floor((10 * p.done) / Math.max(1, p.total));
        if (decile !== shown) {
          shown = decile;
          stream.write(`sweep: ${text}\n`);
        }
      }
    },
    end() {
      if (tty && drew) stream.write('\n');
      drew = false;
    },
  };
}

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows.map((r) => r.map((v, c) => String(v)[c === 0 ? 'padEnd' : 'padStart'](widths[c])).join('  ')).join('\n');
}

const MAX_LINES = 60;

/** The summary: what ran, then one line per cell with the median (and range over seeds) of each measure. */
export function sweepSummary(result, { build, seconds, workers } = {}) {
  const { spec } = result;
  const lines = [];
  const shard = result.shard ? ` · shard ${result.shard.index}/${result.shard.count}` : '';
  const how = [build && `${build} build`, workers && `${workers} worker${workers === 1 ? '' : 's'}`, seconds !== undefined && `${seconds.toFixed(1)} s`].filter(Boolean).join(' · ');
  lines.push(`sweep of ${result.cells} cells × ${spec.seeds} seed${spec.seeds === 1 ? '' : 's'} × ${spec.steps} steps${shard}: ${result.runs} runs${how ? ` · ${how}` : ''}`);
  const diverged = result.rows.filter((r) => r.diverged).length;
  if (diverged) lines.push(`${diverged} of ${result.runs} runs diverged (their end figures are empty, with the step in the notes)`);
  if (result.failed) lines.push(`${result.failed} runs FAILED: ${result.rows.find((r) => r.error).error}`);
  const scalars = spec.measures.filter((m) => !MEASURES[m].array);
  const head = ['cell', ...axisFields(spec), ...scalars, ...(diverged ? ['diverged'] : [])];
  const rows = [head];
  for (const a of result.aggregates.slice(0, MAX_LINES)) {
    const cells = [String(a.cell), ...axisFields(spec).map((field) => {
      const v = a.coords[field];
      return Array.isArray(v) ? v.join(',') : String(v);
    })];
    for (const m of scalars) {
      const s = a.measures[m];
      cells.push(s.median === null ? `— (${s.note})` : spec.seeds > 1 && s.min !== s.max ? `${fmt(s.median)} [${fmt(s.min)}–${fmt(s.max)}]` : fmt(s.median));
    }
    if (diverged) cells.push(a.diverged ? `${a.diverged}/${a.runs}` : '');
    rows.push(cells);
  }
  lines.push('', table(rows));
  if (result.aggregates.length > MAX_LINES) lines.push(`… ${result.aggregates.length - MAX_LINES} more cells (all of them in --out, --csv, --cells-csv)`);
  if (scalars.length < spec.measures.length) lines.push(`(curve and per-layer measures — ${spec.measures.filter((m) => MEASURES[m].array).join(', ')} — are in --out and the CSV files)`);
  if (spec.seeds > 1) lines.push('(median over seeds [min–max])');
  return lines.join('\n');
}

