// Pins below the instruments: how a seed becomes a stream, the shape of the random draws, the
// distribution of orthogonal weights, and the flat metrics layout the bindings hand to JS.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "init.hpp"
#include "rng.hpp"
#include "session.hpp"

using namespace gl;

TEST_CASE("pinned: a seed becomes PCG32 seeded with SplitMix64(seed), one PCG sequence per stream") {
  // Expected words from an independent implementation of SplitMix64 (Vigna) and of
  // pcg32_srandom_r / pcg32_random_r (O'Neill), seeded with (splitmix64(seed), stream).
  struct Case {
    uint64_t seed;
    Stream stream;
    uint32_t words[3];
  };
  const Case cases[] = {
      {1, Stream::data, {0x95a96c3d, 0x13a61e76, 0xcd0c5f65}},
      {1, Stream::init, {0x3dd9fb27, 0xe89e339b, 0x6d8c94ad}},
      {1, Stream::batch, {0x05fbcea8, 0x79daaa01, 0xcdf49e05}},
      {7, Stream::data, {0xd0a4b143, 0xdf1a2f06, 0x262fea4d}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.seed);
    CAPTURE(int(c.stream));
    Rng r(c.seed, c.stream);
    for (uint32_t w : c.words) CHECK(r.next_u32() == w);
  }
}

TEST_CASE("pinned: the two normals of each polar-method pair are uncorrelated") {
  // Marsaglia's polar method gives two independent N(0, 1) values per accepted pair. Over
  // n = 100,000 pairs the sample correlation has standard error 1 / sqrt(n) = 0.0032: 0.015
  // is 4.7 of them (a pair reusing one value would correlate fully).
  Rng r(3, Stream::data);
  const int n = 100000;
  double sxy = 0, sxx = 0, syy = 0;
  for (int i = 0; i < n; ++i) {
    const double x = r.normal(), y = r.normal();
    sxy += x * y, sxx += x * x, syy += y * y;
  }
  CHECK(std::fabs(sxy / std::sqrt(sxx * syy)) < 0.015);
}

TEST_CASE("pinned: orthogonal weights are Haar-distributed (signs fixed by diag R), not biased by the QR") {
  // Under the Haar measure on O(6) each diagonal entry has mean 0 and variance 1/6. Over 400
  // draws x 6 diagonal entries the mean has standard error sqrt(1/6 / 2400) = 0.0083: 0.04 is
  // 4.8 of them. Householder QR alone gives Q a fixed-sign diagonal (mean near -0.3).
  double sum = 0;
  int positive = 0;
  for (int seed = 1; seed <= 400; ++seed) {
    Rng rng(uint64_t(seed), Stream::init);
    const auto w = init_weights(InitKind::orthogonal, 6, 6, 1.0, 1.0, rng);
    for (int j = 0; j < 6; ++j) {
      sum += w[j * 6 + j];
      positive += w[j * 6 + j] > 0;
    }
  }
  CHECK(std::fabs(sum / 2400) < 0.04);
  CHECK(positive > 1000);  // about half of 2400 (binomial standard error 24)
  CHECK(positive < 1400);
}

