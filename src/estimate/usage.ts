/**
 * The canonical usage of one call, the one convention every part of llm-spend uses.
 * Parts are "of which" counts of their whole, never added to it a second time.
 *
 * - `inputTokens`: all input tokens, INCLUDING cached reads and cache writes
 * - `cachedInputTokens`: the part of `inputTokens` read from cache
 * - `cacheWriteTokens`: the part of `inputTokens` written to cache (5-minute TTL price)
 * - `cacheWrite1hTokens`: the part of `inputTokens` written with the 1-hour TTL price
 * - `audioInputTokens`: the part of the uncached input that is audio (where billed apart)
 * - `cachedAudioInputTokens`: the part of `cachedInputTokens` that is audio (where billed apart)
 * - `imageInputTokens`: the part of the uncached input that is images (billed as input; reported apart)
 * - `outputTokens`: all output tokens, INCLUDING reasoning tokens
 * - `reasoningTokens`: the part of `outputTokens` spent on hidden reasoning
 * - `webSearchCalls`: web searches the provider bills per call
 *
 * Every count is a non-negative safe integer.
 */
export interface Usage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cachedInputTokens?: number | undefined;
  readonly cacheWriteTokens?: number | undefined;
  readonly cacheWrite1hTokens?: number | undefined;
  readonly reasoningTokens?: number | undefined;
  readonly audioInputTokens?: number | undefined;
  readonly cachedAudioInputTokens?: number | undefined;
  readonly imageInputTokens?: number | undefined;
  readonly webSearchCalls?: number | undefined;
}

/** @internal The optional counts of a {@link Usage}, in a fixed order. */
export const OPTIONAL_USAGE_PARTS = [
  'cachedInputTokens',
  'cacheWriteTokens',
  'cacheWrite1hTokens',
  'reasoningTokens',
  'audioInputTokens',
  'cachedAudioInputTokens',
  'imageInputTokens',
  'webSearchCalls',
] as const satisfies ReadonlyArray<keyof Usage>;

/**
 * What a call cost, part by part, as exact USD decimal strings. The one breakdown shape
 * used by per-call costs, projections, recommendations, budgets and the CLI.
 *
 * `total` = `input` + `cachedInput` + `cacheWrite` + `cacheWrite1h` + `output` + `fees`.
 * `reasoning` is the part of `output` spent on reasoning, and `images` the part of `input`
 * spent on image tokens: both are "of which" figures, not added to the total again.
 */
export interface CostBreakdown {
  /** Uncached input (including audio and image tokens). */
  readonly input: string;
  /** Input read from cache (cached audio included). */
  readonly cachedInput: string;
  /** Cache writes at the 5-minute TTL price. */
  readonly cacheWrite: string;
  /** Cache writes at the 1-hour TTL price. */
  readonly cacheWrite1h: string;
  /** All output, including reasoning. */
  readonly output: string;
  /** Of which: hidden reasoning (part of `output`). */
  readonly reasoning: string;
  /** Of which: image input tokens (part of `input`). */
  readonly images: string;
  /** Per-call fees such as web searches. */
  readonly fees: string;
  /** The whole cost. */
  readonly total: string;
}
