// A typed tour of the sweep API, checked with `tsc --noEmit --strict` by types.test.mjs.
import {
  createGradLab, sweep, normalizeSweepSpec, sweepToCSV, sweepToJSON, mergeSweeps, readSweep, sweepRunConfig, sweepMeasures,
  type SweepSpec, type SweepResult, type SweepRow, type SweepCell, type SweepProgress, type CanonicalSweepSpec, type Config,
} from 'gradlab';

async function main(): Promise<number> {
  const gradlab = await createGradLab();
  const spec: SweepSpec = {
    preset: 'dying-relu-high-lr',
    axes: [{ field: 'learningRate', from: 1e-3, to: 3, count: 12, scale: 'log' }, { field: 'depth', values: [2, 4, 8] }, { field: 'activation', values: ['relu', 'leaky_relu'] }],
    steps: 500, seeds: 3, measures: ['testLoss', 'deadFraction', 'stepsToTarget'], target: 0.2,
  };
  const canonical: CanonicalSweepSpec = normalizeSweepSpec(spec);
  const controller = new AbortController();
  const pool = gradlab.createSweepPool({ workers: 2 });
  const result: SweepResult = await gradlab.sweep(canonical, {
    pool, signal: controller.signal, order: 'coarse-to-fine', budget: { seconds: 600 },
    onProgress: (p: SweepProgress) => console.log(p.done, p.total, p.etaSeconds ?? 'unknown', p.map?.stride),
    onResult: (row: SweepRow, cell: SweepCell | null) => console.log(row.values.testLoss ?? row.notes.testLoss, cell?.measures.deadFraction?.median),
  });
  await pool.close();
  const shard = await sweep(spec, { workers: 1, shard: { index: 1, count: 2 }, engine: { simd: false } });
  const merged: SweepResult = mergeSweeps([{ name: 'a.json', result: sweepToJSON(shard) }, result]);
  const csv: string = sweepToCSV(readSweep(sweepToJSON(merged)), { level: 'cells' });
  const config: Config = sweepRunConfig(result.spec, 0, 1);
  const better = sweepMeasures.deadFraction.better;
  return csv.length + config.hidden.length + (better === 'lower' ? 1 : 0);
}
main();
