// The one Embind translation unit: a thin boundary between the C++ engine (core/) and
// the JS package (web/src/). No training logic lives here.
//
// Conventions, so the JS side can stay simple and allocation-free per step:
//  * Buffers that JS reads every frame (metrics, weights, grids) are owned here or by the
//    core and handed out as typed-array views into wasm memory. Views go stale when the
//    memory grows; the JS layer re-takes them when their buffer changes.
//  * Nothing throws across the boundary. Every call that can fail catches the core's
//    exception, records it (message, field, kind) and returns false/null; JS then calls
//    takeFault() and throws the matching TypeError/RangeError. A C++ or JS exception
//    unwinding through wasm frames would skip the stack-pointer restore and leak stack.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "activation.hpp"
#include "config.hpp"
#include "dataset.hpp"
#include "meanfield.hpp"
#include "session.hpp"

using emscripten::val;

namespace {

// ---- errors ---------------------------------------------------------------------------------

struct Fault {
  bool set = false;
  std::string message, field, kind;  // kind: "type" | "range" | "state" | "memory"
};
Fault g_fault;

template <class F> bool guarded(F&& f) {
  g_fault = Fault{};
  try {
    f();
    return true;
  } catch (const gl::ConfigError& e) {
    g_fault = {true, e.what(), e.field(), e.kind() == gl::ConfigError::Kind::type ? "type" : "range"};
  } catch (const std::invalid_argument& e) {
    // The core's own messages start with the name of what was wrong ("weights: ...").
    const std::string m = e.what();
    g_fault = {true, m, m.substr(0, m.find(':')), "range"};
  } catch (const std::bad_alloc&) {
    g_fault = {true, "out of memory: the engine could not allocate this run (wasm memory is capped)", "", "memory"};
  } catch (const std::exception& e) {
    g_fault = {true, e.what(), "", "state"};
  }
  return false;
}

val take_fault() {
  if (!g_fault.set) return val::null();
  val o = val::object();
  o.set("message", g_fault.message);
  o.set("field", g_fault.field);
  o.set("kind", g_fault.kind);
  g_fault = Fault{};
  return o;
}

template <class T> val view(const std::vector<T>& v) { return val(emscripten::typed_memory_view(v.size(), v.data())); }

// A JS array of the names in a table (a C array or a std::vector of const char*).
template <class Table> val names(const Table& table) {
  val a = val::array();
  for (const char* name : table) a.call<void>("push", std::string(name));
  return a;
}

// ---- a training session ---------------------------------------------------------------------

class SessionHandle {
 public:
  explicit SessionHandle(std::unique_ptr<gl::Session> s)
      : s_(std::move(s)),
        metrics_(gl::metrics_size(s_->net().depth()), 0.0),
        weights_(s_->param_count(), 0.0f) {
    pack();
  }

  int step(int n) { return s_->step(n); }  // n <= 0 does nothing
  int stepEpoch() { return s_->step_epoch(); }
  void reset() { s_->reset(); }
  void reseed(uint32_t seed) { s_->reseed(seed); }
  bool setLive(const std::string& name, double value) { return guarded([&] { s_->set_live(name, value); }); }
  /// JS numbers; checked here because converting NaN or a huge double to an integer is UB.
  bool resumeAt(double step, double epoch) {
    return guarded([&] {
      for (double v : {step, epoch})
        if (!(v >= 0 && v <= 9007199254740992.0) || v != static_cast<double>(static_cast<long long>(v)))
          throw std::invalid_argument("step: " + std::to_string(v) + " is not a step count");
      s_->resume_at(static_cast<long long>(step), static_cast<long long>(epoch));
    });
  }

  /// Writes the current metrics into the metrics buffer (no evaluation).
  void pack() { gl::pack_metrics(s_->metrics(), metrics_.data()); }
  void evaluate(bool diagnostics) {
    s_->evaluate(diagnostics);
    pack();
  }
  val metricsView() const { return view(metrics_); }

  bool predictGrid(int res) { return guarded([&] { grid_ = &s_->predict_grid(res); }); }
  val gridView() const { return grid_ ? view(*grid_) : val::null(); }
  bool neuronGrids(int res) { return guarded([&] { neurons_ = &s_->neuron_grids(res); }); }
  val neuronView() const { return neurons_ ? view(*neurons_) : val::null(); }

