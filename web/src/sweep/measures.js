// The measures a sweep can take of each run: what each means, when it is taken and which way
// is better (so a median over seeds can rank "diverged" and "not reached" as the worst
// outcome). The code that takes them is run-cell.js; the aggregation over seeds is table.js.
//
// `at` says which evaluation a measure needs, and so what a run costs:
//   'end'      one evaluation of train/test loss and accuracy after the last step
//   'endDiag'  the same with the per-layer diagnostics (unit states, back-propagated dL/dz)
//   'initDiag' a diagnostic evaluation at initialisation, before any step
//   'curve'    an evaluation every `evalEvery` steps (and at step 0)

export const MEASURES = Object.freeze({
  trainLoss: { at: 'end', better: 'lower', help: 'training loss after the last step' },
  testLoss: { at: 'end', better: 'lower', help: 'test loss after the last step' },
  trainAccuracy: { at: 'end', better: 'higher', help: 'training accuracy after the last step (classification)' },
  testAccuracy: { at: 'end', better: 'higher', help: 'test accuracy after the last step (classification)' },
  bestTrainLoss: { at: 'curve', better: 'lower', help: 'lowest training loss over the evaluations' },
  bestTestLoss: { at: 'curve', better: 'lower', help: 'lowest test loss over the evaluations' },
  bestTrainAccuracy: { at: 'curve', better: 'higher', help: 'highest training accuracy over the evaluations' },
  bestTestAccuracy: { at: 'curve', better: 'higher', help: 'highest test accuracy over the evaluations' },
  stepsToTarget: { at: 'curve', better: 'lower', help: 'first evaluated step at which the training loss is at most `target` (resolution: evalEvery)' },
  deadFraction: { at: 'endDiag', better: 'lower', help: "share of hidden units that are dead after the last step (f'(z) = 0 on every training point)" },
  inactiveFraction: { at: 'endDiag', better: 'lower', help: "share of hidden units that are inactive (off on every training point, f' != 0)" },
  saturatedFraction: { at: 'endDiag', better: 'lower', help: "share of hidden units that are saturated (|f'| < 5% of its peak on most points)" },
  gradRatio: { at: 'endDiag', better: null, help: 'rms dL/dz of the first hidden layer / that of the last hidden layer, after the last step' },
  gradRatioInit: { at: 'initDiag', better: null, help: 'the same ratio at initialisation' },
  gradGrowthInit: { at: 'initDiag', better: null, array: true, help: 'per-layer growth of the back-propagated rms dL/dz at initialisation: rms(layer l) / rms(layer l+1), l = 1 … depth-1' },
  logGradGrowthInit: { at: 'initDiag', better: null, help: 'mean natural log of gradGrowthInit = ln(gradRatioInit) / (depth-1): < 0 vanishing (ordered), > 0 exploding (chaotic)' },
  trainLossCurve: { at: 'curve', better: null, array: true, help: 'training loss at every evaluation (steps 0, evalEvery, 2·evalEvery, …, steps)' },
  testLossCurve: { at: 'curve', better: null, array: true, help: 'test loss at every evaluation' },
});

export const measureNames = Object.freeze(Object.keys(MEASURES));

/** The measures asked for when a spec names none. */
export const DEFAULT_MEASURES = Object.freeze(['trainLoss', 'testLoss', 'testAccuracy']);

/** Which evaluations a list of measures needs. */
export function needs(measures) {
  const at = new Set(measures.map((m) => MEASURES[m].at));
  return { end: at.has('end') || at.has('endDiag'), endDiag: at.has('endDiag'), initDiag: at.has('initDiag'), curve: at.has('curve') };
}
