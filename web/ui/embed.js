// embed.html: the playground for an <iframe>, configured by its query string
//   embed.html?preset=dying-relu-high-lr&controls=learningRate,activation&hide=histograms&lock&height=480
//   (&theme=dark, &autoplay, &parentOrigin=https://your.course.site; settings may follow in the #hash)
//   embed.html?exercise=exercises/dying-relu-revive.json  (a URL, or the exercise's JSON: exercise mode)
// It forwards the element's events to the embedding page with postMessage
//   {source: 'gradlab', type: 'ready'|'step'|'diverged'|'checkpoint'|'crash'|'exercise', detail}
//   ({type: 'stepped', detail: {asked, done, stopped}} answers a `step` command when it ends)
// and accepts commands from that page (only from window.parent, and only from parentOrigin
// when given; an http(s) URL is read as its origin, and a parentOrigin that is not one makes
// the embed accept no commands and send no events at all, saying why on the page):
//   {source: 'gradlab', type: 'command', command: 'play'|'pause'|'reset'}
//   {source: 'gradlab', type: 'command', command: 'step', steps: 1..1000000}
//   {source: 'gradlab', type: 'command', command: 'load', preset: '<lesson>' | ''}
//   {source: 'gradlab', type: 'command', command: 'set', field: '<setting>', value: <number or text>}
// Anything else is ignored (a malformed command from the parent is answered with
// {source: 'gradlab', type: 'rejected', reason}).
// Imported by name (and used below): the package declares no side effects, so a bare import of
// the element's module could be dropped by the bundler.
import { GradLabPlayground } from './gradlab-playground.js';
import { checkCommand, readParentOrigin } from './src/bridge.js';

const params = new URLSearchParams(location.search);
const el = new GradLabPlayground();
for (const name of ['preset', 'controls', 'hide', 'panels', 'lock', 'height', 'theme', 'mode', 'autoplay']) {
  if (params.has(name)) el.setAttribute(name, params.get(name).slice(0, 2000));
}
// whole: the shared checker refuses an exercise over its size limit with a message, where a
// cut one would only fail to parse
if (params.has('exercise')) el.setAttribute('exercise', params.get('exercise'));
if (location.hash.length > 1) el.setAttribute('config', location.hash.slice(1, 65536));
el.classList.add('gl-embedded');
document.body.append(el);

const trust = readParentOrigin(params.get('parentOrigin'));
const target = trust.origin ?? '*';
const framed = window.parent !== window;
if (trust.error) {
  const p = document.createElement('p');
  p.className = 'gl-embed-error';
  p.setAttribute('role', 'alert');
  p.textContent = trust.error;
  document.body.prepend(p);
}

function send(type, detail) {
  if (!framed || trust.error) return;
  try {
    window.parent.postMessage({ source: 'gradlab', type, detail: JSON.parse(JSON.stringify(detail ?? {})) }, target);
  } catch {
    // the parent is gone or its origin does not match parentOrigin: nothing to do
  }
}

for (const type of ['ready', 'step', 'diverged', 'checkpoint', 'crash', 'exercise']) {
  el.addEventListener(`gradlab-${type}`, (e) => send(type, e.detail));
}

window.addEventListener('message', (event) => {
  // Only the page that embeds us may drive us, and only from the origin it was told to trust.
  if (!framed || trust.error || event.source !== window.parent) return;
  if (target !== '*' && event.origin !== target) return;
  const data = event.data;
  if (!data || typeof data !== 'object' || data.source !== 'gradlab') return;
  const checked = checkCommand(data);
  if (checked.error) {
    send('rejected', { reason: checked.error });
    return;
  }
  const cmd = checked.command;
  Promise.resolve(el.playground?.actions.command(cmd)).then((result) => {
    if (cmd.command === 'step' && result) send('stepped', result);
  }, (e) => send('rejected', { reason: String(e?.message ?? e).slice(0, 300) }));
});
