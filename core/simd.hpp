// 128-bit vector types shared by every kernel.
//
// One source, three builds: GCC/Clang vector extensions compile to SSE natively,
// to v128 instructions in the wasm SIMD build (-msimd128) and to plain scalar code
// in the wasm scalar build. Every operation used here is lane-wise IEEE arithmetic
// (the one horizontal sum, hsum, adds the lanes in a fixed order; no FMA contraction: the
// build passes -ffp-contract=off), so all three builds produce bit-identical results.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <cmath>
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE__)
#include <xmmintrin.h>
#endif

namespace gl {

/// Elements per vector for T (4 floats or 2 doubles), and the padding unit for layer widths.
inline constexpr int kPad = 4;
inline constexpr int padded(int n) { return (n + kPad - 1) / kPad * kPad; }

template <class T> struct VecOf;
template <> struct VecOf<float> {
  typedef float type __attribute__((vector_size(16)));
  typedef int32_t mask __attribute__((vector_size(16)));
};
template <> struct VecOf<double> {
  typedef double type __attribute__((vector_size(16)));
  typedef int64_t mask __attribute__((vector_size(16)));
};
template <class T> using vec = typename VecOf<T>::type;
template <class T> using vmask = typename VecOf<T>::mask;
template <class T> inline constexpr int lanes = 16 / sizeof(T);

template <class T> inline vec<T> load(const T* p) {
#if defined(__wasm_simd128__)
  if constexpr (sizeof(T) == 4) return (vec<T>)wasm_v128_load(p);
#endif
  vec<T> v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
template <class T> inline void store(T* p, vec<T> v) {
#if defined(__wasm_simd128__)
  if constexpr (sizeof(T) == 4) { wasm_v128_store(p, (v128_t)v); return; }
#endif
  std::memcpy(p, &v, sizeof v);
}
template <class T> inline vec<T> splat(T x) {
#if defined(__wasm_simd128__)
  if constexpr (sizeof(T) == 4) return (vec<T>)wasm_f32x4_splat(x);
#endif
  if constexpr (sizeof(T) == 4) return vec<T>{x, x, x, x};  // a broadcast (not 0 + x: -0 would turn +0)
  else return vec<T>{x, x};
}

// Lane-wise helpers with one meaning everywhere. `select` is a bitwise blend, so the
// NaN/sign behaviour is the same on every target (unlike min/max instructions).
template <class V, class M> inline V select(M m, V a, V b) { return m ? a : b; }
inline float select(bool m, float a, float b) { return m ? a : b; }
inline double select(bool m, double a, double b) { return m ? a : b; }
// min/max return `a` when it is NaN, so a blown-up value is never masked. These are wasm's
// pmin/pmax exactly, which V8 compiles to one instruction (f32x4.min/max, with IEEE NaN and
// signed-zero rules, take several), so the SIMD build names them.
template <class V> inline V vmin(V a, V b) { return select(a > b, b, a); }
template <class V> inline V vmax(V a, V b) { return select(a < b, b, a); }
template <class V> inline V vabs(V a) { return select(a < V{}, -a, a); }
#if defined(__wasm_simd128__)
inline vec<float> vmin(vec<float> a, vec<float> b) { return (vec<float>)wasm_f32x4_pmin((v128_t)a, (v128_t)b); }
inline vec<float> vmax(vec<float> a, vec<float> b) { return (vec<float>)wasm_f32x4_pmax((v128_t)a, (v128_t)b); }
#endif
/// |a| by clearing the sign bit: one instruction, and NaN stays NaN.
inline vec<float> vabs(vec<float> a) { return (vec<float>)((vmask<float>)a & 0x7fffffff); }

/// Lane-wise square root (IEEE-exact everywhere, so every build agrees).
inline vec<float> vsqrt(vec<float> v) {
#if defined(__wasm_simd128__)
  return (vec<float>)wasm_f32x4_sqrt((v128_t)v);
#elif defined(__SSE__)
  return (vec<float>)_mm_sqrt_ps((__m128)v);
#else
  for (int i = 0; i < 4; ++i) v[i] = std::sqrt(v[i]);
  return v;
#endif
}

/// 4 x 4 transpose of rows r0..r3 into columns c0..c3 (pure data movement).
inline void transpose4(vec<float> r0, vec<float> r1, vec<float> r2, vec<float> r3, vec<float>* c) {
  const vec<float> t0 = __builtin_shufflevector(r0, r1, 0, 4, 1, 5), t1 = __builtin_shufflevector(r0, r1, 2, 6, 3, 7);
  const vec<float> t2 = __builtin_shufflevector(r2, r3, 0, 4, 1, 5), t3 = __builtin_shufflevector(r2, r3, 2, 6, 3, 7);
  c[0] = __builtin_shufflevector(t0, t2, 0, 1, 4, 5);
  c[1] = __builtin_shufflevector(t0, t2, 2, 3, 6, 7);
  c[2] = __builtin_shufflevector(t1, t3, 0, 1, 4, 5);
  c[3] = __builtin_shufflevector(t1, t3, 2, 3, 6, 7);
}

/// Sum of the lanes in one fixed order: (v0 + v1) + (v2 + v3).
inline float hsum(vec<float> v) { return (v[0] + v[1]) + (v[2] + v[3]); }

}  // namespace gl
