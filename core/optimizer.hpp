// Optimisers, regularisation and learning-rate schedules, as element-wise updates of one
// parameter array. Conventions follow PyTorch's torch.optim (so results can be compared):
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

#include "config.hpp"
#include "detmath.hpp"

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

/// Updates n parameters w from gradients g with optimiser slots s1, s2 (unused ones may be
/// null). `decay` applies l1/l2 (weights, not biases). Returns the squared norms the update
/// ratio needs.
inline UpdateSums apply_update(const OptStep& o, float* w, const float* g, float* s1, float* s2, std::size_t n, bool decay) {
  UpdateSums sums;
  const float l1 = decay ? o.l1 : 0.0f, l2 = decay ? o.l2 : 0.0f;
  for (std::size_t i = 0; i < n; ++i) {
    const float wi = w[i];
    const float sign = wi > 0 ? 1.0f : wi < 0 ? -1.0f : 0.0f;
    const float gi = g[i] * o.grad_scale + l2 * wi + l1 * sign;
    float step;
    switch (o.kind) {
      case OptKind::sgd: step = o.lr * gi; break;
      case OptKind::momentum: s1[i] = o.momentum * s1[i] + gi; step = o.lr * s1[i]; break;
      case OptKind::nesterov: s1[i] = o.momentum * s1[i] + gi; step = o.lr * (gi + o.momentum * s1[i]); break;
      case OptKind::rmsprop:
        s1[i] = o.rho * s1[i] + (1 - o.rho) * gi * gi;
        step = o.lr * gi / (std::sqrt(s1[i]) + o.eps);
        break;
      case OptKind::adam:
      default:
        s1[i] = o.beta1 * s1[i] + (1 - o.beta1) * gi;
        s2[i] = o.beta2 * s2[i] + (1 - o.beta2) * gi * gi;
        step = o.lr * (s1[i] / o.bc1) / (std::sqrt(s2[i] / o.bc2) + o.eps);
        break;
    }
    const float nw = wi - step;
    w[i] = nw;
    sums.dw2 += double(step) * step;
    sums.w2 += double(nw) * nw;
  }
  return sums;
}

/// Number of state arrays the optimiser keeps per parameter array.
inline int optimizer_slots(OptKind k) { return k == OptKind::sgd ? 0 : k == OptKind::adam ? 2 : 1; }

/// Learning rate at step t (0-based) of a schedule, from the base rate.
inline double scheduled_lr(const Config& c, double base, long long t) {
  switch (c.schedule) {
    case ScheduleKind::constant: return base;
    case ScheduleKind::step: {
      long long k = t / c.stepEvery;
      double f = 1, g = c.stepGamma;  // gamma^k by squaring: exact and the same everywhere
      for (; k > 0 && f > 0; k >>= 1, g *= g)
        if (k & 1) f *= g;
      return base * f;
    }
    case ScheduleKind::cosine: {
      const double lo = base * c.minLearningRate;
      if (t >= c.cosineSteps) return lo;
      return lo + 0.5 * (base - lo) * (1 + det::cos(det::kPi * double(t) / c.cosineSteps));
    }
  }
  return base;
}

}  // namespace gl
