// The public shapes of a workload, written out as named interfaces. The zod schemas in
// ./schema.ts validate what users hand in; test/types/schema-types.test-d.ts keeps each schema's
// parsed and written type equal to the interfaces here. Type-only imports: nothing loads at run time.
import type { ServiceTier } from '../pricing/types.js';
import type { DistributionInput, DistributionSpec } from './distributions.js';
import type { ImageDetail } from './images.js';
import type { VolumeUnit } from './volume.js';

/**
 * An uncertain call rate given by its mean: `expected` is the mean, `low` and `high` the p10
 * and p90 (all three kept exactly; a tilted lognormal is fitted). The mean must exceed
 * 0.8·low + 0.1·high.
 */
export interface CallRange {
  /** The 10th percentile of calls per `per`. */
  readonly low: number;
  /** The mean number of calls per `per`. */
  readonly expected: number;
  /** The 90th percentile of calls per `per`. */
  readonly high: number;
}

/**
 * An uncertain call rate given by its median: `low`, `median` and `high` are the p10, p50 and
 * p90 (a shifted lognormal is fitted, capped at 0 calls; its mean follows). low < median < high,
 * or all three equal.
 */
export interface CallPercentiles {
  /** The 10th percentile of calls per `per`. */
  readonly low: number;
  /** The median number of calls per `per`. */
  readonly median: number;
  /** The 90th percentile of calls per `per`. */
  readonly high: number;
}

/** Monthly compound growth of the call rate. */
export interface VolumeGrowth {
  /** Growth per month of 730 hours, as a fraction: `0.1` is +10 % a month, `-0.05` a decline; above -1. */
  readonly rate: number;
  /** Growth compounds per month (730 hours). */
  readonly per: 'month';
}

/** How many calls (or tasks, for a pipeline) a workload makes, per unit of time. */
export interface WorkloadVolume {
  /** Calls per `per`: a number (known), or an uncertain rate `{ low, expected, high }` or `{ low, median, high }`. */
  readonly calls: number | CallRange | CallPercentiles;
  /** The unit of time the calls are counted in. */
  readonly per: VolumeUnit;
  /** Growth from the start of the period. Absent: a constant rate. */
  readonly growth?: VolumeGrowth | undefined;
}

/** A workload's volume as written (the same shape: it has no distributions). */
export type VolumeInput = WorkloadVolume;

/** Token distributions of one call, in object form. */
export interface WorkloadTokens {
  /** Input tokens per call (cached and uncached together; images are added apart). */
  readonly input: DistributionSpec;
  /** Visible output tokens per call. */
  readonly output: DistributionSpec;
  /** Hidden reasoning tokens per call, billed as output beside `output`. Absent: none. */
  readonly reasoning?: DistributionSpec | undefined;
}

/** Token distributions of one call as written: each a number (fixed) or a distribution. */
export interface WorkloadTokensInput {
  /** Input tokens per call. */
  readonly input: DistributionInput;
  /** Visible output tokens per call. */
  readonly output: DistributionInput;
  /** Hidden reasoning tokens per call (billed as output). */
  readonly reasoning?: DistributionInput | undefined;
}

/** A cache described by the share of input tokens read from it (as your logs show it). */
export interface CachedShare {
  /** The share of input tokens read from cache, from 0 to 1, billed at the cached price. */
  readonly cachedShare: number;
}

/**
 * A cache described by a shared prompt prefix: every call starts with the same `prefixTokens`;
 * a share `hitRate` of calls reads them from cache, the rest write them.
 */
export interface CachedPrefix {
  /** Tokens of the shared prefix (whole, at most the call's text input). A prefix below the model's `minCacheableTokens` never caches. */
  readonly prefixTokens: number;
  /** The share of calls that read the prefix from cache, from 0 to 1. */
  readonly hitRate: number;
  /** How long a written prefix stays cached: the cache-write price paid on a miss. @defaultValue `"5m"` */
  readonly ttl?: '5m' | '1h' | undefined;
}

