// The data sets' geometry at noise 0, pinned to their definitions: TensorFlow Playground's
// generators (its dataset.ts) in GradLab units (playground coordinates x 0.6, so the
// playground's [-6, 6] plane is [-3.6, 3.6]) and GradLab's own additions (moons,
// checkerboard, more classes). Every number here is written out from those definitions, not
// read from the engine. Then the three random streams: data, initial weights and batch order
// each depend on their own seed only, and the batch order is the batch stream's shuffle.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "helpers.hpp"
#include "rng.hpp"
#include "session.hpp"

using namespace gl;

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kHalf = 3.6;  // half-width of the input plane (playground 6 x 0.6)
// Points are stored as float: coordinates up to ~3.6 carry a rounding error below 3e-7.
constexpr double kTol = 1e-5;

Data data_of(const std::string& query) {
  const Config c = config_from_query(query);
  return make_data(c, validate(c));
}

}  // namespace

TEST_CASE("pinned geometry: circle (playground radius 5 -> 3.0, inner disc r < 1.5, outer ring 2.1..3.0)") {
  const Data d = data_of("dataset=circle&noise=0&numPoints=500");
  REQUIRE(d.n == 500);
  double inner_max = 0, outer_min = 1e9, outer_max = 0;
  int inner = 0;
  for (int i = 0; i < d.n; ++i) {
    const double r = std::hypot(d.raw[2 * i], d.raw[2 * i + 1]);
    const bool positive = d.target[i] == 1;
    CHECK(positive == (r < 1.5));  // label: inside half the radius
    if (i < 250) {                 // the first half is drawn inside, the second outside
      CHECK(positive);
      inner_max = std::max(inner_max, r);
      ++inner;
    } else {
      outer_min = std::min(outer_min, r);
      outer_max = std::max(outer_max, r);
    }
  }
  CHECK(inner == 250);
  CHECK(inner_max <= 1.5 + kTol);
  CHECK(outer_min >= 2.1 - kTol);  // 0.7 of the radius
  CHECK(outer_max <= 3.0 + kTol);
  // ...and the ring reaches its edges: 250 uniform radii miss the top or bottom 1/18 of
  // [2.1, 3.0] with probability (17/18)^250 ~ 6e-7, the top 1/30 of [0, 1.5] with ~2e-4.
  CHECK(outer_max >= 2.95);
  CHECK(outer_min <= 2.15);
  CHECK(inner_max >= 1.45);
}

TEST_CASE("pinned geometry: xor (quadrant labels, coordinates pushed 0.18 off the axes, up to 3.18)") {
  const Data d = data_of("dataset=xor&noise=0&numPoints=500");
  int per_quadrant[4] = {0, 0, 0, 0};
  double reach = 0;
  for (int i = 0; i < d.n; ++i) {
    const double x = d.raw[2 * i], y = d.raw[2 * i + 1];
    CHECK(std::fabs(x) >= 0.18 - kTol);  // playground padding 0.3
    CHECK(std::fabs(y) >= 0.18 - kTol);
    CHECK(std::fabs(x) <= 3.18 + kTol);  // 5 + 0.3
    CHECK(std::fabs(y) <= 3.18 + kTol);
    reach = std::max({reach, std::fabs(x), std::fabs(y)});
    const int q = (x > 0 ? 0 : 1) + (y > 0 ? 0 : 2);
    ++per_quadrant[q];
    CHECK(d.target[i] == ((x > 0) == (y > 0) ? 1 : 0));  // (+,+) and (-,-) are class 1
  }
  for (int q : per_quadrant) CHECK(q > 60);  // a quarter of 500 each, give or take
  CHECK(reach >= 3.1);
}

