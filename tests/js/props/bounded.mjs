// Runs one fast-check property in a worker thread under a wall-clock bound.
//
// Why a worker: a property over a synchronous API cannot be interrupted from inside the same
// thread — if a call loops forever (or for minutes, as a catastrophically backtracking regular
// expression does), the test runner's own timeout never gets to fire. A worker can be
// terminated from the main thread, so "never hangs" is an assertion here, not a hope.
//
// Each property is a named export of a module in this folder: a function (possibly async,
// e.g. to load the engine) returning a fast-check property. fast-check's own time limit
// (`interruptAfterTimeLimit`) ends the generation of new inputs on a slow machine; the
// hard bound on top of it is what catches a hang. The number of inputs actually tried is
// printed as a test diagnostic, so a run's coverage can be quoted.
import { failureReport } from './report.mjs';
import { Worker } from 'node:worker_threads';

// One seed for the whole run, printed with every result: GRADLAB_FC_SEED=<seed> replays a failure.
export const seed = process.env.GRADLAB_FC_SEED !== undefined ? Number(process.env.GRADLAB_FC_SEED)
  : process.env.GRADLAB_MUTATION === '1' ? 1 : (Date.now() ^ (Math.random() * 2 ** 31)) | 0;

/**
 * Runs `name` from `module` (a URL) with up to `numRuns` inputs. Resolves to fast-check's
 * run details (numRuns, failed, interrupted, report); rejects if the worker does not
 * answer within `hardLimitMs`.
 */
export function runProperty({ module, name, numRuns, timeLimitMs, hardLimitMs = timeLimitMs + 60_000, params = {} }) {
  if (mutationRun) return runInline({ module, name, numRuns, timeLimitMs, params });
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker.mjs', import.meta.url), {
      workerData: { module: String(module), name, numRuns, timeLimitMs, seed, params },
    });
    const timer = setTimeout(() => {
      worker.terminate();
      reject(new Error(`property "${name}" did not finish within ${hardLimitMs} ms: a call hangs (seed ${seed}; rerun with GRADLAB_FC_SEED=${seed})`));
    }, hardLimitMs);
    worker.once('message', (m) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(m);
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

// Under mutation testing (scripts/mutate-js.mjs sets GRADLAB_MUTATION=1) a property runs in
// this thread, where the mutation tool sees which code it covers (it cannot look into a
// worker), with a tenth of the inputs and a fixed seed so a mutant's fate does not depend on
// the draw; the tool's own per-mutant timeout then stands in for the hard limit.
const mutationRun = process.env.GRADLAB_MUTATION === '1';

async function runInline({ module, name, numRuns, timeLimitMs, params }) {
  const { default: fc } = await import('fast-check');
  const props = await import(String(module));
  const d = await fc.check(await props[name](params), { numRuns, seed, interruptAfterTimeLimit: timeLimitMs, markInterruptAsFailure: false });
  return { numRuns: d.numRuns, numSkips: d.numSkips, failed: d.failed, interrupted: d.interrupted, seed: d.seed, report: d.failed ? failureReport(fc, d) : null };
}

/** Test body: runs the property, prints how many inputs it tried, fails with fast-check's report. */
export async function checkProperty(t, assert, fullOptions) {
  // The quick loop (npm run test:quick) tries a quarter of the inputs; npm test tries them all;
  // a mutation run a tenth.
  const share = mutationRun ? 10 : process.env.GRADLAB_QUICK ? 4 : 1;
  const options = share > 1 ? { ...fullOptions, numRuns: Math.max(20, Math.ceil(fullOptions.numRuns / share)) } : fullOptions;
  const r = await runProperty(options);
  const tried = `${r.numRuns} inputs${r.numSkips ? ` (+${r.numSkips} skipped)` : ''}${r.interrupted ? ` — stopped by the ${options.timeLimitMs / 1000} s budget before ${options.numRuns}` : ''}`;
  t.diagnostic(`property ${options.name}${options.params?.build ? ` [${options.params.build}]` : ''}: ${tried}, seed ${r.seed}`);
  assert.ok(!r.failed, r.report);
  // An interrupted run must still have tried a meaningful number of inputs, or the property
  // would pass vacuously on a very slow machine.
  assert.ok(r.numRuns >= Math.min(options.numRuns, options.minRuns ?? 50), `only ${r.numRuns} inputs were tried`);
  return r;
}
