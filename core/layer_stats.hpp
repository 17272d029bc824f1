// The per-layer statistics and the unit states of a diagnostic evaluation, accumulated over the
// training set chunk by chunk: pre-activation and activation moments and histograms, the
// back-propagated gradient's rms and histogram, and per unit whether any example gave it a
// gradient, a positive input, a non-zero output (dead, inactive, saturated, blocked units).
#pragma once
#include <array>
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

  /// Starts a pass: empty statistics in m.layers (their histogram ranges set per activation).
  void begin(const Net<float>& net, OutAct out, Metrics& m);
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
  };
  std::vector<UnitTrack> track_;
};

}  // namespace gl
