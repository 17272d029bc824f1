// The worker side of the pool protocol (pool.js), shared by the Node and browser entries:
// load the engine as the main thread did, then answer each `run` task with its result.
import { runCell } from './run-cell.js';

/**
 * Serves the pool over `port`: {post(message), listen(handler)}. `createGradLab` is the
 * entry's loader; `crash(mode)` ends the worker abnormally (the test hook of a crashing run).
 */
export function serve(port, createGradLab, crash) {
  let gradlab = null;
  port.listen(async (msg) => {
    if (msg?.type === 'init') {
      try {
        const options = { simd: msg.simd };
        if (msg.location) options.wasmPath = () => msg.location;
        if (msg.wasmBinary) options.wasmBinary = msg.wasmBinary;
        gradlab = await createGradLab(options);
        port.post({ type: 'ready', build: gradlab.build });
      } catch (e) {
        port.post({ type: 'failed', message: String(e?.message ?? e) });
      }
    } else if (msg?.type === 'run') {
      const task = msg.task;
      if (task.crash) {
        crash(task.crash);
        return;
      }
      let reply;
      try {
        reply = { type: 'result', ...runCell(gradlab, task) };
      } catch (e) {
        reply = { type: 'result', error: `${e?.name ?? 'Error'}: ${e?.message ?? e}` };
      }
      port.post(reply);
    }
  });
}