TEST_CASE("pinned geometry: gaussian (blobs at (1.2, 1.2) and (-1.2, -1.2), variance 0.5 x 0.36, k classes on a circle of 1.8)") {
  for (int classes : {2, 3}) {
    CAPTURE(classes);
    const Data d = data_of("dataset=gaussian&noise=0&numPoints=600&classes=" + std::to_string(classes));
    const int per = 600 / classes;
    for (int k = 0; k < classes; ++k) {
      CAPTURE(k);
      double cx, cy;
      if (classes == 2) cx = cy = k == 1 ? 1.2 : -1.2;  // the playground's (2, 2) positive, (-2, -2) negative
      else cx = 1.8 * std::cos(2 * kPi * k / classes), cy = 1.8 * std::sin(2 * kPi * k / classes);
      double sx = 0, sy = 0, s2 = 0;
      for (int i = k * per; i < (k + 1) * per; ++i) {
        CHECK(d.target[i] == k);
        sx += d.raw[2 * i], sy += d.raw[2 * i + 1];
      }
      const double mx = sx / per, my = sy / per;
      for (int i = k * per; i < (k + 1) * per; ++i)
        s2 += (d.raw[2 * i] - mx) * (d.raw[2 * i] - mx) + (d.raw[2 * i + 1] - my) * (d.raw[2 * i + 1] - my);
      const double sd = 0.6 * std::sqrt(0.5);  // playground variance 0.5 at noise 0, scaled by 0.6
      // The sample mean of `per` >= 200 draws has standard error sd / sqrt(200) = 0.030: 0.12 is 4 of them.
      CHECK(std::fabs(mx - cx) < 0.12);
      CHECK(std::fabs(my - cy) < 0.12);
      // A sample variance of n = 2 x 200 Gaussian values has relative standard error sqrt(2 / n)
      // = 7%: 25% is 3.5 of them, and still catches the next playground noise level (variance 1.2).
      CHECK(s2 / (2 * per - 2) == doctest::Approx(sd * sd).epsilon(0.25).scale(0));
    }
  }
}

TEST_CASE("pinned geometry: spiral (arms of radius 3 = playground 5, 1.75 turns, arms 2 pi / classes apart)") {
  for (int classes : {2, 3}) {
    CAPTURE(classes);
    const Data d = data_of("dataset=spiral&noise=0&numPoints=600&classes=" + std::to_string(classes));
    const int m = 600 / classes;
    std::set<int> arms;
    double r_max = 0;
    for (int k = 0; k < classes; ++k)
      for (int i = 0; i < m; ++i) {
        const int p = k * m + i;
        const double r = 3.0 * i / m, t = 1.75 * i / m * 2 * kPi + 2 * kPi * k / classes;
        CAPTURE(p);
        CHECK(d.target[p] == k);
        CHECK(d.raw[2 * p] == doctest::Approx(r * std::sin(t)).epsilon(kTol).scale(1));
        CHECK(d.raw[2 * p + 1] == doctest::Approx(r * std::cos(t)).epsilon(kTol).scale(1));
        arms.insert(int(d.target[p]));
        r_max = std::max(r_max, double(std::hypot(d.raw[2 * p], d.raw[2 * p + 1])));
      }
    CHECK(int(arms.size()) == classes);  // one arm per class
    CHECK(r_max == doctest::Approx(3.0 * (m - 1) / m).epsilon(1e-5));
  }
}

TEST_CASE("pinned geometry: moons (scikit-learn's make_moons, scaled by 1.8 and centred)") {
  const Data d = data_of("dataset=moons&noise=0&numPoints=500");
  for (int i = 0; i < d.n; ++i) {
    CAPTURE(i);
    // back to make_moons' units: u = x / 1.8 + 0.5, v = y / 1.8 + 0.25
    const double u = d.raw[2 * i] / 1.8 + 0.5, v = d.raw[2 * i + 1] / 1.8 + 0.25;
    if (i < 250) {  // upper moon: the unit half-circle (cos t, sin t), t in [0, pi]
      CHECK(d.target[i] == 0);
      CHECK(u * u + v * v == doctest::Approx(1).epsilon(kTol));
      CHECK(v >= -kTol);
    } else {  // lower moon: (1 - cos t, 0.5 - sin t)
      CHECK(d.target[i] == 1);
      CHECK((1 - u) * (1 - u) + (0.5 - v) * (0.5 - v) == doctest::Approx(1).epsilon(kTol));
      CHECK(v <= 0.5 + kTol);
    }
  }
}

