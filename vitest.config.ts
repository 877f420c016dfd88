import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Two files at once on this 2-core machine: most tests wait on a child hoplab, tshark or
    // Chromium, and one worker (vitest's default here, cores - 1) left a core idle half the run.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
