// Every lesson says only what its run shows: each sentence (try, look for, why, and what each
// suggested change did) names claims, and each claim is checked here on the lesson's own
// configuration and budget, replayed in Node with the page's evaluation (`evaluate()`) at every
// step and the page's event detector. The suggested changes are applied and run the same way.
// A sentence has no number of its own (numbers are its claims' params), and every param is
// bound: changing it makes a claim fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGradLab, presets, presetNames, getField } from '../../web/src/node.js';
import { replay } from './lesson-replay.mjs';
import { verify, subsample, eventLog } from '../../web/ui/src/claims.js';
import { lessonClaims } from '../../web/ui/src/lesson-claims.js';
import { lesson, lessonNames, checkpoint, nextLesson, matchChange, budgetNote } from '../../web/ui/src/lessons.js';

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

/** Every sentence of a lesson with where it is shown. */
function sentences(p) {
  return [
    ...p.story.try.map((s) => ['try', s]),
    ...p.story.lookFor.map((s) => ['look for', s]),
    ...p.story.why.map((s) => ['why', s]),
    ...p.changes.flatMap((c) => c.did.map((s) => [`change ${c.id}`, s])),
  ];
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

const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
/** Other values a sentence could have stated instead of v. */
function variants(v) {
  if (typeof v === 'number') return v === 0 ? [1, -1] : [v * 2, v / 2, v + 1, v - 1];
  if (/^-?[\d.e-]+$/.test(String(v))) return variants(Number(v)).map(String);
  const list = String(v).split(',').map((x) => Number(x.trim()));
  if (list.every(Number.isFinite)) return [list.slice(0, -1).join(', '), [...list, Math.max(...list) + 1].join(', ')];
  return [];
}

// Words that name what a panel shows: a sentence using them must carry a claim.
const PANEL_WORDS = /\b(layers?|units?|steps?|dead|die[sd]?|inactive|saturat\w*|accuracy|loss|panel|bars?|log|histograms?|diverg\w*|checkpoint|evaluations?|spread|mean|gradients?|activations?|outputs?|zeros?)\b/i;
const NUMBER_WORDS = /\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|hundreds?|thousands?|millions?|half|twice|dozens?|quarter)\b/i;

