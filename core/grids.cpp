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

namespace {

// Where one layer's values for a chunk of points go: a row per unit, `stride` floats apart.
struct Rows {
  float* p;
  std::size_t stride;
};

// Runs `width` grid points (a multiple of kPad) through the net unit-major: the inputs are
// rows of X (one per input, xs floats apart) and layer l's activations go to out(l); the
// output rows of a softmax net hold its probabilities. A grid needs neither derivatives nor
// pre-activations, so each layer's activation is taken in place.
template <class Out> void forward_units(const Net<float>& net, const float* X, std::size_t xs, int width, Out out) {
  for (int l = 0; l < net.depth(); ++l) {
    const auto& L = net.layers[l];
    const Rows z = out(l);
    dense_forward_units(X, int(xs), width, L.in, L.W.data(), L.in_s, L.b.data(), L.out, z.p, int(z.stride));
    if (z.stride == std::size_t(width)) {
      activate(L.act, net.ap, z.p, z.p, static_cast<float*>(nullptr), std::size_t(L.out) * width);
    } else {
      for (int j = 0; j < L.out; ++j)
        activate(L.act, net.ap, z.p + j * z.stride, z.p + j * z.stride, static_cast<float*>(nullptr), std::size_t(width));
    }
    X = z.p;
    xs = z.stride;
  }
  if (net.out == OutAct::softmax) {
    const Rows z = out(net.depth() - 1);
    softmax(z.p, z.p, width, net.outputs(), 1, z.stride);
  }
}

// Scratch rows for layer l of a chunk: the workspace's buffer for A[l + 1], which holds at
// least kEvalChunk x padded(out) floats, read as out rows of `width`.
Rows scratch(Workspace<float>& ws, int l, int width) { return {ws.A[l + 1].data(), std::size_t(width)}; }

}  // namespace

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
  g.x = Mat<float>::Zero(r.inputs, padded(P));
  std::vector<float> row(padded(r.inputs));
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
    featurize(r, dims, raw, row.data());
    for (int i = 0; i < r.inputs; ++i) g.x(i, p) = row[i];
  }
  g.res = res;
  return g.x;
}

const std::vector<float>& GridCache::predict(const Net<float>& net, Workspace<float>& ws, const Resolved& r,
                                             const InputDomain& d, int res) {
  const Mat<float>& x_grid = inputs(r, d, res);
  const int P = grid_points(d.dims, res), k = r.outputs;
  out_.resize(std::size_t(P) * k);
  const std::size_t xs = x_grid.cols();
  for (int start = 0; start < P; start += kEvalChunk) {
    const int rows = std::min(kEvalChunk, P - start), width = padded(rows);
    forward_units(net, x_grid.data() + start, xs, width, [&](int l) { return scratch(ws, l, width); });
    const float* A = scratch(ws, net.depth() - 1, width).p;
    for (int j = 0; j < k; ++j)
      for (int row = 0; row < rows; ++row) out_[std::size_t(start + row) * k + j] = A[std::size_t(j) * width + row];
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
  const std::size_t xs = x_grid.cols();
  for (int i = 0; i < r.inputs; ++i) std::copy_n(&x_grid(i, 0), P, &neurons_[std::size_t(i) * P]);
  std::vector<std::size_t>& first = first_unit_;  // each layer's first unit in the result
  first.resize(net.depth());
  std::size_t u = r.inputs;
  for (int l = 0; l < net.depth(); ++l) first[l] = u, u += net.layers[l].out;
  for (int start = 0; start < P; start += kEvalChunk) {
    const int rows = std::min(kEvalChunk, P - start), width = padded(rows);
    if (start + width <= P) {  // the layers write their rows of the result directly
      forward_units(net, x_grid.data() + start, xs, width,
                    [&](int l) { return Rows{&neurons_[first[l] * P + start], std::size_t(P)}; });
    } else {  // the padding would run into the next unit's row: through the workspace
      forward_units(net, x_grid.data() + start, xs, width, [&](int l) { return scratch(ws, l, width); });
      for (int l = 0; l < net.depth(); ++l)
        for (int j = 0; j < net.layers[l].out; ++j)
          std::copy_n(scratch(ws, l, width).p + std::size_t(j) * width, rows, &neurons_[(first[l] + j) * P + start]);
    }
  }
  return neurons_;
}

}  // namespace gl
