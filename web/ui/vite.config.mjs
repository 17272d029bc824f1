// Vite builds the playground into build/ui: the custom element (gradlab-playground.js, a
// stable name to put in a <script> tag), embed.js, hashed chunks, the engine worker and the
// two .wasm builds under assets/, and the static pages from public/.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

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
      input: { 'gradlab-playground': here('gradlab-playground.js'), embed: here('embed.js') },
      output,
      preserveEntrySignatures: 'exports-only',
      checks: { pluginTimings: false },
    },
  },
  worker: {
    format: 'es',
    rollupOptions: { output: { ...output, entryFileNames: 'assets/[name]-[hash].js' } },
  },
  server: { host: '127.0.0.1', fs: { allow: [here('../..')] } },
});
