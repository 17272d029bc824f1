// The sweep workloads of `npm run bench` (`npm run bench -- --sweep-only` runs only them):
//   S1  64 cells × 500 steps of a 6×8 tanh net (learning rate × init gain): cells per second
//       on 1 worker and on 2, side by side in each round (the rounds alternate which goes first).
//   S2  a 20 × 20 phase diagram at depth 30, width 100: the mean log growth of the back-propagated
//       gradient per layer at initialisation (no training), ordered coarse to fine, on 2 workers:
//       time to the complete coarse map (stride 4: 5 × 5 cells) and to the full map.
// Both run on sweep pools that were warmed up first, as the playground keeps one; S2 is also
// timed once on a fresh pool (worker start-up included). Each sweep's CPU time is reported too
// (the whole process): on a machine shared with other work the wall-clock figures say little,
// while equal CPU time on 1 and 2 workers and a small serial part say what an idle machine gives.
// S2's axes are σ_w² × σ_b² of the signal-propagation initialiser (W ~ N(0, σ_w²/fan_in),
// b ~ N(0, σ_b²)), over ranges that straddle tanh's critical line (σ_w² = 1 at σ_b² = 0, about 2.8
// at σ_b² = 0.5): the report counts the cells on each side, measured and by the theory.
import os from 'node:os';
import { createGradLab } from '../web/src/node.js';

export const S1 = {
  base: { dataset: 'circle', numPoints: 500, hidden: [8, 8, 8, 8, 8, 8], activation: 'tanh', batchSize: 10 },
  axes: [{ field: 'learningRate', from: 0.003, to: 0.3, count: 8, scale: 'log' }, { field: 'initGain', from: 0.5, to: 2, count: 8 }],
  steps: 500,
  measures: ['trainLoss', 'testLoss'],
};

export const S2 = {
  base: { dataset: 'circle', numPoints: 100, hidden: new Array(30).fill(100), activation: 'tanh', init: 'signal_propagation' },
  axes: [{ field: 'sigmaW2', from: 0.5, to: 4, count: 20 }, { field: 'sigmaB2', from: 0, to: 0.5, count: 20 }],
  steps: 0,
  measures: ['logGradGrowthInit'],
};

const COARSE_STRIDE = 4;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
};
const range = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length });

// CPU seconds of the whole process (main thread, workers, V8's helpers) since `c0`.
const cpuSince = (c0) => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
};

// A sweep's wall-clock time, its time to the coarse map, and the CPU time it used: all of it,
// and the main thread's checks before the first run (the part that does not run in parallel).
async function timeSweep(gradlab, spec, options) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let coarse = null, setupCpu = null;
  const result = await gradlab.sweep(spec, {
    ...options,
    onProgress: (p) => {
      if (p.done === 0) setupCpu = cpuSince(c0);
      if (coarse === null && p.map && p.map.stride <= COARSE_STRIDE) coarse = (performance.now() - t0) / 1000;
    },
  });
  return { seconds: (performance.now() - t0) / 1000, coarse, cpu: cpuSince(c0), setupCpu, result };
}

// Where S2's cells lie: measured, the sign of the mean log growth of dL/dz per layer (< 0 the
// gradient shrinks going down, ordered; > 0 chaotic); by the mean-field theory, χ₁ < 1 or > 1.
// A map that does not straddle the line would time a diagram without its phenomenon.
function phaseCounts(gradlab, result) {
  const counts = { measured: { ordered: 0, chaotic: 0, none: 0 }, theory: { ordered: 0, chaotic: 0 }, disagree: 0 };
  for (const a of result.aggregates) {
    const growth = a.measures.logGradGrowthInit.median;
    const { sigmaW2, sigmaB2 } = a.coords;
    const chi1 = gradlab.meanField({ activation: S2.base.activation, sigmaW2, sigmaB2 }).chi1;
    const measured = growth === null ? 'none' : growth < 0 ? 'ordered' : 'chaotic';
    const theory = chi1 < 1 ? 'ordered' : 'chaotic';
    counts.measured[measured]++;
    counts.theory[theory]++;
    if (measured !== theory) counts.disagree++;
  }
  const b = S2.axes[1];
  counts.line = gradlab.criticalLine(S2.base.activation, [b.from, b.to]);
  return counts;
}

