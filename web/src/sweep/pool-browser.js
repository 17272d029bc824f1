// The browser's side of the worker pool: module Web Workers running worker-browser.js. The
// `new Worker(new URL('literal', import.meta.url), {type: 'module'})` form is what Vite and
// webpack recognise to bundle the worker with its imports.

/** One Web Worker, in the shape pool.js expects. */
export function spawnWorker(handlers) {
  const w = new Worker(new URL('./worker-browser.js', import.meta.url), { type: 'module' });
  w.addEventListener('message', (e) => handlers.message(e.data));
  w.addEventListener('error', (e) => {
    e.preventDefault();
    handlers.error(new Error(e.message || 'the worker script failed to load or threw'));
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
