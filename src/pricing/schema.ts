import { z } from 'zod';
import { Dec } from '../money/decimal.js';
import { MAX_MODEL_ID_LENGTH, MAX_MONEY_FRACTION_DIGITS, MAX_MONEY_INTEGER_DIGITS, MAX_MONEY_STRING_LENGTH } from '../limits.js';
import { isoDateMs } from './dates.js';
import { MODALITIES, SERVICE_TIERS } from './constants.js';

export { MODALITIES, SERVICE_TIERS };

const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A non-negative USD price. In a table it is a decimal string; a JSON number is accepted
 * too and converted through `String(n)` (never through arithmetic), since tables from
 * other tools (LiteLLM) carry numbers. The parsed value is a canonical decimal string.
 */
export const usdPriceSchema = z
  .union([z.string(), z.number()])
  .transform((value, ctx) => {
    const text = typeof value === 'number' ? String(value) : value.trim();
    if (typeof value === 'number' && !Number.isFinite(value)) {
      ctx.addIssue({ code: 'custom', message: `a price must be finite; got ${String(value)}` });
      return z.NEVER;
    }
    if (!DECIMAL.test(text)) {
      ctx.addIssue({ code: 'custom', message: `a price must be a non-negative decimal such as "0.75"; got ${JSON.stringify(value)}` });
      return z.NEVER;
    }
    if (text.length > MAX_MONEY_STRING_LENGTH) {
      ctx.addIssue({ code: 'custom', message: `a price is at most ${MAX_MONEY_STRING_LENGTH} characters` });
      return z.NEVER;
    }
    const parsed = new Dec(text);
    // Checked on the exponent and decimal places before any digits are written out.
    // decimal.js turns an exponent beyond ±9e15 into Infinity or 0: such a text is refused, never read as 0.
    const outOfRange = !parsed.isFinite() || (parsed.isZero() && /[1-9]/.test(text.split(/e/i)[0] ?? ''));
    if (outOfRange || (!parsed.isZero() && (parsed.e >= MAX_MONEY_INTEGER_DIGITS || parsed.decimalPlaces() > MAX_MONEY_FRACTION_DIGITS))) {
      ctx.addIssue({
        code: 'custom',
        message: `a price has at most ${MAX_MONEY_INTEGER_DIGITS} digits before the decimal point and ${MAX_MONEY_FRACTION_DIGITS} after it (it is never cut); got ${JSON.stringify(text.slice(0, 60))}`,
      });
      return z.NEVER;
    }
    return parsed.isZero() ? '0' : parsed.toFixed();
  });

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/, 'an ISO-8601 date such as "2026-03-17"')
  .refine((text) => isoDateMs(text) !== undefined, 'a real calendar date');

const tokenCount = z.number().int().nonnegative();
const positiveTokenCount = z.number().int().positive();

/** Where a figure comes from: a URL (or a named source) and the date it was checked. */
export const sourceSchema = z
  .object({
    url: z.string().min(1),
    checkedAt: isoDate,
    note: z.string().optional(),
    /** Set when the figure is computed from a documented rule (a discount, an uplift), not published: the rule. */
    derived: z.string().optional(),
  })
  .strict();

const lifecycleDateSchema = z.object({ date: isoDate, source: sourceSchema }).strict();

/**
 * A model's lifecycle: when it was deprecated, when it shuts down (or did), and what the
 * provider names as its replacement, each with its own source.
 */
export const lifecycleSchema = z
  .object({
    deprecatedAt: lifecycleDateSchema.optional(),
    shutdownAt: lifecycleDateSchema.optional(),
    replacement: z.object({ id: z.string().min(1), source: sourceSchema }).strict().optional(),
  })
  .strict();

/**
 * One set of prices, USD per million tokens. An absent price is unknown or not offered;
 * it is never read as zero.
 */
