#include "samples.hpp"

#include "simd.hpp"

namespace gl {

Samples make_samples(const Resolved& r, const Data& d, const std::vector<int>& idx) {
  const int n = static_cast<int>(idx.size());
  const int k = r.outputs;
  Samples s;
  s.x = Mat<float>::Zero(n, padded(r.inputs));
  s.y = Mat<float>::Zero(n, padded(k));
  const float off = r.out == OutAct::tanh ? -1.0f : 0.0f;
  for (int row = 0; row < n; ++row) {
    const int p = idx[row];
    featurize(r, d.raw_dim, &d.raw[std::size_t(p) * d.raw_dim], s.x.row(row).data());
    const float* t = &d.target[std::size_t(p) * d.target_dim];
    if (!r.classification) {
      for (int j = 0; j < k; ++j) s.y(row, j) = t[j];
    } else if (k == 1) {
      s.y(row, 0) = t[0] > 0 ? 1.0f : off;
    } else {
      for (int j = 0; j < k; ++j) s.y(row, j) = j == int(t[0]) ? 1.0f : off;
    }
  }
  return s;
}

}  // namespace gl
