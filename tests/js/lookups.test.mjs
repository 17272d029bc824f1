// Tables indexed by a name the user typed (presets, fields, flags, commands) answer only for
// their own entries: a name inherited from Object.prototype is unknown, never a match.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { root } from './helpers.mjs';
import { getPreset, presets, getField, validateField, parseFieldText, fromHash, normalizeConfig } from '../../web/src/node.js';

const INHERITED = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__'];
const cli = path.join(root, 'web/src/cli.js');
const gradlab = (...args) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root });

test('getPreset refuses names inherited from Object.prototype', () => {
  for (const name of INHERITED) {
    assert.throws(() => getPreset(name), (e) => e instanceof TypeError && e.field === 'preset' && e.message.includes('is not a preset'), name);
    // The exported table itself has no inherited members to find by name.
    assert.equal(presets[name], undefined, `presets[${name}]`);
  }
  assert.equal(getPreset('born-dead-bias').name, 'born-dead-bias');
  // The refusal lists the presets there are, and the closest to a misspelt one.
  assert.throws(() => getPreset('born-dead-bais'), (e) => e.message === `preset: "born-dead-bais" is not a preset (${Object.keys(presets).join(', ')}) (did you mean born-dead-bias?)`);
  // Only a string is a name: an array whose text is a preset's name is not one.
  for (const name of [['born-dead-bias'], { toString: () => 'born-dead-bias' }])
    assert.throws(() => getPreset(name), (e) => e instanceof TypeError && e.field === 'preset' && e.message.includes('is not a preset'), String(name));
});

test('field lookups refuse inherited names everywhere a field name is read', () => {
  for (const name of INHERITED) {
    assert.equal(getField(name), undefined, name);
    assert.throws(() => validateField(name, 1), TypeError, name);
    assert.throws(() => parseFieldText(name, '1'), TypeError, name);
    assert.throws(() => normalizeConfig(JSON.parse(`{${JSON.stringify(name)}: 1}`)), TypeError, name);
    const { config, warnings } = fromHash(`#${name}=1`);
    assert.equal(warnings.length, 1, name);
    assert.ok(!Object.hasOwn(config, name), name);
  }
});

test('CLI: --preset with an inherited name exits 2 before any training', () => {
  for (const name of ['valueOf', 'constructor', 'toString', '__proto__']) {
    const r = gradlab('run', '--preset', name, '--steps', '5');
    assert.equal(r.status, 2, `--preset ${name}: exit ${r.status}\n${r.stdout}${r.stderr}`);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, new RegExp(`^gradlab: --preset: "${name}" is not a preset`));
  }
});

test('CLI: an inherited name is an unknown command', () => {
  for (const name of ['constructor', 'toString', '__proto__']) {
    const r = gradlab(name);
    assert.equal(r.status, 2, `${name}: exit ${r.status}`);
    assert.match(r.stderr, new RegExp(`^gradlab: unknown command "${name}"`));
  }
});
