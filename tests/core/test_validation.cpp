// Invalid configurations: every field, with the error naming the field, the value and what
// is allowed; then the rules that involve several fields.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "helpers.hpp"
#include "session.hpp"

using namespace gl;

namespace {

std::string fmt(double v) {
  char b[32];
  std::snprintf(b, sizeof b, v == std::floor(v) && std::fabs(v) < 1e15 ? "%.0f" : "%g", v);
  return b;
}

// Sets a value through the struct, if the member's type can hold it (seeds are uint32).
bool set_if_representable(const Field& f, Config& c, double v) {
  f.set(c, v);
  return f.get(c) == v || std::isnan(v);
}

// Expects validate() (or parsing) to fail on `field`, with a message that contains `parts`.
void expect_error(const std::function<void()>& f, const std::string& field, std::initializer_list<std::string> parts) {
  bool thrown = false;
  try {
    f();
  } catch (const ConfigError& e) {
    thrown = true;
    CHECK(e.field().rfind(field, 0) == 0);  // "hidden" or "hidden[3]"
    const std::string msg = e.what();
    CAPTURE(msg);
    CHECK(msg.rfind(field, 0) == 0);  // the message starts with the field name
    for (const auto& p : parts) CHECK_MESSAGE(msg.find(p) != std::string::npos, "missing \"" << p << "\"");
  }
  CHECK_MESSAGE(thrown, "no ConfigError for " << field);
}

}  // namespace

TEST_CASE("every field rejects invalid values with a message naming field, value and allowed range") {
  int tested = 0;
  for (const auto& f : fields()) {
    const std::string name = f.name;
    CAPTURE(name);
    ++tested;
    switch (f.kind) {
      case FieldKind::number:
      case FieldKind::integer: {
        const std::string range = fmt(f.min) + " to " + fmt(f.max);
        // above the range, through the struct and through text
        Config c;
        if (set_if_representable(f, c, f.max + 1)) expect_error([&] { validate(c); }, name, {fmt(f.max + 1), range});
        expect_error([&] { Config d; field_from_text(d, f, fmt(f.max + 1)); }, name, {fmt(f.max + 1), range});
        // below the range
        Config lo;
        if (set_if_representable(f, lo, f.min - 1)) expect_error([&] { validate(lo); }, name, {range});
        expect_error([&] { Config d; field_from_text(d, f, fmt(f.min - 1)); }, name, {fmt(f.min - 1), range});
        // not a number at all
        expect_error([&] { Config d; field_from_text(d, f, "abc"); }, name, {"\"abc\"", "not a number"});
        if (f.kind == FieldKind::number) {
          Config n;
          f.set(n, NAN);
          expect_error([&] { validate(n); }, name, {"NaN", "finite", range});
          Config i;
          f.set(i, INFINITY);
          expect_error([&] { validate(i); }, name, {"finite"});
        } else {
          expect_error([&] { Config d; field_from_text(d, f, fmt(f.min + 0.5)); }, name, {"not an integer", range});
        }
        break;
      }
      case FieldKind::enumeration: {
        expect_error([&] { Config d; field_from_text(d, f, "bogus"); }, name, {"\"bogus\"", "is not one of", f.names[0]});
        Config c;
        f.set(c, f.n_names);  // an index past the table
        expect_error([&] { validate(c); }, name, {"is not one of"});
        break;
      }
      case FieldKind::int_list: {
        const std::string range = fmt(f.min) + " to " + fmt(f.max);
        expect_error([&] { Config d; field_from_text(d, f, "8," + fmt(f.max + 1)); }, name + "[1]", {fmt(f.max + 1), range});
        expect_error([&] { Config d; field_from_text(d, f, "0"); }, name + "[0]", {range});
        expect_error([&] { Config d; field_from_text(d, f, "8,x"); }, name + "[1]", {"not a number"});
        Config c;
        f.list(c).assign(f.max_len + 1, 4);
        expect_error([&] { validate(c); }, name, {std::to_string(f.max_len + 1) + " entries", std::to_string(f.max_len)});
        break;
      }
      case FieldKind::enum_list:
      case FieldKind::enum_set: {
        expect_error([&] { Config d; field_from_text(d, f, std::string(f.names[0]) + ",bogus"); }, name + "[1]",
                     {"\"bogus\"", "is not one of"});
        Config c;
        f.list(c).assign(f.max_len + 1, 0);
        expect_error([&] { validate(c); }, name, {"too many"});
        if (f.kind == FieldKind::enum_set) {
          Config d;
          f.list(d) = {0, 0};
          expect_error([&] { validate(d); }, name, {"twice"});
        }
        break;
      }
    }
  }
  CHECK(tested == int(fields().size()));
  CHECK(tested >= 38);
}

