// `llm-spend cost` and `llm-spend models`: one call's price, and the pricing table.
import { estimateCost, type CostEstimate } from '../../estimate/estimate.js';
import type { Usage } from '../../estimate/usage.js';
import { Dec } from '../../money/decimal.js';
import type { ModelEntry, ServiceTier } from '../../pricing/schema.js';
import { SERVICE_TIERS } from '../../pricing/schema.js';
import { getModel, listModels, selectPricePeriod, tierRatesOf, type PricingTable } from '../../pricing/table.js';
import { daysBetween, STALE_PRICE_DAYS } from '../report/build.js';
import { REPORT_VERSION } from '../report/types.js';
import { count, style, table, terminalSafe, wrap } from '../format/text.js';
import { mdCode, mdText } from '../format/markdown.js';

/** @internal The result of `llm-spend cost`. */
export interface CostReport {
  readonly version: typeof REPORT_VERSION;
  readonly kind: 'cost';
  readonly tool: { readonly name: 'llm-spend'; readonly version: string };
  readonly model: string;
  readonly tier: ServiceTier;
  readonly longContext: boolean;
  readonly usage: { readonly inputTokens: number; readonly cachedInputTokens: number; readonly cacheWriteTokens: number; readonly outputTokens: number; readonly reasoningTokens: number };
  /** USD per million tokens used for this call. */
  readonly prices: { readonly input: string; readonly cachedInput: string | null; readonly cacheWrite: string | null; readonly output: string };
  readonly cost: Omit<CostEstimate, 'model' | 'tier' | 'longContext'>;
  readonly pricesCheckedAt: string | null;
}

/** @internal Prices one call. */
export function costReport(request: Pick<Usage, 'inputTokens' | 'outputTokens' | 'cachedInputTokens' | 'cacheWriteTokens' | 'reasoningTokens'> & {
  readonly model: string;
  readonly tier?: ServiceTier | undefined;
  readonly at?: string | undefined;
  readonly pricing?: PricingTable | undefined;
  readonly toolVersion: string;
}): CostReport {
  const entry = getModel(request.model, request.pricing === undefined ? {} : { pricing: request.pricing });
  const estimate = estimateCost({
    model: entry,
    inputTokens: request.inputTokens,
    outputTokens: request.outputTokens,
    ...(request.cachedInputTokens === undefined ? {} : { cachedInputTokens: request.cachedInputTokens }),
    ...(request.cacheWriteTokens === undefined ? {} : { cacheWriteTokens: request.cacheWriteTokens }),
    ...(request.reasoningTokens === undefined ? {} : { reasoningTokens: request.reasoningTokens }),
    ...(request.tier === undefined ? {} : { tier: request.tier }),
    ...(request.at === undefined ? {} : { at: request.at }),
    ...(request.pricing === undefined ? {} : { pricing: request.pricing }),
  });
  const period = selectPricePeriod(entry, request.at);
  const rates = tierRatesOf(entry, period, estimate.tier);
  const long = estimate.longContext ? rates.longContext?.find((tier) => request.inputTokens >= tier.fromInputTokens) : undefined;
  const set = long?.prices ?? rates;
  const { model, tier, longContext, ...cost } = estimate;
  return {
    version: REPORT_VERSION,
    kind: 'cost',
    tool: { name: 'llm-spend', version: request.toolVersion },
    model,
    tier,
    longContext,
    usage: {
      inputTokens: request.inputTokens,
      cachedInputTokens: request.cachedInputTokens ?? 0,
      cacheWriteTokens: request.cacheWriteTokens ?? 0,
      outputTokens: request.outputTokens,
      reasoningTokens: request.reasoningTokens ?? 0,
    },
    prices: { input: set.inputPerMillion, cachedInput: set.cachedInputPerMillion ?? null, cacheWrite: set.cacheWritePerMillion ?? null, output: set.outputPerMillion },
    cost,
    pricesCheckedAt: lastCheckedOf(entry, tier, request.at) ?? null,
  };
}

function lastCheckedOf(entry: ModelEntry, tier: ServiceTier, at?: string): string | undefined {
  const period = selectPricePeriod(entry, at);
  const dates = period.sources.map((source) => source.checkedAt);
  const rates = tier === 'standard' ? period.standard : period[tier];
  if (rates?.source !== undefined) dates.push(rates.source.checkedAt);
  return dates.sort().at(-1);
}