/** A cache description: `{ cachedShare }` or `{ prefixTokens, hitRate, ttl? }`. */
export type WorkloadCache = CachedShare | CachedPrefix;

/** A cache description as written (the same shape). */
export type CacheInput = WorkloadCache;

/** The images sent with each call, in object form. */
export interface WorkloadImages {
  /** Images per call (a distribution). */
  readonly perCall: DistributionSpec;
  /** Width of each image, pixels (whole, above 0). */
  readonly width: number;
  /** Height of each image, pixels (whole, above 0). */
  readonly height: number;
  /** Detail level (OpenAI's; other providers ignore it). `auto` is counted as `high`. */
  readonly detail?: ImageDetail | undefined;
  /** Tokens per image, overriding the model's formula (for models without a documented one). */
  readonly tokensPerImage?: number | undefined;
}

/** The images sent with each call, as written. */
export interface ImagesInput {
  /** Images per call: a number (fixed) or a distribution. */
  readonly perCall: DistributionInput;
  /** Width of each image, pixels. */
  readonly width: number;
  /** Height of each image, pixels. */
  readonly height: number;
  /** Detail level (OpenAI's). */
  readonly detail?: ImageDetail | undefined;
  /** Tokens per image, overriding the model's formula. */
  readonly tokensPerImage?: number | undefined;
}

/** Tool calls per call that the provider bills beside tokens, in object form. */
export interface WorkloadTools {
  /** Web-search tool calls per call, billed at the price period's `fees.webSearchPerThousandCalls`. */
  readonly webSearches: DistributionSpec;
}

/** Billed tool calls per call, as written. */
export interface ToolsInput {
  /** Web-search tool calls per call: a number or a distribution. */
  readonly webSearches: DistributionInput;
}

/**
 * A multi-turn conversation, in object form; one call of the workload is one conversation.
 * Each turn re-sends the history: turn t's input is the system tokens, every earlier user and
 * (visible) assistant message, and this turn's user message.
 */
export interface WorkloadConversation {
  /** Turns per conversation (read as whole turns). */
  readonly turns: DistributionSpec;
  /** Tokens of each user message. */
  readonly userTokensPerTurn: DistributionSpec;
  /** Visible tokens of each assistant reply (billed as output, re-sent as input later). */
  readonly assistantTokensPerTurn: DistributionSpec;
  /** System prompt tokens, sent with every turn. Absent: none. */
  readonly systemTokens?: DistributionSpec | undefined;
  /** Hidden reasoning tokens per turn, billed as output and not re-sent. Absent: none. */
  readonly reasoningTokensPerTurn?: DistributionSpec | undefined;
}

/** A conversation as written: each count a number (fixed) or a distribution. */
export interface ConversationInput {
  /** Turns per conversation. */
  readonly turns: DistributionInput;
  /** Tokens of each user message. */
  readonly userTokensPerTurn: DistributionInput;
  /** Visible tokens of each assistant reply. */
  readonly assistantTokensPerTurn: DistributionInput;
  /** System prompt tokens, sent with every turn. */
  readonly systemTokens?: DistributionInput | undefined;
  /** Hidden reasoning tokens per turn. */
  readonly reasoningTokensPerTurn?: DistributionInput | undefined;
}

/**
 * One step of a pipeline (an agent task as sub-calls), in object form. Its own cache, images,
 * tools, tier and maxOutputTokens override the workload's.
 */
