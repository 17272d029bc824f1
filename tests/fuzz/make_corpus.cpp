// Writes the seed corpus of the fuzz targets (the files under tests/fuzz/corpus/*/seed-*):
//   build/fuzz/tests/fuzz/make_corpus tests/fuzz/corpus
// Seeds are ordinary uses and known edge cases in each target's input format, so the
// fuzzers start from inputs that reach deep into a session instead of rediscovering the
// query syntax or the weight-blob header. Not written here: the reproducers of fixed crashes
// (regress-*), committed as found, and cov-* (inputs from long runs, merged down to a set that
// covers the same code edges; see tests/fuzz/README.md).
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "harness.hpp"

namespace {

std::string g_dir;
int g_written = 0;

void write(const std::string& target, const std::string& name, const std::vector<uint8_t>& bytes) {
  const std::string path = g_dir + "/" + target + "/seed-" + name;
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f || std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size()) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    std::exit(1);
  }
  std::fclose(f);
  ++g_written;
}

/// Operation choices for exercise(), in the order it consumes them. FuzzedDataProvider reads
/// integers from the end of its data, one byte per choice below 256 values, so the bytes
/// are written in reverse.
std::vector<uint8_t> ops(std::initializer_list<int> choices) {
  std::vector<uint8_t> b(choices.begin(), choices.end());
  return {b.rbegin(), b.rend()};
}

int field_index(const char* name) {
  if (const gl::Field* f = gl::find_field(name)) return int(f - gl::fields().data());
  std::fprintf(stderr, "no field %s\n", name);
  std::exit(1);
}

