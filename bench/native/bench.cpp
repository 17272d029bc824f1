// Native engine driver for the benchmark: the C++ core (gradlab_core) called directly.
//   gradlab_bench <bench/workloads.json> <fixtures dir>
// Reads the workloads from the same file as the JS drivers and speaks the same line protocol
// (bench/engines/protocol.mjs): hello | check <net> | run <workload> <runs> | quit.
// Built twice by bench/run.mjs: -O3 -msse4.2 (build/bench-sse42, "native-128", the same
// 128-bit width as wasm SIMD) and -O3 -march=native (build/bench-native, "native-march").
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "protocol.hpp"
#include "session.hpp"


namespace {

using bench::Json;

std::string value_text(const Json& v) {
  switch (v.kind) {
    case Json::number: return gl::format_number(v.num);
    case Json::string: return v.str;
    case Json::boolean: return v.b ? "true" : "false";
    case Json::array: {
      std::string s;
      for (std::size_t i = 0; i < v.items.size(); ++i) s += (i ? "," : "") + value_text(v.items[i]);
      return s;
    }
    default: throw std::runtime_error("workloads.json: unsupported config value");
  }
}

// ---- workloads -------------------------------------------------------------------------------
struct Bench {
  Json spec;
  std::string fixtures;
  std::map<std::string, std::unique_ptr<gl::Session>> sessions;

  const Json& workload(const std::string& id) const {
    for (const auto& w : spec.at("workloads").items)
      if (w.at("id").str == id) return w;
    throw std::runtime_error("unknown workload " + id);
  }
  std::string net_id(const Json& w) const { return w.get("net") ? w.at("net").str : w.at("id").str; }

  /// base, then the network's own fields, overridden by `extra` — the same merge as workloads.mjs.
  gl::Config config(const Json& w, const std::map<std::string, std::string>& extra = {}) const {
    std::map<std::string, std::string> kv;
    std::vector<std::string> order;
    auto put = [&](const std::string& k, const std::string& v) {
      if (!kv.count(k)) order.push_back(k);
      kv[k] = v;
    };
    for (const auto& f : spec.at("base").fields) put(f.first, value_text(f.second));
    for (const auto& f : workload(net_id(w)).at("config").fields) put(f.first, value_text(f.second));
    for (const auto& [k, v] : extra) put(k, v);
    std::string q;
    for (const auto& k : order) q += (q.empty() ? "" : "&") + k + "=" + kv[k];
    return gl::config_from_query(q);
  }

  gl::Session& session(const Json& w) {
    auto& s = sessions[net_id(w)];
    if (!s) s = std::make_unique<gl::Session>(config(w));
    return *s;
  }
};

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::string check(Bench& b, const std::string& id) {
  const Json& w = b.workload(id);
  const int steps = int(b.spec.at("check").at("steps").num);
  // full batch: batch size = training set size (the runner's fixture has the same split)
  gl::Session probe(b.config(w));
  const int train = probe.resolved().train;
  std::map<std::string, std::string> extra = {{"batchSize", std::to_string(train)}};
  if (const Json* lr = b.spec.at("check").get("learningRate"); lr && lr->get(id))
    extra["learningRate"] = gl::format_number(lr->get(id)->num);
  gl::Session s(b.config(w, extra));
  std::vector<float> weights(s.param_count());
  const std::string file = b.fixtures + "/" + id + ".f32";
  std::ifstream in(file, std::ios::binary);
  in.read(reinterpret_cast<char*>(weights.data()), std::streamsize(weights.size() * sizeof(float)));
  if (!in || in.peek() != std::char_traits<char>::eof())
    throw std::runtime_error(file + ": expected " + std::to_string(weights.size()) + " floats");
  s.import_weights(weights.data());
  const int done = s.step(steps);
  if (done != steps) throw std::runtime_error(id + ": check diverged after " + std::to_string(done) + " steps");
  const double batch_loss = s.metrics().batch_loss;
  const double loss = s.evaluate(false).train_loss;
  char buf[128];
  std::snprintf(buf, sizeof buf, "{\"loss\":%.17g,\"batchLoss\":%.17g}", loss, batch_loss);
  return buf;
}

std::string run(Bench& b, const std::string& id, int runs) {
  const Json& w = b.workload(id);
  const std::string kind = w.at("kind").str;
  gl::Session& s = b.session(w);
  double t = 0, sink = 0;
  long long work = 0;
  if (kind == "train") {
    const int K = int(w.at("stepsPerRun").num), per = int(w.at("stepsPerCall").num);
    for (int r = 0; r < runs; ++r) {
      s.reset();
      int done = 0;
      const auto t0 = Clock::now();
      for (int i = 0; i < K; i += per) done += s.step(per);
      t += since(t0);
      if (done != K) throw std::runtime_error(id + ": diverged");
      work += K;
    }
  } else if (kind == "grid") {
    const int res = int(w.at("resolution").num);
    const bool neurons = w.at("neurons").b;
    s.reset();
    for (int r = 0; r < runs; ++r) {
      const auto t0 = Clock::now();
      const auto& v = neurons ? s.neuron_grids(res) : s.predict_grid(res);
      t += since(t0);
      sink += v.back();
      ++work;
    }
  } else if (kind == "frame") {
    const int F = int(w.at("framesPerRun").num), out_res = int(w.at("outputResolution").num),
              thumb = int(w.at("thumbnailResolution").num);
    for (int r = 0; r < runs; ++r) {
      s.reset();
      const auto t0 = Clock::now();
      for (int f = 0; f < F; ++f) {
        s.step_epoch();
        sink += s.evaluate(true).train_loss;
        sink += s.predict_grid(out_res).back();
        sink += s.neuron_grids(thumb).back();
      }
      t += since(t0);
      work += F;
    }
  } else {
    throw std::runtime_error("unknown kind " + kind);
  }
  if (!std::isfinite(sink)) throw std::runtime_error(id + ": results are not finite");
  char buf[128];
  std::snprintf(buf, sizeof buf, "{\"seconds\":%.9g,\"work\":%lld}", t, work);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  Bench b;
  return bench::engine_main(argc, argv, b, [](Bench& b) {
    bench::Engine e;
    e.check = [&b](const std::string& id) { return check(b, id); };
    e.run = [&b](const std::string& id, int runs) { return run(b, id, runs); };
    return e;
  });
}
