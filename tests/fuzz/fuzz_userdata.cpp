// Fuzz target: user-supplied data sets (dataset "custom"), their shapes and values.
//
// Input layout (little endian):
//   u8  flags     bit 0 classification; bit 1 make the value counts match the shape;
//                 bit 2 turn targets into valid labels (|t| mod classes); bit 3 a domain (the
//                 plane the points were drawn on) from the input; bit 4 a domain that holds the
//                 points (their range, widened by the first value's magnitude)
//   i32 points, i32 inputs, i32 outputs, i32 classes   the declared shape, unchecked
//   u16 input count, u16 target count                  values actually supplied (unless bit 1)
//   u8  query length, query text                       overlaid on "dataset=custom"
//   (bit 3) u8 k, then k mod 5 f32 lo/hi values      the domain, unchecked
//   f32 values ...                                     inputs, then targets (cycled if short)
// Shapes are capped in size only to keep each execution fast; the values are anything a
// float holds: NaN, infinities, denormals, 3e38 (the "extreme inputs" path of a blow-up).
#include "harness.hpp"

namespace {

struct Reader {
  const uint8_t* p;
  size_t n;
  template <class T> T get() {
    T v{};
    const size_t k = std::min(n, sizeof v);
    std::memcpy(&v, p, k);
    p += k, n -= k;
    return v;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Reader r{data, size};
  const auto flags = r.get<uint8_t>();
  gl::UserData u;
  u.shape.classification = flags & 1;
  u.shape.points = r.get<int32_t>();
  u.shape.inputs = r.get<int32_t>();
  u.shape.outputs = r.get<int32_t>();
  u.shape.classes = r.get<int32_t>();
  size_t n_in = r.get<uint16_t>(), n_tg = r.get<uint16_t>();
  const size_t qlen = std::min<size_t>(r.get<uint8_t>(), r.n);
  const std::string query(reinterpret_cast<const char*>(r.p), qlen);
  r.p += qlen, r.n -= qlen;
  if (flags & 8) {
    const int k = r.get<uint8_t>() % 5;
    for (int i = 0; i < k; ++i) u.domain.push_back(r.get<float>());
  }

  if (flags & 2) {  // counts that match the shape, when the shape is small enough to fill
    const long long pts = u.shape.points, in = u.shape.inputs;
    const long long tg = u.shape.classification ? 1 : u.shape.outputs;
    if (pts > 0 && in > 0 && tg > 0 && pts * in <= 4096 && pts * tg <= 4096) n_in = pts * in, n_tg = pts * tg;
  }
  std::vector<float> values(r.n / 4);
  if (!values.empty()) std::memcpy(values.data(), r.p, values.size() * 4);
  auto value = [&](size_t i) { return values.empty() ? 0.0f : values[i % values.size()]; };
  u.inputs.resize(n_in);
  u.targets.resize(n_tg);
  for (size_t i = 0; i < n_in; ++i) u.inputs[i] = value(i);
  for (size_t i = 0; i < n_tg; ++i) {
    float t = value(n_in + i);
    if ((flags & 4) && u.shape.classes > 0 && std::isfinite(t)) t = float(std::fmod(std::fabs(std::trunc(t)), u.shape.classes));
    u.targets[i] = t;
  }

  const int dims = u.shape.inputs;
  if ((flags & 16) && (dims == 1 || dims == 2) && !u.inputs.empty() && u.inputs.size() % dims == 0) {
    u.domain.clear();
    const double widen = std::fabs(double(value(0))) + 1e-3;
    for (int j = 0; j < dims; ++j) {
      double lo = u.inputs[j], hi = u.inputs[j];
      for (std::size_t i = j; i < u.inputs.size(); i += dims) lo = std::fmin(lo, u.inputs[i]), hi = std::fmax(hi, u.inputs[i]);
      u.domain.push_back(lo - widen);
      u.domain.push_back(hi + widen);
    }
  }

  gl::Config c;
  try {
    c = gl::config_from_query("dataset=custom&" + query);
  } catch (const gl::ConfigError& e) {
    fz::check_config_error(e);
    return 0;
  }
  FuzzedDataProvider ops(nullptr, 0);  // the session is exercised with the default operations
  fz::run_config(c, ops, &u);
  return 0;
}
