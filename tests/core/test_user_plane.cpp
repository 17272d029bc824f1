// User data on the input plane: the box grids cover (derived from the points, or the one the
// points were drawn on), the grid over it, a decision boundary checked by hand from known
// weights, and the scores (confusion matrix, R²) counted by hand.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "helpers.hpp"
#include "session.hpp"

using namespace gl;

namespace {

UserData points(std::vector<float> inputs, std::vector<float> targets, int dims, bool classification, int classes) {
  UserData u;
  u.shape.points = int(inputs.size()) / dims;
  u.shape.inputs = dims;
  u.shape.classification = classification;
  u.shape.classes = classification ? classes : 0;
  u.shape.outputs = 1;
  u.inputs = std::move(inputs);
  u.targets = std::move(targets);
  return u;
}

void set_weights(Session& s, std::vector<float> w) {
  REQUIRE(w.size() == s.param_count());
  s.import_weights(w.data());
}

// Separable by x1 > x2 except three points (labelled against the rule): see the confusion test.
UserData diagonal() {
  return points({2, 0, 0, 2, 3, 1, 1, 3, -1, -2, -2, -1, 1, 0, 0, 1, -1, 0}, {1, 0, 1, 0, 1, 0, 0, 0, 1}, 2, true, 2);
}

}  // namespace

TEST_CASE("user data: the derived domain is the points' range and a tenth of its span on each side") {
  const UserData u = diagonal();  // x1 and x2 both span [-2, 3]
  Session s(config_from_query("dataset=custom&hidden=&trainFraction=1&batchSize=2"), &u);
  const InputDomain& d = s.input_domain();
  REQUIRE(d.dims == 2);
  CHECK(s.grid_dims() == 2);
  CHECK(d.lo[0] == -2.5);
  CHECK(d.hi[0] == 3.5);
  CHECK(d.lo[1] == -2.5);
  CHECK(d.hi[1] == 3.5);

  // one axis constant (every x2 = 40): 40 ± max(1, 40/10) = [36, 44]; x1 spans [0, 10]: [-1, 11]
  const UserData flat = points({0, 40, 10, 40, 5, 40}, {0, 1, 0}, 2, true, 2);
  Session f(config_from_query("dataset=custom&hidden=&trainFraction=1&batchSize=1"), &flat);
  CHECK(f.input_domain().lo[0] == -1);
  CHECK(f.input_domain().hi[0] == 11);
  CHECK(f.input_domain().lo[1] == 36);
  CHECK(f.input_domain().hi[1] == 44);
  // an axis constant at 0 or near it still gets a box of width 2: 0 ± max(1, 0) = [-1, 1],
  // 3 ± max(1, 0.3) = [2, 4] (a tenth of |v| alone would give a box of width 0 at v = 0)
  const UserData at3 = points({3, 1, 3, 2}, {0, 1}, 2, true, 2);
  Session a3(config_from_query("dataset=custom&hidden=&trainFraction=1&batchSize=1"), &at3);
  CHECK(a3.input_domain().lo[0] == 2);
  CHECK(a3.input_domain().hi[0] == 4);
  const UserData origin = points({0, 0, 0, 0}, {0, 1}, 2, true, 2);
  Session o(config_from_query("dataset=custom&hidden=&trainFraction=1&batchSize=1"), &origin);
  CHECK(o.input_domain().lo[0] == -1);
  CHECK(o.input_domain().hi[0] == 1);
  CHECK(o.input_domain().lo[1] == -1);
  CHECK(o.input_domain().hi[1] == 1);

  // 1 input: a line; 3 inputs: no plane
  const UserData line = points({0, 1, 2, 3}, {0, 2, 4, 7}, 1, false, 0);
  Session l(config_from_query("dataset=custom&hidden=&trainFraction=1&batchSize=1"), &line);
  CHECK(l.grid_dims() == 1);
  CHECK(l.input_domain().lo[0] == doctest::Approx(-0.3));
  CHECK(l.input_domain().hi[0] == doctest::Approx(3.3));
  CHECK(l.predict_grid(10).size() == 10u);
  const UserData wide = points({0, 1, 2, 3, 4, 5}, {0, 1}, 3, true, 2);
  Session w(config_from_query("dataset=custom&hidden=&trainFraction=1&batchSize=1"), &wide);
  CHECK(w.grid_dims() == 0);
  CHECK_THROWS_WITH(w.predict_grid(10), doctest::Contains("no input plane"));

  // the built-in sets keep their fixed plane: the playground's [-6, 6] at 0.6 units per
  // playground unit (written out, not read from the engine's constant it checks)
  Session circle(config_from_query("dataset=circle"));
  CHECK(circle.input_domain().lo[0] == -6.0 * 0.6);
  CHECK(circle.input_domain().hi[1] == 6.0 * 0.6);
}

