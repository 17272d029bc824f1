#include "grids.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>

#include "dataset.hpp"
#include "simd.hpp"

namespace gl {

int grid_points(int dims, int res) { return dims == 2 ? res * res : dims == 1 ? res : 0; }

const Mat<float>& GridCache::inputs(const Resolved& r, const InputDomain& d, int res) {
  const int dims = d.dims;
  if (dims == 0) throw std::invalid_argument("grid: this data set has no input plane (highdim, or user data with more than 2 inputs)");
  if (res < kMinGridResolution || res > kMaxGridResolution)
    throw std::invalid_argument("resolution: " + std::to_string(res) + " is out of range (allowed " +
                                std::to_string(kMinGridResolution) + " to " + std::to_string(kMaxGridResolution) + ")");
  if (inputs_[0].res == res) return inputs_[0].x;
  std::swap(inputs_[0], inputs_[1]);  // most recent first
  GridInputs& g = inputs_[0];
  if (g.res == res) return g.x;
  const int P = grid_points(dims, res);
  g.x = Mat<float>::Zero(P, padded(r.inputs));
  // Cell widths per axis. For the built-in domain hi - lo is exactly 2 * kDomain, so these are
  // the same doubles (and the grid the same floats) as when the domain was a constant.
  const double w0 = (d.hi[0] - d.lo[0]) / res, w1 = (d.hi[1] - d.lo[1]) / res;
  for (int p = 0; p < P; ++p) {
    float raw[2];
    if (dims == 2) {
      raw[0] = static_cast<float>(d.lo[0] + (p % res + 0.5) * w0);
      raw[1] = static_cast<float>(d.hi[1] - (p / res + 0.5) * w1);
    } else {
      raw[0] = static_cast<float>(d.lo[0] + (p + 0.5) * w0);
    }
    featurize(r, dims, raw, g.x.row(p).data());
  }
  g.res = res;
  return g.x;
}

const std::vector<float>& GridCache::predict(const Net<float>& net, Workspace<float>& ws, const Resolved& r,
                                             const InputDomain& d, int res) {
  const Mat<float>& x_grid = inputs(r, d, res);
  const int P = grid_points(d.dims, res), k = r.outputs;
  out_.resize(std::size_t(P) * k);
  const int in_s = static_cast<int>(x_grid.cols()), out_s = net.layers.back().out_s;
  for (int start = 0; start < P; start += kEvalChunk) {
    const int rows = std::min(kEvalChunk, P - start);
    std::memcpy(ws.input_row(0), x_grid.row(start).data(), sizeof(float) * in_s * rows);
    forward(net, ws, rows, false);
    const float* A = ws.A.back().data();
    for (int row = 0; row < rows; ++row)
      for (int j = 0; j < k; ++j) out_[std::size_t(start + row) * k + j] = A[std::size_t(row) * out_s + j];
  }
  return out_;
}

const std::vector<float>& GridCache::neurons(const Net<float>& net, Workspace<float>& ws, const Resolved& r,
                                             const InputDomain& d, int res) {
  const Mat<float>& x_grid = inputs(r, d, res);
  const int P = grid_points(d.dims, res);
  int units = r.inputs;
  for (const auto& L : net.layers) units += L.out;
  const std::size_t need = std::size_t(units) * P;
  if (need > std::size_t(kMaxGridValues))
    throw std::invalid_argument("resolution: " + std::to_string(res) + " is too fine for " + std::to_string(units) +
                                " units (at most " + std::to_string(kMaxGridValues) + " values)");
  neurons_.resize(need);
  const int in_s = static_cast<int>(x_grid.cols());
  for (int start = 0; start < P; start += kEvalChunk) {
    const int rows = std::min(kEvalChunk, P - start);
    std::memcpy(ws.input_row(0), x_grid.row(start).data(), sizeof(float) * in_s * rows);
    forward(net, ws, rows, false);
    // Rows of A (point-major) become runs of the unit-major output, 4 x 4 at a time.
    std::size_t first_unit = 0;
    for (int l = 0; l <= net.depth(); ++l) {
      const int width = l == 0 ? r.inputs : net.layers[l - 1].out;
      const std::size_t stride = ws.A[l].cols();
      const float* A = ws.A[l].data();
      float* out = &neurons_[first_unit * P + start];
      int row = 0;
      for (; row + 4 <= rows; row += 4)
        for (int j = 0; j < width; j += 4) {
          vec<float> c[4];
          const float* a = A + row * stride + j;
          transpose4(load(a), load(a + stride), load(a + 2 * stride), load(a + 3 * stride), c);
          for (int u = 0; u < 4 && j + u < width; ++u) store(out + std::size_t(j + u) * P + row, c[u]);
        }
      for (; row < rows; ++row)
        for (int j = 0; j < width; ++j) out[std::size_t(j) * P + row] = A[row * stride + j];
      first_unit += width;
    }
  }
  return neurons_;
}

}  // namespace gl
