// Mean-field theory of signal propagation in deep, wide, randomly initialised networks
// (Poole et al. 2016, "Exponential expressivity in deep neural networks through transient
// chaos"; Schoenholz et al. 2017, "Deep information propagation"), for the activations of
// activation.hpp with the same parameters the network uses.
//
// A layer h^l = W^l φ(h^{l-1}) + b^l with W_ij ~ N(0, σ_w²/N), b_i ~ N(0, σ_b²), N → ∞
// (the equations as both papers write them):
//   variance map     q^l = σ_w² ∫Dz φ(√q^{l-1} z)² + σ_b²                     (Poole)
//   fixed point      q*  (the limit of that map, started from q¹ = σ_w² E[x²] + σ_b²)
//   correlation map  c^l = (σ_w² ∫Dz₁Dz₂ φ(u₁)φ(u₂) + σ_b²) / q*,
//                    u₁ = √q* z₁, u₂ = √q* (c z₁ + √(1-c²) z₂)              (Poole)
//   χ₁ = σ_w² ∫Dz φ'(√q* z)²: the slope of the correlation map at c = 1        (Poole) and
//        the per-layer growth of the squared back-propagated gradient  (Schoenholz, backprop)
//   depth scales     ξ_q⁻¹ = -log(χ₁ + σ_w² ∫Dz φ''(√q* z) φ(√q* z))   (Schoenholz, depth scales)
//                    ξ_c⁻¹ = -log(σ_w² ∫Dz₁Dz₂ φ'(u₁)φ'(u₂)) at c*    (Schoenholz, depth scales)
// χ₁ < 1 is the ordered phase (c* = 1: inputs become alike, gradients vanish), χ₁ > 1 the
// chaotic one (c* < 1, gradients explode); χ₁ = 1 is the edge of chaos, where ξ_c diverges.
//
// ∫Dz is the standard Gaussian measure, integrated by half-range Gauss–Hermite quadrature
// (quadrature.hpp: why half-range); meanfield.cpp: the orders and their accuracy.
#pragma once
#include <optional>
#include <vector>

#include "activation.hpp"
#include "limits.hpp"
#include "quadrature.hpp"

namespace gl {

/// The rules of the Gaussian integrals (quadrature.hpp): half-normal for 1-D integrals,
/// Rayleigh (radius) × Gauss–Legendre (each of four arcs of angle) for 2-D ones. φ changes
/// over |u| ~ 1 while u = √q z, so the order grows with q: rung k serves q <= max_q[k]
/// (meanfield.cpp: the orders and their accuracy).
struct MeanFieldRules {
  std::vector<double> max_q;
  std::vector<GaussRule> line, radius, arc;
};
/// The default rules (refine = 1), or every order multiplied by `refine` (the tests compare).
MeanFieldRules mean_field_rules(double refine = 1);

/// The largest σ_w², σ_b² taken (the configuration's sigmaW2 and sigmaB2 fields are narrower;
/// limits.hpp holds the input variance's and the line's).
inline constexpr double kMaxVariance = 1e6;

/// The activation a mean-field computation is about: the network's φ with its parameters.
struct Phi {
  Act act = Act::tanh;
  ActParams params;
};

enum class Phase : uint8_t { ordered, critical, chaotic, unbounded };
inline constexpr const char* kPhaseNames[] = {"ordered", "critical", "chaotic", "unbounded"};

/// The mean-field quantities at one (σ_w², σ_b²). Empty optionals do not exist there: with
/// `unbounded` the variance grows without limit (an unbounded φ beyond its critical point,
/// e.g. relu at σ_w² > 2), so nothing is taken at a fixed point; c* (and ξ_c) are undefined when q* = 0 (the signal
/// vanishes, σ_b = 0 and φ(0) = 0). A depth scale is +∞ exactly at criticality.
struct MeanField {
  Phase phase = Phase::ordered;
  std::optional<double> q_star, chi1, c_star, xi_q, xi_c;
};

/// `input_variance` is E[x²] of the network's inputs: it only fixes the starting point of
/// the variance map, which matters where that map has more than one stable fixed point.
MeanField mean_field(const Phi& phi, double sigma_w2, double sigma_b2, double input_variance = 1);
/// The same with another quadrature rule (the tests compare orders).
MeanField mean_field(const Phi& phi, double sigma_w2, double sigma_b2, double input_variance,
                     const MeanFieldRules& rules);

/// E[φ(u₁)φ(u₂)] and E[φ'(u₁)φ'(u₂)] for u₁, u₂ ~ N(0, q), correlation c: the integrals of the
/// correlation map and of ξ_c, exposed so they can be checked against closed forms.
struct PairMoments {
  double phiphi, dd;
};
PairMoments pair_moments(const Phi& phi, double q, double c);

/// The critical σ_w² at this σ_b², searched over (0, max_sigma_w2]: where χ₁ crosses 1 with a
/// finite q*, or, for φ that grow linearly on both sides, the limit where q* → ∞ as χ₁ → 1
/// (relu: 2 for every σ_b²). Empty if there is none (sigmoid up to 100; gelu with little bias,
/// where the fixed point reached from q¹ jumps to an unbounded variance without χ₁ = 1).
std::optional<double> critical_sigma_w2(const Phi& phi, double sigma_b2, double input_variance = 1,
                                        double max_sigma_w2 = 100);

/// critical_sigma_w2 for each σ_b² (at most kMaxLinePoints of them).
std::vector<std::optional<double>> critical_line(const Phi& phi, const std::vector<double>& sigma_b2,
                                                 double input_variance = 1, double max_sigma_w2 = 100);

}  // namespace gl
