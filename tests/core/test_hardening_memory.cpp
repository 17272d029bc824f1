// Resource bounds: a configuration over the memory budget is refused up front with a clear
// message; estimate_bytes (which the budget check uses) is honest about what a session really
// allocates; and long runs keep the heap flat (the native soak: 10^6 steps on a small net,
// 10^5 on a 20 x 64 net, in the playground's pattern of steps, evaluations and grid redraws).
//
// Allocations are measured at the malloc level, where both std::vector (through operator new)
// and Eigen (malloc directly) end up: in a plain build malloc and friends are replaced here
// by counting wrappers around glibc's; under AddressSanitizer, which owns malloc, the same
// figures come from its allocator hooks.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "helpers.hpp"
#include "session.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define GL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GL_ASAN 1
#endif
#endif

namespace heap {

std::atomic<long long> live{0}, peak{0}, calls{0};

inline void added(std::size_t n) {
  calls.fetch_add(1, std::memory_order_relaxed);
  const long long now = live.fetch_add(static_cast<long long>(n), std::memory_order_relaxed) + static_cast<long long>(n);
  long long p = peak.load(std::memory_order_relaxed);
  while (now > p && !peak.compare_exchange_weak(p, now, std::memory_order_relaxed)) {
  }
}
inline void removed(std::size_t n) { live.fetch_sub(static_cast<long long>(n), std::memory_order_relaxed); }

void reset_peak() { peak.store(live.load()); }

}  // namespace heap

#if GL_ASAN
extern "C" {
int __sanitizer_install_malloc_and_free_hooks(void (*)(const volatile void*, std::size_t), void (*)(const volatile void*));
std::size_t __sanitizer_get_allocated_size(const volatile void*);
}
namespace {
void on_malloc(const volatile void*, std::size_t n) { heap::added(n); }
void on_free(const volatile void* p) { heap::removed(__sanitizer_get_allocated_size(p)); }
const int g_hooks = __sanitizer_install_malloc_and_free_hooks(on_malloc, on_free);
}  // namespace
#else
// glibc's own entry points; an executable that defines malloc, free, calloc and realloc (and
// the aligned variants) replaces them for every caller (glibc manual, "Replacing malloc").
extern "C" {
void* __libc_malloc(std::size_t);
void __libc_free(void*);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
std::size_t malloc_usable_size(void*) noexcept;

void* malloc(std::size_t n) {
  void* p = __libc_malloc(n);
  if (p) heap::added(malloc_usable_size(p));
  return p;
}
void free(void* p) {
  if (p) heap::removed(malloc_usable_size(p));
  __libc_free(p);
}
void* calloc(std::size_t k, std::size_t n) {
  void* p = __libc_calloc(k, n);
  if (p) heap::added(malloc_usable_size(p));
  return p;
}
void* realloc(void* p, std::size_t n) {
  const std::size_t old = p ? malloc_usable_size(p) : 0;
  void* q = __libc_realloc(p, n);
  if (q || n == 0) heap::removed(old);
  if (q) heap::added(malloc_usable_size(q));
  return q;
}
void* memalign(std::size_t a, std::size_t n) {
  void* p = __libc_memalign(a, n);
  if (p) heap::added(malloc_usable_size(p));
  return p;
}
void* aligned_alloc(std::size_t a, std::size_t n) { return memalign(a, n); }
int posix_memalign(void** out, std::size_t a, std::size_t n) {
  void* p = memalign(a, n);
  if (!p) return 12;  // ENOMEM
  *out = p;
  return 0;
}
void* valloc(std::size_t n) { return memalign(4096, n); }
void* pvalloc(std::size_t n) { return memalign(4096, (n + 4095) / 4096 * 4096); }
}
#endif

using namespace gl;

