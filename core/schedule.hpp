// Learning-rate schedules: the rate of step t from the configured base rate.
//   constant  lr
//   step      lr * gamma^floor(t / stepEvery)
//   cosine    lr_min + (lr - lr_min) (1 + cos(pi t / T)) / 2 for t < T, then lr_min,
//             with lr_min = minLearningRate * lr and T = cosineSteps (Loshchilov & Hutter 2017)
#pragma once
#include "config.hpp"
#include "detmath.hpp"

namespace gl {

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
