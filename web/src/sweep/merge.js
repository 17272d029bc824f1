// Reading saved sweep results back, and merging the shards of one sweep into exactly the
// result the unsharded run gives. Anything that would make the merged table differ from that
// run is refused with the reason: another spec, another engine, another split, a shard given
// twice or missing, a shard cancelled before it finished, a file edited by hand.
import { typeError, rangeError, show } from '../errors.js';
import { parseJSON } from '../schema.js';
import { normalizeSweepSpec, hashSpec } from './spec.js';
import { cellCount, shardCells, inShard, runSeed } from './cells.js';
import { MEASURES } from './measures.js';
import { FORMAT, VERSION, makeResult, canonicalRow } from './table.js';

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isFiniteOrNull = (v) => v === null || (typeof v === 'number' && Number.isFinite(v));

function checkRow(spec, row, path, cells, shard) {
  if (!isObject(row)) throw typeError(path, `expected a row object, got ${show(row)}`);
  const intIn = (k, hi) => {
    if (!Number.isInteger(row[k]) || row[k] < 0 || row[k] >= hi) throw rangeError(`${path}.${k}`, `${show(row[k])} is not an integer from 0 to ${hi - 1}`);
  };
  intIn('cell', cells);
  intIn('replicate', spec.seeds);
  if (!inShard(row.cell, shard)) throw rangeError(`${path}.cell`, `cell ${row.cell} does not belong to shard ${shard.index}/${shard.count}`);
  if (row.seed !== runSeed(spec, row.cell, row.replicate)) throw rangeError(`${path}.seed`, `${show(row.seed)} is not the seed of cell ${row.cell} run ${row.replicate} (${runSeed(spec, row.cell, row.replicate)})`);
  if (typeof row.diverged !== 'boolean') throw typeError(`${path}.diverged`, `expected true or false, got ${show(row.diverged)}`);
  if (row.divergedStep !== null && !(Number.isInteger(row.divergedStep) && row.divergedStep >= 0)) throw typeError(`${path}.divergedStep`, `expected a step or null, got ${show(row.divergedStep)}`);
  if (row.error !== null && typeof row.error !== 'string') throw typeError(`${path}.error`, `expected a message or null, got ${show(row.error)}`);
  if (!isObject(row.values) || !isObject(row.notes)) throw typeError(path, 'expected values and notes objects');
  for (const m of spec.measures) {
    const v = row.values[m];
    const ok = MEASURES[m].array ? v === null || (Array.isArray(v) && v.every(isFiniteOrNull)) : isFiniteOrNull(v);
    if (!ok) throw typeError(`${path}.values.${m}`, `expected ${MEASURES[m].array ? 'an array of finite numbers and nulls' : 'a finite number'} or null, got ${show(v)}`);
  }
  if (Object.keys(row.values).length !== spec.measures.length) throw rangeError(`${path}.values`, `holds other measures than the spec's (${spec.measures.join(', ')})`);
  for (const [m, note] of Object.entries(row.notes)) {
    if (!spec.measures.includes(m)) throw rangeError(`${path}.notes.${m.slice(0, 64)}`, `is not a measure of the spec (${spec.measures.join(', ')})`);
    if (typeof note !== 'string') throw typeError(`${path}.notes.${m}`, `expected a text, got ${show(note)}`);
  }
}

/**
 * A saved sweep result (JSON text or the parsed object) checked: the format and version, a
 * canonical spec matching its hash, the shard, and every row's identity and values.
 * `name` (a file name) prefixes every error.
 */