  /// Weights travel through one buffer: exportWeights() fills it; JS writes it and calls
  /// importWeights(). Layout: per layer W (out x in, row-major) then b (session.hpp).
  void exportWeights() { s_->export_weights(weights_.data()); }
  /// The last computed gradient, into the same buffer (see Session::export_gradients).
  void exportGradients() { s_->export_gradients(weights_.data()); }
  val weightsView() const { return view(weights_); }
  /// One gl::UnitState per unit (hidden layers, then outputs), from the last diagnostics.
  val unitStatesView() const { return view(s_->unit_states()); }
  bool importWeights() { return guarded([&] { s_->import_weights(weights_.data()); }); }

  void saveWeights() { blob_ = s_->save_weights(); }
  val blobView() const { return view(blob_); }
  bool loadWeights(const val& bytes) {
    return guarded([&] {
      const auto b = emscripten::convertJSArrayToNumberVector<uint8_t>(bytes);
      s_->load_weights(b.data(), b.size());
    });
  }

  /// Confusion matrices or R² on both splits (scores.hpp): {train, test}, each {points,
  /// confusion: classes² counts (row = truth), r2: per output}; null with the fault recorded.
  val scores() {
    val out = val::null();
    guarded([&] {
      const gl::Scores sc = s_->scores();
      auto split = [](const gl::SplitScores& x) {
        val o = val::object();
        o.set("points", x.points);
        val c = val::array(), r2 = val::array();
        for (double v : x.confusion) c.call<void>("push", v);
        for (double v : x.r2) r2.call<void>("push", v);
        o.set("confusion", c);
        o.set("r2", r2);
        return o;
      };
      out = val::object();
      out.set("train", split(sc.train));
      out.set("test", split(sc.test));
    });
    return out;
  }

  std::string configQuery() const { return gl::config_to_query(s_->config()); }

  val info() const {
    const auto& r = s_->resolved();
    val o = val::object();
    val layers = val::array();
    for (const auto& L : s_->net().layers) {
      val l = val::object();
      l.set("inputs", L.in);
      l.set("units", L.out);
      l.set("activation", std::string(gl::kActNames[int(L.act)]));
      layers.call<void>("push", l);
    }
    o.set("layers", layers);
    o.set("classification", r.classification);
    o.set("classes", r.classification ? r.classes : 0);
    o.set("inputs", r.inputs);
    o.set("outputs", r.outputs);
    o.set("loss", std::string(gl::kLossNames[int(r.loss)]));
    o.set("outputActivation", std::string(gl::kOutActNames[int(r.out)]));
    val feats = val::array();
    for (int f : r.features) feats.call<void>("push", std::string(gl::kFeatureNames[f]));
    o.set("features", feats);
    o.set("train", r.train);
    o.set("test", r.test);
    o.set("gridDims", s_->grid_dims());
    // The box the grids cover: [[lo, hi], ...] per axis, or null without a plane.
    const gl::InputDomain& d = s_->input_domain();
    val domain = val::null();
    if (d.dims > 0) {
      domain = val::array();
      for (int j = 0; j < d.dims; ++j) {
        val axis = val::array();
        axis.call<void>("push", d.lo[j]);
        axis.call<void>("push", d.hi[j]);
        domain.call<void>("push", axis);
      }
    }
    o.set("inputDomain", domain);
    o.set("units", s_->unit_count());
    o.set("paramCount", double(s_->param_count()));
    o.set("metricsLength", double(metrics_.size()));
    return o;
  }

  // Data points for plotting: raw coordinates (n x rawDim), targets (n x targetDim) and the
  // indices of the training and test points.
  int rawDim() const { return s_->data().raw_dim; }
  int targetDim() const { return s_->data().target_dim; }
  val rawView() const { return view(s_->data().raw); }
  val targetView() const { return view(s_->data().target); }
  val trainView() const { return view(s_->data().train); }
  val testView() const { return view(s_->data().test); }

