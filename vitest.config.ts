import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test-prop.ts'],
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
