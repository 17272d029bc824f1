// The engine's fingerprint: a hash of the schema and of what a set of tiny probe runs compute,
// covering every activation, optimiser, initialiser and data set. Two engines with the same
// fingerprint gave the same bits on all of them; shards computed by engines whose fingerprints
// differ are not merged. It stands for the engine's version: a changed kernel changes the
// figures even when the package version does not, and the SIMD and scalar builds, Node and
// browsers, which compute the same bits, share it.
import { schema, getField } from '../schema.js';
import { hashText, hashBytes } from './hash.js';

const cache = new WeakMap();

function probes() {
  const list = (name) => getField(name).values;
  const acts = list('activation'), opts = list('optimizer'), inits = list('init');
  const sets = list('dataset').filter((d) => d !== 'custom');
  const n = Math.max(acts.length, opts.length, inits.length, sets.length);
  return Array.from({ length: n }, (_, i) => ({
    dataset: sets[i % sets.length], activation: acts[i % acts.length], optimizer: opts[i % opts.length], init: inits[i % inits.length],
    hidden: [3, 3], numPoints: 40, inputDim: 3, batchSize: 4, learningRate: 0.05, seed: i + 1,
  }));
}

/** The fingerprint of a loaded engine (16 hex digits), computed once per instance (a few ms). */
export function engineFingerprint(gradlab) {
  let f = cache.get(gradlab);
  if (f) return f;
  const parts = [JSON.stringify(schema)];
  for (const config of probes()) {
    let s;
    try {
      s = gradlab.createSession(config);
      s.step(5);
      parts.push(hashBytes(s.getWeightsArray()), JSON.stringify(s.evaluate()));
    } catch (e) {
      parts.push(String(e.message));
    } finally {
      s?.dispose();
    }
  }
  f = hashText(parts.join('|'));
  cache.set(gradlab, f);
  return f;
}
