// Regression tests for what the fuzzers (tests/fuzz) found. Each case names the reproducer
// committed under tests/fuzz/corpus/<target>/regress-*, which the fuzz runs replay too.
#include <doctest/doctest.h>

#include <string>

#include "session.hpp"

using namespace gl;

namespace {

std::string error_of(const std::string& query) {
  try {
    config_from_query(query);
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()).rfind(e.field(), 0) == 0);  // the message starts with the field
    return e.field() + " | " + e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("a query pair without a name is refused as such, not as an unknown field (corpus/config/regress-empty-field-name)") {
  for (const std::string q : {"=\xf5\xce", "=5", "hidden=4&=relu", "&&="}) {
    CAPTURE(q);
    const std::string e = error_of(q);
    CHECK(e.rfind("query | query: \"", 0) == 0);
    CHECK(e.find("no field name") != std::string::npos);
    CHECK(e.find("did you mean") == std::string::npos);  // "" is close to every short name
  }
  CHECK(error_of("lr=0.1").find("unknown field") != std::string::npos);  // named pairs unchanged
}
