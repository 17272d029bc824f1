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

/**
 * The engine side on this page's own thread (runner.js, as host.js runs it when no worker can
 * start): how many other tasks ran while one frame with an evaluation and an output grid was
 * being answered. 0 means the frame was one task.
 */
window.tasksDuringFrame = async (sliced) => {
  const { createRunner } = await import('/web/ui/src/runner.js');
  let reply = null;
  const runner = createRunner((msg) => { reply = msg; }, { maxFrameMs: 12, sliced });
  await runner.handle({ id: 1, type: 'load', simd: 'auto' });
  await runner.handle({ id: 2, type: 'configure', config: { hidden: [64, 64, 64, 64], numPoints: 500 } });
  reply = null;
  let ticks = 0;
  const tick = () => {
    if (reply) return;
    ticks++;
    setTimeout(tick, 0);
  };
  setTimeout(tick, 0);
  runner.handle({ id: 3, type: 'frame', steps: 1, diag: 'force', want: { grid: 40, neurons: 16, weights: true } });
  while (!reply) await sleep(5);
  return { ticks, ok: reply.ok, step: reply.result?.step, grid: reply.result?.grid?.length };
};
