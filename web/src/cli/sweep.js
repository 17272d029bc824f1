// `gradlab sweep`: many runs over axes of the configuration, on worker threads.
//   gradlab sweep --vary depth=2..40:20 --vary activation=relu,tanh,gelu --steps 1000 --seeds 3 \
//                 --measure testLoss,deadFraction --out sweep.json --csv sweep.csv
//   gradlab sweep --spec sweep.json --shard 2/4 --out part2.json
// Every flag, the spec, every cell's configuration, the budget and every output path are
// checked before any worker starts; invalid input exits with status 2 and one line.
import { createGradLab, normalizeSweepSpec, sweepToJSON, sweepToCSV, getField, fieldNames } from '../node.js';
import { measureNames, DEFAULT_MEASURES } from '../sweep/measures.js';
import { DEFAULT_STEPS, DEFAULT_EVALUATIONS, SPEC_LIMITS } from '../sweep/spec.js';
import { parseAxisText } from '../sweep/text.js';
import { ORDERS, MAX_WORKERS } from '../sweep/sweep.js';
import { parseFieldText } from '../schema.js';
import { didYouMean, escapeUnsafe } from '../errors.js';
import { UsageError, EXIT, shown } from './args.js';
import { checkOutputs, writeWhole } from './outputs.js';
import { refuseInputsAsOutputs, readInputText } from './inputs.js';
import { sweepProgress, sweepSummary } from './sweep-report.js';

// Flags that are not configuration fields: the kind of value each takes (null: a switch).
const FLAGS = {
  spec: 'FILE', preset: 'NAME', vary: 'FIELD=VALUES', steps: 'N', seeds: 'N', measure: 'A,B', target: 'LOSS',
  evalEvery: 'N', seedMode: 'shared|independent', workers: 'N', shard: 'K/N', order: 'grid|coarse-to-fine',
  budget: 'DURATION', out: 'FILE', csv: 'FILE', cellsCsv: 'FILE', simd: 'auto|true|false', quiet: null, help: null,
};
const REPEATABLE = new Set(['vary', 'measure']);
// Flags that define the sweep, which a --spec file defines instead.
const SPEC_FLAGS = ['preset', 'vary', 'steps', 'seeds', 'measure', 'target', 'evalEvery', 'seedMode'];

// Text wrapped at `width` columns, every line indented by `indent` spaces.
function wrap(text, indent, width) {
  const lines = [''];
  for (const word of text.split(' ')) {
    if (lines.at(-1).length + word.length + 1 > width - indent && lines.at(-1)) lines.push('');
    lines[lines.length - 1] += (lines.at(-1) ? ' ' : '') + word;
  }
  return lines.map((l) => ' '.repeat(indent) + l).join('\n');
}

export const summary = 'run many trainings over axes of the configuration, on all cores';

export const usage = `usage: gradlab sweep [--vary FIELD=VALUES ...] [--preset NAME] [--FIELD VALUE ...] [--steps N] [--seeds N]
                     [--measure A,B,...] [--target LOSS] [--eval-every N] [--seed-mode shared|independent]
                     [--workers N] [--shard K/N] [--order grid|coarse-to-fine] [--budget 30m]
                     [--out FILE.json] [--csv FILE.csv] [--cells-csv FILE.csv] [--quiet] [--simd auto|true|false]
       gradlab sweep --spec SPEC.json [run options]

axes (--vary, repeatable; any configuration field, or depth / width, which build hidden):
  learningRate=0.01,0.1,1        a list
  depth=2..40:20                 a linear range: from..to:count
  learningRate=1e-3..3:12:log    a log range
  hidden=8,8/16,16/32            values of a list field, separated by /
  activation=relu,tanh;init=he_normal,xavier_normal
                                 a linked axis: fields after ; move with it, value for value

sweep options:
  --preset NAME      start the base configuration from a lesson preset (its step budget too)
  --FIELD VALUE      set a field of the base configuration (as in gradlab run)
  --steps N          training steps per run (default: the preset's budget, else ${DEFAULT_STEPS})
  --seeds N          runs per cell, seeds base.seed, base.seed+1, ... (default 1)
  --measure A,B      what to measure (default ${DEFAULT_MEASURES.join(',')}):
${wrap(measureNames.join(', '), 21, 100)}
  --target LOSS      training loss for stepsToTarget
  --eval-every N     steps between evaluations for curve measures (default steps/${DEFAULT_EVALUATIONS})
  --seed-mode M      shared (default: every cell uses the same seeds) or independent (hashed per cell)
  --spec FILE        the sweep as JSON: {base, preset, axes, steps, seeds, measures, target, evalEvery, seedMode}

run options:
  --workers N        worker threads (default: cores - 1, at least 1)
  --shard K/N        run only the K-th of N slices of the cells (every N-th cell from K); combine with gradlab merge
  --order ORDER      grid (default) or coarse-to-fine (a complete coarse map first)
  --budget TIME      refuse sweeps estimated to take longer (default 1h; e.g. 90s, 30m, 4h)
  --out FILE         the result as JSON (rows per run, aggregates per cell; input of gradlab merge)
  --csv FILE         one line per run (cell × seed) as CSV
  --cells-csv FILE   one line per cell (median, min, max over seeds) as CSV
  --quiet            no progress output
exit status: 0 done, 1 some runs failed (reported in the table), 2 invalid input (nothing ran), 130 cancelled`;

