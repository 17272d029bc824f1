// Every lesson says only what its run shows: each sentence (try, look for, why, and what each
// suggested change did) names claims, and each claim is checked here on the lesson's own
// configuration and budget, replayed in Node with the page's evaluation (`evaluate()`) at every
// step and the page's event detector. The suggested changes are applied and run the same way.
// Every param is bound: changing it makes a claim fail. (What can be checked without a run, the
// texts against the claim tables and the teaching order, is in lesson-texts.test.mjs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGradLab, presets, presetNames } from '../../web/src/node.js';
import { replay, sentences, placeholders } from './lesson-replay.mjs';
import { verify, subsample, eventLog } from '../../web/ui/src/claims.js';
import { lessonClaims } from '../../web/ui/src/lesson-claims.js';
import { checkpoint } from '../../web/ui/src/lessons.js';

// One build: the two builds give bit-identical runs (tests/js/parity.test.mjs).
const gradlab = await createGradLab();
const curve = (activation, xs) => gradlab.activationCurve(activation, xs);

const cache = new Map();
/** The lesson's run and the run of each of its suggested changes, every step evaluated. */
function runsOf(name) {
  if (!cache.has(name)) {
    const p = presets[name];
    const runs = { lesson: replay(gradlab, p.config, p.steps) };
    for (const c of p.changes) runs[c.id] = replay(gradlab, { ...p.config, ...c.set }, p.steps);
    cache.set(name, runs);
  }
  return cache.get(name);
}

function check(name, seg, params = seg.params) {
  const table = lessonClaims[name].claims;
  return seg.claims.map((id) => {
    if (!table[id]) return `${id}: no such claim`;
    let why;
    try {
      why = verify(table[id], params, runsOf(name), curve);
    } catch (e) {
      why = `threw ${e.message}`;
    }
    return why && `${id}: ${why}`;
  }).filter(Boolean);
}

test('evaluating does not change training: the page\'s evaluations at any cadence are a subsequence of the every-step replay', () => {
  for (const name of ['dying-relu-high-lr', 'leaky-relu-rescue']) {
    const p = presets[name];
    const a = gradlab.createSession(p.config);
    const b = gradlab.createSession(p.config);
    for (let i = 0; i < 300; i++) {
      a.evaluate();
      a.step(1);
    }
    b.step(300);
    const wa = a.getWeightsArray();
    const wb = b.getWeightsArray();
    assert.ok(wa.every((x, i) => Object.is(x, wb[i])), `${name}: the same weights after 300 steps`);
    assert.equal(a.evaluate().trainLoss, b.evaluate().trainLoss);
    a.dispose();
    b.dispose();
  }
});

test('"never" lines stay absent at coarser cadences, as the every-step check argues', () => {
  // the argument of claims.js, tried: a value that never decreases at every step has no
  // decreasing pair in any subsequence, so no "came back to life" line for it at any cadence
  const { lesson: run } = runsOf('dying-relu-high-lr');
  for (const k of [1, 2, 3, 7, 13, 64, 333]) {
    for (const offset of [0, 1, Math.floor(k / 2)]) {
      const lines = eventLog(subsample(run.evals, k, offset)).map((e) => e.text);
      assert.ok(!lines.some((t) => /in layer 1 came back to life/.test(t)), `cadence ${k}+${offset}`);
    }
  }
  // and the check can fail: a deeper layer's units do come back at the finest cadence
  assert.ok(run.events.some((e) => /in layer [234] came back to life/.test(e.text)));
});

for (const name of presetNames) {
  test(`${name}: every sentence's claims hold on the replayed run`, () => {
    const p = presets[name];
    const failures = [];
    for (const [where, seg] of sentences(p)) {
      for (const f of check(name, seg)) failures.push(`${where} "${seg.text.slice(0, 60)}…" — ${f}`);
    }
    assert.deepEqual(failures, []);
  });

  test(`${name}: the checkpoint ticks at an evaluation every cadence makes (step 0 or the last)`, () => {
    const { lesson: run } = runsOf(name);
    const first = checkpoint(name, run.evals[0]);
    const last = checkpoint(name, run.evals.at(-1));
    assert.ok(first || last, `checkpoint seen neither at step 0 nor at step ${run.evals.at(-1).step}`);
    // the sentence names only what those metrics hold: it is computed from them
    assert.equal(typeof (first || last), 'string');
  });

  test(`${name}: every number a sentence states is bound by its claims (changing it makes a claim fail)`, () => {
    const loose = [];
    for (const [where, seg] of sentences(presets[name])) {
      for (const key of placeholders(seg.text)) {
        const bound = variants(seg.params[key]).some((v) => check(name, seg, { ...seg.params, [key]: v }).length > 0);
        if (!bound) loose.push(`${where}: {${key}} = ${seg.params[key]} in "${seg.text.slice(0, 60)}…"`);
      }
    }
    cache.delete(name);  // this lesson's runs are done with: keep the memory of one lesson at a time
    assert.deepEqual(loose, []);
  });
}

/** Other values a sentence could have stated instead of v. */
function variants(v) {
  if (typeof v === 'number') return v === 0 ? [1, -1] : [v * 2, v / 2, v + 1, v - 1];
  if (/^-?[\d.e-]+$/.test(String(v))) return variants(Number(v)).map(String);
  const list = String(v).split(',').map((x) => Number(x.trim()));
  if (list.every(Number.isFinite)) return [list.slice(0, -1).join(', '), [...list, Math.max(...list) + 1].join(', ')];
  return [];
}

test('the ReLU family lessons read their curves from the engine: the swish dip and SELU constants as the literature gives them', () => {
  // docs/reference-values.md and the papers: swish (β = 1) has its minimum −0.2785 at z = −1.2785,
  // SELU λ = 1.0507, α = 1.6733; the lessons state them rounded, read from the kernels
  const xs = Array.from({ length: 6001 }, (_, i) => -6 + i / 1000);
  const sw = curve('swish', xs);
  const i = sw.f.indexOf(Math.min(...sw.f));
  assert.ok(Math.abs(sw.f[i] + 0.27846) < 1e-4 && Math.abs(xs[i] + 1.2785) < 2e-3, `swish minimum ${sw.f[i]} at ${xs[i]}`);
  const selu = curve('selu', [1, -30]);
  assert.ok(Math.abs(selu.f[0] - 1.0507009873554805) < 1e-6);
  assert.ok(Math.abs(-selu.f[1] / selu.f[0] - 1.6732632423543772) < 1e-5);
});
