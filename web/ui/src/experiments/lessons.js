// The experiment lessons: each starts from an example (examples.js) and says what to try, what
// to look for and why, with the papers. As in the playground's lessons (web/src/presets.js),
// every sentence about what the chart will show names claims, and its numbers are only the
// claims' params: the page checks them on the learner's sweep when it completes, and
// tests/js/experiment-lessons.test.mjs on the lesson's own sweep (and that every number is
// bound: changing it makes a claim fail).
import { render, say, cite } from '../../../src/presets.js';
import { normalizeSweepSpec } from '../../../src/common.js';
import { onTable, withTheory, onKernel, verifyClaim, cellsWhere, median, trainableDepth, measuredBoundary, axisValues } from './claims.js';
import { EXAMPLES } from './examples.js';
import { TRAINED_LOSS, RELU_FAMILY } from './kinds.js';


/** The same claim, checked on the sweep of the lesson's suggested change `change`. */
const on = (change, claim) => ({ ...claim, on: change });

const LN2 = Math.LN2;
const curveAt = (result, where, i) => cellsWhere(result, where)[0].measures.trainLossCurve.median[i];
/** The index of `step` among a race's evaluation steps (0, evalEvery, …). */
const stepIndex = (result, step) => step / result.spec.evalEvery;
const FAMILY = RELU_FAMILY;
/** The family members without a negative output or a smooth dip below zero: ReLU, leaky ReLU, GELU, swish. */
const SLOW = RELU_FAMILY.filter((a) => !['elu', 'selu', 'mish'].includes(a));

/** The phase diagram's trained cells (loss after N steps below half of ln 2) lie right of σ_w² = p.left, and some exist. */
function trainedNearLine(r, p) {
  const trained = r.aggregates.filter((a) => a.measures.trainLoss.median !== null && a.measures.trainLoss.median < p.trained);
  // the dots are the chart's (phase.js, TRAINED_LOSS): the sentence states their threshold
  return Math.abs(p.trained - TRAINED_LOSS) < 0.005 && trained.length > 0 && trained.every((a) => a.coords.sigmaW2 > p.left)
    && r.aggregates.some((a) => a.coords.sigmaW2 > p.left && a.coords.sigmaW2 <= 2 * p.left && a.measures.trainLoss.median < p.trained);
}

