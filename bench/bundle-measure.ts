// What users get, measured: small programs bundled for the browser from the BUILT package (dist/,
// after `npx tsup`, resolved through package.json `exports` as a user's bundler would), their
// minified and min+gzip sizes and what is in them (esbuild metafile), the static import graph of
// a dist entry, and the time a fresh Node process takes to import a package.
// Shared by bench/bundles.ts (the report) and test/package/sizes.test.ts (the budgets).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, version as esbuildVersion, type Metafile, type Plugin } from 'esbuild';

/** The repository root (where package.json is). */
export const REPO: string = fileURLToPath(new URL('..', import.meta.url));
/** The esbuild version that made the bundles. */
export const ESBUILD_VERSION: string = esbuildVersion;

/** min+gzip budgets of issue 13, in bytes (1 KB = 1,000 B). */
export const BUDGETS = { oneCall: 40_000, ownTable: 8_000 } as const;

/** Dependencies that must stay off the per-call path. */
export const HEAVY_PACKAGES = ['zod', 'yaml', 'decimal.js'] as const;
export type HeavyPackage = (typeof HEAVY_PACKAGES)[number];

/** One usage for every one-call program: 12,000 input tokens (2,000 of them cached), 800 output. */
export const ONE_CALL_USAGE = { inputTokens: 12_000, cachedInputTokens: 2_000, outputTokens: 800 } as const;

/** A program to bundle: an ES module that imports a library and prints one result. */
export interface BundleProgram {
  /** Short id, for example `one-call`. */
  readonly id: string;
  /** The library whose size it measures. */
  readonly library: 'llm-spend' | '@pydantic/genai-prices' | 'tokenlens';
  /** What it does, for the report. */
  readonly label: string;
  /** The program's source (ES module, plain JavaScript). */
  readonly source: string;
  /** min+gzip budget in bytes, where the issue sets one. */
  readonly budgetBytes?: number;
}

const u = ONE_CALL_USAGE;

/** One `estimateCost` call priced from the bundled catalog (budget 40 KB). */
export const ONE_CALL: BundleProgram = {
  id: 'one-call',
  library: 'llm-spend',
  label: 'one `estimateCost` call, bundled catalog (`llm-spend`)',
  budgetBytes: BUDGETS.oneCall,
  source: `import { estimateCost } from 'llm-spend';
const cost = estimateCost({ model: 'gpt-5.4-mini', inputTokens: ${u.inputTokens}, cachedInputTokens: ${u.cachedInputTokens}, outputTokens: ${u.outputTokens} });
console.log(cost.total);
`,
};

/** Prices from its own one-model table, without the bundled catalog (budget 8 KB). */
export const OWN_TABLE: BundleProgram = {
  id: 'own-table',
  library: 'llm-spend',
  label: 'own table: `createPricingTable` + `estimateCost` with `pricing` (`llm-spend/core`)',
  budgetBytes: BUDGETS.ownTable,
  source: `import { createPricingTable, estimateCost } from 'llm-spend/core';
const pricing = createPricingTable({
  version: 1,
  checkedAt: '2026-11-01',
  models: [{
    id: 'in-house',
    provider: 'self',
    contextWindow: 128000,
    maxOutputTokens: 8000,
    modalities: { input: ['text'], output: ['text'] },
    reasoning: false,
    prices: [{ standard: { inputPerMillion: '0.75', cachedInputPerMillion: '0.075', outputPerMillion: '4.5' }, sources: [{ url: 'https://example.com/contract', checkedAt: '2026-11-01' }] }],
  }],
});
const cost = estimateCost({ model: 'in-house', pricing, inputTokens: ${u.inputTokens}, cachedInputTokens: ${u.cachedInputTokens}, outputTokens: ${u.outputTokens} });
console.log(cost.total);
`,
};

