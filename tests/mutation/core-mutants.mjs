// The catalogue of source mutants for core/: each a deliberate one-idea bug that the native
// suite must catch. scripts/mutate-core.mjs applies them one at a time to a scratch copy of
// the tree, rebuilds and runs ctest.
//
// A mutant is found by its code, not by file and line: each `edits` entry is a [search,
// replace] pair whose search text must occur exactly once in all of core/ (so mutants keep
// working when code moves between files). A mutant with several edits applies them together.
// `area` groups the table; `why` says what would go wrong for a learner if the bug shipped.
export default [
  // ---- the survivors and accidental kills of the first mutation round -------------
  {
    id: 'init-xavier-normal-fan-in', area: 'initialisers',
    why: 'Xavier-normal with fan_in only: Var = 1/n_in instead of 2/(n_in + n_out)',
    edits: [['case InitKind::xavier_normal: normal(std::sqrt(1 / fan_avg));', 'case InitKind::xavier_normal: normal(std::sqrt(1 / fan_in));']],
  },
  {
    id: 'init-he-uniform-bound', area: 'initialisers',
    why: 'He-uniform bound sqrt(3/n) instead of sqrt(6/n): half the variance He et al. derive',
    edits: [['case InitKind::he_uniform: uniform(std::sqrt(6 / fan_in));', 'case InitKind::he_uniform: uniform(std::sqrt(3 / fan_in));']],
  },
  {
    id: 'dead-on-most-points', area: 'instruments',
    why: 'a unit counted dead when f\'(z) = 0 on most training points instead of all',
    edits: [
      ['t.grad_seen[j] |= d[j] != 0;', 't.grad_seen[j] = static_cast<uint8_t>(std::min(255, t.grad_seen[j] + (d[j] != 0 ? 1 : 0)));'],
      ['const bool dead = !t.grad_seen[j];', 'const bool dead = t.grad_seen[j] * 2.0 < std::min(255.0, count);'],
    ],
  },
  {
    id: 'saturation-threshold-50', area: 'instruments',
    why: 'saturated below 50% of the peak slope instead of 5%',
    edits: [['inline constexpr double kSaturationSlope = 0.05;', 'inline constexpr double kSaturationSlope = 0.5;']],
  },
  {
    id: 'grad-z-per-example-over-n', area: 'instruments',
    why: 'gradZRms reports dL/dz of the mean loss (per-example dl/dz divided by N again)',
    edits: [['const float gj = static_cast<float>(g[j] * count);', 'const float gj = static_cast<float>(g[j]);']],
  },
  {
    id: 'divergence-threshold-1e30', area: 'divergence',
    why: 'exploded-gradient threshold 1e30 instead of 1e15',
    edits: [['inline constexpr double kExplodedGradNorm = 1e15;', 'inline constexpr double kExplodedGradNorm = 1e30;']],
  },
  {
    id: 'divergence-no-nonfinite-gradient', area: 'divergence',
    why: 'a NaN gradient is not a divergence (only a norm above the threshold is)',
    edits: [['const bool blown = !std::isfinite(g2) || m.grad_norm > kExplodedGradNorm;', 'const bool blown = m.grad_norm > kExplodedGradNorm;']],
  },
  {
    id: 'data-circle-radius-4', area: 'data sets',
    why: 'circle of radius 4 (playground units) instead of 5',
    edits: [['const double radius = 5 * kScale;', 'const double radius = 4 * kScale;']],
  },
  {
    id: 'decay-on-biases', area: 'optimisers',
    why: 'L1/L2 decay applied to biases too',
    edits: [['L.b.data(), L.gb.data(), bs_slots[0].data(), bs_slots[1].data(), L.b.size(), false)', 'L.b.data(), L.gb.data(), bs_slots[0].data(), bs_slots[1].data(), L.b.size(), true)']],
  },
  {
    id: 'update-ratio-no-sqrt', area: 'instruments',
    why: 'update ratio reported as ||dW||^2 / ||W||^2',
    edits: [['std::sqrt(sw.dw2 / sw.w2)', '(sw.dw2 / sw.w2)']],
  },
  {
    id: 'grad-norm-no-sqrt', area: 'instruments',
    why: 'gradNorm reported as the squared norm',
    edits: [['m.grad_norm = std::sqrt(g2);', 'm.grad_norm = g2;']],
  },
  {
    id: 'batch-stream-is-init-stream', area: 'RNG streams',
    why: 'the batch order drawn from the initialisation stream',
    edits: [['rng = Rng(seed, Stream::batch);', 'rng = Rng(seed, Stream::init);']],
  },
  {
    id: 'adam-beta1-power-with-beta2', area: 'optimisers',
    why: 'Adam\'s beta1^t accumulated with beta2 (wrong first-moment bias correction)',
    edits: [['opt_.beta1_t *= c.beta1;', 'opt_.beta1_t *= c.beta2;']],
  },
  {
    id: 'data-spiral-radius-4', area: 'data sets',
    why: 'spiral of radius 4 (playground units) instead of 5',
    edits: [['const double r = 5.0 * kScale * i / m;', 'const double r = 4.0 * kScale * i / m;']],
  },

  // ---- activations -------------------------------------------------------------------------
  {
    id: 'act-sigmoid-derivative', area: 'activations',
    why: 'sigmoid\' = e/(1+e) instead of e/(1+e)^2',
    edits: [['ds = e * q * q;  // sigma(z) (1 - sigma(z))', 'ds = e * q;']],
  },
  {
    id: 'act-tanh-derivative-factor', area: 'activations',
    why: 'tanh\' with 2e/(1+e)^2 instead of 4e/(1+e)^2 (peak 0.5)',
    edits: [['d = K<V>(4) * e * r * r;', 'd = K<V>(2) * e * r * r;']],
  },
  {
    id: 'act-relu-kink', area: 'activations',
    why: 'relu\'(0) = 1 instead of PyTorch\'s 0',
    edits: [['d = select(z > zero, one, zero);', 'd = select(z >= zero, one, zero);']],
  },
  {
    id: 'act-leaky-derivative-zero', area: 'activations',
    why: 'leaky ReLU passes no gradient on its negative side (dead instead of inactive)',
    edits: [['d = select(z > zero, one, s);', 'd = select(z > zero, one, zero);']],
  },
  {
    id: 'act-selu-derivative-lambda', area: 'activations',
    why: 'SELU\'s positive-side slope 1 instead of lambda',
    edits: [['d = select(z > zero, la, laal * M::exp(z));', 'd = select(z > zero, one, laal * M::exp(z));']],
  },
  {
    id: 'act-gelu-derivative', area: 'activations',
    why: 'GELU\' = Phi(z), dropping z phi(z)',
    edits: [['d = Phi + z * phi;', 'd = Phi;']],
  },
  {
    id: 'act-swish-derivative', area: 'activations',
    why: 'swish\' without the beta z sigma\' term',
    edits: [['d = s + bz * ds;', 'd = s;']],
  },
  {
    id: 'act-mish-derivative', area: 'activations',
    why: 'mish\' with 2(n+1)/(n+2)^2 for 1 - tanh^2(softplus)',
    edits: [['d = t + z * sig * (K<V>(4) * (n + one) / (w * w));', 'd = t + z * sig * (K<V>(2) * (n + one) / (w * w));']],
  },
  {
    id: 'act-softplus-value', area: 'activations',
    why: 'softplus = max(z, 0) + e^-|z| instead of + log(1 + e^-|z|)',
    edits: [['a = select(z > zero, z, zero) + M::log1p01(e);', 'a = select(z > zero, z, zero) + e;']],
  },
  {
    id: 'act-tanh-not-saturating', area: 'instruments',
    why: 'tanh not treated as a saturating activation',
    edits: [['inline bool saturates(Act a) { return a == Act::sigmoid || a == Act::tanh; }', 'inline bool saturates(Act a) { return a == Act::sigmoid; }']],
  },
  {
    id: 'act-sigmoid-peak-slope', area: 'instruments',
    why: 'sigmoid\'s saturation measured against a peak slope of 1 instead of 1/4',
    edits: [['return a == Act::sigmoid ? 0.25 : 1.0;', 'return a == Act::sigmoid ? 1.0 : 1.0;']],
  },
  {
    id: 'act-leaky-no-off-region', area: 'instruments',
    why: 'leaky ReLU units pushed off are never reported inactive',
    edits: [['return a == Act::relu || a == Act::leaky_relu || a == Act::elu', 'return a == Act::relu || a == Act::elu']],
  },

  // ---- initialisers ------------------------------------------------------------------------
  {
    id: 'init-lecun-normal-variance', area: 'initialisers',
    why: 'LeCun-normal with Var = 2/n_in (He\'s) instead of 1/n_in: SELU leaves its fixed point',
    edits: [['case InitKind::lecun_normal: normal(std::sqrt(1 / fan_in));', 'case InitKind::lecun_normal: normal(std::sqrt(2 / fan_in));']],
  },
  {
    id: 'init-standard-fan-avg', area: 'initialisers',
    why: 'the "standard" initialiser scaled by the fan average instead of fan_in',
    edits: [['case InitKind::standard: uniform(1 / std::sqrt(fan_in));', 'case InitKind::standard: uniform(1 / std::sqrt(fan_avg));']],
  },
  {
    id: 'init-orthogonal-no-sign-fix', area: 'initialisers',
    why: 'orthogonal weights without the sign(diag R) correction: not Haar-distributed',
    edits: [['if (qr.matrixQR()(c, c) < 0) q.col(c) *= -1;', '']],
  },
  {
    id: 'init-gain-ignored', area: 'initialisers',
    why: 'initGain not applied',
    edits: [['for (auto& x : w) x *= gain;', '']],
  },

  // ---- optimisers, regularisation, schedules ------------------------------------------------
  {
    id: 'opt-nesterov-lookahead', area: 'optimisers',
    why: 'Nesterov step lr (v + mu v) instead of lr (g + mu v)',
    edits: [['step = kind == OptKind::momentum ? lr * v : lr * (gi + mu * v);', 'step = kind == OptKind::momentum ? lr * v : lr * (v + mu * v);']],
  },
  {
    id: 'opt-rmsprop-no-decay-weight', area: 'optimisers',
    why: 'RMSprop adds g^2 without the (1 - rho) weight',
    edits: [['const V s = rho * load(s1 + i) + (one - rho) * gi * gi;', 'const V s = rho * load(s1 + i) + gi * gi;']],
  },
  {
    id: 'opt-adam-eps-under-root', area: 'optimisers',
    why: 'Adam\'s epsilon under the square root instead of added to it',
    edits: [['step = lr * (m * inv_bc1) / (vsqrt(v * inv_bc2) + eps);', 'step = lr * (m * inv_bc1) / vsqrt(v * inv_bc2 + eps);']],
  },
  {
    id: 'opt-l1-as-l2', area: 'optimisers',
    why: 'L1 adds l1 w instead of l1 sign(w)',
    edits: [['gi = gi * gs + l2 * wi + l1 * sign;', 'gi = gi * gs + l2 * wi + l1 * wi;']],
  },
  {
    id: 'opt-clip-inverted', area: 'optimisers',
    why: 'clipping scales by ||g|| / clipNorm instead of clipNorm / ||g||',
    edits: [['o.grad_scale = static_cast<float>(c.clipNorm / m.grad_norm);', 'o.grad_scale = static_cast<float>(m.grad_norm / c.clipNorm);']],
  },
  {
    id: 'opt-step-schedule-off-by-one', area: 'optimisers',
    why: 'step schedule decays one interval early',
    edits: [['long long k = t / c.stepEvery;', 'long long k = t / c.stepEvery + 1;']],
  },
  {
    id: 'opt-cosine-sign', area: 'optimisers',
    why: 'cosine schedule starts at the minimum and rises',
    edits: [['return lo + 0.5 * (base - lo) * (1 + det::cos(', 'return lo + 0.5 * (base - lo) * (1 - det::cos(']],
  },
  {
    id: 'opt-sum-squares-not-squared', area: 'instruments',
    why: 'sum_squares sums the values, not their squares (every norm wrong)',
    edits: [['acc = acc + v * v;', 'acc = acc + v;']],
  },

  // ---- losses ------------------------------------------------------------------------------
  {
    id: 'loss-bce-no-target-term', area: 'losses',
    why: 'binary cross-entropy value without its -z y term',
    edits: [['l += (zj > 0 ? zj : T(0)) - zj * y[j] + M::log1p01(M::exp(zj > 0 ? -zj : zj));', 'l += (zj > 0 ? zj : T(0)) + M::log1p01(M::exp(zj > 0 ? -zj : zj));']],
  },
  {
    id: 'loss-softmax-ce-gradient-half', area: 'losses',
    why: 'softmax cross-entropy gradient (p - y) / 2N instead of (p - y) / N',
    edits: [['if (g) for (int j = 0; j < k; ++j) g[j] = (a[j] - y[j]) * inv;', 'if (g) for (int j = 0; j < k; ++j) g[j] = (a[j] - y[j]) * inv * T(0.5);']],
  },
  {
    id: 'loss-mse-no-output-slope', area: 'losses',
    why: 'MSE gradient ignores the output activation\'s slope f\'(z)',
    edits: [['if (g) g[j] = e * d[j] * scale;', 'if (g) g[j] = e * scale;']],
  },

  // ---- kernels -----------------------------------------------------------------------------
  {
    id: 'kernel-forward-bias-twice', area: 'kernels',
    why: 'dense forward adds the bias twice',
    edits: [['[bias](int, int j) { return load(bias + j); }', '[bias](int, int j) { return load(bias + j) + load(bias + j); }']],
  },
  {
    id: 'kernel-bias-grad-not-accumulated', area: 'kernels',
    why: 'chunked full-batch passes keep only the last chunk\'s bias gradient',
    edits: [['vec<T> s = accumulate ? load(gb + j) : vec<T>{};', 'vec<T> s = vec<T>{};']],
  },
  {
    id: 'kernel-backprop-no-derivative', area: 'kernels',
    why: 'back-propagation skips the activation derivative of the layer below',
    edits: [['return v * load(Dprev + std::size_t(b) * in_s + i);', 'return v;']],
  },
  {
    id: 'kernel-three-vector-remainder', area: 'kernels',
    why: 'a 3-vector column remainder computed as 2 vectors (columns 9-12 of a 12-wide layer lost)',
    edits: [['case 3: gemm_cols<T, 2, 3, TransX>', 'case 3: gemm_cols<T, 2, 2, TransX>']],
  },
  {
    id: 'kernel-row-remainder', area: 'kernels',
    why: 'the last row of an odd batch is skipped',
    edits: [['for (; r < rows; ++r) gemm_block<T, 1, NV, TransX>', 'for (; r + 1 < rows; ++r) gemm_block<T, 1, NV, TransX>']],
  },

  // ---- instruments and evaluation ------------------------------------------------------------
  {
    id: 'inst-inactive-includes-dead', area: 'instruments',
    why: 'dead ReLUs also counted inactive',
    edits: [['const bool inactive = !dead && has_off_region(L.act) && !t.positive_seen[j];', 'const bool inactive = has_off_region(L.act) && !t.positive_seen[j];']],
  },
  {
    id: 'inst-positive-at-zero', area: 'instruments',
    why: 'z = 0 counted as "on" (a unit whose z only touches 0 is not inactive)',
    edits: [['t.positive_seen[j] |= z[j] > 0;', 't.positive_seen[j] |= z[j] >= 0;']],
  },
  {
    id: 'inst-saturated-half-counts', area: 'instruments',
    why: 'saturated on exactly half the points counts as "most"',
    edits: [['t.saturated_count[j] > kSaturationShare * count', 't.saturated_count[j] >= kSaturationShare * count']],
  },
  {
    id: 'inst-no-blocked-state', area: 'instruments',
    why: 'units that no gradient reaches are never reported blocked',
    edits: [[': !t.dz_seen[j]           ? UnitState::blocked', ': false                    ? UnitState::blocked']],
  },
  {
    id: 'inst-act-std-no-mean', area: 'instruments',
    why: 'activation std without subtracting the mean (rms instead)',
    edits: [['s.act_std = std::sqrt(std::max(0.0, t.sums[3] / n - s.act_mean * s.act_mean));', 's.act_std = std::sqrt(std::max(0.0, t.sums[3] / n));']],
  },
  {
    id: 'inst-born-dead-and', area: 'instruments',
    why: 'born dead only when every hidden layer is all zero (not any)',
    edits: [['m.born_dead = m.born_dead || all_zero;', 'm.born_dead = (l == 0 || m.born_dead) && all_zero;']],
  },
  {
    id: 'inst-weight-norm-squared', area: 'instruments',
    why: 'weightNorm reported squared',
    edits: [['s.weight_norm = std::sqrt(sum_squares(L.Wt.data(), L.Wt.size()));', 's.weight_norm = sum_squares(L.Wt.data(), L.Wt.size());']],
  },
  {
    id: 'inst-grad-hist-natural-log', area: 'instruments',
    why: 'gradient histogram binned by ln |g| instead of log10 |g|',
    edits: [['fm::log(ag) * 0.43429448f', 'fm::log(ag)']],
  },
  {
    id: 'inst-tanh-accuracy-threshold', area: 'instruments',
    why: 'a tanh output\'s class threshold at 1/2 instead of 0',
    edits: [['inline float class_threshold(OutAct out) { return out == OutAct::tanh ? 0.0f : 0.5f; }', 'inline float class_threshold(OutAct) { return 0.5f; }']],
  },
  {
    id: 'div-evaluate-cause-swapped', area: 'divergence',
    why: 'an evaluation that finds overflowing gradients blames the weights, and vice versa',
    edits: [['m.diverged = grad ? Divergence::weights : Divergence::gradient;', 'm.diverged = grad ? Divergence::gradient : Divergence::weights;']],
  },
  {
    id: 'div-test-loss-ignored', area: 'divergence',
    why: 'a non-finite test loss does not stop the run',
    edits: [['if (!std::isfinite(m.train_loss) || (n_test > 0 && !std::isfinite(m.test_loss))) {', 'if (!std::isfinite(m.train_loss)) {']],
  },
  {
    id: 'div-weights-backstop-off', area: 'divergence',
    why: 'weights whose squared norm overflows do not stop the run',
    edits: [['if (!std::isfinite(w2_all)) {', 'if (false) {']],
  },

  // ---- metrics packing -----------------------------------------------------------------------
  {
    id: 'pack-grad-norms-swapped', area: 'metrics packing',
    why: 'gradWNorm and gradBNorm packed in each other\'s slot',
    edits: [['col<&L::grad_w_norm>("gradWNorm")', 'col<&L::grad_b_norm>("gradWNorm")'], ['col<&L::grad_b_norm>("gradBNorm")', 'col<&L::grad_w_norm>("gradBNorm")']],
  },
  {
    id: 'pack-loss-names-swapped', area: 'metrics packing',
    why: 'trainLoss and testLoss packed in each other\'s slot',
    edits: [['col<&G::train_loss>("trainLoss")', 'col<&G::test_loss>("trainLoss")'], ['col<&G::test_loss>("testLoss")', 'col<&G::train_loss>("testLoss")']],
  },

  // ---- RNG -----------------------------------------------------------------------------------
  {
    id: 'rng-normal-spare-repeats', area: 'RNG streams',
    why: 'the polar method\'s second value repeats the first',
    edits: [['spare_ = v * f;', 'spare_ = u * f;']],
  },
  {
    id: 'rng-below-never-last', area: 'RNG streams',
    why: 'below(n) never returns n - 1 (a biased shuffle)',
    edits: [['uint64_t m = uint64_t(next_u32()) * n;', 'uint64_t m = uint64_t(next_u32()) * (n - 1);']],
  },
  {
    id: 'rng-splitmix-constant', area: 'RNG streams',
    why: 'a different SplitMix64 constant: every seed gives other streams',
    edits: [['x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;', 'x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B7ULL;']],
  },
  {
    id: 'rng-uniform-bits', area: 'RNG streams',
    why: 'uniform() on [0, 1/2) (high word weighted 2^25 instead of 2^26)',
    edits: [['return (double(a) * 67108864.0 + double(b))', 'return (double(a) * 33554432.0 + double(b))']],
  },
  {
    id: 'rng-data-on-init-stream', area: 'RNG streams',
    why: 'the data drawn from the initialisation stream',
    edits: [['Rng rng(c.dataSeed, Stream::data);', 'Rng rng(c.dataSeed, Stream::init);']],
  },

  // ---- data sets -----------------------------------------------------------------------------
  {
    id: 'data-circle-ring-inner-edge', area: 'data sets',
    why: 'the circle\'s outer ring starts at 0.6 of the radius instead of 0.7',
    edits: [['rng.uniform(radius * 0.7, radius)', 'rng.uniform(radius * 0.6, radius)']],
  },
  {
    id: 'data-xor-padding-one-side', area: 'data sets',
    why: 'xor pads every x to the right instead of away from the axis',
    edits: [['x += x > 0 ? pad : -pad;', 'x += pad;']],
  },
  {
    id: 'data-gaussian-centre', area: 'data sets',
    why: 'the negative blob at (-1, -1) instead of (-2, -2) (playground units)',
    edits: [['cx = cy = (k == 1 ? 2 : -2) * kScale;', 'cx = cy = (k == 1 ? 2 : -1) * kScale;']],
  },
  {
    id: 'data-gaussian-variance', area: 'data sets',
    why: 'blob variance 1 at noise 0 instead of the playground\'s 0.5',
    edits: [['std::sqrt(0.5 + 3.5 * std::min(noise / 0.5, 2.0))', 'std::sqrt(1.0 + 3.5 * std::min(noise / 0.5, 2.0))']],
  },
  {
    id: 'data-moons-offset', area: 'data sets',
    why: 'the lower moon shifted by 1 instead of 0.5',
    edits: [['double y = k == 0 ? det::sin(t) : 0.5 - det::sin(t);', 'double y = k == 0 ? det::sin(t) : 1.0 - det::sin(t);']],
  },
  {
    id: 'data-checkerboard-side', area: 'data sets',
    why: 'checkerboard cells of side 1.2 instead of 1.8 (a 6 x 6 board)',
    edits: [['const double side = 3 * kScale;', 'const double side = 2 * kScale;']],
  },
  {
    id: 'data-plane-slope', area: 'data sets',
    why: 'plane target (x + y) / 3 instead of / 6',
    edits: [['/ (10 * kScale), -1.0, 1.0)', '/ (5 * kScale), -1.0, 1.0)']],
  },
  {
    id: 'data-multigauss-width', area: 'data sets',
    why: 'the bumps twice as wide (exp(-d^2/4))',
    edits: [['(v - g[1]) * (v - g[1])) / 2)', '(v - g[1]) * (v - g[1])) / 4)']],
  },
  {
    id: 'data-fit1d-abs', area: 'data sets',
    why: 'fit1d abs target |u|/2 - 1 instead of |u|/3 - 1',
    edits: [['return std::fabs(x) / 3 - 1;', 'return std::fabs(x) / 2 - 1;']],
  },
  {
    id: 'data-feature-x1x2', area: 'data sets',
    why: 'feature x1x2 computes x1 squared',
    edits: [['case Feature::x1x2: v = x1 * x2; break;', 'case Feature::x1x2: v = x1 * x1; break;']],
  },

  // ---- signal-propagation initialiser (Poole et al. 2016) -------------------------------------
  {
    id: 'init-sp-fan-avg', area: 'initialisers',
    why: 'signal_propagation weights N(0, sigma_w^2 / fan_avg) instead of / fan_in',
    edits: [['case InitKind::signal_propagation: normal(std::sqrt(scale / fan_in)); return w;', 'case InitKind::signal_propagation: normal(std::sqrt(scale / fan_avg)); return w;']],
  },
  {
    id: 'init-sp-gain-applied', area: 'initialisers',
    why: 'initGain also multiplies signal_propagation weights (sigma_w^2 alone sets their scale)',
    edits: [['case InitKind::signal_propagation: normal(std::sqrt(scale / fan_in)); return w;', 'case InitKind::signal_propagation: normal(std::sqrt(scale / fan_in)); break;']],
  },
  {
    id: 'init-sp-bias-sd-is-variance', area: 'initialisers',
    why: 'signal_propagation biases drawn with standard deviation sigma_b^2 instead of sigma_b',
    edits: [['for (auto& x : b) x = std::sqrt(sigma_b2) * rng.normal();', 'for (auto& x : b) x = sigma_b2 * rng.normal();']],
  },
  {
    id: 'init-sp-scale-from-init-scale', area: 'initialisers',
    why: 'signal_propagation reads initScale instead of sigmaW2',
    edits: [['sp ? c.sigmaW2 : c.initScale', 'c.initScale']],
  },

  // ---- mean-field theory and its quadrature ---------------------------------------------------
  {
    id: 'quad-legendre-recurrence', area: 'mean-field theory',
    why: 'Gauss-Legendre recurrence b_k = k / sqrt(4k^2 + 1) instead of / sqrt(4k^2 - 1): wrong nodes',
    edits: [['for (int k = 1; k < n; ++k) b[k] = k / std::sqrt(4.0 * k * k - 1);', 'for (int k = 1; k < n; ++k) b[k] = k / std::sqrt(4.0 * k * k + 1);']],
  },
  {
    id: 'quad-weights-without-mass', area: 'mean-field theory',
    why: 'Gauss weights without the total mass mu0 (Legendre weights sum to 1 instead of 2)',
    edits: [['r.weights[i] = mu0 / sum;', 'r.weights[i] = 1 / sum;']],
  },
  {
    id: 'quad-rayleigh-density', area: 'mean-field theory',
    why: 'the 2-degree chi density r^2 e^(-r^2/2) instead of r e^(-r^2/2) (the Rayleigh radius)',
    edits: [['const double d = (dof == 2 ? r : 1.0) * std::exp(-0.5 * r * r);', 'const double d = (dof == 2 ? r * r : 1.0) * std::exp(-0.5 * r * r);']],
  },
  {
    id: 'mf-variance-map-no-bias', area: 'mean-field theory',
    why: 'the variance map q -> sigma_w^2 E[phi^2] without + sigma_b^2',
    edits: [['auto g = [&](double q) { return sigma_w2 * ex.one(q).m + sigma_b2 - q; };', 'auto g = [&](double q) { return sigma_w2 * ex.one(q).m - q; };']],
  },
  {
    id: 'mf-chi1-from-phi', area: 'mean-field theory',
    why: 'chi1 = sigma_w^2 E[phi^2] instead of sigma_w^2 E[phi\'^2]',
    edits: [['v.chi1 = sigma_w2 * ex.one(std::max(v.fp.q, kTinyQ)).d;', 'v.chi1 = sigma_w2 * ex.one(std::max(v.fp.q, kTinyQ)).m;']],
  },
  {
    id: 'mf-q1-ignores-input-variance', area: 'mean-field theory',
    why: 'the variance map started from sigma_w^2 + sigma_b^2 whatever the inputs\' variance',
    edits: [['sigma_w2 * input_variance + sigma_b2, rel_tol);', 'sigma_w2 + sigma_b2, rel_tol);']],
  },
  {
    id: 'mf-one-no-half', area: 'mean-field theory',
    why: 'the 1-D expectation sums both branches without the 1/2: E[phi^2] doubled',
    edits: [['const double w = 0.5 * r.weights[i];', 'const double w = r.weights[i];']],
  },
  {
    id: 'mf-two-angle-measure', area: 'mean-field theory',
    why: 'the 2-D expectation\'s angle measure d(theta) / pi instead of / 2 pi',
    edits: [['(1 / (4 * half_pi));  // dθ / 2π', '(1 / (2 * half_pi));  // dθ / 2π']],
  },
  {
    id: 'mf-correlated-pair', area: 'mean-field theory',
    why: 'u2 = sqrt(q) (c z1 + sqrt(1 - c) z2): the pair\'s correlation is not c',
    edits: [['const double sq = std::sqrt(q), s = std::sqrt((1 - c) * (1 + c)), tc = std::atan2(s, c);', 'const double sq = std::sqrt(q), s = std::sqrt(1 - c), tc = std::atan2(s, c);']],
  },
  {
    id: 'mf-depth-scale-sign', area: 'mean-field theory',
    why: 'depth scale 1/log(rate) (negative) instead of -1/log(rate)',
    edits: [['return -1 / std::log(rate);', 'return 1 / std::log(rate);']],
  },
  {
    id: 'mf-xi-c-from-phiphi', area: 'mean-field theory',
    why: 'xi_c from sigma_w^2 E[phi(u1) phi(u2)] instead of E[phi\'(u1) phi\'(u2)] at c*',
    edits: [['r.xi_c = c == 1 ? depth_scale(v.chi1) : depth_scale(sigma_w2 * ex.two(q, c).dd);', 'r.xi_c = c == 1 ? depth_scale(v.chi1) : depth_scale(sigma_w2 * ex.two(q, c).phiphi);']],
  },
  {
    id: 'mf-critical-at-zero-half', area: 'mean-field theory',
    why: 'the critical sigma_w^2 where q* -> 0 taken as 1/(2 phi\'(0)^2) (tanh: 1/2 instead of 1)',
    edits: [['if (d0 > 0) candidates.push_back(1 / d0);', 'if (d0 > 0) candidates.push_back(0.5 / d0);']],
  },
  {
    id: 'mf-critical-relu-limit', area: 'mean-field theory',
    why: 'the critical sigma_w^2 of relu-like phi (q* -> infinity) taken as 2 / kappa instead of 1 / kappa',
    edits: [['if (on.fp.kind == FixedPoint::finite && std::fabs(on.fp.q - qb) <= 1e-6 * qb) return 1 / far.d;', 'if (on.fp.kind == FixedPoint::finite && std::fabs(on.fp.q - qb) <= 1e-6 * qb) return 2 / far.d;']],
  },

  // ---- user data: the input plane, and the scores -------------------------------------------
  {
    id: 'dom-derived-margin-fifth', area: 'user data',
    why: 'the derived box widened by a fifth of the span on each side instead of a tenth',
    edits: [['const double margin = span > 0 ? span / 10 : std::max(1.0, std::fabs(lo) / 10);', 'const double margin = span > 0 ? span / 5 : std::max(1.0, std::fabs(lo) / 10);']],
  },
  {
    id: 'dom-derived-flat-axis', area: 'user data',
    why: 'an axis on which every point has the same value v gets v +- |v|/10 (nothing at v = 0)',
    edits: [['const double margin = span > 0 ? span / 10 : std::max(1.0, std::fabs(lo) / 10);', 'const double margin = span > 0 ? span / 10 : std::fabs(lo) / 10;']],
  },
  {
    id: 'dom-given-upper-edge-unchecked', area: 'user data',
    why: 'a given domain accepted when points lie above its upper edge',
    edits: [['if (!(raw[i] >= d.lo[j] && raw[i] <= d.hi[j]))', 'if (!(raw[i] >= d.lo[j]))']],
  },
  {
    id: 'dom-given-empty-interval', area: 'user data',
    why: 'a given domain with lo = hi accepted (a box of width 0)',
    edits: [['std::isfinite(hi) && lo < hi &&', 'std::isfinite(hi) && lo <= hi &&']],
  },
  {
    id: 'scores-confusion-transposed', area: 'user data',
    why: 'the confusion matrix with rows = predicted class, columns = true class',
    edits: [['out.confusion[std::size_t(truth) * r.classes + predicted_class(a, k, mid)] += 1;', 'out.confusion[std::size_t(predicted_class(a, k, mid)) * r.classes + truth] += 1;']],
  },
  {
    id: 'scores-r2-mean-not-divided', area: 'user data',
    why: 'R^2 about the sum of the targets instead of their mean',
    edits: [['for (double& m : mean) m /= n;', '']],
  },
  {
    id: 'scores-argmax-last-of-equals', area: 'user data',
    why: 'several outputs: the last of equal largest outputs wins instead of the first',
    edits: [['if (a[j] > a[best]) best = j;', 'if (a[j] >= a[best]) best = j;']],
  },
  {
    id: 'scores-r2-constant-targets', area: 'user data',
    why: 'R^2 of a split whose targets are all the same computed as 1 - SS_res / 0',
    edits: [['n > 0 && ss_tot[j] > 0 ? 1 - ss_res[j] / ss_tot[j] : NAN', 'n > 0 ? 1 - ss_res[j] / ss_tot[j] : NAN']],
  },

  // ---- grids, targets, weights, validation ---------------------------------------------------
  {
    id: 'grid-rows-bottom-up', area: 'grids',
    why: 'the grid\'s row 0 at the bottom of the plane instead of the top (the heatmap upside down)',
    edits: [['raw[1] = static_cast<float>(d.hi[1] - (p / res + 0.5) * w1);', 'raw[1] = static_cast<float>(d.lo[1] + (p / res + 0.5) * w1);']],
  },
  {
    id: 'targets-tanh-negative-zero', area: 'losses',
    why: 'a tanh classifier\'s negative class trained towards 0 instead of -1',
    edits: [['const float off = r.out == OutAct::tanh ? -1.0f : 0.0f;', 'const float off = 0.0f;']],
  },
  {
    id: 'weights-import-nonfinite', area: 'weights',
    why: 'imported weights not checked for NaN or infinity',
    edits: [['if (!std::isfinite(in[i])) throw std::invalid_argument("weights: value "', 'if (false) throw std::invalid_argument("weights: value "']],
  },
  {
    id: 'weights-export-bias-order', area: 'weights',
    why: 'weights and gradients exported with a layer\'s biases before its weights instead of after',
    edits: [['    for (int j = 0; j < L.out; ++j)\n      for (int i = 0; i < L.in; ++i) *out++ = (L.*Wt)(i, j);\n    for (int j = 0; j < L.out; ++j) *out++ = (L.*b)(j);',
      '    for (int j = 0; j < L.out; ++j) *out++ = (L.*b)(j);\n    for (int j = 0; j < L.out; ++j)\n      for (int i = 0; i < L.in; ++i) *out++ = (L.*Wt)(i, j);']],
  },
  {
    id: 'validate-max-exclusive', area: 'validation',
    why: 'a field\'s maximum refused (the range taken as [min, max))',
    edits: [['if (v < f.min || v > f.max) range_error(', 'if (v < f.min || v >= f.max) range_error(']],
  },
  {
    id: 'validate-integer-check-off', area: 'validation',
    why: 'integer fields accept fractions',
    edits: [['if (v != std::floor(v))\n', 'if (false)\n']],
  },
];
