// <gradlab-playground>: the whole playground as one custom element, loaded with a single
//   <script type="module" src=".../gradlab-playground.js"></script>
//
// Attributes (all optional):
//   preset="dying-relu-high-lr"        a lesson (see presets)
//   config="hidden=8,8&activation=relu" settings, in the URL-hash form (changes to the lesson)
//   controls="learningRate,activation"  show only these settings (names or groups: data, network, init, optimizer)
//   hide="histograms,events,header"     hide panels or parts (see src/options.js)
//   panels="gradflow,units"             only these panels, first in a small embed
//   lock | lock="preset,activation"     lock the lesson (then only `controls` stay editable) and/or settings
//   height="480"                        fixed height in pixels (the content scrolls inside; 640 or
//                                       less: the compact layout, controls beside the panels)
//   theme="auto|light|dark", autoplay, url-state (keep the page's URL hash in step: the full page uses it)
//   mode="playground|experiments"      one run, or the Experiments view (many runs on the sweep workers)
//   exercise="exercises/x.json" | '{"format": "gradlab-exercise", …}'   exercise mode (docs/instructors.md)
// Events (bubbling, composed): gradlab-ready, gradlab-step, gradlab-diverged, gradlab-checkpoint,
// gradlab-crash, gradlab-exercise.
// Methods: play(), pause(), step(n) (1..1,000,000 or 'epoch'; resolves to {asked, done, stopped}
// when done or stopped, rejects a larger n), reset() and load(preset) (promises of the new run),
// metrics(run); read-only `config`, `exerciseResult`. Typed in gradlab-playground.d.ts.
// (`playground`, the page's internals, is for the project's own tests and not a stable API.)
//
// Everything lives in an open shadow root styled by a stylesheet file next to this script
// (no inline styles), so the element works under `default-src 'self'; script-src 'self'
// 'wasm-unsafe-eval'` and does not inherit the embedding page's CSS.
import cssUrl from './src/styles.css?url';
import { Playground } from './src/app.js';
import { readOptions, MODES } from './src/options.js';
import { snapshot } from './src/reports.js';
import { loadExercise, exerciseOptions } from './src/exercise/index.js';
import { h, replace } from './src/dom.js';
import { presetNames } from '../src/common.js';

const REBUILD = new Set(['preset', 'config', 'controls', 'hide', 'panels', 'lock', 'height', 'url-state', 'exercise']);

export class GradLabPlayground extends HTMLElement {
  static get observedAttributes() {
    return ['preset', 'config', 'controls', 'hide', 'panels', 'lock', 'height', 'theme', 'mode', 'autoplay', 'url-state', 'exercise'];
  }

  #shadow = null;
  #root = null;
  #app = null;
  #onHash = null;
  #queued = false;
  /** Counts mounts: an exercise that arrives after the element was taken down or rebuilt is dropped. */
  #mounts = 0;
  #loading = null;

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
    if (!this.#app && !this.#loading) this.#mount();
  }

  disconnectedCallback() {
    queueMicrotask(() => {
      if (!this.isConnected) this.#unmount();
    });
  }

  attributeChangedCallback(name, old, value) {
    if (!this.#app || old === value) return;
    if (name === 'theme' && ['auto', 'light', 'dark'].includes(value)) this.#app.actions.setUi({ theme: value });
    else if (name === 'mode' && MODES.includes(value) && !this.#app.exercise) this.#app.actions.setView(value);
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
    if (opts.exercise !== null) {
      this.#loadExercise(opts);
      return;
    }
    const urlState = this.hasAttribute('url-state');
    const hash = urlState ? location.hash : opts.config ? `#${opts.config.replace(/^#/, '')}` : '';
    this.#start({ ...opts, urlState, hash });
  }

  // The exercise is fetched (or parsed) and checked before the playground is built: its
  // starting configuration, locks and step budget decide what the playground is.
  #loadExercise(opts) {
    const mount = ++this.#mounts;
    replace(this.#root, h('p', { class: 'gl-exercise-loading', role: 'status', text: 'Loading the exercise…' }));
    this.#loading = loadExercise(opts.exercise, { documentUrl: document.baseURI, scriptUrl: import.meta.url })
      .then((ex) => {
        if (mount !== this.#mounts || !this.isConnected) return;
        this.#start(exerciseOptions(opts, ex));
      }, (e) => {
        if (mount !== this.#mounts) return;
        replace(this.#root, h('div', { class: 'gl-exercise-error', role: 'alert', 'data-field': e?.field ?? '' },
          h('p', { text: 'This exercise could not be loaded:' }), h('p', { class: 'gl-error-text', text: String(e?.message ?? e) })));
      })
      .finally(() => {
        if (mount === this.#mounts) this.#loading = null;
      });
  }

  #start(opts) {
    const urlState = opts.urlState;
    this.#app = new Playground(this, this.#root, { ...opts, base: import.meta.url });
    this.#app.start();
    if (urlState) {
      this.#onHash = () => this.#app?.actions.applyHash(location.hash);
      window.addEventListener('hashchange', this.#onHash);
    }
  }

  #unmount() {
    this.#mounts++;
    this.#loading = null;
    if (this.#onHash) window.removeEventListener('hashchange', this.#onHash);
    this.#onHash = null;
    this.#app?.dispose();
    this.#app = null;
  }

  /**
   * The page's internals (store, runs, panels, actions) for the project's own tests. Not a
   * stable API: use metrics(), config and the events.
   */
  get playground() {
    return this.#app;
  }

  /**
   * Where run `run` ('A', or 'B' in the A/B view) is: step, epoch, build, mode, configuration,
   * and its latest evaluation whole (`metrics`, as session.evaluate() gives it; null before the
   * first). A deep copy; null while the engine is not ready.
   */
  metrics(run = 'A') {
    return snapshot(this.#app?.runs.find((r) => r.key === run));
  }

  /** Run A's configuration as the engine accepted it (a copy), null while the engine is not ready. */
  get config() {
    const c = this.#app?.runs[0]?.config;
    return c ? structuredClone(c) : null;
  }

  /** The latest `gradlab-exercise` detail (a copy), null before an attempt ended or outside exercise mode. */
  get exerciseResult() {
    const r = this.#app?.exercise?.report;
    return r ? structuredClone(r) : null;
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