export const priceSetSchema = z
  .object({
    inputPerMillion: usdPriceSchema,
    cachedInputPerMillion: usdPriceSchema.optional(),
    cacheWritePerMillion: usdPriceSchema.optional(),
    cacheWrite1hPerMillion: usdPriceSchema.optional(),
    outputPerMillion: usdPriceSchema,
    audioInputPerMillion: usdPriceSchema.optional(),
    cachedAudioInputPerMillion: usdPriceSchema.optional(),
  })
  .strict();

/** A long-context tier: once all input tokens reach `fromInputTokens`, the whole request is re-priced. */
export const longContextTierSchema = z
  .object({
    fromInputTokens: positiveTokenCount,
    prices: priceSetSchema,
  })
  .strict();

/** The prices of one service tier, with its long-context tiers and an optional source of its own. */
export const tierRatesSchema = priceSetSchema
  .extend({
    longContext: z
      .array(longContextTierSchema)
      .refine(
        (tiers) => tiers.every((tier, index) => index === 0 || tier.fromInputTokens > (tiers[index - 1]?.fromInputTokens ?? 0)),
        'long-context tiers must be sorted by fromInputTokens, ascending and distinct',
      )
      .optional(),
    source: sourceSchema.optional(),
  })
  .strict();

/** Per-call fees a provider bills beside tokens. */
export const feesSchema = z
  .object({
    webSearchPerThousandCalls: usdPriceSchema.optional(),
  })
  .strict();


const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a UTC time of day such as "16:30"');

/** A daily window of hours (UTC): from `fromUtc` (inclusive) until `untilUtc` (exclusive), wrapping past midnight when `untilUtc` is earlier. */
export const hoursWindowSchema = z
  .object({ fromUtc: timeOfDay, untilUtc: timeOfDay })
  .strict()
  .refine((window) => window.fromUtc !== window.untilUtc, { message: 'a window needs different start and end times', path: ['untilUtc'] });

/**
 * Hour-of-day pricing, such as DeepSeek's off-peak discount: the period's `standard` prices
 * apply during `peakHoursUtc` (every day, UTC), and these off-peak `standard` prices the rest of
 * the day. A call priced without a time of day pays the peak (an upper bound).
 */
export const offPeakSchema = z
  .object({
    peakHoursUtc: z.array(hoursWindowSchema).min(1, 'at least one peak window'),
    standard: tierRatesSchema,
  })
  .strict();

/** Prices in effect over one date range (`from` inclusive, `until` exclusive). */
export const pricePeriodSchema = z
  .object({
    from: isoDate.optional(),
    until: isoDate.optional(),
    standard: tierRatesSchema,
    batch: tierRatesSchema.optional(),
    flex: tierRatesSchema.optional(),
    priority: tierRatesSchema.optional(),
    regional: tierRatesSchema.optional(),
    offPeak: offPeakSchema.optional(),
    fees: feesSchema.optional(),
    sources: z.array(sourceSchema).min(1, 'every price needs at least one source'),
  })
  .strict()
  .refine((period) => period.from === undefined || period.until === undefined || Date.parse(period.from) < Date.parse(period.until), {
    message: '`from` must be before `until`',
    path: ['until'],
  });


const latencyProfileSchema = z
  .object({
    ttftMs: z.number().positive().finite(),
    outputTokensPerSecond: z.number().positive().finite(),
    source: sourceSchema,
  })
  .strict();

const ratingSchema = z
  .object({
    capability: z.number().int().min(1).max(5),
    speed: z.number().int().min(1).max(5).optional(),
    source: sourceSchema,
  })
  .strict();

const modelIdSchema = z
  .string()
  .min(1)
  .max(MAX_MODEL_ID_LENGTH, `a model id is at most ${MAX_MODEL_ID_LENGTH} characters`)
  .refine((id) => id.trim() === id, 'no leading or trailing spaces');

