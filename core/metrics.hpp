// The figures a session reports (Metrics, with one LayerStats per layer) and their flat form
// for the bindings: one array of doubles whose layout, names and values, comes from a single
// table in metrics.cpp.
#pragma once
#include <array>
#include <cmath>
#include <cstddef>
#include <vector>

#include "kinds.hpp"

namespace gl {

inline constexpr int kHistBins = 32;
inline constexpr float kGradLogLo = -14, kGradLogHi = 2;  // gradient histogram: log10 |dL/dz| range

/// Per-layer instruments. Gradient figures come from the full training set ("probe") at the
/// current weights; the update ratio from the last training step.
struct LayerStats {
  int units = 0;
  double grad_w_norm = 0;  // ||dL/dW||_F of the mean training loss
  double grad_b_norm = 0;  // ||dL/db||
  double grad_z_rms = 0;   // rms over examples and units of the per-example dl/dz (back-propagated)
  double weight_norm = 0, bias_norm = 0;
  double update_ratio = 0;  // ||delta W|| / ||W|| of the last step
  double pre_mean = 0, pre_std = 0, act_mean = 0, act_std = 0;
  int dead = 0;       // f'(z) == 0 for every example: no gradient can ever reach the unit
  int inactive = 0;   // z <= 0 for every example but f' != 0 (e.g. leaky ReLU): can recover
  int saturated = 0;  // |f'| < 5% of its peak for most examples (sigmoid, tanh)
  bool all_zero = false;  // every activation exactly 0 for every example
  float pre_lo = -5, pre_hi = 5, act_lo = -1, act_hi = 1;
  std::array<double, kHistBins> pre_hist{}, act_hist{}, grad_hist{};
  double grad_zeros = 0;  // examples x units with dl/dz exactly 0 (not in grad_hist)
};

struct Metrics {
  long long step = 0, epoch = 0, evaluated_step = -1;
  long long layers_step = -1;  // step of the last diagnostic evaluation (the per-layer figures)
  double train_loss = NAN, test_loss = NAN, train_acc = NAN, test_acc = NAN;
  double batch_loss = NAN, grad_norm = NAN, lr = 0;
  Divergence diverged = Divergence::none;
  long long diverged_step = -1;
  // Some hidden layer outputs exactly 0 for every input, so the output is constant and no
  // gradient reaches the layers below. At step 0 the network was born dead; later it died.
  bool born_dead = false;
  bool output_constant = false;  // the output does not vary (numerically) across inputs
  std::vector<LayerStats> layers;  // hidden layers, then the output layer
};

/// The metrics as one flat array of doubles (for the bindings): the global values in
/// kMetricNames order, then per layer kLayerMetricNames followed by three histograms
/// (pre-activations, activations, log10 |dL/dz|) of kHistBins each.
extern const std::vector<const char*> kMetricNames;
extern const std::vector<const char*> kLayerMetricNames;
std::size_t metrics_size(int layers);
void pack_metrics(const Metrics& m, double* out);

}  // namespace gl
