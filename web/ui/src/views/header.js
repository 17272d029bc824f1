// The header: the name, the lesson menu, the A/B switch, share, the theme, and the badge that
// says which engine build runs where.
import { h } from '../dom.js';
import { presets } from '../../../src/common.js';
import { lessonNames } from '../lessons.js';

export class Header {
  /**
   * @param {{hide: Set<string>, lockPreset: boolean}} options which parts the embedder hid
   * @param {{loadPreset(name), toggleCompare(), openShare(), setTheme(theme), setView(view)}} actions
   */
  constructor({ hide, lockPreset }, actions) {
    const hidden = (name) => hide.has(name);
    this.lessonSelect = h('select', { id: 'gl-lesson-select', 'aria-label': 'Lesson', disabled: lockPreset, onchange: () => actions.loadPreset(this.lessonSelect.value) },
      h('option', { value: '', text: 'Free play' }), ...lessonNames.map((n) => h('option', { value: n, text: presets[n].title })));
    this.compareButton = h('button', { type: 'button', class: 'gl-toggle', 'aria-pressed': 'false', text: 'A/B compare', title: 'Compare two runs side by side: same data and seed, one or more knobs changed', onclick: () => actions.toggleCompare() });
    const share = h('button', { type: 'button', text: 'Share & export', onclick: () => actions.openShare() });
    this.themeSelect = h('select', { 'aria-label': 'Colour theme', onchange: () => actions.setTheme(this.themeSelect.value) },
      h('option', { value: 'auto', text: 'theme: auto' }), h('option', { value: 'light', text: 'light' }), h('option', { value: 'dark', text: 'dark' }));
    this.badge = h('span', { class: 'gl-badge', 'data-build': '', text: 'loading engine…' });
    // The page's two modes: one run (the playground) or many (the Experiments view).
    this.viewButtons = ['playground', 'experiments'].map((v) => h('button', { type: 'button', class: 'gl-view-toggle', 'data-view': v, 'aria-pressed': 'false', text: v === 'playground' ? 'Playground' : 'Experiments', title: v === 'playground' ? 'One network, live' : 'Many runs at once on every core: activation race, trainability maps, the edge of chaos', onclick: () => actions.setView(v) }));
    this.el = h('header', { class: 'gl-header', hidden: hidden('header') },
      h('div', { class: 'gl-brand' }, h('span', { class: 'gl-logo', text: 'GradLab' }), h('span', { class: 'gl-tagline', text: 'watch gradients vanish and ReLUs die' })),
      h('div', { class: 'gl-header-tools' },
        hidden('experiments') || lockPreset ? null : h('div', { class: 'gl-views', role: 'group', 'aria-label': 'Mode' }, ...this.viewButtons),
        hidden('lessons') ? null : h('label', { class: 'gl-inline' }, h('span', { class: 'gl-sr', text: 'Lesson' }), this.lessonSelect),
        hidden('compare') || lockPreset ? null : this.compareButton,
        hidden('share') ? null : share,
        hidden('theme') ? null : this.themeSelect,
        this.badge));
  }

  /** Shows the page's fields: the lesson, whether A/B is on, the theme. */
  show(ui) {
    this.lessonSelect.value = ui.preset;
    this.compareButton.setAttribute('aria-pressed', ui.compare === '1' ? 'true' : 'false');
    this.themeSelect.value = ui.theme;
    for (const b of this.viewButtons) b.setAttribute('aria-pressed', String(b.dataset.view === ui.view));
    // the lesson menu and A/B are the playground's
    this.lessonSelect.closest('label')?.toggleAttribute('hidden', ui.view === 'experiments');
    this.compareButton.hidden = ui.view === 'experiments';
  }

  /** Which build of the engine runs, and where (a Web Worker or the page's own thread). */
  engine(run) {
    const b = this.badge;
    b.textContent = `${run.build === 'simd' ? 'WebAssembly SIMD' : 'WebAssembly (scalar)'} · ${run.mode === 'worker' ? 'Web Worker' : 'page thread'}`;
    b.dataset.build = run.build;
    b.dataset.mode = run.mode;
    b.title = run.mode === 'worker' ? 'The engine trains in a Web Worker; this page only draws.' : `No Web Worker could be started here (${run.host.fallbackReason || 'refused'}), so training shares the page's thread.`;
  }
}
