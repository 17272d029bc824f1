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
// Each histogram's range follows its layer's values at that evaluation (layer_stats.hpp): the
// pre-activations' and activations' from their smallest to their largest value, the gradient's
// over the decades of log10 |dL/dz| its values occupy, on a grid of 1/16 decade. These are the
// ranges of a layer that has no values to show.
inline constexpr float kPreLo = -5, kPreHi = 5, kActLo = -1, kActHi = 1, kGradLogLo = -14, kGradLogHi = 2;
inline constexpr int kGradPerDecade = 16;                 // the gradient's finest bins: 1/16 decade ...
inline constexpr int kGradFineLo = -46, kGradFineHi = 40;  // ... from below float32's smallest to above its largest
inline constexpr int kGradFineBins = (kGradFineHi - kGradFineLo) * kGradPerDecade;
// The gradient's range spans at most this many decades below the layer's largest |dL/dz|.
// A per-example gradient 10^12 times smaller than another adds nothing to their sum in float32
// (7 significant digits), so it moves no weight; such values (a saturated output's 1e-37 next
// to 1e4, in a too-large initialisation) are counted apart instead of stretching the range
// over forty decades, which would leave the values that matter in two bins.
inline constexpr int kGradMaxDecades = 12;

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
  // each histogram's range: kHistBins equal bins from lo to hi (the gradient's of log10 |dL/dz|)
  float pre_lo = kPreLo, pre_hi = kPreHi, act_lo = kActLo, act_hi = kActHi, grad_lo = kGradLogLo, grad_hi = kGradLogHi;
  std::array<double, kHistBins> pre_hist{}, act_hist{}, grad_hist{};
  double grad_zeros = 0;  // examples x units with dl/dz exactly 0 (not in grad_hist)
  double grad_below = 0;  // ... with 0 < |dl/dz| below 10^grad_lo: more than kGradMaxDecades under the largest (not in grad_hist)
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