const list = [
  {
    name: 'depth-per-activation',
    title: 'Which depth can each activation train?',
    example: 'depth-activation',
    paper: 'Glorot & Bengio (2010, "Understanding the difficulty of training deep feedforward neural networks"); He, Zhang, Ren & Sun (2015, "Delving deep into rectifiers"); Klambauer, Unterthiner, Mayr & Hochreiter (2017, "Self-normalizing neural networks")',
    story: {
      try: [
        say('Press Run: every cell trains a network of that depth for {steps} steps on the same easy data, each activation with its matched initialiser.', 'steps', { steps: 500 }),
        say('Then set the colour to the gradient ratio: the sigmoid row turns orange from depth {d} on, where its first layer gets less than {ratio} of the gradient its last layer gets.', 'sigmoid-ratio', { d: 8, ratio: '1e-4' }),
      ],
      lookFor: [
        say('Counting a network as trained when its loss ends below {loss}: sigmoid trains only up to depth {sigmoid}, ReLU with He initialisation up to depth {relu}, tanh and SELU up to depth {deep}.', 'depths', { loss: 0.1, sigmoid: 2, relu: 12, deep: 32 }),
        say("Deeper than that a sigmoid network does not learn at all: from depth {from} on its loss stays within {gap} of a coin toss's.", 'sigmoid-chance', { from: 4, gap: 0.01 }),
      ],
      why: [
        say("A sigmoid's slope is never more than {max}, its value at $z = 0$, so back-propagation shrinks the gradient at every layer: at depth {deepest} its ratio is below {tiny}.", ['sigmoid-slope', 'sigmoid-deepest'], { max: 0.25, deepest: 40, tiny: '1e-20' }),
        cite('Glorot & Bengio traced the failure of deep sigmoid networks to this shrinking gradient; He et al. scaled the initialisation of rectifiers so the gradient keeps its size from layer to layer; Klambauer et al. built SELU so activations keep their mean and variance at any depth.'),
      ],
    },
    claims: {
      steps: onTable((r, p) => r.spec.steps === p.steps),
      'sigmoid-ratio': onTable((r, p) => {
        const depths = axisValues(r, 'depth');
        const ok = (d) => median(r, { depth: d, activation: 'sigmoid' }, 'gradRatio') < Number(p.ratio);
        return depths.filter((d) => d >= p.d).every(ok) && depths.filter((d) => d < p.d).every((d) => !ok(d));
      }),
      depths: onTable((r, p) => trainableDepth(r, { activation: 'sigmoid' }, p.loss) === p.sigmoid && trainableDepth(r, { activation: 'relu' }, p.loss) === p.relu
        && trainableDepth(r, { activation: 'tanh' }, p.loss) === p.deep && trainableDepth(r, { activation: 'selu' }, p.loss) === p.deep),
      'sigmoid-chance': onTable((r, p) => {
        const depths = axisValues(r, 'depth');
        const near = (d) => Math.abs(median(r, { depth: d, activation: 'sigmoid' }, 'trainLoss') - LN2) < p.gap;
        return depths.filter((d) => d >= p.from).every(near) && !near(depths[depths.indexOf(p.from) - 1]);
      }),
      'sigmoid-slope': onKernel(async (curve, p) => {
        const c = await curve('sigmoid', Array.from({ length: 1601 }, (_, i) => -8 + i * 0.01));
        const top = Math.max(...c.df);
        return Math.abs(top - p.max) < 0.005 && c.df[800] === top;
      }),
      'sigmoid-deepest': onTable((r, p) => Math.max(...axisValues(r, 'depth')) === p.deepest && median(r, { depth: p.deepest, activation: 'sigmoid' }, 'gradRatio') < Number(p.tiny)),
    },
  },
  {
    name: 'relu-family-race',
    title: 'The ReLU family race',
    example: 'relu-family',
    paper: 'Maas, Hannun & Ng (2013, "Rectifier nonlinearities improve neural network acoustic models"); Clevert, Unterthiner & Hochreiter (2016, "Fast and accurate deep network learning by exponential linear units"); Hendrycks & Gimpel (2016, "Gaussian error linear units"); Ramachandran, Zoph & Le (2017, "Searching for activation functions"); Klambauer, Unterthiner, Mayr & Hochreiter (2017, "Self-normalizing neural networks"); Misra (2019, "Mish")',
    story: {
      try: [
        say('Press Run: {n} activations train the same {depth}-layer network on the same data from the same seeds, each with its matched initialiser; the band around each curve spans the seeds.', 'setup', { n: 9, depth: 6 }),
        say('Then sort the table by dead units: ReLU is the only one whose network ends with dead units, about {dead}% of them.', 'only-relu-dies', { dead: 12 }),
      ],
      lookFor: [
        say('At step {step} ELU and SELU are already below a loss of {fast}, while ReLU, leaky ReLU, GELU and swish are still above {slow}.', 'negative-side-fast', { step: 125, fast: 0.03, slow: 0.2 }),
        say('By the end every member of the ReLU family is below a loss of {loss} with a test accuracy of {acc}% or more.', 'family-trains', { loss: 0.02, acc: 99 }),
        say("Sigmoid never leaves a coin toss's loss (within {gap} of it at every evaluation): its first layer gets less than {ratio} of the last layer's gradient.", 'sigmoid-stuck', { gap: 0.005, ratio: '1e-3' }),
      ],
      why: [
        cite('Clevert et al. showed that units with negative outputs, like ELU\'s, push the mean activation towards zero and so speed up learning; Klambauer et al. tuned SELU\'s constants so that mean and variance stay fixed from layer to layer.'),
        cite('Maas et al. gave the negative side a small slope so units cannot die; Hendrycks & Gimpel (GELU), Ramachandran et al. (swish) and Misra (mish) smoothed the kink at zero.'),
      ],
    },
    claims: {
      setup: onTable((r, p) => r.spec.axes[0].values.length === p.n && r.spec.base.hidden.length === p.depth && r.spec.axes[0].link?.init?.length === p.n),
      'only-relu-dies': onTable((r, p) => {
        const dead = (a) => median(r, { activation: a }, 'deadFraction');
        return Math.abs(dead('relu') * 100 - p.dead) < 1 && r.spec.axes[0].values.every((a) => a === 'relu' || dead(a) === 0);
      }),
      'negative-side-fast': onTable((r, p) => {
        const i = stepIndex(r, p.step);
        if (!Number.isInteger(i)) return false;
        return ['elu', 'selu'].every((a) => curveAt(r, { activation: a }, i) < p.fast) && SLOW.every((a) => curveAt(r, { activation: a }, i) > p.slow);
      }),
      'family-trains': onTable((r, p) => FAMILY.every((a) => median(r, { activation: a }, 'trainLoss') < p.loss && median(r, { activation: a }, 'testAccuracy') * 100 >= p.acc)),
      'sigmoid-stuck': onTable((r, p) => {
        const s = cellsWhere(r, { activation: 'sigmoid' })[0].measures;
        return s.trainLossCurve.median.every((v) => Math.abs(v - LN2) < p.gap) && s.gradRatio.median < Number(p.ratio);
      }),
    },
  },
  {
    name: 'edge-of-chaos',
    title: 'The edge of chaos',
    example: 'edge-of-chaos-tanh',
    paper: 'Poole, Lahiri, Raghu, Sohl-Dickstein & Ganguli (2016, "Exponential expressivity in deep neural networks through transient chaos"); Schoenholz, Gilmer, Ganguli & Sohl-Dickstein (2017, "Deep information propagation")',
    story: {
      try: [
        say('Press Run: each cell is a {depth}-layer tanh network of width {width}, its weights drawn with variance $σ_w²/n$ and its biases with variance $σ_b²$, measured before any training.', 'setup', { depth: 20, width: 64 }),
        say('Then tick "also train" and run again: a dot marks each network whose loss after {steps} steps ends below {trained}; there is none in the ordered corner left of $σ_w²$ = {left}, where the gradient has vanished before training starts.', 'trainable', { steps: 300, trained: 0.35, left: 0.75 }),
      ],
      lookFor: [
        say('Left of the dashed line every cell is orange: the gradient shrinks going down; right of it blue: it grows. At $σ_w²$ = {w} or less every cell is ordered, at {far} or more every cell is chaotic.', ['ordered-left', 'chaotic-right'], { w: 0.75, far: 3.5 }),
        say('Where the colour turns in each row lies within {dist} of the theory\'s line, for every $σ_b²$ of the map.', 'boundary', { dist: 0.3 }),
      ],
      why: [
        cite('Poole et al. showed that a deep random network has an ordered phase, where signals and gradients fade with depth, and a chaotic one, where they blow up; Schoenholz et al. showed that only networks near the boundary between them, where the mean-field quantity χ₁ is one, can be trained at great depth.'),
      ],
    },
    claims: {
      setup: onTable((r, p) => r.spec.base.hidden.length === p.depth && r.spec.base.hidden[0] === p.width && r.spec.base.activation === 'tanh'),
      'ordered-left': onTable((r, p) => r.aggregates.every((a) => a.coords.sigmaW2 > p.w || a.measures.logGradGrowthInit.median < 0)
        && r.aggregates.some((a) => a.coords.sigmaW2 > p.w * 1.5 && a.coords.sigmaW2 <= p.w * 2 && a.measures.logGradGrowthInit.median < 0)),
      'chaotic-right': onTable((r, p) => r.aggregates.every((a) => a.coords.sigmaW2 < p.far || a.measures.logGradGrowthInit.median > 0)
        && r.aggregates.some((a) => a.coords.sigmaW2 < p.far && a.measures.logGradGrowthInit.median <= 0)),
      boundary: withTheory(async (r, p, theory) => {
        const measured = measuredBoundary(r);
        const line = await theory.criticalLine(r.spec.base, measured.map((m) => m.sigmaB2));
        return measured.every((m, i) => m.sigmaW2 !== null && line[i] !== null && Math.abs(m.sigmaW2 - line[i]) <= p.dist);
      }),
      trainable: on('overlay', onTable((r, p) => r.spec.steps === p.steps && trainedNearLine(r, p))),
    },
    changes: [{ id: 'overlay', set: { overlay: true } }],
  },
];

