// The price table of the generated SQL, as rows: one per (model, price period, tier,
// hour-of-day window, input-token band). Built from a pricing table with the same rules as
// estimateCost (effective dates, long-context tiers, a tier without a long-context price,
// off-peak hours, web search fees), so that a join can pick one row per usage row.
import { LlmSpendError } from '../../errors.js';
import { SERVICE_TIERS } from '../../pricing/constants.js';
import type { PricePeriod, PriceSet, ServiceTier, TierRates } from '../../pricing/types.js';
import { indexOf, type PricingTable } from '../../pricing/table.js';

/** The per-token (per-call for web searches) rates of one row, as exact decimal strings; null = not offered. */
export interface RowRates {
  readonly input: string | null;
  readonly cachedInput: string | null;
  readonly cacheWrite: string | null;
  readonly cacheWrite1h: string | null;
  readonly output: string | null;
  readonly audioInput: string | null;
  readonly cachedAudioInput: string | null;
  readonly webSearch: string | null;
}

/** One row of the price table. */
export interface PriceRow {
  readonly modelId: string;
  /** The index of the price period in the model's schedule. */
  readonly period: number;
  readonly effectiveFrom: string | null;
  readonly effectiveUntil: string | null;
  /** Epoch milliseconds, inclusive; MIN_MS when the period has no start. */
  readonly fromMs: number;
  /** Epoch milliseconds, exclusive; MAX_MS when the period has no end. */
  readonly untilMs: number;
  readonly tier: ServiceTier;
  /** Minutes since midnight UTC: from (inclusive) until (exclusive), 0–1440. */
  readonly minuteFrom: number;
  readonly minuteUntil: number;
  readonly priceWindow: 'peak' | 'off-peak' | null;
  /** All input tokens of the request: from (inclusive) until (exclusive; null = no end). */
  readonly inputFrom: number;
  readonly inputUntil: number | null;
  readonly longContext: boolean;
  /** False for a band the tier has no price for (a long-context request on a tier without long-context prices). */
  readonly offered: boolean;
  readonly rates: RowRates;
}

/** How a name resolves: exactly (an id or alias), or case-insensitively (its lower-case form). */
export interface NameRow {
  readonly name: string;
  readonly match: 'exact' | 'lower';
  readonly modelId: string;
}

/** What the name resolution and the context check need of a model. */
export interface ModelRow {
  readonly modelId: string;
  /** Lower-case provider. */
  readonly provider: string;
  /** Lower-case host, or the provider again when the model has no host. */
  readonly host: string;
  /** Largest input (max input, else the context window); null = unknown, not checked. */
  readonly maxInput: number | null;
  readonly contextWindow: number | null;
  readonly maxOutput: number | null;
}

/** The three relations and the decimal scale of the rates. */
export interface PriceRows {
  readonly prices: readonly PriceRow[];
  readonly names: readonly NameRow[];
  readonly models: readonly ModelRow[];
  /** Decimal places of the per-token rates: the most any price of the table needs. */
  readonly scale: number;
}

/** Sentinels beyond any date an engine or JavaScript holds (BIGINT range minus one). */
export const MIN_MS = '-9223372036854775807';
export const MAX_MS = '9223372036854775807';
const MIN_MS_NUMBER = Number.NEGATIVE_INFINITY;
const MAX_MS_NUMBER = Number.POSITIVE_INFINITY;

/** Most decimal places the rates may need: DECIMAL(38, s) keeps 38 − s ≥ 18 integer digits for products and sums. */
export const MAX_RATE_SCALE = 20;

const MINUTES_PER_DAY = 1440;

/** A canonical decimal string divided by 10^places, exactly (digits moved, never a float). */
export function shiftDecimal(text: string, places: number): string {
  const [whole = '0', fraction = ''] = text.split('.');
  const digits = (whole + fraction).replace(/^0+(?=\d)/, '');
  const point = whole.length - places;
  const padded = point <= 0 ? '0'.repeat(1 - point) + whole + fraction : whole + fraction;
  const cut = point <= 0 ? 1 : point;
  const integer = padded.slice(0, cut).replace(/^0+(?=\d)/, '');
  const decimals = padded.slice(cut).replace(/0+$/, '');
  if (/^0*$/.test(digits)) return '0';
  return decimals === '' ? integer : `${integer}.${decimals}`;
}

function decimalsOf(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

function perToken(perMillion: string | undefined): string | null {
  return perMillion === undefined ? null : shiftDecimal(perMillion, 6);
}

function setRates(set: PriceSet, webSearchPerThousand: string | undefined): RowRates {
  return {
    input: perToken(set.inputPerMillion),
    cachedInput: perToken(set.cachedInputPerMillion),
    cacheWrite: perToken(set.cacheWritePerMillion),
    cacheWrite1h: perToken(set.cacheWrite1hPerMillion),
    output: perToken(set.outputPerMillion),
    audioInput: perToken(set.audioInputPerMillion),
    cachedAudioInput: perToken(set.cachedAudioInputPerMillion),
    webSearch: webSearchPerThousand === undefined ? null : shiftDecimal(webSearchPerThousand, 3),
  };
}

const NO_RATES: RowRates = { input: null, cachedInput: null, cacheWrite: null, cacheWrite1h: null, output: null, audioInput: null, cachedAudioInput: null, webSearch: null };

function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** The day split into maximal runs of peak / off-peak minutes (UTC), as estimateCost reads `peakHoursUtc`. */
function hourWindows(offPeak: NonNullable<PricePeriod['offPeak']>): Array<{ from: number; until: number; peak: boolean }> {
  const peak: boolean[] = Array.from({ length: MINUTES_PER_DAY }, () => false);
  for (const window of offPeak.peakHoursUtc) {
    const from = minutesOf(window.fromUtc);
    const until = minutesOf(window.untilUtc);
    for (let minute = 0; minute < MINUTES_PER_DAY; minute += 1) {
      if (from < until ? minute >= from && minute < until : minute >= from || minute < until) peak[minute] = true;
    }
  }
  const runs: Array<{ from: number; until: number; peak: boolean }> = [];
  for (let minute = 0; minute < MINUTES_PER_DAY; minute += 1) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last.peak === peak[minute]) last.until = minute + 1;
    else runs.push({ from: minute, until: minute + 1, peak: peak[minute] === true });
  }
  return runs;
}

