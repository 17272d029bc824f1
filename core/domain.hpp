// The input plane of a data set: the box the output heatmap, the neuron thumbnails and the
// fitted curve are drawn over. The built-in 2-D sets and fit1d live on [-kDomain, kDomain] on
// each axis; user data with 1 or 2 inputs get a box around their own points, or the box they
// were drawn on; data with more inputs have no plane.
#pragma once
#include <vector>

namespace gl {

struct InputDomain {
  int dims = 0;  // 0 (no plane), 1 (a line) or 2 (a plane)
  double lo[2] = {0, 0}, hi[2] = {0, 0};
};

/// [-kDomain, kDomain] on each of `dims` axes (0 for no plane).
InputDomain builtin_domain(int dims);

/// The box of user data with `dims` = 1 or 2 inputs (raw: points x dims, row-major), per axis:
/// the points' range [min, max] widened by a tenth of its span on each side, so no point sits on
/// the edge of the picture; an axis on which every point has the same value v gets
/// v ± max(1, |v| / 10). Clamped to the float32 range. More inputs: no plane (dims 0).
InputDomain derived_domain(const std::vector<float>& raw, int dims);

/// The box given with user data: `box` holds lo, hi for each of the `dims` inputs. Throws
/// ConfigError ("data") unless dims is 1 or 2 and each axis is finite, in the float32 range,
/// lo < hi, and holds every point.
InputDomain given_domain(const std::vector<double>& box, const std::vector<float>& raw, int dims);

}  // namespace gl
