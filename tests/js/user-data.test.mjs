// User data through the npm API and the CLI: the input plane of 2-D (and 1-D) user data over
// the domain derived from the points, a decision boundary checked by hand from known weights,
// the scores (confusion matrix, per-class accuracy, R²) counted by hand, runs with user data
// saved and replayed bit for bit (JSON and the share link's text), and `gradlab run --data`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { builds, root, throwsWith } from './helpers.mjs';
import { schema, encodeData, decodeData, snapToGrid, readCSV, writeCSV } from '../../web/src/node.js';
import { checkProperty } from './props/bounded.mjs';

// Separable by x1 > x2 except three points labelled against the rule: (1,0) is class 0,
// (-1,0) class 1 … and (0,1) class 0 agrees with it. x1 and x2 both span [-2, 3].
const DIAGONAL = {
  inputs: [2, 0, 0, 2, 3, 1, 1, 3, -1, -2, -2, -1, 1, 0, 0, 1, -1, 0],
  targets: [1, 0, 1, 0, 1, 0, 0, 0, 1],
  inputDim: 2,
  task: 'classification',
};
const ALL_TRAIN = { hidden: [], trainFraction: 1, batchSize: 2 };
const sigmoid = (z) => 1 / (1 + Math.exp(-z));

test('2-D user data have an input plane over a domain derived from the points (both builds)', async () => {
  for (const { name, gradlab } of await builds()) {
    const s = gradlab.createSession(ALL_TRAIN, { data: DIAGONAL });
    assert.equal(s.info.gridDims, 2, name);
    // the points' range [-2, 3] and a tenth of its span (0.5) on each side
    assert.deepEqual(s.inputDomain, [[-2.5, 3.5], [-2.5, 3.5]]);
    assert.deepEqual(s.info.inputDomain, s.inputDomain);
    // known weights: p = sigmoid(x1 - x2), so class 1 exactly where x1 > x2
    s.setWeights({ layers: [{ W: [[1, -1]], b: [0] }] });
    const res = 7;
    const g = s.predictGrid(res, { copy: true });
    assert.deepEqual(g.domain, s.inputDomain);
    let above = 0;
    let below = 0;
    for (let row = 0; row < res; row++) {
      for (let col = 0; col < res; col++) {
        const x1 = -2.5 + ((col + 0.5) * 6) / 7;  // cell centres on [-2.5, 3.5], row 0 on top
        const x2 = 3.5 - ((row + 0.5) * 6) / 7;
        const p = g.values[row * res + col];
        assert.ok(Math.abs(p - sigmoid(Math.fround(x1) - Math.fround(x2))) < 1e-6, `${name} cell ${row},${col}: ${p}`);
        if (Math.abs(x1 - x2) < 1e-9) continue;
        assert.equal(p > 0.5, x1 > x2, `${name} cell ${row},${col}`);
        if (x1 > x2) above++;
        else below++;
      }
    }
    assert.equal(above, 21);
    assert.equal(below, 21);
    // the neuron grids' input units are the grid's coordinates
    const n = s.neuronGrids(4);
    assert.equal(n.values[0], Math.fround(-2.5 + 0.5 * 1.5));
    assert.equal(n.values[16], Math.fround(3.5 - 0.5 * 1.5));
    s.dispose();
  }
});

