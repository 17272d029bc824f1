// Shared pieces of the libFuzzer targets: turning bytes into field values, keeping each
// execution cheap, driving a Session through every public entry point, and the invariants
// that must hold afterwards. A broken invariant prints what went wrong and aborts, which
// libFuzzer reports as a crash and saves the input (see tests/fuzz/README.md).
#pragma once
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "../core/helpers.hpp"
#include "session.hpp"

namespace fz {

[[noreturn]] inline void fail(const char* what, const std::string& detail, const char* file, int line) {
  std::fprintf(stderr, "\n*** invariant broken at %s:%d: %s\n    %s\n", file, line, what, detail.c_str());
  std::abort();
}
#define FZ_REQUIRE(cond, detail) \
  do {                           \
    if (!(cond)) ::fz::fail(#cond, (detail), __FILE__, __LINE__); \
  } while (0)

inline std::string num(double v) {
  char b[40];
  std::snprintf(b, sizeof b, "%.17g", v);
  return b;
}

constexpr double kInf = std::numeric_limits<double>::infinity();

// ---- values ---------------------------------------------------------------------------------

/// A number for a field whose range is [lo, hi]: mostly the edges and just past them, the
/// non-finite values, and values chosen inside the range; sometimes any double at all.
inline double pick_number(FuzzedDataProvider& p, double lo, double hi, bool integral) {
  switch (p.ConsumeIntegralInRange<int>(0, 17)) {
    case 0: return lo;
    case 1: return hi;
    case 2: return 0.0;
    case 3: return -0.0;
    case 4: return std::numeric_limits<double>::quiet_NaN();
    case 5: return kInf;
    case 6: return -kInf;
    case 7: return integral ? lo - 1 : std::nextafter(lo, -kInf);
    case 8: return integral ? hi + 1 : std::nextafter(hi, kInf);
    case 9: return p.ConsumeBool() ? 1e308 : -1e308;
    case 10: return std::numeric_limits<double>::denorm_min();
    case 11: return 0.5 * (lo + hi) + (integral ? 0.5 : 0.0);  // non-integral for integer fields
    case 12: {
      const double v = lo + (hi - lo) * p.ConsumeProbability<double>();
      return integral ? std::floor(v) : v;
    }
    case 13: return p.ConsumeIntegral<int32_t>();
    case 14: {  // any bit pattern, including signalling NaNs and negative zero
      const uint64_t bits = p.ConsumeIntegral<uint64_t>();
      double v;
      std::memcpy(&v, &bits, sizeof v);
      return v;
    }
    case 15: return lo + p.ConsumeIntegralInRange<int>(0, 7);  // small: most networks stay cheap
    case 16: return hi - p.ConsumeIntegralInRange<int>(0, 3);
    default: return p.ConsumeIntegralInRange<int>(1, 16);
  }
}

/// Text a user could type for a number: a rendered value, or one of the forms strtod and the
/// parser disagree about easily.
inline std::string pick_number_text(FuzzedDataProvider& p, double lo, double hi, bool integral) {
  static const char* const odd[] = {"",      " ",         "NaN",    "nan",    "Infinity", "-Infinity", "inf",
                                    "1e309", "-1e309",    "-0",     "0x10",   "0x1p-1074", "1e+5",     " 3",
                                    "3 ",    "+4",        "4.",     ".5",     "1e",        "--1",      "4.9e-324",
                                    "1e-7",  "9.999e-8",  "10.0000001", "99999999999999999999", "2147483648",
                                    "-2147483649", "4294967296", "1,2", "%31", "\xff", "nan(123)"};
  switch (p.ConsumeIntegralInRange<int>(0, 3)) {
    case 0: return odd[p.ConsumeIntegralInRange<size_t>(0, sizeof odd / sizeof odd[0] - 1)];
    case 1: return p.ConsumeRandomLengthString(24);
    default: return num(pick_number(p, lo, hi, integral));
  }
}

/// Sets one field, through the struct or through its text form, to a value chosen by the
/// fuzzer. Text that does not parse throws gl::ConfigError, as it must.
inline void set_field(gl::Config& c, const gl::Field& f, FuzzedDataProvider& p) {
  using gl::FieldKind;
  const int how = p.ConsumeIntegralInRange<int>(0, 2);  // 0: keep the default, 1: struct, 2: text
  if (how == 0) return;
  const bool list = f.kind == FieldKind::int_list || f.kind == FieldKind::enum_list || f.kind == FieldKind::enum_set;
  const bool named = f.names != nullptr;
  if (how == 1) {
    if (list) {
      auto& l = f.list(c);
      l.clear();
      const int n = p.ConsumeIntegralInRange<int>(0, f.max_len + 2);  // odd lengths: past the maximum too
      for (int i = 0; i < n; ++i) {
        const double v = pick_number(p, f.min, f.max, true);
        // The int members hold what an int can hold; a double that no int holds is a text case.
        l.push_back(std::isfinite(v) && std::fabs(v) < 2e9 ? int(v) : p.ConsumeIntegral<int>());
      }
      return;
    }
    const double v = pick_number(p, f.min, f.max, f.kind != FieldKind::number);
    // Field::set converts to the member's type: integers and enums need a value an integer
    // holds (the public entry points, text and set_live, check before converting).
    if (f.kind == FieldKind::number) f.set(c, v);
    else if (std::isfinite(v) && std::fabs(v) < 2e9) f.set(c, std::trunc(v));
    return;
  }
  std::string text;
  if (list) {
    const int n = p.ConsumeIntegralInRange<int>(0, f.max_len + 2);
    for (int i = 0; i < n; ++i) {
      if (i) text += p.ConsumeIntegralInRange<int>(0, 15) == 0 ? ",," : ",";
      if (named && p.ConsumeBool())
        text += f.names[p.ConsumeIntegralInRange<int>(0, f.n_names - 1)];
      else
        text += pick_number_text(p, f.min, f.max, true);
    }
    if (p.ConsumeIntegralInRange<int>(0, 15) == 0) text += ',';
  } else if (named && p.ConsumeIntegralInRange<int>(0, 3) != 0) {
    const int i = p.ConsumeIntegralInRange<int>(0, f.n_names);  // one past the end: an alias or garbage
    text = i < f.n_names ? f.names[i] : (p.ConsumeBool() ? "silu" : p.ConsumeRandomLengthString(12));
  } else {
    text = pick_number_text(p, f.min, f.max, f.kind != FieldKind::number);
  }
  gl::field_from_text(c, f, text);
}

// ---- cost control -----------------------------------------------------------------------------

/// Multiply-adds a session of this configuration costs to build, evaluate once and train a
/// few steps. Each fuzz execution must stay around a millisecond, so bigger ones are
/// validated (the budget check runs on every configuration) but not built.
inline double session_cost(const gl::Config& c, const gl::Resolved& r) {
  double params = 0, qr = 0, units = r.inputs;
  int in = r.inputs;
  std::vector<int> widths = c.hidden;
  widths.push_back(r.outputs);
  for (int w : widths) {
    params += double(in) * w + w;
    units += w;
    if (c.init == gl::InitKind::orthogonal) qr += double(std::max(in, w)) * std::min(in, w) * std::min(in, w);
    in = w;
  }
  const double points = r.train + r.test;
  // Evaluations dominate: three per execution, each a forward and backward pass over every
  // point plus per-unit statistics (comparison-heavy, so slow under coverage tracing).
  return params * (points * 3 + c.batchSize * 3 * 4 + 64 * 3) + qr + points * r.inputs * 4 + points * units * 30;
}
inline constexpr double kMaxCost = 2e6;
inline constexpr double kMaxBytes = 16.0 * 1024 * 1024;

// ---- invariants ---------------------------------------------------------------------------------

/// A ConfigError names a field (or "data") and starts its message with it.
inline void check_config_error(const gl::ConfigError& e) {
  // what() is a C string: a name with a NUL byte in it (echoed from the query) ends the
  // message there, so compare up to the first NUL.
  const std::string msg = e.what(), field = e.field().substr(0, e.field().find('\0'));
  FZ_REQUIRE(!e.field().empty(), msg);
  FZ_REQUIRE(msg.rfind(field, 0) == 0, "message does not start with the field: " + field + " / " + msg);
  FZ_REQUIRE(field.size() < e.field().size() || msg.size() > field.size() + 2, msg);
}

/// What validate() resolves must be internally consistent and fit the memory budget.
inline void check_resolved(const gl::Config& c, const gl::Resolved& r, const gl::DataShape* custom) {
  const int points = custom ? custom->points : c.numPoints;
  FZ_REQUIRE(r.train >= 1 && r.test >= 0 && r.train + r.test == points, num(r.train) + " + " + num(r.test));
  FZ_REQUIRE(c.batchSize >= 1 && c.batchSize <= r.train, num(c.batchSize));
  FZ_REQUIRE(r.acts.size() == c.hidden.size(), "acts");
  FZ_REQUIRE(r.inputs >= 1 && r.outputs >= 1, num(r.inputs) + " -> " + num(r.outputs));
  FZ_REQUIRE(!r.classification || (r.classes >= 2 && r.classes <= 32), num(r.classes));
  const double bytes = gl::estimate_bytes(c, r);
  FZ_REQUIRE(std::isfinite(bytes) && bytes > 0 && bytes <= gl::kMemoryBudget, num(bytes));
}

/// A valid configuration survives its own text form: config -> query -> config.
inline void check_round_trip(const gl::Config& c) {
  const std::string q = gl::config_to_query(c);
  gl::Config back;
  try {
    back = gl::config_from_query(q);
  } catch (const gl::ConfigError& e) {
    fail("a valid configuration's query does not parse", q + "\n    " + e.what(), __FILE__, __LINE__);
  }
  FZ_REQUIRE(gl::config_to_query(back) == q, q + "\n != " + gl::config_to_query(back));
}

/// "layers[l].name" (or the histogram and bin) of an index into pack_metrics' output.
inline std::string metric_name(std::size_t i) {
  const std::size_t head = gl::kMetricNames.size(), per = gl::kLayerMetricNames.size() + 3 * gl::kHistBins;
  if (i < head) return gl::kMetricNames[i];
  const std::size_t l = (i - head) / per, k = (i - head) % per;
  const std::string at = "layers[" + std::to_string(l) + "].";
  if (k < gl::kLayerMetricNames.size()) return at + gl::kLayerMetricNames[k];
  static const char* const hist[] = {"preHist", "actHist", "gradHist"};
  const std::size_t h = k - gl::kLayerMetricNames.size();
  return at + hist[h / gl::kHistBins] + "[" + std::to_string(h % gl::kHistBins) + "]";
}

/// Every metric, read through pack_metrics (what the bindings read), against the session.
/// `batch_measured`: some step() or step_epoch() call since the last reset ran to its end, so
/// its last step computed the batch loss (the steps before the last skip it). Without one, a run
/// at step > 0 got there only through calls cut short by a divergence that new weights ended:
/// the refused step's loss went with the divergence, and no batch loss is available (NaN).
inline void check_metrics(const gl::Session& s, bool batch_measured = true) {
  using gl::Divergence;
  const gl::Metrics& m = s.metrics();
  const gl::Resolved& r = s.resolved();
  const bool diverged = m.diverged != Divergence::none;
  FZ_REQUIRE(m.step >= 0 && m.epoch >= 0 && m.epoch <= m.step, num(m.step) + " / " + num(m.epoch));
  FZ_REQUIRE(int(m.diverged) >= 0 && int(m.diverged) <= int(Divergence::weights), num(int(m.diverged)));
  FZ_REQUIRE(diverged == (m.diverged_step >= 0), num(m.diverged_step));
  FZ_REQUIRE(!diverged || m.diverged_step <= m.step, num(m.diverged_step) + " > " + num(m.step));
  FZ_REQUIRE(std::isfinite(m.lr) && m.lr >= 0, num(m.lr));
  FZ_REQUIRE(m.evaluated_step >= -1 && m.evaluated_step <= m.step, num(m.evaluated_step));

  std::vector<double> flat(gl::metrics_size(int(m.layers.size())));
  gl::pack_metrics(m, flat.data());
  const auto& names = gl::kMetricNames;
  const auto layers_at = std::find_if(names.begin(), names.end(), [](const char* n) { return std::strcmp(n, "layers") == 0; });
  FZ_REQUIRE(layers_at != names.end() && flat[layers_at - names.begin()] == double(m.layers.size()), "layers");
  FZ_REQUIRE(m.layers_step <= m.evaluated_step && (m.layers_step >= 0) == !m.layers.empty(), num(m.layers_step));

  if (!diverged) {
    // NaN means "not available" and only where nothing could be measured.
    const bool evaluated = m.evaluated_step >= 0;
    auto loss_ok = [&](double v, bool available) { return available ? std::isfinite(v) && v >= 0 : std::isnan(v); };
    auto acc_ok = [&](double v, bool available) { return available ? v >= 0 && v <= 1 : std::isnan(v); };
    FZ_REQUIRE(loss_ok(m.train_loss, evaluated), num(m.train_loss));
    FZ_REQUIRE(loss_ok(m.test_loss, evaluated && r.test > 0), num(m.test_loss));
    FZ_REQUIRE(acc_ok(m.train_acc, evaluated && r.classification), num(m.train_acc));
    FZ_REQUIRE(acc_ok(m.test_acc, evaluated && r.classification && r.test > 0), num(m.test_acc));
    FZ_REQUIRE(m.step == 0 || (batch_measured ? std::isfinite(m.batch_loss) && m.batch_loss >= 0 : std::isnan(m.batch_loss)),
               num(m.batch_loss));
    FZ_REQUIRE(m.step == 0 || (std::isfinite(m.grad_norm) && m.grad_norm >= 0), num(m.grad_norm));
  } else {
    // After a divergence only its records may be non-finite: the losses (of the refused step
    // or of the evaluation that found it) and the gradient norm of the refused step; and
    // accuracies never measured (NaN). Everything else keeps its last finite value.
    for (std::size_t i = 0; i < gl::kMetricNames.size(); ++i) {
      const std::string name = gl::kMetricNames[i];
      const bool record = name == "trainLoss" || name == "testLoss" || name == "batchLoss" || name == "gradNorm";
      const bool unmeasured = (name == "trainAccuracy" || name == "testAccuracy") && std::isnan(flat[i]);
      FZ_REQUIRE(record || unmeasured || std::isfinite(flat[i]), name + " is " + num(flat[i]) + " after a divergence");
    }
  }
  // Per-layer figures are numbers, diverged or not.
  for (std::size_t i = gl::kMetricNames.size(); i < flat.size(); ++i)
    FZ_REQUIRE(std::isfinite(flat[i]), metric_name(i) + " is " + num(flat[i]));

  if (m.layers.empty()) return;
  const auto& net = s.net();
  FZ_REQUIRE(int(m.layers.size()) == net.depth(), "layer count");
  const double n = r.train;
  bool born_dead = false;
  for (int l = 0; l < net.depth(); ++l) {
    const gl::LayerStats& L = m.layers[l];
    const std::string at = "layer " + num(l);
    FZ_REQUIRE(L.units == net.layers[l].out, at);
    FZ_REQUIRE(L.dead >= 0 && L.inactive >= 0 && L.dead + L.inactive <= L.units, at + " dead/inactive");
    FZ_REQUIRE(L.saturated >= 0 && L.saturated <= L.units, at + " saturated");
    double pre = 0, act = 0, grad = L.grad_zeros + L.grad_below;
    for (int b = 0; b < gl::kHistBins; ++b) {
      FZ_REQUIRE(L.pre_hist[b] >= 0 && L.act_hist[b] >= 0 && L.grad_hist[b] >= 0, at + " negative bin");
      pre += L.pre_hist[b], act += L.act_hist[b], grad += L.grad_hist[b];
    }
    // Every example x unit lands in exactly one bin (or is an exact zero of the gradient, or
    // below its range).
    FZ_REQUIRE(pre == n * L.units, at + " pre_hist sums to " + num(pre) + ", not " + num(n * L.units));
    FZ_REQUIRE(act == n * L.units, at + " act_hist sums to " + num(act));
    FZ_REQUIRE(grad == n * L.units, at + " grad_hist + zeros + below sums to " + num(grad));
    if (l + 1 < net.depth()) born_dead = born_dead || L.all_zero;
  }
  FZ_REQUIRE(m.born_dead == born_dead, "born_dead disagrees with the layers' all_zero");
}

inline void check_weights_finite(const gl::Session& s, const char* when) {
  const std::vector<float> w = weights_of(s);
  for (std::size_t i = 0; i < w.size(); ++i) FZ_REQUIRE(std::isfinite(w[i]), std::string(when) + ": weight " + num(double(i)));
}

/// Grids are the float32 network over the plane: a run that is not diverged may still overflow
/// there, far from its data (a unit off on every training point, on elsewhere with huge
/// weights). Every non-finite unit value must be such an overflow: its layer's input there is
/// not finite, or sum |W| |a| + |b| in double reaches half of float32's largest value (half: an
/// activation such as SELU's lambda z may scale the sum past the edge). The output grid must
/// agree with the neuron grids' output units bit for bit.
inline void check_overflow_explained(gl::Session& s, const std::vector<float>& out, int res) {
  const std::vector<float>& u = s.neuron_grids(res);
  const gl::Net<float>& net = s.net();
  const std::size_t P = std::size_t(s.grid_points(res));
  const int k = net.outputs();
  const std::size_t first_out = std::size_t(s.unit_count() - k);
  for (std::size_t q = 0; q < P; ++q)
    for (int j = 0; j < k; ++j) {
      const float a = out[q * k + j], b = u[(first_out + j) * P + q];
      FZ_REQUIRE(std::memcmp(&a, &b, sizeof a) == 0, "predict_grid and neuron_grids differ at point " + num(double(q)));
    }
  std::size_t below = 0;  // first unit of the layer's input
  for (int i = 0; i < net.layers.front().in; ++i)
    for (std::size_t q = 0; q < P; ++q) FZ_REQUIRE(std::isfinite(u[i * P + q]), "a feature on the grid is not finite");
  for (const auto& L : net.layers) {
    const std::size_t here = below + std::size_t(L.in);
    for (int j = 0; j < L.out; ++j)
      for (std::size_t q = 0; q < P; ++q) {
        if (std::isfinite(u[(here + j) * P + q])) continue;
        double bound = std::fabs(double(L.b(j)));
        bool inputs_finite = true;
        for (int i = 0; i < L.in; ++i) {
          const double a = u[(below + i) * P + q];
          inputs_finite = inputs_finite && std::isfinite(a);
          bound += std::fabs(double(L.Wt(i, j))) * std::fabs(a);
        }
        FZ_REQUIRE(!inputs_finite || bound >= double(std::numeric_limits<float>::max()) / 2,
                   "a non-finite grid value with finite inputs and |W||a|+|b| = " + num(bound));
      }
    below = here;
  }
}

/// Grid outputs: the right size; on a run that has not diverged, a non-finite value only where
/// the network really overflows, and finite outputs of bounded activations within their range,
/// softmax rows of finite values summing to 1.
inline void check_grids(gl::Session& s, FuzzedDataProvider& p) {
  static const int kRes[] = {2, 3, 4, 5, 7, 8, 0, 1, -1, 513, 1 << 30};
  int res = kRes[p.ConsumeIntegralInRange<int>(0, 10)];
  const bool plane = s.grid_dims() > 0;
  const bool valid = plane && res >= 2 && res <= 512;
  try {
    const std::vector<float> g = s.predict_grid(res);  // a copy: neuron_grids reuses the workspace
    FZ_REQUIRE(valid, "predict_grid accepted resolution " + num(res));
    const gl::Resolved& r = s.resolved();
    FZ_REQUIRE(g.size() == std::size_t(s.grid_points(res)) * r.outputs, "grid size");
    if (!s.diverged()) {
      for (std::size_t i = 0; i < g.size(); ++i) {
        const float v = g[i];
        if (!std::isfinite(v)) continue;  // explained below
        if (r.out == gl::OutAct::sigmoid || r.out == gl::OutAct::softmax) FZ_REQUIRE(v >= 0 && v <= 1, num(v));
        if (r.out == gl::OutAct::tanh) FZ_REQUIRE(v >= -1 && v <= 1, num(v));
      }
      if (r.out == gl::OutAct::softmax)
        for (std::size_t q = 0; q < g.size(); q += r.outputs) {
          double sum = 0;
          for (int k = 0; k < r.outputs; ++k) sum += g[q + k];
          FZ_REQUIRE(!std::isfinite(sum) || std::fabs(sum - 1) < 1e-4, "softmax row sums to " + num(sum));
        }
      const bool fits = double(s.unit_count()) * s.grid_points(res) <= gl::kMaxGridValues;
      if (fits) check_overflow_explained(s, g, res);
    }
    const auto& u = s.neuron_grids(res);
    FZ_REQUIRE(u.size() == std::size_t(s.unit_count()) * s.grid_points(res), "neuron grid size");
  } catch (const std::invalid_argument& e) {
    // Refused: no plane, a resolution out of range, or too many values for the units.
    const bool too_fine = plane && valid && double(s.unit_count()) * s.grid_points(res) > gl::kMaxGridValues;
    FZ_REQUIRE(!valid || too_fine, std::string("grid refused a valid request: ") + e.what());
  }
}

/// Operations exercise() chooses from; with the operation bytes used up, every choice is 0,
/// so an input without them still evaluates, trains a step and resets.
enum Op { kStep, kLive, kGrid, kEpoch, kBlob, kEval, kOpCount };

/// Drives a built session through steps, live changes, evaluation, grids, weights, reset and
/// reseed, checking the invariants after each.
inline void exercise(gl::Session& s, FuzzedDataProvider& p) {
  const std::vector<float> w0 = weights_of(s);
  const bool diag0 = p.ConsumeIntegralInRange<int>(0, 3) != 3;
  const gl::Metrics first = s.evaluate(diag0);
  bool batch_measured = false;  // see check_metrics
  check_metrics(s, batch_measured);
  if (!s.diverged()) check_weights_finite(s, "after construction");

  const int rounds = 1 + p.ConsumeIntegralInRange<int>(0, 3);
  for (int round = 0; round < rounds; ++round) {
    switch (p.ConsumeIntegralInRange<int>(0, kOpCount - 1)) {
      case kStep: {
        static const int kSteps[] = {1, 2, 3, 0, -1, 5};
        const int n = kSteps[p.ConsumeIntegralInRange<int>(0, 5)];
        const bool was = s.diverged();
        const long long before = s.metrics().step;
        // step(n) skips the loss of all but its last step; one step at a time must end in
        // the same place, bit for bit (weights, step count, divergence and its step).
        gl::Session twin = s;
        for (int k = 0; k < n; ++k) twin.step(1);
        const int done = s.step(n);
        FZ_REQUIRE(twin.metrics().step == s.metrics().step && twin.metrics().diverged == s.metrics().diverged &&
                       twin.metrics().diverged_step == s.metrics().diverged_step,
                   "step(" + num(n) + ") and " + num(n) + " x step(1) disagree: step " + num(s.metrics().step) + " / " +
                       num(twin.metrics().step) + ", diverged " + num(int(s.metrics().diverged)) + " / " +
                       num(int(twin.metrics().diverged)));
        FZ_REQUIRE(bit_identical(weights_of(s), weights_of(twin)), "step(n) and n x step(1): weights differ");
        FZ_REQUIRE(done >= 0 && done <= std::max(n, 0), num(done));
        batch_measured = batch_measured || (n > 0 && done == n);
        FZ_REQUIRE(s.metrics().step == before + done, "step counter");
        FZ_REQUIRE(done == std::max(n, 0) || s.diverged(), "step() stopped early without diverging");
        FZ_REQUIRE(!was || done == 0, "a diverged run trained on");
        // A step that blows up is detected before its update: the weights stay finite
        // (only the backstop, a non-finite weight norm after an update, sees otherwise).
        if (s.metrics().diverged != gl::Divergence::weights) check_weights_finite(s, "after step");
        break;
      }
      case kLive: {  // a live change: any field name, any value
        const auto& fs = gl::fields();
        const int i = p.ConsumeIntegralInRange<int>(0, int(fs.size()));
        const std::string name = i < int(fs.size()) ? fs[i].name : p.ConsumeRandomLengthString(8);
        const gl::Field* f = gl::find_field(name);
        const double v = f ? pick_number(p, f->min, f->max, f->kind != gl::FieldKind::number) : 1.0;
        try {
          s.set_live(name, v);
          FZ_REQUIRE(f && f->live, "set_live accepted " + name);
          FZ_REQUIRE(f->get(s.config()) == v, name + " reads back " + num(f->get(s.config())) + ", not " + num(v));
        } catch (const gl::ConfigError& e) {
          // An empty name is echoed as the (empty) field: the JS API refuses it before the
          // engine sees it, so only the exception type matters here.
          if (!name.empty()) check_config_error(e);
        }
        break;
      }
      case kGrid: check_grids(s, p); break;
      case kEpoch: {
        const int train = s.resolved().train, batch = s.config().batchSize;
        if ((train + batch - 1) / batch <= 8) {
          const bool was = s.diverged();
          const long long epoch = s.metrics().epoch;
          s.step_epoch();
          // ran to the epoch's end, whose step computed the loss (even if its update then overflowed)
          batch_measured = batch_measured || (!was && s.metrics().epoch > epoch);
        }
        break;
      }
      case kBlob: {  // weights: blob round trip
        const auto blob = s.save_weights();
        const std::vector<float> before = weights_of(s);
        bool finite = true;
        for (float v : before) finite = finite && std::isfinite(v);
        try {
          s.load_weights(blob.data(), blob.size());
          FZ_REQUIRE(finite, "load_weights accepted non-finite weights");
        } catch (const std::invalid_argument&) {
          FZ_REQUIRE(!finite, "load_weights refused the session's own blob");
        }
        FZ_REQUIRE(bit_identical(weights_of(s), before), "blob round trip");
        break;
      }
      default: s.evaluate(p.ConsumeBool()); break;
    }
    check_metrics(s, batch_measured);
  }
  s.evaluate(true);
  check_metrics(s, batch_measured);

  // reset: the initial weights and, bit for bit, the initial evaluation.
  s.reset();
  FZ_REQUIRE(!s.diverged() && s.metrics().step == 0, "reset");
  FZ_REQUIRE(bit_identical(weights_of(s), w0), "reset did not restore the weights");
  const gl::Metrics& again = s.evaluate(diag0);
  FZ_REQUIRE(std::memcmp(&again.train_loss, &first.train_loss, sizeof(double)) == 0,
             "reset run evaluates to " + num(again.train_loss) + ", not " + num(first.train_loss));
  check_metrics(s);
  if (p.ConsumeBool()) {
    s.reseed(p.ConsumeIntegral<uint32_t>());
    s.step(1);
    s.evaluate(true);
    check_metrics(s);
  }
}

/// Validates a configuration; if it is valid and cheap, builds and exercises a session.
inline void run_config(const gl::Config& c, FuzzedDataProvider& p, const gl::UserData* user = nullptr) {
  gl::Resolved r;
  const gl::DataShape* shape = user && c.dataset == gl::DatasetKind::custom ? &user->shape : nullptr;
  try {
    r = gl::validate(c, shape);
  } catch (const gl::ConfigError& e) {
    check_config_error(e);
    return;
  }
  check_resolved(c, r, shape);
  check_round_trip(c);
  // FZ_VERBOSE=1 prints each valid configuration, for triage of a reproducer.
  if (std::getenv("FZ_VERBOSE")) std::fprintf(stderr, "config: %s\n", gl::config_to_query(c).c_str());
  if (session_cost(c, r) > kMaxCost || gl::estimate_bytes(c, r) > kMaxBytes) return;
  try {
    gl::Session s(c, user);
    exercise(s, p);
  } catch (const gl::ConfigError& e) {
    FZ_REQUIRE(user != nullptr, std::string("a validated configuration failed to build: ") + e.what());
    check_config_error(e);  // the user data itself (sizes, labels, non-finite values)
  }
}

/// Networks the weights target (and its seeds in make_corpus) loads into: no hidden layer, one,
/// several; one output, several (softmax), regression; 2-D, 1-D and plain vector inputs.
inline const char* const kWeightNets[] = {
    "hidden=",
    "hidden=3&activation=relu",
    "hidden=4,2&dataset=spiral&classes=3",
    "hidden=5,5,5&dataset=plane&activation=sigmoid",
    "dataset=highdim&inputDim=3&hidden=2&classes=4&numPoints=40",
    "dataset=fit1d&hidden=6&features=x1,x1sq&activation=selu&init=lecun_normal",
    "hidden=8,8&activation=gelu&dataset=xor&optimizer=adam",
};
inline constexpr int kWeightNetCount = sizeof kWeightNets / sizeof kWeightNets[0];

}  // namespace fz
