// Engine driver: GradLab's WebAssembly build through the npm API (web/src), SIMD or scalar.
//   node bench/engines/gradlab.mjs --build simd|scalar
// Speaks bench/engines/protocol.mjs. Every workload calls the public API exactly as an
// application would: session.step(n), stepEpoch(), evaluate(), predictGrid(), neuronGrids().
//   node bench/engines/gradlab.mjs --build simd --module build/bench-prof-wasm/gradlab-simd.mjs
// loads another link of the same objects instead (bench/profile.mjs: one with function names).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createGradLab } from '../../web/src/node.js';
import { GradLab } from '../../web/src/engine.js';
import { spec, workload, configOf, checkConfig, netId, loadFixture } from '../workloads.mjs';
import { serve, now } from './protocol.mjs';

const arg = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const build = arg('--build');
if (build !== 'simd' && build !== 'scalar') throw new Error('usage: gradlab.mjs --build simd|scalar [--module file.mjs]');
let gradlab;
if (arg('--module')) {
  const file = path.resolve(arg('--module'));
  const { default: factory } = await import(pathToFileURL(file));
  gradlab = new GradLab(await factory({ wasmBinary: readFileSync(file.replace(/\.mjs$/, '.wasm')) }), build);
} else {
  gradlab = await createGradLab({ simd: build === 'simd' });
}
if (gradlab.build !== build) throw new Error(`asked for the ${build} build, got ${gradlab.build}`);

const sessions = new Map();
function sessionOf(w) {
  const id = netId(w);
  if (!sessions.has(id)) sessions.set(id, gradlab.createSession(configOf(w)));
  return sessions.get(id);
}

function train(w, runs) {
  const s = sessionOf(w);
  const K = w.stepsPerRun, per = w.stepsPerCall;
  let t = 0;
  for (let r = 0; r < runs; r++) {
    s.reset();
    let done = 0;
    const t0 = now();
    for (let i = 0; i < K; i += per) done += s.step(per);
    t += now() - t0;
    if (done !== K) throw new Error(`${w.id}: ${done} of ${K} steps done (diverged: ${JSON.stringify(s.metrics().diverged)})`);
  }
  return { seconds: t, work: runs * K };
}

function grid(w, runs) {
  const s = sessionOf(w);
  s.reset();
  let t = 0, sink = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = now();
    const g = w.neurons ? s.neuronGrids(w.resolution) : s.predictGrid(w.resolution);
    t += now() - t0;
    sink += g.values[g.values.length - 1];
  }
  if (!Number.isFinite(sink)) throw new Error(`${w.id}: grid values are not finite`);
  return { seconds: t, work: runs };
}

// One playground frame: an epoch of training, train/test loss with every per-layer
// diagnostic (decoded to the JS metrics object, as a page reads it), the output grid and
// every neuron's thumbnail grid.
function frame(w, runs) {
  const s = sessionOf(w);
  const F = w.framesPerRun;
  let t = 0;
  for (let r = 0; r < runs; r++) {
    s.reset();
    const t0 = now();
    for (let f = 0; f < F; f++) {
      s.stepEpoch();
      const m = s.evaluate({ diagnostics: true });
      s.predictGrid(w.outputResolution);
      s.neuronGrids(w.thumbnailResolution);
      if (m.trainLoss === null) throw new Error(`${w.id}: training loss is not finite`);
    }
    t += now() - t0;
  }
  return { seconds: t, work: runs * F };
}

await serve({
  hello: () => ({ engine: `gradlab-${gradlab.build}`, build: gradlab.build, memoryBytes: gradlab.memoryBytes() }),
  memory: () => ({ bytes: gradlab.memoryBytes() }),
  check(id) {
    const fx = loadFixture(id);
    const s = gradlab.createSession(checkConfig(id, fx.train));
    try {
      s.setWeights(fx.weights);
      const done = s.step(spec.check.steps);
      if (done !== spec.check.steps) throw new Error(`${id}: check diverged after ${done} steps`);
      return { loss: s.evaluate({ diagnostics: false }).trainLoss, batchLoss: s.metrics().batchLoss };
    } finally {
      s.dispose();
    }
  },
  run(id, runs) {
    const w = workload(id);
    const n = Number(runs);
    if (w.kind === 'train') return train(w, n);
    if (w.kind === 'grid') return grid(w, n);
    if (w.kind === 'frame') return frame(w, n);
    throw new Error(`unknown kind ${w.kind}`);
  },
});