TEST_CASE("pinned geometry: checkerboard (4 x 4 cells of side 1.8 on [-3.6, 3.6], alternating labels)") {
  const Data d = data_of("dataset=checkerboard&noise=0&numPoints=1000");
  std::set<int> cells;
  for (int i = 0; i < d.n; ++i) {
    const double x = d.raw[2 * i], y = d.raw[2 * i + 1];
    REQUIRE(std::fabs(x) <= kHalf);
    REQUIRE(std::fabs(y) <= kHalf);
    const int cx = int(std::floor(x / 1.8)), cy = int(std::floor(y / 1.8));  // -2 .. 1
    cells.insert((cx + 2) * 4 + cy + 2);
    CHECK(d.target[i] == ((cx + cy) % 2 == 0 ? 0 : 1));  // the cell [0, 1.8)^2 is class 0
  }
  CHECK(cells.size() == 16u);
}

TEST_CASE("pinned definitions: plane, multigauss and fit1d targets") {
  {  // plane: the playground's (x + y) / 10 in its units = (x + y) / 6 here, clamped to [-1, 1]
    const Data d = data_of("dataset=plane&noise=0&numPoints=400");
    bool clamped = false;
    for (int i = 0; i < d.n; ++i) {
      const double x = d.raw[2 * i], y = d.raw[2 * i + 1];
      const double t = std::clamp((x + y) / 6, -1.0, 1.0);
      clamped = clamped || std::fabs((x + y) / 6) > 1;
      CHECK(d.target[i] == doctest::Approx(t).epsilon(kTol).scale(1));
    }
    CHECK(clamped);  // 400 points reach the corners where |x + y| > 6
  }
  {  // multigauss: six unit Gaussian bumps (playground units) of alternating sign, summed, clamped
    const double g[6][3] = {{-4, 2.5, 1}, {0, 2.5, -1}, {4, 2.5, 1}, {-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1}};
    const Data d = data_of("dataset=multigauss&noise=0&numPoints=400");
    for (int i = 0; i < d.n; ++i) {
      const double u = d.raw[2 * i] / 0.6, v = d.raw[2 * i + 1] / 0.6;
      double t = 0;
      for (const auto& c : g) t += c[2] * std::exp(-((u - c[0]) * (u - c[0]) + (v - c[1]) * (v - c[1])) / 2);
      CHECK(d.target[i] == doctest::Approx(std::clamp(t, -1.0, 1.0)).epsilon(kTol).scale(1));
    }
  }
  for (const char* shape : {"sine", "step", "abs", "cubic"}) {  // fit1d on the playground's [-6, 6], x = 0.6 u
    CAPTURE(shape);
    const Data d = data_of(std::string("dataset=fit1d&noise=0&numPoints=300&target1d=") + shape);
    REQUIRE(d.raw_dim == 1);
    double reach = 0;
    for (int i = 0; i < d.n; ++i) {
      const double x = d.raw[i], u = x / 0.6;
      REQUIRE(std::fabs(x) <= kHalf);
      reach = std::max(reach, std::fabs(x));
      const std::string s = shape;
      const double t = s == "sine" ? std::sin(u) : s == "step" ? (u > 0 ? 1 : -1) : s == "abs" ? std::fabs(u) / 3 - 1 : u * u * u / 216;
      CHECK(d.target[i] == doctest::Approx(t).epsilon(kTol).scale(1));
    }
    CHECK(reach >= 3.5);
  }
}

