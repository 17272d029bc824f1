// Validation: each field against its range, then the rules that involve several fields
// (classes and features vs. the data set, loss vs. output activation, batch size vs. the
// training set, the memory budget). Every message names the field, the value and what is allowed.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "config.hpp"
#include "optimizer.hpp"
#include "simd.hpp"

namespace gl {
namespace {

std::string fmt(double v) { return format_number(v); }

}  // namespace

[[noreturn]] void range_error(const std::string& field, const std::string& msg) {
  throw ConfigError(field, ConfigError::Kind::range, field + ": " + msg);
}

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
      if (!(v >= 0 && v < f.n_names)) range_error(f.name, fmt(v) + " is not one of " + names_text(f));
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
        else if (l[i] < 0 || l[i] >= f.n_names) range_error(label, std::to_string(l[i]) + " is not one of " + names_text(f));
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

}  // namespace

Resolved validate(const Config& c, const DataShape* custom) {
  for (const auto& f : fields()) check_field(f, c);

  Resolved r;
  const auto ds = c.dataset;
  const bool two_d = ds <= DatasetKind::multigauss;
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
    const Field& classes = field("classes");
    if (c.classes != 2 && !applies(classes, c))
      range_error("classes", std::to_string(c.classes) + " is not available for dataset '" + kDatasetNames[int(ds)] +
                                 "' (only " + allowed_text(classes.when[0]) + " take 3 or more classes)");
    r.classes = c.classes;
    if (applies(field("features"), c)) {
      for (int f = 0; f < kFeatureCount; ++f) {
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
    // Name what to shrink: the data when they take most of it (a large file of the user's),
    // else the network.
    const double mib = 1024.0 * 1024.0, data = data_bytes(c, r);
    const bool mostly_data = data > bytes / 2;
    char msg[240];
    if (mostly_data)
      std::snprintf(msg, sizeof msg, "the run needs about %.0f MiB, over the %.0f MiB budget, %.0f MiB of it for the data; %s",
                    bytes / mib, kMemoryBudget / mib, data / mib,
                    ds == DatasetKind::custom ? "use fewer points or fewer inputs" : "use fewer points or a smaller inputDim");
    else
      std::snprintf(msg, sizeof msg, "the run needs about %.0f MiB, over the %.0f MiB budget; use fewer or narrower layers or a smaller batch",
                    bytes / mib, kMemoryBudget / mib);
    range_error(mostly_data ? (ds == DatasetKind::custom ? "data" : "numPoints") : c.batchSize > kEvalChunk ? "batchSize" : "hidden", msg);
  }
  return r;
}

// The points as the session keeps them: padded network inputs and targets, the raw
// coordinates and targets (Data), and two 4-byte values more a point (the index lists).
double data_bytes(const Config& c, const Resolved& r) {
  const double points = double(r.train + r.test);
  const int raw_dim = c.dataset == DatasetKind::fit1d ? 1 : c.dataset <= DatasetKind::multigauss ? 2 : r.inputs;
  return 4.0 * points * (padded(r.inputs) + padded(r.outputs) + raw_dim + r.outputs + 2);
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
  return 4.0 * (params + workspace) + data_bytes(c, r);
}

}  // namespace gl
