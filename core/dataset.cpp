#include "dataset.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "detmath.hpp"
#include "rng.hpp"

namespace gl {
namespace {

constexpr double kTau = 2 * det::kPi;

struct Builder {
  Data& d;
  void add(double x, double y, double target) {
    d.raw.push_back(static_cast<float>(x));
    d.raw.push_back(static_cast<float>(y));
    d.target.push_back(static_cast<float>(target));
  }
};

// TensorFlow Playground's generators (dataset.ts), with the noise level as its fraction.
// Where the playground flips labels by judging a noisy copy of the point, so do these.
void circle(Data& d, int n, double noise, Rng& rng) {
  Builder b{d};
  const double radius = 5 * kScale;
  for (int i = 0; i < n; ++i) {
    const bool inside = i < n / 2;
    const double r = inside ? rng.uniform(0, radius * 0.5) : rng.uniform(radius * 0.7, radius);
    const double angle = rng.uniform(0, kTau);
    const double x = r * det::sin(angle), y = r * det::cos(angle);
    const double nx = rng.uniform(-radius, radius) * noise, ny = rng.uniform(-radius, radius) * noise;
    b.add(x, y, std::sqrt((x + nx) * (x + nx) + (y + ny) * (y + ny)) < radius * 0.5 ? 1 : 0);
  }
}

void xor_set(Data& d, int n, double noise, Rng& rng) {
  Builder b{d};
  const double pad = 0.3 * kScale, half = 5 * kScale;
  for (int i = 0; i < n; ++i) {
    double x = rng.uniform(-half, half), y = rng.uniform(-half, half);
    x += x > 0 ? pad : -pad;
    y += y > 0 ? pad : -pad;
    const double nx = rng.uniform(-half, half) * noise, ny = rng.uniform(-half, half) * noise;
    b.add(x, y, (x + nx) * (y + ny) >= 0 ? 1 : 0);
  }
}

// Two blobs at (2,2) and (-2,-2) (playground units) as in the playground; with more classes
// the blobs sit on a circle of radius 3. The variance grows with the noise from 0.5 to 4.
void gaussian(Data& d, int n, double noise, int classes, Rng& rng) {
  Builder b{d};
  const double sd = kScale * std::sqrt(0.5 + 3.5 * std::min(noise / 0.5, 2.0));
  for (int i = 0; i < n; ++i) {
    const int k = i * classes / n;
    double cx, cy;
    if (classes == 2) {
      cx = cy = (k == 1 ? 2 : -2) * kScale;  // class 1 at (2, 2), the playground's positive blob
    } else {
      const double a = kTau * k / classes;
      cx = 3 * kScale * det::cos(a);
      cy = 3 * kScale * det::sin(a);
    }
    const double x = rng.normal(cx, sd), y = rng.normal(cy, sd);  // sequenced: argument order is unspecified
    b.add(x, y, k);
  }
}

void spiral(Data& d, int n, double noise, int classes, Rng& rng) {
  Builder b{d};
  for (int k = 0; k < classes; ++k) {
    const int m = n / classes + (k < n % classes ? 1 : 0);
    for (int i = 0; i < m; ++i) {
      const double r = 5.0 * kScale * i / m;
      const double t = 1.75 * i / m * kTau + kTau * k / classes;
      const double nx = rng.uniform(-1, 1) * noise * kScale, ny = rng.uniform(-1, 1) * noise * kScale;
      b.add(r * det::sin(t) + nx, r * det::cos(t) + ny, k);
    }
  }
}

// scikit-learn's make_moons, scaled by 3 (playground units) and centred.
void moons(Data& d, int n, double noise, Rng& rng) {
  Builder b{d};
  for (int i = 0; i < n; ++i) {
    const int k = i < n / 2 ? 0 : 1;
    const double t = rng.uniform(0, det::kPi);
    double x = k == 0 ? det::cos(t) : 1 - det::cos(t);
    double y = k == 0 ? det::sin(t) : 0.5 - det::sin(t);
    const double s = 3 * kScale;
    x = s * (x - 0.5) + rng.normal(0, s * noise);
    y = s * (y - 0.25) + rng.normal(0, s * noise);
    b.add(x, y, k);
  }
}

void checkerboard(Data& d, int n, double noise, Rng& rng) {
  Builder b{d};
  for (int i = 0; i < n; ++i) {
    const double x = rng.uniform(-kDomain, kDomain), y = rng.uniform(-kDomain, kDomain);
    const double side = 3 * kScale;  // a 4 x 4 board
    const double nx = x + rng.uniform(-side, side) * noise, ny = y + rng.uniform(-side, side) * noise;
    const long cell = std::lround(std::floor(nx / side)) + std::lround(std::floor(ny / side));
    b.add(x, y, (cell % 2 + 2) % 2);
  }
}

void plane(Data& d, int n, double noise, Rng& rng) {
  Builder b{d};
  for (int i = 0; i < n; ++i) {
    const double x = rng.uniform(-kDomain, kDomain), y = rng.uniform(-kDomain, kDomain);
    const double nx = rng.uniform(-kDomain, kDomain) * noise, ny = rng.uniform(-kDomain, kDomain) * noise;
    b.add(x, y, std::clamp((x + nx + y + ny) / (10 * kScale), -1.0, 1.0));
  }
}

// Six bumps of alternating sign (the playground's regression "gaussian").
void multigauss(Data& d, int n, double noise, Rng& rng) {
  Builder b{d};
  constexpr double centres[6][3] = {{-4, 2.5, 1}, {0, 2.5, -1}, {4, 2.5, 1}, {-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1}};
  for (int i = 0; i < n; ++i) {
    const double x = rng.uniform(-kDomain, kDomain), y = rng.uniform(-kDomain, kDomain);
    const double nx = x + rng.uniform(-kDomain, kDomain) * noise, ny = y + rng.uniform(-kDomain, kDomain) * noise;
    double t = 0;
    const double u = nx / kScale, v = ny / kScale;  // in playground units
    for (const auto& g : centres) t += g[2] * det::exp(-((u - g[0]) * (u - g[0]) + (v - g[1]) * (v - g[1])) / 2);
    b.add(x, y, std::clamp(t, -1.0, 1.0));
  }
}

double target1d(Target1D f, double x) {
  x /= kScale;  // the shapes are defined on the playground's [-6, 6]
  switch (f) {
    case Target1D::sine: return det::sin(x);
    case Target1D::step: return x > 0 ? 1.0 : -1.0;
    case Target1D::abs: return std::fabs(x) / 3 - 1;
    case Target1D::cubic: return x * x * x / 216;
  }
  return 0;
}

void fit1d(Data& d, int n, double noise, Target1D f, Rng& rng) {
  for (int i = 0; i < n; ++i) {
    const double x = rng.uniform(-kDomain, kDomain);
    d.raw.push_back(static_cast<float>(x));
    d.target.push_back(static_cast<float>(target1d(f, x) + 0.5 * noise * rng.normal()));
  }
}

void highdim(Data& d, int n, int dim, int classes, Rng& rng) {
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < dim; ++j) d.raw.push_back(static_cast<float>(rng.normal()));
    d.target.push_back(static_cast<float>(rng.below(static_cast<uint32_t>(classes))));
  }
}

}  // namespace

