// The viewer's page, built by `npm run build` into dist/page/, which the
// package ships: `hoplab view` serves it from there, with no network.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist/page/', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    rollupOptions: { output: { entryFileNames: 'assets/[name].js', chunkFileNames: 'assets/[name].js', assetFileNames: 'assets/[name][extname]' } },
  },
});
