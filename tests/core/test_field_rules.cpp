// The fields' applicability rules (`when` in the schema, `applies()` here) against what a run
// really does: a field whose rule says it does not apply must leave the whole run (data,
// weights after training, losses) bit-identical when it changes, and every field that has a
// rule must change the run in some configuration where the rule says it applies. The rules are
// what the playground uses to hide controls, so a wrong rule hides a knob that matters or
// shows one that does nothing.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "helpers.hpp"
#include "rng.hpp"
#include "session.hpp"

using namespace gl;

namespace {

// Everything a run produces that a configuration field could influence.
struct Outcome {
  std::vector<float> raw, target, weights;
  std::vector<int> train, test;
  double train_loss = 0, test_loss = 0;
  int diverged = 0;
  bool operator==(const Outcome& o) const {
    auto same = [](const std::vector<float>& a, const std::vector<float>& b) { return bit_identical(a, b); };
    auto same_d = [](double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; };
    return same(raw, o.raw) && same(target, o.target) && same(weights, o.weights) && train == o.train &&
           test == o.test && same_d(train_loss, o.train_loss) && same_d(test_loss, o.test_loss) && diverged == o.diverged;
  }
};

// nullopt when the configuration is rejected.
std::optional<Outcome> run(const Config& c, const UserData* user) {
  try {
    Session s(c, user);
    s.step(3);
    s.evaluate(false);
    Outcome o;
    o.raw = s.data().raw;
    o.target = s.data().target;
    o.train = s.data().train;
    o.test = s.data().test;
    o.weights = weights_of(s);
    o.train_loss = s.metrics().train_loss;
    o.test_loss = s.metrics().test_loss;
    o.diverged = int(s.metrics().diverged);
    return o;
  } catch (const ConfigError&) {
    return std::nullopt;
  }
}

int pick(Rng& rng, int n) { return int(rng.below(uint32_t(n))); }

// A small, quick configuration with every enumeration drawn at random; schedules short enough
// that their parameters matter within the three steps run() trains.
Config random_config(Rng& rng, bool custom) {
  Config c;
  c.dataset = custom ? DatasetKind::custom : static_cast<DatasetKind>(pick(rng, int(DatasetKind::custom)));
  c.target1d = static_cast<Target1D>(pick(rng, 4));
  c.numPoints = 40 + pick(rng, 20);
  c.noise = pick(rng, 2) ? 0.2 : 0.0;
  c.classes = c.dataset == DatasetKind::spiral || c.dataset == DatasetKind::gaussian || c.dataset == DatasetKind::highdim
                  ? 2 + pick(rng, 3)
                  : 2;
  c.inputDim = 1 + pick(rng, 4);
  c.features.clear();
  for (int f = 0; f < kFeatureCount; ++f)
    if (pick(rng, 2)) c.features.push_back(f);
  c.features.push_back(int(Feature::x1));  // at least one that fit1d can use
  std::sort(c.features.begin(), c.features.end());
  c.features.erase(std::unique(c.features.begin(), c.features.end()), c.features.end());
  c.hidden.assign(pick(rng, 3), 0);
  for (int& w : c.hidden) w = 2 + pick(rng, 4);
  c.activation = static_cast<Act>(pick(rng, kActCount));
  c.layerActivations.clear();
  if (pick(rng, 2))
    for (std::size_t l = 0; l < c.hidden.size(); ++l) c.layerActivations.push_back(pick(rng, kActCount));
  c.gelu = static_cast<GeluForm>(pick(rng, 2));
  c.init = static_cast<InitKind>(pick(rng, int(std::size(kInitNames))));
  c.initScale = 0.5;
  c.optimizer = static_cast<OptKind>(pick(rng, 5));
  c.learningRate = 0.1;
  c.schedule = static_cast<ScheduleKind>(pick(rng, 3));
  c.stepEvery = 1 + pick(rng, 2);
  c.cosineSteps = 2 + pick(rng, 3);
  c.minLearningRate = 0.1;
  c.batchSize = 4;
  c.seed = rng.below(1000);
  c.dataSeed = rng.below(1000);
  return c;
}

UserData random_user_data(Rng& rng) {
  UserData u;
  u.shape.points = 30;
  u.shape.inputs = 3;
  u.shape.classification = pick(rng, 2) == 0;
  u.shape.classes = u.shape.classification ? 2 + pick(rng, 2) : 0;
  u.shape.outputs = u.shape.classification ? 1 : 2;
  for (int i = 0; i < u.shape.points * u.shape.inputs; ++i) u.inputs.push_back(float(rng.uniform(-2, 2)));
  for (int i = 0; i < u.shape.points; ++i) {
    if (u.shape.classification) u.targets.push_back(float(pick(rng, u.shape.classes)));
    else
      for (int j = 0; j < u.shape.outputs; ++j) u.targets.push_back(float(rng.uniform(-1, 1)));
  }
  return u;
}

// Another value of the field (the configuration may then be rejected; the caller skips it).
void perturb(const Field& f, Config& c, Rng& rng) {
  switch (f.kind) {
    case FieldKind::number:
    case FieldKind::integer: {
      const double now = f.get(c);
      const double lo = f.min, hi = std::min(f.max, f.kind == FieldKind::integer ? f.min + 4 : f.max);
      double v = now;
      for (int tries = 0; tries < 8 && v == now; ++tries) {
        v = lo + (hi - lo) * rng.uniform();
        if (f.kind == FieldKind::integer) v = double(int(v + 0.5));
      }
      if (v == now) v = now == f.min ? f.max : f.min;
      f.set(c, v);
      return;
    }
    case FieldKind::enumeration: f.set(c, double((int(f.get(c)) + 1 + pick(rng, f.n_names - 1)) % f.n_names)); return;
    case FieldKind::int_list: {
      auto& l = f.list(c);
      if (l.empty() || pick(rng, 2)) l.push_back(3);
      else l.back() += 1;
      return;
    }
    case FieldKind::enum_list:
    case FieldKind::enum_set: {
      auto& l = f.list(c);
      if (f.kind == FieldKind::enum_set) {  // toggle one feature
        const int v = pick(rng, f.n_names);
        const auto at = std::find(l.begin(), l.end(), v);
        if (at == l.end()) l.push_back(v), std::sort(l.begin(), l.end());
        else l.erase(at);
      } else if (!l.empty()) {
        l[pick(rng, int(l.size()))] = pick(rng, f.n_names);
      }
      return;
    }
  }
}

}  // namespace

