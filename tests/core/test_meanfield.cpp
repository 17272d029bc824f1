// The mean-field theory (meanfield.hpp) against closed forms, an independent quadrature,
// the published tanh critical line and its own convergence in the quadrature order.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include "meanfield.hpp"

using namespace gl;

namespace {

const double kPi = 3.14159265358979323846;

Phi of(Act a) { return Phi{a, ActParams{}}; }

/// |got - want| <= rel |want| (absolute when want is 0). Not doctest::Approx, whose epsilon is
/// relative to max(|got|, |want|) + 1, i.e. absolute for values below 1.
bool near(double got, double want, double rel) {
  return std::fabs(got - want) <= rel * (want == 0 ? 1 : std::fabs(want));
}

/// E[g(√q z)] by composite Simpson over u in [-12√q, 12√q], split at 0 (the kink): an
/// integration independent of the Gauss rules, for the 1-D quantities.
template <class G> double simpson(double q, G g) {
  const double sd = std::sqrt(q), half = 12 * sd;
  const int n = 20000;  // per side, even
  const double h = half / n;
  double sum = 0;
  for (int side = -1; side <= 1; side += 2) {
    for (int i = 0; i <= n; ++i) {
      const double u = side * (i == 0 ? 1e-300 : i * h);  // the branch on this side of 0
      const double w = (i == 0 || i == n) ? 1 : (i % 2 ? 4 : 2);
      sum += w * g(u) * std::exp(-0.5 * u * u / q);
    }
  }
  return sum * h / 3 / std::sqrt(2 * kPi * q);
}

double phi1(Act a, double u, double& d) {
  double v;
  activate1<double>(a, ActParams{}, u, v, d);
  return v;
}

}  // namespace

TEST_CASE("the Gauss rules integrate the moments of their distributions exactly") {
  // Gauss–Legendre: ∫_{-1}^{1} x^k dx = 2/(k+1) for even k, 0 for odd, exact for k < 2n.
  for (int n : {1, 7, 20}) {
    const GaussRule r = gauss_legendre(n);
    for (int k = 0; k < 2 * n; ++k) {
      double s = 0;
      for (std::size_t i = 0; i < r.nodes.size(); ++i) s += r.weights[i] * std::pow(r.nodes[i], k);
      CHECK(near(s, k % 2 ? 0.0 : 2.0 / (k + 1), 1e-13));
    }
  }
  // χ distribution with d degrees of freedom: E[r^k] = 2^(k/2) Γ((d+k)/2) / Γ(d/2).
  for (int dof : {1, 2}) {
    for (int n : {8, 48, 64, 192}) {
      CAPTURE(dof);
      CAPTURE(n);
      const GaussRule r = chi_rule(n, dof);
      for (int k = 0; k < 2 * n && k <= 60; ++k) {
        double s = 0;
        for (std::size_t i = 0; i < r.nodes.size(); ++i) s += r.weights[i] * std::pow(r.nodes[i], k);
        const double exact = std::exp(0.5 * k * std::log(2.0) + std::lgamma(0.5 * (dof + k)) - std::lgamma(0.5 * dof));
        CAPTURE(k);
        CHECK(near(s, exact, 1e-11));
      }
      for (std::size_t i = 0; i < r.nodes.size(); ++i) {
        CHECK(r.weights[i] > 0);
        if (i) CHECK(r.nodes[i] > r.nodes[i - 1]);
      }
    }
  }
  CHECK_THROWS_AS(chi_rule(0, 1), std::invalid_argument);
  CHECK_THROWS_AS(chi_rule(8, 3), std::invalid_argument);
}

