// Weight I/O: a network's weights (or their gradients) as one flat array, and as a binary blob
// that checks the network's shape when read back.
//   flat layout, per layer: W (out x in, row-major: w[j*in+i] feeds input i to unit j), then b
//   blob: "GLW1", u32 layer count, per layer u32 in and u32 out, then the flat floats
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "network.hpp"

namespace gl {

void export_weights(const Net<float>& net, float* out);
/// dL/dW and dL/db, in the weights' layout.
void export_gradients(const Net<float>& net, float* out);
/// Throws std::invalid_argument (leaving the weights unchanged) if any value is not finite.
void import_weights(Net<float>& net, const float* in);
std::vector<uint8_t> save_weights(const Net<float>& net);
/// Throws std::invalid_argument (leaving the weights unchanged) on a malformed blob or one
/// that does not match the network.
void load_weights(Net<float>& net, const uint8_t* blob, std::size_t size);

}  // namespace gl
