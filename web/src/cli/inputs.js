// The CLI's input files: read only what is a regular file and within its size, and refuse an
// output that is also an input (the spec of a sweep, a shard being merged): the result would
// destroy it. Refused before any work, like the other output checks.
import { realpathSync, openSync, fstatSync, readSync, closeSync, constants } from 'node:fs';
import path from 'node:path';
import { UsageError, shown } from './args.js';

/**
 * The bytes of `file`, at most `maxBytes`. Only a regular file is read: a folder cannot be, and
 * a device or a named pipe has no size to check first (/dev/zero never ends; a pipe with no
 * writer never starts), so opening does not wait (O_NONBLOCK) and the opened file is what is
 * checked. It is read to its end but never past maxBytes + 1 bytes: one that grows over the
 * limit meanwhile is refused too.
 * Every problem is a UsageError that starts with `label` and names the file.
 */
export function readInputFile(file, label, maxBytes) {
  const q = JSON.stringify(shown(file));
  if (file === '') throw new UsageError(`${label}: needs a file name`);
  let fd;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new UsageError(`${label}: cannot read ${q} (${e.code === 'ENOENT' ? 'no such file, ENOENT' : e.code ?? e.message})`);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new UsageError(`${label}: ${q} is a folder, not a file`);
    if (!st.isFile()) throw new UsageError(`${label}: ${q} is not a regular file (a device, a pipe or a socket cannot be read as one)`);
    const tooLarge = (n) => new UsageError(`${label}: ${q} is too large: ${n} bytes (at most ${maxBytes.toLocaleString('en')})`);
    if (st.size > maxBytes) throw tooLarge(st.size.toLocaleString('en'));
    // To the end of the file, which may not be where its size said (it can grow meanwhile), but
    // never more than maxBytes + 1 bytes.
    const chunks = [];
    let n = 0;
    for (let want = Math.min(st.size, maxBytes) + 1; n <= maxBytes; want = Math.min(2 ** 20, maxBytes + 1 - n)) {
      const chunk = Buffer.allocUnsafe(want);
      const got = readSync(fd, chunk, 0, want, null);
      if (got === 0) break;
      chunks.push(chunk.subarray(0, got));
      n += got;
    }
    if (n > maxBytes) throw tooLarge(`more than ${maxBytes.toLocaleString('en')}`);
    return Buffer.concat(chunks, n);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${label}: cannot read ${q} (${e.code ?? e.message})`);
  } finally {
    closeSync(fd);
  }
}

/** The text of `file` (UTF-8; a leading byte-order mark, which some editors write, is dropped). */
export function readInputText(file, label, maxBytes) {
  const text = readInputFile(file, label, maxBytes).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

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
