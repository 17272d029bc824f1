// The benchmark's hand-written reference ("native-ref"): the machine's limit for the small
// networks. The same layers, batch size, data, initial weights, loss (binary cross-entropy from
// the logit, mean over the batch) and plain SGD as GradLab, written as plain C++ loops over
// float arrays — no framework, no Eigen, no intrinsics: what a competent engineer writes for
// speed in an afternoon for one known network. It keeps nothing GradLab keeps for its
// instruments (no gradient norm or divergence check, no update ratios, no derivative buffers)
// and knows its layer sizes at compile time, so GradLab's time over this one is the cost of its
// generality and bookkeeping, not of arithmetic.
//   gradlab_ref <bench/workloads.json> <fixtures dir>
// Speaks bench/engines/protocol.mjs (hello | check <net> | run <workload> <runs> | accuracy |
// quit) for the workloads it lists in `hello`. Built by bench/run.mjs beside gradlab_bench with
// the same flags (-O3 -msse4.2: native-ref; -O3 -march=native: native-ref-march).
//
// How it is written (each choice measured with callgrind against the plainer alternative):
// - Each network is a template over its layer widths (those of W1, W2 and W3 are compiled in;
//   a fixture with other layers is refused), so every loop has constant bounds. The same loops
//   with run-time sizes took 1.6x GradLab's instructions per W1 step: at 2-4 units a loop's
//   set-up is its whole cost.
// - Training is batch-major (one example per row): forward acc[:] += a[b,i] Wt[i,:], weight
//   gradient gWt[i,:] += a[b,i] g[b,:], back-propagation acc[:] += g[b,j] W[j,:], each row's
//   sums in registers. The weights are kept in both layouts (Wt and W), W refreshed after each
//   update. The derivative comes from the stored activation (tanh: 1 - a^2, ReLU: a > 0), so
//   the forward pass stores nothing else; each layer is updated on the way back down, as soon
//   as the gradient below it has been propagated.
// - Grids are feature-major (one unit's values for a run of points contiguous): each layer's
//   sums 8 points at a time in two vectors, then the activation along the row. With every
//   neuron kept the layers are written straight into the unit-major result.
// - The data is shuffled once per epoch (Fisher–Yates on an index, then the rows copied in that
//   order), so a batch is a contiguous slice and a step gathers nothing.
// - tanh is the [13/6] rational minimax approximation of Eigen 3.4 and TensorFlow
//   (generic_fast_tanh_float; its coefficients): a clamp, two short polynomials and one
//   division, no exp. Measured against double on [-10, 10] (`accuracy` command): largest
//   error 3.6e-7 (GradLab's exp-based float tanh: 2.2e-7 relative over every float), both
//   well inside the tolerance tests/core/test_activations.cpp holds GradLab's tanh to (1e-6
//   relative, 1e-7 absolute floor). The derivative is 1 - a^2, as in most frameworks
//   (GradLab takes it from exp(-2|z|), accurate in the tails). The output sigmoid is
//   1/2 + tanh(z/2)/2 from the same formula.
// - For the 20 x 64 net (W3) these loops are not the limit: GradLab's register-blocked kernel
//   executes fewer instructions per step than the row-at-a-time sums here.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "protocol.hpp"


