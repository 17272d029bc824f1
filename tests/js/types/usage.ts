// A typed tour of the public API, checked with `tsc --noEmit --strict` by types.test.mjs.
// It imports the package by name, so the "types" condition of package.json is exercised.
import {
  createGradLab, defaults, fromHash, toHash, normalizeConfig, presets, getPreset, schema, hiddenLayers,
  limits, fieldApplies, activationsInUse, activationParams, type Activation, type FieldName,
  type Config, type Metrics, type LayerMetrics, type Session, type WeightsJSON, type RunJSON, type PresetName,
  type MeanField, type Phase,
} from 'gradlab';

async function main(): Promise<number> {
  const gradlab = await createGradLab({ simd: 'auto' });
  const build: 'simd' | 'scalar' = gradlab.build;
  const config: Partial<Config> = { hidden: [8, 8], activation: 'relu', init: 'he_normal', learningRate: 0.1, features: ['x1', 'x2'] };
  const session: Session = gradlab.createSession(config);
  const done: number = session.step(100);
  const m: Metrics = session.evaluate({ diagnostics: true });
  const first: LayerMetrics | undefined = m.layers[0];
  const rms: number | null = first ? first.gradZRms : null;
  const deadHidden: number = hiddenLayers(m).reduce((n, l) => n + l.dead, 0);
  if (m.diverged) console.log(m.diverged.message, m.diverged.cause === 'loss');
  const grid: Float32Array = session.predictGrid(50, { copy: true }).values;
  const weights: WeightsJSON = session.getWeights();
  session.setWeights(weights);
  session.setWeights(session.getWeightsArray());
  session.setLive('learningRate', 0.01);
  const run: RunJSON = session.toJSON({ weights: true });
  const again: Session = gradlab.fromJSON(run);
  again.dispose();
  const controller = new AbortController();
  const replayed: Session = await gradlab.replay(JSON.stringify(run), { onProgress: ({ step, total }) => console.log(step / total), signal: controller.signal });
  replayed.dispose();
  const repaired: Config = gradlab.repair({ batchSize: 64 }, { base: presets['dying-relu-high-lr'].config }).config;
  const linked = gradlab.fromHash('#learningRate=0.1', { base: { learningRate: 0.5 } });
  console.log(repaired.batchSize, linked.warnings.map((w) => w.message));
  const full: Config = normalizeConfig(config);
  const hash: string = toHash(full);
  const { config: parsed, warnings } = fromHash(hash);
  const name: PresetName = 'dying-relu-high-lr';
  const steps: number = presets[name].steps + getPreset(name).steps;
  const next: PresetName | null = presets[name].next;
  const said: string = presets[name].changes[0].didText + presets[name].story.try[0].text;
  const curve = gradlab.activationCurve({ activation: 'leaky_relu', leakySlope: 0.1 }, [-1, 0, 1]);
  const theory: MeanField = gradlab.meanField({ activation: 'tanh', sigmaW2: 1.5, sigmaB2: 0.05, inputVariance: 1 });
  const growth: number | null = theory.chi1 === null ? null : Math.sqrt(theory.chi1);
  const phase: Phase = theory.phase;
  const line: (number | null)[] = gradlab.criticalLine('tanh', [0, 0.05], { inputVariance: 2 });
  const custom = gradlab.createSession({ hidden: [4] }, { data: { inputs: new Float32Array(8), targets: [0, 1, 0, 1], inputDim: 2, task: 'classification' } });
  custom[Symbol.dispose]();
  const shown: FieldName[] = schema.fields.filter((f) => fieldApplies(f.name, config)).map((f) => f.name);
  const used: Activation[] = activationsInUse(config);
  const knobs: readonly FieldName[] = used.flatMap((a) => activationParams(a));
  const label: string = schema.activations.leaky_relu.label + schema.features.x1x2.label + schema.fields[0].label;
  const depth: number = limits.maxDepth + schema.limits.maxWidth + schema.domain;
  const dead: boolean = schema.unitStates.indexOf('dead') > 0 && Object.keys(schema.fields[0].when ?? {}).length >= 0;
  console.log(shown.length, knobs.length, label, depth, dead, growth, phase, line.length);
  session.dispose();
  console.log(build, done, rms, deadHidden, grid.length, parsed.seed, warnings.length, steps, next, said, curve.df[0], schema.fields.length, defaults().batchSize);
  return done;
}
void main();
