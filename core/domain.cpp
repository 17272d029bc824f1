#include "domain.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "config.hpp"
#include "dataset.hpp"

namespace gl {
namespace {

constexpr double kFloatMax = std::numeric_limits<float>::max();

[[noreturn]] void data_error(const std::string& message) {
  throw ConfigError("data", ConfigError::Kind::range, "data: " + message);
}

std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.9g", v);
  return b;
}

}  // namespace

InputDomain builtin_domain(int dims) {
  InputDomain d;
  d.dims = dims;
  for (int j = 0; j < dims; ++j) d.lo[j] = -kDomain, d.hi[j] = kDomain;
  return d;
}

InputDomain derived_domain(const std::vector<float>& raw, int dims) {
  InputDomain d;
  if (dims < 1 || dims > 2 || raw.empty()) return d;
  d.dims = dims;
  const std::size_t n = raw.size() / dims;
  for (int j = 0; j < dims; ++j) {
    double lo = raw[j], hi = raw[j];
    for (std::size_t i = 1; i < n; ++i) {
      const double v = raw[i * dims + j];
      lo = std::min(lo, v), hi = std::max(hi, v);
    }
    const double span = hi - lo;
    const double margin = span > 0 ? span / 10 : std::max(1.0, std::fabs(lo) / 10);
    d.lo[j] = std::max(-kFloatMax, lo - margin);
    d.hi[j] = std::min(kFloatMax, hi + margin);
  }
  return d;
}

InputDomain given_domain(const std::vector<double>& box, const std::vector<float>& raw, int dims) {
  if (dims < 1 || dims > 2)
    data_error("a domain is only for data with 1 or 2 inputs (these have " + std::to_string(dims) + ")");
  if (box.size() != std::size_t(2 * dims))
    data_error("the domain holds " + std::to_string(box.size()) + " numbers, expected " + std::to_string(2 * dims) +
               " (lo, hi for each input)");
  InputDomain d;
  d.dims = dims;
  for (int j = 0; j < dims; ++j) {
    const double lo = box[2 * j], hi = box[2 * j + 1];
    if (!(std::isfinite(lo) && std::isfinite(hi) && lo < hi && std::fabs(lo) <= kFloatMax && std::fabs(hi) <= kFloatMax))
      data_error("domain of input " + std::to_string(j + 1) + " [" + num(lo) + ", " + num(hi) +
                 "] is not an interval (finite, in the float32 range, lo < hi)");
    d.lo[j] = lo, d.hi[j] = hi;
  }
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const int j = int(i % dims);
    if (!(raw[i] >= d.lo[j] && raw[i] <= d.hi[j]))
      data_error("point " + std::to_string(i / dims) + " has input " + std::to_string(j + 1) + " = " + num(raw[i]) +
                 ", outside the domain [" + num(d.lo[j]) + ", " + num(d.hi[j]) + "]");
  }
  return d;
}

}  // namespace gl
