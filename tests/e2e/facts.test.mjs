// The engine's facts the page works with (its limits, the data domain, the unit states, which
// setting applies when, each activation's parameters, labels) live in the schema export. Each
// is read here from web/src, and the page is checked to follow it, so a change in the engine
// moves the page; and no UI source keeps a copy of one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { schema, limits, fields, getField, fieldApplies, activationParams } from '../../web/src/common.js';
import { browserPerFile, sel, openPage, ready, until, playToBudget, root, files, code } from './helpers.mjs';

const ctx = browserPerFile({ csp: true });

const config = (page) => page.evaluate(() => document.querySelector('gradlab-playground').playground.runs[0].config);
/** The settings whose controls show (the action rows and the run box's learning rate aside). */
const shownFields = (page) => page.evaluate(() => [...document.querySelector('gradlab-playground').shadowRoot.querySelectorAll('.gl-controls [data-field]')]
  .filter((r) => !r.hidden && !r.dataset.field.endsWith('-action') && r.dataset.field !== 'learningRate').map((r) => r.dataset.field));
const ALL_PARAMS = [...new Set(Object.keys(schema.activations).flatMap((a) => activationParams(a)))];

test('layer widths and depth stop exactly at the schema\'s limits', async () => {
  const W = limits.maxWidth;
  const minW = getField('hidden').min;
  const { page, log, close } = await openPage(ctx, `#hidden=${W - 1},${minW + 1}&numPoints=100`);
  await ready(page);
  const more = page.locator(sel('button[aria-label="More units in layer 1"]'));
  const fewer = page.locator(sel('button[aria-label="Fewer units in layer 2"]'));
  assert.equal(await more.isDisabled(), false, `${W - 1} units: one more is allowed`);
  assert.equal(await fewer.isDisabled(), false, `${minW + 1} units: one fewer is allowed`);
  await more.click();
  await fewer.click();
  await until(async () => JSON.stringify((await config(page)).hidden) === JSON.stringify([W, minW]), { what: `[${W}, ${minW}]` });
  await until(async () => (await more.isDisabled()) && (await fewer.isDisabled()), { what: 'both buttons disabled at the limits' });
  assert.equal(Number(await page.locator(sel('input[aria-label="Width (units per layer)"]')).getAttribute('max')), W);

  // depth: one layer short of the maximum, then the maximum
  const D = limits.maxDepth;
  await page.goto(`${ctx.url}#hidden=${Array(D - 1).fill(1).join(',')}&numPoints=100`);
  await ready(page);
  const add = page.locator(sel('button[aria-label="Add a hidden layer"]'));
  assert.equal(await add.isDisabled(), false, `${D - 1} layers: one more is allowed`);
  await add.click();
  await until(async () => (await config(page)).hidden.length === D, { what: `${D} layers` });
  await until(() => add.isDisabled(), { what: `no layer beyond ${D}` });
  const depth = page.locator(sel('input[aria-label="Depth (hidden layers)"]'));
  assert.equal(Number(await depth.getAttribute('max')), D);
  await depth.fill(String(D + 1));
  await page.locator(sel('button[aria-label="Set depth × width"]')).click();
  assert.match(await page.locator(sel('[data-field=hidden] .gl-error')).textContent(), new RegExp(`0–${D} layers and width ${minW}–${W} units`));
  assert.equal((await config(page)).hidden.length, D, 'nothing applied');
  assert.deepEqual(log.errors, []);
  await close();
});

