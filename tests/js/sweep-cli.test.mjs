// `gradlab sweep` and `gradlab merge` as a user runs them: flags and spec files give the same
// table as the API; shards merge to the unsharded file byte for byte; bad input exits 2 with
// one line before any run starts; Ctrl-C cancels and keeps the finished runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from './helpers.mjs';
import { createGradLab, sweepToJSON } from '../../web/src/node.js';

const cli = path.join(root, 'web/src/cli.js');
const gradlab = (...args) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root });
const engine = await createGradLab();
const dir = mkdtempSync(path.join(tmpdir(), 'gradlab-sweep-cli-'));
const file = (name) => path.join(dir, name);
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

const FLAGS = ['--vary', 'depth=1..3:2', '--vary', 'activation=relu,tanh', '--hidden', '4,4', '--num-points', '80', '--steps', '40', '--seeds', '2',
  '--measure', 'trainLoss,deadFraction', '--measure', 'gradRatioInit'];
const SPEC = {
  base: { hidden: [4, 4], numPoints: 80 },
  axes: [{ field: 'depth', from: 1, to: 3, count: 2 }, { field: 'activation', values: ['relu', 'tanh'] }],
  steps: 40, seeds: 2, measures: ['trainLoss', 'deadFraction', 'gradRatioInit'],
};

