#include "scores.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace gl {

SplitScores score_split(const Net<float>& net, Workspace<float>& ws, const Resolved& r, const Data& d,
                        const std::vector<int>& idx, const Samples& s) {
  SplitScores out;
  const int n = s.rows(), k = r.outputs;
  out.points = n;
  if (r.classification) out.confusion.assign(std::size_t(r.classes) * r.classes, 0.0);
  std::vector<double> mean(r.classification ? 0 : k, 0.0), ss_res(mean.size(), 0.0), ss_tot(mean.size(), 0.0);
  // The regression targets' means first (the points' own, as R² is defined).
  if (!r.classification && n > 0) {
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < k; ++j) mean[j] += d.target[std::size_t(idx[i]) * d.target_dim + j];
    for (double& m : mean) m /= n;
  }
  const int in_s = static_cast<int>(s.x.cols()), out_s = net.layers.back().out_s;
  const int chunk = std::min(ws.rows, kEvalChunk);
  const float mid = class_threshold(r.out);
  for (int start = 0; start < n; start += chunk) {
    const int rows = std::min(chunk, n - start);
    std::memcpy(ws.input_row(0), s.x.row(start).data(), sizeof(float) * in_s * rows);
    forward(net, ws, rows, false);
    const float* A = ws.A.back().data();
    for (int row = 0; row < rows; ++row) {
      const float* a = A + std::size_t(row) * out_s;
      const int point = idx[start + row];
      if (r.classification) {
        const int truth = static_cast<int>(d.target[point]);
        out.confusion[std::size_t(truth) * r.classes + predicted_class(a, k, mid)] += 1;
      } else {
        for (int j = 0; j < k; ++j) {
          const double y = d.target[std::size_t(point) * d.target_dim + j];
          ss_res[j] += (a[j] - y) * (a[j] - y);
          ss_tot[j] += (y - mean[j]) * (y - mean[j]);
        }
      }
    }
  }
  for (std::size_t j = 0; j < mean.size(); ++j) out.r2.push_back(n > 0 && ss_tot[j] > 0 ? 1 - ss_res[j] / ss_tot[j] : NAN);
  return out;
}

}  // namespace gl