test('the output panel spans the schema\'s data domain, and the engine\'s points land where it says', async () => {
  const { page, log, close } = await openPage(ctx, '');
  await ready(page);
  const D = schema.domain;
  const drawn = await page.evaluate(() => {
    const p = document.querySelector('gradlab-playground').playground;
    const g = p.panels.output.geom;
    const pts = p.runs[0].points;
    return { g: { x0: g.x0, y0: g.y0, area: g.area, D: g.D }, coords: Array.from(pts.coords), targets: Array.from(pts.targets), train: Array.from(pts.train) };
  });
  assert.equal(drawn.g.D, D);
  // a training point with no other point within 10 px: its centre has its class's colour
  const at = (i) => ({ x: drawn.g.x0 + ((drawn.coords[2 * i] + D) / (2 * D)) * drawn.g.area, y: drawn.g.y0 + ((D - drawn.coords[2 * i + 1]) / (2 * D)) * drawn.g.area });
  const n = drawn.coords.length / 2;
  const lonely = drawn.train.filter((i) => {
    const p = at(i);
    for (let j = 0; j < n; j++) if (j !== i && Math.hypot(at(j).x - p.x, at(j).y - p.y) < 10) return false;
    return true;
  }).slice(0, 6);
  assert.ok(lonely.length >= 3, `${lonely.length} isolated training points`);
  const pixels = await page.locator(sel('[data-panel=output] canvas')).evaluate((c, ps) => ps.map((p) => Array.from(c.getContext('2d').getImageData(Math.round(p.x), Math.round(p.y), 1, 1).data.slice(0, 3))), lonely.map(at));
  lonely.forEach((i, k) => {
    const [r, , b] = pixels[k];
    const cls = drawn.targets[i];
    assert.ok(cls === 1 ? b > r + 60 : r > b + 60, `point ${i} (class ${cls}) at (${drawn.coords[2 * i]}, ${drawn.coords[2 * i + 1]}): ${pixels[k]}`);
  });
  assert.deepEqual(log.errors, []);
  await close();
});

test('the network diagram marks as dead exactly the units whose engine state is named "dead"', async () => {
  const { page, log, close } = await openPage(ctx, '#preset=dying-relu-high-lr&speed=500');
  await ready(page);
  await playToBudget(page, 2000);
  const { codes, units } = await page.evaluate(() => {
    const r = document.querySelector('gradlab-playground').playground.runs[0];
    return { codes: Array.from(r.unitState), units: r.info.layers.slice(0, -1).reduce((a, l) => a + l.units, 0) };
  });
  const dead = codes.slice(0, units).filter((c) => schema.unitStates[c] === 'dead').length;
  assert.ok(dead > 0, 'the lesson kills units');
  assert.equal(Number(await page.locator(sel('[data-panel=network]')).getAttribute('data-marked-dead')), dead);
  assert.deepEqual(log.errors, []);
  await close();
});

// Configurations that between them switch every `when` rule of the schema on and off.
const CONFIGS = [
  '',
  'optimizer=momentum&schedule=step&init=uniform',
  'optimizer=adam&schedule=cosine&activation=leaky_relu',
  'optimizer=rmsprop&activation=elu&init=constant',
  'optimizer=nesterov&hidden=4,4&layerActivations=swish,gelu',
  'dataset=fit1d&init=normal',
  'dataset=spiral&classes=3',
  'dataset=highdim&activation=selu',
  'dataset=gaussian&activation=gelu&optimizer=adam&init=zeros',
  'dataset=highdim&init=signal_propagation&sigmaW2=1.76&sigmaB2=0.05',
];
// The page never runs the 'custom' data set (it needs data a link cannot carry), so a rule that
// hides a field only for it cannot show on the page.
const pageDatasets = getField('dataset').values.filter((v) => v !== 'custom');
const onlyForCustom = (when) => Object.keys(when).length === 1 && pageDatasets.every((v) => when.dataset?.includes(v));

test('a setting\'s control shows exactly when the schema says the setting applies', async () => {
  const { page, log, close } = await openPage(ctx, null);
  const seen = new Set();
  for (const hash of CONFIGS) {
    await page.goto(`${ctx.url}#${hash}`);
    await ready(page);
    const c = await config(page);
    const expected = fields.filter((f) => f.name !== 'layerActivations' && f.name !== 'learningRate' && fieldApplies(f.name, c)).map((f) => f.name);
    assert.deepEqual((await shownFields(page)).sort(), expected.sort(), `#${hash}`);
    for (const f of fields) if (!fieldApplies(f.name, c)) seen.add(f.name);
  }
  // every field with a rule the page can meet was hidden at least once, so each rule was exercised
  const ruled = fields.filter((f) => f.when && !onlyForCustom(f.when)).map((f) => f.name);
  assert.deepEqual(ruled.filter((f) => !seen.has(f)), []);
  assert.deepEqual(log.errors, []);
  await close();
});

