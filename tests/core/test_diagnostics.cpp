// The instruments: each statistic checked against an independent computation or a case
// whose answer is known, plus divergence handling.
#include <doctest/doctest.h>

#include <cmath>
#include <numeric>
#include <string>

#include "helpers.hpp"
#include "session.hpp"

using namespace gl;

TEST_CASE("gradient norms equal the full-batch gradient that one SGD step applies") {
  // With the batch = the whole training set and plain SGD, the first step moves W by exactly
  // lr * dL/dW: so ||delta W|| / lr must equal the probe's gradient norm before the step.
  Config c = config_from_query("dataset=circle&numPoints=200&trainFraction=1&batchSize=200&hidden=6,5&optimizer=sgd&learningRate=0.001");
  Session s(c);
  const Metrics before = s.evaluate();
  const std::vector<float> w0 = weights_of(s);
  s.step(1);
  const std::vector<float> w1 = weights_of(s);
  std::size_t at = 0;
  for (int l = 0; l < s.net().depth(); ++l) {
    CAPTURE(l);
    const auto& L = s.net().layers[l];
    double dw = 0, db = 0;
    for (int k = 0; k < L.in * L.out; ++k, ++at) dw += double(w1[at] - w0[at]) * (w1[at] - w0[at]);
    for (int k = 0; k < L.out; ++k, ++at) db += double(w1[at] - w0[at]) * (w1[at] - w0[at]);
    CHECK(std::sqrt(dw) / 0.001 == doctest::Approx(before.layers[l].grad_w_norm).epsilon(2e-3));
    CHECK(std::sqrt(db) / 0.001 == doctest::Approx(before.layers[l].grad_b_norm).epsilon(2e-3));
  }
  // update ratio of that step: ||delta W|| / ||W_new||
  const Metrics& after = s.evaluate();
  CHECK(after.layers[0].update_ratio > 0);
  CHECK(before.layers[0].update_ratio == 0);
}

TEST_CASE("activation statistics and histograms match a direct computation over the grid of units") {
  Config c = config_from_query("dataset=gaussian&numPoints=100&trainFraction=1&hidden=7&activation=tanh");
  Session s(c);
  const Metrics& m = s.evaluate();
  // Recompute layer 1 by hand from the training inputs and exported weights.
  const std::vector<float> w = weights_of(s);
  const auto& X = s.train_inputs();
  double sum = 0, sum2 = 0, pre_sum = 0;
  for (int r = 0; r < X.rows(); ++r)
    for (int j = 0; j < 7; ++j) {
      double z = w[14 + j];  // biases follow the 7 x 2 weights
      for (int i = 0; i < 2; ++i) z += double(w[j * 2 + i]) * X(r, i);
      const double a = std::tanh(z);
      sum += a, sum2 += a * a, pre_sum += z;
    }
  const double n = X.rows() * 7.0;
  CHECK(m.layers[0].act_mean == doctest::Approx(sum / n).epsilon(1e-5));
  CHECK(m.layers[0].act_std == doctest::Approx(std::sqrt(sum2 / n - (sum / n) * (sum / n))).epsilon(1e-5));
  CHECK(m.layers[0].pre_mean == doctest::Approx(pre_sum / n).epsilon(1e-5));
  for (const auto& L : m.layers) {
    const double cells = n / 7 * L.units;
    CHECK(std::accumulate(L.pre_hist.begin(), L.pre_hist.end(), 0.0) == cells);
    CHECK(std::accumulate(L.act_hist.begin(), L.act_hist.end(), 0.0) == cells);
    CHECK(std::accumulate(L.grad_hist.begin(), L.grad_hist.end(), 0.0) + L.grad_zeros + L.grad_below == cells);
  }
  // the weight norm is the Frobenius norm of the exported weights
  double w2 = 0;
  for (int k = 0; k < 14; ++k) w2 += double(w[k]) * w[k];
  CHECK(m.layers[0].weight_norm == doctest::Approx(std::sqrt(w2)).epsilon(1e-6));
}

TEST_CASE("born dead: a large negative bias switches every ReLU off for every input") {
  Session s(config_from_query("dataset=circle&hidden=8,8&activation=relu&biasInit=-10&init=he_uniform"));
  const Metrics& m = s.evaluate();
  CHECK(m.born_dead);
  CHECK(m.layers[0].dead == 8);
  CHECK(m.layers[0].all_zero);
  CHECK(m.output_constant);  // nothing reaches the output: it is the same for every input
  CHECK(m.layers[0].grad_w_norm == 0);
  CHECK(m.layers[0].grad_zeros > 0);
  // and training cannot revive it: no gradient reaches those weights
  s.step(500);
  CHECK(s.evaluate().layers[0].dead == 8);

  Session healthy(config_from_query("dataset=circle&hidden=8,8&activation=relu&init=he_uniform"));
  const Metrics& h = healthy.evaluate();
  CHECK(!h.born_dead);
  CHECK(!h.output_constant);
  CHECK(h.layers[0].dead < 8);
}

TEST_CASE("dead vs inactive: leaky units pushed off stay trainable and are counted apart") {
  Session relu(config_from_query("dataset=circle&hidden=8&activation=relu&biasInit=-10"));
  Session leaky(config_from_query("dataset=circle&hidden=8&activation=leaky_relu&biasInit=-10"));
  const auto& r = relu.evaluate();
  const auto& l = leaky.evaluate();
  CHECK(r.layers[0].dead == 8);
  CHECK(r.layers[0].inactive == 0);
  CHECK(l.layers[0].dead == 0);
  CHECK(l.layers[0].inactive == 8);
  CHECK(!l.born_dead);  // leaky activations are small but not zero
}

