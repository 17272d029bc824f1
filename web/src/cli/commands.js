// The commands of `gradlab`, by name. Each module exports {summary, usage, run(argv)}: run
// returns the exit status (undefined = 0) and throws UsageError (./args.js) for a mistake the
// user can fix. Loaded on demand, so `gradlab presets` never loads the engine.
// No prototype: a typed name such as "constructor" must not find an inherited member.
export const commands = Object.freeze(Object.assign(Object.create(null), {
  run: () => import('./run.js'),
  presets: () => import('./presets.js'),
  grade: () => import('./grade.js'),
  sweep: () => import('./sweep.js'),
  merge: () => import('./merge.js'),
}));
