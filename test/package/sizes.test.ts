// The size budgets of issue 13, checked on what users get: programs bundled for the browser
// (esbuild, ESM, minified) from the BUILT package (dist/, resolved through package.json exports),
// min+gzip at zlib level 9. Sizes are deterministic for a given build, so they are asserted;
// import times are only reported by the bench (`npx tsx bench/bundles.ts`), never here.
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BUDGETS,
  HEAVY_PACKAGES,
  measureBundle,
  measureFromSource,
  ONE_CALL,
  OWN_TABLE,
  resolveEntry,
  staticImportGraph,
  type BundleProgram,
  type MeasuredBundle,
} from '../../bench/bundle-measure.js';
import { ensureBuilt, repo } from '../cli/helpers.js';

// Hand-worked from the price page (pricing-facts §1, OpenAI's launch post): gpt-5.4-mini costs
// $0.75 input, $0.075 cached input, $4.50 output per 1M tokens. 12,000 input tokens of which
// 2,000 cached, 800 output: 10,000 × 0.75 + 2,000 × 0.075 + 800 × 4.50 = 7,500 + 150 + 3,600
// = 11,250 USD per 1M = $0.01125. The own-table program prices an in-house model at the same rates.
const EXPECTED_TOTAL = '0.01125';

/** The bundle's minified bytes by input, for a failure message that names the cause. */
function contents(bundle: MeasuredBundle): string {
  return bundle.inputs
    .slice(0, 10)
    .map((input) => `${input.path} ${input.bytes} B`)
    .join('; ');
}

/** Over budget: the same program bundled from src/, so the message names the source files. */
async function cause(program: BundleProgram, bundle: MeasuredBundle, budget: number): Promise<string> {
  if (bundle.gzipBytes <= budget) return '';
  const fromSource = await measureFromSource(program);
  return fromSource.status === 'ok' ? `min+gzip ${bundle.gzipBytes} B; largest source files: ${contents(fromSource)}` : `min+gzip ${bundle.gzipBytes} B; largest inputs: ${contents(bundle)}`;
}

async function built(program: BundleProgram): Promise<MeasuredBundle> {
  const result = await measureBundle(program);
  if (result.status === 'missing') throw new Error(`${program.library} ${program.id} cannot be bundled: ${result.reason}`);
  return result;
}

/** Runs a browser bundle's code in Node (it touches no DOM) and returns what it printed. */
function run(code: string): string {
  const child = spawnSync(process.execPath, ['--input-type=module', '-'], { input: code, encoding: 'utf8', cwd: repo });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  return child.stdout.trim();
}

// dist/ is fresh under `npm test` (it builds first); alone, this builds it when a source is newer.
beforeAll(() => {
  ensureBuilt();
}, 300_000);

describe('bundle budgets: min+gzip of programs bundled from dist/ (esbuild, browser, ESM, minified)', () => {
  it(`one estimateCost call with the bundled catalog (\`llm-spend\`): at most ${BUDGETS.oneCall.toLocaleString('en-US')} B, no zod, yaml or decimal.js`, async () => {
    const bundle = await built(ONE_CALL);
    expect(run(bundle.code)).toBe(EXPECTED_TOTAL);
    expect(bundle.heavy, contents(bundle)).toEqual([]);
    expect(bundle.gzipBytes, await cause(ONE_CALL, bundle, BUDGETS.oneCall)).toBeLessThanOrEqual(BUDGETS.oneCall);
  });

  it(`pricing from its own table (\`llm-spend/core\`): at most ${BUDGETS.ownTable.toLocaleString('en-US')} B, no zod, yaml, decimal.js or catalog`, async () => {
    const bundle = await built(OWN_TABLE);
    expect(run(bundle.code)).toBe(EXPECTED_TOTAL);
    expect(bundle.heavy, contents(bundle)).toEqual([]);
    expect(bundle.gzipBytes, await cause(OWN_TABLE, bundle, BUDGETS.ownTable)).toBeLessThanOrEqual(BUDGETS.ownTable);
    // The bundled catalog's model ids are not in it (the table is the program's own).
    expect(bundle.code).not.toContain('gpt-5.4-mini');
  });
});

describe('static import graph of the built entries (imports followed through dist/)', () => {
  for (const specifier of ['llm-spend', 'llm-spend/core']) {
    it(`\`${specifier}\` (ESM) loads no zod, yaml or decimal.js when imported`, async () => {
      const entry = resolveEntry(specifier, ['node', 'import', 'default']);
      if (!entry.ok) throw new Error(entry.reason);
      const graph = await staticImportGraph(entry.file);
      expect(graph.files.length).toBeGreaterThan(0);
      expect(graph.packages.filter((name) => (HEAVY_PACKAGES as readonly string[]).includes(name)), `loaded files: ${graph.files.join(', ')}`).toEqual([]);
    });
  }

  it('sees the packages an entry imports (the CLI bundle imports yaml and zod)', async () => {
    const graph = await staticImportGraph(`${repo}/dist/cli.js`);
    expect(graph.packages).toEqual(expect.arrayContaining(['yaml', 'zod']));
  });
});
