// The compact text form of a user data set, for a share link (`#…&data=<text>`): exact, so a
// shared run replays bit for bit, and checked, so a link cut short or mangled on the way is
// refused instead of training on other points.
//
// Bytes, then base64url (RFC 4648 §5, no padding):
//   version (1 byte, DATA_LINK_VERSION)
//   flags   (1 byte): 1 regression · 2 the data carry a domain · 4 that domain is the built-in
//           sets' plane (schema.domain, nothing stored) · 8 coordinates on the domain's grid
//   inputDim, points, classes (classification) or outputDim (regression): unsigned LEB128
//   the domain, unless built-in: inputDim × (lo, hi) as float64, little-endian
//   the points, bit-packed: each coordinate as a grid index of GRID_BITS bits (flag 8) or its
//           float32 bits; each target as a class index of ⌈log₂ classes⌉ bits or float32 bits
//   CRC-32 (IEEE) of everything before it, 4 bytes little-endian
// Coordinates are written on the grid only when every one of them lies on it exactly
// (`gridValue` of its index gives back the same float): points drawn in the page are snapped
// to that grid as they are drawn, so a drawn set costs 2 × 12 bits a point (~5 characters with
// a 2-class label) and any other set is written as its float32 bits.
import { schema, limits } from './schema.js';
import { rangeError, typeError } from './errors.js';
import { checkData } from './data.js';

export const DATA_LINK_VERSION = 1;
/** Bits of a coordinate's grid index: the domain's width in 4,095 steps. */
export const GRID_BITS = 12;
const STEPS = (1 << GRID_BITS) - 1;
/**
 * The longest share link the page writes, in characters: what browsers, servers and chat
 * applications commonly keep whole. A link with the data over it leaves the data out and says
 * so; the run's JSON export carries the data instead.
 */
export const LINK_BUDGET = 8000;

const F_REGRESSION = 1;
const F_DOMAIN = 2;
const F_BUILTIN = 4;
const F_GRID = 8;

const f32 = new Float32Array(1);
const bits32 = new Int32Array(f32.buffer);

// The float32 next to v (a float32) towards zero... or away: one step of its bit pattern.
function stepFloat(v, up) {
  f32[0] = v;
  if (v === 0) return up ? 1.401298464324817e-45 : -1.401298464324817e-45;
  bits32[0] += (v > 0) === up ? 1 : -1;
  return f32[0];
}

/**
 * The float a grid index stands for on [lo, hi]: float32 (as the engine holds inputs), and
 * inside [lo, hi] even where rounding to float32 would cross an end that is not a float32.
 */
export function gridValue(q, lo, hi) {
  let v = Math.fround(lo + q * ((hi - lo) / STEPS));
  if (v > hi) v = stepFloat(v, false);
  if (v < lo) v = stepFloat(v, true);
  return v === 0 ? 0 : v;  // never -0: a link writes the index, and the index reads back +0
}

/** The grid point nearest to v on [lo, hi] (clamped to it): what a drawn point is snapped to. */
export function snapToGrid(v, lo, hi) {
  return gridValue(nearestIndex(v, lo, hi), lo, hi);
}

// The index of the grid value nearest to v. Rounding v's position is not enough: where a grid
// step is only a few float32 steps wide, a grid value rounded to float32 (or moved inside
// [lo, hi]) can sit closer to its neighbour's position, and a snapped point must snap to itself.
function nearestIndex(v, lo, hi) {
  const at = Math.max(0, Math.min(STEPS, Math.round(((v - lo) / (hi - lo)) * STEPS)));
  let best = at;
  for (const q of [at - 1, at + 1]) {
    if (q >= 0 && q <= STEPS && Math.abs(gridValue(q, lo, hi) - v) < Math.abs(gridValue(best, lo, hi) - v)) best = q;
  }
  return best;
}

// The grid index of v if v lies exactly on the grid, else -1.
function gridIndex(v, lo, hi) {
  const q = nearestIndex(v, lo, hi);
  return gridValue(q, lo, hi) === v && !Object.is(v, -0) ? q : -1;
}

const isBuiltin = (domain) => domain.every(([lo, hi]) => lo === -schema.domain && hi === schema.domain);

