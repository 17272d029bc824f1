// Each optimiser's first three updates on L(w) = (w1^2 + 4 w2^2) / 2 from w = (1, 1), whose
// gradient is (w1, 4 w2), against values worked out by hand from the update rules in
// optimizer.hpp (PyTorch's conventions), e.g. for momentum (mu = 0.9, lr = 0.1):
//   g0 = (1, 4)      v1 = g0 = (1, 4)                 w1 = (0.9, 0.6)
//   g1 = (0.9, 2.4)  v2 = 0.9 v1 + g1 = (1.8, 6.0)     w2 = (0.72, 0.0)
//   g2 = (0.72, 0)   v3 = 0.9 v2 + g2 = (2.34, 5.4)    w3 = (0.486, -0.54)
// Adam's first step is lr * sign(g) (m_hat / sqrt(v_hat) = g / |g|): w1 = (0.9, 0.9).
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "helpers.hpp"
#include "optimizer.hpp"
#include "schedule.hpp"
#include "session.hpp"

using namespace gl;

namespace {

std::vector<std::array<double, 2>> three_steps(OptKind kind, float lr, float l1 = 0, float l2 = 0, float clip = 0) {
  // apply_update works in whole vectors (n a multiple of kPad, as every layer's padded
  // arrays are): two parameters, padded with zeros that stay zero.
  float w[kPad] = {1, 1}, g[kPad] = {}, s1[kPad] = {}, s2[kPad] = {};
  OptStep o;
  o.kind = kind;
  o.lr = lr;
  o.momentum = 0.9f, o.beta1 = 0.9f, o.beta2 = 0.999f, o.eps = 1e-8f, o.rho = 0.9f, o.l1 = l1, o.l2 = l2;
  double b1t = 1, b2t = 1;
  std::vector<std::array<double, 2>> out;
  for (int t = 1; t <= 3; ++t) {
    g[0] = w[0], g[1] = 4 * w[1];
    b1t *= 0.9, b2t *= 0.999;
    o.bc1 = float(1 - b1t), o.bc2 = float(1 - b2t);
    const double norm = std::sqrt(double(g[0]) * g[0] + double(g[1]) * g[1]);
    o.grad_scale = clip > 0 && norm > clip ? float(clip / norm) : 1.0f;
    apply_update(o, w, g, s1, s2, kPad, true);
    out.push_back({w[0], w[1]});
  }
  return out;
}

void expect(const std::vector<std::array<double, 2>>& got, const std::vector<std::array<double, 2>>& want) {
  for (int t = 0; t < 3; ++t) {
    CAPTURE(t + 1);
    for (int i = 0; i < 2; ++i) CHECK(got[t][i] == doctest::Approx(want[t][i]).epsilon(2e-6).scale(1));
  }
}

}  // namespace

TEST_CASE("optimisers: first three updates equal the hand-computed values") {
  SUBCASE("sgd") { expect(three_steps(OptKind::sgd, 0.1f), {{{0.9, 0.6}}, {{0.81, 0.36}}, {{0.729, 0.216}}}); }
  SUBCASE("momentum") { expect(three_steps(OptKind::momentum, 0.1f), {{{0.9, 0.6}}, {{0.72, 0.0}}, {{0.486, -0.54}}}); }
  SUBCASE("nesterov") {
    // w -= lr (g + mu v): step 1 is lr (1 + 0.9) g0 = (0.19, 0.76)
    expect(three_steps(OptKind::nesterov, 0.1f), {{{0.81, 0.24}}, {{0.5751, -0.2664}}, {{0.327321, -0.433296}}});
  }
  SUBCASE("rmsprop") {
    // s1 = 0.1 g0^2, so step 1 is lr g0 / sqrt(0.1 g0^2) = lr sqrt(10) per coordinate
    expect(three_steps(OptKind::rmsprop, 0.01f),
           {{{0.968377224, 0.968377224}}, {{0.945788026, 0.945788025}}, {{0.9270531, 0.927053098}}});
  }
  SUBCASE("adam") {
    expect(three_steps(OptKind::adam, 0.1f), {{{0.9, 0.9}}, {{0.80041223, 0.800412228}}, {{0.701586275, 0.701586272}}});
  }
}

