// What loading an experiment lesson or an example puts in the store: its base configuration
// (the defaults fill the rest), the experiment (its axes in the engine's canonical form), and
// the experiments view.
import { normalizeConfig, normalizeSweepSpec } from '../../../src/common.js';
import { defaultExperiment } from './kinds.js';
import { EXAMPLES } from './examples.js';
import { experimentLessons } from './lessons.js';

/** The store contents of example `name` ({config, b, ui, experiment}), with `lesson` named. */
export function exampleSetup(name, state, lesson = '') {
  const ex = EXAMPLES[name];
  const config = normalizeConfig(ex.config);
  const experiment = { ...defaultExperiment(ex.experiment.kind), ...ex.experiment, lesson };
  experiment.axes = normalizeSweepSpec({ base: config, axes: ex.experiment.axes }).axes;
  return { config, b: {}, ui: { ...state.ui, preset: '', compare: '0', view: 'experiments' }, experiment };
}

/** The store contents of experiment lesson `name`; '' closes the lesson and keeps the rest. */
export function experimentSetup(name, state) {
  if (!name || !experimentLessons[name]) return { config: state.config, b: state.b, ui: state.ui, experiment: { ...state.experiment, lesson: '' } };
  return exampleSetup(experimentLessons[name].example, state, name);
}
