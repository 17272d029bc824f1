// The per-layer statistics and the unit states of a diagnostic evaluation, accumulated over the
// training set chunk by chunk: pre-activation and activation moments and histograms, the
// back-propagated gradient's rms and histogram, and per unit whether any example gave it a
// gradient, a positive input, a non-zero output (dead, inactive, saturated, blocked units).
//
// The histograms' ranges follow the data, so a layer whose values are thousands of times
// larger than its neighbour's still spreads over its bins instead of piling into the end ones:
// - pre-activations and activations: kHistBins equal bins from the layer's smallest to its
//   largest finite value over the training set at these weights. The range is fixed before the
//   first value is binned, from a forward pass over the chunks (widen(), then fix_ranges());
//   with one chunk (the usual playground set) that pass is the evaluation's own forward pass.
// - the gradient: counted on a fine grid of log10 |dL/dz| (kGradPerDecade bins per decade over
//   float32's whole range) in the same pass, and merged at finish() into kHistBins bins of
//   whole fine bins over the decades the values occupy, at most kGradMaxDecades below the
//   largest (those under them counted in grad_below): exact, with no second backward pass.
// Both are pure functions of the weights and the data, whatever the evaluation cadence, and
// allocate nothing after construction.
#pragma once
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "config.hpp"
#include "metrics.hpp"
#include "network.hpp"

namespace gl {

inline constexpr double kSaturationSlope = 0.05;  // |f'| below 5% of its peak counts as saturated ...
inline constexpr double kSaturationShare = 0.5;   // ... for more than half of the examples

class LayerStatsAccumulator {
 public:
  LayerStatsAccumulator() = default;
  explicit LayerStatsAccumulator(const Net<float>& net);

  /// Starts a pass: empty statistics in m.layers, no range seen yet.
  void begin(const Net<float>& net, Metrics& m);
  /// Widens each layer's pre-activation and activation range to the finite values of the
  /// `rows` examples the workspace holds after a forward pass.
  void widen(const Net<float>& net, const Workspace<float>& ws, int rows);
  /// Sets the pre-activation and activation histograms' ranges from what widen() saw; called
  /// once, before the first add().
  void fix_ranges(Metrics& m) const;
  /// Adds the `rows` examples the workspace holds after forward and backward; `count` is the
  /// number of examples the loss is averaged over (to recover per-example gradients).
  void add(const Net<float>& net, const Workspace<float>& ws, int rows, double count, Metrics& m);
  /// Finishes the figures of `count` examples, the flags (born dead, constant output) and one
  /// UnitState per unit (hidden layers, then outputs) into `states`.
  void finish(const Net<float>& net, const std::vector<float>& update_ratios, double count, Metrics& m,
              std::vector<uint8_t>& states);

 private:
  struct UnitTrack {
    std::vector<uint8_t> grad_seen, positive_seen, nonzero_seen, dz_seen;
    std::vector<int> saturated_count;
    std::vector<float> lo, hi;
    std::array<double, 5> sums{};  // z, z^2, a, a^2, g^2
    float z_lo = INFINITY, z_hi = -INFINITY, a_lo = INFINITY, a_hi = -INFINITY;  // the range widen() saw
    std::vector<double> grad_fine;  // kGradFineBins counts of log10 |dL/dz|
  };
  std::vector<UnitTrack> track_;
};

}  // namespace gl
