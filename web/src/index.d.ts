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
export type Init = 'zeros' | 'constant' | 'uniform' | 'normal' | 'standard' | 'xavier_uniform' | 'xavier_normal' | 'he_uniform' | 'he_normal' | 'lecun_uniform' | 'lecun_normal' | 'orthogonal';
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
export declare function fromHash(hash: string, options?: { strict?: boolean }): ParsedConfig;
export declare function configToJSON(config: Partial<Config>): string;
export declare function configFromJSON(json: string | Partial<Config>): Config;

// ---- presets ---------------------------------------------------------------------------------

export type PresetName = 'vanishing-sigmoid' | 'relu-he-rescue' | 'dying-relu-high-lr' | 'leaky-relu-rescue' | 'born-dead-bias' | 'selu-self-normalising' | 'exploding-init';
export interface Preset {
  readonly name: PresetName;
  readonly title: string;
  readonly config: Readonly<Partial<Config>>;
  readonly steps: number;
  readonly lookFor: string;
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
}
export interface CheckedData {
  inputs: Float32Array;
  targets: Float32Array;
  inputDim: number;
  points: number;
  task: 'classification' | 'regression';
  classes: number;
  outputDim: number;
}
export declare function checkData(data: UserData): CheckedData;

// ---- metrics ---------------------------------------------------------------------------------

export interface Histogram {
  lo: number;
  hi: number;
  counts: number[];
}
export interface GradientHistogram {
  /** log10 |dL/dz| range of the bins. */
  log10Lo: number;
  log10Hi: number;
  counts: number[];
  /** Examples x units whose gradient is exactly zero (not in counts). */
  zeros: number;
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
  /** 2 for 2-D data, 1 for fit1d, 0 when there is no input plane. */
  readonly gridDims: 0 | 1 | 2;
  readonly units: number;
  readonly paramCount: number;
  readonly metricsLength: number;
}
export interface Grid {
  resolution: number;
  dims: number;
  outputs: number;
  points: number;
  /** points x outputs; a view overwritten by the next grid call unless {copy: true}. */
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
  weights?: WeightsJSON;
}

export declare class Session {
  private constructor();
  readonly info: SessionInfo;
  readonly config: Config;
  readonly disposed: boolean;
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
  setWeights(weights: WeightsJSON | Float32Array | number[]): void;
  saveWeights(): Uint8Array;
  loadWeights(blob: Uint8Array): void;
  points(): Points;
  toJSON(options?: { weights?: boolean }): RunJSON;
  dispose(): void;
  [Symbol.dispose](): void;
}

export interface ActivationCurve {
  x: Float32Array;
  f: Float32Array;
  df: Float32Array;
}

export declare class GradLab {
  private constructor();
  readonly build: 'simd' | 'scalar';
  readonly presets: Readonly<Record<PresetName, Preset>>;
  readonly metricsLayout: MetricsLayout;
  readonly unitStateNames: readonly UnitState[];
  memoryBytes(): number;
  createSession(config?: Partial<Config>, options?: { data?: UserData }): Session;
  check(config?: Partial<Config>): Config;
  fromHash(hash: string, options?: { strict?: boolean }): ParsedConfig;
  fromJSON(run: RunJSON | string): Session;
  activationCurve(activation: Activation | Partial<Config>, x: Float32Array | number[]): ActivationCurve;
}

export interface CreateOptions {
  /** true: SIMD build, false: scalar build, 'auto' (default): detect with WebAssembly.validate. */
  simd?: boolean | 'auto';
  /** Folder holding gradlab-simd.wasm and gradlab-scalar.wasm, or a function from file name to location. */
  wasmPath?: string | URL | ((fileName: string) => string | URL);
  /** Emscripten-style locator, called with the .wasm file name. */
  locateFile?: (fileName: string, scriptDirectory: string) => string;
  /** The .wasm bytes, if you have them already. */
  wasmBinary?: ArrayBuffer | Uint8Array;
}

export declare function createGradLab(options?: CreateOptions): Promise<GradLab>;
export declare function simdSupported(): boolean;
export declare function chooseBuild(simd?: boolean | 'auto'): 'simd' | 'scalar';
