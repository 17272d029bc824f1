// Engine driver: TensorFlow.js 4.22 with the cpu or the wasm backend.
//   node bench/engines/tfjs.mjs --backend cpu|wasm
// Speaks bench/engines/protocol.mjs. The same MLP as GradLab, written the idiomatic way:
// tf.variable weights, explicit matMul + bias + activation, binary cross-entropy from the
// logit (the mean over the batch), tf.train.sgd(lr).minimize(). Data, grid
// inputs and initial weights come from the fixtures the runner exported from GradLab.
// The wasm backend runs its own single-threaded SIMD binary from node_modules (Node has no
// threaded build here; `hello` reports the flags).
import path from 'node:path';
import { createRequire } from 'node:module';
import { spec, workload, configOf, checkConfig, netId, loadFixture, prng } from '../workloads.mjs';
import { serve, now } from './protocol.mjs';

// TF.js prints a banner with console.log at load; stdout carries the protocol.
console.log = console.error;
const tf = await import('@tensorflow/tfjs');
const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');

const backend = process.argv[process.argv.indexOf('--backend') + 1];
if (backend !== 'cpu' && backend !== 'wasm') throw new Error('usage: tfjs.mjs --backend cpu|wasm');
if (backend === 'wasm') {
  const wasmFile = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm');
  setWasmPaths(path.dirname(wasmFile) + path.sep);
}
if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend ${backend} did not initialise`);
await tf.ready();
tf.enableProdMode();

const activations = { tanh: tf.tanh, relu: tf.relu, sigmoid: tf.sigmoid, linear: (z) => z };

// An MLP whose layers mirror GradLab's (fixture.layers); weights from GradLab's flat layout
// (per layer W as units x inputs row-major, then b), stored transposed for a.matMul(W).
class Mlp {
  constructor(fx) {
    this.layers = fx.layers;
    this.W = [];
    this.b = [];
    tf.tidy(() => {
      for (const p of this.#split(fx.weights)) {
        this.W.push(tf.variable(tf.tensor2d(p.Wt, [p.inputs, p.units])));
        this.b.push(tf.variable(tf.tensor1d(p.b)));
      }
    });
    this.vars = [...this.W, ...this.b];
  }

  #split(flat) {
    let o = 0;
    return this.layers.map(({ inputs, units }) => {
      const Wt = new Float32Array(inputs * units);
      for (let j = 0; j < units; j++) for (let i = 0; i < inputs; i++) Wt[i * units + j] = flat[o + j * inputs + i];
      o += inputs * units;
      const b = flat.slice(o, o + units);
      o += units;
      return { inputs, units, Wt, b };
    });
  }

  assign(flat) {
    tf.tidy(() => {
      for (const [l, p] of this.#split(flat).entries()) {
        this.W[l].assign(tf.tensor2d(p.Wt, [p.inputs, p.units]));
        this.b[l].assign(tf.tensor1d(p.b));
      }
    });
  }

  /** The output logits; with `keep`, collects every layer's activation (output: sigmoid). */
  logits(x, keep) {
    let a = x, z;
    for (let l = 0; l < this.layers.length; l++) {
      z = tf.add(tf.matMul(a, this.W[l]), this.b[l]);
      const last = l === this.layers.length - 1;
      a = last ? z : activations[this.layers[l].activation](z);
      if (keep) keep.push(last ? tf.sigmoid(z) : a);
    }
    return z;
  }
}

// BCE from the logit, mean over the batch: max(z,0) - z*y + log(1 + exp(-|z|)). The same
// formula as tf.losses.sigmoidCrossEntropy, written out: about 25% faster per step here (that
// helper adds weighting and reduction ops), with identical values.
const bce = (y, z) => tf.mean(tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z))))));

// One engine instance per network: the model, its optimiser, its data and batch order.
class Runner {
  constructor(w) {
    const fx = loadFixture(netId(w));
    this.fx = fx;
    this.cfg = configOf(w);
    this.net = new Mlp(fx);
    this.opt = tf.train.sgd(this.cfg.learningRate);
    this.n = fx.train;
    this.trainX = tf.tensor2d(fx.trainX, [fx.train, 2]);
    this.trainY = tf.tensor2d(fx.trainY, [fx.train, 1]);
    this.testX = tf.tensor2d(fx.testX, [fx.test, 2]);
    this.testY = tf.tensor2d(fx.testY, [fx.test, 1]);
    this.gridX = new Map(Object.entries(fx.grids).map(([res, g]) => [Number(res), tf.tensor2d(g, [g.length / 2, 2])]));
    this.Xe = new Float32Array(fx.train * 2);
    this.Ye = new Float32Array(fx.train);
    this.order = Int32Array.from({ length: fx.train }, (_, i) => i);
    this.reset();
  }

  reset() {
    this.net.assign(this.fx.weights);
    this.rand = prng(this.cfg.seed);
    this.cursor = 0;
    this.shuffle();
  }

  // A new batch order every epoch (Fisher–Yates), laid out contiguously so a batch is a slice.
  shuffle() {
    const o = this.order;
    for (let i = o.length - 1; i > 0; i--) {
      const j = Math.floor(this.rand() * (i + 1));
      [o[i], o[j]] = [o[j], o[i]];
    }
    const { trainX, trainY } = this.fx;
    for (let r = 0; r < o.length; r++) {
      this.Xe[2 * r] = trainX[2 * o[r]];
      this.Xe[2 * r + 1] = trainX[2 * o[r] + 1];
      this.Ye[r] = trainY[o[r]];
    }
  }

  step() {
    const B = Math.min(this.cfg.batchSize, this.n - this.cursor), c = this.cursor;
    const xb = tf.tensor2d(this.Xe.subarray(2 * c, 2 * (c + B)), [B, 2]);
    const yb = tf.tensor2d(this.Ye.subarray(c, c + B), [B, 1]);
    this.opt.minimize(() => bce(yb, this.net.logits(xb)), false, this.net.vars);
    xb.dispose();
    yb.dispose();
    this.cursor += B;
    if (this.cursor >= this.n) {
      this.cursor = 0;
      this.shuffle();
    }
  }

  stepEpoch() {
    do this.step(); while (this.cursor !== 0);
  }

  /** Output probabilities over the grid (values read back to JS). */
  predictGrid(res) {
    const p = tf.tidy(() => tf.sigmoid(this.net.logits(this.gridX.get(res))));
    const v = p.dataSync();
    p.dispose();
    return v;
  }

  /** Every unit's activation over the grid, read back per layer (points x units each). */
  neuronGrids(res) {
    const acts = [];
    tf.tidy(() => {
      this.net.logits(this.gridX.get(res), acts);
      acts.forEach((t) => tf.keep(t));
    });
    const out = acts.map((t) => t.dataSync());
    tf.dispose(acts);
    return out;
  }

  /**
   * Train/test loss and accuracy and GradLab's per-layer diagnostics: one forward and backward
   * pass over the training set (dL/dz of every layer through zero "probe" tensors added to the
   * pre-activations), read back, then the same statistics GradLab computes.
   */
  evaluate() {
    const L = this.net.layers.length, n = this.n;
    const zs = [], as = [];
    const probes = this.net.layers.map((l) => tf.zeros([n, l.units]));
    const { value, grads } = tf.tidy(() => {
      const f = (...args) => {
        const W = args.slice(0, L), b = args.slice(L, 2 * L), e = args.slice(2 * L);
        let a = this.trainX, z;
        for (let l = 0; l < L; l++) {
          z = tf.add(tf.add(tf.matMul(a, W[l]), b[l]), e[l]);
          a = l === L - 1 ? tf.sigmoid(z) : activations[this.net.layers[l].activation](z);
          zs.push(tf.keep(z));
          as.push(tf.keep(a));
        }
        return bce(this.trainY, z);
      };
      return tf.valueAndGrads(f)([...this.net.W, ...this.net.b, ...probes]);
    });
    const testLoss = tf.tidy(() => bce(this.testY, this.net.logits(this.testX)));
    const testOut = tf.tidy(() => tf.sigmoid(this.net.logits(this.testX)));
    const m = {
      trainLoss: value.dataSync()[0],
      testLoss: testLoss.dataSync()[0],
      trainAccuracy: accuracy(as[L - 1].dataSync(), this.fx.trainY),
      testAccuracy: accuracy(testOut.dataSync(), this.fx.testY),
      layers: [],
    };
    for (let l = 0; l < L; l++) {
      m.layers.push(layerStats(this.net.layers[l].activation, this.net.layers[l].units, n, {
        z: zs[l].dataSync(), a: as[l].dataSync(), g: grads[2 * L + l].dataSync(),
        gW: grads[l].dataSync(), gb: grads[L + l].dataSync(), W: this.net.W[l].dataSync(), b: this.net.b[l].dataSync(),
      }));
    }
    tf.dispose([value, grads, testLoss, testOut, zs, as, probes]);
    return m;
  }

  trainLoss() {
    const t = tf.tidy(() => bce(this.trainY, this.net.logits(this.trainX)));
    const v = t.dataSync()[0];
    t.dispose();
    return v;
  }
}

function accuracy(p, y) {
  let c = 0;
  for (let i = 0; i < y.length; i++) c += (p[i] > 0.5) === (y[i] > 0.5) ? 1 : 0;
  return c / y.length;
}

const BINS = 32;
const bin = (v, lo, hi) => {
  const t = ((v - lo) / (hi - lo)) * BINS;
  return !(t >= 0) ? 0 : t >= BINS ? BINS - 1 : Math.floor(t);
};
const norm = (x) => Math.sqrt(x.reduce((s, v) => s + v * v, 0));
const slope = {
  tanh: (z, a) => 1 - a * a, sigmoid: (z, a) => a * (1 - a), relu: (z) => (z > 0 ? 1 : 0), linear: () => 1,
};
const peak = { tanh: 1, sigmoid: 0.25, relu: 1, linear: 1 };
const actRange = { tanh: [-1, 1], sigmoid: [0, 1], linear: [-5, 5], relu: [-2, 4] };

// The per-layer figures of GradLab's LayerStats, from the read-back arrays (n x units each).
function layerStats(act, units, n, { z, a, g, gW, gb, W, b }) {
  const f = slope[act] ?? slope.linear, sat = act === 'tanh' || act === 'sigmoid';
  const [alo, ahi] = actRange[act] ?? [-2, 4];
  const preHist = new Float64Array(BINS), actHist = new Float64Array(BINS), gradHist = new Float64Array(BINS);
  const seen = new Uint8Array(units), satCount = new Int32Array(units);
  let sz = 0, sz2 = 0, sa = 0, sa2 = 0, sg2 = 0, zeros = 0;
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < units; j++) {
      const k = r * units + j, zv = z[k], av = a[k], gv = g[k] * n, d = f(zv, av);
      sz += zv; sz2 += zv * zv; sa += av; sa2 += av * av; sg2 += gv * gv;
      preHist[bin(zv, -5, 5)]++;
      actHist[bin(av, alo, ahi)]++;
      const ag = Math.abs(gv);
      if (ag === 0) zeros++;
      else gradHist[bin(Math.log10(ag), -14, 2)]++;
      if (d !== 0) seen[j] = 1;
      if (sat && Math.abs(d) < 0.05 * peak[act]) satCount[j]++;
    }
  }
  const cnt = n * units, preMean = sz / cnt, actMean = sa / cnt;
  return {
    units, gradWNorm: norm(gW), gradBNorm: norm(gb), gradZRms: Math.sqrt(sg2 / cnt), weightNorm: norm(W), biasNorm: norm(b),
    preMean, preStd: Math.sqrt(Math.max(0, sz2 / cnt - preMean * preMean)),
    actMean, actStd: Math.sqrt(Math.max(0, sa2 / cnt - actMean * actMean)),
    dead: seen.reduce((s, v) => s + (v ? 0 : 1), 0), saturated: satCount.reduce((s, c) => s + (c > 0.5 * n ? 1 : 0), 0),
    histograms: { pre: preHist, act: actHist, grad: gradHist, zeros },
  };
}

const runners = new Map();
const runnerOf = (w) => {
  const id = netId(w);
  if (!runners.has(id)) runners.set(id, new Runner(w));
  return runners.get(id);
};

function leakCheck(before, what) {
  const after = tf.memory().numTensors;
  if (after !== before) throw new Error(`${what}: ${after - before} tensors leaked`);
}

await serve({
  hello: async () => ({
    engine: `tfjs-${backend}`, backend: tf.getBackend(), version: tf.version_core,
    wasmSimd: backend === 'wasm' ? await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') : undefined,
    wasmThreads: backend === 'wasm' ? await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT') : undefined,
  }),
  check(id) {
    const fx = loadFixture(id);
    const net = new Mlp(fx);
    const opt = tf.train.sgd(checkConfig(id, fx.train).learningRate);
    const x = tf.tensor2d(fx.trainX, [fx.train, 2]), y = tf.tensor2d(fx.trainY, [fx.train, 1]);
    let batchLoss;
    for (let s = 0; s < spec.check.steps; s++) {
      const c = opt.minimize(() => bce(y, net.logits(x)), true, net.vars);
      if (s === spec.check.steps - 1) batchLoss = c.dataSync()[0];
      c.dispose();
    }
    const l = tf.tidy(() => bce(y, net.logits(x)));
    const loss = l.dataSync()[0];
    tf.dispose([l, x, y, net.vars, opt]);
    return { loss, batchLoss };
  },
  run(id, runsText) {
    const w = workload(id), runs = Number(runsText);
    const r = runnerOf(w);
    const before = tf.memory().numTensors;
    let t = 0, work = 0;
    for (let k = 0; k < runs; k++) {
      r.reset();
      const t0 = now();
      if (w.kind === 'train') {
        for (let s = 0; s < w.stepsPerRun; s++) r.step();
        r.net.W[0].dataSync();  // every backend here is synchronous; this only makes it explicit
        work += w.stepsPerRun;
      } else if (w.kind === 'grid') {
        if (w.neurons) r.neuronGrids(w.resolution);
        else r.predictGrid(w.resolution);
        work += 1;
      } else if (w.kind === 'frame') {
        for (let f = 0; f < w.framesPerRun; f++) {
          r.stepEpoch();
          r.evaluate();
          r.predictGrid(w.outputResolution);
          r.neuronGrids(w.thumbnailResolution);
        }
        work += w.framesPerRun;
      }
      t += now() - t0;
    }
    leakCheck(before, id);
    if (w.kind === 'train' && !Number.isFinite(r.trainLoss())) throw new Error(`${id}: training loss is not finite`);
    return { seconds: t, work };
  },
});
