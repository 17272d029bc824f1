// Training: mini-batches drawn in a shuffled order, each batch's gradient, the divergence check
// made before any weight moves, and the optimiser's update with the state it keeps. Nothing
// here allocates per step: every buffer is sized when the run is built.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "config.hpp"
#include "metrics.hpp"
#include "network.hpp"
#include "optimizer.hpp"
#include "rng.hpp"
#include "samples.hpp"
#include "schedule.hpp"

namespace gl {

/// The optimiser's state: per layer, its slots (optimizer_slots of them) for the weights and
/// the biases, and Adam's running powers beta^t for the bias corrections.
struct OptimizerState {
  std::vector<std::array<Mat<float>, 2>> w;
  std::vector<std::array<RowVec<float>, 2>> b;
  double beta1_t = 1, beta2_t = 1;

  OptimizerState() = default;
  OptimizerState(const Net<float>& net, OptKind kind);
  void reset();
};

/// The order of the training points: a Fisher–Yates shuffle per epoch from the batch stream,
/// so every run of a seed draws the same batches.
struct BatchOrder {
  Rng rng{1, Stream::batch};
  std::vector<int> order;
  int cursor = 0;  // the next batch starts here

  BatchOrder() = default;
  explicit BatchOrder(int points) : order(points) {}
  void reset(uint32_t seed);  // the identity order, shuffled for the first epoch
  void shuffle();
  int size() const { return static_cast<int>(order.size()); }
};

/// Draws the initial weights and biases from the configuration's initialiser and seed.
void init_weights_from_seed(Net<float>& net, const Config& c);

class Trainer {
 public:
  Trainer() = default;
  Trainer(const Net<float>& net, OptKind kind, int train_points);

  /// The state at creation for this seed: optimiser slots zeroed, the first epoch's order.
  void reset(uint32_t seed);
  /// Makes room for batches of up to `rows` examples of `outputs` (padded) targets.
  void ensure_rows(int rows, int outputs);
  /// One mini-batch: forward, backward, then the update. Returns false (and leaves the weights
  /// unchanged) if the step diverged; `m` gets the step's figures and the divergence.
  bool train_batch(const Config& c, Net<float>& net, Workspace<float>& ws, const Samples& train, bool want_loss, Metrics& m);
  /// Whether a batch of this size ends the current epoch.
  bool ends_epoch(int batch) const { return batches_.cursor + batch >= batches_.size(); }
  bool at_epoch_start() const { return batches_.cursor == 0; }
  /// ||delta W|| / ||W|| of each layer's last update.
  const std::vector<float>& update_ratios() const { return update_ratio_; }

 private:
  OptimizerState opt_;
  BatchOrder batches_;
  Mat<float> y_batch_;  // targets of the current mini-batch
  std::vector<float> update_ratio_;
};

}  // namespace gl
