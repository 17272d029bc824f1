// Edge cases the hardening invariants must hold on, checked in every native run (the fuzzers
// need clang and minutes). Each case names its reproducer under
// tests/fuzz/corpus/<target>/regress-*, which the fuzz runs replay too.
#include <doctest/doctest.h>

#include <algorithm>
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

namespace {

// What a run that is not marked diverged may show (the invariant fuzz_config checks): figures of
// an evaluation exist exactly when it says it evaluated, and then they are numbers in range.
void expect_coherent(const Metrics& m, const Resolved& r) {
  REQUIRE(m.diverged == Divergence::none);
  const bool evaluated = m.evaluated_step >= 0;
  CHECK(evaluated == std::isfinite(m.train_loss));
  CHECK(evaluated == (r.classification && m.train_acc >= 0 && m.train_acc <= 1));
  CHECK(m.layers_step <= m.evaluated_step);
  if (m.step > 0) {
    CHECK(std::isfinite(m.batch_loss));
    CHECK(std::isfinite(m.grad_norm));
  }
}

}  // namespace

TEST_CASE("new weights end a divergence and withdraw its records (corpus/config/regress-cleared-divergence-accuracy)") {
  SUBCASE("the fuzzer's case: the only evaluation blew up, so none is left") {
    // Constant init (every weight initGain x initScale = 64) through four selu layers of 8 units:
    // the float32 probe gradient overflows at the first evaluation while the loss, summed in
    // double, is finite (about 1e26).
    Session s(config_from_query("dataset=checkerboard&noise=0.5&dataSeed=1&hidden=8,8,8,8&activation=selu"
                                "&outputActivation=linear&loss=mse&init=constant&initGain=8&initScale=8&biasInit=0&seed=1"));
    const Metrics& blown = s.evaluate();
    REQUIRE(blown.diverged == Divergence::gradient);
    CHECK(blown.diverged_step == 0);
    CHECK(std::isfinite(blown.train_loss));  // the record: a finite loss, no accuracy
    const auto blob = s.save_weights();
    s.load_weights(blob.data(), blob.size());  // the same (finite) weights: accepted
    // Before the fix: not diverged, evaluatedStep 0, trainLoss 1e26-ish and trainAccuracy NaN.
    const Metrics& m = s.metrics();
    expect_coherent(m, s.resolved());
    CHECK(m.evaluated_step == -1);
    CHECK(std::isnan(m.train_loss));
    CHECK(std::isnan(m.test_loss));
    CHECK(std::isnan(m.train_acc));
    CHECK(std::isnan(m.test_acc));
    // Without the probe gradient the evaluation completes, and its accuracy is a number.
    const Metrics& e = s.evaluate(false);
    REQUIRE(e.diverged == Divergence::none);
    CHECK(e.evaluated_step == 0);
    CHECK((e.train_acc >= 0 && e.train_acc <= 1));
    CHECK((e.test_acc >= 0 && e.test_acc <= 1));
  }

  SUBCASE("found by an evaluation: the figures go back to the last evaluation that completed") {
    // Nine points separable by x1 > x2 but for (1,0) (class 0) and (-1,0) (class 1); no hidden
    // layer, sigmoid output, binary cross-entropy.
    UserData u;
    u.shape = {9, 2, 1, true, 2};
    u.inputs = {2, 0, 0, 2, 3, 1, 1, 3, -1, -2, -2, -1, 1, 0, 0, 1, -1, 0};
    u.targets = {1, 0, 1, 0, 1, 0, 0, 0, 1};
    Session s(config_from_query("dataset=custom&hidden=&trainFraction=1&batchSize=3"), &u);
    REQUIRE(s.resolved().out == OutAct::sigmoid);
    const std::vector<float> good = {1, -1, 0};  // z = x1 - x2: class 1 where x1 > x2
    // By hand: 7 of 9 right; BCE(z, y) = max(z, 0) - z y + log(1 + exp(-|z|)), z = x1 - x2.
    double loss = 0;
    for (int i = 0; i < 9; ++i) {
      const double z = u.inputs[2 * i] - u.inputs[2 * i + 1], y = u.targets[i];
      loss += std::max(z, 0.0) - z * y + std::log1p(std::exp(-std::fabs(z)));
    }
    loss /= 9;
    // Finite weights whose float32 squared norm overflows: the evaluation finds the divergence.
    const std::vector<float> huge = {8e30f, -8e30f, 0};
    auto blow_up = [&] {
      s.import_weights(huge.data());
      const Metrics& b = s.evaluate();
      REQUIRE(b.diverged != Divergence::none);
      CHECK(b.diverged_step == 0);
    };

    blow_up();  // before any evaluation completed
    s.import_weights(good.data());
    expect_coherent(s.metrics(), s.resolved());
    CHECK(s.metrics().evaluated_step == -1);
    CHECK(std::isnan(s.metrics().train_acc));
    const Metrics& e = s.evaluate();
    REQUIRE(e.diverged == Divergence::none);
    CHECK(e.train_acc == 7.0 / 9);
    CHECK(std::fabs(e.train_loss - loss) < 1e-6);

    blow_up();  // after one: its figures come back, not the blow-up's loss
    s.import_weights(good.data());
    const Metrics& m = s.metrics();
    expect_coherent(m, s.resolved());
    CHECK(m.evaluated_step == 0);
    CHECK(m.train_acc == 7.0 / 9);
    CHECK(std::fabs(m.train_loss - loss) < 1e-6);
  }

  SUBCASE("found by a step: the batch loss and gradient norm go back to the last step that completed") {
    // y = 0, 2, 4, 7 at x = 0..3, one batch of all four, no hidden layer, MSE.
    UserData u;
    u.shape = {4, 1, 1, false, 0};
    u.inputs = {0, 1, 2, 3};
    u.targets = {0, 2, 4, 7};
    Session s(config_from_query("dataset=custom&hidden=&trainFraction=1&batchSize=4"), &u);
    REQUIRE(s.resolved().out == OutAct::linear);
    // y = 2x: residuals 0, 0, 0, -1, so MSE 1/4; dL/dw = 2 (-1)(3) / 4 = -1.5, dL/db = 2 (-1) / 4 = -0.5.
    const std::vector<float> good = {2, 0};
    s.import_weights(good.data());
    REQUIRE(s.step(1) == 1);
    CHECK(s.metrics().batch_loss == 0.25);
    CHECK(s.metrics().grad_norm == std::sqrt(2.5));
    // 3e38 x overflows float32 at x = 2: the next step's loss and gradient are infinite.
    const std::vector<float> huge = {3e38f, 0};
    s.import_weights(huge.data());
    CHECK(s.step(1) == 0);
    REQUIRE(s.metrics().diverged == Divergence::loss);
    CHECK(!std::isfinite(s.metrics().batch_loss));
    s.import_weights(good.data());
    // Before the fix: not diverged, step 1, batchLoss and gradNorm infinite.
    const Metrics& m = s.metrics();
    expect_coherent(m, s.resolved());
    CHECK(m.step == 1);
    CHECK(m.batch_loss == 0.25);
    CHECK(m.grad_norm == std::sqrt(2.5));
    CHECK(s.step(1) == 1);  // and training goes on
  }

  SUBCASE("a first call cut short: no batch loss was ever computed, the gradient norm is the last step's") {
    // step(5) computes only its last step's loss; here the fifth step blows up (ReLU, init gain
    // 58, learning rate 10), so the four that completed never computed theirs.
    Session s(config_from_query("dataset=circle&numPoints=500&noise=0&trainFraction=0.5&dataSeed=1&hidden=5,8,8"
                                "&activation=relu&init=he_normal&initGain=58&seed=1&learningRate=10&batchSize=10"));
    Session twin = s;
    REQUIRE(s.step(5) == 4);
    REQUIRE(s.metrics().diverged == Divergence::gradient);
    for (int k = 0; k < 4; ++k) REQUIRE(twin.step(1) == 1);  // the same four steps, one at a time
    const auto blob = s.save_weights();
    s.load_weights(blob.data(), blob.size());
    const Metrics& m = s.metrics();
    REQUIRE(m.diverged == Divergence::none);
    CHECK(m.step == 4);
    CHECK(std::isnan(m.batch_loss));  // not available, rather than the blow-up's 6e30
    CHECK(std::isfinite(m.grad_norm));
    CHECK(m.grad_norm == twin.metrics().grad_norm);  // before the fix: inf
  }
}
