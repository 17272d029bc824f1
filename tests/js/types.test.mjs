// The hand-written declarations (web/src/index.d.ts) against the engine's schema and a
// typed usage example, with tsc --noEmit --strict. The schema equality checks are generated
// from web/dist/schema.js, so a field or enum value added in C++ fails here until the
// .d.ts follows.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { root } from './helpers.mjs';
import { fields, presetNames, sweepMeasures } from '../../web/src/node.js';

// Inside the package folder so `import 'gradlab'` resolves through package.json "exports".
const dir = path.join(root, 'build/tscheck');
const tsc = path.join(root, 'node_modules/.bin/tsc');

const union = (values) => values.map((v) => JSON.stringify(v)).join(' | ');
function fieldType(f) {
  if (f.kind === 'number' || f.kind === 'integer') return 'number';
  if (f.kind === 'enum') return union(f.values);
  if (f.kind === 'int_list') return 'number[]';
  return `(${union(f.values)})[]`;
}

function schemaCheck() {
  const lines = [
    "import type { Config, LiveField, PresetName, SweepMeasure } from 'gradlab';",
    'type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;',
    `export const keys: Equal<keyof Config, ${union(fields.map((f) => f.name))}> = true;`,
    `export const live: Equal<LiveField, ${union(fields.filter((f) => f.live).map((f) => f.name))}> = true;`,
    `export const presets: Equal<PresetName, ${union([...presetNames])}> = true;`,
    `export const measures: Equal<SweepMeasure, ${union(Object.keys(sweepMeasures))}> = true;`,
    ...fields.map((f) => `export const f_${f.name}: Equal<Config[${JSON.stringify(f.name)}], ${fieldType(f)}> = true;`),
  ];
  return `${lines.join('\n')}\n`;
}

const DISPOSABLE = ['es2022', 'esnext.disposable', 'dom'];
const DEFAULT_LIB = 'the default of target es2022';

/** tsc -p over `files` with that `lib` (DEFAULT_LIB: none given, as a new project has it). */
function runTsc(files, lib = DISPOSABLE) {
  const libOption = lib === DEFAULT_LIB ? {} : { lib };
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', ...libOption, types: [], skipLibCheck: false },
    files,
  }));
  return spawnSync(tsc, ['-p', dir], { encoding: 'utf8', cwd: dir });
}

before(() => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyFileSync(path.join(root, 'tests/js/types/usage.ts'), path.join(dir, 'usage.ts'));
  copyFileSync(path.join(root, 'tests/js/types/exercises.ts'), path.join(dir, 'exercises.ts'));
  copyFileSync(path.join(root, 'tests/js/types/sweep-usage.ts'), path.join(dir, 'sweep-usage.ts'));
  copyFileSync(path.join(root, 'tests/js/types/element.ts'), path.join(dir, 'element.ts'));
  writeFileSync(path.join(dir, 'schema-check.ts'), schemaCheck());
});

test('index.d.ts matches the engine schema and the usage example type-checks (tsc --strict)', () => {
  const r = runTsc(['usage.ts', 'exercises.ts', 'sweep-usage.ts', 'element.ts', 'schema-check.ts']);
  assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
});

test('the check can fail: a wrong enum value and a missing field are type errors', () => {
  writeFileSync(path.join(dir, 'bad.ts'), [
    "import { createGradLab, type Config } from 'gradlab';",
    "export const c: Partial<Config> = { activation: 'relu6' };",
    "export const d: Config = { hidden: [8] };",
    'export const g = createGradLab({ simd: "yes" });',
    "export const l: import('gradlab').Exercise['limits'] = { step: 1 };",
  ].join('\n'));
  const r = runTsc(['bad.ts']);
  assert.notEqual(r.status, 0);
  assert.match(r.stdout, /relu6/);
  assert.match(r.stdout, /bad\.ts\(3,/);
  assert.match(r.stdout, /bad\.ts\(4,/);
  assert.match(r.stdout, /bad\.ts\(5,/);
  // A schema that drifts from the declarations fails the generated equality check.
  writeFileSync(path.join(dir, 'drift.ts'), schemaCheck().replace('"softplus"', '"softplus" | "relu6"'));
  assert.notEqual(runTsc(['drift.ts']).status, 0);
});

test('a minimal project (target es2022, no skipLibCheck) compiles the declarations, with or without DOM types', () => {
  // Symbol.dispose is not in the es2022 lib: a declaration that names it unconditionally
  // fails there with TS2550 even in a project that never uses it. Nor may the declarations
  // need the DOM or Node's types (URL, AbortSignal) when the project has neither.
  writeFileSync(path.join(dir, 'minimal.ts'), [
    "import { createGradLab, hiddenLayers } from 'gradlab';",
    'const gradlab = await createGradLab();',
    'const s = gradlab.createSession({ hidden: [8] });',
    's.step(10);',
    'export const hidden: number = hiddenLayers(s.evaluate()).length;',
    's.dispose();',
  ].join('\n'));
  for (const lib of [DEFAULT_LIB, ['es2022']]) {
    const r = runTsc(['minimal.ts'], lib);
    assert.equal(r.status, 0, `lib ${lib}: tsc failed:\n${r.stdout}${r.stderr}`);
  }
  // Where the lib has Symbol.dispose, a session is Disposable: `using` type-checks ...
  writeFileSync(path.join(dir, 'using.ts'), [
    "import { createGradLab } from 'gradlab';",
    'const gradlab = await createGradLab();',
    'export function run(): number {',
    '  using s = gradlab.createSession({ hidden: [8] });',
    '  return s.step(10);',
    '}',
  ].join('\n'));
  const u = runTsc(['using.ts'], ['es2022', 'esnext.disposable']);
  assert.equal(u.status, 0, `tsc failed:\n${u.stdout}${u.stderr}`);
  // ... and without it `using` is refused, so the check above can fail.
  assert.notEqual(runTsc(['using.ts'], DEFAULT_LIB).status, 0);
});
