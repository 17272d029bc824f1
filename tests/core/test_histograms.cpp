// The histograms' ranges follow each layer's values: pre-activations and activations from the
// smallest to the largest value over the training set, the back-propagated gradient over the
// decades its per-example values occupy (at most kGradMaxDecades below the largest). Each checked against values recomputed here from the
// exported weights, plus the cases the fixed ranges could not show (a too-large
// initialisation) and the ones with nothing to spread (every value the same).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "helpers.hpp"
#include "session.hpp"

using namespace gl;

namespace {

double total(const std::array<double, kHistBins>& h) { return std::accumulate(h.begin(), h.end(), 0.0); }
double edge_share(const std::array<double, kHistBins>& h) { return (h.front() + h.back()) / total(h); }

// Layer 1's pre-activations of every training point, from the exported weights (in double).
std::vector<double> first_layer_z(const Session& s, int units) {
  const std::vector<float> w = weights_of(s);
  const auto& X = s.train_inputs();
  const int in = s.net().layers[0].in;
  std::vector<double> z;
  for (int r = 0; r < X.rows(); ++r)
    for (int j = 0; j < units; ++j) {
      double v = w[std::size_t(in) * units + j];  // the biases follow the units x in weights
      for (int i = 0; i < in; ++i) v += double(w[std::size_t(j) * in + i]) * X(r, i);
      z.push_back(v);
    }
  return z;
}

}  // namespace

TEST_CASE("pre-activation and activation histograms span the layer's smallest to largest value") {
  Session s(config_from_query("dataset=gaussian&numPoints=100&trainFraction=1&hidden=7&activation=tanh"));
  const Metrics& m = s.evaluate();
  const std::vector<double> z = first_layer_z(s, 7);
  const auto [zlo, zhi] = std::minmax_element(z.begin(), z.end());
  const auto& L = m.layers[0];
  // the engine's float32 values against double recomputations
  CHECK(L.pre_lo == doctest::Approx(*zlo).epsilon(1e-5));
  CHECK(L.pre_hi == doctest::Approx(*zhi).epsilon(1e-5));
  CHECK(L.act_lo == doctest::Approx(std::tanh(*zlo)).epsilon(1e-5));
  CHECK(L.act_hi == doctest::Approx(std::tanh(*zhi)).epsilon(1e-5));
  for (const auto& S : m.layers) {
    // the extremes are values, so both end bins hold one; every value is counted
    CHECK(S.pre_hist.front() > 0);
    CHECK(S.pre_hist.back() > 0);
    CHECK(S.act_hist.front() > 0);
    CHECK(S.act_hist.back() > 0);
    CHECK(total(S.pre_hist) == 100.0 * S.units);
    CHECK(total(S.act_hist) == 100.0 * S.units);
  }
}

TEST_CASE("over several evaluation chunks the range covers every chunk, and the other figures stay as they were") {
  // 700 training points: three chunks of the evaluation, the extremes anywhere among them
  const Config c = config_from_query("dataset=circle&numPoints=1400&trainFraction=0.5&hidden=5,4&activation=relu");
  Session s(c);
  const Metrics m = s.evaluate();
  REQUIRE(s.train_inputs().rows() > kEvalChunk * 2);
  const std::vector<double> z = first_layer_z(s, 5);
  const auto [zlo, zhi] = std::minmax_element(z.begin(), z.end());
  CHECK(m.layers[0].pre_lo == doctest::Approx(*zlo).epsilon(1e-5));
  CHECK(m.layers[0].pre_hi == doctest::Approx(*zhi).epsilon(1e-5));
  CHECK(m.layers[0].act_lo == 0);  // ReLU: the off units' exact zeros
  CHECK(m.layers[0].act_hi == doctest::Approx(std::max(0.0, *zhi)).epsilon(1e-5));
  CHECK(total(m.layers[0].pre_hist) == double(z.size()));
  // the pass that finds the range changes nothing else: the loss is the one an evaluation
  // without instruments gets, and a second session gives the same figures to the bit
  CHECK(s.evaluate(false).train_loss == m.train_loss);
  Session again(c);
  const Metrics& m2 = again.evaluate();
  for (std::size_t l = 0; l < m.layers.size(); ++l) {
    CHECK(m2.layers[l].pre_hist == m.layers[l].pre_hist);
    CHECK(m2.layers[l].act_hist == m.layers[l].act_hist);
    CHECK(m2.layers[l].grad_hist == m.layers[l].grad_hist);
    CHECK(m2.layers[l].grad_w_norm == m.layers[l].grad_w_norm);
  }
}