const camel = (s) => s.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
const kebab = (s) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Splits argv into run options, repeated options and base-configuration field texts. */
function parse(argv) {
  const options = { vary: [], measure: [] };
  const fields = {};
  const args = [...argv];
  while (args.length) {
    const arg = args.shift();
    if (arg === '-h') { options.help = true; continue; }
    if (!arg.startsWith('--') || arg === '--') throw new UsageError(`unexpected argument ${JSON.stringify(shown(arg))} (flags look like --vary depth=2..20:10)`);
    const eq = arg.indexOf('=');
    const raw = arg.slice(2, eq < 0 ? undefined : eq);
    const name = camel(raw);
    const flag = Object.hasOwn(FLAGS, name);
    if (!flag && !getField(name)) throw new UsageError(`unknown flag --${shown(raw)}${didYouMean(name, [...Object.keys(FLAGS), ...fieldNames]).replace(/mean (\S+)\?/, (_, n) => `mean --${kebab(n)}?`)}`);
    let value;
    if (flag && FLAGS[name] === null) value = eq < 0 ? 'true' : arg.slice(eq + 1);
    else if (eq >= 0) value = arg.slice(eq + 1);
    else if (!args.length) throw new UsageError(`--${shown(raw)} needs a value (${flag ? FLAGS[name] : 'see gradlab --help'})`);
    else value = args.shift();
    if (!flag) {
      if (Object.hasOwn(fields, name)) throw new UsageError(`--${shown(raw)} is given twice`);
      fields[name] = value;
    } else if (REPEATABLE.has(name)) options[name].push(value);
    else {
      if (Object.hasOwn(options, name)) throw new UsageError(`--${shown(raw)} is given twice`);
      options[name] = FLAGS[name] === null ? value !== 'false' : value;
    }
  }
  return { options, fields };
}

function wholeNumber(flag, text, lo, hi) {
  if (!/^\d+$/.test(text) || Number(text) < lo || Number(text) > hi) throw new UsageError(`--${flag}: ${JSON.stringify(shown(text))} is not a whole number from ${lo} to ${hi}`);
  return Number(text);
}

function duration(text) {
  const m = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(text);
  const seconds = m ? Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] ?? 's'] : NaN;
  if (!(seconds > 0)) throw new UsageError(`--budget: ${JSON.stringify(shown(text))} is not a duration above 0 (e.g. 90s, 30m, 4h)`);
  return seconds;
}

/** The spec from the flags (its errors say which flag). */
function specFromFlags(options, fields) {
  const spec = {};
  if (options.preset !== undefined) spec.preset = options.preset;
  const base = {};
  for (const [name, text] of Object.entries(fields)) {
    try {
      base[name] = parseFieldText(name, text);
    } catch (e) {
      throw new UsageError(`--${e.message}`);
    }
  }
  if (Object.keys(base).length) spec.base = base;
  spec.axes = options.vary.map((text, i) => {
    try {
      return parseAxisText(text, `axes[${i}]`);
    } catch (e) {
      throw new UsageError(`--vary ${shown(text)}: ${e.message.replace(/^axes\[\d+\]:? ?/, '').replace(/^\.(\S+): /, '$1: ')}`);
    }
  });
  if (options.steps !== undefined) spec.steps = wholeNumber('steps', options.steps, 0, 1e7);
  if (options.seeds !== undefined) spec.seeds = wholeNumber('seeds', options.seeds, 1, SPEC_LIMITS.maxSeeds);
  if (options.evalEvery !== undefined) spec.evalEvery = wholeNumber('eval-every', options.evalEvery, 1, 1e7);
  if (options.measure.length) spec.measures = options.measure.flatMap((m) => m.split(',').map((x) => x.trim()));
  if (options.target !== undefined) {
    const t = Number(options.target);
    if (options.target.trim() === '' || !Number.isFinite(t)) throw new UsageError(`--target: ${JSON.stringify(shown(options.target))} is not a number`);
    spec.target = t;
  }
  if (options.seedMode !== undefined) spec.seedMode = options.seedMode;
  return spec;
}

