// Initialisers: the empirical spread of each against its formula, orthogonality, gain,
// bias constants; and network shapes from 0 to 64 hidden layers.
#include <doctest/doctest.h>

#include <Eigen/Dense>
#include <cmath>
#include <string>

#include "helpers.hpp"
#include "init.hpp"
#include "session.hpp"

using namespace gl;

namespace {

/// |got - want| <= rel |want| (absolute when want is 0). Not doctest::Approx, whose epsilon is
/// relative to max(|got|, |want|) + 1, i.e. absolute for values below 1.
bool near(double got, double want, double rel) {
  return std::fabs(got - want) <= rel * (want == 0 ? 1 : std::fabs(want));
}
double variance(const std::vector<double>& w, double* mean = nullptr) {
  double s = 0, s2 = 0;
  for (double x : w) s += x, s2 += x * x;
  const double m = s / w.size();
  if (mean) *mean = m;
  return s2 / w.size() - m * m;
}
}  // namespace

// Tolerances: the sample variance of n = 20,000 draws has relative standard error sqrt(2 / n)
// = 1.0% for a normal distribution and sqrt(0.8 / n) = 0.63% for a uniform one (excess kurtosis
// -1.2), so a relative 4% is four standard errors. Every formula differs from its neighbours by
// far more: with fan_in 200 and fan_out 100, fan_in, fan_out and their mean (150) are three
// different numbers, so using the wrong fan changes a variance by 25% or more.
constexpr double kVarTolerance = 0.04;

TEST_CASE("initialiser variances follow their formulas (fan_in 200, fan_out 100)") {
  const int in = 200, out = 100;
  struct Expect {
    InitKind kind;
    double var;
    double max_abs;  // bound of uniform ones (0: unbounded)
  };
  const double a_std = 1 / std::sqrt(200.0), a_xav = std::sqrt(6.0 / 300), a_he = std::sqrt(6.0 / 200), a_lec = std::sqrt(3.0 / 200);
  const Expect cases[] = {
      {InitKind::standard, a_std * a_std / 3, a_std},  // U[-a, a] has variance a^2 / 3
      {InitKind::xavier_uniform, 2.0 / 300, a_xav},    // Glorot & Bengio eq. (16): Var = 2 / (n_in + n_out)
      {InitKind::xavier_normal, 2.0 / 300, 0},
      {InitKind::he_uniform, 2.0 / 200, a_he},         // He et al.: Var = 2 / n_in
      {InitKind::he_normal, 2.0 / 200, 0},
      {InitKind::lecun_uniform, 1.0 / 200, a_lec},     // LeCun: Var = 1 / n_in
      {InitKind::lecun_normal, 1.0 / 200, 0},
  };
  for (const auto& e : cases) {
    const std::string name = kInitNames[int(e.kind)];
    CAPTURE(name);
    Rng rng(1, Stream::init);
    const auto w = init_weights(e.kind, in, out, 1.0, 1.0, rng);
    double mean = 0;
    CHECK(near(variance(w, &mean), e.var, kVarTolerance));
    CHECK(std::fabs(mean) < 0.003);  // the standard error of the mean is sqrt(var / 20000) <= 7e-4
    if (e.max_abs > 0)
      for (double x : w) REQUIRE(std::fabs(x) <= e.max_abs);
    Rng rng2(1, Stream::init);
    const auto g = init_weights(e.kind, in, out, 2.5, 1.0, rng2);  // gain multiplies every weight
    for (std::size_t i = 0; i < w.size(); ++i) REQUIRE(g[i] == 2.5 * w[i]);
  }
  Rng rng(2, Stream::init);
  CHECK(near(variance(init_weights(InitKind::uniform, in, out, 1.0, 0.3, rng)), 0.09 / 3, kVarTolerance));
  CHECK(near(variance(init_weights(InitKind::normal, in, out, 1.0, 0.3, rng)), 0.09, kVarTolerance));
  for (double x : init_weights(InitKind::constant, 3, 4, 1.0, -0.7, rng)) CHECK(x == -0.7);
  for (double x : init_weights(InitKind::zeros, 3, 4, 1.0, 5, rng)) CHECK(x == 0);
}

TEST_CASE("initialiser variances with fan_out > fan_in (fan_in 50, fan_out 400)") {
  // Same sample size (20,000) and tolerance as above; here fan_out is the larger fan.
  const int in = 50, out = 400;
  const struct {
    InitKind kind;
    double var;
  } cases[] = {
      {InitKind::standard, 1.0 / 50 / 3},        {InitKind::xavier_uniform, 2.0 / 450}, {InitKind::xavier_normal, 2.0 / 450},
      {InitKind::he_uniform, 2.0 / 50},          {InitKind::he_normal, 2.0 / 50},      {InitKind::lecun_uniform, 1.0 / 50},
      {InitKind::lecun_normal, 1.0 / 50},
  };
  for (const auto& e : cases) {
    CAPTURE(kInitNames[int(e.kind)]);
    Rng rng(5, Stream::init);
    CHECK(near(variance(init_weights(e.kind, in, out, 1.0, 1.0, rng)), e.var, kVarTolerance));
  }
}

TEST_CASE("orthogonal initialisation gives orthonormal rows or columns") {
  for (auto [in, out] : {std::pair{8, 8}, std::pair{20, 5}, std::pair{5, 20}}) {
    CAPTURE(in);
    CAPTURE(out);
    Rng rng(3, Stream::init);
    const auto w = init_weights(InitKind::orthogonal, in, out, 1.0, 1.0, rng);
    Eigen::MatrixXd W(out, in);
    for (int j = 0; j < out; ++j)
      for (int i = 0; i < in; ++i) W(j, i) = w[j * in + i];
    const Eigen::MatrixXd G = out <= in ? Eigen::MatrixXd(W * W.transpose()) : Eigen::MatrixXd(W.transpose() * W);
    CHECK((G - Eigen::MatrixXd::Identity(G.rows(), G.cols())).cwiseAbs().maxCoeff() < 1e-12);
  }
}

