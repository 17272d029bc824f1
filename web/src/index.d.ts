// Types of the `gradlab` package, written by hand (Emscripten 3.1.6 cannot emit them).
// tests/js/types.test.mjs checks that Config and the enum unions below match the engine's
// schema (web/dist/schema.js) exactly, and type-checks a usage example with tsc --strict.

// ---- configuration ---------------------------------------------------------------------------

export type Dataset = 'circle' | 'xor' | 'gaussian' | 'spiral' | 'moons' | 'checkerboard' | 'plane' | 'multigauss' | 'fit1d' | 'highdim' | 'custom';
export type Target1D = 'sine' | 'step' | 'abs' | 'cubic';
export type Feature = 'x1' | 'x2' | 'x1sq' | 'x2sq' | 'x1x2' | 'sinx1' | 'sinx2';
export type Activation = 'linear' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'elu' | 'selu' | 'gelu' | 'swish' | 'mish' | 'softplus';
export type GeluForm = 'erf' | 'tanh';
export type OutputActivation = 'auto' | 'linear' | 'sigmoid' | 'tanh' | 'softmax';
export type Loss = 'auto' | 'mse' | 'bce' | 'softmax_ce';
export type Init = 'zeros' | 'constant' | 'uniform' | 'normal' | 'standard' | 'xavier_uniform' | 'xavier_normal' | 'he_uniform' | 'he_normal' | 'lecun_uniform' | 'lecun_normal' | 'orthogonal' | 'signal_propagation';
export type Optimizer = 'sgd' | 'momentum' | 'nesterov' | 'rmsprop' | 'adam';
export type Schedule = 'constant' | 'step' | 'cosine';

/** A complete run configuration. Ranges and help texts: `schema.fields` or web/README.md. */
export interface Config {
  dataset: Dataset;
  target1d: Target1D;
  numPoints: number;
  noise: number;
  trainFraction: number;
  classes: number;
  inputDim: number;
  features: Feature[];
  dataSeed: number;
  hidden: number[];
  activation: Activation;
  layerActivations: Activation[];
  leakySlope: number;
  eluAlpha: number;
  swishBeta: number;
  gelu: GeluForm;
  outputActivation: OutputActivation;
  loss: Loss;
  init: Init;
  initGain: number;
  initScale: number;
  biasInit: number;
  sigmaW2: number;
  sigmaB2: number;
  seed: number;
  optimizer: Optimizer;
  learningRate: number;
  momentum: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  rmsDecay: number;
  l1: number;
  l2: number;
  clipNorm: number;
  schedule: Schedule;
  stepEvery: number;
  stepGamma: number;
  cosineSteps: number;
  minLearningRate: number;
  batchSize: number;
}

export type FieldName = keyof Config;
/** Fields that `session.setLive()` may change during a run (those with `live: true`). */
export type LiveField = 'learningRate' | 'momentum' | 'beta1' | 'beta2' | 'epsilon' | 'rmsDecay' | 'l1' | 'l2' | 'clipNorm' | 'stepEvery' | 'stepGamma' | 'cosineSteps' | 'minLearningRate' | 'batchSize';

export interface FieldSchema {
  readonly name: FieldName;
  readonly kind: 'number' | 'integer' | 'enum' | 'int_list' | 'enum_list' | 'enum_set';
  readonly group: 'data' | 'network' | 'init' | 'optimizer';
  readonly live: boolean;
  readonly logScale: boolean;
  readonly min?: number;
  readonly max?: number;
  readonly values?: readonly string[];
  readonly maxLength?: number;
  readonly default: number | string | readonly (number | string)[];
  readonly help: string;
  /** Display name ("Learning rate"). */
  readonly label: string;
  /**
   * When the field has an effect (absent: always): every key must hold one of its values. The
   * key "activations" means any hidden activation in use (see `activationsInUse`).
   */
  readonly when?: { readonly [key: string]: readonly string[] };
}
/** Numeric limits the engine enforces beyond the fields' own ranges. */
export interface Limits {
  readonly maxDepth: number;
  readonly maxWidth: number;
  readonly minUserPoints: number;
  readonly maxUserPoints: number;
  readonly maxUserInputs: number;
  readonly maxUserOutputs: number;
  readonly maxClasses: number;
  readonly minGridResolution: number;
  readonly maxGridResolution: number;
  /** Floats in one grid buffer (units x grid points). */
  readonly maxGridValues: number;
  /** Bytes a session may allocate. */
  readonly memoryBudget: number;
  /** A gradient norm above this counts as diverged. */
  readonly explodedGradNorm: number;
  /** `gradlab.meanField` / `criticalLine`: the largest `inputVariance`. */
  readonly maxInputVariance: number;
  /** `gradlab.criticalLine`: the most σ_b² values in one call. */
  readonly maxCriticalLinePoints: number;
}
export interface Schema {
  readonly memoryBudget: number;
  readonly limits: Limits;
  /** Half-width of the input plane of the built-in 2-D sets and fit1d: data and grids lie on [-domain, domain]. */
  readonly domain: number;
  /** The per-unit state names, in the engine's order (`session.unitStates().states` holds indices into it). */
  readonly unitStates: readonly UnitState[];
  /** Every activation: display name and the fields it reads. */
  readonly activations: { readonly [A in Activation]: { readonly label: string; readonly params: readonly FieldName[] } };
  /** Every input feature's display name ("x₁x₂"). */
  readonly features: { readonly [F in Feature]: { readonly label: string } };
  readonly fields: readonly FieldSchema[];
}