/** The programs of issue 13: the two budgets, the other entries (reported), and the peers' one call. */
export const PROGRAMS: readonly BundleProgram[] = [
  ONE_CALL,
  OWN_TABLE,
  {
    id: 'projection',
    library: 'llm-spend',
    label: '`projectSpend` of one workload (`llm-spend/projection`)',
    source: `import { projectSpend } from 'llm-spend/projection';
const result = projectSpend({ volume: { calls: 10000, per: 'day' }, tokens: { input: { lognormal: { median: 900, p95: 2500 } }, output: 100 } }, { model: 'gpt-5.4-mini' });
console.log(result.spend.expected);
`,
  },
  {
    id: 'recommend',
    library: 'llm-spend',
    label: '`recommendModel`, mini vs nano (`llm-spend/projection`)',
    source: `import { recommendModel } from 'llm-spend/projection';
const result = recommendModel({ volume: { calls: 50000, per: 'day' }, tokens: { input: 1000, output: 20 } }, { task: 'classification', budget: { usd: '1000', per: 'month' }, latency: { p95Ms: 5000 } });
console.log(result.choice?.id);
`,
  },
  {
    id: 'budget-guard',
    library: 'llm-spend',
    label: '`createBudgetGuard` reserve + commit (`llm-spend/budget`)',
    source: `import { createBudgetGuard } from 'llm-spend/budget';
const guard = createBudgetGuard({ limits: [{ usd: '50', window: 'day', timeZone: 'America/New_York' }] });
const reservation = await guard.reserve({ model: 'gpt-5.4-mini', inputTokens: 2000, maxOutputTokens: 1000 });
if (reservation.ok) console.log((await guard.commit(reservation, { inputTokens: 2000, outputTokens: 300 })).usd);
`,
  },
  {
    id: 'plan-parse',
    library: 'llm-spend',
    label: '`parsePlan` of a YAML plan (`llm-spend/plan`)',
    source: `import { parsePlan } from 'llm-spend/plan';
const plan = parsePlan('version: 1\\nmodels: [gpt-5.4-nano, gpt-5.4-mini]\\nworkloads:\\n  - name: triage\\n    volume: { calls: 50000, per: day }\\n    tokens: { input: 1000, output: 20 }\\n');
console.log(plan.workloads.length);
`,
  },
  {
    id: 'one-call',
    library: '@pydantic/genai-prices',
    label: 'one `calcPrice` call, bundled data',
    source: `import { calcPrice } from '@pydantic/genai-prices';
const price = calcPrice({ input_tokens: ${u.inputTokens}, cache_read_tokens: ${u.cachedInputTokens}, output_tokens: ${u.outputTokens} }, 'gpt-5.4-mini', { providerId: 'openai' });
console.log(price?.total_price);
`,
  },
  {
    id: 'one-call',
    library: 'tokenlens',
    label: 'one `getTokenCosts` call, bundled catalog',
    source: `import { getTokenCosts } from 'tokenlens';
const costs = getTokenCosts({ modelId: 'openai/gpt-5.4-mini', usage: { input: ${u.inputTokens - u.cachedInputTokens}, cacheReads: ${u.cachedInputTokens}, output: ${u.outputTokens} } });
console.log(costs.totalUSD);
`,
  },
];

// ---------------------------------------------------------------------------------------------
// Resolving `llm-spend` and `llm-spend/<sub>` to dist/ through package.json exports.

interface Manifest {
  readonly name: string;
  readonly exports?: Record<string, unknown>;
}

function manifest(): Manifest {
  return JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as Manifest;
}

function pickTarget(value: unknown, conditions: readonly string[]): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'types' || !conditions.includes(key)) continue;
    const found = pickTarget(inner, conditions);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Where a `llm-spend[/<sub>]` specifier resolves in dist/, or why it cannot. */
export type EntryResolution = { readonly ok: true; readonly file: string } | { readonly ok: false; readonly reason: string };

/**
 * Resolves `llm-spend` or `llm-spend/<sub>` through package.json `exports` under the given
 * conditions (default: a browser bundler's `browser`, `import`, `default`) to an absolute path.
 */
export function resolveEntry(specifier: string, conditions: readonly string[] = ['browser', 'import', 'default'], mustExist = true): EntryResolution {
  const pkg = manifest();
  if (specifier !== pkg.name && !specifier.startsWith(`${pkg.name}/`)) return { ok: false, reason: `${specifier} is not a ${pkg.name} specifier` };
  const subpath = specifier === pkg.name ? '.' : `.${specifier.slice(pkg.name.length)}`;
  const entry = pkg.exports?.[subpath];
  if (entry === undefined) return { ok: false, reason: `package.json exports has no "${subpath}" yet` };
  const target = pickTarget(entry, conditions);
  if (target === undefined) return { ok: false, reason: `package.json exports "${subpath}" has no target for conditions ${conditions.join(', ')}` };
  const file = join(REPO, target);
  if (mustExist && !existsSync(file)) return { ok: false, reason: `${target} (exports "${subpath}") is not built: run \`npx tsup\`` };
  return { ok: true, file };
}

