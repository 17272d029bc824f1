// The instruments pinned to exact, hand-computed values: a tiny network with weights set
// through import_weights and a handful of user-data points, checked against a double-precision
// reference written from the textbook formulas (pin_reference.hpp). A wrong constant, a missing
// square root or a stray 1/N changes these numbers by far more than their tolerance.
//
// Tolerances: the engine computes in float32 (unit roundoff 6e-8); every figure here is a sum of
// a few dozen rounded terms without cancellation, so the engine and the double reference agree
// to about 1e-6 relative. 1e-5 leaves a margin of 10 and is still 1000 times smaller than any
// mutation these tests are meant to catch (factors of N, square roots, dropped terms).
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "helpers.hpp"
#include "pin_reference.hpp"
#include "session.hpp"

using namespace gl;
using pin::rel_close;

namespace {

constexpr double kRel = 1e-5;

// 2 inputs -> 3 tanh units -> 1 linear output, 4 points: every number below is arbitrary but
// fixed, chosen so no unit sits at a kink or in a tail.
struct Tiny {
  std::vector<pin::Layer> net = {
      {2, 3, "tanh", {0.4, -0.7, 0.9, 0.2, -0.3, 0.6}, {0.1, -0.2, 0.05}},
      {3, 1, "linear", {0.8, -0.5, 1.1}, {0.25}},
  };
  std::vector<double> x = {0.5, -1.0, 1.5, 0.25, -0.75, 0.8, -1.2, -0.4};
  std::vector<double> y = {0.3, -0.5, 0.9, 0.1};
  UserData data = pin::regression_data(2, x, y);
  std::vector<float> w = pin::flat(net);

  Session session(const std::string& extra = "") {
    Session s(config_from_query("dataset=custom&trainFraction=1&batchSize=4&hidden=3&activation=tanh&outputActivation=linear"
                                "&loss=mse&optimizer=sgd" + extra),
              &data);
    s.import_weights(w.data());
    return s;
  }
};

// Weights of layer l only (not its biases), from a flat export.
std::vector<double> layer_weights(const Session& s, const std::vector<float>& flat, int l) {
  std::size_t at = 0;
  for (int k = 0; k < l; ++k) at += std::size_t(s.net().layers[k].in) * s.net().layers[k].out + s.net().layers[k].out;
  const auto& L = s.net().layers[l];
  return std::vector<double>(flat.begin() + at, flat.begin() + at + std::size_t(L.in) * L.out);
}

double norm(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x * x;
  return std::sqrt(s);
}

}  // namespace

TEST_CASE("pinned: gradZRms, gradWNorm, gradBNorm and the loss equal a hand computation") {
  Tiny t;
  Session s = t.session();
  const pin::Result ref = pin::run(t.net, t.x, t.y);
  const Metrics& m = s.evaluate();
  CHECK(rel_close(m.train_loss, ref.loss, kRel));
  for (int l = 0; l < 2; ++l) {
    CAPTURE(l);
    CAPTURE(m.layers[l].grad_z_rms);
    CAPTURE(ref.grad_z_rms[l]);
    // the per-example dl/dz (rms over 4 examples x units), not the mean loss's dL/dz = dl/dz / 4
    CHECK(rel_close(m.layers[l].grad_z_rms, ref.grad_z_rms[l], kRel));
    CHECK(rel_close(m.layers[l].grad_w_norm, ref.grad_w_norm[l], kRel));
    CHECK(rel_close(m.layers[l].grad_b_norm, ref.grad_b_norm[l], kRel));
  }
  // and the exported gradient is the reference gradient entry by entry
  std::vector<float> g(s.param_count());
  s.export_gradients(g.data());
  std::size_t at = 0;
  for (int l = 0; l < 2; ++l) {
    for (double v : ref.gW[l]) CHECK(std::fabs(g[at++] - v) <= kRel * ref.grad_w_norm[l]);
    for (double v : ref.gb[l]) CHECK(std::fabs(g[at++] - v) <= kRel * ref.grad_b_norm[l]);
  }
}

