// The Experiments view's engine side: one GradLab instance on the page's thread (it only
// checks each cell's configuration before a sweep, in slices of at most 16 ms, and answers
// the theory's questions; it never trains) and a pool of sweep workers that do all the
// training. The pool stays loaded between sweeps (their start-up is paid once) and is closed
// — every worker terminated — when a sweep is cancelled, when the number of workers changes
// and when the view goes away: a cancelled sweep leaves no worker behind.
import { engineFingerprint } from '../../../src/sweep/fingerprint.js';

/** One worker per logical core but one (the page's thread draws), at least 1. */
export const defaultWorkers = () => Math.max(1, (globalThis.navigator?.hardwareConcurrency ?? 2) - 1);
/** The most workers the view offers: one per logical core (the sweep engine allows up to 64). */
export const maxWorkers = () => Math.max(1, Math.min(64, globalThis.navigator?.hardwareConcurrency ?? 2));

export class SweepRunner {
  #gradlab = null;
  #pool = null;
  #controller = null;

  /** @param {() => Promise<object>} load loads a GradLab instance (the browser entry's createGradLab) */
  constructor(load) {
    this.load = load;
  }

  /** The page's GradLab instance (loaded once, on first use). */
  engine() {
    this.#gradlab ??= this.load();
    return this.#gradlab;
  }

  /**
   * Loads the engine and computes its fingerprint (tiny probe runs, cached per instance) ahead
   * of the first sweep, while the learner reads the settings: the one main-thread task of a
   * sweep's start that is not sliced, done before the workers compute, not while they do.
   */
  async warm() {
    engineFingerprint(await this.engine());
  }

  get running() {
    return this.#controller !== null;
  }

  /** Workers of the pool now loaded (0 when none is). */
  get workers() {
    return this.#pool ? this.#pool.workers : 0;
  }

  /**
   * Runs `spec` on `workers` workers; resolves with the result, rejects with the sweep
   * engine's error (an AbortError with `partial` when cancelled).
   */
  async run(spec, { workers, order, onResult, onProgress }) {
    if (this.#controller) throw new Error('a sweep is already running');
    const controller = new AbortController();
    this.#controller = controller;
    try {
      const gradlab = await this.engine();
      if (controller.signal.aborted) throw new DOMException('the sweep was cancelled before it started', 'AbortError');
      if (this.#pool && this.#pool.workers !== workers) await this.#closePool();
      this.#pool ??= gradlab.createSweepPool({ workers });
      return await gradlab.sweep(spec, { pool: this.#pool, signal: controller.signal, order, onResult, onProgress });
    } catch (e) {
      // A cancelled (or failed) sweep leaves no worker behind: the pool goes with it.
      await this.#closePool();
      throw e;
    } finally {
      this.#controller = null;
    }
  }

  /**
   * The theory's critical σ_w² at each σ_b² of `sigmaB2` for the activation of `config` (null
   * where there is none): one value per task, so the page's thread never stalls for the whole
   * line (each takes a few milliseconds of quadrature).
   */
  async criticalLine(config, sigmaB2) {
    const gradlab = await this.engine();
    const out = [];
    for (const b of sigmaB2) {
      out.push(gradlab.criticalLine(config, [b])[0]);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return out;
  }

  /** The mean-field quantities at one point (for a hovered cell of the phase diagram). */
  async meanField(params) {
    return (await this.engine()).meanField(params);
  }

  /** Cancels the running sweep (its promise rejects once every worker has exited). */
  cancel() {
    this.#controller?.abort();
  }

  async #closePool() {
    const pool = this.#pool;
    this.#pool = null;
    await pool?.close();
  }

  /** Cancels any sweep and terminates every worker. */
  async close() {
    this.cancel();
    await this.#closePool();
  }
}
