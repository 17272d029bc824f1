// Data sets: pure functions of (configuration, data seed), as in TensorFlow Playground's
// dataset.ts. 2-D sets live on [-6, 6]^2 (the playground's domain); fit1d on [-6, 6].
#pragma once
#include <vector>

#include "config.hpp"

namespace gl {

inline constexpr double kDomain = 6.0;  // coordinates span [-kDomain, kDomain]

/// User-supplied data (dataset "custom"): row-major inputs and, for classification,
/// class indices (one per point) or, for regression, row-major targets.
struct UserData {
  DataShape shape;
  std::vector<float> inputs;   // points x inputs
  std::vector<float> targets;  // points (class index) or points x outputs
};

struct Data {
  int n = 0;
  int raw_dim = 2;             // coordinates per point (2-D sets: 2, fit1d: 1, else the inputs)
  int target_dim = 1;          // 1 for classification (the class index)
  bool classification = true;
  int classes = 2;
  std::vector<float> raw;      // n x raw_dim
  std::vector<float> target;   // n x target_dim
  std::vector<int> train, test;  // indices into the points
};

/// Generates (or copies and splits) the data a valid configuration describes.
Data make_data(const Config& c, const Resolved& r, const UserData* user = nullptr);

/// Writes the network input for one point: the resolved feature maps of its coordinates
/// (or the raw inputs for highdim/custom data).
void featurize(const Config& c, const Resolved& r, int raw_dim, const float* raw, float* out);

}  // namespace gl
