// The project's one random number generator: PCG32 (O'Neill 2014, "PCG: A family of simple
// fast space-efficient statistically good algorithms for random number generation").
//
// Integer state only, and uniform/normal transforms written here rather than taken from
// <random> (whose distributions are unspecified across standard libraries), so the native
// and wasm builds draw identical streams. Independent streams (data, initialisation, batch
// order) come from PCG's stream selector, so resetting one never disturbs the others.
#pragma once
#include <cmath>
#include <cstdint>

#include "detmath.hpp"

namespace gl {

/// Named streams derived from one seed.
enum class Stream : uint64_t { data = 1, init = 2, batch = 3, fuzz = 4 };

class Rng {
 public:
  Rng(uint64_t seed, Stream stream) : Rng(seed, static_cast<uint64_t>(stream)) {}
  Rng(uint64_t seed, uint64_t stream) : Rng(Raw{}, splitmix(seed), stream) {}

  /// PCG32's reference seeding (pcg32_srandom_r(initstate, initseq)), without mixing the
  /// seed: lets the tests compare against the published reference output.
  struct Raw {};
  Rng(Raw, uint64_t initstate, uint64_t initseq) : inc_((initseq << 1u) | 1u) {
    next_u32();
    state_ += initstate;
    next_u32();
  }

  uint32_t next_u32() {
    const uint64_t old = state_;
    state_ = old * 6364136223846793005ULL + inc_;
    const auto xorshifted = static_cast<uint32_t>(((old >> 18u) ^ old) >> 27u);
    const auto rot = static_cast<uint32_t>(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((32u - rot) & 31u));
  }

  /// Uniform integer in [0, n), unbiased (Lemire's rejection on the 64-bit product).
  uint32_t below(uint32_t n) {
    uint64_t m = uint64_t(next_u32()) * n;
    auto low = static_cast<uint32_t>(m);
    if (low < n) {
      const uint32_t threshold = static_cast<uint32_t>(-n) % n;
      while (low < threshold) {
        m = uint64_t(next_u32()) * n;
        low = static_cast<uint32_t>(m);
      }
    }
    return static_cast<uint32_t>(m >> 32);
  }

  /// Uniform double in [0, 1) with 53 random bits.
  double uniform() {
    const uint64_t a = next_u32() >> 5, b = next_u32() >> 6;  // 27 + 26 bits
    return (double(a) * 67108864.0 + double(b)) * (1.0 / 9007199254740992.0);
  }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

  /// Standard normal by Marsaglia's polar method; the second value of each pair is kept.
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u, v, s;
    do {
      u = 2.0 * uniform() - 1.0;
      v = 2.0 * uniform() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double f = std::sqrt(-2.0 * det::log(s) / s);  // sqrt is IEEE-exact everywhere
    spare_ = v * f;
    has_spare_ = true;
    return u * f;
  }
  double normal(double mean, double sd) { return mean + sd * normal(); }

 private:
  static uint64_t splitmix(uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
  }
  uint64_t state_ = 0, inc_;
  double spare_ = 0;
  bool has_spare_ = false;
};

}  // namespace gl
