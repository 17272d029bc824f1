// The dense kernels against a plain Eigen implementation of the same algebra (an independent
// reference), padding invariants, grids and weight import/export.
#include <doctest/doctest.h>

#include <Eigen/Dense>
#include <cmath>
#include <cstring>

#include "helpers.hpp"
#include "rng.hpp"
#include "session.hpp"

using namespace gl;

TEST_CASE_TEMPLATE("dense kernels equal Z = A W^T + b, dW = dZ^T A, dA = dZ W (Eigen reference)", T, float, double) {
  using MatX = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
  Rng rng(3, Stream::init);
  // widths that leave every remainder after the 4-vector blocks: 1, 2 and 3 vectors (11 and 12
  // pad to 12 floats = 3 vectors), in the forward pass (out) and the backward one (in)
  for (int in : {1, 3, 4, 7, 11, 17})
    for (int out : {1, 2, 5, 8, 12, 33})
      for (int B : {1, 6}) {
        CAPTURE(in);
        CAPTURE(out);
        CAPTURE(B);
        const int in_s = padded(in), out_s = padded(out);
        MatX A(B, in), W(out, in), dZ(B, out), D(B, in);
        Eigen::Matrix<T, Eigen::Dynamic, 1> b(out);
        for (auto* m : {&A, &W, &dZ, &D})
          for (Eigen::Index k = 0; k < m->size(); ++k) m->data()[k] = T(rng.normal());
        for (int j = 0; j < out; ++j) b(j) = T(rng.normal());
        // engine layouts (padded with zeros)
        Mat<T> Ap = Mat<T>::Zero(B, in_s), Wt = Mat<T>::Zero(in, out_s), Wp = Mat<T>::Zero(out, in_s);
        Mat<T> dZp = Mat<T>::Zero(B, out_s), Dp = Mat<T>::Zero(B, in_s), Z(B, out_s), gWt(in, out_s), dA(B, in_s);
        RowVec<T> bp = RowVec<T>::Zero(out_s), gb(out_s);
        Ap.leftCols(in) = A;
        Wt.leftCols(out) = W.transpose();
        Wp.leftCols(in) = W;
        dZp.leftCols(out) = dZ;
        Dp.leftCols(in) = D;
        bp.head(out) = b.transpose();
        dense_forward(Ap.data(), B, in, in_s, Wt.data(), bp.data(), out_s, Z.data());
        dense_grad(Ap.data(), dZp.data(), B, in, in_s, out_s, gWt.data(), gb.data(), false);
        dense_backprop(dZp.data(), B, out, out_s, Wp.data(), in_s, Dp.data(), dA.data());
        const MatX Zref = (A * W.transpose()).rowwise() + b.transpose();
        const MatX gWref = dZ.transpose() * A;
        const MatX dAref = (dZ * W).cwiseProduct(D);
        const T tol = std::is_same_v<T, float> ? T(1e-5) : T(1e-12);
        CHECK((Z.leftCols(out) - Zref).cwiseAbs().maxCoeff() <= tol * (1 + Zref.cwiseAbs().maxCoeff()));
        CHECK((gWt.leftCols(out).transpose() - gWref).cwiseAbs().maxCoeff() <= tol * (1 + gWref.cwiseAbs().maxCoeff()));
        CHECK((gb.head(out).transpose() - dZ.colwise().sum().transpose()).cwiseAbs().maxCoeff() <= tol * B);
        CHECK((dA.leftCols(in) - dAref).cwiseAbs().maxCoeff() <= tol * (1 + dAref.cwiseAbs().maxCoeff()));
        // padding lanes hold exact zeros
        if (out_s > out) CHECK(Z.rightCols(out_s - out).cwiseAbs().maxCoeff() == 0);
        if (out_s > out) CHECK(gWt.rightCols(out_s - out).cwiseAbs().maxCoeff() == 0);
        if (in_s > in) CHECK(dA.rightCols(in_s - in).cwiseAbs().maxCoeff() == 0);
      }
}

TEST_CASE("weights' padding stays zero through training (all optimisers, with regularisation)") {
  for (const char* opt : {"sgd", "momentum", "nesterov", "rmsprop", "adam"}) {
    CAPTURE(opt);
    Session s(config_from_query(std::string("dataset=spiral&hidden=5,3&l1=0.001&l2=0.001&optimizer=") + opt));
    s.step(200);
    for (const auto& L : s.net().layers) {
      if (L.out_s > L.out) CHECK(L.Wt.rightCols(L.out_s - L.out).cwiseAbs().maxCoeff() == 0);
      if (L.out_s > L.out) CHECK(L.b.tail(L.out_s - L.out).cwiseAbs().maxCoeff() == 0);
      CHECK((L.W.topLeftCorner(L.out, L.in) - L.Wt.topLeftCorner(L.in, L.out).transpose()).cwiseAbs().maxCoeff() == 0);
    }
  }
}

