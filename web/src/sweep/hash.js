// Small non-cryptographic hashes: a sweep's identity (spec hash, engine fingerprint) and the
// per-cell seeds of seedMode "independent". Two 32-bit multiply-xor lanes mixed at the end
// (the construction of the public-domain cyrb53), written with Math.imul so every JS engine
// computes the same bits.

function lanes(next, length, seed = 0) {
  let h1 = 0x9e3779b9 ^ seed, h2 = 0x85ebca6b ^ seed;
  for (let i = 0; i < length; i++) {
    const c = next(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}

const hex = (x) => x.toString(16).padStart(8, '0');

/** 64-bit hash of a string (UTF-16 code units) as 16 hex digits. */
export function hashText(text, seed = 0) {
  const [a, b] = lanes((i) => text.charCodeAt(i), text.length, seed);
  return hex(b) + hex(a);
}

/** 64-bit hash of bytes (any typed array's memory) as 16 hex digits. */
export function hashBytes(view, seed = 0) {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  const [a, b] = lanes((i) => bytes[i], bytes.length, seed);
  return hex(b) + hex(a);
}

/** An unsigned 32-bit integer from a string: a seed. */
export function hash32(text) {
  return lanes((i) => text.charCodeAt(i), text.length)[0];
}
