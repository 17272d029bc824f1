// `--data FILE` of `gradlab run`: a CSV file of the user's own points, read with the same
// reader as the playground's upload (../csv.js), so the CLI says exactly what the page says.
import { statSync, readFileSync } from 'node:fs';
import { readCSV, csvLimits } from '../csv.js';
import { UsageError, shown } from './args.js';

const q = (p) => JSON.stringify(shown(p));

/**
 * Reads `file` (a CSV of points, see csv.js) for `task` ('auto', 'classification',
 * 'regression'). The size is checked before the file is read. Every problem is a UsageError
 * naming --data, the file and, for its content, the line and the column.
 */
export function readDataFile(file, task = 'auto') {
  if (file === '') throw new UsageError('--data: needs a file name');
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    throw new UsageError(`--data: cannot read ${q(file)} (${e.code === 'ENOENT' ? 'no such file' : e.code ?? e.message})`);
  }
  if (st.isDirectory()) throw new UsageError(`--data: ${q(file)} is a folder, not a file`);
  if (st.size > csvLimits.bytes)
    throw new UsageError(`--data ${q(file)}: the file is too large: ${st.size.toLocaleString('en')} bytes (at most ${csvLimits.bytes.toLocaleString('en')})`);
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new UsageError(`--data: cannot read ${q(file)} (${e.code ?? e.message})`);
  }
  try {
    return readCSV(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { task });
  } catch (e) {
    if (e instanceof RangeError || e instanceof TypeError) throw new UsageError(`--data ${q(file)}: ${e.message}`);
    throw e;
  }
}