namespace {

using bench::Json;

// ---- arithmetic ------------------------------------------------------------------------------

// Rows of whole 4-float vectors are written with the compiler's vector extension (no
// intrinsics, the same source for any target). With plain loops GCC 12 unrolled the short
// rows of the 8-unit layers first and then vectorised across the batch with shuffles, taking
// 3-4x the instructions (callgrind), and it does not vectorise a loop with a float comparison
// at all (under the default -ftrapping-math a comparison may trap): the activations.
typedef float v4 __attribute__((vector_size(16)));
inline v4 ld(const float* p) {
  v4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void st(float* p, v4 v) { std::memcpy(p, &v, sizeof v); }

/// tanh for a float or 4 lanes at once.
template <class V> __attribute__((always_inline)) inline V fast_tanh(V x) {
  const V c = V{} + 7.90531110763549805f;  // beyond it the rational form is past 1 - 2^-24
  V t = x > c ? c : x;
  t = t < -c ? -c : t;
  const V t2 = t * t;
  V p = t2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
  p = p * t2 + -8.60467152213735e-11f;
  p = p * t2 + 5.12229709037114e-08f;
  p = p * t2 + 1.48572235717979e-05f;
  p = p * t2 + 6.37261928875436e-04f;
  p = p * t2 + 4.89352455891786e-03f;
  p = p * t;
  V q = t2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
  q = q * t2 + 2.26843463243900e-03f;
  q = q * t2 + 4.89352518554385e-03f;
  const V r = p / q;
  const V ax = x < V{} ? -x : x;
  return ax < V{} + 0.0004f ? x : r;  // r loses x's last bits near 0
}

template <class V> inline V fast_sigmoid(V z) { return 0.5f + 0.5f * fast_tanh(0.5f * z); }

enum class Act { tanh, relu, sigmoid };
const char* name_of(Act a) { return a == Act::tanh ? "tanh" : a == Act::relu ? "relu" : "sigmoid"; }

/// z[i] = f(z[i]) for i < n, 4 at a time.
template <class F> inline void map(float* z, int n, F f) {
  int i = 0;
  for (; i + 4 <= n; i += 4) st(z + i, f(ld(z + i)));
  for (; i < n; ++i) z[i] = f(v4{} + z[i])[0];
}

template <Act act> void activate(float* z, int n) {
  if constexpr (act == Act::tanh) map(z, n, [](v4 x) { return fast_tanh(x); });
  else if constexpr (act == Act::relu) map(z, n, [](v4 x) { return x > v4{} ? x : v4{}; });
  else map(z, n, [](v4 x) { return fast_sigmoid(x); });
}

// g *= f'(z), from the activation a = f(z)
template <Act act> void times_derivative(const float* __restrict a, float* __restrict g, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    const v4 ai = ld(a + i), gi = ld(g + i);
    if constexpr (act == Act::tanh) st(g + i, gi * (1.0f - ai * ai));
    else st(g + i, ai > v4{} ? gi : v4{});
  }
  for (; i < n; ++i) {
    if constexpr (act == Act::tanh) g[i] *= 1.0f - a[i] * a[i];
    else g[i] = a[i] > 0.0f ? g[i] : 0.0f;
  }
}

// ---- one dense layer of known size -----------------------------------------------------------

template <int In, int Out> struct Dense {
  alignas(16) float Wt[In][Out];  // row i = the weights leaving input i
  alignas(16) float W[Out][In];   // row j = the weights entering unit j
  alignas(16) float b[Out];
  alignas(16) float gWt[In][Out];
  alignas(16) float gb[Out];

  /// From GradLab's flat layout (W as units x inputs, then b); advances p.
  void load(const float*& p) {
    for (int j = 0; j < Out; ++j)
      for (int i = 0; i < In; ++i) W[j][i] = Wt[i][j] = *p++;
    for (int j = 0; j < Out; ++j) b[j] = *p++;
  }

  // z[r,:] = b + sum_i x[r,i] Wt[i,:]
  void forward(const float* __restrict x, int B, float* __restrict z) const {
    if constexpr (Out % 4 == 0) {
      constexpr int V = Out / 4;
      for (int r = 0; r < B; ++r) {
        v4 acc[V];
        for (int v = 0; v < V; ++v) acc[v] = ld(b + 4 * v);
        for (int i = 0; i < In; ++i) {
          const float xi = x[r * In + i];
          for (int v = 0; v < V; ++v) acc[v] += xi * ld(Wt[i] + 4 * v);
        }
        for (int v = 0; v < V; ++v) st(z + r * Out + 4 * v, acc[v]);
      }
    } else {
      for (int r = 0; r < B; ++r) {
        float acc[Out];
        for (int j = 0; j < Out; ++j) acc[j] = b[j];
        for (int i = 0; i < In; ++i)
          for (int j = 0; j < Out; ++j) acc[j] += x[r * In + i] * Wt[i][j];
        for (int j = 0; j < Out; ++j) z[r * Out + j] = acc[j];
      }
    }
  }

  // gWt = sum_r x[r,:]^T g[r,:], gb = sum_r g[r,:]
  void gradient(const float* __restrict x, const float* __restrict g, int B) {
    if constexpr (Out % 4 == 0) {
      constexpr int V = Out / 4;
      std::memset(gWt, 0, sizeof gWt);
      v4 sb[V] = {};
      for (int r = 0; r < B; ++r) {
        v4 gr[V];
        for (int v = 0; v < V; ++v) gr[v] = ld(g + r * Out + 4 * v), sb[v] += gr[v];
        for (int i = 0; i < In; ++i) {
          const float xi = x[r * In + i];
          for (int v = 0; v < V; ++v) st(gWt[i] + 4 * v, ld(gWt[i] + 4 * v) + xi * gr[v]);
        }
      }
      for (int v = 0; v < V; ++v) st(gb + 4 * v, sb[v]);
    } else {
      float sw[In][Out] = {}, sb[Out] = {};
      for (int r = 0; r < B; ++r)
        for (int j = 0; j < Out; ++j) {
          sb[j] += g[r * Out + j];
          for (int i = 0; i < In; ++i) sw[i][j] += x[r * In + i] * g[r * Out + j];
        }
      std::memcpy(gWt, sw, sizeof gWt), std::memcpy(gb, sb, sizeof gb);
    }
  }

  // gx[r,:] = sum_j g[r,j] W[j,:]
  void backprop(const float* __restrict g, int B, float* __restrict gx) const {
    if constexpr (In % 4 == 0) {
      constexpr int V = In / 4;
      for (int r = 0; r < B; ++r) {
        v4 acc[V] = {};
        for (int j = 0; j < Out; ++j) {
          const float gj = g[r * Out + j];
          for (int v = 0; v < V; ++v) acc[v] += gj * ld(W[j] + 4 * v);
        }
        for (int v = 0; v < V; ++v) st(gx + r * In + 4 * v, acc[v]);
      }
    } else {
      for (int r = 0; r < B; ++r) {
        float acc[In] = {};
        for (int j = 0; j < Out; ++j)
          for (int i = 0; i < In; ++i) acc[i] += g[r * Out + j] * W[j][i];
        for (int i = 0; i < In; ++i) gx[r * In + i] = acc[i];
      }
    }
  }

  void sgd(float lr) {
    for (int i = 0; i < In; ++i)
      for (int j = 0; j < Out; ++j) Wt[i][j] -= lr * gWt[i][j];
    for (int j = 0; j < Out; ++j) b[j] -= lr * gb[j];
    for (int j = 0; j < Out; ++j)
      for (int i = 0; i < In; ++i) W[j][i] = Wt[i][j];
  }

  // z[j][0:n) = f(b[j] + sum_i W[j][i] x[i][0:n)) for a run of n points (rows of x at stride
  // xs, of z at stride zs): 8 points at a time in two vectors, then f along the row.
  template <Act act> void grid(const float* __restrict x, std::size_t xs, int n, float* __restrict z, std::size_t zs) const {
    for (int j = 0; j < Out; ++j) {
      float* __restrict zj = z + j * zs;
      int p = 0;
      for (; p + 8 <= n; p += 8) {
        v4 a0 = v4{} + b[j], a1 = a0;
        for (int i = 0; i < In; ++i) {
          const float* xi = x + i * xs + p;
          a0 += W[j][i] * ld(xi), a1 += W[j][i] * ld(xi + 4);
        }
        st(zj + p, a0), st(zj + p + 4, a1);
      }
      for (; p < n; ++p) {  // a run shorter than a block
        float acc = b[j];
        for (int i = 0; i < In; ++i) acc += W[j][i] * x[i * xs + p];
        zj[p] = acc;
      }
      activate<act>(zj, n);
    }
  }
};

// ---- a stack of layers: In -> Out -> Rest... (the last one is the sigmoid output) ------------

struct End {};
template <Act H, int In, int Out, int... Rest> struct Stack;
template <Act H, int In, int... Rest> struct Above { using type = Stack<H, In, Rest...>; };
template <Act H, int In> struct Above<H, In> { using type = End; };

constexpr std::size_t kChunk = 256;  // grid points per pass

template <Act H, int In, int Out, int... Rest> struct Stack {
  static constexpr bool top = sizeof...(Rest) == 0;
  static constexpr Act act = top ? Act::sigmoid : H;
  Dense<In, Out> L;
  typename Above<H, Out, Rest...>::type up;
  std::vector<float> a;   // rows x Out: f(z), or the logits at the top
  std::vector<float> gx;  // rows x In: dL/d(input), handed to the layer below
  std::vector<float> chunk = std::vector<float>(Out * kChunk);

  void size(int rows) {
    a.assign(std::size_t(rows) * Out, 0.0f), gx.assign(std::size_t(rows) * In, 0.0f);
    if constexpr (!top) up.size(rows);
  }
  void load(const float*& p) {
    L.load(p);
    if constexpr (!top) up.load(p);
  }
  static void shape(std::vector<std::pair<int, Act>>& s) {
    s.push_back({Out, act});
    if constexpr (!top) decltype(up)::shape(s);
  }
  /// The logits of B rows of x.
  const float* forward(const float* x, int B) {
    L.forward(x, B, a.data());
    if constexpr (top) return a.data();
    else {
      activate<act>(a.data(), B * Out);
      return up.forward(a.data(), B);
    }
  }
  /// One SGD step on B rows of x with targets y; leaves dL/dx in gx when `below`.
  void train(const float* x, const float* y, int B, float lr, bool below) {
    L.forward(x, B, a.data());
    const float* g;
    if constexpr (top) {  // mean BCE from the logit: dL/dz = (sigmoid(z) - y) / B (one output)
      static_assert(Out == 1, "one output");
      const float inv = 1.0f / B;
      map(a.data(), B, [](v4 z) { return fast_sigmoid(z); });
      for (int r = 0; r < B; ++r) a[r] = (a[r] - y[r]) * inv;
      g = a.data();
    } else {
      activate<act>(a.data(), B * Out);
      up.train(a.data(), y, B, lr, true);
      times_derivative<act>(a.data(), up.gx.data(), B * Out);
      g = up.gx.data();
    }
    L.gradient(x, g, B);
    if (below) L.backprop(g, B, gx.data());
    L.sgd(lr);
  }
  /// Points [p0, p0 + n) of a grid whose inputs are x (rows at stride xs): into out at
  /// [unit][point] (stride P) from unit `first` when `neurons`, else the output only.
  void grid(const float* x, std::size_t xs, int n, float* out, std::size_t P, std::size_t p0, std::size_t first, bool neurons) {
    float* z = neurons || top ? out + (neurons ? first * P : 0) + p0 : chunk.data();
    const std::size_t zs = neurons || top ? P : kChunk;
    L.template grid<act>(x, xs, n, z, zs);
    if constexpr (!top) up.grid(z, zs, n, out, P, p0, first + Out, neurons);
  }
};

template <class Seq, Act H, int In, int W, int Out> struct UniformOf;
template <std::size_t... I, Act H, int In, int W, int Out> struct UniformOf<std::index_sequence<I...>, H, In, W, Out> {
  using type = Stack<H, In, (void(I), W)..., Out>;
};
/// `Depth` hidden layers of `W` units.
template <Act H, int In, int W, int Depth, int Out>
using Uniform = typename UniformOf<std::make_index_sequence<Depth>, H, In, W, Out>::type;

// ---- data and the model ----------------------------------------------------------------------

struct Fixture {
  std::vector<std::pair<int, Act>> layers;     // units and activation of each layer
  std::vector<float> initial;                  // GradLab's flat layout
  int train = 0;
  std::vector<float> X, Y;                     // training points (2 inputs), targets 0/1
  std::map<int, std::vector<float>> grids;     // resolution -> inputs, feature-major [2][P]
};

std::vector<float> floats(const Json& a) {
  std::vector<float> v(a.items.size());
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(a.items[i].num);
  return v;
}

Act act_of(const std::string& name) {
  if (name == "tanh") return Act::tanh;
  if (name == "relu") return Act::relu;
  if (name == "sigmoid") return Act::sigmoid;
  throw std::runtime_error("the reference has no activation " + name);
}

Fixture load_fixture(const std::string& file) {
  const Json j = bench::read_json(file);
  Fixture f;
  for (const auto& l : j.at("layers").items) f.layers.push_back({int(l.at("units").num), act_of(l.at("activation").str)});
  if (j.at("layers").items.front().at("inputs").num != 2) throw std::runtime_error(file + ": the reference needs 2 inputs");
  f.initial = floats(j.at("weights"));
  f.train = int(j.at("train").num);
  f.X = floats(j.at("trainX"));
  f.Y = floats(j.at("trainY"));
  for (const auto& [res, xy] : j.at("grids").fields) {
    const std::vector<float> v = floats(xy);
    const std::size_t P = v.size() / 2;
    std::vector<float> fm(v.size());
    for (std::size_t p = 0; p < P; ++p) fm[p] = v[2 * p], fm[P + p] = v[2 * p + 1];
    f.grids[std::stoi(res)] = std::move(fm);
  }
  return f;
}

struct Rng {  // xorshift32: the batch order only needs to be a shuffle
  uint32_t s = 1;
  uint32_t next() {
    s ^= s << 13, s ^= s >> 17, s ^= s << 5;
    return s;
  }
  int below(int n) { return int((uint64_t(next()) * uint32_t(n)) >> 32); }
};

struct Model {
  virtual ~Model() = default;
  virtual void reset() = 0;
  virtual void step() = 0;
  virtual double train_loss() = 0;
  virtual const std::vector<float>& grid(int res, bool neurons) = 0;
};

template <class Net> class ModelOf final : public Model {
 public:
  ModelOf(const Fixture& f, int batch, float lr) : fx_(f), net_(std::make_unique<Net>()), batch_(batch), lr_(lr) {
    net_->size(std::max(batch, f.train));
    order_.resize(f.train), Xe_.resize(f.X.size()), Ye_.resize(f.Y.size());
    reset();
  }

  /// The initial weights and the first epoch's order (untimed, as GradLab's reset()).
  void reset() override {
    const float* p = fx_.initial.data();
    net_->load(p);
    rng_.s = 1;
    for (int i = 0; i < fx_.train; ++i) order_[i] = i;
    shuffle();
  }

  void step() override {
    const int B = std::min(batch_, fx_.train - cursor_);
    net_->train(Xe_.data() + std::size_t(cursor_) * 2, Ye_.data() + cursor_, B, lr_, false);
    cursor_ += B;
    if (cursor_ >= fx_.train) shuffle();
  }

  /// Mean training loss over every training point, in double (for the agreement check).
  double train_loss() override {
    const float* z = net_->forward(fx_.X.data(), fx_.train);
    double s = 0;
    for (int r = 0; r < fx_.train; ++r) {
      const double zr = z[r];
      s += std::max(zr, 0.0) - zr * fx_.Y[r] + std::log1p(std::exp(-std::fabs(zr)));
    }
    return s / fx_.train;
  }

  /// Every unit's value over a grid, unit-major [unit][point] (inputs, hidden, output) when
  /// `neurons`, else the output only.
  const std::vector<float>& grid(int res, bool neurons) override {
    const std::vector<float>& in = fx_.grids.at(res);
    const std::size_t P = in.size() / 2;
    std::size_t units = 2;
    for (const auto& l : fx_.layers) units += l.first;
    out_.resize(neurons ? units * P : P);
    if (neurons) std::copy(in.begin(), in.end(), out_.begin());
    for (std::size_t p0 = 0; p0 < P; p0 += kChunk)
      net_->grid(in.data() + p0, P, int(std::min(kChunk, P - p0)), out_.data(), P, p0, 2, neurons);
    return out_;
  }

 private:
  void shuffle() {
    for (int i = fx_.train - 1; i > 0; --i) std::swap(order_[i], order_[rng_.below(i + 1)]);
    for (int r = 0; r < fx_.train; ++r) {
      const int s = order_[r];
      Xe_[2 * r] = fx_.X[2 * s], Xe_[2 * r + 1] = fx_.X[2 * s + 1];
      Ye_[r] = fx_.Y[s];
    }
    cursor_ = 0;
  }

  const Fixture& fx_;
  std::unique_ptr<Net> net_;
  int batch_;
  float lr_;
  std::vector<int> order_;
  std::vector<float> Xe_, Ye_;
  int cursor_ = 0;
  Rng rng_;
  std::vector<float> out_;
};

template <class Net> std::unique_ptr<Model> model_if_shape(const Fixture& f, int batch, float lr) {
  std::vector<std::pair<int, Act>> shape;
  Net::shape(shape);
  return shape == f.layers ? std::make_unique<ModelOf<Net>>(f, batch, lr) : nullptr;
}

/// The compiled networks: those of W1 (2-4-2-1 tanh), W2 (20 x 8 tanh) and W3 (20 x 64 ReLU).
std::unique_ptr<Model> make_model(const Fixture& f, int batch, float lr) {
  if (auto m = model_if_shape<Stack<Act::tanh, 2, 4, 2, 1>>(f, batch, lr)) return m;
  if (auto m = model_if_shape<Uniform<Act::tanh, 2, 8, 20, 1>>(f, batch, lr)) return m;
  if (auto m = model_if_shape<Uniform<Act::relu, 2, 64, 20, 1>>(f, batch, lr)) return m;
  std::string s;
  for (const auto& [units, act] : f.layers) s += (s.empty() ? "" : ", ") + std::to_string(units) + " " + name_of(act);
  throw std::runtime_error("the reference has no compiled network with layers " + s);
}

// ---- workloads -------------------------------------------------------------------------------

struct Bench {
  Json spec;
  std::string fixtures;
  std::map<std::string, std::unique_ptr<Fixture>> fx;
  std::map<std::string, std::unique_ptr<Model>> models;

