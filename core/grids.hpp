// Grids over the input plane (2-D data sets) or line (fit1d): the network's output and every
// unit's activation at the cell centres, for the heatmaps and the neuron thumbnails. The inputs
// at the grid points are cached for the two most recent resolutions (a frame asks for the
// output heatmap and the neuron thumbnails at different ones); the output buffers grow only.
#pragma once
#include <array>
#include <vector>

#include "config.hpp"
#include "network.hpp"

namespace gl {

/// 2 for 2-D data, 1 for fit1d, 0 when there is no input plane (highdim, custom).
int grid_dims(DatasetKind d);
/// Number of grid points for a resolution (res^dims).
int grid_points(int dims, int res);

class GridCache {
 public:
  /// Output values over the grid: points x outputs (probabilities for softmax). Row 0 of a
  /// 2-D grid is the top (largest x2); cells are sampled at their centres on
  /// [-kDomain, kDomain]. Throws std::invalid_argument for a resolution out of range or data
  /// without an input plane.
  const std::vector<float>& predict(const Net<float>& net, Workspace<float>& ws, const Resolved& r, int dims, int res);
  /// Every unit's activation over the grid, unit-major: [unit][point], units in order inputs
  /// (features), hidden layers, outputs. Refuses more than kMaxGridValues values.
  const std::vector<float>& neurons(const Net<float>& net, Workspace<float>& ws, const Resolved& r, int dims, int res);

 private:
  const Mat<float>& inputs(const Resolved& r, int dims, int res);

  struct GridInputs {
    int res = -1;
    Mat<float> x;
  };
  std::array<GridInputs, 2> inputs_;  // most recent first
  std::vector<float> out_, neurons_;
};

}  // namespace gl