function lesson(l) {
  const ex = EXAMPLES[l.example];
  return {
    ...l,
    kind: ex.experiment.kind,
    tryText: render(l.story.try),
    lookFor: render(l.story.lookFor),
    explanation: `${render(l.story.why)} ${l.paper}.`,
    /**
     * Every sentence's claims checked on `result` (theory: {criticalLine(config, sigmaB2)}):
     * {passed, sentences: [{part, text, failed: [claim: reason]}]}.
     */
    changes: l.changes ?? [],
    async check(result, theory, run = 'lesson') {
      const sentences = [];
      for (const [part, segs] of Object.entries(l.story)) {
        for (const seg of segs) {
          const failed = [];
          const mine = seg.claims.filter((id) => (l.claims[id]?.on ?? 'lesson') === run);
          for (const id of mine) {
            const why = l.claims[id] ? await verifyClaim(l.claims[id], seg.params, result, theory) : 'no such claim';
            if (why) failed.push(`${id}: ${why}`);
          }
          // a cite() reports a paper: nothing to check; a claim of another run is skipped here
          sentences.push({ part, text: render([seg]), failed, cite: seg.claims.length === 0, skipped: seg.claims.length > 0 && mine.length === 0 });
        }
      }
      return { passed: sentences.every((s) => s.failed.length === 0), sentences };
    },
    /** Which run of the lesson `experiment` is: 'lesson', a suggested change's id, or null (the learner's own). */
    runOf(experiment) {
      const base = { ...ex.experiment, overlay: ex.experiment.overlay ?? false, show: ex.experiment.show ?? 'trainLoss' };
      const same = (exp, want) => exp.kind === want.kind && exp.steps === want.steps && exp.seeds === want.seeds && exp.overlay === want.overlay
        && JSON.stringify(exp.axes) === JSON.stringify(normalizeSweepSpec({ axes: want.axes }).axes);
      if (same(experiment, base)) return 'lesson';
      return (l.changes ?? []).find((c) => same(experiment, { ...base, ...c.set }))?.id ?? null;
    },
  };
}

export const experimentLessons = Object.freeze(Object.fromEntries(list.map((l) => [l.name, lesson(l)])));
export const experimentLessonNames = Object.freeze(list.map((l) => l.name));
