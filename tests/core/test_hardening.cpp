// Numerical blow-up: every path that can produce NaN or Inf (huge learning rate, huge init
// gain, exploding depth, extreme inputs or targets, absurd loaded weights) is caught within
// one step and reported as a divergence with its step and cause; nothing computed from the
// blown-up state is published except the losses that record it; reset brings the run back.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "helpers.hpp"
#include "session.hpp"

using namespace gl;

namespace {

bool all_finite(const std::vector<float>& w) {
  for (float v : w)
    if (!std::isfinite(v)) return false;
  return true;
}

// The metrics as the bindings read them, by name.
struct Flat {
  std::vector<double> v;
  explicit Flat(const Metrics& m) : v(metrics_size(int(m.layers.size()))) { pack_metrics(m, v.data()); }
  double operator[](const char* name) const {
    for (std::size_t i = 0; i < kMetricNames.size(); ++i)
      if (std::strcmp(kMetricNames[i], name) == 0) return v[i];
    FAIL("no metric " << name);
    return 0;
  }
};

// After a divergence only the records of the blow-up may be non-finite: the losses (of the
// refused step, or of the evaluation that found it; the API words its message from them), and
// figures that were never measured (NaN, as before the first step or evaluation). Every
// per-layer figure and histogram is a number: the last finite ones.
void expect_clean_after_divergence(const Session& s, bool found_by_step) {
  const Metrics& m = s.metrics();
  REQUIRE(m.diverged != Divergence::none);
  const Flat f(m);
  for (std::size_t i = 0; i < f.v.size(); ++i) {
    const std::string name = i < kMetricNames.size() ? kMetricNames[i] : "per-layer #" + std::to_string(i - kMetricNames.size());
    CAPTURE(name);
    const bool record = name == "trainLoss" || name == "testLoss" || name == "batchLoss" || name == "gradNorm";
    const bool unmeasured = (name == "trainAccuracy" || name == "testAccuracy") && std::isnan(f.v[i]);
    if (!record && !unmeasured) CHECK(std::isfinite(f.v[i]));
  }
  // The record is what it says: the refused step's loss or gradient norm, or the evaluated
  // loss. (An evaluation that finds the probe gradient overflowed records only the cause.)
  if (m.diverged == Divergence::loss)
    CHECK((!std::isfinite(m.batch_loss) || !std::isfinite(m.train_loss) || !std::isfinite(m.test_loss)));
  if (m.diverged == Divergence::loss && found_by_step) CHECK(!std::isfinite(m.batch_loss));
  // 1e15: the documented threshold (README, "Divergence"); test_pins_instruments.cpp pins it from both sides
  if (m.diverged == Divergence::gradient && found_by_step) CHECK(!(m.grad_norm <= 1e15));  // also NaN
}

struct Outcome {
  Divergence cause = Divergence::none;
  long long step = -1;
  bool by_evaluate = false;
};

// Trains one step at a time, evaluating after each. "Within one step": no step (or evaluation)
// completes leaving a non-finite value unreported; the run stops at the step that blew up.
Outcome run_to_divergence(Session& s, int max_steps) {
  Outcome out;
  const Metrics& m0 = s.evaluate();
  if (m0.diverged != Divergence::none) return {m0.diverged, m0.diverged_step, true};
  for (int i = 0; i < max_steps; ++i) {
    const std::vector<float> before = weights_of(s);
    const long long at = s.metrics().step;
    const int done = s.step(1);
    if (s.diverged()) {
      CHECK(done == 0);  // the step that blows up is not applied ...
      CHECK(s.metrics().diverged_step == at);  // ... and carries the step it was attempted at
      if (s.metrics().diverged != Divergence::weights) CHECK(weights_of(s) == before);
      return {s.metrics().diverged, s.metrics().diverged_step, false};
    }
    REQUIRE(done == 1);
    CHECK(std::isfinite(s.metrics().batch_loss));
    CHECK(std::isfinite(s.metrics().grad_norm));
    const Metrics& m = s.evaluate();
    if (m.diverged != Divergence::none) {
      CHECK(m.diverged_step == m.step);
      return {m.diverged, m.diverged_step, true};
    }
    // Not diverged: every published figure is a number (accuracies are NaN for regression).
    const Flat f(m);
    for (std::size_t k = 0; k < f.v.size(); ++k) {
      const bool acc = k < kMetricNames.size() && std::strstr(kMetricNames[k], "Accuracy");
      if (!(acc && !s.resolved().classification)) CHECK(std::isfinite(f.v[k]));
    }
    CHECK(all_finite(weights_of(s)));
  }
  return out;
}

// Reset restores the initial weights and, bit for bit, the initial evaluation; the run then
// trains normally at a sane learning rate.
void expect_reset_works(Session& s, const std::vector<float>& initial_weights, double initial_loss, bool can_train) {
  s.reset();
  CHECK(!s.diverged());
  CHECK(s.metrics().step == 0);
  CHECK(s.metrics().diverged_step == -1);
  CHECK(weights_of(s) == initial_weights);
  const double loss = s.evaluate().train_loss;
  CHECK(std::memcmp(&loss, &initial_loss, sizeof loss) == 0);
  if (can_train) {
    s.set_live("learningRate", 1e-4);
    CHECK(s.step(20) == 20);
    CHECK(!s.diverged());
  }
}

struct Path {
  const char* name;
  std::string query;
  int max_steps;
  std::vector<Divergence> causes;  // acceptable causes
  bool at_step0;                   // the initial network already blows up
};

}  // namespace