TEST_CASE("relu and linear: the closed forms (σ_w²/2, σ_w², q* = σ_b² / (1 - slope))") {
  // relu: E[φ(√q z)²] = q/2 and E[φ'²] = 1/2 for every q, so q ↦ σ_w² q/2 + σ_b².
  for (double sw2 : {0.5, 1.0, 1.5, 1.9}) {
    CAPTURE(sw2);
    const MeanField m0 = mean_field(of(Act::relu), sw2, 0);
    CHECK(m0.phase == Phase::ordered);
    CHECK(*m0.q_star == 0);  // the signal dies out: q^l = (σ_w²/2)^l q¹
    CHECK(near(*m0.chi1, sw2 / 2, 1e-14));
    CHECK(near(*m0.xi_q, -1 / std::log(sw2 / 2), 1e-12));
    CHECK_FALSE(m0.c_star.has_value());  // no signal, no correlation
    const MeanField m = mean_field(of(Act::relu), sw2, 0.1);
    CHECK(near(*m.q_star, 0.1 / (1 - sw2 / 2), 1e-12));
    CHECK(near(*m.chi1, sw2 / 2, 1e-14));
    CHECK(*m.c_star == 1);
    CHECK(near(*m.xi_c, -1 / std::log(sw2 / 2), 1e-12));
    const MeanField lin = mean_field(of(Act::linear), sw2 / 2, 0.1);
    CHECK(near(*lin.q_star, 0.1 / (1 - sw2 / 2), 1e-12));
    CHECK(near(*lin.chi1, sw2 / 2, 1e-14));
  }
  // σ_w² = 2, σ_b = 0: every q is a fixed point; the map keeps q¹ = 2 E[x²].
  const MeanField crit = mean_field(of(Act::relu), 2, 0, 1.5);
  CHECK(crit.phase == Phase::critical);
  CHECK(near(*crit.q_star, 3, 1e-14));
  CHECK(std::isinf(*crit.xi_c));
  // Beyond, the variance grows without bound: reported, not iterated forever.
  for (double sb2 : {0.0, 0.1}) {
    const MeanField up = mean_field(of(Act::relu), 2.5, sb2);
    CHECK(up.phase == Phase::unbounded);
    CHECK_FALSE(up.q_star.has_value());
    CHECK_FALSE(up.chi1.has_value());
    CHECK_FALSE(up.xi_q.has_value());
  }
  CHECK(mean_field(of(Act::relu), 2, 0.1).phase == Phase::unbounded);  // q ↦ q + σ_b²
}

TEST_CASE("arc-cosine kernel of relu (Cho & Saul 2009) by the polar rule") {
  // For u₁, u₂ ~ N(0, q) with correlation c = cos θ:
  //   E[relu(u₁) relu(u₂)] = q (sin θ + (π - θ) cos θ) / 2π,  E[H(u₁) H(u₂)] = (π - θ) / 2π.
  for (double q : {0.3, 2.0, 50.0}) {
    for (double c : {-1.0, -0.9, -0.2, 0.0, 0.5, 0.9, 0.999, 1.0}) {
      CAPTURE(q);
      CAPTURE(c);
      const PairMoments pm = pair_moments(of(Act::relu), q, c);
      const double th = std::acos(c);
      // Absolute, on the kernels' scales (q/2 and 1/2): at c = -1 both are 0.
      CHECK(std::fabs(pm.phiphi - q * (std::sin(th) + (kPi - th) * c) / (2 * kPi)) <= 1e-12 * q);
      CHECK(std::fabs(pm.dd - (kPi - th) / (2 * kPi)) <= 1e-12);
    }
  }
  // Smooth φ with a non-zero mean: at c = 0 the pair factorises, at c = 1 it is E[φ²]: the
  // polar rule against products of 1-D integrals done independently (Simpson).
  for (Act a : {Act::softplus, Act::sigmoid, Act::gelu, Act::elu}) {
    const std::string name = kActNames[int(a)];
    CAPTURE(name);
    const double q = 1.7;
    double d;
    const double mean = simpson(q, [&](double u) { return phi1(a, u, d); });
    const double mean_d = simpson(q, [&](double u) { phi1(a, u, d); return d; });
    const double sq = simpson(q, [&](double u) { const double v = phi1(a, u, d); return v * v; });
    CHECK(near(pair_moments(of(a), q, 0).phiphi, mean * mean, 1e-9));
    CHECK(near(pair_moments(of(a), q, 0).dd, mean_d * mean_d, 1e-9));
    CHECK(near(pair_moments(of(a), q, 1).phiphi, sq, 1e-9));
  }
}

