// Node's side of the worker pool: worker_threads running worker-node.js.
import { Worker } from 'node:worker_threads';
import os from 'node:os';

/** One worker thread, in the shape pool.js expects. */
export function spawnWorker(handlers) {
  const w = new Worker(new URL('./worker-node.js', import.meta.url));
  w.on('message', handlers.message);
  w.on('error', handlers.error);
  w.on('messageerror', handlers.error);
  w.on('exit', handlers.exit);
  return {
    post: (m) => w.postMessage(m),
    terminate: () => w.terminate().then(() => undefined),
  };
}

/** One worker per core but one (the main thread draws, reads files, merges): at least 1. */
export function defaultWorkers() {
  return Math.max(1, (os.availableParallelism?.() ?? os.cpus().length) - 1);
}
