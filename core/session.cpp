#include "session.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "init.hpp"
#include "schedule.hpp"

namespace gl {
namespace {

void check_user_data(const UserData* u, const Resolved& r) {
  if (!u) return;
  const auto& s = u->shape;
  const std::size_t want_x = std::size_t(s.points) * s.inputs;
  const std::size_t want_y = std::size_t(s.points) * (r.classification ? 1 : s.outputs);
  if (u->inputs.size() != want_x)
    throw ConfigError("data", ConfigError::Kind::range,
                      "data: inputs hold " + std::to_string(u->inputs.size()) + " values, expected " +
                          std::to_string(want_x) + " (points x inputs)");
  if (u->targets.size() != want_y)
    throw ConfigError("data", ConfigError::Kind::range,
                      "data: targets hold " + std::to_string(u->targets.size()) + " values, expected " +
                          std::to_string(want_y));
  for (std::size_t i = 0; i < u->inputs.size(); ++i)
    if (!std::isfinite(u->inputs[i]))
      throw ConfigError("data", ConfigError::Kind::range, "data: input " + std::to_string(i) + " is not finite");
  for (std::size_t i = 0; i < u->targets.size(); ++i) {
    const float t = u->targets[i];
    if (!std::isfinite(t))
      throw ConfigError("data", ConfigError::Kind::range, "data: target " + std::to_string(i) + " is not finite");
    if (r.classification && (t != std::floor(t) || t < 0 || t >= r.classes))
      throw ConfigError("data", ConfigError::Kind::range,
                        "data: label " + std::to_string(i) + " is " + std::to_string(t) + "; labels must be integers 0 to " +
                            std::to_string(r.classes - 1));
  }
}

// Copies n floats (a multiple of kPad) a vector at a time: batch rows are a few floats wide,
// where a memcpy call (a real call in wasm) costs more than the copy.
void copy_row(float* dst, const float* src, int n) {
  for (int i = 0; i < n; i += kPad) store(dst + i, load(src + i));
}

// Fixed-width bins over [lo, hi); values outside land in the end bins (NaN in the first).
struct Binner {
  float lo, scale;
  Binner(float lo_, float hi_) : lo(lo_), scale(kHistBins / (hi_ - lo_)) {}
  int operator()(float v) const {
    const float t = (v - lo) * scale;
    if (!(t >= 0)) return 0;
    return t >= kHistBins ? kHistBins - 1 : static_cast<int>(t);
  }
};

void act_range(Act a, float& lo, float& hi) {
  switch (a) {
    case Act::sigmoid: lo = 0, hi = 1; return;
    case Act::tanh: lo = -1, hi = 1; return;
    case Act::linear: lo = -5, hi = 5; return;
    default: lo = -2, hi = 4; return;  // rectifiers: the flat side and a few units of the linear one
  }
}

}  // namespace

Session::Session(const Config& config, const UserData* user) : cfg_(config) {
  if (cfg_.dataset == DatasetKind::custom && user) {
    custom_shape_ = user->shape;
    res_ = validate(cfg_, &custom_shape_);
    check_user_data(user, res_);
  } else {
    res_ = validate(cfg_, nullptr);
  }
  data_ = make_data(cfg_, res_, user);
  net_ = make_net<float>(res_.inputs, cfg_.hidden, res_.acts, res_.outputs, res_.out, res_.loss, act_params(cfg_));
  build_rows(data_.train, x_train_, y_train_);
  build_rows(data_.test, x_test_, y_test_);
  ensure_workspace(std::max(cfg_.batchSize, kEvalChunk));
  const int slots = optimizer_slots(cfg_.optimizer);
  for (const auto& L : net_.layers) {
    w_slots_.push_back({Mat<float>::Zero(slots >= 1 ? L.in : 0, L.out_s), Mat<float>::Zero(slots >= 2 ? L.in : 0, L.out_s)});
    b_slots_.push_back({RowVec<float>::Zero(slots >= 1 ? L.out_s : 0), RowVec<float>::Zero(slots >= 2 ? L.out_s : 0)});
    UnitTrack t;
    t.grad_seen.resize(L.out);
    t.positive_seen.resize(L.out);
    t.nonzero_seen.resize(L.out);
    t.dz_seen.resize(L.out);
    t.saturated_count.resize(L.out);
    t.lo.resize(L.out);
    t.hi.resize(L.out);
    track_.push_back(std::move(t));
  }
  last_update_ratio_.assign(net_.depth(), 0.0f);
  unit_states_.assign(unit_count() - res_.inputs, static_cast<uint8_t>(UnitState::active));
  kept_.layers.reserve(net_.depth());  // so evaluate() can copy m_ without allocating
  kept_states_.reserve(unit_states_.size());
  order_.resize(data_.train.size());
  reset();
}

void Session::ensure_workspace(int rows) {
  if (ws_.rows >= rows) return;
  ws_ = Workspace<float>(net_, rows);
  y_batch_ = Mat<float>::Zero(rows, padded(res_.outputs));
}

void Session::build_rows(const std::vector<int>& idx, Mat<float>& X, Mat<float>& Y) const {
  const int n = static_cast<int>(idx.size());
  const int k = res_.outputs;
  X = Mat<float>::Zero(n, padded(res_.inputs));
  Y = Mat<float>::Zero(n, padded(k));
  // Class targets: {0, 1} (one-hot for several outputs); tanh outputs use {-1, +1}.
  const float off = res_.out == OutAct::tanh ? -1.0f : 0.0f;
  for (int r = 0; r < n; ++r) {
    const int p = idx[r];
    featurize(res_, data_.raw_dim, &data_.raw[std::size_t(p) * data_.raw_dim], X.row(r).data());
    const float* t = &data_.target[std::size_t(p) * data_.target_dim];
    if (!res_.classification) {
      for (int j = 0; j < k; ++j) Y(r, j) = t[j];
    } else if (k == 1) {
      Y(r, 0) = t[0] > 0 ? 1.0f : off;
    } else {
      for (int j = 0; j < k; ++j) Y(r, j) = j == int(t[0]) ? 1.0f : off;
    }
  }
}

void Session::init_weights_from_seed() {
  Rng rng(cfg_.seed, Stream::init);
  for (auto& L : net_.layers) {
    const auto w = init_weights(cfg_.init, L.in, L.out, cfg_.initGain, cfg_.initScale, rng);
    L.Wt.setZero();
    for (int j = 0; j < L.out; ++j)
      for (int i = 0; i < L.in; ++i) L.Wt(i, j) = static_cast<float>(w[std::size_t(j) * L.in + i]);
    L.b.setZero();
    L.b.head(L.out).setConstant(static_cast<float>(cfg_.biasInit));
    L.sync_transpose();
  }
}

void Session::reset() {
  init_weights_from_seed();
  for (auto& s : w_slots_) s[0].setZero(), s[1].setZero();
  for (auto& s : b_slots_) s[0].setZero(), s[1].setZero();
  beta1_t_ = beta2_t_ = 1;
  batch_rng_ = Rng(cfg_.seed, Stream::batch);
  for (std::size_t i = 0; i < order_.size(); ++i) order_[i] = int(i);
  cursor_ = 0;
  std::fill(last_update_ratio_.begin(), last_update_ratio_.end(), 0.0f);
  m_ = Metrics{};
  m_.lr = scheduled_lr(cfg_, cfg_.learningRate, 0);
  begin_epoch();
}

void Session::reseed(uint32_t seed) {
  cfg_.seed = seed;
  reset();
}

void Session::set_live(const std::string& name, double value) {
  const Field* f = find_field(name);
  if (!f) throw ConfigError(name, ConfigError::Kind::type, name + ": unknown field");
  if (!f->live) throw ConfigError(name, ConfigError::Kind::range, name + ": cannot change during a run (start a new session)");
  // The value may be out of range, or not an integer where one is needed. Check it before
  // Field::set converts it to the member's type: converting NaN, an infinity or a huge double
  // to int is undefined behaviour (found by fuzzing: set_live("batchSize", Infinity)).
  check_number(*f, value, f->name);
  Config next = cfg_;
  f->set(next, value);
  // Re-validate the whole configuration so cross-field rules (batch size vs. data) hold.
  validate(next, cfg_.dataset == DatasetKind::custom ? &custom_shape_ : nullptr);
  cfg_ = next;
  ensure_workspace(std::max(cfg_.batchSize, kEvalChunk));
  m_.lr = scheduled_lr(cfg_, cfg_.learningRate, m_.step);
}

void Session::begin_epoch() {
  // Fisher–Yates with the batch stream: a new order every epoch, the same in every run.
  for (int i = static_cast<int>(order_.size()) - 1; i > 0; --i)
    std::swap(order_[i], order_[batch_rng_.below(static_cast<uint32_t>(i + 1))]);
  cursor_ = 0;
}

int Session::step(int n) {
  int done = 0;
  // Only the last step's loss is reported, so only it is computed (the gradient needs none).
  while (done < n && !diverged() && train_batch(done + 1 == n)) ++done;
  return done;
}

int Session::step_epoch() {
  int done = 0;
  do {
    const bool last = cursor_ + cfg_.batchSize >= static_cast<int>(order_.size());
    if (diverged() || !train_batch(last)) break;
    ++done;
  } while (cursor_ != 0);
  return done;
}

bool Session::train_batch(bool want_loss) {
  const int n_train = static_cast<int>(order_.size());
  const int B = std::min(cfg_.batchSize, n_train - cursor_);
  const int in_s = static_cast<int>(x_train_.cols()), out_s = static_cast<int>(y_train_.cols());
  for (int b = 0; b < B; ++b) {  // gather the batch
    const int r = order_[cursor_ + b];
    copy_row(ws_.input_row(b), x_train_.row(r).data(), in_s);
    copy_row(y_batch_.row(b).data(), y_train_.row(r).data(), out_s);
  }
  forward(net_, ws_, B, true);
  double loss = output_loss(net_, ws_, y_batch_.data(), B, true, B, want_loss) / B;
  backward(net_, ws_, B, false);

  double g2 = 0;
  for (const auto& L : net_.layers) g2 += sum_squares(L.gWt.data(), L.gWt.size()) + sum_squares(L.gb.data(), L.gb.size());
  m_.grad_norm = std::sqrt(g2);
  // Checked before any weight moves, so a diverged run keeps its last finite weights. A
  // non-finite loss always shows in the gradient too (its z or the activations below it are
  // non-finite); the loss itself is then computed to name the cause.
  const bool blown = !std::isfinite(g2) || m_.grad_norm > kExplodedGradNorm;
  if (blown && !want_loss) loss = output_loss(net_, ws_, y_batch_.data(), B, false, B) / B;
  if (want_loss || blown) m_.batch_loss = loss;
  if (blown || !std::isfinite(loss)) {
    m_.diverged = std::isfinite(loss) ? Divergence::gradient : Divergence::loss;
    m_.diverged_step = m_.step;
    return false;
  }

  OptStep o;
  o.kind = cfg_.optimizer;
  o.lr = static_cast<float>(scheduled_lr(cfg_, cfg_.learningRate, m_.step));
  o.momentum = static_cast<float>(cfg_.momentum);
  o.beta1 = static_cast<float>(cfg_.beta1);
  o.beta2 = static_cast<float>(cfg_.beta2);
  o.eps = static_cast<float>(cfg_.epsilon);
  o.rho = static_cast<float>(cfg_.rmsDecay);
  o.l1 = static_cast<float>(cfg_.l1);
  o.l2 = static_cast<float>(cfg_.l2);
  if (cfg_.clipNorm > 0 && m_.grad_norm > cfg_.clipNorm) o.grad_scale = static_cast<float>(cfg_.clipNorm / m_.grad_norm);
  beta1_t_ *= cfg_.beta1;
  beta2_t_ *= cfg_.beta2;
  o.bc1 = static_cast<float>(1 - beta1_t_);
  o.bc2 = static_cast<float>(1 - beta2_t_);
  m_.lr = o.lr;

  double w2_all = 0;
  for (int l = 0; l < net_.depth(); ++l) {
    auto& L = net_.layers[l];
    auto& ws = w_slots_[l];
    auto& bs = b_slots_[l];
    const UpdateSums sw = apply_update(o, L.Wt.data(), L.gWt.data(), ws[0].data(), ws[1].data(), L.Wt.size(), true);
    const UpdateSums sb = apply_update(o, L.b.data(), L.gb.data(), bs[0].data(), bs[1].data(), L.b.size(), false);
    last_update_ratio_[l] = static_cast<float>(sw.w2 > 0 ? std::sqrt(sw.dw2 / sw.w2) : 0.0);
    w2_all += sw.w2 + sb.w2;
    L.sync_transpose();
  }
  ++m_.step;
  cursor_ += B;
  if (cursor_ >= n_train) {
    ++m_.epoch;
    begin_epoch();
  }
  if (!std::isfinite(w2_all)) {  // a backstop: with the gradient bounded this needs ~1e14 steps
    m_.diverged = Divergence::weights;
    m_.diverged_step = m_.step;
  }
  return true;
}

double Session::pass(const Mat<float>& X, const Mat<float>& Y, int n, bool diagnostics, double& correct) {
  const int in_s = static_cast<int>(X.cols()), out_s = static_cast<int>(Y.cols());
  const int k = res_.outputs;
  const int chunk = std::min(ws_.rows, kEvalChunk);
  double total = 0;
  correct = 0;
  for (int start = 0; start < n; start += chunk) {
    const int rows = std::min(chunk, n - start);
    std::memcpy(ws_.input_row(0), X.row(start).data(), sizeof(float) * in_s * rows);
    forward(net_, ws_, rows, diagnostics);
    const float* Yc = Y.row(start).data();
    total += output_loss(net_, ws_, Yc, rows, diagnostics, n);
    if (diagnostics) {
      backward(net_, ws_, rows, start > 0);
      accumulate_stats(rows, n);
    }
    if (res_.classification) {
      const float* A = ws_.A.back().data();
      const float mid = res_.out == OutAct::tanh ? 0.0f : 0.5f;
      for (int r = 0; r < rows; ++r) {
        const float* a = A + std::size_t(r) * out_s;
        const float* y = Yc + std::size_t(r) * out_s;
        if (k == 1) {
          correct += ((a[0] > mid) == (y[0] > mid)) ? 1 : 0;
        } else {
          const int pred = int(std::max_element(a, a + k) - a), truth = int(std::max_element(y, y + k) - y);
          correct += pred == truth ? 1 : 0;
        }
      }
    }
  }
  return n > 0 ? total / n : NAN;
}

void Session::accumulate_stats(int rows, double count) {
  for (int l = 0; l < net_.depth(); ++l) {
    const auto& L = net_.layers[l];
    auto& s = m_.layers[l];
    auto& t = track_[l];
    const bool sat = saturates(L.act);
    const float sat_below = static_cast<float>(kSaturationSlope * peak_slope(L.act));
    const Binner pre_bin(s.pre_lo, s.pre_hi), act_bin(s.act_lo, s.act_hi), grad_bin(kGradLogLo, kGradLogHi);
    for (int r = 0; r < rows; ++r) {
      const std::size_t row = std::size_t(r) * L.out_s;
      const float* z = ws_.Z[l].data() + row;
      const float* a = ws_.A[l + 1].data() + row;
      const float* d = ws_.D[l].data() + row;
      const float* g = ws_.G[l].data() + row;
      for (int j = 0; j < L.out; ++j) {
        const float gj = static_cast<float>(g[j] * count);  // per-example gradient dl/dz
        t.sums[0] += z[j];
        t.sums[1] += double(z[j]) * z[j];
        t.sums[2] += a[j];
        t.sums[3] += double(a[j]) * a[j];
        t.sums[4] += double(gj) * gj;
        s.pre_hist[pre_bin(z[j])] += 1;
        s.act_hist[act_bin(a[j])] += 1;
        const float ag = std::fabs(gj);
        if (ag == 0) s.grad_zeros += 1;
        else s.grad_hist[grad_bin(ag < 1e-30f ? -1e9f : fm::log(ag) * 0.43429448f)] += 1;  // log10 |g|
        t.grad_seen[j] |= d[j] != 0;
        t.positive_seen[j] |= z[j] > 0;
        t.nonzero_seen[j] |= a[j] != 0;
        t.dz_seen[j] |= gj != 0;
        if (sat && std::fabs(d[j]) < sat_below) ++t.saturated_count[j];
        t.lo[j] = std::min(t.lo[j], a[j]);
        t.hi[j] = std::max(t.hi[j], a[j]);
      }
    }
  }
}

void Session::finish_stats(double count) {
  m_.born_dead = false;
  m_.output_constant = true;
  std::size_t first_unit = 0;
  for (int l = 0; l < net_.depth(); ++l) {
    const auto& L = net_.layers[l];
    auto& s = m_.layers[l];
    auto& t = track_[l];
    const double n = count * L.out;
    s.pre_mean = t.sums[0] / n;
    s.pre_std = std::sqrt(std::max(0.0, t.sums[1] / n - s.pre_mean * s.pre_mean));
    s.act_mean = t.sums[2] / n;
    s.act_std = std::sqrt(std::max(0.0, t.sums[3] / n - s.act_mean * s.act_mean));
    s.grad_z_rms = std::sqrt(t.sums[4] / n);
    s.grad_w_norm = std::sqrt(sum_squares(L.gWt.data(), L.gWt.size()));
    s.grad_b_norm = std::sqrt(sum_squares(L.gb.data(), L.gb.size()));
    s.weight_norm = std::sqrt(sum_squares(L.Wt.data(), L.Wt.size()));
    s.bias_norm = std::sqrt(sum_squares(L.b.data(), L.b.size()));
    s.update_ratio = last_update_ratio_[l];
    s.dead = s.inactive = s.saturated = 0;
    bool all_zero = true;
    for (int j = 0; j < L.out; ++j) {
      const bool dead = !t.grad_seen[j];
      const bool inactive = !dead && has_off_region(L.act) && !t.positive_seen[j];
      const bool saturated = saturates(L.act) && t.saturated_count[j] > kSaturationShare * count;
      s.dead += dead;
      s.inactive += inactive;
      s.saturated += saturated;
      all_zero = all_zero && !t.nonzero_seen[j];
      const UnitState state = dead                      ? UnitState::dead
                              : !t.dz_seen[j]           ? UnitState::blocked
                              : inactive                ? UnitState::inactive
                              : saturated               ? UnitState::saturated
                                                        : UnitState::active;
      unit_states_[first_unit + j] = static_cast<uint8_t>(state);
    }
    first_unit += L.out;
    s.all_zero = all_zero;
    if (l + 1 < net_.depth()) m_.born_dead = m_.born_dead || all_zero;
    else
      for (int j = 0; j < L.out; ++j)
        m_.output_constant = m_.output_constant && (t.hi[j] - t.lo[j]) <= 1e-6f * (1 + std::max(std::fabs(t.hi[j]), std::fabs(t.lo[j])));
  }
}

const Metrics& Session::evaluate(bool diagnostics) {
  if (diverged()) return m_;  // keep the last finite figures; the state says what happened
  kept_ = m_;
  kept_states_ = unit_states_;  // same size every time: no allocation after the first
  if (diagnostics) {
    m_.layers.assign(net_.depth(), LayerStats{});
    for (int l = 0; l < net_.depth(); ++l) {
      const auto& L = net_.layers[l];
      auto& s = m_.layers[l];
      auto& t = track_[l];
      s.units = L.out;
      act_range(L.act, s.act_lo, s.act_hi);
      if (l + 1 == net_.depth() && res_.out == OutAct::softmax) s.act_lo = 0, s.act_hi = 1;
      std::fill(t.grad_seen.begin(), t.grad_seen.end(), 0);
      std::fill(t.positive_seen.begin(), t.positive_seen.end(), 0);
      std::fill(t.nonzero_seen.begin(), t.nonzero_seen.end(), 0);
      std::fill(t.dz_seen.begin(), t.dz_seen.end(), 0);
      std::fill(t.saturated_count.begin(), t.saturated_count.end(), 0);
      std::fill(t.lo.begin(), t.lo.end(), INFINITY);
      std::fill(t.hi.begin(), t.hi.end(), -INFINITY);
      t.sums = {};
    }
  }
  const int n_train = static_cast<int>(x_train_.rows()), n_test = static_cast<int>(x_test_.rows());
  double correct = 0;
  m_.train_loss = pass(x_train_, y_train_, n_train, diagnostics, correct);
  m_.train_acc = res_.classification && n_train ? correct / n_train : NAN;
  if (diagnostics) {
    finish_stats(n_train);
    m_.layers_step = m_.step;
  }
  m_.test_loss = pass(x_test_, y_test_, n_test, false, correct);
  m_.test_acc = res_.classification && n_test ? correct / n_test : NAN;
  m_.evaluated_step = m_.step;
  // Found by fuzzing: user data can put extreme inputs in the test split only, so the test
  // loss overflows (or turns NaN) while the training loss is fine.
  if (!std::isfinite(m_.train_loss) || (n_test > 0 && !std::isfinite(m_.test_loss))) {
    m_.diverged = Divergence::loss;
    m_.diverged_step = m_.step;
  } else if (diagnostics) {
    // Float32 figures can overflow while the loss (summed in double) is still finite; the next
    // step would then stop on the same overflow (gradient norm, or the weights' squared norm).
    // Report it now instead of showing infinite figures on a run that claims to be fine. Found
    // by fuzzing: a linear net, orthogonal init with gain 100, learning rate 10, evaluated after
    // 2 steps (infinite gradient norms); loaded weights of 8e30 (infinite weight norm).
    for (const auto& s : m_.layers) {
      const bool grad = std::isfinite(s.grad_w_norm) && std::isfinite(s.grad_b_norm) && std::isfinite(s.grad_z_rms);
      const bool rest = std::isfinite(s.weight_norm) && std::isfinite(s.bias_norm) && std::isfinite(s.pre_mean) &&
                        std::isfinite(s.pre_std) && std::isfinite(s.act_mean) && std::isfinite(s.act_std);
      if (!grad || !rest) {
        m_.diverged = grad ? Divergence::weights : Divergence::gradient;
        m_.diverged_step = m_.step;
        break;
      }
    }
  }
  if (diverged()) {
    // Publish only the losses that show the blow-up; every other figure keeps its last value,
    // as after a step that diverges (the per-layer figures of this pass are inf or NaN).
    const double train = m_.train_loss, test = m_.test_loss;
    const Divergence cause = m_.diverged;
    m_ = kept_;
    unit_states_ = kept_states_;
    m_.train_loss = train, m_.test_loss = test;
    m_.evaluated_step = m_.diverged_step = m_.step;
    m_.diverged = cause;
  }
  return m_;
}

// ---- grids ----

int Session::grid_dims() const {
  if (cfg_.dataset == DatasetKind::fit1d) return 1;
  return cfg_.dataset <= DatasetKind::multigauss ? 2 : 0;
}

int Session::grid_points(int res) const { return grid_dims() == 2 ? res * res : grid_dims() == 1 ? res : 0; }

int Session::unit_count() const {
  int u = res_.inputs;
  for (const auto& L : net_.layers) u += L.out;
  return u;
}

const Mat<float>& Session::grid_inputs(int res) {
  if (grid_dims() == 0) throw std::invalid_argument("grid: this data set has no input plane (highdim/custom)");
  if (res < kMinGridResolution || res > kMaxGridResolution)
    throw std::invalid_argument("resolution: " + std::to_string(res) + " is out of range (allowed " +
                                std::to_string(kMinGridResolution) + " to " + std::to_string(kMaxGridResolution) + ")");
  if (grid_inputs_[0].res == res) return grid_inputs_[0].x;
  std::swap(grid_inputs_[0], grid_inputs_[1]);  // most recent first
  GridInputs& g = grid_inputs_[0];
  if (g.res == res) return g.x;
  const int P = grid_points(res);
  g.x = Mat<float>::Zero(P, padded(res_.inputs));
  const double w = 2 * kDomain / res;
  for (int p = 0; p < P; ++p) {
    float raw[2];
    if (grid_dims() == 2) {
      raw[0] = static_cast<float>(-kDomain + (p % res + 0.5) * w);
      raw[1] = static_cast<float>(kDomain - (p / res + 0.5) * w);
    } else {
      raw[0] = static_cast<float>(-kDomain + (p + 0.5) * w);
    }
    featurize(res_, grid_dims(), raw, g.x.row(p).data());
  }
  g.res = res;
  return g.x;
}

const std::vector<float>& Session::predict_grid(int res) {
  const Mat<float>& x_grid = grid_inputs(res);
  const int P = grid_points(res), k = res_.outputs;
  grid_out_.resize(std::size_t(P) * k);
  const int in_s = static_cast<int>(x_grid.cols()), out_s = net_.layers.back().out_s;
  for (int start = 0; start < P; start += kEvalChunk) {
    const int rows = std::min(kEvalChunk, P - start);
    std::memcpy(ws_.input_row(0), x_grid.row(start).data(), sizeof(float) * in_s * rows);
    forward(net_, ws_, rows, false);
    const float* A = ws_.A.back().data();
    for (int r = 0; r < rows; ++r)
      for (int j = 0; j < k; ++j) grid_out_[std::size_t(start + r) * k + j] = A[std::size_t(r) * out_s + j];
  }
  return grid_out_;
}

const std::vector<float>& Session::neuron_grids(int res) {
  const Mat<float>& x_grid = grid_inputs(res);
  const int P = grid_points(res);
  const std::size_t need = std::size_t(unit_count()) * P;
  if (need > std::size_t(kMaxGridValues))
    throw std::invalid_argument("resolution: " + std::to_string(res) + " is too fine for " + std::to_string(unit_count()) +
                                " units (at most " + std::to_string(kMaxGridValues) + " values)");
  neuron_out_.resize(need);
  const int in_s = static_cast<int>(x_grid.cols());
  for (int start = 0; start < P; start += kEvalChunk) {
    const int rows = std::min(kEvalChunk, P - start);
    std::memcpy(ws_.input_row(0), x_grid.row(start).data(), sizeof(float) * in_s * rows);
    forward(net_, ws_, rows, false);
    // Rows of A (point-major) become runs of the unit-major output, 4 x 4 at a time.
    std::size_t first_unit = 0;
    for (int l = 0; l <= net_.depth(); ++l) {
      const int width = l == 0 ? res_.inputs : net_.layers[l - 1].out;
      const std::size_t stride = ws_.A[l].cols();
      const float* A = ws_.A[l].data();
      float* out = &neuron_out_[first_unit * P + start];
      int r = 0;
      for (; r + 4 <= rows; r += 4)
        for (int j = 0; j < width; j += 4) {
          vec<float> c[4];
          const float* a = A + r * stride + j;
          transpose4(load(a), load(a + stride), load(a + 2 * stride), load(a + 3 * stride), c);
          for (int u = 0; u < 4 && j + u < width; ++u) store(out + std::size_t(j + u) * P + r, c[u]);
        }
      for (; r < rows; ++r)
        for (int j = 0; j < width; ++j) out[std::size_t(j) * P + r] = A[r * stride + j];
      first_unit += width;
    }
  }
  return neuron_out_;
}

// ---- weights ----

// The flat export layout, for the weights (Wt, b) or their gradients (gWt, gb).
template <auto Wt, auto b> void flatten(const Net<float>& net, float* out) {
  for (const auto& L : net.layers) {
    for (int j = 0; j < L.out; ++j)
      for (int i = 0; i < L.in; ++i) *out++ = (L.*Wt)(i, j);
    for (int j = 0; j < L.out; ++j) *out++ = (L.*b)(j);
  }
}

void Session::export_weights(float* out) const { flatten<&Dense<float>::Wt, &Dense<float>::b>(net_, out); }
void Session::export_gradients(float* out) const { flatten<&Dense<float>::gWt, &Dense<float>::gb>(net_, out); }

void Session::import_weights(const float* in) {
  const std::size_t n = param_count();
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isfinite(in[i])) throw std::invalid_argument("weights: value " + std::to_string(i) + " is not finite");
  for (auto& L : net_.layers) {
    for (int j = 0; j < L.out; ++j)
      for (int i = 0; i < L.in; ++i) L.Wt(i, j) = *in++;
    for (int j = 0; j < L.out; ++j) L.b(j) = *in++;
    L.sync_transpose();
  }
  m_.diverged = Divergence::none;
  m_.diverged_step = -1;
}

