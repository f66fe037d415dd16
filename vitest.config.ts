import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test-prop.ts'],
    // Property tests run hundreds of cases; on a loaded 2-core CI machine a few take seconds.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
    // The JSON report feeds the closing summary line that .ci/run prints.
    reporters: ['default', 'json'],
    outputFile: { json: './node_modules/.vitest/results.json' },
  },
});