TEST_CASE("saturated units: tanh with a large initial gain sits on its flat tails") {
  Session big(config_from_query("dataset=circle&hidden=16,16&activation=tanh&initGain=20"));
  Session small(config_from_query("dataset=circle&hidden=16,16&activation=tanh"));
  CHECK(big.evaluate().layers[1].saturated >= 12);
  CHECK(small.evaluate().layers[1].saturated <= 2);
  Session relu(config_from_query("dataset=circle&hidden=16&activation=relu&initGain=20"));
  CHECK(relu.evaluate().layers[0].saturated == 0);  // not meaningful for rectifiers
}

TEST_CASE("divergence is detected within one step, reported with its cause, and reset recovers") {
  Session s(config_from_query("dataset=circle&hidden=8,8,8&activation=relu&init=he_normal&initGain=30&learningRate=10"));
  const Metrics good = s.evaluate();
  int done = s.step(100);
  const Metrics& m = s.metrics();
  REQUIRE(m.diverged != Divergence::none);
  CHECK(done == m.diverged_step);  // the diverging step was not counted as done
  CHECK(m.diverged_step <= 5);
  CHECK(s.step(10) == 0);  // a diverged run does not train further
  const Metrics& after = s.evaluate();
  CHECK(after.diverged != Divergence::none);
  CHECK(std::isfinite(after.layers[0].weight_norm));  // the last finite figures are kept
  for (float v : weights_of(s)) REQUIRE(std::isfinite(v));  // the update that would blow up is not applied
  s.reset();
  CHECK(s.metrics().diverged == Divergence::none);
  CHECK(s.evaluate().train_loss == good.train_loss);
  s.set_live("learningRate", 0.01);
  CHECK(s.step(100) == 100);
  CHECK(!s.diverged());
}

TEST_CASE("exploding depth and extreme inputs end in a reported divergence, never in NaN metrics") {
  Session s(config_from_query("dataset=circle&hidden=" + layers_of(40, 32) + "&activation=relu&init=he_normal&initGain=3"));
  s.step(5);
  const Metrics& m = s.evaluate();
  CHECK(m.diverged != Divergence::none);
  UserData u;
  u.shape = {4, 1, 1, false, 0};
  u.inputs = {1e30f, -1e30f, 1e30f, 0};
  u.targets = {1, 2, 3, 4};
  Session x(config_from_query("dataset=custom&trainFraction=1&batchSize=4&hidden=4&activation=relu"), &u);
  x.step(3);
  CHECK(x.diverged());
}

TEST_CASE("per-unit states: dead, blocked, inactive, saturated, active") {
  auto states = [](Session& s) {
    s.evaluate();
    return s.unit_states();
  };
  const auto u8 = [](UnitState st) { return static_cast<uint8_t>(st); };
  {  // every ReLU switched off at birth: all dead
    Session s(config_from_query("dataset=circle&hidden=4,3&activation=relu&biasInit=-10"));
    const auto st = states(s);
    REQUIRE(st.size() == 4u + 3 + 1);
    for (int u = 0; u < 7; ++u) CHECK(st[u] == u8(UnitState::dead));
  }
  {  // leaky units pushed off everywhere still pass a gradient: inactive
    Session s(config_from_query("dataset=circle&hidden=4&activation=leaky_relu&biasInit=-10"));
    const auto st = states(s);
    for (int u = 0; u < 4; ++u) CHECK(st[u] == u8(UnitState::inactive));
  }
  {  // a healthy first layer below a dead second one: no gradient reaches it (blocked)
    Session s(config_from_query("dataset=circle&hidden=4,3&layerActivations=tanh,relu&biasInit=-10"));
    const auto st = states(s);
    for (int u = 0; u < 4; ++u) CHECK(st[u] == u8(UnitState::blocked));
    for (int u = 4; u < 7; ++u) CHECK(st[u] == u8(UnitState::dead));
    CHECK(s.metrics().layers[0].dead == 0);  // blocked is not dead: its own f' is fine
  }
  {  // saturated tanh units, and the per-layer count agrees with the per-unit states
    Session s(config_from_query("dataset=circle&hidden=16,16&activation=tanh&initGain=20"));
    const auto st = states(s);
    int saturated = 0;
    for (int u = 16; u < 32; ++u) saturated += st[u] == u8(UnitState::saturated);
    CHECK(saturated == s.metrics().layers[1].saturated);
    CHECK(saturated >= 12);
  }
  {  // an ordinary network: active units
    Session s(config_from_query("dataset=circle&hidden=8"));
    const auto st = states(s);
    CHECK(std::count(st.begin(), st.end(), u8(UnitState::active)) >= 8);
  }
}

TEST_CASE("exported gradients are the full-batch gradient an SGD step applies") {
  // lr 1: the step w0 - w1 is then the gradient itself, up to the float rounding of w (~1e-7).
  Session s(config_from_query("dataset=xor&numPoints=100&trainFraction=1&batchSize=100&hidden=5,4&optimizer=sgd&learningRate=1"));
  s.evaluate();
  std::vector<float> g(s.param_count());
  s.export_gradients(g.data());
  const std::vector<float> w0 = weights_of(s);
  s.step(1);
  const std::vector<float> w1 = weights_of(s);
  for (std::size_t i = 0; i < g.size(); ++i) {
    CAPTURE(i);
    CHECK(std::fabs((w0[i] - w1[i]) - g[i]) <= 2e-7 + 1e-4 * std::fabs(g[i]));
  }
}
