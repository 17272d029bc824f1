// Mutation testing of the C++ engine: applies each mutant of tests/mutation/core-mutants.mjs,
// one at a time, to a scratch copy of the tree (build/mutation/src, so the working tree is
// never touched), rebuilds incrementally in build/mutation/build and runs the native test cases
// until one fails. A mutant is killed when some test case fails or times out (a hang counts as
// killed); it survives when every test case passes. The scratch copy is synced from the tree at
// every start, so even a killed run cannot leave a mutant behind for the next one.
//
// What keeps a run feasible on a small, shared machine:
// - the scratch build makes one test executable per test file (tests/mutation/core-tests.cmake),
//   so a mutant recompiles the engine and then only the test files whose cases it runs;
// - compiles go through ccache when it is installed (scripts/bootstrap.sh installs it): undoing
//   a mutant recompiles nothing new;
// - each test case runs alone, cheapest first, and the mutant stops at the first failure; the
//   test cases that killed earlier mutants of the same file run first, then the ones in test
//   files that include the mutated file, then the rest;
// - the whole run is niced (19): it yields to everything else on the machine.
//
//   node scripts/mutate-core.mjs                     # every mutant
//   node scripts/mutate-core.mjs --only id1,id2      # some of them
//   node scripts/mutate-core.mjs --list              # check every snippet is found exactly once
//   options: --jobs N (2), --timeout S per test case (300: the mean-field experiments take ~50 s
//            on a busy machine), --all-tests (include the heap soaks),
//            --report-only (the table from core-progress.json, e.g. of an interrupted run),
//            --resume (keep the results in build/mutation/core-progress.json and run only the
//            mutants without one, or, with --only, those named)
//
// Writes build/mutation/core-report.md (the table) and core-results.json; each result is also
// appended to core-progress.json as it comes, so an interrupted run can be resumed.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const base = path.join(root, 'build/mutation');
const scratch = path.join(base, 'src');
const buildDir = path.join(base, 'build');
// What the native suite is built from; everything else stays out of the scratch copy. The
// scratch's tests/CMakeLists.txt is tests/mutation/core-tests.cmake (one executable per file).
const synced = ['CMakeLists.txt', 'core', 'tests/core'];
const testsCmake = 'tests/mutation/core-tests.cmake';
// Heap-behaviour tests (a 10^5-step soak, allocation measurements): 2 of the suite's
// 2.2 minutes, and they measure memory, not numbers. --all-tests runs them too.
const slowTests = /^soak:|^estimate_bytes is honest/;
const ccache = ['/usr/bin/ccache', '/usr/local/bin/ccache'].find((f) => existsSync(f));
const buildEnv = { ...process.env, CCACHE_DIR: path.join(base, 'ccache'), CCACHE_MAXSIZE: '5G' };

function parseOptions(argv) {
  const o = { only: null, jobs: 2, timeout: 300, allTests: false, list: false, resume: false, reportOnly: false };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--only') o.only = value().split(',').filter(Boolean);
    else if (a === '--jobs') o.jobs = Number(value());
    else if (a === '--timeout') o.timeout = Number(value());
    else if (a === '--all-tests') o.allTests = true;
    else if (a === '--list') o.list = true;
    else if (a === '--resume') o.resume = true;
    else if (a === '--report-only') o.reportOnly = true;
    else throw new Error(`unknown option ${a} (see the comment at the top of scripts/mutate-core.mjs)`);
  }
  if (!(Number.isInteger(o.jobs) && o.jobs >= 1)) throw new Error('--jobs: a whole number from 1');
  if (!(o.timeout > 0)) throw new Error('--timeout: seconds, more than 0');
  return o;
}

function filesUnder(dir, rel = '') {
  const abs = path.join(dir, rel);
  if (!existsSync(abs)) return [];
  if (statSync(abs).isFile()) return [rel];
  return readdirSync(abs).flatMap((name) => filesUnder(dir, path.join(rel, name)));
}

// Copies the sources into the scratch tree, writing only files whose content changed (so the
// incremental build redoes only what differs) and deleting files that no longer exist.
function syncScratch() {
  const copy = (from, rel) => {
    const text = readFileSync(path.join(root, from));
    const dst = path.join(scratch, rel);
    if (existsSync(dst) && readFileSync(dst).equals(text)) return;
    mkdirSync(path.dirname(dst), { recursive: true });
    writeFileSync(dst, text);
  };
  for (const top of synced) {
    const want = new Set(filesUnder(root, top));
    for (const rel of filesUnder(scratch, top)) if (!want.has(rel)) rmSync(path.join(scratch, rel));
    for (const rel of want) copy(rel, rel);
  }
  copy(testsCmake, 'tests/CMakeLists.txt');
}