std::vector<uint8_t> Session::save_weights() const {
  std::vector<uint32_t> head = {0x31574C47u /* "GLW1" */, static_cast<uint32_t>(net_.depth())};
  for (const auto& L : net_.layers) head.push_back(uint32_t(L.in)), head.push_back(uint32_t(L.out));
  std::vector<float> w(param_count());
  export_weights(w.data());
  std::vector<uint8_t> blob(head.size() * 4 + w.size() * 4);
  std::memcpy(blob.data(), head.data(), head.size() * 4);
  std::memcpy(blob.data() + head.size() * 4, w.data(), w.size() * 4);
  return blob;
}

void Session::load_weights(const uint8_t* blob, std::size_t size) {
  auto u32 = [&](std::size_t at) {
    uint32_t v;
    std::memcpy(&v, blob + at, 4);
    return v;
  };
  if (!blob || size < 8 || u32(0) != 0x31574C47u) throw std::invalid_argument("weights: not a GradLab weight blob (bad magic)");
  const uint32_t layers = u32(4);
  if (layers != uint32_t(net_.depth()))
    throw std::invalid_argument("weights: blob has " + std::to_string(layers) + " layers, the network " + std::to_string(net_.depth()));
  const std::size_t header = 8 + std::size_t(layers) * 8;
  if (size < header) throw std::invalid_argument("weights: blob is truncated");
  for (uint32_t l = 0; l < layers; ++l) {
    const auto& L = net_.layers[l];
    if (u32(8 + l * 8) != uint32_t(L.in) || u32(12 + l * 8) != uint32_t(L.out))
      throw std::invalid_argument("weights: layer " + std::to_string(l) + " shape does not match the network");
  }
  if (size != header + param_count() * 4)
    throw std::invalid_argument("weights: blob holds " + std::to_string(size) + " bytes, expected " +
                                std::to_string(header + param_count() * 4));
  std::vector<float> w(param_count());
  std::memcpy(w.data(), blob + header, w.size() * 4);
  import_weights(w.data());
}

