// Worker side of bounded.mjs: imports the property module, builds the named property and
// checks it with fast-check, then posts the run details back (a plain, cloneable object).
import { parentPort, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { failureReport } from './report.mjs';

const { module, name, numRuns, timeLimitMs, seed, params } = workerData;
try {
  const props = await import(module);
  if (typeof props[name] !== 'function') throw new Error(`${module} has no property ${name}`);
  const property = await props[name](params);
  const d = await fc.check(property, { numRuns, seed, interruptAfterTimeLimit: timeLimitMs, markInterruptAsFailure: false, includeErrorInReport: true });
  parentPort.postMessage({
    numRuns: d.numRuns,
    numSkips: d.numSkips,
    failed: d.failed,
    interrupted: d.interrupted,
    seed: d.seed,
    report: d.failed ? failureReport(fc, d) : null,
  });
} catch (e) {
  parentPort.postMessage({ numRuns: 0, numSkips: 0, failed: true, interrupted: false, seed, report: `setup failed: ${e?.stack ?? e}` });
}