// ---- bytes ------------------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes, end) {
  let c = 0xffffffff;
  for (let i = 0; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

class Writer {
  constructor() {
    this.bytes = [];
    this.acc = 0;  // pending bits, least significant first
    this.nacc = 0;
  }

  byte(b) {
    this.bytes.push(b & 0xff);
  }

  varint(n) {
    do {
      const b = n % 128;
      n = Math.floor(n / 128);
      this.byte(n > 0 ? b | 128 : b);
    } while (n > 0);
  }

  float64(v) {
    const b = new Uint8Array(new Float64Array([v]).buffer);
    for (const x of b) this.byte(x);
  }

  bits(value, n) {
    // at most 32 bits at a time, written 8 at a time so the accumulator never overflows
    for (let i = 0; i < n; i += 8) {
      const k = Math.min(8, n - i);
      this.acc |= ((value >>> i) & ((1 << k) - 1)) << this.nacc;
      this.nacc += k;
      if (this.nacc >= 8) {
        this.byte(this.acc & 0xff);
        this.acc >>>= 8;
        this.nacc -= 8;
      }
    }
  }

  flushBits() {
    if (this.nacc > 0) this.byte(this.acc);
    this.acc = 0;
    this.nacc = 0;
  }
}

class Reader {
  constructor(bytes, end) {
    this.bytes = bytes;
    this.end = end;
    this.pos = 0;
    this.acc = 0;
    this.nacc = 0;
  }

  need(n) {
    if (this.pos + n > this.end) throw rangeError('data', 'the link\'s data is cut short (was the link truncated when it was copied?)');
  }

  byte() {
    this.need(1);
    return this.bytes[this.pos++];
  }

  varint() {
    let n = 0;
    let scale = 1;
    for (let i = 0; i < 5; i++) {
      const b = this.byte();
      n += (b & 127) * scale;
      if (b < 128) return n;
      scale *= 128;
    }
    throw rangeError('data', 'the link\'s data is malformed (a count is too long)');
  }

  float64() {
    this.need(8);
    const v = new Float64Array(this.bytes.slice(this.pos, this.pos + 8).buffer)[0];
    this.pos += 8;
    return v;
  }

  bits(n) {
    let v = 0;
    for (let i = 0; i < n; i += 8) {
      const k = Math.min(8, n - i);
      if (this.nacc < k) {
        this.acc |= this.byte() << this.nacc;
        this.nacc += 8;
      }
      v |= (this.acc & ((1 << k) - 1)) << i;
      this.acc >>>= k;
      this.nacc -= k;
    }
    return v >>> 0;
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_INDEX[B64.charCodeAt(i)] = i;

function toBase64url(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) s += B64[(n >> (18 - 6 * k)) & 63];
  }
  return s;
}

function fromBase64url(text) {
  if (text.length % 4 === 1) throw rangeError('data', 'the link\'s data is cut short (was the link truncated when it was copied?)');
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let acc = 0;
  let nacc = 0;
  let j = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? B64_INDEX[c] : -1;
    if (v < 0) throw rangeError('data', `the link's data holds ${JSON.stringify(text[i])} at character ${i + 1}, which is not part of it (base64url: A–Z, a–z, 0–9, - and _)`);
    acc = (acc << 6) | v;
    nacc += 6;
    if (nacc >= 8) {
      nacc -= 8;
      out[j++] = (acc >> nacc) & 0xff;
      acc &= (1 << nacc) - 1;
    }
  }
  return out;
}

// ---- data ---------------------------------------------------------------------------------------

const bitsFor = (classes) => Math.max(1, Math.ceil(Math.log2(classes)));

/**
 * The link text of a data set (as `createSession(config, {data})` takes it, `domain`
 * included). Exact: decodeData gives back the same floats, bit for bit. Throws like checkData
 * for data the engine would refuse.
 */
export function encodeData(data) {
  const d = checkData(data);
  const w = new Writer();
  const domain = d.domain;
  const grid = !!domain && d.inputs.every((v, i) => gridIndex(v, ...domain[i % d.inputDim]) >= 0);
  const builtin = !!domain && isBuiltin(domain);
  w.byte(DATA_LINK_VERSION);
  w.byte((d.task === 'regression' ? F_REGRESSION : 0) | (domain ? F_DOMAIN : 0) | (builtin ? F_BUILTIN : 0) | (grid ? F_GRID : 0));
  w.varint(d.inputDim);
  w.varint(d.points);
  w.varint(d.task === 'regression' ? d.outputDim : d.classes);
  if (domain && !builtin) for (const [lo, hi] of domain) w.float64(lo), w.float64(hi);
  const f32 = new Uint32Array(1);
  const asFloat = new Float32Array(f32.buffer);
  const float = (v) => {
    asFloat[0] = v;
    w.bits(f32[0], 32);
  };
  const per = d.task === 'regression' ? d.outputDim : 1;
  const cb = bitsFor(d.classes);
  for (let i = 0; i < d.points; i++) {
    for (let j = 0; j < d.inputDim; j++) {
      const v = d.inputs[i * d.inputDim + j];
      if (grid) w.bits(gridIndex(v, ...domain[j]), GRID_BITS);
      else float(v);
    }
    for (let k = 0; k < per; k++) {
      const t = d.targets[i * per + k];
      if (d.task === 'regression') float(t);
      else w.bits(t, cb);
    }
  }
  w.flushBits();
  const crc = crc32(w.bytes, w.bytes.length);
  for (let k = 0; k < 4; k++) w.byte(crc >>> (8 * k));
  return toBase64url(w.bytes);
}

