// The `gradlab` CLI as a user runs it: a preset run writes valid JSON and CSV; a bad flag
// exits non-zero with one clear line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root, builds } from './helpers.mjs';
import { fieldNames } from '../../web/src/node.js';

const cli = path.join(root, 'web/src/cli.js');
const gradlab = (...args) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root });

test('a preset run writes valid JSON and CSV and prints a summary table', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gradlab-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const out = path.join(dir, 'run.json');
  const csv = path.join(dir, 'run.csv');
  const r = gradlab('run', '--preset', 'dying-relu-high-lr', '--steps', '2000', '--out', out, '--csv', csv, '--weights');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /preset dying-relu-high-lr · (simd|scalar) build · 2000 steps/);
  assert.match(r.stdout, /layer\s+units\s+dL\/dz rms\s+\|dL\/dW\|/);
  assert.match(r.stdout, /hidden 4\s+8\s/);
  assert.match(r.stdout, /dead hidden units: \d+ of 32/);
  // Not a terminal here: plain progress lines, no carriage returns.
  assert.match(r.stderr, /^step 20\/2000 {2}train loss/m);
  assert.doesNotMatch(r.stderr, /\r/);

  const run = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(run.format, 'gradlab-run');
  assert.equal(run.preset, 'dying-relu-high-lr');
  assert.equal(run.step, 2000);
  assert.equal(run.config.learningRate, 1.5);
  assert.equal(run.history.length, 101);
  assert.equal(run.final.step, 2000);
  const dead = run.final.layers.filter((l) => l.role === 'hidden').reduce((a, l) => a + l.dead, 0);
  assert.ok(dead >= 10, `${dead} dead units`);
  assert.match(r.stdout, new RegExp(`dead hidden units: ${dead} of 32`));

  // The saved run loads back through the API and reproduces the same weights.
  const [{ gradlab: g }] = await builds();
  const replay = g.fromJSON({ ...run, weights: undefined });
  assert.deepEqual(replay.getWeights(), run.weights);
  replay.dispose();

  const lines = readFileSync(csv, 'utf8').trim().split('\n');
  const head = lines[0].split(',');
  assert.deepEqual(head.slice(0, 4), ['step', 'epoch', 'trainLoss', 'testLoss']);
  // Named as the summary names the layers: hidden 1..4, then the output layer.
  assert.ok(head.includes('hidden1_gradZRms') && head.includes('hidden4_dead') && head.includes('output_dead'), head.join(','));
  assert.ok(!head.some((h) => /^(L\d|hidden5)_/.test(h)), 'no column numbers the output layer as a fifth layer');
  assert.equal(lines.length, 102);
  for (const line of lines.slice(1)) assert.equal(line.split(',').length, head.length);
  const last = Object.fromEntries(head.map((h, i) => [h, lines.at(-1).split(',')[i]]));
  assert.equal(Number(last.step), 2000);
  assert.equal(Number(last.trainLoss), run.final.trainLoss);
});

test('every config field is settable by flag, camelCase or kebab-case', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gradlab-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const out = path.join(dir, 'run.json');
  const r = gradlab('run', '--steps', '50', '--quiet', '--out', out, '--learning-rate', '0.1', '--hidden', '8,8,8', '--activation=relu', '--layerActivations', 'relu,tanh,relu', '--features', 'x1,x2,x1x2', '--dataSeed', '7', '--batch-size', '20', '--simd', 'false');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  const run = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(run.build, 'scalar');
  assert.equal(run.config.learningRate, 0.1);
  assert.deepEqual(run.config.hidden, [8, 8, 8]);
  assert.deepEqual(run.config.layerActivations, ['relu', 'tanh', 'relu']);
  assert.deepEqual(run.config.features, ['x1', 'x2', 'x1x2']);
  assert.equal(run.config.dataSeed, 7);
  assert.equal(run.config.batchSize, 20);
  // The run's JSON holds every field of the schema, and `run --help` lists each of them.
  assert.deepEqual(Object.keys(run.config).sort(), [...fieldNames].sort());
  const help = gradlab('run', '--help');
  assert.equal(help.status, 0);
  for (const f of fieldNames) assert.match(help.stdout, new RegExp(`--${f} `));
});

