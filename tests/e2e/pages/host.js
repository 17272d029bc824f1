// Test page script: the playground's EngineHost from its unbundled module, with every Worker it
// makes replaced by /test/scripted-worker.js, which answers requests in order as the engine
// does but takes as long as a request's `busyMs` says (synchronously, as a long evaluation
// does) or never answers (`hang`). window.watch(plan) sends the plan's requests and reports
// what the host made of them: which were answered, and whether it declared the engine dead.
const Real = window.Worker;
window.Worker = class extends Real {
  constructor() {
    super('/test/scripted-worker.js', { type: 'module' });
  }
};
const { EngineHost } = await import('/web/ui/src/host.js');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** plan: [{at: ms after start, type, payload, patience}], waitMs: how long to watch. */
window.watch = async ({ plan, waitMs }) => {
  const out = { crashed: null, crashedAt: null, answered: {}, failed: {} };
  const host = new EngineHost({ onCrash: (reason) => { out.crashed = reason; out.crashedAt = Math.round(performance.now() - t0); } });
  await host.start();
  out.mode = host.mode;
  const t0 = performance.now();
  for (const r of plan) {
    await sleep(Math.max(0, r.at - (performance.now() - t0)));
    host.request(r.type, r.payload ?? {}, [], { patience: r.patience ?? 0 }).then(
      () => { out.answered[r.name] = Math.round(performance.now() - t0); },
      (e) => { out.failed[r.name] = e.message; });
  }
  await sleep(Math.max(0, waitMs - (performance.now() - t0)));
  host.dispose();
  return out;
};
window.hostReady = true;