/** Errors thrown for invalid input carry the offending field. */
export interface FieldError extends Error {
  field?: string;
}

export interface HashWarning {
  field: string;
  value: string;
  message: string;
}
export interface ParsedConfig {
  config: Config;
  warnings: HashWarning[];
}

export declare const schema: Schema;
export declare const fields: readonly FieldSchema[];
export declare const fieldNames: readonly FieldName[];
export declare function getField(name: string): FieldSchema | undefined;
export declare const limits: Limits;
/** Whether a field has an effect on a run of this configuration (its `when` rule; missing fields read as defaults). */
export declare function fieldApplies(name: FieldName, config?: Partial<Config>): boolean;
/** The hidden activations in use: `layerActivations` when not empty, else `[activation]`. */
export declare function activationsInUse(config?: Partial<Config>): Activation[];
/** The fields an activation reads (e.g. `["leakySlope"]` for leaky_relu). */
export declare function activationParams(activation: Activation | 'silu'): readonly FieldName[];
export declare function defaults(): Config;
export declare function validateField<K extends FieldName>(name: K, value: unknown): Config[K];
/** A complete configuration from a partial one; throws TypeError/RangeError naming the field. */
export declare function normalizeConfig(partial?: Partial<Config>, base?: Partial<Config>): Config;
export declare function validateConfig(partial?: Partial<Config>, base?: Partial<Config>): Config;
export declare function isDefault(name: FieldName, value: unknown): boolean;
export declare function parseFieldText<K extends FieldName>(name: K, text: string): Config[K];
/** The text form of one value ("0.03", "relu", "8,8,8"). */
export declare function fieldText(name: FieldName, value: unknown): string;
export declare function toQuery(config: Partial<Config>): string;
export declare function fromQuery(query: string, options?: { strict?: boolean }): ParsedConfig;
export declare function toHash(config: Partial<Config>): string;
/** Lenient by default: never throws on a string; invalid entries become warnings. */
/**
 * Lenient by default: never throws on a string; an invalid entry leaves the field at `base`'s
 * value (the defaults unless given) and becomes a warning saying the value used. A name given
 * twice: only the last occurrence is read.
 */
export declare function fromHash(hash: string, options?: HashOptions): ParsedConfig;
export interface HashOptions {
  /** The first problem throws instead of becoming a warning. */
  strict?: boolean;
  /** What invalid entries fall back to (e.g. a lesson's configuration); default: the defaults. */
  base?: Partial<Config>;
}
export declare function configToJSON(config: Partial<Config>): string;
export declare function configFromJSON(json: string | Partial<Config>): Config;

// ---- presets ---------------------------------------------------------------------------------

export type PresetName = 'vanishing-sigmoid' | 'relu-he-rescue' | 'exploding-init' | 'born-dead-bias' | 'dying-relu-high-lr' | 'leaky-relu-rescue'
  | 'gelu-smooth' | 'swish-dip' | 'softplus-slow-start' | 'elu-negative-saturation' | 'selu-self-normalising';
/** A sentence of a lesson: its text with {param} slots, and the ids of the claims that check it. */
export interface PresetSentence {
  readonly text: string;
  readonly claims: readonly string[];
  readonly params: Readonly<Record<string, number | string>>;
  /** Reports what a paper found (starts with its authors); no claim about the page. */
  readonly cite?: boolean;
}
export interface PresetChange {
  readonly id: string;
  /** The fields the lesson suggests changing, with their new values. */
  readonly set: Readonly<Partial<Config>>;
  /** What the change did, as sentences and as text. */
  readonly did: readonly PresetSentence[];
  readonly didText: string;
}
export interface Preset {
  readonly name: PresetName;
  readonly title: string;
  readonly config: Readonly<Partial<Config>>;
  readonly steps: number;
  /** The next lesson in the teaching order; null after the last. */
  readonly next: PresetName | null;
  /** The playground panel the lesson is about (what its "look for" watches). */
  readonly panel: 'output' | 'network' | 'curves' | 'gradflow' | 'units' | 'histograms' | 'activation';
  readonly paper: string;
  readonly story: { readonly try: readonly PresetSentence[]; readonly lookFor: readonly PresetSentence[]; readonly why: readonly PresetSentence[] };
  readonly changes: readonly PresetChange[];
  readonly tryText: string;
  readonly lookFor: string;
  /** The why, ending with the paper. */
  readonly explanation: string;
}
export declare const presets: Readonly<Record<PresetName, Preset>>;
export declare const presetNames: readonly PresetName[];
export declare function getPreset(name: string): Preset & { config: Partial<Config> };

// ---- data ------------------------------------------------------------------------------------

