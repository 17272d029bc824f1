// Numbers for people: short forms for the panels, the exact value where it matters.

/** Shortest text that reads back to the same double (what "bit-identical" compares). */
export const exact = (v) => (Number.isFinite(v) ? String(v) : '—');

/** A compact number: 0.0342, 1.2e-7, 12.5, 3400. */
export function fmt(v, digits = 3) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(Math.max(0, digits - 1)).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return String(Number(v.toPrecision(digits)));
}

export const pct = (v) => (Number.isFinite(v) ? `${(v * 100).toFixed(v === 1 || v === 0 ? 0 : 1)}%` : '—');

/** "1e-6", "1e2" for decade ticks. */
export const decade = (e) => (e === 0 ? '1' : e === 1 ? '10' : `1e${e}`);

/** A number in a data-* attribute: exact text, empty for missing (never "NaN"). */
export const dataNum = (v) => (Number.isFinite(v) ? String(v) : '');
/** Numbers in a data-* attribute, comma-separated, as dataNum writes each. */
export const dataList = (xs) => xs.map(dataNum).join(',');

export function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}