void config_seeds() {
  // exercise(): diag (0: with diagnostics), rounds - 1, then per round an Op and its arguments.
  const auto step3 = ops({0, 0, fz::kStep, 2});                   // evaluate, 3 steps, reset
  const auto train = ops({0, 3, fz::kStep, 5, fz::kStep, 5, fz::kGrid, 1, fz::kEval, 1});
  const auto grid = ops({0, 1, fz::kGrid, 0, fz::kBlob});
  const auto live = ops({0, 2, fz::kLive, field_index("learningRate"), 1, fz::kStep, 5, fz::kLive,
                         field_index("batchSize"), 15, 2});
  const auto epoch = ops({0, 1, fz::kEpoch, fz::kStep, 1});
  struct Seed {
    const char* name;
    std::string query;
    std::vector<uint8_t> ops;
  };
  const std::string deep40 = layers_of(40, 32), wide64 = layers_of(64, 256), deep20x64 = layers_of(20, 64);
  const std::vector<Seed> seeds = {
      {"default", "", step3},
      {"every-field", gl::config_to_query(gl::Config{}), train},
      {"circle", "dataset=circle&hidden=4,4&activation=relu", grid},
      {"xor-adam", "dataset=xor&hidden=8,8&optimizer=adam&learningRate=0.01", train},
      {"spiral-softmax", "dataset=spiral&classes=5&hidden=8&activation=tanh&optimizer=rmsprop", train},
      {"gaussian-mse", "dataset=gaussian&classes=3&loss=mse&outputActivation=sigmoid&hidden=3", grid},
      {"moons-nesterov", "dataset=moons&noise=0.3&optimizer=nesterov&schedule=step&stepEvery=2&stepGamma=0.01", train},
      {"checker-features", "dataset=checkerboard&features=x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2&hidden=6", grid},
      {"plane", "dataset=plane&hidden=&loss=mse&outputActivation=linear", train},
      {"multigauss-cosine", "dataset=multigauss&hidden=5,5&schedule=cosine&cosineSteps=2&minLearningRate=0.5", train},
      {"fit1d", "dataset=fit1d&target1d=cubic&features=x1,x1sq,sinx1&hidden=6&activation=gelu&gelu=tanh", grid},
      {"fit1d-x2-only", "dataset=fit1d&features=x2", step3},
      {"highdim", "dataset=highdim&inputDim=7&classes=4&numPoints=50&hidden=3", step3},
      {"per-layer-acts", "hidden=3,3,3,3,3&layerActivations=linear,selu,elu,mish,softplus&eluAlpha=10&swishBeta=0", train},
      {"leaky", "hidden=4&activation=leaky_relu&leakySlope=1&biasInit=-100", train},
      {"swish", "hidden=4&activation=swish&swishBeta=10&init=orthogonal", train},
      {"silu-alias", "hidden=2&activation=silu&layerActivations=silu", step3},
      {"inits", "hidden=3,3&init=constant&initScale=-100&biasInit=100", train},
      {"init-normal", "hidden=3&init=normal&initScale=100&initGain=100", train},
      {"zeros", "hidden=3,3&init=zeros&activation=relu", train},
      {"regularised", "hidden=4&l1=10&l2=10&clipNorm=1e-6&optimizer=momentum&momentum=0.999", train},
      {"adam-edges", "optimizer=adam&beta1=0&beta2=0.99999&epsilon=1e-12&learningRate=10", train},
      {"rmsprop-eps", "optimizer=rmsprop&rmsDecay=0&epsilon=1", train},
      {"batch-edges", "numPoints=10&trainFraction=0.1&batchSize=1", epoch},
      {"batch-all", "numPoints=20&trainFraction=1&batchSize=20", epoch},
      {"seeds", "seed=4294967295&dataSeed=0", step3},
      {"live", "hidden=4", live},
      {"diverge-lr-gain", "dataset=circle&hidden=8,8,8&activation=relu&init=he_normal&initGain=30&learningRate=10", train},
      {"diverge-depth", "hidden=" + deep40 + "&activation=relu&init=he_normal&initGain=3", train},
      {"deep-20x64", "hidden=" + deep20x64 + "&numPoints=10&batchSize=1&trainFraction=0.5", step3},
      {"budget-batch", "hidden=" + wide64 + "&optimizer=adam&batchSize=4096&numPoints=10000&trainFraction=1", step3},
      {"budget-hidden", "hidden=" + wide64 + "&dataset=highdim&inputDim=1024&optimizer=adam&numPoints=10000&batchSize=256", step3},
      {"bad-values", "learningRate=NaN&hidden=4,0,4&momentum=Infinity", step3},
      {"bad-text", "learningRate=1e309&numPoints=1e1&noise=-0&batchSize=0x10", step3},
      {"bad-lists", "hidden=4,,4&features=x1,x1&layerActivations=relu,", step3},
      {"bad-names", "dataset=swirl&lerningRate=0.1&&&=", step3},
      {"custom-no-data", "dataset=custom", step3},
      {"cross-rules", "loss=bce&outputActivation=tanh&classes=3", step3},
  };
  for (const auto& s : seeds) {
    std::vector<uint8_t> b = {'#'};
    b.insert(b.end(), s.query.begin(), s.query.end());
    b.push_back('\n');
    b.insert(b.end(), s.ops.begin(), s.ops.end());
    write("config", s.name, b);
  }
  // Structured mode: every field kept (the default); every scalar field at its minimum, at
  // its maximum (set through the struct: set_field's choice 1, then pick_number's 0 or 1).
  write("config", "structured-defaults", {'S'});
  for (int edge = 0; edge < 2; ++edge) {
    std::vector<uint8_t> choices;
    for (const auto& f : gl::fields()) {
      if (f.list) choices.push_back(0);
      else choices.push_back(1), choices.push_back(uint8_t(edge));
    }
    std::vector<uint8_t> b = {'S'};
    b.insert(b.end(), choices.rbegin(), choices.rend());
    write("config", edge ? "structured-max" : "structured-min", b);
  }
}