TEST_CASE("every field has a distinct label, and every rule names an enumeration and values it has") {
  std::set<std::string> labels;
  for (const auto& f : fields()) {
    CAPTURE(f.name);
    REQUIRE(f.label != nullptr);
    CHECK(std::strlen(f.label) > 0);
    CHECK(labels.insert(f.label).second);
    for (const auto& k : f.when) {
      CAPTURE(k.key);
      const bool acts = std::string(k.key) == kActivationsInUse;
      const Field* key = acts ? nullptr : find_field(k.key);
      REQUIRE((acts || (key && key->kind == FieldKind::enumeration)));
      const int n = acts ? kActCount : key->n_names;
      CHECK(!k.allowed.empty());
      CHECK(int(k.allowed.size()) < n);  // a condition every value meets would say nothing
      for (int v : k.allowed) CHECK((v >= 0 && v < n));
      CHECK(std::set<int>(k.allowed.begin(), k.allowed.end()).size() == k.allowed.size());
    }
  }
}

TEST_CASE("the activations in use are layerActivations when given, else the one activation") {
  Config c;
  c.hidden = {3, 3};
  c.activation = Act::leaky_relu;
  CHECK(applies(field("leakySlope"), c));
  CHECK_FALSE(applies(field("eluAlpha"), c));
  c.layerActivations = {int(Act::elu), int(Act::tanh)};  // the per-layer list replaces `activation`
  CHECK_FALSE(applies(field("leakySlope"), c));
  CHECK(applies(field("eluAlpha"), c));
  // The same facts from the network the session builds.
  const Session s(c);
  CHECK(s.net().layers[0].act == Act::elu);
  CHECK(s.net().layers[1].act == Act::tanh);
}

TEST_CASE("validation follows the rules: classes beyond 2 and the feature list only where they apply") {
  // On every generated data set, `c` is refused (naming `name`) exactly when the rule of
  // `name` says the field applies (or, with `refused_if_applies` false, when it does not).
  auto per_dataset = [](Config c, const char* name, bool refused_if_applies) {
    for (int d = 0; d < int(DatasetKind::custom); ++d) {
      c.dataset = static_cast<DatasetKind>(d);
      CAPTURE(kDatasetNames[d]);
      bool refused = false;
      try {
        validate(c);
      } catch (const ConfigError& e) {
        refused = true;
        CHECK(e.field() == name);
      }
      CHECK(refused == (applies(field(name), c) == refused_if_applies));
    }
  };
  Config three;
  three.classes = 3;
  per_dataset(three, "classes", false);
  Config none;
  none.features.clear();
  per_dataset(none, "features", true);
}

TEST_CASE("a field that does not apply changes nothing, and each rule's field changes the run where it applies") {
  Rng rng(20240610, Stream::fuzz);
  std::map<std::string, int> inert_checked, effective;
  for (int trial = 0; trial < 240; ++trial) {
    const bool custom = trial % 6 == 5;
    const Config base = random_config(rng, custom);
    const UserData user = random_user_data(rng);
    const UserData* u = custom ? &user : nullptr;
    const auto reference = run(base, u);
    if (!reference) continue;
    for (const auto& f : fields()) {
      if (f.when.empty()) continue;
      CAPTURE(f.name);
      CAPTURE(config_to_query(base));
      Config changed = base;
      perturb(f, changed, rng);
      const auto other = run(changed, u);
      if (!other) continue;
      if (!applies(f, base)) {
        CHECK(applies(f, changed) == false);  // a rule never depends on its own field
        CHECK_MESSAGE(*other == *reference, f.name << " does not apply but changed the run to "
                                                   << field_to_text(changed, f));
        ++inert_checked[f.name];
      } else if (!(*other == *reference)) {
        ++effective[f.name];
      }
    }
  }
  for (const auto& f : fields()) {
    if (f.when.empty()) continue;
    CAPTURE(f.name);
    CHECK(inert_checked[f.name] >= 5);  // each rule was put to the test ...
    CHECK(effective[f.name] >= 1);      // ... and its field matters where the rule says it does
  }
}
