// `llm-spend actual <files…>`: usage logs priced at their own dates, grouped, re-priced under other
// models (--what-if) and compared with the provider's bill (--bill). The log is read once, streaming:
// the summary, the what-if and the reconciliation consume the same items together.
import type { Bill } from '../../actual/bill/bill.js';
import { readBill } from '../../actual/bill/read-bill.js';
import { reconcile, type ReconcileResult } from '../../actual/reconcile.js';
import { summarizeSpend, type SpendGroupKey, type SpendReport } from '../../actual/report.js';
import { whatIf, type WhatIfResult, type WhatIfScenario } from '../../actual/what-if.js';
import { isLlmSpendError, LlmSpendError } from '../../errors.js';
import { SERVICE_TIERS, type ServiceTier } from '../../pricing/schema.js';
import type { PricingTable } from '../../pricing/table.js';
import { closest, didYouMean } from '../../suggest.js';
import { actualHtml } from '../format/actual-html.js';
import { actualMarkdown, actualTable, problemLine } from '../format/actual.js';
import { logFormatOf, openLogs, ProgressBar, readLogs, tee, type ChainStats, type CommandIo, type CommandTools } from './actual-io.js';

/** @internal The help of `llm-spend actual`. */
export const ACTUAL_HELP = `Usage: llm-spend actual <files…> [options]

What was spent: every record of the usage logs priced at its own date (effective-dated prices,
long context per request, tiers), summed exactly and grouped; optionally re-priced under other
models and tiers (--what-if) and compared with the provider's bill (--bill). Reads JSONL or CSV in
llm-spend's usage shape, provider response bodies, OpenTelemetry GenAI spans (OTLP JSON) and the
OpenAI and Anthropic usage exports, streaming (constant memory). A file \`-\` reads stdin.
A record that cannot be read or priced is counted and listed, never $0.

Options:
  --group-by <dims>           comma-separated: model, day, week, month, tier, provider,
                              tag:<name> (default: model)
  --time-zone <zone>          IANA zone of days, weeks and months (default: UTC)
  --log-format <format>       llm-spend-jsonl, llm-spend-csv, provider-jsonl, otel-json,
                              openai-usage, anthropic-usage (default: detected per file)
  --what-if <model>[:<tier>]  the same records re-priced on this model (and tier; \`:batch\` keeps
                              each record's model); repeat for several scenarios
  --bill <file>               the provider's cost export (OpenAI costs API or Anthropic cost
                              report JSON): computed vs billed per model and day
  --pricing <file>            a pricing file instead of the bundled table
  --pricing-checked-at <date> when that file was fetched
  --max-problems <N>          problems listed in the report (all are counted; default 20)
  -f, --format <table|json|markdown|html>   default: table (or from --out's extension)
  -o, --out <file>            write the report to a file instead of stdout
  -h, --help                  this help

A progress bar is drawn on stderr while reading, when stderr is a terminal; stdout holds the
report only.

Exit codes: 0 the report was written; 1 --bill found differences beyond rounding (flagged rows;
the report is still written); 2 bad input (an unreadable file, a bad flag or bill, a format that
cannot be told) or no record could be priced (every one failed: the problems are listed).

Examples:
  llm-spend actual examples/usage-log.jsonl --group-by model,tag:team
  llm-spend actual logs/*.jsonl --what-if gpt-5.4-nano --what-if :batch --format html --out spend.html
  llm-spend actual examples/usage-log.jsonl --bill examples/openai-costs-2026-08.json
  cat usage.jsonl | llm-spend actual - --format json
`;

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  out: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
  'group-by': { type: 'string' },
  'time-zone': { type: 'string' },
  'log-format': { type: 'string' },
  'what-if': { type: 'string', multiple: true },
  bill: { type: 'string' },
  pricing: { type: 'string' },
  'pricing-checked-at': { type: 'string' },
  'max-problems': { type: 'string' },
} as const;

/** @internal What `llm-spend actual --format json` prints. */
export interface ActualCliReport {
  readonly tool: { readonly name: 'llm-spend'; readonly version: string; readonly command: 'actual' };
  /** The files read, as named (stdin as "(stdin)"). */
  readonly files: readonly string[];
  /** Lines read over every file. */
  readonly lines: number;
  readonly spend: SpendReport;
  /** Spend per day and model (for the HTML chart; absent in the other formats). */
  readonly daily?: SpendReport | undefined;
  readonly whatIf: WhatIfResult | null;
  readonly reconcile: (ReconcileResult & { readonly billFile: string }) | null;
}