export interface UserData {
  /** Row-major, points x inputDim. */
  inputs: Float32Array | number[];
  /** Class indices (classification) or points x outputDim values (regression). */
  targets: Float32Array | number[];
  inputDim: number;
  task?: 'classification' | 'regression';
  classes?: number;
  outputDim?: number;
  /** The plane the points were drawn on, [lo, hi] per input (1 or 2 inputs); it must hold every point. Default: derived from the points (Session.inputDomain). */
  domain?: InputDomain | null;
}
/** [lo, hi] per axis of an input plane (2 axes) or line (1). */
export type InputDomain = readonly (readonly [number, number])[];
export interface CheckedData {
  inputs: Float32Array;
  targets: Float32Array;
  inputDim: number;
  points: number;
  task: 'classification' | 'regression';
  classes: number;
  outputDim: number;
  domain?: InputDomain;
}
export declare function checkData(data: UserData): CheckedData;
/** User data in a run's JSON (session.toJSON().data). */
export interface DataJSON {
  task: 'classification' | 'regression';
  inputDim: number;
  classes?: number;
  outputDim?: number;
  domain?: [number, number][];
  inputs: number[];
  targets: number[];
}
export declare function dataToJSON(data: UserData): DataJSON;
export declare function dataFromJSON(json: DataJSON): CheckedData;

/** What a CSV file of points may hold (from the engine's limits): bytes, points, columns (inputs + target), classes. */
export declare const csvLimits: { readonly bytes: number; readonly points: number; readonly columns: number; readonly classes: number; readonly minPoints: number };
export interface CSVData {
  data: Required<Pick<CheckedData, 'inputs' | 'targets' | 'inputDim' | 'task' | 'classes' | 'outputDim'>>;
  /** Column names: the header's, else x1…xn (x for one input) and label or y. */
  columns: string[];
  header: boolean;
  points: number;
  /** Points per class (classification), else null. */
  classCounts: number[] | null;
}
/**
 * Reads points from CSV text or bytes (inputs first, the target last; header optional).
 * Throws RangeError naming the line and the column (`.line`, `.column`), TypeError for a
 * source that is neither text nor bytes.
 */
export declare function readCSV(source: string | Uint8Array | ArrayBuffer, options?: { task?: 'auto' | 'classification' | 'regression'; maxClasses?: number }): CSVData;
/** The CSV text of a data set (header and one line per point); readCSV reads back the same floats. */
export declare function writeCSV(data: UserData, columns?: string[]): string;
/** The exact, checked text form of user data for a share link (base64url, versioned, CRC-32). */
export declare function encodeData(data: UserData): string;
/** User data from their link text; RangeError for a text that is cut short, changed or of an unknown version. */
export declare function decodeData(text: string): CheckedData;
/** The nearest of the 4,096 grid values on [lo, hi] that links store in 12 bits (drawn points are snapped to it). */
export declare function snapToGrid(value: number, lo: number, hi: number): number;
/** The longest share link (characters) the playground writes with the data in it. */
export declare const LINK_BUDGET: number;

// ---- metrics ---------------------------------------------------------------------------------

/** 32 equal bins from the layer's smallest value (`lo`) to its largest (`hi`) at that evaluation. */
export interface Histogram {
  lo: number;
  hi: number;
  counts: number[];
}
export interface GradientHistogram {
  /** log10 |dL/dz| range of the bins: the decades the non-zero values occupy, on a 1/16-decade grid, at most 12 below the largest. */
  log10Lo: number;
  log10Hi: number;
  counts: number[];
  /** Examples x units whose gradient is exactly zero (not in counts). */
  zeros: number;
  /** Examples x units whose non-zero gradient lies below 10^log10Lo, more than 12 decades under the largest (not in counts). */
  below: number;
}
/** Per-layer instruments; null where a value is not finite. */
export interface LayerMetrics {
  index: number;
  role: 'hidden' | 'output';
  units: number;
  /** ||dL/dW|| of the mean training loss. */
  gradWNorm: number | null;
  gradBNorm: number | null;
  /** RMS of the back-propagated per-example gradient dL/dz. */
  gradZRms: number | null;
  weightNorm: number | null;
  biasNorm: number | null;
  updateRatio: number | null;
  preMean: number | null;
  preStd: number | null;
  actMean: number | null;
  actStd: number | null;
  /** Units with f'(z) = 0 for every training example: no gradient can reach them. */
  dead: number;
  /** Units negative for every example whose f' is not zero (e.g. leaky ReLU): can recover. */
  inactive: number;
  /** sigmoid/tanh units with |f'| under 5% of its peak for most examples. */
  saturated: number;
  allZero: boolean;
  histograms: { pre: Histogram; act: Histogram; grad: GradientHistogram };
}
export interface Divergence {
  step: number;
  cause: 'loss' | 'gradient' | 'weights';
  message: string;
}
export interface Metrics {
  step: number;
  epoch: number;
  evaluatedStep: number | null;
  /** Step of the last diagnostic evaluation, which the per-layer figures are from; -1 before one. */
  layersStep: number;
  trainLoss: number | null;
  testLoss: number | null;
  trainAccuracy: number | null;
  testAccuracy: number | null;
  batchLoss: number | null;
  gradNorm: number | null;
  learningRate: number | null;
  diverged: Divergence | null;
  bornDead: boolean;
  outputConstant: boolean;
  /** Hidden layers, then the output layer; from the last evaluate({diagnostics: true}). */
  layers: LayerMetrics[];
}
/** The hidden layers of `metrics.layers` (which ends with the output layer), in order. */
export declare function hiddenLayers(metrics: Pick<Metrics, 'layers'>): LayerMetrics[];
export interface MetricsLayout {
  names: string[];
  layerNames: string[];
  histBins: number;
  head: number;
  stride: number;
}

