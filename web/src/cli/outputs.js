// Output files of a command, checked before any work starts: a run that takes minutes must
// not be lost to a typo in a path discovered only when it is written at the end.
import { statSync, accessSync, realpathSync, writeFileSync, renameSync, rmSync, constants } from 'node:fs';
import path from 'node:path';
import { UsageError } from './args.js';

const q = (p) => JSON.stringify(p);  // one line whatever the path holds

function stat(p) {
  try {
    return statSync(p);
  } catch (e) {
    if (e.code === 'ENOENT') return null;
    if (e.code === 'ENOTDIR') return 'not-a-folder';
    throw e;
  }
}

/**
 * Checks `{flag: fileName | undefined}`: every name given is non-empty, its folder exists,
 * it is not a folder itself, it can be written, and no two flags name the same file (however
 * spelt: ./x, sub/../x and symlinks resolve to one). Throws UsageError naming the flag.
 * Returns the resolved paths by flag.
 */
export function checkOutputs(files) {
  const byFile = new Map();
  const out = {};
  for (const [flag, name] of Object.entries(files)) {
    if (name === undefined) continue;
    if (name === '') throw new UsageError(`--${flag}: needs a file name`);
    const full = path.resolve(name);
    const dir = path.dirname(full);
    const folder = stat(dir);
    if (folder === null) throw new UsageError(`--${flag}: the folder ${q(dir)} does not exist`);
    if (folder === 'not-a-folder' || !folder.isDirectory()) throw new UsageError(`--${flag}: ${q(dir)} is not a folder`);
    const target = stat(full);
    if (target && target !== 'not-a-folder' && target.isDirectory()) throw new UsageError(`--${flag}: ${q(name)} is a folder, not a file`);
    try {
      accessSync(target ? full : dir, constants.W_OK);
    } catch {
      throw new UsageError(`--${flag}: cannot write ${q(full)} (permission denied)`);
    }
    const key = target ? realpathSync(full) : path.join(realpathSync(dir), path.basename(full));
    if (byFile.has(key)) throw new UsageError(`--${flag}: ${q(name)} is also the --${byFile.get(key)} file`);
    byFile.set(key, flag);
    out[flag] = full;
  }
  return out;
}

/**
 * Writes a file whole or not at all (a temporary file next to it, then a rename), so a
 * failure never leaves a truncated result where the previous one was.
 */
export function writeWhole(file, text) {
  let dest = file;
  try {
    dest = realpathSync(file);  // through a symlink, as a plain write would go
  } catch {
    // not there yet
  }
  const tmp = `${dest}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, dest);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
