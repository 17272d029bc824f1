// An independent double-precision reference for the pinned instrument tests: a small MLP
// (tanh / relu / leaky / sigmoid / linear units, a linear output, mean squared error) written
// from the textbook formulas, sharing no code with the engine. Weights are kept in the
// engine's export layout (per layer W out x in row-major, then b) so a test can hand the same
// numbers to Session::import_weights and to this reference.
#pragma once
#include <cmath>
#include <string>
#include <vector>

#include "session.hpp"

namespace pin {

struct Layer {
  int in = 0, out = 0;
  std::string act;              // "tanh", "relu", "leaky_relu", "sigmoid", "linear"
  std::vector<double> W, b;     // W[j * in + i] connects input i to unit j
};

inline double f(const std::string& act, double z) {
  if (act == "tanh") return std::tanh(z);
  if (act == "relu") return z > 0 ? z : 0;
  if (act == "leaky_relu") return z > 0 ? z : 0.01 * z;
  if (act == "sigmoid") return 1 / (1 + std::exp(-z));
  return z;
}

inline double df(const std::string& act, double z) {
  if (act == "tanh") return 1 - std::tanh(z) * std::tanh(z);
  if (act == "relu") return z > 0 ? 1 : 0;
  if (act == "leaky_relu") return z > 0 ? 1 : 0.01;
  if (act == "sigmoid") return f("sigmoid", z) * (1 - f("sigmoid", z));
  return 1;
}

/// Everything the instruments report, computed by hand for N examples.
struct Result {
  double loss = 0;                       // mean over examples of the per-example squared error (1 output)
  std::vector<double> grad_z_rms;        // per layer: rms over examples x units of dl_n/dz (per example)
  std::vector<double> grad_w_norm, grad_b_norm;  // per layer: norms of dL/dW, dL/db of the mean loss
  std::vector<std::vector<double>> gW, gb;       // the gradients themselves, in the export layout
  double grad_norm = 0;                  // sqrt of the sum of every squared gradient entry
  std::vector<std::vector<double>> z, a, dz;     // per layer, example-major: z, f(z), dl_n/dz
  std::vector<double> out;                       // the network output per example
};

/// Forward and backward over examples x (N x inputs, row-major) with targets y (N), MSE with
/// one linear output: l_n = (a_n - y_n)^2, L = mean l_n, dl_n/dz_out = 2 (a_n - y_n).
inline Result run(const std::vector<Layer>& net, const std::vector<double>& x, const std::vector<double>& y) {
  const int N = static_cast<int>(y.size()), depth = static_cast<int>(net.size());
  Result r;
  r.grad_z_rms.assign(depth, 0);
  r.grad_w_norm.assign(depth, 0);
  r.grad_b_norm.assign(depth, 0);
  for (const auto& L : net) {
    r.gW.emplace_back(L.W.size(), 0.0);
    r.gb.emplace_back(L.b.size(), 0.0);
  }
  std::vector<double> sum_g2(depth, 0);
  r.z.resize(depth), r.a.resize(depth), r.dz.resize(depth);
  for (int n = 0; n < N; ++n) {
    std::vector<std::vector<double>> a(depth + 1), z(depth);
    a[0].assign(x.begin() + std::size_t(n) * net[0].in, x.begin() + std::size_t(n + 1) * net[0].in);
    for (int l = 0; l < depth; ++l) {
      const Layer& L = net[l];
      z[l].assign(L.out, 0);
      a[l + 1].assign(L.out, 0);
      for (int j = 0; j < L.out; ++j) {
        double s = L.b[j];
        for (int i = 0; i < L.in; ++i) s += L.W[std::size_t(j) * L.in + i] * a[l][i];
        z[l][j] = s;
        a[l + 1][j] = f(L.act, s);
      }
    }
    for (int l = 0; l < depth; ++l) {
      r.z[l].insert(r.z[l].end(), z[l].begin(), z[l].end());
      r.a[l].insert(r.a[l].end(), a[l + 1].begin(), a[l + 1].end());
    }
    r.out.push_back(a[depth][0]);
    const double e = a[depth][0] - y[n];
    r.loss += e * e / N;
    std::vector<double> delta = {2 * e * df(net[depth - 1].act, z[depth - 1][0])};  // dl_n/dz of the output
    for (int l = depth - 1; l >= 0; --l) {
      const Layer& L = net[l];
      for (int j = 0; j < L.out; ++j) {
        r.dz[l].push_back(delta[j]);
        sum_g2[l] += delta[j] * delta[j];
        r.gb[l][j] += delta[j] / N;
        for (int i = 0; i < L.in; ++i) r.gW[l][std::size_t(j) * L.in + i] += delta[j] * a[l][i] / N;
      }
      if (l == 0) break;
      std::vector<double> below(L.in, 0);
      for (int i = 0; i < L.in; ++i) {
        for (int j = 0; j < L.out; ++j) below[i] += L.W[std::size_t(j) * L.in + i] * delta[j];
        below[i] *= df(net[l - 1].act, z[l - 1][i]);
      }
      delta = below;
    }
  }
  double all = 0;
  for (int l = 0; l < depth; ++l) {
    r.grad_z_rms[l] = std::sqrt(sum_g2[l] / (double(N) * net[l].out));
    double w2 = 0, b2 = 0;
    for (double g : r.gW[l]) w2 += g * g;
    for (double g : r.gb[l]) b2 += g * g;
    r.grad_w_norm[l] = std::sqrt(w2);
    r.grad_b_norm[l] = std::sqrt(b2);
    all += w2 + b2;
  }
  r.grad_norm = std::sqrt(all);
  return r;
}

/// The flat parameter vector Session::import_weights takes, rounded to float; the reference
/// then uses the same rounded values, so both compute the function of identical parameters.
inline std::vector<float> flat(std::vector<Layer>& net) {
  std::vector<float> w;
  for (auto& L : net) {
    for (auto& v : L.W) v = double(float(v)), w.push_back(float(v));
    for (auto& v : L.b) v = double(float(v)), w.push_back(float(v));
  }
  return w;
}

/// Regression user data (one target column), rounded to float like the engine's copy.
inline gl::UserData regression_data(int inputs, std::vector<double>& x, std::vector<double>& y) {
  gl::UserData u;
  u.shape = {static_cast<int>(y.size()), inputs, 1, false, 0};
  for (auto& v : x) v = double(float(v)), u.inputs.push_back(float(v));
  for (auto& v : y) v = double(float(v)), u.targets.push_back(float(v));
  return u;
}

/// |got - want| <= rel |want|: a relative tolerance (doctest's Approx adds an absolute 1 * eps).
inline bool rel_close(double got, double want, double rel) { return std::fabs(got - want) <= rel * std::fabs(want); }

}  // namespace pin
