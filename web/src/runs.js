// Restoring a run saved with session.toJSON(): read and check the file, then either put its
// weights back (and its step, so the schedule continues) or replay its steps, which
// reproduces it bit for bit. Synchronously up to a bounded amount of work; beyond that, in
// slices that yield, report progress and can be cancelled.
import { typeError, rangeError, show, checkOptionKeys } from './errors.js';
import { configFromJSON, parseJSON } from './schema.js';
import { resumeAt } from './session.js';
import { dataFromJSON } from './data.js';

const VERSION = 1;

/**
 * The most work fromJSON replays synchronously, in units of one example through one
 * parameter; a step costs batchSize × parameters + STEP_OVERHEAD units. About 1–3 s on a
 * laptop: ~390,000 steps of the default network, ~1,500 of 20 × 64, ~100 of 64 × 256.
 */
export const SYNC_REPLAY_BUDGET = 4e9;
const STEP_OVERHEAD = 1e4;

/** A checked run: {config, step, epoch (or undefined), weights (or undefined), data (user data of a custom run, or undefined)}. */
export function readRun(run) {
  const obj = parseJSON(run, 'run');
  if (obj === null || typeof obj !== 'object' || obj.format !== 'gradlab-run')
    throw typeError('run', `expected an object from session.toJSON() (format "gradlab-run"), got ${show(obj)}`);
  if (typeof obj.version !== 'number') throw typeError('run.version', `expected ${VERSION}, got ${show(obj.version)}`);
  if (obj.version !== VERSION) throw rangeError('run.version', `${show(obj.version)} is not a version this package reads (${VERSION})`);
  if (obj.config === null || typeof obj.config !== 'object' || Array.isArray(obj.config))
    throw typeError('run.config', `expected the run's configuration (an object), got ${show(obj.config)}`);
  const config = configFromJSON(obj.config);
  const step = obj.step ?? 0;
  if (!Number.isSafeInteger(step) || step < 0) throw rangeError('run.step', `${show(step)} is not a step count`);
  const { epoch } = obj;
  if (epoch !== undefined && (!Number.isSafeInteger(epoch) || epoch < 0 || epoch > step))
    throw rangeError('run.epoch', `${show(epoch)} is out of range (allowed 0 to the step, ${step})`);
  const data = obj.data === undefined ? undefined : dataFromJSON(obj.data);
  return { config, step, epoch, weights: obj.weights, data };
}

// The run's session: on its own data when it has them.
const sessionOf = (gradlab, r) => (r.data !== undefined ? gradlab.createSession(r.config, { data: r.data }) : gradlab.createSession(r.config));

const replayCost = (session, steps) => steps * (session.config.batchSize * session.info.paramCount + STEP_OVERHEAD);

// The saved step was reached by training; stopping short of it means the file does not
// describe a run of this configuration, and a shorter run must not pass for it.
function fellShort(session, step) {
  const m = session.metrics();
  const why = m.diverged ? `it diverged at step ${m.diverged.step}` : `it stopped at step ${m.step}`;
  return rangeError('run.step', `the run says ${step} steps, but replaying its configuration cannot get there: ${why}`);
}

// Weights back, and the step and epoch, so that the learning-rate schedule continues.
function restore(session, { step, epoch, weights }) {
  session.setWeights(weights);
  // Files without the epoch (older ones): the count a constant batch size gives.
  const perEpoch = Math.ceil(session.info.train / session.config.batchSize);
  session[resumeAt](step, epoch ?? Math.floor(step / perEpoch));
}

/** gradlab.fromJSON: see its documentation in engine.js. */
export function fromJSON(gradlab, run) {
  const r = readRun(run);
  const s = sessionOf(gradlab, r);
  try {
    if (r.weights !== undefined) restore(s, r);
    else if (r.step > 0) {
      if (replayCost(s, r.step) > SYNC_REPLAY_BUDGET)
        throw rangeError('run.step', `replaying ${r.step} steps of this network would block for too long (the synchronous limit is ${SYNC_REPLAY_BUDGET.toExponential(0)} units of batch size × parameters per step); use await gradlab.replay(run, {onProgress, signal}), which replays in slices and can be cancelled`);
      if (s.step(r.step) < r.step) throw fellShort(s, r.step);
    }
  } catch (e) {
    s.dispose();
    throw e;
  }
  return s;
}

// Lets the event loop run (timers, input, an abort) between slices.
const yieldToEventLoop = () => (globalThis.scheduler?.yield ? globalThis.scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0)));

/** gradlab.replay: see its documentation in engine.js. */
export async function replay(gradlab, run, options) {
  const { onProgress, signal, sliceMs = 50 } = checkOptionKeys('options', options, ['onProgress', 'signal', 'sliceMs']);
  if (onProgress !== undefined && typeof onProgress !== 'function') throw typeError('options.onProgress', `expected a function ({step, total}) => void, got ${show(onProgress)}`);
  if (signal !== undefined && (signal === null || typeof signal !== 'object' || typeof signal.aborted !== 'boolean' || typeof signal.throwIfAborted !== 'function'))
    throw typeError('options.signal', `expected an AbortSignal, got ${show(signal)}`);
  if (typeof sliceMs !== 'number' || !(sliceMs >= 1 && sliceMs <= 1000)) throw rangeError('options.sliceMs', `${show(sliceMs)} is out of range (allowed 1 to 1000 ms)`);
  const r = readRun(run);
  signal?.throwIfAborted();
  const s = sessionOf(gradlab, r);
  try {
    if (r.weights !== undefined) {
      restore(s, r);
      onProgress?.({ step: r.step, total: r.step });
      return s;
    }
    // Slices sized from the measured speed, so each takes about sliceMs.
    let chunk = 1;
    let done = 0;
    while (done < r.step) {
      const n = Math.min(chunk, r.step - done);
      const t0 = performance.now();
      const did = s.step(n);
      const ms = performance.now() - t0;
      done += did;
      if (did < n) throw fellShort(s, r.step);
      onProgress?.({ step: done, total: r.step });
      chunk = Math.max(1, Math.min(2 ** 30, Math.round(ms > 0 ? (n * sliceMs) / ms : n * 2)));
      if (done < r.step) {
        await yieldToEventLoop();
        signal?.throwIfAborted();
      }
    }
    return s;
  } catch (e) {
    s.dispose();
    throw e;
  }
}
