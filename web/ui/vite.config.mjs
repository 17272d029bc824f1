// Vite builds the playground into build/ui: the custom element (gradlab-playground.js, a
// stable name to put in a <script> tag), embed.js, the exercise gallery's script, hashed
// chunks, the engine worker and the two .wasm builds under assets/, the static pages from
// public/, and the ready exercises under exercises/ (their reference solutions stay out: the
// folder is what students are given).
import { defineConfig } from 'vite';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

/** Emits web/exercises/<id>.json (not the format's schema, not the solutions) as exercises/<id>.json. */
function exercises() {
  const dir = here('../exercises');
  return {
    name: 'gradlab-exercises',
    generateBundle() {
      for (const f of readdirSync(dir).filter((n) => n.endsWith('.json') && n !== 'schema.json'))
        this.emitFile({ type: 'asset', fileName: `exercises/${f}`, source: readFileSync(`${dir}/${f}`, 'utf8') });
    },
  };
}

const output = {
  entryFileNames: '[name].js',
  chunkFileNames: 'assets/[name]-[hash].js',
  assetFileNames: 'assets/[name]-[hash][extname]',
};

export default defineConfig({
  root: here('.'),
  base: './',
  publicDir: here('public'),
  logLevel: 'warn',
  build: {
    outDir: here('../../build/ui'),
    emptyOutDir: true,
    target: 'es2022',
    // Every asset stays a file: a data: URL would need 'data:' in the page's CSP.
    assetsInlineLimit: 0,
    modulePreload: false,
    sourcemap: false,
    reportCompressedSize: false,
    rollupOptions: {
      input: { 'gradlab-playground': here('gradlab-playground.js'), embed: here('embed.js'), gallery: here('gallery.js') },
      output,
      preserveEntrySignatures: 'exports-only',
      checks: { pluginTimings: false },
    },
  },
  plugins: [exercises()],
  worker: {
    format: 'es',
    rollupOptions: { output: { ...output, entryFileNames: 'assets/[name]-[hash].js' } },
  },
  server: { host: '127.0.0.1', fs: { allow: [here('../..')] } },
});
