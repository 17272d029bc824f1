// One configuration describes a run completely: data, network, initialisation, optimiser
// and seeds. The field table below is the single source of truth for names, kinds, ranges,
// defaults (the member initialisers of Config) and help texts; the JS package, the URL
// hash, the CLI flags and the TypeScript types are all derived from it
// (see `schema_json()` and web/README).
#pragma once
#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "activation.hpp"
#include "kinds.hpp"
#include "limits.hpp"

namespace gl {

struct Config {
  // data
  DatasetKind dataset = DatasetKind::circle;
  Target1D target1d = Target1D::sine;
  int numPoints = 500;
  double noise = 0.0;
  double trainFraction = 0.5;
  int classes = 2;
  int inputDim = 100;
  std::vector<int> features = {0, 1};  // indices into kFeatureNames
  uint32_t dataSeed = 1;
  // network
  std::vector<int> hidden = {4, 2};
  Act activation = Act::tanh;
  std::vector<int> layerActivations;  // empty, or one entry (index into kActNames) per hidden layer
  double leakySlope = 0.01;
  double eluAlpha = 1.0;
  double swishBeta = 1.0;
  GeluForm gelu = GeluForm::erf;
  OutAct outputActivation = OutAct::auto_;
  LossKind loss = LossKind::auto_;
  // initialisation
  InitKind init = InitKind::xavier_uniform;
  double initGain = 1.0;
  double initScale = 1.0;
  double biasInit = 0.0;
  double sigmaW2 = 1.0;  // signal_propagation: weight variance × fan-in
  double sigmaB2 = 0.0;  // signal_propagation: bias variance
  uint32_t seed = 1;
  // optimiser
  OptKind optimizer = OptKind::sgd;
  double learningRate = 0.03;
  double momentum = 0.9;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double epsilon = 1e-8;
  double rmsDecay = 0.9;
  double l1 = 0.0;
  double l2 = 0.0;
  double clipNorm = 0.0;
  ScheduleKind schedule = ScheduleKind::constant;
  int stepEvery = 1000;
  double stepGamma = 0.5;
  int cosineSteps = 10000;
  double minLearningRate = 0.0;
  int batchSize = 10;
};

/// The activation parameters a configuration sets (the network's and the curve's).
inline ActParams act_params(const Config& c) {
  ActParams p;
  p.leaky_slope = c.leakySlope;
  p.elu_alpha = c.eluAlpha;
  p.swish_beta = c.swishBeta;
  p.gelu_tanh = c.gelu == GeluForm::tanh;
  return p;
}

enum class FieldKind : uint8_t { number, integer, enumeration, int_list, enum_list, enum_set };
inline constexpr const char* kFieldKindNames[] = {"number", "integer", "enum", "int_list", "enum_list", "enum_set"};

/// The pseudo-field of a Condition that stands for the hidden activations in use:
/// layerActivations when it is not empty, else [activation].
inline constexpr const char* kActivationsInUse = "activations";

/// One condition of a field's applicability rule: the enumeration field `key` (or the
/// activations in use, any of them) holds one of `allowed` (indices into its names).
struct Condition {
  const char* key;
  std::vector<int> allowed;
};
template <class E> Condition condition(const char* key, std::initializer_list<E> values) {
  Condition c{key, {}};
  for (E v : values) c.allowed.push_back(static_cast<int>(v));
  return c;
}

struct Field {
  const char* name;
  const char* label;                // display name ("Learning rate")
  FieldKind kind;
  const char* group;
  double min, max;                  // value range; for lists, the element range (enums: none)
  const char* const* names;         // enum names (enumeration, enum_list, enum_set)
  int n_names;
  int max_len;                      // lists: maximum length
  bool live;                        // may change during a run without a reset
  bool log_scale;                   // shown on a log scale
  const char* help;
  double (*get)(const Config&);     // scalars; enums as their index
  void (*set)(Config&, double);
  std::vector<int>& (*list)(Config&);
  /// When the field has an effect on the run: every condition holds (empty: always). A field
  /// that does not apply is still validated, but its value changes nothing.
  std::vector<Condition> when = {};

