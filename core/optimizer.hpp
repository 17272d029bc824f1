// Optimisers and regularisation, as element-wise updates of one parameter array (the
// learning-rate schedules are in schedule.hpp). Conventions follow PyTorch's torch.optim (so
// results can be compared):
//   sgd       w -= lr g
//   momentum  v = mu v + g;                       w -= lr v
//   nesterov  v = mu v + g;                       w -= lr (g + mu v)
//   rmsprop   s = rho s + (1 - rho) g^2;          w -= lr g / (sqrt(s) + eps)
//   adam      m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
//             w -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)      (Kingma & Ba 2015)
// Regularisation adds l2 w + l1 sign(w) to the (already clipped) gradient of weights only.
#pragma once
#include <cmath>
#include <cstddef>

#include "kinds.hpp"
#include "simd.hpp"

namespace gl {

struct OptStep {
  OptKind kind = OptKind::sgd;
  float lr = 0.01f, momentum = 0.9f, beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f, rho = 0.9f;
  float l1 = 0, l2 = 0;
  float bc1 = 1, bc2 = 1;  // Adam's bias corrections 1 - beta^t for this step
  float grad_scale = 1;    // gradient-norm clipping factor (1: no clipping)
};

struct UpdateSums {
  double dw2 = 0, w2 = 0;  // sum of squared updates and of squared new weights
};

namespace detail {

// `plain`: no clipping and no regularisation on this array, so the gradient is used as it is
// (the terms g * 1 + 0 * w + 0 * sign(w) would only turn a -0 gradient into +0).
template <OptKind kind, bool plain>
UpdateSums update_k(const OptStep& o, float* w, const float* g, float* s1, float* s2, std::size_t n, bool decay) {
  using V = vec<float>;
  const V lr = splat(o.lr), mu = splat(o.momentum), gs = splat(o.grad_scale);
  const V l1 = splat(decay ? o.l1 : 0.0f), l2 = splat(decay ? o.l2 : 0.0f);
  const V b1 = splat(o.beta1), b2 = splat(o.beta2), rho = splat(o.rho), eps = splat(o.eps);
  const V one = splat(1.0f), zero{};
  const V inv_bc1 = splat(1.0f / o.bc1), inv_bc2 = splat(1.0f / o.bc2);
  V dw2{}, w2{};  // lane-wise partial sums: a fixed order in every build
  for (std::size_t i = 0; i < n; i += lanes<float>) {
    const V wi = load(w + i);
    V gi = load(g + i);
    if constexpr (!plain) {
      const V sign = select(wi > zero, one, select(wi < zero, -one, zero));
      gi = gi * gs + l2 * wi + l1 * sign;
    }
    V step;
    if constexpr (kind == OptKind::sgd) {
      step = lr * gi;
    } else if constexpr (kind == OptKind::momentum || kind == OptKind::nesterov) {
      const V v = mu * load(s1 + i) + gi;
      store(s1 + i, v);
      step = kind == OptKind::momentum ? lr * v : lr * (gi + mu * v);
    } else if constexpr (kind == OptKind::rmsprop) {
      const V s = rho * load(s1 + i) + (one - rho) * gi * gi;
      store(s1 + i, s);
      step = lr * gi / (vsqrt(s) + eps);
    } else {
      const V m = b1 * load(s1 + i) + (one - b1) * gi;
      const V v = b2 * load(s2 + i) + (one - b2) * gi * gi;
      store(s1 + i, m);
      store(s2 + i, v);
      step = lr * (m * inv_bc1) / (vsqrt(v * inv_bc2) + eps);
    }
    const V nw = wi - step;
    store(w + i, nw);
    dw2 = dw2 + step * step;
    w2 = w2 + nw * nw;
  }
  return {hsum(dw2), hsum(w2)};
}

template <bool plain>
UpdateSums update_as(const OptStep& o, float* w, const float* g, float* s1, float* s2, std::size_t n, bool decay) {
  switch (o.kind) {
    case OptKind::sgd: return update_k<OptKind::sgd, plain>(o, w, g, s1, s2, n, decay);
    case OptKind::momentum: return update_k<OptKind::momentum, plain>(o, w, g, s1, s2, n, decay);
    case OptKind::nesterov: return update_k<OptKind::nesterov, plain>(o, w, g, s1, s2, n, decay);
    case OptKind::rmsprop: return update_k<OptKind::rmsprop, plain>(o, w, g, s1, s2, n, decay);
    case OptKind::adam: return update_k<OptKind::adam, plain>(o, w, g, s1, s2, n, decay);
  }
  return {};
}

}  // namespace detail

/// Updates n parameters w (n a multiple of kPad) from gradients g with optimiser slots s1, s2
/// (unused ones may be null). `decay` applies l1/l2 (weights, not biases). Returns the
/// squared norms the update ratio needs.
inline UpdateSums apply_update(const OptStep& o, float* w, const float* g, float* s1, float* s2, std::size_t n, bool decay) {
  if (o.grad_scale == 1 && (!decay || (o.l1 == 0 && o.l2 == 0))) return detail::update_as<true>(o, w, g, s1, s2, n, decay);
  return detail::update_as<false>(o, w, g, s1, s2, n, decay);
}

/// Sum of squares in lane-wise float partial sums (n a multiple of kPad): the gradient norm of
/// every step, so it must be cheap and give the same bits in every build.
inline double sum_squares(const float* p, std::size_t n) {
  vec<float> acc{};
  for (std::size_t i = 0; i < n; i += lanes<float>) {
    const vec<float> v = load(p + i);
    acc = acc + v * v;
  }
  return hsum(acc);
}

/// Number of state arrays the optimiser keeps per parameter array.
inline int optimizer_slots(OptKind k) { return k == OptKind::sgd ? 0 : k == OptKind::adam ? 2 : 1; }

}  // namespace gl
