// Where the time goes, per workload, in GradLab wasm-SIMD, wasm-scalar and native-128.
//
//   node bench/profile.mjs [--workloads W2,W3,W4o,W4n,W5] [--seconds 3] [--no-build]
//
// wasm (SIMD and scalar): V8's sampling profiler (node --cpu-prof) on the benchmark driver,
//   loading a link of the same objects as web/dist/gradlab-*.wasm made with --profiling-funcs
//   (function names kept; build/bench-prof-wasm). Self time per function over the samples taken inside
//   the workload (stacks below the driver's run functions).
// native-128: the driver built like build/bench-sse42 plus -g (build/bench-prof-sse42), under
//   `perf record -e cpu-clock` (time shares; this VM exposes no hardware counters, so
//   `perf stat -e instructions` does not work) and valgrind --tool=callgrind (instructions
//   executed per function, only inside the driver's run()).
// Both are grouped the same way (forward, backward, activations, optimizer, diagnostics,
// grids, JS/bindings...) and turned into microseconds per step/grid/frame with the time per
// unit measured without a profiler, so each group's wasm/native gap can be read directly.
// Session::reset() restores the initial weights between runs; the benchmark does not time it,
// so it is shown on its own line. Raw profiles: bench/results/profiles/ (open .cpuprofile in
// Chrome DevTools, .callgrind in kcachegrind / callgrind_annotate).
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spec, workload, rootDir, resultsDir, workloadsFile, fixturesDir } from './workloads.mjs';

const argv = process.argv.slice(2);
const option = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const ids = option('--workloads', 'W1,W2,W3,W4o,W4n,W5').split(',');
const seconds = Number(option('--seconds', 3));
const outDir = path.join(resultsDir, 'profiles');
const WASM_DIR = 'build/bench-prof-wasm', NATIVE_DIR = 'build/bench-prof-sse42';
const env = { ...process.env, NODE_PATH: '/usr/share/nodejs' };

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: rootDir, encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

async function build() {
  const { buildWasm } = await import('../scripts/build.mjs');
  await buildWasm({ log: console.error });
  // Relink each wasm build's objects with function names: the command CMake uses, another output.
  for (const b of ['simd', 'scalar']) {
    const linkDir = path.join(rootDir, `build/wasm-${b}/bindings`);
    const link = readFileSync(path.join(linkDir, 'CMakeFiles/gradlab_wasm.dir/link.txt'), 'utf8').trim();
    const out = path.join(rootDir, WASM_DIR, `gradlab-${b}.mjs`);
    mkdirSync(path.dirname(out), { recursive: true });
    const cmd = link.replace(/ -o \S+/, ` --profiling-funcs -o ${out}`);
    if (cmd === link) throw new Error('unexpected link command in link.txt');
    sh('sh', ['-c', cmd], { cwd: linkDir, env });
  }
  if (!existsSync(path.join(rootDir, NATIVE_DIR, 'CMakeCache.txt')))
    sh('cmake', ['-S', 'bench/native', '-B', NATIVE_DIR, '-DCMAKE_BUILD_TYPE=Release', '-DCMAKE_CXX_FLAGS_RELEASE=-O3 -DNDEBUG -msse4.2 -g', '-DGL_BENCH_NAME=native-128-prof']);
  sh('cmake', ['--build', NATIVE_DIR, '-j', '2', '--target', 'gradlab_bench']);
}

const unitsPerRun = (w) => w.stepsPerRun ?? w.framesPerRun ?? 1;

// Sends protocol commands to a driver and collects the replies.
async function drive(cmd, args, commands, opts = {}) {
  const p = spawn(cmd, args, { cwd: rootDir, stdio: ['pipe', 'pipe', 'pipe'], ...opts });
  let err = '';
  p.stderr.on('data', (d) => (err = (err + d).slice(-4000)));
  const lines = [];
  const rl = createInterface({ input: p.stdout });
  rl.on('line', (l) => lines.push(JSON.parse(l)));
  p.stdin.end(commands.join('\n') + '\nquit\n');
  const code = await new Promise((r) => p.on('exit', r));
  const bad = lines.find((l) => l.error);
  if (code !== 0 || bad) throw new Error(`${cmd}: ${bad?.error ?? err}`);
  return lines;
}

