// A stand-in for the engine's worker (see host.js in this folder): answers each request in
// order with a well-formed reply, after `busyMs` of synchronous work, or never (`hang`).
self.addEventListener('message', (e) => {
  const m = e.data;
  if (m.hang) return;
  const until = performance.now() + (m.busyMs ?? 0);
  while (performance.now() < until) { /* a long synchronous computation, as an evaluation is */ }
  self.postMessage({ id: m.id, type: 'reply', ok: true, result: m.type === 'load' ? { build: 'scripted' } : { alive: true } });
});
