// `node bench/theory.mjs`: the cost of the mean-field theory through the npm API, per build —
// a 100-point critical line (σ_b² = 0, 0.01, …, 0.99) for every activation and one meanField
// call in each phase. Best of 7 repetitions after a warm-up (which also builds the quadrature
// rules once per module; that first call is reported on its own). Wall time and this process's
// CPU time side by side: on a shared machine the wall time also counts the wait for a core.
import { createGradLab, schema } from '../web/src/node.js';

const sigmaB2 = Array.from({ length: 100 }, (_, i) => i / 100);
function time(fn) {
  const c0 = process.cpuUsage(), t0 = performance.now();
  fn();
  const c = process.cpuUsage(c0);
  return { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
}
function best(fn, reps = 7) {
  let wall = Infinity, cpu = Infinity;
  for (let r = 0; r < reps; r++) {
    const t = time(fn);
    wall = Math.min(wall, t.wall);
    cpu = Math.min(cpu, t.cpu);
  }
  return { 'wall ms': +wall.toFixed(1), 'cpu ms': +cpu.toFixed(1) };
}

for (const simd of [true, false]) {
  const gradlab = await createGradLab({ simd });
  const first = time(() => gradlab.criticalLine('tanh', [0.05]));
  console.log(`\n${gradlab.build}: first call (builds the quadrature rules) ${first.wall.toFixed(1)} ms wall, ${first.cpu.toFixed(1)} ms cpu`);
  const rows = [];
  for (const activation of Object.keys(schema.activations)) {
    gradlab.criticalLine(activation, sigmaB2);
    rows.push({ 'criticalLine, 100 points': activation, ...best(() => gradlab.criticalLine(activation, sigmaB2)) });
  }
  for (const [phase, sigmaW2] of [['ordered', 1.2], ['chaotic', 4]])
    rows.push({ 'criticalLine, 100 points': `meanField tanh ${phase}`, ...best(() => gradlab.meanField({ activation: 'tanh', sigmaW2, sigmaB2: 0.05 }), 20) });
  console.table(rows);
}
