// The benchmark workloads, read from bench/workloads.json (their one definition; the native
// driver bench/native/bench.cpp reads the same file). Shared by the runner and the JS engines.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const rootDir = path.resolve(benchDir, '..');
export const workloadsFile = path.join(benchDir, 'workloads.json');
export const resultsDir = path.join(benchDir, 'results');
export const fixturesDir = path.join(resultsDir, 'fixtures');

export const spec = JSON.parse(readFileSync(workloadsFile, 'utf8'));

const byId = new Map(spec.workloads.map((w) => [w.id, w]));

export function workload(id) {
  const w = byId.get(id);
  if (!w) throw new Error(`unknown workload ${id} (known: ${[...byId.keys()].join(', ')})`);
  return w;
}

/** The complete GradLab configuration of a workload's network: base, then the net's own fields. */
export function configOf(w) {
  const own = w.net ? workload(w.net).config : w.config;
  return { ...spec.base, ...own };
}

/** The loss-agreement check's configuration of a network: full batch, the check's learning rate. */
export function checkConfig(id, trainPoints) {
  const c = configOf(workload(id));
  return { ...c, batchSize: trainPoints, learningRate: spec.check.learningRate?.[id] ?? c.learningRate };
}

/** Id of the workload whose network (and fixture) a workload uses. */
export const netId = (w) => w.net ?? w.id;

export const fixturePath = (id, ext) => path.join(fixturesDir, `${id}.${ext}`);

/** Fixture of one network (written by the runner from GradLab): data, initial weights, grids. */
export function loadFixture(id) {
  const f = JSON.parse(readFileSync(fixturePath(id, 'json'), 'utf8'));
  const f32 = (a) => Float32Array.from(a);
  return {
    ...f,
    weights: f32(f.weights),
    trainX: f32(f.trainX), trainY: f32(f.trainY),
    testX: f32(f.testX), testY: f32(f.testY),
    grids: Object.fromEntries(Object.entries(f.grids).map(([res, g]) => [res, f32(g)])),
  };
}

// Small deterministic PRNG (mulberry32) for engines that shuffle batches themselves.
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
