// Small helpers shared by the build/test/start scripts: run a command, stream its output,
// fail loudly with the command line.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) {
    const err = new Error(`command failed (exit ${r.status}): ${cmd} ${args.join(' ')}`);
    err.exitCode = r.status ?? 1;
    throw err;
  }
}

export function bootstrap() {
  run('bash', [path.join(root, 'scripts/bootstrap.sh')]);
}

export const jobs = String(Math.max(1, Math.min(2, (await import('node:os')).availableParallelism?.() ?? 2)));

/// Configures (once) and builds the native core and its doctest suite.
export function buildNative({ dir = 'build/native', extra = [] } = {}) {
  run('cmake', ['-S', '.', '-B', dir, '-DCMAKE_BUILD_TYPE=Release', ...extra], { stdio: ['ignore', 'ignore', 'inherit'] });
  run('cmake', ['--build', dir, '-j', jobs]);
}
