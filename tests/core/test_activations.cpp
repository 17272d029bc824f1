// Activation values and derivatives against docs/reference-values.md (computed in
// double from the textbook definitions), the float kernels against the double ones over a
// dense sweep, derivatives against finite differences, and finiteness at |x| = 1e4.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "activation.hpp"

using namespace gl;

namespace {

struct RefRow {
  Act act;
  double f[6], df[6];
};
const double kX[6] = {-3, -1, -0.5, 0.5, 1, 3};
// reference-values.md, row by row (leaky slope 0.01, ELU alpha 1, SiLU = swish with beta 1).
const RefRow kRef[] = {
    {Act::sigmoid, {0.04742587, 0.2689414, 0.3775407, 0.6224593, 0.7310586, 0.9525741},
     {0.04517666, 0.1966119, 0.2350037, 0.2350037, 0.1966119, 0.04517666}},
    {Act::tanh, {-0.9950548, -0.7615942, -0.4621172, 0.4621172, 0.7615942, 0.9950548},
     {0.009866037, 0.4199743, 0.7864477, 0.7864477, 0.4199743, 0.009866037}},
    {Act::relu, {0, 0, 0, 0.5, 1, 3}, {0, 0, 0, 1, 1, 1}},
    {Act::leaky_relu, {-0.03, -0.01, -0.005, 0.5, 1, 3}, {0.01, 0.01, 0.01, 1, 1, 1}},
    {Act::elu, {-0.9502129, -0.6321206, -0.3934693, 0.5, 1, 3}, {0.04978707, 0.3678794, 0.6065307, 1, 1, 1}},
    {Act::selu, {-1.670569, -1.111331, -0.6917582, 0.5253505, 1.050701, 3.152103},
     {0.08753061, 0.6467686, 1.066341, 1.050701, 1.050701, 1.050701}},
    {Act::gelu, {-0.004049694, -0.1586553, -0.1542688, 0.3457312, 0.8413447, 2.99595},
     {-0.01194565, -0.08331547, 0.1325049, 0.8674951, 1.083315, 1.011946}},
    {Act::swish, {-0.1422776, -0.2689414, -0.1887703, 0.3112297, 0.7310586, 2.857722},
     {-0.08810411, 0.07232949, 0.2600388, 0.7399612, 0.9276705, 1.088104}},
    {Act::mish, {-0.1456475, -0.3034015, -0.2207438, 0.3752452, 0.8650984, 2.986535},
     {-0.09339311, 0.05921676, 0.2895107, 0.8864244, 1.049036, 1.021107}},
    {Act::softplus, {0.04858735, 0.3132617, 0.474077, 0.974077, 1.313262, 3.048587},
     {0.04742587, 0.2689414, 0.3775407, 0.6224593, 0.7310586, 0.9525741}},
};

// A float32 engine matches the reference to about 1e-6 relative (docs/reference-values.md);
// 1e-7 absolute near the zeros, where a relative bound means nothing.
bool close_to_ref(double got, double ref) { return std::fabs(got - ref) <= std::max(1e-6 * std::fabs(ref), 1e-7); }

std::vector<float> eval_f(Act a, const ActParams& p, const std::vector<float>& x, std::vector<float>* df = nullptr) {
  // activate() works in whole vectors: pad the input with zeros, drop the padding after.
  std::vector<float> xs = x;
  xs.resize(padded(int(x.size())));
  std::vector<float> f(xs.size()), d(xs.size());
  activate<float>(a, p, xs.data(), f.data(), d.data(), xs.size());
  f.resize(x.size());
  d.resize(x.size());
  if (df) *df = d;
  return f;
}

}  // namespace

TEST_CASE("activations match the reference table (float32 engine)") {
  ActParams p;
  for (const auto& row : kRef) {
    const std::string name = kActNames[int(row.act)];
    CAPTURE(name);
    std::vector<float> x(kX, kX + 6), d;
    const auto f = eval_f(row.act, p, x, &d);
    for (int i = 0; i < 6; ++i) {
      CAPTURE(kX[i]);
      CHECK_MESSAGE(close_to_ref(f[i], row.f[i]), "f = " << f[i] << ", reference " << row.f[i]);
      CHECK_MESSAGE(close_to_ref(d[i], row.df[i]), "f' = " << d[i] << ", reference " << row.df[i]);
    }
  }
}