TEST_CASE("pinned: gradNorm of a full-batch step is the norm of the whole gradient") {
  Tiny t;
  Session s = t.session();
  const pin::Result ref = pin::run(t.net, t.x, t.y);
  REQUIRE(s.step(1) == 1);  // batch = all 4 points: the step's gradient is the reference's
  CAPTURE(s.metrics().grad_norm);
  CAPTURE(ref.grad_norm);
  CHECK(rel_close(s.metrics().grad_norm, ref.grad_norm, kRel));
  CHECK(rel_close(s.metrics().batch_loss, ref.loss, kRel));
}

TEST_CASE("pinned: the update ratio is ||W_after - W_before|| / ||W_after|| of the exported weights") {
  Tiny t;
  Session s = t.session("&learningRate=0.5");
  const std::vector<float> before = weights_of(s);
  REQUIRE(s.step(1) == 1);
  const std::vector<float> after = weights_of(s);
  const Metrics& m = s.evaluate();
  const pin::Result ref = pin::run(t.net, t.x, t.y);
  for (int l = 0; l < 2; ++l) {
    CAPTURE(l);
    std::vector<double> w0 = layer_weights(s, before, l), w1 = layer_weights(s, after, l), dw(w0.size());
    for (std::size_t i = 0; i < w0.size(); ++i) dw[i] = w1[i] - w0[i];
    const double want = norm(dw) / norm(w1);
    CAPTURE(m.layers[l].update_ratio);
    CAPTURE(want);
    // w1 - w0 of two float32 weights carries a rounding error of ~6e-8 |w| per entry; with
    // steps 1e-2..1e-1 of the weights that is < 1e-5 of the step: 1e-4 is a 10x margin.
    CHECK(rel_close(m.layers[l].update_ratio, want, 1e-4));
    // and the step is lr * the hand-computed gradient (plain SGD, full batch)
    double d2 = 0, n2 = 0;
    for (std::size_t i = 0; i < w0.size(); ++i) {
      const double step = 0.5 * ref.gW[l][i];
      d2 += step * step;
      n2 += (w0[i] - step) * (w0[i] - step);
    }
    CHECK(rel_close(m.layers[l].update_ratio, std::sqrt(d2 / n2), 1e-4));
    CHECK(m.layers[l].update_ratio > 0.01);  // a real step, so the ratio is not lost in rounding
  }
}

TEST_CASE("pinned: L1 and L2 decay the weights and never the biases") {
  Tiny t;
  const pin::Result ref = pin::run(t.net, t.x, t.y);
  for (const char* decay : {"l2", "l1"}) {
    CAPTURE(decay);
    Session s = t.session(std::string("&learningRate=0.1&") + decay + "=0.5");
    const std::vector<float> w0 = weights_of(s);
    REQUIRE(s.step(1) == 1);
    const std::vector<float> w1 = weights_of(s);
    std::size_t at = 0;
    for (int l = 0; l < 2; ++l) {
      CAPTURE(l);
      for (double g : ref.gW[l]) {
        const double w = w0[at];
        const double reg = decay[1] == '2' ? 0.5 * w : 0.5 * (w > 0 ? 1 : -1);  // l2 w or l1 sign(w)
        // w1 is rounded to float (~6e-8 |w|, |w| <= 1.1): < 1e-5 of steps of 0.01 and more
        CHECK(w0[at] - w1[at] == doctest::Approx(0.1 * (g + reg)).epsilon(1e-4).scale(0));
        ++at;
      }
      for (double g : ref.gb[l]) {  // biases: the gradient only (every bias here is non-zero, so decay would show)
        REQUIRE(w0[at] != 0);
        CHECK(w0[at] - w1[at] == doctest::Approx(0.1 * g).epsilon(1e-4).scale(0));
        ++at;
      }
    }
  }
}

