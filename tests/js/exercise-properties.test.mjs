// Property tests (fast-check) of the exercise format, the predicate language, the text
// formatting and the grader: random and hostile exercises, predicates, metrics and runs never
// make them throw anything but TypeError/RangeError, never hang (each property runs in a worker
// under a wall-clock bound, props/bounded.mjs), never run code, and texts stay plain text. The
// properties live in props/exercise.props.mjs. Also a static check: the exercise modules contain
// no way to evaluate code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { checkProperty } from './props/bounded.mjs';
import { root } from './helpers.mjs';

const module = new URL('./props/exercise.props.mjs', import.meta.url);
// [name, inputs]: a few seconds each here; the 30 s budget only cuts a run short on a much slower machine.
const PROPERTIES = [
  ['predicates', 6000],
  ['typedPredicates', 2000],
  ['hostileMetrics', 3000],
  ['exercises', 3000],
  ['exerciseGarbage', 2000],
  ['texts', 3000],
  ['runs', 1500],
];

for (const [name, numRuns] of PROPERTIES) {
  test(`property: ${name}`, async (t) => {
    await checkProperty(t, assert, { module, name, numRuns, timeLimitMs: 30_000, hardLimitMs: 90_000 });
  });
}

// Under mutation testing the files read are StrykerJS's instrumented copies, whose own header
// holds `new Function`: the scan is about the source as shipped, which the suite reads.
const instrumented = process.env.GRADLAB_MUTATION === '1' && 'reads the shipped source; StrykerJS instruments it';
test('the exercise modules hold no way to evaluate code (no eval, Function, with, Proxy, import())', { skip: instrumented }, () => {
  const dir = path.join(root, 'web/src/exercise');
  const files = [...readdirSync(dir).map((f) => path.join(dir, f)), path.join(root, 'web/src/cli/grade.js')];
  for (const file of files) {
    const src = readFileSync(file, 'utf8').replace(/^\s*(\/\/|\*|\/\*\*).*$/gm, '');
    for (const pattern of [/\beval\s*\(/, /\bFunction\s*\(/, /\bwith\s*\(/, /\bnew\s+Proxy\b/, /\bimport\s*\(/, /\binnerHTML\b/, /\bReflect\./])
      assert.doesNotMatch(src, pattern, `${path.basename(file)} contains ${pattern}`);
  }
});
