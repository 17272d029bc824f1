// Losses and the gradient they send back into the output layer's pre-activations z.
//
// Conventions (as PyTorch's defaults): MSE and binary cross-entropy are means over examples
// and outputs; softmax cross-entropy is a mean over examples. Cross-entropies are computed
// from the logits z, never from probabilities, so they stay finite for any z:
//   BCE(z, y)     = max(z, 0) - z y + log(1 + exp(-|z|)),       dL/dz = sigmoid(z) - y
//   softmax CE    = -sum_k y_k (z_k - max z - log sum_j exp(z_j - max z)),  dL/dz = p - y
#pragma once
#include <cmath>

#include "kinds.hpp"
#include "fastmath.hpp"
#include "simd.hpp"

namespace gl {

/// Softmax of n points' k outputs: output j of point p is Z[p * ps + j * us], written to A at the
/// same place (A may be Z). Batch-major rows are ps = row stride, us = 1 (padded lanes
/// untouched); the grids' unit-major rows are ps = 1, us = row stride. One set of scalar steps
/// for both layouts, so both give the same bits.
template <class T> void softmax(const T* Z, T* A, int n, int k, std::size_t ps, std::size_t us) {
  using M = MathOf<T>;
  for (int p = 0; p < n; ++p) {
    const T* z = Z + p * ps;
    T* a = A + p * ps;
    T m = z[0];
    for (int j = 1; j < k; ++j) m = z[j * us] > m ? z[j * us] : m;
    T s = 0;
    for (int j = 0; j < k; ++j) s += a[j * us] = M::exp(z[j * us] - m);
    for (int j = 0; j < k; ++j) a[j * us] /= s;
  }
}

/// Sum over the B rows of the per-example loss. Z holds the output pre-activations, A the
/// output activations (probabilities for softmax), D = f'(Z) (used by MSE), Y the targets;
/// rows have stride ks >= k. If G is not null it receives dL/dz for the mean loss over
/// `count` examples (count >= B when a pass is split in chunks); padded lanes of G are zeroed.
/// Without `want_loss` the cross-entropies skip their exp and log (their gradients need neither)
/// and add nothing to the sum; MSE, whose loss costs nothing extra, is summed anyway.
template <class T>
double loss_sum(LossKind loss, OutAct out, const T* Z, const T* A, const T* D, const T* Y, int B, int k, int ks, T* G,
                double count, bool want_loss = true) {
  using M = MathOf<T>;
  double total = 0;
  const T inv = static_cast<T>(1.0 / count);
  const bool bce = loss == LossKind::bce && out != OutAct::softmax;
  if (bce && G) {  // (a - y) / count / k, a vector at a time over the rows; padded lanes zero
    constexpr int L = lanes<T>;
    vec<T> lane{};
    for (int i = 0; i < L; ++i) lane[i] = static_cast<T>(i);
    const vec<T> scale = splat(inv), kk = splat(static_cast<T>(k));
    for (int b = 0; b < B; ++b)
      for (int j = 0; j < ks; j += L) {
        const std::size_t o = std::size_t(b) * ks + j;
        const vec<T> gj = (load(A + o) - load(Y + o)) * scale / kk;
        store(G + o, select(lane + static_cast<T>(j) < kk, gj, vec<T>{}));
      }
    if (!want_loss) return 0;
  }
  for (int b = 0; b < B; ++b) {
    const T* z = Z + b * ks;
    const T* a = A + b * ks;
    const T* d = D + b * ks;
    const T* y = Y + b * ks;
    T* g = G && !bce ? G + b * ks : nullptr;  // BCE's gradient is done
    if (g) for (int j = k; j < ks; ++j) g[j] = 0;
    if (out == OutAct::softmax && loss == LossKind::softmax_ce) {
      if (g) for (int j = 0; j < k; ++j) g[j] = (a[j] - y[j]) * inv;
      if (!want_loss) continue;
      T m = z[0];
      for (int j = 1; j < k; ++j) m = z[j] > m ? z[j] : m;
      T s = 0;
      for (int j = 0; j < k; ++j) s += M::exp(z[j] - m);
      const T log_s = M::log(s);  // s >= 1: the largest term is exp(0)
      T l = 0;
      for (int j = 0; j < k; ++j) l -= y[j] * (z[j] - m - log_s);
      total += l;
    } else if (out == OutAct::softmax) {  // MSE through the softmax Jacobian: dz_j = p_j (e_j - sum_i p_i e_i)
      T l = 0, dot = 0;
      const T scale = static_cast<T>(2.0 / k) * inv;
      for (int j = 0; j < k; ++j) {
        const T e = a[j] - y[j];
        l += e * e;
        dot += a[j] * e;
      }
      total += l / k;
      if (g) for (int j = 0; j < k; ++j) g[j] = a[j] * ((a[j] - y[j]) - dot) * scale;
    } else if (loss == LossKind::bce) {
      if (!want_loss) continue;  // (its gradient is done above)
      T l = 0;
      for (int j = 0; j < k; ++j) {
        const T zj = z[j];
        l += (zj > 0 ? zj : T(0)) - zj * y[j] + M::log1p01(M::exp(zj > 0 ? -zj : zj));
      }
      total += l / k;
    } else {  // MSE after the output activation
      T l = 0;
      const T scale = static_cast<T>(2.0 / k) * inv;
      for (int j = 0; j < k; ++j) {
        const T e = a[j] - y[j];
        l += e * e;
        if (g) g[j] = e * d[j] * scale;
      }
      total += l / k;
    }
  }
  return total;
}

}  // namespace gl
