// Mutation testing of the C++ engine: applies each mutant of tests/mutation/core-mutants.mjs,
// one at a time, to a scratch copy of the tree (build/mutation/src, so the working tree is
// never touched), rebuilds incrementally in build/mutation/build, runs ctest and records which
// tests failed. A mutant is killed when some test fails or times out (a hang counts as killed);
// it survives when the whole suite passes. The scratch copy is synced from the tree at every
// start, so even a killed run cannot leave a mutant behind for the next one.
//
//   node scripts/mutate-core.mjs                     # every mutant
//   node scripts/mutate-core.mjs --only id1,id2      # some of them
//   node scripts/mutate-core.mjs --list              # check every snippet is found exactly once
//   options: --jobs N (2), --timeout S per test (300: the mean-field experiments take ~50 s on a busy machine), --all-tests (include the heap soaks),
//            --report-only (the table from core-progress.json, e.g. of an interrupted run),
//            --resume (keep the results in build/mutation/core-progress.json and run only the
//            mutants without one, or, with --only, those named)
//
// Writes build/mutation/core-report.md (the table) and core-results.json; each result is also
// appended to core-progress.json as it comes, so an interrupted run can be resumed.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const base = path.join(root, 'build/mutation');
const scratch = path.join(base, 'src');
const buildDir = path.join(base, 'build');
// What the native suite is built from; everything else stays out of the scratch copy.
const synced = ['CMakeLists.txt', 'core', 'tests/CMakeLists.txt', 'tests/core', 'tests/tools'];
// Heap-behaviour tests (a 10^5-step soak, allocation measurements): 2 of the suite's
// 2.2 minutes, and they measure memory, not numbers. --all-tests runs them too.
const slowTests = '^soak:|^estimate_bytes is honest';

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
  for (const top of synced) {
    const want = new Set(filesUnder(root, top));
    for (const rel of filesUnder(scratch, top)) if (!want.has(rel)) rmSync(path.join(scratch, rel));
    for (const rel of want) {
      const text = readFileSync(path.join(root, rel));
      const dst = path.join(scratch, rel);
      if (existsSync(dst) && readFileSync(dst).equals(text)) continue;
      mkdirSync(path.dirname(dst), { recursive: true });
      writeFileSync(dst, text);
    }
  }
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
// (cmake -> make -> compilers, ctest -> tests), and the event loop stays free to handle signals.
let current = null;
const stopTree = (child) => {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {}
};

