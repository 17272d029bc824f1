// The field table: every configuration field with its name, label, kind, range, default (the
// member initialisers of Config), help and the rule saying when it has an effect.
#include "config.hpp"

#include <algorithm>
#include <stdexcept>
#include <type_traits>

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
Field number(const char* name, const char* label, const char* group, double lo, double hi, bool live, bool log_scale,
             const char* help) {
  return {name, label, FieldKind::number, group, lo, hi, nullptr, 0, 0, live, log_scale, help,
          get_scalar<M>, set_scalar<M>, nullptr};
}
template <auto M>
Field integer(const char* name, const char* label, const char* group, double lo, double hi, bool live, const char* help) {
  return {name, label, FieldKind::integer, group, lo, hi, nullptr, 0, 0, live, false, help,
          get_scalar<M>, set_scalar<M>, nullptr};
}
template <auto M, std::size_t N>
Field enumeration(const char* name, const char* label, const char* group, const char* const (&names)[N], const char* help) {
  return {name, label, FieldKind::enumeration, group, 0, double(N - 1), names, int(N), 0, false, false, help,
          get_scalar<M>, set_scalar<M>, nullptr};
}
template <auto M>
Field int_list(const char* name, const char* label, const char* group, double lo, double hi, int max_len, const char* help) {
  return {name, label, FieldKind::int_list, group, lo, hi, nullptr, 0, max_len, false, false, help,
          nullptr, nullptr, get_list<M>};
}
template <auto M, std::size_t N>
Field enum_list(const char* name, const char* label, const char* group, FieldKind kind, const char* const (&names)[N],
                int max_len, const char* help) {
  return {name, label, kind, group, 0, double(N - 1), names, int(N), max_len, false, false, help,
          nullptr, nullptr, get_list<M>};
}

/// A condition allowing every value of an enumeration but the ones listed.
template <class E, std::size_t N>
Condition all_but(const char* key, const char* const (&)[N], std::initializer_list<E> except) {
  Condition c{key, {}};
  for (int i = 0; i < int(N); ++i)
    if (std::find(except.begin(), except.end(), static_cast<E>(i)) == except.end()) c.allowed.push_back(i);
  return c;
}

constexpr double kU32Max = 4294967295.0;