test('user data: a domain given with the points; 1-D data get a line; more inputs have no plane; built-in sets keep theirs', async () => {
  const [{ gradlab }] = await builds();
  const drawn = gradlab.createSession(ALL_TRAIN, { data: { ...DIAGONAL, domain: [[-4, 4], [-5, 6]] } });
  assert.deepEqual(drawn.inputDomain, [[-4, 4], [-5, 6]]);
  drawn.dispose();
  throwsWith(assert, () => gradlab.createSession(ALL_TRAIN, { data: { ...DIAGONAL, domain: [[-1, 4], [-5, 6]] } }), RangeError,
    'data.inputs[10]: -2 is outside the domain [-1, 4] of input 1 (point 5)');
  throwsWith(assert, () => gradlab.createSession(ALL_TRAIN, { data: { ...DIAGONAL, domain: [[4, -4], [-5, 6]] } }), RangeError, 'data.domain[0]');
  throwsWith(assert, () => gradlab.createSession(ALL_TRAIN, { data: { ...DIAGONAL, domain: [[-4, 4]] } }), TypeError, 'data.domain: expected 2 [lo, hi] pairs');

  const line = gradlab.createSession({ hidden: [], trainFraction: 1, batchSize: 1 }, { data: { inputs: [0, 1, 2, 3], targets: [0, 2, 4, 7], inputDim: 1, task: 'regression' } });
  assert.equal(line.info.gridDims, 1);
  assert.equal(line.inputDomain.length, 1);
  assert.ok(Math.abs(line.inputDomain[0][0] + 0.3) < 1e-12 && Math.abs(line.inputDomain[0][1] - 3.3) < 1e-12);
  assert.equal(line.predictGrid(20).values.length, 20);
  line.dispose();
  const wide = gradlab.createSession({ hidden: [], trainFraction: 1, batchSize: 1 }, { data: { inputs: [0, 1, 2, 3, 4, 5], targets: [0, 1], inputDim: 3 } });
  assert.equal(wide.inputDomain, null);
  throwsWith(assert, () => wide.predictGrid(10), Error, 'no input plane');
  wide.dispose();
  // the built-in sets keep the playground's [-6, 6] at 0.6 units per playground unit (written
  // out, not read from schema.domain, the engine's constant this checks)
  const circle = gradlab.createSession({});
  assert.deepEqual(circle.inputDomain, [[-6 * 0.6, 6 * 0.6], [-6 * 0.6, 6 * 0.6]]);
  circle.dispose();
});

test('scores: confusion matrix, per-class accuracy and R² counted by hand', async () => {
  for (const { name, gradlab } of await builds()) {
    const s = gradlab.createSession(ALL_TRAIN, { data: DIAGONAL });
    s.setWeights({ layers: [{ W: [[1, -1]], b: [0] }] });
    const sc = s.scores();
    assert.equal(sc.task, 'classification');
    // class 0: (0,2) (1,3) (-2,-1) (0,1) predicted 0, (1,0) predicted 1; class 1: three right, (-1,0) predicted 0
    assert.deepEqual(sc.train.confusion, [[4, 1], [1, 3]], name);
    assert.deepEqual(sc.train.classAccuracy, [4 / 5, 3 / 4]);
    assert.equal(sc.train.accuracy, 7 / 9);
    assert.equal(s.evaluate().trainAccuracy, 7 / 9);
    assert.deepEqual(sc.test, { points: 0, accuracy: null, confusion: [[0, 0], [0, 0]], classAccuracy: [null, null], r2: null });
    s.dispose();

    // three classes, softmax scores (x1, x2, -x1 - x2); (3,1) is class 2 but scores highest as 0
    const t = gradlab.createSession({ hidden: [], trainFraction: 1, batchSize: 1 }, { data: { inputs: [2, 0, 0, 2, -2, -2, 3, 1], targets: [0, 1, 2, 2], inputDim: 2 } });
    t.setWeights({ layers: [{ W: [[1, 0], [0, 1], [-1, -1]], b: [0, 0, 0] }] });
    const st = t.scores();
    assert.deepEqual(st.train.confusion, [[1, 0, 0], [0, 1, 0], [1, 0, 1]]);
    assert.deepEqual(st.train.classAccuracy, [1, 1, 0.5]);
    assert.equal(t.evaluate().trainAccuracy, 3 / 4);
    t.dispose();

    // y = 2x against targets 0, 2, 4, 7: SS_res = 1, SS_tot about the mean 3.25 = 26.75
    const r = gradlab.createSession({ hidden: [], trainFraction: 1, batchSize: 1 }, { data: { inputs: [0, 1, 2, 3], targets: [0, 2, 4, 7], inputDim: 1, task: 'regression' } });
    r.setWeights({ layers: [{ W: [[2]], b: [0] }] });
    const sr = r.scores();
    assert.equal(sr.task, 'regression');
    assert.ok(Math.abs(sr.train.r2[0] - (1 - 1 / 26.75)) < 1e-12, String(sr.train.r2[0]));
    assert.deepEqual(sr.test.r2, [null]);
    assert.equal(sr.train.confusion, null);
    r.dispose();
  }
});

