// `--data FILE` of `gradlab run`: a CSV file of the user's own points, read with the same
// reader as the playground's upload (../csv.js), so the CLI says exactly what the page says.
import { readCSV, csvLimits } from '../csv.js';
import { UsageError, shown } from './args.js';
import { readInputFile } from './inputs.js';

const q = (p) => JSON.stringify(shown(p));

/**
 * Reads `file` (a CSV of points, see csv.js) for `task` ('auto', 'classification',
 * 'regression'). The size is checked before the file is read. Every problem is a UsageError
 * naming --data, the file and, for its content, the line and the column.
 */
export function readDataFile(file, task = 'auto') {
  const bytes = readInputFile(file, '--data', csvLimits.bytes);
  try {
    return readCSV(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { task });
  } catch (e) {
    if (e instanceof RangeError || e instanceof TypeError) throw new UsageError(`--data ${q(file)}: ${e.message}`);
    throw e;
  }
}