TEST_CASE("predict_grid and neuron_grids: values, layout and orientation") {
  Session s(config_from_query("dataset=circle&hidden=3&features=x1,x2,x1sq"));
  s.step(100);
  const int res = 5;
  const auto out = s.predict_grid(res);  // a copy: neuron_grids reuses the workspace
  const auto units = s.neuron_grids(res);
  REQUIRE(out.size() == 25u);
  CHECK(s.unit_count() == 3 + 3 + 1);
  REQUIRE(units.size() == 7u * 25);
  const std::vector<float> w = weights_of(s);
  for (int p = 0; p < 25; ++p) {
    CAPTURE(p);
    // row 0 is the top of the plane (largest x2); cells are sampled at their centres
    const double cell = 2 * 3.6 / res;  // the plane is [-3.6, 3.6]^2 (the playground's [-6, 6] x 0.6)
    const float x1 = float(-3.6 + (p % res + 0.5) * cell), x2 = float(3.6 - (p / res + 0.5) * cell);
    const float feat[3] = {x1, x2, float(double(x1) * x1)};
    for (int i = 0; i < 3; ++i) CHECK(units[i * 25 + p] == doctest::Approx(feat[i]));
    double h[3];
    for (int j = 0; j < 3; ++j) {
      double z = w[9 + j];
      for (int i = 0; i < 3; ++i) z += double(w[j * 3 + i]) * feat[i];
      h[j] = std::tanh(z);
      CHECK(units[(3 + j) * 25 + p] == doctest::Approx(h[j]).epsilon(1e-5));
    }
    double z = w[12 + 3];
    for (int j = 0; j < 3; ++j) z += double(w[12 + j]) * h[j];
    const double y = 1 / (1 + std::exp(-z));
    CHECK(out[p] == doctest::Approx(y).epsilon(1e-5));
    CHECK(units[6 * 25 + p] == out[p]);
  }
  Session line(config_from_query("dataset=fit1d&features=x1&hidden=4"));
  CHECK(line.grid_dims() == 1);
  CHECK(line.predict_grid(50).size() == 50u);
  Session none(config_from_query("dataset=highdim&inputDim=5"));
  CHECK(none.grid_dims() == 0);
  CHECK_THROWS_AS(none.predict_grid(10), std::invalid_argument);
  CHECK_THROWS_WITH(s.predict_grid(1), doctest::Contains("resolution"));
  CHECK_THROWS_WITH(s.predict_grid(100000), doctest::Contains("2 to 512"));
}

TEST_CASE("softmax grids give probabilities that sum to 1") {
  Session s(config_from_query("dataset=spiral&classes=3&hidden=6"));
  const auto& g = s.predict_grid(8);
  REQUIRE(g.size() == 64u * 3);
  for (int p = 0; p < 64; ++p) CHECK(g[p * 3] + g[p * 3 + 1] + g[p * 3 + 2] == doctest::Approx(1.0).epsilon(1e-6));
}

TEST_CASE("weights: export/import and blobs round-trip, and bad input is refused and changes nothing") {
  Session a(config_from_query("dataset=xor&hidden=4,3"));
  a.step(50);
  const std::vector<float> wa = weights_of(a);
  CHECK(wa.size() == 2u * 4 + 4 + 4 * 3 + 3 + 3 + 1);
  Session b(config_from_query("dataset=xor&hidden=4,3&seed=9"));
  b.import_weights(wa.data());
  CHECK(b.evaluate().train_loss == a.evaluate().train_loss);

  const auto blob = a.save_weights();
  Session c(config_from_query("dataset=xor&hidden=4,3&seed=5"));
  c.load_weights(blob.data(), blob.size());
  const std::vector<float> before = weights_of(c);
  CHECK(std::memcmp(before.data(), wa.data(), wa.size() * 4) == 0);

  auto bad = wa;
  bad[5] = NAN;
  CHECK_THROWS_WITH(c.import_weights(bad.data()), doctest::Contains("value 5 is not finite"));
  auto blob2 = blob;
  blob2[0] = 'X';
  CHECK_THROWS_WITH(c.load_weights(blob2.data(), blob2.size()), doctest::Contains("bad magic"));
  CHECK_THROWS_WITH(c.load_weights(blob.data(), blob.size() - 4), doctest::Contains("expected"));
  CHECK_THROWS_WITH(c.load_weights(blob.data(), 10), doctest::Contains("truncated"));
  Session other(config_from_query("dataset=xor&hidden=4,4"));
  CHECK_THROWS_WITH(other.load_weights(blob.data(), blob.size()), doctest::Contains("shape does not match"));
  CHECK(weights_of(c) == before);
}
