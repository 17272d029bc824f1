// The address bar follows the state: a subscriber to the store writes the state's hash (the
// lesson, the fields that differ from it, B's knobs, the page's fields) with replaceState, so
// a reload or a copied address opens the same page. The share link adds the step reached.
import { stateToHash } from './state.js';

/** The state's hash, without the step. */
export const stateHash = ({ config, b, ui, experiment }) => stateToHash({ config, b, ui, experiment });

/**
 * Keeps `host.dataset.hash` and, when `urlState`, the page's own URL in step with the store.
 * Returns {isOwn(hash)}: true for the hash this page wrote itself (not news to apply).
 */
export function syncUrl(store, { host, urlState }) {
  let own = null;
  store.subscribe((state, prev) => {
    if (state.config === prev.config && state.b === prev.b && state.ui === prev.ui && state.experiment === prev.experiment) return;
    const next = stateHash(state);
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
export function shareUrl(state, step, { urlState, base }) {
  const hash = stateToHash({ config: state.config, b: state.b, ui: { ...state.ui, step }, experiment: state.experiment });
  const page = urlState ? new URL(location.href) : new URL('./index.html', base);
  page.hash = hash.slice(1);
  return page.href;
}