TEST_CASE("typical mistakes: depth 65, width 0, learning rate NaN or negative, unknown activation, big batch") {
  expect_error([] { config_from_query("hidden=" + layers_of(65, 4)); }, "hidden", {"at most 64"});
  expect_error([] { config_from_query("hidden=4,0,4"); }, "hidden[1]", {"0 is out of range", "1 to 256"});
  expect_error([] { config_from_query("learningRate=nan"); }, "learningRate", {"finite"});
  expect_error([] { config_from_query("learningRate=-0.1"); }, "learningRate", {"-0.1", "1e-07 to 10"});
  expect_error([] { config_from_query("activation=swishy"); }, "activation", {"\"swishy\"", "relu", "selu"});
  expect_error([] { validate(config_from_query("batchSize=400&numPoints=500&trainFraction=0.5")); }, "batchSize",
               {"400", "250 points", "1 to 250"});
}

TEST_CASE("unknown fields are rejected with a suggestion") {
  expect_error([] { config_from_query("learningrate=0.1"); }, "learningrate", {"unknown field", "did you mean learningRate?"});
  expect_error([] { config_from_query("actvation=relu"); }, "actvation", {"did you mean activation?"});
  expect_error([] { config_from_query("zzzzzzzz=1"); }, "zzzzzzzz", {"unknown field"});
}

TEST_CASE("rules across fields") {
  expect_error([] { validate(config_from_query("dataset=circle&classes=3")); }, "classes", {"3", "circle", "spiral"});
  expect_error([] { validate(config_from_query("features=")); }, "features", {"at least one"});
  expect_error([] { validate(config_from_query("dataset=fit1d&features=x2,x2sq")); }, "features", {"x1, x1sq, sinx1"});
  expect_error([] { validate(config_from_query("loss=bce&outputActivation=tanh")); }, "outputActivation", {"tanh", "bce"});
  expect_error([] { validate(config_from_query("loss=softmax_ce&outputActivation=sigmoid")); }, "outputActivation", {"softmax"});
  expect_error([] { validate(config_from_query("dataset=plane&loss=bce")); }, "loss", {"classification", "mse"});
  expect_error([] { validate(config_from_query("dataset=plane&outputActivation=softmax")); }, "outputActivation", {"classification"});
  expect_error([] { validate(config_from_query("hidden=4,4&layerActivations=relu")); }, "layerActivations", {"1 entries", "2 hidden layers"});
  expect_error([] { validate(config_from_query("init=normal&initScale=-1")); }, "initScale", {"-1", "0 or more"});
  expect_error([] { validate(config_from_query("dataset=custom")); }, "dataset", {"custom", "data"});
  const std::string wide = layers_of(64, 256);
  expect_error([&] { validate(config_from_query("hidden=" + wide + "&optimizer=adam&batchSize=4096&numPoints=10000&trainFraction=1")); },
               "batchSize", {"MiB", "budget"});
  expect_error([&] { validate(config_from_query("hidden=" + wide + "&dataset=highdim&inputDim=1024&optimizer=adam&numPoints=10000&batchSize=256")); },
               "hidden", {"budget"});
  // valid combinations resolve sensibly
  const Resolved r = validate(config_from_query("dataset=spiral&classes=3"));
  CHECK(r.loss == LossKind::softmax_ce);
  CHECK(r.out == OutAct::softmax);
  CHECK(r.outputs == 3);
  CHECK(validate(config_from_query("dataset=plane")).loss == LossKind::mse);
  CHECK(validate(Config{}).outputs == 1);
}

TEST_CASE("user-supplied data is checked before it reaches the engine") {
  UserData u;
  u.shape = {4, 2, 1, true, 2};
  u.inputs = {0, 1, 1, 0, 1, 1, 0, 0};
  u.targets = {0, 1, 1, 0};
  Config c = config_from_query("dataset=custom&trainFraction=1&batchSize=2");
  CHECK_NOTHROW(Session(c, &u));
  UserData bad = u;
  bad.inputs[3] = NAN;
  expect_error([&] { Session s(c, &bad); }, "data", {"input 3", "not finite"});
  bad = u;
  bad.targets[2] = 2;
  expect_error([&] { Session s(c, &bad); }, "data", {"label 2", "0 to 1"});
  bad = u;
  bad.inputs.pop_back();
  expect_error([&] { Session s(c, &bad); }, "data", {"7 values", "expected 8"});
  bad = u;
  bad.shape.inputs = 0;
  expect_error([&] { Session s(c, &bad); }, "data", {"0 inputs"});
}

TEST_CASE("query text round-trips every field") {
  Config c = config_from_query("dataset=spiral&classes=4&hidden=3,5,7&layerActivations=relu,selu,silu&learningRate=0.0123456789&features=x1,x2,sinx1&biasInit=-2.5");
  CHECK(c.layerActivations[2] == int(Act::swish));  // "silu" is swish with beta 1
  const Config d = config_from_query(config_to_query(c));
  CHECK(config_to_query(d) == config_to_query(c));
  CHECK(d.learningRate == c.learningRate);  // shortest round-trip text, exact
  CHECK(d.hidden == c.hidden);
}

TEST_CASE("the schema JSON lists every field with its range and default") {
  const std::string j = schema_json();
  for (const auto& f : fields()) CHECK(j.find(std::string("\"name\":\"") + f.name + "\"") != std::string::npos);
  CHECK(j.find("\"default\":0.03") != std::string::npos);  // learningRate
  CHECK(j.find("\"values\":[\"linear\",\"sigmoid\",\"tanh\",\"relu\"") != std::string::npos);
}