test('scores on a built-in 3-class set: the confusion matrix adds up to the split and its trace to the accuracy', async () => {
  const [{ gradlab }] = await builds();
  const s = gradlab.createSession({ dataset: 'gaussian', classes: 3, hidden: [8] });
  s.step(300);
  const m = s.evaluate();
  const sc = s.scores();
  for (const [split, acc, n] of [['train', m.trainAccuracy, s.info.train], ['test', m.testAccuracy, s.info.test]]) {
    const c = sc[split].confusion;
    assert.equal(c.flat().reduce((a, b) => a + b, 0), n, split);
    const perClass = s.points().targets;  // class sizes from the data themselves
    const idx = s.points()[split];
    for (let k = 0; k < 3; k++) assert.equal(c[k].reduce((a, b) => a + b, 0), [...idx].filter((i) => perClass[i] === k).length, `${split} class ${k}`);
    assert.equal(c.reduce((a, row, k) => a + row[k], 0) / n, acc, split);
  }
  s.dispose();
});

test('check and repair with user data: the rules that need the data are checked on them', async () => {
  const [{ gradlab }] = await builds();
  // 9 points at trainFraction 0.5: 5 train; batch 10 is too large for them
  throwsWith(assert, () => gradlab.check({ dataset: 'custom' }, { data: DIAGONAL }), RangeError, 'batchSize: 10 is larger than the training set (5 points');
  assert.equal(gradlab.check({ dataset: 'custom', batchSize: 5 }, { data: DIAGONAL }).batchSize, 5);
  // repair keeps the data set and puts a refused field back to the base's value
  const r = gradlab.repair({ dataset: 'custom', batchSize: 6, learningRate: 'x' }, { base: { batchSize: 4 }, data: DIAGONAL });
  assert.equal(r.config.dataset, 'custom');
  assert.equal(r.config.batchSize, 4);
  assert.ok(r.warnings.some((w) => w.field === 'batchSize'));
  // with data and no dataset given, the run is on the data
  assert.deepEqual(gradlab.repair({ batchSize: 2 }, { data: DIAGONAL }), { config: gradlab.check({ dataset: 'custom', batchSize: 2 }, { data: DIAGONAL }), warnings: [] });
  // no base or default batch fits the 5 training points (a learner's first few drawn points):
  // the largest batch that fits, said, and the data kept
  let small = gradlab.repair({ dataset: 'custom' }, { data: DIAGONAL });
  assert.equal(small.config.dataset, 'custom');
  assert.equal(small.config.batchSize, 5);
  assert.deepEqual(small.warnings, [{ field: 'batchSize', value: '10', message: 'batchSize: 10 is larger than the training set (5 points; allowed 1 to 5); using 5 instead' }]);
  small = gradlab.repair({ dataset: 'custom', batchSize: 4000, trainFraction: 0.3 }, { base: { trainFraction: 0.3 }, data: DIAGONAL });
  assert.equal(small.config.batchSize, 3, 'round(9 x 0.3) = 3 training points');
  // a built-in data set with data: the run is on the data, said (as createSession and check refuse it)
  const onData = gradlab.repair({ dataset: 'moons', batchSize: 2 }, { data: DIAGONAL });
  assert.equal(onData.config.dataset, 'custom');
  assert.deepEqual(onData.warnings.map((w) => [w.field, w.value]), [['dataset', 'moons']]);
  assert.match(onData.warnings[0].message, /^dataset: "moons" generates its own points and cannot run on user data \(their data set is "custom"\); using custom instead$/);
  for (const call of [() => gradlab.check({ dataset: 'moons' }, { data: DIAGONAL }), () => gradlab.createSession({ dataset: 'moons' }, { data: DIAGONAL })])
    throwsWith(assert, call, RangeError, 'dataset: "moons" generates its own points and cannot run on user data');
  // with data and no dataset, check reads the configuration as createSession runs it
  assert.deepEqual(gradlab.check({ batchSize: 2 }, { data: DIAGONAL }), gradlab.check({ dataset: 'custom', batchSize: 2 }, { data: DIAGONAL }));
  throwsWith(assert, () => gradlab.check({}, { data: DIAGONAL }), RangeError, 'batchSize: 10 is larger than the training set (5 points');
  // without data, custom falls back (a link cannot carry a session's data)
  assert.notEqual(gradlab.repair({ dataset: 'custom' }).config.dataset, 'custom');
});

