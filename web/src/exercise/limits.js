// Size limits of exercises and submitted runs: with them, loading, checking and grading are
// bounded in time and memory whatever the input (docs/exercises.md lists them).
export const EXERCISE_LIMITS = Object.freeze({
  /** JSON text of an exercise, in characters (an object is measured the same way). */
  bytes: 64 * 1024,
  /** Nesting of the exercise JSON (objects and arrays). */
  depth: 8,
  /** Characters of one predicate or measure. */
  predicateLength: 500,
  /** Nesting of brackets, calls and operators inside one predicate. */
  nesting: 32,
  goal: 32,
  hints: 16,
  choices: 12,
  title: 200,
  instructions: 8000,
  /** feedback, labels, hints, the question and choice texts. */
  text: 1000,
  /** The largest step budget an exercise may set: a replay never trains longer. */
  steps: 100_000,
  attempts: 1_000_000,
  /** JSON text of a submitted run (weights included), in characters. */
  runBytes: 16 * 1024 * 1024,
});
