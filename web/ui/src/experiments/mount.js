// The Experiments view as the playground mounts it: many runs on the sweep workers, with the
// settings on the side as their base, and each cell one click from its own run.
import { ExperimentsView } from './view.js';
import { SweepRunner } from './runner.js';
import { experimentSetup, exampleSetup } from './setup.js';
import { stateToHash } from '../state.js';

/**
 * @param {{ctx: object, store: object, actions: () => object, notices: object, emit: Function,
 *   urlState: boolean}} deps
 */
export function mountExperiments({ ctx, store, actions, notices, emit, urlState }) {
  // A cell opens as the run's own link (its configuration, seed included, and the step to
  // replay to), so Back returns to the experiment.
  const openRun = (config, step) => {
    const hash = stateToHash({ config, b: {}, ui: { theme: store.state.ui.theme, speed: store.state.ui.speed, step } });
    if (urlState) location.hash = hash;
    else actions().applyHash(hash);
  };
  return new ExperimentsView({
    colors: ctx.colors, tooltip: ctx.tooltip,
    state: () => store.state,
    setExperiment: (changes) => store.setExperiment(changes),
    setFields: (changes) => actions().setFields(changes),
    loadLesson: (name) => actions().loadExperiment(experimentSetup(name, store.state)),
    loadExample: (name) => actions().loadExperiment(exampleSetup(name, store.state)),
    openRun,
    warnings: (list) => notices.warnings(list),
    emit,
    runner: new SweepRunner(() => import('../../../src/browser.js').then((m) => m.createGradLab())),
  });
}