TEST_CASE("q* and χ₁ against an independent quadrature and a plain iteration of the map") {
  // Simpson on u (not the Gauss rules) for E[φ²] and E[φ'²]; q* from iterating the map.
  struct Case { Act a; double sw2, sb2; };
  for (Case c : {Case{Act::tanh, 1.5, 0.05}, Case{Act::tanh, 3, 0.3}, Case{Act::elu, 1.2, 0.05},
                 Case{Act::selu, 1.3, 0.1}, Case{Act::gelu, 1.5, 0.2}, Case{Act::sigmoid, 8, 0.1},
                 Case{Act::softplus, 1.2, 0.0}}) {
    const std::string name = kActNames[int(c.a)];
    CAPTURE(name);
    CAPTURE(c.sw2);
    double d;
    auto m2 = [&](double q) { return simpson(q, [&](double u) { const double v = phi1(c.a, u, d); return v * v; }); };
    double q = c.sw2 + c.sb2;
    for (int i = 0; i < 400; ++i) q = c.sw2 * m2(q) + c.sb2;  // ξ_q < 15 layers for all cases
    const double chi1 = c.sw2 * simpson(q, [&](double u) { phi1(c.a, u, d); return d * d; });
    const MeanField m = mean_field(of(c.a), c.sw2, c.sb2);
    REQUIRE(m.q_star.has_value());
    CHECK(near(*m.q_star, q, 1e-8));
    CHECK(near(*m.chi1, chi1, 1e-8));
  }
  // SELU's self-normalising fixed point (Klambauer et al. 2017): σ_w² = 1, σ_b = 0 keeps
  // variance 1 (its λ and α were chosen so), with E[φ] = 0 making c = 0 a fixed point too.
  const MeanField selu = mean_field(of(Act::selu), 1, 0);
  CHECK(near(*selu.q_star, 1, 1e-9));
  CHECK(near(*selu.c_star, 0, 1e-9));
}

TEST_CASE("tanh: critical at σ_w² = 1 for σ_b = 0 and on the published line") {
  // σ_b = 0: q ↦ σ_w² E[tanh²] has q* = 0 with χ₁ = σ_w² (tanh'(0) = 1) up to σ_w² = 1.
  for (double sw2 : {0.5, 0.9}) {
    const MeanField m = mean_field(of(Act::tanh), sw2, 0);
    CHECK(m.phase == Phase::ordered);
    CHECK(*m.q_star == 0);
    CHECK(near(*m.chi1, sw2, 1e-12));
  }
  const MeanField above = mean_field(of(Act::tanh), 1.5, 0);
  CHECK(above.phase == Phase::chaotic);
  CHECK(*above.q_star > 0);
  CHECK(near(*above.c_star, 0, 1e-9));  // odd φ, no bias: c = 0 is fixed
  CHECK(near(*critical_sigma_w2(of(Act::tanh), 0), 1, 1e-9));
  // Schoenholz et al. 2017 (and Poole et al. 2016, Fig. 2) give the critical point at
  // σ_b² = 0.05 as σ_w² ≈ 1.76: two decimals, so ±0.005 is the precision of the published figure.
  const double c05 = *critical_sigma_w2(of(Act::tanh), 0.05);
  CHECK(near(c05, 1.76, 0.005 / 1.76));
  // The line rises with σ_b²: more bias variance needs more weight variance to stay chaotic.
  double prev = 1;
  for (double sb2 : {0.01, 0.05, 0.1, 0.3, 1.0}) {
    const double c = *critical_sigma_w2(of(Act::tanh), sb2);
    CHECK(c > prev);
    prev = c;
  }
}