/** An esbuild plugin resolving `llm-spend[/<sub>]` to the built files named by package.json exports. */
export function distEntriesPlugin(): Plugin {
  const name = manifest().name;
  const filter = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')}(/.*)?$`);
  return {
    name: 'llm-spend-dist',
    setup(esbuild) {
      esbuild.onResolve({ filter }, (args) => {
        const resolved = resolveEntry(args.path);
        return resolved.ok ? { path: resolved.file } : { errors: [{ text: resolved.reason }] };
      });
    },
  };
}

/** The bare specifiers a program imports (`import ... from 'x'`). */
export function importedSpecifiers(source: string): string[] {
  return [...source.matchAll(/\bfrom\s+['"]([^'"]+)['"]/g)].map((match) => match[1] ?? '');
}

// ---------------------------------------------------------------------------------------------
// Bundling and measuring.

/** One input of a bundle and the minified bytes it contributes (metafile `bytesInOutput`). */
export interface BundleInput {
  readonly path: string;
  readonly bytes: number;
}

/** A bundle that was built. */
export interface MeasuredBundle {
  readonly status: 'ok';
  readonly program: BundleProgram;
  readonly minifiedBytes: number;
  readonly gzipBytes: number;
  /** Every input with bytes in the output, largest first (paths relative to the repository). */
  readonly inputs: readonly BundleInput[];
  /** Output bytes per npm package (`node_modules/<name>`), largest first. */
  readonly packages: readonly BundleInput[];
  /** Which of zod, yaml and decimal.js have an input in the bundle (any bytes, or none). */
  readonly heavy: readonly HeavyPackage[];
  readonly code: string;
  readonly metafile: Metafile;
}

/** A bundle that could not be built because an entry it imports does not exist (yet). */
export interface MissingBundle {
  readonly status: 'missing';
  readonly program: BundleProgram;
  readonly reason: string;
}

export type BundleResult = MeasuredBundle | MissingBundle;

/** The npm package a metafile input path belongs to, or undefined for the repository's own files. */
export function packageOf(path: string): string | undefined {
  const at = path.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const parts = path.slice(at + 'node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') === true ? `${parts[0]}/${parts[1] ?? ''}` : parts[0];
}

/** Which of zod, yaml and decimal.js appear among a metafile's inputs. */
export function heavyInputs(metafile: Metafile): HeavyPackage[] {
  const found = new Set<HeavyPackage>();
  for (const path of Object.keys(metafile.inputs)) {
    const name = packageOf(path);
    if (name !== undefined && (HEAVY_PACKAGES as readonly string[]).includes(name)) found.add(name as HeavyPackage);
  }
  return HEAVY_PACKAGES.filter((name) => found.has(name));
}

export interface BundleOptions {
  /** Extra esbuild plugins, run before the dist resolver (for example to map entries to src/). */
  readonly plugins?: readonly Plugin[];
  /** Resolve `llm-spend[/<sub>]` to dist/ (default) or leave it to the given plugins. */
  readonly dist?: boolean;
}

/**
 * Bundles a program for the browser (ESM, minified, esbuild defaults otherwise), and measures it:
 * minified bytes, min+gzip bytes (zlib level 9), inputs by output bytes, heavy dependencies.
 * A program importing a `llm-spend` entry that package.json does not export, or that is not
 * built, gives a {@link MissingBundle} instead of an error.
 */
