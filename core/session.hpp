// A training session: data, network, optimiser state and the instruments that look inside.
//
// Everything a session does is a pure function of its configuration (and user data):
// the same configuration gives bit-identical weights after any number of steps, in every
// build. Nothing allocates per step; evaluation and grids allocate only when a larger
// buffer is first needed.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "config.hpp"
#include "dataset.hpp"
#include "kinds.hpp"
#include "limits.hpp"
#include "network.hpp"
#include "optimizer.hpp"
#include "rng.hpp"

namespace gl {

inline constexpr int kHistBins = 32;
inline constexpr double kSaturationSlope = 0.05;  // |f'| below 5% of its peak counts as saturated ...
inline constexpr double kSaturationShare = 0.5;   // ... for more than half of the examples
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

  // ---- instruments ----
  /// Train/test loss and accuracy and, with `diagnostics`, every per-layer statistic.
  const Metrics& evaluate(bool diagnostics = true);
  const Metrics& metrics() const { return m_; }
  bool diverged() const { return m_.diverged != Divergence::none; }

  // ---- grids over the input plane (2-D sets) or line (fit1d) ----
  /// 2 for 2-D data, 1 for fit1d, 0 when there is no input plane (highdim, custom).
  int grid_dims() const;
  /// Number of grid points for a resolution (res^dims).
  int grid_points(int res) const;
  /// Output values over the grid: points x outputs (probabilities for softmax). Row 0 of a
  /// 2-D grid is the top (largest x2); cells are sampled at their centres on [-6, 6].
  const std::vector<float>& predict_grid(int res);
  /// Every unit's activation over the grid, unit-major: [unit][point], units in order
  /// inputs (features), hidden layers, outputs.
  const std::vector<float>& neuron_grids(int res);
  int unit_count() const;

  // ---- weights ----
  /// One state per unit (hidden layers, then outputs) from the last diagnostic evaluation.
  const std::vector<uint8_t>& unit_states() const { return unit_states_; }

  /// Flat layout per layer: W (out x in, row-major: w[j*in+i] feeds input i to unit j), then b.
  std::size_t param_count() const { return net_.param_count(); }
  void export_weights(float* out) const;
  /// dL/dW and dL/db in the weights' layout: the gradient last computed, i.e. of the mean
  /// training loss after evaluate(true) (the per-layer norms it reports are their norms), or
  /// of the last training step's batch after step().
  void export_gradients(float* out) const;
  /// Throws std::invalid_argument (leaving the weights unchanged) if any value is not finite.
  void import_weights(const float* in);
  /// Binary blob: "GLW1", u32 layer count, per layer u32 in, u32 out, then the flat floats.
  std::vector<uint8_t> save_weights() const;
  /// Throws std::invalid_argument on a malformed blob or one that does not match the network.
  void load_weights(const uint8_t* blob, std::size_t size);

  /// Rows of the network input for the training / test points (after feature maps).
  const Mat<float>& train_inputs() const { return x_train_; }
  const Mat<float>& test_inputs() const { return x_test_; }

 private:
  void build_rows(const std::vector<int>& idx, Mat<float>& X, Mat<float>& Y) const;
  void init_weights_from_seed();
  bool train_batch(bool want_loss);  // false if the step diverged (and was not applied)
  void begin_epoch();
  const Mat<float>& grid_inputs(int res);
  double pass(const Mat<float>& X, const Mat<float>& Y, int n, bool diagnostics, double& correct);
  void accumulate_stats(int rows, double count);
  void finish_stats(double count);
  void ensure_workspace(int rows);

  Config cfg_;
  Resolved res_;
  Data data_;
  Net<float> net_;
  Workspace<float> ws_;
  DataShape custom_shape_;
  Mat<float> x_train_, y_train_, x_test_, y_test_;
  Mat<float> y_batch_;  // targets of the current mini-batch
  // optimiser state: per layer, slots for weights and biases
  std::vector<std::array<Mat<float>, 2>> w_slots_;
  std::vector<std::array<RowVec<float>, 2>> b_slots_;
  double beta1_t_ = 1, beta2_t_ = 1;
  Rng batch_rng_{1, Stream::batch};
  std::vector<int> order_;
  int cursor_ = 0;
  Metrics m_;
  Metrics kept_;  // m_ before the current evaluation, restored if it finds the run diverged
  std::vector<uint8_t> kept_states_;  // unit_states_ likewise
  std::vector<float> last_update_ratio_;
  // evaluation scratch, per layer and unit
  struct UnitTrack {
    std::vector<uint8_t> grad_seen, positive_seen, nonzero_seen, dz_seen;
    std::vector<int> saturated_count;
    std::vector<float> lo, hi;
    std::array<double, 5> sums{};  // z, z^2, a, a^2, g^2
  };
  std::vector<UnitTrack> track_;
  std::vector<uint8_t> unit_states_;
  // grid caches
  // Network inputs at the grid points, for the two most recent resolutions: a frame asks for
  // the output heatmap and the neuron thumbnails at different ones.
  struct GridInputs {
    int res = -1;
    Mat<float> x;
  };
  std::array<GridInputs, 2> grid_inputs_;
  std::vector<float> grid_out_, neuron_out_;
};

/// The metrics as one flat array of doubles (for the bindings): the global values in
/// kMetricNames order, then per layer kLayerMetricNames followed by three histograms.
extern const std::vector<const char*> kMetricNames;
extern const std::vector<const char*> kLayerMetricNames;
std::size_t metrics_size(int layers);
void pack_metrics(const Metrics& m, double* out);

}  // namespace gl
