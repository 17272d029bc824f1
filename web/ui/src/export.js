// Files the learner can take away: PNG of a panel, the metrics history, the weights.
import { h } from './dom.js';

/** Offers a Blob as a download. In a sandbox without allow-downloads the browser ignores it. */
export function download(name, blob) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export const textBlob = (text, type) => new Blob([text], { type });

/**
 * One PNG of a panel: its title and every visible canvas, stacked, on the theme's background.
 * Resolves to a Blob.
 */
export function panelPNG({ title, canvases, background, color, font }) {
  const dpr = Math.min(3, globalThis.devicePixelRatio || 1);
  const visible = canvases.filter((c) => c.width > 1 && c.offsetParent !== null);
  const pad = Math.round(8 * dpr);
  const head = Math.round(24 * dpr);
  const width = Math.max(200 * dpr, ...visible.map((c) => c.width)) + 2 * pad;
  const height = head + visible.reduce((a, c) => a + c.height + pad, 0) + pad;
  const out = document.createElement('canvas');
  out.width = width;
  out.height = height;
  const ctx = out.getContext('2d');
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = color;
  ctx.font = `${Math.round(13 * dpr)}px ${font}`;
  ctx.textBaseline = 'middle';
  ctx.fillText(title, pad, head / 2 + pad / 2);
  let y = head + pad;
  for (const c of visible) {
    ctx.drawImage(c, pad, y);
    y += c.height + pad;
  }
  return new Promise((resolve) => out.toBlob(resolve, 'image/png'));
}

export function slug(s) {
  return String(s).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'panel';
}
