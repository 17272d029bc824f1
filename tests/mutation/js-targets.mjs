// What StrykerJS mutates, group by group, and which test files can kill each group's mutants
// (scripts/mutate-js.mjs runs one group at a time: a group's dry run then runs only its own
// test files, not all of tests/js). A test file is listed where it calls the group's code
// in-process (directly or through the package's entry), so the tool sees what it covers.
//
// Left out of every group:
// - code that runs only in a child process or a browser: the CLI's entry and its command
//   modules (cli.js, cli/commands.js, run.js, presets.js, outputs.js, data.js, inputs.js,
//   grade.js, merge.js, sweep.js, sweep-report.js: the CLI tests run them as a user does,
//   through `gradlab ...`), the two loaders (node.js, browser.js), worker-start.js (how a
//   page starts a Web Worker across origins: it runs only in a browser);
// - code that runs only in a worker thread, where the tool cannot see coverage: the sweep's
//   worker entries (sweep/worker.js, worker-node.js, worker-browser.js), its browser pool
//   (pool-browser.js), and sweep/run-cell.js (a cell's run, done by a worker; its
//   evaluationSteps, which the budget uses in-thread, is covered by the sweep tests);
// - files that only re-export or hold constants (common.js, exercise/ids.js,
//   exercise/limits.js), and sweep/pool-node.js (it only creates the worker threads);
//   module-level tables elsewhere are skipped too (ignoreStatic in stryker.config.mjs).
const core = ['tests/js/errors.test.mjs', 'tests/js/schema-facts.test.mjs', 'tests/js/hash-limits.test.mjs',
  'tests/js/validation.test.mjs', 'tests/js/hardening.test.mjs'];