test('a run on user data saved as JSON (and as link text) replays bit for bit', async () => {
  for (const { name, gradlab } of await builds()) {
    const D = schema.domain;
    // a drawn set: points snapped to the link's grid on the built-in plane
    const inputs = [];
    const targets = [];
    for (let i = 0; i < 60; i++) {
      const a = (i / 60) * 4 * Math.PI;
      const r = 0.3 + (i / 60) * 3;
      inputs.push(snapToGrid(r * Math.cos(a + (i % 2) * Math.PI), -D, D), snapToGrid(r * Math.sin(a + (i % 2) * Math.PI), -D, D));
      targets.push(i % 2);
    }
    const data = { inputs, targets, inputDim: 2, task: 'classification', classes: 2, domain: [[-D, D], [-D, D]] };
    const config = { hidden: [8, 8], activation: 'tanh', learningRate: 0.1, batchSize: 5 };
    const a = gradlab.createSession(config, { data });
    a.step(250);
    const lossA = a.evaluate().trainLoss;
    const json = JSON.parse(JSON.stringify(a.toJSON()));
    assert.equal(json.data.inputs.length, 120);
    assert.deepEqual(json.data.domain, [[-D, D], [-D, D]]);
    const b = gradlab.fromJSON(json);
    assert.equal(b.evaluate().trainLoss, lossA, name);
    assert.deepEqual(b.getWeightsArray(), a.getWeightsArray());
    const text = encodeData(data);
    assert.ok(text.length < 60 * 5 + 20, `${text.length} characters for 60 drawn points`);
    const c = gradlab.createSession(config, { data: decodeData(text) });
    c.step(250);
    assert.equal(c.evaluate().trainLoss, lossA);
    for (const s of [a, b, c]) s.dispose();
  }
});

test('a run from a CSV file: readCSV → session → writeCSV → readCSV trains the same', async () => {
  const [{ gradlab }] = await builds();
  const csv = readCSV('x1,x2,label\n' + DIAGONAL.targets.map((t, i) => `${DIAGONAL.inputs[2 * i]},${DIAGONAL.inputs[2 * i + 1]},${t}`).join('\n'));
  const a = gradlab.createSession({ ...ALL_TRAIN, hidden: [3] }, { data: csv.data });
  const b = gradlab.createSession({ ...ALL_TRAIN, hidden: [3] }, { data: readCSV(writeCSV(csv.data)).data });
  a.step(100);
  b.step(100);
  assert.deepEqual(a.getWeightsArray(), b.getWeightsArray());
  a.dispose();
  b.dispose();
});

// ---- the CLI -------------------------------------------------------------------------------------

const cli = path.join(root, 'web/src/cli.js');
const gradlabCli = (...args) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root });

test('CLI: gradlab run --data file.csv trains on the file and saves a run that replays', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gradlab-data-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'points.csv');
  // two well separated blobs: (±2, ±2) with small offsets, class by the sign of x1 + x2
  const rows = ['x1,x2,label'];
  for (let i = 0; i < 40; i++) {
    const s = i % 2 ? 1 : -1;
    rows.push(`${s * 2 + ((i * 7) % 5) / 10},${s * 2 - ((i * 3) % 5) / 10},${i % 2}`);
  }
  writeFileSync(file, `${rows.join('\n')}\n`);
  const out = path.join(dir, 'run.json');
  const r = gradlabCli('run', '--data', file, '--hidden', '4', '--steps', '300', '--quiet', '--out', out);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /data .*points\.csv \(40 points, classification\)/);
  assert.match(r.stdout, /test accuracy 100\.0%/);
  const run = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(run.config.dataset, 'custom');
  assert.equal(run.data.inputs.length, 80);
  const [{ gradlab }] = await builds();
  const back = gradlab.fromJSON(run);
  assert.equal(back.evaluate().trainLoss, run.final.trainLoss);
  back.dispose();

  // the file's mistakes are the reader's messages, with exit status 2 and nothing trained
  const bad = path.join(dir, 'bad.csv');
  writeFileSync(bad, 'x1,x2,label\n1,2,0\n3,4,cat\n');
  const e = gradlabCli('run', '--data', bad, '--out', path.join(dir, 'never.json'));
  assert.equal(e.status, 2);
  assert.match(e.stderr, /^gradlab: --data ".*bad\.csv": line 3, column label: "cat" is not a class index 0–31/);
  assert.equal(e.stdout, '');
  for (const [args, message] of [
    [['--data', path.join(dir, 'missing.csv')], /--data: cannot read ".*missing\.csv" \(no such file, ENOENT\)/],
    [['--dataset', 'circle', '--data', file], /--dataset must be custom or left out/],
    [['--dataset', 'custom'], /--dataset: custom needs your points: add --data FILE/],
    [['--task', 'regression'], /--task: only with --data/],
    [['--data', file, '--task', 'clusters'], /--task: "clusters" is not one of auto, classification, regression/],
    [['--data', dir], /is a folder, not a file/],
  ]) {
    const x = gradlabCli('run', ...args);
    assert.equal(x.status, 2, `${args.join(' ')}: ${x.stderr}`);
    assert.match(x.stderr, message);
  }
  // --task decides what the last column is: the same file read as a regression
  const reg = gradlabCli('run', '--data', file, '--task', 'regression', '--steps', '20', '--quiet');
  assert.equal(reg.status, 0, reg.stderr);
  assert.match(reg.stdout, /40 points, regression/);
});

