// The engine side of the worker protocol (protocol.js): one training session and the
// instruments the panels draw. Runs inside worker.js, or on the page itself when no Worker
// can be created (a sandboxed iframe has an opaque origin and may not start one).
import { createGradLab, activationParams } from '../../src/browser.js';
import { checkRequest, BUFFER_KINDS } from './protocol.js';

// Diagnostics may take at most about 1 / (1 + DIAG_RATIO) of the engine's time, and while
// training they come at most every DIAG_MIN_MS: the panels redraw only when an evaluation
// arrives, and ~20 redraws a second read as live while leaving the main thread idle most of
// each frame (every frame at 60 Hz kept it ~90% busy on small nets).
const DIAG_RATIO = 3;
const DIAG_MIN_MS = 50;
// A frame trains for at most this long, whatever was asked: the page stays live (and its
// watchdog can tell a busy engine from a dead one) even for very large networks.
const MAX_FRAME_MS = 250;

const now = () => performance.now();
// On the page's own thread every part of a frame is its own task, so the page draws and answers
// input between training, the evaluation, the output grid, the unit grids and the weights.
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * `post(message, transfer)` sends a reply to the page; `maxFrameMs` caps a frame's training
 * time (lower on the page's own thread); `sliced` runs each part of a frame as its own task
 * (on the page's own thread). Returns {handle(message)}.
 */
export function createRunner(post, { maxFrameMs = MAX_FRAME_MS, sliced = false } = {}) {
  const part = sliced ? nextTask : () => null;

  let gradlab = null;
  let session = null;
  let info = null;
  let diagCost = 0;
  let lastDiagEnd = -Infinity;
  let msPerStep = 0;
  const pools = Object.fromEntries(BUFFER_KINDS.map((k) => [k, []]));
  let queue = Promise.resolve();

  function take(kind, Ctor, n) {
    const bytes = n * Ctor.BYTES_PER_ELEMENT;
    const pool = pools[kind];
    const i = pool.findIndex((b) => b.byteLength >= bytes && b.byteLength <= 4 * bytes + 1024);
    const buf = i >= 0 ? pool.splice(i, 1)[0] : new ArrayBuffer(bytes);
    return new Ctor(buf, 0, n);
  }

  function recycle(give) {
    if (!give) return;
    for (const k of BUFFER_KINDS) {
      const b = give[k];
      if (b instanceof ArrayBuffer && b.byteLength > 0 && pools[k].length < 3) pools[k].push(b);
    }
  }

  function need() {
    if (!session) throw new Error('no session: send "configure" first');
    return session;
  }

  function disposeSessions() {
    session?.dispose();
    session = null;
  }

  const handlers = {
    async load({ simd }) {
      if (!gradlab) gradlab = await createGradLab({ simd: simd ?? 'auto' });
      return [{ build: gradlab.build }];
    },

    configure({ config, base, data }) {
      if (!gradlab) throw new Error('engine not loaded');
      // Fields the engine rejects fall back to the lesson's value (base), then to the default,
      // each with a warning a learner can read. The learner's own points count only for
      // dataset custom (they are kept in the page while a built-in set trains).
      const own = data && config.dataset === 'custom' ? data : undefined;
      const { config: c, warnings } = gradlab.repair(config, own ? { base: base ?? {}, data: own } : { base: base ?? {} });
      disposeSessions();
      session = own ? gradlab.createSession(c, { data: own }) : gradlab.createSession(c);
      info = session.info;
      diagCost = 0;
      lastDiagEnd = -Infinity;
      msPerStep = 0;
      const transfer = [];
      let points = null;
      if (info.gridDims > 0) {
        points = session.points();
        transfer.push(points.coords.buffer, points.targets.buffer, points.train.buffer, points.test.buffer);
      }
      return [{ config: session.config, warnings, info: structuredClone(info), points }, transfer];
    },

    async frame({ steps, diag, want, give }) {
      recycle(give);
      const s = need();
      const t0 = now();
      let done = 0;
      if (steps === 'epoch') done = s.metrics().diverged ? 0 : s.stepEpoch();
      else {
        while (done < steps) {
          const chunk = Math.max(1, Math.min(steps - done, msPerStep > 0 ? Math.floor(50 / msPerStep) : 1));
          const ta = now();
          const k = s.step(chunk);
          done += k;
          if (k > 0) msPerStep = (now() - ta) / k;
          if (k < chunk || now() - t0 > maxFrameMs) break;
        }
      }
      const t1 = now();
      const m = s.metrics();
      const result = {
        step: m.step, epoch: m.epoch, done, batchLoss: m.batchLoss, learningRate: m.learningRate, diverged: m.diverged,
        stepMs: t1 - t0, diagMs: 0, metrics: null, grid: null, neurons: null, weights: null, grads: null, unitState: null, scores: null,
      };
      const transfer = [];
      const due = diag === 'force' || (diag === 'auto' && t1 - lastDiagEnd >= Math.max(DIAG_RATIO * diagCost, DIAG_MIN_MS));
      if (!due) return [result, transfer];

      await part();
      result.metrics = s.evaluate({ diagnostics: true });
      if (want.scores) result.scores = s.scores();
      if (want.grid && info.gridDims > 0) {
        await part();
        const g = s.predictGrid(Math.max(2, want.grid));
        const v = take('grid', Float32Array, g.values.length);
        v.set(g.values);
        result.grid = v;
        transfer.push(v.buffer);
      }
      let neurons = null;
      if (want.neurons && info.gridDims > 0) {
        await part();
        const g = s.neuronGrids(Math.max(2, want.neurons));
        neurons = take('neurons', Float32Array, g.values.length);
        neurons.set(g.values);
        result.neurons = neurons;
        transfer.push(neurons.buffer);
      }
      if (want.weights) {
        await part();
        const w = s.getWeightsArray();
        result.weights = w;
        transfer.push(w.buffer);
        // The gradient and the unit states the evaluation above computed, from the engine.
        const grads = take('grads', Float32Array, w.length);
        grads.set(s.getGradientsArray());
        if (grads.every(Number.isFinite)) {
          result.grads = grads;
          transfer.push(grads.buffer);
        } else {
          pools.grads.push(grads.buffer);  // an overflowing gradient: nothing trustworthy to draw
        }
        const codes = s.unitStates().states;
        const state = take('unitState', Uint8Array, codes.length);
        state.set(codes);
        result.unitState = state;
        transfer.push(state.buffer);
      }
      const t2 = now();
      diagCost = t2 - t1;
      lastDiagEnd = t2;
      result.diagMs = diagCost;
      return [result, transfer];
    },

    live({ name, value }) {
      need().setLive(name, value);
      return [{ config: session.config }];
    },

    reset() {
      need().reset();
      lastDiagEnd = -Infinity;
      return [{ step: 0 }];
    },

    reseed({ seed }) {
      need().reseed(seed);
      lastDiagEnd = -Infinity;
      return [{ step: 0, config: session.config }];
    },

    curve({ activation, lo, hi, n }) {
      if (!gradlab) throw new Error('engine not loaded');
      const xs = new Float32Array(n);
      for (let i = 0; i < n; i++) xs[i] = lo + ((hi - lo) * i) / (n - 1);
      const pick = { activation: activation.activation };
      for (const k of activationParams(activation.activation)) if (activation[k] !== undefined) pick[k] = activation[k];
      const c = gradlab.activationCurve(pick, xs);
      return [{ x: c.x, f: c.f, df: c.df }, [c.x.buffer, c.f.buffer, c.df.buffer]];
    },

    export({ what }) {
      const run = need().toJSON({ weights: what === 'weights' });
      return [{ json: JSON.stringify(run, null, 1) }];
    },

    // The grader checks both (web/src/exercise: checkExercise, checkRun) before it replays.
    async grade({ exercise, run }) {
      if (!gradlab) throw new Error('engine not loaded');
      return [await gradlab.grade(exercise, run)];
    },

    ping() {
      return [{ alive: true }];
    },
  };

  function respond(msg) {
    const bad = checkRequest(msg);
    if (bad) {
      if (Number.isInteger(msg?.id)) post({ id: msg.id, type: 'reply', ok: false, error: { message: bad } });
      return;
    }
    return Promise.resolve()
      .then(() => handlers[msg.type](msg))
      .then(([result, transfer = []]) => post({ id: msg.id, type: 'reply', ok: true, result }, transfer))
      .catch((e) => post({ id: msg.id, type: 'reply', ok: false, error: { message: String(e?.message ?? e), field: typeof e?.field === 'string' ? e.field : undefined } }));
  }

  return {
    /** Handles one request; requests are answered strictly in order. */
    handle(msg) {
      queue = queue.then(() => respond(msg));
      return queue;
    },
  };
}