export default [
  { name: 'errors', files: ['web/src/errors.js'], tests: core },
  { name: 'schema', files: ['web/src/schema.js'], tests: [...core, 'tests/js/repair.test.mjs', 'tests/js/properties.test.mjs', 'tests/js/odd-values.test.mjs'] },
  // createGradLab's options, and the SIMD detection behind `simd: 'auto'`: only the loader's tests
  // pass them (the rest load a build by name).
  { name: 'options', files: ['web/src/options.js', 'web/src/simd.js'], tests: ['tests/js/loader.test.mjs'] },
  // lesson-texts: the texts against the claim tables, without a run (the prose itself is not
  // mutated: see lesson-prose-ignorer.mjs). lessons.test.mjs (every lesson replayed, 16 s) comes
  // last: the tool stops at a mutant's first failing file, so it runs only for the few mutants
  // the others miss (a lesson's configuration, the params its claims read).
  { name: 'presets', files: ['web/src/presets.js'],
    tests: ['tests/js/lesson-texts.test.mjs', 'tests/js/presets.test.mjs', 'tests/js/lookups.test.mjs', ...core, 'tests/js/lessons.test.mjs'] },
  { name: 'repair', files: ['web/src/repair.js'], tests: ['tests/js/repair.test.mjs', 'tests/js/odd-values.test.mjs', 'tests/js/user-data.test.mjs', 'tests/js/hash-limits.test.mjs', 'tests/js/validation.test.mjs'] },
  { name: 'runs', files: ['web/src/runs.js'], tests: ['tests/js/api.test.mjs', 'tests/js/api-input.test.mjs', 'tests/js/user-data.test.mjs', 'tests/js/divergence.test.mjs'] },
  { name: 'weights', files: ['web/src/weights.js'], tests: ['tests/js/weights.test.mjs', 'tests/js/api.test.mjs', 'tests/js/hardening.test.mjs', 'tests/js/api-input.test.mjs', 'tests/js/engine-properties.test.mjs'] },
  { name: 'metrics', files: ['web/src/metrics.js'], tests: ['tests/js/metrics.test.mjs', 'tests/js/api.test.mjs', 'tests/js/hardening.test.mjs', 'tests/js/divergence.test.mjs', 'tests/js/resources.test.mjs'] },
  { name: 'session', files: ['web/src/session.js', 'web/src/engine.js'],
    tests: ['tests/js/api.test.mjs', 'tests/js/api-input.test.mjs', 'tests/js/metrics.test.mjs', 'tests/js/session-surface.test.mjs', 'tests/js/odd-values.test.mjs', 'tests/js/divergence.test.mjs', 'tests/js/hardening.test.mjs', 'tests/js/validation.test.mjs',
      'tests/js/resources.test.mjs', 'tests/js/repair.test.mjs', 'tests/js/user-data.test.mjs', 'tests/js/engine-properties.test.mjs',
      // GradLab's methods that hand over to the theory, the exercises and the sweeps: only their own tests call them.
      'tests/js/theory.test.mjs', 'tests/js/exercise-grade.test.mjs', 'tests/js/sweep.test.mjs'] },
  // page-data: the page's own-data model and its link (web/ui/src) call data-link.js, csv.js and data.js in-process;
  // api.test.mjs holds the refusals of malformed user data (checkData's messages).
  { name: 'data', files: ['web/src/data.js', 'web/src/csv.js', 'web/src/data-link.js'],
    // (fastest first: the tool stops at a mutant's first failing file; the largest files last)
    tests: ['tests/js/data-link.test.mjs', 'tests/js/csv.test.mjs', 'tests/js/page-data.test.mjs', 'tests/js/api.test.mjs', 'tests/js/user-data.test.mjs', 'tests/js/csv-limits.test.mjs'] },
  { name: 'theory', files: ['web/src/theory.js'], tests: ['tests/js/theory.test.mjs'] },
  // The sweep and the exercises in groups of about 20-30 KB of source each (500-800 mutants), so
  // that each finishes, and its result is kept, in well under an hour on the shared machine.
  ...[
    ['sweep-spec', ['spec', 'hash', 'fingerprint']],
    ['sweep-url', ['url', 'text', 'measures']],
    ['sweep-table', ['table', 'merge', 'budget']],
    ['sweep-run', ['sweep', 'pool', 'cells']],
  ].map(([name, files]) => ({ name, files: files.map((f) => `web/src/sweep/${f}.js`),
    // Without a run, so fast and first: the link's and the text form's refusals (url group),
    // the table from hand-made replies (url group, for the measures' directions, and table
    // group), saved results, merges and the budget from hand-made rows, and the budget's
    // model of a network's shape against the engine's (table group), the worker pool on workers
    // the test drives by hand and a sweep's options (run group), the spec's refusals, hashes
    // and fingerprint (spec group; sweep.test.mjs held them).
    // The groups' other files are the tests with runs.
    tests: [...{ 'sweep-spec': ['tests/js/sweep-spec.test.mjs'], 'sweep-url': ['tests/js/sweep-url.test.mjs', 'tests/js/sweep-table.test.mjs'],
      'sweep-table': ['tests/js/sweep-table.test.mjs', 'tests/js/sweep-merge.test.mjs', 'tests/js/sweep-budget.test.mjs'],
      'sweep-run': ['tests/js/sweep-pool.test.mjs', 'tests/js/sweep-options.test.mjs'] }[name] ?? [],
    'tests/js/sweep.test.mjs', 'tests/js/sweep-link.test.mjs', ...(name === 'sweep-spec' ? [] : ['tests/js/sweep-spec.test.mjs'])] })),
  ...[
    ['exercise-checks', ['checks', 'vocabulary', 'text', 'prediction', 'index']],
    ['exercise-language', ['lexer', 'parser', 'compile', 'evaluate']],
    ['exercise-grading', ['checker', 'format', 'run']],
  ].map(([name, files]) => ({ name, files: files.map((f) => `web/src/exercise/${f}.js`),
    // Without a run, so fast and first: a submitted run's refusals and the comparison of its
    // claims, in-process (exercise-submission: the CLI tests reach them only in a child
    // process), the format's refusals whole (exercise-format), the language's semantics and
    // type errors at their edges (exercise-semantics).
    tests: [...(name === 'exercise-grading' ? ['tests/js/exercise-submission.test.mjs'] : []),
      ...(name === 'exercise-language' ? ['tests/js/exercise-semantics.test.mjs'] : ['tests/js/exercise-format.test.mjs']),
      'tests/js/exercise-language.test.mjs', 'tests/js/exercise-properties.test.mjs', 'tests/js/exercise-grade.test.mjs', 'tests/js/exercises.test.mjs'] })),
  { name: 'cli-helpers', files: ['web/src/cli/args.js', 'web/src/cli/report.js'],
    tests: ['tests/js/cli-args.test.mjs', 'tests/js/cli-report.test.mjs', 'tests/js/hardening.test.mjs', 'tests/js/divergence.test.mjs', 'tests/js/properties.test.mjs'] },
];