// ---- sessions --------------------------------------------------------------------------------

export interface LayerInfo {
  readonly inputs: number;
  readonly units: number;
  readonly activation: Activation;
}
export interface SessionInfo {
  readonly layers: readonly LayerInfo[];
  readonly classification: boolean;
  readonly classes: number;
  readonly inputs: number;
  readonly outputs: number;
  readonly loss: Exclude<Loss, 'auto'>;
  readonly outputActivation: Exclude<OutputActivation, 'auto'>;
  readonly features: readonly Feature[];
  readonly train: number;
  readonly test: number;
  /** 2 for a plane (2-D sets, user data with 2 inputs), 1 for a line (fit1d, 1 input), 0 when there is none. */
  readonly gridDims: 0 | 1 | 2;
  /** The box the grids cover ([lo, hi] per axis), null without a plane: see Session.inputDomain. */
  readonly inputDomain: InputDomain | null;
  readonly units: number;
  readonly paramCount: number;
  readonly metricsLength: number;
}
export interface Grid {
  resolution: number;
  dims: number;
  /** The box the cells cover (cell centres at lo + (i + 0.5)(hi − lo)/resolution; row 0 at the top). */
  domain: InputDomain;
  outputs: number;
  points: number;
  /**
   * points x outputs; a view overwritten by the next grid call unless {copy: true}. The float32
   * network's own values: ±Infinity or NaN where it overflows, which a run that is not diverged
   * can do far from its data.
   */
  values: Float32Array;
}
export type UnitState = 'active' | 'dead' | 'blocked' | 'inactive' | 'saturated';
export interface UnitStates {
  names: readonly UnitState[];
  states: Uint8Array;
}
export interface NeuronGrids {
  resolution: number;
  dims: number;
  domain: InputDomain;
  points: number;
  units: number;
  /** Unit ranges: inputs first, then each layer. */
  layers: { start: number; units: number }[];
  /** [unit][point]; a view unless {copy: true}. */
  values: Float32Array;
}
export interface WeightsJSON {
  layers: { W: number[][]; b: number[] }[];
}
export interface Points {
  dims: number;
  coords: Float32Array;
  targetDim: number;
  targets: Float32Array;
  train: Int32Array;
  test: Int32Array;
}
export interface RunJSON {
  format: 'gradlab-run';
  version: 1;
  config: Config;
  step: number;
  /** Epochs completed (written since the step is restored with the weights). */
  epoch?: number;
  weights?: WeightsJSON;
  /** The user data of a dataset "custom" run. */
  data?: DataJSON;
}
export interface SplitScores {
  points: number;
  /** Classification: trace(confusion) / points, null without points. */
  accuracy: number | null;
  /** Classification: confusion[truth][predicted] counts. */
  confusion: number[][] | null;
  /** Classification: per class, the share of its points predicted right (null for a class without points). */
  classAccuracy: (number | null)[] | null;
  /** Regression: R² per output (null without points or with constant targets). */
  r2: (number | null)[] | null;
}
export interface Scores {
  task: 'classification' | 'regression';
  classes: number;
  train: SplitScores;
  test: SplitScores;
}
// Structural stand-ins for the DOM/Node globals, so these declarations compile in a project
// with neither the "dom" lib nor @types/node; the real AbortSignal and URL fit them.
/** An AbortSignal (from an AbortController). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason: unknown;
  throwIfAborted(): void;
}
/** A URL object (anything with an absolute `href`). */
export interface URLLike {
  readonly href: string;
}
export interface ReplayProgress {
  step: number;
  total: number;
}
export interface ReplayOptions {
  /** Called after each slice with the steps replayed so far. */
  onProgress?: (progress: ReplayProgress) => void;
  /** Aborting stops the replay: the promise rejects with the signal's reason. */
  signal?: AbortSignalLike;
  /** Target length of one slice in milliseconds (1 to 1000; default 50). */
  sliceMs?: number;
}
export interface Repaired {
  config: Config;
  /** One per change: the field, the value it had, and a message ending "using X instead". */
  warnings: HashWarning[];
}

