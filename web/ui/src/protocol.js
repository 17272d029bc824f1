// The worker protocol: the only messages that pass between the page and the engine.
//
// The page (host.js) sends requests; the engine side (runner.js, inside worker.js or, where no
// Worker can be created, on the page itself) answers each with exactly one reply. Every
// message is a plain object; typed arrays travel as transferables and come back to the
// engine with the next frame request (`give`) so the engine refills the same buffers
// instead of allocating new ones every frame.
//
//   page → engine: { id: number, type, ...payload }
//   engine → page: { id, type: 'reply', ok: true, result } | { id, type: 'reply', ok: false, error: {message, field} }
//
// Requests (payload → result):
//   load      { simd: 'auto'|true|false }
//             → { build: 'simd'|'scalar' }
//   configure { config: partial Config, base: partial Config, data?: UserData }
//             Made runnable by the API's gradlab.repair: a field the engine rejects (cross-field
//             rules included) falls back to `base` (the lesson), then to the default, with a warning.
//             `data`: the learner's own points for dataset "custom" (createSession's `data`); data
//             the engine refuses, or a configuration no fallback makes runnable on them, fail
//             the request with the engine's message.
//             → { config, warnings: [{field, value, message}], info: SessionInfo, points: Points|null }
//   frame     { steps: number | 'epoch', diag: 'auto'|'force'|'none',
//               want: { grid: res|0, neurons: res|0, weights: boolean, scores?: boolean },
//               give: { [kind]: ArrayBuffer } }
//             Trains up to `steps` mini-batches (0: none; stops at divergence, and after about
//             250 ms whatever was asked: `done` says how many), then — when `diag` is
//             'force', or 'auto' and the diagnostics' own cost has been paid back (they take at
//             most about a quarter of the engine's time) — evaluates every instrument.
//             → { step, epoch, done, batchLoss, learningRate, diverged, stepMs, diagMs,
//                 metrics: Metrics|null (with diagnostics), grid: Float32Array|null,
//                 neurons: Float32Array|null, weights: Float32Array|null, grads: Float32Array|null,
//                 unitState: Uint8Array|null, scores: Scores|null }
//             `grads` is dL/dW, dL/db of the mean training loss, in the weights' layout; `unitState`
//             has one entry per hidden/output unit, the engine's codes (session.unitStates()):
//             each an index into the schema's `unitStates` names (dead, inactive, …). `scores`
//             (with want.scores): session.scores() — confusion matrices or R² of both splits.
//   live      { name: LiveField, value: number } → { config }
//   reset     {} → { step: 0 }               (same seeds)
//   reseed    { seed } → { step: 0 }
//   curve     { activation: { activation, and the parameters it reads (schema.activations[a].params) }, lo, hi, n }
//             → { x: Float32Array, f: Float32Array, df: Float32Array }
//   export    { what: 'run' | 'weights' } → { json: string }
//   grade     { exercise: normalised exercise (a copy), run: submission (docs/exercises.md) }
//             The API's gradlab.grade in its own session: the run replayed from step 0,
//             its claimed figures and weights compared, the goal checked on the replay.
//             → GradeResult (refusals and cancellations as the request's error)
//   ping      {} → { alive: true }
//
// Values are never markup: the page writes every string it receives with textContent.

/** The most steps one request may ask for: a frame, a Step (loop.js) or the embed's `step` command. */
export const MAX_STEPS = 1000000;

export const REQUESTS = Object.freeze(['load', 'configure', 'frame', 'live', 'reset', 'reseed', 'curve', 'export', 'grade', 'ping']);
export const BUFFER_KINDS = Object.freeze(['grid', 'neurons', 'weights', 'grads', 'unitState']);

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isRes = (v) => Number.isInteger(v) && v >= 0 && v <= 512;

/** Checks a request's shape (engine side). Returns an error message or null. */
export function checkRequest(msg) {
  if (!isObj(msg)) return 'a request must be an object';
  if (!Number.isInteger(msg.id) || msg.id < 0) return 'a request needs a numeric id';
  if (!REQUESTS.includes(msg.type)) return `unknown request type ${String(msg.type).slice(0, 40)}`;
  switch (msg.type) {
    case 'load':
      return msg.simd === undefined || msg.simd === 'auto' || typeof msg.simd === 'boolean' ? null : 'load: bad simd';
    case 'configure':
      if (msg.data !== undefined && !isObj(msg.data)) return 'configure: data must be an object';
      return isObj(msg.config) && (msg.base === undefined || isObj(msg.base)) ? null : 'configure: config must be an object';
    case 'frame': {
      const okSteps = msg.steps === 'epoch' || (Number.isInteger(msg.steps) && msg.steps >= 0 && msg.steps <= MAX_STEPS);
      if (!okSteps) return 'frame: bad steps';
      if (!['auto', 'force', 'none'].includes(msg.diag)) return 'frame: bad diag';
      const w = msg.want;
      if (!isObj(w) || !isRes(w.grid) || !isRes(w.neurons) || typeof w.weights !== 'boolean') return 'frame: bad want';
      if (w.scores !== undefined && typeof w.scores !== 'boolean') return 'frame: bad want';
      if (msg.give !== undefined && !isObj(msg.give)) return 'frame: bad give';
      return null;
    }
    case 'live':
      return typeof msg.name === 'string' && typeof msg.value === 'number' ? null : 'live: needs name and value';
    case 'reseed':
      return Number.isInteger(msg.seed) ? null : 'reseed: needs an integer seed';
    case 'curve':
      return isObj(msg.activation) && Number.isFinite(msg.lo) && Number.isFinite(msg.hi) && Number.isInteger(msg.n) && msg.n > 1 && msg.n <= 4096
        ? null : 'curve: bad arguments';
    case 'export':
      return msg.what === 'run' || msg.what === 'weights' ? null : 'export: what must be run or weights';
    case 'grade':
      return isObj(msg.exercise) && isObj(msg.run) ? null : 'grade: needs an exercise and a run';
    default:
      return null;
  }
}

/** Checks a reply's shape (page side). */
export function checkReply(msg) {
  if (!isObj(msg) || msg.type !== 'reply' || !Number.isInteger(msg.id) || typeof msg.ok !== 'boolean') return false;
  if (!msg.ok) return isObj(msg.error) && typeof msg.error.message === 'string';
  return 'result' in msg;
}