std::vector<Field> make_fields() {
  using C = Config;
  using D = DatasetKind;
  // The generated sets take feature maps of their coordinates and noise; highdim and user data
  // bring their own inputs.
  const Condition coordinates = condition("dataset", {D::circle, D::xor_, D::gaussian, D::spiral, D::moons,
                                                      D::checkerboard, D::plane, D::multigauss, D::fit1d});
  static const std::string hidden_help = "Widths of the hidden layers (0 to " + std::to_string(kMaxDepth) +
                                         " layers of 1 to " + std::to_string(kMaxWidth) + " units).";
  return {
      enumeration<&C::dataset>("dataset", "Data set", "data", kDatasetNames,
                               "Data set: 2-D classification (circle, xor, gaussian, spiral, moons, checkerboard), "
                               "2-D regression (plane, multigauss), 1-D fitting (fit1d), random Gaussian inputs "
                               "(highdim) or user-supplied arrays (custom)."),
      enumeration<&C::target1d>("target1d", "Function", "data", kTarget1DNames, "Function fitted by the fit1d data set.")
          .only_when({condition("dataset", {D::fit1d})}),
      integer<&C::numPoints>("numPoints", "Points", "data", 10, 10000, false, "Number of points generated (train + test).")
          .only_when({all_but("dataset", kDatasetNames, {D::custom})}),
      number<&C::noise>("noise", "Noise", "data", 0, 1, false, false, "Noise level, as a fraction of the data's scale.")
          .only_when({coordinates}),
      number<&C::trainFraction>("trainFraction", "Training share", "data", 0.1, 1, false, false,
                                "Fraction of the points used for training; the rest is the test set."),
      integer<&C::classes>("classes", "Classes", "data", 2, kMaxClasses, false,
                           "Number of classes (spiral arms, gaussian blobs, random labels of highdim).")
          .only_when({condition("dataset", {D::spiral, D::gaussian, D::highdim})}),
      integer<&C::inputDim>("inputDim", "Input dimension", "data", 1, kMaxInputs, false,
                            "Input dimension of the highdim data set.")
          .only_when({condition("dataset", {D::highdim})}),
      enum_list<&C::features>("features", "Input features", "data", FieldKind::enum_set, kFeatureNames, kFeatureCount,
                              "Input features computed from the coordinates (2-D and 1-D data sets).")
          .only_when({coordinates}),
      integer<&C::dataSeed>("dataSeed", "Data seed", "data", 0, kU32Max, false,
                            "Seed of the data set (points, noise, split)."),

      int_list<&C::hidden>("hidden", "Hidden layers", "network", 1, kMaxWidth, kMaxDepth, hidden_help.c_str()),
      enumeration<&C::activation>("activation", "Activation", "network", kActNames, "Activation of every hidden layer."),
      enum_list<&C::layerActivations>("layerActivations", "Per-layer activations", "network", FieldKind::enum_list,
                                      kActNames, kMaxDepth, "Per-layer activations (empty: all layers use `activation`)."),
      number<&C::leakySlope>("leakySlope", "Leak slope", "network", 0, 1, false, false,
                             "Negative-side slope of leaky_relu.")
          .only_when({condition(kActivationsInUse, {Act::leaky_relu})}),
      number<&C::eluAlpha>("eluAlpha", "ELU α", "network", 0, 10, false, false,
                           "Alpha of elu (saturation value -alpha).")
          .only_when({condition(kActivationsInUse, {Act::elu})}),
      number<&C::swishBeta>("swishBeta", "Swish β", "network", 0, 10, false, false, "Beta of swish (1 gives SiLU).")
          .only_when({condition(kActivationsInUse, {Act::swish})}),
      enumeration<&C::gelu>("gelu", "GELU form", "network", kGeluNames,
                            "GELU form: exact (erf) or the tanh approximation.")
          .only_when({condition(kActivationsInUse, {Act::gelu})}),
      enumeration<&C::outputActivation>("outputActivation", "Output activation", "network", kOutActNames,
                                        "Output activation (auto: from the loss and the task)."),
      enumeration<&C::loss>("loss", "Loss", "network", kLossNames,
                            "Loss (auto: binary cross-entropy for 2 classes, softmax cross-entropy for more, "
                            "MSE for regression)."),

      enumeration<&C::init>("init", "Initialiser", "init", kInitNames, "Weight initialiser."),
      number<&C::initGain>("initGain", "Init gain", "init", 0, 100, false, false,
                           "Multiplier applied to the initial weights.")
          .only_when({all_but("init", kInitNames, {InitKind::zeros, InitKind::signal_propagation})}),
      number<&C::initScale>("initScale", "Init scale", "init", -100, 100, false, false,
                            "Parameter of the uniform (half-width a), normal (sigma) and constant initialisers.")
          .only_when({condition("init", {InitKind::constant, InitKind::uniform, InitKind::normal})}),
      number<&C::biasInit>("biasInit", "Bias init", "init", -100, 100, false, false, "Initial value of every bias.")
          .only_when({all_but("init", kInitNames, {InitKind::signal_propagation})}),
      number<&C::sigmaW2>("sigmaW2", "σ_w²", "init", 0, 100, false, false,
                          "signal_propagation: weights drawn N(0, σ_w²/fan-in); χ₁ = 1 of the mean-field theory "
                          "separates vanishing (below) from exploding (above) gradients.")
          .only_when({condition("init", {InitKind::signal_propagation})}),
      number<&C::sigmaB2>("sigmaB2", "σ_b²", "init", 0, 100, false, false,
                          "signal_propagation: biases drawn N(0, σ_b²).")
          .only_when({condition("init", {InitKind::signal_propagation})}),
      integer<&C::seed>("seed", "Weight seed", "init", 0, kU32Max, false,
                        "Seed of the initial weights and the batch order."),

      enumeration<&C::optimizer>("optimizer", "Optimiser", "optimizer", kOptNames, "Optimiser."),
      number<&C::learningRate>("learningRate", "Learning rate", "optimizer", 1e-7, 10, true, true, "Learning rate."),
      number<&C::momentum>("momentum", "Momentum", "optimizer", 0, 0.999, true, false,
                           "Momentum of momentum and nesterov.")
          .only_when({condition("optimizer", {OptKind::momentum, OptKind::nesterov})}),
      number<&C::beta1>("beta1", "Adam β₁", "optimizer", 0, 0.9999, true, false, "Adam's first-moment decay.")
          .only_when({condition("optimizer", {OptKind::adam})}),
      number<&C::beta2>("beta2", "Adam β₂", "optimizer", 0, 0.99999, true, false, "Adam's second-moment decay.")
          .only_when({condition("optimizer", {OptKind::adam})}),
      number<&C::epsilon>("epsilon", "ε", "optimizer", 1e-12, 1, true, true, "Denominator guard of Adam and RMSprop.")
          .only_when({condition("optimizer", {OptKind::rmsprop, OptKind::adam})}),
      number<&C::rmsDecay>("rmsDecay", "RMSprop decay", "optimizer", 0, 0.9999, true, false,
                           "RMSprop's squared-gradient decay.")
          .only_when({condition("optimizer", {OptKind::rmsprop})}),
      number<&C::l1>("l1", "L1 rate", "optimizer", 0, 10, true, false, "L1 regularisation rate (weights only)."),
      number<&C::l2>("l2", "L2 rate", "optimizer", 0, 10, true, false, "L2 regularisation rate (weights only)."),
      number<&C::clipNorm>("clipNorm", "Clip gradient norm", "optimizer", 0, 1e6, true, false,
                           "Clip the global gradient norm to this value (0: off)."),
      enumeration<&C::schedule>("schedule", "LR schedule", "optimizer", kScheduleNames, "Learning-rate schedule."),
      integer<&C::stepEvery>("stepEvery", "Decay every (steps)", "optimizer", 1, 1e7, true,
                             "Step schedule: steps between decays.")
          .only_when({condition("schedule", {ScheduleKind::step})}),
      number<&C::stepGamma>("stepGamma", "Decay factor", "optimizer", 0.01, 1, true, false,
                            "Step schedule: factor per decay.")
          .only_when({condition("schedule", {ScheduleKind::step})}),
      integer<&C::cosineSteps>("cosineSteps", "Cosine length (steps)", "optimizer", 1, 1e7, true,
                               "Cosine schedule: steps to the minimum.")
          .only_when({condition("schedule", {ScheduleKind::cosine})}),
      number<&C::minLearningRate>("minLearningRate", "Final rate (share)", "optimizer", 0, 1, true, false,
                                  "Cosine schedule: final rate as a fraction of learningRate.")
          .only_when({condition("schedule", {ScheduleKind::cosine})}),
      integer<&C::batchSize>("batchSize", "Batch size", "optimizer", 1, 4096, true, "Mini-batch size."),
  };
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

const Field& field(std::string_view name) {
  const Field* f = find_field(name);
  if (!f) throw std::logic_error("no field named " + std::string(name));
  return *f;
}

int enum_index(const Field& f, std::string_view name) {
  for (int i = 0; i < f.n_names; ++i)
    if (name == f.names[i]) return i;
  if (f.names == kActNames && name == "silu") return static_cast<int>(Act::swish);  // SiLU = swish, beta 1
  return -1;
}

bool holds(const Condition& k, const Config& c) {
  auto allowed = [&](int v) { return std::find(k.allowed.begin(), k.allowed.end(), v) != k.allowed.end(); };
  if (std::string_view(k.key) == kActivationsInUse) {
    if (c.layerActivations.empty()) return allowed(static_cast<int>(c.activation));
    return std::any_of(c.layerActivations.begin(), c.layerActivations.end(), allowed);
  }
  return allowed(static_cast<int>(field(k.key).get(c)));
}

bool applies(const Field& f, const Config& c) {
  return std::all_of(f.when.begin(), f.when.end(), [&](const Condition& k) { return holds(k, c); });
}

std::string allowed_text(const Condition& k) {
  const char* const* names = std::string_view(k.key) == kActivationsInUse ? kActNames : field(k.key).names;
  std::string s;
  for (std::size_t i = 0; i < k.allowed.size(); ++i)
    s += (i == 0 ? "" : i + 1 == k.allowed.size() ? " and " : ", ") + std::string(names[k.allowed[i]]);
  return s;
}

const std::vector<int>& list_of(const Field& f, const Config& c) {
  return f.list(const_cast<Config&>(c));  // the accessor only selects the member; nothing is written
}

std::string names_text(const Field& f) {
  std::string s;
  for (int i = 0; i < f.n_names; ++i) s += (i ? ", " : "") + std::string(f.names[i]);
  return s;
}

}  // namespace gl
