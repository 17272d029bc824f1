// A typed tour of the exercise API, checked with `tsc --noEmit --strict` by types.test.mjs.
import {
  createGradLab, checkExercise, checkGoal, configProblems, formatText, hintsFor, checkPrediction, submission, EXERCISE_LIMITS,
  type Exercise, type NormalizedExercise, type ExerciseRun, type GradeResult, type CheckResult, type TextBlock,
} from 'gradlab';

const exercise: Exercise = {
  format: 'gradlab-exercise',
  version: 1,
  id: 'typed',
  title: 'Typed',
  instructions: 'Fix *it*.',
  start: { preset: 'vanishing-sigmoid', config: { learningRate: 0.1 } },
  editable: ['activation', { field: 'learningRate', min: 0.001, max: 1 }],
  prediction: { kind: 'number', question: 'Dead fraction?', measure: 'sum(hiddenLayers[*].dead) / sum(hiddenLayers[*].units)', tolerance: 0.1, graded: true },
  goal: [{ predicate: 'testAccuracy >= 0.95', feedback: 'Not yet.', label: 'It learns' }],
  hints: [{ after: 1, text: 'Try relu.' }],
  limits: { steps: 3000 },
};

async function main(): Promise<boolean> {
  const ex: NormalizedExercise = checkExercise(exercise);
  const budget: number = ex.limits.steps + EXERCISE_LIMITS.steps;
  const gradlab = await createGradLab();
  const s = gradlab.createSession(ex.config);
  s.step(100);
  const live: CheckResult = checkGoal(ex, { metrics: s.evaluate(), config: s.config, prediction: 0.2, attempts: 1 });
  const run: ExerciseRun = { ...s.toJSON(), exercise: { id: ex.id, prediction: 0.2, attempts: 1 }, final: s.evaluate() };
  const made: ExerciseRun = submission(ex, s.toJSON(), { metrics: s.evaluate(), prediction: checkPrediction(ex, 0.2), attempts: 1 });
  s.dispose();
  const controller = new AbortController();
  const graded: GradeResult = await gradlab.grade(ex, run, { signal: controller.signal, onProgress: ({ step, steps }) => console.log(step / steps) });
  const tree: TextBlock[] = formatText(ex.instructions);
  const problems = configProblems(ex, gradlab.checkExercise(exercise).config);
  console.log(budget, made.step, live.checks[0]?.value, graded.verified.figures, tree.length, problems.length, hintsFor(ex, 2).length, graded.prediction?.correct);
  return graded.passed;
}
void main();
