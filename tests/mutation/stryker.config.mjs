// StrykerJS over the npm API in web/src, run by scripts/mutate-js.mjs (which sets
// GRADLAB_MUTATION=1: property tests then run in-thread with a fixed seed, see
// tests/js/props/bounded.mjs). Each test file is one "test" for the tap runner, which runs
// `node --test-reporter=tap <file>` with the active mutant in the environment.
export default {
  testRunner: 'tap',
  plugins: ['@stryker-mutator/tap-runner'],
  tap: {
    // The in-process tests of the API. Left out: tests that only reach web/src through a child
    // process or a browser (cli, package, browser: a mutation tool cannot see what they cover),
    // and those that test something else (types: tsc; parity: the native core; memory: heap
    // growth; binaries: the shipped files, which the mutation tool's instrumentation changes).
    // Fastest first: a mutant's covering files run in this order until one fails.
    testFiles: [
      'tests/js/errors.test.mjs', 'tests/js/schema-facts.test.mjs', 'tests/js/hash-limits.test.mjs', 'tests/js/validation.test.mjs', 'tests/js/hardening.test.mjs',
      'tests/js/presets.test.mjs', 'tests/js/repair.test.mjs', 'tests/js/divergence.test.mjs', 'tests/js/lookups.test.mjs',
      'tests/js/api.test.mjs', 'tests/js/properties.test.mjs', 'tests/js/engine-properties.test.mjs', 'tests/js/resources.test.mjs',
    ],
    nodeArgs: ['--test-reporter=tap'],
  },
  // Everything in web/src (new modules, e.g. the sweep and exercise code, are included as they
  // land) except code that runs only in a child process or a browser: the CLI's entry and its
  // command modules (the CLI tests run them as a user does, through `gradlab ...`), and the two
  // loaders. The CLI's argument parser and its CSV/history helpers are tested in-process.
  mutate: ['web/src/**/*.js', '!web/src/node.js', '!web/src/browser.js', '!web/src/cli.js', '!web/src/cli/commands.js',
    '!web/src/cli/run.js', '!web/src/cli/presets.js', '!web/src/cli/outputs.js'],
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
  // Only web/src, web/dist, web/ui (some API tests read the page's hash table), tests/js and
  // package.json are needed in the sandbox.
  ignorePatterns: ['/build', '/bench', '/core', '/bindings', '/docs', '/scripts', '/test-results', '/tests/core', '/tests/e2e',
    '/tests/fuzz', '/tests/soak', '/tests/mutation', '/.cache', '*.tgz'],
};
