// Everything the package exports that does not depend on where it runs. The entry files
// (node.js, browser.js) add `createGradLab`, which loads the wasm their own way.
export { GradLab } from './engine.js';
export { Session } from './session.js';
export {
  schema, fields, fieldNames, getField, defaults, validateField, normalizeConfig, normalizeConfig as validateConfig,
  isDefault, parseFieldText, fieldText, toQuery, fromQuery, toHash, fromHash, configToJSON, configFromJSON,
  limits, fieldApplies, activationsInUse, activationParams,
} from './schema.js';
export { presets, presetNames, getPreset } from './presets.js';
export { simdSupported, chooseBuild } from './simd.js';
export { checkData, dataToJSON, dataFromJSON } from './data.js';
export { readCSV, writeCSV, csvLimits } from './csv.js';
export { encodeData, decodeData, snapToGrid, LINK_BUDGET } from './data-link.js';
export { hiddenLayers } from './metrics.js';
export {
  checkExercise, checkGoal, hintsFor, configProblems, checkPrediction, submission, formatText, plainText, checkPredicate, EXERCISE_LIMITS, EXERCISE_FORMAT, EXERCISE_VERSION,
} from './exercise/index.js';
export { normalizeSweepSpec } from './sweep/spec.js';
export { MEASURES as sweepMeasures } from './sweep/measures.js';
export { cellCount as sweepCellCount, cellCoords as sweepCellCoords, runConfig as sweepRunConfig } from './sweep/cells.js';
export { sweepToJSON, sweepToCSV } from './sweep/table.js';
export { readSweep, mergeSweeps } from './sweep/merge.js';
export { sweepToHash, sweepFromHash, sweepHashEntries, readSweepEntries, SWEEP_HASH_KEYS } from './sweep/url.js';
export { parseAxisText, axisText } from './sweep/text.js';
