// A sweep spec without a run (web/src/sweep/spec.js, hash.js, fingerprint.js): every field
// validated with its path and what is allowed, the other refusals whole, the hashes pinned as
// the file format they are, the engine fingerprint's coverage, and the canonical spec. Kept
// apart from sweep.test.mjs (which runs sweeps) so that it is fast, and first in the mutation
// run's sweep-spec group.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGradLab, normalizeSweepSpec, sweepRunConfig, sweepCellCount, getPreset } from '../../web/src/node.js';
import * as schemaModule from '../../web/src/schema.js';
import { measureNames } from '../../web/src/sweep/measures.js';
import { atPath } from '../../web/src/sweep/spec.js';
import { engineFingerprint } from '../../web/src/sweep/fingerprint.js';
import { hashText, hashBytes, hash32 } from '../../web/src/sweep/hash.js';
import { throwsWith } from './helpers.mjs';

const gradlab = await createGradLab();


test('every spec field is validated with its path and what is allowed', () => {
  const spec = (over) => ({ axes: [{ field: 'learningRate', values: [0.1] }], ...over });
  const norm = (s) => () => normalizeSweepSpec(s);
  throwsWith(assert, norm(null), TypeError, 'spec: expected a sweep specification');
  let e = throwsWith(assert, norm({ axis: [] }), TypeError, 'axis: unknown key', 'did you mean axes?');
  assert.equal(e.field, 'axis');
  e = throwsWith(assert, norm(spec({ base: { learningRate: 30 } })), RangeError, 'base.learningRate: 30 is out of range (allowed 1e-7 to 10)');
  assert.equal(e.field, 'base.learningRate');
  throwsWith(assert, norm(spec({ base: { learningrate: 0.1 } })), TypeError, 'base.learningrate: unknown field', 'did you mean learningRate?');
  throwsWith(assert, norm(spec({ base: 'dying-relu' })), TypeError, 'base: "dying-relu" is not a preset', 'did you mean dying-relu-high-lr?');
  throwsWith(assert, norm(spec({ preset: 42 })), TypeError, 'preset: 42 is not a preset');
  throwsWith(assert, norm({ axes: {} }), TypeError, 'axes: expected an array');
  throwsWith(assert, norm({ axes: [7] }), TypeError, 'axes[0]: expected an axis');
  e = throwsWith(assert, norm({ axes: [{ field: 'learningrate', values: [0.1] }] }), TypeError, 'axes[0].field: "learningrate" is not a configuration field', 'did you mean learningRate?');
  assert.equal(e.field, 'axes[0].field');
  e = throwsWith(assert, norm({ axes: [{ field: 'depth', values: [2] }, { field: 'learningRate', values: [0.1, 0.2, 0.3, 30] }] }), RangeError,
    'axes[1].values[3]: learningRate: 30 is out of range (allowed 1e-7 to 10)');
  assert.equal(e.field, 'axes[1].values[3]');
  throwsWith(assert, norm({ axes: [{ field: 'activation', values: ['relu', 'relu6'] }] }), RangeError, 'axes[0].values[1]: activation: "relu6" is not one of', 'did you mean relu?');
  throwsWith(assert, norm({ axes: [{ field: 'learningRate', values: ['0.1'] }] }), TypeError, 'axes[0].values[0]: learningRate: expected a number');
  throwsWith(assert, norm({ axes: [{ field: 'learningRate', values: [0.1, 0.2, 0.1] }] }), RangeError, 'axes[0].values[2]: 0.1 appears twice (also values[0])');
  throwsWith(assert, norm({ axes: [{ field: 'learningRate', values: [] }] }), RangeError, 'axes[0].values: is empty');
  throwsWith(assert, norm({ axes: [{ field: 'learningRate', values: [0.1], from: 0.1 }] }), TypeError, 'axes[0]: give either values or a range');
  throwsWith(assert, norm({ axes: [{ field: 'activation', from: 1, to: 2, count: 2 }] }), TypeError, 'axes[0]: activation is a choice; give its values');
  throwsWith(assert, norm({ axes: [{ field: 'noise', from: 0, to: 1, count: 3, scale: 'log' }] }), RangeError, 'axes[0].from: 0 cannot be an end of a log range');
  throwsWith(assert, norm({ axes: [{ field: 'learningRate', from: 0.1, to: 1, count: 3, scale: 'ln' }] }), RangeError, 'axes[0].scale: "ln" is not one of linear, log');
  throwsWith(assert, norm({ axes: [{ field: 'learningRate', from: 0.1, to: 1 }] }), TypeError, 'axes[0].count: a range needs from, to and count');
  throwsWith(assert, norm({ axes: [{ field: 'learningRate', from: 0.1, to: 1, count: 1 }] }), RangeError, 'axes[0].count: 1 is not an integer from 2 to 10000');
  throwsWith(assert, norm({ axes: [{ field: 'learningRate', from: 0.1, to: 20, count: 3 }] }), RangeError, 'axes[0].to: learningRate: 20 is out of range (allowed 1e-7 to 10)');
  throwsWith(assert, norm({ axes: [{ field: 'depth', from: 2, to: 5, count: 6 }] }), RangeError, 'axes[0].count: 6 integers from 2 to 5 repeat', 'at most 4 distinct values');
  throwsWith(assert, norm({ axes: [{ field: 'depth', values: [2, 65] }] }), RangeError, 'axes[0].values[1]: depth: 65 is not an integer from 0 to 64');
  throwsWith(assert, norm({ axes: [{ field: 'width', values: [0] }] }), RangeError, 'axes[0].values[0]: width: 0 is not an integer from 1 to 256');
  throwsWith(assert, norm({ axes: [{ field: 'hidden', values: [[8, 8], [8, 300]] }] }), RangeError, 'axes[0].values[1]: hidden[1]: 300 is out of range');
  throwsWith(assert, norm({ axes: [{ field: 'depth', values: [2] }, { field: 'hidden', values: [[8]] }] }), RangeError, 'axes[1].field: hidden cannot be an axis together with depth');
  throwsWith(assert, norm({ axes: [{ field: 'noise', values: [0] }, { field: 'noise', values: [0.1] }] }), RangeError, 'axes[1].field: noise is already an axis (axes[0])');
  throwsWith(assert, norm({ axes: [{ field: 'seed', values: [1, 2] }] }), RangeError, 'axes[0].field: seed cannot be an axis', 'seeds: N');
  throwsWith(assert, norm({ base: { hidden: [] }, axes: [{ field: 'depth', values: [1, 2] }] }), RangeError, 'depth needs a width');
  throwsWith(assert, norm({ base: { hidden: [] }, axes: [{ field: 'width', values: [1, 2] }] }), RangeError, 'width needs hidden layers');
  throwsWith(assert, norm(spec({ steps: -1 })), RangeError, 'steps: -1 is not an integer from 0 to 10000000');
  throwsWith(assert, norm(spec({ steps: '10' })), TypeError, 'steps: expected an integer');
  throwsWith(assert, norm(spec({ seeds: 0 })), RangeError, 'seeds: 0 is not an integer from 1 to 1000');
  throwsWith(assert, norm(spec({ measures: [] })), RangeError, 'measures: is empty');
  e = throwsWith(assert, norm(spec({ measures: ['trainLoss', 'deadfraction'] })), RangeError, 'measures[1]: "deadfraction" is not one of', 'did you mean deadFraction?');
  assert.equal(e.field, 'measures[1]');
  throwsWith(assert, norm(spec({ measures: ['trainLoss', 'trainLoss'] })), RangeError, 'measures[1]: "trainLoss" is listed twice');
  throwsWith(assert, norm(spec({ measures: ['stepsToTarget'] })), TypeError, 'target: stepsToTarget needs a target');
  throwsWith(assert, norm(spec({ target: 0.1 })), RangeError, 'target: is only used by the stepsToTarget measure');
  throwsWith(assert, norm(spec({ measures: ['stepsToTarget'], target: -1 })), RangeError, 'target: -1 is not a loss above 0');
  throwsWith(assert, norm(spec({ evalEvery: 10 })), RangeError, 'evalEvery: is only used by the measures taken during training');
  throwsWith(assert, norm(spec({ measures: ['bestTrainLoss'], steps: 100, evalEvery: 101 })), RangeError, 'evalEvery: 101 is not an integer from 1 to 100');
  throwsWith(assert, norm(spec({ seedMode: 'random' })), RangeError, 'seedMode: "random" is not one of shared, independent');
});