TEST_CASE("user data: a domain given with the points (the plane they were drawn on) is used and checked") {
  UserData u = diagonal();
  u.domain = {-4, 4, -5, 6};
  Session s(config_from_query("dataset=custom&hidden=&trainFraction=1&batchSize=2"), &u);
  CHECK(s.input_domain().lo[0] == -4);
  CHECK(s.input_domain().hi[1] == 6);
  // the grid's input units are the cell centres on that box
  const auto& units = s.neuron_grids(4);
  CHECK(units[0] == float(-4 + 0.5 * 2));     // x1 of cell (row 0, column 0)
  CHECK(units[16] == float(6 - 0.5 * 11 / 4.0));  // x2 of the same cell: the top row

  auto refused = [&](std::vector<double> box, const char* what) {
    UserData bad = diagonal();
    bad.domain = std::move(box);
    CHECK_THROWS_WITH(Session(config_from_query("dataset=custom&hidden=&trainFraction=1&batchSize=2"), &bad), doctest::Contains(what));
  };
  refused({-1, 4, -5, 6}, "point 5 has input 1 = -2, outside the domain [-1, 4]");  // (-2, -1)
  refused({-4, 1, -5, 6}, "point 0 has input 1 = 2, outside the domain [-4, 1]");   // (2, 0): above the upper edge
  refused({-4, 4, -5, 2}, "point 3 has input 2 = 3, outside the domain [-5, 2]");   // (1, 3)
  refused({3, 3, -5, 6}, "[3, 3] is not an interval");                              // width 0
  // the edges themselves belong to the box: x1 and x2 both span exactly [-2, 3]
  UserData edges = diagonal();
  edges.domain = {-2, 3, -2, 3};
  Session e(config_from_query("dataset=custom&hidden=&trainFraction=1&batchSize=2"), &edges);
  CHECK(e.input_domain().hi[0] == 3);
  refused({-4, 4, -5}, "3 numbers, expected 4");
  refused({4, -4, -5, 6}, "[4, -4] is not an interval");
  refused({-4, 4, -INFINITY, 6}, "is not an interval");
  UserData three = points({0, 1, 2, 3, 4, 5}, {0, 1}, 3, true, 2);
  three.domain = {0, 1, 0, 1, 0, 1};
  CHECK_THROWS_WITH(Session(config_from_query("dataset=custom&hidden=&trainFraction=1&batchSize=1"), &three), doctest::Contains("only for data with 1 or 2 inputs"));
}

TEST_CASE("user data: the grid over the derived domain shows the decision boundary of known weights") {
  const UserData u = diagonal();
  Session s(config_from_query("dataset=custom&hidden=&trainFraction=1&batchSize=2"), &u);
  // no hidden layer, sigmoid output: p = sigmoid(x1 - x2), so class 1 exactly where x1 > x2
  set_weights(s, {1, -1, 0});
  const int res = 7;
  const std::vector<float> out = s.predict_grid(res);
  REQUIRE(out.size() == std::size_t(res * res));
  int above = 0, below = 0;
  for (int row = 0; row < res; ++row)
    for (int col = 0; col < res; ++col) {
      CAPTURE(row);
      CAPTURE(col);
      // the box [-2.5, 3.5]² in 7 cells of 6/7 per axis, sampled at the centres, row 0 on top
      const double x1 = -2.5 + (col + 0.5) * 6.0 / 7, x2 = 3.5 - (row + 0.5) * 6.0 / 7;
      const float p = out[row * res + col];
      CHECK(p == doctest::Approx(1 / (1 + std::exp(-(double(float(x1)) - double(float(x2)))))).epsilon(1e-5));
      if (std::fabs(x1 - x2) < 1e-9) continue;  // on the boundary itself: 0.5 up to rounding
      CHECK((p > 0.5f) == (x1 > x2));
      (x1 > x2 ? above : below)++;
    }
  // the diagonal splits the 49 cells into 21 + 7 + 21
  CHECK(above == 21);
  CHECK(below == 21);
}