function run(cmd, args, timeoutMs = 60e3) {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
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

async function build(jobs) {
  if (!existsSync(path.join(buildDir, 'CMakeCache.txt'))) {
    const c = await run('cmake', ['-S', scratch, '-B', buildDir, '-DCMAKE_BUILD_TYPE=Release', '-DGRADLAB_TESTS=ON'], 10 * 60e3);
    if (c.status !== 0) throw new Error(`cmake configure failed:\n${c.out}`);
  }
  return run('cmake', ['--build', buildDir, '-j', String(jobs), '--target', 'gradlab_tests'], 30 * 60e3);
}

/** Runs ctest; returns the failing tests as [{name, how}] (how: Failed, Timeout, ...). */
async function ctest(o) {
  const args = ['--test-dir', buildDir, '-j', String(o.jobs), '--timeout', String(o.timeout)];
  if (!o.allTests) args.push('-E', slowTests);
  // The whole run gets a generous bound too: a hang that ctest's own timeout misses still ends.
  const r = await run('ctest', args, 40 * 60e3);
  if (r.timedOut) return { failed: [{ name: '(the whole ctest run)', how: 'Timeout' }], seconds: r.seconds };
  const failed = [];
  const list = r.out.split('The following tests FAILED:')[1] ?? '';
  for (const line of list.split('\n')) {
    const m = /^\s*\d+ - (.*) \(([^()]*)\)\s*$/.exec(line);
    if (m) failed.push({ name: m[1], how: m[2] });
  }
  if (r.status !== 0 && !failed.length) failed.push({ name: '(ctest exited with an error)', how: `exit ${r.status}` });
  const total = /tests passed, \d+ tests failed out of (\d+)/.exec(r.out)?.[1];
  return { failed, total: Number(total), seconds: r.seconds };
}

function readSources(dir) {
  return Object.fromEntries(filesUnder(dir, 'core').map((rel) => [rel, readFileSync(path.join(dir, rel), 'utf8')]));
}

/** For each core/ file: how many translation units (core/, tests/core/) include it, directly or not. */
function rebuildCost() {
  const units = [...filesUnder(root, 'core'), ...filesUnder(root, 'tests/core')];
  const includes = new Map(units.map((rel) => [rel, [...readFileSync(path.join(root, rel), 'utf8').matchAll(/#include "([^"]+)"/g)]
    .map((m) => [path.join(path.dirname(rel), m[1]), path.join('core', m[1])].find((c) => units.includes(c))).filter(Boolean)]));
  const reach = (rel, seen = new Set()) => {
    if (seen.has(rel)) return seen;
    seen.add(rel);
    for (const inc of includes.get(rel) ?? []) reach(inc, seen);
    return seen;
  };
  const cost = new Map();
  for (const unit of units.filter((u) => u.endsWith('.cpp'))) for (const f of reach(unit)) cost.set(f, (cost.get(f) ?? 0) + 1);
  return cost;
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
  const lines = [
    `# C++ mutation testing: ${killed.length} of ${scored.length} mutants killed (${pct.toFixed(1)} %)`,
    '',
    `${meta.date}, commit ${meta.commit}; ${results.length} of the catalogue's ${meta.catalogue} mutants run` +
      `${meta.tests ? `; ${meta.tests} ctest entries` : ''}${meta.allTests ? '' : ' (heap soaks excluded)'}; per-test timeout ${meta.timeout} s` +
      `${meta.seconds ? `; ${(meta.seconds / 60).toFixed(0)} min` : ''}. Catalogue: tests/mutation/core-mutants.mjs.`,
    '',
    '| mutant | area | what it breaks | result | killed by |',
    '|---|---|---|---|---|',
  ];
  for (const r of results) {
    const by = r.failed.slice(0, 3).map((f) => `${f.name}${f.how === 'Failed' ? '' : ` (${f.how})`}`).join('; ') +
      (r.failed.length > 3 ? `; +${r.failed.length - 3} more` : '');
    lines.push(`| ${r.id} | ${r.area} | ${r.why.replace(/\|/g, '\\|')} | ${r.result} | ${by.replace(/\|/g, '\\|')} |`);
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
    const cost = rebuildCost();
    for (const p of plans.filter(wanted)) {
      const files = [...new Set(p.edits.map((e) => e.file))];
      console.log(`${p.mutant.id.padEnd(36)} ${files.join(', ')} (rebuilds ${Math.max(...files.map((f) => cost.get(f) ?? 0))} objects)`);
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
  // Cheapest first (a mutant in a .cpp file rebuilds one object; one in a header every object
  // that includes it), so an interrupted run has tested as many mutants as it could.
  const cost = rebuildCost();
  const mutantCost = (p) => Math.max(...p.edits.map((e) => cost.get(e.file) ?? 0));
  const toRun = plans.filter((p) => wanted(p) && !done.has(p.mutant.id)).sort((a, b) => mutantCost(a) - mutantCost(b));
  writeFileSync(progressFile, `${JSON.stringify([...done.values()], null, 1)}\n`);

  console.log('baseline: building and running the unmutated suite');
  const b0 = await build(o.jobs);
  if (b0.status !== 0) throw new Error(`the unmutated tree does not build:\n${b0.out.slice(-4000)}`);
  const baseline = await ctest(o);
  if (baseline.failed.length) throw new Error(`the unmutated suite fails: ${baseline.failed.map((f) => `${f.name} (${f.how})`).join('; ')}${baseline.failed.some((f) => f.how === 'Timeout') ? ' (raise --timeout)' : ''}`);
  console.log(`baseline: ${baseline.total} tests pass in ${baseline.seconds.toFixed(0)} s`);

  const results = [...done.values()];
  for (const [i, p] of toRun.entries()) {
    const originals = new Map();
    for (const e of p.edits) if (!originals.has(e.file)) originals.set(e.file, sources[e.file]);
    restoring = () => {
      for (const [file, text] of originals) writeFileSync(path.join(scratch, file), text);
      restoring = null;
    };
    let outcome;
    try {
      const mutated = new Map(originals);
      for (const e of p.edits) mutated.set(e.file, mutated.get(e.file).replace(e.search, () => e.replace));
      for (const [file, text] of mutated) writeFileSync(path.join(scratch, file), text);
      const b = await build(o.jobs);
      if (b.status !== 0) outcome = { result: 'build error', failed: [], detail: b.out.slice(-2000) };
      else {
        const t = await ctest(o);
        const timeout = t.failed.some((f) => f.how === 'Timeout');
        outcome = { result: t.failed.length ? (timeout ? 'killed (timeout)' : 'killed') : 'survived', failed: t.failed };
      }
    } finally {
      restoreNow();
    }
    const { id, area, why } = p.mutant;
    results.push({ id, area, why, key: key(p.mutant), files: [...originals.keys()], ...outcome });
    writeFileSync(progressFile, `${JSON.stringify(results, null, 1)}\n`);
    console.log(`[${i + 1}/${toRun.length}] ${id}: ${outcome.result}${outcome.failed.length ? ` (${outcome.failed.length} tests)` : ''}`);
  }
  // Leave the scratch build matching the clean tree for the next run.
  await build(o.jobs);

  await report(catalogue, results, { tests: baseline.total, allTests: o.allTests, timeout: o.timeout, seconds: (Date.now() - t0) / 1000 });
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