TEST_CASE("bias initialisation, including the negative constants that kill ReLUs at birth") {
  Session s(config_from_query("dataset=circle&hidden=5,3&biasInit=-1.5"));
  for (const auto& L : s.net().layers) {
    for (int j = 0; j < L.out; ++j) CHECK(L.b(j) == -1.5f);
    for (int j = L.out; j < L.out_s; ++j) CHECK(L.b(j) == 0.0f);  // padding stays zero
  }
}

TEST_CASE("signal_propagation: W ~ N(0, σ_w²/fan_in), b ~ N(0, σ_b²) (Poole et al. 2016), drawn from the seed") {
  // Every layer, the output one included, from the network the session builds. A sample
  // variance of N Gaussian draws has relative sd √(2/N): the bounds are 4 of those.
  const std::string q = "dataset=highdim&inputDim=256&classes=10&hidden=256,256&init=signal_propagation";
  Session s(config_from_query(q + "&sigmaW2=2.5&sigmaB2=0.3&biasInit=7&initGain=9&seed=4"));
  std::vector<double> b_all;
  for (const auto& L : s.net().layers) {
    CAPTURE(L.in);
    std::vector<double> w, b;
    for (int j = 0; j < L.out; ++j) {
      for (int i = 0; i < L.in; ++i) w.push_back(L.Wt(i, j));
      b.push_back(L.b(j));
    }
    double mean = 0;
    // initGain does not scale these weights (σ_w² does) and biasInit is not their bias.
    CHECK(near(variance(w, &mean), 2.5 / L.in, 4 * std::sqrt(2.0 / w.size())));
    CHECK(std::fabs(mean) < 4 * std::sqrt(2.5 / L.in / w.size()));
    if (L.out >= 256) CHECK(near(variance(b), 0.3, 4 * std::sqrt(2.0 / b.size())));
    b_all.insert(b_all.end(), b.begin(), b.end());
  }
  double mean = 0;
  CHECK(near(variance(b_all, &mean), 0.3, 4 * std::sqrt(2.0 / b_all.size())));
  CHECK(std::fabs(mean) < 4 * std::sqrt(0.3 / b_all.size()));
  // The same seed gives the same network; another seed another; σ_b² = 0 gives zero biases.
  CHECK(bit_identical(weights_of(s), weights_of(Session(config_from_query(q + "&sigmaW2=2.5&sigmaB2=0.3&seed=4")))));
  CHECK_FALSE(bit_identical(weights_of(s), weights_of(Session(config_from_query(q + "&sigmaW2=2.5&sigmaB2=0.3&seed=5")))));
  Session nob(config_from_query(q + "&sigmaB2=0"));
  for (const auto& L : nob.net().layers)
    for (int j = 0; j < L.out; ++j) CHECK(L.b(j) == 0.0f);
  // The other initialisers keep their meaning: biases are biasInit, whatever σ_b² says.
  Session he(config_from_query("dataset=circle&hidden=5,3&init=he_normal&biasInit=0.25&sigmaB2=4&sigmaW2=9"));
  Session he0(config_from_query("dataset=circle&hidden=5,3&init=he_normal&biasInit=0.25"));
  CHECK(bit_identical(weights_of(he), weights_of(he0)));
  for (const auto& L : he.net().layers)
    for (int j = 0; j < L.out; ++j) CHECK(L.b(j) == 0.25f);
}

TEST_CASE("network shapes: no hidden layer up to 64 of width 256, and per-layer activations") {
  Session flat(config_from_query("dataset=gaussian&hidden="));  // logistic regression
  CHECK(flat.net().depth() == 1);
  flat.step(300);
  CHECK(flat.evaluate().test_acc > 0.9);

  Session deep(config_from_query("dataset=circle&hidden=" + layers_of(64, 256) + "&activation=relu&init=he_normal&learningRate=0.001"));
  CHECK(deep.net().depth() == 65);
  CHECK(deep.param_count() == 2u * 256 + 256 + 63u * (256 * 256 + 256) + 256 + 1);
  CHECK(deep.step(2) == 2);
  CHECK(!deep.diverged());

  Session mixed(config_from_query("dataset=circle&hidden=3,3,3&layerActivations=relu,sigmoid,selu&biasInit=-100"));
  const Metrics& m = mixed.evaluate();
  CHECK(mixed.net().layers[1].act == Act::sigmoid);
  CHECK(m.layers[0].act_mean == 0);  // relu(-100 + ...) = 0
  CHECK(m.layers[1].act_mean > 0);  // sigmoid(-100): tiny but positive
  CHECK(m.layers[1].act_mean < 1e-30);
  CHECK(near(m.layers[2].act_mean, -1.7580993408473766, 1e-6));  // selu(-100) = -lambda alpha (Klambauer et al., eq. 14)
}

TEST_CASE("epoch bookkeeping: one epoch = ceil(train / batch) steps, every point once") {
  Session s(config_from_query("dataset=xor&numPoints=100&trainFraction=0.5&batchSize=16"));
  CHECK(s.step_epoch() == 4);  // 16 + 16 + 16 + 2
  CHECK(s.metrics().epoch == 1);
  CHECK(s.metrics().step == 4);
  s.step(5);
  CHECK(s.metrics().epoch == 2);
  CHECK(s.step_epoch() == 3);  // the rest of epoch 3
  CHECK(s.metrics().epoch == 3);
}