TEST_CASE("scores: the confusion matrix counted by hand, its trace the reported accuracy") {
  const UserData u = diagonal();
  Session s(config_from_query("dataset=custom&hidden=&trainFraction=1&batchSize=2"), &u);
  set_weights(s, {1, -1, 0});  // predicts class 1 where x1 > x2
  const Scores sc = s.scores();
  // class 0: (0,2) (1,3) (-2,-1) (0,1) predicted 0, (1,0) predicted 1;
  // class 1: (2,0) (3,1) (-1,-2) predicted 1, (-1,0) predicted 0
  CHECK(sc.train.points == 9);
  CHECK(sc.train.confusion == std::vector<double>{4, 1, 1, 3});
  CHECK(sc.test.points == 0);
  CHECK(sc.test.confusion == std::vector<double>{0, 0, 0, 0});
  CHECK(s.evaluate(false).train_acc == doctest::Approx(7.0 / 9));

  // three classes, softmax: scores (x1, x2, -x1 - x2), the largest wins
  const UserData three = points({2, 0, 0, 2, -2, -2, 3, 1}, {0, 1, 2, 2}, 2, true, 3);
  Session t(config_from_query("dataset=custom&hidden=&trainFraction=1&batchSize=1"), &three);
  set_weights(t, {1, 0, 0, 1, -1, -1, 0, 0, 0});
  const Scores st = t.scores();
  CHECK(st.train.confusion == std::vector<double>{1, 0, 0, 0, 1, 0, 1, 0, 1});  // (3,1) is class 2, predicted 0
  CHECK(t.evaluate(false).train_acc == doctest::Approx(3.0 / 4));

  // equal largest outputs: the first class wins (all weights 0, so every softmax output is 1/3)
  set_weights(t, std::vector<float>(9, 0.0f));
  CHECK(t.scores().train.confusion == std::vector<double>{1, 0, 0, 1, 0, 0, 2, 0, 0});
  CHECK(t.evaluate(false).train_acc == doctest::Approx(1.0 / 4));
}

TEST_CASE("scores: R² of a regression counted by hand") {
  const UserData u = points({0, 1, 2, 3}, {0, 2, 4, 7}, 1, false, 0);
  Session s(config_from_query("dataset=custom&hidden=&trainFraction=1&batchSize=1"), &u);
  set_weights(s, {2, 0});  // y = 2x: residuals 0, 0, 0, -1
  const Scores sc = s.scores();
  // mean 3.25; SS_tot = 3.25² + 1.25² + 0.75² + 3.75² = 26.75; SS_res = 1
  REQUIRE(sc.train.r2.size() == 1u);
  CHECK(sc.train.r2[0] == doctest::Approx(1 - 1 / 26.75));
  CHECK(sc.train.confusion.empty());
  REQUIRE(sc.test.r2.size() == 1u);
  CHECK(std::isnan(sc.test.r2[0]));  // no test points

  // constant targets: SS_tot = 0, so R² is undefined (null in the API), not 1 - SS_res / 0 =
  // -infinity; here SS_res = 4 + 0 + 4 = 8 > 0 (y = 2x against targets all 2)
  const UserData flat = points({0, 1, 2}, {2, 2, 2}, 1, false, 0);
  Session f(config_from_query("dataset=custom&hidden=&trainFraction=1&batchSize=1"), &flat);
  set_weights(f, {2, 0});
  REQUIRE(f.scores().train.r2.size() == 1u);
  CHECK(std::isnan(f.scores().train.r2[0]));
}

