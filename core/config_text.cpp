// Text forms of a configuration: one field's value as text ("0.03", "relu", "8,8,8") and back,
// and whole configurations as "name=value&..." queries (the form of URL hashes, CLI flags and
// the bindings' argument).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "config.hpp"

namespace gl {
namespace {

std::string fmt(double v) { return format_number(v); }

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
      throw ConfigError(label, ConfigError::Kind::range, label + ": \"" + std::string(t) + "\" is not one of " + names_text(f));
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
    // l1?)", since every short name is within the suggestion distance of "".
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

}  // namespace gl