TEST_CASE("every blow-up path is caught within one step, with its step and cause, and reset recovers") {
  const std::vector<Path> paths = {
      {"huge learning rate (ReLU, He init)", "dataset=circle&hidden=8,8,8&activation=relu&init=he_normal&initGain=30&learningRate=10", 50,
       {Divergence::loss, Divergence::gradient}, false},
      {"huge learning rate (linear regression)", "dataset=plane&hidden=8&activation=linear&learningRate=10", 50,
       {Divergence::loss, Divergence::gradient}, false},
      {"high learning rate with momentum", "dataset=plane&hidden=8,8&activation=tanh&optimizer=momentum&momentum=0.99&learningRate=1", 100,
       {Divergence::loss, Divergence::gradient, Divergence::weights}, false},
      {"high learning rate with Nesterov", "dataset=multigauss&hidden=8&activation=linear&optimizer=nesterov&momentum=0.99&learningRate=0.5", 100,
       {Divergence::loss, Divergence::gradient, Divergence::weights}, false},
      {"huge init gain (deep linear)", "hidden=" + layers_of(10, 16) + "&activation=linear&initGain=100", 5,
       {Divergence::loss, Divergence::gradient}, true},
      {"huge init gain, constant init", "hidden=" + layers_of(8, 64) + "&activation=linear&init=constant&initScale=100&initGain=100", 5,
       {Divergence::loss, Divergence::gradient, Divergence::weights}, true},
      {"exploding depth (40 ReLU layers, gain 3)", "hidden=" + layers_of(40, 32) + "&activation=relu&init=he_normal&initGain=3", 5,
       {Divergence::loss, Divergence::gradient}, true},
      {"exploding depth (64 layers, softmax output)", "dataset=spiral&classes=4&hidden=" + layers_of(64, 16) + "&activation=selu&init=normal&initScale=2", 5,
       {Divergence::loss, Divergence::gradient}, true},
      {"a saturating layer after an overflow", "hidden=" + layers_of(8, 64) + "&layerActivations=linear,linear,linear,linear,linear,linear,linear,tanh"
       "&init=constant&initScale=100&initGain=100", 5, {Divergence::loss, Divergence::gradient, Divergence::weights}, true},
  };
  for (const auto& p : paths) {
    const std::string name = p.name;
    CAPTURE(name);
    Session s(config_from_query(p.query));
    const std::vector<float> w0 = weights_of(s);
    const double loss0 = Session(config_from_query(p.query)).evaluate().train_loss;
    const Outcome o = run_to_divergence(s, p.max_steps);
    REQUIRE_MESSAGE(o.cause != Divergence::none, "did not diverge within " << p.max_steps << " steps");
    MESSAGE(name << ": " << std::string(kDivergenceNames[int(o.cause)]) << " at step " << o.step
                 << std::string(o.by_evaluate ? " (found by evaluate)" : " (found by step)"));
    CHECK(std::find(p.causes.begin(), p.causes.end(), o.cause) != p.causes.end());
    if (p.at_step0) CHECK(o.step == 0);
    CHECK(s.metrics().diverged_step == o.step);
    CHECK(s.step(5) == 0);  // a diverged run does not train on
    s.evaluate();           // and evaluating again publishes nothing new
    CHECK(s.metrics().diverged_step == o.step);
    expect_clean_after_divergence(s, !o.by_evaluate);
    CHECK(s.predict_grid(4).size() == std::size_t(16) * s.resolved().outputs);  // the grid still draws
    expect_reset_works(s, w0, loss0, !p.at_step0);
  }
}

