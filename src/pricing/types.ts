// The public shapes of a pricing table, written out as named interfaces. The zod schemas in
// ./schema.ts validate what users hand in; test/types/schema-types.test-d.ts keeps each schema's
// parsed (and written) type equal to the interface here. This file imports nothing: the per-call
// core takes its types from here without loading zod.

/**
 * The service tiers llm-spend knows: `standard`, `batch`, `flex`, `priority`, and `regional`
 * (standard processing with regional data residency). A model offers a tier only where its
 * price period has a price set for it.
 */
export type ServiceTier = 'standard' | 'batch' | 'flex' | 'priority' | 'regional';

/** An input or output modality a model entry can declare. */
export type Modality = 'text' | 'image' | 'audio' | 'video' | 'pdf';

/** A model's availability as its table entry states it; lifecycle dates refine it at a given date. */
export type ModelEntryStatus = 'active' | 'beta' | 'deprecated';

/**
 * A USD price as written in a table: a decimal string such as `"0.75"`, or a JSON number
 * (converted through `String(n)`, never through arithmetic). Parsing turns it into a canonical
 * decimal string.
 */
export type UsdPriceInput = string | number;

/** Where a figure comes from: a URL (or a named source) and the date it was checked. */
export interface Source {
  /** The page (or a named source, such as a contract) that states the figure. Not empty. */
  readonly url: string;
  /** When the figure was last checked against the source: an ISO-8601 date such as `"2026-03-17"` (a time with an offset is allowed). */
  readonly checkedAt: string;
  /** A remark on the figure (what the page says, a caveat). */
  readonly note?: string | undefined;
  /** Set when the figure is computed from a documented rule (a discount, an uplift), not published: the rule. */
  readonly derived?: string | undefined;
}

/** One dated lifecycle event (a deprecation or a shutdown) with its source. */
export interface LifecycleDate {
  /** The day of the event: an ISO-8601 date. */
  readonly date: string;
  /** Where the provider announced it. */
  readonly source: Source;
}

/** The model a provider names as the replacement of a deprecated one. */
export interface LifecycleReplacement {
  /** The replacement's model id (as the provider writes it; not necessarily in the table). */
  readonly id: string;
  /** Where the provider names it. */
  readonly source: Source;
}

/**
 * A model's lifecycle: when it was deprecated, when it shuts down (or did), and what the
 * provider names as its replacement, each with its own source. Every part is optional.
 */
export interface Lifecycle {
  /** When the provider deprecated the model (it still serves calls). */
  readonly deprecatedAt?: LifecycleDate | undefined;
  /** When the model stops (or stopped) serving calls. Planning treats it as unavailable from this date; per-call pricing still prices it and reports the status. */
  readonly shutdownAt?: LifecycleDate | undefined;
  /** The model the provider recommends instead. */
  readonly replacement?: LifecycleReplacement | undefined;
}

/**
 * One set of prices, USD per million tokens, each a canonical decimal string (such as
 * `"0.75"`; never a binary float). An absent price is unknown or not offered: it is never read
 * as zero, and pricing tokens of that kind throws.
 */
export interface PriceSet {
  /** USD per million uncached input tokens (text, and images where they are billed as input). */
  readonly inputPerMillion: string;
  /** USD per million input tokens read from the prompt cache (`cachedInputTokens`). */
  readonly cachedInputPerMillion?: string | undefined;
  /** USD per million input tokens written to the cache with the default lifetime (5 minutes at Anthropic). */
  readonly cacheWritePerMillion?: string | undefined;
  /** USD per million input tokens written to the cache with a one-hour lifetime. */
  readonly cacheWrite1hPerMillion?: string | undefined;
  /** USD per million output tokens; hidden reasoning tokens are billed at this price too. */
  readonly outputPerMillion: string;
  /** USD per million audio input tokens, where audio is billed apart (of the uncached input). */
  readonly audioInputPerMillion?: string | undefined;
  /** USD per million cached audio input tokens, where billed apart (of the cached input). */
  readonly cachedAudioInputPerMillion?: string | undefined;
}

/**
 * A long-context tier: once a request's input tokens (uncached, cached and cache writes
 * together) reach `fromInputTokens`, the whole request is priced at `prices`, not only the
 * tokens above the threshold.
 */