TEST_CASE("regularisation and clipping enter the gradient as documented") {
  // L2 0.5: g' = g + 0.5 w -> (1.5, 4.5) at w = (1, 1); sgd lr 0.1 -> (0.85, 0.55)
  const auto l2 = three_steps(OptKind::sgd, 0.1f, 0, 0.5f);
  CHECK(l2[0][0] == doctest::Approx(0.85));
  CHECK(l2[0][1] == doctest::Approx(0.55));
  // L1 0.5: g' = g + 0.5 sign(w) -> (1.5, 4.5) too at w = (1, 1)
  CHECK(three_steps(OptKind::sgd, 0.1f, 0.5f)[0][1] == doctest::Approx(0.55));
  // clip to norm 1: g0 = (1, 4) / sqrt(17)
  const auto c = three_steps(OptKind::sgd, 0.1f, 0, 0, 1.0f);
  CHECK(c[0][0] == doctest::Approx(1 - 0.1 / std::sqrt(17.0)));
  CHECK(c[0][1] == doctest::Approx(1 - 0.4 / std::sqrt(17.0)));
}

TEST_CASE("learning-rate schedules") {
  Config c;
  c.schedule = ScheduleKind::step;
  c.stepEvery = 100;
  c.stepGamma = 0.5;
  CHECK(scheduled_lr(c, 0.1, 0) == 0.1);
  CHECK(scheduled_lr(c, 0.1, 99) == 0.1);
  CHECK(scheduled_lr(c, 0.1, 100) == doctest::Approx(0.05));
  CHECK(scheduled_lr(c, 0.1, 350) == doctest::Approx(0.0125));
  c.schedule = ScheduleKind::cosine;
  c.cosineSteps = 1000;
  c.minLearningRate = 0.1;
  CHECK(scheduled_lr(c, 1.0, 0) == doctest::Approx(1.0));
  CHECK(scheduled_lr(c, 1.0, 500) == doctest::Approx(0.55));  // halfway: (1 + 0.1) / 2
  CHECK(scheduled_lr(c, 1.0, 1000) == doctest::Approx(0.1));
  CHECK(scheduled_lr(c, 1.0, 5000) == doctest::Approx(0.1));
}

TEST_CASE("the learning rate changes mid-run without resetting anything") {
  Config c = config_from_query("dataset=xor&hidden=8,8&optimizer=adam&learningRate=0.01");
  Session a(c), b(c);
  a.step(200);
  b.step(200);
  const double loss_before = a.evaluate().train_loss;
  a.set_live("learningRate", 0.001);
  CHECK(a.metrics().step == 200);  // the counters and the optimiser state are kept
  CHECK(a.metrics().lr == doctest::Approx(0.001));
  a.step(1);
  b.step(1);
  const std::vector<float> wa = weights_of(a);
  CHECK(wa != weights_of(b));  // the new rate took effect...
  // ...on a continuing run: the step after the change is small, not a fresh Adam start
  // (whose first step would move every weight by the full rate).
  Session fresh(c);
  fresh.step(200);
  const std::vector<float> wf = weights_of(fresh);
  double moved = 0;
  for (std::size_t i = 0; i < wa.size(); ++i) moved = std::max(moved, double(std::fabs(wa[i] - wf[i])));
  CHECK(moved < 0.001 * 1.0001);
  CHECK(std::isfinite(loss_before));
  SUBCASE("a field that needs a new session is refused") {
    CHECK_THROWS_WITH_AS(a.set_live("hidden", 3), doctest::Contains("cannot change during a run"), ConfigError);
    CHECK_THROWS_WITH_AS(a.set_live("learningRate", -1), doctest::Contains("out of range"), ConfigError);
    CHECK_THROWS_WITH_AS(a.set_live("batchSize", 100000), doctest::Contains("batchSize"), ConfigError);
  }
}
