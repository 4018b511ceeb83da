// Browser tests (Chromium via playwright-core), run by scripts/e2e.mjs — kept out of the unit
// run: they build the renderer and drive a real browser, one file at a time.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
