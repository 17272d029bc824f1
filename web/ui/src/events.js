// The event log's sentences: what changed between two evaluations, in plain words.
// Pure functions of the metrics, so what the log says is what the engine measured.
import { fmt, pct } from './format.js';

const LOW_GRAD = 1e-6;
const HIGH_GRAD = 1e2;

export const layerLabel = (l, count) => (l === count - 1 ? 'the output layer' : `layer ${l + 1}`);

/**
 * Events between the previous metrics `prev` (null at the start) and `cur`. `memo` is a
 * per-run object the function uses to avoid repeating itself. Returns [{step, level, text}].
 */
export function detectEvents(prev, cur, memo) {
  const out = [];
  const step = cur.step;
  const say = (level, text) => out.push({ step, level, text });
  const layers = cur.layers ?? [];
  const n = layers.length;
  const hidden = layers.filter((L) => L.role === 'hidden');
  memo.low ??= new Set();
  memo.high ??= new Set();
  memo.sat ??= new Set();
  memo.acc ??= 0;

  if (cur.diverged && !prev?.diverged) {
    say('error', `Diverged at step ${cur.diverged.step}: ${cur.diverged.message}. Training is paused.`);
    return out;
  }
  if (!layers.length) return out;

  if (!prev || prev.layers.length === 0) {
    if (cur.bornDead) {
      const dead = hidden.filter((L) => L.allZero).map((L) => L.index + 1);
      // the output layer's bias still learns (towards the share of each class); nothing else can
      say('warn', `Born dead at step ${step}: layer${dead.length > 1 ? 's' : ''} ${dead.join(', ')} output${dead.length > 1 ? '' : 's'} exactly 0 for every input, so the output is the same for every input and no gradient reaches the layers below.`);
    } else if (cur.outputConstant) {
      say('warn', `At step ${step} the output is the same for every input: the network ignores its inputs.`);
    }
    const deadAtBirth = hidden.filter((L) => L.dead > 0 && !L.allZero);
    for (const L of deadAtBirth) say('info', `${cap(layerLabel(L.index, n))} starts with ${L.dead} of ${L.units} units dead.`);
  }

  for (const L of layers) {
    const P = prev?.layers?.[L.index];
    const name = layerLabel(L.index, n);
    if (L.role === 'hidden' && P) {
      if (L.dead > P.dead) {
        const k = L.dead - P.dead;
        say('warn', `${k} of ${L.units} units in ${name} died at step ${step} (now ${L.dead} dead: no gradient reaches them).`);
      } else if (L.dead < P.dead) {
        say('info', `${P.dead - L.dead} unit${P.dead - L.dead > 1 ? 's' : ''} in ${name} came back to life at step ${step}${L.index > 0 ? ' (the layers below changed its inputs)' : ''}.`);
      }
      if (L.inactive > P.inactive) {
        say('info', `${L.inactive - P.inactive} more unit${L.inactive - P.inactive > 1 ? 's' : ''} in ${name} went inactive at step ${step} (negative for every input, but still receiving gradient, so ${L.inactive - P.inactive > 1 ? 'they' : 'it'} can recover).`);
      }
    }
    const g = L.gradZRms;
    if (g !== null) {
      if (g < LOW_GRAD && !memo.low.has(L.index)) {
        memo.low.add(L.index);
        say('warn', g === 0
          ? `${cap(name)} gets no gradient at all from step ${step} (dL/dz is exactly 0): its weights are frozen.`
          : `${cap(name)}'s back-propagated gradient (dL/dz rms ${fmt(g)}) fell below ${fmt(LOW_GRAD)} at step ${step}: its weights barely change.`);
      } else if (g > 10 * LOW_GRAD && memo.low.has(L.index)) {
        memo.low.delete(L.index);
        say('info', `${cap(name)}'s gradient recovered above ${fmt(10 * LOW_GRAD)} at step ${step}.`);
      }
      if (g > HIGH_GRAD && !memo.high.has(L.index)) {
        memo.high.add(L.index);
        say('warn', `${cap(name)}'s gradient (dL/dz rms ${fmt(g)}) exceeds ${fmt(HIGH_GRAD)} at step ${step}: it is exploding.`);
      }
    }
    if (L.role === 'hidden' && L.saturated * 2 >= L.units && L.saturated > 0 && !memo.sat.has(L.index)) {
      memo.sat.add(L.index);
      say('warn', `${L.saturated} of ${L.units} units in ${name} are saturated at step ${step} (|f'| under 5% of its peak for most inputs), so little gradient passes them.`);
    } else if (L.saturated * 2 < L.units && memo.sat.has(L.index)) {
      memo.sat.delete(L.index);
    }
  }

  const acc = cur.testAccuracy;
  for (const mark of [0.9, 0.99]) {
    if (acc !== null && acc >= mark && memo.acc < mark) {
      memo.acc = mark;
      say('good', `Test accuracy reached ${pct(mark)} at step ${step}.`);
    }
  }
  return out;
}

const cap = (s) => s[0].toUpperCase() + s.slice(1);