export declare class Session {
  private constructor();
  readonly info: SessionInfo;
  readonly config: Config;
  readonly disposed: boolean;
  /** The box the grids cover, [lo, hi] per axis, or null without a plane. Built-in sets: [-schema.domain, schema.domain] (≈ 3.6); user data: as given, else the points' range ± a tenth of its span. */
  readonly inputDomain: InputDomain | null;
  step(n?: number): number;
  stepEpoch(): number;
  reset(): void;
  reseed(seed: number): void;
  setLive(name: LiveField, value: number): void;
  metrics(): Metrics;
  evaluate(options?: { diagnostics?: boolean }): Metrics;
  metricsArray(options?: { evaluate?: boolean; diagnostics?: boolean }): Float64Array;
  predictGrid(resolution?: number, options?: { copy?: boolean }): Grid;
  neuronGrids(resolution?: number, options?: { copy?: boolean }): NeuronGrids;
  getWeights(): WeightsJSON;
  getWeightsArray(): Float32Array;
  /** dL/dW, dL/db in the weights' layout: of the mean training loss after evaluate(), else of the last batch. */
  getGradients(): WeightsJSON;
  getGradientsArray(): Float32Array;
  /** One code per unit (hidden layers, then outputs) from the last diagnostic evaluation; `names[code]`. */
  unitStates(): UnitStates;
  /** Confusion matrices / per-class accuracy (classification) or R² (regression) of both splits at the current weights. */
  scores(): Scores;
  setWeights(weights: WeightsJSON | Float32Array | number[]): void;
  saveWeights(): Uint8Array;
  loadWeights(blob: Uint8Array): void;
  points(): Points;
  toJSON(options?: { weights?: boolean }): RunJSON;
  dispose(): void;
}
// `using session = …` where the TypeScript lib has Symbol.dispose (esnext.disposable or later);
// with an older lib (e.g. target es2022) this adds nothing and the file still compiles.
type DisposeKey = SymbolConstructor extends { readonly dispose: infer K extends symbol } ? K : never;
export interface Session extends Record<DisposeKey, () => void> {}

export interface ActivationCurve {
  x: Float32Array;
  f: Float32Array;
  df: Float32Array;
}

/** Where a point of the (σ_w², σ_b²) plane lies for the mean-field theory. */
export type Phase = 'ordered' | 'critical' | 'chaotic' | 'unbounded';

/** The mean-field quantities at one point (`gradlab.meanField`); null where they do not exist. */
export interface MeanField {
  /** ordered (χ₁ < 1), critical, chaotic (χ₁ > 1), or unbounded (the variance diverges: no q*). */
  phase: Phase;
  /** Fixed point of the pre-activation variance q ↦ σ_w² E[φ(√q z)²] + σ_b². */
  qStar: number | null;
  /** σ_w² E[φ'(√q* z)²]: the per-layer growth of the squared back-propagated gradient. */
  chi1: number | null;
  /** Fixed point of the correlation map (1 in the ordered phase); null when q* = 0. */
  cStar: number | null;
  /** Depth scale of the variance (layers); Infinity exactly at criticality. */
  xiQ: number | null;
  /** Depth scale of correlations; diverges (Infinity) at the critical line. */
  xiC: number | null;
}

/** `gradlab.meanField` input: the activation and its parameters, σ_w², σ_b² (defaults fill the rest). */
export type MeanFieldParams = Partial<Config> & {
  /** Mean square of the network's inputs (default 1): the variance map starts at σ_w²·inputVariance + σ_b². */
  inputVariance?: number;
};

export declare class GradLab {
  private constructor();
  readonly build: 'simd' | 'scalar';
  readonly presets: Readonly<Record<PresetName, Preset>>;
  readonly metricsLayout: MetricsLayout;
  readonly unitStateNames: readonly UnitState[];
  memoryBytes(): number;
  createSession(config?: Partial<Config>, options?: { data?: UserData }): Session;
  /**
   * With {data}, as `createSession` reads it: no dataset means "custom", a built-in one is a
   * RangeError, and the rules that depend on the data are checked too.
   */
  check(config?: Partial<Config>, options?: { data?: UserData }): Config;
  /** As `fromHash`, then `repair`: the configuration returned can always be run. */
  fromHash(hash: string, options?: HashOptions): ParsedConfig;
  /**
   * Each field the engine rejects goes back to `base`'s value, then the default (an integer no
   * such value fixes: the largest smaller one accepted); unknown keys are dropped; dataset
   * "custom" (which needs data) never passes without `data`. Always returns a configuration
   * `createSession` accepts without data, or with `data` on them (dataset custom; a built-in
   * data set given is replaced, with a warning). Throws only for a bad `base` or bad `data`.
   */
  repair(config: Partial<Config> | Record<string, unknown>, options?: { base?: Partial<Config>; data?: UserData }): Repaired;
  /** Synchronous; a replay beyond a bounded amount of work throws RangeError (use `replay`). */
  fromJSON(run: RunJSON | string): Session;
  /** A run of any length, replayed in slices with progress; cancellable. */
  replay(run: RunJSON | string, options?: ReplayOptions): Promise<Session>;
  activationCurve(activation: Activation | Partial<Config>, x: Float32Array | number[]): ActivationCurve;
  /** Mean-field theory of signal propagation at one (σ_w², σ_b²): web/README.md, "Mean-field theory". */
  meanField(params?: MeanFieldParams): Readonly<MeanField>;
  /** The critical σ_w² (χ₁ = 1) at each σ_b², null where there is none up to the sigmaW2 maximum. */
  criticalLine(activation: Activation | Partial<Config>, sigmaB2: readonly number[] | Float64Array | Float32Array,
    options?: { inputVariance?: number }): (number | null)[];
  /** checkExercise plus the engine's cross-field rules on the starting configuration. */
  checkExercise(exercise: Exercise | NormalizedExercise | string): NormalizedExercise;
  /** Replays a submitted run, compares its claims and evaluates the goal; refusals reject with a RangeError. */
  grade(exercise: Exercise | NormalizedExercise | string, run: ExerciseRun | string, options?: GradeOptions): Promise<GradeResult>;
  /** Many runs over the axes of `spec` on a pool of workers that load this same build. */
  sweep(spec: SweepSpec, options?: SweepOptions): Promise<SweepResult>;
  /** Workers that stay loaded between sweeps (`sweep(spec, {pool})`); `close()` ends them. */
  createSweepPool(options?: { workers?: number }): SweepPool;
}

