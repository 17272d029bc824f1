// Fuzz target: arbitrary bytes as weights, through Session::load_weights (binary blobs) and
// Session::import_weights (flat float arrays).
//
// Input: byte 0 picks a network from fz::kWeightNets, byte 1 the mode, the rest is payload:
//   mode 0  the payload is the blob
//   mode 1  a correct header for the network, then the payload as the floats (any length)
//   mode 2  the payload as floats for import_weights (repeated to the parameter count)
//   mode 3  the network's own blob, patched: payload = (u16 offset, u8 value) triples
// Either the call throws std::invalid_argument and leaves the weights exactly as they were,
// or it succeeds and the weights are the blob's, all finite. Then the session trains,
// evaluates (huge finite weights must end in a reported divergence, not NaN metrics or a
// crash) and resets.
#include "harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  static std::vector<gl::Session> sessions = [] {
    std::vector<gl::Session> v;
    for (const char* q : fz::kWeightNets) v.emplace_back(gl::config_from_query(q));
    return v;
  }();
  // A fresh copy each time: no state leaks from one input to the next.
  const gl::Session& fresh = sessions[data[0] % fz::kWeightNetCount];
  gl::Session s = fresh;
  const int mode = data[1] % 4;
  const uint8_t* payload = data + 2;
  const size_t n = size - 2;
  const size_t params = s.param_count();

  const std::vector<float> before = weights_of(s);
  std::vector<uint8_t> blob;
  std::vector<float> flat;
  switch (mode) {
    case 0: blob.assign(payload, payload + n); break;
    case 1: {
      blob = s.save_weights();
      blob.resize(blob.size() - params * 4);  // the header only
      blob.insert(blob.end(), payload, payload + n);
      break;
    }
    case 2: {
      std::vector<float> given(n / 4);
      if (!given.empty()) std::memcpy(given.data(), payload, given.size() * 4);
      flat.resize(params);
      for (size_t i = 0; i < params; ++i) flat[i] = given.empty() ? 0.0f : given[i % given.size()];
      break;
    }
    default: {
      blob = s.save_weights();
      for (size_t i = 0; i + 3 <= n; i += 3) {
        const size_t at = (payload[i] | payload[i + 1] << 8) % (blob.size() + 1);
        if (at == blob.size()) blob.pop_back();  // past the end: shorten the blob instead
        else blob[at] = payload[i + 2];
      }
      break;
    }
  }

  bool accepted = true;
  try {
    if (mode == 2) s.import_weights(flat.data());
    else s.load_weights(blob.data(), blob.size());
  } catch (const std::invalid_argument& e) {
    accepted = false;
    FZ_REQUIRE(std::strlen(e.what()) > 9 && std::strncmp(e.what(), "weights: ", 9) == 0, e.what());
  }
  const std::vector<float> after = weights_of(s);
  if (!accepted) {
    FZ_REQUIRE(bit_identical(after, before), "a refused load changed the weights");
  } else {
    fz::check_weights_finite(s, "after a load");
    const float* want = mode == 2 ? flat.data() : nullptr;
    std::vector<float> from_blob;
    if (mode != 2) {  // the floats are the blob's last params * 4 bytes
      FZ_REQUIRE(blob.size() >= params * 4, "accepted a short blob");
      from_blob.resize(params);
      std::memcpy(from_blob.data(), blob.data() + blob.size() - params * 4, params * 4);
      want = from_blob.data();
    }
    FZ_REQUIRE(std::memcmp(want, after.data(), params * 4) == 0, "loaded weights differ from the input");
    FZ_REQUIRE(!s.diverged(), "a load leaves the run diverged");
  }

  // Whatever was loaded, training and evaluation report, never crash or leak NaN unflagged.
  s.evaluate(true);
  fz::check_metrics(s);
  s.step(2);
  if (s.metrics().diverged != gl::Divergence::weights) fz::check_weights_finite(s, "after steps");
  s.evaluate(true);
  fz::check_metrics(s);
  s.reset();
  FZ_REQUIRE(bit_identical(weights_of(s), weights_of(fresh)), "reset after a load");
  return 0;
}