TEST_CASE("pinned: Adam's first step moves every weight by the learning rate (bias corrections 1 - beta^1)") {
  // Kingma & Ba: m1 = (1 - b1) g, v1 = (1 - b2) g^2, so m1 / (1 - b1) / sqrt(v1 / (1 - b2)) = sign(g):
  // the first step is lr in size whatever the gradient (up to eps / |g|, here < 1e-6).
  Tiny t;
  Session s = t.session("&optimizer=adam&learningRate=0.01");
  const std::vector<float> w0 = weights_of(s);
  REQUIRE(s.step(1) == 1);
  const std::vector<float> w1 = weights_of(s);
  const pin::Result ref = pin::run(t.net, t.x, t.y);
  std::size_t at = 0;
  for (int l = 0; l < 2; ++l) {
    for (const auto* gs : {&ref.gW[l], &ref.gb[l]})
      for (double g : *gs) {
        CAPTURE(at);
        // float rounding of w1 (|w| <= 1.1) is ~1e-7, 1e-5 of the step
        CHECK(double(w0[at]) - w1[at] == doctest::Approx(0.01 * (g > 0 ? 1 : -1)).epsilon(1e-4).scale(0));
        ++at;
      }
  }
  // Step 2 by hand: bias corrections 1 - 0.9^2 and 1 - 0.999^2, from the step-2 gradient.
  std::vector<pin::Layer> net1 = t.net;
  at = 0;
  for (auto& L : net1) {
    for (auto& v : L.W) v = w1[at++];
    for (auto& v : L.b) v = w1[at++];
  }
  const pin::Result ref1 = pin::run(net1, t.x, t.y);
  REQUIRE(s.step(1) == 1);
  const std::vector<float> w2 = weights_of(s);
  at = 0;
  for (int l = 0; l < 2; ++l)
    for (int part = 0; part < 2; ++part) {
      const auto& g0s = part ? ref.gb[l] : ref.gW[l];
      const auto& g1s = part ? ref1.gb[l] : ref1.gW[l];
      for (std::size_t i = 0; i < g0s.size(); ++i, ++at) {
        const double g0 = g0s[i], g1 = g1s[i];
        const double m2 = 0.9 * 0.1 * g0 + 0.1 * g1, v2 = 0.999 * 0.001 * g0 * g0 + 0.001 * g1 * g1;
        const double step = 0.01 * (m2 / (1 - 0.81)) / (std::sqrt(v2 / (1 - 0.998001)) + 1e-8);
        CAPTURE(at);
        CHECK(double(w1[at]) - w2[at] == doctest::Approx(step).epsilon(1e-3).scale(1e-6));
      }
    }
}

TEST_CASE("pinned: dead, inactive and active on units that are on for 0, 1 or 10 of 10 points") {
  // One input x = 0, 1, ..., 9 and four units z = x + b:
  //   b = -8.5: z > 0 only at x = 9 (1 of 10 points)   -> active (f' != 0 somewhere)
  //   b = -20:  z < 0 everywhere                          -> dead (ReLU) / inactive (leaky)
  //   b = 0.5:  z > 0 everywhere                          -> active
  //   b = -9:   z <= 0 everywhere, z = 0 at x = 9         -> dead (relu'(0) = 0) / inactive
  std::vector<double> x, y;
  for (int p = 0; p < 10; ++p) x.push_back(p), y.push_back(-3.0);
  UserData u = pin::regression_data(1, x, y);
  std::vector<pin::Layer> net = {{1, 4, "relu", {1, 1, 1, 1}, {-8.5, -20, 0.5, -9}}, {4, 1, "linear", {1, 1, 1, 1}, {0}}};
  const std::vector<float> w = pin::flat(net);
  const auto u8 = [](UnitState st) { return static_cast<uint8_t>(st); };
  for (const char* act : {"relu", "leaky_relu"}) {
    CAPTURE(act);
    Session s(config_from_query(std::string("dataset=custom&trainFraction=1&batchSize=10&hidden=4&outputActivation=linear&activation=") + act),
              &u);
    s.import_weights(w.data());
    const Metrics& m = s.evaluate();
    const auto& st = s.unit_states();
    REQUIRE(st.size() == 5u);
    const bool relu = std::string(act) == "relu";
    CHECK(st[0] == u8(UnitState::active));  // on for one point of ten is enough
    CHECK(st[1] == u8(relu ? UnitState::dead : UnitState::inactive));
    CHECK(st[2] == u8(UnitState::active));
    CHECK(st[3] == u8(relu ? UnitState::dead : UnitState::inactive));
    CHECK(st[4] == u8(UnitState::active));
    CHECK(m.layers[0].dead == (relu ? 2 : 0));
    CHECK(m.layers[0].inactive == (relu ? 0 : 2));
    CHECK(m.layers[0].saturated == 0);
    CHECK(!m.layers[0].all_zero);
    CHECK(!m.born_dead);
  }
}

