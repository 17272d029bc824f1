// Training works: the playground's classic problems reach high test accuracy within a
// stated step budget (evaluated every 250 steps: "reaches" means at one of those checks).
#include <doctest/doctest.h>

#include <string>

#include "session.hpp"

using namespace gl;

namespace {
// Returns the step at which test accuracy first reached `target`, or -1 within `budget`.
long long steps_to(const std::string& query, double target, int budget) {
  Session s(config_from_query(query));
  while (s.metrics().step < budget) {
    s.step(250);
    const auto& m = s.evaluate(false);
    REQUIRE(m.diverged == Divergence::none);
    if (m.test_acc >= target) return m.step;
  }
  return -1;
}
}  // namespace

TEST_CASE("spiral, 3 x 16 tanh, Adam lr 0.01: >= 95% test accuracy within 5,000 steps") {
  for (int seed : {1, 2, 3}) {
    CAPTURE(seed);
    const std::string q = "dataset=spiral&hidden=16,16,16&activation=tanh&optimizer=adam&learningRate=0.01&seed=" +
                          std::to_string(seed) + "&dataSeed=" + std::to_string(seed);
    const long long at = steps_to(q, 0.95, 5000);
    MESSAGE("seed " << seed << ": 95% at step " << at);
    CHECK(at > 0);
  }
}

TEST_CASE("xor and circle, 2 x 8 tanh, Adam lr 0.01: >= 97% test accuracy within 1,000 steps") {
  for (const char* set : {"xor", "circle"})
    for (int seed : {1, 2, 3}) {
      CAPTURE(set);
      CAPTURE(seed);
      const std::string q = std::string("dataset=") + set + "&hidden=8,8&activation=tanh&optimizer=adam&learningRate=0.01&seed=" +
                            std::to_string(seed) + "&dataSeed=" + std::to_string(seed);
      CHECK(steps_to(q, 0.97, 1000) > 0);
    }
}

TEST_CASE("regression: the plane and 1-D sine fits drive the MSE down") {
  for (const char* q : {"dataset=plane&hidden=4&optimizer=adam&learningRate=0.01",
                        "dataset=fit1d&target1d=sine&features=x1&hidden=16,16&optimizer=adam&learningRate=0.01"}) {
    CAPTURE(q);
    Session s(config_from_query(q));
    const double before = s.evaluate(false).test_loss;
    s.step(3000);
    const double after = s.evaluate(false).test_loss;
    CHECK(after < 0.05 * before);
  }
}

TEST_CASE("every optimiser trains the circle") {
  for (const char* opt : {"sgd", "momentum", "nesterov", "rmsprop", "adam"}) {
    CAPTURE(opt);
    const std::string q = std::string("dataset=circle&hidden=8,8&optimizer=") + opt +
                          (std::string(opt) == "sgd" || std::string(opt) == "momentum" || std::string(opt) == "nesterov"
                               ? "&learningRate=0.1"
                               : "&learningRate=0.01");
    CHECK(steps_to(q, 0.95, 3000) > 0);
  }
}
