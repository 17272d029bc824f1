// The browser's side of the worker pool: module Web Workers running worker-browser.js. The
// `new Worker(new URL('literal', import.meta.url), {type: 'module'})` form is what Vite
// recognises to bundle the worker with its imports; startModuleWorker starts it, through a
// blob: module when this script is from another origin than the page (worker-start.js).
import { startModuleWorker } from '../worker-start.js';

/** One Web Worker, in the shape pool.js expects. */
export function spawnWorker(handlers) {
  const { worker: w, explain } = startModuleWorker((Worker) => new Worker(new URL('./worker-browser.js', import.meta.url), { type: 'module' }));
  let answered = false;
  w.addEventListener('message', (e) => {
    answered = true;
    handlers.message(e.data);
  });
  w.addEventListener('error', (e) => {
    e.preventDefault();
    handlers.error(new Error(answered ? e.message || 'the worker threw' : explain(e)));
  });
  w.addEventListener('messageerror', () => handlers.error(new Error('a message from the worker could not be read')));
  return {
    post: (m) => w.postMessage(m),
    terminate: () => {
      w.terminate();
      return Promise.resolve();
    },
  };
}

/** One worker per logical core but one (the page's own thread draws): at least 1. */
export function defaultWorkers() {
  return Math.max(1, (globalThis.navigator?.hardwareConcurrency ?? 2) - 1);
}