export async function measureBundle(program: BundleProgram, options: BundleOptions = {}): Promise<BundleResult> {
  const dist = options.dist ?? true;
  if (dist) {
    for (const specifier of importedSpecifiers(program.source)) {
      if (specifier !== 'llm-spend' && !specifier.startsWith('llm-spend/')) continue;
      const resolved = resolveEntry(specifier);
      if (!resolved.ok) return { status: 'missing', program, reason: resolved.reason };
    }
  }
  let result: Awaited<ReturnType<typeof build<{ write: false; metafile: true }>>>;
  try {
    result = await build({
      stdin: { contents: program.source, resolveDir: REPO, sourcefile: `${program.library}-${program.id}.js`, loader: 'js' },
      absWorkingDir: REPO,
      bundle: true,
      platform: 'browser',
      format: 'esm',
      minify: true,
      write: false,
      metafile: true,
      logLevel: 'silent',
      plugins: [...(options.plugins ?? []), ...(dist ? [distEntriesPlugin()] : [])],
    });
  } catch (error) {
    // An entry a plugin could not resolve (not exported, not built, no source entry): reported, not thrown.
    const errors = (error as { errors?: readonly { text: string; pluginName?: string }[] }).errors ?? [];
    if (errors.length > 0 && errors.every((item) => item.pluginName === 'llm-spend-dist' || item.pluginName === 'llm-spend-src')) return { status: 'missing', program, reason: errors.map((item) => item.text).join('; ') };
    throw error;
  }
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error(`esbuild wrote no output for ${program.library} ${program.id}`);
  const code = output.text;
  const metafile = result.metafile;
  const outputMeta = Object.values(metafile.outputs)[0];
  const inputs = Object.entries(outputMeta?.inputs ?? {})
    .map(([path, meta]) => ({ path, bytes: meta.bytesInOutput }))
    .filter((input) => input.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
  const byPackage = new Map<string, number>();
  for (const input of inputs) {
    const name = packageOf(input.path);
    if (name !== undefined) byPackage.set(name, (byPackage.get(name) ?? 0) + input.bytes);
  }
  const packages = [...byPackage].map(([path, bytes]) => ({ path, bytes })).sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
  return {
    status: 'ok',
    program,
    minifiedBytes: Buffer.byteLength(code),
    gzipBytes: gzipSync(code, { level: 9 }).length,
    inputs,
    packages,
    heavy: heavyInputs(metafile),
    code,
    metafile,
  };
}

// ---------------------------------------------------------------------------------------------
// The same programs bundled from src/ (where each input is one source file), and the catalog's share.

/** The tsup entries (`{ index: 'src/index.ts', core: 'src/core.ts', ... }`) read from tsup.config.ts. */
export async function tsupEntries(): Promise<Map<string, string>> {
  const entries = new Map<string, string>();
  const loaded = (await import(pathToFileURL(join(REPO, 'tsup.config.ts')).href)) as { default: unknown };
  const configs = Array.isArray(loaded.default) ? loaded.default : [loaded.default];
  for (const config of configs) {
    const entry = (config as { entry?: unknown } | null)?.entry;
    if (entry !== null && typeof entry === 'object' && !Array.isArray(entry)) {
      for (const [name, file] of Object.entries(entry)) if (typeof file === 'string') entries.set(name, join(REPO, file));
    }
  }
  return entries;
}

/** An esbuild plugin resolving `llm-spend[/<sub>]` to its source entry (dist/<name>.js ↔ tsup entry <name>). */
export async function srcEntriesPlugin(): Promise<Plugin> {
  const entries = await tsupEntries();
  return {
    name: 'llm-spend-src',
    setup(esbuild) {
      esbuild.onResolve({ filter: /^llm-spend(\/.*)?$/ }, (args) => {
        const resolved = resolveEntry(args.path, undefined, false);
        if (!resolved.ok) return { errors: [{ text: resolved.reason }] };
        const name = relative(join(REPO, 'dist'), resolved.file).replace(/\.(m?js|cjs)$/, '');
        const source = entries.get(name);
        return source !== undefined ? { path: source } : { errors: [{ text: `no tsup entry named ${name} (for ${args.path})` }] };
      });
    },
  };
}

/** The folder of the generated catalog: every module in it counts as the catalog. */
export const CATALOG_DIR = join(REPO, 'src', 'pricing', 'data');

async function emptiedCatalogModule(path: string): Promise<{ contents: string; loader: 'js' | 'json' }> {
  const empty = (value: unknown): unknown => (Array.isArray(value) ? [] : value);
  const emptyNested = (value: unknown): string => JSON.stringify(empty(value), (key, inner: unknown) => (key !== '' && Array.isArray(inner) ? [] : inner));
  if (path.endsWith('.json')) return { contents: emptyNested(JSON.parse(readFileSync(path, 'utf8'))), loader: 'json' };
  const module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  const lines = Object.entries(module).map(([name, value]) => (name === 'default' ? `export default ${emptyNested(value)};` : `export const ${name} = ${emptyNested(value)};`));
  return { contents: lines.join('\n'), loader: 'js' };
}

/** The catalog's share of a one-call bundle, measured on the same program bundled from src/. */
export interface CatalogShare {
  /** min+gzip of the program bundled from src/. */
  readonly srcGzipBytes: number;
  /** min+gzip of the same with every catalog module's arrays emptied. */
  readonly withoutCatalogGzipBytes: number;
  /** The difference: what the catalog adds to the program, min+gzip. */
  readonly gzipBytes: number;
  /** Minified bytes of the catalog modules in the src bundle (metafile `bytesInOutput`). */
  readonly minifiedBytes: number;
  /** The src bundle's inputs, largest first (one per source file). */
  readonly srcInputs: readonly BundleInput[];
}

/** Bundles a program from src/ (one input per source file), for attribution. */
export async function measureFromSource(program: BundleProgram): Promise<BundleResult> {
  return measureBundle(program, { dist: false, plugins: [await srcEntriesPlugin()] });
}

/**
 * The catalog's share of a program: the program bundled from src/, and again with the catalog
 * modules (src/pricing/data/) replaced by the same exports with their arrays emptied; the share is
 * the min+gzip difference, and the catalog's minified bytes come from the metafile.
 */
export async function catalogShare(program: BundleProgram): Promise<CatalogShare | { readonly missing: string }> {
  const full = await measureFromSource(program);
  if (full.status === 'missing') return { missing: full.reason };
  const inCatalog = (path: string): boolean => {
    const absolute = isAbsolute(path) ? path : join(REPO, path);
    return dirname(absolute) === CATALOG_DIR;
  };
  const stub: Plugin = {
    name: 'empty-catalog',
    setup(esbuild) {
      esbuild.onLoad({ filter: /[\\/]src[\\/]pricing[\\/]data[\\/][^\\/]+\.(ts|js|json)$/ }, (args) => emptiedCatalogModule(args.path));
    },
  };
  const without = await measureBundle(program, { dist: false, plugins: [stub, await srcEntriesPlugin()] });
  if (without.status === 'missing') return { missing: without.reason };
  return {
    srcGzipBytes: full.gzipBytes,
    withoutCatalogGzipBytes: without.gzipBytes,
    gzipBytes: full.gzipBytes - without.gzipBytes,
    minifiedBytes: full.inputs.filter((input) => inCatalog(input.path)).reduce((sum, input) => sum + input.bytes, 0),
    srcInputs: full.inputs,
  };
}

// ---------------------------------------------------------------------------------------------
// The static import graph of a built entry.

/** What an entry loads when imported: its files (static imports followed) and the packages it imports statically. */
export interface ImportGraph {
  readonly files: readonly string[];
  readonly packages: readonly string[];
  /** Packages reached only through `import()` (not loaded at import time). */
  readonly dynamicPackages: readonly string[];
}

/** The bare package name of a specifier (`zod/v4/mini` → `zod`, `@a/b/c` → `@a/b`). */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0] ?? ''}/${parts[1] ?? ''}` : (parts[0] ?? specifier);
}

/**
 * Follows the static imports (`import`/`export ... from`) of a built ESM file through the files
 * it reaches, without bundling packages: the files loaded at import time and the packages they
 * import. Dynamic `import()` is not followed.
 */
export async function staticImportGraph(entryFile: string): Promise<ImportGraph> {
  const result = await build({
    entryPoints: [entryFile],
    absWorkingDir: REPO,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = result.metafile.inputs;
  const start = relative(REPO, entryFile);
  const files = new Set<string>([start]);
  const packages = new Set<string>();
  const dynamicPackages = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    for (const imported of inputs[file]?.imports ?? []) {
      const isStatic = imported.kind === 'import-statement';
      if (imported.external === true) {
        if (imported.path.startsWith('node:')) continue;
        (isStatic ? packages : dynamicPackages).add(packageNameOf(imported.path));
      } else if (isStatic && !files.has(imported.path)) {
        files.add(imported.path);
        queue.push(imported.path);
      }
    }
  }
  return { files: [...files].sort(), packages: [...packages].sort(), dynamicPackages: [...dynamicPackages].filter((name) => !packages.has(name)).sort() };
}

// ---------------------------------------------------------------------------------------------
// Import time in Node.

/** How long a fresh Node process takes to import a package, or why it could not. */
export type ImportTiming =
  | { readonly ok: true; readonly medianMs: number; readonly samplesMs: readonly number[] }
  | { readonly ok: false; readonly reason: string };

/** Whether a resolved file is an ES module (`.mjs`, or `.js` under `"type": "module"`). */
function isEsmFile(file: string): boolean {
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs')) return false;
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) return (JSON.parse(readFileSync(pkg, 'utf8')) as { type?: string }).type === 'module';
    if (dirname(dir) === dir) return false;
  }
}

/** One fresh process: `node -e` timing `await import(spec)` (ESM) or `require(spec)` (CJS) inside it, in ms. */
export function importOnce(specifier: string, kind: 'esm' | 'cjs'): number {
  const spec = JSON.stringify(specifier);
  const body = kind === 'esm' ? `const t0 = performance.now(); await import(${spec});` : `const t0 = performance.now(); require(${spec});`;
  const args = [...(kind === 'esm' ? ['--input-type=module'] : []), '-e', `${body} process.stdout.write(String(performance.now() - t0));`];
  const child = spawnSync(process.execPath, args, { cwd: REPO, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  const ms = Number(child.stdout);
  if (child.status !== 0 || !Number.isFinite(ms)) throw new Error(`node ${kind} import of ${specifier} failed (exit ${String(child.status)}): ${child.stderr.trim().split('\n').slice(0, 3).join(' | ')}`);
  return ms;
}

/** Whether `specifier` can be loaded with `kind` from the repository root, or why not. */
export function importable(specifier: string, kind: 'esm' | 'cjs'): { readonly ok: true } | { readonly ok: false; readonly reason: string } {
  if (specifier === 'llm-spend' || specifier.startsWith('llm-spend/')) {
    const resolved = resolveEntry(specifier, kind === 'esm' ? ['node', 'import', 'default'] : ['node', 'require', 'default']);
    if (!resolved.ok) return resolved;
    if (kind === 'cjs' && isEsmFile(resolved.file)) return { ok: false, reason: 'no CommonJS build' };
    return { ok: true };
  }
  if (kind === 'cjs') {
    try {
      const file = createRequire(join(REPO, 'package.json')).resolve(specifier);
      if (isEsmFile(file)) return { ok: false, reason: 'no CommonJS build' };
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message.split('\n')[0] ?? 'cannot resolve' : String(error) };
    }
  }
  return { ok: true };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/**
 * Import times of several packages, interleaved (each round imports every target once, in a
 * rotating order), median of `runs` fresh processes per target. Times only; never asserted.
 */
export function measureImportTimes(
  targets: readonly { readonly specifier: string; readonly kind: 'esm' | 'cjs' }[],
  runs = 10,
  log: (line: string) => void = () => {},
): ImportTiming[] {
  const samples = targets.map(() => [] as number[]);
  const reasons = targets.map((target) => {
    const check = importable(target.specifier, target.kind);
    return check.ok ? undefined : check.reason;
  });
  for (let round = 0; round < runs; round += 1) {
    for (let step = 0; step < targets.length; step += 1) {
      const index = (step + round) % targets.length;
      const target = targets[index] as (typeof targets)[number];
      if (reasons[index] !== undefined) continue;
      try {
        (samples[index] as number[]).push(importOnce(target.specifier, target.kind));
      } catch (error) {
        reasons[index] = error instanceof Error ? error.message : String(error);
      }
    }
    log(`import time: round ${round + 1}/${runs}`);
  }
  return targets.map((_, index) => {
    const reason = reasons[index];
    if (reason !== undefined) return { ok: false, reason };
    const values = samples[index] as number[];
    return { ok: true, medianMs: median(values), samplesMs: values };
  });
}
