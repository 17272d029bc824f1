// Types of the <gradlab-playground> element (`import 'gradlab/playground'`): its attributes are
// documented in docs/instructors.md and README.md; what a script on the course page can call
// and listen to is typed here.
import type { Check, Config, Divergence, Metrics, PredictionResult, ExerciseRun, PresetName } from '../src/index.js';

export type RunKey = 'A' | 'B';

/** Where a run is and what it last measured: GradLabPlayground#metrics(). A deep copy. */
export interface PlaygroundSnapshot {
  run: RunKey;
  /** Steps trained so far (may be ahead of `metrics.step` while training plays). */
  step: number;
  epoch: number;
  build: 'simd' | 'scalar';
  /** Where the engine runs: a Web Worker, or the page's own thread (the badge says why). */
  mode: 'worker' | 'page';
  /** The configuration as the engine accepted it. */
  config: Config;
  diverged: Divergence | null;
  /** The latest evaluation, with every per-layer figure and histogram; null before the first. */
  metrics: Metrics | null;
}

/** One hidden layer's figures in a `gradlab-step` event: layer 1 is the first hidden layer; the output layer is not listed. */
export interface HiddenLayerFigures {
  layer: number;
  units: number;
  /** RMS of the back-propagated dL/dz. */
  gradZRms: number | null;
  /** ‖dL/dW‖ of the mean training loss. */
  gradWNorm: number | null;
  dead: number;
  inactive: number;
  saturated: number;
}

export interface GradLabReadyDetail { build: 'simd' | 'scalar'; mode: 'worker' | 'page' }
/** After each evaluation of a run. */
export interface GradLabStepDetail {
  run: RunKey;
  step: number;
  epoch: number;
  trainLoss: number | null;
  testLoss: number | null;
  trainAccuracy: number | null;
  testAccuracy: number | null;
  hiddenLayers: HiddenLayerFigures[];
}
export interface GradLabDivergedDetail extends Divergence { run: RunKey }
export interface GradLabCheckpointDetail { lesson: PresetName; kind: 'seen' | 'budget'; step: number; text: string }
export interface GradLabCrashDetail { reason: string }
/** An exercise attempt ended (the step budget, a divergence, or the student's "Check this run"). */
export interface GradLabExerciseDetail {
  id: string;
  /** Every check holds and, for a graded prediction, the prediction was right. */
  passed: boolean;
  checks: Pick<Check, 'predicate' | 'label' | 'passed' | 'value' | 'feedback'>[];
  prediction: PredictionResult | null;
  /** Attempts so far, this one included. */
  attempts: number;
  step: number;
  reason: 'budget' | 'diverged' | 'submitted';
  config: Config;
  /** The hint texts unlocked now. */
  hints: string[];
  /** The verdict comes from replaying the run in the engine (gradlab.grade), as `gradlab grade` does. */
  replayed: boolean;
  /** The run: `gradlab grade exercise.json run.json` or gradlab.grade(exercise, run) grades it again. */
  run: ExerciseRun;
}

/** What a Step did (the element's step(), the embed's `stepped` message). */
export interface StepResult {
  /** The steps asked for ('epoch' for an epoch). */
  asked: number | 'epoch';
  /** The steps trained. */
  done: number;
  /** Why it stopped short ('' when it did all it was asked). */
  stopped: string;
}

export interface GradLabEventMap {
  'gradlab-ready': CustomEvent<GradLabReadyDetail>;
  'gradlab-step': CustomEvent<GradLabStepDetail>;
  'gradlab-diverged': CustomEvent<GradLabDivergedDetail>;
  'gradlab-checkpoint': CustomEvent<GradLabCheckpointDetail>;
  'gradlab-crash': CustomEvent<GradLabCrashDetail>;
  'gradlab-exercise': CustomEvent<GradLabExerciseDetail>;
}

export declare class GradLabPlayground extends HTMLElement {
  play(): void;
  pause(): void;
  /**
   * Trains `n` mini-batches (1 to 1,000,000) or one epoch, paused, over as many frames as it
   * takes. Resolves when done or stopped (`stopped` says why: 'paused', 'reset', 'new run',
   * 'replaced', 'diverged', 'engine stopped', or in an exercise 'exercise step budget',
   * 'exercise: prediction first', 'exercise: run checked'; '' when all were done); rejects a
   * count outside that range.
   */
  step(n?: number | 'epoch'): Promise<StepResult>;
  /** Back to the initial weights (same seeds), step 0; resolves when the runs are there. */
  reset(): Promise<void>;
  /** Loads a lesson ('' = free play); resolves when its run is configured. */
  load(preset: PresetName | ''): Promise<void>;
  /** Run `run`'s latest figures (run B only in the A/B view); null while the engine is not ready. */
  metrics(run?: RunKey): PlaygroundSnapshot | null;
  /** Run A's configuration as the engine accepted it (a copy); null while the engine is not ready. */
  readonly config: Config | null;
  /** The latest `gradlab-exercise` detail (a copy); null outside exercise mode or before an attempt ended. */
  readonly exerciseResult: GradLabExerciseDetail | null;
  /** The page's internals, for GradLab's own tests: not a stable API. */
  readonly playground: unknown;

  addEventListener<K extends keyof GradLabEventMap>(type: K, listener: (this: GradLabPlayground, ev: GradLabEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: GradLabPlayground, ev: HTMLElementEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'gradlab-playground': GradLabPlayground;
  }
  /** The events bubble out of the element (composed), so a course page can listen on document. */
  interface DocumentEventMap extends GradLabEventMap {}
}
