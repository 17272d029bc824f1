// How the playground fits where it is put: a fixed height, a compact embed leading with its key
// panel, and collapsed settings on a narrow page or a phone.
import { presets } from '../../src/common.js';

/** Below this width (CSS px) the settings start collapsed. */
const NARROW = 700;

export function fitLayout({ root, host, opts, controls, card, panels, preset }) {
  if (opts.height) {
    root.classList.add('gl-fixed-height');
    host.style.height = `${opts.height}px`;
  }
  // A small embed: the controls it was given beside the panels it asked for (or the lesson's own), those first.
  root.classList.toggle('gl-compact', !!opts.compact);
  const key = opts.panels?.[0] ?? (opts.compact ? presets[preset]?.panel : null);
  panels[key]?.el.classList.add('gl-key-panel');
  if (Math.min(innerWidth, host.parentElement?.clientWidth || innerWidth) < NARROW) {
    // the controls a compact embed was given stay open: they are what it is for
    if (!(opts.compact && opts.show)) controls.collapse();
    card.setCollapsed(true);
  }
}

/**
 * Escape stops a replay or a long Step (as Pause does): pressed in the playground, or with
 * nothing focused (the button pressed last may have gone with its notice). Returns the remover.
 */
export function escapeStops(host, busy, pause) {
  const onKey = (e) => {
    const here = e.composedPath().includes(host) || e.target === document.body || e.target === document.documentElement;
    if (e.key === 'Escape' && here && busy()) pause();
  };
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}