Data make_data(const Config& c, const Resolved& r, const UserData* user) {
  Data d;
  d.classification = r.classification;
  d.classes = r.classes;
  Rng rng(c.dataSeed, Stream::data);
  const int n = c.numPoints;
  d.raw_dim = c.dataset == DatasetKind::custom    ? user->shape.inputs
              : c.dataset == DatasetKind::highdim ? c.inputDim
              : c.dataset == DatasetKind::fit1d   ? 1
                                                  : 2;
  // Sized up front: grown by push_back, highdim's inputs (up to 10000 x 1024 floats) would take
  // up to twice their size, 22 MiB more than estimate_bytes counts, so a run estimated under the
  // memory budget could exceed it.
  if (c.dataset != DatasetKind::custom) {
    d.raw.reserve(std::size_t(n) * d.raw_dim);
    d.target.reserve(n);
  }
  switch (c.dataset) {
    case DatasetKind::circle: circle(d, n, c.noise, rng); break;
    case DatasetKind::xor_: xor_set(d, n, c.noise, rng); break;
    case DatasetKind::gaussian: gaussian(d, n, c.noise, c.classes, rng); break;
    case DatasetKind::spiral: spiral(d, n, c.noise, c.classes, rng); break;
    case DatasetKind::moons: moons(d, n, c.noise, rng); break;
    case DatasetKind::checkerboard: checkerboard(d, n, c.noise, rng); break;
    case DatasetKind::plane: plane(d, n, c.noise, rng); break;
    case DatasetKind::multigauss: multigauss(d, n, c.noise, rng); break;
    case DatasetKind::fit1d: fit1d(d, n, c.noise, c.target1d, rng); break;
    case DatasetKind::highdim: highdim(d, n, c.inputDim, c.classes, rng); break;
    case DatasetKind::custom:
      d.raw = user->inputs;
      d.target = user->targets;
      d.target_dim = r.classification ? 1 : user->shape.outputs;
      break;
  }
  d.n = static_cast<int>(d.raw.size() / d.raw_dim);
  if (c.dataset == DatasetKind::custom)
    d.domain = user->domain.empty() ? derived_domain(d.raw, d.raw_dim) : given_domain(user->domain, d.raw, d.raw_dim);
  else
    d.domain = builtin_domain(c.dataset == DatasetKind::fit1d ? 1 : c.dataset == DatasetKind::highdim ? 0 : 2);

  // Shuffle once, then split: the first r.train points of the permutation train.
  std::vector<int> perm(d.n);
  for (int i = 0; i < d.n; ++i) perm[i] = i;
  for (int i = d.n - 1; i > 0; --i) std::swap(perm[i], perm[rng.below(static_cast<uint32_t>(i + 1))]);
  d.train.assign(perm.begin(), perm.begin() + r.train);
  d.test.assign(perm.begin() + r.train, perm.end());
  return d;
}

