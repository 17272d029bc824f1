// Starting a module Web Worker whose script may come from another origin than the page: the
// playground's engine worker and the sweep workers, when a course page loads GradLab's script
// from the host that serves GradLab (docs/instructors.md, "Hosting GradLab on another origin").
//
// A browser refuses `new Worker(url)` for a script of another origin (SecurityError). A
// worker may still start from a `blob:` URL the page makes itself, and that module may import
// the real script across origins (a CORS request, like the page's own module scripts). So:
// the script's URL first; on SecurityError, a one-line blob: module that imports it. What the
// page's Content-Security-Policy must then allow — `worker-src blob: <GradLab's origin>` (a
// module worker's imports are checked against worker-src) — is what explain() says when it
// does not.
//
// The caller writes the worker the way bundlers recognise (Vite rewrites the URL of
// `new Worker(new URL('literal', import.meta.url), …)` wherever it appears) but with `Worker`
// as a parameter, so the URL can be read before any worker is made:
//   startModuleWorker((Worker) => new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }))

/** The script URL and options `spawn` would start a worker with. */
function scriptOf(spawn) {
  let url = null;
  let options = {};
  spawn(class {
    constructor(u, o) {
      url = new URL(String(u), globalThis.location?.href);
      options = o ?? {};
    }
  });
  return { url, options };
}

const originOf = () => globalThis.origin ?? globalThis.location?.origin ?? 'null';

/** The module text of the trampoline: it imports the real script, whose own URL stays its base. */
export const trampoline = (url) => `import ${JSON.stringify(String(url))};\n`;

/**
 * Starts the worker `spawn` describes (see the top of this file). Returns {worker, via:
 * 'script' | 'blob', url, explain(errorEvent) → text}: `explain` says, for an error the worker
 * reports before it ever answered, why it could not start (for the page's notice). Throws
 * when no Worker can be made at all.
 */
export function startModuleWorker(spawn) {
  const { url, options } = scriptOf(spawn);
  const Real = globalThis.Worker;
  if (typeof Real !== 'function') throw new Error('this browser has no Web Workers');
  const page = originOf();
  const violations = [];
  const doc = globalThis.document;
  const listen = (e) => violations.push({ directive: e.effectiveDirective || e.violatedDirective, blocked: String(e.blockedURI ?? '') });
  try {
    return { worker: new Real(url, options), via: 'script', url: url.href, explain: (e) => e?.message || `the worker script ${url.href} could not be loaded` };
  } catch (e) {
    if (e?.name !== 'SecurityError') throw e;
    // Measured in Chromium: a document without an origin (a frame sandboxed without
    // allow-same-origin) starts no worker at all, not even from a blob: module of its own.
    if (page === 'null') throw new Error('this frame is sandboxed without allow-same-origin, and a browser starts no Web Worker in a frame without an origin (add allow-same-origin to the iframe\'s sandbox: the frame then has GradLab\'s origin, not the course page\'s)');
  }
  const blobUrl = URL.createObjectURL(new Blob([trampoline(url.href)], { type: 'text/javascript' }));
  doc?.addEventListener('securitypolicyviolation', listen);
  let worker;
  try {
    worker = new Real(blobUrl, { ...options, type: 'module' });
  } catch (e) {
    doc?.removeEventListener('securitypolicyviolation', listen);
    URL.revokeObjectURL(blobUrl);
    throw e;
  }
  // The blob: URL is needed until the worker has fetched it: until it answers or fails.
  const done = () => {
    doc?.removeEventListener('securitypolicyviolation', listen);
    URL.revokeObjectURL(blobUrl);
  };
  worker.addEventListener('message', done, { once: true });
  worker.addEventListener('error', () => setTimeout(done, 0), { once: true });
  const where = `GradLab's script is from ${url.origin} and this page from ${page}`;
  return {
    worker,
    via: 'blob',
    url: url.href,
    explain: (e) => {
      const blockedBlob = violations.find((v) => v.blocked === 'blob' || v.blocked.startsWith('blob:'));
      if (blockedBlob) return `${where}; a worker then starts from a blob: URL, which this page's Content-Security-Policy does not allow (${blockedBlob.directive}: add blob: to worker-src)`;
      if (violations.length) return `${where}; this page's Content-Security-Policy blocked ${violations[0].blocked} (${violations[0].directive}: add ${url.origin} to worker-src)`;
      return `${where}; the worker started from a blob: URL could not load ${url.href}${e?.message ? ` (${e.message})` : ''}: the page's Content-Security-Policy must allow worker-src blob: ${url.origin}, and ${url.origin} must send Access-Control-Allow-Origin`;
    },
  };
}

