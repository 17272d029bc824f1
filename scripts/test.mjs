// `npm test`: the whole suite, from a fresh clone. Stages print their runners' summaries.
import { bootstrap, buildNative, run, jobs } from './run.mjs';
import { buildWasm } from './build.mjs';
import { buildUi } from './build-ui.mjs';
import { sanitizerSuite, fuzzShort } from './test-hardening.mjs';

const t0 = Date.now();
try {
  bootstrap();
  console.log('\n== native core: doctest via ctest ==');
  buildNative();
  run('ctest', ['--test-dir', 'build/native', '-j', jobs, '--output-on-failure']);
  // Native hardening: the same suite under ASan + UBSan (LeakSanitizer on), then short libFuzzer
  // runs of the config, weights and user-data targets (tests/fuzz/README.md).
  console.log('\n== native core under ASan + UBSan: doctest via ctest (build/asan) ==');
  sanitizerSuite();
  console.log('\n== native fuzzing: libFuzzer from the committed corpus (build/fuzz) ==');
  await fuzzShort();
  console.log('\n== wasm build (SIMD and scalar) ==');
  await buildWasm();
  // The playground is part of the package (build/ui): built before the package is packed.
  console.log('\n== playground build (build/ui) ==');
  await buildUi();
  // The JS suite: API on both builds, parity with the native runner built above, binaries,
  // memory, validation, presets, CLI, types, and the packed package installed from scratch.
  console.log('\n== npm package: node --test tests/js ==');
  run(process.execPath, ['--test', '--test-reporter=spec', 'tests/js/']);
  // Soak: 10^6 steps of the default net and 10^5 of a 20x64 ReLU net, driven the way
  // the playground's worker does; wasm memory and the JS heap (after forced GC) must not grow.
  console.log('\n== soak: node --expose-gc --test tests/soak ==');
  run(process.execPath, ['--expose-gc', '--test', '--test-reporter=spec', 'tests/soak/']);
  // The benchmark harness end to end: every workload once per engine and the loss-agreement
  // check (bench/run.mjs --smoke). No timing is asserted; `npm run bench` measures.
  console.log('\n== benchmark harness smoke ==');
  run(process.execPath, ['bench/run.mjs', '--smoke', '--engines', 'wasm-simd,wasm-scalar,tfjs-wasm']);
  // The playground in headless Chromium (playwright-core, /usr/bin/chromium), served from
  // 127.0.0.1 with the strict CSP: what a learner and an embedder see, embedding, hostile input,
  // engine faults; screenshots go to test-results/screenshots.
  console.log('\n== playground: node --test tests/e2e ==');
  run(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', 'tests/e2e/']);
  console.log(`\nall test stages passed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
} catch (e) {
  console.error(`\nnpm test failed: ${e.message}`);
  process.exit(e.exitCode ?? 1);
}
