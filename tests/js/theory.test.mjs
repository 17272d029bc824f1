// gradlab.meanField and gradlab.criticalLine: the engine's mean-field theory through the npm
// API. The numbers are checked against closed forms and the published tanh line (the C++ suite,
// tests/core/test_meanfield.cpp, goes further); here: what the API returns where quantities do
// not exist, that both builds agree to the bit, and that every bad input is refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builds, throwsWith } from './helpers.mjs';
import { getField } from '../../web/src/node.js';

const [simd, scalar] = await builds();
const gradlab = simd.gradlab;
const FIELDS = ['phase', 'qStar', 'chi1', 'cStar', 'xiQ', 'xiC'];

test('relu and tanh against their closed forms', () => {
  for (const sigmaW2 of [0.5, 1, 1.5]) {
    // relu: E[relu'(u)²] = 1/2 whatever the variance, and q* = σ_b² / (1 - σ_w²/2).
    const m = gradlab.meanField({ activation: 'relu', sigmaW2, sigmaB2: 0.1 });
    assert.equal(m.phase, 'ordered');
    assert.ok(Math.abs(m.chi1 - sigmaW2 / 2) < 1e-14, `χ₁ ${m.chi1}`);
    assert.ok(Math.abs(m.qStar - 0.1 / (1 - sigmaW2 / 2)) < 1e-12 * m.qStar, `q* ${m.qStar}`);
    assert.equal(m.cStar, 1);
  }
  // tanh without bias: critical at σ_w² = 1; at σ_b² = 0.05 at ≈ 1.76 (Schoenholz et al. 2017).
  const [c0, c05] = gradlab.criticalLine('tanh', [0, 0.05]);
  assert.ok(Math.abs(c0 - 1) < 1e-9, `${c0}`);
  assert.ok(Math.abs(c05 - 1.76) <= 0.005, `${c05}`);
  // The line and the point agree: just below it ordered, just above chaotic, χ₁ = 1 on it.
  assert.equal(gradlab.meanField({ activation: 'tanh', sigmaW2: c05 * 0.99, sigmaB2: 0.05 }).phase, 'ordered');
  assert.equal(gradlab.meanField({ activation: 'tanh', sigmaW2: c05 * 1.01, sigmaB2: 0.05 }).phase, 'chaotic');
  assert.ok(Math.abs(gradlab.meanField({ activation: 'tanh', sigmaW2: c05, sigmaB2: 0.05 }).chi1 - 1) < 1e-9);
});

test('activation parameters are the network\'s: elu α and the GELU form reach the theory', () => {
  // elu without bias is critical where σ_w² (1 + α²)/2 = 1 (q* → 0: slopes 1 and α at 0).
  for (const eluAlpha of [0.5, 1, 2]) {
    const [c] = gradlab.criticalLine({ activation: 'elu', eluAlpha }, [0]);
    assert.ok(Math.abs(c - 2 / (1 + eluAlpha ** 2)) < 1e-9, `α ${eluAlpha}: ${c}`);
  }
  const erf = gradlab.meanField({ activation: 'gelu', sigmaW2: 1.5, sigmaB2: 0.3 });
  const tanhForm = gradlab.meanField({ activation: 'gelu', gelu: 'tanh', sigmaW2: 1.5, sigmaB2: 0.3 });
  assert.notEqual(erf.chi1, tanhForm.chi1);
  assert.ok(Math.abs(erf.chi1 - tanhForm.chi1) < 1e-2);
});