const count = (text, snippet) => text.split(snippet).length - 1;

/** Where each edit of a mutant applies: the one core/ file holding its search text, once. */
function locate(mutant, sources) {
  return mutant.edits.map(([search, replace]) => {
    const hits = Object.entries(sources).filter(([, text]) => text.includes(search));
    const total = hits.reduce((n, [, text]) => n + count(text, search), 0);
    if (total !== 1) throw new Error(`mutant ${mutant.id}: ${JSON.stringify(search)} occurs ${total} times in core/ (must be exactly once)`);
    return { file: hits[0][0], search, replace };
  });
}

// Children run in their own process group, so a timeout or a signal stops the whole tree
// (cmake -> make -> compilers), and the event loop stays free to handle signals.
let current = null;
const stopTree = (child) => {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {}
};

function run(cmd, args, timeoutMs = 60e3) {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: buildEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    current = child;
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      stopTree(child);
    }, timeoutMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      current = null;
      resolve({ status, timedOut, out: Buffer.concat(chunks).toString('utf8'), seconds: (Date.now() - t0) / 1000 });
    });
  });
}

async function configure() {
  if (existsSync(path.join(buildDir, 'CMakeCache.txt'))) return;
  const args = ['-S', scratch, '-B', buildDir, '-DCMAKE_BUILD_TYPE=Release', '-DGRADLAB_TESTS=ON'];
  if (ccache) args.push(`-DCMAKE_CXX_COMPILER_LAUNCHER=${ccache}`);
  const c = await run('cmake', args, 10 * 60e3);
  if (c.status !== 0) throw new Error(`cmake configure failed:\n${c.out}`);
}

/** Builds some targets (all of them without `targets`). */
function build(jobs, targets = []) {
  const args = ['--build', buildDir, '-j', String(jobs)];
  if (targets.length) args.push('--target', ...targets);
  return run('cmake', args, 30 * 60e3);
}

const exePath = (exe) => path.join(buildDir, 'tests', exe);
/** doctest's filter syntax: a comma separates filters, a backslash escapes it. */
const filterFor = (name) => name.replace(/[\\,]/g, (c) => `\\${c}`);

/** Every test case of every test executable: [{exe, name}], in file and declaration order. */
async function listTests(o) {
  const exes = readdirSync(path.join(scratch, 'tests/core')).filter((f) => /^test_.*\.cpp$/.test(f)).map((f) => f.slice(0, -4)).sort();
  const tests = [];
  for (const exe of exes) {
    const r = await run(exePath(exe), ['--list-test-cases', '--no-version'], 60e3);
    if (r.status !== 0) throw new Error(`${exe} --list-test-cases failed:\n${r.out}`);
    const lines = r.out.split('\n');
    const bars = lines.flatMap((l, i) => (/^={20,}/.test(l) ? [i] : []));
    if (bars.length < 2) throw new Error(`${exe}: cannot read the test case list:\n${r.out}`);
    for (const name of lines.slice(bars[0] + 1, bars[1]).map((l) => l.trimEnd()).filter(Boolean))
      if (o.allTests || !slowTests.test(name)) tests.push({ exe, name });
  }
  return tests;
}

/** Runs one test case alone; returns null when it passes, else {name, how}. */
async function runTest(t, o) {
  const r = await run(exePath(t.exe), [`-tc=${filterFor(t.name)}`, '--abort-after=1', '--no-version'], o.timeout * 1e3);
  t.lastSeconds = r.seconds;
  if (r.timedOut) return { name: t.name, how: 'Timeout' };
  const ran = /test cases:\s*(\d+)/.exec(r.out);
  // A filter that matches nothing would pass without testing: the tool's fault, not the mutant's.
  if (r.status === 0 && (!ran || Number(ran[1]) < 1)) throw new Error(`${t.exe}: the filter for "${t.name}" selects no test case:\n${r.out}`);
  if (r.status === 0) return null;
  return { name: t.name, how: r.status === null ? 'Crashed' : 'Failed' };
}

