// StrykerJS over the npm API in web/src, run by scripts/mutate-js.mjs (which sets
// GRADLAB_MUTATION=1: property tests then run in-thread with a fixed seed, see
// tests/js/props/bounded.mjs, and runs one group of tests/mutation/js-targets.mjs at a time).
// Each test file is one "test" for the tap runner, which runs `node --test-reporter=tap <file>`
// with the active mutant in the environment. Run as it is (`npx stryker run` with this file),
// it mutates every group's files with every group's tests at once.
import targets from './js-targets.mjs';

export default {
  testRunner: 'tap',
  plugins: ['@stryker-mutator/tap-runner', './tests/mutation/lesson-prose-ignorer.mjs'],
  // The lessons' sentences in web/src/presets.js are data, not logic: lesson-prose-ignorer.mjs says which strings and why.
  ignorers: ['lesson-prose'],
  tap: {
    // js-targets.mjs says which files are in-process tests of which code, and what is left out.
    testFiles: [...new Set(targets.flatMap((g) => g.tests))],
    nodeArgs: ['--test-reporter=tap'],
  },
  mutate: targets.flatMap((g) => g.files),
  coverageAnalysis: 'perTest',
  // Module-level mutants (tables built at import) would need every test file per mutant.
  ignoreStatic: true,
  concurrency: 1,
  timeoutMS: 20000,
  timeoutFactor: 3,
  thresholds: { high: 85, low: 70, break: null },
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'build/mutation/js-report.json' },
  htmlReporter: { fileName: 'build/mutation/js-report.html' },
  tempDirName: 'build/mutation/stryker-tmp',
  cleanTempDir: true,
  // Only web/src, web/dist, web/ui (some API tests read the page's hash table), web/exercises,
  // tests/js and package.json are needed in the sandbox.
  ignorePatterns: ['/build', '/bench', '/core', '/bindings', '/docs', '/scripts', '/test-results', '/tests/core', '/tests/e2e',
    '/tests/fuzz', '/tests/soak', '/tests/mutation', '/.cache', '*.tgz'],
};
