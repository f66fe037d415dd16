import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // `redis` is the llm-spend/redis subpath; ioredis is only a type-level peer (never bundled).
    entry: { index: 'src/index.ts', redis: 'src/redis/index.ts' },
    external: ['ioredis'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
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
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    tsconfig: 'tsconfig.json',
  },
]);