TEST_CASE("pinned streams: the batch order is the batch stream's shuffle, and only the weight seed moves it") {
  // Ten one-hot points and a single linear unit: a batch-1 SGD step on point p changes only
  // weight p (and the bias), so the weights say which point each step visited.
  const int n = 10;
  UserData u;
  u.shape = {n, n, 1, false, 0};
  for (int p = 0; p < n; ++p) {
    for (int i = 0; i < n; ++i) u.inputs.push_back(i == p ? 1.0f : 0.0f);
    u.targets.push_back(100.0f);
  }
  auto visits = [&](int seed, int data_seed) {
    Session s(config_from_query("dataset=custom&trainFraction=1&batchSize=1&hidden=&outputActivation=linear&learningRate=0.01&seed=" +
                                std::to_string(seed) + "&dataSeed=" + std::to_string(data_seed)),
              &u);
    std::vector<int> rows;  // the training row visited at each step (an index into data().train)
    for (int step = 0; step < 2 * n; ++step) {
      const std::vector<float> before = weights_of(s);
      REQUIRE(s.step(1) == 1);
      const std::vector<float> after = weights_of(s);
      int moved = -1, count = 0;
      for (int i = 0; i < n; ++i)
        if (after[i] != before[i]) moved = i, ++count;
      REQUIRE(count == 1);
      const auto& train = s.data().train;
      rows.push_back(int(std::find(train.begin(), train.end(), moved) - train.begin()));
    }
    return rows;
  };
  // The expected order: Fisher-Yates over the training rows with the batch stream of the
  // weight seed, a new shuffle of the previous order each epoch (Session::begin_epoch).
  auto expected = [&](int seed) {
    Rng rng(uint64_t(seed), Stream::batch);
    std::vector<int> order(n), out;
    for (int i = 0; i < n; ++i) order[i] = i;
    for (int epoch = 0; epoch < 2; ++epoch) {
      for (int i = n - 1; i > 0; --i) std::swap(order[i], order[rng.below(uint32_t(i + 1))]);
      out.insert(out.end(), order.begin(), order.end());
    }
    return out;
  };
  const std::vector<int> a = visits(1, 1);
  CHECK(a == expected(1));
  CHECK(visits(1, 2) == a);           // another data seed: the same batch order
  CHECK(visits(2, 1) == expected(2));  // another weight seed: its own order
  CHECK(expected(2) != a);
}

TEST_CASE("pinned streams: data and initial weights come from different streams even for equal seeds") {
  // highdim draws N(0, 1) inputs; init=normal with scale 1 draws N(0, 1) weights. Drawn from
  // one stream with equal seeds, the first weights would be the first inputs, bit for bit.
  for (int seed : {1, 7}) {
    CAPTURE(seed);
    const std::string q = "dataset=highdim&inputDim=8&classes=2&numPoints=20&hidden=8&init=normal&initScale=1&seed=" +
                          std::to_string(seed) + "&dataSeed=" + std::to_string(seed);
    Session s(config_from_query(q));
    const std::vector<float> w = weights_of(s);
    int same = 0;
    for (int i = 0; i < 8; ++i) same += w[i] == s.data().raw[i];
    CHECK(same < 2);
    // and each comes from its own named stream: the first input is the data stream's first normal
    Rng data(uint64_t(seed), Stream::data), init(uint64_t(seed), Stream::init);
    CHECK(s.data().raw[0] == float(data.normal()));
    CHECK(w[0] == float(init.normal()));
  }
  // The weight seed leaves the data alone; the data seed leaves the weights alone.
  const Config c = config_from_query("dataset=circle&noise=0.2&hidden=5");
  Config other_seed = c, other_data = c;
  other_seed.seed = 9;
  other_data.dataSeed = 9;
  Session base(c), s2(other_seed), d2(other_data);
  CHECK(s2.data().raw == base.data().raw);
  CHECK(s2.data().train == base.data().train);
  CHECK(!bit_identical(weights_of(s2), weights_of(base)));
  CHECK(bit_identical(weights_of(d2), weights_of(base)));
  CHECK(d2.data().raw != base.data().raw);
}
