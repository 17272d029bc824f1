// The <gradlab-playground> element as a course page's script uses it (gradlab/playground's types).
import type { GradLabPlayground, GradLabStepDetail, GradLabExerciseDetail, PlaygroundSnapshot, StepResult } from 'gradlab/playground';
import type { ExerciseRun } from 'gradlab';

const el = document.querySelector('gradlab-playground');
if (el) {
  el.play();
  el.load('dying-relu-high-lr').then(() => el.step(500)).then((r: StepResult) => {
    const short: boolean = r.done < (r.asked === 'epoch' ? 1 : r.asked);
    console.log(short, r.stopped);
  });
  void el.reset();
  el.addEventListener('gradlab-step', (e) => {
    const d: GradLabStepDetail = e.detail;
    const worst: number = Math.max(...d.hiddenLayers.map((l) => l.dead));
    const rms: (number | null)[] = d.hiddenLayers.map((l) => l.gradZRms);
    console.log(d.run, d.step, worst, rms);
  });
  el.addEventListener('gradlab-exercise', (e) => {
    const d: GradLabExerciseDetail = e.detail;
    const run: ExerciseRun = d.run;
    const failed: string[] = d.checks.filter((c) => !c.passed).map((c) => c.label ?? c.predicate);
    console.log(d.id, d.passed, d.attempts, run.step, failed, d.prediction?.correct);
  });
  const snap: PlaygroundSnapshot | null = el.metrics('A');
  if (snap?.metrics) console.log(snap.metrics.layers.filter((l) => l.role === 'hidden').length, snap.config.learningRate);
  const lr: number | undefined = el.config?.learningRate;
  console.log(lr, el.exerciseResult?.passed);
  // @ts-expect-error the configuration is read-only: change it through attributes or the controls
  el.config = null;
  // @ts-expect-error metrics() takes a run key
  el.metrics('C');
}
document.addEventListener('gradlab-checkpoint', (e) => console.log(e.detail.lesson, e.detail.kind));
export const element: typeof GradLabPlayground | undefined = undefined;
