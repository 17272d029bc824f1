// <gradlab-playground>: the whole playground as one custom element, loaded with a single
//   <script type="module" src=".../gradlab-playground.js"></script>
//
// Attributes (all optional):
//   preset="dying-relu-high-lr"        a lesson (see presets)
//   config="hidden=8,8&activation=relu" settings, in the URL-hash form (changes to the lesson)
//   controls="learningRate,activation"  show only these settings (names or groups: data, network, init, optimizer)
//   hide="histograms,events,header"     hide panels or parts (see src/options.js)
//   lock | lock="preset,activation"     lock the lesson (then only `controls` stay editable) and/or settings
//   height="480"                        fixed height in pixels (the content scrolls inside)
//   theme="auto|light|dark", autoplay, url-state (keep the page's URL hash in step: the full page uses it)
//   mode="playground|experiments"      one run, or the Experiments view (many runs on the sweep workers)
// Events (bubbling, composed): gradlab-ready, gradlab-step, gradlab-diverged, gradlab-checkpoint, gradlab-crash.
// Methods: play(), pause(), step(n) (1..1,000,000 or 'epoch'; resolves to {asked, done, stopped}
// when done or stopped, rejects a larger n), reset() and load(preset) (promises of the new run);
// property `playground` for the rest.
//
// Everything lives in an open shadow root styled by a stylesheet file next to this script
// (no inline styles), so the element works under `default-src 'self'; script-src 'self'
// 'wasm-unsafe-eval'` and does not inherit the embedding page's CSS.
import cssUrl from './src/styles.css?url';
import { Playground } from './src/app.js';
import { readOptions, MODES } from './src/options.js';
import { presetNames } from '../src/common.js';

const REBUILD = new Set(['preset', 'config', 'controls', 'hide', 'lock', 'height', 'url-state']);

export class GradLabPlayground extends HTMLElement {
  static get observedAttributes() {
    return ['preset', 'config', 'controls', 'hide', 'lock', 'height', 'theme', 'mode', 'autoplay', 'url-state'];
  }

  #shadow = null;
  #root = null;
  #app = null;
  #onHash = null;
  #queued = false;

  connectedCallback() {
    if (!this.#shadow) {
      this.#shadow = this.attachShadow({ mode: 'open' });
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = new URL(cssUrl, import.meta.url).href;
      this.#root = document.createElement('div');
      this.#root.className = 'gl-root';
      this.#root.hidden = true;
      const reveal = () => {
        this.#root.hidden = false;
      };
      link.addEventListener('load', reveal);
      link.addEventListener('error', reveal);
      this.#shadow.append(link, this.#root);
    }
    if (!this.#app) this.#mount();
  }

  disconnectedCallback() {
    queueMicrotask(() => {
      if (!this.isConnected) this.#unmount();
    });
  }

  attributeChangedCallback(name, old, value) {
    if (!this.#app || old === value) return;
    if (name === 'theme' && ['auto', 'light', 'dark'].includes(value)) this.#app.actions.setUi({ theme: value });
    else if (name === 'mode' && MODES.includes(value)) this.#app.actions.setView(value);
    else if (REBUILD.has(name)) this.#remount();
  }

  #remount() {
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      this.#unmount();
      if (this.isConnected) this.#mount();
    });
  }

  #mount() {
    const attr = (n) => this.getAttribute(n);
    const opts = readOptions(attr);
    const urlState = this.hasAttribute('url-state');
    const hash = urlState ? location.hash : opts.config ? `#${opts.config.replace(/^#/, '')}` : '';
    this.#app = new Playground(this, this.#root, { ...opts, urlState, hash, base: import.meta.url });
    this.#app.start();
    if (urlState) {
      this.#onHash = () => this.#app?.actions.applyHash(location.hash);
      window.addEventListener('hashchange', this.#onHash);
    }
  }

  #unmount() {
    if (this.#onHash) window.removeEventListener('hashchange', this.#onHash);
    this.#onHash = null;
    this.#app?.dispose();
    this.#app = null;
  }

  /** The Playground instance: its state (config, ui), runs, panels and actions. */
  get playground() {
    return this.#app;
  }

  play() {
    this.#app?.actions.setPlaying(true);
  }

  pause() {
    this.#app?.actions.pause();
  }

  step(n = 1) {
    return this.#app ? this.#app.actions.stepOnce(n) : Promise.reject(new Error('the playground is not on the page'));
  }

  /** Resolves when the runs are back at step 0. */
  async reset() {
    await this.#app?.actions.reset();
  }

  /** Resolves when the lesson's run is configured. */
  async load(preset) {
    if (preset === '' || presetNames.includes(preset)) await this.#app?.actions.loadPreset(preset);
  }
}

if (!customElements.get('gradlab-playground')) customElements.define('gradlab-playground', GradLabPlayground);
