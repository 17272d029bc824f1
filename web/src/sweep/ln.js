// The natural logarithm from IEEE-exact operations only (+ - * / and bit access), so a sweep's
// table is the same bytes in every JavaScript engine: Math.log is not specified to the bit, and
// Chromium 156 and Node 20 disagree in the last bit for about 9% of doubles (measured). The
// algorithm and constants are fdlibm's e_log.c (x = 2^k (1 + f), log(1 + f) from s = f / (2 + f)
// by a minimax polynomial in s²; error < 1 ulp).
const view = new DataView(new ArrayBuffer(8));
const hiWord = (x) => (view.setFloat64(0, x), view.getInt32(0));
const withHiWord = (x, hi) => (view.setFloat64(0, x), view.setInt32(0, hi), view.getFloat64(0));

const LN2_HI = 6.93147180369123816490e-01, LN2_LO = 1.90821492927058770002e-10, TWO54 = 1.80143985094819840000e+16;
const LG1 = 6.666666666666735130e-01, LG2 = 3.999999999940941908e-01, LG3 = 2.857142874366239149e-01,
  LG4 = 2.222219843214978396e-01, LG5 = 1.818357216161805012e-01, LG6 = 1.531383769920937332e-01,
  LG7 = 1.479819860511658591e-01;

/** ln(x), the same double in every engine. */
export function ln(x) {
  if (Number.isNaN(x) || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  let k = 0;
  let hx = hiWord(x);
  if (hx < 0x00100000) {  // subnormal: scale into the normal range
    k -= 54;
    x *= TWO54;
    hx = hiWord(x);
  }
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  x = withHiWord(x, hx | (i ^ 0x3ff00000));  // x or x/2 into [sqrt(2)/2, sqrt(2))
  k += i >> 20;
  const f = x - 1.0;
  const dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {  // |f| < 2^-20
    if (f === 0) return k === 0 ? 0 : dk * LN2_HI + dk * LN2_LO;
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - R : dk * LN2_HI - ((R - dk * LN2_LO) - f);
  }
  const s = f / (2.0 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const R = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : dk * LN2_HI - ((hfsq - (s * (hfsq + R) + dk * LN2_LO)) - f);
  }
  return k === 0 ? f - s * (f - R) : dk * LN2_HI - ((s * (f - R) - dk * LN2_LO) - f);
}