void weights_seeds() {
  for (int net = 0; net < fz::kWeightNetCount; ++net) {
    gl::Session s(gl::config_from_query(fz::kWeightNets[net]));
    const auto blob = s.save_weights();
    const std::size_t params = s.param_count();
    const uint8_t n = uint8_t(net);
    auto with = [&](uint8_t mode, const std::vector<uint8_t>& payload) {
      std::vector<uint8_t> b = {n, mode};
      b.insert(b.end(), payload.begin(), payload.end());
      return b;
    };
    auto floats = [&](std::initializer_list<float> v) {
      std::vector<uint8_t> b(v.size() * 4);
      std::memcpy(b.data(), v.begin(), b.size());
      return b;
    };
    const std::string tag = std::to_string(net);
    write("weights", tag + "-blob", with(0, blob));
    write("weights", tag + "-truncated", with(0, {blob.begin(), blob.end() - 1}));
    write("weights", tag + "-payload", with(1, {blob.end() - params * 4, blob.end()}));
    write("weights", tag + "-import-huge", with(2, floats({3e38f, -3e38f, 1e30f})));
    write("weights", tag + "-import-nan", with(2, floats({1.0f, NAN})));
    write("weights", tag + "-patch-count", with(3, {4, 0, 0xff, 8, 0, 0}));
  }
  write("weights", "bad-magic", {0, 0, 'G', 'L', 'W', '2', 0, 0, 0, 0});
  write("weights", "huge-layer-count", {1, 0, 'G', 'L', 'W', '1', 0xff, 0xff, 0xff, 0xff});
}

void userdata_seeds() {
  struct Shape {
    uint8_t flags;
    int32_t points, inputs, outputs, classes;
    uint16_t n_in, n_tg;
    std::string query;
    std::vector<float> values;
  };
  const std::vector<float> some = {0.5f, -1, 2, 0, 1, -0.25f, 3, 1};
  const std::vector<Shape> seeds = {
      {1 | 2 | 4, 8, 2, 1, 2, 0, 0, "hidden=3&trainFraction=0.5", some},
      {2, 8, 2, 3, 0, 0, 0, "hidden=4&batchSize=2", some},
      {1 | 2 | 4, 12, 3, 1, 5, 0, 0, "hidden=4,4&optimizer=adam", some},
      {2, 6, 1, 1, 0, 0, 0, "hidden=2&trainFraction=1&batchSize=6&activation=relu", {1e30f, -1e30f, 3e38f, 0}},
      {1 | 2 | 4, 8, 2, 1, 2, 0, 0, "hidden=2", {NAN, 1}},
      {1 | 2, 8, 2, 1, 2, 0, 0, "hidden=2", {0.5f, 7}},
      {1, 8, 2, 1, 2, 16, 7, "", some},
      {0, 1, 1, 1, 0, 1, 1, "", some},
      {1, 100001, 1, 1, 2, 0, 0, "", some},
      {0, 4, 1025, 1, 0, 0, 0, "", some},
      {0, 4, 1, 257, 0, 0, 0, "", some},
      {1, 4, 1, 1, 33, 0, 0, "", some},
      {1 | 2 | 4, 4, 1, 1, 2, 0, 0, "loss=mse&outputActivation=tanh&batchSize=5", some},
  };
  int i = 0;
  for (const auto& s : seeds) {
    std::vector<uint8_t> b(1 + 16 + 4 + 1);
    b[0] = s.flags;
    std::memcpy(&b[1], &s.points, 4);
    std::memcpy(&b[5], &s.inputs, 4);
    std::memcpy(&b[9], &s.outputs, 4);
    std::memcpy(&b[13], &s.classes, 4);
    std::memcpy(&b[17], &s.n_in, 2);
    std::memcpy(&b[19], &s.n_tg, 2);
    b[21] = uint8_t(s.query.size());
    b.insert(b.end(), s.query.begin(), s.query.end());
    const auto* v = reinterpret_cast<const uint8_t*>(s.values.data());
    b.insert(b.end(), v, v + s.values.size() * 4);
    write("userdata", std::to_string(i++), b);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <corpus dir>\n", argv[0]);
    return 2;
  }
  g_dir = argv[1];
  config_seeds();
  weights_seeds();
  userdata_seeds();
  std::printf("wrote %d seeds under %s\n", g_written, g_dir.c_str());
  return 0;
}
