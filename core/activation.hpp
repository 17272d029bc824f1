// Activation functions f and their derivatives f', evaluated over a whole layer.
//
// Each formula is written once, for any lane type V and math policy M (fastmath.hpp), and
// returns f(z) and f'(z) together from one evaluation of the expensive part (one exp per
// element for most of them). Derivatives are taken from z in forms that stay accurate in
// both tails (e.g. tanh' = 4e/(1+e)^2 with e = exp(-2|z|), not 1 - tanh^2, which cancels).
//
// Convention at the kinks (as in PyTorch): the z > 0 branch is used only for z > 0, so
// relu'(0) = 0, leaky_relu'(0) = slope, elu'(0) = alpha, selu'(0) = lambda * alpha.
#pragma once
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "fastmath.hpp"

namespace gl {

enum class Act : uint8_t { linear, sigmoid, tanh, relu, leaky_relu, elu, selu, gelu, swish, mish, softplus };
inline constexpr const char* kActNames[] = {"linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu",
                                            "selu",   "gelu",    "swish", "mish", "softplus"};
inline constexpr const char* kActLabels[] = {"Linear", "Sigmoid", "tanh",  "ReLU", "Leaky ReLU", "ELU",
                                             "SELU",   "GELU",    "Swish", "Mish", "Softplus"};  // display names
inline constexpr int kActCount = 11;

// Klambauer et al. 2017, eq. (14): the fixed point (mean 0, variance 1) constants.
inline constexpr double kSeluLambda = 1.0507009873554804934193349852946;
inline constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
// GELU (Hendrycks & Gimpel 2016): sqrt(2/pi) and the cubic coefficient of the tanh form.
inline constexpr double kSqrt2OverPi = 0.79788456080286535588;
inline constexpr double kGeluCubic = 0.044715;
inline constexpr double kInvSqrt2 = 0.70710678118654752440;
inline constexpr double kInvSqrt2Pi = 0.39894228040143267794;

struct ActParams {
  double leaky_slope = 0.01;
  double elu_alpha = 1.0;
  double swish_beta = 1.0;
  bool gelu_tanh = false;  // use the tanh approximation of GELU instead of the exact erf form
};

namespace act {

// Lane type -> element type, so constants are rounded once to float (or kept as double).
template <class V> struct Elem { using type = std::remove_cv_t<std::remove_reference_t<decltype(std::declval<V>()[0])>>; };
template <> struct Elem<float> { using type = float; };
template <> struct Elem<double> { using type = double; };
template <class V> using E = typename Elem<V>::type;
template <class V> inline V K(double x) { return V{} + static_cast<E<V>>(x); }

/// The logistic sigmoid from e = exp(-|z|): both tails without overflow or cancellation.
template <class V> inline void logistic(V z, V e, V& s, V& ds) {
  const V q = K<V>(1) / (K<V>(1) + e);
  s = select(z < K<V>(0), e * q, q);
  ds = e * q * q;  // sigma(z) (1 - sigma(z))
}

template <Act kind, class V, class M> inline void eval(const ActParams& p, V z, V& a, V& d) {
  const V zero = K<V>(0), one = K<V>(1);
  switch (kind) {  // a constant: the compiler keeps one case
    case Act::linear: a = z; d = one; return;
    case Act::sigmoid: logistic(z, M::exp(-vabs(z)), a, d); return;
    case Act::tanh: {
      // From e = exp(-2|z|) and u = e - 1 out of one range reduction: tanh|z| = -u / (2 + u),
      // accurate in relative terms near 0 (no 1 - e to cancel; 2.2e-7 relative at worst over
      // every float), and the slope 1 - tanh^2 = 4e / (1 + e)^2, accurate in the tails; one
      // division for both.
      V e, u;
      M::exp_expm1_neg(K<V>(-2) * vabs(z), e, u);
      const V r = one / (K<V>(2) + u);  // 1 / (1 + e)
      a = M::with_sign_of((zero - u) * r, z);  // 0 - u, not -u: tanh(+0) stays +0
      d = K<V>(4) * e * r * r;
      return;
    }
    case Act::relu:
      a = select(z <= zero, zero, z);  // NaN passes through
      d = select(z > zero, one, zero);
      return;
    case Act::leaky_relu: {
      const V s = K<V>(p.leaky_slope);
      a = select(z > zero, z, s * z);
      d = select(z > zero, one, s);
      return;
    }
    case Act::elu: {
      const V al = K<V>(p.elu_alpha);
      a = select(z > zero, z, al * M::expm1(z));
      d = select(z > zero, one, al * M::exp(z));
      return;
    }
    case Act::selu: {
      const V la = K<V>(kSeluLambda), laal = K<V>(kSeluLambda * kSeluAlpha);
      a = select(z > zero, la * z, laal * M::expm1(z));
      d = select(z > zero, la, laal * M::exp(z));
      return;
    }
    case Act::gelu:
      if (p.gelu_tanh) {
        // 0.5 z (1 + tanh(u)), u = sqrt(2/pi) (z + 0.044715 z^3)
        const V z2 = z * z;
        const V u = K<V>(kSqrt2OverPi) * (z + K<V>(kGeluCubic) * z2 * z);
        // 1 + tanh(u) = 2 / (1 + exp(-2u)), taken from e = exp(-2|u|) on both sides of 0:
        // forming 1 + tanh(u) directly cancels for u << 0 (where GELU is tiny).
        const V e = M::exp(K<V>(-2) * vabs(u)), w = one + e;
        const V one_plus_t = select(u < zero, K<V>(2) * e / w, K<V>(2) / w);
        const V sech2 = K<V>(4) * e / (w * w);
        a = K<V>(0.5) * z * one_plus_t;
        d = K<V>(0.5) * one_plus_t + K<V>(0.5) * z * sech2 * K<V>(kSqrt2OverPi) * (one + K<V>(3 * kGeluCubic) * z2);
      } else {
        // z Phi(z), Phi(z) = erfc(-z / sqrt 2) / 2; derivative Phi(z) + z phi(z)
        const V h = K<V>(0.5) * M::erfc_pos(vabs(z) * K<V>(kInvSqrt2));
        const V Phi = select(z < zero, h, one - h);
        const V phi = K<V>(kInvSqrt2Pi) * M::exp(K<V>(-0.5) * z * z);
        a = z * Phi;
        d = Phi + z * phi;
      }
      return;
    case Act::swish: {
      const V b = K<V>(p.swish_beta), bz = b * z;
      V s, ds;
      logistic(bz, M::exp(-vabs(bz)), s, ds);
      a = z * s;
      d = s + bz * ds;
      return;
    }
    case Act::mish: {
      // tanh(softplus(z)) = n / (n + 2) with n = e^z (e^z + 2); e^z capped at e^20, where
      // the ratio is already 1 in float, so nothing overflows.
      const V e = M::exp(vmin(z, K<V>(20)));
      const V n = e * (e + K<V>(2)), w = n + K<V>(2);
      const V t = n / w;
      const V sig = e / (one + e);
      a = z * t;
      d = t + z * sig * (K<V>(4) * (n + one) / (w * w));  // 1 - t^2 = 4(n+1)/(n+2)^2
      return;
    }
    case Act::softplus: {
      const V e = M::exp(-vabs(z));
      V s, ds;
      logistic(z, e, s, ds);
      a = select(z > zero, z, zero) + M::log1p01(e);
      d = s;
      return;
    }
  }
}

}  // namespace act

template <class T, Act kind, bool derivs>
void activate_k(const ActParams& p, const T* z, T* a, T* d, std::size_t n) {
  using V = vec<T>;
  using M = MathOf<T>;
  constexpr std::size_t L = lanes<T>;
  for (std::size_t i = 0; i < n; i += L) {
    V av, dv;
    act::eval<kind, V, M>(p, load(z + i), av, dv);  // inlined: dv's work is dropped when unused
    store(a + i, av);
    if constexpr (derivs) store(d + i, dv);
  }
}

template <class T, Act kind>
void activate_k(const ActParams& p, const T* z, T* a, T* d, std::size_t n) {
  if (d) activate_k<T, kind, true>(p, z, a, d, n);
  else activate_k<T, kind, false>(p, z, a, d, n);
}

/// a = f(z) and, if d is not null, d = f'(z), for n elements (n a multiple of lanes<T>).
template <class T>
void activate(Act kind, const ActParams& p, const T* z, T* a, T* d, std::size_t n) {
  switch (kind) {
    case Act::linear: return activate_k<T, Act::linear>(p, z, a, d, n);
    case Act::sigmoid: return activate_k<T, Act::sigmoid>(p, z, a, d, n);
    case Act::tanh: return activate_k<T, Act::tanh>(p, z, a, d, n);
    case Act::relu: return activate_k<T, Act::relu>(p, z, a, d, n);
    case Act::leaky_relu: return activate_k<T, Act::leaky_relu>(p, z, a, d, n);
    case Act::elu: return activate_k<T, Act::elu>(p, z, a, d, n);
    case Act::selu: return activate_k<T, Act::selu>(p, z, a, d, n);
    case Act::gelu: return activate_k<T, Act::gelu>(p, z, a, d, n);
    case Act::swish: return activate_k<T, Act::swish>(p, z, a, d, n);
    case Act::mish: return activate_k<T, Act::mish>(p, z, a, d, n);
    case Act::softplus: return activate_k<T, Act::softplus>(p, z, a, d, n);
  }
}

/// a = f(z) and d = f'(z) (as activate) for a batch-major float layer of 1 or 2 units, whose
/// rows are padded to 4 lanes: the units of 4 (or 2) rows share one vector, so a quarter (a
/// half) of the evaluations are made, the same ones lane by lane. Padded lanes of a and d are
/// written 0 (no pass reads them; back-propagation multiplies them by an exact 0).
template <Act kind>
void activate_narrow_k(const ActParams& p, const float* z, float* a, float* d, int rows, int units) {
  using V = vec<float>;
  const V zero{};
  auto put = [&](int r, V av, V dv) {
    store(a + std::size_t(r) * 4, av);
    store(d + std::size_t(r) * 4, dv);
  };
  if (units == 1) {
    for (int r = 0; r < rows; r += 4) {  // a short last vector has zeros for the missing rows
      const float* zr = z + std::size_t(r) * 4;
      const int m = rows - r;
      V av, dv;
      act::eval<kind, V, FloatMath>(p, V{zr[0], m > 1 ? zr[4] : 0.0f, m > 2 ? zr[8] : 0.0f, m > 3 ? zr[12] : 0.0f}, av, dv);
      put(r, __builtin_shufflevector(av, zero, 0, 4, 4, 4), __builtin_shufflevector(dv, zero, 0, 4, 4, 4));
      if (m > 1) put(r + 1, __builtin_shufflevector(av, zero, 1, 4, 4, 4), __builtin_shufflevector(dv, zero, 1, 4, 4, 4));
      if (m > 2) put(r + 2, __builtin_shufflevector(av, zero, 2, 4, 4, 4), __builtin_shufflevector(dv, zero, 2, 4, 4, 4));
      if (m > 3) put(r + 3, __builtin_shufflevector(av, zero, 3, 4, 4, 4), __builtin_shufflevector(dv, zero, 3, 4, 4, 4));
    }
  } else {
    for (int r = 0; r < rows; r += 2) {
      const float* zr = z + std::size_t(r) * 4;
      const bool two = r + 1 < rows;
      V av, dv;
      act::eval<kind, V, FloatMath>(p, __builtin_shufflevector(load(zr), two ? load(zr + 4) : zero, 0, 1, 4, 5), av, dv);
      put(r, __builtin_shufflevector(av, zero, 0, 1, 4, 4), __builtin_shufflevector(dv, zero, 0, 1, 4, 4));
      if (two) put(r + 1, __builtin_shufflevector(av, zero, 2, 3, 4, 4), __builtin_shufflevector(dv, zero, 2, 3, 4, 4));
    }
  }
}

/// activate_narrow_k for a run-time activation (units 1 or 2, rows of 4 floats, d not null).
inline void activate_narrow(Act kind, const ActParams& p, const float* z, float* a, float* d, int rows, int units) {
  switch (kind) {
    case Act::linear: return activate_narrow_k<Act::linear>(p, z, a, d, rows, units);
    case Act::sigmoid: return activate_narrow_k<Act::sigmoid>(p, z, a, d, rows, units);
    case Act::tanh: return activate_narrow_k<Act::tanh>(p, z, a, d, rows, units);
    case Act::relu: return activate_narrow_k<Act::relu>(p, z, a, d, rows, units);
    case Act::leaky_relu: return activate_narrow_k<Act::leaky_relu>(p, z, a, d, rows, units);
    case Act::elu: return activate_narrow_k<Act::elu>(p, z, a, d, rows, units);
    case Act::selu: return activate_narrow_k<Act::selu>(p, z, a, d, rows, units);
    case Act::gelu: return activate_narrow_k<Act::gelu>(p, z, a, d, rows, units);
    case Act::swish: return activate_narrow_k<Act::swish>(p, z, a, d, rows, units);
    case Act::mish: return activate_narrow_k<Act::mish>(p, z, a, d, rows, units);
    case Act::softplus: return activate_narrow_k<Act::softplus>(p, z, a, d, rows, units);
  }
}

/// Scalar convenience (tests, plots of f and f'): evaluates one point through the vector path.
template <class T> inline void activate1(Act kind, const ActParams& p, T z, T& a, T& d) {
  alignas(16) T zz[lanes<T>] = {z}, aa[lanes<T>], dd[lanes<T>];
  activate<T>(kind, p, zz, aa, dd, lanes<T>);
  a = aa[0];
  d = dd[0];
}

/// Bounded, S-shaped activations: the ones that saturate (Glorot & Bengio 2010, sec. 3).
inline bool saturates(Act a) { return a == Act::sigmoid || a == Act::tanh; }
/// Largest |f'|, the reference for "saturated" (|f'| small compared with it).
inline double peak_slope(Act a) { return a == Act::sigmoid ? 0.25 : 1.0; }
/// Rectifier-like activations with an "off" side for z <= 0 (where dead/inactive is meaningful).
inline bool has_off_region(Act a) {
  return a == Act::relu || a == Act::leaky_relu || a == Act::elu || a == Act::selu || a == Act::gelu ||
         a == Act::swish || a == Act::mish || a == Act::softplus;
}

}  // namespace gl
