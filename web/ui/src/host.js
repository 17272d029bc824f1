// The page side of the worker protocol (protocol.js): starts the engine in a Web Worker, or
// on the page itself when the browser refuses a worker (a sandboxed iframe has an opaque
// origin), sends requests and matches replies, and notices when the engine dies.
import { checkReply } from './protocol.js';
import { startModuleWorker } from '../../src/worker-start.js';

export class EngineCrash extends Error {}

const WATCH_MS = 500;
/** Silence (ms) that means a dead engine when no request says it needs longer. */
export const SILENCE_MS = 4000;

export class EngineHost {
  #worker = null;
  #port = null;
  #next = 1;
  #pending = new Map();
  #watch = 0;
  #lastHeard = 0;
  #recent = [];
  #dead = false;
  #onCrash;

  /** `onCrash(reason)` is called once if the engine stops answering or throws. */
  constructor({ onCrash } = {}) {
    this.#onCrash = onCrash ?? (() => {});
    /** 'worker' or 'page' (no Worker could be created). */
    this.mode = null;
    this.build = null;
    /** Why the engine runs on the page, if it does. */
    this.fallbackReason = '';
  }

  get dead() {
    return this.#dead;
  }

  /** Starts the engine and loads the wasm build; resolves to {build, mode}. */
  async start({ simd = 'auto', forcePage = false } = {}) {
    let loaded = null;
    if (!forcePage) {
      try {
        // Vite bundles the worker from this expression; startModuleWorker starts it, through a
        // blob: module when GradLab's script is from another origin than the page.
        const started = startModuleWorker((Worker) => new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'gradlab-engine' }));
        this.#worker = started.worker;
        this.mode = 'worker';
        this.via = started.via;
        loaded = await this.#startWorker(simd, started.explain);
      } catch (e) {
        this.#worker?.terminate();
        this.#worker = null;
        this.fallbackReason = e?.message ?? String(e);
      }
    }
    if (!loaded) {
      this.mode = 'page';
      const { createRunner } = await import('./runner.js');
      // on the page's own thread a frame may train for a few milliseconds only, to keep drawing
      const runner = createRunner((msg) => setTimeout(() => this.#receive(msg), 0), { maxFrameMs: 12, sliced: true });
      this.#port = { postMessage: (msg) => setTimeout(() => runner.handle(msg), 0) };
      loaded = await this.request('load', { simd });
    }
    this.build = loaded.build;
    this.#watch = setInterval(() => this.#watchdog(), WATCH_MS);
    return { ...loaded, mode: this.mode };
  }

  // A worker that cannot load its script reports an error event before it ever replies;
  // that is a reason to run on the page, not a crash.
  #startWorker(simd, explain) {
    const w = this.#worker;
    return new Promise((resolve, reject) => {
      let started = false;
      w.addEventListener('message', (e) => this.#receive(e.data));
      w.addEventListener('messageerror', () => this.#crash('a message from the engine could not be read'));
      w.addEventListener('error', (e) => {
        e.preventDefault?.();
        if (!started) reject(new Error(explain(e)));
        else this.#crash(`the engine stopped with an error${e.message ? `: ${e.message}` : ''}`);
      });
      this.#port = w;
      this.request('load', { simd }).then((r) => {
        started = true;
        resolve(r);
      }, reject);
    });
  }

  /**
   * Sends a request; resolves to its result, rejects with the engine's error. `patience` (ms)
   * raises the watchdog's limit for a request known to take long (a big evaluation).
   */
  request(type, payload = {}, transfer = [], { patience = 0 } = {}) {
    if (this.#dead) return Promise.reject(new EngineCrash('the engine has stopped'));
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, type, patience, sent: performance.now() });
      try {
        this.#port.postMessage({ ...payload, id, type }, transfer);
      } catch (e) {
        this.#pending.delete(id);
        reject(e);
      }
    });
  }

  #receive(msg) {
    if (this.#dead) return;
    if (!checkReply(msg)) return;  // not one of ours: ignore
    const p = this.#pending.get(msg.id);
    if (!p) return;
    this.#pending.delete(msg.id);
    const t = performance.now();
    this.#lastHeard = t;
    if (p.type === 'frame' || p.type === 'ping') {
      this.#recent.push(t - p.sent);
      if (this.#recent.length > 20) this.#recent.shift();
    }
    if (msg.ok) p.resolve(msg.result);
    else {
      const err = new Error(msg.error.message);
      if (msg.error.field) err.field = msg.error.field;
      p.reject(err);
    }
  }

  // The engine answers requests strictly in order, so only the oldest one is being worked on:
  // the engine is judged by how long it has been silent since it started on that request (its
  // last reply, or the request's sending if later), against that request's own patience.
  // Requests queued behind a long evaluation wait without counting against the engine. An
  // idle engine that does not answer a ping is dead too: the worker was terminated or hangs.
  #watchdog() {
    if (this.#dead || this.mode !== 'worker') return;
    const t = performance.now();
    const typical = this.#recent.length ? Math.max(...this.#recent) : 0;
    const limit = Math.max(SILENCE_MS, 10 * typical);
    const oldest = this.#pending.values().next().value;
    if (oldest) {
      const patience = Math.max(oldest.patience, oldest.type === 'configure' || oldest.type === 'load' ? Math.max(limit, 30000) : limit);
      if (t - Math.max(oldest.sent, this.#lastHeard) > patience) {
        this.#crash('the engine stopped answering (the worker was terminated or is stuck)');
        return;
      }
    }
    if (this.#pending.size === 0 && t - this.#lastHeard > 1500) {
      this.#lastHeard = t;
      this.request('ping').catch(() => {});
    }
  }

  #crash(reason) {
    if (this.#dead) return;
    this.#dead = true;
    clearInterval(this.#watch);
    this.#worker?.terminate();
    for (const p of this.#pending.values()) p.reject(new EngineCrash(reason));
    this.#pending.clear();
    this.#onCrash(reason);
  }

  /** Stops the engine for good (no crash report). */
  dispose() {
    this.#dead = true;
    clearInterval(this.#watch);
    this.#worker?.terminate();
    for (const p of this.#pending.values()) p.reject(new EngineCrash('disposed'));
    this.#pending.clear();
  }
}
