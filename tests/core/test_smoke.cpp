#include <doctest/doctest.h>
#include "session.hpp"
TEST_CASE("smoke") {
  gl::Config c;
  gl::Session s(c);
  s.step(100);
  auto m = s.evaluate();
  MESSAGE("loss " << m.train_loss << " acc " << m.train_acc);
  CHECK(m.step == 100);
}