  const Json& workload(const std::string& id) const {
    for (const auto& w : spec.at("workloads").items)
      if (w.at("id").str == id) return w;
    throw std::runtime_error("unknown workload " + id);
  }
  static std::string net_id(const Json& w) { return w.get("net") ? w.at("net").str : w.at("id").str; }
  /// A network field: the workload's own config, else the base.
  double field(const std::string& net, const std::string& name) const {
    if (const Json* v = workload(net).at("config").get(name)) return v->num;
    return spec.at("base").at(name).num;
  }
  const Fixture& fixture(const std::string& net) {
    auto& f = fx[net];
    if (!f) f = std::make_unique<Fixture>(load_fixture(fixtures + "/" + net + ".json"));
    return *f;
  }
  Model& model(const std::string& net) {
    auto& m = models[net];
    if (!m) m = make_model(fixture(net), int(field(net, "batchSize")), float(field(net, "learningRate")));
    return *m;
  }
};

// The workloads the reference runs: training with one call per run (W1, W2, W3) and the grids.
bool supported(const Json& w) {
  const std::string kind = w.at("kind").str;
  if (kind == "grid") return true;
  return kind == "train" && w.at("stepsPerCall").num == w.at("stepsPerRun").num;
}

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::string check(Bench& b, const std::string& id) {
  const Fixture& f = b.fixture(id);
  double lr = b.field(id, "learningRate");
  if (const Json* r = b.spec.at("check").get("learningRate"); r && r->get(id)) lr = r->get(id)->num;
  const auto full = make_model(f, f.train, float(lr));  // full batch: the order cannot matter
  const int steps = int(b.spec.at("check").at("steps").num);
  for (int s = 0; s < steps; ++s) full->step();
  char buf[64];
  std::snprintf(buf, sizeof buf, "{\"loss\":%.17g}", full->train_loss());
  return buf;
}

// (not inlined: profilers select it by name, as in bench/profile.mjs)
__attribute__((noinline)) std::string run(Bench& b, const std::string& id, int runs) {
  const Json& w = b.workload(id);
  if (!supported(w)) throw std::runtime_error(id + ": not a workload of the reference");
  Model& m = b.model(Bench::net_id(w));
  double t = 0, sink = 0;
  long long work = 0;
  if (w.at("kind").str == "train") {
    const int K = int(w.at("stepsPerRun").num);
    for (int r = 0; r < runs; ++r) {
      m.reset();
      const auto t0 = Clock::now();
      for (int i = 0; i < K; ++i) m.step();
      t += since(t0);
      work += K;
    }
    sink = m.train_loss();  // the steps' result is used
  } else {
    const int res = int(w.at("resolution").num);
    const bool neurons = w.at("neurons").b;
    m.reset();
    for (int r = 0; r < runs; ++r) {
      const auto t0 = Clock::now();
      sink += m.grid(res, neurons).back();
      t += since(t0);
      ++work;
    }
  }
  if (!std::isfinite(sink)) throw std::runtime_error(id + ": results are not finite");
  char buf[96];
  std::snprintf(buf, sizeof buf, "{\"seconds\":%.9g,\"work\":%lld}", t, work);
  return buf;
}

// Worst error of fast_tanh against double tanh on a fine sweep of [-10, 10], absolute,
// relative and as tests/core/test_activations.cpp measures GradLab's: over max(1e-6 |tanh|, 1e-7).
std::string accuracy() {
  double worst_abs = 0, worst_rel = 0, worst_scaled = 0;
  for (double x = -10; x <= 10; x += 1.0 / 4096) {
    const float xf = static_cast<float>(x);
    const double t = std::tanh(double(xf)), e = std::fabs(double(fast_tanh(v4{} + xf)[0]) - t);
    worst_abs = std::max(worst_abs, e);
    if (t != 0) worst_rel = std::max(worst_rel, e / std::fabs(t));
    worst_scaled = std::max(worst_scaled, e / std::max(1e-6 * std::fabs(t), 1e-7));
  }
  char buf[128];
  std::snprintf(buf, sizeof buf, "{\"tanhMaxAbsError\":%.3g,\"tanhMaxRelError\":%.3g,\"tanhScaledError\":%.3g}", worst_abs,
                worst_rel, worst_scaled);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  Bench b;
  return bench::engine_main(argc, argv, b, [](Bench& b) {
    std::string list;
    for (const auto& w : b.spec.at("workloads").items)
      if (supported(w)) list += (list.empty() ? "" : ",") + bench::json_string(w.at("id").str);
    return bench::Engine{[&b](const std::string& id) { return check(b, id); },
                         [&b](const std::string& id, int runs) { return run(b, id, runs); },
                         [](const std::string& cmd) -> std::string {
                           if (cmd == "accuracy") return accuracy();
                           throw std::runtime_error("unknown command " + cmd);
                         },
                         "\"workloads\":[" + list + "]"};
  });
}