/** Runs the sweep workloads (mode: full 7 rounds, quick 3, smoke 1); returns {results, targets}. */
export async function benchSweep({ mode = 'full', log = console.error } = {}) {
  const rounds = { full: 7, quick: 3, smoke: 1 }[mode];
  const quick = mode !== 'full';
  const gradlab = await createGradLab();
  const load = [os.loadavg()];
  const cells = (spec) => spec.axes.reduce((n, a) => n * (a.values?.length ?? a.count), 1);

  // S2 cold: a fresh pool, worker start-up included.
  const cold = await timeSweep(gradlab, S2, { workers: 2, order: 'coarse-to-fine' });
  const phases = phaseCounts(gradlab, cold.result);
  delete cold.result;
  log(`sweep S2 cold (fresh workers): coarse map ${cold.coarse.toFixed(2)} s, full map ${cold.seconds.toFixed(2)} s`);

  const pools = { 1: gradlab.createSweepPool({ workers: 1 }), 2: gradlab.createSweepPool({ workers: 2 }) };
  const s1 = { 1: [], 2: [] }, ratio = [], s2 = { coarse: [], full: [], cpu: [] };
  const cpu = { 1: [], 2: [] }, setup = [];
  try {
    // Warm-up: both pools load their engines and V8 optimises the hot wasm functions.
    for (const w of [1, 2]) for (let i = 0; i < 2; i++) await gradlab.sweep(S1, { pool: pools[w] });
    await gradlab.sweep(S2, { pool: pools[2] });
    for (let r = 0; r < rounds; r++) {
      const t = {};
      for (const w of r % 2 ? [2, 1] : [1, 2]) {
        const m = await timeSweep(gradlab, S1, { pool: pools[w] });
        t[w] = m.seconds;
        cpu[w].push(m.cpu);
        setup.push(m.setupCpu);
      }
      for (const w of [1, 2]) s1[w].push(cells(S1) / t[w]);
      ratio.push(t[1] / t[2]);
      if (!quick || r === 0) {
        const p = await timeSweep(gradlab, S2, { pool: pools[2], order: 'coarse-to-fine' });
        s2.coarse.push(p.coarse);
        s2.full.push(p.seconds);
        s2.cpu.push(p.cpu);
      }
      log(`sweep round ${r + 1}/${rounds}: S1 ${s1[1].at(-1).toFixed(0)} vs ${s1[2].at(-1).toFixed(0)} cells/s (×${ratio.at(-1).toFixed(2)})` +
        (s2.full.length === r + 1 ? `; S2 coarse ${s2.coarse.at(-1).toFixed(2)} s, full ${s2.full.at(-1).toFixed(2)} s` : ''));
    }
  } finally {
    await Promise.all(Object.values(pools).map((p) => p.close()));
  }
  load.push(os.loadavg());
  const results = {
    loadAverage: load,
    S1: {
      cells: cells(S1), cellsPerSecond: { 1: range(s1[1]), 2: range(s1[2]) }, speedup: range(ratio),
      cpuSeconds: { 1: range(cpu[1]), 2: range(cpu[2]) }, setupCpuSeconds: range(setup),
    },
    S2: { cells: cells(S2), coarseStride: COARSE_STRIDE, coarseSeconds: range(s2.coarse), fullSeconds: range(s2.full), cpuSeconds: range(s2.cpu), cold, phases },
  };
  const targets = [
    { text: 'S1: 2 sweep workers at least 1.7x the cells/s of 1', workload: 'S1', factor: range(ratio), ok: median(ratio) >= 1.7, limit: 1.7, kind: 'min' },
    { text: 'S2: 20x20 phase diagram (depth 30, width 100) in at most 10 s on 2 workers', workload: 'S2', factor: range(s2.full), ok: median(s2.full) <= 10, limit: 10, kind: 's' },
    { text: `S2: complete coarse map (stride ${COARSE_STRIDE}, 5x5) in at most 2 s`, workload: 'S2', factor: range(s2.coarse), ok: median(s2.coarse) <= 2, limit: 2, kind: 's' },
  ];
  return { results, targets };
}