TEST_CASE("pinned: preMean, preStd, actMean and actStd are the mean and standard deviation over points x units") {
  // The layer of the dead-unit case: x = 0, 1, ..., 9 and four ReLU units z = x + b with
  // b = -8.5, -20, 0.5, -9. By hand, over the 40 (point, unit) pairs:
  //   z: sum = 4 * 45 + 10 * (-8.5 - 20 + 0.5 - 9) = -190;
  //      sum of squares = sum_b (285 + 90 b + 10 b^2) = 242.5 + 2485 + 332.5 + 285 = 3345;
  //   relu(z): unit 0 gives 0.5 (at x = 9), unit 2 gives 0.5, 1.5, ..., 9.5, the others 0:
  //      sum = 0.5 + 50 = 50.5; sum of squares = 0.25 + (285 + 45 + 2.5) = 332.75.
  // The activations' mean is far from 0, so a standard deviation without the mean subtracted
  // (the root mean square, 2.884) is nowhere near the true 2.593. Every input, weight and
  // product here is exact in float32.
  std::vector<double> x, y;
  for (int p = 0; p < 10; ++p) x.push_back(p), y.push_back(-3.0);
  UserData u = pin::regression_data(1, x, y);
  std::vector<pin::Layer> net = {{1, 4, "relu", {1, 1, 1, 1}, {-8.5, -20, 0.5, -9}}, {4, 1, "linear", {1, 1, 1, 1}, {0}}};
  const std::vector<float> w = pin::flat(net);
  Session s(config_from_query("dataset=custom&trainFraction=1&batchSize=10&hidden=4&outputActivation=linear&activation=relu"), &u);
  s.import_weights(w.data());
  const LayerStats& L = s.evaluate().layers[0];
  const double n = 40;
  CHECK(rel_close(L.pre_mean, -190 / n, 1e-6));
  CHECK(rel_close(L.pre_std, std::sqrt(3345 / n - (190 / n) * (190 / n)), 1e-6));
  CHECK(rel_close(L.act_mean, 50.5 / n, 1e-6));
  CHECK(rel_close(L.act_std, std::sqrt(332.75 / n - (50.5 / n) * (50.5 / n)), 1e-6));
}

