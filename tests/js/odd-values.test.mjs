// Values no JSON or form would carry, given to every entry that takes a caller's values: each is
// accepted or refused with a TypeError/RangeError naming its field, never a crash of our own
// (BigInt in JSON.stringify, a symbol in a join, an object without toString). An exception a
// caller's own getter throws is passed on as it is: it is theirs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builds } from './helpers.mjs';
import { toHash, checkData, fields } from '../../web/src/node.js';

const [{ gradlab }] = await builds();
const mine = new Error('a getter of the caller threw');
const noText = { toString() { throw new Error('no toString'); }, valueOf() { throw new Error('no valueOf'); } };
const odd = {
  bigint: 5n, symbol: Symbol('s'), noText, nullProto: Object.create(null), symbols: [Symbol('a')], noTexts: [noText], bigints: [5n],
  proxy: new Proxy({}, {}), fn: () => 1, date: new Date(0), regexp: /x/, map: new Map(), negZero: -0, huge: 1e308, sparse: [, 1], holes: Array(3),
  getter: Object.defineProperty({}, 'seed', { get() { throw mine; }, enumerable: true }),
};

function refusedWell(what, fn) {
  try {
    fn();
  } catch (e) {
    if (e === mine) return;
    assert.ok(e instanceof TypeError || e instanceof RangeError, `${what}: ${e?.constructor?.name}: ${e?.message}`);
    assert.equal(typeof e.field, 'string', `${what}: no field in "${e.message}"`);
    assert.ok(e.message.startsWith(`${e.field}: `), `${what}: "${e.message}" does not start with its field ${e.field}`);
  }
}

test('every field, every entry that takes a configuration: an odd value is refused with its field', () => {
  for (const f of fields) {
    for (const [kind, v] of Object.entries(odd)) {
      const what = `${f.name} = ${kind}`;
      refusedWell(`check ${what}`, () => gradlab.check({ [f.name]: v }));
      refusedWell(`createSession ${what}`, () => gradlab.createSession({ [f.name]: v }).dispose());
      refusedWell(`toHash ${what}`, () => toHash({ [f.name]: v }));
      // repair takes anything: it never throws for a value, and names each one it replaced
      const r = gradlab.repair({ [f.name]: v });
      assert.deepEqual(gradlab.check(r.config), r.config, what);
      for (const w of r.warnings) assert.ok(typeof w.value === 'string' && w.value.length <= 200, what);
    }
  }
});

test('the other entries: options, bases, data, runs, curves, exercises and a session\'s arguments', () => {
  const s = gradlab.createSession({ hidden: [3] });
  for (const [kind, v] of Object.entries(odd)) {
    for (const [what, fn] of Object.entries({
      'check options': () => gradlab.check({}, v), 'repair options': () => gradlab.repair({}, v), 'repair base': () => gradlab.repair({}, { base: v }),
      fromHash: () => gradlab.fromHash(v), 'fromHash base': () => gradlab.fromHash('#seed=1', { base: v }),
      data: () => checkData(v), 'data inputs': () => checkData({ inputs: v, targets: [0, 1], inputDim: 1 }),
      fromJSON: () => gradlab.fromJSON(v), 'fromJSON config': () => gradlab.fromJSON({ format: 'gradlab-run', version: 1, config: v }),
      activationCurve: () => gradlab.activationCurve(v, [0]), 'activationCurve x': () => gradlab.activationCurve('relu', v),
      meanField: () => gradlab.meanField(v), checkExercise: () => gradlab.checkExercise(v),
      'setLive value': () => s.setLive('learningRate', v), 'setLive name': () => s.setLive(v, 0.1), step: () => s.step(v),
      predictGrid: () => s.predictGrid(v), setWeights: () => s.setWeights(v), loadWeights: () => s.loadWeights(v), evaluate: () => s.evaluate(v),
    })) refusedWell(`${what} ${kind}`, fn);
  }
  s.dispose();
});

test('what the odd values are called in the refusals', () => {
  const s = gradlab.createSession({ hidden: [3] });
  assert.throws(() => s.setLive(Symbol('lr'), 0.1), (e) => e instanceof TypeError && e.message === 'name: expected a field name, got [object Symbol]');
  assert.throws(() => gradlab.activationCurve('relu', [0, 5n]), (e) => e instanceof TypeError && e.message === 'x[1]: expected a number, got 5n');
  assert.throws(() => gradlab.repair({}, { base: odd.getter }), (e) => e === mine, "the caller's own exception, not base.undefined");
  const throwsNull = Object.defineProperty({}, 'seed', { get() { throw null; }, enumerable: true });  // eslint-disable-line no-throw-literal
  assert.throws(() => gradlab.repair({}, { base: throwsNull }), (e) => e === null, 'even when it is not an Error');
  const r = gradlab.repair({ hidden: [8, odd.symbols[0]] });
  assert.deepEqual(r.warnings.map((w) => [w.value, w.message]), [['8,[object Symbol]', 'hidden[1]: expected an integer, got [object Symbol]; using 4,2 instead']]);
  s.dispose();
});
