// Property tests (fast-check) of the configuration API, the URL hash, the JSON and query forms
// and the CLI's argument parser: random valid and invalid inputs never throw anything but the
// documented TypeError/RangeError (UsageError in the CLI), never hang, and valid inputs
// round-trip unchanged. The properties live in props/schema.props.mjs; each runs in a worker
// under a time bound (props/bounded.mjs) and prints how many inputs it tried.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkProperty } from './props/bounded.mjs';

const module = new URL('./props/schema.props.mjs', import.meta.url);
// [name, inputs]. About 0.5 ms per input here (25 s in all); the 30 s budget per property
// only cuts a run short on a machine far slower than this project's CI.
const PROPERTIES = [
  ['configObjects', 10000],
  ['configAnything', 3000],
  ['roundTrips', 5000],
  ['writersRefuseInvalid', 2000],
  ['hashes', 10000],
  ['hashNonStrings', 1000],
  ['cliFlags', 8000],
  ['cliGarbage', 3000],
  ['cliRoundTrip', 2000],
];

for (const [name, numRuns] of PROPERTIES) {
  test(`property: ${name}`, async (t) => {
    await checkProperty(t, assert, { module, name, numRuns, timeLimitMs: 30_000, hardLimitMs: 90_000 });
  });
}