test('the other refusals of a spec, each whole, and the largest spec accepted', () => {
  const lr = (extra) => ({ field: 'learningRate', ...extra });
  const ramp = (n) => Array.from({ length: n }, (_, i) => 0.001 + i * 1e-4);
  const axesOf = (n) => ['noise', 'learningRate', 'batchSize', 'numPoints', 'l2', 'l1', 'momentum', 'initGain', 'biasInit'].slice(0, n)
    .map((field) => ({ field, values: [{ batchSize: 4, numPoints: 100 }[field] ?? 0.5] }));
  for (const [spec, E, message] of [
    [{ axes: [lr({ to: 1, count: 3 })] }, TypeError, 'axes[0].from: a range needs from, to and count'],
    [{ axes: [lr({ from: 0.1, count: 3 })] }, TypeError, 'axes[0].to: a range needs from, to and count'],
    [{ axes: [lr({ from: 0.1, to: 0.1, count: 3 })] }, RangeError, 'axes[0].to: 0.1 equals from: a range needs two different ends (use values: [0.1] for one value)'],
    [{ axes: [{ field: 'biasInit', from: 1, to: -1, count: 3, scale: 'log' }] }, RangeError, 'axes[0].to: -1 cannot be an end of a log range (both ends must be above 0)'],
    [{ axes: [{ field: 'noise', from: 0.5, to: 0, count: 2, scale: 'log' }] }, RangeError, 'axes[0].to: 0 cannot be an end of a log range (both ends must be above 0)'],
    [{ axes: [lr({ from: 0.1, to: 0.1000000000001, count: 3 })] }, RangeError,
      'axes[0].count: 3 values from 0.1 to 0.1000000000001 repeat 0.1 after rounding (the range is too narrow for that many values of 12 significant digits)'],
    [{ axes: [{ field: 'hidden', from: 1, to: 2, count: 2 }] }, TypeError, 'axes[0]: hidden is a list; give its values (e.g. values: [[8, 8], …]), not a range'],
    [{ axes: [{ field: 'activation', from: 1, to: 2, count: 2 }] }, TypeError, 'axes[0]: activation is a choice; give its values (e.g. values: ["linear", …]), not a range'],
    [{ axes: [lr({ values: [0.1], vals: 1 })] }, TypeError, 'axes[0].vals: unknown key of an axis (did you mean values?)'],
    [{ axes: [{ field: 7, values: [1] }] }, TypeError, 'axes[0].field: expected a field name such as "learningRate" or "depth", got 7'],
    [{ axes: [{ field: 'width', values: [2] }, { field: 'hidden', values: [[8]] }] }, RangeError, 'axes[1].field: hidden cannot be an axis together with depth or width (they generate hidden)'],
    [{ axes: [{ field: 'hidden', values: [[8]] }, { field: 'depth', values: [2] }] }, RangeError, 'axes[1].field: depth cannot be an axis together with hidden (it generates hidden)'],
    [{ axes: [{ field: 'hidden', values: [[8]] }, { field: 'width', values: [2] }] }, RangeError, 'axes[1].field: width cannot be an axis together with hidden (it generates hidden)'],
    [{ axes: [lr({ values: 0.1 })] }, TypeError, 'axes[0].values: expected an array of learningRate values, got 0.1'],
    [{ axes: [lr({ values: ramp(10001) })] }, RangeError, 'axes[0].values: 10001 values is too many (allowed at most 10000)'],
    [{ axes: [{ field: 'activation', values: ['relu'], scale: 'log' }] }, RangeError, 'axes[0].scale: activation is not numeric: only numbers have a log scale'],
    [{ axes: [{ field: 'noise', values: [0.1, 0], scale: 'log' }] }, RangeError, 'axes[0].values[1]: 0 cannot be on a log scale (values must be above 0)'],
    [{ axes: [lr({ values: [0.1, 0.2], link: { init: ['he_normal'] } })] }, RangeError, 'axes[0].link.init: has 1 value; the axis has 2 (one linked value per axis value)'],
    [{ axes: [lr({ values: [0.1, 0.2], link: { init: 'he_normal' } })] }, TypeError, 'axes[0].link.init: expected an array of 2 init values (one per value of the axis), got "he_normal"'],
    [{ axes: [lr({ values: [0.1], link: {} })] }, RangeError, 'axes[0].link: is empty: link at least one field, or leave link out'],
    [{ axes: [lr({ values: [0.1], link: 5 })] }, TypeError, 'axes[0].link: expected {field: [values…]} with one value per value of the axis, e.g. {init: ["he_normal", "xavier_normal"]}, got 5'],
    [{ axes: [lr({ values: [0.1], link: { sead: [1] } })] }, TypeError, 'axes[0].link.sead: "sead" is not a configuration field or derived axis (depth, width) (did you mean seed?)'],
    [{ axes: [lr({ values: [0.1], link: { seed: [1] } })] }, RangeError, 'axes[0].link.seed: seed cannot be linked: use `seeds: N` for N runs per cell'],
    [{ axes: [lr({ values: [0.1], link: { learningRate: [0.2] } })] }, RangeError, 'axes[0].link.learningRate: learningRate is already an axis (axes[0])'],
    [{ axes: [{ field: 'noise', values: [0.1] }, lr({ values: [0.1], link: { noise: [0.2] } })] }, RangeError, 'axes[1].link.noise: noise is already an axis (axes[0])'],
    [{ axes: [{ field: 'depth', values: [2] }, lr({ values: [0.1], link: { hidden: [[8]] } })] }, RangeError, 'axes[1].link.hidden: hidden cannot vary together with depth or width (they generate hidden)'],
    [{ axes: [{ field: 'hidden', values: [[8]] }, lr({ values: [0.1], link: { width: [8] } })] }, RangeError, 'axes[1].link.width: hidden cannot vary together with depth or width (they generate hidden)'],
    [{ base: { hidden: [] }, axes: [lr({ values: [0.1], link: { width: [4] } })] }, RangeError,
      'axes[0].link.width: width needs hidden layers: the base configuration has none (give base.hidden or a depth axis first)'],
    [{ base: { hidden: [] }, axes: [lr({ values: [0.1], link: { depth: [2] } })] }, RangeError,
      'axes[0].link.depth: depth needs a width: the base configuration has no hidden layer to copy it from (give base.hidden or a width axis)'],
    [{ axes: [{ field: 'depth', values: [2, 3], link: { width: [4] } }] }, RangeError, 'axes[0].link.width: has 1 value; the axis has 2 (one linked value per axis value)'],
    [{ axes: axesOf(9) }, RangeError, 'axes: 9 axes is too many (allowed at most 8)'],
    [{ base: 'dying-relu-high-lr', preset: 'dying-relu-high-lr' }, TypeError, 'base: is a preset name and preset is given too: give the preset as preset and overrides as base'],
    [{ base: 7 }, TypeError, 'base: expected a (partial) configuration object or a preset name, got 7'],
    [{ measures: 'trainLoss' }, TypeError, `measures: expected an array of measure names (${measureNames.join(', ')}), got "trainLoss"`],
    [{ measures: [7] }, TypeError, 'measures[0]: expected a measure name, got 7'],
    [{ measures: ['stepsToTarget'], target: '0.1' }, TypeError, 'target: expected a training loss (a number above 0), got "0.1"'],
    [{ ['x'.repeat(100)]: 1 }, TypeError, `${'x'.repeat(64)}: unknown key of a sweep spec`],
  ]) {
    assert.throws(() => normalizeSweepSpec(spec), (e) => e instanceof E && e.message === message && message.startsWith(`${e.field}: `), message);
  }
  // the largest spec: 10,000 values on an axis and 8 axes; a log range between positive ends
  assert.equal(normalizeSweepSpec({ axes: [lr({ values: ramp(10000) })] }).axes[0].values.length, 10000);
  assert.equal(normalizeSweepSpec({ axes: axesOf(8) }).axes.length, 8);
  assert.deepEqual(normalizeSweepSpec({ axes: [{ field: 'biasInit', from: 1, to: 100, count: 3, scale: 'log' }] }).axes[0].values, [1, 10, 100]);
  assert.equal(normalizeSweepSpec({ steps: 10_000_000 }).steps, 10_000_000);
  // atPath: a schema error moved into the spec; any other error passes through as it is
  const bug = new Error('not ours');
  assert.equal(atPath('axes[0]', bug), bug);
  const moved = (e, replace) => { const m = atPath('base.hidden', e, { replace }); return [m.constructor, m.field, m.message]; };
  const own = Object.assign(new RangeError('hidden: 300 is out of range'), { field: 'hidden' });
  assert.deepEqual(moved(own, true), [RangeError, 'base.hidden', 'base.hidden: 300 is out of range']);
  assert.deepEqual(moved(own, false), [RangeError, 'base.hidden', 'base.hidden: hidden: 300 is out of range']);
  const elsewhere = Object.assign(new TypeError('a list, please'), { field: 'hidden' });  // message without its field in front
  assert.deepEqual(moved(elsewhere, true), [TypeError, 'base.hidden', 'base.hidden: a list, please']);
  assert.deepEqual(moved(new TypeError('hidden: x'), true), [TypeError, 'base.hidden', 'base.hidden: hidden: x'], 'no field: nothing to replace');
});

