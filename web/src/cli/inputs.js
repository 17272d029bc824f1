// An output file that is also one of the command's inputs (the spec of a sweep, a shard being
// merged) would be destroyed by the result: refused before any work, like the other output checks.
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './args.js';

// The file a path names, however spelt (./x, sub/../x, symlinks), whether or not it exists yet.
function identity(file) {
  const full = path.resolve(file);
  try {
    return realpathSync(full);
  } catch {
    try {
      return path.join(realpathSync(path.dirname(full)), path.basename(full));
    } catch {
      return full;
    }
  }
}

/** Refuses `outputs` ({flag: path}, as checkOutputs returns them) naming an input ([{what, file}]). */
export function refuseInputsAsOutputs(outputs, inputs) {
  const byFile = new Map(inputs.map((i) => [identity(i.file), i.what]));
  for (const [flag, file] of Object.entries(outputs)) {
    const what = byFile.get(identity(file));
    if (what) throw new UsageError(`--${flag}: ${JSON.stringify(file)} is ${what}; it would be overwritten`);
  }
}
