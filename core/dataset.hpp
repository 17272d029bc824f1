// Data sets: pure functions of (configuration, data seed), as in TensorFlow Playground's
// dataset.ts, with the playground's geometry scaled by kScale = 0.6: its [-6, 6] domain
// becomes [-3.6, 3.6] and its radius-5 spiral one of radius 3, so every coordinate has a
// variance near 1. The initialisation theory the lessons teach (Glorot, He, LeCun/SELU)
// assumes inputs of unit scale; on the playground's raw scale a ReLU net at lr 0.5 diverges
// instead of showing its units die.
#pragma once
#include <vector>

#include "config.hpp"
#include "domain.hpp"

namespace gl {

inline constexpr double kScale = 0.6;            // playground units -> GradLab units
inline constexpr double kDomain = 6.0 * kScale;  // coordinates span [-kDomain, kDomain]

/// User-supplied data (dataset "custom"): row-major inputs and, for classification,
/// class indices (one per point) or, for regression, row-major targets.
struct UserData {
  DataShape shape;
  std::vector<float> inputs;   // points x inputs
  std::vector<float> targets;  // points (class index) or points x outputs
  std::vector<double> domain;  // lo, hi per input (1 or 2 inputs): the plane the points were drawn on; empty: derived
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
  InputDomain domain;          // the plane grids are drawn over (dims 0: none)
};

/// Throws ConfigError ("data") unless user data hold the values their shape promises, every
/// one finite, and (classification) labels that are integers below the class count.
void check_user_data(const UserData& u, const Resolved& r);

/// Generates (or copies and splits) the data a valid configuration describes.
Data make_data(const Config& c, const Resolved& r, const UserData* user = nullptr);

/// Writes the network input for one point: the resolved feature maps of its coordinates
/// (or the raw inputs for highdim/custom data).
void featurize(const Resolved& r, int raw_dim, const float* raw, float* out);

}  // namespace gl
