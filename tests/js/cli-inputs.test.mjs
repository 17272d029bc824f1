// The CLI's input files (cli/inputs.js), on every command that reads one: what is not a
// regular file is refused at once, naming the flag and the file, and never read (a device
// such as /dev/zero never ends; a named pipe with no writer never starts); a byte-order mark
// is dropped; a file's bytes never reach the terminal as they are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from './helpers.mjs';

const cli = path.join(root, 'web/src/cli.js');
// 20 s: a command that reads /dev/zero or waits on a pipe is killed, and its status is null.
const gradlab = (...args) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root, timeout: 20000 });

const dir = mkdtempSync(path.join(tmpdir(), 'gradlab-cli-inputs-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name, text) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
const folder = path.join(dir, 'a-folder');
mkdirSync(folder);
const fifo = path.join(dir, 'a-pipe');
const haveFifo = spawnSync('mkfifo', [fifo]).status === 0;

const exercise = path.join(root, 'web/exercises/dying-relu-revive.json');
const solution = path.join(root, 'web/exercises/solutions/dying-relu-revive.activation.json');
const spec = { base: { hidden: [3], numPoints: 40 }, axes: [{ field: 'noise', values: [0, 0.1] }], steps: 5, measures: ['trainLoss'] };

// Each reader: the command line with `f` as the input, and the label its messages start with.
const readers = [
  ['grade (the exercise)', (f) => ['grade', f, solution], 'exercise'],
  ['grade (the submission)', (f) => ['grade', exercise, f], 'submission'],
  ['run --data', (f) => ['run', '--data', f, '--steps', '1', '--quiet'], '--data'],
  ['sweep --spec', (f) => ['sweep', '--spec', f, '--quiet'], '--spec'],
  ['merge (a shard)', (f) => ['merge', f, '--out', path.join(dir, 'never.json')], 'shard'],
];

test('a folder, a device or a named pipe is refused at once, naming the flag and the file, never read', () => {
  const inputs = [[folder, 'is a folder, not a file']];
  if (existsSync('/dev/zero')) inputs.push(['/dev/zero', 'is not a regular file']);
  if (haveFifo) inputs.push([fifo, 'is not a regular file']);
  assert.ok(inputs.length >= 2 || process.platform === 'win32', 'a device or a pipe to try');
  for (const [name, args, label] of readers) {
    for (const [input, says] of inputs) {
      const r = gradlab(...args(input));
      assert.equal(r.status, 2, `${name} ${input}: status ${r.status} (${r.signal ?? ''}) ${r.stderr}`);
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.ok(lines[0].includes(`${label}: ${JSON.stringify(input)} ${says}`), `${name}: ${lines[0]}`);
    }
  }
  assert.equal(existsSync(path.join(dir, 'never.json')), false);
});

test('a missing file names the flag, the file and the reason', () => {
  for (const [name, args, label] of readers) {
    const missing = path.join(dir, 'missing.json');
    const r = gradlab(...args(missing));
    assert.equal(r.status, 2, name);
    assert.ok(r.stderr.includes(`${label}: cannot read ${JSON.stringify(missing)} (no such file, ENOENT)`), `${name}: ${r.stderr}`);
  }
});

test('a file over its limit is refused by its size before it is read', () => {
  // The submission's limit is 16 MiB; a sparse file of 17 MiB costs no disk.
  const big = path.join(dir, 'big.json');
  writeFileSync(big, '');
  spawnSync('truncate', ['-s', String(17 * 2 ** 20), big]);
  const r = gradlab('grade', exercise, big);
  assert.equal(r.status, 2);
  assert.match(r.stderr, new RegExp(`submission: ${JSON.stringify(big).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is too large: 17,825,792 bytes \\(at most 16,777,216\\)`));
});

test('a byte-order mark at the start of a JSON file is dropped', () => {
  const bom = '\ufeff';
  const ex = file('bom-exercise.json', bom + readFileSync(exercise, 'utf8'));
  const sub = file('bom-solution.json', bom + readFileSync(solution, 'utf8'));
  const graded = gradlab('grade', ex, sub, '--json');
  assert.equal(graded.status, 0, graded.stderr);
  assert.equal(JSON.parse(graded.stdout).passed, true);
  const swept = gradlab('sweep', '--spec', file('bom-spec.json', bom + JSON.stringify(spec)), '--quiet', '--out', path.join(dir, 'bom-out.json'));
  assert.equal(swept.status, 0, swept.stderr);
  assert.equal(JSON.parse(readFileSync(path.join(dir, 'bom-out.json'), 'utf8')).rows.length, 2);
});

test('a file that is not JSON: the parser\'s quote of it is escaped, on one line', () => {
  // An escape sequence that would clear the screen and set the window title, a line break, and
  // a right-to-left override.
  const nasty = '\u001b[2J\u001b]0;pwned\u0007{\n"x"\u202e';
  for (const args of [['grade', file('nasty-ex.json', nasty), solution], ['grade', exercise, file('nasty-run.json', nasty)], ['sweep', '--spec', file('nasty-spec.json', nasty)]]) {
    const r = gradlab(...args);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /[\u0000-\u0009\u000b-\u001f\u202e]/, 'no control character reaches the terminal');
    assert.match(r.stderr, /not valid JSON \(.*\\u001b/);
  }
});

test('a file is read to its end, not to the size it first reported; never past the limit', { skip: !existsSync('/proc/self/status') }, async () => {
  const { readInputFile } = await import('../../web/src/cli/inputs.js');
  // /proc files are regular files whose size reads 0 but which hold text, like a file that
  // grows between the size check and the read.
  const status = readInputFile('/proc/self/status', 'x', 2 ** 20).toString('utf8');
  assert.match(status, /^Name:/);
  assert.match(status, /\nPid:\s+\d+\n/, 'more than the 0 bytes its size said');
  assert.throws(() => readInputFile('/proc/self/status', '--spec', 10), (e) => e.message === '--spec: "/proc/self/status" is too large: more than 10 bytes (at most 10)');
});

test('a shard whose name holds a control character is named with it escaped', () => {
  const shard = file('shard\u001b[2J.json', '{"format": "not a sweep"}');
  const r = gradlab('merge', shard, '--out', path.join(dir, 'never.json'));
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /\u001b/);
  assert.match(r.stderr, /shard\\u001b\[2J\.json/);
});
