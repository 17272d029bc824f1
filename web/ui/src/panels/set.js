// The panels by name, and a set of them built into a container: the single view has all of
// them, each column of the A/B view a few. Each panel follows its own width.
import { OutputPanel } from './output.js';
import { NetworkPanel } from './network.js';
import { CurvesPanel } from './curves.js';
import { GradFlowPanel } from './gradflow.js';
import { HistogramsPanel } from './histograms.js';
import { UnitsPanel } from './units.js';
import { ActivationPanel } from './activation.js';
import { ScoresPanel } from './scores.js';
import { DataPanel } from './data.js';
import { watchWidth } from '../charts/canvas.js';

const TYPES = {
  output: OutputPanel, network: NetworkPanel, curves: CurvesPanel, gradflow: GradFlowPanel,
  units: UnitsPanel, histograms: HistogramsPanel, activation: ActivationPanel, scores: ScoresPanel, data: DataPanel,
};
export { SINGLE } from './names.js';

/**
 * Builds the panels `names` (except those in `hide`) into `container` with the panel context
 * `ctx` (panel.js); `tag` names the run they show in the A/B view. Returns {name: panel}.
 */
export function makePanels(container, names, { ctx, tag = '', hide = new Set() }) {
  const out = {};
  for (const name of names) {
    if (hide.has(name)) continue;
    const p = new TYPES[name](ctx, { tag });
    if (tag) p.el.dataset.run = tag;
    out[name] = p;
    container.append(p.el);
    watch(p);
  }
  return out;
}

/** Redraws the panel at its width whenever the layout changes it. */
export function watch(panel) {
  panel.unwatch = watchWidth(panel.body, (w) => panel.resize?.(w));
}

/** Takes down a set of panels (Panel.dispose). */
export function disposePanels(panels) {
  for (const p of Object.values(panels ?? {})) p.dispose();
}
