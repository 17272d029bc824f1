// The page side of the frame benchmark: it only draws. Each result from the worker is drawn
// on the next animation frame (output heatmap with the data points, every neuron's
// thumbnail, loss curves, per-layer gradient flow, per-layer activation histograms), and the
// next frame of work is requested as soon as a result arrives, so the engine never waits
// for the page. Emits `gradlab-ready` and one `gradlab-step` per drawn result, the events
// the playground's custom element emits, so bench/browser/frame.mjs measures both alike.
// ?workload=<id of bench/workloads.json "browser" entry>&simd=auto|true|false
const params = new URLSearchParams(location.search);
const spec = await (await fetch(new URL('../workloads.json', import.meta.url))).json();
const entry = spec.browser.find((b) => b.id === (params.get('workload') ?? spec.browser[0].id));
if (!entry) throw new Error(`unknown browser workload ${params.get('workload')}`);
const frameOf = spec.workloads.find((w) => w.id === entry.frameOf);
const config = { ...spec.base, ...frameOf.config, ...(entry.config ?? {}) };
const simd = { true: true, false: false }[params.get('simd')] ?? 'auto';

const $ = (id) => document.getElementById(id);
const status = $('status');
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });

let info, points, latest = null, give = {}, drawn = 0;
const lossHistory = { train: [], test: [] };

worker.onmessage = ({ data }) => {
  if (data.type === 'ready') {
    ({ info, points } = data);
    status.textContent = `${entry.id}: ${entry.title} — GradLab ${data.build}`;
    dispatchEvent(new CustomEvent('gradlab-ready', { detail: { build: data.build, workload: entry.id } }));
    request();
    requestAnimationFrame(draw);
    return;
  }
  if (latest) give = { grid: latest.grid.buffer, neurons: latest.neurons.buffer };  // superseded before it was drawn
  latest = data;
  request();
};
worker.postMessage({ type: 'start', config, simd, frame: { outputResolution: frameOf.outputResolution, thumbnailResolution: frameOf.thumbnailResolution } });

function request() {
  const transfer = Object.values(give);
  worker.postMessage({ type: 'frame', give }, transfer);
  give = {};
}

// ---- drawing ---------------------------------------------------------------------------------

// orange (-) to white to blue (+), as TensorFlow Playground; readable by colour-blind users.
// A 256-entry lookup table written as 32-bit pixels: the main thread's cost per pixel is a
// clamp, a multiply and a store.
const LUT = new Uint32Array(256);
{
  const px = new Uint8ClampedArray(LUT.buffer);
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * 2 - 1, o = 4 * i;
    if (t < 0) (px[o] = 255), (px[o + 1] = 255 + t * (255 - 165)), (px[o + 2] = 255 + t * 255);
    else (px[o] = 255 - t * 255), (px[o + 1] = 255 - t * (255 - 120)), (px[o + 2] = 255);
    px[o + 3] = 255;
  }
}
const lut = (v) => LUT[v > 1 ? 255 : v < -1 ? 0 : ((v + 1) * 127.5) | 0];

const scratch = document.createElement('canvas');
function heatmap(ctx, values, res, dx, dy, size, scale, offset) {
  scratch.width = res;
  scratch.height = res;
  const sctx = scratch.getContext('2d');
  const img = sctx.createImageData(res, res);
  const px = new Uint32Array(img.data.buffer);
  for (let p = 0; p < res * res; p++) px[p] = lut(values[p] * scale + offset);
  sctx.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(scratch, dx, dy, size, size);
}

function drawOutput(r) {
  const c = $('output'), ctx = c.getContext('2d');
  heatmap(ctx, r.grid, frameOf.outputResolution, 0, 0, c.width, 2, -1);
  const half = 3.6;  // GradLab's plane is [-3.6, 3.6]
  for (let i = 0; i < points.coords.length / 2; i++) {
    const x = ((points.coords[2 * i] + half) / (2 * half)) * c.width, y = ((half - points.coords[2 * i + 1]) / (2 * half)) * c.height;
    ctx.fillStyle = points.targets[i] > 0 ? '#0877bd' : '#f59322';
    ctx.fillRect(x - 2, y - 2, 4, 4);
  }
}

