// `npm run build:site`: one static folder, build/site, that runs from any static host and from
// any subfolder of it (every URL inside is relative):
//   index.html, embed.html, exercises.html, gradlab-playground.js, assets/, exercises/  the playground (build/ui)
//   docs/index.html, docs/exercises.html                                            the instructor docs (from docs/*.md)
//   examples/<platform>.html                                                        each course platform's page, running
// An example page names where it expects GradLab (`<!-- gradlab-base: _static/gradlab/ -->`);
// here that is the site itself, so the base becomes "../".
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './run.mjs';
import { buildUi, uiOut } from './build-ui.mjs';
import { markdownToHtml, escapeHtml } from './markdown.mjs';

export const siteOut = path.join(root, 'build/site');
const examplesDir = path.join(root, 'docs/examples');

/** The docs pages: repository file → site file. */
const DOCS = { 'docs/instructors.md': 'docs/index.html', 'docs/exercises.md': 'docs/exercises.html' };

/** An example page's GradLab base, from its `<!-- gradlab-base: … -->` line. */
export function exampleBase(html) {
  const m = /<!--\s*gradlab-base:\s*(\S+)\s*-->/.exec(html);
  if (!m) throw new Error('an example page must say where it expects GradLab: <!-- gradlab-base: path/ -->');
  return m[1];
}

/** Where a repository file is in the site (null: it is not). */
function sitePath(repoPath) {
  if (DOCS[repoPath]) return DOCS[repoPath];
  if (repoPath.startsWith('docs/examples/')) return `examples/${repoPath.slice('docs/examples/'.length)}`;
  const ex = /^web\/exercises\/([a-z0-9-]+\.json)$/.exec(repoPath);
  if (ex && ex[1] !== 'schema.json') return `exercises/${ex[1]}`;
  return null;
}

/** A doc's link target as the site page `from` (a site path) should write it; null: not in the site. */
function siteLink(target, docRepoPath, from) {
  if (/^[a-z]+:/i.test(target) || target.startsWith('#')) return target;
  const [file, hash = ''] = target.split('#');
  const repoPath = path.posix.normalize(path.posix.join(path.posix.dirname(docRepoPath), file));
  const to = sitePath(repoPath);
  if (!to) return null;
  const rel = path.posix.relative(path.posix.dirname(from), to) || path.posix.basename(to);
  return hash ? `${rel}#${hash}` : rel;
}

function docPage({ title, body, from }) {
  const up = (p) => path.posix.relative(path.posix.dirname(from), p) || '.';
  const nav = [['index.html', 'Playground'], ['exercises.html', 'Exercises'], ['docs/index.html', 'Instructor guide'], ['docs/exercises.html', 'Exercise format']]
    .map(([p, t]) => `<a href="${escapeHtml(up(p).replace(/^\.$/, './'))}">${t}</a>`).join(' · ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — GradLab</title>
<link rel="icon" href="${up('favicon.svg')}" type="image/svg+xml">
<link rel="stylesheet" href="${up('docs/docs.css')}">
</head>
<body>
<nav class="gl-doc-nav">${nav}</nav>
<main class="gl-doc">
${body}
</main>
</body>
</html>
`;
}

/** Builds build/site (the playground first, when it is stale). Returns the site's folder. */
export async function buildSite({ log = console.log } = {}) {
  await buildUi({ log });
  rmSync(siteOut, { recursive: true, force: true });
  mkdirSync(siteOut, { recursive: true });
  cpSync(uiOut, siteOut, { recursive: true });
  mkdirSync(path.join(siteOut, 'docs'), { recursive: true });
  cpSync(path.join(root, 'docs/site.css'), path.join(siteOut, 'docs/docs.css'));
  for (const [src, out] of Object.entries(DOCS)) {
    const { html, title } = markdownToHtml(readFileSync(path.join(root, src), 'utf8'), { link: (u) => siteLink(u, src, out) });
    writeFileSync(path.join(siteOut, out), docPage({ title, body: html, from: out }));
  }
  mkdirSync(path.join(siteOut, 'examples'), { recursive: true });
  for (const f of readdirSync(examplesDir)) {
    const text = readFileSync(path.join(examplesDir, f), 'utf8');
    const out = path.join(siteOut, 'examples', f);
    if (f.endsWith('.html')) writeFileSync(out, text.replaceAll(exampleBase(text), '../'));
    else writeFileSync(out, text);
  }
  log(`wrote ${path.relative(root, siteOut)}/ (playground, exercises, docs, ${readdirSync(examplesDir).filter((f) => f.endsWith('.html')).length} course-platform examples)`);
  return siteOut;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    if (!existsSync(path.join(root, 'web/dist/gradlab-simd.wasm'))) throw new Error('the engine is not built: run `npm run build` first');
    await buildSite();
  } catch (e) {
    console.error(`site build failed: ${e.message}`);
    process.exit(1);
  }
}