// A spec error (its `field` is a path inside the spec) as the flag the user typed. An invalid
// cell and a sweep over the budget or size limits concern the whole spec: their own message.
function flagError(e, options, specFile) {
  if (e.cell !== undefined) return new UsageError(e.message);
  if (e.field === 'budget' || e.field === 'spec') return new UsageError(e.message.replace(/^(budget|spec): /, ''));
  if (specFile) return new UsageError(`--spec ${specFile}: ${e.message}`);
  const f = e.field ?? '';
  const rest = e.message.slice(f.length + 2);
  let m;
  if ((m = /^axes\[(\d+)\]\.?(.*)$/.exec(f))) return new UsageError(`--vary ${shown(options.vary[Number(m[1])])}: ${m[2] ? `${m[2]}: ` : ''}${rest}`);
  if ((m = /^base\.(.+)$/.exec(f))) return new UsageError(`--${m[1]}: ${rest}`);
  if (f === 'preset' || f === 'base') return new UsageError(`--preset: ${rest}`);
  if (/^measures/.test(f)) return new UsageError(`--measure: ${rest} (measures: ${measureNames.join(', ')})`);
  return new UsageError(`--${kebab(f)}: ${rest}`);
}

// A spec is a few KB: 8 axes of 10,000 values as text stay far below this.
const SPEC_BYTES = 16 * 2 ** 20;

function readSpec(file) {
  const text = readInputText(file, '--spec', SPEC_BYTES);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--spec ${JSON.stringify(shown(file))}: not valid JSON (${escapeUnsafe(e.message)})`);
  }
}

export async function run(argv) {
  const { options, fields } = parse(argv);
  if (options.help) {
    console.log(usage);
    return EXIT.ok;
  }
  let spec;
  if (options.spec !== undefined) {
    const extra = [...SPEC_FLAGS.filter((k) => k === 'vary' || k === 'measure' ? options[k].length : options[k] !== undefined), ...Object.keys(fields)];
    if (extra.length) throw new UsageError(`--${kebab(extra[0])} cannot be combined with --spec (put it in the spec file)`);
    spec = readSpec(options.spec);
  } else {
    spec = specFromFlags(options, fields);
  }
  let canonical;
  try {
    canonical = normalizeSweepSpec(spec);
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError) throw flagError(e, options, options.spec);
    throw e;
  }

  const sweepOptions = {};
  if (options.workers !== undefined) sweepOptions.workers = wholeNumber('workers', options.workers, 1, MAX_WORKERS);
  if (options.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(options.shard);
    const [k, n] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
    if (!(k >= 1 && n >= 1 && k <= n && n <= 1e6)) throw new UsageError(`--shard: ${JSON.stringify(shown(options.shard))} is not K/N with 1 ≤ K ≤ N (e.g. 2/4)`);
    sweepOptions.shard = { index: k, count: n };
  }
  if (options.order !== undefined) {
    if (!ORDERS.includes(options.order)) throw new UsageError(`--order: ${JSON.stringify(shown(options.order))} is not one of ${ORDERS.join(', ')}`);
    sweepOptions.order = options.order;
  }
  if (options.budget !== undefined) sweepOptions.budget = { seconds: duration(options.budget) };
  let simd = 'auto';
  if (options.simd !== undefined) {
    if (!['auto', 'true', 'false'].includes(options.simd)) throw new UsageError(`--simd: ${JSON.stringify(shown(options.simd))} is not one of auto, true, false`);
    simd = options.simd === 'auto' ? 'auto' : options.simd === 'true';
  }
  const outputs = checkOutputs({ out: options.out, csv: options.csv, 'cells-csv': options.cellsCsv });
  refuseInputsAsOutputs(outputs, options.spec !== undefined ? [{ what: 'the --spec file', file: options.spec }] : []);

  const gradlab = await createGradLab({ simd });
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const bar = options.quiet ? null : sweepProgress(process.stderr);
  const t0 = performance.now();
  let result, workers;
  const onProgress = (p) => {
    workers = p.workers;
    bar?.update(p);
  };
  try {
    result = await gradlab.sweep(canonical, { ...sweepOptions, signal: controller.signal, onProgress });
  } catch (e) {
    bar?.end();
    if (e?.name === 'AbortError') {
      if (options.out) writeWhole(options.out, sweepToJSON(e.partial));
      process.stderr.write(`gradlab: ${e.message}${options.out ? `; the finished runs are in ${options.out} (marked incomplete)` : ''}\n`);
      return EXIT.interrupted;
    }
    if (e instanceof TypeError || e instanceof RangeError) throw flagError(e, options, options.spec);
    throw e;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  bar?.end();
  const seconds = (performance.now() - t0) / 1000;
  console.log(sweepSummary(result, { build: gradlab.build, seconds, workers }));
  if (options.out) writeWhole(options.out, sweepToJSON(result));
  if (options.csv) writeWhole(options.csv, sweepToCSV(result, { level: 'runs' }));
  if (options.cellsCsv) writeWhole(options.cellsCsv, sweepToCSV(result, { level: 'cells' }));
  if (result.failed) {
    process.stderr.write(`gradlab: ${result.failed} of ${result.runs} runs failed (their rows say why)\n`);
    return EXIT.failed;
  }
  return EXIT.ok;
}