// ---- flat metrics ----

const std::vector<const char*> kMetricNames = {
    "step",      "epoch",         "evaluatedStep", "layersStep",   "trainLoss",    "testLoss",      "trainAccuracy", "testAccuracy",
    "batchLoss", "gradNorm",      "learningRate",  "diverged",     "divergedStep",  "bornDead",      "outputConstant",
    "layers",    "histBins"};
const std::vector<const char*> kLayerMetricNames = {
    "units",   "gradWNorm", "gradBNorm", "gradZRms",  "weightNorm", "biasNorm", "updateRatio", "preMean",
    "preStd",  "actMean",   "actStd",    "dead",      "inactive",   "saturated", "allZero",    "preLo",
    "preHi",   "actLo",     "actHi",     "gradLogLo", "gradLogHi",  "gradZeros"};

std::size_t metrics_size(int layers) {
  return kMetricNames.size() + std::size_t(layers) * (kLayerMetricNames.size() + 3 * kHistBins);
}

void pack_metrics(const Metrics& m, double* out) {
  const double head[] = {double(m.step),
                         double(m.epoch),
                         double(m.evaluated_step),
                         double(m.layers_step),
                         m.train_loss,
                         m.test_loss,
                         m.train_acc,
                         m.test_acc,
                         m.batch_loss,
                         m.grad_norm,
                         m.lr,
                         double(m.diverged),
                         double(m.diverged_step),
                         m.born_dead ? 1.0 : 0.0,
                         m.output_constant ? 1.0 : 0.0,
                         double(m.layers.size()),
                         double(kHistBins)};
  static_assert(sizeof head / sizeof head[0] == 17);
  out = std::copy(std::begin(head), std::end(head), out);
  for (const auto& s : m.layers) {
    const double v[] = {double(s.units), s.grad_w_norm, s.grad_b_norm, s.grad_z_rms, s.weight_norm, s.bias_norm,
                        s.update_ratio,  s.pre_mean,    s.pre_std,     s.act_mean,   s.act_std,     double(s.dead),
                        double(s.inactive), double(s.saturated), s.all_zero ? 1.0 : 0.0, s.pre_lo, s.pre_hi, s.act_lo,
                        s.act_hi, kGradLogLo, kGradLogHi, s.grad_zeros};
    static_assert(sizeof v / sizeof v[0] == 22);
    out = std::copy(std::begin(v), std::end(v), out);
    out = std::copy(s.pre_hist.begin(), s.pre_hist.end(), out);
    out = std::copy(s.act_hist.begin(), s.act_hist.end(), out);
    out = std::copy(s.grad_hist.begin(), s.grad_hist.end(), out);
  }
}

}  // namespace gl