namespace {

constexpr double kMiB = 1024.0 * 1024.0;

#if GL_ASAN
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

long rss_kib() {
  long pages = 0, resident = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return resident * 4;  // 4 KiB pages
}

std::string budget_error(const Config& c, const DataShape* data = nullptr) {
  try {
    validate(c, data);
  } catch (const ConfigError& e) {
    return e.field() + " | " + e.what();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("a configuration over the memory budget is refused up front, with the estimate and the budget in the message") {
  const std::string wide = layers_of(64, 256);
  struct Case {
    std::string query, field;
  };
  const std::vector<Case> cases = {
      {"hidden=" + wide + "&optimizer=adam&batchSize=4096&numPoints=10000&trainFraction=1", "batchSize"},
      {"hidden=" + wide + "&dataset=highdim&inputDim=1024&optimizer=adam&numPoints=10000&batchSize=256", "hidden"},
      {"hidden=" + layers_of(40, 256) + "&optimizer=adam&batchSize=4096&numPoints=10000&trainFraction=1", "batchSize"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.query);
    const Config cfg = config_from_query(c.query);
    // What the message should say, from the same estimate validate() uses (resolved without
    // the budget check: the same configuration with one small layer resolves identically).
    Config small = cfg;
    small.hidden = {1};
    const Resolved r = validate(small);
    const double bytes = estimate_bytes(cfg, r);
    REQUIRE(bytes > kMemoryBudget);
    char expected[120];
    std::snprintf(expected, sizeof expected, "the run needs about %.0f MiB, over the %.0f MiB budget", bytes / kMiB,
                  kMemoryBudget / kMiB);
    const std::string e = budget_error(cfg);
    CHECK(e.rfind(c.field + " | " + c.field + ": ", 0) == 0);
    CHECK(e.find(expected) != std::string::npos);
    CHECK(e.find("fewer or narrower layers or a smaller batch") != std::string::npos);
    // Refused before anything big is allocated: the Session constructor validates first.
    heap::reset_peak();
    const long long start = heap::live.load();
    CHECK_THROWS_AS(Session{cfg}, ConfigError);
    CHECK(heap::peak.load() - start < 1 << 20);
  }
  // Just under the budget is accepted (the estimate is what decides, not a rounder rule).
  const Config ok = config_from_query("hidden=" + layers_of(7, 256) + "&optimizer=adam&batchSize=4096&numPoints=10000&trainFraction=1");
  const double ok_bytes = estimate_bytes(ok, validate(ok));
  MESSAGE("accepted configuration estimates " << ok_bytes / kMiB << " MiB");
  CHECK(ok_bytes <= kMemoryBudget);
  CHECK(ok_bytes > kMemoryBudget * 0.8);
  const Config over = config_from_query("hidden=" + layers_of(8, 256) + "&optimizer=adam&batchSize=4096&numPoints=10000&trainFraction=1");
  CHECK(budget_error(over).find("over the 128 MiB budget") != std::string::npos);  // one layer more is refused
}

TEST_CASE("a run over the budget mostly for its data names the data, and their share, not the layers") {
  // A user's file of 60,000 points x 1,024 inputs and one target: each point is kept as its
  // padded inputs and target (1,024 + 4), its raw values (1,024 + 1) and 2 indices, 2,055
  // floats: 60,000 x 2,055 x 4 bytes = 493.2 MB = 470 MiB; a small network adds a few MiB.
  const Config user = config_from_query("dataset=custom&hidden=8");
  const DataShape shape{60000, 1024, 1, false, 0};
  const std::string e = budget_error(user, &shape);
  CHECK(e.rfind("data | data: the run needs about 47", 0) == 0);
  CHECK(e.find("MiB, over the 128 MiB budget, 470 MiB of it for the data; use fewer points or fewer inputs") != std::string::npos);
  // highdim at its largest (10,000 points x 1,024 inputs: 10,000 x 2,055 x 4 bytes = 78 MiB)
  // with the fewest 256-unit layers that tip the run over the budget: most of it is the data.
  Config hd = config_from_query("dataset=highdim&inputDim=1024&numPoints=10000&optimizer=adam");
  int depth = 1;
  for (; depth <= kMaxDepth; ++depth) {
    hd.hidden.assign(depth, 256);
    if (budget_error(hd) != "accepted") break;
  }
  CAPTURE(depth);
  const std::string h = budget_error(hd);
  CHECK(h.rfind("numPoints | numPoints: the run needs about 1", 0) == 0);
  CHECK(h.find("MiB, over the 128 MiB budget, 78 MiB of it for the data; use fewer points or a smaller inputDim") != std::string::npos);
  // One layer fewer is accepted; with 64 layers the network is the larger part and is named.
  hd.hidden.assign(depth - 1, 256);
  CHECK(budget_error(hd) == "accepted");
  hd.hidden.assign(kMaxDepth, 256);
  CHECK(budget_error(hd).rfind("hidden | hidden: ", 0) == 0);
  CHECK(budget_error(hd).find("use fewer or narrower layers or a smaller batch") != std::string::npos);
}

TEST_CASE("estimate_bytes is honest: measured allocations across configurations") {
  // Peak and retained heap of building a session, training a few steps and evaluating; grid
  // buffers are not part of the estimate (they have their own cap, kMaxGridValues).
  const std::vector<std::string> queries = {
      "",  // the defaults: a tiny net, where fixed overheads dominate
      "dataset=spiral&classes=8&hidden=64,64,64&optimizer=adam&batchSize=256&numPoints=1000",
      "dataset=circle&hidden=" + layers_of(20, 64) + "&optimizer=momentum&numPoints=2000",
      "dataset=xor&hidden=256,256,256,256&optimizer=adam&batchSize=4096&numPoints=10000&trainFraction=0.9",
      "dataset=highdim&inputDim=1024&classes=32&hidden=256&optimizer=adam&numPoints=10000&batchSize=64",
      "dataset=highdim&inputDim=1024&hidden=16&numPoints=10000",
      "dataset=fit1d&features=x1,x1sq,sinx1&hidden=" + layers_of(64, 32) + "&optimizer=rmsprop",
      "dataset=plane&hidden=" + layers_of(6, 256) + "&optimizer=adam&batchSize=4096&numPoints=10000&trainFraction=1",
      "dataset=checkerboard&features=x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2&hidden=128,128&init=orthogonal&numPoints=10000",
  };
  double worst_over = 0, worst_under = 1e9;
  for (const auto& q : queries) {
    CAPTURE(q);
    const Config c = config_from_query(q);
    const double estimate = estimate_bytes(c, validate(c));
    // The big ones take a minute and a half under the sanitizers; the release build runs them.
    if (kSanitized && estimate > 16 * kMiB) continue;
    const long long start = heap::live.load();
    heap::reset_peak();
    long long retained = 0, peak = 0;
    {
      Session s(c);
      s.step(3);
      s.evaluate();
      s.evaluate(false);
      retained = heap::live.load() - start;
      peak = heap::peak.load() - start;
    }
    CHECK(heap::live.load() == start);  // everything is returned
    const double over = peak / estimate, under = retained / estimate;
    worst_over = std::max(worst_over, over), worst_under = std::min(worst_under, under);
    MESSAGE(q << ": estimate " << estimate / kMiB << " MiB, retained " << retained / kMiB << " MiB, peak " << peak / kMiB
              << " MiB (peak/estimate " << over << ")");
    // Honest as a bound: the high-water mark (what a wasm heap grows to) stays within 2% of
    // the estimate plus 1 MiB, the transients of building (a layer's initial weights in double,
    // the orthogonal initialiser's QR) and per-layer bookkeeping the estimate leaves out.
    CHECK(peak <= estimate * 1.02 + kMiB);
    // Honest as a measure: a refusal must not turn away runs that would use a fraction of it.
    if (estimate > 8 * kMiB) CHECK(retained >= 0.9 * estimate);
  }
  MESSAGE("peak/estimate at most " << worst_over << "; retained/estimate at least " << worst_under);
}

namespace {

struct Soak {
  long long live_before = 0, live_after = 0;
  long long train_calls = 0, grid_calls = 0;  // allocations in steps and evaluations; in grid redraws
  long rss_before = 0, rss_after = 0;
  double seconds = 0;
  long long steps = 0, redraws = 0;
};

// The playground's pattern (web/ui/src/runner.js): a burst of steps per frame and, every so
// often, an evaluation with diagnostics and a redraw of the output grid (64 x 64) and of the
// neuron thumbnails (24 x 24). Warm-up first (buffers are sized on first use), then measure.
Soak soak(const Config& c, long long total_steps, int steps_per_frame, int frames_per_eval) {
  Session s(c);
  Soak r;
  auto frame = [&](long long f) {
    s.step(steps_per_frame);
    if (f % frames_per_eval == 0) {
      s.evaluate();
      const long long before = heap::calls.load();
      s.predict_grid(64);
      s.neuron_grids(24);
      r.grid_calls += heap::calls.load() - before;
      ++r.redraws;
    }
  };
  frame(0);
  r.grid_calls = r.redraws = 0;
  r.live_before = heap::live.load();
  r.rss_before = rss_kib();
  const long long calls = heap::calls.load();
  const auto t0 = std::chrono::steady_clock::now();
  long long done = s.metrics().step;
  for (long long f = 1; done < total_steps; ++f) {
    frame(f);
    if (s.diverged()) FAIL("the soak run diverged at step " << s.metrics().diverged_step);
    done = s.metrics().step;
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.steps = done;
  r.train_calls = heap::calls.load() - calls - r.grid_calls;
  r.live_after = heap::live.load();
  r.rss_after = rss_kib();
  return r;
}

void check(const std::string& name, const Soak& r, long long steps) {
  MESSAGE(name << ": " << r.steps << " steps in " << r.seconds << " s; heap " << r.live_before << " -> " << r.live_after
               << " bytes; " << r.train_calls << " allocations in steps and evaluations, " << r.grid_calls << " in "
               << r.redraws << " grid redraws; RSS " << r.rss_before << " -> " << r.rss_after << " KiB");
  CHECK(r.steps >= steps);
  CHECK(r.live_after == r.live_before);  // not one byte more on the heap
  CHECK(r.train_calls == 0);             // training and evaluation allocate nothing after warm-up
  // The session keeps the grid inputs of its two latest resolutions, so the playground's
  // alternation of output grid and neuron thumbnails redraws without allocating either.
  CHECK(r.grid_calls == 0);
  // Resident memory follows the heap in a plain build; under AddressSanitizer freed blocks sit
  // in its quarantine and shadow pages come and go, so only the heap figures count there.
  if (!kSanitized) CHECK(r.rss_after - r.rss_before <= 256);
}

}  // namespace

// The sanitizer build runs each soak at 1/100 of its length: the point there is leaks and
// memory errors, which show up at once; the full length runs in the release build.
TEST_CASE("soak: 10^6 steps on a small net keep the heap flat") {
  const long long steps = kSanitized ? 10000 : 1000000;
  check("small net", soak(config_from_query("dataset=circle&hidden=4,2&activation=tanh&learningRate=0.03"), steps, 100, 50),
        steps);
}

TEST_CASE("soak: 10^5 steps on a 20 x 64 net keep the heap flat") {
  const long long steps = kSanitized ? 200 : 100000;
  check("20 x 64 net",
        soak(config_from_query("dataset=spiral&hidden=" + layers_of(20, 64) +
                               "&activation=tanh&init=xavier_normal&optimizer=adam&learningRate=0.001"),
             steps, 20, 50),
        steps);
}