export interface WorkloadStep {
  /** A name for reports. */
  readonly name?: string | undefined;
  /** The model of this step. Absent: the model being projected. */
  readonly model?: string | undefined;
  /** Calls of this step per task. @defaultValue `{ fixed: 1 }` */
  readonly callsPerTask?: DistributionSpec | undefined;
  /** Token distributions of one call of this step. */
  readonly tokens: WorkloadTokens;
  /** The cache of this step's calls. */
  readonly cache?: WorkloadCache | undefined;
  /** Images sent with each call of this step. */
  readonly images?: WorkloadImages | undefined;
  /** Billed tool calls per call of this step. */
  readonly tools?: WorkloadTools | undefined;
  /** The service tier of this step. Absent: the workload's. */
  readonly tier?: ServiceTier | undefined;
  /** A cap on output tokens per call, reasoning included (whole, above 0). */
  readonly maxOutputTokens?: number | undefined;
}

/** A pipeline step as written. */
export interface WorkloadStepInput {
  /** A name for reports. */
  readonly name?: string | undefined;
  /** The model of this step. Absent: the model being projected. */
  readonly model?: string | undefined;
  /** Calls of this step per task. @defaultValue `1` */
  readonly callsPerTask?: DistributionInput | undefined;
  /** Token distributions of one call of this step. */
  readonly tokens: WorkloadTokensInput;
  /** The cache of this step's calls. */
  readonly cache?: CacheInput | undefined;
  /** Images sent with each call of this step. */
  readonly images?: ImagesInput | undefined;
  /** Billed tool calls per call of this step. */
  readonly tools?: ToolsInput | undefined;
  /** The service tier of this step. */
  readonly tier?: ServiceTier | undefined;
  /** A cap on output tokens per call, reasoning included. */
  readonly maxOutputTokens?: number | undefined;
}

/**
 * A validated workload: a volume and exactly one of `tokens` (one call), `conversation` (one
 * conversation per call) or `steps` (a pipeline; the volume counts tasks), every distribution in
 * object form. `cache`, `images`, `tools`, `tier` and `maxOutputTokens` apply to every call
 * (a step's own override them).
 */
export interface Workload {
  /** A name for reports. */
  readonly name?: string | undefined;
  /** Calls (or tasks) per unit of time. */
  readonly volume: WorkloadVolume;
  /** Tokens of one call (a single-call workload). */
  readonly tokens?: WorkloadTokens | undefined;
  /** One conversation per call (a multi-turn workload). */
  readonly conversation?: WorkloadConversation | undefined;
  /** The steps of one task (a pipeline; at least one). */
  readonly steps?: readonly WorkloadStep[] | undefined;
  /** The cache. Absent: nothing is cached. */
  readonly cache?: WorkloadCache | undefined;
  /** Images sent with each call. */
  readonly images?: WorkloadImages | undefined;
  /** Billed tool calls per call. */
  readonly tools?: WorkloadTools | undefined;
  /** The service tier. @defaultValue `"standard"` */
  readonly tier?: ServiceTier | undefined;
  /** A cap on output tokens per call, reasoning first (the answer is what gets cut). */
  readonly maxOutputTokens?: number | undefined;
}

/**
 * A workload as written (code, JSON or YAML): token counts as numbers or distributions;
 * readonly, so `as const` literals fit. Validate it with `parseWorkload`.
 */
export interface WorkloadInput {
  /** A name for reports. */
  readonly name?: string | undefined;
  /** Calls (or tasks) per unit of time. */
  readonly volume: VolumeInput;
  /** Tokens of one call. */
  readonly tokens?: WorkloadTokensInput | undefined;
  /** One conversation per call. */
  readonly conversation?: ConversationInput | undefined;
  /** The steps of one task. */
  readonly steps?: readonly WorkloadStepInput[] | undefined;
  /** The cache. */
  readonly cache?: CacheInput | undefined;
  /** Images sent with each call. */
  readonly images?: ImagesInput | undefined;
  /** Billed tool calls per call. */
  readonly tools?: ToolsInput | undefined;
  /** The service tier. */
  readonly tier?: ServiceTier | undefined;
  /** A cap on output tokens per call, reasoning included. */
  readonly maxOutputTokens?: number | undefined;
}