test('invalid flags: non-zero exit and a one-line message, same validation as the API', () => {
  const cases = [
    [['run', '--lerning-rate', '0.1'], /^gradlab: unknown flag --lerning-rate \(did you mean --learningRate\?\)/],
    [['run', '--learningRate', '30'], /^gradlab: --learningRate: 30 is out of range \(allowed 1e-7 to 10\)/],
    [['run', '--learningRate', 'fast'], /^gradlab: --learningRate: "fast" is not a number/],
    [['run', '--activation', 'relu6'], /^gradlab: --activation: "relu6" is not one of .* \(did you mean relu\?\)/],
    [['run', '--hidden', '8,0'], /^gradlab: --hidden\[1\]: 0 is out of range/],
    [['run', '--classes', '3'], /^gradlab: --classes: 3 is not available for dataset 'circle'/],
    [['run', '--preset', 'dying-relu'], /^gradlab: --preset: "dying-relu" is not a preset .*did you mean dying-relu-high-lr\?/],
    [['run', '--steps', '-5'], /^gradlab: --steps: "-5" is not a whole number/],
    [['run', '--steps'], /^gradlab: --steps needs a value/],
    [['train'], /^gradlab: unknown command "train"/],
    [['run', 'extra'], /^gradlab: unexpected argument "extra"/],
  ];
  for (const [args, message] of cases) {
    const r = gradlab(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: exit ${r.status}`);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
  }
});

test('presets are listed', () => {
  const r = gradlab('presets');
  assert.equal(r.status, 0);
  assert.equal(r.stdout.trim().split('\n').length, 11);
  assert.match(r.stdout, /^vanishing-sigmoid\s+1000 steps/m);
});

const tempDir = (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gradlab-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

// Each refused before any training: exit 2, one line naming the flag, nothing written, no
// progress line (the engine was never started).
function refusedBeforeTraining(args, message, written = []) {
  const r = gradlab('run', '--steps', '3000', ...args);
  assert.equal(r.status, 2, `${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  assert.equal(r.stdout, '', args.join(' '));
  assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
  assert.match(r.stderr, message);
  for (const f of written) assert.ok(!existsSync(f), `${f} was written`);
}

test('output paths are checked before training: missing folder, empty name, one path twice, unwritable', (t) => {
  const dir = tempDir(t);
  const csv = path.join(dir, 'run.csv');
  refusedBeforeTraining(['--out', path.join(dir, 'no-such-dir', 'run.json'), '--csv', csv], /^gradlab: --out: the folder .*no-such-dir.* does not exist/, [csv]);
  refusedBeforeTraining(['--out=', '--csv', csv], /^gradlab: --out: needs a file name/, [csv]);
  refusedBeforeTraining(['--csv='], /^gradlab: --csv: needs a file name/);
  const same = path.join(dir, 'x');
  refusedBeforeTraining(['--out', same, '--csv', same], /^gradlab: --csv: .* is also the --out file/, [same]);
  // The same file spelt two ways is still the same file.
  refusedBeforeTraining(['--out', same, '--csv', path.join(dir, '.', 'sub', '..', 'x')], /is also the --out file/, [same]);
  // A folder, and a path under a regular file, can never be written (even by root).
  mkdirSync(path.join(dir, 'folder'));
  refusedBeforeTraining(['--out', path.join(dir, 'folder')], /^gradlab: --out: .*folder.* is a folder, not a file/);
  writeFileSync(path.join(dir, 'file'), 'x');
  refusedBeforeTraining(['--csv', path.join(dir, 'file', 'run.csv')], /^gradlab: --csv: .* is not a folder/);
  if (process.getuid?.() !== 0) {
    mkdirSync(path.join(dir, 'locked'));
    chmodSync(path.join(dir, 'locked'), 0o500);
    refusedBeforeTraining(['--out', path.join(dir, 'locked', 'run.json')], /^gradlab: --out: cannot write .*locked/);
    writeFileSync(path.join(dir, 'ro.json'), 'keep');
    chmodSync(path.join(dir, 'ro.json'), 0o400);
    refusedBeforeTraining(['--out', path.join(dir, 'ro.json')], /^gradlab: --out: cannot write/);
    assert.equal(readFileSync(path.join(dir, 'ro.json'), 'utf8'), 'keep');
  }
});

test('a diverged run exits 3, writes its files, and its progress says the steps really done', (t) => {
  const dir = tempDir(t);
  const out = path.join(dir, 'run.json');
  const csv = path.join(dir, 'run.csv');
  const r = gradlab('run', '--preset', 'exploding-init', '--steps', '500', '--every', '1', '--out', out, '--csv', csv);
  assert.equal(r.status, 3, r.stderr);
  const run = JSON.parse(readFileSync(out, 'utf8'));
  assert.ok(run.final.diverged && run.step < 500, `stopped at ${run.step}`);
  assert.ok(existsSync(csv));
  const steps = [...r.stderr.matchAll(/^step (\d+)\/500 /gm)].map((m) => Number(m[1]));
  assert.ok(steps.length >= 1, r.stderr);
  assert.equal(Math.max(...steps), run.step, `progress claimed ${Math.max(...steps)} steps; ${run.step} were done`);
  assert.match(r.stderr, new RegExp(`diverged at step ${run.final.diverged.step}`));
  assert.match(r.stdout, /DIVERGED: /);
});

test('an unknown command gets its hint once; --help lists every command; <command> --help its usage', () => {
  const r = gradlab('train');
  assert.equal(r.status, 2);
  assert.equal(r.stderr.split('gradlab --help').length - 1, 1, r.stderr);
  assert.match(r.stderr, /^gradlab: unknown command "train" \(commands: run, presets/);
  const help = gradlab('--help');
  assert.equal(help.status, 0);
  for (const name of ['run', 'presets']) assert.match(help.stdout, new RegExp(`^  ${name}\\s+\\S`, 'm'), name);
  for (const name of ['run', 'presets']) {
    const u = gradlab(name, '--help');
    assert.equal(u.status, 0, name);
    assert.match(u.stdout, new RegExp(`^usage: gradlab ${name}`, 'm'), name);
  }
  assert.equal(gradlab('help', 'run').stdout, gradlab('run', '--help').stdout);
});

test('Ctrl-C stops the run after the current chunk, writes the files with the steps done, exits 130', async (t) => {
  const dir = tempDir(t);
  const out = path.join(dir, 'run.json');
  const child = spawn(process.execPath, [cli, 'run', '--steps', '100000000', '--every', '200', '--hidden', '16,16', '--out', out], { cwd: root });
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (d) => { stdout += d; });
  // The first progress line means training has started; interrupt it then.
  child.stderr.on('data', (d) => {
    if (!stderr) child.kill('SIGINT');
    stderr += d;
  });
  const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? signal)));
  assert.equal(code, 130, stderr);
  const run = JSON.parse(readFileSync(out, 'utf8'));
  assert.ok(run.step > 0 && run.step < 100000000, `step ${run.step}`);
  assert.equal(run.step % 200, 0, 'stopped at a chunk boundary');
  assert.equal(run.final.step, run.step);
  assert.match(stderr, new RegExp(`stopped after ${run.step} of 100000000 steps: interrupted`));
  assert.match(stdout, new RegExp(`custom run · (simd|scalar) build · ${run.step} steps`));
});

test('switches and commands that would do nothing are refused', () => {
  for (const [args, message] of [
    [['run', '--weights', '--steps', '5'], /^gradlab: --weights: only with --out/],
    [['presets', 'extra'], /^gradlab: presets: unexpected argument "extra"/],
  ]) {
    const r = gradlab(...args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, message);
  }
});