TEST_CASE("pinned: saturated means |f'| < 5% of the peak slope on more than half of the points") {
  // tanh' = 1 - tanh^2 (peak 1): tanh'(1.5) = 0.181 (18% of the peak: working),
  // tanh'(2.5) = 0.0266 (2.7%: saturated). |z| > 2.18 has tanh' < 5%: with z = x - 4 over
  // x = 0..9 that is 5 of 10 points (not more than half), with z = x - 3.5 it is 6 of 10.
  // sigmoid' = s (1 - s) (peak 1/4): sigmoid'(3.5) = 0.0285 (11% of the peak: working),
  // sigmoid'(4.5) = 0.0110 (4.4%: saturated).
  CHECK(pin::df("tanh", 1.5) == doctest::Approx(0.1807).epsilon(1e-3));
  CHECK(pin::df("tanh", 2.5) < 0.05);
  CHECK(pin::df("sigmoid", 3.5) / 0.25 > 0.10);
  CHECK(pin::df("sigmoid", 4.5) / 0.25 < 0.045);
  std::vector<double> x, y;
  for (int p = 0; p < 10; ++p) x.push_back(p), y.push_back(0.5);
  UserData u = pin::regression_data(1, x, y);
  const auto u8 = [](UnitState st) { return static_cast<uint8_t>(st); };
  {
    std::vector<pin::Layer> net = {{1, 4, "tanh", {0, 0, 1, 1}, {1.5, 2.5, -4, -3.5}}, {4, 1, "linear", {1, 1, 1, 1}, {0}}};
    int saturated_by_hand = 0;
    for (int j = 0; j < 4; ++j) {
      int below = 0;
      for (double xv : x) below += pin::df("tanh", net[0].W[j] * xv + net[0].b[j]) < 0.05;
      saturated_by_hand += below > 5;
    }
    CHECK(saturated_by_hand == 2);
    const std::vector<float> w = pin::flat(net);
    Session s(config_from_query("dataset=custom&trainFraction=1&batchSize=10&hidden=4&activation=tanh&outputActivation=linear"), &u);
    s.import_weights(w.data());
    const Metrics& m = s.evaluate();
    const auto& st = s.unit_states();
    CHECK(st[0] == u8(UnitState::active));     // z = 1.5 everywhere: f' = 18% of the peak
    CHECK(st[1] == u8(UnitState::saturated));  // z = 2.5 everywhere: 2.7%
    CHECK(st[2] == u8(UnitState::active));     // 5 of 10 points in the tails: not most
    CHECK(st[3] == u8(UnitState::saturated));  // 6 of 10
    CHECK(m.layers[0].saturated == 2);
  }
  {
    std::vector<pin::Layer> net = {{1, 2, "sigmoid", {0, 0}, {3.5, 4.5}}, {2, 1, "linear", {1, 1}, {0}}};
    const std::vector<float> w = pin::flat(net);
    Session s(config_from_query("dataset=custom&trainFraction=1&batchSize=10&hidden=2&activation=sigmoid&outputActivation=linear"), &u);
    s.import_weights(w.data());
    const Metrics& m = s.evaluate();
    CHECK(s.unit_states()[0] == u8(UnitState::active));     // 11% of sigmoid's peak 1/4
    CHECK(s.unit_states()[1] == u8(UnitState::saturated));  // 4.4%
    CHECK(m.layers[0].saturated == 1);
  }
}

TEST_CASE("pinned: a gradient norm just above 1e15 is refused as a gradient blow-up, just below is applied") {
  // The threshold is the documented one (README, "Divergence": a gradient norm above 1e15),
  // written here as a number, not read from the engine. One linear unit z = w x + b on two
  // points x = 1, y = 0, from w = 0, b = B: per-example loss B^2, dL/dw = dL/db = 2B, so the
  // gradient norm is 2 sqrt(2) B. Float32 rounding moves it by ~1e-7: 0.1% either side is clear.
  std::vector<double> x = {1, 1}, y = {0, 0};
  UserData u = pin::regression_data(1, x, y);
  for (double factor : {1.001, 0.999}) {
    CAPTURE(factor);
    const double B = factor * 1e15 / (2 * std::sqrt(2.0));
    const float w[2] = {0.0f, float(B)};
    Session s(config_from_query("dataset=custom&trainFraction=1&batchSize=2&hidden=&outputActivation=linear&learningRate=1e-7"), &u);
    s.import_weights(w);
    const int done = s.step(1);
    const Metrics& m = s.metrics();
    CHECK(m.grad_norm == doctest::Approx(factor * 1e15).epsilon(1e-5));
    if (factor > 1) {
      CHECK(done == 0);
      CHECK(m.diverged == Divergence::gradient);
      CHECK(std::string(kDivergenceNames[int(m.diverged)]) == "gradient");
      CHECK(m.diverged_step == 0);
      CHECK(std::isfinite(m.batch_loss));  // the loss is finite: the gradient is the cause
      CHECK(m.batch_loss == doctest::Approx(double(float(B)) * float(B)).epsilon(1e-5));
      CHECK(weights_of(s)[1] == float(B));  // the refused step was not applied
    } else {
      CHECK(done == 1);
      CHECK(m.diverged == Divergence::none);
      CHECK(weights_of(s)[1] != float(B));
    }
  }
}