TEST_CASE("the double-precision formulas match the reference table to its printed digits") {
  ActParams p;
  for (const auto& row : kRef) {
    const std::string name = kActNames[int(row.act)];
    CAPTURE(name);
    for (int i = 0; i < 6; ++i) {
      double a, d;
      activate1<double>(row.act, p, kX[i], a, d);
      CHECK(a == doctest::Approx(row.f[i]).epsilon(1e-6).scale(1e-1));
      CHECK(d == doctest::Approx(row.df[i]).epsilon(1e-6).scale(1e-1));
    }
  }
}

TEST_CASE("kink conventions at 0 (documented in activation.hpp)") {
  ActParams p;
  auto d0 = [&](Act a) {
    float f, d;
    activate1<float>(a, p, 0.0f, f, d);
    return d;
  };
  CHECK(d0(Act::relu) == 0.0f);
  CHECK(d0(Act::leaky_relu) == doctest::Approx(0.01));
  CHECK(d0(Act::elu) == doctest::Approx(1.0));
  CHECK(d0(Act::selu) == doctest::Approx(1.0507009873554805 * 1.6732632423543772));  // lambda alpha, Klambauer et al. eq. 14
  CHECK(d0(Act::sigmoid) == doctest::Approx(0.25));
  CHECK(d0(Act::tanh) == 1.0f);
}

TEST_CASE("float kernels agree with the double formulas over [-20, 20], for every parameter setting") {
  std::vector<ActParams> settings(4);
  settings[1].leaky_slope = 0.2, settings[1].elu_alpha = 0.5, settings[1].swish_beta = 2;
  settings[2].gelu_tanh = true, settings[2].swish_beta = 0.5;
  settings[3].elu_alpha = 3;
  std::vector<float> x;
  for (int i = -40000; i <= 40000; ++i) x.push_back(i * 0.0005f);
  for (const auto& p : settings) {
    for (int k = 0; k < kActCount; ++k) {
      const Act a = static_cast<Act>(k);
      const std::string name = kActNames[k];
      CAPTURE(name);
      std::vector<float> d;
      const auto f = eval_f(a, p, x, &d);
      double worst_f = 0, worst_d = 0;
      for (std::size_t i = 0; i < x.size(); ++i) {
        double fa, da;
        activate1<double>(a, p, double(x[i]), fa, da);
        // Error in units of the float32 tolerance: 1e-6 relative, floor 1e-7 absolute.
        worst_f = std::max(worst_f, std::fabs(f[i] - fa) / std::max(1e-6 * std::fabs(fa), 1e-7));
        worst_d = std::max(worst_d, std::fabs(d[i] - da) / std::max(1e-6 * std::fabs(da), 1e-7));
      }
      CHECK(worst_f <= 1.0);
      CHECK(worst_d <= 1.0);
    }
  }
}

TEST_CASE("derivatives equal finite differences of the values (double)") {
  ActParams p;
  p.swish_beta = 1.7;
  for (bool gelu_tanh : {false, true}) {
    p.gelu_tanh = gelu_tanh;
    for (int k = 0; k < kActCount; ++k) {
      const Act a = static_cast<Act>(k);
      const std::string name = kActNames[k];
      CAPTURE(name);
      for (double x = -7.93; x < 8; x += 0.37) {  // avoids the kink at exactly 0
        const double h = 1e-6;
        double fp, fm, f, d, unused;
        activate1<double>(a, p, x + h, fp, unused);
        activate1<double>(a, p, x - h, fm, unused);
        activate1<double>(a, p, x, f, d);
        CHECK(d == doctest::Approx((fp - fm) / (2 * h)).epsilon(1e-6).scale(1e-3));
      }
    }
  }
}

TEST_CASE("values and derivatives stay finite for |x| up to 1e4, and NaN is not hidden") {
  std::vector<float> x;
  for (float v = 1; v <= 1e4f; v *= 1.5f) x.push_back(v), x.push_back(-v);
  x.push_back(1e4f);
  x.push_back(-1e4f);
  for (bool gelu_tanh : {false, true}) {
    ActParams p;
    p.gelu_tanh = gelu_tanh;
    for (int k = 0; k < kActCount; ++k) {
      const std::string name = kActNames[k];
      CAPTURE(name);
      std::vector<float> d;
      const auto f = eval_f(static_cast<Act>(k), p, x, &d);
      for (std::size_t i = 0; i < x.size(); ++i) {
        CAPTURE(x[i]);
        CHECK(std::isfinite(f[i]));
        CHECK(std::isfinite(d[i]));
      }
      const auto fn = eval_f(static_cast<Act>(k), p, {NAN});
      CHECK(std::isnan(fn[0]));  // a blown-up value must stay visible to divergence detection
    }
  }
}
