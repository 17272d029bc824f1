// Dense-layer kernels: forward, weight gradient, back-propagation.
//
// Layout (batch-major, widths padded to a multiple of kPad with zeros):
//   A  [B x in_s]   inputs of the layer, one example per row
//   Wt [in x out_s] weights, row i = the weights leaving input i  (W transposed)
//   W  [out x in_s] the same weights, row j = the weights entering unit j
//   Z  [B x out_s]  pre-activations
// Every kernel is an "axpy" over a contiguous row (row += scalar * row), so each output
// element is a sum taken in one fixed order, whatever the vector width: the wasm-SIMD,
// wasm-scalar and native builds give bit-identical results (no horizontal reductions).
// Rows are processed in blocks of up to four vectors held in registers.
#pragma once
#include <cstddef>
#include <type_traits>

#include "simd.hpp"

namespace gl {
namespace detail {

// acc[0..NV) over columns [j, j + NV*L) of one output row.
template <class T, int NV> struct Acc {
  vec<T> v[NV];
  void load_from(const T* p) { for (int k = 0; k < NV; ++k) v[k] = load(p + k * lanes<T>); }
  void zero() { for (int k = 0; k < NV; ++k) v[k] = vec<T>{}; }
  void axpy(T s, const T* p) {
    const vec<T> sv = splat(s);
    for (int k = 0; k < NV; ++k) v[k] = v[k] + sv * load(p + k * lanes<T>);
  }
  void add(const T* p) { for (int k = 0; k < NV; ++k) v[k] = v[k] + load(p + k * lanes<T>); }
  void mul(const T* p) { for (int k = 0; k < NV; ++k) v[k] = v[k] * load(p + k * lanes<T>); }
  void store_to(T* p) const { for (int k = 0; k < NV; ++k) store(p + k * lanes<T>, v[k]); }
};

// Calls f(integral NV, column offset) over the padded width in blocks of up to 4 vectors.
template <class T, class F> inline void for_blocks(int width_s, F&& f) {
  constexpr int L = lanes<T>, blk = 4 * L;
  int j = 0;
  for (; j + blk <= width_s; j += blk) f(std::integral_constant<int, 4>{}, j);
  switch ((width_s - j) / L) {
    case 3: f(std::integral_constant<int, 3>{}, j); break;
    case 2: f(std::integral_constant<int, 2>{}, j); break;
    case 1: f(std::integral_constant<int, 1>{}, j); break;
    default: break;
  }
}

}  // namespace detail

/// Z[b,:] = bias + sum_i A[b,i] Wt[i,:], summed in order i = 0 .. in-1.
template <class T>
void dense_forward(const T* A, int B, int in, int in_s, const T* Wt, const T* bias, int out_s, T* Z) {
  detail::for_blocks<T>(out_s, [&](auto nv, int j) {
    constexpr int NV = decltype(nv)::value;
    for (int b = 0; b < B; ++b) {
      const T* a = A + std::size_t(b) * in_s;
      detail::Acc<T, NV> acc;
      acc.load_from(bias + j);
      for (int i = 0; i < in; ++i) acc.axpy(a[i], Wt + std::size_t(i) * out_s + j);
      acc.store_to(Z + std::size_t(b) * out_s + j);
    }
  });
}

/// gWt[i,:] (=|+=) sum_b A[b,i] dZ[b,:] and gb (=|+=) sum_b dZ[b,:], summed in order b = 0 .. B-1.
/// `accumulate` adds to the existing gradient (chunked full-batch passes); otherwise it overwrites.
template <class T>
void dense_grad(const T* A, const T* dZ, int B, int in, int in_s, int out_s, T* gWt, T* gb, bool accumulate) {
  detail::for_blocks<T>(out_s, [&](auto nv, int j) {
    constexpr int NV = decltype(nv)::value;
    for (int i = 0; i < in; ++i) {
      T* g = gWt + std::size_t(i) * out_s + j;
      detail::Acc<T, NV> acc;
      if (accumulate) acc.load_from(g); else acc.zero();
      for (int b = 0; b < B; ++b) acc.axpy(A[std::size_t(b) * in_s + i], dZ + std::size_t(b) * out_s + j);
      acc.store_to(g);
    }
    detail::Acc<T, NV> acc;
    if (accumulate) acc.load_from(gb + j); else acc.zero();
    for (int b = 0; b < B; ++b) acc.add(dZ + std::size_t(b) * out_s + j);
    acc.store_to(gb + j);
  });
}

/// dZprev[b,:] = (sum_j dZ[b,j] W[j,:]) * Dprev[b,:]: back-propagation through the weights and
/// the previous layer's activation derivative (Dprev = f'(Zprev)), summed in order j = 0 .. out-1.
template <class T>
void dense_backprop(const T* dZ, int B, int out, int out_s, const T* W, int in_s, const T* Dprev, T* dZprev) {
  detail::for_blocks<T>(in_s, [&](auto nv, int i) {
    constexpr int NV = decltype(nv)::value;
    for (int b = 0; b < B; ++b) {
      const T* dz = dZ + std::size_t(b) * out_s;
      detail::Acc<T, NV> acc;
      acc.zero();
      for (int j = 0; j < out; ++j) acc.axpy(dz[j], W + std::size_t(j) * in_s + i);
      acc.mul(Dprev + std::size_t(b) * in_s + i);
      acc.store_to(dZprev + std::size_t(b) * in_s + i);
    }
  });
}

}  // namespace gl