// ---- exercises (docs/exercises.md) -----------------------------------------------------------

/** An editable field: its name, or the name with the values or range the student may use. */
export type EditableEntry = FieldName | { field: FieldName; values?: (number | string)[]; min?: number; max?: number };
export interface GoalEntry {
  /** A predicate, e.g. "sum(hiddenLayers[*].dead) == 0". */
  predicate: string;
  /** Formatted text shown when the predicate fails. */
  feedback: string;
  /** The checklist line (one line of plain text); the predicate when absent. */
  label?: string | null;
}
export interface NumberPrediction {
  kind: 'number';
  question: string;
  /** The correct number, fixed; or `measure`, an expression over the student's run. */
  answer?: number;
  measure?: string;
  tolerance: number;
  min?: number;
  max?: number;
  /** true: a correct prediction is needed to pass. */
  graded?: boolean;
}
export interface ChoicePrediction {
  kind: 'choice';
  question: string;
  choices: { id: string; text: string; when?: string }[];
  /** The correct choice's id; or a `when` predicate on every choice. */
  answer?: string;
  graded?: boolean;
}
/** An exercise as written (JSON Schema: web/exercises/schema.json). */
export interface Exercise {
  format: 'gradlab-exercise';
  version: 1;
  id: string;
  title: string;
  /** Formatted text: paragraphs, "- " bullet lists, `code`, *emphasis* (formatText). */
  instructions: string;
  start: { preset?: PresetName; config?: Partial<Config> };
  editable?: EditableEntry[];
  prediction?: NumberPrediction | ChoicePrediction | null;
  goal: GoalEntry[];
  hints?: { after: number; text: string }[];
  limits: { steps: number };
}
/** What checkExercise returns: frozen, defaults filled in, `config` the complete starting configuration. */
export interface NormalizedExercise {
  readonly format: 'gradlab-exercise';
  readonly version: 1;
  readonly id: string;
  readonly title: string;
  readonly instructions: string;
  readonly start: { readonly preset?: PresetName; readonly config: Readonly<Partial<Config>> };
  readonly config: Readonly<Config>;
  readonly editable: readonly { readonly field: FieldName; readonly values?: readonly (number | string)[]; readonly min?: number; readonly max?: number }[];
  readonly prediction: Readonly<NumberPrediction> | (Readonly<ChoicePrediction> & { readonly graded: boolean }) | null;
  readonly goal: readonly { readonly predicate: string; readonly feedback: string; readonly label: string | null }[];
  readonly hints: readonly { readonly after: number; readonly text: string }[];
  readonly limits: { readonly steps: number };
}
/** A run submitted for grading: session.toJSON() plus the exercise block and, optionally, the claimed figures. */
export interface ExerciseRun {
  format: 'gradlab-run';
  version: 1;
  config: Partial<Config>;
  step: number;
  exercise: { id: string; prediction?: number | string | null; attempts?: number };
  /** Metrics of an evaluation at `step`; every figure present is compared with the replay. */
  final?: Partial<Metrics> & { step: number };
  weights?: WeightsJSON;
  preset?: string | null;
  build?: string;
  history?: unknown[];
}
/** A JSON value a check reports: a figure, a list of figures, a record, text or true/false. */
export type CheckValue = number | string | boolean | null | CheckValue[] | { [key: string]: number | string | boolean | null };
export interface Check {
  predicate: string;
  label: string | null;
  passed: boolean;
  /** The figure behind the verdict (a comparison's left side). */
  value: CheckValue;
  /** The exercise's feedback when the check failed, null when it passed. */
  feedback: string | null;
  /** Set when the check reads per-layer figures and the metrics have none yet. */
  pending?: true;
}
export interface PredictionResult {
  answer: number | string | null;
  /** null when unanswered (or nothing to compare with). */
  correct: boolean | null;
  /** The correct number, or the ids of the correct choices. */
  expected: number | string[] | null;
  graded: boolean;
}
export interface CheckResult {
  id: string;
  passed: boolean;
  checks: Check[];
  prediction: PredictionResult | null;
  step: number | null;
  config: Config;
  attempts: number;
  /** The hint texts unlocked after `attempts` attempts. */
  hints: string[];
}
export interface GradeResult extends CheckResult {
  replayed: true;
  /** What of the run's claims was compared with the replay. */
  verified: { figures: number; weights: boolean };
}
export interface GradeOptions {
  /** Cancels the replay: rejects with an AbortError whose `step` says how far it got. */
  signal?: AbortSignalLike;
  onProgress?: (progress: { step: number; steps: number }) => void;
}
export type InlineNode = { type: 'text' | 'emphasis' | 'code'; text: string };
export type TextBlock = { type: 'paragraph'; children: InlineNode[] } | { type: 'list'; items: InlineNode[][] };

