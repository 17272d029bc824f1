// The schema export: the field table and every other fact about the engine a client needs
// (limits, the data domain, names and labels of enumerations, unit states), as JSON. The build
// writes it to web/dist/schema.js; the JS package and the playground read every such fact there.
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>

#include "config.hpp"
#include "dataset.hpp"

namespace gl {
namespace {

std::string fmt(double v) { return format_number(v); }

std::string quote(const std::string& s) {
  std::string o = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') o += '\\';
    o += ch;
  }
  return o + "\"";
}

template <class Names> std::string name_list(const Names& names, int n) {
  std::string s = "[";
  for (int i = 0; i < n; ++i) s += (i ? "," : "") + quote(names[i]);
  return s + "]";
}

// Each limit under the name the JS side reads it by.
struct Limit {
  const char* name;
  double value;
};
constexpr Limit kLimits[] = {
    {"maxDepth", kMaxDepth},
    {"maxWidth", kMaxWidth},
    {"minUserPoints", kMinUserPoints},
    {"maxUserPoints", kMaxUserPoints},
    {"maxUserInputs", kMaxInputs},
    {"maxUserOutputs", kMaxWidth},
    {"maxClasses", kMaxClasses},
    {"minGridResolution", kMinGridResolution},
    {"maxGridResolution", kMaxGridResolution},
    {"maxGridValues", kMaxGridValues},
    {"memoryBudget", kMemoryBudget},
    {"explodedGradNorm", kExplodedGradNorm},
    {"maxInputVariance", kMaxInputVariance},
    {"maxCriticalLinePoints", kMaxLinePoints},
};

/// The fields an activation reads: those whose rule asks for it among the activations in use.
std::string activation_params(Act a) {
  std::string s = "[";
  bool first = true;
  for (const auto& f : fields())
    for (const auto& k : f.when)
      if (std::string_view(k.key) == kActivationsInUse)
        for (int v : k.allowed)
          if (v == static_cast<int>(a)) s += (first ? "" : ",") + quote(f.name), first = false;
  return s + "]";
}

void write_field(std::ostream& os, const Field& f) {
  const Config d;
  os << "{\"name\":" << quote(f.name) << ",\"label\":" << quote(f.label) << ",\"kind\":" << quote(kFieldKindNames[int(f.kind)])
     << ",\"group\":" << quote(f.group) << ",\"live\":" << (f.live ? "true" : "false")
     << ",\"logScale\":" << (f.log_scale ? "true" : "false");
  if (f.names) {
    os << ",\"values\":" << name_list(f.names, f.n_names);
    if (f.names == kActNames) os << ",\"aliases\":{\"silu\":\"swish\"}";  // see enum_index
  } else {
    os << ",\"min\":" << fmt(f.min) << ",\"max\":" << fmt(f.max);
  }
  if (f.max_len) os << ",\"maxLength\":" << f.max_len;
  os << ",\"default\":";
  switch (f.kind) {
    case FieldKind::number:
    case FieldKind::integer: os << fmt(f.get(d)); break;
    case FieldKind::enumeration: os << quote(field_to_text(d, f)); break;
    default: {
      os << "[";
      const auto& l = list_of(f, d);
      for (std::size_t i = 0; i < l.size(); ++i)
        os << (i ? "," : "") << (f.kind == FieldKind::int_list ? std::to_string(l[i]) : quote(f.names[l[i]]));
      os << "]";
    }
  }
  os << ",\"help\":" << quote(f.help);
  if (!f.when.empty()) {
    os << ",\"when\":{";
    for (std::size_t i = 0; i < f.when.size(); ++i) {
      const Condition& k = f.when[i];
      const bool acts = std::string_view(k.key) == kActivationsInUse;
      const char* const* names = acts ? kActNames : field(k.key).names;
      os << (i ? "," : "") << quote(k.key) << ":[";
      for (std::size_t j = 0; j < k.allowed.size(); ++j) os << (j ? "," : "") << quote(names[k.allowed[j]]);
      os << "]";
    }
    os << "}";
  }
  os << "}";
}

}  // namespace

std::string schema_json() {
  std::ostringstream os;
  os << "{\"memoryBudget\":" << fmt(kMemoryBudget) << ",\n\"limits\":{";
  for (std::size_t i = 0; i < std::size(kLimits); ++i)
    os << (i ? "," : "") << quote(kLimits[i].name) << ":" << fmt(kLimits[i].value);
  os << "},\n\"domain\":" << fmt(kDomain) << ",\n\"unitStates\":" << name_list(kUnitStateNames, int(std::size(kUnitStateNames)))
     << ",\n\"activations\":{";
  for (int a = 0; a < kActCount; ++a)
    os << (a ? "," : "") << quote(kActNames[a]) << ":{\"label\":" << quote(kActLabels[a])
       << ",\"params\":" << activation_params(static_cast<Act>(a)) << "}";
  os << "},\n\"features\":{";
  for (int i = 0; i < kFeatureCount; ++i)
    os << (i ? "," : "") << quote(kFeatureNames[i]) << ":{\"label\":" << quote(kFeatureLabels[i]) << "}";
  os << "},\n\"fields\":[";
  bool first = true;
  for (const auto& f : fields()) {
    os << (first ? "" : ",") << "\n";
    write_field(os, f);
    first = false;
  }
  os << "]}\n";
  return os.str();
}

}  // namespace gl
