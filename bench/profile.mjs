// Where the time goes, per workload, in GradLab wasm-SIMD and native-128 (for the kernel work).
//
//   node bench/profile.mjs [--workloads W2,W3,W4o,W4n,W5] [--seconds 3] [--no-build]
//
// wasm-SIMD: V8's sampling profiler (node --cpu-prof) on the benchmark driver, loading a link
//   of the same objects as web/dist/gradlab-simd.wasm made with --profiling-funcs (function
//   names kept; build/bench-prof-wasm). Self time per function over the samples taken inside
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
  // Relink build/wasm-simd's objects with function names: the same command CMake uses, another output.
  const linkDir = path.join(rootDir, 'build/wasm-simd/bindings');
  const link = readFileSync(path.join(linkDir, 'CMakeFiles/gradlab_wasm.dir/link.txt'), 'utf8').trim();
  const out = path.join(rootDir, WASM_DIR, 'gradlab-simd.mjs');
  mkdirSync(path.dirname(out), { recursive: true });
  const cmd = link.replace(/ -o \S+/, ` --profiling-funcs -o ${out}`);
  if (cmd === link) throw new Error('unexpected link command in link.txt');
  sh('sh', ['-c', cmd], { cwd: linkDir, env });
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

async function main() {
  if (!argv.includes('--no-build')) await build();
  mkdirSync(outDir, { recursive: true });
  const perfOk = spawnSync('perf', ['record', '-e', 'cpu-clock', '-o', '/dev/null', 'true'], { stdio: 'ignore' }).status === 0;
  const out = { started: new Date().toISOString(), seconds, workloads: {} };
  const wasmDriver = ['bench/engines/gradlab.mjs', '--build', 'simd', '--module', `${WASM_DIR}/gradlab-simd.mjs`];
  const native = path.join(rootDir, NATIVE_DIR, 'gradlab_bench');
  for (const id of ids) {
    const w = workload(id);
    // time per unit (step, grid or frame) without a profiler, after a warm-up, then runs that
    // last ~`seconds`. V8 runs with --no-liftoff: every wasm function optimised from the start,
    // so the profile holds only the steady state the benchmark measures after its warm-up.
    const v8 = ['--no-liftoff'];
    const probe = async (cmd, args) => {
      const [first] = await drive(cmd, args, [`run ${id} 1`]);
      const n = Math.max(1, Math.ceil(0.5 / first.seconds));
      const [, , t] = await drive(cmd, args, [`run ${id} 1`, `run ${id} ${n}`, `run ${id} ${n}`]);
      return t;
    };
    const wt = await probe(process.execPath, [...v8, ...wasmDriver]);
    const nt = await probe(native, [workloadsFile, fixturesDir]);
    const wasmUnit = wt.seconds / wt.work, nativeUnit = nt.seconds / nt.work;
    const wasmRuns = Math.max(1, Math.ceil(seconds / (wt.seconds / (wt.work / unitsPerRun(w)))));
    const nativeRuns = Math.max(1, Math.ceil(seconds / (nt.seconds / (nt.work / unitsPerRun(w)))));
    const cpuprofile = path.join(outDir, `${id}-wasm-simd.cpuprofile`);
    await drive(process.execPath, [...v8, '--cpu-prof', '--cpu-prof-interval=250', `--cpu-prof-dir=${outDir}`, `--cpu-prof-name=${path.basename(cpuprofile)}`,
      ...wasmDriver], [`run ${id} 1`, `run ${id} ${wasmRuns}`]);
    const r = { title: w.title, unit: w.kind === 'train' ? 'step' : w.kind === 'grid' ? 'grid' : 'frame', wasmUnit, nativeUnit,
      wasm: { runs: wasmRuns, ...wasmShares(cpuprofile) } };
    if (perfOk) {
      const pf = path.join(outDir, `${id}-native-128.perf`);
      await drive('perf', ['record', '-q', '-e', 'cpu-clock', '-F', '4000', '-o', pf, native, workloadsFile, fixturesDir], [`run ${id} 1`, `run ${id} ${nativeRuns}`]);
      r.nativeTime = perfShares(pf);
    }
    const cgRuns = Math.max(1, Math.ceil(0.05 / (nt.seconds / (nt.work / unitsPerRun(w)))));  // ~50x slower under callgrind
    const cg = path.join(outDir, `${id}-native-128.callgrind`);
    await drive('valgrind', ['--tool=callgrind', `--callgrind-out-file=${cg}`, '--collect-atstart=no', '--toggle-collect=*run(*Bench*',
      native, workloadsFile, fixturesDir], [`run ${id} ${cgRuns}`]);
    const runUnits = unitsPerRun(w) * cgRuns;
    r.nativeInstructions = { runs: cgRuns, perUnit: 0, ...nativeShares(cg) };
    r.nativeInstructions.perUnit = r.nativeInstructions.instructions / runUnits;
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
  console.log(`\n${id}: ${r.title}`);
  console.log(`  per ${r.unit}: wasm-simd ${us(r.wasmUnit)} us, native-128 ${us(r.nativeUnit)} us (x${(r.wasmUnit / r.nativeUnit).toFixed(2)}); ` +
    `native executes ${(r.nativeInstructions.perUnit / 1e3).toFixed(1)}k instructions per ${r.unit} (callgrind)`);
  // shares of the timed work only (the untimed reset/set-up samples are left out)
  const timed = (g) => {
    const u = g.get(UNTIMED) ?? 0;
    g.delete(UNTIMED);
    for (const [k, v] of g) g.set(k, v / (1 - u));
    return { g, u };
  };
  const { g: gw, u: uw } = timed(grouped(r.wasm.top));
  const { g: gn, u: un } = r.nativeTime ? timed(grouped(r.nativeTime.top)) : { g: new Map(), u: 0 };
  const { g: gi } = timed(grouped(r.nativeInstructions.top));
  const names = [...new Set([...gw.keys(), ...gn.keys()])].filter((k) => (gw.get(k) ?? 0) >= 0.01 || (gn.get(k) ?? 0) >= 0.01)
    .sort((a, b) => (gw.get(b) ?? 0) - (gw.get(a) ?? 0));
  r.groups = names.map((k) => ({ group: k, wasmShare: gw.get(k) ?? 0, nativeShare: gn.get(k) ?? 0, nativeInstrShare: gi.get(k) ?? 0,
    wasmUs: (gw.get(k) ?? 0) * r.wasmUnit * 1e6, nativeUs: (gn.get(k) ?? 0) * r.nativeUnit * 1e6 }));
  console.log(`  ${'group'.padEnd(32)} ${'wasm-simd'.padStart(16)} ${'native-128'.padStart(16)}   gap   native instr.`);
  for (const k of names) {
    const a = gw.get(k) ?? 0, b = gn.get(k) ?? 0;
    const gap = a && b ? `x${((a * r.wasmUnit) / (b * r.nativeUnit)).toFixed(2)}` : '';
    console.log(`  ${k.padEnd(32)} ${`${us(a * r.wasmUnit)} us ${pct(a)}`.padStart(16)} ${`${us(b * r.nativeUnit)} us ${pct(b)}`.padStart(16)}   ${gap.padEnd(6)}${pct(gi.get(k) ?? 0).padStart(6)}`);
  }
  console.log(`  (left out: untimed reset/set-up, ${pct(uw)} of the wasm samples, ${pct(un)} of native's)`);
  console.log(`  top functions, wasm-simd: ${r.wasm.top.slice(0, 5).map((t) => `${t.name} ${pct(t.share)}`).join('; ')}`);
  if (r.nativeTime) console.log(`  top functions, native-128: ${r.nativeTime.top.slice(0, 5).map((t) => `${t.name} ${pct(t.share)}`).join('; ')}`);
}

await main();