export interface LongContextTier {
  /** The threshold, in input tokens (a whole number above 0). */
  readonly fromInputTokens: number;
  /** The prices of the whole request at or above the threshold. */
  readonly prices: PriceSet;
}

/** The prices of one service tier, with its long-context tiers and an optional source of its own. */
export interface TierRates extends PriceSet {
  /** Long-context tiers, sorted by `fromInputTokens` (ascending, distinct). The highest tier reached applies. */
  readonly longContext?: readonly LongContextTier[] | undefined;
  /** Where this tier's prices come from, when not from the period's `sources`. */
  readonly source?: Source | undefined;
}

/** Per-call fees a provider bills beside tokens, each a canonical decimal string. */
export interface Fees {
  /** USD per thousand web-search tool calls (`webSearchCalls` of a usage). */
  readonly webSearchPerThousandCalls?: string | undefined;
}

/**
 * A daily window of hours (UTC): from `fromUtc` (inclusive) until `untilUtc` (exclusive),
 * wrapping past midnight when `untilUtc` is earlier. The two times differ.
 */
export interface HoursWindow {
  /** Start, a UTC time of day such as `"16:30"` (inclusive). */
  readonly fromUtc: string;
  /** End, a UTC time of day such as `"00:30"` (exclusive). */
  readonly untilUtc: string;
}

/**
 * Hour-of-day pricing, such as DeepSeek's off-peak discount: the period's `standard` prices
 * apply during `peakHoursUtc` (every day, UTC), and these off-peak `standard` prices the rest of
 * the day. A call priced without a time of day pays the peak (an upper bound).
 */
export interface OffPeak {
  /** The peak windows (at least one); outside all of them the off-peak prices apply. */
  readonly peakHoursUtc: readonly HoursWindow[];
  /** The standard tier's prices off peak. */
  readonly standard: TierRates;
}

/**
 * The prices in effect over one date range: `from` (inclusive) until `until` (exclusive); an
 * absent end is open. A tier is offered only where its price set is present.
 */
export interface PricePeriod {
  /** First day (or instant) the prices apply, ISO-8601. Absent: since the beginning. */
  readonly from?: string | undefined;
  /** First day (or instant) they no longer apply, ISO-8601, after `from`. Absent: still in effect. */
  readonly until?: string | undefined;
  /** The standard tier's prices (always present). */
  readonly standard: TierRates;
  /** Batch processing prices (asynchronous, usually half), when offered. */
  readonly batch?: TierRates | undefined;
  /** Flex processing prices (slower, cheaper), when offered. */
  readonly flex?: TierRates | undefined;
  /** Priority processing prices, when offered. */
  readonly priority?: TierRates | undefined;
  /** Standard processing with regional data residency (often an uplift), when offered. */
  readonly regional?: TierRates | undefined;
  /** Hour-of-day prices for the standard tier, when the provider has them. */
  readonly offPeak?: OffPeak | undefined;
  /** Fees billed per call beside tokens. */
  readonly fees?: Fees | undefined;
  /** Where these prices come from (at least one source). */
  readonly sources: readonly Source[];
}

/** The input and output modalities of a model. */
export interface ModelModalities {
  /** What the model accepts (at least one). */
  readonly input: readonly Modality[];
  /** What the model produces (at least one). */
  readonly output: readonly Modality[];
}

/** A measured latency profile: medians, with their source. */
export interface MeasuredLatency {
  /** Median time to first token, milliseconds (above 0). */
  readonly ttftMs: number;
  /** Median output speed, tokens per second (above 0). */
  readonly outputTokensPerSecond: number;
  /** Where the figures come from. */
  readonly source: Source;
}

/** A rating of a model on a 1-5 scale (5 is best), with its source. */
export interface CapabilityRating {
  /** Capability, a whole number from 1 to 5. */
  readonly capability: number;
  /** Speed, a whole number from 1 to 5. */
  readonly speed?: number | undefined;
  /** Where the rating comes from. */
  readonly source: Source;
}

/** Optional performance data of a model, each part with its own source. */
export interface ModelPerformance {
  /** Median latency figures (used by the recommender's latency checks). */
  readonly latency?: MeasuredLatency | undefined;
  /** A capability (and speed) rating (used by the recommender's capability floor). */
  readonly rating?: CapabilityRating | undefined;
}

/**
 * One model as offered by one provider or host, as stored in a parsed table: prices as
 * canonical decimal strings and defaults applied.
 */