 private:
  std::unique_ptr<gl::Session> s_;
  std::vector<double> metrics_;  // doubles: step counts pass 2^24 in long runs
  std::vector<float> weights_;
  std::vector<uint8_t> blob_;
  const std::vector<float>* grid_ = nullptr;
  const std::vector<float>* neurons_ = nullptr;
};

SessionHandle* create_session(const std::string& query) {
  SessionHandle* h = nullptr;
  guarded([&] { h = new SessionHandle(std::make_unique<gl::Session>(gl::config_from_query(query))); });
  return h;
}

/// dataset=custom: inputs are points x inputDim floats; targets are class indices (one per
/// point) for classification or points x outputDim floats for regression; `domain` holds lo, hi
/// per input (the plane the points were drawn on), or nothing for a box derived from the points
/// (domain.hpp). The JS layer has already checked shapes and values; the core checks them again.
SessionHandle* create_custom_session(const std::string& query, const val& inputs, const val& targets, int input_dim,
                                     bool classification, int classes, int output_dim, const val& domain) {
  SessionHandle* h = nullptr;
  guarded([&] {
    gl::UserData u;
    u.inputs = emscripten::convertJSArrayToNumberVector<float>(inputs);
    u.targets = emscripten::convertJSArrayToNumberVector<float>(targets);
    u.shape.inputs = input_dim;
    u.shape.points = input_dim > 0 ? int(u.inputs.size() / std::size_t(input_dim)) : 0;
    u.shape.classification = classification;
    u.shape.classes = classification ? classes : 0;
    u.shape.outputs = classification ? 1 : output_dim;
    u.domain = emscripten::convertJSArrayToNumberVector<double>(domain);  // [] : derived from the points
    h = new SessionHandle(std::make_unique<gl::Session>(gl::config_from_query(query), &u));
  });
  return h;
}

/// Validates a configuration (text form) without building it: returns the normalised text
/// form, or null with the fault recorded. Cross-field rules for custom data need the data,
/// so they are checked at session creation.
val check_query(const std::string& query) {
  std::string out;
  const bool ok = guarded([&] {
    const gl::Config c = gl::config_from_query(query);
    if (c.dataset != gl::DatasetKind::custom) gl::validate(c);
    out = gl::config_to_query(c);
  });
  return ok ? val(out) : val::null();
}

/// checkQuery for dataset custom with the shape of the user data it will run on, so the rules
/// that need the data (batch size against the training split, loss against the task, the
/// memory estimate) are checked too.
val check_custom_query(const std::string& query, int points, int inputs, bool classification, int classes, int outputs) {
  std::string out;
  const bool ok = guarded([&] {
    const gl::Config c = gl::config_from_query(query);
    gl::DataShape shape;
    shape.points = points;
    shape.inputs = inputs;
    shape.classification = classification;
    shape.classes = classification ? classes : 0;
    shape.outputs = classification ? 1 : outputs;
    gl::validate(c, c.dataset == gl::DatasetKind::custom ? &shape : nullptr);
    out = gl::config_to_query(c);
  });
  return ok ? val(out) : val::null();
}

/// The names of the fields that have an effect on a run of the configuration the query
/// describes (each field's `when` rule; cross-field validation is not applied), or null with
/// the fault recorded.
val applicable_fields(const std::string& query) {
  val out = val::null();
  guarded([&] {
    const gl::Config c = gl::config_from_query(query);
    val names = val::array();
    for (const auto& f : gl::fields())
      if (gl::applies(f, c)) names.call<void>("push", std::string(f.name));
    out = names;
  });
  return out;
}

/// f and f' of the activation the query names (with its parameters) at each x: returns a
/// view of 2n floats, f values then f' values, valid until the next call.
std::vector<float> g_curve;
val activation_curve(const std::string& query, const val& xs) {
  const bool ok = guarded([&] {
    const gl::Config c = gl::config_from_query(query);
    const gl::ActParams p = gl::act_params(c);
    const auto x = emscripten::convertJSArrayToNumberVector<float>(xs);
    g_curve.assign(2 * x.size(), 0.0f);
    for (std::size_t i = 0; i < x.size(); ++i) gl::activate1<float>(c.activation, p, x[i], g_curve[i], g_curve[x.size() + i]);
  });
  return ok ? view(g_curve) : val::null();
}

// ---- mean-field theory ----------------------------------------------------------------------

/// The activation (with its parameters) the query names: the φ of the theory.
gl::Phi phi_of(const gl::Config& c) { return gl::Phi{c.activation, gl::act_params(c)}; }
val number_or_null(const std::optional<double>& x) { return x ? val(*x) : val::null(); }

/// q*, χ₁, c*, ξ_q, ξ_c at the query's activation, sigmaW2 and sigmaB2; null with the fault
/// recorded if the input is refused.
val mean_field(const std::string& query, double input_variance) {
  val out = val::null();
  guarded([&] {
    const gl::Config c = gl::config_from_query(query);
    const gl::MeanField m = gl::mean_field(phi_of(c), c.sigmaW2, c.sigmaB2, input_variance);
    out = val::object();
    out.set("phase", std::string(gl::kPhaseNames[int(m.phase)]));
    out.set("qStar", number_or_null(m.q_star));
    out.set("chi1", number_or_null(m.chi1));
    out.set("cStar", number_or_null(m.c_star));
    out.set("xiQ", number_or_null(m.xi_q));
    out.set("xiC", number_or_null(m.xi_c));
  });
  return out;
}

/// The critical σ_w² (or null) at each σ_b², searched up to the sigmaW2 field's maximum.
val critical_line(const std::string& query, const val& sigma_b2, double input_variance) {
  val out = val::null();
  guarded([&] {
    const gl::Config c = gl::config_from_query(query);
    const auto line = gl::critical_line(phi_of(c), emscripten::convertJSArrayToNumberVector<double>(sigma_b2),
                                        input_variance, gl::find_field("sigmaW2")->max);
    out = val::array();
    for (const auto& x : line) out.call<void>("push", number_or_null(x));
  });
  return out;
}

double memory_bytes() { return double(__builtin_wasm_memory_size(0)) * 65536.0; }

}  // namespace

