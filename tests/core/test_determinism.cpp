// Determinism: the project's RNG against PCG32's published reference stream, its uniform
// and normal transforms against their distributions, and whole runs bit for bit.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "helpers.hpp"
#include "rng.hpp"
#include "session.hpp"

using namespace gl;

namespace {
std::vector<float> weights_after(const Config& c, int steps) {
  Session s(c);
  s.step(steps);
  return weights_of(s);
}
}  // namespace

TEST_CASE("PCG32 reproduces the reference output of pcg32-demo (seed 42, sequence 54)") {
  Rng r(Rng::Raw{}, 42u, 54u);
  const uint32_t expected[] = {0xa15c02b7, 0x7b47f409, 0xba1d3330, 0x83d2f293, 0xbfa4784b, 0xcbed606e};
  for (uint32_t e : expected) CHECK(r.next_u32() == e);
}

TEST_CASE("uniform and normal draws have the right moments, and below() is unbiased") {
  Rng r(7, Stream::data);
  const int n = 200000;
  double su = 0, su2 = 0, sn = 0, sn2 = 0, sn4 = 0;
  int counts[3] = {0, 0, 0};
  for (int i = 0; i < n; ++i) {
    const double u = r.uniform(), z = r.normal();
    REQUIRE(u >= 0);
    REQUIRE(u < 1);
    su += u, su2 += u * u, sn += z, sn2 += z * z, sn4 += z * z * z * z;
    ++counts[r.below(3)];
  }
  // Relative tolerances of about four standard errors for n = 200,000 draws: the uniform mean
  // 0.13%, its variance sqrt(0.8 / n) = 0.2%, the normal's second moment sqrt(2 / n) = 0.32%,
  // its fourth sqrt(96 / n) / 3 = 0.73%, a count of below(3) sqrt(2 / n) = 0.32%.
  CHECK(su / n == doctest::Approx(0.5).epsilon(0.006).scale(0));
  CHECK(su2 / n - (su / n) * (su / n) == doctest::Approx(1.0 / 12).epsilon(0.01).scale(0));
  CHECK(std::fabs(sn / n) < 0.01);  // standard error 1 / sqrt(n) = 0.0022
  CHECK(sn2 / n == doctest::Approx(1.0).epsilon(0.015).scale(0));
  CHECK(sn4 / n == doctest::Approx(3.0).epsilon(0.03).scale(0));  // kurtosis of a Gaussian
  for (int c : counts) CHECK(c == doctest::Approx(n / 3.0).epsilon(0.015).scale(0));
}

TEST_CASE("streams are independent: the same seed on different streams differs") {
  Rng a(1, Stream::data), b(1, Stream::init);
  int same = 0;
  for (int i = 0; i < 100; ++i) same += a.next_u32() == b.next_u32();
  CHECK(same < 3);
}

TEST_CASE("same configuration and seed: bit-identical weights after 1,000 steps, and other seeds differ") {
  for (const char* q : {"dataset=spiral&hidden=16,16&activation=relu&init=he_normal&optimizer=adam&learningRate=0.01",
                        "dataset=circle&hidden=8,8,8&activation=tanh&optimizer=momentum&l2=0.001&batchSize=7",
                        "dataset=xor&hidden=6&activation=selu&init=lecun_normal&optimizer=rmsprop&clipNorm=0.5",
                        "dataset=moons&hidden=5,5&init=orthogonal&activation=mish&optimizer=nesterov"}) {
    CAPTURE(q);
    Config c = config_from_query(q);
    const auto a = weights_after(c, 1000), b = weights_after(c, 1000);
    CHECK(bit_identical(a, b));
    Config other = c;
    other.seed = 2;
    CHECK(!bit_identical(a, weights_after(other, 1000)));
  }
}

TEST_CASE("reset keeps init, data and batch order, and reseed changes the weights but not the data") {
  Config c = config_from_query("dataset=spiral&hidden=8,8&optimizer=adam&learningRate=0.01&noise=0.2");
  Session s(c);
  const std::vector<float> w0 = weights_of(s);
  s.step(300);
  const double loss300 = s.evaluate().train_loss;
  s.reset();
  CHECK(bit_identical(weights_of(s), w0));
  CHECK(s.metrics().step == 0);
  s.step(300);
  CHECK(s.evaluate().train_loss == loss300);  // same batches, same result, bit for bit

  const auto raw = s.data().raw;
  s.reseed(99);
  CHECK(!bit_identical(weights_of(s), w0));
  CHECK(s.data().raw == raw);

  Config d = c;
  d.dataSeed = 5;  // a new data seed changes the data, not the initial weights
  Session t(d);
  CHECK(bit_identical(weights_of(t), w0));
  CHECK(t.data().raw != raw);
}
