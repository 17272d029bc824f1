// The engine side of the frame benchmark, as the playground's worker does it (web/ui/src/
// runner.js): per request, one frame of work (bench/workloads.json, the "frame" workload):
// an epoch of training, evaluate with every diagnostic, the output grid and every neuron's
// thumbnail grid, copied into buffers that are transferred to the page (and handed back).
import { createGradLab } from '../../web/src/browser.js';

let gradlab, session, frame;
const pool = { grid: [], neurons: [] };

function take(kind, n) {
  const i = pool[kind].findIndex((b) => b.byteLength === n * 4);
  return new Float32Array(i >= 0 ? pool[kind].splice(i, 1)[0] : new ArrayBuffer(n * 4));
}

self.onmessage = async ({ data }) => {
  if (data.type === 'start') {
    gradlab = await createGradLab({ simd: data.simd });
    session = gradlab.createSession(data.config);
    frame = data.frame;
    self.postMessage({ type: 'ready', build: gradlab.build, info: structuredClone(session.info), points: session.points() });
    return;
  }
  for (const [k, b] of Object.entries(data.give ?? {})) if (pool[k] && pool[k].length < 3) pool[k].push(b);
  const t0 = performance.now();
  session.stepEpoch();
  const metrics = session.evaluate({ diagnostics: true });
  const g = session.predictGrid(frame.outputResolution);
  const grid = take('grid', g.values.length);
  grid.set(g.values);
  const n = session.neuronGrids(frame.thumbnailResolution);
  const neurons = take('neurons', n.values.length);
  neurons.set(n.values);
  const engineMs = performance.now() - t0;
  self.postMessage({ type: 'frame', metrics, grid, neurons, layers: n.layers, engineMs, memoryBytes: gradlab.memoryBytes() }, [grid.buffer, neurons.buffer]);
};
