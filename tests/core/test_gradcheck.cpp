// Whole-network gradient checks: back-propagation against central finite differences of the
// loss, for every activation x {MSE, BCE, softmax cross-entropy} x depths 1, 3 and 8. The
// network code is templated on the scalar type; these checks run it in double, so the
// finite differences are accurate enough to resolve a 1e-4 relative error.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "network.hpp"
#include "rng.hpp"

using namespace gl;

namespace {

struct Case {
  Act act;
  LossKind loss;
  OutAct out;
  int depth;
};

double loss_of(Net<double>& net, Workspace<double>& ws, const Mat<double>& Y, int B) {
  forward(net, ws, B, true);
  return output_loss(net, ws, Y.data(), B, false, B) / B;
}

// Returns the worst, over layers, of ||analytic - numeric|| / ||numeric|| for that layer's
// weights and biases: each layer is judged on its own scale, so a layer whose gradient has
// vanished to 1e-7 must still be exact to 1e-4 of that. Also returns the global figure.
std::pair<double, double> check(const Case& c, uint64_t seed) {
  const int inputs = 3, B = 5, K = c.out == OutAct::softmax ? 3 : 2;
  std::vector<int> hidden(c.depth, 4);
  hidden[0] = 5;  // uneven widths exercise the padding
  ActParams ap;
  ap.leaky_slope = 0.1;  // visible negative slope, so its gradient is checked too
  ap.swish_beta = 1.3;
  ap.elu_alpha = 0.8;
  Net<double> net = make_net<double>(inputs, hidden, std::vector<Act>(c.depth, c.act), K, c.out, c.loss, ap);
  Workspace<double> ws(net, B);
  Mat<double> Y = Mat<double>::Zero(B, padded(K));
  // Draw weights and inputs until no pre-activation sits within 0.01 of a kink (ReLU-like
  // units at 0): a finite difference across a kink measures nothing.
  Rng rng(seed, Stream::init);
  for (bool clear = false; !clear;) {
    for (auto& L : net.layers) {
      const double sd = 1.0 / std::sqrt(L.in);
      for (int i = 0; i < L.in; ++i)
        for (int j = 0; j < L.out; ++j) L.Wt(i, j) = 1.2 * sd * rng.normal();
      for (int j = 0; j < L.out; ++j) L.b(j) = 0.3 * rng.normal();
      L.sync_transpose();
    }
    for (int b = 0; b < B; ++b)
      for (int i = 0; i < inputs; ++i) ws.A[0](b, i) = rng.normal();
    forward(net, ws, B, false);
    clear = true;
    for (int l = 0; l + 1 < net.depth(); ++l)
      for (int b = 0; b < B; ++b)
        for (int j = 0; j < net.layers[l].out; ++j) clear = clear && std::fabs(ws.Z[l](b, j)) > 0.01;
  }
  for (int b = 0; b < B; ++b) {
    if (c.loss == LossKind::mse) {
      for (int j = 0; j < K; ++j) Y(b, j) = c.out == OutAct::softmax || c.out == OutAct::sigmoid ? rng.uniform() : rng.normal();
    } else if (c.loss == LossKind::bce) {
      for (int j = 0; j < K; ++j) Y(b, j) = rng.uniform() < 0.5 ? 0 : 1;
    } else {
      Y(b, rng.below(K)) = 1;
    }
  }
  forward(net, ws, B, true);
  output_loss(net, ws, Y.data(), B, true, B);
  backward(net, ws, B, false);

  double num2 = 0, diff2 = 0, layer_num2 = 0, layer_diff2 = 0, worst = 0;
  // Five-point central difference: truncation error O(h^4), so h can stay large enough
  // for round-off (~1e-16 / h) to be negligible even for the tiny gradients of deep nets.
  const double h = 1e-4;
  auto probe = [&](double& param, double analytic, auto&& after_change) {
    const double keep = param;
    auto at = [&](double v) {
      param = v;
      after_change();
      return loss_of(net, ws, Y, B);
    };
    const double numeric = (-at(keep + 2 * h) + 8 * at(keep + h) - 8 * at(keep - h) + at(keep - 2 * h)) / (12 * h);
    param = keep;
    after_change();
    layer_num2 += numeric * numeric;
    layer_diff2 += (analytic - numeric) * (analytic - numeric);
  };
  for (auto& L : net.layers) {
    const Mat<double> gW = L.gWt;
    const RowVec<double> gb = L.gb;
    for (int i = 0; i < L.in; ++i)
      for (int j = 0; j < L.out; ++j) probe(L.Wt(i, j), gW(i, j), [&] { L.sync_transpose(); });
    for (int j = 0; j < L.out; ++j) probe(L.b(j), gb(j), [] {});
    // A layer behind a dead ReLU layer has exactly zero gradient; its finite differences are
    // then pure round-off (~1e-12). Below that floor both must be ~0 instead of relatively close.
    const double floor = 1e-10;
    worst = std::max(worst, std::sqrt(layer_num2) <= floor ? std::sqrt(layer_diff2) / floor * 1e-4
                                                           : std::sqrt(layer_diff2 / layer_num2));
    num2 += layer_num2, diff2 += layer_diff2;
    layer_num2 = layer_diff2 = 0;
  }
  return {worst, std::sqrt(diff2 / num2)};
}

}  // namespace

