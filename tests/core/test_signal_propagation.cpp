// The engine against the mean-field theory: on wide layers initialised with
// signal_propagation, the back-propagated gradient grows by √χ₁ per layer (Schoenholz et al.
// 2017, sec. 5), in the ordered phase (shrinks) and the chaotic one (grows).
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "helpers.hpp"
#include "meanfield.hpp"
#include "session.hpp"

using namespace gl;

namespace {

constexpr int kWidth = 256, kDepth = 24, kBatch = 128, kSeeds = 10;
// Layers kSkip.. kDepth - 2 give kDepth - 1 - kSkip ratios g_l / g_{l+1} between hidden layers
// of the same width (the last hidden layer's gradient comes through the 10-wide output).
constexpr int kSkip = 6;
constexpr int kRatios = kDepth - 1 - kSkip;

/// Mean over layers and seeds of log(g_l / g_{l+1}), g = rms ∂L/∂z of evaluate() at step 0.
double measured_log_growth(const char* act, double sw2, double sb2) {
  double sum = 0;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    Session s(config_from_query("dataset=highdim&inputDim=" + std::to_string(kWidth) + "&classes=10&trainFraction=1" +
                                "&numPoints=" + std::to_string(kBatch) + "&batchSize=" + std::to_string(kBatch) +
                                "&hidden=" + layers_of(kDepth, kWidth) + "&activation=" + act +
                                "&init=signal_propagation&sigmaW2=" + format_number(sw2) +
                                "&sigmaB2=" + format_number(sb2) + "&seed=" + std::to_string(seed) +
                                "&dataSeed=" + std::to_string(seed)));
    const auto& m = s.evaluate();
    sum += std::log(m.layers[kSkip].grad_z_rms / m.layers[kDepth - 1].grad_z_rms) / kRatios;  // telescoped
  }
  return sum / kSeeds;
}

/// E[φ'(√q z)⁴] by the half-normal rule (for the spread of the per-layer growth, below).
double fourth_moment_of_slope(Act a, double q) {
  const GaussRule r = chi_rule(64, 1);
  double s = 0;
  for (std::size_t i = 0; i < r.nodes.size(); ++i)
    for (double side : {-1.0, 1.0}) {
      double f, d;
      activate1<double>(a, ActParams{}, side * std::sqrt(std::max(q, 1e-80)) * r.nodes[i], f, d);
      s += 0.5 * r.weights[i] * d * d * d * d;
    }
  return s;
}

}  // namespace

TEST_CASE("the back-propagated gradient grows by √χ₁ per layer, in both phases") {
  // The tolerance, derived before looking at the data. Given the layer above, the squared
  // gradient of one example at a layer of N units is σ_w² |δ|²/N Σ_j φ'(h_j)² ξ_j², ξ_j ~ N(0,1)
  // independent (the gradient-independence assumption of the theory), so
  //   g_l² / g_{l+1}² = χ₁ (1 + ε_l),  Var ε_l = K / N,  K = 3 E[φ'⁴] / E[φ'²]² - 1,
  // and log(g_l / g_{l+1}) = ½ log χ₁ + ½ ε_l - ¼ ε_l² + ...: per layer a spread of √(K/4N)
  // and a bias of -K/4N. That is one example; the measured rms over 128 examples (with the same
  // weights) can only be less noisy, so the bound is conservative. The ε_l of different layers
  // are independent (fresh weights), as are seeds: the mean over L ratios and S seeds has
  // sd √(K / (4 N L S)). Besides, the variance q^l of a finite layer fluctuates by O(√(2/N))
  // around q*, which moves χ₁(q^l) at O(1/N) on average: allowed as 2/N. And q^l reaches q*
  // from q¹ = σ_w² + σ_b² within e^{-l/ξ_q}: the first 6 layers are skipped (ξ_q <= 1.8 here).
  //   tolerance = 4 sd + K/4N + 2/N   (4 sd: a false failure about once in 15000 runs)
  struct Case {
    const char* act;
    double sw2, sb2;
  };
  const Case cases[] = {
      {"tanh", 1.0, 0.3},   {"tanh", 4.0, 0.05},  // ordered, chaotic
      {"relu", 1.0, 0.05},  {"relu", 3.0, 0.0},   // ordered, exploding (see below)
      {"sigmoid", 30, 0.1}, {"gelu", 1.5, 0.05},   // ordered: a φ with a non-zero mean; erf-GELU
  };
  for (const auto& c : cases) {
    const std::string name = std::string(c.act) + " σ_w² " + format_number(c.sw2) + " σ_b² " + format_number(c.sb2);
    CAPTURE(name);
    const Act a = static_cast<Act>(enum_index(*find_field("activation"), c.act));
    const MeanField mf = mean_field(Phi{a, ActParams{}}, c.sw2, c.sb2);
    double chi1, K;
    if (a == Act::relu && c.sw2 > 2) {
      // Beyond σ_w² = 2 relu has no fixed point (the variance grows by σ_w²/2 per layer, so
      // mean_field reports it unbounded), but E[relu'(√q z)²] = 1/2 for every q: the layer
      // map of the gradient is χ₁ = σ_w²/2 at every depth, and K = 3 (1/2) / (1/2)² - 1 = 5.
      REQUIRE(mf.phase == Phase::unbounded);
      chi1 = c.sw2 / 2, K = 5;
    } else {
      REQUIRE(mf.chi1.has_value());
      REQUIRE(*mf.xi_q <= 1.8);
      chi1 = *mf.chi1;
      const double slope2 = chi1 / c.sw2;
      K = 3 * fourth_moment_of_slope(a, *mf.q_star) / (slope2 * slope2) - 1;
    }
    const double n = kWidth, sd = std::sqrt(K / (4 * n * kRatios * kSeeds));
    const double tolerance = 4 * sd + K / (4 * n) + 2 / n;
    const double theory = 0.5 * std::log(chi1), measured = measured_log_growth(c.act, c.sw2, c.sb2);
    MESSAGE(name << ": per-layer growth measured " << std::exp(measured) << ", √χ₁ = " << std::sqrt(chi1)
                 << " (log difference " << measured - theory << ", tolerance " << tolerance << ")");
    CHECK(std::fabs(measured - theory) <= tolerance);
    // The phase is visible beyond the noise: the measured growth is on the theory's side of 1.
    CHECK(std::fabs(theory) > tolerance);
    CHECK((measured > 0) == (chi1 > 1));
  }
}