test('flags: the table, the JSON and both CSVs, identical to the API’s result', async () => {
  const r = gradlab('sweep', ...FLAGS, '--workers', '2', '--out', file('flags.json'), '--csv', file('runs.csv'), '--cells-csv', file('cells.csv'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^sweep of 4 cells × 2 seeds × 40 steps: 8 runs · (simd|scalar) build · 2 workers · [\d.]+ s$/m);
  assert.match(r.stdout, /^cell\s+depth\s+activation\s+trainLoss\s+deadFraction\s+gradRatioInit$/m);
  assert.match(r.stdout, /^3\s+3\s+tanh\s/m);
  // Not a terminal: plain progress lines, the first with the estimate.
  assert.match(r.stderr, /^sweep: 0\/8 runs · estimated [\d.]+ s on 2 workers$/m);
  assert.match(r.stderr, /^sweep: 8\/8 runs · ETA 0\.0 s$/m);
  const api = sweepToJSON(await engine.sweep(SPEC, { workers: 1 }));
  assert.equal(readFileSync(file('flags.json'), 'utf8'), api);
  const runs = readFileSync(file('runs.csv'), 'utf8').trim().split('\n');
  assert.equal(runs[0], 'cell,replicate,seed,depth,activation,diverged,divergedStep,trainLoss,deadFraction,gradRatioInit,error,notes');
  assert.equal(runs.length, 9);
  const parsed = JSON.parse(api);
  assert.equal(runs[3], `1,0,1,1,tanh,false,,${parsed.rows[2].values.trainLoss},0,1,,`);
  const cells = readFileSync(file('cells.csv'), 'utf8').trim().split('\n');
  assert.equal(cells.length, 5);
  assert.match(cells[0], /^cell,depth,activation,runs,failed,diverged,trainLoss,trainLoss_min,trainLoss_max,trainLoss_count,/);
});

test('a spec file gives the same result as the flags; shards merge to it byte for byte', () => {
  writeFileSync(file('spec.json'), JSON.stringify(SPEC));
  const whole = gradlab('sweep', '--spec', file('spec.json'), '--quiet', '--out', file('spec-out.json'));
  assert.equal(whole.status, 0, whole.stderr);
  assert.equal(whole.stderr, '');
  const expected = readFileSync(file('spec-out.json'), 'utf8');
  for (const k of [1, 2, 3]) {
    const r = gradlab('sweep', '--spec', file('spec.json'), '--shard', `${k}/3`, '--workers', String(k), '--quiet', '--out', file(`part${k}.json`));
    assert.equal(r.status, 0, r.stderr);
    // Every third cell from k: cells 0 and 3, then 1, then 2.
    assert.match(r.stdout, new RegExp(`^sweep of 4 cells × 2 seeds × 40 steps · shard ${k}/3: ${[4, 2, 2][k - 1]} runs`, 'm'));
  }
  const m = gradlab('merge', file('part3.json'), file('part1.json'), file('part2.json'), '--out', file('merged.json'), '--cells-csv', file('merged.csv'));
  assert.equal(m.status, 0, m.stderr);
  assert.match(m.stdout, /^merged 3 files$/m);
  assert.equal(readFileSync(file('merged.json'), 'utf8'), expected);
  // Without --out the merged JSON goes to standard output.
  const piped = gradlab('merge', file('part1.json'), file('part2.json'), file('part3.json'), '--quiet');
  assert.equal(piped.status, 0, piped.stderr);
  assert.equal(piped.stdout, expected);
});

test('merge refuses what cannot be combined, with the reason, and writes nothing', () => {
  for (const k of [1, 2]) assert.equal(gradlab('sweep', ...FLAGS, '--shard', `${k}/2`, '--quiet', '--out', file(`h${k}.json`)).status, 0);
  assert.equal(gradlab('sweep', ...FLAGS.map((a) => (a === '40' ? '41' : a)), '--shard', '2/2', '--quiet', '--out', file('other.json')).status, 0);
  const cases = [
    [[file('h1.json')], 'cannot merge: shard 2/2 is missing'],
    [[file('h1.json'), file('h1.json'), file('h2.json')], 'cannot merge: shard 1/2 is given twice'],
    [[file('h1.json'), file('other.json')], 'comes from a different sweep spec than', 'steps: 41 vs 40'],
    [[file('h1.json'), file('nope.json')], 'shard: cannot read', 'nope.json" (no such file, ENOENT)'],
    [[file('h1.json'), file('h2.json'), '--out', file('h1.json')], '--out', 'h1.json being merged; it would be overwritten'],
    [[file('h1.json'), file('h2.json'), '--frobnicate'], 'unknown flag "--frobnicate" of merge'],
  ];
  for (const [args, ...fragments] of cases) {
    const r = gradlab('merge', ...args, ...(args.includes('--out') ? [] : ['--out', file('never.json')]));
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    for (const f of fragments) assert.ok(r.stderr.includes(f), `${r.stderr} should contain ${f}`);
    assert.equal(existsSync(file('never.json')), false);
  }
});

test('bad input exits 2 with one line, before any run starts', () => {
  writeFileSync(file('bad-spec.json'), JSON.stringify({ axes: [{ field: 'learningRate', values: [0.1, 30] }] }));
  writeFileSync(file('not-json.json'), '{ axes');
  const cases = [
    [['--vary', 'learningRate=0.1,30'], '--vary learningRate=0.1,30: values[1]: learningRate: 30 is out of range (allowed 1e-7 to 10)'],
    [['--vary', 'learningRate=1e-3..3:12:lg'], '--vary learningRate=1e-3..3:12:lg: "lg" is not a scale (lin or log)'],
    [['--vary', 'learningrate=0.1'], '"learningrate" is not a configuration field', 'did you mean learningRate?'],
    [['--vary', 'depth'], 'is not FIELD=VALUES'],
    [['--vray', 'depth=2'], 'unknown flag --vray (did you mean --vary?)'],
    [['--measure', 'deadfraction'], '--measure: "deadfraction" is not one of', 'did you mean deadFraction?'],
    [['--learning-rate', '30'], '--learningRate: 30 is out of range'],
    [['--steps', '-5'], '--steps: "-5" is not a whole number'],
    [['--workers', '0'], '--workers: "0" is not a whole number from 1 to 64'],
    [['--shard', '3/2'], '--shard: "3/2" is not K/N'],
    [['--budget', '0'], '--budget: "0" is not a duration above 0'],
    [['--order', 'random'], '--order: "random" is not one of grid, coarse-to-fine'],
    [['--target', '0.1'], '--target: is only used by the stepsToTarget measure'],
    [['--out='], '--out: needs a file name'],
    [['--out', file('same.json'), '--csv', file('same.json')], '--csv', 'is also the --out file'],
    [['--out', path.join(dir, 'missing', 'x.json')], '--out: the folder', 'does not exist'],
    [['--out', dir], '--out:', 'is a folder, not a file'],
    [['--spec', file('bad-spec.json')], 'bad-spec.json: axes[0].values[1]: learningRate: 30 is out of range'],
    [['--spec', file('not-json.json')], '--spec "', 'not-json.json": not valid JSON'],
    [['--spec', file('nothing.json')], '--spec: cannot read', 'nothing.json" (no such file, ENOENT)'],
    [['--spec', file('bad-spec.json'), '--steps', '5'], '--steps cannot be combined with --spec'],
    [['--spec', file('spec.json'), '--out', file('spec.json')], '--out:', 'is the --spec file; it would be overwritten'],
    [['--batch-size', '60', '--vary', 'numPoints=500,100'], 'cell 1 (numPoints=100): batchSize: 60 is larger than the training set'],
    [['--vary', 'depth=1..40:40', '--vary', 'learningRate=1e-3..3:12:log', '--steps', '1000000', '--seeds', '5'], 'sweep too large: 480 cells × 5 seeds × 1000000 steps', '--budget'],
  ];
  for (const [args, ...fragments] of cases) {
    const r = gradlab('sweep', ...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /sweep: 0\//, 'no run started');
    for (const f of fragments) assert.ok(r.stderr.includes(f), `${args.join(' ')}: ${r.stderr.trim()} should contain ${f}`);
  }
  assert.equal(existsSync(file('same.json')), false);
});

test('Ctrl-C cancels: exit 130, how far it got, and the finished runs saved as incomplete', async () => {
  const child = spawn(process.execPath, [cli, 'sweep', '--vary', 'learningRate=0.01..0.1:30', '--hidden', '16,16', '--steps', '20000', '--workers', '1', '--out', file('cut.json')], { cwd: root });
  let stderr = '';
  let sent = false;
  const code = await new Promise((resolve) => {
    child.stderr.on('data', (d) => {
      stderr += d;
      if (!sent && /sweep: [1-9]\d*\/30/.test(stderr)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    child.on('exit', resolve);
  });
  assert.equal(code, 130, stderr);
  assert.match(stderr, /gradlab: the sweep was cancelled after \d+ of 30 runs \(\d+ cells? complete\); the finished runs are in .*cut\.json \(marked incomplete\)/);
  const saved = JSON.parse(readFileSync(file('cut.json'), 'utf8'));
  assert.equal(saved.complete, false);
  assert.ok(saved.rows.length >= 1 && saved.rows.length < 30);
  const m = gradlab('merge', file('cut.json'));
  assert.equal(m.status, 2);
  assert.match(m.stderr, /is incomplete \(the whole sweep: \d+ of 30 runs; the sweep was cancelled\)/);
});
