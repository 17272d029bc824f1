// Deterministic double-precision exp, log, sin and cos for data generation and the RNG.
//
// The C libraries of the native build (glibc) and of the wasm build (musl) may round
// transcendental functions differently in the last bit. Data sets and Gaussian draws feed
// everything else, so they use these versions, built only from IEEE-exact operations
// (+ - * /, sqrt, floor, ldexp, frexp): every build computes the same bits.
// Accuracy is a few ulp, far below anything the engine (float32) can see.
#pragma once
#include <cmath>
#include <limits>

namespace gl::det {

inline constexpr double kPi = 3.14159265358979323846;
inline constexpr double kLn2Hi = 6.93147180369123816490e-01;  // ln 2, upper bits (exact * small ints)
inline constexpr double kLn2Lo = 1.90821492927058770002e-10;

/// e^x. Cody–Waite reduction x = k ln2 + r, |r| <= ln2/2, then a degree-13 Taylor polynomial.
inline double exp(double x) {
  if (std::isnan(x)) return x;
  if (x > 709.78) return std::numeric_limits<double>::infinity();
  if (x < -745.2) return 0.0;
  const double k = std::floor(x * 1.4426950408889634 + 0.5);
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;
  double p = 1.0 / 6227020800.0;  // 1/13!
  constexpr double inv_fact[] = {1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0,
                                 1.0 / 40320.0, 1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0,
                                 1.0 / 6.0, 0.5, 1.0, 1.0};
  for (double c : inv_fact) p = p * r + c;
  return std::ldexp(p, static_cast<int>(k));
}

/// Natural log. x = m 2^e with m in [sqrt(1/2), sqrt(2)); log m = 2 atanh((m-1)/(m+1)) as a series.
inline double log(double x) {
  if (std::isnan(x) || x < 0) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0) return -std::numeric_limits<double>::infinity();
  if (std::isinf(x)) return x;
  int e = 0;
  double m = std::frexp(x, &e);  // m in [0.5, 1)
  if (m < 0.70710678118654752440) { m *= 2; --e; }
  const double s = (m - 1) / (m + 1), s2 = s * s;  // |s| <= 0.1716
  double p = 1.0 / 23;
  for (int k = 21; k >= 1; k -= 2) p = p * s2 + 1.0 / k;
  return e * kLn2Hi + (e * kLn2Lo + 2 * s * p);
}

namespace detail {
// sin and cos on |r| <= pi/4 by Taylor series (terms to r^17 / r^18).
inline double sin_kernel(double r) {
  const double r2 = r * r;
  double p = 1.0 / 355687428096000.0;  // 1/17!
  constexpr double c[] = {-1.0 / 1307674368000.0, 1.0 / 6227020800.0, -1.0 / 39916800.0,
                          1.0 / 362880.0,         -1.0 / 5040.0,      1.0 / 120.0,
                          -1.0 / 6.0};
  for (double ci : c) p = p * r2 + ci;
  return r + r * r2 * p;  // r + r^3 (-1/3! + r^2 (1/5! - ...))
}
inline double cos_kernel(double r) {
  const double r2 = r * r;
  double p = 1.0 / 6402373705728000.0;  // 1/18!
  constexpr double c[] = {-1.0 / 20922789888000.0, 1.0 / 87178291200.0, -1.0 / 479001600.0,
                          1.0 / 3628800.0,         -1.0 / 40320.0,      1.0 / 720.0,
                          -1.0 / 24.0,             0.5};
  for (double ci : c) p = p * r2 + ci;
  // cos r = 1 - r^2/2 + r^4/24 - ... = 1 - r2 * (1/2 - r2/24 + ...)
  return 1.0 - r2 * p;
}
// Reduces x by multiples of pi/2 (two-part Cody–Waite: k * p1 is exact for |k| < 2^20).
inline double reduce(double x, int& quadrant) {
  const double k = std::floor(x * 0.63661977236758134308 + 0.5);
  quadrant = static_cast<int>(static_cast<long long>(k) & 3);
  constexpr double p1 = 1.57079632673412561417e+00, p1_tail = 6.07710050650619224932e-11;
  return (x - k * p1) - k * p1_tail;
}
}  // namespace detail

inline double sin(double x) {
  if (!std::isfinite(x)) return std::numeric_limits<double>::quiet_NaN();
  int q = 0;
  const double r = detail::reduce(x, q);
  switch (q) {
    case 0: return detail::sin_kernel(r);
    case 1: return detail::cos_kernel(r);
    case 2: return -detail::sin_kernel(r);
    default: return -detail::cos_kernel(r);
  }
}
inline double cos(double x) {
  if (!std::isfinite(x)) return std::numeric_limits<double>::quiet_NaN();
  int q = 0;
  const double r = detail::reduce(x, q);
  switch (q) {
    case 0: return detail::cos_kernel(r);
    case 1: return -detail::sin_kernel(r);
    case 2: return -detail::cos_kernel(r);
    default: return detail::sin_kernel(r);
  }
}

}  // namespace gl::det
