// The instructor docs and README as the tests read them: the policies and snippets
// docs/instructors.md and README.md give are the ones the browser tests serve, so the docs
// cannot drift from what was tested.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './helpers.mjs';

export const DOC_ORIGIN = 'https://gradlab.example.org';
const doc = () => readFileSync(path.join(root, 'docs/instructors.md'), 'utf8');

/** The fenced block after `<!-- name -->` in docs/instructors.md. */
export function docBlock(name) {
  const m = new RegExp(`<!-- ${name} -->\\s*\`\`\`[\\w-]*\\n([\\s\\S]*?)\\n\`\`\``).exec(doc());
  if (!m) throw new Error(`docs/instructors.md has no block marked <!-- ${name} -->`);
  return m[1];
}

/** The policy of block `name`, with GradLab's example origin replaced by `origin`. */
export function docPolicy(name, origin) {
  return docBlock(name).replace(/^Content-Security-Policy:\s*/, '').trim().replaceAll(DOC_ORIGIN, origin);
}

/** The fenced block after `<!-- name: … -->` in README.md, as written. */
export function readmeBlock(name) {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const m = new RegExp(`<!-- ${name}:[^>]*-->\\s*\`\`\`[\\w-]*\\n([\\s\\S]*?)\\n\`\`\``).exec(readme);
  if (!m) throw new Error(`README.md has no block marked <!-- ${name}: … -->`);
  return m[1];
}
