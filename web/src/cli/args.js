// Command-line parsing for `gradlab`: the same schema and validation as the API, so a
// flag is accepted exactly when the same value would be accepted by createSession().
import { fieldNames, parseFieldText, getField } from '../schema.js';
import { getPreset } from '../presets.js';
import { didYouMean } from '../errors.js';

/** Flags of `gradlab run` that are not configuration fields. */
const RUN_FLAGS = {
  preset: 'name',
  steps: 'count',
  every: 'count',
  out: 'file',
  csv: 'file',
  simd: 'auto|true|false',
  weights: null,  // boolean switch
  quiet: null,
  help: null,
};

export class UsageError extends Error {}

const camel = (s) => s.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
// A flag as typed, for a message that must stay on one line: control characters escaped.
const shown = (s) => s.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));

/** Parses argv (without node and the script) into {command, options, config}. */
export function parseArgs(argv) {
  const args = [...argv];
  const command = args.length && !args[0].startsWith('-') ? args.shift() : args.includes('--help') || args.includes('-h') || !args.length ? 'help' : 'run';
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
  return { command, options: checkRunOptions(options), set };
}

function count(flag, text, min) {
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