let thumbImage = null;
function drawThumbs(r) {
  const res = frameOf.thumbnailResolution, units = r.neurons.length / (res * res);
  const tile = res + 2, cols = Math.max(1, Math.floor(Math.min(1200, window.innerWidth - 340) / tile));
  const c = $('thumbs'), rows = Math.ceil(units / cols);
  const ctx = c.getContext('2d');
  if (c.width !== cols * tile || c.height !== rows * tile || !thumbImage) {
    c.width = cols * tile;
    c.height = rows * tile;
    thumbImage = ctx.createImageData(c.width, c.height);
  }
  const img = thumbImage;
  const px = new Uint32Array(img.data.buffer), v = r.neurons;
  for (let u = 0; u < units; u++) {
    const ox = (u % cols) * tile + 1, oy = Math.floor(u / cols) * tile + 1;
    for (let y = 0; y < res; y++) {
      const src = u * res * res + y * res, dst = (oy + y) * c.width + ox;
      for (let x = 0; x < res; x++) px[dst + x] = lut(v[src + x]);
    }
  }
  ctx.putImageData(img, 0, 0);
}

function drawLoss(m) {
  lossHistory.train.push(m.trainLoss ?? NaN);
  lossHistory.test.push(m.testLoss ?? NaN);
  const c = $('loss'), ctx = c.getContext('2d');
  ctx.clearRect(0, 0, c.width, c.height);
  const n = lossHistory.train.length, max = Math.max(1e-9, ...lossHistory.train.filter(Number.isFinite), ...lossHistory.test.filter(Number.isFinite));
  for (const [k, col] of [['train', '#333'], ['test', '#999']]) {
    ctx.strokeStyle = col;
    ctx.beginPath();
    lossHistory[k].forEach((v, i) => ctx.lineTo((i / Math.max(1, n - 1)) * c.width, c.height - (v / max) * c.height));
    ctx.stroke();
  }
}

function drawFlow(m) {
  const c = $('flow'), ctx = c.getContext('2d');
  ctx.clearRect(0, 0, c.width, c.height);
  const L = m.layers.length, w = c.width / L;
  m.layers.forEach((l, i) => {
    for (const [v, col, dx] of [[l.gradZRms, '#0877bd', 0], [l.gradWNorm, '#f59322', w / 2]]) {
      const h = v > 0 ? Math.max(0, Math.min(1, (Math.log10(v) + 14) / 16)) * c.height : 0;
      ctx.fillStyle = col;
      ctx.fillRect(i * w + dx, c.height - h, w / 2 - 1, h);
    }
  });
}

function drawHistograms(m) {
  const c = $('hist'), ctx = c.getContext('2d');
  ctx.clearRect(0, 0, c.width, c.height);
  const L = m.layers.length, w = c.width / L;
  m.layers.forEach((l, i) => {
    const counts = l.histograms.act.counts, max = Math.max(1, ...counts), bw = w / counts.length;
    ctx.fillStyle = l.dead ? '#c33' : '#555';
    counts.forEach((k, b) => ctx.fillRect(i * w + b * bw, c.height - (k / max) * c.height, Math.max(1, bw - 0.5), (k / max) * c.height));
  });
}

function draw() {
  if (latest) {
    const t0 = performance.now();
    const r = latest;
    latest = null;
    const parts = {};
    const timed = (name, fn, arg) => {
      const t = performance.now();
      fn(arg);
      parts[name] = performance.now() - t;
    };
    timed('output', drawOutput, r);
    timed('thumbnails', drawThumbs, r);
    timed('loss', drawLoss, r.metrics);
    timed('flow', drawFlow, r.metrics);
    timed('histograms', drawHistograms, r.metrics);
    drawn++;
    give = { grid: r.grid.buffer, neurons: r.neurons.buffer };
    const drawMs = performance.now() - t0;
    dispatchEvent(new CustomEvent('gradlab-step', { detail: { step: r.metrics.step, engineMs: r.engineMs, drawMs, parts, memoryBytes: r.memoryBytes, drawn } }));
  }
  requestAnimationFrame(draw);
}
