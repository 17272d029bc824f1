// Command-line parsing for `gradlab`: the same schema and validation as the API, so a
// flag is accepted exactly when the same value would be accepted by createSession().
import { fieldNames, parseFieldText, getField } from '../schema.js';
import { getPreset } from '../presets.js';
import { didYouMean } from '../errors.js';

/**
 * Exit statuses shared by every command. Scripts branch on them, so they never change
 * meaning: 2 promises that nothing was run or written.
 */
export const EXIT = Object.freeze({ ok: 0, failed: 1, usage: 2, diverged: 3, interrupted: 130 });

/** A mistake the user can fix (a flag, a value, a path): one line on stderr, exit 2. */
export class UsageError extends Error {}

/** Flags of `gradlab run` that are not configuration fields (value hint, or null for a switch). */
export const RUN_FLAGS = Object.freeze(Object.assign(Object.create(null), {
  preset: 'name',
  steps: 'count',
  every: 'count',
  out: 'file',
  csv: 'file',
  simd: 'auto|true|false',
  data: 'file',
  task: 'auto|classification|regression',
  weights: null,
  quiet: null,
  help: null,
}));

const camel = (s) => s.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
/** Text as typed, for a message that must stay on one line: control characters escaped. */
// (JSON.stringify escapes the C0 controls but not DEL, which a terminal would receive raw)
export const shown = (s) => String(s).replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\u007f' ? '\\u007f' : JSON.stringify(c).slice(1, -1)));

/**
 * The command and its arguments. No arguments or a leading --help/-h: "help"; a leading flag
 * means `run` (`gradlab --steps 100` trains), and the flags stay with it.
 */
export function splitCommand(argv) {
  if (!argv.length || argv[0] === '--help' || argv[0] === '-h') return { command: 'help', rest: argv.slice(1) };
  if (argv[0].startsWith('-')) return { command: 'run', rest: [...argv] };
  return { command: argv[0], rest: argv.slice(1) };
}

/** `gradlab run`'s flags: {options, set} (set: configuration fields as typed, parsed later). */
export function parseRunFlags(argv) {
  const args = [...argv];
  const options = {};
  const set = {};
  while (args.length) {
    const arg = args.shift();
    if (arg === '-h') { options.help = true; continue; }
    if (!arg.startsWith('--') || arg === '--') throw new UsageError(`unexpected argument ${JSON.stringify(arg)} (flags look like --learningRate 0.1)`);
    const eq = arg.indexOf('=');
    const raw = arg.slice(2, eq < 0 ? undefined : eq);
    const name = camel(raw);
    // Own keys only: `in` would also find Object.prototype's members (constructor, __proto__, ...).
    const runFlag = Object.hasOwn(RUN_FLAGS, name);
    const known = runFlag || getField(name);
    if (!known) throw new UsageError(`unknown flag --${shown(raw)}${didYouMean(name, [...fieldNames, ...Object.keys(RUN_FLAGS)]).replace('mean ', 'mean --')}`);
    const isSwitch = runFlag && RUN_FLAGS[name] === null;
    let value;
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (isSwitch) value = 'true';
    else {
      if (!args.length) throw new UsageError(`--${shown(raw)} needs a value`);
      value = args.shift();
    }
    if (runFlag) options[name] = isSwitch ? value !== 'false' : value;
    else set[name] = value;  // parsed below, once the preset (if any) is known
  }
  return { options: checkRunOptions(options), set };
}

/** The command and `run`'s flags in one call: {command, options, set}. */
export function parseArgs(argv) {
  const { command, rest } = splitCommand(argv);
  return { command, ...parseRunFlags(rest) };
}

/** A whole number typed for `--flag`, from min to 10⁹. */
export function count(flag, text, min) {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > 1e9)
    throw new UsageError(`--${flag}: ${JSON.stringify(text)} is not a whole number from ${min} to 1000000000`);
  return Number(text);
}

function checkRunOptions(o) {
  const out = { ...o };
  if (o.preset !== undefined) {
    try {
      out.preset = getPreset(o.preset);
    } catch (e) {
      throw new UsageError(`--preset: ${e.message.replace(/^preset: /, '')}`);
    }
  }
  if (o.steps !== undefined) out.steps = count('steps', o.steps, 1);
  if (o.every !== undefined) out.every = count('every', o.every, 1);
  if (o.simd !== undefined) {
    if (!['auto', 'true', 'false'].includes(o.simd)) throw new UsageError(`--simd: ${JSON.stringify(o.simd)} is not one of auto, true, false`);
    out.simd = o.simd === 'auto' ? 'auto' : o.simd === 'true';
  }
  if (o.task !== undefined) {
    if (!['auto', 'classification', 'regression'].includes(o.task)) throw new UsageError(`--task: ${JSON.stringify(shown(o.task))} is not one of auto, classification, regression`);
    if (o.data === undefined) throw new UsageError('--task: only with --data (it says what the file\'s last column is)');
  }
  // The weights only go into the run JSON: without --out the switch would do nothing.
  if (o.weights && o.out === undefined) throw new UsageError('--weights: only with --out (the weights are saved in the run JSON)');
  return out;
}

/** The run's configuration: the preset's, then each field flag (validated as the API does). */
export function configFromFlags(set, preset) {
  const config = { ...(preset?.config ?? {}) };
  for (const [name, text] of Object.entries(set)) {
    try {
      config[name] = parseFieldText(name, text);
    } catch (e) {
      throw new UsageError(`--${e.message}`);
    }
  }
  return config;
}
