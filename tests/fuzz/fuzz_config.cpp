// Fuzz target: arbitrary configurations, through the field table and through query text.
//
// Input formats (the first byte chooses):
//   '#' query text '\n' [operation bytes]  the text goes to config_from_query as a URL hash
//                                          would; the bytes after the newline drive the session
//   anything else                          structured: for every field of gl::fields(), in
//                                          table order, keep the default, set a value through
//                                          the struct, or set text through field_from_text;
//                                          then the same operation bytes
// Values include the range edges and just past them, NaN, +-Infinity, -0, denormals, huge
// numbers, odd list lengths and malformed text. A configuration that validates is checked
// (resolved facts, memory budget, query round trip); a cheap one is built and driven through
// steps, live changes, evaluation, grids, weights, reset and reseed (see harness.hpp).
// Any exception other than gl::ConfigError, any sanitizer report and any broken invariant is
// a crash.
#include "harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  gl::Config c;
  if (data[0] == '#') {
    const uint8_t* end = static_cast<const uint8_t*>(std::memchr(data + 1, '\n', size - 1));
    const size_t text_len = (end ? end : data + size) - (data + 1);
    const std::string_view query(reinterpret_cast<const char*>(data + 1), text_len);
    const size_t ops_at = 1 + text_len + (end ? 1 : 0);
    FuzzedDataProvider ops(data + ops_at, size - ops_at);
    try {
      c = gl::config_from_query(query);
    } catch (const gl::ConfigError& e) {
      fz::check_config_error(e);
      return 0;
    }
    fz::run_config(c, ops);
    return 0;
  }
  FuzzedDataProvider p(data + 1, size - 1);
  for (const auto& f : gl::fields()) {
    const std::string before = gl::config_to_query(c);
    try {
      fz::set_field(c, f, p);
    } catch (const gl::ConfigError& e) {
      fz::check_config_error(e);  // malformed text for this field: the configuration is unchanged
      FZ_REQUIRE(gl::config_to_query(c) == before, std::string("a refused value changed ") + f.name);
    }
  }
  fz::run_config(c, p);
  return 0;
}
