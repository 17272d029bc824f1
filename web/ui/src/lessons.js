// The lessons as the page uses them: the engine's presets (title, configuration, step budget,
// what to try, what to look for, why, with the paper; every sentence checked by the claims of
// lesson-claims.js), the checkpoint that ticks when the phenomenon is on screen (also sent
// as an event to an embedding page), the suggested changes and what each one did, and the
// teaching order.
import { presets, presetNames, normalizeConfig } from '../../src/common.js';
import { render } from '../../src/presets.js';
import { lessonClaims } from './lesson-claims.js';

export const lessonNames = presetNames;

/**
 * The lesson `name`, or null: {name, title, steps, config, tryText, lookFor, explanation,
 * paper, next, panel (the panel it is about), sentences: {try, lookFor, why} (each a list of sentences, for a card that
 * lists them), changes: [{id, set, label, text}]} (`text`: what the change did, for the card).
 */
export function lesson(name) {
  const p = Object.hasOwn(presets, name) ? presets[name] : null;
  if (!p) return null;
  return {
    name, title: p.title, steps: p.steps, config: p.config, tryText: p.tryText, lookFor: p.lookFor,
    explanation: p.explanation, paper: p.paper, next: p.next, panel: p.panel,
    sentences: Object.fromEntries(Object.entries(p.story).map(([part, segs]) => [part, segs.map((seg) => render([seg]))])),
    changes: p.changes.map((c) => ({ id: c.id, set: c.set, label: changeLabel(c.set), text: c.didText })),
  };
}

/** The lesson after `name` in the teaching order, or null after the last one. */
export function nextLesson(name) {
  return (Object.hasOwn(presets, name) && presets[name].next) || null;
}

/** A sentence when the lesson's phenomenon shows in `metrics` (one evaluation), else false. */
export function checkpoint(name, metrics) {
  const check = Object.hasOwn(lessonClaims, name) ? lessonClaims[name].checkpoint : null;
  if (!check || !metrics) return false;
  try {
    return check(metrics, presets[name].steps) || false;
  } catch {
    return false;
  }
}

/**
 * The lesson's suggested change that `config` (complete or partial) is, or null: the fields
 * that differ from the lesson's configuration are exactly the change's, with its values.
 */
export function matchChange(name, config) {
  const l = lesson(name);
  if (!l || !config) return null;
  const base = normalizeConfig(l.config);
  let now;
  try {
    now = normalizeConfig({ ...l.config, ...config });
  } catch {
    return null;
  }
  const diff = Object.keys(base).filter((k) => !same(base[k], now[k]));
  return l.changes.find((c) => {
    const keys = Object.keys(c.set);
    return keys.length === diff.length && keys.every((k) => diff.includes(k) && same(now[k], c.set[k]));
  }) ?? null;
}

/**
 * What the card says when the step budget is used up: null when the checkpoint was seen
 * (the card shows it); what a suggested change did when `config` is one; otherwise that the
 * effect did not appear with the learner's own changes.
 */
export function budgetNote(name, config, seen) {
  const l = lesson(name);
  if (!l || seen) return null;
  const change = matchChange(name, config);
  if (change) return `${l.steps} steps done with the lesson's suggestion (${change.label}): ${change.text}`;
  const base = normalizeConfig(l.config);
  let now = base;
  try {
    now = normalizeConfig({ ...l.config, ...config });
  } catch {
    // an unreadable configuration: compare nothing
  }
  const diff = Object.keys(base).filter((k) => !same(base[k], now[k]));
  return diff.length
    ? `${l.steps} steps done. With your changes (${diff.join(', ')}) the lesson's effect did not appear — compare with the lesson's own settings.`
    : `${l.steps} steps done.`;
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const changeLabel = (set) => Object.entries(set).map(([k, v]) => `${k} ${v}`).join(', ');
