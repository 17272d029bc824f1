// drawSeries (web/ui/src/charts/canvas.js): a series is drawn as lines between neighbouring
// values, and a value with no neighbour to join (a chart's first evaluation, or one between
// gaps) as a dot, so a chart with one evaluation is not empty.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drawSeries } from '../../web/ui/src/charts/canvas.js';

/** A 2-D context that records the path calls that draw something. */
function recorder() {
  const calls = [];
  const ctx = { setLineDash() {}, beginPath() {}, stroke() {}, fill() {} };
  for (const op of ['moveTo', 'lineTo']) ctx[op] = (x, y) => calls.push([op, x, y]);
  ctx.arc = (x, y, r) => calls.push(['dot', x, y, r]);
  return { ctx, calls };
}

const y = (v) => (v === null ? null : 100 - v);

test('one value: a dot where it is', () => {
  const { ctx, calls } = recorder();
  drawSeries(ctx, [7], (i) => 10 * i, y, { color: '#000', width: 2 });
  assert.deepEqual(calls.filter((c) => c[0] !== 'moveTo'), [['dot', 0, 93, 2]]);
});

test('lines join neighbours; a value alone between gaps or at an end is a dot', () => {
  const { ctx, calls } = recorder();
  drawSeries(ctx, [1, null, 2, 3, null, 4], (i) => 10 * i, y, { color: '#000', width: 3 });
  assert.deepEqual(calls, [
    ['moveTo', 0, 99], ['moveTo', 20, 98], ['lineTo', 30, 97], ['moveTo', 50, 96],
    ['dot', 0, 99, 3], ['dot', 50, 96, 3],
  ]);
});

test('a series with no gap has no dot', () => {
  const { ctx, calls } = recorder();
  drawSeries(ctx, [1, 2, 3], (i) => i, y, { color: '#000' });
  assert.equal(calls.filter((c) => c[0] === 'dot').length, 0);
  assert.equal(calls.filter((c) => c[0] === 'lineTo').length, 2);
});
