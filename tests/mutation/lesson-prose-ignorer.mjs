// A Stryker ignore-plugin: the prose of the lessons in web/src/presets.js is not mutated.
// A lesson's sentences are data (what a learner reads), not logic: a sentence emptied or
// replaced by "Stryker was here!" is a wrong text, which no test can see without restating the
// text itself. What the sentences claim is tested: every claim a sentence names is measured on
// the replayed lesson (tests/js/lessons.test.mjs), and the texts are checked against the claim
// tables (no number of their own, every slot filled by a param, every claim defined and said:
// tests/js/lesson-texts.test.mjs). Ignored, and only these: the text argument of say() and
// cite(), and the `title` and `paper` of an object passed to lesson(). Everything else in
// the lesson table (names, configurations, claim ids, params, next, panel, changes) is mutated.
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

const TEXT_CALLS = new Set(['say', 'cite']);
const TEXT_KEYS = new Set(['title', 'paper']);
const REASON = 'lesson prose (data, not logic): its claims are measured by tests/js/lessons.test.mjs';

const callee = (path) => (path?.isCallExpression() && path.node.callee.type === 'Identifier' ? path.node.callee.name : undefined);

export function shouldIgnore(path) {
  if (!path.isStringLiteral() && !path.isTemplateLiteral()) return undefined;
  const parent = path.parentPath;
  if (TEXT_CALLS.has(callee(parent)) && parent.node.arguments[0] === path.node) return REASON;
  if (parent?.isObjectProperty() && parent.node.value === path.node && !parent.node.computed && parent.node.key.type === 'Identifier' &&
    TEXT_KEYS.has(parent.node.key.name) && callee(parent.parentPath?.parentPath) === 'lesson') return REASON;
  return undefined;
}

export const strykerPlugins = [declareValuePlugin(PluginKind.Ignore, 'lesson-prose', { shouldIgnore })];
