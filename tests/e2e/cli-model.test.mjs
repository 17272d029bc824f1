// Random flag sets for `gradlab run` (fast-check, no browser): whatever the flags, the CLI
// either refuses them cleanly before any work (exit 2, one line naming the problem, no file
// written) or does the whole run (exit 0, or 3 when it diverged) with every requested file
// written and readable. Never another exit status, a stack trace or a half-written file.
//   GRADLAB_CLI_RUNS=N  flag sets to try (default 24)     GRADLAB_CLI_SEED=S  the seed (printed)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { root } from './helpers.mjs';

const RUNS = Number(process.env.GRADLAB_CLI_RUNS ?? 24);
const SEED = Number(process.env.GRADLAB_CLI_SEED ?? (Date.now() % 2 ** 31));
const cli = path.join(root, 'web/src/cli.js');

function gradlab(args, cwd) {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [cli, 'run', ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => p.kill('SIGKILL'), 120000);
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

// Flags: each maybe present, mostly with good values, sometimes bad ones. File names are
// relative to a fresh folder that holds `sub/` (a folder) and nothing else.
const maybe = (arb) => fc.option(arb, { nil: undefined, freq: 2 });
const pick = (good, bad) => fc.oneof({ arbitrary: fc.constantFrom(...good), weight: 5 }, { arbitrary: fc.constantFrom(...bad), weight: 1 });
const flagSet = fc.record({
  preset: maybe(pick(['dying-relu-high-lr', 'exploding-init', 'vanishing-sigmoid'], ['valueOf', 'nope', ''])),
  steps: maybe(pick(['1', '7', '40'], ['0', '-3', 'abc', '1e12', '2.5'])),
  every: maybe(pick(['1', '5'], ['0', 'x'])),
  out: maybe(pick(['run.json', 'sub/run.json'], ['missing/run.json', '', 'sub', 'same.txt'])),
  csv: maybe(pick(['run.csv', 'sub/run.csv'], ['missing/run.csv', '', 'same.txt'])),
  weights: fc.boolean(),
  simd: maybe(pick(['auto', 'true', 'false'], ['maybe'])),
  quiet: fc.boolean(),
  fields: fc.uniqueArray(pick(
    [['--learningRate', '0.1'], ['--learningRate', '50'], ['--hidden', '4,4'], ['--dataset', 'xor'], ['--dataset', 'fit1d'], ['--numPoints', '40'],
      ['--activation', 'relu'], ['--initScale', '90'], ['--init', 'constant'], ['--learning-rate', '0.5']],
    [['--learning-rate', '-1'], ['--hidden', '300'], ['--dataset', 'custom'], ['--numPoints', '5'], ['--activation', '<b>'], ['--bogusField', '1'], ['--batchSize', '0']],
  ), { maxLength: 3, selector: (f) => f[0].toLowerCase().replace('-r', 'r') }),
});

function argv(f) {
  const a = [];
  for (const k of ['preset', 'steps', 'every', 'out', 'csv', 'simd']) if (f[k] !== undefined) a.push(`--${k}`, f[k]);
  if (f.weights) a.push('--weights');
  if (f.quiet) a.push('--quiet');
  for (const [k, v] of f.fields) a.push(k, v);
  return a;
}

const show = (f) => `gradlab run ${argv(f).map((s) => (s === '' || /\s/.test(s) ? JSON.stringify(s) : s)).join(' ')}`;

test(`gradlab run with random flag sets: a clean refusal before any work, or a complete run (${RUNS} sets, seed ${SEED})`, { timeout: Math.max(300000, RUNS * 30000) }, async () => {
  const t0 = Date.now();
  const outcomes = { refused: 0, trained: 0, diverged: 0 };
  const property = fc.asyncProperty(flagSet, async (f) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gradlab-cli-model-'));
    try {
      mkdirSync(path.join(dir, 'sub'));
      // keep runs short: a preset's own budget can be thousands of steps
      const flags = { ...f, steps: f.steps ?? '25' };
      const r = await gradlab(argv(flags), dir);
      const written = readdirSync(dir).filter((n) => n !== 'sub').concat(readdirSync(path.join(dir, 'sub')).map((n) => `sub/${n}`));
      const what = `${show(flags)} → exit ${r.code}${r.signal ? ` (${r.signal})` : ''}\nstderr: ${r.stderr.slice(-600)}`;
      assert.ok([0, 2, 3].includes(r.code), what);
      assert.doesNotMatch(r.stderr, /\n\s+at /, `no stack trace: ${what}`);
      if (r.code === 2) {
        outcomes.refused++;
        const lines = r.stderr.trim().split('\n');
        assert.ok(lines.length >= 1 && lines[0].length > 0, `a refusal says why: ${what}`);
        assert.deepEqual(written, [], `a refusal writes nothing: ${what}`);
        return;
      }
      outcomes[r.code === 0 ? 'trained' : 'diverged']++;
      const want = [flags.out, flags.csv].filter((x) => x !== undefined);
      assert.deepEqual(written.sort(), [...want].sort(), `every requested file, and only those: ${what}`);
      if (flags.out !== undefined) {
        const run = JSON.parse(readFileSync(path.join(dir, flags.out), 'utf8'));
        assert.ok(run.config && Array.isArray(run.history) && run.history.length >= 1, `the JSON holds the run: ${what}`);
        assert.equal(!!run.weights, !!flags.weights, `weights in the JSON exactly when asked: ${what}`);
        const last = run.history.at(-1);
        if (r.code === 0) assert.equal(last.step, Number(flags.steps), `a complete run did every step: ${what}`);
      }
      if (flags.csv !== undefined) {
        const rows = readFileSync(path.join(dir, flags.csv), 'utf8').trim().split('\n');
        assert.ok(rows.length >= 2 && rows[0].startsWith('step'), `the CSV has a header and rows: ${what}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  await fc.assert(property, { seed: SEED, numRuns: RUNS });
  console.log(`cli model: ${RUNS} flag sets from seed ${SEED} in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${outcomes.refused} refused, ${outcomes.trained} trained, ${outcomes.diverged} diverged`);
  assert.ok(outcomes.refused > 0 && outcomes.trained + outcomes.diverged > 0 || RUNS < 10, 'both kinds of outcome were drawn');
});