TEST_CASE("pinned: a NaN gradient with a finite loss is refused with cause \"gradient\"") {
  // Two points at x = 3e38 with targets -2 and +2, from w = b = 0: z = 0, so the loss is
  // (4 + 4) / 2 = 4, but dL/dw = (2 * 3e38 - 2 * 3e38) / 2 overflows float32 as inf - inf = NaN.
  std::vector<double> x = {3e38, 3e38}, y = {-2, 2};
  UserData u = pin::regression_data(1, x, y);
  Session s(config_from_query("dataset=custom&trainFraction=1&batchSize=2&hidden=&outputActivation=linear"), &u);
  const float w[2] = {0.0f, 0.0f};
  s.import_weights(w);
  CHECK(s.step(1) == 0);
  const Metrics& m = s.metrics();
  CHECK(m.diverged == Divergence::gradient);
  CHECK(m.batch_loss == 4.0);
  CHECK(std::isnan(m.grad_norm));
  for (float v : weights_of(s)) CHECK(v == 0.0f);  // nothing applied, no NaN weights
}

TEST_CASE("pinned: gradient clipping scales a session's step to clipNorm / ||g||") {
  Tiny t;
  const pin::Result ref = pin::run(t.net, t.x, t.y);
  REQUIRE(ref.grad_norm > 0.2);  // so a clip norm of 0.1 clips
  Session s = t.session("&learningRate=0.1&clipNorm=0.1");
  const std::vector<float> w0 = weights_of(s);
  REQUIRE(s.step(1) == 1);
  const std::vector<float> w1 = weights_of(s);
  const double scale = 0.1 / ref.grad_norm;
  std::size_t at = 0;
  double moved2 = 0;
  for (int l = 0; l < 2; ++l)
    for (const auto* gs : {&ref.gW[l], &ref.gb[l]})
      for (double g : *gs) {
        CAPTURE(at);
        // rounding of w1 (~1e-7) against steps of ~1e-3: 1e-3 relative
        CHECK(double(w0[at]) - w1[at] == doctest::Approx(0.1 * g * scale).epsilon(1e-3).scale(0));
        moved2 += (double(w0[at]) - w1[at]) * (double(w0[at]) - w1[at]);
        ++at;
      }
  CHECK(std::sqrt(moved2) == doctest::Approx(0.1 * 0.1).epsilon(1e-3).scale(0));  // lr x clipNorm
}

TEST_CASE("pinned: Adam's epsilon is added to sqrt(v_hat), not under the root") {
  // First step with eps = 0.5: lr * g / (|g| + 0.5), from m_hat = g and sqrt(v_hat) = |g|.
  Tiny t;
  const pin::Result ref = pin::run(t.net, t.x, t.y);
  Session s = t.session("&optimizer=adam&learningRate=0.01&epsilon=0.5");
  const std::vector<float> w0 = weights_of(s);
  REQUIRE(s.step(1) == 1);
  const std::vector<float> w1 = weights_of(s);
  std::size_t at = 0;
  for (int l = 0; l < 2; ++l)
    for (const auto* gs : {&ref.gW[l], &ref.gb[l]})
      for (double g : *gs) {
        CAPTURE(at);
        CHECK(double(w0[at]) - w1[at] == doctest::Approx(0.01 * g / (std::fabs(g) + 0.5)).epsilon(1e-3).scale(0));
        ++at;
      }
}

