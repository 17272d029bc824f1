// A pool of workers that runs lists of tasks, one task per worker at a time, in list order.
// Environment-independent: `spawn(handlers)` makes one worker (pool-node.js: worker_threads;
// pool-browser.js: Web Workers) and returns {post(message), terminate() → Promise}; it calls
// handlers.message(data), handlers.error(error) and handlers.exit(code) as the worker does.
//
// Protocol (worker.js is the other side): the pool posts `init`; the worker answers `ready` or
// `failed`; then each `run` task is answered by one `result`. A worker that dies while running
// a task (an uncaught error, a wasm trap, process.exit) is reported through onCrash(task, error)
// and replaced, and the run goes on with the other tasks. A worker that cannot even start
// fails the run (every replacement would fail the same way).
//
// Workers are started when a run needs them and stay loaded between runs (a sweep pool the
// playground keeps pays the start-up — module, wasm compilation, warm-up — once). A run that
// is aborted terminates the workers that were busy with it (a task cannot be interrupted) and
// settles once they have exited; close() terminates the rest and resolves once every worker
// has exited: nothing is left running.

/** A pool of up to `size` workers. See the top of this file. */
export function createWorkerPool({ spawn, init, size }) {
  const workers = new Set();
  const exits = [];
  let run = null;  // the run in progress: {tasks, next, pending, message, onResult, onCrash, settle}
  let closed = false;

  const stop = (w) => {
    w.stopping = true;
    workers.delete(w);
    exits.push(Promise.resolve(w.handle?.terminate()).catch(() => {}));
  };

  const feed = (w) => {
    if (!run || !w.ready || w.task) return;
    if (run.next >= run.tasks.length) return;
    w.task = run.tasks[run.next++];
    w.handle.post({ type: 'run', task: run.message(w.task) });
  };

  // A task is over (a result or a crash): report it, then finish the run or carry on.
  const over = (report, carryOn) => {
    const r = run;
    r.pending--;
    try {
      report();
    } catch (e) {
      r.settle(e);
      return;
    }
    if (r.pending === 0) r.settle();
    else carryOn();
  };

  const died = (w, error) => {
    if (w.stopping) return;
    stop(w);
    if (!run) return;
    if (!w.ready) {
      run.settle(new Error(`a sweep worker could not start: ${error.message}`));
      return;
    }
    const task = w.task;
    w.task = null;
    const replace = () => run && run.next < run.tasks.length && start();
    if (task) over(() => run.onCrash(task, error), replace);
    else replace();
  };

  const start = () => {
    const w = { handle: null, task: null, ready: false, stopping: false };
    workers.add(w);
    try {
      w.handle = spawn({
        message: (msg) => {
          if (w.stopping) return;
          if (msg?.type === 'ready') {
            w.ready = true;
            feed(w);
          } else if (msg?.type === 'failed') {
            stop(w);
            run?.settle(new Error(`a sweep worker could not load the engine: ${msg.message}`));
          } else if (msg?.type === 'result' && w.task && run) {
            const task = w.task;
            w.task = null;
            over(() => run.onResult(task, msg), () => feed(w));
          }
        },
        error: (e) => died(w, e instanceof Error ? e : new Error(String(e))),
        exit: (code) => died(w, new Error(`the worker exited (code ${code})`)),
      });
      w.handle.post(init);
    } catch (e) {
      workers.delete(w);
      run?.settle(new Error(`a sweep worker could not start: ${e.message}`));
    }
  };

  return {
    size,
    /** Workers started (loading or loaded). */
    get workers() {
      return workers.size;
    },

    /**
     * Runs `tasks` (`message(task)` is what a worker gets). Resolves when every task has a
     * result or a crash report; rejects with abortError() when `signal` aborts, with the error of
     * a worker that could not start, or with what onResult/onCrash threw.
     */
    run({ tasks, message, signal, onResult, onCrash, abortError }) {
      if (closed) return Promise.reject(new Error('this sweep pool has been closed'));
      if (run) return Promise.reject(new Error('this sweep pool is running another sweep; abort it or wait for it'));
      return new Promise((resolve, reject) => {
        const r = { tasks, next: 0, pending: tasks.length, message, onResult, onCrash, settled: false };
        const onAbort = () => r.settle(abortError());
        r.settle = (error) => {
          if (r.settled) return;
          r.settled = true;
          run = null;
          signal?.removeEventListener('abort', onAbort);
          // Workers still busy with this run's tasks: their work is not wanted any more.
          for (const w of [...workers]) if (w.task) stop(w);
          if (error) Promise.all(exits).then(() => reject(error));
          else resolve();
        };
        if (signal?.aborted) {
          reject(abortError());
          return;
        }
        run = r;
        signal?.addEventListener('abort', onAbort, { once: true });
        if (tasks.length === 0) {
          r.settle();
          return;
        }
        for (const w of workers) feed(w);
        const want = Math.min(size, tasks.length);
        while (!r.settled && workers.size < want) start();
      });
    },

    /** Terminates every worker (and any run in progress); resolves once all have exited. */
    close() {
      closed = true;
      run?.settle(new Error('the sweep pool was closed'));
      for (const w of [...workers]) stop(w);
      return Promise.all(exits).then(() => undefined);
    },
  };
}
