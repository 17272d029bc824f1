// The renderer's main thread from a Chrome DevTools trace: every top-level task with its
// wall-clock duration and its CPU time (the trace's thread time). On a machine shared with
// other work the wall clock includes the time the OS gave other processes; the CPU time is
// what the page itself spent, which is what "no task over 50 ms" is about.

/**
 * The renderer main thread's top-level tasks: [{wall, cpu}] in ms. With several renderers (a
 * sandboxed iframe may get a process of its own) the busiest main thread, by CPU time.
 */
export function mainThreadTasks(events) {
  let best = [], bestCpu = -1;
  for (const main of events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')) {
    const list = events.filter((e) => e.ph === 'X' && e.pid === main.pid && e.tid === main.tid && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask'))
      .map((e) => ({ wall: e.dur / 1000, cpu: (e.tdur ?? e.dur) / 1000 }));
    const cpu = list.reduce((a, t) => a + t.cpu, 0);
    if (cpu > bestCpu) [best, bestCpu] = [list, cpu];
  }
  return best;
}

/** Traces the page while `during()` runs; resolves to {value: during()'s result, tasks}. */
export async function traceMainThread(context, page, during) {
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: 'toplevel,disabled-by-default-devtools.timeline,devtools.timeline', transferMode: 'ReportEvents' });
  const value = await during();
  await cdp.send('Tracing.end');
  await done;
  return { value, tasks: mainThreadTasks(events) };
}

/** Summary of a task list: longest wall / CPU and how many exceed `limit` ms. */
export function taskSummary(list, limit = 50) {
  const over = (k) => list.filter((t) => t[k] > limit).length;
  return {
    tasks: list.length, longestWall: Math.max(0, ...list.map((t) => t.wall)), longestCpu: Math.max(0, ...list.map((t) => t.cpu)),
    overWall: over('wall'), overCpu: over('cpu'), cpuMs: list.reduce((a, t) => a + t.cpu, 0),
  };
}
