#include "training.hpp"

#include <algorithm>
#include <cmath>

#include "init.hpp"
#include "simd.hpp"

namespace gl {
namespace {

// Copies n floats (a multiple of kPad) a vector at a time: batch rows are a few floats wide,
// where a memcpy call (a real call in wasm) costs more than the copy.
void copy_row(float* dst, const float* src, int n) {
  for (int i = 0; i < n; i += kPad) store(dst + i, load(src + i));
}

}  // namespace

OptimizerState::OptimizerState(const Net<float>& net, OptKind kind) {
  const int slots = optimizer_slots(kind);
  for (const auto& L : net.layers) {
    w.push_back({Mat<float>::Zero(slots >= 1 ? L.in : 0, L.out_s), Mat<float>::Zero(slots >= 2 ? L.in : 0, L.out_s)});
    b.push_back({RowVec<float>::Zero(slots >= 1 ? L.out_s : 0), RowVec<float>::Zero(slots >= 2 ? L.out_s : 0)});
  }
}

void OptimizerState::reset() {
  for (auto& s : w) s[0].setZero(), s[1].setZero();
  for (auto& s : b) s[0].setZero(), s[1].setZero();
  beta1_t = beta2_t = 1;
}

void BatchOrder::reset(uint32_t seed) {
  rng = Rng(seed, Stream::batch);
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = int(i);
  shuffle();
}

void BatchOrder::shuffle() {
  for (int i = size() - 1; i > 0; --i) std::swap(order[i], order[rng.below(static_cast<uint32_t>(i + 1))]);
  cursor = 0;
}

void init_weights_from_seed(Net<float>& net, const Config& c) {
  Rng rng(c.seed, Stream::init);
  const bool sp = c.init == InitKind::signal_propagation;
  for (auto& L : net.layers) {
    const auto w = init_weights(c.init, L.in, L.out, c.initGain, sp ? c.sigmaW2 : c.initScale, rng);
    L.Wt.setZero();
    for (int j = 0; j < L.out; ++j)
      for (int i = 0; i < L.in; ++i) L.Wt(i, j) = static_cast<float>(w[std::size_t(j) * L.in + i]);
    const auto b = init_biases(c.init, L.out, c.biasInit, c.sigmaB2, rng);
    L.b.setZero();
    for (int j = 0; j < L.out; ++j) L.b(j) = static_cast<float>(b[j]);
    L.sync_transpose();
  }
}

Trainer::Trainer(const Net<float>& net, OptKind kind, int train_points)
    : opt_(net, kind), batches_(train_points), update_ratio_(net.depth(), 0.0f) {}

void Trainer::reset(uint32_t seed) {
  opt_.reset();
  batches_.reset(seed);
  std::fill(update_ratio_.begin(), update_ratio_.end(), 0.0f);
}

void Trainer::ensure_rows(int rows, int outputs) {
  if (y_batch_.rows() < rows) y_batch_ = Mat<float>::Zero(rows, outputs);
}

bool Trainer::train_batch(const Config& c, Net<float>& net, Workspace<float>& ws, const Samples& train, bool want_loss,
                          Metrics& m) {
  const int n_train = batches_.size();
  const int B = std::min(c.batchSize, n_train - batches_.cursor);
  const int in_s = static_cast<int>(train.x.cols()), out_s = static_cast<int>(train.y.cols());
  for (int b = 0; b < B; ++b) {  // gather the batch
    const int r = batches_.order[batches_.cursor + b];
    copy_row(ws.input_row(b), train.x.row(r).data(), in_s);
    copy_row(y_batch_.row(b).data(), train.y.row(r).data(), out_s);
  }
  forward(net, ws, B, true);
  double loss = output_loss(net, ws, y_batch_.data(), B, true, B, want_loss) / B;
  backward(net, ws, B, false);

  double g2 = 0;
  for (const auto& L : net.layers) g2 += sum_squares(L.gWt.data(), L.gWt.size()) + sum_squares(L.gb.data(), L.gb.size());
  m.grad_norm = std::sqrt(g2);
  // Checked before any weight moves, so a diverged run keeps its last finite weights. A
  // non-finite loss always shows in the gradient too (its z or the activations below it are
  // non-finite); the loss itself is then computed to name the cause.
  const bool blown = !std::isfinite(g2) || m.grad_norm > kExplodedGradNorm;
  if (blown && !want_loss) loss = output_loss(net, ws, y_batch_.data(), B, false, B) / B;
  if (want_loss || blown) m.batch_loss = loss;
  if (blown || !std::isfinite(loss)) {
    m.diverged = std::isfinite(loss) ? Divergence::gradient : Divergence::loss;
    m.diverged_step = m.step;
    return false;
  }

  OptStep o;
  o.kind = c.optimizer;
  o.lr = static_cast<float>(scheduled_lr(c, c.learningRate, m.step));
  o.momentum = static_cast<float>(c.momentum);
  o.beta1 = static_cast<float>(c.beta1);
  o.beta2 = static_cast<float>(c.beta2);
  o.eps = static_cast<float>(c.epsilon);
  o.rho = static_cast<float>(c.rmsDecay);
  o.l1 = static_cast<float>(c.l1);
  o.l2 = static_cast<float>(c.l2);
  if (c.clipNorm > 0 && m.grad_norm > c.clipNorm) o.grad_scale = static_cast<float>(c.clipNorm / m.grad_norm);
  opt_.beta1_t *= c.beta1;
  opt_.beta2_t *= c.beta2;
  o.bc1 = static_cast<float>(1 - opt_.beta1_t);
  o.bc2 = static_cast<float>(1 - opt_.beta2_t);
  m.lr = o.lr;

  double w2_all = 0;
  for (int l = 0; l < net.depth(); ++l) {
    auto& L = net.layers[l];
    auto& ws_slots = opt_.w[l];
    auto& bs_slots = opt_.b[l];
    const UpdateSums sw = apply_update(o, L.Wt.data(), L.gWt.data(), ws_slots[0].data(), ws_slots[1].data(), L.Wt.size(), true);
    const UpdateSums sb = apply_update(o, L.b.data(), L.gb.data(), bs_slots[0].data(), bs_slots[1].data(), L.b.size(), false);
    update_ratio_[l] = static_cast<float>(sw.w2 > 0 ? std::sqrt(sw.dw2 / sw.w2) : 0.0);
    w2_all += sw.w2 + sb.w2;
    L.sync_transpose();
  }
  ++m.step;
  batches_.cursor += B;
  if (batches_.cursor >= n_train) {
    ++m.epoch;
    batches_.shuffle();
  }
  if (!std::isfinite(w2_all)) {  // a backstop: with the gradient bounded this needs ~1e14 steps
    m.diverged = Divergence::weights;
    m.diverged_step = m.step;
  }
  return true;
}

}  // namespace gl
