// Edge cases the hardening invariants must hold on, checked in every native run (the fuzzers
// need clang and minutes). Each case names its reproducer under
// tests/fuzz/corpus/<target>/regress-*, which the fuzz runs replay too.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

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

TEST_CASE("set_live checks a value before converting it (corpus/config/regress-set-live-infinity)") {
  // Field::set converts the double to the member's int; for NaN, infinities and huge values that
  // conversion is undefined behaviour, so set_live must check the range first. The sanitizer
  // build of this suite (build/asan) aborts here if the conversion comes first.
  Session s(config_from_query("hidden=3&batchSize=7"));
  for (const char* name : {"batchSize", "stepEvery", "cosineSteps", "learningRate", "momentum"}) {
    for (double v : {double(NAN), double(INFINITY), -double(INFINITY), 1e300, -1e300, 3e9, 0.5}) {
      CAPTURE(name);
      CAPTURE(v);
      const Field* f = find_field(name);
      const bool fits = std::isfinite(v) && v >= f->min && v <= f->max && (f->kind == FieldKind::number || v == std::floor(v));
      if (fits) continue;  // e.g. momentum 0.5: a valid change, not what this case is about
      const Config before = s.config();
      CHECK_THROWS_AS(s.set_live(name, v), ConfigError);
      CHECK(config_to_query(s.config()) == config_to_query(before));  // nothing changed
    }
  }
  CHECK(s.config().batchSize == 7);
  s.set_live("batchSize", 5);  // valid changes still apply
  CHECK(s.config().batchSize == 5);
}

TEST_CASE("an evaluation whose gradient overflows reports the divergence (corpus/config/regress-evaluate-inf-gradient)") {
  // After two steps the loss, summed in double, is 2e30 while the float32 full-batch gradient
  // is already infinite: evaluate() must report the divergence, not a gradWNorm of inf on a
  // run that claims to be fine.
  Session s(config_from_query("dataset=circle&hidden=4,2&activation=linear&outputActivation=softmax&init=orthogonal"
                              "&initGain=100&initScale=100&seed=0&learningRate=10"));
  bool seen_evaluate_catch = false;
  for (int i = 0; i < 20 && !s.diverged(); ++i) {
    s.step(1);
    if (s.diverged()) break;  // caught by the step itself
    const Metrics& m = s.evaluate();
    if (m.diverged != Divergence::none) {
      CHECK(m.diverged == Divergence::gradient);
      CHECK(m.diverged_step == m.step);
      seen_evaluate_catch = true;
      break;
    }
    for (const auto& L : m.layers) {  // not diverged: every gradient figure is a number
      CHECK(std::isfinite(L.grad_w_norm));
      CHECK(std::isfinite(L.grad_b_norm));
      CHECK(std::isfinite(L.grad_z_rms));
    }
  }
  REQUIRE(s.diverged());
  CHECK(s.step(1) == 0);
  MESSAGE("divergence caught by " << std::string(seen_evaluate_catch ? "evaluate()" : "step()") << " at step " << s.metrics().diverged_step);
  s.reset();
  CHECK(!s.diverged());
}

namespace {

// Every per-layer figure of an evaluation that is not marked diverged is a number.
void expect_finite_layers(const Metrics& m) {
  for (const auto& L : m.layers)
    for (double v : {L.grad_w_norm, L.grad_b_norm, L.grad_z_rms, L.weight_norm, L.bias_norm, L.pre_mean, L.pre_std,
                     L.act_mean, L.act_std})
      CHECK(std::isfinite(v));
}

}  // namespace

TEST_CASE("finite but huge loaded weights: an infinite weight norm is reported as diverged (corpus/weights/regress-huge-weights-norm)") {
  // Weights of +-8e30 are finite, so import_weights accepts them, but their squares overflow
  // the float32 sums behind weightNorm (and the next step's update ratio).
  Session s(config_from_query("dataset=highdim&inputDim=3&hidden=2&classes=4&numPoints=40"));
  const double initial = s.evaluate().train_loss;
  std::vector<float> w(s.param_count());
  const float pattern[] = {-3e-9f, -8e30f, 1e30f};
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = pattern[i % 3];
  s.import_weights(w.data());
  CHECK(!s.diverged());  // loading is not a step
  const Metrics& m = s.evaluate();
  if (m.diverged == Divergence::none) expect_finite_layers(m);
  else CHECK(m.diverged_step == 0);
  REQUIRE(m.diverged != Divergence::none);  // these weights do overflow: it must say so
  CHECK(s.step(1) == 0);
  s.reset();
  CHECK(!s.diverged());
  CHECK(s.evaluate().train_loss == initial);
}

TEST_CASE("an extreme target in the test split only is a divergence, not an infinite test loss (corpus/userdata/regress-test-split-overflow)") {
  UserData u;
  u.shape = {8, 2, 1, false, 0};
  u.inputs = {0.5f, -1, 2, 0, 1, -0.25f, 3, 1, 0.5f, -1, 2, 0, 1, -0.25f, 3, 1};
  u.targets = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f};
  const Config c = config_from_query("dataset=custom&hidden=3&batchSize=2");
  const int test_point = Session(c, &u).data().test.at(0);  // the split is fixed by dataSeed
  u.targets[test_point] = 2.5e27f;                            // its squared error overflows float32
  Session s(c, &u);
  const Metrics& m = s.evaluate();
  CHECK(std::isfinite(m.train_loss));  // the training data is fine ...
  REQUIRE(m.diverged == Divergence::loss);  // ... the test loss is not, and that is reported
  CHECK(m.diverged_step == 0);
  s.reset();
  CHECK(!s.diverged());
}

TEST_CASE("an evaluation that finds a divergence keeps the last unit states with the last figures") {
  // Five steps train on their batches without trouble, then the evaluation over the whole set
  // overflows. The per-layer figures go back to the last finite evaluation, and the unit states
  // must go back with them rather than stay those of the overflowing pass.
  Session s(config_from_query("dataset=moons&numPoints=600&dataSeed=0&hidden=3,2,8&activation=softplus&init=he_uniform"
                              "&seed=0&learningRate=1&l2=10&batchSize=2"));
  int step = 0;
  std::vector<uint8_t> states;
  for (; step < 10; ++step) {
    states = s.unit_states();
    REQUIRE(s.step(1) == 1);
    if (s.evaluate().diverged != Divergence::none) break;
  }
  REQUIRE(s.diverged());
  MESSAGE("evaluate() found the divergence at step " << s.metrics().step);
  CHECK(s.unit_states() == states);
}