TEST_CASE("a too-large initialisation: each layer's values spread over its bins instead of piling into the end ones") {
  // the exploding-init lesson: activations grow 5-8x per layer, so no one fixed range fits all
  Session s(config_from_query("dataset=circle&hidden=8,8,8,8,8,8&activation=leaky_relu&leakySlope=0.2&init=he_normal&initGain=8"));
  const Metrics& m = s.evaluate();
  const auto& first = m.layers.front();
  const auto& last = m.layers[m.layers.size() - 2];
  CHECK(last.act_hi > 1000 * first.act_hi);
  for (std::size_t l = 0; l + 1 < m.layers.size(); ++l) {
    CAPTURE(l);
    CHECK(edge_share(m.layers[l].pre_hist) <= 0.5);
    CHECK(edge_share(m.layers[l].act_hist) <= 0.5);
    // the gradient: points the saturated output already classifies get |dL/dz| near 1e-30
    // and the others near 1e3; the range keeps the top kGradMaxDecades, so the values that
    // move the weights spread over its bins too
    CHECK(m.layers[l].grad_below > 0);
    CHECK(edge_share(m.layers[l].grad_hist) <= 0.5);
  }
}

TEST_CASE("the gradient histogram: whole 1/16-decade bins over the decades the per-example gradients occupy") {
  // No hidden layer: the output's per-example gradient of the cross-entropy is sigmoid(z) - y,
  // computable here from the weights and the data.
  Session s(config_from_query("dataset=gaussian&numPoints=300&trainFraction=1&hidden=&noise=0.5"));
  const Metrics& m = s.evaluate();
  const std::vector<double> z = first_layer_z(s, 1);
  std::vector<double> lg;
  for (std::size_t r = 0; r < z.size(); ++r) {
    const double y = s.data().target[s.data().train[r]];
    const double g = 1 / (1 + std::exp(-z[r])) - y;
    lg.push_back(std::log10(std::fabs(g)));
  }
  const auto& L = m.layers[0];
  const double lo = L.grad_lo, hi = L.grad_hi;
  CHECK(L.grad_zeros == 0);
  CHECK(L.grad_below == 0);
  // the range: on the 1/16-decade grid, 32 whole fine bins each of k
  CHECK(lo * kGradPerDecade == std::round(lo * kGradPerDecade));
  const double fine = (hi - lo) * kGradPerDecade;
  CHECK(fine == std::round(fine));
  CHECK(std::fmod(fine, kHistBins) == 0);
  // the fewest such bins that cover the fine bins the values fall in
  const auto [a, b] = std::minmax_element(lg.begin(), lg.end());
  const int first = int(std::floor((*a - kGradFineLo) * kGradPerDecade)), last = int(std::floor((*b - kGradFineLo) * kGradPerDecade));
  const int k = (last - first + 1 + kHistBins - 1) / kHistBins;
  CHECK(fine == double(k * kHistBins));
  CHECK(lo <= *a);
  CHECK(*b < hi);
  // and the counts: these values binned over that range (a value within 1e-4 decades of an
  // edge may fall either side: the engine's log is float32)
  std::array<double, kHistBins> mine{};
  int near_edge = 0;
  const double width = (hi - lo) / kHistBins;
  for (double v : lg) {
    const double t = (v - lo) / width;
    mine[std::min(kHistBins - 1, int(t))] += 1;
    if (std::fabs(t - std::round(t)) * width < 1e-4) ++near_edge;
  }
  double off = 0;
  for (int i = 0; i < kHistBins; ++i) off += std::fabs(mine[i] - L.grad_hist[i]);
  CHECK(off <= 2 * near_edge);
  CHECK(total(L.grad_hist) == double(lg.size()));
}

