// A training session: the facade over one run's data, network and the parts that act on it —
// training (training.hpp), the instruments (evaluation.hpp, layer_stats.hpp), grids over the
// input plane (grids.hpp) and weight I/O (weights.hpp). The bindings and the tests use this.
//
// Everything a session does is a pure function of its configuration (and user data):
// the same configuration gives bit-identical weights after any number of steps, in every
// build. Nothing allocates per step; evaluation and grids allocate only when a larger
// buffer is first needed.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "config.hpp"
#include "dataset.hpp"
#include "evaluation.hpp"
#include "grids.hpp"
#include "metrics.hpp"
#include "network.hpp"
#include "samples.hpp"
#include "scores.hpp"
#include "training.hpp"
#include "weights.hpp"

namespace gl {

class Session {
 public:
  /// Validates the configuration (throws ConfigError) and builds the run.
  explicit Session(const Config& config, const UserData* data = nullptr);

  const Config& config() const { return cfg_; }
  const Resolved& resolved() const { return res_; }
  const Data& data() const { return data_; }
  const Net<float>& net() const { return net_; }

  // ---- training ----
  /// Trains n mini-batches; stops early on divergence. Returns the number applied (a step
  /// that diverges is detected before its update and not applied).
  int step(int n = 1);
  /// Trains to the end of the current epoch (at least one step). Returns the steps done.
  int step_epoch();
  /// Same seeds: the same initial weights, data and batch order as at creation.
  void reset();
  /// New weight/batch seed, same data.
  void reseed(uint32_t seed);
  /// Changes a field marked `live` (learning rate, batch size, ...) without resetting.
  void set_live(const std::string& name, double value);
  /// Continues a saved run whose weights were put back: sets the step and epoch counters, so
  /// the learning-rate schedule goes on from there. Optimiser state and batch order start
  /// fresh. Throws std::invalid_argument for a negative step or an epoch beyond the step.
  void resume_at(long long step, long long epoch);

  // ---- instruments ----
  /// Train/test loss and accuracy and, with `diagnostics`, every per-layer statistic.
  const Metrics& evaluate(bool diagnostics = true);
  const Metrics& metrics() const { return m_; }
  bool diverged() const { return m_.diverged != Divergence::none; }
  /// One state per unit (hidden layers, then outputs) from the last diagnostic evaluation.
  const std::vector<uint8_t>& unit_states() const { return instruments_.unit_states(); }

  // ---- grids over the input plane (2-D sets, user data with 2 inputs) or line (fit1d, user
  // data with 1 input): see grids.hpp; the box they cover: domain.hpp ----
  /// 2 for a plane, 1 for a line, 0 when there is none (highdim, user data with 3+ inputs).
  int grid_dims() const { return data_.domain.dims; }
  const InputDomain& input_domain() const { return data_.domain; }
  int grid_points(int res) const { return gl::grid_points(grid_dims(), res); }
  const std::vector<float>& predict_grid(int res) { return grids_.predict(net_, ws_, res_, data_.domain, res); }
  const std::vector<float>& neuron_grids(int res) { return grids_.neurons(net_, ws_, res_, data_.domain, res); }

  // ---- scores of the predictions (scores.hpp) ----
  /// Confusion matrices (classification) or R² (regression) on both splits, at the current weights.
  Scores scores();
  /// Units in the order of neuron_grids: inputs (features), hidden layers, outputs.
  int unit_count() const;

  // ---- weights (layout and blob format: weights.hpp) ----
  std::size_t param_count() const { return net_.param_count(); }
  void export_weights(float* out) const { gl::export_weights(net_, out); }
  /// dL/dW and dL/db in the weights' layout: the gradient last computed, i.e. of the mean
  /// training loss after evaluate(true) (the per-layer norms it reports are their norms), or
  /// of the last training step's batch after step().
  void export_gradients(float* out) const { gl::export_gradients(net_, out); }
  /// New weights end a divergence, and its records go with it: the losses, evaluation step,
  /// batch loss and gradient norm go back to what they were before the step or evaluation that
  /// blew up (nothing evaluated, if that was the first evaluation). Throws std::invalid_argument
  /// (leaving the weights unchanged) if any value is not finite.
  void import_weights(const float* in);
  std::vector<uint8_t> save_weights() const { return gl::save_weights(net_); }
  /// Throws std::invalid_argument on a malformed blob or one that does not match the network.
  void load_weights(const uint8_t* blob, std::size_t size);

  /// Rows of the network input for the training / test points (after feature maps).
  const Mat<float>& train_inputs() const { return train_.x; }
  const Mat<float>& test_inputs() const { return test_.x; }

 private:
  void ensure_workspace(int rows);
  void clear_divergence();

  // The figures a divergence overwrites with its records (the blow-up's losses and gradient
  // norm, and the step of the evaluation that found it), as the last step or evaluation that
  // completed left them. Without them, ending a divergence would leave a run that claims to be
  // fine showing the blow-up's figures: an infinite gradient norm, or an evaluation step with a
  // loss of 1e26 and no accuracy on a classification task (the evaluation that found the blow-up
  // never published one).
  struct Figures {
    double train_loss = NAN, test_loss = NAN, batch_loss = NAN, grad_norm = NAN;
    long long evaluated_step = -1;
  };
  static Figures figures_of(const Metrics& m) { return {m.train_loss, m.test_loss, m.batch_loss, m.grad_norm, m.evaluated_step}; }

  Config cfg_;
  Resolved res_;
  DataShape custom_shape_;  // user data's shape, for re-validating live changes
  Data data_;
  Net<float> net_;
  Workspace<float> ws_;  // max(batch size, kEvalChunk) rows, shared by training, evaluation and grids
  Samples train_, test_;
  Trainer trainer_;
  Instruments instruments_;
  GridCache grids_;
  Metrics m_;
  Figures last_good_;
};

}  // namespace gl
