import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Validation suites run many simulated customers; give slow shared CI machines room.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
