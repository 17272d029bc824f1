// `npm run test:quick`: the edit-test loop. The native doctest suite and the Node API tests,
// built incrementally; no sanitizers, fuzzing, soak, benchmark or browser stages (`npm test`
// runs those, and is what CI runs).
import { bootstrap, buildNative, run, jobs } from './run.mjs';
import { buildWasm } from './build.mjs';

const t0 = Date.now();
try {
  bootstrap();
  console.log('\n== native core: doctest via ctest ==');
  buildNative();
  // The native soak (minutes of training to show the heap stays flat) is left to npm test.
  run('ctest', ['--test-dir', 'build/native', '-j', jobs, '--output-on-failure', '-E', '^soak:']);
  console.log('\n== wasm build (incremental) ==');
  await buildWasm();
  console.log('\n== npm package: node --test tests/js (quick) ==');
  // GRADLAB_QUICK: the slow Node tests (packing and installing the tarball, long property
  // runs) shrink or skip themselves; `npm test` runs them in full.
  run(process.execPath, ['--test', '--test-reporter=dot', 'tests/js/'], { env: { ...process.env, GRADLAB_QUICK: '1' } });
  console.log(`\nquick tests passed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
} catch (e) {
  console.error(`\ntest:quick failed: ${e.message}`);
  process.exit(e.exitCode ?? 1);
}
