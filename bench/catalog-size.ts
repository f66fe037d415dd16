// Reports the bundled catalog's weight: src/pricing/data/models.ts minified (esbuild, as tsup
// ships it) and gzipped. No timing, no assertion: `npx tsx bench/catalog-size.ts`.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { transformSync } from 'esbuild';

const source = readFileSync(new URL('../src/pricing/data/models.ts', import.meta.url), 'utf8');
const minified = transformSync(source, { loader: 'ts', minify: true, format: 'esm' }).code;
const gzipped = gzipSync(minified, { level: 9 });
process.stdout.write(`catalog: ${source.length} bytes source, ${minified.length} bytes minified, ${gzipped.length} bytes minified+gzip\n`);
