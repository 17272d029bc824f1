// Worker entry for Node (worker_threads): loads the engine with the Node entry and serves the pool.
import { parentPort } from 'node:worker_threads';
import { createGradLab } from '../node.js';
import { serve } from './worker.js';

serve(
  { post: (m) => parentPort.postMessage(m), listen: (fn) => parentPort.on('message', fn) },
  createGradLab,
  // Test hook: 'exit' ends the thread with a non-zero code, anything else is an uncaught error.
  (mode) => (mode === 'exit' ? process.exit(70) : setTimeout(() => { throw new Error('injected crash (test hook)'); })),
);