/** An exact amount with its dollar sign and grouping, never rounded. */
function exact(value: string): string {
  const negative = value.startsWith('-');
  const [whole = '0', fraction] = (negative ? value.slice(1) : value).split('.');
  return `${negative ? '-' : ''}$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** @internal The cost of one call as a table. */
export function costTable(unsafe: CostReport, color: boolean): string {
  const report = terminalSafe(unsafe);
  const s = style(color);
  const u = report.usage;
  const uncached = u.inputTokens - u.cachedInputTokens - u.cacheWriteTokens;
  const out: string[] = [];
  out.push(...wrap(s.bold(`${report.model} · ${report.tier} tier${report.longContext ? ' · long-context price' : ''}`)));
  const rows: string[][] = [];
  const line = (label: string, tokens: number, price: string | null, amount: string): void => {
    rows.push([label, count(tokens), price === null ? '' : `$${price}/M`, exact(amount)]);
  };
  line('Input (uncached)', uncached, report.prices.input, report.cost.input);
  if (u.cachedInputTokens > 0) line('Cached input', u.cachedInputTokens, report.prices.cachedInput, report.cost.cachedInput);
  if (u.cacheWriteTokens > 0) line('Cache writes', u.cacheWriteTokens, report.prices.cacheWrite, report.cost.cacheWrite);
  line('Output', u.outputTokens, report.prices.output, report.cost.output);
  if (u.reasoningTokens > 0) line('  of which reasoning', u.reasoningTokens, report.prices.output, report.cost.reasoning);
  rows.push(['Total', '', '', exact(report.cost.total)]);
  out.push(
    ...table(
      [
        { header: 'Part' },
        { header: 'Tokens', align: 'right' },
        { header: 'Price', align: 'right' },
        { header: 'Cost (USD, exact)', align: 'right', paint: (padded, _raw, index) => (index === rows.length - 1 ? s.bold(padded) : padded) },
      ],
      rows,
      { indent: 2, headerStyle: s.bold },
    ),
  );
  if (report.pricesCheckedAt !== null) out.push(s.dim(`Prices last checked ${report.pricesCheckedAt}.`));
  return `${out.join('\n')}\n`;
}

/** @internal The cost of one call as markdown. */
export function costMarkdown(report: CostReport): string {
  const u = report.usage;
  const lines = [
    `## ${mdText(report.model)} (${report.tier} tier): ${exact(report.cost.total)} a call`,
    '',
    '| Part | Tokens | Price (USD/M) | Cost (USD) |',
    '|---|---:|---:|---:|',
    `| Input (uncached) | ${count(u.inputTokens - u.cachedInputTokens - u.cacheWriteTokens)} | ${report.prices.input} | ${report.cost.input} |`,
    `| Cached input | ${count(u.cachedInputTokens)} | ${report.prices.cachedInput ?? '-'} | ${report.cost.cachedInput} |`,
    `| Output | ${count(u.outputTokens)} | ${report.prices.output} | ${report.cost.output} |`,
    `| ↳ of which reasoning | ${count(u.reasoningTokens)} | ${report.prices.output} | ${report.cost.reasoning} |`,
    `| **Total** | | | **${report.cost.total}** |`,
    '',
  ];
  return `${lines.join('\n')}\n`;
}

/** @internal One model of `llm-spend models`. */
export interface ModelListing {
  readonly id: string;
  readonly provider: string;
  readonly status: string;
  readonly aliases: readonly string[];
  readonly contextWindow: number | null;
  readonly maxInputTokens: number | null;
  readonly maxOutputTokens: number | null;
  /** Standard prices in effect, USD per million tokens. */
  readonly prices: { readonly input: string; readonly cachedInput: string | null; readonly output: string };
  /** Service tiers with a price. */
  readonly tiers: readonly ServiceTier[];
  /** Long-context thresholds (input tokens from which the whole request is re-priced). */
  readonly longContextFrom: number | null;
  readonly lastChecked: string | null;
  readonly stale: boolean;
}

/** @internal The result of `llm-spend models`. */
export interface ModelsReport {
  readonly version: typeof REPORT_VERSION;
  readonly kind: 'models';
  readonly tool: { readonly name: 'llm-spend'; readonly version: string };
  readonly today: string;
  readonly checkedAt: string;
  readonly models: readonly ModelListing[];
}

