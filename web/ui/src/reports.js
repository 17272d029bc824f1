// What the playground tells the page that embeds it, in the shapes gradlab-playground.d.ts
// documents: the `gradlab-step` event's detail and the element's metrics() snapshot. Plain,
// JSON-safe copies: an embedding page can keep or post them without reaching into the page's
// own objects.
import { hiddenLayers } from '../../src/common.js';

/**
 * The per-layer figures instructors asked for, of the hidden layers only (the output layer is
 * not "layer n"): layer number from 1, units, gradients (back-propagated dL/dz rms, ‖dL/dW‖)
 * and the unit counts by state.
 */
export function hiddenLayerFigures(metrics) {
  if (!metrics?.layers?.length) return [];
  return hiddenLayers(metrics).map((l, i) => ({
    layer: i + 1, units: l.units, gradZRms: l.gradZRms, gradWNorm: l.gradWNorm,
    dead: l.dead, inactive: l.inactive, saturated: l.saturated,
  }));
}

/** The `gradlab-step` event's detail: run `run`'s step, losses, accuracies and hidden-layer figures after an evaluation. */
export function stepDetail(run) {
  const m = run.metrics;
  return {
    run: run.key, step: run.step, epoch: run.epoch,
    trainLoss: m.trainLoss, testLoss: m.testLoss, trainAccuracy: m.trainAccuracy, testAccuracy: m.testAccuracy,
    hiddenLayers: hiddenLayerFigures(m),
  };
}

/**
 * The element's metrics(run) snapshot: where the run is (step, epoch, build, where the engine
 * runs), its configuration, and the latest evaluation whole (null before the first), as a
 * deep copy.
 */
export function snapshot(run) {
  if (!run?.info) return null;
  return structuredClone({
    run: run.key, step: run.step, epoch: run.epoch, build: run.build, mode: run.mode,
    config: run.config, diverged: run.diverged ?? null, metrics: run.metrics ?? null,
  });
}
