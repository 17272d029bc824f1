// Property tests (fast-check) of the engine boundary, on both wasm builds: random valid
// configurations build sessions that train, evaluate and draw grids with no NaN/Infinity in
// anything they report; weights, weight blobs, user data, live changes, hashes and CLI flags
// that do not fit are refused with the documented errors and change nothing. Properties:
// props/engine.props.mjs; each runs in a worker under a time bound (props/bounded.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkProperty } from './props/bounded.mjs';

const module = new URL('./props/engine.props.mjs', import.meta.url);
// [name, inputs per build]
const PROPERTIES = [
  ['sessions', 600],
  ['setWeights', 1000],
  ['loadWeights', 1000],
  ['userDataProp', 1000],
  ['engineHashes', 1000],
  ['cliToEngine', 1000],
  ['setLive', 500],
];

for (const build of ['simd', 'scalar']) {
  for (const [name, numRuns] of PROPERTIES) {
    test(`[${build}] property: ${name}`, async (t) => {
      await checkProperty(t, assert, { module, name, numRuns, timeLimitMs: 30_000, hardLimitMs: 120_000, params: { build } });
    });
  }
}
