// The colour theme: light, dark or 'auto' (the system's, also when it changes while the page
// is open). The canvases read their colours from the effective theme's CSS custom properties,
// so a change tells the page to redraw them (onChange).
import { themeColors } from '../charts/canvas.js';

export class Theme {
  /**
   * @param {HTMLElement} root the playground's root (carries the stylesheet's theme switch)
   * @param {HTMLElement} host the custom element (the effective theme, for the host page's CSS)
   * @param {() => void} onChange called after the colours changed
   */
  constructor(root, host, onChange) {
    this.root = root;
    this.host = host;
    this.onChange = onChange;
    this.theme = 'auto';
    this.cached = null;
    this.system = matchMedia('(prefers-color-scheme: dark)');
    this.onSystem = () => this.theme === 'auto' && this.apply('auto');
    this.system.addEventListener('change', this.onSystem);
  }

  apply(theme) {
    this.theme = theme;
    this.root.dataset.theme = theme;
    const dark = theme === 'dark' || (theme === 'auto' && this.system.matches);
    this.root.dataset.effectiveTheme = dark ? 'dark' : 'light';
    this.host.dataset.glTheme = dark ? 'dark' : 'light';
    this.cached = null;
    this.onChange();
  }

  /** The effective theme's colours (a new object after each change, so panels can tell). */
  colors() {
    this.cached ??= themeColors(this.root);
    return this.cached;
  }

  dispose() {
    this.system.removeEventListener('change', this.onSystem);
  }
}