test('a drawn point snaps to itself where a grid step is only two float32 steps wide, and travels as its grid index', () => {
  // Near 1e6 a float32 step is 1/16 and this plane's grid step (506.9 / 4095) about 2 of them:
  // grid point 0, fround(lo) = -1e6, lies below lo and moves up one float32 step, to
  // -999999.9375, which sits half a grid step from lo, where rounding the position alone
  // would pick grid point 1 (found by the linkRoundTrip property, seed 580594931).
  const lo = -999999.9999999998, hi = -999493.1101576512;
  const first = snapToGrid(lo, lo, hi);
  assert.equal(first, -999999.9375);
  const inputs = Float32Array.from({ length: 40 }, (_, i) => snapToGrid(lo + (i / 39) * (hi - lo), lo, hi));
  for (const v of inputs) assert.equal(snapToGrid(v, lo, hi), v, `${v} snaps to itself`);
  const data = { inputDim: 1, task: 'regression', inputs, targets: Float32Array.from({ length: 40 }, (_, i) => i / 40), domain: [[lo, hi]] };
  const text = encodeData(data);
  // every point on the grid: 12 bits of coordinate and 32 of target each, plus a short header
  assert.ok(text.length <= Math.ceil(((40 * 44) / 8 + 64) * (4 / 3)), `${text.length} characters`);
  assert.deepEqual(Array.from(decodeData(text).inputs), Array.from(inputs));
});

const module = new URL('./props/data.props.mjs', import.meta.url);
for (const [name, numRuns] of [['linkRoundTrip', 2000], ['linkHostile', 5000], ['linkTampered', 2000]]) {
  test(`property: ${name}`, async (t) => {
    await checkProperty(t, assert, { module, name, numRuns, timeLimitMs: 30_000, hardLimitMs: 90_000 });
  });
}

test('user data too large for the memory budget: the refusal names the data and their share, not the layers (both builds)', async () => {
  // 60,000 points × 1,024 inputs and a target: each point is kept as its padded inputs and
  // target (1,024 + 4 floats), its raw values (1,024 + 1) and 2 indices, 2,055 × 4 bytes:
  // 493.2 MB = 470 MiB for the data; a network of 8 units adds a few MiB.
  const n = 60000;
  const d = 1024;
  const data = { inputs: new Float32Array(n * d), targets: new Float32Array(n), inputDim: d, task: 'regression' };
  const over = new RegExp(`^data: the run needs about 47\\d MiB, over the ${schema.memoryBudget / 2 ** 20} MiB budget, 470 MiB of it for the data; use fewer points or fewer inputs$`);
  for (const { name, gradlab } of await builds()) {
    for (const attempt of [() => gradlab.check({ dataset: 'custom', hidden: [8] }, { data }), () => gradlab.createSession({ dataset: 'custom', hidden: [8] }, { data })]) {
      assert.throws(attempt, (e) => e instanceof RangeError && e.field === 'data' && over.test(e.message), name);
    }
  }
});