test('quantities that do not exist are null, never NaN; a diverging depth scale is Infinity', () => {
  const check = (m) => {
    assert.deepEqual(Object.keys(m).sort(), [...FIELDS].sort());
    for (const k of FIELDS.slice(1)) assert.ok(m[k] === null || (typeof m[k] === 'number' && !Number.isNaN(m[k])), `${k} = ${m[k]}`);
    assert.ok(Object.isFrozen(m));
  };
  // relu beyond σ_w² = 2: the variance grows without bound, no fixed point.
  const up = gradlab.meanField({ activation: 'relu', sigmaW2: 3, sigmaB2: 0.1 });
  check(up);
  assert.equal(up.phase, 'unbounded');
  for (const k of FIELDS.slice(1)) assert.equal(up[k], null, k);
  // tanh without bias, ordered: q* = 0, the signal vanishes and correlations are undefined.
  const none = gradlab.meanField({ activation: 'tanh', sigmaW2: 0.8, sigmaB2: 0 });
  check(none);
  assert.equal(none.qStar, 0);
  assert.ok(Math.abs(none.chi1 - 0.8) < 1e-12);
  assert.equal(none.cStar, null);
  assert.equal(none.xiC, null);
  assert.ok(Number.isFinite(none.xiQ));
  // relu at σ_w² = 2 without bias: critical, both depth scales diverge.
  const crit = gradlab.meanField({ activation: 'relu', sigmaW2: 2, sigmaB2: 0 });
  check(crit);
  assert.equal(crit.phase, 'critical');
  assert.equal(crit.xiC, Infinity);
  // Chaotic: every quantity exists and is finite.
  const chaos = gradlab.meanField({ activation: 'tanh', sigmaW2: 4, sigmaB2: 0.05 });
  check(chaos);
  assert.equal(chaos.phase, 'chaotic');
  for (const k of FIELDS.slice(1)) assert.ok(Number.isFinite(chaos[k]), k);
  assert.ok(chaos.cStar > 0 && chaos.cStar < 1);
  // No critical point up to the sigmaW2 field's maximum: null entries.
  const line = gradlab.criticalLine('sigmoid', [0, 0.1]);
  assert.deepEqual(line, [null, null]);
  assert.deepEqual(gradlab.criticalLine('tanh', []), []);
});

test('the SIMD and scalar builds give the same bits', () => {
  const points = [
    { activation: 'tanh', sigmaW2: 1.76, sigmaB2: 0.05 }, { activation: 'tanh', sigmaW2: 4, sigmaB2: 0.3 },
    { activation: 'selu', sigmaW2: 1.5, sigmaB2: 0.05 }, { activation: 'swish', swishBeta: 2, sigmaW2: 1.2, sigmaB2: 0.2 },
    { activation: 'mish', sigmaW2: 1.9, sigmaB2: 1, inputVariance: 3 }, { activation: 'softplus', sigmaW2: 0.7, sigmaB2: 2 },
  ];
  for (const p of points) assert.deepEqual(scalar.gradlab.meanField(p), simd.gradlab.meanField(p), JSON.stringify(p));
  const sb = Array.from({ length: 21 }, (_, i) => i * 0.05);
  for (const a of ['tanh', 'elu', 'gelu', 'leaky_relu'])
    assert.deepEqual(scalar.gradlab.criticalLine(a, sb), simd.gradlab.criticalLine(a, sb), a);
});