/** One model as offered by one provider or host. */
export const modelEntrySchema = z
  .object({
    id: modelIdSchema,
    provider: z.string().min(1),
    host: z.string().min(1).optional(),
    hostModelId: z.string().min(1).optional(),
    displayName: z.string().optional(),
    aliases: z.array(modelIdSchema).default([]),
    status: z.enum(['active', 'beta', 'deprecated']).default('active'),
    statusNote: z.string().optional(),
    releaseDate: isoDate.optional(),
    knowledgeCutoff: isoDate.optional(),
    contextWindow: positiveTokenCount.optional(),
    maxInputTokens: positiveTokenCount.optional(),
    maxOutputTokens: positiveTokenCount.optional(),
    modalities: z
      .object({
        input: z.array(z.enum(MODALITIES)).min(1),
        output: z.array(z.enum(MODALITIES)).min(1),
      })
      .strict(),
    reasoning: z.boolean(),
    minCacheableTokens: tokenCount.optional(),
    cacheStoragePerMillionPerHour: usdPriceSchema.optional(),
    prices: z
      .array(pricePeriodSchema)
      .min(1, 'a model needs at least one price period')
      .refine(periodsDoNotOverlap, 'price periods must be sorted by `from` and must not overlap'),
    performance: z
      .object({
        latency: latencyProfileSchema.optional(),
        rating: ratingSchema.optional(),
      })
      .strict()
      .optional(),
    notes: z.array(z.string()).optional(),
    lifecycle: lifecycleSchema.optional(),
    /** Where the sources disagree on a figure of this entry: what, and which side was taken. */
    conflicts: z.array(z.string()).optional(),
  })
  .strict()
  .superRefine((entry, ctx) => {
    if (entry.contextWindow !== undefined && entry.maxInputTokens !== undefined && entry.maxInputTokens > entry.contextWindow) {
      ctx.addIssue({ code: 'custom', path: ['maxInputTokens'], message: 'maxInputTokens cannot exceed contextWindow' });
    }
    if (entry.contextWindow !== undefined && entry.maxOutputTokens !== undefined && entry.maxOutputTokens > entry.contextWindow) {
      ctx.addIssue({ code: 'custom', path: ['maxOutputTokens'], message: 'maxOutputTokens cannot exceed contextWindow' });
    }
  });

function periodsDoNotOverlap(periods: ReadonlyArray<{ from?: string | undefined; until?: string | undefined }>): boolean {
  for (let index = 1; index < periods.length; index += 1) {
    const previous = periods[index - 1];
    const current = periods[index];
    if (previous === undefined || current === undefined) return false;
    if (current.from === undefined) return false;
    const previousEnd = previous.until ?? current.from;
    if (Date.parse(previousEnd) > Date.parse(current.from)) return false;
    if (previous.from !== undefined && Date.parse(previous.from) >= Date.parse(current.from)) return false;
  }
  return true;
}

/** A whole pricing table as data (what `createPricingTable` accepts, after parsing). */
export const pricingDataSchema = z
  .object({
    version: z.literal(1),
    checkedAt: isoDate,
    models: z.array(modelEntrySchema),
  })
  .strict();

// The public types are written out in ./types.ts (zod-free); test/types/schema-types.test-d.ts
// keeps each schema's parsed and written type equal to them.
export type {
  CapabilityRating,
  Fees,
  FeesInput,
  HoursWindow,
  Lifecycle,
  LifecycleDate,
  LifecycleReplacement,
  LongContextTier,
  LongContextTierInput,
  MeasuredLatency,
  Modality,
  ModelEntry,
  ModelEntryInput,
  ModelEntryStatus,
  ModelModalities,
  ModelPerformance,
  OffPeak,
  OffPeakInput,
  PricePeriod,
  PricePeriodInput,
  PriceSet,
  PriceSetInput,
  PricingData,
  PricingDataInput,
  ServiceTier,
  Source,
  TierRates,
  TierRatesInput,
  UsdPriceInput,
} from './types.js';