test('hashes: 16 hex digits, every byte and character counts, the same bytes through any view hash alike', () => {
  // A sweep file carries its spec's hash (specHash) and merging checks it: the values are part
  // of the file format, so they are pinned here, and a change to the hash is a format change.
  assert.deepEqual([hashText(''), hashText('gradlab'), hashText('gradlab', 7), hash32('gradlab')],
    ['30a00dd6c223ada3', '36dac216ae9b510a', 'ad3082b5ece05898', 2929414410]);
  assert.equal(hashBytes(new Uint8Array([1, 2, 3])), '924fd0d7f59fc053');
  const texts = Array.from({ length: 300 }, (_, i) => `cell ${i}`);
  for (const t of texts) assert.match(hashText(t), /^[0-9a-f]{16}$/, t);  // a lane below 2^28 is padded
  assert.equal(new Set(texts.map((t) => hashText(t))).size, texts.length);
  const f = new Float32Array([0.5, -1, 3.25, 7]);
  const bytes = new Uint8Array(f.buffer);
  assert.equal(hashBytes(f), hashBytes(bytes));
  // a view at an offset hashes its own bytes only
  const wide = new Float32Array([9, 0.5, -1, 3.25, 7]);
  assert.equal(hashBytes(wide.subarray(1)), hashBytes(f));
  for (let i = 0; i < bytes.length; i++) {
    const changed = bytes.slice();
    changed[i] ^= 1;
    assert.notEqual(hashBytes(changed), hashBytes(bytes), `byte ${i}`);
  }
});