TEST_CASE("pinned: accuracy of a tanh output thresholds at 0, of a sigmoid output at 1/2") {
  // One unit z = x + 0.5 on x = -2, -1, 0, 2 with classes 0, 1, 1, 1. tanh: predictions
  // (z > 0) 0, 0, 1, 1 -> 3 of 4 right (x = 0 gives tanh(0.5) = 0.46: class 1, though below 1/2).
  UserData u;
  u.shape = {4, 1, 0, true, 2};
  u.inputs = {-2, -1, 0, 2};
  u.targets = {0, 1, 1, 1};
  const float w[2] = {1.0f, 0.5f};
  for (const char* out : {"tanh&loss=mse", "sigmoid&loss=bce"}) {
    CAPTURE(out);
    Session s(config_from_query(std::string("dataset=custom&trainFraction=1&batchSize=4&hidden=&outputActivation=") + out), &u);
    s.import_weights(w);
    CHECK(s.evaluate().train_acc == 0.75);
  }
}

TEST_CASE("pinned: a tanh classifier is trained towards +1 and -1, a sigmoid one towards 1 and 0") {
  // One unit z = 0.5 x on x = 1 (class 1) and x = -1 (class 0), mean squared error
  // (1/N) sum (y - t)^2. tanh: y = +-tanh(0.5) = +-0.46212, targets +1 and -1, so both errors
  // are 1 - tanh(0.5) and the loss is (1 - tanh 0.5)^2 = 0.28932 (towards 0 for class 0 it would
  // be ((1 - tanh 0.5)^2 + tanh(0.5)^2) / 2 = 0.25143). sigmoid: y = s(0.5) = 0.62246 and
  // s(-0.5) = 0.37754 against 1 and 0, again two equal errors: (1 - s(0.5))^2 = 0.14248.
  UserData u;
  u.shape = {2, 1, 0, true, 2};
  u.inputs = {1, -1};
  u.targets = {1, 0};
  const float w[2] = {0.5f, 0.0f};
  const double t = std::tanh(0.5), sg = 1 / (1 + std::exp(-0.5));
  const std::pair<const char*, double> cases[] = {{"tanh", (1 - t) * (1 - t)}, {"sigmoid", (1 - sg) * (1 - sg)}};
  for (const auto& c : cases) {
    const char* out = c.first;
    const double want = c.second;
    CAPTURE(out);
    Session s(config_from_query(std::string("dataset=custom&trainFraction=1&batchSize=2&hidden=&loss=mse&outputActivation=") + out), &u);
    s.import_weights(w);
    CHECK(rel_close(s.evaluate().train_loss, want, kRel));
  }
}

TEST_CASE("pinned: the histograms bin f(z) over the layer's own range and log10 |dl/dz| over the decades it occupies") {
  // Activation histogram: 32 equal bins from the layer's smallest activation to its largest
  // (those two in the end bins by definition); gradient histogram: log10 |dl/dz| on a grid of
  // 1/16 decade from -46, merged into 32 bins of k grid steps each, k the fewest that cover the
  // steps the values fall in, those steps centred (the extra ones split below and above).
  Tiny t;
  Session s = t.session();
  const pin::Result ref = pin::run(t.net, t.x, t.y);
  const Metrics& m = s.evaluate();
  for (int l = 0; l < 2; ++l) {
    CAPTURE(l);
    const auto [amin, amax] = std::minmax_element(ref.a[l].begin(), ref.a[l].end());
    CHECK(std::fabs(m.layers[l].act_lo - *amin) <= 1e-6);
    CHECK(std::fabs(m.layers[l].act_hi - *amax) <= 1e-6);
    std::array<double, 32> act{}, grad{};
    for (double a : ref.a[l]) {
      if (a == *amin || a == *amax) {
        act[a == *amin ? 0 : 31] += 1;
        continue;
      }
      const double b = (a - *amin) / (*amax - *amin) * 32;
      REQUIRE(std::fabs(b - std::round(b)) > 1e-3);  // no value on a bin edge, where float and double may differ
      act[int(std::floor(b))] += 1;
    }
    std::vector<int> step;
    for (double g : ref.dz[l]) {
      const double f = (std::log10(std::fabs(g)) + 46) * 16;
      REQUIRE(std::fabs(f - std::round(f)) > 1e-3);
      step.push_back(int(std::floor(f)));
    }
    const auto [first, last] = std::minmax_element(step.begin(), step.end());
    const int span = *last - *first + 1, k = (span + 31) / 32, start = *first - (32 * k - span) / 2;
    REQUIRE(span <= 12 * 16);  // within the twelve decades the range may span: nothing counted below it
    CHECK(m.layers[l].grad_lo == -46 + start / 16.0);
    CHECK(m.layers[l].grad_hi == -46 + (start + 32 * k) / 16.0);
    for (int f : step) grad[(f - start) / k] += 1;
    for (int b = 0; b < 32; ++b) {
      CAPTURE(b);
      CHECK(m.layers[l].act_hist[b] == act[b]);
      CHECK(m.layers[l].grad_hist[b] == grad[b]);
    }
    CHECK(m.layers[l].grad_zeros == 0);
    CHECK(m.layers[l].grad_below == 0);
  }
}

