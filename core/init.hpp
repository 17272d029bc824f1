// Weight initialisers. Each draws a layer's weights in PyTorch's order (row j = unit j,
// column i = input i) from the init stream, so a run is a pure function of the seed.
//   standard        U[-1/sqrt(n_in), 1/sqrt(n_in)]          Glorot & Bengio 2010, eq. (1)
//   xavier_uniform  U[-sqrt(6/(n_in+n_out)), +...]          Glorot & Bengio 2010, eq. (16)
//   xavier_normal   N(0, 2/(n_in+n_out))
//   he_uniform      U[-sqrt(6/n_in), +...]                  He et al. 2015, sec. 2.2 (Var = 2/n_in)
//   he_normal       N(0, 2/n_in)
//   lecun_uniform   U[-sqrt(3/n_in), +...]                  LeCun et al. 1998 (Var = 1/n_in)
//   lecun_normal    N(0, 1/n_in)                            used by SELU (Klambauer et al. 2017)
//   orthogonal      Q of a Gaussian matrix's QR, signs fixed by diag(R)   Saxe et al. 2014
//   signal_propagation  N(0, σ_w²/n_in), biases N(0, σ_b²)    Poole et al. 2016 (meanfield.hpp)
// `gain` multiplies every weight (but signal_propagation's, which σ_w² already scales); `scale`
// is the half-width, sigma or value of the uniform, normal and constant initialisers and σ_w²
// of signal_propagation.
#pragma once
#include <Eigen/Dense>
#include <cmath>
#include <vector>

#include "kinds.hpp"
#include "rng.hpp"

namespace gl {

/// Returns out x in weights, row-major (w[j * in + i] connects input i to unit j).
inline std::vector<double> init_weights(InitKind kind, int in, int out, double gain, double scale, Rng& rng) {
  std::vector<double> w(std::size_t(in) * out);
  const double fan_in = in, fan_avg = (in + out) / 2.0;
  auto uniform = [&](double a) { for (auto& x : w) x = rng.uniform(-a, a); };
  auto normal = [&](double sd) { for (auto& x : w) x = sd * rng.normal(); };
  switch (kind) {
    case InitKind::zeros: break;
    case InitKind::constant: for (auto& x : w) x = scale; break;
    case InitKind::uniform: uniform(scale); break;
    case InitKind::normal: normal(scale); break;
    case InitKind::standard: uniform(1 / std::sqrt(fan_in)); break;
    case InitKind::xavier_uniform: uniform(std::sqrt(3 / fan_avg)); break;
    case InitKind::xavier_normal: normal(std::sqrt(1 / fan_avg)); break;
    case InitKind::he_uniform: uniform(std::sqrt(6 / fan_in)); break;
    case InitKind::he_normal: normal(std::sqrt(2 / fan_in)); break;
    case InitKind::lecun_uniform: uniform(std::sqrt(3 / fan_in)); break;
    case InitKind::lecun_normal: normal(std::sqrt(1 / fan_in)); break;
    case InitKind::orthogonal: {
      // QR of the taller orientation; Q's columns are orthonormal. Multiplying by
      // sign(diag R) makes the distribution uniform over orthogonal matrices (Mezzadri 2007).
      const int rows = std::max(in, out), cols = std::min(in, out);
      Eigen::MatrixXd g(rows, cols);
      for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) g(r, c) = rng.normal();
      Eigen::HouseholderQR<Eigen::MatrixXd> qr(g);
      Eigen::MatrixXd q = qr.householderQ() * Eigen::MatrixXd::Identity(rows, cols);
      for (int c = 0; c < cols; ++c)
        if (qr.matrixQR()(c, c) < 0) q.col(c) *= -1;
      for (int j = 0; j < out; ++j)
        for (int i = 0; i < in; ++i) w[std::size_t(j) * in + i] = out >= in ? q(j, i) : q(i, j);
      break;
    }
    case InitKind::signal_propagation: normal(std::sqrt(scale / fan_in)); return w;
  }
  for (auto& x : w) x *= gain;
  return w;
}

/// A layer's initial biases: `bias` for every initialiser but signal_propagation, whose biases
/// are drawn N(0, σ_b²) from the init stream after the layer's weights.
inline std::vector<double> init_biases(InitKind kind, int out, double bias, double sigma_b2, Rng& rng) {
  std::vector<double> b(out, bias);
  if (kind == InitKind::signal_propagation)
    for (auto& x : b) x = std::sqrt(sigma_b2) * rng.normal();
  return b;
}

}  // namespace gl