/** @internal Lists the table's models. */
export function modelsReport(options: { readonly provider?: string | undefined; readonly pricing?: PricingTable | undefined; readonly today: string; readonly toolVersion: string; readonly checkedAt: string }): ModelsReport {
  const entries = listModels({ ...(options.provider === undefined ? {} : { provider: options.provider }), ...(options.pricing === undefined ? {} : { pricing: options.pricing }) });
  return {
    version: REPORT_VERSION,
    kind: 'models',
    tool: { name: 'llm-spend', version: options.toolVersion },
    today: options.today,
    checkedAt: options.checkedAt,
    models: entries.map((entry): ModelListing => {
      const period = selectPricePeriod(entry);
      const checked = lastCheckedOf(entry, 'standard') ?? null;
      return {
        id: entry.id,
        provider: entry.provider,
        status: entry.status,
        aliases: entry.aliases,
        contextWindow: entry.contextWindow ?? null,
        maxInputTokens: entry.maxInputTokens ?? null,
        maxOutputTokens: entry.maxOutputTokens ?? null,
        prices: { input: period.standard.inputPerMillion, cachedInput: period.standard.cachedInputPerMillion ?? null, output: period.standard.outputPerMillion },
        tiers: SERVICE_TIERS.filter((tier) => tier === 'standard' || period[tier] !== undefined),
        longContextFrom: period.standard.longContext?.[0]?.fromInputTokens ?? null,
        lastChecked: checked,
        stale: checked !== null && daysBetween(checked, options.today) > STALE_PRICE_DAYS,
      };
    }),
  };
}

function tokensShort(value: number | null): string {
  if (value === null) return '?';
  if (value >= 1_000_000) return `${new Dec(value).div(1_000_000).toDecimalPlaces(2).toFixed()}M`;
  if (value >= 1000) return `${new Dec(value).div(1000).toDecimalPlaces(1).toFixed()}K`;
  return String(value);
}

const TIER_LETTER: Readonly<Record<string, string>> = { batch: 'B', flex: 'F', priority: 'P', regional: 'R' };

/** @internal The models as a table. */
export function modelsTable(unsafe: ModelsReport, color: boolean): string {
  const report = terminalSafe(unsafe);
  const s = style(color);
  const rows = report.models.map((model) => [
    model.id,
    model.provider,
    model.prices.input,
    model.prices.cachedInput ?? '-',
    model.prices.output,
    tokensShort(model.contextWindow),
    tokensShort(model.maxOutputTokens),
    model.tiers.filter((tier) => tier !== 'standard').map((tier) => TIER_LETTER[tier] ?? '?').join('') + (model.longContextFrom === null ? '' : 'L'),
    `${model.lastChecked ?? '?'}${model.stale ? '!' : ''}`,
  ]);
  const out = table(
    [
      { header: 'Model', shrink: true },
      { header: 'Provider', shrink: true },
      { header: 'In $/M', align: 'right' },
      { header: 'Cached', align: 'right' },
      { header: 'Out $/M', align: 'right' },
      { header: 'Context', align: 'right' },
      { header: 'Max out', align: 'right' },
      { header: 'Tiers' },
      { header: 'Checked', paint: (padded, raw) => (raw.endsWith('!') ? s.yellow(padded) : padded) },
    ],
    rows,
    { headerStyle: s.bold },
  );
  out.push(...wrap(`${report.models.length} models · table checked ${report.checkedAt} · USD per million tokens · tiers: B batch, F flex, P priority, R regional, L long-context price`).map(s.dim));
  if (report.models.some((model) => model.stale)) out.push(s.dim(`! last checked more than ${STALE_PRICE_DAYS} days before ${report.today}`));
  return `${out.join('\n')}\n`;
}

/** @internal The models as markdown. */
export function modelsMarkdown(report: ModelsReport): string {
  const lines = ['| Model | Provider | Input $/M | Cached $/M | Output $/M | Context | Max output | Tiers | Last checked |', '|---|---|---:|---:|---:|---:|---:|---|---|'];
  for (const model of report.models) {
    lines.push(
      `| ${mdCode(model.id)} | ${mdText(model.provider)} | ${model.prices.input} | ${model.prices.cachedInput ?? '-'} | ${model.prices.output} | ${model.contextWindow === null ? '?' : count(model.contextWindow)} | ${model.maxOutputTokens === null ? '?' : count(model.maxOutputTokens)} | ${model.tiers.join(', ')} | ${model.lastChecked ?? '?'}${model.stale ? ' ⚠️' : ''} |`,
    );
  }
  lines.push('', `${report.models.length} models · table checked ${report.checkedAt}`);
  return `${lines.join('\n')}\n`;
}
