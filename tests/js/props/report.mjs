// A failed property's report, for the worker and for the in-thread run alike. fast-check's own
// message prints the counterexample, and printing can itself throw on a hostile value (an array
// given a `constructor` that is not one): then the error, the value as util.inspect shows it
// and the seed still come back, instead of a "setup failed" that hides all three.
import { inspect } from 'node:util';

// Counterexamples can be 64 KB strings; a report that long would bury the CI log.
const clip = (s) => (s.length > 6000 ? `${s.slice(0, 6000)}… (${s.length} characters)` : s);

export function failureReport(fc, d) {
  let text;
  try {
    text = fc.defaultReportMessage(d);
  } catch (e) {
    let value;
    try {
      value = inspect(d.counterexample, { depth: 6, breakLength: 120 });
    } catch (e2) {
      value = `(not printable either: ${e2.message})`;
    }
    text = `Property failed after ${d.numRuns} tests: ${d.errorInstance?.stack ?? d.error}\nCounterexample: ${value}\n(fast-check could not print it: ${e.message})`;
  }
  return `${clip(text)}\n(rerun with GRADLAB_FC_SEED=${d.seed})`;
}
