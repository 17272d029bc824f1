// Every numeric limit the engine enforces, in one place: the field table, validation, the
// session and the schema export (`limits` in web/dist/schema.js) all read them from here.
#pragma once

namespace gl {

inline constexpr int kMaxDepth = 64;         // hidden layers
inline constexpr int kMaxWidth = 256;        // units per hidden layer; target columns of user data
inline constexpr int kMaxInputs = 1024;      // network inputs (highdim's inputDim, user data's columns)
inline constexpr int kMaxClasses = 32;
inline constexpr int kMinUserPoints = 2;     // user data: a training point and one more
inline constexpr int kMaxUserPoints = 100000;
inline constexpr int kMinGridResolution = 2;
inline constexpr int kMaxGridResolution = 512;
inline constexpr int kMaxGridValues = 1 << 22;  // floats in one grid buffer (units x grid points)
/// Bytes a session may allocate (estimate_bytes); wasm memory is capped a little above it.
inline constexpr double kMemoryBudget = 128.0 * 1024 * 1024;
// A gradient norm no real run reaches: beyond it an update of lr * g heads for float32
// overflow, so the step counts as diverged ("the gradient exploded") and is not applied.
inline constexpr double kExplodedGradNorm = 1e15;

/// Mean-field theory (meanfield.hpp): the mean square of the inputs it accepts, and the σ_b²
/// values of one critical line.
inline constexpr double kMaxInputVariance = 1e6;
inline constexpr int kMaxLinePoints = 10000;

/// Rows per evaluation pass (and grid pass): the workspace holds max(batch size, this) rows,
/// which the memory estimate counts.
inline constexpr int kEvalChunk = 256;

}  // namespace gl