/** Lines for the benchmark's report. */
export function sweepReport({ results: r, targets }) {
  const f = (x, d = 0) => x.toFixed(d);
  const lines = [
    `Sweeps (warm sweep pools; load average ${r.loadAverage.map((l) => l.map((x) => x.toFixed(2)).join(' ')).join(' → ')}):`,
    `  S1 64 cells × 500 steps, 6×8 tanh: 1 worker ${f(r.S1.cellsPerSecond[1].median)} cells/s [${f(r.S1.cellsPerSecond[1].min)}–${f(r.S1.cellsPerSecond[1].max)}], ` +
      `2 workers ${f(r.S1.cellsPerSecond[2].median)} cells/s [${f(r.S1.cellsPerSecond[2].min)}–${f(r.S1.cellsPerSecond[2].max)}]: ×${f(r.S1.speedup.median, 2)} [${f(r.S1.speedup.min, 2)}–${f(r.S1.speedup.max, 2)}]`,
    `     CPU time per sweep (whole process, median): 1 worker ${f(r.S1.cpuSeconds[1].median, 3)} s, 2 workers ${f(r.S1.cpuSeconds[2].median, 3)} s; ` +
      `main-thread checks before the first run ${f(r.S1.setupCpuSeconds.median * 1000, 1)} ms`,
    `  S2 20×20 phase diagram, depth 30 × width 100, coarse to fine on 2 workers: coarse map (stride ${r.S2.coarseStride}) ${f(r.S2.coarseSeconds.median, 2)} s, full map ${f(r.S2.fullSeconds.median, 2)} s [${f(r.S2.fullSeconds.min, 2)}–${f(r.S2.fullSeconds.max, 2)}]; ` +
      `on fresh workers ${f(r.S2.cold.coarse, 2)} s and ${f(r.S2.cold.seconds, 2)} s; CPU time ${f(r.S2.cpuSeconds.median, 2)} s per map`,
  ];
  const ph = r.S2.phases;
  if (ph) {
    const [w, b] = S2.axes;
    lines.push(`     σ_w² ${w.from}–${w.to} × σ_b² ${b.from}–${b.to} (${S2.base.init}, ${S2.base.activation}): gradient shrinking going down (ordered) in ${ph.measured.ordered} cells, growing in ${ph.measured.chaotic}` +
      `${ph.measured.none ? `, not measured in ${ph.measured.none}` : ''}; ` +
      `theory (χ₁ < 1 / > 1) ${ph.theory.ordered} / ${ph.theory.chaotic}, ${ph.disagree} cells disagree; critical σ_w² ${ph.line.map((x) => f(x, 2)).join(' → ')} across σ_b²`);
  }
  for (const t of targets) {
    const unit = t.kind === 's' ? ' s' : 'x';
    const by = t.ok ? '' : t.kind === 'min' ? `, short by ${(t.limit / t.factor.median).toFixed(2)}x` : `, over by ${(t.factor.median / t.limit).toFixed(2)}x`;
    lines.push(`  ${t.ok ? 'PASS' : 'MISS'}  ${t.text}: ${t.factor.median.toFixed(2)}${unit} [${t.factor.min.toFixed(2)}–${t.factor.max.toFixed(2)}]${by}`);
  }
  return lines.join('\n');
}