test('each activation shows the parameter controls the schema lists for it, and its curve is asked for with exactly those', async () => {
  const { page, log, close } = await openPage(ctx, '');
  await ready(page);
  for (const a of Object.keys(schema.activations)) {
    await page.locator(sel('[data-field=activation] select')).selectOption(a);
    await until(async () => (await config(page)).activation === a, { what: a });
    const params = activationParams(a);
    await until(async () => JSON.stringify((await shownFields(page)).filter((f) => ALL_PARAMS.includes(f))) === JSON.stringify(params), { what: `${a}: controls ${params}` });
    const asked = await until(() => page.evaluate((a) => [...document.querySelector('gradlab-playground').playground.runs[0].curves.keys()]
      .map((k) => JSON.parse(k)).find((spec) => spec.activation === a), a), { what: `${a}: its curve` });
    assert.deepEqual(Object.keys(asked).sort(), ['activation', ...params].sort(), a);
  }
  assert.deepEqual(log.errors, []);
  await close();
});

// ---- no copies ---------------------------------------------------------------------------

const quoted = (s) => new RegExp(`['"\`]${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"\`]`);
const number = (v) => new RegExp(`(?<![\\w.])${String(v).replace('.', '\\.')}(?![\\w.])`);

test('no UI source holds a copy of an engine fact', () => {
  const sources = files(path.join(root, 'web/ui'), ['.js']).map((f) => ({ name: path.relative(root, f), text: code(readFileSync(f, 'utf8')) }));
  assert.ok(sources.length > 30);
  const editors = ['controls.js', 'compare.js', 'runs.js', 'app.js', 'actions.js'];
  for (const { name, text } of sources) {
    assert.doesNotMatch(text, number(Number(schema.domain.toPrecision(12))), `${name}: the data domain`);
    if (editors.some((e) => name.endsWith(`src/${e}`))) {
      assert.doesNotMatch(text, number(limits.maxDepth), `${name}: the depth limit`);
      assert.doesNotMatch(text, number(limits.maxWidth), `${name}: the width limit`);
    }
    // unit states are compared by name, never by code
    assert.doesNotMatch(text, /(unitState\[[^\]]*\]|\bstate|\bst)\s*[!=]==?\s*\d/, `${name}: a unit-state code`);
    // A parameter named like an activation ('gelu', the GELU form) is also that activation's
    // name, which lessons may quote; a restated parameter list still shows through the others.
    for (const p of ALL_PARAMS.filter((q) => !(q in schema.activations))) assert.doesNotMatch(text, quoted(p), `${name}: the activation parameter ${p} by name`);
    for (const [f, { label }] of Object.entries(schema.features)) assert.doesNotMatch(text, quoted(label), `${name}: the label of feature ${f}`);
    // a table of labels by field name, or a label of several words written out (a one-word
    // label may be an ordinary word of the page, e.g. the group title "Optimiser")
    for (const f of fields) {
      assert.doesNotMatch(text, new RegExp(`\\b${f.name}\\s*:\\s*${quoted(f.label).source}`), `${name}: the label of ${f.name}`);
      if (f.label.includes(' ')) assert.doesNotMatch(text, quoted(f.label), `${name}: the label of ${f.name}`);
    }
  }
  // the controls ask the schema which settings apply: no rule on configuration values of their own
  const controls = sources.find((f) => f.name.endsWith('src/controls.js')).text;
  assert.doesNotMatch(controls, /\bc\.(dataset|optimizer|schedule|init|activation)\s*===|\.includes\(c\.\w+\)/, 'controls.js: a visibility rule');
});
