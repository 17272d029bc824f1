#include "evaluation.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "scores.hpp"

namespace gl {

Instruments::Instruments(const Net<float>& net) : stats_(net) {
  int units = 0;
  for (const auto& L : net.layers) units += L.out;
  unit_states_.assign(units, static_cast<uint8_t>(UnitState::active));
  kept_.layers.reserve(net.depth());  // so evaluate() can copy the metrics without allocating
  kept_states_.reserve(unit_states_.size());
}

double Instruments::pass(Net<float>& net, Workspace<float>& ws, const Resolved& r, const Samples& s, bool diagnostics,
                         double& correct, Metrics& m) {
  const Mat<float>& X = s.x;
  const Mat<float>& Y = s.y;
  const int n = s.rows();
  const int in_s = static_cast<int>(X.cols()), out_s = static_cast<int>(Y.cols());
  const int k = r.outputs;
  const int chunk = std::min(ws.rows, kEvalChunk);
  double total = 0;
  correct = 0;
  // The histograms' ranges come first: the values' extremes over the whole set. Over several
  // chunks that takes a forward pass of its own; one chunk's extremes are its own (below).
  if (diagnostics && n > chunk) {
    for (int start = 0; start < n; start += chunk) {
      const int rows = std::min(chunk, n - start);
      std::memcpy(ws.input_row(0), X.row(start).data(), sizeof(float) * in_s * rows);
      forward(net, ws, rows, false);
      stats_.widen(net, ws, rows);
    }
    stats_.fix_ranges(m);
  }
  for (int start = 0; start < n; start += chunk) {
    const int rows = std::min(chunk, n - start);
    std::memcpy(ws.input_row(0), X.row(start).data(), sizeof(float) * in_s * rows);
    forward(net, ws, rows, diagnostics);
    const float* Yc = Y.row(start).data();
    total += output_loss(net, ws, Yc, rows, diagnostics, n);
    if (diagnostics) {
      backward(net, ws, rows, start > 0);
      if (n <= chunk) {
        stats_.widen(net, ws, rows);
        stats_.fix_ranges(m);
      }
      stats_.add(net, ws, rows, n, m);
    }
    if (r.classification) {
      // The same rule as the confusion matrix's (scores.hpp), so the accuracy is its trace.
      const float* A = ws.A.back().data();
      const float mid = class_threshold(r.out);
      for (int row = 0; row < rows; ++row) {
        const float* a = A + std::size_t(row) * out_s;
        const float* y = Yc + std::size_t(row) * out_s;
        correct += predicted_class(a, k, mid) == predicted_class(y, k, mid) ? 1 : 0;
      }
    }
  }
  return n > 0 ? total / n : NAN;
}

void Instruments::evaluate(Net<float>& net, Workspace<float>& ws, const Resolved& r, const Samples& train,
                           const Samples& test, const std::vector<float>& update_ratios, bool diagnostics, Metrics& m) {
  kept_ = m;
  kept_states_ = unit_states_;  // same size every time: no allocation after the first
  if (diagnostics) stats_.begin(net, m);
  const int n_train = train.rows(), n_test = test.rows();
  double correct = 0;
  m.train_loss = pass(net, ws, r, train, diagnostics, correct, m);
  m.train_acc = r.classification && n_train ? correct / n_train : NAN;
  if (diagnostics) {
    stats_.finish(net, update_ratios, n_train, m, unit_states_);
    m.layers_step = m.step;
  }
  m.test_loss = pass(net, ws, r, test, false, correct, m);
  m.test_acc = r.classification && n_test ? correct / n_test : NAN;
  m.evaluated_step = m.step;
  // The test loss counts too: user data can put extreme inputs in the test split only, so the
  // test loss overflows (or turns NaN) while the training loss is fine.
  if (!std::isfinite(m.train_loss) || (n_test > 0 && !std::isfinite(m.test_loss))) {
    m.diverged = Divergence::loss;
    m.diverged_step = m.step;
  } else if (diagnostics) {
    // Float32 figures can overflow while the loss (summed in double) is still finite; the next
    // step would then stop on the same overflow (gradient norm, or the weights' squared norm).
    // Report it now instead of showing infinite figures on a run that claims to be fine: e.g. a
    // linear net, orthogonal init with gain 100 and learning rate 10 has infinite gradient norms
    // after 2 steps, and loaded weights of 8e30 an infinite weight norm.
    for (const auto& s : m.layers) {
      const bool grad = std::isfinite(s.grad_w_norm) && std::isfinite(s.grad_b_norm) && std::isfinite(s.grad_z_rms);
      const bool rest = std::isfinite(s.weight_norm) && std::isfinite(s.bias_norm) && std::isfinite(s.pre_mean) &&
                        std::isfinite(s.pre_std) && std::isfinite(s.act_mean) && std::isfinite(s.act_std);
      if (!grad || !rest) {
        m.diverged = grad ? Divergence::weights : Divergence::gradient;
        m.diverged_step = m.step;
        break;
      }
    }
  }
  if (m.diverged != Divergence::none) {
    // Publish only the losses that show the blow-up; every other figure keeps its last value,
    // as after a step that diverges (the per-layer figures of this pass are inf or NaN).
    const double train_loss = m.train_loss, test_loss = m.test_loss;
    const Divergence cause = m.diverged;
    m = kept_;
    unit_states_ = kept_states_;
    m.train_loss = train_loss, m.test_loss = test_loss;
    m.evaluated_step = m.diverged_step = m.step;
    m.diverged = cause;
  }
}

}  // namespace gl
