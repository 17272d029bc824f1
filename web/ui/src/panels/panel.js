// The frame every panel shares: a titled section with a "what is this?" note, a body the
// panel owns, a text summary (for screen readers and for tests), and a PNG export button.
//
// A panel never sees the playground. It gets a small context object with only what panels
// use, so a test can build one from a plain object:
//   colors()   the theme's colours (a new object after a theme change)
//   tooltip    {show(x, y, lines), hide()}
//   ui         the page's fields it reads (edges, heat, hist)
//   setUi(changes)  changes those fields (the panel's own selects)
// and the engine's facts the panels draw with (from the schema export in the page):
//   domain     half-width of the input plane the data live on
//   unitStates the names of the engine's per-unit state codes, in code order
//   activations  {name: {label, params}}: every activation and the parameters it reads
//   featureLabel(name)  an input feature's display name
import { h, newId } from '../dom.js';
import { panelPNG, download, slug } from '../export.js';

export class Panel {
  /** @param {{name: string, title: string, help: string, ctx: object, tag?: string}} o */
  constructor({ name, title, help, ctx, tag = '' }) {
    this.name = name;
    this.ctx = ctx;
    this.title = title;
    const id = newId('panel');
    this.tools = h('div', { class: 'gl-panel-tools' });
    this.pngButton = h('button', { type: 'button', class: 'gl-icon-button', title: `Save “${title}” as PNG`, 'aria-label': `Save ${title} as PNG`, onclick: () => this.savePNG() }, 'PNG');
    this.body = h('div', { class: 'gl-panel-body' });
    this.summary = h('p', { class: 'gl-summary' });
    this.el = h('section', { class: 'gl-panel', 'data-panel': name, 'aria-labelledby': id },
      h('header', { class: 'gl-panel-head' },
        h('h2', { id, text: tag ? `${title} · ${tag}` : title }),
        h('div', { class: 'gl-panel-actions' }, this.tools, this.pngButton)),
      help ? h('details', { class: 'gl-help' }, h('summary', { text: 'What am I looking at?' }), h('p', { text: help })) : null,
      this.body,
      this.summary);
    // until the layout reports the real width (resize)
    this.width = 300;
    this.run = null;
    this.shared = null;
  }

  /** Wires a canvas's hover to `onMove(event)`; leaving it hides the tooltip. */
  hoverable(canvas, onMove) {
    canvas.addEventListener('pointermove', onMove);
    canvas.addEventListener('pointerleave', () => this.ctx.tooltip.hide());
  }

  /** The layout gave the panel a new width. */
  resize(width) {
    this.width = width;
    this.redraw();
  }

  /**
   * New data for the panel: a run's state (see run.js) and, in the A/B view, the scales both
   * runs' charts share (compare.js, sharedScales), else null.
   */
  update(run, shared) {
    this.run = run;
    this.shared = shared;
    this.redraw();
  }

  redraw() {}

  /**
   * The panel is taken down (the A/B view rebuilt, the page removed): stops what outlives its
   * DOM, the width watch and a listener on the shared data editor. A listener left behind
   * would keep the panel and its whole detached view alive.
   */
  dispose() {
    this.unwatch?.();
    this.unlisten?.();
  }

  canvases() {
    return [...this.body.querySelectorAll('canvas')];
  }

  async savePNG() {
    const colors = this.ctx.colors();
    const blob = await panelPNG({ title: `GradLab — ${this.title}`, canvases: this.canvases(), background: colors.panel, color: colors.fg, font: 'system-ui, sans-serif' });
    if (blob) download(`gradlab-${slug(this.title)}.png`, blob);
  }

  /** Sets the text summary (also what assistive technology reads). */
  say(text) {
    if (this.summary.textContent !== text) this.summary.textContent = text;
  }
}
