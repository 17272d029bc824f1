// Writes the fixtures every engine reads (bench/results/fixtures/): for each network, GradLab's
// data split, initial weights (also as raw float32 for the native driver) and the grid inputs
// (the input units of neuronGrids, i.e. the exact points GradLab evaluates). Made with the
// scalar build, which is bit-identical to the SIMD build and the native core.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createGradLab } from '../web/src/node.js';
import { spec, configOf, netId, fixturesDir, fixturePath } from './workloads.mjs';

export async function writeFixtures() {
  mkdirSync(fixturesDir, { recursive: true });
  const gradlab = await createGradLab({ simd: false });
  const grids = new Map();  // net id -> resolutions it needs
  for (const w of spec.workloads) {
    if (!grids.has(netId(w))) grids.set(netId(w), new Set());
    const need = grids.get(netId(w));
    if (w.kind === 'grid') need.add(w.resolution);
    if (w.kind === 'frame') need.add(w.outputResolution).add(w.thumbnailResolution);
  }
  const written = [];
  for (const [id, resolutions] of grids) {
    const w = spec.workloads.find((x) => x.id === id);
    const s = gradlab.createSession(configOf(w));
    const info = s.info;
    if (info.inputs !== 2 || info.outputs !== 1 || info.loss !== 'bce' || info.outputActivation !== 'sigmoid')
      throw new Error(`${id}: the benchmark convention needs 2 inputs and one sigmoid/BCE output, got ${JSON.stringify(info)}`);
    const p = s.points();
    const rows = (idx) => {
      const X = [], Y = [];
      for (const i of idx) {
        X.push(p.coords[2 * i], p.coords[2 * i + 1]);
        Y.push(p.targets[i] > 0 ? 1 : 0);
      }
      return [X, Y];
    };
    const [trainX, trainY] = rows(p.train);
    const [testX, testY] = rows(p.test);
    const g = {};
    for (const res of resolutions) {
      const ng = s.neuronGrids(res);
      const xy = new Array(ng.points * 2);
      for (let q = 0; q < ng.points; q++) {
        xy[2 * q] = ng.values[q];
        xy[2 * q + 1] = ng.values[ng.points + q];
      }
      g[res] = xy;
    }
    const weights = s.getWeightsArray();
    const fixture = {
      id, config: configOf(w), layers: info.layers, train: info.train, test: info.test,
      weights: Array.from(weights), trainX, trainY, testX, testY, grids: g,
    };
    writeFileSync(fixturePath(id, 'json'), JSON.stringify(fixture));
    writeFileSync(fixturePath(id, 'f32'), Buffer.from(weights.buffer, weights.byteOffset, weights.byteLength));
    written.push({ id, params: weights.length, train: info.train, test: info.test });
    s.dispose();
  }
  return written;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await writeFixtures());