TEST_CASE("at the critical line χ₁ = 1 and ξ_c diverges, while ξ_q stays finite") {
  // How ξ_c diverges: ordered, c* = 1 and ξ_c = -1/log χ₁ ≈ 1/(1 - χ₁). Chaotic, ξ_c comes from
  // χ_c(c*) = C'(c*), C the correlation map. Where φ' is continuous at 0 (tanh, elu with α = 1),
  // C'(c) ≈ χ₁ - C''(1)(1 - c), so 1 - c* ≈ 2(χ₁ - 1)/C''(1), χ_c(c*) ≈ 2 - χ₁ and
  // ξ_c (χ₁ - 1) → 1. Where φ' jumps at 0 (selu: λ to λα), E[φ'(u₁)φ'(u₂)] falls like √(1 - c):
  // C'(c) ≈ χ₁ - K√(1 - c) gives √(1 - c*) = 3(χ₁ - 1)/2K, χ_c(c*) ≈ 1 - (χ₁ - 1)/2, and the
  // product tends to 2.
  struct Case { Act a; double chaotic_limit; };
  for (Case k : {Case{Act::tanh, 1}, Case{Act::elu, 1}, Case{Act::selu, 2}}) {
    const std::string name = kActNames[int(k.a)];
    CAPTURE(name);
    const double sb2 = 0.05, crit = *critical_sigma_w2(of(k.a), sb2);
    const MeanField at = mean_field(of(k.a), crit, sb2);
    CHECK(near(*at.chi1, 1, 1e-9));
    CHECK(*at.xi_c > 1e6);
    CHECK(*at.xi_q < 100);  // Schoenholz et al.: only the correlation depth scale diverges
    for (int side : {-1, 1}) {
      double prev = 0, product = 0;
      for (double eps : {1e-1, 1e-2, 1e-3, 1e-4}) {
        const MeanField m = mean_field(of(k.a), crit * (1 + side * eps), sb2);
        CAPTURE(side);
        CAPTURE(eps);
        REQUIRE(m.xi_c.has_value());
        CHECK(m.phase == (side < 0 ? Phase::ordered : Phase::chaotic));
        CHECK(*m.xi_c > 5 * prev);  // ~10x per decade of ε
        prev = *m.xi_c;
        if (side < 0) CHECK(near(*m.xi_c, -1 / std::log(*m.chi1), 1e-12));
        product = *m.xi_c * std::fabs(*m.chi1 - 1);
      }
      CHECK(near(product, side < 0 ? 1 : k.chaotic_limit, 0.01));  // at ε = 1e-4
    }
  }
}

TEST_CASE("critical lines where there are none, and limits") {
  // sigmoid: χ₁ <= σ_w²/16 at small q*, and q* grows with σ_w²: no crossing up to σ_w² = 50.
  for (double sb2 : {0.0, 0.1}) CHECK_FALSE(critical_sigma_w2(of(Act::sigmoid), sb2, 1, 50).has_value());
  // gelu without bias: q* = 0 is stable (χ₁ = σ_w²/4) until the variance escapes to infinity
  // from q¹: the transition jumps, with no χ₁ = 1 on the way.
  CHECK_FALSE(critical_sigma_w2(of(Act::gelu), 0).has_value());
  // relu: χ₁ = σ_w²/2 whatever q, so χ₁ reaches 1 at σ_w² = 2, where q* diverges (σ_b > 0).
  for (double sb2 : {0.0, 0.05, 1.0}) CHECK(near(*critical_sigma_w2(of(Act::relu), sb2), 2, 1e-12));
  ActParams leaky;
  leaky.leaky_slope = 0.2;
  CHECK(near(*critical_sigma_w2(Phi{Act::leaky_relu, leaky}, 0.1), 2 / 1.04, 1e-12));
  CHECK(near(*critical_sigma_w2(of(Act::linear), 0.3), 1, 1e-12));
  // A search range below the critical point finds nothing.
  CHECK_FALSE(critical_sigma_w2(of(Act::tanh), 0.05, 1, 1.5).has_value());
}