void featurize(const Resolved& r, int raw_dim, const float* raw, float* out) {
  if (r.features.empty()) {  // highdim and user data: no feature maps (see the features field's rule)
    std::copy(raw, raw + raw_dim, out);
    return;
  }
  const double x1 = raw[0], x2 = raw_dim > 1 ? raw[1] : 0.0;
  int k = 0;
  for (int f : r.features) {
    double v = 0;
    switch (static_cast<Feature>(f)) {
      case Feature::x1: v = x1; break;
      case Feature::x2: v = x2; break;
      case Feature::x1sq: v = x1 * x1; break;
      case Feature::x2sq: v = x2 * x2; break;
      case Feature::x1x2: v = x1 * x2; break;
      case Feature::sinx1: v = det::sin(x1); break;
      case Feature::sinx2: v = det::sin(x2); break;
    }
    out[k++] = static_cast<float>(v);
  }
}

void check_user_data(const UserData& u, const Resolved& r) {
  const auto& s = u.shape;
  const std::size_t want_x = std::size_t(s.points) * s.inputs;
  const std::size_t want_y = std::size_t(s.points) * (r.classification ? 1 : s.outputs);
  if (u.inputs.size() != want_x)
    throw ConfigError("data", ConfigError::Kind::range,
                      "data: inputs hold " + std::to_string(u.inputs.size()) + " values, expected " +
                          std::to_string(want_x) + " (points x inputs)");
  if (u.targets.size() != want_y)
    throw ConfigError("data", ConfigError::Kind::range,
                      "data: targets hold " + std::to_string(u.targets.size()) + " values, expected " +
                          std::to_string(want_y));
  for (std::size_t i = 0; i < u.inputs.size(); ++i)
    if (!std::isfinite(u.inputs[i]))
      throw ConfigError("data", ConfigError::Kind::range, "data: input " + std::to_string(i) + " is not finite");
  for (std::size_t i = 0; i < u.targets.size(); ++i) {
    const float t = u.targets[i];
    if (!std::isfinite(t))
      throw ConfigError("data", ConfigError::Kind::range, "data: target " + std::to_string(i) + " is not finite");
    if (r.classification && (t != std::floor(t) || t < 0 || t >= r.classes))
      throw ConfigError("data", ConfigError::Kind::range,
                        "data: label " + std::to_string(i) + " is " + std::to_string(t) + "; labels must be integers 0 to " +
                            std::to_string(r.classes - 1));
  }
}

}  // namespace gl