  /// For the table: the same field, applying only when every condition holds.
  Field only_when(std::initializer_list<Condition> conditions) && {
    when.assign(conditions);
    return std::move(*this);
  }
};

/// All fields, in display order.
const std::vector<Field>& fields();
const Field* find_field(std::string_view name);
/// The field of that name; throws std::logic_error if there is none (the caller's name is a
/// literal, so this is a bug in the engine, not bad input).
const Field& field(std::string_view name);

/// Whether a field has an effect on a run of this configuration (its `when` rule).
bool applies(const Field& f, const Config& c);
/// Whether one condition of a `when` rule holds.
bool holds(const Condition& k, const Config& c);
/// The names a condition allows, for messages: "spiral, gaussian and highdim".
std::string allowed_text(const Condition& k);

/// The list a list field holds.
const std::vector<int>& list_of(const Field& f, const Config& c);
/// "a, b, c": the names an enumeration field allows, for messages.
std::string names_text(const Field& f);

/// Thrown for any invalid configuration. `field` names the offending field (or "data").
class ConfigError : public std::invalid_argument {
 public:
  enum class Kind { type, range };
  ConfigError(std::string field, Kind kind, const std::string& message)
      : std::invalid_argument(message), field_(std::move(field)), kind_(kind) {}
  const std::string& field() const { return field_; }
  Kind kind() const { return kind_; }

 private:
  std::string field_;
  Kind kind_;
};

/// Shape of user-supplied data (dataset "custom"), for validation.
struct DataShape {
  int points = 0, inputs = 0, outputs = 0;
  bool classification = false;
  int classes = 0;
};

/// Resolved facts a valid configuration implies.
struct Resolved {
  bool classification = true;
  int classes = 2;          // classification only
  int inputs = 2;           // network inputs (after feature maps)
  int outputs = 1;
  int train = 0, test = 0;  // split sizes
  OutAct out = OutAct::sigmoid;
  LossKind loss = LossKind::bce;
  std::vector<Act> acts;    // one per hidden layer
  std::vector<int> features;  // the features that apply to this data set (none: raw inputs)
};

/// Throws ConfigError (range) with the message "field: msg".
[[noreturn]] void range_error(const std::string& field, const std::string& msg);

/// Throws ConfigError for the first problem found; returns the resolved facts otherwise.
Resolved validate(const Config& c, const DataShape* custom = nullptr);

/// Estimated bytes a session of this configuration allocates, and the budget it must fit in.
double estimate_bytes(const Config& c, const Resolved& r);
/// The part of it that holds the data set.
double data_bytes(const Config& c, const Resolved& r);

/// Text form of one field's value ("0.03", "relu", "8,8,8"), the form used by URL hashes and flags.
std::string field_to_text(const Config& c, const Field& f);
/// Parses text into a field; throws ConfigError (type for malformed text, range otherwise).
void field_from_text(Config& c, const Field& f, std::string_view text);
/// Throws ConfigError (range, named `label`) unless v is a value the numeric field f allows:
/// finite, an integer where one is needed, within [min, max].
void check_number(const Field& f, double v, const std::string& label);
/// Sets "name=value" pairs separated by '&' (a URL hash without '#'); unknown names throw.
Config config_from_query(std::string_view query, Config base = {});
std::string config_to_query(const Config& c);

/// Shortest text that reads back as the same double; integers without exponent ("500").
std::string format_number(double v);

/// The whole schema (fields, kinds, ranges, defaults, enums, aliases, help) as JSON.
std::string schema_json();

/// Index of `name` in an enum name table, accepting documented aliases (e.g. "silu"); -1 if unknown.
int enum_index(const Field& f, std::string_view name);

}  // namespace gl
