// Small helpers shared by the native test suites: the doctest cases here and the fuzz targets
// (tests/fuzz/harness.hpp, make_corpus.cpp). Only the engine's API, no test framework.
#pragma once
#include <cstring>
#include <string>
#include <vector>

#include "session.hpp"

/// The `hidden` text of `depth` layers of `width` units: "w,w,...,w".
inline std::string layers_of(int depth, int width) {
  std::string s;
  for (int i = 0; i < depth; ++i) s += (i ? "," : "") + std::to_string(width);
  return s;
}

/// The session's weights, in export order.
inline std::vector<float> weights_of(const gl::Session& s) {
  std::vector<float> w(s.param_count());
  s.export_weights(w.data());
  return w;
}

/// Same length and the same bits (unlike ==, which treats -0 and 0 as equal and NaN as unequal).
inline bool bit_identical(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}
