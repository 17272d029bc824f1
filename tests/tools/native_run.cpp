// Native reference run for the wasm parity test (tests/js/parity.test.mjs):
//   gradlab_native_run '<config query>' <steps>
// prints JSON: the batch loss after every step, the evaluated train/test loss at the end,
// and every weight, all with enough digits to read back the exact float/double.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <vector>

#include "session.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s '<config query>' <steps>\n", argv[0]);
    return 2;
  }
  try {
    gl::Session s(gl::config_from_query(argv[1]));
    const int steps = std::atoi(argv[2]);
    std::printf("{\"batchLoss\":[");
    for (int i = 0; i < steps; ++i) {
      s.step(1);
      std::printf("%s%.17g", i ? "," : "", s.metrics().batch_loss);
    }
    const auto& m = s.evaluate(true);
    std::printf("],\"trainLoss\":%.17g,\"testLoss\":%.17g,\"gradZRms\":[", m.train_loss, m.test_loss);
    for (std::size_t l = 0; l < m.layers.size(); ++l) std::printf("%s%.17g", l ? "," : "", m.layers[l].grad_z_rms);
    std::vector<float> w(s.param_count());
    s.export_weights(w.data());
    std::printf("],\"weights\":[");
    for (std::size_t i = 0; i < w.size(); ++i) std::printf("%s%.9g", i ? "," : "", double(w[i]));
    std::printf("]}\n");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
  return 0;
}
