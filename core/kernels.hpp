// Dense-layer kernels: forward, weight gradient, back-propagation.
//
// Layout (batch-major, widths padded to a multiple of kPad with zeros):
//   A  [B x in_s]   inputs of the layer, one example per row
//   Wt [in x out_s] weights, row i = the weights leaving input i  (W transposed)
//   W  [out x in_s] the same weights, row j = the weights entering unit j
//   Z  [B x out_s]  pre-activations
// All three are the same product, C[r, :] = init + sum_k X(r, k) Y[k, :], computed as
// row axpys: each output element is one sum taken in the fixed order k = 0 .. K-1, whatever
// the vector width, so the wasm-SIMD, wasm-scalar and native builds give bit-identical
// results (no horizontal reductions). Small blocks of C are held in registers (see gemm()).
#pragma once
#include <cstddef>

#include "simd.hpp"

namespace gl {
namespace detail {

// One R x NV block of C. X(r, k) is X[r * xs + k], or X[k * xs + r] when TransX.
// init(r, j) gives the starting vector of row r at column j; fin(v, r, j) post-processes it.
template <class T, int R, int NV, bool TransX, class Init, class Fin>
inline void gemm_block(int r0, int j, int K, const T* X, int xs, const T* Y, int ys, T* C, int cs, const Init& init,
                       const Fin& fin) {
  constexpr int L = lanes<T>;
  vec<T> acc[R][NV];
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < NV; ++v) acc[r][v] = init(r0 + r, j + v * L);
  for (int k = 0; k < K; ++k) {
    vec<T> y[NV];
    const T* yk = Y + std::size_t(k) * ys + j;
    for (int v = 0; v < NV; ++v) y[v] = load(yk + v * L);
    for (int r = 0; r < R; ++r) {
      const vec<T> s = splat(TransX ? X[std::size_t(k) * xs + r0 + r] : X[std::size_t(r0 + r) * xs + k]);
      for (int v = 0; v < NV; ++v) acc[r][v] = acc[r][v] + s * y[v];
    }
  }
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < NV; ++v) store(C + std::size_t(r0 + r) * cs + j + v * L, fin(acc[r][v], r0 + r, j + v * L));
}

// All rows of one column block: blocks of R rows, then the remaining rows one at a time.
template <class T, int R, int NV, bool TransX, class Init, class Fin>
inline void gemm_cols(int rows, int j, int K, const T* X, int xs, const T* Y, int ys, T* C, int cs, const Init& init,
                      const Fin& fin) {
  int r = 0;
  for (; r + R <= rows; r += R) gemm_block<T, R, NV, TransX>(r, j, K, X, xs, Y, ys, C, cs, init, fin);
  for (; r < rows; ++r) gemm_block<T, 1, NV, TransX>(r, j, K, X, xs, Y, ys, C, cs, init, fin);
}

/// C[r, 0:width) = fin(init(r, .) + sum_k X(r, k) Y[k, .]) for r < rows; width a multiple of kPad.
/// Register blocks of 2 rows x 4 vectors (8 accumulators, 4 operands, 1 broadcast): measured
/// on this project's 20 x 64 layers against 4 x 2, 3 x 3, 4 x 3, 6 x 2 and 3 x 4, it was the
/// fastest both natively (SSE) and under V8 (which keeps one of the 16 vector registers as
/// scratch, so 12 accumulators spill), since it needs the fewest broadcasts per product.
/// Narrow remainders (1-2 vectors, e.g. 8-unit layers) take 4 rows per block instead.
template <class T, bool TransX, class Init, class Fin>
void gemm(int rows, int width, int K, const T* X, int xs, const T* Y, int ys, T* C, int cs, const Init& init, const Fin& fin) {
  constexpr int L = lanes<T>;
  int j = 0;
  for (; j + 4 * L <= width; j += 4 * L) gemm_cols<T, 2, 4, TransX>(rows, j, K, X, xs, Y, ys, C, cs, init, fin);
  switch ((width - j) / L) {
    case 3: gemm_cols<T, 2, 3, TransX>(rows, j, K, X, xs, Y, ys, C, cs, init, fin); break;
    case 2: gemm_cols<T, 4, 2, TransX>(rows, j, K, X, xs, Y, ys, C, cs, init, fin); break;
    case 1: gemm_cols<T, 4, 1, TransX>(rows, j, K, X, xs, Y, ys, C, cs, init, fin); break;
    default: break;
  }
}

template <class T> struct Identity {
  vec<T> operator()(vec<T> v, int, int) const { return v; }
};

}  // namespace detail

/// Z[b,:] = bias + sum_i A[b,i] Wt[i,:], summed in order i = 0 .. in-1.
template <class T>
void dense_forward(const T* A, int B, int in, int in_s, const T* Wt, const T* bias, int out_s, T* Z) {
  detail::gemm<T, false>(B, out_s, in, A, in_s, Wt, out_s, Z, out_s, [bias](int, int j) { return load(bias + j); },
                         detail::Identity<T>{});
}

/// The forward product with units as rows (unit-major, as grids are laid out): for each unit
/// j < out, Z[j, 0:width) = bias[j] + sum_i W[j,i] X[i, 0:width), summed in order i = 0 .. in-1
/// (width a multiple of kPad). Each value is the same sum of the same products as
/// dense_forward's, so both layouts give the same bits; with many points per unit no lane is
/// padding, where batch-major rows of a 1- or 2-unit layer are mostly padding.
template <class T>
void dense_forward_units(const T* X, int xs, int width, int in, const T* W, int ws, const T* bias, int out, T* Z, int zs) {
  detail::gemm<T, false>(out, width, in, W, ws, X, xs, Z, zs, [bias](int j, int) { return splat(bias[j]); },
                         detail::Identity<T>{});
}

/// gWt[i,:] (=|+=) sum_b A[b,i] dZ[b,:] and gb (=|+=) sum_b dZ[b,:], summed in order b = 0 .. B-1.
/// `accumulate` adds to the existing gradient (chunked full-batch passes); otherwise it overwrites.
template <class T>
void dense_grad(const T* A, const T* dZ, int B, int in, int in_s, int out_s, T* gWt, T* gb, bool accumulate) {
  if (accumulate)
    detail::gemm<T, true>(in, out_s, B, A, in_s, dZ, out_s, gWt, out_s,
                          [gWt, out_s](int i, int j) { return load(gWt + std::size_t(i) * out_s + j); }, detail::Identity<T>{});
  else
    detail::gemm<T, true>(in, out_s, B, A, in_s, dZ, out_s, gWt, out_s, [](int, int) { return vec<T>{}; },
                          detail::Identity<T>{});
  for (int j = 0; j < out_s; j += lanes<T>) {
    vec<T> s = accumulate ? load(gb + j) : vec<T>{};
    for (int b = 0; b < B; ++b) s = s + load(dZ + std::size_t(b) * out_s + j);
    store(gb + j, s);
  }
}

/// dZprev[b,:] = (sum_j dZ[b,j] W[j,:]) * Dprev[b,:]: back-propagation through the weights and
/// the previous layer's activation derivative (Dprev = f'(Zprev)), summed in order j = 0 .. out-1.
template <class T>
void dense_backprop(const T* dZ, int B, int out, int out_s, const T* W, int in_s, const T* Dprev, T* dZprev) {
  detail::gemm<T, false>(
      B, in_s, out, dZ, out_s, W, in_s, dZprev, in_s, [](int, int) { return vec<T>{}; },
      [Dprev, in_s](vec<T> v, int b, int i) { return v * load(Dprev + std::size_t(b) * in_s + i); });
}

}  // namespace gl
