// The checks behind every lesson sentence (web/src/presets.js names them by id, with the
// numbers it states as params), the checkpoint the page ticks when a lesson's phenomenon is
// on screen, and the lesson's suggested changes' claims (ids "<change>:<claim>", checked on
// the run with that change). Kinds and their cadence argument: claims.js.
import {
  hidden, layer, sum, deadShare, totalDead, gradSpread, gradZeroShare, massBelow, lowest, roundsTo,
  atStart, atEnd, always, rising, startToEnd, noEvent, may, mayLog, startLog, kernel, initial, setting, on,
} from './claims.js';
import { fmt, pct } from './format.js';
import { presets } from '../../src/common.js';

// ---- shared pieces --------------------------------------------------------------------------

/** "3, 4, 5" → [3, 4, 5]. */
const layerList = (s) => String(s).split(',').map((x) => Number(x.trim()));
const sameSet = (a, b) => a.length === b.length && a.every((x) => b.includes(x));
/** The layers named by log lines matching `re` (its first group is the layer number). */
const layersIn = (lines, re) => [...new Set(lines.map((t) => t.match(re)?.[1]).filter(Boolean).map(Number))];
const between = (x, lo, hi) => x >= lo && x <= hi;
const ratio = (m, low, high) => layer(m, high).gradZRms / layer(m, low).gradZRms;
const accIn = (m, p) => [m.trainAccuracy, m.testAccuracy].every((a) => between(a * 100, p.lo, p.hi));
const testAtLeast = (m, p) => m.testAccuracy * 100 >= p.acc;
const fromStep = (p) => [p.from, Infinity];
const upTo = (key) => (p) => [0, p[key]];
/** Pooled share, over the hidden layers, of histogram `kind`'s mass that `share(h)` picks. */
const pooled = (m, kind, share) => {
  const ls = hidden(m).map((l) => l.histograms[kind]);
  return sum(ls.map((h) => share(h) * sum(h.counts))) / sum(ls.map((h) => sum(h.counts)));
};
/** Pooled share of the hidden layers' values of `kind` in bins wholly below 0: at most the share that is negative. */
const negativeShare = (m, kind) => pooled(m, kind, (h) => massBelow(h, 0));
const lines0 = (lines, re) => lines.some((t) => re.test(t));
/** The run's configuration has `field` = p[key] (when the sentence states it). */
const setTo = (run, p, field, key) => p[key] === undefined || run.config[field] === p[key];
const esc = (s) => String(s).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Points on the z axis for the kernels, and readings of a curve.
// n points from lo to hi; a claim over "between lo and hi" with lo >= hi would say nothing.
const axis = (lo, hi, n) => {
  if (!(lo < hi)) throw new RangeError(`axis: ${lo} to ${hi} is not an interval`);
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
};
const at = (c, z) => {
  let best = 0;
  for (let i = 1; i < c.x.length; i++) if (Math.abs(c.x[i] - z) < Math.abs(c.x[best] - z)) best = i;
  return { f: c.f[best], df: c.df[best] };
};
const minimum = (c) => {
  let i0 = 0;
  for (let i = 1; i < c.x.length; i++) if (c.f[i] < c.f[i0]) i0 = i;
  return { z: c.x[i0], f: c.f[i0] };
};
/** The largest change of the slope per unit of z between neighbouring points. */
const bend = (c) => {
  let b = 0;
  for (let i = 1; i < c.x.length; i++) b = Math.max(b, Math.abs(c.df[i] - c.df[i - 1]) / (c.x[i] - c.x[i - 1]));
  return b;
};

const startsDead = (l, d, u) => new RegExp(`^Layer ${l} starts with ${d} of ${u} units dead\\.`);
const startsDeadAny = /^Layer (\d+) starts with \d+ of \d+ units dead\./;
const cameBack = /units? in layer (\d+) came back to life/;

// ---- the lessons ----------------------------------------------------------------------------