test('the engine fingerprint takes in every activation, optimiser, initialiser and data set, and an engine\'s refusals', () => {
  const real = engineFingerprint(gradlab);
  assert.match(real, /^[0-9a-f]{16}$/);
  // An engine that computes differently only where `key` is `value`: its fingerprint must differ.
  const differing = (key, value, how) => ({
    createSession(config) {
      const s = gradlab.createSession(config);
      if (config[key] !== value) return s;
      if (how !== undefined) {
        s.dispose();
        throw new RangeError(how);  // refuses, with this message
      }
      return { step: (n) => s.step(n), getWeightsArray: () => s.getWeightsArray(), evaluate: () => ({ ...s.evaluate(), trainLoss: 42 }), dispose: () => s.dispose() };
    },
  });
  for (const key of ['activation', 'optimizer', 'init', 'dataset'])
    for (const value of schemaModule.getField(key).values.filter((v) => v !== 'custom'))
      assert.notEqual(engineFingerprint(differing(key, value)), real, `an engine differing only at ${key} = ${value}`);
  const refusing = engineFingerprint(differing('activation', 'relu', 'activation: not here'));
  assert.notEqual(refusing, real);
  assert.notEqual(engineFingerprint(differing('activation', 'relu', 'activation: not now')), refusing, 'what it says when it refuses counts');
  // computed once per engine instance
  let made = 0;
  const counting = { createSession: (c) => (made++, gradlab.createSession(c)) };
  assert.equal(engineFingerprint(counting), real);
  const once = made;
  assert.equal(engineFingerprint(counting), real);
  assert.equal(made, once);
});

