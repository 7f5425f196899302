import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The page lives in viz/ (npm run dev / build / preview); tests run from the project root.
const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig(({ mode }) => ({
  ...(mode === 'test' ? {} : { root: 'viz' }),
  base: './',
  build: {
    outDir: `${here}dist`,
    emptyOutDir: true,
    chunkSizeWarningLimit: 1000,
  },
  worker: { format: 'es' },
  // csv-parse's Node build needs Buffer; its browser build carries its own (the page reads fleet CSVs too).
  ...(mode === 'test' ? {} : { resolve: { alias: { 'csv-parse/sync': 'csv-parse/browser/esm/sync' } } }),
  server: { fs: { allow: [here] } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
}));
