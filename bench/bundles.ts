// Bundle sizes and import time of the BUILT package against its peers (issue 13): small
// programs bundled for the browser with esbuild (ESM, minified) from dist/ through package.json
// exports, min+gzip (zlib level 9), what each bundle contains (metafile), the catalog's share,
// and the median time of 10 fresh Node processes to import each package. Sizes are checked
// against the budgets (also in test/package/sizes.test.ts); times are only reported.
// Build first (`npx tsup`). Part of `npm run bench`; alone: `npx tsx bench/bundles.ts`.
import { execFileSync } from 'node:child_process';
import {
  catalogShare,
  ESBUILD_VERSION,
  HEAVY_PACKAGES,
  measureBundle,
  measureFromSource,
  measureImportTimes,
  ONE_CALL,
  PROGRAMS,
  REPO,
  type BundleInput,
  type BundleResult,
  type ImportTiming,
  type MeasuredBundle,
} from './bundle-measure.js';

export interface BundlesOptions {
  /** Fewer import-time processes (3 instead of 10): a sanity run, not a measurement. */
  readonly quick?: boolean;
  /** Progress lines (to stderr, so stdout stays the markdown). */
  readonly log?: (line: string) => void;
}

export interface BundleBudgetCheck {
  readonly program: string;
  readonly budgetBytes: number;
  /** null when the program could not be bundled (an entry is missing). */
  readonly gzipBytes: number | null;
  readonly met: boolean;
}

export interface BundlesResult {
  readonly markdown: string;
  readonly budgets: readonly BundleBudgetCheck[];
}

const bytes = (n: number): string => `${n.toLocaleString('en-US')} B`;
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;
const TOP = 8;

function topInputs(inputs: readonly BundleInput[], total: number): string {
  const shown = inputs.slice(0, TOP).map((input) => `\`${input.path}\` ${bytes(input.bytes)} (${((100 * input.bytes) / total).toFixed(1)} %)`);
  const rest = inputs.slice(TOP);
  if (rest.length > 0) shown.push(`${rest.length} more: ${bytes(rest.reduce((sum, input) => sum + input.bytes, 0))}`);
  return shown.join('; ');
}

function programName(result: BundleResult): string {
  return `${result.program.library} ${result.program.id}`;
}