/** The input bands of one tier's rates: base, long-context tiers, or a refused band (see estimateCost's `unavailableFrom`). */
function bands(
  rates: TierRates,
  standard: TierRates,
  webSearch: string | undefined,
): Array<{ inputFrom: number; inputUntil: number | null; longContext: boolean; offered: boolean; rates: RowRates }> {
  const standardLong = standard.longContext?.[0]?.fromInputTokens;
  if (rates.longContext === undefined && standardLong !== undefined) {
    return [
      { inputFrom: 0, inputUntil: standardLong, longContext: false, offered: true, rates: setRates(rates, webSearch) },
      { inputFrom: standardLong, inputUntil: null, longContext: true, offered: false, rates: NO_RATES },
    ];
  }
  const tiers = rates.longContext ?? [];
  const result = [{ inputFrom: 0, inputUntil: tiers[0]?.fromInputTokens ?? null, longContext: false, offered: true, rates: setRates(rates, webSearch) }];
  tiers.forEach((tier, index) => {
    result.push({ inputFrom: tier.fromInputTokens, inputUntil: tiers[index + 1]?.fromInputTokens ?? null, longContext: true, offered: true, rates: setRates(tier.prices, webSearch) });
  });
  return result;
}

function priceTexts(set: PriceSet): Array<string | undefined> {
  return [set.inputPerMillion, set.cachedInputPerMillion, set.cacheWritePerMillion, set.cacheWrite1hPerMillion, set.outputPerMillion, set.audioInputPerMillion, set.cachedAudioInputPerMillion];
}

/**
 * @internal The price, name and model rows of a table, and the scale of its rates:
 * per-token rates need (decimals of the per-million price + 6) places, web search fees
 * (decimals of the per-thousand fee + 3).
 */
export function priceRows(table: PricingTable): PriceRows {
  const index = indexOf(table);
  const prices: PriceRow[] = [];
  let scale = 0;
  const note = (text: string | undefined, shift: number): void => {
    if (text !== undefined) scale = Math.max(scale, decimalsOf(text) + shift);
  };
  for (const entry of table.models) {
    entry.prices.forEach((period, position) => {
      const until = period.until ?? entry.prices[position + 1]?.from;
      const fromMs = period.from === undefined ? MIN_MS_NUMBER : Date.parse(period.from);
      const untilMs = until === undefined ? MAX_MS_NUMBER : Date.parse(until);
      const webSearch = period.fees?.webSearchPerThousandCalls;
      note(webSearch, 3);
      for (const tier of SERVICE_TIERS) {
        const rates = tier === 'standard' ? period.standard : period[tier];
        if (rates === undefined) continue;
        const windows =
          tier === 'standard' && period.offPeak !== undefined
            ? hourWindows(period.offPeak).map((run) => ({ from: run.from, until: run.until, window: run.peak ? ('peak' as const) : ('off-peak' as const) }))
            : [{ from: 0, until: MINUTES_PER_DAY, window: null }];
        for (const window of windows) {
          // Off-peak: the period priced with its off-peak standard prices (as estimateCost's offPeakPeriod).
          const priced = window.window === 'off-peak' && period.offPeak !== undefined ? period.offPeak.standard : rates;
          const standard = window.window === 'off-peak' && period.offPeak !== undefined ? period.offPeak.standard : period.standard;
          for (const set of [priced, ...(priced.longContext ?? []).map((tierPrices) => tierPrices.prices)]) for (const text of priceTexts(set)) note(text, 6);
          for (const band of bands(priced, standard, webSearch)) {
            prices.push({
              modelId: entry.id,
              period: position,
              effectiveFrom: period.from ?? null,
              effectiveUntil: until ?? null,
              fromMs,
              untilMs,
              tier,
              minuteFrom: window.from,
              minuteUntil: window.until,
              priceWindow: window.window,
              ...band,
            });
          }
        }
      }
    });
  }
  if (scale > MAX_RATE_SCALE) {
    throw new LlmSpendError(
      'INVALID_PRICING',
      `The pricing table has a price that needs ${scale} decimal places per token; generated SQL carries rates as DECIMAL(38, s) with s at most ${MAX_RATE_SCALE} (room for 18 integer digits). Round that price in a copy of the table (withOverrides) or price those records in-process.`,
      { scale, maxScale: MAX_RATE_SCALE },
    );
  }
  const names: NameRow[] = [];
  for (const [name, entry] of index.byId) names.push({ name, match: 'exact', modelId: entry.id });
  for (const [name, entry] of index.byAlias) names.push({ name, match: 'exact', modelId: entry.id });
  for (const [name, entry] of index.byLowerName) names.push({ name, match: 'lower', modelId: entry.id });
  const models: ModelRow[] = table.models.map((entry) => ({
    modelId: entry.id,
    provider: entry.provider.toLowerCase(),
    host: (entry.host ?? entry.provider).toLowerCase(),
    maxInput: entry.maxInputTokens ?? entry.contextWindow ?? null,
    contextWindow: entry.contextWindow ?? null,
    maxOutput: entry.maxOutputTokens ?? null,
  }));
  return { prices, names, models, scale };
}