function readSources(dir) {
  return Object.fromEntries(filesUnder(dir, 'core').map((rel) => [rel, readFileSync(path.join(dir, rel), 'utf8')]));
}

/** The include graph of core/ and tests/core/: reach(unit) is every file a unit includes, directly or not. */
function includeGraph() {
  const units = [...filesUnder(root, 'core'), ...filesUnder(root, 'tests/core')];
  const includes = new Map(units.map((rel) => [rel, [...readFileSync(path.join(root, rel), 'utf8').matchAll(/#include "([^"]+)"/g)]
    .map((m) => [path.join(path.dirname(rel), m[1]), path.join('core', m[1])].find((c) => units.includes(c))).filter(Boolean)]));
  const memo = new Map();
  const reach = (rel) => {
    if (memo.has(rel)) return memo.get(rel);
    const seen = new Set();
    const walk = (f) => {
      if (seen.has(f)) return;
      seen.add(f);
      for (const inc of includes.get(f) ?? []) walk(inc);
    };
    walk(rel);
    memo.set(rel, seen);
    return seen;
  };
  return { units, reach };
}

/** For each core/ file: how many translation units include it, directly or not (all, and those of the engine). */
function rebuildCost() {
  const { units, reach } = includeGraph();
  const cost = new Map(), engine = new Map();
  for (const unit of units.filter((u) => u.endsWith('.cpp')))
    for (const f of reach(unit)) {
      cost.set(f, (cost.get(f) ?? 0) + 1);
      if (unit.startsWith('core/')) engine.set(f, (engine.get(f) ?? 0) + 1);
    }
  return { cost, engine };
}

// One run at a time: two would apply their mutants to the same scratch copy.
function lock() {
  const file = path.join(base, 'core.lock');
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, 'utf8'));
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch {}
    if (alive) throw new Error(`another run (pid ${pid}) is using build/mutation; wait for it or stop it`);
  }
  mkdirSync(base, { recursive: true });
  writeFileSync(file, String(process.pid));
  process.on('exit', () => rmSync(file, { force: true }));
}

function table(results, meta) {
  const scored = results.filter((r) => r.result !== 'build error');
  const killed = scored.filter((r) => r.result !== 'survived');
  const pct = scored.length ? (100 * killed.length) / scored.length : 0;
  const areas = new Map();
  for (const r of scored) {
    const a = areas.get(r.area) ?? { killed: 0, all: 0 };
    a.all++;
    if (r.result !== 'survived') a.killed++;
    areas.set(r.area, a);
  }
  const lines = [
    `# C++ mutation testing: ${killed.length} of ${scored.length} mutants killed (${pct.toFixed(1)} %)`,
    '',
    `${meta.date}, commit ${meta.commit}; ${results.length} of the catalogue's ${meta.catalogue} mutants run` +
      `${meta.tests ? `; ${meta.tests} test cases` : ''}${meta.allTests ? '' : ' (heap soaks excluded)'}, each alone, until one fails; per-test timeout ${meta.timeout} s` +
      `${meta.seconds ? `; ${(meta.seconds / 60).toFixed(0)} min` : ''}. Catalogue: tests/mutation/core-mutants.mjs.`,
    '',
    '| area | killed | mutants | score |',
    '|---|---:|---:|---:|',
    ...[...areas].map(([area, a]) => `| ${area} | ${a.killed} | ${a.all} | ${((100 * a.killed) / a.all).toFixed(1)} % |`),
    `| **all** | ${killed.length} | ${scored.length} | **${pct.toFixed(1)} %** |`,
    '',
    '"killed by": the first test case that failed (the run of a mutant stops there); "cases run": how many ran until then.',
    '',
    '| mutant | area | what it breaks | result | killed by | cases run |',
    '|---|---|---|---|---|---:|',
  ];
  for (const r of results) {
    const by = r.failed.map((f) => `${f.name}${f.how === 'Failed' ? '' : ` (${f.how})`}`).join('; ');
    lines.push(`| ${r.id} | ${r.area} | ${r.why.replace(/\|/g, '\\|')} | ${r.result} | ${by.replace(/\|/g, '\\|')} | ${r.ran ?? ''} |`);
  }
  const build = results.filter((r) => r.result === 'build error');
  if (build.length) lines.push('', `Did not compile (not scored): ${build.map((r) => r.id).join(', ')}`);
  return { text: `${lines.join('\n')}\n`, pct, killed: killed.length, scored: scored.length };
}

