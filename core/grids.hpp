// Grids over the input plane (2-D data sets) or line (fit1d): the network's output and every
// unit's activation at the cell centres, for the heatmaps and the neuron thumbnails. The inputs
// at the grid points are cached for the two most recent resolutions (a frame asks for the
// output heatmap and the neuron thumbnails at different ones); the output buffers grow only.
// The network runs over a grid unit-major (a row of points per unit, as the neuron grids are
// laid out), with the session's workspace as scratch: no lane is padding, and every neuron's
// values are written where they belong instead of transposed from batch-major rows.
#pragma once
#include <array>
#include <vector>

#include "config.hpp"
#include "domain.hpp"
#include "network.hpp"

namespace gl {

/// Number of grid points for a resolution (res^dims).
int grid_points(int dims, int res);

class GridCache {
 public:
  /// Output values over the grid: points x outputs (probabilities for softmax). Row 0 of a
  /// 2-D grid is the top (largest x2); cells are sampled at their centres on the data's domain
  /// (res cells per axis). Throws std::invalid_argument for a resolution out of range or data
  /// without an input plane. The cache belongs to one domain (one session's data).
  const std::vector<float>& predict(const Net<float>& net, Workspace<float>& ws, const Resolved& r, const InputDomain& d, int res);
  /// Every unit's activation over the grid, unit-major: [unit][point], units in order inputs
  /// (features), hidden layers, outputs. Refuses more than kMaxGridValues values.
  const std::vector<float>& neurons(const Net<float>& net, Workspace<float>& ws, const Resolved& r, const InputDomain& d, int res);

 private:
  const Mat<float>& inputs(const Resolved& r, const InputDomain& d, int res);

  struct GridInputs {
    int res = -1;
    Mat<float> x;  // unit-major: a row per input, padded(points) wide (the padding zero)
  };
  std::array<GridInputs, 2> inputs_;  // most recent first
  std::vector<float> out_, neurons_;
  std::vector<std::size_t> first_unit_;  // each layer's first unit in neurons_
};

}  // namespace gl