TEST_CASE("gradients spread over more than kGradMaxDecades: the range is the top ones, the values under it counted apart") {
  // No hidden layer, a bias of -50 and large weights: the output's z is far below 0 for every
  // point, so |sigmoid(z) - y| is near 1 for class 1 and e^z (down to 1e-35) for class 0:
  // dozens of decades, recomputed here in double.
  Session s(config_from_query("dataset=gaussian&numPoints=300&trainFraction=1&hidden=&noise=0.5&initGain=8&biasInit=-50"));
  const Metrics& m = s.evaluate();
  const std::vector<double> z = first_layer_z(s, 1);
  // float32 computes 1 - p for a point of class 1 in steps of 2^-24 near p = 1: there a value
  // below 1e-6 may come out as 0 or as a few steps, so such points may land either side of
  // the range's start (counted in `unsure`); p itself, for class 0, keeps its relative precision.
  std::vector<double> lg;
  int unsure = 0;
  for (std::size_t r = 0; r < z.size(); ++r) {
    const double y = s.data().target[s.data().train[r]];
    const double g = y == 1 ? 1 / (1 + std::exp(z[r])) : 1 / (1 + std::exp(-z[r]));  // |sigmoid(z) - y|
    lg.push_back(std::log10(g));
    if (y == 1 && g < 1e-6) ++unsure;
  }
  const auto& L = m.layers[0];
  const double top = *std::max_element(lg.begin(), lg.end()), bottom = *std::min_element(lg.begin(), lg.end());
  REQUIRE(top - bottom > 2 * kGradMaxDecades);  // the case this test is about
  // the range: the largest value in it, and no more than kGradMaxDecades below it
  CHECK(L.grad_lo <= top);
  CHECK(top < L.grad_hi);
  CHECK(L.grad_hi - L.grad_lo <= kGradMaxDecades);
  CHECK(L.grad_lo >= top - kGradMaxDecades - 1.0 / kGradPerDecade);
  // every value at or above the range's start in the histogram, every one below it (or, in
  // float32, rounded to 0) counted apart; values within 1e-4 decades of lo may go either way
  int kept = 0, under = 0, near_lo = 0;
  for (double v : lg) {
    if (std::fabs(v - L.grad_lo) < 1e-4) ++near_lo;
    else if (v > L.grad_lo) ++kept;
    else ++under;
  }
  REQUIRE(under > unsure + near_lo);
  CHECK(std::fabs(total(L.grad_hist) - kept) <= near_lo + unsure);
  CHECK(std::fabs(L.grad_below + L.grad_zeros - under) <= near_lo + unsure);
  CHECK(L.grad_below > 0);
  CHECK(total(L.grad_hist) + L.grad_below + L.grad_zeros == double(lg.size()));
  // the kept values binned over that range
  std::array<double, kHistBins> mine{};
  int near_edge = near_lo + unsure;
  const double width = (L.grad_hi - L.grad_lo) / kHistBins;
  for (double v : lg) {
    if (v <= L.grad_lo) continue;
    const double t = (v - L.grad_lo) / width;
    mine[std::min(kHistBins - 1, int(t))] += 1;
    if (std::fabs(t - std::round(t)) * width < 1e-4) ++near_edge;
  }
  double off = 0;
  for (int i = 0; i < kHistBins; ++i) off += std::fabs(mine[i] - L.grad_hist[i]);
  CHECK(off <= 2 * near_edge);
}

TEST_CASE("every value the same: a range around it — no gradient: the zeros counted apart and the default range") {
  Session s(config_from_query("dataset=circle&hidden=8,8&activation=relu&biasInit=-10&init=he_uniform"));
  const Metrics& m = s.evaluate();
  const auto& L = m.layers[1];  // layer 2: every input is 0, so every output is exactly 0
  REQUIRE(L.all_zero);
  CHECK(L.act_lo < 0);
  CHECK(L.act_hi > 0);
  const double cells = total(L.act_hist);
  CHECK(*std::max_element(L.act_hist.begin(), L.act_hist.end()) == cells);
  CHECK(total(L.grad_hist) == 0);
  CHECK(L.grad_zeros == cells);
  CHECK(L.grad_below == 0);
  CHECK(L.grad_lo == kGradLogLo);
  CHECK(L.grad_hi == kGradLogHi);
}

TEST_CASE("a range that ends at zero ends at +0, whatever sign the zeros carry") {
  // leaky ReLU with slope 0 gives -0 for negative inputs; the metrics are read as JSON, where -0 is 0
  Session s(config_from_query("dataset=circle&hidden=6&activation=leaky_relu&leakySlope=0"));
  const Metrics& m = s.evaluate();
  CHECK(m.layers[0].act_lo == 0);
  CHECK(!std::signbit(m.layers[0].act_lo));
}