/** Builds every program, measures import times, and renders the report. */
export async function runBundles(options: BundlesOptions = {}): Promise<BundlesResult> {
  const log = options.log ?? (() => {});
  const runs = options.quick === true ? 3 : 10;
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout: the commit stays unknown
  }

  log('bundles: building the programs from dist/ (esbuild)');
  const results: BundleResult[] = [];
  for (const program of PROGRAMS) results.push(await measureBundle(program));
  const share = await catalogShare(ONE_CALL);

  const lines: string[] = [
    '## Bundles and import time',
    '',
    `Programs bundled from the built package (dist/ through package.json exports; commit ${commit}) with esbuild ${ESBUILD_VERSION}: ` +
      '`platform: browser`, `format: esm`, `minify: true`, `bundle: true`, nothing else changed; min+gzip is zlib level 9. ' +
      'Sources: `bench/bundle-measure.ts`.',
    '',
    `| library | program | minified | min + gzip | budget | ${HEAVY_PACKAGES.join(' | ')} |`,
    `| --- | --- | ---: | ---: | ---: | ${HEAVY_PACKAGES.map(() => ':---:').join(' | ')} |`,
  ];
  const budgets: BundleBudgetCheck[] = [];
  for (const result of results) {
    const { program } = result;
    if (result.status === 'missing') {
      lines.push(`| ${program.library} | ${program.label} | MISSING | MISSING | ${program.budgetBytes !== undefined ? bytes(program.budgetBytes) : '—'} | ${HEAVY_PACKAGES.map(() => '?').join(' | ')} |`);
      if (program.budgetBytes !== undefined) budgets.push({ program: programName(result), budgetBytes: program.budgetBytes, gzipBytes: null, met: false });
      log(`bundles: MISSING ${programName(result)}: ${result.reason}`);
      continue;
    }
    let budget = '—';
    if (program.budgetBytes !== undefined) {
      const met = result.gzipBytes <= program.budgetBytes;
      budgets.push({ program: programName(result), budgetBytes: program.budgetBytes, gzipBytes: result.gzipBytes, met });
      budget = `${bytes(program.budgetBytes)} ${met ? 'met' : '**MISSED**'}`;
    }
    lines.push(
      `| ${program.library} | ${program.label} | ${bytes(result.minifiedBytes)} | ${bytes(result.gzipBytes)} | ${budget} | ${HEAVY_PACKAGES.map((name) => (result.heavy.includes(name) ? '**yes**' : 'no')).join(' | ')} |`,
    );
  }
  const missing = results.filter((result) => result.status === 'missing');
  if (missing.length > 0) {
    lines.push('', '**Missing entries** (not built or not exported yet; their rows are not measured):', '');
    for (const result of missing) if (result.status === 'missing') lines.push(`- ${programName(result)}: ${result.reason}`);
  }

  const measured = (library: string): MeasuredBundle | undefined => {
    const found = results.find((result) => result.program.id === 'one-call' && result.program.library === library);
    return found?.status === 'ok' ? found : undefined;
  };
  const ours = measured('llm-spend');
  const genai = measured('@pydantic/genai-prices');
  const tokenlens = measured('tokenlens');
  lines.push('');
  if (ours !== undefined && genai !== undefined && tokenlens !== undefined) {
    lines.push(
      `One call, min+gzip: llm-spend ${bytes(ours.gzipBytes)} is ${ratio(ours.gzipBytes, genai.gzipBytes)} @pydantic/genai-prices (${bytes(genai.gzipBytes)}) and ${ratio(ours.gzipBytes, tokenlens.gzipBytes)} tokenlens (${bytes(tokenlens.gzipBytes)}).`,
    );
  }
  if ('missing' in share) {
    lines.push(`Catalog share: not measured (${share.missing}).`);
  } else {
    lines.push(
      `Catalog share of the one-call program (bundled from src/ with the same settings: ${bytes(share.srcGzipBytes)} min+gzip): ` +
        `src/pricing/data/ contributes ${bytes(share.minifiedBytes)} minified (metafile) and ${bytes(share.gzipBytes)} min+gzip ` +
        `(the difference to the same bundle with the catalog's arrays emptied, ${bytes(share.withoutCatalogGzipBytes)}), ` +
        `${((100 * share.gzipBytes) / share.srcGzipBytes).toFixed(0)} % of it.`,
    );
  }

  lines.push('', '### What each bundle contains', '', 'Minified bytes per input (metafile `bytesInOutput`), largest first; for llm-spend also the same program bundled from src/, one input per source file.', '');
  for (const result of results) {
    if (result.status === 'missing') continue;
    const packages = result.packages.length > 0 ? ` Packages: ${result.packages.map((item) => `${item.path} ${bytes(item.bytes)}`).join(', ')}.` : '';
    lines.push(`- **${programName(result)}** (${bytes(result.minifiedBytes)}): ${topInputs(result.inputs, result.minifiedBytes)}.${packages}`);
    if (result.program.library === 'llm-spend') {
      const fromSource = await measureFromSource(result.program);
      if (fromSource.status === 'ok') lines.push(`  - from src/ (${bytes(fromSource.minifiedBytes)}): ${topInputs(fromSource.inputs, fromSource.minifiedBytes)}.`);
    }
  }

  log(`bundles: import time, ${runs} fresh processes per package and format`);
  const targets = [
    { library: 'llm-spend', specifier: 'llm-spend' },
    { library: 'llm-spend/core', specifier: 'llm-spend/core' },
    { library: '@pydantic/genai-prices', specifier: '@pydantic/genai-prices' },
    { library: 'tokenlens', specifier: 'tokenlens' },
  ] as const;
  const timings = measureImportTimes(
    targets.flatMap((target) => (['esm', 'cjs'] as const).map((kind) => ({ specifier: target.specifier, kind }))),
    runs,
    log,
  );
  const timing = (index: number, kind: 'esm' | 'cjs'): ImportTiming => timings[index * 2 + (kind === 'esm' ? 0 : 1)] as ImportTiming;
  const genaiIndex = targets.findIndex((target) => target.library === '@pydantic/genai-prices');
  const show = (value: ImportTiming): string => (value.ok ? `${value.medianMs.toFixed(1)} ms` : `— (${value.reason.length > 80 ? `${value.reason.slice(0, 77)}...` : value.reason})`);
  const versus = (value: ImportTiming, reference: ImportTiming): string => (value.ok && reference.ok ? ratio(value.medianMs, reference.medianMs) : '—');
  lines.push(
    '',
    `### Import time in Node (${process.version})`,
    '',
    `Median of ${runs} fresh processes each, interleaved: \`node --input-type=module -e "await import(spec)"\` (ESM) and \`node -e "require(spec)"\` (CJS) ` +
      'from the repository root (llm-spend by its own name through package.json exports, so dist/), timed with `performance.now()` around the import inside the process (Node start-up not included). Reported, never asserted.',
    '',
    '| package | ESM | CJS | ESM ÷ genai-prices | CJS ÷ genai-prices |',
    '| --- | ---: | ---: | ---: | ---: |',
  );
  targets.forEach((target, index) => {
    const esm = timing(index, 'esm');
    const cjs = timing(index, 'cjs');
    lines.push(`| ${target.library} | ${show(esm)} | ${show(cjs)} | ${versus(esm, timing(genaiIndex, 'esm'))} | ${versus(cjs, timing(genaiIndex, 'cjs'))} |`);
  });
  const core = timing(targets.findIndex((target) => target.library === 'llm-spend/core'), 'esm');
  const root = timing(0, 'esm');
  const reference = timing(genaiIndex, 'esm');
  if (reference.ok) {
    const verdict = (name: string, value: ImportTiming): string =>
      value.ok ? `${name} ${value.medianMs <= reference.medianMs ? 'within' : 'OVER'} the genai-prices figure (${ratio(value.medianMs, reference.medianMs)})` : `${name} not measured`;
    lines.push('', `Target (issue 13): importing the core takes at most what @pydantic/genai-prices takes in the same run: ${verdict('`llm-spend`', root)}; ${verdict('`llm-spend/core`', core)}.`);
  }

  return { markdown: lines.join('\n'), budgets };
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const quick = process.argv.includes('--quick');
  const result = await runBundles({ quick, log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`${result.markdown}\n`);
  const missed = result.budgets.filter((budget) => !budget.met);
  if (missed.length > 0) {
    process.stderr.write(
      `Bundle budgets missed: ${missed.map((budget) => `${budget.program} ${budget.gzipBytes === null ? 'MISSING' : bytes(budget.gzipBytes)} > ${bytes(budget.budgetBytes)}`).join('; ')}\n`,
    );
  }
}

