// Session::resume_at: a run restored from saved weights continues its learning-rate schedule
// from the saved step instead of starting it over.
#include <doctest/doctest.h>

#include <stdexcept>
#include <vector>

#include "session.hpp"

using namespace gl;

TEST_CASE("resume_at: restored weights continue the schedule at the saved step") {
  // Step decay: lr 0.1 halves every 100 steps, so it is 0.1 * 0.5^3 from step 300 to 399.
  const Config c = config_from_query("hidden=6&learningRate=0.1&schedule=step&stepEvery=100&stepGamma=0.5");
  Session a(c);
  a.step(350);
  REQUIRE(a.metrics().step == 350);
  std::vector<float> w(a.param_count());
  a.export_weights(w.data());

  Session b(c);
  b.import_weights(w.data());
  CHECK(b.metrics().step == 0);
  b.resume_at(a.metrics().step, a.metrics().epoch);
  CHECK(b.metrics().step == 350);
  CHECK(b.metrics().epoch == a.metrics().epoch);
  CHECK(b.metrics().lr == doctest::Approx(0.1 * 0.125));
  // The next update uses the schedule's rate at step 350, not the starting rate.
  b.step(1);
  CHECK(b.metrics().step == 351);
  CHECK(b.metrics().lr == doctest::Approx(0.0125));
  // The update made at step 400 (the 50th after resuming) is the first at 0.1 * 0.5^4.
  b.step(49);
  CHECK(b.metrics().lr == doctest::Approx(0.0125));
  b.step(1);
  CHECK(b.metrics().step == 401);
  CHECK(b.metrics().lr == doctest::Approx(0.1 * 0.0625));
}

TEST_CASE("resume_at refuses counts no run can have") {
  Session s(config_from_query("hidden=4"));
  CHECK_THROWS_AS(s.resume_at(-1, 0), std::invalid_argument);
  CHECK_THROWS_AS(s.resume_at(10, 11), std::invalid_argument);
  CHECK_THROWS_AS(s.resume_at(10, -1), std::invalid_argument);
  CHECK(s.metrics().step == 0);
  s.resume_at(10, 10);
  CHECK(s.metrics().step == 10);
}