test('the canonical spec lists every value, is stable under normalisation and starts from a preset', () => {
  const s = normalizeSweepSpec({ preset: 'dying-relu-high-lr', base: { learningRate: 0.5 }, axes: [{ field: 'learningRate', from: 0.001, to: 1, count: 4, scale: 'log' }, { field: 'depth', from: 2, to: 40, count: 20 }] });
  assert.deepEqual(s.axes[0].values, [0.001, 0.01, 0.1, 1]);
  assert.deepEqual(s.axes[1].values, Array.from({ length: 20 }, (_, i) => 2 + 2 * i));
  assert.equal(s.base.learningRate, 0.5);
  assert.equal(s.base.activation, getPreset('dying-relu-high-lr').config.activation);
  assert.equal(s.steps, getPreset('dying-relu-high-lr').steps);
  assert.deepEqual(normalizeSweepSpec(s), s);
  assert.deepEqual(normalizeSweepSpec(JSON.parse(JSON.stringify(s))), s);
  // The derived axes build hidden from the base's width and depth.
  assert.deepEqual(sweepRunConfig(s, 1, 0).hidden, [8, 8, 8, 8]);
  const w = normalizeSweepSpec({ base: { hidden: [6, 6, 6] }, axes: [{ field: 'width', values: [3, 9] }] });
  assert.deepEqual(sweepRunConfig(w, 1, 0).hidden, [9, 9, 9]);
  assert.equal(sweepCellCount(s), 80);
});
