// `npm run bench`: GradLab (wasm SIMD, wasm scalar, native -msse4.2, native -march=native)
// against TF.js 4.22 (wasm and cpu backends) and a hand-written native reference (plain loops,
// bench/native/reference.cpp: the machine's limit for the small networks) on the workloads of
// bench/workloads.json.
//
//   npm run bench                  full run (9 rounds of ~0.3 s per engine and workload)
//   npm run bench -- --quick       5 rounds of ~0.03 s: under a minute
//   npm run bench -- --smoke       builds, loss agreement, one run of everything; no timing
//   options: --engines a,b  --workloads W1,W3  --rounds N  --target SECONDS  --no-build
//            --no-sweep (skip the sweep workloads)  --sweep-only (only them: bench/sweep.mjs)
//            --baseline DIR  adds "wasm-simd@base": the wasm SIMD engine of another checkout
//                            (e.g. `git worktree add --detach ../base <commit>` built with
//                            `npm run build`), so a change is measured against the commit
//                            before it in the same rounds, not in two runs at two loads
//
// One process per engine (started once, kept for the session), driven over a line protocol
// (bench/engines/protocol.mjs); only one engine works at any moment. First the loss-agreement
// check, then a warm-up round that also sizes each repetition, then rounds in which every
// workload runs on every engine back to back (engine order rotated each round). Ratios to
// native-128 are taken within a round, pairwise, then summarised (median, min-max). Results:
// one table on stdout, everything as JSON in bench/results/.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spec, workload, rootDir, resultsDir, fixturesDir, workloadsFile } from './workloads.mjs';
import { benchSweep, sweepReport } from './sweep.mjs';

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const mode = flag('--smoke') ? 'smoke' : flag('--quick') ? 'quick' : 'full';
const rounds = Number(option('--rounds', mode === 'full' ? 9 : 5));
const target = Number(option('--target', mode === 'full' ? 0.3 : 0.03));  // seconds per repetition
const REF = 'native-128';
const HAND = 'native-ref';  // the hand-written reference

// V8 compiles wasm with its baseline compiler first and optimises hot functions later, in
// background threads; on a busy 2-core machine that took seconds (a W2 step stayed 4-10x
// slower for >2 s). --no-liftoff optimises every wasm function at instantiation, so each
// engine runs its steady-state code from the first repetition (the same code the default
// tiering ends with). Applied to GradLab's and TF.js's wasm alike (TF.js-cpu is plain JS).
const NODE = [process.execPath, '--no-liftoff'];
const ENGINES = [
  { name: 'wasm-simd', title: 'GradLab wasm SIMD', cmd: [...NODE, 'bench/engines/gradlab.mjs', '--build', 'simd'] },
  { name: 'wasm-scalar', title: 'GradLab wasm scalar', cmd: [...NODE, 'bench/engines/gradlab.mjs', '--build', 'scalar'] },
  { name: 'native-128', title: 'GradLab native -O3 -msse4.2', dir: 'build/bench-sse42', flags: '-O3 -DNDEBUG -msse4.2' },
  { name: 'native-march', title: 'GradLab native -O3 -march=native', dir: 'build/bench-native', flags: '-O3 -DNDEBUG -march=native' },
  { name: HAND, title: 'hand-written reference -O3 -msse4.2', dir: 'build/bench-sse42', bin: 'gradlab_ref', flags: '-O3 -DNDEBUG -msse4.2' },
  { name: 'native-ref-march', title: 'hand-written reference -O3 -march=native', dir: 'build/bench-native', bin: 'gradlab_ref', flags: '-O3 -DNDEBUG -march=native' },
  { name: 'tfjs-wasm', title: 'TF.js 4.22 wasm (SIMD, 1 thread)', cmd: [...NODE, 'bench/engines/tfjs.mjs', '--backend', 'wasm'] },
  { name: 'tfjs-cpu', title: 'TF.js 4.22 cpu', cmd: [...NODE, 'bench/engines/tfjs.mjs', '--backend', 'cpu'] },
];
for (const e of ENGINES) if (e.dir) e.cmd = [path.join(e.dir, e.bin ?? 'gradlab_bench'), workloadsFile, fixturesDir];
const baseline = option('--baseline');
if (baseline) {
  const script = path.resolve(baseline, 'bench/engines/gradlab.mjs');
  if (!existsSync(script) || !existsSync(path.resolve(baseline, 'web/dist'))) throw new Error(`--baseline ${baseline}: no bench/engines/gradlab.mjs or web/dist there (build it with npm run build)`);
  ENGINES.push({ name: 'wasm-simd@base', title: `GradLab wasm SIMD of ${baseline}`, cmd: [...NODE, script, '--build', 'simd'] });
}

