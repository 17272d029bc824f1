// Reading the `exercise` attribute (or embed.html's ?exercise=): inline JSON, or the URL of a
// JSON file. Whatever it is, the shared checker (web/src/exercise, checkExercise) decides
// whether it is an exercise; this file only gets the text, within limits:
//  * a URL is fetched only from the page's own origin or from the origin GradLab's script was
//    loaded from. The page already runs code from both, so an exercise from there adds no
//    new party; any other host is refused before a request is made (an exercise decides what
//    a student's run is graded against, and a fetch to a third host would tell it who opened
//    the page). To use an exercise from elsewhere, copy the file next to the page or inline it.
//  * no credentials are sent and redirects are not followed (a redirect could leave the
//    allowed origins after the check above);
//  * the checker allows EXERCISE_LIMITS.bytes characters of JSON; at most three UTF-8 bytes
//    make one such character, so a response is cut off after three times that many bytes
//    (a huge or endless response is never held in memory) and the checker counts the rest.
import { checkExercise, EXERCISE_LIMITS } from '../../../src/common.js';

const clip = (s, n = 80) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** A problem with the attribute itself (not the exercise's content): a RangeError naming `exercise`. */
function refuse(message) {
  const e = new RangeError(`exercise: ${message}`);
  e.field = 'exercise';
  return e;
}

/**
 * Where an exercise given as `text` comes from: {inline: true} for JSON text, else {url} after
 * the origin check. `documentUrl` is the page's address, `scriptUrl` GradLab's script's.
 */
export function exerciseSource(text, { documentUrl, scriptUrl }) {
  const t = String(text ?? '').trim();
  if (t === '') throw refuse('is empty: give the URL of an exercise file or its JSON');
  if (t.startsWith('{')) return { inline: true, text: t };
  let url;
  try {
    url = new URL(t, documentUrl);
  } catch {
    throw refuse(`"${clip(t)}" is neither JSON nor a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse(`"${clip(t)}" is a ${url.protocol} URL; only http(s) URLs of this page's origin or GradLab's are fetched`);
  const allowed = [...new Set([new URL(documentUrl).origin, new URL(scriptUrl).origin])].filter((o) => o !== 'null');
  if (!allowed.includes(url.origin))
    throw refuse(`${url.origin} is another host; an exercise is fetched only from ${allowed.join(' or ')} (the page's own origin and GradLab's). Copy the file next to the page, or give the exercise inline.`);
  return { inline: false, url: url.href };
}

const MAX_CHARS = EXERCISE_LIMITS.bytes;
/** UTF-8 needs at most 3 bytes for one UTF-16 code unit. */
const MAX_BYTES = 3 * MAX_CHARS;
const tooLong = (what) => refuse(`${what} is longer than an exercise may be (${MAX_CHARS / 1024} KiB of JSON text)`);

/** Reads at most `max` bytes of a response as UTF-8 text; refuses a longer one without reading it all. */
async function boundedText(res, max, what) {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) throw tooLong(what);
  if (!res.body) {
    const text = await res.text();
    if (text.length > MAX_CHARS) throw tooLong(what);
    return text;
  }
  const reader = res.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      reader.cancel().catch(() => {});
      throw tooLong(what);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(all);
  } catch {
    throw refuse(`${what} is not UTF-8 text`);
  }
}

/**
 * The exercise the attribute names, checked and normalised by the shared checker. Rejects with
 * a RangeError/TypeError whose message names what is wrong (the attribute, the request, or the
 * exercise's own field path, e.g. "goal[2].feedback: expected text, got 3").
 */
export async function loadExercise(text, { documentUrl, scriptUrl, fetch: fetchFn = globalThis.fetch, signal } = {}) {
  const source = exerciseSource(text, { documentUrl, scriptUrl });
  if (source.inline) return checkExercise(source.text);
  let res;
  try {
    res = await fetchFn(source.url, { credentials: 'omit', redirect: 'error', signal, headers: { Accept: 'application/json' } });
  } catch (e) {
    if (e?.name === 'AbortError') throw e;
    throw refuse(`${source.url} could not be fetched (${clip(String(e?.message ?? e), 120)})`);
  }
  if (!res.ok) throw refuse(`${source.url} answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
  return checkExercise(await boundedText(res, MAX_BYTES, source.url));
}
