#include "session.hpp"

#include <algorithm>

#include "schedule.hpp"
#include "simd.hpp"

namespace gl {

Session::Session(const Config& config, const UserData* user) : cfg_(config) {
  if (cfg_.dataset == DatasetKind::custom && user) {
    custom_shape_ = user->shape;
    res_ = validate(cfg_, &custom_shape_);
    check_user_data(*user, res_);
  } else {
    res_ = validate(cfg_, nullptr);
  }
  data_ = make_data(cfg_, res_, user);
  net_ = make_net<float>(res_.inputs, cfg_.hidden, res_.acts, res_.outputs, res_.out, res_.loss, act_params(cfg_));
  train_ = make_samples(res_, data_, data_.train);
  test_ = make_samples(res_, data_, data_.test);
  trainer_ = Trainer(net_, cfg_.optimizer, static_cast<int>(data_.train.size()));
  instruments_ = Instruments(net_);
  ensure_workspace(std::max(cfg_.batchSize, kEvalChunk));
  reset();
}

void Session::ensure_workspace(int rows) {
  if (ws_.rows >= rows) return;
  ws_ = Workspace<float>(net_, rows);
  trainer_.ensure_rows(rows, padded(res_.outputs));
}

void Session::reset() {
  init_weights_from_seed(net_, cfg_);
  trainer_.reset(cfg_.seed);
  m_ = Metrics{};
  m_.lr = scheduled_lr(cfg_, cfg_.learningRate, 0);
  last_good_ = figures_of(m_);
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
  // to int is undefined behaviour (e.g. set_live("batchSize", Infinity)).
  check_number(*f, value, f->name);
  Config next = cfg_;
  f->set(next, value);
  // Re-validate the whole configuration so cross-field rules (batch size vs. data) hold.
  validate(next, cfg_.dataset == DatasetKind::custom ? &custom_shape_ : nullptr);
  cfg_ = next;
  ensure_workspace(std::max(cfg_.batchSize, kEvalChunk));
  m_.lr = scheduled_lr(cfg_, cfg_.learningRate, m_.step);
}

void Session::resume_at(long long step, long long epoch) {
  if (step < 0) throw std::invalid_argument("step: " + std::to_string(step) + " is negative");
  // An epoch takes at least one step, so a run cannot have finished more epochs than steps.
  if (epoch < 0 || epoch > step)
    throw std::invalid_argument("epoch: " + std::to_string(epoch) + " is out of range (allowed 0 to the step, " + std::to_string(step) + ")");
  m_.step = step;
  m_.epoch = epoch;
  m_.lr = scheduled_lr(cfg_, cfg_.learningRate, step);
}

int Session::step(int n) {
  int done = 0;
  // Only the last step's loss is reported, so only it is computed (the gradient needs none).
  while (done < n && !diverged() && trainer_.train_batch(cfg_, net_, ws_, train_, done + 1 == n, m_)) {
    ++done;
    last_good_ = figures_of(m_);
  }
  return done;
}

int Session::step_epoch() {
  int done = 0;
  do {
    const bool last = trainer_.ends_epoch(cfg_.batchSize);
    if (diverged() || !trainer_.train_batch(cfg_, net_, ws_, train_, last, m_)) break;
    ++done;
    last_good_ = figures_of(m_);
  } while (!trainer_.at_epoch_start());
  return done;
}

const Metrics& Session::evaluate(bool diagnostics) {
  if (diverged()) return m_;  // keep the last finite figures; the state says what happened
  instruments_.evaluate(net_, ws_, res_, train_, test_, trainer_.update_ratios(), diagnostics, m_);
  if (!diverged()) last_good_ = figures_of(m_);
  return m_;
}

int Session::unit_count() const {
  int u = res_.inputs;
  for (const auto& L : net_.layers) u += L.out;
  return u;
}

void Session::clear_divergence() {
  if (!diverged()) return;
  // The records described the old weights' blow-up. Every other figure already kept its last
  // value (evaluation.cpp, training.cpp); these complete the figures from before it. (A step
  // whose update made the weights non-finite completed: its own figures are the last good ones.)
  const Figures& f = last_good_;
  m_.train_loss = f.train_loss, m_.test_loss = f.test_loss, m_.evaluated_step = f.evaluated_step;
  m_.batch_loss = f.batch_loss, m_.grad_norm = f.grad_norm;
  m_.diverged = Divergence::none;
  m_.diverged_step = -1;
}

void Session::import_weights(const float* in) {
  gl::import_weights(net_, in);
  clear_divergence();
}

void Session::load_weights(const uint8_t* blob, std::size_t size) {
  gl::load_weights(net_, blob, size);
  clear_divergence();
}

Scores Session::scores() {
  return {score_split(net_, ws_, res_, data_, data_.train, train_), score_split(net_, ws_, res_, data_, data_.test, test_)};
}

}  // namespace gl
