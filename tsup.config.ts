import { defineConfig } from 'tsup';

/**
 * The package's entry points: the `dist/<name>` file of each, and the source it is built from.
 * package.json `exports` maps `llm-spend` to `index` and `llm-spend/<name>` to `<name>`
 * (test/package checks that the two agree; test/docs resolves documentation imports with it).
 */
export const ENTRIES = {
  // the per-call core with the bundled catalog (no zod, no yaml, no decimal.js)
  index: 'src/index.ts',
  // the same per-call API without the bundled catalog: every call takes the table
  core: 'src/core.ts',
  // pricing tables from LiteLLM, models.dev and genai-prices; loadPricing (zod)
  convert: 'src/pricing/convert/index.ts',
  // projections, workloads and the recommender (zod, decimal.js)
  projection: 'src/projection/index.ts',
  // the runtime budget guard and its memory store
  budget: 'src/budget/index.ts',
  // the Redis store; ioredis is only a type-level peer (never bundled)
  redis: 'src/redis/index.ts',
  // plan files: parsePlan, planSchema, planJsonSchema (zod, yaml)
  plan: 'src/cli/plan/index.ts',
  // usage logs priced at their dates (issue 14)
  actual: 'src/actual/index.ts',
} as const;

export default defineConfig([
  {
    entry: { ...ENTRIES },
    external: ['ioredis'],
    format: ['esm', 'cjs'],
    // Shared chunks in both formats: one copy of each module (LlmSpendError, the catalog) however
    // many entries a program loads, so `instanceof` holds across entries in CommonJS too.
    splitting: true,
    dts: true,
    // Everything but the bin, which the second build writes at the same time (cleaning it here
    // could remove it after that build wrote it).
    clean: ['!cli.js'],
    // No source maps in the package: they were 65 % of the tarball, and they point at src/,
    // which is not shipped. Debug against the sources (tsx, vitest) instead.
    sourcemap: false,
    target: 'es2023',
    treeshake: true,
    tsconfig: 'tsconfig.core.json',
  },
  {
    // The `llm-spend` bin: one ESM file with a shebang (node: modules allowed here).
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    platform: 'node',
    dts: false,
    clean: false,
    sourcemap: false,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    tsconfig: 'tsconfig.json',
  },
]);
