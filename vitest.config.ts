import { defineConfig } from 'vitest/config';

/**
 * Test files that replace a module of hoplab's with vi.mock: they need modules
 * of their own. Every other file shares its worker's modules with the files
 * before it (isolate: false): importing hoplab again for each of 209 files
 * took a minute of the suite's seven and a half.
 */
const MOCKING = ['test/store/chunk-ring.test.ts', 'test/store/header-once.test.ts', 'test/store/log-read-ahead.test.ts'];

export default defineConfig({
  test: {
    // Two files at once on this 2-core machine: most tests wait on a child hoplab, tshark or
    // Chromium, and one worker (vitest's default here, cores - 1) left a core idle half the run.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: MOCKING, isolate: false } },
      { extends: true, test: { name: 'isolated', include: MOCKING } },
    ],
  },
});
