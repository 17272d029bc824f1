#include "quadrature.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace gl {
namespace {

/// Golub & Welsch 1969: the Gauss nodes of a measure are the eigenvalues of its Jacobi matrix
/// (diagonal a_k, off-diagonal b_k = √β_k of the three-term recurrence). Each node is then
/// polished by Newton steps on the orthonormal p_n and weighted by the Christoffel number
/// μ₀ / Σ_{k<n} p_k(x)², which is accurate to a few ulp even where the weight is tiny (the
/// eigenvectors' first components are accurate only in absolute terms).
/// Orthonormal recurrence: b_{k+1} p_{k+1} = (x - a_k) p_k - b_k p_{k-1}, p_0 = 1.
GaussRule golub_welsch(const std::vector<double>& a, const std::vector<double>& b, double mu0) {
  const int n = int(a.size());
  Eigen::VectorXd diag(n), sub(std::max(n - 1, 0));
  for (int k = 0; k < n; ++k) diag[k] = a[k];
  for (int k = 1; k < n; ++k) sub[k - 1] = b[k];
  GaussRule r;
  if (n == 1) {
    r.nodes = {a[0]};
  } else {
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig;
    eig.computeFromTridiagonal(diag, sub, Eigen::EigenvaluesOnly);
    r.nodes.assign(eig.eigenvalues().data(), eig.eigenvalues().data() + n);
  }
  std::sort(r.nodes.begin(), r.nodes.end());
  r.weights.resize(n);
  for (int i = 0; i < n; ++i) {
    double x = r.nodes[i], sum = 1;
    for (int pass = 0; pass < 3; ++pass) {
      // p_n and p_n' by the recurrence (and its derivative), Σ p_k² on the way.
      double p0 = 0, p1 = 1, d0 = 0, d1 = 0;
      sum = 1;
      for (int k = 0; k < n; ++k) {
        const double next = k + 1 < n ? b[k + 1] : 1.0;  // p_n's scale does not move its root
        const double p2 = ((x - a[k]) * p1 - b[k] * p0) / next;
        const double d2 = (p1 + (x - a[k]) * d1 - b[k] * d0) / next;
        p0 = p1, p1 = p2, d0 = d1, d1 = d2;
        if (k + 1 < n) sum += p1 * p1;
      }
      if (pass < 2 && d1 != 0) x -= p1 / d1;
    }
    r.nodes[i] = x;
    r.weights[i] = mu0 / sum;
  }
  return r;
}

}  // namespace

GaussRule gauss_legendre(int n) {
  if (n < 1 || n > 256) throw std::invalid_argument("gauss_legendre: order must be 1 to 256");
  // Legendre: a_k = 0, β_k = k² / (4k² - 1), μ₀ = 2.
  std::vector<double> a(n, 0.0), b(n, 0.0);
  for (int k = 1; k < n; ++k) b[k] = k / std::sqrt(4.0 * k * k - 1);
  GaussRule r = golub_welsch(a, b, 2);
  for (int i = 0; i < n / 2; ++i) {  // exact symmetry
    const double x = 0.5 * (r.nodes[n - 1 - i] - r.nodes[i]), w = 0.5 * (r.weights[i] + r.weights[n - 1 - i]);
    r.nodes[i] = -x, r.nodes[n - 1 - i] = x;
    r.weights[i] = r.weights[n - 1 - i] = w;
  }
  if (n % 2) r.nodes[n / 2] = 0;
  return r;
}

namespace {

/// The first kMaxChiOrder recurrence coefficients of the χ distribution with `dof` degrees of
/// freedom. They have no closed form; they come from the discretised Stieltjes procedure
/// (Gautschi 2004, "Orthogonal Polynomials: Computation and Approximation", sec. 2.2.3) on a
/// fine discrete measure: 20-point Gauss–Legendre on each of 160 panels of width 1/4 over
/// [0, 40]. It integrates p_k² × density for k < 192 (p_k oscillates on a scale >= 0.1 there)
/// to rounding level and misses only e^(-800) of the mass beyond 40.
struct Recurrence {
  std::vector<double> a, b;
};
constexpr int kMaxChiOrder = 192;

Recurrence chi_recurrence(int dof) {
  const GaussRule panel = gauss_legendre(20);
  constexpr int kPanels = 160;
  constexpr double kWidth = 0.25;
  std::vector<double> x, w;
  x.reserve(kPanels * panel.nodes.size());
  w.reserve(x.capacity());
  double mass = 0;
  for (int p = 0; p < kPanels; ++p)
    for (std::size_t i = 0; i < panel.nodes.size(); ++i) {
      const double r = kWidth * (p + 0.5 * (panel.nodes[i] + 1));
      const double d = (dof == 2 ? r : 1.0) * std::exp(-0.5 * r * r);
      x.push_back(r);
      w.push_back(0.5 * kWidth * panel.weights[i] * d);
      mass += w.back();
    }
  for (auto& v : w) v /= mass;
  // Stieltjes with normalised polynomials (the monic ones overflow at r = 40, degree 192):
  // a_k = <x p_k, p_k>, b_{k+1} = ||(x - a_k) p_k - b_k p_{k-1}||.
  const std::size_t m = x.size();
  std::vector<double> prev(m, 0.0), cur(m, 1.0), next(m);
  Recurrence r{std::vector<double>(kMaxChiOrder), std::vector<double>(kMaxChiOrder, 0.0)};
  for (int k = 0; k < kMaxChiOrder; ++k) {
    double s = 0;
    for (std::size_t i = 0; i < m; ++i) s += w[i] * x[i] * cur[i] * cur[i];
    r.a[k] = s;
    if (k + 1 == kMaxChiOrder) break;
    double norm = 0;
    for (std::size_t i = 0; i < m; ++i) {
      next[i] = (x[i] - r.a[k]) * cur[i] - r.b[k] * prev[i];
      norm += w[i] * next[i] * next[i];
    }
    r.b[k + 1] = std::sqrt(norm);
    const double inv = 1 / r.b[k + 1];
    prev.swap(cur);
    for (std::size_t i = 0; i < m; ++i) cur[i] = next[i] * inv;
  }
  return r;
}

}  // namespace

GaussRule chi_rule(int n, int dof) {
  if (n < 1 || n > kMaxChiOrder) throw std::invalid_argument("chi_rule: order must be 1 to 192");
  if (dof != 1 && dof != 2) throw std::invalid_argument("chi_rule: degrees of freedom must be 1 or 2");
  // The coefficients do not depend on n: computed once per distribution, each rule uses the
  // leading n x n block of the Jacobi matrix.
  static const Recurrence half_normal = chi_recurrence(1), rayleigh = chi_recurrence(2);
  const Recurrence& r = dof == 1 ? half_normal : rayleigh;
  return golub_welsch(std::vector<double>(r.a.begin(), r.a.begin() + n), std::vector<double>(r.b.begin(), r.b.begin() + n), 1);
}

}  // namespace gl
