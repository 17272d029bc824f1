// Data links as an attacker writes them: bytes made by hand with a correct CRC, so that every
// check behind the CRC (flags, the shape, the size the header promises, counts, the domain)
// is reached, and each refusal is read whole. page-data.test.mjs has the links the page writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import { limits, schema, decodeData, encodeData } from '../../web/src/node.js';

const varint = (n) => {
  const out = [];
  do {
    out.push((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
    n = Math.floor(n / 128);
  } while (n > 0);
  return out;
};
const float64 = (v) => [...new Uint8Array(Float64Array.of(v).buffer)];
/** The link text of `body` (the bytes before the CRC), its CRC appended. */
const link = (body) => {
  const crc = crc32(Uint8Array.from(body));
  return Buffer.from([...body, crc & 0xff, (crc >>> 8) & 0xff, (crc >>> 16) & 0xff, crc >>> 24]).toString('base64url');
};
const refused = (text, message) => assert.throws(() => decodeData(text), (e) => e instanceof RangeError && e.field === 'data' && e.message === `data: ${message}`, message);
/** 2-class points ([...inputs, label]) as float32 bits and 1-bit labels, least significant bit first. */
const packed = (rows) => {
  const bytes = [];
  let acc = 0, n = 0;
  const bits = (v, k) => {
    for (let b = 0; b < k; b++) {
      acc |= ((v >>> b) & 1) << n;
      if (++n === 8) bytes.push(acc), (acc = 0), (n = 0);
    }
  };
  for (const row of rows) {
    for (const v of row.slice(0, -1)) bits(new Uint32Array(Float32Array.of(v).buffer)[0], 32);
    bits(row.at(-1), 1);
  }
  if (n) bytes.push(acc);
  return bytes;
};
/** Two points, (0.5, -1) → 0 and (2, 0.25) → 1. */
const points = () => packed([[0.5, -1, 0], [2, 0.25, 1]]);

test('a hand-made link with a correct CRC reads as the data it spells', () => {
  const d = decodeData(link([1, 0, ...varint(2), ...varint(2), ...varint(2), ...points()]));
  assert.deepEqual([...d.inputs], [0.5, -1, 2, 0.25]);
  assert.deepEqual([...d.targets], [0, 1]);
  assert.deepEqual({ inputDim: d.inputDim, task: d.task, classes: d.classes, domain: d.domain }, { inputDim: 2, task: 'classification', classes: 2, domain: undefined });
  assert.equal(link([1, 0, ...varint(2), ...varint(2), ...varint(2), ...points()]), encodeData(d), 'the same bytes the encoder writes');
  // the built-in plane is a flag, not stored
  const onPlane = decodeData(link([1, 2 | 4, ...varint(2), ...varint(2), ...varint(2), ...points()]));
  assert.deepEqual(onPlane.domain, [[-schema.domain, schema.domain], [-schema.domain, schema.domain]]);
  // a domain of its own is stored as float64 pairs
  const own = decodeData(link([1, 2, ...varint(2), ...varint(2), ...varint(2), ...float64(-4), ...float64(4), ...float64(-2), ...float64(3), ...points()]));
  assert.deepEqual(own.domain, [[-4, 4], [-2, 3]]);
});

test('every check behind the CRC refuses a hand-made link, with its reason', () => {
  const head = (flags, inputDim, n, k) => [1, flags, ...varint(inputDim), ...varint(n), ...varint(k)];
  refused(link([...head(16, 2, 2, 2), ...points()]), 'the link\'s data is malformed (unknown flags)');
  refused(link([...head(4, 2, 2, 2), ...points()]), 'the link\'s data is malformed (unknown flags)');  // built-in without a domain
  refused(link([...head(8, 2, 2, 2), ...points()]), 'the link\'s data is malformed (unknown flags)');  // grid without a domain
  const shape = (flags, inputDim, n, k) => refused(link([...head(flags, inputDim, n, k), ...points()]),
    `the link's data has a shape the engine does not take (${n} points, ${inputDim} inputs, ${k} ${flags & 1 ? 'outputs' : 'classes'})`);
  shape(0, 0, 2, 2);
  shape(0, limits.maxUserInputs + 1, 2, 2);
  shape(0, 2, limits.minUserPoints - 1, 2);
  shape(0, 2, limits.maxUserPoints + 1, 2);
  shape(0, 2, 2, 1);
  shape(0, 2, 2, limits.maxClasses + 1);
  shape(1, 2, 2, 0);
  shape(1, 2, 2, limits.maxUserOutputs + 1);
  // the largest shapes pass this check: the most inputs, points, classes and outputs get as far
  // as the payload's size (these links carry two points' worth, so it is refused there)
  const size = 'the link\'s data does not have the size its header says (cut short or changed)';
  refused(link([...head(0, limits.maxUserInputs, 2, 2), ...points()]), size);
  refused(link([...head(0, 2, limits.maxUserPoints, 2), ...points()]), size);
  refused(link([...head(0, 2, limits.minUserPoints, limits.maxClasses), ...points()]), size);
  refused(link([...head(1, 2, 2, limits.maxUserOutputs), ...points()]), size);
  // the payload is the size the header says, not a byte more or less
  refused(link([...head(0, 2, 2, 2), ...points(), 0]), 'the link\'s data does not have the size its header says (cut short or changed)');
  refused(link([...head(0, 2, 2, 2), ...points().slice(1)]), 'the link\'s data does not have the size its header says (cut short or changed)');
  // a count of more than 5 bytes, a header cut inside a count or a domain
  refused(link([1, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]), 'the link\'s data is malformed (a count is too long)');
  refused(link([1, 0, 0x80, 0x80, 0x80]), 'the link\'s data is cut short (was the link truncated when it was copied?)');
  refused(link([...head(2, 2, 2, 2), ...float64(-4), 0, 0]), 'the link\'s data is cut short (was the link truncated when it was copied?)');
  // what the engine refuses in the data themselves: a target that is not finite, a point off its domain
  const nanTarget = [...new Uint8Array(Float32Array.of(0.5, -1, NaN, 2, 0.25, 1).buffer)];
  assert.throws(() => decodeData(link([...head(1, 2, 2, 1), ...nanTarget])),
    (e) => e instanceof RangeError && e.field === 'data.targets[0]' && e.message === 'data.targets[0]: NaN is not finite');
  assert.throws(() => decodeData(link([...head(2, 2, 2, 2), ...float64(-1), ...float64(1), ...float64(-1), ...float64(1), ...points()])),
    (e) => e instanceof RangeError && e.field === 'data.inputs[2]' && e.message === 'data.inputs[2]: 2 is outside the domain [-1, 1] of input 1 (point 1): the domain must hold every point');
});

test('texts that are no link: too long, cut to a length base64 never has, a foreign character, another version', () => {
  // longer than the engine's memory budget written in base64: refused before it is decoded
  const most = Math.ceil((limits.memoryBudget + 1024) * (4 / 3));
  refused('A'.repeat(most + 1), `the link's data is ${most + 1} characters, more than any data set takes`);
  refused('AAAAA', 'the link\'s data is cut short (was the link truncated when it was copied?)');
  refused('AAAAAAAA', 'the link\'s data is cut short (was the link truncated when it was copied?)');  // 6 bytes
  refused('AAAA.AAAAAAA', 'the link\'s data holds "." at character 5, which is not part of it (base64url: A–Z, a–z, 0–9, - and _)');
  refused('AAAAéAA', 'the link\'s data holds "é" at character 5, which is not part of it (base64url: A–Z, a–z, 0–9, - and _)');
  refused('AAAA\u0100AA', 'the link\'s data holds "\u0100" at character 5, which is not part of it (base64url: A–Z, a–z, 0–9, - and _)');
  refused('AAAA\u0080AA', 'the link\'s data holds "\u0080" at character 5, which is not part of it (base64url: A–Z, a–z, 0–9, - and _)');
  refused('AAAA+AA', 'the link\'s data holds "+" at character 5, which is not part of it (base64url: A–Z, a–z, 0–9, - and _)');
  refused(link([2, 0, 1, 2, 2]), 'the link\'s data has format version 2; this page reads version 1');
  assert.throws(() => decodeData(null), (e) => e instanceof TypeError && e.message === 'data: expected the link\'s data text, got null');
  assert.throws(() => decodeData(5), (e) => e instanceof TypeError && e.message === 'data: expected the link\'s data text, got number');
});
