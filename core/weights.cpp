#include "weights.hpp"

#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

namespace gl {
namespace {

constexpr uint32_t kMagic = 0x31574C47u;  // "GLW1" in little-endian bytes

// The flat export layout, for the weights (Wt, b) or their gradients (gWt, gb).
template <auto Wt, auto b> void flatten(const Net<float>& net, float* out) {
  for (const auto& L : net.layers) {
    for (int j = 0; j < L.out; ++j)
      for (int i = 0; i < L.in; ++i) *out++ = (L.*Wt)(i, j);
    for (int j = 0; j < L.out; ++j) *out++ = (L.*b)(j);
  }
}

}  // namespace

void export_weights(const Net<float>& net, float* out) { flatten<&Dense<float>::Wt, &Dense<float>::b>(net, out); }
void export_gradients(const Net<float>& net, float* out) { flatten<&Dense<float>::gWt, &Dense<float>::gb>(net, out); }

void import_weights(Net<float>& net, const float* in) {
  const std::size_t n = net.param_count();
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isfinite(in[i])) throw std::invalid_argument("weights: value " + std::to_string(i) + " is not finite");
  for (auto& L : net.layers) {
    for (int j = 0; j < L.out; ++j)
      for (int i = 0; i < L.in; ++i) L.Wt(i, j) = *in++;
    for (int j = 0; j < L.out; ++j) L.b(j) = *in++;
    L.sync_transpose();
  }
}

std::vector<uint8_t> save_weights(const Net<float>& net) {
  std::vector<uint32_t> head = {kMagic, static_cast<uint32_t>(net.depth())};
  for (const auto& L : net.layers) head.push_back(uint32_t(L.in)), head.push_back(uint32_t(L.out));
  std::vector<float> w(net.param_count());
  export_weights(net, w.data());
  std::vector<uint8_t> blob(head.size() * 4 + w.size() * 4);
  std::memcpy(blob.data(), head.data(), head.size() * 4);
  std::memcpy(blob.data() + head.size() * 4, w.data(), w.size() * 4);
  return blob;
}

void load_weights(Net<float>& net, const uint8_t* blob, std::size_t size) {
  auto u32 = [&](std::size_t at) {
    uint32_t v;
    std::memcpy(&v, blob + at, 4);
    return v;
  };
  if (!blob || size < 8 || u32(0) != kMagic) throw std::invalid_argument("weights: not a GradLab weight blob (bad magic)");
  const uint32_t layers = u32(4);
  if (layers != uint32_t(net.depth()))
    throw std::invalid_argument("weights: blob has " + std::to_string(layers) + " layers, the network " + std::to_string(net.depth()));
  const std::size_t header = 8 + std::size_t(layers) * 8;
  if (size < header) throw std::invalid_argument("weights: blob is truncated");
  for (uint32_t l = 0; l < layers; ++l) {
    const auto& L = net.layers[l];
    if (u32(8 + l * 8) != uint32_t(L.in) || u32(12 + l * 8) != uint32_t(L.out))
      throw std::invalid_argument("weights: layer " + std::to_string(l) + " shape does not match the network");
  }
  const std::size_t want = header + net.param_count() * 4;
  if (size != want)
    throw std::invalid_argument("weights: blob holds " + std::to_string(size) + " bytes, expected " + std::to_string(want));
  std::vector<float> w(net.param_count());
  std::memcpy(w.data(), blob + header, w.size() * 4);
  import_weights(net, w.data());
}

}  // namespace gl
