// The flat metrics array the bindings hand to JS: every name once, and each member's value
// under its own name. The expected pairs below are written out by hand from the structs'
// members (an independent statement of the layout), with a distinct value per member, so a
// value packed under a neighbour's name, or a member left out, fails.
#include <doctest/doctest.h>

#include <cstring>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "metrics.hpp"

using namespace gl;

namespace {

struct Packed {
  std::vector<double> v;
  explicit Packed(const Metrics& m) : v(metrics_size(int(m.layers.size())), -12345.0) { pack_metrics(m, v.data()); }
  std::size_t head() const { return kMetricNames.size(); }
  std::size_t stride() const { return kLayerMetricNames.size() + 3 * kHistBins; }
  double global(const std::string& name) const {
    for (std::size_t i = 0; i < kMetricNames.size(); ++i)
      if (name == kMetricNames[i]) return v[i];
    FAIL("no metric named " << name);
    return 0;
  }
  double layer(std::size_t l, const std::string& name) const {
    for (std::size_t i = 0; i < kLayerMetricNames.size(); ++i)
      if (name == kLayerMetricNames[i]) return v[head() + l * stride() + i];
    FAIL("no layer metric named " << name);
    return 0;
  }
  // Histogram h (0 pre-activations, 1 activations, 2 gradients), bin b of layer l.
  double hist(std::size_t l, int h, int b) const { return v[head() + l * stride() + kLayerMetricNames.size() + h * kHistBins + b]; }
};

LayerStats distinct_layer(double base) {
  LayerStats s;
  s.units = int(base) + 1;
  s.grad_w_norm = base + 0.02;
  s.grad_b_norm = base + 0.03;
  s.grad_z_rms = base + 0.04;
  s.weight_norm = base + 0.05;
  s.bias_norm = base + 0.06;
  s.update_ratio = base + 0.07;
  s.pre_mean = base + 0.08;
  s.pre_std = base + 0.09;
  s.act_mean = base + 0.10;
  s.act_std = base + 0.11;
  s.dead = int(base) + 12;
  s.inactive = int(base) + 13;
  s.saturated = int(base) + 14;
  s.all_zero = true;
  s.pre_lo = float(base) + 0.25f;
  s.pre_hi = float(base) + 0.5f;
  s.act_lo = float(base) + 0.75f;
  s.act_hi = float(base) + 0.875f;
  s.grad_lo = float(base) + 0.0625f;
  s.grad_hi = float(base) + 0.125f;
  s.grad_zeros = base + 0.19;
  s.grad_below = base + 0.21;
  for (int b = 0; b < kHistBins; ++b) {
    s.pre_hist[b] = base + 1000 + b;
    s.act_hist[b] = base + 2000 + b;
    s.grad_hist[b] = base + 3000 + b;
  }
  return s;
}

std::vector<std::pair<std::string, double>> expected_layer(const LayerStats& s) {
  return {{"units", s.units},         {"gradWNorm", s.grad_w_norm}, {"gradBNorm", s.grad_b_norm},
          {"gradZRms", s.grad_z_rms}, {"weightNorm", s.weight_norm}, {"biasNorm", s.bias_norm},
          {"updateRatio", s.update_ratio}, {"preMean", s.pre_mean}, {"preStd", s.pre_std},
          {"actMean", s.act_mean},   {"actStd", s.act_std},       {"dead", s.dead},
          {"inactive", s.inactive},  {"saturated", s.saturated},  {"allZero", s.all_zero ? 1.0 : 0.0},
          {"preLo", s.pre_lo},       {"preHi", s.pre_hi},         {"actLo", s.act_lo},
          {"actHi", s.act_hi},       {"gradLogLo", s.grad_lo},    {"gradLogHi", s.grad_hi},
          {"gradZeros", s.grad_zeros}, {"gradBelow", s.grad_below}};
}

}  // namespace

TEST_CASE("every metric name appears once, globally and per layer") {
  const std::set<std::string> global(kMetricNames.begin(), kMetricNames.end());
  const std::set<std::string> layer(kLayerMetricNames.begin(), kLayerMetricNames.end());
  CHECK(global.size() == kMetricNames.size());
  CHECK(layer.size() == kLayerMetricNames.size());
  CHECK(layer.size() == expected_layer(LayerStats{}).size());
  CHECK(metrics_size(3) == kMetricNames.size() + 3 * (kLayerMetricNames.size() + 3 * kHistBins));
}

TEST_CASE("each member of the metrics is packed under its own name") {
  Metrics m;
  m.step = 101;
  m.epoch = 102;
  m.evaluated_step = 103;
  m.layers_step = 104;
  m.train_loss = 105.5;
  m.test_loss = 106.5;
  m.train_acc = 0.107;
  m.test_acc = 0.108;
  m.batch_loss = 109.5;
  m.grad_norm = 110.5;
  m.lr = 0.111;
  m.diverged = Divergence::gradient;
  m.diverged_step = 113;
  m.born_dead = true;
  m.output_constant = false;
  m.layers = {distinct_layer(200), distinct_layer(300)};

  const std::vector<std::pair<std::string, double>> global = {
      {"step", 101},          {"epoch", 102},         {"evaluatedStep", 103},  {"layersStep", 104},
      {"trainLoss", 105.5},   {"testLoss", 106.5},    {"trainAccuracy", 0.107}, {"testAccuracy", 0.108},
      {"batchLoss", 109.5},   {"gradNorm", 110.5},    {"learningRate", 0.111}, {"diverged", 2},
      {"divergedStep", 113},  {"bornDead", 1},        {"outputConstant", 0},   {"layers", 2},
      {"histBins", double(m.layers[0].pre_hist.size())}};
  const Packed p(m);
  CHECK(global.size() == kMetricNames.size());
  for (const auto& [name, value] : global) {
    CAPTURE(name);
    CHECK(p.global(name) == value);
  }
  for (std::size_t l = 0; l < m.layers.size(); ++l) {
    CAPTURE(l);
    for (const auto& [name, value] : expected_layer(m.layers[l])) {
      CAPTURE(name);
      CHECK(p.layer(l, name) == value);
    }
    for (int b = 0; b < kHistBins; ++b) {
      CHECK(p.hist(l, 0, b) == m.layers[l].pre_hist[b]);
      CHECK(p.hist(l, 1, b) == m.layers[l].act_hist[b]);
      CHECK(p.hist(l, 2, b) == m.layers[l].grad_hist[b]);
    }
  }
  for (double v : p.v) CHECK(v != -12345.0);  // every slot written

  // The two flags swapped: each follows its own member.
  m.born_dead = false;
  m.output_constant = true;
  m.layers[1].all_zero = false;
  const Packed q(m);
  CHECK(q.global("bornDead") == 0);
  CHECK(q.global("outputConstant") == 1);
  CHECK(q.layer(0, "allZero") == 1);
  CHECK(q.layer(1, "allZero") == 0);
}
