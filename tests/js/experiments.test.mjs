// The Experiments view's examples and lessons, run as the page runs them (the same spec, from
// the same modules) and judged from the table behind each chart: every example map shows its
// phenomenon, the phase diagram's measured boundary lies within a distance of the theory's
// critical line derived from width, depth and sample size, and every sentence of the three
// experiment lessons holds on its sweep, with every number it states bound by its claims.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGradLab, normalizeConfig, normalizeSweepSpec } from '../../web/src/node.js';
import { EXAMPLES, exampleNames } from '../../web/ui/src/experiments/examples.js';
import { defaultExperiment, experimentSpec } from '../../web/ui/src/experiments/kinds.js';
import { experimentLessons, experimentLessonNames } from '../../web/ui/src/experiments/lessons.js';
import { cellsWhere, median, trainableDepth, measuredBoundary, axisValues, verifyClaim } from '../../web/ui/src/experiments/claims.js';
import { cellValue } from '../../web/ui/src/experiments/data.js';
import { parseExperiment, experimentHash } from '../../web/ui/src/experiments/state.js';
import { NUMBER_WORDS } from './helpers.mjs';

const gradlab = await createGradLab();
const theory = { criticalLine: async (config, sb) => gradlab.criticalLine(config, sb), activationCurve: async (a, xs) => gradlab.activationCurve(a, xs) };

/** The experiment and spec of example `name` with `changes` to the experiment, as the page builds them. */
function exampleSpec(name, changes = {}) {
  const ex = EXAMPLES[name];
  const config = normalizeConfig(ex.config);
  const experiment = { ...defaultExperiment(ex.experiment.kind), ...ex.experiment, ...changes };
  experiment.axes = normalizeSweepSpec({ base: config, axes: experiment.axes }).axes;
  return { config, experiment, spec: experimentSpec(experiment, config) };
}

const cache = new Map();
async function sweepOf(name, changes = {}) {
  const key = JSON.stringify([name, changes]);
  if (!cache.has(key)) {
    const { spec, experiment } = exampleSpec(name, changes);
    cache.set(key, gradlab.sweep(spec, { workers: 2, order: experiment.kind === 'race' ? 'grid' : 'coarse-to-fine' }));
  }
  return cache.get(key);
}

