// `gradlab merge a.json b.json …`: the shards of one sweep (gradlab sweep --shard K/N --out …)
// combined into exactly the result of the unsharded sweep. Shards of different specs or
// engines, a shard given twice or missing, or one that was cancelled, are refused with the reason.
import { mergeSweeps, readSweep, sweepToJSON, sweepToCSV } from '../node.js';
import { UsageError, EXIT, shown } from './args.js';
import { checkOutputs, writeWhole } from './outputs.js';
import { refuseInputsAsOutputs, readInputText } from './inputs.js';
import { sweepSummary } from './sweep-report.js';

// V8's longest string (2^29 − 24 characters, about 512 MiB): a larger shard cannot be read as text.
const SHARD_BYTES = 2 ** 29 - 24;

export const summary = 'combine the shards of a sweep into the result of the whole sweep';

export const usage = `usage: gradlab merge SHARD.json SHARD.json ... [--out MERGED.json] [--csv FILE.csv] [--cells-csv FILE.csv] [--quiet]

  Combines the --out files of gradlab sweep --shard K/N (every K from 1 to N, same spec, same
  engine) into the result the sweep gives without shards, byte for byte.
  --out FILE         the merged result as JSON (default: to standard output)
  --csv FILE         one line per run as CSV
  --cells-csv FILE   one line per cell as CSV
  --quiet            no summary
exit status: 0 merged, 2 the files cannot be merged (the reason is printed; nothing is written)`;

const FLAGS = ['out', 'csv', 'cellsCsv', 'quiet', 'help'];

export async function run(argv) {
  const files = [];
  const o = {};
  const args = [...argv];
  while (args.length) {
    const arg = args.shift();
    if (arg === '-h' || arg === '--help') o.help = true;
    else if (arg === '--quiet') o.quiet = true;
    else if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq).replace(/-([a-z])/g, (_, c) => c.toUpperCase());
      if (!FLAGS.includes(name)) throw new UsageError(`unknown flag ${JSON.stringify(arg.slice(0, 40))} of merge (flags: --out, --csv, --cells-csv, --quiet)`);
      if (o[name] !== undefined) throw new UsageError(`--${name} is given twice`);
      if (eq < 0 && !args.length) throw new UsageError(`--${name} needs a file name`);
      o[name] = eq < 0 ? args.shift() : arg.slice(eq + 1);
    } else files.push(arg);
  }
  if (o.help) {
    console.log(usage);
    return EXIT.ok;
  }
  if (files.length === 0) throw new UsageError('merge needs the shard files (gradlab merge a.json b.json ...)');
  const outputs = checkOutputs({ out: o.out, csv: o.csv, 'cells-csv': o.cellsCsv });
  refuseInputsAsOutputs(outputs, files.map((f) => ({ what: `the shard ${f} being merged`, file: f })));
  const parts = files.map((file) => {
    const text = readInputText(file, 'shard', SHARD_BYTES);
    try {
      return { name: file, result: readSweep(text, shown(file)) };
    } catch (e) {
      throw new UsageError(e.message);
    }
  });
  let merged;
  try {
    merged = mergeSweeps(parts);
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError) throw new UsageError(`cannot merge: ${e.message}`);
    throw e;
  }
  const json = sweepToJSON(merged);
  if (o.out) writeWhole(o.out, json);
  else process.stdout.write(json);
  if (o.csv) writeWhole(o.csv, sweepToCSV(merged, { level: 'runs' }));
  if (o.cellsCsv) writeWhole(o.cellsCsv, sweepToCSV(merged, { level: 'cells' }));
  if (!o.quiet) (o.out ? process.stdout : process.stderr).write(`merged ${files.length} file${files.length === 1 ? '' : 's'}\n${sweepSummary(merged)}\n`);
  return EXIT.ok;
}
