// Text labels on a canvas that never overlap: each label has a few wordings, longest first,
// and a row of labels takes the longest wording at which no two touch, moving the labels
// that would touch to a second line before it shortens them. The boxes drawn are returned (and kept in a
// data-* attribute by the panels) so a test can check them.

const GAP = 4;

/**
 * Lays out one row of labels centred at `x`, the first line's baseline at `y`, lines `lineH`
 * apart, within [left, right]. `items`: [{x, texts: [longest, …, shortest]}] (items with no
 * text are skipped). The longest wording on one line; else (unless `shortenFirst`) the labels
 * that would touch their left neighbour on a second line; else the next wording.
 * Returns {lines: 1 | 2, placed: [{text, x, y, line, item, box: {x, y, w, h}}]}.
 */
export function layoutRow(ctx, items, { y, lineH, left = 0, right = Infinity, shortenFirst = false }) {
  const shown = items.filter((it) => it.texts.length && it.texts[0] !== '').sort((a, b) => a.x - b.x);
  const levels = Math.max(1, ...shown.map((it) => it.texts.length));
  const box = (it, level, line) => {
    const text = it.texts[Math.min(level, it.texts.length - 1)];
    const m = ctx.measureText(text);
    const w = m.width;
    const ascent = m.actualBoundingBoxAscent || 8;
    const descent = m.actualBoundingBoxDescent || 2;
    const x = Math.max(left + w / 2, Math.min(right - w / 2, it.x));
    const by = y + line * lineH;
    return { text, x, y: by, line, item: it, box: { x: x - w / 2, y: by - ascent, w, h: ascent + descent } };
  };
  // left to right, each label on the first line where it touches nothing placed; null if none
  const place = (level, lines) => {
    const placed = [];
    for (const it of shown) {
      let p = null;
      for (let line = 0; line < lines && !p; line++) {
        const c = box(it, level, line);
        if (!placed.some((q) => touch(q.box, c.box))) p = c;
      }
      if (!p) return null;
      placed.push(p);
    }
    return placed;
  };
  const tries = [];
  for (let level = 0; level < levels; level++) tries.push([level, 1], [level, 2]);
  if (shortenFirst) tries.sort((a, b) => a[1] - b[1]);
  for (const [level, lines] of tries) {
    const placed = place(level, lines);
    if (placed) return { lines: placed.some((p) => p.line > 0) ? 2 : 1, placed };
  }
  // nothing fits: the shortest wordings, alternating lines (the hover still names every layer)
  const placed = shown.map((it, i) => box(it, levels - 1, i % 2));
  return { lines: placed.length > 1 ? 2 : 1, placed };
}

/** Draws what layoutRow placed (centred, on the alphabetic baseline). */
export function drawRow(ctx, { placed }, color) {
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  for (const p of placed) {
    ctx.fillStyle = typeof color === 'function' ? color(p) : color;
    ctx.fillText(p.text, p.x, p.y);
  }
}

/** Two boxes share a point, or come closer than the gap side by side. */
export function touch(a, b, gap = GAP) {
  return a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** The boxes of labels as the panels publish them: [[x, y, w, h, text], …] rounded to 0.1 px. */
export const boxesData = (placed) => JSON.stringify(placed.map((p) => [...['x', 'y', 'w', 'h'].map((k) => Math.round(p.box[k] * 10) / 10), p.text]));