const pick = option('--engines')?.split(',');
const engines = ENGINES.filter((e) => !pick || pick.includes(e.name) || e.name === REF || e.name === 'wasm-simd@base');
if (pick) for (const p of pick) if (!ENGINES.some((e) => e.name === p)) throw new Error(`unknown engine ${p}`);
const workloads = (option('--workloads')?.split(',') ?? spec.workloads.map((w) => w.id)).map(workload);
// An engine that lists its workloads in its `hello` reply (the reference) runs only those.
const supports = new Map();
const runsOn = (w, e) => (!w.engines || w.engines.includes(e.name)) && (!supports.has(e.name) || supports.get(e.name).includes(w.id));

const log = (...a) => console.error(...a);

// ---- builds ----------------------------------------------------------------------------------

async function build() {
  const { bootstrap, run, jobs } = await import('../scripts/run.mjs');
  const { buildWasm } = await import('../scripts/build.mjs');
  bootstrap();
  await buildWasm({ log });
  const quiet = { stdio: ['ignore', 'ignore', 'inherit'] };
  // one build directory per flag set: GradLab's driver and the reference, built side by side
  const dirs = new Map();
  for (const e of engines.filter((x) => x.dir)) {
    const d = dirs.get(e.dir) ?? { flags: e.flags, targets: new Set(), names: {} };
    d.targets.add(e.bin ?? 'gradlab_bench');
    d.names[e.bin ? 'GL_BENCH_REF_NAME' : 'GL_BENCH_NAME'] = e.name;
    dirs.set(e.dir, d);
  }
  for (const [dir, d] of dirs) {
    if (!existsSync(path.join(rootDir, dir, 'CMakeCache.txt'))) {
      log(`configuring ${dir} (${d.flags})`);
      run('cmake', ['-S', 'bench/native', '-B', dir, '-DCMAKE_BUILD_TYPE=Release', `-DCMAKE_CXX_FLAGS_RELEASE=${d.flags}`,
        ...Object.entries(d.names).map(([k, v]) => `-D${k}=${v}`)], quiet);
    }
    log(`building ${dir} (${[...d.targets].join(', ')})`);
    for (const t of d.targets) run('cmake', ['--build', dir, '-j', jobs, '--target', t], quiet);
  }
}

// ---- engine processes ------------------------------------------------------------------------

class Engine {
  constructor(e) {
    Object.assign(this, e);
    this.proc = spawn(e.cmd[0], e.cmd.slice(1), { cwd: rootDir, stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.proc.stderr.on('data', (d) => { this.stderr = (this.stderr + d).slice(-4000); });
    this.proc.stdin.on('error', () => {});  // a crashed engine is reported by 'exit'
    this.waiting = [];
    createInterface({ input: this.proc.stdout }).on('line', (line) => this.waiting.shift()?.resolve(line));
    this.proc.on('exit', (code) => {
      for (const w of this.waiting.splice(0)) w.reject(new Error(`${this.name} exited (${code}): ${this.stderr.trim()}`));
    });
  }

  async ask(command, timeoutSeconds = 600) {
    let timer;
    const line = await new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      timer = setTimeout(() => {
        this.proc.kill();
        reject(new Error(`${this.name}: no answer to "${command}" in ${timeoutSeconds} s`));
      }, timeoutSeconds * 1000);
      this.proc.stdin.write(command + '\n');
    }).finally(() => clearTimeout(timer));
    const reply = JSON.parse(line);
    if (reply.error) throw new Error(`${this.name}: ${command}: ${reply.error}`);
    return reply;
  }