export interface ModelEntry {
  /** The model id, such as `"gpt-5.4-mini"` or, for a host, `"<host>/<model>"`. No surrounding spaces. */
  readonly id: string;
  /** The provider that makes the model, such as `"openai"`. */
  readonly provider: string;
  /** The host serving the model, when it is not the provider itself. */
  readonly host?: string | undefined;
  /** The id the host uses for the model in its API. */
  readonly hostModelId?: string | undefined;
  /** A human-readable name. */
  readonly displayName?: string | undefined;
  /** Other ids that find this entry (dated snapshots, provider-prefixed ids). @defaultValue `[]` */
  readonly aliases: readonly string[];
  /** The status the table states. @defaultValue `"active"` */
  readonly status: ModelEntryStatus;
  /** Why the model has its status (what the provider says). */
  readonly statusNote?: string | undefined;
  /** When the model was released, ISO-8601. */
  readonly releaseDate?: string | undefined;
  /** The model's knowledge cutoff, ISO-8601. */
  readonly knowledgeCutoff?: string | undefined;
  /** Tokens of input and output together that fit one call. Absent: unknown. */
  readonly contextWindow?: number | undefined;
  /** The most input tokens one call accepts (at most `contextWindow`). Absent: limited by the context window only. */
  readonly maxInputTokens?: number | undefined;
  /** The most output tokens (reasoning included) one call produces (at most `contextWindow`). */
  readonly maxOutputTokens?: number | undefined;
  /** What the model accepts and produces. */
  readonly modalities: ModelModalities;
  /** Whether the model produces hidden reasoning tokens (billed as output). */
  readonly reasoning: boolean;
  /** The shortest prompt prefix, in tokens, that the provider caches; shorter prefixes are billed uncached. */
  readonly minCacheableTokens?: number | undefined;
  /** USD per million cached tokens per hour of storage (Gemini's explicit caching), a canonical decimal string. */
  readonly cacheStoragePerMillionPerHour?: string | undefined;
  /** The model's prices over time: at least one period, sorted by `from`, not overlapping. */
  readonly prices: readonly PricePeriod[];
  /** Latency and capability figures, when known. */
  readonly performance?: ModelPerformance | undefined;
  /** Remarks on the entry. */
  readonly notes?: readonly string[] | undefined;
  /** Deprecation and shutdown dates and the replacement, with sources. */
  readonly lifecycle?: Lifecycle | undefined;
  /** Where the sources disagree on a figure of this entry: what, and which side was taken. */
  readonly conflicts?: readonly string[] | undefined;
}

/** A whole pricing table as data (what `createPricingTable` returns the data of, after parsing). */
export interface PricingData {
  /** The table format version. */
  readonly version: 1;
  /** When the table's figures were last checked, ISO-8601. */
  readonly checkedAt: string;
  /** The model entries. */
  readonly models: readonly ModelEntry[];
}

/** A {@link PriceSet} as written: each price a decimal string or a JSON number. */
export interface PriceSetInput {
  /** USD per million uncached input tokens. */
  readonly inputPerMillion: UsdPriceInput;
  /** USD per million input tokens read from the cache. */
  readonly cachedInputPerMillion?: UsdPriceInput | undefined;
  /** USD per million input tokens written to the cache (default lifetime). */
  readonly cacheWritePerMillion?: UsdPriceInput | undefined;
  /** USD per million input tokens written to the cache for one hour. */
  readonly cacheWrite1hPerMillion?: UsdPriceInput | undefined;
  /** USD per million output tokens (reasoning included). */
  readonly outputPerMillion: UsdPriceInput;
  /** USD per million audio input tokens (of the uncached input). */
  readonly audioInputPerMillion?: UsdPriceInput | undefined;
  /** USD per million cached audio input tokens (of the cached input). */
  readonly cachedAudioInputPerMillion?: UsdPriceInput | undefined;
}

/** A {@link LongContextTier} as written. */
export interface LongContextTierInput {
  /** The threshold, in input tokens (a whole number above 0). */
  readonly fromInputTokens: number;
  /** The prices of the whole request at or above the threshold. */
  readonly prices: PriceSetInput;
}