TEST_CASE("the activation parameters are the network's") {
  // elu with α: φ'(0⁻) = α, so at σ_b = 0 (q* → 0) χ₁ → σ_w² (1 + α²)/2: critical at 2/(1 + α²).
  ActParams p;
  p.elu_alpha = 0.5;
  CHECK(near(*critical_sigma_w2(Phi{Act::elu, p}, 0), 2 / 1.25, 1e-9));
  ActParams tanh_gelu;
  tanh_gelu.gelu_tanh = true;
  const MeanField erf_form = mean_field(of(Act::gelu), 1.5, 0.3), tanh_form = mean_field(Phi{Act::gelu, tanh_gelu}, 1.5, 0.3);
  CHECK(*erf_form.chi1 != *tanh_form.chi1);
  CHECK(near(*erf_form.chi1, *tanh_form.chi1, 1e-2));  // the forms agree to ~1e-3
}

TEST_CASE("the quadrature orders are converged: doubling them changes nothing that matters") {
  // The default orders (16 to 128 half-normal nodes by q, as many radii x 4 arcs x as many angles)
  // against 1.5 times as many, over every activation and the corners of the parameter range
  // the API allows. Activations analytic on each side of 0 converge spectrally; tanh at large
  // q* (σ_w² = 100: q* ≈ 92, where φ'² is a spike of width ~0.1 in z) is the hardest case.
  const MeanFieldRules fine = mean_field_rules(1.5);
  for (int a = 0; a < kActCount; ++a) {
    for (double sw2 : {0.3, 1.0, 1.8, 4.0, 100.0}) {
      for (double sb2 : {0.0, 0.05, 1.0, 10.0}) {
        const std::string name = kActNames[a];
        CAPTURE(name);
        CAPTURE(sw2);
        CAPTURE(sb2);
        const MeanField m = mean_field(of(Act(a)), sw2, sb2), f = mean_field(of(Act(a)), sw2, sb2, 1, fine);
        CHECK(m.phase == f.phase);
        auto same = [](const std::optional<double>& x, const std::optional<double>& y, double tol) {
          if (!x || !y) return x.has_value() == y.has_value();
          if (std::isinf(*x) || std::isinf(*y)) return *x == *y;
          return std::fabs(*x - *y) <= tol * std::max(1.0, std::fabs(*y));
        };
        // A depth scale is compared as the per-layer decay rate 1/ξ = -log χ it comes from: ξ
        // itself amplifies any error by ξ near criticality (ξ_c ~ 100 at the hardest corner).
        auto same_rate = [](const std::optional<double>& x, const std::optional<double>& y) {
          if (!x || !y) return x.has_value() == y.has_value();
          return std::fabs(1 / *x - 1 / *y) <= 1e-7;
        };
        CHECK(same(m.q_star, f.q_star, 1e-8));
        CHECK(same(m.chi1, f.chi1, 1e-8));
        CHECK(same(m.c_star, f.c_star, 1e-8));
        CHECK(same_rate(m.xi_q, f.xi_q));
        CHECK(same_rate(m.xi_c, f.xi_c));
      }
    }
  }
}

TEST_CASE("mean_field refuses arguments outside its range, naming them") {
  CHECK_THROWS_WITH_AS(mean_field(of(Act::tanh), -1, 0), doctest::Contains("sigmaW2"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(mean_field(of(Act::tanh), 1, NAN), doctest::Contains("sigmaB2"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(critical_sigma_w2(of(Act::tanh), INFINITY), doctest::Contains("sigmaB2"), std::invalid_argument);
}
