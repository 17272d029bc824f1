// The engine's enumerations and their names (the names are the text forms that configurations,
// URL hashes, the schema and the bindings use). Kept apart from the configuration machinery so
// the numeric code can name a loss or an initialiser without including validation.
#pragma once
#include <cstdint>

namespace gl {

enum class DatasetKind : uint8_t { circle, xor_, gaussian, spiral, moons, checkerboard, plane, multigauss, fit1d, highdim, custom };
inline constexpr const char* kDatasetNames[] = {"circle", "xor",        "gaussian", "spiral",  "moons", "checkerboard",
                                                "plane",  "multigauss", "fit1d",    "highdim", "custom"};
enum class Target1D : uint8_t { sine, step, abs, cubic };
inline constexpr const char* kTarget1DNames[] = {"sine", "step", "abs", "cubic"};
enum class Feature : uint8_t { x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2 };
inline constexpr const char* kFeatureNames[] = {"x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"};
inline constexpr int kFeatureCount = sizeof kFeatureNames / sizeof kFeatureNames[0];
inline constexpr const char* kFeatureLabels[] = {"x₁", "x₂", "x₁²", "x₂²", "x₁x₂", "sin x₁", "sin x₂"};  // display names
enum class OutAct : uint8_t { auto_, linear, sigmoid, tanh, softmax };
inline constexpr const char* kOutActNames[] = {"auto", "linear", "sigmoid", "tanh", "softmax"};
enum class LossKind : uint8_t { auto_, mse, bce, softmax_ce };
inline constexpr const char* kLossNames[] = {"auto", "mse", "bce", "softmax_ce"};
enum class InitKind : uint8_t {
  zeros, constant, uniform, normal, standard, xavier_uniform, xavier_normal,
  he_uniform, he_normal, lecun_uniform, lecun_normal, orthogonal, signal_propagation
};
inline constexpr const char* kInitNames[] = {"zeros",          "constant",      "uniform",    "normal",
                                             "standard",       "xavier_uniform", "xavier_normal", "he_uniform",
                                             "he_normal",      "lecun_uniform", "lecun_normal", "orthogonal",
                                             "signal_propagation"};
enum class OptKind : uint8_t { sgd, momentum, nesterov, rmsprop, adam };
inline constexpr const char* kOptNames[] = {"sgd", "momentum", "nesterov", "rmsprop", "adam"};
enum class ScheduleKind : uint8_t { constant, step, cosine };
inline constexpr const char* kScheduleNames[] = {"constant", "step", "cosine"};
enum class GeluForm : uint8_t { erf, tanh };
inline constexpr const char* kGeluNames[] = {"erf", "tanh"};

/// Why a run stopped: its loss or its gradient stopped being finite (or the gradient norm
/// passed kExplodedGradNorm), or its weights overflowed.
enum class Divergence : uint8_t { none, loss, gradient, weights };
inline constexpr const char* kDivergenceNames[] = {"none", "loss", "gradient", "weights"};

/// What the last diagnostic evaluation found each unit doing over the training set (one
/// state per unit, the first that applies): dead (f'(z) = 0 for every example, so no gradient
/// can reach its weights), blocked (f' is not 0 but dL/dz is, for every example: every path
/// above it is dead), inactive (a rectifier off, z <= 0, for every example, yet f' != 0: it can
/// recover), saturated (|f'| < 5% of its peak for most examples), else active.
enum class UnitState : uint8_t { active, dead, blocked, inactive, saturated };
inline constexpr const char* kUnitStateNames[] = {"active", "dead", "blocked", "inactive", "saturated"};

}  // namespace gl