export function readSweep(json, name = 'sweep') {
  const fail = (E, path, msg) => {
    const e = new E(`${name}: ${path ? `${path}: ` : ''}${msg}`);
    e.field = path || name;
    return e;
  };
  let r;
  try {
    r = parseJSON(json, name);
  } catch (e) {
    throw fail(TypeError, '', e.message.replace(`${name}: `, ''));
  }
  if (!isObject(r) || r.format !== FORMAT) throw fail(TypeError, '', `is not a GradLab sweep result (format "${FORMAT}")`);
  if (r.version !== VERSION) throw fail(RangeError, 'version', `${show(r.version)}: this GradLab reads sweep results of version ${VERSION}`);
  let spec;
  try {
    spec = normalizeSweepSpec(r.spec);
  } catch (e) {
    throw fail(e.constructor, `spec.${e.field ?? ''}`.replace(/\.$/, ''), e.message.replace(/^[^:]*: /, ''));
  }
  if (JSON.stringify(spec) !== JSON.stringify(r.spec) || hashSpec(spec) !== r.specHash)
    throw fail(RangeError, 'specHash', 'does not match the spec (the file was edited or damaged)');
  if (!isObject(r.engine) || typeof r.engine.fingerprint !== 'string') throw fail(TypeError, 'engine', 'expected {fingerprint}');
  const cells = cellCount(spec);
  if (r.cells !== cells) throw fail(RangeError, 'cells', `${show(r.cells)} does not match the spec (${cells} cells)`);
  const shard = r.shard;
  if (shard !== null && !(isObject(shard) && Number.isInteger(shard.count) && shard.count >= 1 && Number.isInteger(shard.index) && shard.index >= 1 && shard.index <= shard.count))
    throw fail(RangeError, 'shard', `${show(shard)} is not null or {index, count} with 1 ≤ index ≤ count`);
  if (typeof r.complete !== 'boolean') throw fail(TypeError, 'complete', 'expected true or false');
  if (!Array.isArray(r.rows)) throw fail(TypeError, 'rows', 'expected an array');
  const seen = new Set();
  r.rows.forEach((row, i) => {
    try {
      checkRow(spec, row, `rows[${i}]`, cells, shard);
    } catch (e) {
      throw fail(e.constructor, e.field, e.message.replace(/^[^:]*: /, ''));
    }
    const key = row.cell * spec.seeds + row.replicate;
    if (seen.has(key)) throw fail(RangeError, `rows[${i}]`, `cell ${row.cell} run ${row.replicate} appears twice`);
    seen.add(key);
  });
  return r;
}

// The first top-level spec entry in which two specs differ, for the refusal message.
function specDifference(a, b) {
  for (const k of Object.keys(a)) {
    const x = JSON.stringify(a[k]), y = JSON.stringify(b[k]);
    if (x !== y) return `${k}: ${x.length > 60 ? `${x.slice(0, 57)}…` : x} vs ${y.length > 60 ? `${y.slice(0, 57)}…` : y}`;
  }
  return 'they differ';
}

// A refusal: the message names the files and the reason; `field` says which part of a result.
function refuse(field, message) {
  const e = new RangeError(message);
  e.field = field;
  return e;
}

const shardText = (s) => (s ? `shard ${s.index}/${s.count}` : 'the whole sweep');

/**
 * Combines the results of the shards of one sweep ([{name, result}] or results) into the
 * result of the whole sweep, identical to what the unsharded run returns. Throws a
 * RangeError with the reason when they cannot be combined.
 */
export function mergeSweeps(parts) {
  if (!Array.isArray(parts) || parts.length === 0) throw typeError('results', 'expected a non-empty array of sweep results');
  const list = parts.map((p, i) => {
    const named = isObject(p) && 'result' in p && 'name' in p;
    const name = named ? String(p.name) : `results[${i}]`;
    return { name, r: readSweep(named ? p.result : p, name) };
  });
  const [first] = list;
  for (const { name, r } of list) {
    if (r.specHash !== first.r.specHash)
      throw refuse('spec', `${name} comes from a different sweep spec than ${first.name} (${specDifference(r.spec, first.r.spec)})`);
    if (r.engine.fingerprint !== first.r.engine.fingerprint)
      throw refuse('engine', `${name} was computed by a different engine than ${first.name} (fingerprint ${r.engine.fingerprint} vs ${first.r.engine.fingerprint}): their figures are not the same bit for bit`);
    if (!r.complete) throw refuse('complete', `${name} is incomplete (${shardText(r.shard)}: ${r.rows.length} of ${shardCells(r.cells, r.shard).length * r.spec.seeds} runs; the sweep was cancelled): run ${r.shard ? 'that shard' : 'the sweep'} again`);
  }
  const count = first.r.shard?.count ?? 1;
  const byIndex = new Map();
  for (const { name, r } of list) {
    const c = r.shard?.count ?? 1;
    if (c !== count) throw refuse('shard', `${name} is ${shardText(r.shard)} but ${first.name} is ${shardText(first.r.shard)}: shards of different splits cannot be merged`);
    const k = r.shard?.index ?? 1;
    if (byIndex.has(k)) throw refuse('shard', `${shardText(r.shard)} is given twice (${byIndex.get(k)} and ${name})`);
    byIndex.set(k, name);
  }
  const missing = [];
  for (let k = 1; k <= count; k++) if (!byIndex.has(k)) missing.push(`${k}/${count}`);
  if (missing.length) throw refuse('shard', `shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing`);
  for (const { name, r } of list) {
    const expected = shardCells(r.cells, r.shard).length * r.spec.seeds;
    if (r.rows.length !== expected) throw refuse('rows', `${name} holds ${r.rows.length} runs; ${shardText(r.shard)} has ${expected}`);
  }
  const { spec, specHash, engine, cells } = first.r;
  return makeResult({ spec, specHash, engine, cells, shard: null, rows: list.flatMap(({ r }) => r.rows.map((row) => canonicalRow(spec, row))), complete: true });
}
