// The hardening stages of `npm test` (see tests/fuzz/README.md):
//  - sanitizerSuite(): the whole doctest suite built with AddressSanitizer + UndefinedBehavior-
//    Sanitizer (g++; LeakSanitizer on; any report fails the test) in build/asan.
//  - fuzzShort(): the libFuzzer targets (clang, -fsanitize=fuzzer,address,undefined) in
//    build/fuzz, each run for a short time from the committed corpus; prints libFuzzer's final
//    stats per target. GRADLAB_FUZZ_SECONDS scales the run times (0 replays the corpus only).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, createWriteStream } from 'node:fs';
import path from 'node:path';
import { root, run, jobs } from './run.mjs';

// halt_on_error: the first report fails the test; detect_leaks: LeakSanitizer at exit.
const sanitizerEnv = {
  ...process.env,
  ASAN_OPTIONS: 'halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:strict_init_order=1:check_initialization_order=1',
  UBSAN_OPTIONS: 'halt_on_error=1:print_stacktrace=1',
};

export function sanitizerSuite() {
  // -O1 keeps the suite fast under the sanitizers; float-cast-overflow is not part of GCC's
  // "undefined" group. g++ because it is the compiler the suite is written against.
  run('cmake', ['-S', '.', '-B', 'build/asan', '-DCMAKE_CXX_COMPILER=g++', '-DCMAKE_BUILD_TYPE=RelWithDebInfo',
    '-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1', '-DGRADLAB_SANITIZE=address,undefined,float-cast-overflow'],
  { stdio: ['ignore', 'ignore', 'inherit'] });
  run('cmake', ['--build', 'build/asan', '-j', jobs, '--target', 'gradlab_tests']);
  // Two textbook experiments are left to the native stage: each trains hundreds of networks
  // (2.4 minutes apiece at -O1 under the sanitizers, two thirds of the stage) through the same
  // training and mean-field code that the shorter cases here already run under ASan + UBSan.
  const repeatsCoveredCode = '^(the back-propagated gradient grows by|dying ReLU by learning rate)';
  run('ctest', ['--test-dir', 'build/asan', '-j', jobs, '--output-on-failure', '-E', repeatsCoveredCode], { env: sanitizerEnv });
}

// [target, seconds]: two lanes on two cores, config alone (it has the most to explore), then
// weights followed by user data.
const lanes = [[['config', 60]], [['weights', 30], ['userdata', 30]]];
const running = new Set();

function fuzz(target, seconds) {
  const scale = process.env.GRADLAB_FUZZ_SECONDS;
  const secs = scale === undefined ? seconds : Math.round((seconds * Number(scale)) / 60);
  const work = path.join('build/fuzz/work', target);
  mkdirSync(path.join(root, work), { recursive: true });
  mkdirSync(path.join(root, 'build/fuzz/artifacts'), { recursive: true });
  mkdirSync(path.join(root, 'build/fuzz/logs'), { recursive: true });
  const log = path.join(root, 'build/fuzz/logs', `${target}.log`);
  // New inputs go to the scratch corpus (first directory); the committed one only seeds.
  const args = [secs > 0 ? `-max_total_time=${secs}` : '-runs=0', '-timeout=10', '-print_final_stats=1',
    '-artifact_prefix=build/fuzz/artifacts/', work, path.join('tests/fuzz/corpus', target)];
  return new Promise((resolve, reject) => {
    const out = createWriteStream(log);
    const p = spawn(path.join(root, 'build/fuzz/tests/fuzz', `fuzz_${target}`), args, { cwd: root, env: sanitizerEnv });
    running.add(p);
    p.stdout.pipe(out, { end: false });
    p.stderr.pipe(out, { end: false });
    p.on('error', reject);
    p.on('close', (code) => out.end(() => {
      running.delete(p);
      const text = readFileSync(log, 'utf8');
      // libFuzzer's final stats lines: "stat::number_of_executed_units: 15529" and so on.
      const stat = Object.fromEntries([...text.matchAll(/^stat::(\w+):\s+(\d+)/gm)].map((m) => [m[1], Number(m[2])]));
      const done = text.match(/^Done \d+ runs in \d+ second\(s\)/m)?.[0] ?? 'no final stats';
      console.log(`fuzz_${target}: ${done}: ${stat.number_of_executed_units} executions (${stat.average_exec_per_sec}/s), ` +
        `${stat.new_units_added} new inputs, peak RSS ${stat.peak_rss_mb} MB, ${code === 0 ? 'no crash' : 'CRASH'}`);
      if (code === 0) return resolve();
      console.log(text.split('\n').slice(-40).join('\n'));
      const err = new Error(`fuzz_${target} failed (exit ${code}); log: ${path.relative(root, log)}, reproducer in build/fuzz/artifacts/`);
      err.exitCode = code || 1;
      reject(err);
    }));
  });
}

export async function fuzzShort() {
  run('cmake', ['-S', '.', '-B', 'build/fuzz', '-DCMAKE_CXX_COMPILER=clang++', '-DCMAKE_BUILD_TYPE=Release',
    '-DGRADLAB_FUZZ=ON', '-DGRADLAB_TESTS=OFF'], { stdio: ['ignore', 'ignore', 'inherit'] });
  run('cmake', ['--build', 'build/fuzz', '-j', jobs, '--target', 'fuzz_config', 'fuzz_weights', 'fuzz_userdata']);
  try {
    await Promise.all(lanes.map(async (lane) => {
      for (const [target, seconds] of lane) await fuzz(target, seconds);
    }));
  } catch (e) {
    for (const p of running) p.kill();  // the other lane's fuzzer, if still running
    throw e;
  }
}
