// `npm test`: the whole suite, from a fresh clone. Stages print their runners' summaries.
import { bootstrap, buildNative, run, jobs } from './run.mjs';

const t0 = Date.now();
try {
  bootstrap();
  console.log('\n== native core: doctest via ctest ==');
  buildNative();
  run('ctest', ['--test-dir', 'build/native', '-j', jobs, '--output-on-failure']);
  console.log(`\nall test stages passed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
} catch (e) {
  console.error(`\nnpm test failed: ${e.message}`);
  process.exit(e.exitCode ?? 1);
}
