#include "layer_stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "activation.hpp"
#include "fastmath.hpp"
#include "optimizer.hpp"  // sum_squares: the same norms training reports

namespace gl {
namespace {

// Equal bins over [lo, hi]; values outside land in the end bins (NaN in the first). In double:
// a range as wide as float32's own would overflow a float scale.
struct Binner {
  double lo, scale;
  Binner(float lo_, float hi_) : lo(lo_), scale(kHistBins / (double(hi_) - double(lo_))) {}
  int operator()(float v) const {
    const double t = (double(v) - lo) * scale;
    if (!(t >= 0)) return 0;
    return t >= kHistBins ? kHistBins - 1 : static_cast<int>(t);
  }
};

// The fine bin of a non-zero |dL/dz|: 1/kGradPerDecade of a decade of log10 |g|. Subnormal
// magnitudes (below float32's smallest normal, where the fast log is not defined) share the
// lowest bin; NaN lands there too.
int fine_grad_bin(float ag) {
  if (!(ag >= std::numeric_limits<float>::min())) return 0;
  const float t = (fm::log(ag) * 0.43429448f - float(kGradFineLo)) * float(kGradPerDecade);  // log10 |g|
  return t >= float(kGradFineBins) ? kGradFineBins - 1 : t <= 0 ? 0 : static_cast<int>(t);
}

// A range [lo, hi] seen in the values, made wide enough for bins when every value is the same
// (a layer of dead ReLUs: all zeros), or the fallback when no value was finite.
void set_range(float seen_lo, float seen_hi, float fallback_lo, float fallback_hi, float& lo, float& hi) {
  if (!(seen_lo <= seen_hi)) {
    lo = fallback_lo, hi = fallback_hi;
    return;
  }
  // + 0: a range ending at -0 (leaky ReLU with slope 0) is reported as 0, as JSON would read it
  lo = seen_lo + 0.0f, hi = seen_hi + 0.0f;
  if (!(hi > lo)) {
    const float half = std::max(1.0f, std::fabs(lo) * 0x1p-8f);
    lo -= half;
    hi += half;
  }
}

// The fine gradient counts merged into kHistBins bins of k whole fine bins each, k the fewest
// that cover the occupied fine bins, the occupied ones centred; [lo, hi] in decades. Only the
// top kGradMaxDecades below the largest value are covered; the counts under them go to
// grad_below.
void merge_grad(const std::vector<double>& fine, LayerStats& s) {
  int first = 0, last = kGradFineBins - 1;
  while (first < kGradFineBins && fine[first] == 0) ++first;
  while (last >= 0 && fine[last] == 0) --last;
  s.grad_hist.fill(0);
  s.grad_below = 0;
  if (first > last) {
    s.grad_lo = kGradLogLo, s.grad_hi = kGradLogHi;
    return;
  }
  int floor_bin = 0;  // the range starts at or above it, so what is counted below lies below the range
  if (last - first + 1 > kGradMaxDecades * kGradPerDecade) {
    floor_bin = last + 1 - kGradMaxDecades * kGradPerDecade;
    for (int f = first; f < floor_bin; ++f) s.grad_below += fine[f];
    first = floor_bin;
    while (fine[first] == 0) ++first;
  }
  const int span = last - first + 1;
  const int k = (span + kHistBins - 1) / kHistBins;
  const int total = k * kHistBins;
  const int start = std::max(floor_bin, std::min(kGradFineBins - total, first - (total - span) / 2));
  for (int b = 0; b < kHistBins; ++b)
    for (int i = 0; i < k; ++i) s.grad_hist[b] += fine[start + b * k + i];
  s.grad_lo = float(kGradFineLo) + float(start) / kGradPerDecade;
  s.grad_hi = float(kGradFineLo) + float(start + total) / kGradPerDecade;
}

}  // namespace

LayerStatsAccumulator::LayerStatsAccumulator(const Net<float>& net) {
  for (const auto& L : net.layers) {
    UnitTrack t;
    t.grad_seen.resize(L.out);
    t.positive_seen.resize(L.out);
    t.nonzero_seen.resize(L.out);
    t.dz_seen.resize(L.out);
    t.saturated_count.resize(L.out);
    t.lo.resize(L.out);
    t.hi.resize(L.out);
    t.grad_fine.resize(kGradFineBins);
    track_.push_back(std::move(t));
  }
}

void LayerStatsAccumulator::begin(const Net<float>& net, Metrics& m) {
  m.layers.assign(net.depth(), LayerStats{});
  for (int l = 0; l < net.depth(); ++l) {
    const auto& L = net.layers[l];
    auto& s = m.layers[l];
    auto& t = track_[l];
    s.units = L.out;
    std::fill(t.grad_seen.begin(), t.grad_seen.end(), 0);
    std::fill(t.positive_seen.begin(), t.positive_seen.end(), 0);
    std::fill(t.nonzero_seen.begin(), t.nonzero_seen.end(), 0);
    std::fill(t.dz_seen.begin(), t.dz_seen.end(), 0);
    std::fill(t.saturated_count.begin(), t.saturated_count.end(), 0);
    std::fill(t.lo.begin(), t.lo.end(), INFINITY);
    std::fill(t.hi.begin(), t.hi.end(), -INFINITY);
    std::fill(t.grad_fine.begin(), t.grad_fine.end(), 0.0);
    t.sums = {};
    t.z_lo = t.a_lo = INFINITY;
    t.z_hi = t.a_hi = -INFINITY;
  }
}

void LayerStatsAccumulator::widen(const Net<float>& net, const Workspace<float>& ws, int rows) {
  for (int l = 0; l < net.depth(); ++l) {
    const auto& L = net.layers[l];
    auto& t = track_[l];
    for (int r = 0; r < rows; ++r) {
      const std::size_t row = std::size_t(r) * L.out_s;
      const float* z = ws.Z[l].data() + row;
      const float* a = ws.A[l + 1].data() + row;
      for (int j = 0; j < L.out; ++j) {
        if (std::isfinite(z[j])) t.z_lo = std::min(t.z_lo, z[j]), t.z_hi = std::max(t.z_hi, z[j]);
        if (std::isfinite(a[j])) t.a_lo = std::min(t.a_lo, a[j]), t.a_hi = std::max(t.a_hi, a[j]);
      }
    }
  }
}

void LayerStatsAccumulator::fix_ranges(Metrics& m) const {
  for (std::size_t l = 0; l < track_.size(); ++l) {
    const auto& t = track_[l];
    auto& s = m.layers[l];
    set_range(t.z_lo, t.z_hi, kPreLo, kPreHi, s.pre_lo, s.pre_hi);
    set_range(t.a_lo, t.a_hi, kActLo, kActHi, s.act_lo, s.act_hi);
  }
}

void LayerStatsAccumulator::add(const Net<float>& net, const Workspace<float>& ws, int rows, double count, Metrics& m) {
  for (int l = 0; l < net.depth(); ++l) {
    const auto& L = net.layers[l];
    auto& s = m.layers[l];
    auto& t = track_[l];
    const bool sat = saturates(L.act);
    const float sat_below = static_cast<float>(kSaturationSlope * peak_slope(L.act));
    const Binner pre_bin(s.pre_lo, s.pre_hi), act_bin(s.act_lo, s.act_hi);
    for (int r = 0; r < rows; ++r) {
      const std::size_t row = std::size_t(r) * L.out_s;
      const float* z = ws.Z[l].data() + row;
      const float* a = ws.A[l + 1].data() + row;
      const float* d = ws.D[l].data() + row;
      const float* g = ws.G[l].data() + row;
      for (int j = 0; j < L.out; ++j) {
        const float gj = static_cast<float>(g[j] * count);  // per-example gradient dl/dz
        t.sums[0] += z[j];
        t.sums[1] += double(z[j]) * z[j];
        t.sums[2] += a[j];
        t.sums[3] += double(a[j]) * a[j];
        t.sums[4] += double(gj) * gj;
        s.pre_hist[pre_bin(z[j])] += 1;
        s.act_hist[act_bin(a[j])] += 1;
        const float ag = std::fabs(gj);
        if (ag == 0) s.grad_zeros += 1;
        else t.grad_fine[fine_grad_bin(ag)] += 1;
        t.grad_seen[j] |= d[j] != 0;
        t.positive_seen[j] |= z[j] > 0;
        t.nonzero_seen[j] |= a[j] != 0;
        t.dz_seen[j] |= gj != 0;
        if (sat && std::fabs(d[j]) < sat_below) ++t.saturated_count[j];
        t.lo[j] = std::min(t.lo[j], a[j]);
        t.hi[j] = std::max(t.hi[j], a[j]);
      }
    }
  }
}

void LayerStatsAccumulator::finish(const Net<float>& net, const std::vector<float>& update_ratios, double count, Metrics& m,
                                   std::vector<uint8_t>& states) {
  m.born_dead = false;
  m.output_constant = true;
  std::size_t first_unit = 0;
  for (int l = 0; l < net.depth(); ++l) {
    const auto& L = net.layers[l];
    auto& s = m.layers[l];
    auto& t = track_[l];
    const double n = count * L.out;
    s.pre_mean = t.sums[0] / n;
    s.pre_std = std::sqrt(std::max(0.0, t.sums[1] / n - s.pre_mean * s.pre_mean));
    s.act_mean = t.sums[2] / n;
    s.act_std = std::sqrt(std::max(0.0, t.sums[3] / n - s.act_mean * s.act_mean));
    s.grad_z_rms = std::sqrt(t.sums[4] / n);
    s.grad_w_norm = std::sqrt(sum_squares(L.gWt.data(), L.gWt.size()));
    s.grad_b_norm = std::sqrt(sum_squares(L.gb.data(), L.gb.size()));
    s.weight_norm = std::sqrt(sum_squares(L.Wt.data(), L.Wt.size()));
    s.bias_norm = std::sqrt(sum_squares(L.b.data(), L.b.size()));
    s.update_ratio = update_ratios[l];
    s.dead = s.inactive = s.saturated = 0;
    bool all_zero = true;
    for (int j = 0; j < L.out; ++j) {
      const bool dead = !t.grad_seen[j];
      const bool inactive = !dead && has_off_region(L.act) && !t.positive_seen[j];
      const bool saturated = saturates(L.act) && t.saturated_count[j] > kSaturationShare * count;
      s.dead += dead;
      s.inactive += inactive;
      s.saturated += saturated;
      all_zero = all_zero && !t.nonzero_seen[j];
      const UnitState state = dead                      ? UnitState::dead
                              : !t.dz_seen[j]           ? UnitState::blocked
                              : inactive                ? UnitState::inactive
                              : saturated               ? UnitState::saturated
                                                        : UnitState::active;
      states[first_unit + j] = static_cast<uint8_t>(state);
    }
    first_unit += L.out;
    merge_grad(t.grad_fine, s);
    s.all_zero = all_zero;
    if (l + 1 < net.depth()) m.born_dead = m.born_dead || all_zero;
    else
      for (int j = 0; j < L.out; ++j)
        m.output_constant = m.output_constant && (t.hi[j] - t.lo[j]) <= 1e-6f * (1 + std::max(std::fabs(t.hi[j]), std::fabs(t.lo[j])));
  }
}

}  // namespace gl