  quit() {
    if (this.proc.exitCode === null && !this.proc.killed) this.proc.stdin.end('quit\n');
    return new Promise((resolve) => this.proc.exitCode !== null ? resolve() : this.proc.on('exit', resolve));
  }
}

// ---- statistics ------------------------------------------------------------------------------

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q, lo = Math.floor(i), hi = Math.ceil(i);
  return s[lo] + (s[hi] - s[lo]) * (i - lo);
};
const summary = (xs) => ({ median: quantile(xs, 0.5), min: Math.min(...xs), max: Math.max(...xs), q1: quantile(xs, 0.25), q3: quantile(xs, 0.75), n: xs.length });
// per-unit time (s per step / grid / frame) -> the reported value
const shown = (w, secPerUnit) => (w.unit === 'steps/s' ? 1 / secPerUnit : secPerUnit * 1000);

function fmtValue(w, v) {
  if (w.unit === 'ms') return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
  if (v >= 1e6) return `${(v / 1e6).toPrecision(3)}M`;
  if (v >= 1e3) return `${(v / 1e3).toPrecision(3)}k`;
  return v.toPrecision(3);
}
const fmtRatio = (r) => (r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2));
const mb = (b) => `${(b / 2 ** 20).toFixed(1)} MB`;

// ---- the run ---------------------------------------------------------------------------------