TEST_CASE("pinned: weights whose squared norm overflows end the run as \"weights\" after the step") {
  // Inputs 0: z = b = 0 for weights of any size, so the loss (0) and the gradient (0) stay
  // finite while a weight of 3e38 squares to infinity in float32: the backstop must fire.
  std::vector<double> x = {0, 0}, y = {0, 0};
  UserData u = pin::regression_data(1, x, y);
  Session s(config_from_query("dataset=custom&trainFraction=1&batchSize=2&hidden=&outputActivation=linear"), &u);
  const float w[2] = {3e38f, 0.0f};
  s.import_weights(w);
  CHECK(s.step(3) == 1);  // the step is applied (nothing in it was wrong), then the run stops
  CHECK(s.metrics().diverged == Divergence::weights);
  CHECK(s.metrics().diverged_step == 1);
}

TEST_CASE("pinned: the evaluation's gradient over chunks of 256 rows is the one-pass gradient") {
  // evaluate() walks 600 training points in chunks (256 + 256 + 88) and adds up dL/dW and
  // dL/db; a full-batch SGD step (batch 600, lr 1) computes the same gradient in one pass, and
  // moves each parameter by it. Agreement to float rounding (~1e-7 of |w|) plus 1e-4 relative.
  Session s(config_from_query("dataset=circle&numPoints=600&trainFraction=1&batchSize=600&hidden=5&optimizer=sgd&learningRate=1&biasInit=0.1"));
  s.evaluate();
  std::vector<float> g(s.param_count());
  s.export_gradients(g.data());
  const std::vector<float> w0 = weights_of(s);
  REQUIRE(s.step(1) == 1);
  const std::vector<float> w1 = weights_of(s);
  double biggest_bias_gradient = 0;
  std::size_t at = 0;
  for (const auto& L : s.net().layers) {
    for (int k = 0; k < L.in * L.out; ++k, ++at) CHECK(std::fabs((w0[at] - w1[at]) - g[at]) <= 2e-7 + 1e-4 * std::fabs(g[at]));
    for (int k = 0; k < L.out; ++k, ++at) {
      CHECK(std::fabs((w0[at] - w1[at]) - g[at]) <= 2e-7 + 1e-4 * std::fabs(g[at]));
      biggest_bias_gradient = std::max(biggest_bias_gradient, double(std::fabs(g[at])));
    }
  }
  CHECK(biggest_bias_gradient > 1e-3);  // the biases do receive a gradient to compare
}

TEST_CASE("pinned: born dead when any one hidden layer outputs 0 everywhere, not only the first") {
  // tanh units at bias -10 still output tanh(z) != 0; the ReLU layer above them is all 0.
  Session s(config_from_query("dataset=circle&hidden=4,3&layerActivations=tanh,relu&biasInit=-10"));
  const Metrics& m = s.evaluate();
  CHECK(!m.layers[0].all_zero);
  CHECK(m.layers[1].all_zero);
  CHECK(m.born_dead);
  Session first(config_from_query("dataset=circle&hidden=3,4&layerActivations=relu,tanh&biasInit=-10"));
  CHECK(first.evaluate().born_dead);  // and when it is the first
}
