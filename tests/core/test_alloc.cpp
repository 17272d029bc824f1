// No allocation per step or per redraw: a counting global operator new. Everything a
// session needs is sized when it is built (or when a larger grid is first asked for).
#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "session.hpp"

namespace {
std::atomic<long> g_allocations{0};
}

void* operator new(std::size_t n) {
  ++g_allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

using namespace gl;

TEST_CASE("training steps, evaluation and grid redraws allocate nothing once warmed up") {
  for (const char* q : {"dataset=spiral&hidden=16,16&optimizer=adam", "dataset=circle&hidden=4,2&clipNorm=1&l2=0.01",
                        "dataset=spiral&classes=3&hidden=8,8&activation=relu&optimizer=rmsprop"}) {
    CAPTURE(q);
    Session s(config_from_query(q));
    s.step(10);
    s.evaluate();
    s.predict_grid(100);
    s.neuron_grids(30);
    const long before = g_allocations.load();
    s.step(1000);
    s.step_epoch();
    s.evaluate();
    s.evaluate(false);
    s.predict_grid(100);
    s.neuron_grids(30);
    CHECK(g_allocations.load() - before == 0);
  }
}