/** @internal Parses `--what-if model[:tier]`, `:tier` (each record keeps its model). */
export function scenarioOf(text: string, tools: CommandTools): WhatIfScenario {
  const at = text.lastIndexOf(':');
  const suffix = at === -1 ? undefined : text.slice(at + 1);
  if (suffix !== undefined && (SERVICE_TIERS as readonly string[]).includes(suffix)) {
    const model = text.slice(0, at);
    return model === '' ? { tier: suffix as ServiceTier } : { model, tier: suffix as ServiceTier };
  }
  if (at === 0 || (suffix !== undefined && /^[a-z]+$/.test(suffix) && !text.slice(0, at).includes(':') && closest(suffix, SERVICE_TIERS).length > 0)) {
    throw tools.usage(`--what-if ${text}: "${suffix ?? ''}" is not a tier; tiers are ${SERVICE_TIERS.join(', ')}.${didYouMean(closest(suffix ?? '', SERVICE_TIERS))}`);
  }
  if (text.trim() === '') throw tools.usage('--what-if needs a model such as gpt-5.4-nano, a model and tier such as gpt-5.4-nano:batch, or a tier such as :batch.');
  return { model: text };
}

function groupByOf(text: string | undefined, tools: CommandTools): SpendGroupKey[] | undefined {
  if (text === undefined) return undefined;
  const keys = text.split(',').map((key) => key.trim()).filter((key) => key !== '');
  const known = ['model', 'day', 'week', 'month', 'tier', 'provider'];
  for (const key of keys) {
    if (!known.includes(key) && !(key.startsWith('tag:') && key.length > 4)) {
      throw tools.usage(`--group-by: "${key}" is not one of ${known.join(', ')} or tag:<name>.${didYouMean(closest(key, known))}`);
    }
  }
  if (keys.length === 0) throw tools.usage('--group-by needs at least one dimension, such as model or model,day.');
  if (new Set(keys).size !== keys.length) throw tools.usage(`--group-by names a dimension twice: ${text}.`);
  return keys as SpendGroupKey[];
}

function timeZoneOf(text: string | undefined, tools: CommandTools): string | undefined {
  if (text === undefined) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: text });
  } catch {
    throw tools.usage(`--time-zone must be an IANA zone such as UTC, Europe/Paris or America/New_York; got "${text}".`);
  }
  return text;
}

function countOf(text: string | undefined, flag: string, fallback: number, tools: CommandTools): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw tools.usage(`${flag} must be a whole number; got "${text}".`);
  return Number(text);
}

/** @internal The message when no record at all could be priced. */
function nothingPriced(report: SpendReport, files: readonly string[]): string {
  const byCode = Object.entries(report.problems.byCode)
    .map(([code, count]) => `${count} ${code}`)
    .join(', ');
  const first = report.problems.listed.slice(0, 5).map((problem) => `  ${problemLine(problem)}`);
  const names = files.join(', ');
  if (report.counts.read === 0) return `no usage record in ${names}: the input is empty (or holds only entries skipped on purpose).`;
  return [`none of the ${report.counts.read} records of ${names} could be priced (${byCode === '' ? 'all skipped' : byCode}); nothing to report. First problems:`, ...first].join('\n');
}

