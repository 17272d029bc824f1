// The rows the network sees: for each point of a split, its input (the feature maps of its
// coordinates, padded to the vector width) and its target (the value, or the class one-hot).
#pragma once
#include <vector>

#include "config.hpp"
#include "dataset.hpp"
#include "network.hpp"

namespace gl {

struct Samples {
  Mat<float> x, y;  // points x padded(inputs), points x padded(outputs)
  int rows() const { return static_cast<int>(x.rows()); }
};

/// The rows of the points `idx` of `d`. Class targets are {0, 1} (one-hot for several
/// outputs); for a tanh output {-1, +1}.
Samples make_samples(const Resolved& r, const Data& d, const std::vector<int>& idx);

}  // namespace gl
