#include "layer_stats.hpp"

#include <algorithm>
#include <cmath>

#include "activation.hpp"
#include "fastmath.hpp"
#include "optimizer.hpp"  // sum_squares: the same norms training reports

namespace gl {
namespace {

// Fixed-width bins over [lo, hi); values outside land in the end bins (NaN in the first).
struct Binner {
  float lo, scale;
  Binner(float lo_, float hi_) : lo(lo_), scale(kHistBins / (hi_ - lo_)) {}
  int operator()(float v) const {
    const float t = (v - lo) * scale;
    if (!(t >= 0)) return 0;
    return t >= kHistBins ? kHistBins - 1 : static_cast<int>(t);
  }
};

void act_range(Act a, float& lo, float& hi) {
  switch (a) {
    case Act::sigmoid: lo = 0, hi = 1; return;
    case Act::tanh: lo = -1, hi = 1; return;
    case Act::linear: lo = -5, hi = 5; return;
    default: lo = -2, hi = 4; return;  // rectifiers: the flat side and a few units of the linear one
  }
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
    track_.push_back(std::move(t));
  }
}

void LayerStatsAccumulator::begin(const Net<float>& net, OutAct out, Metrics& m) {
  m.layers.assign(net.depth(), LayerStats{});
  for (int l = 0; l < net.depth(); ++l) {
    const auto& L = net.layers[l];
    auto& s = m.layers[l];
    auto& t = track_[l];
    s.units = L.out;
    act_range(L.act, s.act_lo, s.act_hi);
    if (l + 1 == net.depth() && out == OutAct::softmax) s.act_lo = 0, s.act_hi = 1;
    std::fill(t.grad_seen.begin(), t.grad_seen.end(), 0);
    std::fill(t.positive_seen.begin(), t.positive_seen.end(), 0);
    std::fill(t.nonzero_seen.begin(), t.nonzero_seen.end(), 0);
    std::fill(t.dz_seen.begin(), t.dz_seen.end(), 0);
    std::fill(t.saturated_count.begin(), t.saturated_count.end(), 0);
    std::fill(t.lo.begin(), t.lo.end(), INFINITY);
    std::fill(t.hi.begin(), t.hi.end(), -INFINITY);
    t.sums = {};
  }
}

void LayerStatsAccumulator::add(const Net<float>& net, const Workspace<float>& ws, int rows, double count, Metrics& m) {
  for (int l = 0; l < net.depth(); ++l) {
    const auto& L = net.layers[l];
    auto& s = m.layers[l];
    auto& t = track_[l];
    const bool sat = saturates(L.act);
    const float sat_below = static_cast<float>(kSaturationSlope * peak_slope(L.act));
    const Binner pre_bin(s.pre_lo, s.pre_hi), act_bin(s.act_lo, s.act_hi), grad_bin(kGradLogLo, kGradLogHi);
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
        else s.grad_hist[grad_bin(ag < 1e-30f ? -1e9f : fm::log(ag) * 0.43429448f)] += 1;  // log10 |g|
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
    s.all_zero = all_zero;
    if (l + 1 < net.depth()) m.born_dead = m.born_dead || all_zero;
    else
      for (int j = 0; j < L.out; ++j)
        m.output_constant = m.output_constant && (t.hi[j] - t.lo[j]) <= 1e-6f * (1 + std::max(std::fabs(t.hi[j]), std::fabs(t.lo[j])));
  }
}

}  // namespace gl