async function main() {
  const started = new Date();
  const t0 = Date.now();
  const phases = {};
  let tPhase = Date.now();
  const phase = (name) => {
    phases[name] = (Date.now() - tPhase) / 1000;
    tPhase = Date.now();
  };
  if (flag('--sweep-only')) {
    if (!flag('--no-build')) await (await import('../scripts/build.mjs')).buildWasm({ log });
    const sweep = await benchSweep({ mode, log });
    console.log(sweepReport(sweep));
    write({ meta: { mode, started: started.toISOString(), node: process.version, cpu: os.cpus()[0]?.model, cores: os.cpus().length, git: await gitState() }, sweep }, `sweep-${mode}`);
    return 0;
  }
  if (!flag('--no-build')) await build();
  phase('build');
  const { writeFixtures } = await import('./fixtures.mjs');
  await writeFixtures();
  phase('fixtures');

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const meta = {
    mode, rounds, targetSeconds: target, started: started.toISOString(), phases, node: process.version, cpu, cores: os.cpus().length,
    loadAverageStart: os.loadavg(), git: await gitState(),
  };
  log(`bench (${mode}): ${engines.map((e) => e.name).join(', ')}; ${workloads.map((w) => w.id).join(', ')}; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);

  const procs = engines.map((e) => new Engine(e));
  const result = { meta, engines: {}, checks: [], calibration: {}, reps: [], summary: {}, targets: [], memory: {} };
  let failed = false;
  try {
    for (const p of procs) {
      const hello = await p.ask('hello');
      result.engines[p.name] = { title: p.title, ...hello };
      if (hello.workloads) supports.set(p.name, hello.workloads);
    }

    // 1. loss agreement from the same initial weights
    for (const id of mode === 'quick' ? spec.check.quickWorkloads : spec.check.workloads) {
      const losses = {}, seconds = {};
      for (const p of procs.filter((e) => runsOn(workload(id), e))) {
        const c0 = Date.now();
        losses[p.name] = (await p.ask(`check ${id}`)).loss;
        seconds[p.name] = (Date.now() - c0) / 1000;
      }
      const ref = losses[REF];
      const worst = Math.max(...Object.values(losses).map((l) => Math.abs(l - ref)));
      const ok = Number.isFinite(worst) && worst <= spec.check.tolerance;
      failed ||= !ok;
      result.checks.push({ net: id, steps: spec.check.steps, learningRate: spec.check.learningRate?.[id], losses, maxAbsDiff: worst, ok, seconds });
      log(`check ${id}: ${ok ? 'agree' : 'DISAGREE'} (max |loss - ${REF}| = ${worst.toExponential(1)}; ${REF} ${ref.toFixed(7)})`);
    }

    phase('checks');

    // 2. warm-up and sizing. V8 first runs wasm and JS in its baseline tier and optimises hot
    //    functions after a while (a wasm step can be 10x slower before that), so every engine
    //    runs each workload for at least `warm` seconds before the repetition is sized from a
    //    timed run and then run once in full, untimed.
    const warm = mode === 'full' ? 0.5 : 0.3;
    for (const w of workloads) {
      for (const p of procs.filter((e) => runsOn(w, e))) {
        let spent = 0, k = 1, last;
        do {
          last = await p.ask(`run ${w.id} ${k}`);
          spent += last.seconds;
          k = Math.min(k * 2, 1e6);
        } while (mode !== 'smoke' && spent < warm);
        const one = mode === 'smoke' ? last : await p.ask(`run ${w.id} 1`);
        const runs = mode === 'smoke' ? 1 : Math.max(1, Math.min(1e6, Math.ceil(target / Math.max(one.seconds, 1e-6))));
        (result.calibration[p.name] ??= {})[w.id] = runs;
        if (mode !== 'smoke' && runs > 1) await p.ask(`run ${w.id} ${runs}`);
      }
    }
    phase('warm-up');
    if (mode === 'smoke') {
      if (!flag('--no-sweep')) result.sweep = await benchSweep({ mode, log });
      log(`smoke: every engine ran every workload; loss agreement ${failed ? 'FAILED' : 'passed'}`);
      result.meta.seconds = (Date.now() - t0) / 1000;
      write(result, 'smoke');
      return failed ? 1 : 0;
    }

    // 3. rounds
    for (let r = 0; r < rounds; r++) {
      log(`round ${r + 1}/${rounds}`);
      const order = procs.map((_, i) => procs[(i + r) % procs.length]);
      for (const w of workloads) {
        for (const p of order.filter((e) => runsOn(w, e))) {
          const { seconds, work } = await p.ask(`run ${w.id} ${result.calibration[p.name][w.id]}`);
          result.reps.push({ round: r, workload: w.id, engine: p.name, seconds, work, perUnit: seconds / work });
        }
      }
    }

    phase('rounds');

    // 4. peak wasm memory of W3 (and W5) in a fresh module
    for (const id of ['W3', 'W5']) {
      for (const e of engines.filter((x) => x.name.startsWith('wasm-'))) {
        const p = new Engine(e);
        procs.push(p);  // so a failure below kills it too
        const before = (await p.ask('memory')).bytes;
        await p.ask(`run ${id} 1`);
        const after = (await p.ask('memory')).bytes;
        await p.quit();
        procs.pop();
        (result.memory[id] ??= {})[e.name] = { initialBytes: before, peakBytes: after };
      }
    }
  } catch (e) {
    log(`bench failed: ${e.message}`);
    for (const p of procs) p.proc.kill();
    return 1;
  } finally {
    await Promise.all(procs.map((p) => p.quit().catch(() => {})));
  }

  phase('memory');
  // Sweeps run in this process, on worker threads, after the engine processes have quit.
  if (!flag('--no-sweep')) {
    result.sweep = await benchSweep({ mode, log });
    phase('sweep');
  }
  analyse(result);
  result.meta.loadAverageEnd = os.loadavg();
  result.meta.seconds = (Date.now() - t0) / 1000;
  print(result);
  write(result, mode);
  return failed ? 1 : 0;
}

function analyse(result) {
  const at = (engine, w, round) => result.reps.find((x) => x.engine === engine && x.workload === w && x.round === round)?.perUnit;
  // pairwise factor between two engines (time of `slow` / time of `fast`), per round
  const factor = (slow, fast, w) => {
    const f = [];
    for (let r = 0; r < rounds; r++) {
      const a = at(slow, w, r), b = at(fast, w, r);
      if (a !== undefined && b !== undefined) f.push(a / b);
    }
    return f.length ? summary(f) : null;
  };
  for (const w of workloads) {
    for (const e of engines.filter((x) => runsOn(w, x))) {
      const values = result.reps.filter((x) => x.engine === e.name && x.workload === w.id).map((x) => shown(w, x.perUnit));
      (result.summary[e.name] ??= {})[w.id] = { unit: w.unit, ...summary(values), ratioToNative128: factor(e.name, REF, w.id),
        ratioToReference: factor(e.name, HAND, w.id) };
    }
  }
  const T = result.targets;
  const want = (text, w, f, ok, limit, kind) => T.push({ text, workload: w, factor: f, ok, limit, kind });
  const has = (...names) => names.every((n) => engines.some((e) => e.name === n));
  const wl = (id) => workloads.some((w) => w.id === id);
  if (has('wasm-simd', REF)) {
    for (const [id, lim] of [['W1', 3], ['W2', 1.5], ['W3', 1.5], ['W4o', 1.5], ['W4n', 1.5]]) {
      if (!wl(id)) continue;
      const f = factor('wasm-simd', REF, id);
      want(`${id}: wasm-simd at most ${lim}x slower than native-128`, id, f, f.median <= lim, lim, 'max');
    }
  }
  // per-step overhead on small networks: against the hand-written reference
  if (has('wasm-simd', HAND)) {
    for (const [id, lim] of [['W1', 2], ['W2', 1.5], ['W4o', 1.5], ['W4n', 1.5]]) {
      if (!wl(id)) continue;
      const f = factor('wasm-simd', HAND, id);
      want(`${id}: wasm-simd at most ${lim}x slower than the hand-written reference (native-ref)`, id, f, f.median <= lim, lim, 'max');
    }
  }
  if (has('wasm-simd', 'tfjs-wasm')) {
    for (const [id, lim] of [['W1', 100], ['W2', 100], ['W3', 10]]) {
      if (!wl(id)) continue;
      const f = factor('tfjs-wasm', 'wasm-simd', id);
      want(`${id}: wasm-simd at least ${lim}x faster than TF.js-wasm`, id, f, f.median >= lim, lim, 'min');
    }
  }
  if (has('wasm-simd', 'wasm-scalar')) {
    for (const id of ['W3', 'W4o', 'W4n']) {
      if (!wl(id)) continue;
      const f = factor('wasm-scalar', 'wasm-simd', id);
      want(`${id}: wasm-simd at least 1.8x faster than wasm-scalar`, id, f, f.median >= 1.8, 1.8, 'min');
    }
  }
  if (has('wasm-simd') && wl('W5')) {
    const s = result.summary['wasm-simd'].W5;
    want('W5: wasm-simd at most 3 ms per frame in Node', 'W5', { median: s.median, min: s.min, max: s.max }, s.median <= 3, 3, 'ms');
  }
  const m = result.memory.W3?.['wasm-simd'];
  if (m) {
    want('W3: peak wasm memory under 16 MB (fresh module, wasm-simd)', 'W3', { median: m.peakBytes / 2 ** 20 }, m.peakBytes < 16 * 2 ** 20, 16, 'MB');
  }
}

function print(result) {
  const { meta } = result;
  const la = (l) => l.map((x) => x.toFixed(2)).join(' ');
  const cols = workloads.map((w) => `${w.id} ${w.unit}`);
  const lines = [];
  lines.push(`GradLab benchmark, ${meta.mode} run: ${meta.rounds} rounds after a warm-up, ~${meta.targetSeconds}s per repetition; ` +
    `${meta.cpu}, ${meta.cores} cores, Node ${meta.node}; load average ${la(meta.loadAverageStart)} at start, ${la(meta.loadAverageEnd)} at end.`);
  lines.push('Cell: median over rounds ±half the min-max spread (% of median) · ×time of native-128 for the same work (per-round pairs, median). W1c: one API call per step. ms: lower is better.');
  lines.push('');
  lines.push(`| engine | ${cols.join(' | ')} |`);
  lines.push(`|---|${cols.map(() => '---:').join('|')}|`);
  for (const e of engines) {
    const cells = workloads.map((w) => {
      const s = result.summary[e.name]?.[w.id];
      if (!s) return '–';
      const spread = ((s.max - s.min) / 2 / s.median) * 100;
      const ratio = s.ratioToNative128 ? ` ·×${fmtRatio(s.ratioToNative128.median)}` : '';
      return `${fmtValue(w, s.median)} ±${spread < 10 ? spread.toFixed(1) : spread.toFixed(0)}%${ratio}`;
    });
    lines.push(`| ${e.name} | ${cells.join(' | ')} |`);
  }
  const byHand = workloads.filter((w) => result.summary[HAND]?.[w.id]);
  if (byHand.length) {
    lines.push('');
    lines.push(`Against the hand-written reference (${HAND}): time / ${HAND}'s for the same work, per-round pairs, median [min-max]:`);
    lines.push(`| engine | ${byHand.map((w) => w.id).join(' | ')} |`);
    lines.push(`|---|${byHand.map(() => '---:').join('|')}|`);
    for (const e of engines) {
      const cells = byHand.map((w) => {
        const f = result.summary[e.name]?.[w.id]?.ratioToReference;
        return f ? `×${fmtRatio(f.median)} [${fmtRatio(f.min)}–${fmtRatio(f.max)}]` : '–';
      });
      if (cells.some((c) => c !== '–')) lines.push(`| ${e.name} | ${cells.join(' | ')} |`);
    }
  }
  lines.push('');
  lines.push(`Loss agreement (${spec.check.steps} full-batch steps from GradLab's initial weights, tolerance ${spec.check.tolerance}):`);
  for (const c of result.checks)
    lines.push(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.net}${c.learningRate ? ` (lr ${c.learningRate})` : ''}: ${REF} ${c.losses[REF].toFixed(7)}, max |difference| ${c.maxAbsDiff.toExponential(1)} (` +
      Object.entries(c.losses).filter(([n]) => n !== REF).map(([n, l]) => `${n} ${(l - c.losses[REF]).toExponential(1)}`).join(', ') + ')');
  lines.push('');
  lines.push('Targets (factors pairwise within a round, median [min-max]):');
  for (const t of result.targets) {
    const f = t.factor;
    const range = f.min !== undefined ? ` [${fmtRatio(f.min)}–${fmtRatio(f.max)}]` : '';
    let by = '';
    if (!t.ok) by = t.kind === 'min' ? `, short by ${fmtRatio(t.limit / f.median)}x` : `, over by ${fmtRatio(f.median / t.limit)}x`;
    const unit = t.kind === 'ms' ? ' ms' : t.kind === 'MB' ? ' MB' : 'x';
    lines.push(`  ${t.ok ? 'PASS' : 'MISS'}  ${t.text}: ${fmtRatio(f.median)}${unit}${range}${by}`);
  }
  const mem = Object.entries(result.memory).map(([id, m]) => `${id} ` + Object.entries(m).map(([b, x]) => `${b} ${mb(x.peakBytes)}`).join(', '));
  if (mem.length) lines.push(`Peak wasm memory, fresh module, one run (initial ${mb(Object.values(result.memory.W3)[0].initialBytes)}): ${mem.join('; ')}`);
  if (result.sweep) lines.push('', sweepReport(result.sweep));
  lines.push(`(${meta.seconds.toFixed(0)} s: ${Object.entries(meta.phases).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')})`);
  console.log(lines.join('\n'));
}

function write(result, label) {
  mkdirSync(resultsDir, { recursive: true });
  const stamp = result.meta.started.replace(/[:.]/g, '-');
  const file = path.join(resultsDir, `bench-${label}-${stamp}.json`);
  writeFileSync(file, JSON.stringify(result, null, 1));
  writeFileSync(path.join(resultsDir, `latest-${label}.json`), JSON.stringify(result, null, 1));
  log(`results: ${path.relative(rootDir, file)}`);
}

// The commit, and any uncommitted change to the engine's sources (the numbers are of the
// working tree as built, which may differ from the commit).
async function gitState() {
  const head = await git(['rev-parse', 'HEAD']);
  const dirty = await git(['status', '--porcelain', '--', 'core', 'bindings', 'CMakeLists.txt']);
  return { head, uncommitted: dirty ? dirty.split('\n').map((l) => l.slice(3)) : [] };
}

async function git(args) {
  return new Promise((resolve) => {
    const p = spawn('git', args, { cwd: rootDir });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', () => resolve(out.trimEnd() || null));
    p.on('error', () => resolve(null));
  });
}

process.exitCode = await main();