export const lessonClaims = {
  'vanishing-sigmoid': {
    checkpoint: (m) => {
      const h = hidden(m);
      const r = h.at(-1).gradZRms / h[0].gradZRms;
      return Number.isFinite(r) && r >= 100 && `layer 1's dL/dz is ${fmt(r)}× smaller than layer ${h.length}'s`;
    },
    claims: {
      ratio: always((m, p) => ratio(m, p.low, p.high) > p.factor),
      chance: always(accIn),
      tiny: always((m, p) => layer(m, p.low).gradZRms < Number(p.tiny)),
      'tiny-logged': startLog((lines, p) => lines0(lines, new RegExp(`^Layer ${p.low}'s back-propagated gradient .* fell below ${esc(p.tiny)} at step ${p.start}:`))),
      shrink: always((m, p) => hidden(m).every((l, i, h) => i === 0 || l.gradZRms / h[i - 1].gradZRms >= p.shrink)),
      'sigmoid-slope': kernel((curve, p) => {
        const c = curve('sigmoid', axis(-8, 8, 1601));
        const top = Math.max(...c.df);
        return roundsTo(top, p.max) && at(c, 0).df === top;
      }),
      'init-bound': initial((w, p) => {
        const inner = w.layers.slice(1, -1).flatMap((L) => L.W.flat().map(Math.abs));
        const width = w.layers[1].W[0].length;
        return width === p.width && roundsTo(1 / Math.sqrt(width), p.bound) && Math.max(...inner) <= p.bound && Math.max(...inner) >= 0.9 * p.bound;
      }),
      unsaturated: always((m, p) => sum(hidden(m).map((l) => l.saturated)) === 0 && hidden(m).every((l) => Math.abs(l.preMean) <= p.pre)),
      'sigmoid-slope-near': kernel((curve, p) => curve('sigmoid', [-p.pre, p.pre]).df.every((d) => d >= p.slope)),
      'relu-he:spread': on('relu-he', always((m, p) => gradSpread(m) <= p.spread)),
      'relu-he:learns': on('relu-he', atEnd(testAtLeast)),
    },
  },

  'relu-he-rescue': {
    checkpoint: (m) => {
      const r = gradSpread(m);
      return Number.isFinite(r) && r < 10 && m.trainAccuracy > 0.9 && `all layers' dL/dz within ${fmt(r)}× of each other, accuracy ${pct(m.trainAccuracy)}`;
    },
    claims: {
      spread: always((m, p) => gradSpread(m) <= p.spread && (p.layers === undefined || hidden(m).length === p.layers)),
      learns: always(testAtLeast, fromStep),
      'dead-at-start': startLog((lines, p) => sameSet(layersIn(lines, startsDeadAny), layerList(p.deadLayers))),
      churn: mayLog((lines, p) => sameSet(layersIn(lines, /in layer (\d+) (?:died|came back to life)/), layerList(p.churn))),
      'dead-at-start-count': startLog((lines, p) => lines0(lines, startsDead(p.l, p.d, p.u))),
      revived: startToEnd((m0, m1, p) => {
        let dead = 0;
        let back = 0;
        for (let l = p.from; l <= p.to; l++) {
          m0.units[l - 1].forEach((s, i) => {
            if (s !== 'dead') return;
            dead++;
            if (m1.units[l - 1][i] !== 'dead') back++;
          });
        }
        return dead === p.d && back === p.alive;
      }),
      'relu-slope': kernel((curve, p) => {
        const c = curve('relu', axis(-4, 4, 800));
        return c.x.every((z, i) => (z > 0 ? c.df[i] === p.one : z < 0 ? c.df[i] === 0 : true));
      }),
      'he-variance': initial((w, p) => {
        const inner = w.layers.slice(1, -1);
        const n = inner[0].W[0].length;
        const xs = inner.flatMap((L) => L.W.flat());
        const v = sum(xs.map((x) => x * x)) / xs.length;
        return inner.every((L) => L.W[0].length === n) && Math.abs(v / (2 / n) - 1) <= p.tol / 100;
      }),
      'act-spread-falls': atStart((m, p) => {
        const s = hidden(m).map((l) => l.actStd);
        return roundsTo(layer(m, p.a).actStd, p.first) && roundsTo(layer(m, p.b).actStd, p.last) && s.every((x, i) => i === 0 || x < s[i - 1]) && m.layers[0].units === p.width;
      }),
      'sigmoid:collapse': on('sigmoid', always((m, p) => ratio(m, p.low, p.high) > p.factor)),
    },
  },

  'exploding-init': {
    checkpoint: (m) => m.diverged && `diverged at step ${m.diverged.step}`,
    claims: {
      diverges: atEnd((m, p) => m.diverged?.step === p.step),
      'act-growth': atStart((m, p) => hidden(m).every((l, i, h) => i === 0 || between(l.actStd / h[i - 1].actStd, p.lo, p.hi))),
      'grad-growth': atStart((m, p) => hidden(m).every((l, i, h) => i === h.length - 1 || between(l.gradZRms / h[i + 1].gradZRms, p.glo, p.ghi)) &&
        layer(m, p.a).gradZRms / layer(m, p.b).gradZRms > p.factor),
      'exploding-logged': startLog((lines, p) => sameSet(layersIn(lines, /^Layer (\d+)'s gradient .* exceeds 100 at step 0: it is exploding/), layerList(p.flagged))),
      gain: setting((c, p) => c.initGain === p.gain && c.init === 'he_normal'),
      'gain-one:no-divergence': on('gain-one', atEnd((m, p, run) => !m.diverged && m.step === run.budget && setTo(run, p, 'initGain', 'gain'))),
      'gain-one:learns': on('gain-one', atEnd((m, p, run) => testAtLeast(m, p) && setTo(run, p, 'initGain', 'gain'))),
    },
  },

  'born-dead-bias': {
    checkpoint: (m) => m.bornDead && 'a hidden layer outputs exactly 0 for every input',
    claims: {
      'born-dead': atStart((m, p) => m.bornDead && sameSet(hidden(m).filter((l) => l.allZero).map((l) => l.index + 1), layerList(p.zeroLayers))),
      'born-dead-logged': startLog((lines, p) => lines0(lines, new RegExp(`^Born dead at step ${p.start}: layers ${esc(p.zeroLayers)} output exactly 0 for every input, so the output is the same for every input`))),
      'loss-falls': startToEnd((m0, m1, p) => roundsTo(m0.trainLoss, p.l0) && roundsTo(m1.trainLoss, p.l1)),
      'acc-flat': always((m, p) => roundsTo(m.trainAccuracy * 100, p.acc) && roundsTo(m.testAccuracy * 100, p.testAcc)),
      frozen: always((m) => hidden(m).every((l) => l.gradZRms === 0)),
      'partly-dead': atStart((m, p) => layer(m, p.l1).units === p.u && layer(m, p.l1).dead === p.d1 && p.u - p.d1 === p.a1 && layer(m, p.l2).dead === p.d2),
      bias: setting((c, p) => c.biasInit === p.bias && p.bar === -p.bias && c.activation === 'relu'),
      reach: setting((c, p, run) => roundsTo(run.pointsMax, p.reach)),
      'bias-zero:alive': on('bias-zero', atStart((m, p, run) => !m.bornDead && hidden(m).every((l) => !l.allZero) && setTo(run, p, 'biasInit', 'bias'))),
      'bias-zero:learns': on('bias-zero', atEnd((m, p, run) => testAtLeast(m, p) && setTo(run, p, 'biasInit', 'bias'))),
    },
  },

  'dying-relu-high-lr': {
    checkpoint: (m) => {
      const share = deadShare(m);
      return share >= 0.3 && `${pct(share)} of the hidden units are dead`;
    },
    claims: {
      'dead-share': atEnd((m, p) => deadShare(m) * 100 >= p.share),
      'first-layer-rising': rising((m, p) => layer(m, p.l).dead),
      'first-layer-no-revival': noEvent((e, p) => new RegExp(`in layer ${p.l} came back to life`).test(e.text), (a, b, p) => layer(b, p.l).dead >= layer(a, p.l).dead),
      'deep-revival': mayLog((lines, p) => sameSet(layersIn(lines, cameBack), layerList(p.revivers))),
      collapsed: always((m, p) => layer(m, p.l).dead === p.u && layer(m, p.l).units === p.u &&
        hidden(m).slice(0, p.l - 1).every((l) => l.gradZRms === 0) && accIn(m, p), fromStep),
      'relu-flat': kernel((curve) => {
        const c = curve('relu', axis(-6, -0.01, 400));
        return c.f.every((v) => v === 0) && c.df.every((v) => v === 0);
      }),
      'leaky:no-dead': on('leaky', always((m) => totalDead(m) === 0)),
      'leaky:learns': on('leaky', atEnd(testAtLeast)),
      'slow:few-dead': on('slow', always((m, p, run) => totalDead(m) <= p.maxDead && run.config.learningRate === p.lr)),
      'slow:learns': on('slow', atEnd(testAtLeast)),
    },
  },

  'leaky-relu-rescue': {
    checkpoint: (m, budget) => {
      const dead = totalDead(m);
      return dead === 0 && m.step >= budget && m.trainAccuracy > 0.9 && `no dead unit after ${m.step} steps, accuracy ${pct(m.trainAccuracy)}`;
    },
    claims: {
      'no-dead': always((m) => totalDead(m) === 0),
      learns: atEnd((m, p) => roundsTo(m.testAccuracy * 100, p.acc)),
      'same-rate': setting((c) => c.learningRate === presets['dying-relu-high-lr'].config.learningRate && c.learningRate === presets['leaky-relu-rescue'].config.learningRate),
      dip: may((m, p, run) => m.testAccuracy < 0.6 && run.evals.some((x) => x.step < m.step && x.testAccuracy >= 0.9) && run.evals.at(-1).testAccuracy >= 0.9),
      'inactive-end': atEnd((m, p) => layer(m, p.l).inactive === p.k && layer(m, p.l).units === p.u),
      'inactive-back': startToEnd((m0, m1, p) => {
        const was = m0.units[p.l - 1].map((s, i) => (s === 'inactive' ? i : -1)).filter((i) => i >= 0);
        return was.length === p.k0 && was.filter((i) => m1.units[p.l - 1][i] === 'active').length === p.back;
      }),
      'leaky-slope': kernel((curve, p) => {
        const c = curve({ activation: 'leaky_relu', leakySlope: p.slope }, axis(-6, -0.01, 200));
        return c.df.every((d) => roundsTo(d, p.slope));
      }),
      'slope-setting': setting((c, p) => c.leakySlope === p.slope),
      'relu:dies': on('relu', atEnd((m, p) => deadShare(m) * 100 >= p.share)),
    },
  },

  'gelu-smooth': {
    checkpoint: (m, budget) => m.step >= budget && gradZeroShare(m) === 0 && totalDead(m) === 0 &&
      `after ${m.step} steps no gradient is exactly zero and no unit is dead`,
    claims: {
      'no-zeros': always((m) => gradZeroShare(m) === 0),
      'no-dead': always((m) => totalDead(m) === 0),
      'slope-at-zero': kernel((curve, p) => {
        const c = curve('gelu', axis(-3, 3, 6001));
        return roundsTo(at(c, 0).df, p.half) && bend(c) < 1;
      }),
      'relu-jump': kernel((curve, p) => {
        const c = curve('relu', [-1e-3, 1e-3]);
        return c.df[0] === p.zero && c.df[1] === p.one;
      }),
      'slope-left': kernel((curve, p) => roundsTo(curve('gelu', [-0.5]).df[0], p.left) && curve('relu', [-0.5]).df[0] === 0),
      'gelu-values': kernel((curve, p) => {
        const c = curve('gelu', [1, -1]);
        return roundsTo(c.f[0], p.up) && roundsTo(c.f[1], p.down);
      }),
      'slope-far': kernel((curve, p) => Math.abs(curve('gelu', [-4]).df[0]) < p.tiny),
      'relu:zeros': on('relu', always((m, p) => between(gradZeroShare(m) * 100, p.lo, p.hi))),
      'relu:dead-at-start': on('relu', startLog((lines) => lines0(lines, startsDeadAny))),
      'swish:no-zeros': on('swish', always((m) => gradZeroShare(m) === 0)),
      'mish:no-zeros': on('mish', always((m) => gradZeroShare(m) === 0)),
    },
  },

  'swish-dip': {
    checkpoint: (m) => lowest(m, 'act') >= -0.279 && negativeShare(m, 'act') > 0.1 &&
      `${pct(negativeShare(m, 'act'))} of the activations are negative, none below the dip`,
    claims: {
      'swish-min': kernel((curve, p) => {
        const lo = minimum(curve('swish', axis(-6, 0, 6001)));
        return roundsTo(lo.f, p.min) && roundsTo(lo.z, p.at);
      }),
      'mish-min': kernel((curve, p) => {
        const lo = minimum(curve('mish', axis(-6, 0, 6001)));
        return roundsTo(lo.f, p.min) && roundsTo(lo.z, p.at);
      }),
      floor: always((m, p) => lowest(m, 'act') >= p.floor),
      'negative-share': always((m, p) => negativeShare(m, 'act') * 100 >= p.share),
      'pre-negative': always((m, p) => negativeShare(m, 'pre') * 100 >= p.neg),
      'pre-left': always((m, p) => pooled(m, 'pre', (h) => massBelow(h, p.at)) * 100 >= p.left),
      'slope-negative': kernel((curve, p) => {
        const c = curve('swish', axis(-8, 0, 8001));
        const zmin = minimum(c).z;
        const left = Array.from(c.x, (z, i) => [z, c.df[i]]).filter(([z]) => z < zmin - 0.01);
        return left.every(([, d]) => d < 0) && (p.at === undefined || roundsTo(zmin, p.at)) && (p.slope === undefined || roundsTo(at(c, -2).df, p.slope));
      }),
      beta: setting((c, p) => c.swishBeta === p.beta),
      'mish:floor': on('mish', always((m, p) => lowest(m, 'act') >= p.min)),
      'relu:no-negative': on('relu', always((m, p) => lowest(m, 'act') >= p.zero)),
    },
  },

  'softplus-slow-start': {
    // what makes the start slow is on screen before training: narrow pre-activations, a flat output
    checkpoint: (m) => {
      const pre = Math.max(...hidden(m).map((l) => l.preStd));
      const out = m.layers.at(-1).actStd;
      return m.step === 0 && pre < 1 && out < 0.04 &&
        `at step 0 every layer's pre-activations have σ ≤ ${fmt(pre)} and the outputs spread only ${fmt(out)}: a nearly linear start`;
    },
    claims: {
      plateau: always((m, p) => m.trainLoss > p.hold, upTo('s')),
      'start-loss': atStart((m, p) => roundsTo(m.trainLoss, p.l0)),
      'flat-output': always((m, p) => m.layers.at(-1).actStd < p.outStd, upTo('s')),
      flicker: may((m, p, run) => m.testAccuracy <= 0.55 && between(m.layers.at(-1).actMean, 0.4, 0.6) && run.evals.some((x) => x.step < m.step && x.testAccuracy * 100 >= p.hi)),
      'near-straight': kernel((curve, p) => {
        const c = curve('softplus', axis(p.r1, p.r2, 201));
        const dev = Math.max(...Array.from(c.x, (z, i) => Math.abs(c.f[i] - (Math.LN2 + z / 2))));
        return roundsTo(dev, p.dev);
      }),
      learns: always(testAtLeast, fromStep),
      'narrow-inputs': always((m, p) => hidden(m).every((l) => l.preStd < p.preStd), upTo('s')),
      bend: kernel((curve, p) => {
        const z = axis(-20, 20, 4001);
        const soft = bend(curve('softplus', z));
        const jump = curve('relu', [-1e-3, 1e-3]).df;
        return soft <= p.bend && soft >= 0.95 * p.bend && jump[1] - jump[0] === p.jump && roundsTo(bend(curve('elu', z)), p.eluBend);
      }),
      'relu:falls': on('relu', always((m, p) => m.trainLoss < p.loss, (p) => [p.s, Infinity])),
      'gain:learns': on('gain', always((m, p, run) => testAtLeast(m, p) && setTo(run, p, 'initGain', 'gain'), fromStep)),
      'gain:wide-inputs': on('gain', atStart((m, p, run) => hidden(m).every((l) => l.preStd > p.preStd) && setTo(run, p, 'initGain', 'gain'))),
    },
  },

  'elu-negative-saturation': {
    checkpoint: (m) => {
      const share = negativeShare(m, 'act');
      return share > 0.3 && lowest(m, 'act') >= -1 && `${pct(share)} of the activations are negative, none below −α`;
    },
    claims: {
      learns: always(testAtLeast, fromStep),
      'negative-share': always((m, p) => negativeShare(m, 'act') * 100 >= p.share),
      floor: always((m, p) => lowest(m, 'act') >= p.floor),
      'mean-range': always((m, p) => between(sum(hidden(m).map((l) => l.actMean)) / hidden(m).length, p.lo, p.hi)),
      alpha: setting((c, p) => c.eluAlpha === p.alpha),
      saturates: kernel((curve, p) => {
        const c = curve('elu', [-20]);
        return roundsTo(c.f[0], p.floor) && c.df[0] < 1e-6;
      }),
      'leaky:higher-means': on('leaky', always((m, p, run, runs) => {
        const elu = runs.lesson.evals.find((x) => x.step === m.step);
        return !!elu && hidden(m).every((l, i) => l.actMean > hidden(elu)[i].actMean);
      })),
      'leaky:slower': on('leaky', always((m, p) => m.testAccuracy * 100 < p.acc, upTo('upTo'))),
      'leaky:tiny-negatives': on('leaky', always((m, p) => lowest(m, 'act') >= p.upper)),
      'selu:centred': on('selu', atStart((m, p) => hidden(m).every((l) => Math.abs(l.actMean) <= p.m))),
    },
  },

  'selu-self-normalising': {
    checkpoint: (m) => {
      const deep = hidden(m).slice(3);
      return deep.length > 0 && deep.every((l) => Math.abs(l.actMean) < 0.3 && l.actStd > 0.6 && l.actStd < 1.5) &&
        `layers 4–${hidden(m).length}: mean within ±0.3 of 0, spread between 0.6 and 1.5`;
    },
    claims: {
      normalised: always((m, p) => hidden(m).length === p.layers && hidden(m).every((l) => Math.abs(l.actMean) <= p.m && between(l.actStd, p.lo, p.hi))),
      constants: kernel((curve, p) => {
        const c = curve('selu', [1, -30]);
        return roundsTo(c.f[0], p.lambda) && roundsTo(-c.f[1] / c.f[0], p.alpha);
      }),
      'elu:shrinks': on('elu', atStart((m, p) => {
        const s = hidden(m).map((l) => l.actStd);
        return s.every((x, i) => i === 0 || x < s[i - 1]) && layer(m, p.l).actStd <= p.last;
      })),
      'he:wider': on('he', atStart((m, p) => Number.isInteger(p.from) && p.from >= 1 && p.to <= hidden(m).length && hidden(m).slice(p.from - 1, p.to).every((l) => between(l.actStd, p.hlo, p.hhi)))),
      'xavier:same': on('xavier', always((m, p) => hidden(m).every((l) => between(l.actStd, p.lo, p.hi)))),
    },
  },
};
