#include "meanfield.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string>

namespace gl {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// q* = 0 (σ_b = 0, φ(0) = 0, ordered): the quantities at the fixed point are the limits
// q → 0⁺, taken at this q. φ(√q z)² ~ 1e-80 is far from underflow, and φ' is evaluated at
// ±1e-40 z, i.e. on each side of a kink at 0 (relu'(0⁺) = 1, not relu'(0) = 0).
constexpr double kTinyQ = 1e-80;
// The variance map is followed over [q¹ · 1e-40, 1e40]: pre-activations with a standard
// deviation of 1e20 are of no use to a float32 network (their squares overflow), so a fixed
// point beyond counts as unbounded; one below 1e-40 q¹ counts as 0.
constexpr double kMaxQ = 1e40, kMinQRatio = 1e-40;
// Relative precision of the variance map V(q) as computed (a sum of ~100 rounded terms).
constexpr double kMapPrecision = 1e-14;
// χ₁ within this of 1 is critical (relu at σ_w² = 2, σ_b = 0 gives 1 to the last bit or two).
constexpr double kCriticalTol = 1e-12;

/// Brent's method (Brent 1973, "Algorithms for minimization without derivatives", ch. 4) for
/// a root of f in [a, b] with f(a) f(b) <= 0, to |x - root| <= tol.
template <class F> double brent(F f, double a, double b, double fa, double fb, double tol) {
  if (fa == 0) return a;
  if (fb == 0) return b;
  double c = a, fc = fa, d = b - a, e = d;
  for (int iter = 0; iter < 200; ++iter) {
    if ((fb > 0) == (fc > 0)) c = a, fc = fa, d = e = b - a;
    if (std::fabs(fc) < std::fabs(fb)) a = b, b = c, c = a, fa = fb, fb = fc, fc = fa;
    const double t = 2 * std::numeric_limits<double>::epsilon() * std::fabs(b) + 0.5 * tol;
    const double m = 0.5 * (c - b);
    if (std::fabs(m) <= t || fb == 0) return b;
    if (std::fabs(e) >= t && std::fabs(fa) > std::fabs(fb)) {
      double p, q, s = fb / fa;
      if (a == c) {
        p = 2 * m * s, q = 1 - s;  // secant
      } else {
        const double r = fb / fc;
        q = fa / fc;
        p = s * (2 * m * q * (q - r) - (b - a) * (r - 1));  // inverse quadratic interpolation
        q = (q - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < std::min(3 * m * q - std::fabs(t * q), std::fabs(e * q))) e = d, d = p / q;
      else d = m, e = m;
    } else {
      d = m, e = m;  // bisection
    }
    a = b, fa = fb;
    b += std::fabs(d) > t ? d : (m > 0 ? t : -t);
    fb = f(b);
  }
  return b;
}

/// Gaussian expectations of φ by the quadrature rules (quadrature.hpp explains the choice),
/// with scratch buffers kept between calls.
class Expect {
 public:
  Expect(const Phi& phi, const MeanFieldRules& rules) : phi_(phi), rules_(rules) {
    const std::size_t n = std::max(2 * rules.line.back().nodes.size(), rules.radius.back().nodes.size());
    u_.resize(n), a_.resize(n), d_.resize(n), u2_.resize(n), a2_.resize(n), d2_.resize(n);
  }
  std::size_t rung(double q) const {
    std::size_t k = 0;
    while (k + 1 < rules_.max_q.size() && q > rules_.max_q[k]) ++k;
    return k;
  }

  struct One {
    double m;  // E[φ(u)²], u = √q z
    double d;  // E[φ'(u)²]
    double s;  // E[z φ(u) φ'(u)] / √q = E[φ'(u)² + φ(u) φ''(u)] (Gaussian integration by parts)
  };
  /// E f(z) = ½ Σ w_i (f(r_i) + f(-r_i)) over the half-normal rule: the kink at 0 is an endpoint.
  One one(double q) {
    const auto& r = rules_.line[rung(q)];
    const std::size_t n = r.nodes.size();
    const double sq = std::sqrt(q);
    for (std::size_t i = 0; i < n; ++i) u_[i] = sq * r.nodes[i], u_[n + i] = -u_[i];
    activate<double>(phi_.act, phi_.params, u_.data(), a_.data(), d_.data(), 2 * n);
    One o{0, 0, 0};
    for (std::size_t i = 0; i < n; ++i) {
      const double w = 0.5 * r.weights[i];
      o.m += w * (a_[i] * a_[i] + a_[n + i] * a_[n + i]);
      o.d += w * (d_[i] * d_[i] + d_[n + i] * d_[n + i]);
      o.s += w * r.nodes[i] * (a_[i] * d_[i] - a_[n + i] * d_[n + i]);
    }
    o.s = sq > 0 ? o.s / sq : o.d;
    return o;
  }
  double phi_at_zero() {
    double z[2] = {0, 0}, a[2], d[2];
    activate<double>(phi_.act, phi_.params, z, a, d, 2);
    return a[0];
  }

  struct Two {
    double phiphi;  // E[φ(u₁) φ(u₂)]
    double dd;      // E[φ'(u₁) φ'(u₂)]
    double gap;     // ½ E[(φ(u₁) - φ(u₂))²] = E[φ²] - E[φ(u₁) φ(u₂)], without the cancellation
  };
  /// u₁ = √q z₁, u₂ = √q (c z₁ + √(1-c²) z₂). In polar coordinates z = r (cos θ, sin θ),
  /// u₁ = √q r cos θ and u₂ = √q r cos(θ - θ_c) with cos θ_c = c: both change sign on rays,
  /// at θ = ±π/2 and θ_c ± π/2. Each of the four arcs between them gets a Gauss–Legendre rule
  /// in θ, each ray the Rayleigh rule in r, so every integrand piece is analytic.
  Two two(double q, double c) {
    const double sq = std::sqrt(q), s = std::sqrt((1 - c) * (1 + c)), tc = std::atan2(s, c);
    const double half_pi = 1.57079632679489661923;
    const double cuts[5] = {-half_pi, tc - half_pi, half_pi, tc + half_pi, 3 * half_pi};
    const auto& rad = rules_.radius[rung(q)];
    const auto& arc = rules_.arc[rung(q)];
    const std::size_t n = rad.nodes.size();
    Two t{0, 0, 0};
    for (int k = 0; k < 4; ++k) {
      const double mid = 0.5 * (cuts[k] + cuts[k + 1]), half = 0.5 * (cuts[k + 1] - cuts[k]);
      if (half <= 0) continue;
      for (std::size_t j = 0; j < arc.nodes.size(); ++j) {
        const double th = mid + half * arc.nodes[j];
        const double c1 = std::cos(th), sn = std::sin(th), c2 = c * c1 + s * sn;
        for (std::size_t i = 0; i < n; ++i) u_[i] = sq * rad.nodes[i] * c1, u2_[i] = sq * rad.nodes[i] * c2;
        activate<double>(phi_.act, phi_.params, u_.data(), a_.data(), d_.data(), n);
        activate<double>(phi_.act, phi_.params, u2_.data(), a2_.data(), d2_.data(), n);
        double pa = 0, pd = 0, pg = 0;
        for (std::size_t i = 0; i < n; ++i) {
          const double diff = a_[i] - a2_[i];
          pa += rad.weights[i] * a_[i] * a2_[i];
          pd += rad.weights[i] * d_[i] * d2_[i];
          pg += rad.weights[i] * diff * diff;
        }
        const double w = half * arc.weights[j] * (1 / (4 * half_pi));  // dθ / 2π
        t.phiphi += w * pa;
        t.dd += w * pd;
        t.gap += 0.5 * w * pg;
      }
    }
    return t;
  }

 private:
  const Phi& phi_;
  const MeanFieldRules& rules_;
  std::vector<double> u_, a_, d_, u2_, a2_, d2_;
};

/// 1/ξ = -log(rate): a depth scale from the per-layer rate at which a deviation decays.
double depth_scale(double rate) {
  rate = std::fabs(rate);
  if (rate >= 1 - kCriticalTol) return kInf;
  return -1 / std::log(rate);  // rate 0 gives 0: the deviation is gone after one layer
}

void check_argument(const char* name, double v, double lo, double hi) {
  if (!(v >= lo && v <= hi)) {
    char msg[160];
    std::snprintf(msg, sizeof msg, "%s: %.17g is out of range (allowed %g to %g)", name, v, lo, hi);
    throw std::invalid_argument(msg);
  }
}

struct FixedPoint {
  enum Kind { finite, unbounded } kind;
  double q;
};

/// The limit of q ↦ V(q) = σ_w² E[φ(√q z)²] + σ_b² from q¹. V is increasing in q for the
/// engine's activations, so the iterates move monotonically: up to the first fixed point
/// above q¹, or down to the first below it. That point is bracketed by geometric steps from q¹
/// and found by Brent's method instead of iterating, which crawls near criticality (V'(q*) → 1).
FixedPoint variance_fixed_point(Expect& ex, double sigma_w2, double sigma_b2, double q1, double rel_tol) {
  auto g = [&](double q) { return sigma_w2 * ex.one(q).m + sigma_b2 - q; };
  const double v0 = sigma_w2 * ex.phi_at_zero() * ex.phi_at_zero() + sigma_b2;  // V(0)
  if (q1 <= 0) {
    if (v0 == 0) return {FixedPoint::finite, 0};
    q1 = v0;
  }
  // V(q) - q is known to ~1e-16 q (the quadrature's rounding). Within that, q¹ is itself a fixed
  // point: relu at σ_w² = 2 with σ_b = 0 (and linear at 1) keep any variance.
  const double g1 = g(q1);
  if (std::fabs(g1) <= kMapPrecision * q1) return {FixedPoint::finite, q1};
  double lo = q1, hi = q1, glo = g1, ghi = g1;
  if (g1 > 0) {  // the variance grows: march up until V(q) <= q (in long strides far from q¹)
    while (ghi > 0) {
      lo = hi, glo = ghi;
      hi *= hi > 1e6 * q1 ? 1e6 : 8;
      if (hi > kMaxQ) return {FixedPoint::unbounded, kInf};
      ghi = g(hi);
    }
  } else {  // it shrinks: march down until V(q) >= q (certain once q <= V(0) > 0)
    const double floor = q1 * kMinQRatio;
    while (glo < 0) {
      hi = lo, ghi = glo;
      lo /= 8;
      if (lo < floor) return {FixedPoint::finite, 0};
      glo = g(lo);
    }
  }
  const double q = brent(g, lo, hi, glo, ghi, rel_tol * hi);
  // Reached from below with V'(q) = 1 to within that precision, the "fixed point" is rounding:
  // the map is q ↦ q + const at that scale (relu at σ_w² = 2 with σ_b > 0), which diverges.
  if (g1 > 0 && sigma_w2 * ex.one(q).s >= 1 - 1e3 * kMapPrecision) return {FixedPoint::unbounded, kInf};
  return {FixedPoint::finite, q};
}

/// q* and χ₁ only (what the critical line needs): no correlation map.
struct Variance {
  FixedPoint fp;
  double chi1 = 0;
  Phase phase = Phase::ordered;
};
Phase phase_of(double chi1) {
  return std::fabs(chi1 - 1) <= kCriticalTol ? Phase::critical : chi1 < 1 ? Phase::ordered : Phase::chaotic;
}
Variance variance(Expect& ex, double sigma_w2, double sigma_b2, double input_variance, double rel_tol = 1e-14) {
  Variance v;
  v.fp = variance_fixed_point(ex, sigma_w2, sigma_b2, sigma_w2 * input_variance + sigma_b2, rel_tol);
  if (v.fp.kind == FixedPoint::unbounded) {
    v.phase = Phase::unbounded;
    return v;
  }
  v.chi1 = sigma_w2 * ex.one(std::max(v.fp.q, kTinyQ)).d;
  v.phase = phase_of(v.chi1);
  return v;
}

const MeanFieldRules& default_rules() {
  static const MeanFieldRules rules = mean_field_rules(1);
  return rules;
}

}  // namespace

MeanFieldRules mean_field_rules(double refine) {
  // Orders: n half-normal nodes (2n evaluations) per 1-D integral, n Rayleigh radii × 4 arcs ×
  // n angles per 2-D one (fewer angles left c* 3e-7 off at q = 3.4), n chosen by q. The rungs' ranges are measured on tanh, the
  // hardest case (its φ' has poles at u = ±iπ/2, i.e. z = ±iπ/(2√q), closing in on the real
  // axis as q grows): the largest q at which each n still gives E[φ'²] and E[φ²] to 1e-10
  // relative (against 192 nodes). Every other activation is easier at the same n: sigmoid,
  // swish, softplus and mish have their poles twice as far, relu/elu/selu/gelu none.
  // n = 128 holds 1e-10 up to q = 360, beyond anything the configuration's ranges reach
  // (σ_w², σ_b² <= 100). Choosing the rung by q keeps a critical line cheap: mostly q* < 10.
  struct Rung {
    int n;
    double max_q;
  };
  constexpr Rung kRungs[] = {{16, 0.5}, {24, 1.5}, {32, 3.5}, {48, 12}, {64, 30}, {96, 110}, {128, kInf}};
  if (!(refine >= 1 && refine <= 1.5)) throw std::invalid_argument("mean_field_rules: refine must be 1 to 1.5");
  MeanFieldRules r;
  for (const Rung& k : kRungs) {
    const int m = 2 * int(std::lround(0.5 * k.n * refine));
    r.max_q.push_back(k.max_q);
    r.line.push_back(chi_rule(m, 1));
    r.radius.push_back(chi_rule(m, 2));
    r.arc.push_back(gauss_legendre(m));
  }
  return r;
}

MeanField mean_field(const Phi& phi, double sigma_w2, double sigma_b2, double input_variance) {
  return mean_field(phi, sigma_w2, sigma_b2, input_variance, default_rules());
}

MeanField mean_field(const Phi& phi, double sigma_w2, double sigma_b2, double input_variance, const MeanFieldRules& rules) {
  check_argument("sigmaW2", sigma_w2, 0, kMaxVariance);
  check_argument("sigmaB2", sigma_b2, 0, kMaxVariance);
  check_argument("inputVariance", input_variance, 0, kMaxInputVariance);
  Expect ex(phi, rules);
  const Variance v = variance(ex, sigma_w2, sigma_b2, input_variance);
  MeanField r;
  r.phase = v.phase;
  if (v.fp.kind == FixedPoint::unbounded) return r;
  const double q = v.fp.q;
  r.q_star = q;
  r.chi1 = v.chi1;
  // ξ_q: V'(q*) = σ_w² E[φ'² + φ φ''] = χ₁ + σ_w² E[φ'' φ], taken by Gaussian integration by
  // parts as σ_w² E[z φ φ'] / √q*, so kinks (relu'' = δ) need no special case.
  r.xi_q = depth_scale(sigma_w2 * ex.one(std::max(q, kTinyQ)).s);
  if (q == 0) return r;  // no signal: the correlation of two inputs is 0/0
  if (v.phase != Phase::chaotic) {
    // c = 1 is stable (C is increasing and convex with C(1) = 1, C'(1) = χ₁ <= 1).
    r.c_star = 1;
    r.xi_c = depth_scale(v.chi1);
    return r;
  }
  // Chaotic: C'(1) = χ₁ > 1, so C(c) - c (convex, >= 0 at c = 0) has one root c* in [0, 1).
  // The map is divided by V(q*) (= q* up to the root finder's tolerance) so C(1) = 1 exactly,
  // and taken as C(c) - c = (1 - c) - σ_w² ½E[(φ(u₁) - φ(u₂))²] / V(q*): near c = 1, where c*
  // lies close to criticality, both terms are small and known to their own relative precision.
  const double vq = sigma_w2 * ex.one(q).m + sigma_b2;
  auto h = [&](double c) { return (1 - c) - sigma_w2 * ex.two(q, c).gap / vq; };
  double lo = 0, hlo = h(0), hi = 0, hhi = hlo;
  for (int k = 1; k <= 52 && hhi >= 0; ++k) {  // c = 1 - 2^-k: h < 0 just below 1
    lo = hi, hlo = hhi;
    hi = 1 - std::ldexp(1.0, -k);
    hhi = h(hi);
  }
  const double c = hhi >= 0 ? 1 : brent(h, lo, hi, hlo, hhi, 1e-13);
  r.c_star = c;
  r.xi_c = c == 1 ? depth_scale(v.chi1) : depth_scale(sigma_w2 * ex.two(q, c).dd);
  return r;
}

PairMoments pair_moments(const Phi& phi, double q, double c) {
  check_argument("q", q, 0, kMaxQ);
  check_argument("c", c, -1, 1);
  Expect ex(phi, default_rules());
  const auto t = ex.two(q, c);
  return {t.phiphi, t.dd};
}

std::optional<double> critical_sigma_w2(const Phi& phi, double sigma_b2, double input_variance, double max_sigma_w2) {
  check_argument("sigmaB2", sigma_b2, 0, kMaxVariance);
  check_argument("inputVariance", input_variance, 0, kMaxInputVariance);
  Expect ex(phi, default_rules());
  // Candidates, each then checked against mean_field's own phases (below it ordered with χ₁
  // tending to 1, above it not ordered), so where the variance map has several fixed points
  // the answer is about the one mean_field follows from q¹:
  std::vector<double> candidates;
  // 1. Finite q*. Along the fixed points σ_w² is a function of q: σ_w²(q) = (q - σ_b²) / E[φ²],
  //    and χ₁ - 1 = (q - σ_b²) E[φ'²] / E[φ²] - 1 =: F(q), whose roots need no inner solve.
  //    Scanned by factors of 8 over q - σ_b² in [1e-8, 1e4] (× max(σ_b², 1)), or until σ_w²(q)
  //    leaves the range searched; beyond, relu-like φ are covered by the limit q* → ∞ (3.).
  auto F = [&](double dq) {
    const auto m = ex.one(sigma_b2 + dq);
    return m.m > 0 ? dq * m.d / m.m - 1 : -1.0;
  };
  auto sw2_at = [&](double dq) {
    const double m = ex.one(sigma_b2 + dq).m;
    return m > 0 ? dq / m : kInf;
  };
  const double scale = std::max(sigma_b2, 1.0);
  double dq_prev = 0, f_prev = 0;
  for (double dq = 1e-8 * scale; dq <= 1e4 * scale; dq *= 8) {
    const auto m = ex.one(sigma_b2 + dq);
    const double f = m.m > 0 ? dq * m.d / m.m - 1 : -1.0;
    // A sign change counts where F is above its rounding level on both sides: along tanh's
    // chaotic branch at σ_b = 0, F ~ q² is pure rounding for q < 1e-7.
    if (dq_prev > 0 && (f > 0) != (f_prev > 0) && std::fabs(f) > kCriticalTol && std::fabs(f_prev) > kCriticalTol)
      candidates.push_back(sw2_at(brent(F, dq_prev, dq, f_prev, f, 1e-13 * dq)));
    dq_prev = dq, f_prev = f;
    if (m.m > 0 && dq > 2 * max_sigma_w2 * m.m) break;  // σ_w²(q) beyond twice the range searched
  }
  // 2. q* → 0 (σ_b = 0, φ(0) = 0): χ₁ → σ_w² E[φ'(0±)²] (tanh: σ_w² = 1).
  if (sigma_b2 == 0 && ex.phi_at_zero() == 0) {
    const double d0 = ex.one(kTinyQ).d;
    if (d0 > 0) candidates.push_back(1 / d0);
  }
  std::sort(candidates.begin(), candidates.end());  // the smallest critical σ_w² first
  constexpr double kSide = 1e-4;
  for (double sw2 : candidates) {
    if (!(sw2 > 0 && sw2 <= max_sigma_w2)) continue;
    const Variance below = variance(ex, sw2 * (1 - kSide), sigma_b2, input_variance, 1e-8);
    if (below.phase != Phase::ordered || below.chi1 < 1 - 10 * kSide) continue;
    const Variance above = variance(ex, sw2 * (1 + kSide), sigma_b2, input_variance, 1e-8);
    if (above.phase != Phase::ordered) return sw2;
  }
  // 3. q* → ∞ for φ that grow linearly on both sides (relu, elu, gelu ...): E[φ²]/q and
  //    E[φ'²] tend to the same κ, so along a branch of fixed points that runs off to infinity
  //    χ₁ → 1 as σ_w² → 1/κ (relu: 2), where the ordered phase meets the unbounded one. It
  //    counts if mean_field follows that branch: at a far point of it (q_b = 1e3 × max(1, σ_b²,
  //    q¹)) the branch is ordered and mean_field's q* is that point. Beyond 1/κ nothing needs
  //    checking: V grows with σ_w² at every q, so from q¹ the variance passes q_b, and there
  //    V(q) - q grows like (σ_w² κ - 1) q > 0: it diverges. Tried last.
  {
    const auto far = ex.one(1e30);
    const double kappa = far.m / 1e30, qb = 1e3 * std::max(scale, input_variance / kappa);
    if (far.d > 0 && 1 / far.d <= max_sigma_w2 && std::fabs(kappa - far.d) <= 1e-6 * far.d && F(qb - sigma_b2) < 0) {
      const Variance on = variance(ex, sw2_at(qb - sigma_b2), sigma_b2, input_variance, 1e-8);
      if (on.fp.kind == FixedPoint::finite && std::fabs(on.fp.q - qb) <= 1e-6 * qb) return 1 / far.d;
    }
  }
  return std::nullopt;
}

std::vector<std::optional<double>> critical_line(const Phi& phi, const std::vector<double>& sigma_b2,
                                                 double input_variance, double max_sigma_w2) {
  if (sigma_b2.size() > std::size_t(kMaxLinePoints))
    throw std::invalid_argument("sigmaB2: " + std::to_string(sigma_b2.size()) + " values is too many (allowed at most " +
                                std::to_string(kMaxLinePoints) + ")");
  std::vector<std::optional<double>> out;
  out.reserve(sigma_b2.size());
  for (double sb2 : sigma_b2) out.push_back(critical_sigma_w2(phi, sb2, input_variance, max_sigma_w2));
  return out;
}

}  // namespace gl