test('bad input is refused with the field named and the allowed range', () => {
  const w = getField('sigmaW2'), b = getField('sigmaB2');
  throwsWith(assert, () => gradlab.meanField({ activation: 'tanh', sigmaW2: w.max * 2 }), RangeError, 'sigmaW2', `${w.min} to ${w.max}`);
  throwsWith(assert, () => gradlab.meanField({ sigmaB2: -0.1 }), RangeError, 'sigmaB2', `${b.min} to ${b.max}`);
  throwsWith(assert, () => gradlab.meanField({ sigmaW2: '1' }), TypeError, 'sigmaW2');
  throwsWith(assert, () => gradlab.meanField({ sigmaW2: NaN }), RangeError, 'sigmaW2');
  throwsWith(assert, () => gradlab.meanField({ activation: 'relu6' }), RangeError, 'activation', 'relu');
  throwsWith(assert, () => gradlab.meanField({ activaton: 'tanh' }), TypeError, 'activaton', 'did you mean activation');
  throwsWith(assert, () => gradlab.meanField({ eluAlpha: 11 }), RangeError, 'eluAlpha');
  throwsWith(assert, () => gradlab.meanField({ inputVariance: 'x' }), TypeError, 'inputVariance');
  throwsWith(assert, () => gradlab.meanField({ inputVariance: -1 }), RangeError, 'inputVariance');
  throwsWith(assert, () => gradlab.meanField({ inputVariance: 1e300 }), RangeError, 'inputVariance', 'allowed 0 to 1000000');
  throwsWith(assert, () => gradlab.meanField({ inputVariance: Infinity }), RangeError, 'inputVariance');
  throwsWith(assert, () => gradlab.meanField(null), TypeError, 'params');
  throwsWith(assert, () => gradlab.meanField([1]), TypeError, 'params');
  throwsWith(assert, () => gradlab.criticalLine('tanh', [0, 0.1, -1]), RangeError, 'sigmaB2[2]', `${b.min} to ${b.max}`);
  throwsWith(assert, () => gradlab.criticalLine('tanh', [0, null]), TypeError, 'sigmaB2[1]');
  throwsWith(assert, () => gradlab.criticalLine('tanh', [0, , 1]), TypeError, 'sigmaB2[1]');  // eslint-disable-line no-sparse-arrays
  throwsWith(assert, () => gradlab.criticalLine('tanh', 0.05), TypeError, 'sigmaB2', 'array');
  throwsWith(assert, () => gradlab.criticalLine('tanhh', [0]), RangeError, 'activation');
  throwsWith(assert, () => gradlab.criticalLine('tanh', [0], { inputVariance: -2 }), RangeError, 'inputVariance');
  throwsWith(assert, () => gradlab.criticalLine('tanh', [0], { inputVarience: 2 }), TypeError, 'options.inputVarience');
  throwsWith(assert, () => gradlab.criticalLine('tanh', [0], 2), TypeError, 'options');
  throwsWith(assert, () => gradlab.criticalLine('tanh', new Array(10001).fill(0)), RangeError, 'sigmaB2', 'at most 10000');
  // After a refusal the engine still answers.
  assert.ok(Math.abs(gradlab.meanField({ activation: 'relu', sigmaW2: 1, sigmaB2: 0.1 }).chi1 - 0.5) < 1e-14);
});

test('the edges of the inputs are accepted, and refusals carry the field and the whole message', () => {
  // inputVariance in [0, 10^6] and up to 10^4 σ_b² values (the published limits, written out):
  // the edges themselves are allowed. relu's χ₁ = σ_w²/2 whatever the input variance, and its
  // critical line is σ_w² = 2 at every σ_b².
  for (const inputVariance of [0, 3, 1e6])
    assert.ok(Math.abs(gradlab.meanField({ activation: 'relu', sigmaW2: 1, sigmaB2: 0.1, inputVariance }).chi1 - 0.5) < 1e-14, `${inputVariance}`);
  const line = gradlab.criticalLine('relu', new Array(10000).fill(0), { inputVariance: 2 });
  assert.equal(line.length, 10000);
  assert.ok(line.every((w) => Math.abs(w - 2) < 1e-9));
  const refused = (fn, E, field, message) => {
    const e = throwsWith(assert, fn, E);
    assert.equal(e.field, field);
    assert.equal(e.message, `${field}: ${message}`);
  };
  refused(() => gradlab.meanField(5), TypeError, 'params', 'expected an object such as {activation: "tanh", sigmaW2: 1.5, sigmaB2: 0.05}, got 5');
  refused(() => gradlab.meanField(null), TypeError, 'params', 'expected an object such as {activation: "tanh", sigmaW2: 1.5, sigmaB2: 0.05}, got null');
  refused(() => gradlab.meanField({ inputVariance: 'x' }), TypeError, 'inputVariance', 'expected a number, got "x"');
  refused(() => gradlab.meanField({ inputVariance: 2e6 }), RangeError, 'inputVariance', '2000000 is out of range (allowed 0 to 1000000)');
  refused(() => gradlab.meanField({ inputVariance: -1 }), RangeError, 'inputVariance', '-1 is out of range (allowed 0 to 1000000)');
  refused(() => gradlab.criticalLine('tanh', new Array(10001).fill(0)), RangeError, 'sigmaB2', '10001 values is too many (allowed at most 10000)');
  // the element's own message, without the array's name repeated inside it
  const e = throwsWith(assert, () => gradlab.criticalLine('tanh', [0, 0.1, -1]), RangeError);
  assert.equal(e.field, 'sigmaB2[2]');
  assert.match(e.message, /^sigmaB2\[2\]: -1 is out of range \(allowed 0 to \d+\)$/);
});
