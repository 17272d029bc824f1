// The address bar follows the state: a subscriber to the store writes the state's hash (the
// lesson, the fields that differ from it, B's knobs, the page's fields) with replaceState, so
// a reload or a copied address opens the same page. The share link adds the step reached.
import { stateToHash } from './state.js';
import { LINK_BUDGET } from '../../src/common.js';

/**
 * The state's hash, without the step. The learner's points go in while the whole address
 * stays within LINK_BUDGET characters (`base`: the rest of the address); over it they are left
 * out (the share dialog says so, the run's JSON export carries them).
 */
export function stateHash({ config, b, ui, experiment, data }, base = '') {
  const full = stateToHash({ config, b, ui, experiment, data });
  if (base.length + full.length <= LINK_BUDGET) return full;
  return stateToHash({ config, b, ui, experiment, data }, { withData: false });
}

/**
 * Keeps `host.dataset.hash` and, when `urlState`, the page's own URL in step with the store.
 * Returns {isOwn(hash)}: true for the hash this page wrote itself (not news to apply).
 */
export function syncUrl(store, { host, urlState }) {
  let own = null;
  store.subscribe((state, prev) => {
    if (state.config === prev.config && state.b === prev.b && state.ui === prev.ui && state.experiment === prev.experiment && state.data === prev.data) return;
    const next = stateHash(state, urlState ? location.href.replace(/#.*$/, '') : '');
    host.dataset.hash = next;
    if (!urlState) return;
    if (location.hash === next || (next === '#' && !location.hash)) return;
    own = next;
    try {
      history.replaceState(null, '', next === '#' ? location.pathname + location.search : next);
    } catch {
      // some sandboxes refuse it; the share dialog still has the link
    }
  });
  return { isOwn: (hash) => hash === own };
}

/** A link to the full playground with this state and `step` reached. */
export function shareUrl(state, step, opts) {
  return shareLink(state, step, opts).href;
}

/**
 * The share link and what it holds: {href, dataLeftOut, dataLength}: `dataLeftOut` when the
 * learner's points would take the link over LINK_BUDGET characters (`dataLength`: the link's
 * length with them).
 */
export function shareLink(state, step, { urlState, base }) {
  const page = urlState ? new URL(location.href) : new URL('./index.html', base);
  const s = { config: state.config, b: state.b, ui: { ...state.ui, step }, experiment: state.experiment, data: state.data };
  page.hash = stateToHash(s).slice(1);
  const withData = page.href;
  const hasData = /[#&]data=/.test(page.hash);
  if (!hasData || withData.length <= LINK_BUDGET) return { href: withData, dataLeftOut: false, dataLength: withData.length };
  page.hash = stateToHash(s, { withData: false }).slice(1);
  return { href: page.href, dataLeftOut: true, dataLength: withData.length };
}
