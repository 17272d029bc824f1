// What `gradlab run` prints, tested in-process (web/src/cli/report.js): the progress bar or
// lines, why a run stopped early, and the end-of-run summary with its per-layer table. The
// CLI's own tests (cli.test.mjs) run `gradlab` as a user does and look at the same output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progress, summary } from '../../web/src/cli/report.js';

const sink = (isTTY) => ({ isTTY, text: '', write(s) { this.text += s; } });

test('progress: a redrawn bar on a terminal, plain lines otherwise', () => {
  const m = { trainLoss: 0.5, trainAccuracy: 0.75 };
  const tty = sink(true);
  const bar = progress(tty, 100);
  for (let s = 10; s <= 100; s += 10) bar.update(s, m);
  bar.end();
  assert.equal(tty.text.split('\r').length - 1, 10);
  assert.match(tty.text, /\r\[###---------------------------\]  10\/100 {2}loss 0\.5000 {2}acc 75\.0% /);
  assert.match(tty.text, /\r\[#{30}\] 100\/100/);
  assert.ok(tty.text.endsWith('\n'));
  const plain = sink(false);
  const lines = progress(plain, 1000);
  for (let s = 1; s <= 1000; s++) lines.update(s, m);
  assert.equal(plain.text.trim().split('\n').length, 11, 'about one line per 10%');
  assert.doesNotMatch(plain.text, /\r/);
});

test('progress: each plain line whole, figures not yet known shown as a dash, and why a run stopped early', () => {
  const plain = sink(false);
  const lines = progress(plain, 1000);
  lines.update(0, { trainLoss: null, trainAccuracy: undefined });
  lines.update(99, { trainLoss: 0.25, trainAccuracy: 1 });  // same tenth as step 0: no line
  lines.update(100, { trainLoss: 0.00001, trainAccuracy: 0.5 });
  lines.update(250, { trainLoss: 10000, trainAccuracy: 0 });  // 10^4 and up: exponent form
  lines.end('diverged at step 250');
  assert.equal(plain.text, [
    'step 0/1000  train loss —  accuracy —',
    'step 100/1000  train loss 1.00e-5  accuracy 50.0%',
    'step 250/1000  train loss 1.00e+4  accuracy 0.0%',
    'stopped after 250 of 1000 steps: diverged at step 250',
    '',
  ].join('\n'));
  // A run that ends at its total says nothing more; one stopped before any step says 0.
  const done = sink(false);
  progress(done, 10).end();
  assert.equal(done.text, '');
  const never = sink(true);
  progress(never, 10).end('interrupted');
  assert.equal(never.text, '\nstopped after 0 of 10 steps: interrupted\n');
  // The bar's step count is padded to the width of the total, so the bar does not jump.
  const tty = sink(true);
  progress(tty, 1000).update(5, { trainLoss: 1, trainAccuracy: 0.5 });
  assert.equal(tty.text, `\r[${'-'.repeat(30)}]    5/1000  loss 1.0000  acc 50.0% `);
});

const layer = (role, index, units, gradZRms, gradWNorm, weightNorm, updateRatio, dead, inactive, saturated) =>
  ({ role, index, units, gradZRms, gradWNorm, weightNorm, updateRatio, dead, inactive, saturated });

test('summary: the run\'s figures, a per-layer table in aligned columns, and the dead hidden units counted', () => {
  const m = {
    step: 0, epoch: 0, trainLoss: 0.69314, testLoss: 12345.6, trainAccuracy: 0.5, testAccuracy: null, diverged: null, bornDead: true,
    layers: [layer('hidden', 0, 4, 0.0001234, 0, 1.5, null, 4, 0, 0), layer('hidden', 1, 2, 0.5, 2, 3, 0.01, 0, 1, 2), layer('output', 2, 1, 1, 1, 1, 0.001, 0, 0, 0)],
  };
  const lines = summary({ label: 'circle', build: 'scalar', seconds: 1.234, m }).split('\n');
  assert.equal(lines[0], 'circle · scalar build · 0 steps (0 epochs) in 1.23 s');
  assert.equal(lines[1], 'train loss 0.6931   test loss 1.23e+4   train accuracy 50.0%   test accuracy —');
  assert.equal(lines[2], 'born dead: a hidden layer outputs exactly zero for every input');
  assert.equal(lines[3], '');
  const table = lines.slice(4, 8);
  assert.deepEqual(table.map((l) => l.split(/ {2,}/)), [
    ['layer', 'units', 'dL/dz rms', '|dL/dW|', '|W|', 'update ratio', 'dead', 'inactive', 'saturated'],
    ['hidden 1', '4', '1.23e-4', '0.0000', '1.5000', '—', '4', '0', '0'],
    ['hidden 2', '2', '0.5000', '2.0000', '3.0000', '0.0100', '0', '1', '2'],
    ['output', '1', '1.0000', '1.0000', '1.0000', '0.0010', '0', '0', '0'],
  ]);
  // Names left-aligned to the widest ("hidden 1"), every other column right-aligned to its widest cell.
  assert.ok(table.every((l) => l.length === table[0].length), table.join('\n'));
  assert.ok(table[3].startsWith('output    '), table[3]);
  assert.ok(table[1].startsWith('hidden 1      4'), table[1]);
  assert.deepEqual(lines.slice(8), ['', 'dead hidden units: 4 of 6 (66.7%)']);
  // Later, the same flag is a network that died; a divergence is given with its message.
  const later = summary({ label: 'x', build: 'simd', seconds: 0, m: { ...m, step: 12, epoch: 1, diverged: { message: 'loss became NaN at step 12' } } }).split('\n');
  assert.deepEqual(later.slice(0, 4), ['x · simd build · 12 steps (1 epochs) in 0.00 s', lines[1], 'DIVERGED: loss became NaN at step 12',
    'dead network: a hidden layer outputs exactly zero for every input']);
  // No hidden layer: no count of dead units.
  const flat = summary({ label: 'x', build: 'simd', seconds: 0, m: { ...m, bornDead: false, layers: [m.layers[2]] } });
  assert.doesNotMatch(flat, /dead hidden units|born dead/);
});