/** @internal `llm-spend actual`: reads, prices, optionally re-prices and reconciles, writes the report. */
export async function runActual(args: readonly string[], io: CommandIo, tools: CommandTools): Promise<number> {
  const { values, positionals } = tools.parse(args, OPTIONS);
  if (values['help'] === true) {
    io.stdout(ACTUAL_HELP);
    return 0;
  }
  if (positionals.length === 0) throw tools.usage('a usage log is required: llm-spend actual <files…> (a file `-` reads stdin).');
  const out = values['out'] as string | undefined;
  tools.checkOut(out);
  const format = tools.format(values['format'] as string | undefined, out);
  const groupBy = groupByOf(values['group-by'] as string | undefined, tools);
  const timeZone = timeZoneOf(values['time-zone'] as string | undefined, tools);
  const logFormat = logFormatOf(values['log-format'] as string | undefined, tools);
  const maxProblems = countOf(values['max-problems'] as string | undefined, '--max-problems', 20, tools);
  const scenarios = ((values['what-if'] as string[] | undefined) ?? []).map((text) => scenarioOf(text, tools));
  const pricing: PricingTable | undefined = tools.pricing(values as { pricing?: string; 'pricing-checked-at'?: string });
  const billFile = values['bill'] as string | undefined;
  let bill: Bill | undefined;
  if (billFile !== undefined) {
    const { text } = tools.readText(tools.resolve(billFile), billFile, 'bill', tools.maxJsonBytes);
    bill = readBill(text, { file: billFile });
  }
  const sources = openLogs(positionals, io, tools);
  const total = sources.every((source) => source.size !== undefined) ? sources.reduce((sum, source) => sum + (source.size ?? 0), 0) : undefined;
  const progress = new ProgressBar(io.stderr, io.stderrIsTTY ?? process.stderr.isTTY === true, total, io.stderrColumns ?? process.stderr.columns ?? 80);
  const common = { ...(pricing === undefined ? {} : { pricing }), ...(timeZone === undefined ? {} : { timeZone }), maxProblems };

  let report: ActualCliReport;
  const counts: { stats?: ChainStats } = {};
  try {
    const items = readLogs(sources, logFormat, progress, tools, counts);
    const wantDaily = format === 'html';
    const branches = tee(items, 1 + (wantDaily ? 1 : 0) + (scenarios.length > 0 ? 1 : 0) + (bill === undefined ? 0 : 1));
    let next = 0;
    const take = (): AsyncIterable<never> => branches[next++] as AsyncIterable<never>;
    const spendBranch = take();
    const dailyBranch = wantDaily ? take() : undefined;
    const whatIfBranch = scenarios.length > 0 ? take() : undefined;
    const billBranch = bill === undefined ? undefined : take();
    const [spend, daily, whatIfResult, reconciled] = await Promise.all([
      summarizeSpend(spendBranch, { ...common, ...(groupBy === undefined ? {} : { groupBy }) }),
      dailyBranch === undefined ? undefined : summarizeSpend(dailyBranch, { ...common, groupBy: ['day', 'model'] }),
      whatIfBranch === undefined ? null : whatIf(whatIfBranch, { ...common, scenarios, groupBy: ['model'] }),
      billBranch === undefined || bill === undefined ? null : reconcile(billBranch, bill, common),
    ]);
    report = {
      tool: { name: 'llm-spend', version: tools.version, command: 'actual' },
      files: sources.map((source) => source.display),
      lines: 0,
      spend,
      ...(daily === undefined ? {} : { daily }),
      whatIf: whatIfResult,
      reconcile: reconciled === null ? null : { billFile: billFile ?? '', ...reconciled },
    };
    if (counts.stats !== undefined) report = { ...report, lines: counts.stats.lines };
  } catch (error) {
    for (const source of sources) source.close();
    if (isLlmSpendError(error) && error.code === 'UNKNOWN_MODEL' && scenarios.length > 0 && typeof error.details['id'] === 'string') {
      // A --what-if model the table does not know: a usage error, with suggestions.
      const suggestions = Array.isArray(error.details['suggestions']) ? (error.details['suggestions'] as string[]) : [];
      throw tools.usage(`--what-if: unknown model "${error.details['id']}".${didYouMean(suggestions)} Run \`llm-spend models\` for the known ids.`);
    }
    throw error;
  } finally {
    progress.finish();
  }

  if (report.spend.counts.priced === 0) throw new LlmSpendError('INVALID_USAGE', nothingPriced(report.spend, report.files));
  const problems = report.spend.counts.problems;
  if (problems > 0) {
    const byCode = Object.entries(report.spend.problems.byCode)
      .map(([code, count]) => `${count} ${code}`)
      .join(', ');
    io.stderr(`llm-spend actual: ${problems} record${problems === 1 ? '' : 's'} not priced (${byCode}); ${Math.min(problems, report.spend.problems.listed.length)} listed in the report.\n`);
  }
  const text =
    format === 'json'
      ? `${JSON.stringify({ ...report, daily: undefined }, null, 2)}\n`
      : format === 'markdown'
        ? actualMarkdown(report)
        : format === 'html'
          ? actualHtml(report)
          : actualTable(report, tools.color(format, out));
  tools.write(text, out);
  return report.reconcile !== null && report.reconcile.flagged > 0 ? 1 : 0;
}