test('lesson texts carry no number of their own: digits and number words enter only as claim params', () => {
  const bad = [];
  for (const name of presetNames) {
    const p = presets[name];
    for (const [where, seg] of sentences(p)) {
      const own = seg.text.replace(/\$[^$]*\$/g, '').replace(/\{\w+\}/g, '');
      if (/\d/.test(own)) bad.push(`${name} ${where}: a digit in "${seg.text}"`);
      if (NUMBER_WORDS.test(own)) bad.push(`${name} ${where}: a number word in "${seg.text}"`);
      for (const math of seg.text.match(/\$[^$]*\$/g) ?? []) if (PANEL_WORDS.test(math)) bad.push(`${name} ${where}: panel words in the formula ${math}`);
      for (const k of placeholders(seg.text)) if (seg.params[k] === undefined) bad.push(`${name} ${where}: {${k}} has no param`);
      if (seg.claims.length === 0 && /\{/.test(seg.text)) bad.push(`${name} ${where}: "${seg.text}" states a value without a claim`);
      if (seg.claims.length === 0 && !seg.cite && PANEL_WORDS.test(own)) bad.push(`${name} ${where}: "${seg.text}" says what the page shows without a claim`);
      if (seg.cite && !p.paper.split(/[;(]/).some((ref) => ref.trim() && seg.text.startsWith(ref.trim().split(/[ ,]/)[0]))) bad.push(`${name} ${where}: "${seg.text}" reports a paper without starting with its authors`);
      const kinds = seg.claims.map((id) => lessonClaims[name].claims[id]?.kind);
      if (kinds.some((k) => k === 'may' || k === 'mayEvent' || k === 'mayLog') && !/\b(may|can)\b/.test(seg.text)) bad.push(`${name} ${where}: a claim seen only at some cadence, but "${seg.text}" does not say "may" or "can"`);
    }
    if (!/\((19|20)\d\d\b/.test(p.paper)) bad.push(`${name}: the paper has no year`);
    if (!p.explanation.endsWith(`${p.paper}.`)) bad.push(`${name}: the explanation does not end with the paper`);
  }
  assert.deepEqual(bad, []);
});

const ADVICE = /\b(switch|set|lower|raise|try|change)\b/i;
const SETTING = new RegExp(`\\b(activation|initiali[sz]er|learning rate|init gain|bias init|${[...getField('activation').values, ...getField('init').values].join('|')})\\b`, 'i');

test('the claim tables match the texts: every claim is used, every id is defined, change claims run on their change', () => {
  assert.deepEqual(Object.keys(lessonClaims).sort(), [...presetNames].sort());
  for (const name of presetNames) {
    const p = presets[name];
    const table = lessonClaims[name].claims;
    const used = new Set(sentences(p).flatMap(([, s]) => s.claims));
    assert.deepEqual([...used].filter((id) => !table[id]), [], `${name}: claims named but not defined`);
    assert.deepEqual(Object.keys(table).filter((id) => !used.has(id)), [], `${name}: claims defined but never said`);
    const ids = p.changes.map((c) => c.id);
    for (const [id, claim] of Object.entries(table)) {
      const prefix = id.includes(':') ? id.split(':')[0] : undefined;
      assert.equal(claim.on, prefix, `${name} ${id}: a change's claim runs on that change`);
      if (claim.on) assert.ok(ids.includes(claim.on), `${name} ${id}: no change ${claim.on}`);
    }
    // advice in the try text (a setting to change) is checked on the run with that change
    for (const seg of p.story.try) {
      if (ADVICE.test(seg.text) && SETTING.test(seg.text)) assert.ok(seg.claims.some((id) => table[id]?.on), `${name}: the advice "${seg.text}" is not checked on a changed run`);
    }
    // each change's card statement and the try text's advice are checked on that change
    for (const c of p.changes) {
      assert.ok(c.did.length > 0 && c.did.every((s) => s.claims.some((id) => table[id].on === c.id)), `${name} change ${c.id}: what it did is claimed on its run`);
      assert.ok(p.story.try.some((s) => s.claims.some((id) => table[id]?.on === c.id)), `${name} change ${c.id}: the try text suggests it`);
    }
  }
});

test('teaching order: one path from the first lesson through every lesson, ending at the last', () => {
  const path = [];
  for (let n = presetNames[0]; n; n = nextLesson(n)) {
    assert.ok(!path.includes(n), `a cycle at ${n}`);
    path.push(n);
  }
  assert.deepEqual(path, [...presetNames], 'every lesson, in the menu\'s order');
  assert.equal(nextLesson(path.at(-1)), null, 'the last lesson is the documented end');
  assert.equal(lesson(path.at(-1)).next, null);
  assert.equal(nextLesson('no-such-lesson'), null);
  assert.deepEqual([...lessonNames], [...presetNames]);
});

test('the page API gives the texts sentence by sentence, as the API renders them', () => {
  for (const name of presetNames) {
    const l = lesson(name);
    assert.equal(l.sentences.try.join(' '), presets[name].tryText);
    assert.equal(l.sentences.lookFor.join(' '), presets[name].lookFor);
    assert.equal(`${l.sentences.why.join(' ')} ${l.paper}.`, l.explanation);
    assert.ok(l.sentences.try.every((t) => !/[{}$]/.test(t)), `${name}: no slot or math mark left`);
  }
  assert.equal(lesson('constructor'), null);
});

test('following a lesson\'s own advice is reported as what the change did, never as "the effect did not appear"', () => {
  for (const name of presetNames) {
    const l = lesson(name);
    assert.equal(budgetNote(name, l.config, true), null, 'seen: the card shows the checkpoint');
    assert.equal(budgetNote(name, l.config, false), `${l.steps} steps done.`);
    for (const c of l.changes) {
      const config = { ...l.config, ...c.set };
      assert.equal(matchChange(name, config)?.id, c.id, `${name}: ${c.id}`);
      const note = budgetNote(name, config, false);
      assert.ok(note.includes(c.text) && !/did not appear/.test(note), `${name} ${c.id}: ${note}`);
    }
    // a change the lesson did not suggest
    const other = { ...l.config, seed: 12345 };
    assert.equal(matchChange(name, other), null);
    assert.match(budgetNote(name, other, false), /With your changes \(seed\) the lesson's effect did not appear/);
    // a suggested change together with another one is not that change
    if (l.changes.length) assert.equal(matchChange(name, { ...l.config, ...l.changes[0].set, seed: 12345 }), null);
  }
});

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