/**
 * The data set of a link text, checked as the API checks user data. Throws RangeError
 * ('data: …') for a text that is not one (cut short, mangled, a version this page does not
 * read), TypeError for a value that is not a string.
 */
export function decodeData(text) {
  if (typeof text !== 'string') throw typeError('data', `expected the link's data text, got ${text === null ? 'null' : typeof text}`);
  // Larger than any data set the engine takes (a run holds its points within the memory
  // budget), written as floats with a header: not a data link, refused before it is decoded.
  const most = Math.ceil((limits.memoryBudget + 1024) * (4 / 3));
  if (text.length > most) throw rangeError('data', `the link's data is ${text.length} characters, more than any data set takes`);
  const bytes = fromBase64url(text);
  if (bytes.length < 7) throw rangeError('data', 'the link\'s data is cut short (was the link truncated when it was copied?)');
  const body = bytes.length - 4;
  const crc = (bytes[body] | (bytes[body + 1] << 8) | (bytes[body + 2] << 16) | (bytes[body + 3] << 24)) >>> 0;
  if (bytes[0] !== DATA_LINK_VERSION)
    throw rangeError('data', `the link's data has format version ${bytes[0]}; this page reads version ${DATA_LINK_VERSION}`);
  if (crc32(bytes, body) !== crc) throw rangeError('data', 'the link\'s data does not check out (it was changed or cut short on the way)');
  const r = new Reader(bytes, body);
  r.byte();
  const flags = r.byte();
  if (flags & ~15 || (flags & F_BUILTIN && !(flags & F_DOMAIN)) || (flags & F_GRID && !(flags & F_DOMAIN)))
    throw rangeError('data', 'the link\'s data is malformed (unknown flags)');
  const regression = !!(flags & F_REGRESSION);
  const inputDim = r.varint();
  const points = r.varint();
  const k = r.varint();
  if (inputDim < 1 || inputDim > limits.maxUserInputs || points < limits.minUserPoints || points > limits.maxUserPoints || k < (regression ? 1 : 2) || k > (regression ? limits.maxUserOutputs : limits.maxClasses))
    throw rangeError('data', `the link's data has a shape the engine does not take (${points} points, ${inputDim} inputs, ${k} ${regression ? 'outputs' : 'classes'})`);
  let domain;
  if (flags & F_DOMAIN) {
    domain = [];
    for (let j = 0; j < inputDim; j++) domain.push(flags & F_BUILTIN ? [-schema.domain, schema.domain] : [r.float64(), r.float64()]);
  }
  const grid = !!(flags & F_GRID);
  const per = regression ? k : 1;
  // The payload's size is known from the header: check it before reading a single point.
  const bits = points * (inputDim * (grid ? GRID_BITS : 32) + per * (regression ? 32 : bitsFor(k)));
  if (Math.ceil(bits / 8) !== body - r.pos) throw rangeError('data', 'the link\'s data does not have the size its header says (cut short or changed)');
  const inputs = new Float32Array(points * inputDim);
  const targets = new Float32Array(points * per);
  const f32 = new Uint32Array(1);
  const asFloat = new Float32Array(f32.buffer);
  const float = () => {
    f32[0] = r.bits(32);
    return asFloat[0];
  };
  for (let i = 0; i < points; i++) {
    for (let j = 0; j < inputDim; j++) {
      if (grid) {
        const q = r.bits(GRID_BITS);
        inputs[i * inputDim + j] = gridValue(q, ...domain[j]);
      } else inputs[i * inputDim + j] = float();
    }
    for (let c = 0; c < per; c++) targets[i * per + c] = regression ? float() : r.bits(bitsFor(k));
  }
  const data = { inputs, targets, inputDim, task: regression ? 'regression' : 'classification', ...(regression ? { outputDim: k } : { classes: k }) };
  if (domain) data.domain = domain;
  checkData(data);  // finite values, labels in range, a domain that holds every point
  return data;
}
