// The playground's build: Vite bundles web/ui (and the gradlab API it uses, with both .wasm
// builds) into build/ui. Incremental at the level that matters: `npm start` rebuilds only
// when a source is newer than the last build.
import { existsSync, statSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { root } from './run.mjs';

export const uiOut = path.join(root, 'build/ui');
const stamp = path.join(uiOut, 'gradlab-playground.js');
const sources = ['web/ui', 'web/src', 'web/dist', 'package-lock.json'];

function newest(p) {
  const full = path.join(root, p);
  if (!existsSync(full)) return 0;
  const s = statSync(full);
  if (!s.isDirectory()) return s.mtimeMs;
  let t = s.mtimeMs;
  for (const e of readdirSync(full, { withFileTypes: true })) {
    if (e.name === 'node_modules') continue;
    t = Math.max(t, newest(path.join(p, e.name)));
  }
  return t;
}

/** True when build/ui is missing or older than a source. */
export function uiStale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return sources.some((s) => newest(s) > built);
}

export async function buildUi({ log = console.log, force = false } = {}) {
  if (!force && !uiStale()) {
    log('build/ui is up to date');
    return;
  }
  log('building the playground (vite) into build/ui');
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'web/ui/vite.config.mjs'), logLevel: 'warn' });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await buildUi({ force: true });
  } catch (e) {
    console.error(`ui build failed: ${e.message}`);
    process.exit(1);
  }
}