export declare function checkExercise(exercise: Exercise | NormalizedExercise | string): NormalizedExercise;
export declare function checkGoal(
  exercise: Exercise | NormalizedExercise | string,
  input: { metrics: Metrics | null; config?: Partial<Config>; prediction?: number | string | null; attempts?: number },
): CheckResult;
export declare function configProblems(exercise: Exercise | NormalizedExercise | string, config: Partial<Config>): { field: FieldName; message: string }[];
export declare function hintsFor(exercise: Exercise | NormalizedExercise | string, attempts?: number): string[];
/** The student's answer to the prediction step, checked (null: not answered). */
export declare function checkPrediction(exercise: Exercise | NormalizedExercise | string, answer: number | string | null | undefined): number | string | null;
/** A submission for grading: `run` from session.toJSON(), `metrics` of its last step become the claimed `final`. */
export declare function submission(
  exercise: Exercise | NormalizedExercise | string,
  run: RunJSON,
  options?: { metrics?: Metrics | null; prediction?: number | string | null; attempts?: number },
): ExerciseRun;
export declare function formatText(text: string): TextBlock[];
export declare function plainText(tree: TextBlock[]): string;
export declare function checkPredicate(text: string, options?: { as?: 'boolean' | 'number'; field?: string }): { usesLayers: boolean };
export declare const EXERCISE_FORMAT: 'gradlab-exercise';
export declare const EXERCISE_VERSION: 1;
export declare const EXERCISE_LIMITS: {
  readonly bytes: number;
  readonly depth: number;
  readonly predicateLength: number;
  readonly nesting: number;
  readonly goal: number;
  readonly hints: number;
  readonly choices: number;
  readonly title: number;
  readonly instructions: number;
  readonly text: number;
  readonly steps: number;
  readonly attempts: number;
  readonly runBytes: number;
};

export interface CreateOptions {
  /** true: SIMD build, false: scalar build, 'auto' (default): detect with WebAssembly.validate. */
  simd?: boolean | 'auto';
  /** Folder holding gradlab-simd.wasm and gradlab-scalar.wasm, or a function from file name to location. */
  wasmPath?: string | URLLike | ((fileName: string) => string | URLLike);
  /** Emscripten-style locator, called with the .wasm file name. */
  locateFile?: (fileName: string, scriptDirectory: string) => string;
  /** The .wasm bytes, if you have them already. */
  wasmBinary?: ArrayBuffer | Uint8Array;
}

export declare function createGradLab(options?: CreateOptions): Promise<GradLab>;
export declare function simdSupported(): boolean;
export declare function chooseBuild(simd?: boolean | 'auto'): 'simd' | 'scalar';

// ---- sweeps (web/src/sweep/) -------------------------------------------------------------------

export type SweepMeasure =
  | 'trainLoss' | 'testLoss' | 'trainAccuracy' | 'testAccuracy'
  | 'bestTrainLoss' | 'bestTestLoss' | 'bestTrainAccuracy' | 'bestTestAccuracy' | 'stepsToTarget'
  | 'deadFraction' | 'inactiveFraction' | 'saturatedFraction' | 'gradRatio' | 'gradRatioInit'
  | 'gradGrowthInit' | 'logGradGrowthInit' | 'trainLossCurve' | 'testLossCurve';
/** A configuration field, or a derived axis: depth and width build `hidden`. */
export type SweepAxisField = FieldName | 'depth' | 'width';
export type SweepAxisValue = number | string | number[] | string[];
/** Fields that move with an axis (a linked axis): one value per value of the axis, e.g. {init: ['he_normal', 'xavier_normal']}. */
export type SweepLink = Partial<Record<SweepAxisField, readonly SweepAxisValue[]>>;
export type SweepAxis =
  | { field: SweepAxisField; values: readonly SweepAxisValue[]; scale?: 'linear' | 'log' | null; link?: SweepLink | null }
  | { field: SweepAxisField; from: number; to: number; count: number; scale?: 'linear' | 'log'; link?: SweepLink | null };