TEST_CASE("extreme inputs and targets in user data: caught at step 0 in either split") {
  // Finite floats, so the data checks accept them; a float32 forward pass overflows on them.
  for (const bool in_test : {false, true}) {
    for (const bool extreme_input : {true, false}) {
      CAPTURE(in_test);
      CAPTURE(extreme_input);
      UserData u;
      u.shape = {8, 2, 1, false, 0};
      u.inputs = {0.5f, -1, 2, 0, 1, -0.25f, 3, 1, 0.5f, -1, 2, 0, 1, -0.25f, 3, 1};
      u.targets = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f};
      const Config c = config_from_query("dataset=custom&hidden=4&activation=linear&batchSize=4");
      const Data d = Session(c, &u).data();
      const int p = in_test ? d.test.at(0) : d.train.at(0);
      if (extreme_input) u.inputs[2 * p] = 3e38f, u.inputs[2 * p + 1] = -3e38f;
      else u.targets[p] = 3e38f;
      Session s(c, &u);
      const std::vector<float> w0 = weights_of(s);
      const Outcome o = run_to_divergence(s, 10);
      REQUIRE(o.cause != Divergence::none);
      CHECK(o.step == 0);
      CHECK((o.cause == Divergence::loss || o.cause == Divergence::gradient));
      expect_clean_after_divergence(s, !o.by_evaluate);
      s.reset();
      CHECK(!s.diverged());
      CHECK(weights_of(s) == w0);
    }
  }
}

TEST_CASE("absurd loaded weights: refused if not finite, reported as diverged if they overflow") {
  Session s(config_from_query("dataset=circle&hidden=6,6&activation=relu"));
  s.step(10);
  const Metrics before = s.evaluate();
  const std::vector<float> trained = weights_of(s);
  std::vector<float> w(s.param_count(), 1.0f);
  w[3] = NAN;
  CHECK_THROWS_AS(s.import_weights(w.data()), std::invalid_argument);
  CHECK(weights_of(s) == trained);  // nothing changed
  w.assign(w.size(), 3e38f);
  s.import_weights(w.data());       // finite: accepted
  const Metrics& m = s.evaluate();
  REQUIRE(m.diverged != Divergence::none);
  CHECK(m.diverged_step == 10);
  expect_clean_after_divergence(s, false);
  // The per-layer figures are the last finite ones, from before the load.
  REQUIRE(m.layers.size() == before.layers.size());
  for (std::size_t l = 0; l < m.layers.size(); ++l) CHECK(m.layers[l].weight_norm == before.layers[l].weight_norm);
  // Loading good weights ends the divergence; reset does too.
  s.import_weights(trained.data());
  CHECK(!s.diverged());
  CHECK(s.evaluate().train_loss == before.train_loss);
  CHECK(s.step(5) == 5);
}
