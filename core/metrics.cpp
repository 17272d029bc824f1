// The flat layout of the metrics, defined once: each table entry names a figure and reads it.
#include "metrics.hpp"

#include <algorithm>
#include <iterator>
#include <type_traits>

namespace gl {
namespace {

// One entry of the flat layout: its name and how to read its value from S. Both the names the
// bindings export and the packed values come from the tables below, so they cannot drift apart.
template <class S> struct Column {
  const char* name;
  double (*value)(const S&);
};

template <class> struct member_of;
template <class S, class T> struct member_of<T S::*> {
  using owner = S;
};

template <class T> double as_double(T v) {
  if constexpr (std::is_enum_v<T>) return static_cast<double>(static_cast<int>(v));
  else if constexpr (std::is_same_v<T, bool>) return v ? 1.0 : 0.0;
  else return static_cast<double>(v);
}

template <auto M> double read(const typename member_of<decltype(M)>::owner& s) { return as_double(s.*M); }

/// A column that reads one member.
template <auto M> constexpr Column<typename member_of<decltype(M)>::owner> col(const char* name) { return {name, &read<M>}; }

using L = LayerStats;
using G = Metrics;

constexpr Column<Metrics> kHead[] = {
    col<&G::step>("step"),
    col<&G::epoch>("epoch"),
    col<&G::evaluated_step>("evaluatedStep"),
    col<&G::layers_step>("layersStep"),
    col<&G::train_loss>("trainLoss"),
    col<&G::test_loss>("testLoss"),
    col<&G::train_acc>("trainAccuracy"),
    col<&G::test_acc>("testAccuracy"),
    col<&G::batch_loss>("batchLoss"),
    col<&G::grad_norm>("gradNorm"),
    col<&G::lr>("learningRate"),
    col<&G::diverged>("diverged"),
    col<&G::diverged_step>("divergedStep"),
    col<&G::born_dead>("bornDead"),
    col<&G::output_constant>("outputConstant"),
    {"layers", [](const Metrics& m) { return double(m.layers.size()); }},
    {"histBins", [](const Metrics&) { return double(kHistBins); }},
};

constexpr Column<LayerStats> kLayer[] = {
    col<&L::units>("units"),
    col<&L::grad_w_norm>("gradWNorm"),
    col<&L::grad_b_norm>("gradBNorm"),
    col<&L::grad_z_rms>("gradZRms"),
    col<&L::weight_norm>("weightNorm"),
    col<&L::bias_norm>("biasNorm"),
    col<&L::update_ratio>("updateRatio"),
    col<&L::pre_mean>("preMean"),
    col<&L::pre_std>("preStd"),
    col<&L::act_mean>("actMean"),
    col<&L::act_std>("actStd"),
    col<&L::dead>("dead"),
    col<&L::inactive>("inactive"),
    col<&L::saturated>("saturated"),
    col<&L::all_zero>("allZero"),
    col<&L::pre_lo>("preLo"),
    col<&L::pre_hi>("preHi"),
    col<&L::act_lo>("actLo"),
    col<&L::act_hi>("actHi"),
    col<&L::grad_lo>("gradLogLo"),
    col<&L::grad_hi>("gradLogHi"),
    col<&L::grad_zeros>("gradZeros"),
    col<&L::grad_below>("gradBelow"),
};

template <class S, std::size_t N> std::vector<const char*> names_of(const Column<S> (&table)[N]) {
  std::vector<const char*> names;
  for (const auto& c : table) names.push_back(c.name);
  return names;
}

}  // namespace

const std::vector<const char*> kMetricNames = names_of(kHead);
const std::vector<const char*> kLayerMetricNames = names_of(kLayer);

std::size_t metrics_size(int layers) {
  return std::size(kHead) + std::size_t(layers) * (std::size(kLayer) + 3 * kHistBins);
}

void pack_metrics(const Metrics& m, double* out) {
  for (const auto& c : kHead) *out++ = c.value(m);
  for (const auto& s : m.layers) {
    for (const auto& c : kLayer) *out++ = c.value(s);
    out = std::copy(s.pre_hist.begin(), s.pre_hist.end(), out);
    out = std::copy(s.act_hist.begin(), s.act_hist.end(), out);
    out = std::copy(s.grad_hist.begin(), s.grad_hist.end(), out);
  }
}

}  // namespace gl
