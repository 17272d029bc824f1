// `gradlab grade exercise.json submission.json [--json] [--simd auto|true|false]`: replays a
// submitted run headlessly with the same checker as the page and the API, prints the
// checklist and exits 0 (passed), 1 (failed) or 2 (bad input: unreadable file, invalid
// exercise, refused run). With --json, stdout holds one JSON object for an autograder:
// the grade, or {error: {message, field}} with exit 2.
import { createGradLab, EXERCISE_LIMITS, formatText, plainText, checkExercise } from '../node.js';
import { UsageError, EXIT } from './args.js';
import { readInputText } from './inputs.js';

export const summary = 'grade a submitted run against an exercise (exit 0 passed, 1 failed, 2 bad input)';
const SYNOPSIS = 'gradlab grade EXERCISE.json SUBMISSION.json [--json] [--simd auto|true|false] [--quiet]';
export const usage = [
  `usage: ${SYNOPSIS}`,
  '',
  'Replays the submitted run (the run JSON the playground exports, with its exercise block) bit for bit,',
  'compares what it claims with the replay, and prints the checklist of the exercise\'s goal (docs/exercises.md).',
  '',
  '  --json          one JSON object on stdout: the grade, or {"error": {"message", "field"}}',
  '  --simd MODE     wasm build: auto (detect), true, false',
  '  --quiet         no progress line while replaying',
  '',
  `exit status: ${EXIT.ok} the run passes; ${EXIT.failed} it fails the goal; ${EXIT.usage} bad input (unreadable file, invalid exercise, refused run).`,
].join('\n');

function parse(argv) {
  const files = [];
  const options = { json: false, simd: 'auto', quiet: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') options.json = true;
    else if (a === '--quiet') options.quiet = true;
    else if (a === '--help' || a === '-h') options.help = true;
    else if (a === '--simd' || a.startsWith('--simd=')) {
      const v = a.includes('=') ? a.slice(7) : argv[++i];
      if (!['auto', 'true', 'false'].includes(v)) throw new UsageError(`--simd: ${JSON.stringify(v ?? '')} is not one of auto, true, false`);
      options.simd = v === 'auto' ? 'auto' : v === 'true';
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown flag ${JSON.stringify(a.slice(0, 64))} for grade (usage: ${SYNOPSIS})`);
    else files.push(a);
  }
  if (options.help) return { options, files };
  if (files.length !== 2) throw new UsageError(`grade takes two files, the exercise and the submission, got ${files.length} (usage: ${SYNOPSIS})`);
  return { options, files };
}

const fmt = (v) => {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3 ? v.toExponential(3) : v.toPrecision(4);
  if (Array.isArray(v)) return `[${v.slice(0, 12).map(fmt).join(', ')}${v.length > 12 ? ', …' : ''}]`;
  if (typeof v === 'object') return JSON.stringify(v).slice(0, 80);
  return JSON.stringify(v);
};
const indent = (text, pad) => text.split('\n').map((l) => pad + l).join('\n');
// A predicate may spread over lines (any whitespace separates its tokens): one line here, so a
// carriage return cannot send the cursor back over PASS/FAIL.
const oneLine = (text) => text.replace(/\s+/g, ' ').trim();

/** The checklist as text: one line per check, the feedback under each failed one. */
export function checklist(ex, r) {
  const lines = [`${ex.id} — ${ex.title}`, `replayed ${r.step} of at most ${ex.limits.steps} steps; ${r.verified.figures} claimed figures${r.verified.weights ? ' and the weights' : ''} match the replay`, ''];
  for (const c of r.checks) {
    lines.push(`${c.passed ? 'PASS' : 'FAIL'}  ${c.label ?? oneLine(c.predicate)}   (value ${fmt(c.value)})`);
    if (c.label) lines.push(`      ${oneLine(c.predicate)}`);
    if (!c.passed && c.feedback) lines.push(indent(plainText(formatText(c.feedback)), '      '));
  }
  if (r.prediction) {
    const p = r.prediction;
    const expected = Array.isArray(p.expected) ? p.expected.join(' or ') : fmt(p.expected);
    const verdict = p.answer === null ? 'not answered' : p.correct ? 'correct' : 'wrong';
    const source = ex.prediction.answer !== undefined ? 'the answer is' : 'the run measured';
    lines.push('', `prediction${p.graded ? ' (graded)' : ''}: ${p.answer === null ? '—' : fmt(p.answer)}; ${source} ${expected}${ex.prediction.kind === 'number' ? ` (± ${ex.prediction.tolerance})` : ''}: ${verdict}`);
  }
  if (r.hints.length) {
    lines.push('', `hints unlocked after ${r.attempts} attempts:`);
    for (const h of r.hints) lines.push(indent(plainText(formatText(h)), '  - ').replace(/\n {2}- /g, '\n    '));
  }
  const passedChecks = r.checks.filter((c) => c.passed).length;
  lines.push('', `${r.passed ? 'PASSED' : 'FAILED'}: ${passedChecks} of ${r.checks.length} checks${r.prediction?.graded ? `, prediction ${r.prediction.correct ? 'correct' : 'not correct'}` : ''}`);
  return lines.join('\n');
}

export async function run(argv) {
  let json = argv.includes('--json');
  try {
    const { options, files } = parse(argv);
    json = options.json;
    if (options.help) {
      console.log(usage);
      return EXIT.ok;
    }
    const exerciseText = readInputText(files[0], 'exercise', EXERCISE_LIMITS.bytes * 4);
    const runText = readInputText(files[1], 'submission', EXERCISE_LIMITS.runBytes);
    const ex = checkExercise(exerciseText);
    const gradlab = await createGradLab({ simd: options.simd });
    const tty = !options.quiet && !json && process.stderr.isTTY;
    const onProgress = tty ? ({ step, steps }) => process.stderr.write(`\rreplaying step ${step}/${steps} `) : undefined;
    const result = await gradlab.grade(ex, runText, { onProgress });
    if (tty) process.stderr.write('\n');
    if (json) console.log(JSON.stringify(result));
    else console.log(checklist(ex, result));
    return result.passed ? EXIT.ok : EXIT.failed;
  } catch (e) {
    if (!(e instanceof UsageError || e instanceof TypeError || e instanceof RangeError)) throw e;
    if (json) console.log(JSON.stringify({ error: { message: e.message, field: e.field ?? null } }));
    process.stderr.write(`gradlab grade: ${e.message}\n`);
    return EXIT.usage;
  }
}
