// A sweep's options without a run: each refusal whole, with its field, and the defaults and
// normal forms the sweep then works with (sweep.test.mjs runs sweeps with them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSweepOptions, MAX_WORKERS } from '../../web/src/sweep/sweep.js';
import { DEFAULT_BUDGET_SECONDS } from '../../web/src/sweep/budget.js';
import { thrown } from './helpers.mjs';

const check = (o) => checkSweepOptions(o, () => 3);

test('sweep options: each refusal whole, with its field', () => {
  const shardNeed = 'is not a shard: need 1 ≤ index ≤ count ≤ 1000000';
  const cases = [
    [null, 'TypeError [options] options: expected an object, got null'],
    [[], 'TypeError [options] options: expected an object, got []'],
    [{ wokers: 2 }, 'TypeError [wokers] wokers: unknown sweep option (did you mean workers?)'],
    [{ workers: '2' }, 'TypeError [workers] workers: expected a number of workers, got "2"'],
    [{ workers: 0 }, `RangeError [workers] workers: 0 is not an integer from 1 to ${MAX_WORKERS}`],
    [{ workers: MAX_WORKERS + 1 }, `RangeError [workers] workers: ${MAX_WORKERS + 1} is not an integer from 1 to ${MAX_WORKERS}`],
    [{ workers: 1.5 }, `RangeError [workers] workers: 1.5 is not an integer from 1 to ${MAX_WORKERS}`],
    [{ pool: {} }, 'TypeError [pool] pool: expected a pool from gradlab.createSweepPool(), got [object Object]'],
    [{ signal: {} }, 'TypeError [signal] signal: expected an AbortSignal, got [object Object]'],
    [{ signal: null }, 'TypeError [signal] signal: expected an AbortSignal, got null'],
    [{ signal: { aborted: 'no', addEventListener() {} } }, 'TypeError [signal] signal: expected an AbortSignal, got [object Object]'],
    [{ signal: { aborted: false } }, 'TypeError [signal] signal: expected an AbortSignal, got [object Object]'],
    [{ onProgress: 5 }, 'TypeError [onProgress] onProgress: expected a function, got 5'],
    [{ onResult: 'x' }, 'TypeError [onResult] onResult: expected a function, got "x"'],
    [{ order: 'random' }, 'RangeError [order] order: "random" is not one of grid, coarse-to-fine'],
    [{ shard: 5 }, 'TypeError [shard] shard: expected {index, count} (shard index of count, from 1), got 5'],
    [{ shard: { index: 1 } }, 'TypeError [shard] shard: expected {index, count} (shard index of count, from 1), got [object Object]'],
    [{ shard: { count: 2 } }, 'TypeError [shard] shard: expected {index, count} (shard index of count, from 1), got [object Object]'],
    [{ shard: { index: 1.5, count: 2 } }, 'TypeError [shard] shard: expected {index, count} (shard index of count, from 1), got [object Object]'],
    [{ shard: { index: 0, count: 2 } }, `RangeError [shard] shard: 0/2 ${shardNeed}`],
    [{ shard: { index: 3, count: 2 } }, `RangeError [shard] shard: 3/2 ${shardNeed}`],
    [{ shard: { index: 0, count: 0 } }, `RangeError [shard] shard: 0/0 ${shardNeed}`],
    [{ shard: { index: 1, count: 1e6 + 1 } }, `RangeError [shard] shard: 1/1000001 ${shardNeed}`],
    [{ budget: 5 }, 'TypeError [budget] budget: expected {seconds}, got 5'],
    [{ budget: { second: 1 } }, 'TypeError [budget] budget: expected {seconds}, got [object Object]'],
    [{ budget: { seconds: 0 } }, 'RangeError [budget.seconds] budget.seconds: 0 is not a number of seconds above 0'],
    [{ budget: { seconds: Infinity } }, 'RangeError [budget.seconds] budget.seconds: Infinity is not a number of seconds above 0'],
    [{ budget: { seconds: '5' } }, 'RangeError [budget.seconds] budget.seconds: "5" is not a number of seconds above 0'],
    [{ testHooks: { crash: 5 } }, 'TypeError [testHooks.crash] testHooks.crash: expected an array of {cell, replicate, mode}'],
  ];
  for (const [o, message] of cases) assert.equal(thrown(() => check(o)), message, JSON.stringify(o));
});

test('sweep options: the defaults and the normal forms', () => {
  const plain = (o) => ({ ...o, crash: [...o.crash] });
  assert.deepEqual(plain(check({})), { workers: 3, order: 'grid', shard: null, budgetSeconds: DEFAULT_BUDGET_SECONDS, crash: [] });
  assert.equal(check({ workers: MAX_WORKERS }).workers, MAX_WORKERS);
  assert.equal(check({ workers: 1 }).workers, 1);
  assert.equal(check({ order: 'coarse-to-fine' }).order, 'coarse-to-fine');
  assert.deepEqual(check({ shard: { index: 2, count: 3, extra: 1 } }).shard, { index: 2, count: 3 }, 'only index and count are kept');
  assert.deepEqual(check({ shard: { index: 1, count: 1e6 } }).shard, { index: 1, count: 1e6 });
  assert.equal(check({ shard: null }).shard, null);
  assert.equal(check({ budget: { seconds: 5 } }).budgetSeconds, 5);
  assert.equal(check({ budget: {} }).budgetSeconds, DEFAULT_BUDGET_SECONDS);
  assert.equal(check({ signal: new AbortController().signal }).signal.aborted, false);
  assert.deepEqual(plain(check({ testHooks: { crash: [{ cell: 2 }, { cell: 1, replicate: 3, mode: 'exit' }] } })).crash, [['2/0', 'throw'], ['1/3', 'exit']]);
  const given = { workers: 2 };
  check(given);
  assert.deepEqual(given, { workers: 2 }, 'the caller\'s object is not changed');
});
