// What every panel gets instead of the playground (panels/panel.js documents each member): the
// colours, the tooltip, the page's own fields, the engine's facts from the schema export, and the
// learner's own data. Panels never see the store, the runs or the actions themselves.
import { schema } from '../../src/common.js';
import { featureLabel } from './labels.js';

/**
 * @param {{store: object, theme: object, tooltip: object, editor: object, actions: () => object}} deps
 *   `actions` is a getter: the actions are made after the panels' context.
 */
export function panelContext({ store, theme, tooltip, editor, actions }) {
  return {
    colors: () => theme.colors(),
    tooltip,
    get ui() {
      return store.state.ui;
    },
    setUi: (changes) => store.setUi(changes),
    domain: schema.domain,
    unitStates: schema.unitStates,
    activations: schema.activations,
    featureLabel,
    editor,
    userData: {
      editor,
      data: () => store.state.data,
      usesData: () => editor.using(),
      // resolves to why the run does not train on the points ('' when it does), which the data panel shows
      setData: async (data) => editor.settled(await actions().setData(data), data),
      start: async (kind, from) => {
        editor.set({ started: true });
        return editor.settled(await actions().startData(kind, from), store.state.data);
      },
      stop: () => {
        editor.set({ started: false });
        return actions().stopData();
      },
      newSplit: () => actions().setField('dataSeed', (store.state.config.dataSeed + 1) % 2 ** 32),
    },
  };
}

/**
 * The data panel sits next to the output while the learner's points train (so the points and
 * the boundary are read together), before the event log otherwise.
 */
export function placeDataPanel(panels, using, eventsEl) {
  const { data, output } = panels ?? {};
  if (!data?.el.parentElement) return;
  if (using && output) {
    if (output.el.nextElementSibling !== data.el) output.el.after(data.el);
    return;
  }
  if (eventsEl?.parentElement === data.el.parentElement) {
    if (eventsEl.previousElementSibling !== data.el) eventsEl.before(data.el);
  } else if (data.el.parentElement.lastElementChild !== data.el) {
    data.el.parentElement.append(data.el);
  }
}
