// A pool of workers that runs a list of tasks, one task per worker at a time, in list order.
// Environment-independent: `spawn(handlers)` makes one worker (pool-node.js: worker_threads;
// pool-browser.js: Web Workers) and returns {post(message), terminate() → Promise}; it calls
// handlers.message(data), handlers.error(error) and handlers.exit(code) as the worker does.
//
// Protocol (worker.js is the other side): the pool posts `init`; the worker answers `ready` or
// `failed`; then each `run` task is answered by one `result`. A worker that dies while running
// a task (an uncaught error, a wasm trap, process.exit) is reported through onCrash(task, error)
// and replaced, and the pool goes on with the other tasks. A worker that cannot even start
// fails the whole pool (every replacement would fail the same way). On abort, and when all
// tasks are done, every worker is terminated and the returned promise settles only after all
// of them have exited: nothing is left running.

/**
 * Runs `tasks` on up to `size` workers (`message(task)` is what the worker gets). Resolves when every task has a
 * result or a crash report; rejects with abortError() when `signal` aborts, or with the error
 * of a worker that could not start, or with what onResult/onCrash threw.
 */
export function runPool({ tasks, size, spawn, init, message, signal, onResult, onCrash, abortError }) {
  return new Promise((resolve, reject) => {
    let next = 0;
    let pending = tasks.length;
    let settled = false;
    const live = new Set();
    const exits = [];

    const stop = (w) => {
      w.stopping = true;
      live.delete(w);
      exits.push(Promise.resolve(w.handle?.terminate()).catch(() => {}));
    };
    const finish = (error) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      for (const w of [...live]) stop(w);
      Promise.all(exits).then(() => (error ? reject(error) : resolve()));
    };
    const onAbort = () => finish(abortError());

    const feed = (w) => {
      if (settled) return;
      if (next >= tasks.length) {
        stop(w);  // nothing left for it: free its memory now
        if (pending === 0) finish();
        return;
      }
      w.task = tasks[next++];
      w.handle.post({ type: 'run', task: message(w.task) });
    };

    // A task is over (a result or a crash): report it, then finish or carry on.
    const over = (report, carryOn) => {
      pending--;
      try {
        report();
      } catch (e) {
        finish(e);
        return;
      }
      if (pending === 0) finish();
      else carryOn();
    };

    const died = (w, error) => {
      if (settled || w.stopping) return;
      stop(w);
      if (!w.ready) {
        finish(new Error(`a sweep worker could not start: ${error.message}`));
        return;
      }
      const task = w.task;
      w.task = null;
      const replace = () => next < tasks.length && start();
      if (task) over(() => onCrash(task, error), replace);
      else replace();
    };

    const start = () => {
      const w = { handle: null, task: null, ready: false, stopping: false };
      live.add(w);
      try {
        w.handle = spawn({
          message: (msg) => {
            if (settled || w.stopping) return;
            if (msg?.type === 'ready') {
              w.ready = true;
              feed(w);
            } else if (msg?.type === 'failed') {
              finish(new Error(`a sweep worker could not load the engine: ${msg.message}`));
            } else if (msg?.type === 'result' && w.task) {
              const task = w.task;
              w.task = null;
              over(() => onResult(task, msg), () => feed(w));
            }
          },
          error: (e) => died(w, e instanceof Error ? e : new Error(String(e))),
          exit: (code) => died(w, new Error(`the worker exited (code ${code})`)),
        });
        w.handle.post(init);
      } catch (e) {
        live.delete(w);
        finish(new Error(`a sweep worker could not start: ${e.message}`));
      }
    };

    if (signal?.aborted) {
      finish(abortError());
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    if (tasks.length === 0) {
      finish();
      return;
    }
    for (let i = 0; i < Math.min(size, tasks.length) && !settled; i++) start();
  });
}