const short = (name) =>
  name
    .replace(/\(anonymous namespace\)::/g, '')
    .replace(/<float>/g, '')
    .replace(/\[clone [^\]]*\]/g, '')
    .replace(/^(.*?)\(.*$/s, '$1')  // drop the argument list
    .replace(/^(void|gl::UpdateSums|double|float|int|bool) /, '')
    .replace(/gl::detail::gemm<float, (true|false), gl::(\w+).*$/s, (m, t, k) => `gemm for ${k}`)
    .trim()
    .slice(0, 90);

// ---- wasm: V8 cpu profile ----------------------------------------------------------------------
function wasmShares(file) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inside = new Map();  // node id -> counted (below the driver's workload functions)
  const isInside = (id) => {
    if (inside.has(id)) return inside.get(id);
    const n = byId.get(id);
    const f = n.callFrame.functionName;
    const v = ((f === 'train' || f === 'grid' || f === 'frame') && n.callFrame.url.endsWith('gradlab.mjs')) || (parent.has(id) && isInside(parent.get(id)));
    inside.set(id, v);
    return v;
  };
  // untimed parts of a run: restoring the initial weights, creating the session on first use
  const untimed = (id) => {
    for (let x = id; x !== undefined; x = parent.get(x)) {
      const f = byId.get(x).callFrame.functionName;
      if (/Session::reset\(|^reset$/.test(f)) return 'Session::reset (untimed)';
      if (/Session::Session\(|create_session|^createSession$/.test(f)) return 'session creation (untimed)';
    }
    return null;
  };
  const self = new Map();
  let total = 0;
  for (const id of prof.samples) {
    if (!isInside(id)) continue;
    total++;
    const n = byId.get(id);
    const name = untimed(id) ?? (n.callFrame.url.startsWith('wasm') || !n.callFrame.url ? short(n.callFrame.functionName || '(wasm)') : `JS ${n.callFrame.functionName || '(anonymous)'} (${path.basename(n.callFrame.url)})`);
    self.set(name, (self.get(name) ?? 0) + 1);
  }
  return { samples: total, top: [...self].sort((a, b) => b[1] - a[1]).map(([name, n]) => ({ name, share: n / total })) };
}

// ---- native: callgrind ---------------------------------------------------------------------------
function nativeShares(file) {
  const text = sh('callgrind_annotate', ['--inclusive=no', '--threshold=100', '--auto=no', file]);
  const incl = sh('callgrind_annotate', ['--inclusive=yes', '--threshold=100', '--auto=no', file]);
  const rows = (t) => [...t.matchAll(/^\s*([\d,]+) \([\s\d.]+%\)\s+(.+)$/gm)].map((m) => ({ ir: Number(m[1].replace(/,/g, '')), fn: m[2] }));
  const total = rows(text).find((r) => r.fn.includes('PROGRAM TOTALS'))?.ir;
  const reset = rows(incl).filter((r) => /gl::Session::reset\(\)/.test(r.fn)).reduce((a, r) => Math.max(a, r.ir), 0);
  const self = new Map();
  for (const r of rows(text)) {
    if (r.fn.includes('PROGRAM TOTALS')) continue;
    // "file:function [object]"; inlined code is split by source file: merged per function
    const m = r.fn.match(/^([^:]*):(.*?)(?: \[[^\]]*\])?$/s);
    const name = short(m ? m[2] : r.fn);
    self.set(name, (self.get(name) ?? 0) + r.ir);
  }
  return {
    instructions: total,
    resetShare: reset / total,
    top: [...self].sort((a, b) => b[1] - a[1]).map(([name, ir]) => ({ name, share: ir / total })),
  };
}

// Functions grouped the same way for both engines (inlining differs between clang-wasm and
// gcc-native, so single functions do not line up; these groups do).
const UNTIMED = 'untimed: reset / set-up';
const GROUPS = [
  [UNTIMED, /reset|init_weights|session creation|Session::Session|ensure_workspace|make_data|build_rows/],
  ['dense forward', /dense_forward|^gl::forward/],
  ['dense backward (dW, dX)', /dense_grad|dense_backprop|^gl::backward/],
  ['activations', /activate/],
  ['loss', /loss_sum|output_loss|softmax/],
  ['optimizer update', /update_k|apply_update/],
  ['train_batch (gather, grad norm)', /train_batch|Session::step|begin_epoch|sum_sq/],
  ['evaluate + diagnostics', /evaluate|accumulate_stats|finish_stats|Session::pass|pack_metrics|bin_of|fm::log|MetricsLayout|decode/],
  ['grids (inputs, copies)', /grid|featurize/],
  ['memset / memcpy', /mem(set|cpy|move)/],
  ['JS, bindings, GC', /^JS |GenericJSToWasm|wasm-to-js|emscripten|Invoker|invoke_|\(garbage collector\)|\(program\)|embind/i],
  ['OS kernel', /^\[k\]/],
];
const groupOf = (name) => GROUPS.find(([, re]) => re.test(name))?.[0] ?? 'other';
function grouped(top) {
  const g = new Map();
  for (const t of top) g.set(groupOf(t.name), (g.get(groupOf(t.name)) ?? 0) + t.share);
  return g;
}

// native time shares: perf's software clock (hardware counters are not exposed in this VM)
function perfShares(file) {
  const text = sh('perf', ['report', '-i', file, '--no-children', '--sort', 'symbol', '--stdio'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const top = [];
  for (const m of text.matchAll(/^\s+([\d.]+)%\s+\[(.)\]\s+(.+?)\s*$/gm)) {
    const name = m[2] === 'k' ? `[k] ${m[3]}` : short(m[3]);
    top.push({ name, share: Number(m[1]) / 100 });
  }
  return { top };
}

// A driver process kept open: ask(command) -> reply.
function open(cmd, args) {
  const p = spawn(cmd, args, { cwd: rootDir, stdio: ['pipe', 'pipe', 'pipe'] });
  const waiting = [];
  let err = '';
  p.stderr.on('data', (d) => (err = (err + d).slice(-4000)));
  createInterface({ input: p.stdout }).on('line', (l) => waiting.shift()?.(JSON.parse(l)));
  return {
    ask: (c) => new Promise((resolve, reject) => {
      waiting.push((r) => (r.error ? reject(new Error(r.error)) : resolve(r)));
      p.stdin.write(c + '\n');
    }),
    close: () => new Promise((r) => { p.on('exit', r); p.stdin.end('quit\n'); }),
    get err() { return err; },
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  if (!argv.includes('--no-build')) await build();
  mkdirSync(outDir, { recursive: true });
  const perfOk = spawnSync('perf', ['record', '-e', 'cpu-clock', '-o', '/dev/null', 'true'], { stdio: 'ignore' }).status === 0;
  const out = { started: new Date().toISOString(), seconds, workloads: {} };
  // V8 runs with --no-liftoff, as in the benchmark: optimised wasm from the start, so the
  // profiles hold only the steady state the benchmark measures.
  const wasmDriver = (b) => ['--no-liftoff', 'bench/engines/gradlab.mjs', '--build', b, '--module', `${WASM_DIR}/gradlab-${b}.mjs`];
  const native = path.join(rootDir, NATIVE_DIR, 'gradlab_bench');
  const ENG = [
    { name: 'wasm-simd', cmd: process.execPath, args: wasmDriver('simd') },
    { name: 'wasm-scalar', cmd: process.execPath, args: wasmDriver('scalar') },
    { name: 'native-128', cmd: native, args: [workloadsFile, fixturesDir] },
  ];
  for (const id of ids) {
    const w = workload(id);
    // time per unit (step, grid or frame) without a profiler: warm-up, then the median of 5
    // interleaved repetitions of ~0.3 s
    const procs = ENG.map((e) => open(e.cmd, e.args));
    const reps = ENG.map(() => []);
    const size = [];
    for (const [i, p] of procs.entries()) {
      let t = 0, k = 1, last;
      while (t < 0.5) (last = await p.ask(`run ${id} ${k}`)), (t += last.seconds), (k *= 2);
      size[i] = Math.max(1, Math.ceil((0.3 * (k / 2)) / last.seconds));
    }
    for (let r = 0; r < 5; r++)
      for (const [i, p] of procs.entries()) {
        const x = await p.ask(`run ${id} ${size[i]}`);
        reps[i].push(x.seconds / x.work);
      }
    await Promise.all(procs.map((p) => p.close()));
    const unit = Object.fromEntries(ENG.map((e, i) => [e.name, median(reps[i])]));
    const runsFor = (name) => Math.max(1, Math.ceil(seconds / (unit[name] * unitsPerRun(w))));
    const r = { title: w.title, unit: w.kind === 'train' ? 'step' : w.kind === 'grid' ? 'grid' : 'frame', seconds: unit, time: {} };
    for (const e of ENG.filter((x) => x.name.startsWith('wasm'))) {
      const cpuprofile = path.join(outDir, `${id}-${e.name}.cpuprofile`);
      await drive(e.cmd, [e.args[0], '--cpu-prof', '--cpu-prof-interval=250', `--cpu-prof-dir=${outDir}`, `--cpu-prof-name=${path.basename(cpuprofile)}`,
        ...e.args.slice(1)], [`run ${id} 1`, `run ${id} ${runsFor(e.name)}`]);
      r.time[e.name] = wasmShares(cpuprofile);
    }
    if (perfOk) {
      const pf = path.join(outDir, `${id}-native-128.perf`);
      await drive('perf', ['record', '-q', '-e', 'cpu-clock', '-F', '4000', '-o', pf, native, workloadsFile, fixturesDir], [`run ${id} 1`, `run ${id} ${runsFor('native-128')}`]);
      r.time['native-128'] = perfShares(pf);
    }
    const cgRuns = Math.max(1, Math.ceil(0.05 / (unit['native-128'] * unitsPerRun(w))));  // ~50x slower under callgrind
    const cg = path.join(outDir, `${id}-native-128.callgrind`);
    await drive('valgrind', ['--tool=callgrind', `--callgrind-out-file=${cg}`, '--collect-atstart=no', '--toggle-collect=*run(*Bench*',
      native, workloadsFile, fixturesDir], [`run ${id} ${cgRuns}`]);
    r.nativeInstructions = nativeShares(cg);
    r.nativeInstructions.perUnit = r.nativeInstructions.instructions / (unitsPerRun(w) * cgRuns);
    out.workloads[id] = r;
    print(id, r);
  }
  const file = path.join(resultsDir, `profile-${out.started.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(out, null, 1));
  console.error(`results: ${path.relative(rootDir, file)}; raw profiles in ${path.relative(rootDir, outDir)}/`);
}

function print(id, r) {
  const us = (x) => (x * 1e6 >= 100 ? (x * 1e6).toFixed(0) : (x * 1e6).toPrecision(3));
  const pct = (x) => `${(100 * x).toFixed(0)}%`;
  const names = Object.keys(r.time);
  console.log(`\n${id}: ${r.title}`);
  console.log(`  per ${r.unit}: ${names.map((n) => `${n} ${us(r.seconds[n])} us`).join(', ')}; wasm-simd/native-128 x${(r.seconds['wasm-simd'] / r.seconds['native-128']).toFixed(2)}, ` +
    `wasm-scalar/wasm-simd x${(r.seconds['wasm-scalar'] / r.seconds['wasm-simd']).toFixed(2)}; native-128 executes ${(r.nativeInstructions.perUnit / 1e3).toFixed(1)}k instructions per ${r.unit}`);
  // shares of the timed work only (the untimed reset/set-up samples are left out)
  const timed = (top) => {
    const g = grouped(top);
    const u = g.get(UNTIMED) ?? 0;
    g.delete(UNTIMED);
    for (const [k, v] of g) g.set(k, v / (1 - u));
    return { g, u };
  };
  const G = Object.fromEntries(names.map((n) => [n, timed(r.time[n].top)]));
  const gi = timed(r.nativeInstructions.top).g;
  const groups = [...new Set(names.flatMap((n) => [...G[n].g.keys()]))].filter((k) => names.some((n) => (G[n].g.get(k) ?? 0) >= 0.01))
    .sort((a, b) => (G['wasm-simd'].g.get(b) ?? 0) - (G['wasm-simd'].g.get(a) ?? 0));
  const usOf = (n, k) => (G[n].g.get(k) ?? 0) * r.seconds[n];
  r.groups = groups.map((k) => ({ group: k, ...Object.fromEntries(names.map((n) => [n, { share: G[n].g.get(k) ?? 0, us: usOf(n, k) * 1e6 }])), nativeInstrShare: gi.get(k) ?? 0 }));
  console.log(`  ${'group'.padEnd(32)}${names.map((n) => n.padStart(17)).join('')}  simd/native  scalar/simd  native instr.`);
  for (const k of groups) {
    const ratio = (a, b) => (a && b ? `x${(a / b).toFixed(2)}` : '');
    console.log(`  ${k.padEnd(32)}${names.map((n) => `${us(usOf(n, k))} us ${pct(G[n].g.get(k) ?? 0)}`.padStart(17)).join('')}  ` +
      `${ratio(usOf('wasm-simd', k), usOf('native-128', k)).padStart(11)}  ${ratio(usOf('wasm-scalar', k), usOf('wasm-simd', k)).padStart(11)}  ${pct(gi.get(k) ?? 0).padStart(12)}`);
  }
  console.log(`  (left out: untimed reset/set-up samples: ${names.map((n) => `${n} ${pct(G[n].u)}`).join(', ')})`);
  for (const n of names) console.log(`  top functions, ${n}: ${r.time[n].top.slice(0, 5).map((t) => `${t.name} ${pct(t.share)}`).join('; ')}`);
}

await main();
