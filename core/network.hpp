// A multilayer perceptron as a list of dense layers, and the two passes over a batch.
// Templated on the scalar type: the engine trains in float; the gradient checks run the
// very same code in double.
#pragma once
#include <Eigen/Core>
#include <type_traits>
#include <vector>

#include "activation.hpp"
#include "kinds.hpp"
#include "kernels.hpp"
#include "loss.hpp"

namespace gl {

template <class T> using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <class T> using RowVec = Eigen::Matrix<T, 1, Eigen::Dynamic>;

/// One dense layer z = W a + b, a' = f(z). Widths are padded to kPad; padding stays zero.
template <class T> struct Dense {
  int in = 0, out = 0, in_s = 0, out_s = 0;
  Act act = Act::linear;
  Mat<T> Wt, gWt;  // in x out_s: row i holds the weights leaving input i, and their gradient
  Mat<T> W;        // out x in_s: the same weights by unit, for back-propagation
  RowVec<T> b, gb; // out_s

  Dense(int in_, int out_, Act act_)
      : in(in_), out(out_), in_s(padded(in_)), out_s(padded(out_)), act(act_),
        Wt(Mat<T>::Zero(in, out_s)), gWt(Mat<T>::Zero(in, out_s)), W(Mat<T>::Zero(out, in_s)),
        b(RowVec<T>::Zero(out_s)), gb(RowVec<T>::Zero(out_s)) {}

  /// Call after any change to Wt (every training step). Layers at least 4 x 4 are transposed
  /// in 4 x 4 blocks by shuffles, which cost 4% of a 20 x 8 net's step less than Eigen's block
  /// transpose; below that Eigen's loop is the cheaper one (callgrind).
  void sync_transpose() {
    if constexpr (std::is_same_v<T, float>) {
      if (in >= 4 && out >= 4) return sync_transpose_blocks();
    }
    W.topLeftCorner(out, in) = Wt.topLeftCorner(in, out).transpose();
  }

 private:
  void sync_transpose_blocks() {
    const int n_in = in, n_out = out;  // locals: the stores below cannot change them
    const std::size_t so = std::size_t(out_s), si = std::size_t(in_s);
    const float* src = Wt.data();
    float* dst = W.data();
    int i0 = 0;
    for (; i0 + 4 <= n_in; i0 += 4) {  // 4 x 4 blocks, then the rest of these 4 rows
      int j0 = 0;
      for (; j0 + 4 <= n_out; j0 += 4) {
        vec<float> c[4];
        const float* s = src + std::size_t(i0) * so + j0;
        transpose4(load(s), load(s + so), load(s + 2 * so), load(s + 3 * so), c);
        for (int u = 0; u < 4; ++u) store(dst + std::size_t(j0 + u) * si + i0, c[u]);
      }
      for (int j = j0; j < n_out; ++j)
        for (int i = i0; i < i0 + 4; ++i) dst[std::size_t(j) * si + i] = src[std::size_t(i) * so + j];
    }
    for (int j = 0; j < n_out; ++j)  // the last in % 4 rows
      for (int i = i0; i < n_in; ++i) dst[std::size_t(j) * si + i] = src[std::size_t(i) * so + j];
  }
};

template <class T> struct Net {
  std::vector<Dense<T>> layers;  // hidden layers, then the output layer
  ActParams ap;
  OutAct out = OutAct::linear;
  LossKind loss = LossKind::mse;

  int inputs() const { return layers.front().in; }
  int outputs() const { return layers.back().out; }
  int depth() const { return static_cast<int>(layers.size()); }
  std::size_t param_count() const {
    std::size_t n = 0;
    for (const auto& l : layers) n += std::size_t(l.in) * l.out + l.out;
    return n;
  }
};

/// Builds the layer shapes (weights zero; see Session for initialisation).
template <class T> Net<T> make_net(int inputs, const std::vector<int>& hidden, const std::vector<Act>& acts, int outputs,
                                   OutAct out, LossKind loss, const ActParams& ap) {
  Net<T> net;
  net.ap = ap;
  net.out = out;
  net.loss = loss;
  int in = inputs;
  for (std::size_t l = 0; l < hidden.size(); ++l) {
    net.layers.emplace_back(in, hidden[l], acts[l]);
    in = hidden[l];
  }
  // Softmax is applied by the loss; sigmoid/tanh/linear are ordinary activations.
  const Act out_act = out == OutAct::sigmoid ? Act::sigmoid : out == OutAct::tanh ? Act::tanh : Act::linear;
  net.layers.emplace_back(in, outputs, out_act);
  return net;
}

/// Per-layer activations of one batch: A[0] is the input, A[l+1] = f(Z[l]), D[l] = f'(Z[l]),
/// G[l] = dL/dZ[l]. Sized once for `rows` examples; the passes never allocate.
template <class T> struct Workspace {
  int rows = 0;
  std::vector<Mat<T>> Z, A, D, G;
  Workspace() = default;
  Workspace(const Net<T>& net, int rows_) : rows(rows_) {
    A.push_back(Mat<T>::Zero(rows, padded(net.inputs())));
    for (const auto& l : net.layers) {
      Z.push_back(Mat<T>::Zero(rows, l.out_s));
      A.push_back(Mat<T>::Zero(rows, l.out_s));
      D.push_back(Mat<T>::Zero(rows, l.out_s));
      G.push_back(Mat<T>::Zero(rows, l.out_s));
    }
  }
  T* input_row(int b) { return A[0].data() + std::size_t(b) * A[0].cols(); }
};

/// Forward pass over the first B rows of ws.A[0]; the output row holds the network output
/// (probabilities for softmax). With `derivs`, also stores f'(z) for backward.
template <class T> void forward(const Net<T>& net, Workspace<T>& ws, int B, bool derivs) {
  for (int l = 0; l < net.depth(); ++l) {
    const auto& L = net.layers[l];
    dense_forward(ws.A[l].data(), B, L.in, L.in_s, L.Wt.data(), L.b.data(), L.out_s, ws.Z[l].data());
    if constexpr (std::is_same_v<T, float>) {
      // Rows of 4 lanes, 1 or 2 of them units: the units of several rows at once (training and
      // diagnostics; the output-only passes keep the one loop, which is less code).
      if (L.out <= 2 && derivs) {
        activate_narrow(L.act, net.ap, ws.Z[l].data(), ws.A[l + 1].data(), ws.D[l].data(), B, L.out);
        continue;
      }
    }
    activate(L.act, net.ap, ws.Z[l].data(), ws.A[l + 1].data(), derivs ? ws.D[l].data() : nullptr,
             std::size_t(B) * L.out_s);
  }
  if (net.out == OutAct::softmax) {
    const auto& L = net.layers.back();
    softmax(ws.Z.back().data(), ws.A.back().data(), B, L.out, L.out_s, 1);
  }
}

/// Loss of the first B rows against targets Y (B x padded outputs); with `grad`, writes
/// dL/dz of the output layer into ws.G for the mean over `count` examples. Returns the sum of
/// the per-example losses (not the loss without `want_loss`: see loss_sum).
template <class T>
double output_loss(const Net<T>& net, Workspace<T>& ws, const T* Y, int B, bool grad, double count, bool want_loss = true) {
  const int top = net.depth() - 1;
  const auto& L = net.layers[top];
  return loss_sum(net.loss, net.out, ws.Z[top].data(), ws.A[top + 1].data(), ws.D[top].data(), Y, B, L.out, L.out_s,
                  grad ? ws.G[top].data() : nullptr, count, want_loss);
}

/// Back-propagation from ws.G of the output layer: weight and bias gradients of every layer
/// (added to the existing ones with `accumulate`) and dL/dz of every hidden layer in ws.G.
template <class T> void backward(Net<T>& net, Workspace<T>& ws, int B, bool accumulate) {
  for (int l = net.depth() - 1; l >= 0; --l) {
    auto& L = net.layers[l];
    dense_grad(ws.A[l].data(), ws.G[l].data(), B, L.in, L.in_s, L.out_s, L.gWt.data(), L.gb.data(), accumulate);
    if (l > 0)
      dense_backprop(ws.G[l].data(), B, L.out, L.out_s, L.W.data(), L.in_s, ws.D[l - 1].data(), ws.G[l - 1].data());
  }
}

}  // namespace gl
