#include "config.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <type_traits>

#include "optimizer.hpp"
#include "simd.hpp"

namespace gl {
namespace {

// ---- accessors generated from member pointers (no per-field boilerplate) -------------------
template <auto M> double get_scalar(const Config& c) {
  const auto v = c.*M;
  if constexpr (std::is_enum_v<decltype(v)>) return static_cast<double>(static_cast<int>(v));
  else return static_cast<double>(v);
}
template <auto M> void set_scalar(Config& c, double v) {
  using T = std::remove_reference_t<decltype(c.*M)>;
  if constexpr (std::is_enum_v<T>) c.*M = static_cast<T>(static_cast<int>(v));
  else if constexpr (std::is_integral_v<T>) c.*M = static_cast<T>(static_cast<long long>(v));
  else c.*M = static_cast<T>(v);
}
template <auto M> std::vector<int>& get_list(Config& c) { return c.*M; }

template <auto M>
Field number(const char* name, const char* group, double lo, double hi, bool live, bool log_scale, const char* help) {
  return {name, FieldKind::number, group, lo, hi, nullptr, 0, 0, live, log_scale, help, get_scalar<M>, set_scalar<M>, nullptr};
}
template <auto M>
Field integer(const char* name, const char* group, double lo, double hi, bool live, const char* help) {
  return {name, FieldKind::integer, group, lo, hi, nullptr, 0, 0, live, false, help, get_scalar<M>, set_scalar<M>, nullptr};
}
template <auto M, std::size_t N>
Field enumeration(const char* name, const char* group, const char* const (&names)[N], const char* help) {
  return {name, FieldKind::enumeration, group, 0, double(N - 1), names, int(N), 0, false, false, help,
          get_scalar<M>, set_scalar<M>, nullptr};
}
template <auto M>
Field int_list(const char* name, const char* group, double lo, double hi, int max_len, const char* help) {
  return {name, FieldKind::int_list, group, lo, hi, nullptr, 0, max_len, false, false, help, nullptr, nullptr, get_list<M>};
}
template <auto M, std::size_t N>
Field enum_list(const char* name, const char* group, FieldKind kind, const char* const (&names)[N], int max_len,
                const char* help) {
  return {name, kind, group, 0, double(N - 1), names, int(N), max_len, false, false, help, nullptr, nullptr, get_list<M>};
}

constexpr double kU32Max = 4294967295.0;

std::vector<Field> make_fields() {
  using C = Config;
  return {
      enumeration<&C::dataset>("dataset", "data", kDatasetNames,
                               "Data set: 2-D classification (circle, xor, gaussian, spiral, moons, checkerboard), "
                               "2-D regression (plane, multigauss), 1-D fitting (fit1d), random Gaussian inputs "
                               "(highdim) or user-supplied arrays (custom)."),
      enumeration<&C::target1d>("target1d", "data", kTarget1DNames, "Function fitted by the fit1d data set."),
      integer<&C::numPoints>("numPoints", "data", 10, 10000, false, "Number of points generated (train + test)."),
      number<&C::noise>("noise", "data", 0, 1, false, false, "Noise level, as a fraction of the data's scale."),
      number<&C::trainFraction>("trainFraction", "data", 0.1, 1, false, false,
                                "Fraction of the points used for training; the rest is the test set."),
      integer<&C::classes>("classes", "data", 2, kMaxClasses, false,
                           "Number of classes (spiral arms, gaussian blobs, random labels of highdim)."),
      integer<&C::inputDim>("inputDim", "data", 1, kMaxInputs, false, "Input dimension of the highdim data set."),
      enum_list<&C::features>("features", "data", FieldKind::enum_set, kFeatureNames, 7,
                              "Input features computed from the coordinates (2-D and 1-D data sets)."),
      integer<&C::dataSeed>("dataSeed", "data", 0, kU32Max, false, "Seed of the data set (points, noise, split)."),

      int_list<&C::hidden>("hidden", "network", 1, kMaxWidth, kMaxDepth,
                           "Widths of the hidden layers (0 to 64 layers of 1 to 256 units)."),
      enumeration<&C::activation>("activation", "network", kActNames, "Activation of every hidden layer."),
      enum_list<&C::layerActivations>("layerActivations", "network", FieldKind::enum_list, kActNames, kMaxDepth,
                                      "Per-layer activations (empty: all layers use `activation`)."),
      number<&C::leakySlope>("leakySlope", "network", 0, 1, false, false, "Negative-side slope of leaky_relu."),
      number<&C::eluAlpha>("eluAlpha", "network", 0, 10, false, false, "Alpha of elu (saturation value -alpha)."),
      number<&C::swishBeta>("swishBeta", "network", 0, 10, false, false, "Beta of swish (1 gives SiLU)."),
      enumeration<&C::gelu>("gelu", "network", kGeluNames, "GELU form: exact (erf) or the tanh approximation."),
      enumeration<&C::outputActivation>("outputActivation", "network", kOutActNames,
                                        "Output activation (auto: from the loss and the task)."),
      enumeration<&C::loss>("loss", "network", kLossNames,
                            "Loss (auto: binary cross-entropy for 2 classes, softmax cross-entropy for more, "
                            "MSE for regression)."),

      enumeration<&C::init>("init", "init", kInitNames, "Weight initialiser."),
      number<&C::initGain>("initGain", "init", 0, 100, false, false, "Multiplier applied to the initial weights."),
      number<&C::initScale>("initScale", "init", -100, 100, false, false,
                            "Parameter of the uniform (half-width a), normal (sigma) and constant initialisers."),
      number<&C::biasInit>("biasInit", "init", -100, 100, false, false, "Initial value of every bias."),
      integer<&C::seed>("seed", "init", 0, kU32Max, false, "Seed of the initial weights and the batch order."),

      enumeration<&C::optimizer>("optimizer", "optimizer", kOptNames, "Optimiser."),
      number<&C::learningRate>("learningRate", "optimizer", 1e-7, 10, true, true, "Learning rate."),
      number<&C::momentum>("momentum", "optimizer", 0, 0.999, true, false, "Momentum of momentum and nesterov."),
      number<&C::beta1>("beta1", "optimizer", 0, 0.9999, true, false, "Adam's first-moment decay."),
      number<&C::beta2>("beta2", "optimizer", 0, 0.99999, true, false, "Adam's second-moment decay."),
      number<&C::epsilon>("epsilon", "optimizer", 1e-12, 1, true, true, "Denominator guard of Adam and RMSprop."),
      number<&C::rmsDecay>("rmsDecay", "optimizer", 0, 0.9999, true, false, "RMSprop's squared-gradient decay."),
      number<&C::l1>("l1", "optimizer", 0, 10, true, false, "L1 regularisation rate (weights only)."),
      number<&C::l2>("l2", "optimizer", 0, 10, true, false, "L2 regularisation rate (weights only)."),
      number<&C::clipNorm>("clipNorm", "optimizer", 0, 1e6, true, false,
                           "Clip the global gradient norm to this value (0: off)."),
      enumeration<&C::schedule>("schedule", "optimizer", kScheduleNames, "Learning-rate schedule."),
      integer<&C::stepEvery>("stepEvery", "optimizer", 1, 1e7, true, "Step schedule: steps between decays."),
      number<&C::stepGamma>("stepGamma", "optimizer", 0.01, 1, true, false, "Step schedule: factor per decay."),
      integer<&C::cosineSteps>("cosineSteps", "optimizer", 1, 1e7, true, "Cosine schedule: steps to the minimum."),
      number<&C::minLearningRate>("minLearningRate", "optimizer", 0, 1, true, false,
                                  "Cosine schedule: final rate as a fraction of learningRate."),
      integer<&C::batchSize>("batchSize", "optimizer", 1, 4096, true, "Mini-batch size."),
  };
}

}  // namespace

std::string format_number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buf[40];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {  // integers as integers ("10", not "1e+01")
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  for (int prec = 1; prec <= 17; ++prec) {  // shortest text that reads back as the same double
    std::snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

namespace {

std::string fmt(double v) { return format_number(v); }

std::string join_names(const Field& f) {
  std::string s;
  for (int i = 0; i < f.n_names; ++i) s += (i ? ", " : "") + std::string(f.names[i]);
  return s;
}

const std::vector<int>& list_of(const Field& f, const Config& c) {
  return f.list(const_cast<Config&>(c));  // the accessor only selects the member; nothing is written
}

[[noreturn]] void range_error(const std::string& field, const std::string& msg) {
  throw ConfigError(field, ConfigError::Kind::range, field + ": " + msg);
}

}  // namespace

void check_number(const Field& f, double v, const std::string& label) {
  if (!std::isfinite(v)) range_error(label, fmt(v) + " is not a finite number (allowed " + fmt(f.min) + " to " + fmt(f.max) + ")");
  if (f.kind == FieldKind::integer || f.kind == FieldKind::int_list) {
    if (v != std::floor(v))
      range_error(label, fmt(v) + " is not an integer (allowed integers " + fmt(f.min) + " to " + fmt(f.max) + ")");
  }
  if (v < f.min || v > f.max) range_error(label, fmt(v) + " is out of range (allowed " + fmt(f.min) + " to " + fmt(f.max) + ")");
}

namespace {

void check_field(const Field& f, const Config& c) {
  switch (f.kind) {
    case FieldKind::number:
    case FieldKind::integer: check_number(f, f.get(c), f.name); break;
    case FieldKind::enumeration: {
      const double v = f.get(c);
      if (!(v >= 0 && v < f.n_names)) range_error(f.name, fmt(v) + " is not one of " + join_names(f));
      break;
    }
    case FieldKind::int_list:
    case FieldKind::enum_list:
    case FieldKind::enum_set: {
      const auto& l = list_of(f, c);
      if (int(l.size()) > f.max_len)
        range_error(f.name, std::to_string(l.size()) + " entries is too many (allowed at most " +
                                std::to_string(f.max_len) + ")");
      for (std::size_t i = 0; i < l.size(); ++i) {
        const std::string label = std::string(f.name) + "[" + std::to_string(i) + "]";
        if (f.kind == FieldKind::int_list) check_number(f, l[i], label);
        else if (l[i] < 0 || l[i] >= f.n_names) range_error(label, std::to_string(l[i]) + " is not one of " + join_names(f));
      }
      if (f.kind == FieldKind::enum_set) {
        auto s = l;
        std::sort(s.begin(), s.end());
        if (std::adjacent_find(s.begin(), s.end()) != s.end()) range_error(f.name, "lists a feature twice");
      }
      break;
    }
  }
}

int edit_distance(std::string_view a, std::string_view b) {
  std::vector<int> d(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) d[j] = int(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    int prev = d[0];
    d[0] = int(i);
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const int tmp = d[j];
      const bool same = std::tolower(a[i - 1]) == std::tolower(b[j - 1]);
      d[j] = std::min({d[j] + 1, d[j - 1] + 1, prev + (same ? 0 : 1)});
      prev = tmp;
    }
  }
  return d[b.size()];
}

}  // namespace

const std::vector<Field>& fields() {
  static const std::vector<Field> table = make_fields();
  return table;
}

const Field* find_field(std::string_view name) {
  for (const auto& f : fields())
    if (name == f.name) return &f;
  return nullptr;
}

int enum_index(const Field& f, std::string_view name) {
  for (int i = 0; i < f.n_names; ++i)
    if (name == f.names[i]) return i;
  if (f.names == kActNames && name == "silu") return static_cast<int>(Act::swish);  // SiLU = swish, beta 1
  return -1;
}

Resolved validate(const Config& c, const DataShape* custom) {
  for (const auto& f : fields()) check_field(f, c);

  Resolved r;
  const auto ds = c.dataset;
  const bool two_d = ds <= DatasetKind::multigauss;
  const bool multi_class_set = ds == DatasetKind::spiral || ds == DatasetKind::gaussian || ds == DatasetKind::highdim;
  int points = c.numPoints;

  if (ds == DatasetKind::custom) {
    if (!custom || custom->points <= 0)
      range_error("dataset", "'custom' needs user-supplied data (inputs and targets)");
    if (custom->points < kMinUserPoints)
      range_error("data", "needs at least " + std::to_string(kMinUserPoints) + " points, got " + std::to_string(custom->points));
    if (custom->points > kMaxUserPoints)
      range_error("data", std::to_string(custom->points) + " points is too many (allowed at most " +
                              std::to_string(kMaxUserPoints) + ")");
    if (custom->inputs < 1 || custom->inputs > kMaxInputs)
      range_error("data", std::to_string(custom->inputs) + " inputs is out of range (allowed 1 to " +
                              std::to_string(kMaxInputs) + ")");
    r.classification = custom->classification;
    if (r.classification) {
      if (custom->classes < 2 || custom->classes > kMaxClasses)
        range_error("data", std::to_string(custom->classes) + " classes is out of range (allowed 2 to " +
                                std::to_string(kMaxClasses) + ")");
      r.classes = custom->classes;
    } else if (custom->outputs < 1 || custom->outputs > kMaxWidth) {
      range_error("data", std::to_string(custom->outputs) + " target columns is out of range (allowed 1 to " +
                              std::to_string(kMaxWidth) + ")");
    }
    r.inputs = custom->inputs;
    points = custom->points;
  } else {
    r.classification = !(ds == DatasetKind::plane || ds == DatasetKind::multigauss || ds == DatasetKind::fit1d);
    if (c.classes != 2 && !multi_class_set)
      range_error("classes", std::to_string(c.classes) + " is not available for dataset '" +
                                 kDatasetNames[int(ds)] + "' (only spiral, gaussian and highdim take 3 or more classes)");
    r.classes = c.classes;
    if (two_d || ds == DatasetKind::fit1d) {
      for (int f = 0; f < 7; ++f) {
        if (std::find(c.features.begin(), c.features.end(), f) == c.features.end()) continue;
        const bool uses_x2 = f == int(Feature::x2) || f == int(Feature::x2sq) || f == int(Feature::x1x2) || f == int(Feature::sinx2);
        if (two_d || !uses_x2) r.features.push_back(f);
      }
      if (r.features.empty())
        range_error("features", two_d ? "choose at least one input feature"
                                      : "choose at least one of x1, x1sq, sinx1 (the others need a second coordinate)");
      r.inputs = int(r.features.size());
    } else {
      r.inputs = c.inputDim;
    }
  }

  // Loss and output activation: resolve "auto", then check the pair makes sense.
  LossKind loss = c.loss;
  OutAct out = c.outputActivation;
  if (loss == LossKind::auto_) {
    if (!r.classification) loss = LossKind::mse;
    else if (out == OutAct::softmax) loss = LossKind::softmax_ce;
    else if (out == OutAct::sigmoid) loss = LossKind::bce;
    else if (out == OutAct::auto_) loss = r.classes == 2 ? LossKind::bce : LossKind::softmax_ce;
    else loss = LossKind::mse;
  }
  if (out == OutAct::auto_) {
    if (loss == LossKind::bce) out = OutAct::sigmoid;
    else if (loss == LossKind::softmax_ce) out = OutAct::softmax;
    else out = r.classification ? OutAct::tanh : OutAct::linear;
  }
  if (loss != LossKind::mse && !r.classification)
    range_error("loss", std::string("'") + kLossNames[int(loss)] + "' needs a classification data set; use mse for regression");
  if (loss == LossKind::bce && out != OutAct::sigmoid)
    range_error("outputActivation", std::string("'") + kOutActNames[int(out)] +
                                        "' does not fit loss 'bce' (binary cross-entropy is computed from the logit of a sigmoid output)");
  if (loss == LossKind::softmax_ce && out != OutAct::softmax)
    range_error("outputActivation", std::string("'") + kOutActNames[int(out)] + "' does not fit loss 'softmax_ce' (use softmax)");
  if (out == OutAct::softmax && !r.classification)
    range_error("outputActivation", "'softmax' needs a classification data set");
  r.loss = loss;
  r.out = out;
  if (!r.classification) r.outputs = ds == DatasetKind::custom ? custom->outputs : 1;
  else r.outputs = (out == OutAct::softmax || r.classes > 2) ? r.classes : 1;

  // Hidden layers and their activations.
  if (!c.layerActivations.empty() && c.layerActivations.size() != c.hidden.size())
    range_error("layerActivations", "has " + std::to_string(c.layerActivations.size()) + " entries but there are " +
                                        std::to_string(c.hidden.size()) + " hidden layers (give one per layer, or none)");
  for (std::size_t l = 0; l < c.hidden.size(); ++l)
    r.acts.push_back(c.layerActivations.empty() ? c.activation : static_cast<Act>(c.layerActivations[l]));

  if ((c.init == InitKind::uniform || c.init == InitKind::normal) && c.initScale < 0)
    range_error("initScale", fmt(c.initScale) + " is negative; the " + kInitNames[int(c.init)] +
                                 " initialiser needs a scale of 0 or more");

  // Train/test split and batch size.
  r.train = std::clamp(int(std::lround(points * c.trainFraction)), 1, points);
  r.test = points - r.train;
  if (c.batchSize > r.train)
    range_error("batchSize", std::to_string(c.batchSize) + " is larger than the training set (" +
                                 std::to_string(r.train) + " points; allowed 1 to " + std::to_string(r.train) + ")");

  const double bytes = estimate_bytes(c, r);
  if (bytes > kMemoryBudget) {
    const double mib = 1024.0 * 1024.0;
    char msg[200];
    std::snprintf(msg, sizeof msg, "the run needs about %.0f MiB, over the %.0f MiB budget; use fewer or narrower layers or a smaller batch",
                  bytes / mib, kMemoryBudget / mib);
    range_error(c.batchSize > kEvalChunk ? "batchSize" : "hidden", msg);
  }
  return r;
}

double estimate_bytes(const Config& c, const Resolved& r) {
  const int slots = optimizer_slots(c.optimizer);
  double params = 0, widths = padded(r.inputs);
  int in = r.inputs;
  auto add_layer = [&](int out) {
    params += double(in) * padded(out) * (2 + slots)  // Wt, its gradient, optimiser slots
              + double(out) * padded(in)              // transposed copy W
              + double(padded(out)) * (2 + slots);    // bias, its gradient, slots
    widths += padded(out);
    in = out;
  };
  for (int w : c.hidden) add_layer(w);
  add_layer(r.outputs);
  const double rows = std::max(c.batchSize, kEvalChunk);
  const double workspace = rows * widths * 4;  // Z, A, D, dZ per layer
  const double points = double(r.train + r.test);
  const int raw_dim = c.dataset == DatasetKind::fit1d ? 1 : c.dataset <= DatasetKind::multigauss ? 2 : r.inputs;
  const double data = points * (padded(r.inputs) + padded(r.outputs) + raw_dim + r.outputs + 2);
  return 4.0 * (params + workspace + data);
}

std::string field_to_text(const Config& c, const Field& f) {
  switch (f.kind) {
    case FieldKind::number:
    case FieldKind::integer: return fmt(f.get(c));
    case FieldKind::enumeration: {
      const int i = int(f.get(c));
      return i >= 0 && i < f.n_names ? f.names[i] : std::to_string(i);
    }
    default: {
      std::string s;
      const auto& l = list_of(f, c);
      for (std::size_t i = 0; i < l.size(); ++i) {
        if (i) s += ',';
        if (f.kind == FieldKind::int_list) s += std::to_string(l[i]);
        else s += (l[i] >= 0 && l[i] < f.n_names) ? f.names[l[i]] : std::to_string(l[i]);
      }
      return s;
    }
  }
}

void field_from_text(Config& c, const Field& f, std::string_view text) {
  auto parse_number = [&](std::string_view t, const std::string& label) {
    const std::string s(t);
    char* end = nullptr;
    const double v = s.empty() ? 0 : std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size())
      throw ConfigError(label, ConfigError::Kind::type, label + ": \"" + s + "\" is not a number");
    return v;
  };
  auto parse_enum = [&](std::string_view t, const std::string& label) {
    const int i = enum_index(f, t);
    if (i < 0)
      throw ConfigError(label, ConfigError::Kind::range, label + ": \"" + std::string(t) + "\" is not one of " + join_names(f));
    return i;
  };
  switch (f.kind) {
    case FieldKind::number:
    case FieldKind::integer: {
      const double v = parse_number(text, f.name);
      check_number(f, v, f.name);
      f.set(c, v);
      return;
    }
    case FieldKind::enumeration: f.set(c, parse_enum(text, f.name)); return;
    default: {
      std::vector<int> out;
      std::size_t start = 0;
      while (!text.empty() && start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        const auto item = text.substr(start, comma - start);
        const std::string label = std::string(f.name) + "[" + std::to_string(out.size()) + "]";
        if (int(out.size()) >= f.max_len)
          range_error(f.name, "too many entries (allowed at most " + std::to_string(f.max_len) + ")");
        if (f.kind == FieldKind::int_list) {
          const double v = parse_number(item, label);
          check_number(f, v, label);
          out.push_back(int(v));
        } else {
          out.push_back(parse_enum(item, label));
        }
        start = comma + 1;
      }
      f.list(c) = std::move(out);
      return;
    }
  }
}

Config config_from_query(std::string_view query, Config c) {
  std::size_t start = 0;
  while (start < query.size()) {
    const std::size_t amp = std::min(query.find('&', start), query.size());
    const auto pair = query.substr(start, amp - start);
    start = amp + 1;
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    const auto name = pair.substr(0, eq);
    const auto value = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    // A pair without a name ("=5", "&=x") would otherwise read ": unknown field (did you mean
    // l1?)", since every short name is within the suggestion distance of "" (found by fuzzing).
    if (name.empty())
      throw ConfigError("query", ConfigError::Kind::type,
                        "query: \"" + std::string(pair) + "\" has no field name (expected name=value)");
    const Field* f = find_field(name);
    if (!f) {
      std::string best;
      int best_d = 4;
      for (const auto& g : fields()) {
        const int d = edit_distance(name, g.name);
        if (d < best_d) best_d = d, best = g.name;
      }
      throw ConfigError(std::string(name), ConfigError::Kind::type,
                        std::string(name) + ": unknown field" + (best.empty() ? "" : " (did you mean " + best + "?)"));
    }
    field_from_text(c, *f, value);
  }
  return c;
}

std::string config_to_query(const Config& c) {
  std::string s;
  for (const auto& f : fields()) s += (s.empty() ? "" : "&") + std::string(f.name) + "=" + field_to_text(c, f);
  return s;
}

std::string schema_json() {
  auto q = [](const std::string& s) {
    std::string o = "\"";
    for (char ch : s) {
      if (ch == '"' || ch == '\\') o += '\\';
      o += ch;
    }
    return o + "\"";
  };
  Config d;
  std::ostringstream os;
  os << "{\"memoryBudget\":" << fmt(kMemoryBudget) << ",\"fields\":[";
  bool first = true;
  for (const auto& f : fields()) {
    os << (first ? "" : ",") << "\n{\"name\":" << q(f.name) << ",\"kind\":" << q(kFieldKindNames[int(f.kind)])
       << ",\"group\":" << q(f.group) << ",\"live\":" << (f.live ? "true" : "false")
       << ",\"logScale\":" << (f.log_scale ? "true" : "false");
    first = false;
    if (f.names) {
      os << ",\"values\":[";
      for (int i = 0; i < f.n_names; ++i) os << (i ? "," : "") << q(f.names[i]);
      os << "]";
      if (f.names == kActNames) os << ",\"aliases\":{\"silu\":\"swish\"}";  // see enum_index
    } else {
      os << ",\"min\":" << fmt(f.min) << ",\"max\":" << fmt(f.max);
    }
    if (f.max_len) os << ",\"maxLength\":" << f.max_len;
    os << ",\"default\":";
    switch (f.kind) {
      case FieldKind::number:
      case FieldKind::integer: os << fmt(f.get(d)); break;
      case FieldKind::enumeration: os << q(field_to_text(d, f)); break;
      default: {
        os << "[";
        const auto& l = list_of(f, d);
        for (std::size_t i = 0; i < l.size(); ++i)
          os << (i ? "," : "") << (f.kind == FieldKind::int_list ? std::to_string(l[i]) : q(f.names[l[i]]));
        os << "]";
      }
    }
    os << ",\"help\":" << q(f.help) << "}";
  }
  os << "]}\n";
  return os.str();
}

}  // namespace gl