TEST_CASE("pinned: the flat metrics array holds each named figure at its name's index") {
  // The names are the contract with the JS side (web/src/metrics.js decodes by them), written
  // out here; each is matched to the field it must carry.
  Session s(config_from_query("dataset=circle&hidden=5,3&activation=tanh&numPoints=100"));
  s.step(7);
  const Metrics& m = s.evaluate();
  REQUIRE(m.layers.size() == 3u);
  std::vector<double> flat(metrics_size(3));
  pack_metrics(m, flat.data());
  const std::vector<std::pair<std::string, double>> head = {
      {"step", double(m.step)},          {"epoch", double(m.epoch)},
      {"evaluatedStep", double(m.evaluated_step)}, {"layersStep", double(m.layers_step)},
      {"trainLoss", m.train_loss},       {"testLoss", m.test_loss},
      {"trainAccuracy", m.train_acc},    {"testAccuracy", m.test_acc},
      {"batchLoss", m.batch_loss},       {"gradNorm", m.grad_norm},
      {"learningRate", m.lr},            {"diverged", double(m.diverged)},
      {"divergedStep", double(m.diverged_step)}, {"bornDead", m.born_dead ? 1.0 : 0.0},
      {"outputConstant", m.output_constant ? 1.0 : 0.0}, {"layers", 3.0},
      {"histBins", 32.0},
  };
  REQUIRE(kMetricNames.size() == head.size());
  for (const auto& [name, value] : head) {
    CAPTURE(name);
    const auto it = std::find_if(kMetricNames.begin(), kMetricNames.end(), [&](const char* n) { return name == n; });
    REQUIRE(it != kMetricNames.end());
    const double got = flat[std::size_t(it - kMetricNames.begin())];
    CHECK((got == value || (std::isnan(got) && std::isnan(value))));
  }
  using Get = std::function<double(const LayerStats&)>;
  const std::vector<std::pair<std::string, Get>> per_layer = {
      {"units", [](const LayerStats& L) { return double(L.units); }},
      {"gradWNorm", [](const LayerStats& L) { return L.grad_w_norm; }},
      {"gradBNorm", [](const LayerStats& L) { return L.grad_b_norm; }},
      {"gradZRms", [](const LayerStats& L) { return L.grad_z_rms; }},
      {"weightNorm", [](const LayerStats& L) { return L.weight_norm; }},
      {"biasNorm", [](const LayerStats& L) { return L.bias_norm; }},
      {"updateRatio", [](const LayerStats& L) { return L.update_ratio; }},
      {"preMean", [](const LayerStats& L) { return L.pre_mean; }},
      {"preStd", [](const LayerStats& L) { return L.pre_std; }},
      {"actMean", [](const LayerStats& L) { return L.act_mean; }},
      {"actStd", [](const LayerStats& L) { return L.act_std; }},
      {"dead", [](const LayerStats& L) { return double(L.dead); }},
      {"inactive", [](const LayerStats& L) { return double(L.inactive); }},
      {"saturated", [](const LayerStats& L) { return double(L.saturated); }},
      {"allZero", [](const LayerStats& L) { return L.all_zero ? 1.0 : 0.0; }},
      {"preLo", [](const LayerStats& L) { return double(L.pre_lo); }},
      {"preHi", [](const LayerStats& L) { return double(L.pre_hi); }},
      {"actLo", [](const LayerStats& L) { return double(L.act_lo); }},
      {"actHi", [](const LayerStats& L) { return double(L.act_hi); }},
      {"gradLogLo", [](const LayerStats& L) { return double(L.grad_lo); }},  // log10 |dl/dz| histogram range
      {"gradLogHi", [](const LayerStats& L) { return double(L.grad_hi); }},
      {"gradZeros", [](const LayerStats& L) { return L.grad_zeros; }},
      {"gradBelow", [](const LayerStats& L) { return L.grad_below; }},
  };
  REQUIRE(kLayerMetricNames.size() == per_layer.size());
  const std::size_t stride = per_layer.size() + 3 * 32;
  REQUIRE(flat.size() == head.size() + 3 * stride);
  for (std::size_t l = 0; l < 3; ++l) {
    const double* v = flat.data() + head.size() + l * stride;
    for (const auto& [name, get] : per_layer) {
      CAPTURE(l);
      CAPTURE(name);
      const auto it = std::find_if(kLayerMetricNames.begin(), kLayerMetricNames.end(), [&](const char* n) { return name == n; });
      REQUIRE(it != kLayerMetricNames.end());
      CHECK(v[it - kLayerMetricNames.begin()] == get(m.layers[l]));
    }
    // then the three histograms, pre-activation, activation, gradient
    const double* h = v + per_layer.size();
    for (int b = 0; b < 32; ++b) {
      CHECK(h[b] == m.layers[l].pre_hist[b]);
      CHECK(h[32 + b] == m.layers[l].act_hist[b]);
      CHECK(h[64 + b] == m.layers[l].grad_hist[b]);
    }
  }
}
