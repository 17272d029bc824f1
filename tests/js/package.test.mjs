// The package as a user gets it: `npm pack`, install the tarball into an empty folder,
// import it from a plain .mjs script, train, and run its CLI. (The playground folder it ships,
// build/ui, copied next to a page and run in a browser: tests/e2e/package.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from './helpers.mjs';

const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });
let dir;
let packed;

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gradlab-consumer-'));
  // The wasm and the playground are already built (npm test builds both first); skip prepack.
  [packed] = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', dir], root));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('the tarball holds the built wasm, the sources, the types and nothing else', () => {
  const files = packed.files.map((f) => f.path).sort();
  for (const f of ['web/dist/gradlab-simd.wasm', 'web/dist/gradlab-simd.mjs', 'web/dist/gradlab-scalar.wasm', 'web/dist/gradlab-scalar.mjs', 'web/dist/schema.js', 'web/src/node.js', 'web/src/browser.js', 'web/src/index.d.ts', 'web/src/cli.js', 'web/README.md', 'package.json', 'README.md'])
    assert.ok(files.includes(f), `missing ${f}`);
  assert.ok(files.includes('web/exercises/schema.json') && files.includes('web/exercises/solutions/edge-of-chaos.json'), 'the exercises, their schema and solutions');
  // the playground: the element, the embed page, the worker, the stylesheet and both .wasm builds
  for (const f of ['build/ui/gradlab-playground.js', 'build/ui/embed.html', 'build/ui/embed.js', 'build/ui/index.html', 'build/ui/exercises.html', 'web/ui/gradlab-playground.d.ts'])
    assert.ok(files.includes(f), `missing ${f}`);
  for (const re of [/^build\/ui\/assets\/worker-[\w-]{8}\.js$/, /^build\/ui\/assets\/worker-browser-[\w-]{8}\.js$/, /^build\/ui\/assets\/styles-[\w-]+\.css$/, /^build\/ui\/assets\/gradlab-simd-[\w-]+\.wasm$/, /^build\/ui\/assets\/gradlab-scalar-[\w-]+\.wasm$/])
    assert.equal(files.filter((f) => re.test(f)).length, 1, `one ${re}`);
  assert.ok(!files.some((f) => f.startsWith('build/ui/exercises/solutions')), 'the reference solutions are not in the folder given to students');
  assert.deepEqual(files.filter((f) => !/^(web\/(src|dist|exercises)\/|build\/ui\/|web\/ui\/gradlab-playground\.d\.ts$|web\/README\.md$|docs\/(exercises|instructors)\.md$|package\.json$|README\.md$|LICENSE)/.test(f)), []);
  assert.ok(packed.files.find((f) => f.path === 'web/dist/gradlab-simd.wasm').size > 100000);
});

test('installs into an empty folder and trains from a plain .mjs script', () => {
  writeFileSync(path.join(dir, 'package.json'), '{"name": "consumer", "private": true}\n');
  npm(['install', '--offline', '--no-package-lock', path.join(dir, packed.filename)], dir);
  writeFileSync(path.join(dir, 'smoke.mjs'), [
    "import { createGradLab, presets } from 'gradlab';",
    'const gradlab = await createGradLab();',
    "const session = gradlab.createSession({ hidden: [6, 6], learningRate: 0.1 });",
    'const before = session.evaluate().trainLoss;',
    'session.step(200);',
    'const after = session.evaluate().trainLoss;',
    'session.dispose();',
    'console.log(JSON.stringify({ build: gradlab.build, before, after, presets: Object.keys(presets).length }));',
  ].join('\n'));
  const out = JSON.parse(execFileSync(process.execPath, ['smoke.mjs'], { cwd: dir, encoding: 'utf8' }));
  assert.ok(['simd', 'scalar'].includes(out.build));
  assert.ok(out.after < out.before, `loss ${out.before} -> ${out.after}`);
  assert.equal(out.presets, 11);
  const cli = spawnSync(path.join(dir, 'node_modules/.bin/gradlab'), ['run', '--steps', '20', '--quiet'], { cwd: dir, encoding: 'utf8' });
  assert.equal(cli.status, 0, cli.stderr);
  assert.match(cli.stdout, /custom run · (simd|scalar) build · 20 steps/);
  // The installed CLI grades a shipped exercise's reference solution.
  const ex = path.join(dir, 'node_modules/gradlab/web/exercises');
  const grade = spawnSync(path.join(dir, 'node_modules/.bin/gradlab'), ['grade', path.join(ex, 'edge-of-chaos.json'), path.join(ex, 'solutions/edge-of-chaos.json'), '--json'], { cwd: dir, encoding: 'utf8' });
  assert.equal(grade.status, 0, grade.stderr);
  assert.equal(JSON.parse(grade.stdout).passed, true);
});

// The code block of README.md that follows the marker `<!-- name: ... -->`, as written.
function readmeBlock(name) {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const m = new RegExp(`<!-- ${name}:[^>]*-->\\s*\`\`\`js\\n([\\s\\S]*?)\`\`\``).exec(readme);
  assert.ok(m, `README.md has no block marked ${name}`);
  return m[1];
}

test("README's Node snippets run as written in a default `npm init -y` project", () => {
  const project = path.join(dir, 'npm-init-project');
  mkdirSync(project);
  npm(['init', '-y'], project);
  assert.notEqual(JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')).type, 'module', 'npm init -y makes a CommonJS project');
  npm(['install', '--offline', '--no-package-lock', path.join(dir, packed.filename)], project);
  const node = (file) => spawnSync(process.execPath, [file], { cwd: project, encoding: 'utf8' });

  // The ES module snippet, saved as .mjs as the README says.
  writeFileSync(path.join(project, 'train.mjs'), readmeBlock('node-esm'));
  const esm = node('train.mjs');
  assert.equal(esm.status, 0, esm.stderr);
  // It names the two hidden layers of [8, 8] and nothing else: no "dead of 1" for the output unit.
  assert.match(esm.stdout, /'hidden layer 1: \d+ dead of 8', 'hidden layer 2: \d+ dead of 8' \]/);
  assert.doesNotMatch(esm.stdout, /dead of 1'|hidden layer 3/);
  // The same code in a .js file of this project is CommonJS, which is why the README says .mjs.
  writeFileSync(path.join(project, 'train.js'), readmeBlock('node-esm'));
  assert.match(node('train.js').stderr, /Cannot use import statement outside a module/);

  // The CommonJS snippet, in a .js file of the same default project.
  writeFileSync(path.join(project, 'train-cjs.js'), readmeBlock('node-cjs'));
  const cjs = node('train-cjs.js');
  assert.equal(cjs.status, 0, cjs.stderr);
  assert.match(cjs.stdout, /^train loss 0\.\d+/);

  // The require form the README promises for Node ≥ 20.19.
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major > 20 || minor >= 19) {
    writeFileSync(path.join(project, 'require.js'), "const { createGradLab, presets } = require('gradlab');\ncreateGradLab().then((g) => console.log(g.build, Object.keys(presets).length));\n");
    const req = node('require.js');
    assert.equal(req.status, 0, req.stderr);
    assert.match(req.stdout, /^(simd|scalar) \d+\n$/);
  }
});
