// Output files of the sweep and merge commands: every path is checked before any work starts
// (a long sweep must never be lost to a typo in a folder name), and each file is written
// whole or not at all (a temporary file renamed into place).
import { statSync, accessSync, constants, writeFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './args.js';

/**
 * Checks output files: [{flag, file}] with `file` undefined when the flag was not given.
 * Refuses an empty name, a folder, a folder that does not exist or cannot be written, a file
 * that cannot be written, the same file twice, and a file that is also an input (`inputs`).
 */
export function checkOutputs(outputs, inputs = []) {
  const seen = new Map(inputs.map((i) => [path.resolve(i.file), i.flag]));
  for (const { flag, file } of outputs) {
    if (file === undefined) continue;
    if (file === '') throw new UsageError(`${flag} needs a file name`);
    const full = path.resolve(file);
    if (seen.has(full)) throw new UsageError(`${flag} ${file}: the same file as ${seen.get(full)}; each output needs its own file`);
    seen.set(full, flag);
    const dir = path.dirname(full);
    let d;
    try {
      d = statSync(dir);
    } catch {
      throw new UsageError(`${flag} ${file}: the folder ${dir} does not exist`);
    }
    if (!d.isDirectory()) throw new UsageError(`${flag} ${file}: ${dir} is not a folder`);
    let f = null;
    try {
      f = statSync(full);
    } catch {
      // a new file: the folder must be writable
    }
    if (f?.isDirectory()) throw new UsageError(`${flag} ${file}: is a folder; give a file name`);
    try {
      accessSync(f ? full : dir, constants.W_OK);
    } catch {
      throw new UsageError(`${flag} ${file}: ${f ? 'the file' : `the folder ${dir}`} is not writable`);
    }
  }
}

/** Writes `text` to `file` through a temporary file in the same folder, renamed into place. */
export function writeWhole(file, text) {
  const tmp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