test('every example and lesson survives its link: the experiment read back from its hash is the same', () => {
  for (const name of exampleNames) {
    const { config, experiment } = exampleSpec(name);
    const hash = experimentHash(experiment, config);
    const entries = hash.split('&').filter(Boolean).map((p) => {
      const i = p.indexOf('=');
      return { name: decodeURIComponent(p.slice(0, i)), value: decodeURIComponent(p.slice(i + 1)) };
    });
    const warnings = [];
    const back = parseExperiment(entries, config, (field, value, message) => warnings.push(message));
    assert.deepEqual(warnings, [], name);
    assert.deepEqual(back, { ...experiment, lesson: '' }, `${name}: ${hash}`);
  }
  // An entry the instrument cannot use falls back to its default with a notice.
  const warnings = [];
  const exp = parseExperiment([{ name: 'exp', value: 'race' }, { name: 'vary', value: 'depth=1..4:4' }, { name: 'seeds', value: '0' }], normalizeConfig({}), (f, v, m) => warnings.push(`${f}: ${m}`));
  assert.equal(exp.axes[0].field, 'activation');
  assert.equal(exp.seeds, defaultExperiment('race').seeds);
  assert.equal(warnings.length, 2);
  assert.match(warnings.join(' | '), /seeds: 0 is not an integer from 1.*using 3 instead/);
  assert.match(warnings.join(' | '), /the activation race has one axis, the activations; using the instrument's default axes/);
});

test('depth × activation: sigmoid\'s trainable depth is smaller than ReLU+He\'s, and its gradient vanishes geometrically with depth', async () => {
  const r = await sweepOf('depth-activation');
  const loss = 0.1;
  const depth = (a) => trainableDepth(r, { activation: a }, loss);
  assert.ok(depth('sigmoid') >= 1, 'sigmoid trains a shallow network');
  for (const a of ['relu', 'tanh', 'selu']) assert.ok(depth('sigmoid') * 4 <= depth(a), `sigmoid ${depth('sigmoid')} vs ${a} ${depth(a)}`);
  // The mechanism, from the gradient ratio the map shows: each added layer multiplies it by
  // the sigmoid's slope (at most 1/4) times a weight, so it falls by orders of magnitude.
  const ratio = (d) => median(r, { depth: d, activation: 'sigmoid' }, 'gradRatio');
  const depths = axisValues(r, 'depth').filter((d) => d >= 2);
  for (let i = 1; i < depths.length; i++) assert.ok(ratio(depths[i]) < ratio(depths[i - 1]) / 10, `depth ${depths[i]}: ${ratio(depths[i])} vs ${ratio(depths[i - 1])}`);
  // ReLU with He initialisation keeps it within a factor of 10 wherever the network trains.
  for (const d of depths.filter((x) => x <= depth('relu'))) {
    const g = median(r, { depth: d, activation: 'relu' }, 'gradRatio');
    assert.ok(g > 0.1 && g < 10, `relu depth ${d}: ${g}`);
  }
});

test('learning rate × depth: the dead fraction of ReLU units rises with the learning rate; diverged cells are drawn as such, never as a number', async () => {
  const r = await sweepOf('lr-depth-dying-relu');
  const lrs = axisValues(r, 'learningRate');
  for (const d of axisValues(r, 'depth')) {
    const dead = lrs.map((lr) => median(r, { learningRate: lr, depth: d }, 'deadFraction'));
    const top = Math.max(...dead.slice(-3).filter((v) => v !== null));
    assert.ok(top > dead[0] + 0.2, `depth ${d}: dead ${dead.map((v) => v?.toFixed(2)).join(' ')}`);
  }
  // Along each row of the map (one depth), the rank correlation of learning rate and dead
  // fraction (Spearman, ties averaged), over the cells with a value; its mean over the rows.
  const rank = (xs) => xs.map((x) => xs.filter((y) => y < x).length + (xs.filter((y) => y === x).length - 1) / 2);
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const spearman = (pairs) => {
    const rx = rank(pairs.map((p) => p[0])), ry = rank(pairs.map((p) => p[1]));
    const mx = mean(rx), my = mean(ry);
    const cov = rx.reduce((a, x, i) => a + (x - mx) * (ry[i] - my), 0);
    return cov / Math.sqrt(rx.reduce((a, x) => a + (x - mx) ** 2, 0) * ry.reduce((a, y) => a + (y - my) ** 2, 0));
  };
  const rhos = axisValues(r, 'depth').map((d) => spearman(cellsWhere(r, { depth: d }).filter((a) => a.measures.deadFraction.median !== null).map((a) => [a.coords.learningRate, a.measures.deadFraction.median])));
  assert.ok(mean(rhos) > 0.4 && rhos.every((x) => x > 0.2), `Spearman ρ per depth ${rhos.map((x) => x.toFixed(2)).join(', ')}`);
  // Runs that diverged (at the top learning rate) are results with no value and the step,
  // and a cell where most runs diverged is drawn crossed out; nothing is NaN anywhere.
  const diverged = r.rows.filter((row) => row.diverged);
  assert.ok(diverged.length > 0, 'the top learning rate diverges somewhere');
  for (const row of diverged) {
    assert.equal(row.values.deadFraction, null);
    assert.match(row.notes.deadFraction, /^diverged at step \d+$/);
    assert.equal(row.coords.learningRate, lrs.at(-1));
  }
  for (const a of r.aggregates) {
    const v = cellValue(a, 'deadFraction');
    if (a.diverged * 2 > a.runs) assert.equal(v.mark, 'diverged');
    else assert.ok(v.mark === null && Number.isFinite(v.value), JSON.stringify(a.coords));
  }
  assert.ok(!JSON.stringify(r).includes('NaN'));
});

test('depth × initialiser for ReLU: He trains deeper than Xavier, whose gradient vanishes with depth', async () => {
  const r = await sweepOf('depth-init-relu');
  const loss = 0.35;
  const he = trainableDepth(r, { init: 'he_normal' }, loss), xavier = trainableDepth(r, { init: 'xavier_normal' }, loss);
  assert.ok(he >= 2 * xavier && xavier >= 2, `He ${he}, Xavier ${xavier}`);
  // Xavier halves the signal's variance per ReLU layer: at depth 10 and beyond the first layer's
  // gradient is under 2% of the last layer's (the map's gradient ratio); He keeps it near 1.
  for (const d of axisValues(r, 'depth').filter((x) => x >= 10 && x <= 20)) {
    const x = median(r, { depth: d, init: 'xavier_normal' }, 'gradRatio');
    const h = median(r, { depth: d, init: 'he_normal' }, 'gradRatio');
    assert.ok(x === null || x < 0.02, `xavier depth ${d}: ${x}`);
    assert.ok(h > 0.1, `he depth ${d}: ${h}`);
  }
});

// ---- the phase diagram against the theory ----------------------------------------------------

// Gaussian expectations E[g(√q z)], z ~ N(0, 1), from the engine's own activation kernels.
const Z = Array.from({ length: 1601 }, (_, i) => -8 + i * 0.01);
const W = Z.map((z) => Math.exp(-z * z / 2) * 0.01 / Math.sqrt(2 * Math.PI));
function moments(activation, q) {
  const c = gradlab.activationCurve(activation, Float32Array.from(Z, (z) => Math.sqrt(q) * z));
  let d2 = 0, d4 = 0;
  Z.forEach((_, i) => {
    d2 += W[i] * c.df[i] ** 2;
    d4 += W[i] * c.df[i] ** 4;
  });
  return { d2, d4 };
}

test('phase diagram: the measured boundary lies within the distance that width, depth and sample size allow of the theory\'s critical line', async () => {
  const { spec } = exampleSpec('edge-of-chaos-tanh');
  const r = await sweepOf('edge-of-chaos-tanh');
  const base = r.spec.base;
  const act = base.activation;
  const depth = base.hidden.length, N = base.hidden[0], S = r.spec.seeds;
  const sw = axisValues(r, 'sigmaW2');
  const h = sw[1] - sw[0];
  const measured = measuredBoundary(r);
  const line = gradlab.criticalLine(base, measured.map((m) => m.sigmaB2));
  const report = [];
  for (const [i, m] of measured.entries()) {
    assert.notEqual(m.sigmaW2, null, `σ_b² ${m.sigmaB2}: no crossing measured`);
    assert.notEqual(line[i], null);
    // The chart's measure is the mean over the L-1 ratios of neighbouring layers of
    // ln(g_l / g_{l+1}), whose theory value is ½ ln χ₁. Its spread and bias (the theory
    // helper's derivation, tests/core/test_signal_propagation.cpp): given the layer above, one
    // example's squared gradient over N units has relative variance K/N with
    // K = 3 E[φ'⁴]/E[φ'²]² - 1 at q*; the mean over L-1 independent layers and S seeds has
    // sd √(K / (4 N (L-1) S)) (the rms over the training set's examples only lowers it); the
    // log's bias K/4N; q's finite-width fluctuation 2/N:
    //   tolerance in log growth = 4 sd + K/4N + 2/N.
    const mf = (w) => gradlab.meanField({ activation: act, sigmaW2: w, sigmaB2: m.sigmaB2 });
    const mo = moments(act, Math.max(mf(line[i]).qStar, 1e-6));
    const K = (3 * mo.d4) / (mo.d2 * mo.d2) - 1;
    const logTol = 4 * Math.sqrt(K / (4 * N * (depth - 1) * S)) + K / (4 * N) + 2 / N;
    // In σ_w²: over the slope of ½ ln χ₁ across the line, plus half a grid step for the
    // linear interpolation between the cells either side of the crossing.
    const slope = (0.5 * Math.log(mf(line[i] + 0.05).chi1) - 0.5 * Math.log(mf(line[i] - 0.05).chi1)) / 0.1;
    const bound = logTol / slope + h / 2;
    const off = Math.abs(m.sigmaW2 - line[i]);
    report.push({ text: `σ_b² ${m.sigmaB2}: line ${line[i].toFixed(3)}, measured ${m.sigmaW2.toFixed(3)} (off ${off.toFixed(3)}), bound ${bound.toFixed(3)} (log tolerance ${logTol.toFixed(3)}, slope ${slope.toFixed(3)}, K ${K.toFixed(2)})`, off, bound, measured: m.sigmaW2, line: line[i] });
  }
  const text = report.map((x) => x.text).join('\n');
  console.log(text);
  for (const x of report) assert.ok(x.off <= x.bound, text);
  // The measured boundary moves with σ_b² as the line does: rising, row after row.
  for (let i = 1; i < report.length; i++) assert.ok(report[i].measured > report[i - 1].measured, text);
  // The lesson states a distance no looser than the derivation allows anywhere on the map
  // (and its claim checks the measured boundary against it: the tight check).
  const stated = experimentLessons['edge-of-chaos'].story.lookFor.find((seg) => seg.claims.includes('boundary')).params.dist;
  assert.ok(stated <= Math.min(...report.map((x) => x.bound)), `stated ${stated}`);
  assert.equal(spec.steps, 0, 'the phase diagram alone trains nothing');
});

// ---- the lessons ------------------------------------------------------------------------------

/** Every sentence of a lesson with where it is shown. */
const sentences = (l) => Object.entries(l.story).flatMap(([part, segs]) => segs.map((seg) => [part, seg]));

async function runsOf(l) {
  const runs = { lesson: await sweepOf(l.example) };
  for (const c of l.changes) runs[c.id] = await sweepOf(l.example, c.set);
  return runs;
}

async function failures(l, seg, runs, params = seg.params) {
  const out = [];
  for (const id of seg.claims) {
    const claim = l.claims[id];
    if (!claim) {
      out.push(`${id}: no such claim`);
      continue;
    }
    const why = await verifyClaim(claim, params, runs[claim.on ?? 'lesson'], theory);
    if (why) out.push(`${id}: ${why}`);
  }
  return out;
}

/** Other values a sentence could have stated instead of v. */
function variants(v) {
  if (typeof v === 'number') return v === 0 ? [1, -1] : [v * 2, v / 2, v + 1, v - 1];
  if (/^-?[\d.e-]+$/.test(String(v))) return variants(Number(v)).map(String);
  return [];
}

for (const name of experimentLessonNames) {
  test(`experiment lesson ${name}: every sentence holds on its sweep, and every number it states is bound`, async () => {
    const l = experimentLessons[name];
    const runs = await runsOf(l);
    const bad = [];
    const loose = [];
    for (const [part, seg] of sentences(l)) {
      for (const f of await failures(l, seg, runs)) bad.push(`${part} "${seg.text.slice(0, 60)}…": ${f}`);
      for (const key of [...seg.text.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
        let bound = false;
        for (const v of variants(seg.params[key])) if ((await failures(l, seg, runs, { ...seg.params, [key]: v })).length) bound = true;
        if (!bound) loose.push(`${part}: {${key}} = ${seg.params[key]} in "${seg.text.slice(0, 60)}…"`);
      }
    }
    assert.deepEqual(bad, []);
    assert.deepEqual(loose, []);
    // The page's own check agrees, and knows which run it has.
    const check = await l.check(runs.lesson, theory, l.runOf(exampleSpec(l.example).experiment));
    assert.equal(check.passed, true);
    assert.ok(check.sentences.some((s) => !s.skipped && !s.cite));
    assert.equal(check.sentences.filter((s) => s.skipped).length, sentences(l).filter(([, seg]) => seg.claims.length && seg.claims.every((id) => l.claims[id].on)).length);
  });
}

test('experiment lesson texts carry no number of their own and cite their papers', () => {
  const bad = [];
  for (const name of experimentLessonNames) {
    const l = experimentLessons[name];
    for (const [part, seg] of sentences(l)) {
      const own = seg.text.replace(/\$[^$]*\$/g, '').replace(/\{\w+\}/g, '');
      if (/\d/.test(own)) bad.push(`${name} ${part}: a digit in "${seg.text}"`);
      if (NUMBER_WORDS.test(own) && !seg.cite) bad.push(`${name} ${part}: a number word in "${seg.text}"`);
      for (const k of [...seg.text.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) if (seg.params[k] === undefined) bad.push(`${name}: {${k}} has no param`);
      if (!seg.cite && seg.claims.length === 0) bad.push(`${name} ${part}: "${seg.text}" has no claim`);
      if (seg.cite && !l.paper.split(/;/).some((ref) => seg.text.startsWith(ref.trim().split(/[ ,]/)[0]))) bad.push(`${name}: "${seg.text}" does not start with a cited paper's author`);
    }
    if (!/\((19|20)\d\d\b/.test(l.paper)) bad.push(`${name}: the paper has no year`);
  }
  assert.deepEqual(bad, []);
});
