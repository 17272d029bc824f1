// Worker entry for browsers (a module Web Worker): loads the engine with the browser entry and
// serves the pool.
import { createGradLab } from '../browser.js';
import { serve } from './worker.js';

serve(
  { post: (m) => self.postMessage(m), listen: (fn) => self.addEventListener('message', (e) => fn(e.data)) },
  createGradLab,
  // Test hook: an uncaught error, which the page sees as the worker's 'error' event.
  () => setTimeout(() => { throw new Error('injected crash (test hook)'); }),
);