/** {@link TierRates} as written. */
export interface TierRatesInput extends PriceSetInput {
  /** Long-context tiers, sorted by `fromInputTokens` (ascending, distinct). */
  readonly longContext?: readonly LongContextTierInput[] | undefined;
  /** Where this tier's prices come from. */
  readonly source?: Source | undefined;
}

/** {@link Fees} as written. */
export interface FeesInput {
  /** USD per thousand web-search tool calls. */
  readonly webSearchPerThousandCalls?: UsdPriceInput | undefined;
}

/** {@link OffPeak} prices as written. */
export interface OffPeakInput {
  /** The peak windows (at least one). */
  readonly peakHoursUtc: readonly HoursWindow[];
  /** The standard tier's prices off peak. */
  readonly standard: TierRatesInput;
}

/** A {@link PricePeriod} as written. */
export interface PricePeriodInput {
  /** First day the prices apply (inclusive), ISO-8601. */
  readonly from?: string | undefined;
  /** First day they no longer apply (exclusive), ISO-8601. */
  readonly until?: string | undefined;
  /** The standard tier's prices. */
  readonly standard: TierRatesInput;
  /** Batch prices, when offered. */
  readonly batch?: TierRatesInput | undefined;
  /** Flex prices, when offered. */
  readonly flex?: TierRatesInput | undefined;
  /** Priority prices, when offered. */
  readonly priority?: TierRatesInput | undefined;
  /** Regional (data residency) prices, when offered. */
  readonly regional?: TierRatesInput | undefined;
  /** Hour-of-day prices for the standard tier. */
  readonly offPeak?: OffPeakInput | undefined;
  /** Fees billed per call beside tokens. */
  readonly fees?: FeesInput | undefined;
  /** Where these prices come from (at least one). */
  readonly sources: readonly Source[];
}

/**
 * One model entry as written: prices as decimal strings or JSON numbers, `aliases` and
 * `status` optional (their defaults are applied when the table is parsed). Fields mean what
 * they mean in {@link ModelEntry}.
 */
export interface ModelEntryInput {
  /** The model id. */
  readonly id: string;
  /** The provider that makes the model. */
  readonly provider: string;
  /** The host serving the model, when not the provider. */
  readonly host?: string | undefined;
  /** The id the host uses for the model. */
  readonly hostModelId?: string | undefined;
  /** A human-readable name. */
  readonly displayName?: string | undefined;
  /** Other ids that find this entry. @defaultValue `[]` */
  readonly aliases?: readonly string[] | undefined;
  /** The status the table states. @defaultValue `"active"` */
  readonly status?: ModelEntryStatus | undefined;
  /** Why the model has its status. */
  readonly statusNote?: string | undefined;
  /** Release date, ISO-8601. */
  readonly releaseDate?: string | undefined;
  /** Knowledge cutoff, ISO-8601. */
  readonly knowledgeCutoff?: string | undefined;
  /** Input and output tokens that fit one call. */
  readonly contextWindow?: number | undefined;
  /** The most input tokens one call accepts. */
  readonly maxInputTokens?: number | undefined;
  /** The most output tokens one call produces. */
  readonly maxOutputTokens?: number | undefined;
  /** What the model accepts and produces. */
  readonly modalities: ModelModalities;
  /** Whether the model produces hidden reasoning tokens. */
  readonly reasoning: boolean;
  /** The shortest cacheable prompt prefix, in tokens. */
  readonly minCacheableTokens?: number | undefined;
  /** USD per million cached tokens per hour of storage. */
  readonly cacheStoragePerMillionPerHour?: UsdPriceInput | undefined;
  /** Price periods: at least one, sorted by `from`, not overlapping. */
  readonly prices: readonly PricePeriodInput[];
  /** Latency and capability figures. */
  readonly performance?: ModelPerformance | undefined;
  /** Remarks on the entry. */
  readonly notes?: readonly string[] | undefined;
  /** Lifecycle dates and replacement. */
  readonly lifecycle?: Lifecycle | undefined;
  /** Where the sources disagree, and which side was taken. */
  readonly conflicts?: readonly string[] | undefined;
}

/** A pricing table as written (what `createPricingTable` accepts). */
export interface PricingDataInput {
  /** The table format version: `1`. */
  readonly version: 1;
  /** When the table's figures were last checked, ISO-8601. */
  readonly checkedAt: string;
  /** The model entries as written. */
  readonly models: readonly ModelEntryInput[];
}
