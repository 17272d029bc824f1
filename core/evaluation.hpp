// The instruments' evaluation: train/test loss and accuracy over the whole splits at the current
// weights and, with diagnostics, the per-layer statistics and unit states (layer_stats.hpp). An
// evaluation that finds the run diverged reports the losses that show it and keeps every other
// figure of the last finite evaluation.
#pragma once
#include <cstdint>
#include <vector>

#include "config.hpp"
#include "layer_stats.hpp"
#include "metrics.hpp"
#include "network.hpp"
#include "samples.hpp"

namespace gl {

class Instruments {
 public:
  Instruments() = default;
  explicit Instruments(const Net<float>& net);

  /// Evaluates into `m` (its step counters stay). The network's gradients are left at those
  /// of the mean training loss when `diagnostics` is set.
  void evaluate(Net<float>& net, Workspace<float>& ws, const Resolved& r, const Samples& train, const Samples& test,
                const std::vector<float>& update_ratios, bool diagnostics, Metrics& m);
  /// One state per unit (hidden layers, then outputs) from the last diagnostic evaluation.
  const std::vector<uint8_t>& unit_states() const { return unit_states_; }

 private:
  double pass(Net<float>& net, Workspace<float>& ws, const Resolved& r, const Samples& s, bool diagnostics,
              double& correct, Metrics& m);

  LayerStatsAccumulator stats_;
  std::vector<uint8_t> unit_states_;
  Metrics kept_;                      // the figures before this evaluation, restored if it finds a divergence
  std::vector<uint8_t> kept_states_;  // unit_states_ likewise
};

}  // namespace gl