async function main() {
  const o = parseOptions(process.argv.slice(2));
  const { default: catalogue } = await import(path.join(root, 'tests/mutation/core-mutants.mjs'));
  const ids = new Set();
  for (const m of catalogue) {
    if (ids.has(m.id)) throw new Error(`duplicate mutant id ${m.id}`);
    ids.add(m.id);
  }
  for (const id of o.only ?? []) if (!ids.has(id)) throw new Error(`no mutant ${id}`);
  // Snippets are located in the working tree; the scratch copy is touched only by a run.
  const sources = readSources(root);
  // Every mutant is located (so a snippet lost in a refactor is reported at once); with
  // --only, just those run (again, if --resume kept an earlier result for them).
  const plans = catalogue.map((m) => ({ mutant: m, edits: locate(m, sources) }));
  const wanted = (p) => !o.only || o.only.includes(p.mutant.id);
  if (o.list) {
    const { cost, engine } = rebuildCost();
    for (const p of plans.filter(wanted)) {
      const files = [...new Set(p.edits.map((e) => e.file))];
      const most = (m) => Math.max(...files.map((f) => m.get(f) ?? 0));
      console.log(`${p.mutant.id.padEnd(36)} ${files.join(', ')} (included by ${most(engine)} engine and ${most(cost) - most(engine)} test objects)`);
    }
    console.log(`${plans.filter(wanted).length} mutants, every snippet found exactly once`);
    return;
  }
  if (o.reportOnly) {
    const kept = JSON.parse(readFileSync(path.join(base, 'core-progress.json'), 'utf8'));
    const current = kept.filter((r) => plans.some((p) => p.mutant.id === r.id && JSON.stringify(p.mutant.edits) === r.key));
    await report(catalogue, current, { tests: null, allTests: o.allTests, timeout: o.timeout, seconds: 0, partial: true });
    return;
  }
  lock();
  // Niced: the run yields to everything else on a shared machine (its children inherit this).
  try {
    os.setPriority(19);
  } catch {}
  let restoring = null;
  const restoreNow = () => restoring?.();
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      if (current) stopTree(current);
      restoreNow();
      process.exit(130);
    });
  }
  syncScratch();
  const t0 = Date.now();
  // A result stands for the mutant as written: resuming skips only mutants whose edits match.
  const progressFile = path.join(base, 'core-progress.json');
  const key = (m) => JSON.stringify(m.edits);
  const previous = o.resume && existsSync(progressFile) ? JSON.parse(readFileSync(progressFile, 'utf8')) : [];
  const done = new Map(previous.filter((r) => plans.some((p) => p.mutant.id === r.id && key(p.mutant) === r.key && !(o.only && wanted(p))))
    .map((r) => [r.id, r]));
  // Cheapest first (a mutant in a .cpp file recompiles one engine object; one in a header every
  // engine object that includes it), so an interrupted run has tested as many mutants as it could.
  const { engine } = rebuildCost();
  const mutantCost = (p) => Math.max(...p.edits.map((e) => engine.get(e.file) ?? 0));
  const toRun = plans.filter((p) => wanted(p) && !done.has(p.mutant.id)).sort((a, b) => mutantCost(a) - mutantCost(b));
  writeFileSync(progressFile, `${JSON.stringify([...done.values()], null, 1)}\n`);

  console.log(`baseline: building the unmutated suite${ccache ? ' (through ccache)' : ''} and running each test case alone`);
  await configure();
  const b0 = await build(o.jobs);
  if (b0.status !== 0) throw new Error(`the unmutated tree does not build:\n${b0.out.slice(-4000)}`);
  const tests = await listTests(o);
  const failing = [];
  for (const t of tests) {
    const f = await runTest(t, o);
    if (f) failing.push(`${f.name} (${f.how})`);
    t.seconds = t.lastSeconds;
  }
  if (failing.length) throw new Error(`the unmutated suite fails: ${failing.join('; ')}`);
  const baselineSeconds = tests.reduce((s, t) => s + t.seconds, 0);
  console.log(`baseline: ${tests.length} test cases in ${tests.length ? new Set(tests.map((t) => t.exe)).size : 0} files pass, ${baselineSeconds.toFixed(0)} s run one by one`);

  // The order a mutant's test cases run in: first those that killed earlier mutants of the
  // same file (most kills first), then those of test files that include the mutated file (or,
  // for a .cpp, its header), then the rest; cheapest first within each group.
  const { reach } = includeGraph();
  const sees = (exe, file) => {
    const r = reach(`tests/core/${exe}.cpp`);
    return r.has(file) || (file.endsWith('.cpp') && r.has(file.replace(/\.cpp$/, '.hpp')));
  };
  const order = (files, results) => {
    const kills = new Map();
    for (const r of results) if (r.failed?.length && r.files.some((f) => files.includes(f))) for (const f of r.failed) kills.set(f.name, (kills.get(f.name) ?? 0) + 1);
    const rank = (t) => (kills.has(t.name) ? 0 : files.some((f) => sees(t.exe, f)) ? 1 : 2);
    return [...tests].sort((a, b) => rank(a) - rank(b) || (kills.get(b.name) ?? 0) - (kills.get(a.name) ?? 0) || a.seconds - b.seconds);
  };

  const results = [...done.values()];
  for (const [i, p] of toRun.entries()) {
    const originals = new Map();
    for (const e of p.edits) if (!originals.has(e.file)) originals.set(e.file, sources[e.file]);
    restoring = () => {
      for (const [file, text] of originals) writeFileSync(path.join(scratch, file), text);
      restoring = null;
    };
    let outcome;
    const m0 = Date.now();
    try {
      const mutated = new Map(originals);
      for (const e of p.edits) mutated.set(e.file, mutated.get(e.file).replace(e.search, () => e.replace));
      for (const [file, text] of mutated) writeFileSync(path.join(scratch, file), text);
      const b = await build(o.jobs, ['gradlab_core']);
      if (b.status !== 0) outcome = { result: 'build error', failed: [], ran: 0, detail: b.out.slice(-2000) };
      else {
        const built = new Set();
        let failed = null, ran = 0;
        for (const t of order([...originals.keys()], results)) {
          if (!built.has(t.exe)) {
            const bt = await build(o.jobs, [t.exe]);
            if (bt.status !== 0) {
              failed = { name: `(${t.exe} does not compile with the mutant)`, how: 'Build' };
              break;
            }
            built.add(t.exe);
          }
          ran++;
          failed = await runTest(t, o);
          if (failed) break;
        }
        outcome = failed?.how === 'Build' ? { result: 'build error', failed: [], ran, detail: failed.name }
          : { result: failed ? (failed.how === 'Timeout' ? 'killed (timeout)' : 'killed') : 'survived', failed: failed ? [failed] : [], ran };
      }
    } finally {
      restoreNow();
    }
    outcome.seconds = (Date.now() - m0) / 1000;
    const { id, area, why } = p.mutant;
    results.push({ id, area, why, key: key(p.mutant), files: [...originals.keys()], ...outcome });
    writeFileSync(progressFile, `${JSON.stringify(results, null, 1)}\n`);
    console.log(`[${i + 1}/${toRun.length}] ${id}: ${outcome.result} after ${outcome.ran} of ${tests.length} test cases, ${outcome.seconds.toFixed(0)} s${outcome.failed.length ? ` (${outcome.failed[0].name})` : ''}`);
  }

  await report(catalogue, results, { tests: tests.length, allTests: o.allTests, timeout: o.timeout, seconds: (Date.now() - t0) / 1000 });
}

/** Writes the table and the JSON for the results in hand (catalogue order), and prints them. */
async function report(catalogue, results, partial) {
  const commit = (await run('git', ['rev-parse', '--short', 'HEAD'])).out.trim();
  const order = new Map(catalogue.map((m, i) => [m.id, i]));
  results.sort((a, b) => order.get(a.id) - order.get(b.id));
  const meta = { date: new Date().toISOString().slice(0, 10), commit, catalogue: catalogue.length, ...partial };
  const t = table(results, meta);
  writeFileSync(path.join(base, 'core-report.md'), t.text);
  writeFileSync(path.join(base, 'core-results.json'), `${JSON.stringify({ ...meta, killed: t.killed, scored: t.scored, results }, null, 1)}\n`);
  console.log(t.text);
  const survivors = results.filter((r) => r.result === 'survived');
  if (survivors.length) console.log(`survived: ${survivors.map((r) => r.id).join(', ')}`);
  console.log(`wrote build/mutation/core-report.md: ${t.killed}/${t.scored} killed (${t.pct.toFixed(1)} %)`);
}

main().catch((e) => {
  console.error(`mutate-core: ${e.message}`);
  process.exit(1);
});