EMSCRIPTEN_BINDINGS(gradlab) {
  using namespace emscripten;
  class_<SessionHandle>("Session")
      .function("step", &SessionHandle::step)
      .function("stepEpoch", &SessionHandle::stepEpoch)
      .function("reset", &SessionHandle::reset)
      .function("reseed", &SessionHandle::reseed)
      .function("setLive", &SessionHandle::setLive)
      .function("resumeAt", &SessionHandle::resumeAt)
      .function("pack", &SessionHandle::pack)
      .function("evaluate", &SessionHandle::evaluate)
      .function("metricsView", &SessionHandle::metricsView)
      .function("predictGrid", &SessionHandle::predictGrid)
      .function("gridView", &SessionHandle::gridView)
      .function("neuronGrids", &SessionHandle::neuronGrids)
      .function("neuronView", &SessionHandle::neuronView)
      .function("exportWeights", &SessionHandle::exportWeights)
      .function("exportGradients", &SessionHandle::exportGradients)
      .function("unitStatesView", &SessionHandle::unitStatesView)
      .function("weightsView", &SessionHandle::weightsView)
      .function("importWeights", &SessionHandle::importWeights)
      .function("saveWeights", &SessionHandle::saveWeights)
      .function("blobView", &SessionHandle::blobView)
      .function("loadWeights", &SessionHandle::loadWeights)
      .function("scores", &SessionHandle::scores)
      .function("configQuery", &SessionHandle::configQuery)
      .function("info", &SessionHandle::info)
      .function("rawDim", &SessionHandle::rawDim)
      .function("targetDim", &SessionHandle::targetDim)
      .function("rawView", &SessionHandle::rawView)
      .function("targetView", &SessionHandle::targetView)
      .function("trainView", &SessionHandle::trainView)
      .function("testView", &SessionHandle::testView);
  function("createSession", &create_session, allow_raw_pointers());
  function("createCustomSession", &create_custom_session, allow_raw_pointers());
  function("checkQuery", &check_query);
  function("checkCustomQuery", &check_custom_query);
  function("activationCurve", &activation_curve);
  function("meanField", &mean_field);
  function("criticalLine", &critical_line);
  function("applicableFields", &applicable_fields);
  function("takeFault", &take_fault);
  function("schemaJson", &gl::schema_json);
  function("memoryBytes", &memory_bytes);
  function("metricNames", +[] { return names(gl::kMetricNames); });
  function("layerMetricNames", +[] { return names(gl::kLayerMetricNames); });
  function("divergenceNames", +[] { return names(gl::kDivergenceNames); });
  function("unitStateNames", +[] { return names(gl::kUnitStateNames); });
  constant("histBins", gl::kHistBins);
}