TEST_CASE("back-propagation matches finite differences: every activation x loss x depth") {
  std::vector<Case> cases;
  for (int k = 0; k < kActCount; ++k)
    for (int depth : {1, 3, 8}) {
      const Act a = static_cast<Act>(k);
      for (OutAct out : {OutAct::linear, OutAct::sigmoid, OutAct::tanh, OutAct::softmax}) cases.push_back({a, LossKind::mse, out, depth});
      cases.push_back({a, LossKind::bce, OutAct::sigmoid, depth});
      cases.push_back({a, LossKind::softmax_ce, OutAct::softmax, depth});
    }
  int n = 0;
  for (const auto& c : cases) {
    const std::string what = std::string(kActNames[int(c.act)]) + " / " + kLossNames[int(c.loss)] + " / " +
                             kOutActNames[int(c.out)] + " / depth " + std::to_string(c.depth);
    CAPTURE(what);
    const auto [worst_layer, overall] = check(c, 17 + n++);
    CHECK(worst_layer <= 1e-4);
    CHECK(overall <= 1e-4);
  }
  CHECK(n == kActCount * 3 * 6);
}

TEST_CASE("the GELU tanh approximation back-propagates correctly too") {
  // make_net takes ActParams; reuse the checker through a one-off net.
  ActParams ap;
  ap.gelu_tanh = true;
  Net<double> net = make_net<double>(2, {3, 3}, {Act::gelu, Act::gelu}, 1, OutAct::linear, LossKind::mse, ap);
  Rng rng(5, Stream::init);
  for (auto& L : net.layers) {
    for (int i = 0; i < L.in; ++i)
      for (int j = 0; j < L.out; ++j) L.Wt(i, j) = rng.normal();
    L.sync_transpose();
  }
  Workspace<double> ws(net, 4);
  Mat<double> Y = Mat<double>::Zero(4, 4);
  for (int b = 0; b < 4; ++b) ws.A[0](b, 0) = rng.normal(), ws.A[0](b, 1) = rng.normal(), Y(b, 0) = rng.normal();
  forward(net, ws, 4, true);
  output_loss(net, ws, Y.data(), 4, true, 4);
  backward(net, ws, 4, false);
  auto& L = net.layers[0];
  const double analytic = L.gWt(1, 2), h = 1e-6, keep = L.Wt(1, 2);
  auto loss = [&](double w) {
    L.Wt(1, 2) = w;
    L.sync_transpose();
    forward(net, ws, 4, true);
    return output_loss(net, ws, Y.data(), 4, false, 4) / 4;
  };
  const double numeric = (loss(keep + h) - loss(keep - h)) / (2 * h);
  CHECK(analytic == doctest::Approx(numeric).epsilon(1e-6));
}
