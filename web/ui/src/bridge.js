// The shape check for commands an embedding page sends with postMessage (embed.js). Only
// plain objects with known fields and values of the right type pass; everything else is
// rejected with a reason.
import { getField, validateField, presetNames } from '../../src/common.js';
import { MAX_STEPS } from './protocol.js';

const COMMANDS = ['play', 'pause', 'step', 'reset', 'load', 'set'];

/** Returns {command: {command, ...}} or {error: text}. */
export function checkCommand(data) {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { error: 'a command must be an object' };
  if (Object.getPrototypeOf(data) !== Object.prototype) return { error: 'a command must be a plain object' };
  if (data.type !== 'command') return { error: 'type must be "command"' };
  const c = data.command;
  if (typeof c !== 'string' || !COMMANDS.includes(c)) return { error: `command must be one of ${COMMANDS.join(', ')}` };
  if (c === 'step') {
    const n = data.steps ?? 1;
    if (!Number.isInteger(n) || n < 1 || n > MAX_STEPS) return { error: `steps must be an integer from 1 to ${MAX_STEPS}` };
    return { command: { command: c, steps: n } };
  }
  if (c === 'load') {
    if (data.preset !== '' && !presetNames.includes(data.preset)) return { error: 'preset must be a lesson name or ""' };
    return { command: { command: c, preset: data.preset } };
  }
  if (c === 'set') {
    if (typeof data.field !== 'string' || !getField(data.field)) return { error: 'field must be a setting name' };
    try {
      return { command: { command: c, field: data.field, value: validateField(data.field, data.value) } };
    } catch (e) {
      return { error: e.message.slice(0, 300) };
    }
  }
  return { command: { command: c } };
}

/**
 * The origin an embed trusts, from its `parentOrigin` parameter: an http(s) URL is read as
 * its origin (case, a path or a trailing slash and surrounding spaces do not matter). Returns
 * {origin} (null when no parameter was given: any parent) or {error: text} — an embed that
 * gets an error trusts no one (fails closed).
 */
export function readParentOrigin(text) {
  if (text === null || text === undefined) return { origin: null };
  const bad = (why) => ({ error: `parentOrigin "${String(text).slice(0, 100)}" ${why}: this embed accepts no commands and sends no events.` });
  const t = String(text).trim();
  if (!t) return bad('is empty');
  let url;
  try {
    url = new URL(t);
  } catch {
    return bad('is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return bad('is not an http or https address');
  if (url.username || url.password) return bad('has a user name or password in it');
  if (!url.host || url.origin === 'null') return bad('names no host');
  return { origin: url.origin };
}
