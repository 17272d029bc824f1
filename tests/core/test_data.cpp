// Data sets: shapes, labels, domains, splits, feature maps and their dependence on the seed.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <string>

#include "detmath.hpp"
#include "session.hpp"

using namespace gl;

TEST_CASE("every built-in data set: size, labels, domain, split") {
  for (int k = 0; k < int(std::size(kDatasetNames)); ++k) {
    if (DatasetKind(k) == DatasetKind::custom) continue;
    const std::string name = kDatasetNames[k];
    CAPTURE(name);
    Config c = config_from_query("dataset=" + name + "&numPoints=400&trainFraction=0.75&noise=0.2");
    const Resolved r = validate(c);
    const Data d = make_data(c, r);
    CHECK(d.n == 400);
    CHECK(d.train.size() == 300);
    CHECK(d.test.size() == 100);
    std::vector<int> seen(400, 0);  // the split is a partition of the points
    for (int i : d.train) ++seen[i];
    for (int i : d.test) ++seen[i];
    CHECK(std::count(seen.begin(), seen.end(), 1) == 400);
    std::map<int, int> per_class;
    for (int i = 0; i < d.n; ++i) {
      const float t = d.target[i * d.target_dim];
      if (r.classification) {
        REQUIRE(t == std::floor(t));
        REQUIRE(t >= 0);
        REQUIRE(t < r.classes);
        ++per_class[int(t)];
      } else {
        CHECK(std::fabs(t) <= 1.5);
      }
      if (d.raw_dim <= 2)
        for (int j = 0; j < d.raw_dim; ++j) CHECK(std::fabs(d.raw[i * d.raw_dim + j]) <= 3.6 * 1.3);  // the plane is [-3.6, 3.6]; noise may spill a little
    }
    if (r.classification)
      for (auto [cls, count] : per_class) CHECK(count >= 400 / r.classes / 3);  // no class starved
  }
}

TEST_CASE("data depend on dataSeed and noise only") {
  Config a = config_from_query("dataset=spiral&noise=0.3");
  const Resolved r = validate(a);
  const Data d1 = make_data(a, r);
  Config b = a;
  b.seed = 77;  // the weight seed does not touch the data
  CHECK(make_data(b, r).raw == d1.raw);
  b.dataSeed = 2;
  CHECK(make_data(b, r).raw != d1.raw);
  Config quiet = a;
  quiet.noise = 0;
  CHECK(make_data(quiet, r).raw != d1.raw);
  // The playground's spiral: without noise, every point lies on r = 3 * i / m.
  const Data clean = make_data(quiet, r);
  for (int i = 0; i < clean.n; ++i) {
    const double x = clean.raw[2 * i], y = clean.raw[2 * i + 1];
    CHECK(std::sqrt(x * x + y * y) <= 3.0 + 1e-5);
  }
}

TEST_CASE("feature maps") {
  Config c = config_from_query("features=x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2");
  const Resolved r = validate(c);
  const float raw[2] = {1.5f, -2.0f};
  float out[7];
  featurize(r, 2, raw, out);
  CHECK(out[0] == 1.5f);
  CHECK(out[1] == -2.0f);
  CHECK(out[2] == doctest::Approx(2.25));
  CHECK(out[3] == doctest::Approx(4.0));
  CHECK(out[4] == doctest::Approx(-3.0));
  CHECK(out[5] == doctest::Approx(std::sin(1.5)));
  CHECK(out[6] == doctest::Approx(std::sin(-2.0)));
  // 1-D data use the x1 features only; features that need x2 are skipped
  Config f = config_from_query("dataset=fit1d&features=x1,x2,sinx1");
  const Resolved r1 = validate(f);
  CHECK(r1.inputs == 2);
  float o1[2];
  const float x = 0.5f;
  featurize(r1, 1, &x, o1);
  CHECK(o1[0] == 0.5f);
  CHECK(o1[1] == doctest::Approx(std::sin(0.5)));
}

TEST_CASE("the deterministic sin/cos/exp/log used by the data agree with libm") {
  for (double x = -50; x < 50; x += 0.0173) {
    CHECK(det::sin(x) == doctest::Approx(std::sin(x)).epsilon(1e-14).scale(1e-14));
    CHECK(det::cos(x) == doctest::Approx(std::cos(x)).epsilon(1e-14).scale(1e-14));
    CHECK(det::exp(x) == doctest::Approx(std::exp(x)).epsilon(1e-14));
    if (x > 0) CHECK(det::log(x) == doctest::Approx(std::log(x)).epsilon(1e-14).scale(1e-14));
  }
}

TEST_CASE("highdim: N(0,1) inputs of the chosen dimension, random labels") {
  Config c = config_from_query("dataset=highdim&inputDim=50&classes=5&numPoints=1000");
  const Resolved r = validate(c);
  const Data d = make_data(c, r);
  CHECK(d.raw_dim == 50);
  CHECK(r.inputs == 50);
  CHECK(r.outputs == 5);
  double s = 0, s2 = 0;
  for (float v : d.raw) s += v, s2 += double(v) * v;
  const double n = double(d.raw.size());
  CHECK(std::fabs(s / n) < 0.02);
  // 50,000 N(0, 1) values: their mean square has relative standard error sqrt(2 / 50000) = 0.63%
  CHECK(s2 / n == doctest::Approx(1.0).epsilon(0.03).scale(0));
}