export interface SweepSpec {
  /** A partial configuration, or a preset's name. */
  base?: Partial<Config> | PresetName;
  preset?: PresetName | null;
  axes?: readonly SweepAxis[];
  steps?: number;
  /** Runs per cell; seeds base.seed + replicate ("shared") or hashed per cell ("independent"). */
  seeds?: number;
  measures?: readonly SweepMeasure[];
  /** Training loss for stepsToTarget. */
  target?: number | null;
  evalEvery?: number | null;
  seedMode?: 'shared' | 'independent';
}
/** normalizeSweepSpec's result: every axis value listed, every default filled in. */
export interface CanonicalSweepSpec {
  base: Config;
  preset: PresetName | null;
  /** `link` only on a linked axis. */
  axes: { field: SweepAxisField; values: SweepAxisValue[]; scale: 'linear' | 'log' | null; link?: Record<string, SweepAxisValue[]> }[];
  steps: number;
  seeds: number;
  measures: SweepMeasure[];
  target: number | null;
  evalEvery: number | null;
  seedMode: 'shared' | 'independent';
}
/** A measure's value: a number, an array (curves, per-layer growth) or null (see the row's notes). */
export type SweepValue = number | (number | null)[] | null;
export interface SweepRow {
  cell: number;
  replicate: number;
  seed: number;
  coords: Record<string, SweepAxisValue>;
  diverged: boolean;
  divergedStep: number | null;
  /** Why the run has no figures (it threw, or its worker crashed). */
  error: string | null;
  values: Partial<Record<SweepMeasure, SweepValue>>;
  /** Why a value is null: "diverged at step 57", "not reached in 500 steps", … */
  notes: Partial<Record<SweepMeasure, string>>;
}
/** Median and spread over a cell's seeds (arrays: element-wise). */
export interface SweepStat {
  median: number | (number | null)[] | null;
  min: number | (number | null)[] | null;
  max: number | (number | null)[] | null;
  count: number;
  note?: string;
}
export interface SweepCell {
  cell: number;
  coords: Record<string, SweepAxisValue>;
  runs: number;
  failed: number;
  diverged: number;
  measures: Partial<Record<SweepMeasure, SweepStat>>;
}
export interface SweepShard {
  /** 1-based. */
  index: number;
  count: number;
}
export interface SweepResult {
  format: 'gradlab-sweep';
  version: 1;
  engine: { fingerprint: string };
  specHash: string;
  spec: CanonicalSweepSpec;
  cells: number;
  shard: SweepShard | null;
  complete: boolean;
  runs: number;
  failed: number;
  rows: SweepRow[];
  aggregates: SweepCell[];
}
export interface SweepProgress {
  done: number;
  total: number;
  failed: number;
  workers: number;
  elapsedSeconds: number;
  /** Before any run: the cost model's estimate; then from the runs done (cost-weighted). */
  etaSeconds: number | null;
  /** Coarse-to-fine order: the finest complete map so far. */
  map: { level: number; levels: number; stride: number } | null;
}
export interface SweepPool {
  readonly workers: number;
  close(): Promise<void>;
}
export interface SweepOptions {
  /** Default: cores - 1, at least 1. */
  workers?: number;
  pool?: SweepPool;
  signal?: AbortSignalLike;
  onProgress?: (progress: SweepProgress) => void;
  /** Each run as it finishes; `cell` when it completes its cell. */
  onResult?: (row: SweepRow, cell: SweepCell | null) => void;
  order?: 'grid' | 'coarse-to-fine';
  shard?: SweepShard;
  /** Estimated wall-clock seconds allowed (default 3600). */
  budget?: { seconds?: number };
  /** For tests: make the worker running these runs crash ('exit': Node only). */
  testHooks?: { crash?: { cell: number; replicate?: number; mode?: 'throw' | 'exit' }[] };
}
/** What a cancelled sweep rejects with: a DOMException named "AbortError". */
export interface SweepAbortError extends Error {
  /** Runs finished, of `total`; cells with every run finished. */
  done: number;
  total: number;
  cellsDone: number;
  partial: SweepResult;
}
export interface SweepMeasureInfo {
  at: 'end' | 'endDiag' | 'initDiag' | 'curve';
  better: 'lower' | 'higher' | null;
  array?: boolean;
  help: string;
}
/** Loads an engine (`engine`: createGradLab's options) and runs a sweep on it. */
export declare function sweep(spec: SweepSpec, options?: SweepOptions & { engine?: CreateOptions }): Promise<SweepResult>;
export declare function normalizeSweepSpec(spec: SweepSpec): CanonicalSweepSpec;
export declare const sweepMeasures: Readonly<Record<SweepMeasure, SweepMeasureInfo>>;
export declare function sweepCellCount(spec: CanonicalSweepSpec): number;
export declare function sweepCellCoords(spec: CanonicalSweepSpec, cell: number): Record<string, SweepAxisValue>;
/** The exact configuration of one run (for opening it in the playground). */
export declare function sweepRunConfig(spec: CanonicalSweepSpec, cell: number, replicate: number): Config;
export declare function sweepToJSON(result: SweepResult): string;
export declare function sweepToCSV(result: SweepResult, options?: { level?: 'runs' | 'cells' }): string;
/** The names a sweep link uses besides configuration fields: vary, steps, seeds, measures, target, evalEvery, seedMode. */
export declare const SWEEP_HASH_KEYS: readonly string[];
/** A sweep's link: `#preset=…&<fields that differ>&vary=depth=1..40:8&vary=…&steps=…`. */
export declare function sweepToHash(spec: SweepSpec): string;
/** A spec from its link; lenient (invalid entries dropped with warnings) unless strict. */
export declare function sweepFromHash(hash: string, options?: { strict?: boolean }): { spec: SweepSpec; warnings: HashWarning[] };
/** The link entries of a spec that are not its base: [name, text] pairs. */
export declare function sweepHashEntries(spec: SweepSpec): [string, string][];
/** Reads sweep link entries on top of a base, leniently: {spec, warnings}. */
export declare function readSweepEntries(entries: readonly { name: string; value: string }[],
  options?: { base?: Partial<Config>; preset?: PresetName | null; defaults?: Partial<SweepSpec>; strict?: boolean }): { spec: SweepSpec; warnings: HashWarning[] };
/** An axis from its text form (`depth=2..40:20`, `activation=relu,tanh;init=he_normal,xavier_normal`). */
export declare function parseAxisText(text: string, path?: string): SweepAxis;
/** The text form of a canonical axis. */
export declare function axisText(axis: CanonicalSweepSpec['axes'][number]): string;
export declare function readSweep(json: string | object, name?: string): SweepResult;
export declare function mergeSweeps(parts: readonly (SweepResult | string | { name: string; result: SweepResult | string })[]): SweepResult;
