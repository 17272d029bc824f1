// How good the predictions are, class by class or output by output: the confusion matrix of a
// classifier (the accuracy the metrics report is its trace over its total) and R² of a
// regression. A forward pass over each split at the current weights, apart from evaluate() so
// the frames that do not show these figures do not pay for them.
#pragma once
#include <vector>

#include "config.hpp"
#include "dataset.hpp"
#include "network.hpp"
#include "samples.hpp"

namespace gl {

/// The class a classifier's outputs `a` (k of them) predict: one output is class 1 when it is
/// above `mid` (0.5 for sigmoid, 0 for tanh), else class 0; several outputs: the largest (the
/// first of equals). A non-finite output compares false, so it never wins.
inline int predicted_class(const float* a, int k, float mid) {
  if (k == 1) return a[0] > mid ? 1 : 0;
  int best = 0;
  for (int j = 1; j < k; ++j)
    if (a[j] > a[best]) best = j;
  return best;
}

/// The output value that separates the two classes of a single-output classifier.
inline float class_threshold(OutAct out) { return out == OutAct::tanh ? 0.0f : 0.5f; }

struct SplitScores {
  int points = 0;
  /// Classification: classes x classes counts, row = true class, column = predicted class.
  std::vector<double> confusion;
  /// Regression, per output: 1 - SS_res / SS_tot about the split's own mean (NaN without
  /// points, or when every target of the split is the same).
  std::vector<double> r2;
};

struct Scores {
  SplitScores train, test;
};

/// The scores of the points `idx` of `d` (whose network rows are `s`), using `ws` for the passes.
SplitScores score_split(const Net<float>& net, Workspace<float>& ws, const Resolved& r, const Data& d,
                        const std::vector<int>& idx, const Samples& s);

}  // namespace gl
