// Reports the bundled catalog's weight: src/pricing/data/models.ts minified (esbuild, as tsup
// ships it) and gzipped. No timing, no assertion. Part of `npm run bench`; alone:
// `npx tsx bench/catalog-size.ts`.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { transformSync } from 'esbuild';
import { defaultPricing } from '../src/pricing/table.js';

/** The catalog's size in bytes: source, minified, minified+gzip, and its entry count. */
export function measureCatalog(): { entries: number; source: number; minified: number; gzipped: number; markdown: string } {
  const source = readFileSync(new URL('../src/pricing/data/models.ts', import.meta.url), 'utf8');
  const minified = transformSync(source, { loader: 'ts', minify: true, format: 'esm' }).code;
  const gzipped = gzipSync(minified, { level: 9 }).length;
  const entries = defaultPricing.models.length;
  const markdown = [
    '## Catalog weight',
    '',
    '| entries | source | minified | minified + gzip (level 9) |',
    '| ---: | ---: | ---: | ---: |',
    `| ${entries} | ${source.length.toLocaleString('en-US')} B | ${minified.length.toLocaleString('en-US')} B | ${gzipped.toLocaleString('en-US')} B |`,
  ].join('\n');
  return { entries, source: source.length, minified: minified.length, gzipped, markdown };
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const size = measureCatalog();
  process.stdout.write(`catalog: ${size.entries} entries, ${size.source} bytes source, ${size.minified} bytes minified, ${size.gzipped} bytes minified+gzip\n`);
}
