// What the lessons say, checked without running them (lessons.test.mjs replays each lesson and
// checks every claim on the run): a sentence has no number of its own (numbers are its claims'
// params, every slot filled), every claim named is defined and every defined claim is said,
// each suggested change is claimed on its own run, each lesson's panel is one the page builds,
// the lessons form one teaching path, and the page gives the texts as the API renders them.
// Cheap enough to run for each mutant of web/src/presets.js (tests/mutation/js-targets.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { presets, presetNames, getField } from '../../web/src/node.js';
import { render, say } from '../../web/src/presets.js';
import { sentences, placeholders } from './lesson-replay.mjs';
import { lessonClaims } from '../../web/ui/src/lesson-claims.js';
import { lesson, lessonNames, nextLesson, matchChange, budgetNote } from '../../web/ui/src/lessons.js';
import { SINGLE } from '../../web/ui/src/panels/names.js';
import { NUMBER_WORDS } from './helpers.mjs';

// Words that name what a panel shows: a sentence using them must carry a claim.
const PANEL_WORDS = /\b(layers?|units?|steps?|dead|die[sd]?|inactive|saturat\w*|accuracy|loss|panel|bars?|log|histograms?|diverg\w*|checkpoint|evaluations?|spread|mean|gradients?|activations?|outputs?|zeros?)\b/i;

test('render: slots filled from the params, a negative number with a minus sign, math marks dropped', () => {
  assert.equal(render([say('from {a} to {b} ($z = 0$)', 'x', { a: -0.5, b: 0 }), say('{c} and {d}.', [], { c: '-1', d: '1e-6' })]),
    'from −0.5 to 0 (z = 0) -1 and 1e-6.');
  // Every sentence carries its claims as a list and its params as an object, as the claim checks read them.
  for (const name of presetNames)
    for (const [where, seg] of sentences(presets[name])) assert.ok(Array.isArray(seg.claims) && seg.params !== null && typeof seg.params === 'object', `${name} ${where}`);
  assert.deepEqual(say('text', 'one'), { text: 'text', claims: ['one'], params: {} });
});

test('lesson texts carry no number of their own: digits and number words enter only as claim params', () => {
  const bad = [];
  for (const name of presetNames) {
    const p = presets[name];
    for (const [where, seg] of sentences(p)) {
      const own = seg.text.replace(/\$[^$]*\$/g, '').replace(/\{\w+\}/g, '');
      if (/\d/.test(own)) bad.push(`${name} ${where}: a digit in "${seg.text}"`);
      if (NUMBER_WORDS.test(own)) bad.push(`${name} ${where}: a number word in "${seg.text}"`);
      for (const math of seg.text.match(/\$[^$]*\$/g) ?? []) if (PANEL_WORDS.test(math)) bad.push(`${name} ${where}: panel words in the formula ${math}`);
      for (const k of placeholders(seg.text)) if (seg.params[k] === undefined || seg.params[k] === '') bad.push(`${name} ${where}: {${k}} has no param`);
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

test('each lesson keeps in view a panel the page builds', () => {
  for (const name of presetNames) assert.ok(SINGLE.includes(presets[name].panel), `${name}: panel ${presets[name].panel}`);
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
    // What each suggested change did, as the lesson card says it: the change's sentences rendered.
    for (const c of l.changes) assert.ok(c.text.length > 0 && !/[{}$]/.test(c.text) && c.text.startsWith(presets[name].changes.find((x) => x.id === c.id).did[0].text.split(/[{$]/)[0]), `${name} ${c.id}: "${c.text}"`);
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
