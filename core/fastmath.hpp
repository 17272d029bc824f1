// Elementary functions for the float32 engine, written once for a scalar float or a
// 4-lane vector (see simd.hpp) out of IEEE-exact lane operations only. The scalar,
// wasm-SIMD and native builds therefore agree to the bit, and the activation kernels
// vectorise instead of calling libm once per element.
//
// `MathOf<T>` picks the policy the templated math uses: these approximations for float,
// the C library for double. The finite-difference gradient checks run the very same
// activation and loss formulas in double, while tests/core/test_activations.cpp bounds the
// float approximations against the double ones.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "simd.hpp"

namespace gl {
namespace fm {

inline int32_t bits(float x) { int32_t i; std::memcpy(&i, &x, 4); return i; }
inline float from_bits(int32_t i) { float x; std::memcpy(&x, &i, 4); return x; }
inline vmask<float> bits(vec<float> x) { return (vmask<float>)x; }
inline vec<float> from_bits(vmask<float> i) { return (vec<float>)i; }

template <class V> inline V k(float c) { return V{} + c; }

/// 2^e as a float for integer e in [-126, 127]: e + 127 placed in the exponent field.
/// The shift is done unsigned, so garbage from a NaN input is harmless (no UB).
inline float pow2i(int32_t e) { return from_bits(static_cast<int32_t>(static_cast<uint32_t>(e + 127) << 23)); }
inline vec<float> pow2i(vmask<float> e) {
  typedef uint32_t u4 __attribute__((vector_size(16)));
  return from_bits((vmask<float>)((u4)(e + 127) << 23));
}

/// Clamp that lets NaN through (so divergence stays visible).
template <class V> inline V clamp(V x, float lo, float hi) { return vmax(vmin(x, k<V>(hi)), k<V>(lo)); }

/// The range reduction x = n ln 2 + r (|r| <= ln 2 / 2) that exp and exp_expm1_neg share:
/// returns m = e^r - 1 from a degree-7 polynomial and sets s = 2^n, so e^x = (m + 1) s.
template <class V> inline V expm1_reduced(V x, V& s) {
  constexpr float kMagic = 12582912.0f;  // 1.5 * 2^23: adding it rounds to an integer
  const V t = x * 1.44269504088896341f + kMagic;
  const V n = t - kMagic;
  V r = x - n * 0.693359375f;  // ln 2 split in two: n * 0.693359375 is exact
  r = r - n * -2.12194440e-4f;
  V p = k<V>(1.9875691500e-4f);
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  s = pow2i(bits(t) - bits(kMagic));  // bits(t) - bits(kMagic) is the integer n
  return p * (r * r) + r;
}

/// e^x, ~1 ulp (Cephes expf). Inputs are clamped to [-87, 88], so the result is always a
/// finite normal float: exp never overflows, which keeps every activation finite at |x| = 1e4.
template <class V> inline V exp(V x) {
  x = clamp(x, -87.0f, 88.0f);
  V s;
  const V m = expm1_reduced(x, s);
  return (m + 1.0f) * s;
}

/// e^x and e^x - 1 for x <= 0 (or NaN) from one range reduction: with m = e^r - 1,
/// e^x = 2^n (m + 1) and e^x - 1 = 2^n m + (2^n - 1), which keeps m's relative accuracy near 0
/// (where e^x - 1 itself would cancel) and has no cancellation below (2^n <= 1/2). Clamped at
/// -87 like exp, whose value it gives to the bit.
template <class V> inline void exp_expm1_neg(V x, V& e, V& em1) {
  x = vmax(x, k<V>(-87.0f));  // x <= 0: exp's upper clamp would never bite
  V s;
  const V m = expm1_reduced(x, s);
  e = (m + 1.0f) * s;
  em1 = m * s + (s - 1.0f);
}

/// e^x - 1 without cancellation near 0: Taylor series for |x| < 0.5.
template <class V> inline V expm1(V x) {
  V p = x * (1.0f / 40320);
  p = (p + 1.0f / 5040) * x;
  p = (p + 1.0f / 720) * x;
  p = (p + 1.0f / 120) * x;
  p = (p + 1.0f / 24) * x;
  p = (p + 1.0f / 6) * x;
  p = (p + 0.5f) * x;
  const V small = (p + 1.0f) * x;
  return select(vabs(x) < k<V>(0.5f), small, exp(x) - 1.0f);
}

/// log(1 + y) for y in [0, 1]: 2 atanh(s), s = y / (2 + y) <= 1/3, as a series (rel. error < 2e-9).
template <class V> inline V log1p01(V y) {
  const V s = y / (y + 2.0f), s2 = s * s;
  V p = k<V>(1.0f / 17);
  for (float c : {1.0f / 15, 1.0f / 13, 1.0f / 11, 1.0f / 9, 1.0f / 7, 1.0f / 5, 1.0f / 3, 1.0f}) p = p * s2 + c;
  return 2.0f * s * p;
}

/// Natural log for positive normal floats (x = m 2^e, m in [sqrt(1/2), sqrt(2))).
template <class V> inline V log(V x) {
  const auto b = bits(x);
  auto e = (b >> 23) - 127;
  V m = from_bits((b & 0x007fffff) | 0x3f800000);  // [1, 2)
  const auto big = m > k<V>(1.41421356f);
  m = select(big, m * 0.5f, m);
  if constexpr (std::is_same_v<V, float>) {
    e += big ? 1 : 0;
  } else {
    e -= big;  // vector comparisons give -1 for true
  }
  const V s = (m - 1.0f) / (m + 1.0f), s2 = s * s;
  V p = k<V>(1.0f / 13);
  for (float c : {1.0f / 11, 1.0f / 9, 1.0f / 7, 1.0f / 5, 1.0f / 3, 1.0f}) p = p * s2 + c;
  V ef;
  if constexpr (std::is_same_v<V, float>) ef = static_cast<float>(e);
  else ef = __builtin_convertvector(e, vec<float>);
  return ef * 0.693359375f + (ef * -2.12194440e-4f + 2.0f * s * p);
}

/// x with the sign bit of y set (x >= +0): y's sign transplanted in two bit operations.
inline float with_sign_of(float x, float y) { return from_bits(bits(x) | (bits(y) & int32_t(0x80000000))); }
inline vec<float> with_sign_of(vec<float> x, vec<float> y) {
  return from_bits(bits(x) | (bits(y) & int32_t(0x80000000)));
}

/// erfc(z) for z >= 0 (Numerical Recipes' Chebyshev fit, fractional error < 1.2e-7).
template <class V> inline V erfc_pos(V z) {
  const V t = 1.0f / (z * 0.5f + 1.0f);
  V p = k<V>(0.17087277f);
  for (float c : {-0.82215223f, 1.48851587f, -1.13520398f, 0.27886807f, -0.18628806f, 0.09678418f,
                  0.37409196f, 1.00002368f, -1.26551223f})
    p = p * t + c;
  return t * exp(p - z * z);
}

}  // namespace fm

/// The float policy: the approximations above.
struct FloatMath {
  template <class V> static V exp(V x) { return fm::exp(x); }
  template <class V> static V expm1(V x) { return fm::expm1(x); }
  template <class V> static V log1p01(V x) { return fm::log1p01(x); }
  template <class V> static V log(V x) { return fm::log(x); }
  template <class V> static void exp_expm1_neg(V x, V& e, V& em1) { fm::exp_expm1_neg(x, e, em1); }
  template <class V> static V with_sign_of(V x, V y) { return fm::with_sign_of(x, y); }
  template <class V> static V erfc_pos(V x) { return fm::erfc_pos(x); }
};

/// The double policy: the C library, lane by lane (used by the gradient checks).
struct DoubleMath {
  template <class F> static double map(double x, F f) { return f(x); }
  template <class F> static vec<double> map(vec<double> x, F f) {
    vec<double> r;
    for (int i = 0; i < lanes<double>; ++i) r[i] = f(x[i]);
    return r;
  }
  template <class V> static V exp(V x) { return map(x, [](double v) { return std::exp(v); }); }
  template <class V> static V expm1(V x) { return map(x, [](double v) { return std::expm1(v); }); }
  template <class V> static V log1p01(V x) { return map(x, [](double v) { return std::log1p(v); }); }
  template <class V> static V log(V x) { return map(x, [](double v) { return std::log(v); }); }
  template <class V> static void exp_expm1_neg(V x, V& e, V& em1) {
    e = exp(x);
    em1 = expm1(x);
  }
  template <class V> static V with_sign_of(V x, V y) { return select(y < V{}, -x, x); }
  template <class V> static V erfc_pos(V x) { return map(x, [](double v) { return std::erfc(v); }); }
};

template <class T> using MathOf = std::conditional_t<std::is_same_v<T, float>, FloatMath, DoubleMath>;

}  // namespace gl
