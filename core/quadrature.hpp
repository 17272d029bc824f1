// Gauss quadrature rules for the Gaussian integrals of the mean-field theory (meanfield.cpp).
//
// Every activation of the engine is analytic except at u = 0 (relu, leaky_relu, elu, selu
// have a kink or a jump in φ' there), and tanh-like ones change over |u| ~ 1 whatever the
// variance q of u. A Gauss–Hermite rule over the whole line converges only algebraically for
// such integrands (measured: elu's χ₁ at σ_w² = 1.5 is 6e-3 off with 96 nodes and 3e-3 with
// 200; tanh's at q* ≈ 21 is 18% off with 96 and 2.5% with 200). Splitting at 0 restores
// spectral convergence: E f(z) = ½ E[f(r) + f(-r)] with r = |z| half-normal, each branch
// analytic on [0, ∞), integrated by the Gauss rule of r's own density (half-range
// Gauss–Hermite), whose nodes also cluster towards the kink. In 2-D the same holds in polar
// coordinates: kinks lie on rays through the origin, the radius is Rayleigh-distributed. Both
// radii follow the χ distribution (1 and 2 degrees of freedom).
#pragma once
#include <vector>

namespace gl {

/// Nodes and weights: ∫ f dμ ≈ Σ weights[i] f(nodes[i]), nodes ascending.
struct GaussRule {
  std::vector<double> nodes, weights;
};

/// Gauss–Legendre on [-1, 1] (weights sum to 2).
GaussRule gauss_legendre(int n);

/// The n-point Gauss rule of the χ distribution with `dof` degrees of freedom (density
/// ∝ r^(dof-1) e^(-r²/2) on [0, ∞): the length of a standard normal vector in dof dimensions),
/// weights summing to 1. Exact for polynomials in r of degree < 2n. n in [1, 192], dof 1 or 2.
GaussRule chi_rule(int n, int dof);

}  // namespace gl
