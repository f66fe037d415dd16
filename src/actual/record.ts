// The shapes every part of actual/ shares: a usage record read from a log, trace or export,
// and a problem (a line that could not be read or priced). Readers yield both; nothing that
// fails is dropped without being counted, and nothing is priced at $0 for lack of a price.
import type { ServiceTier } from '../pricing/schema.js';
import type { Usage } from '../estimate/usage.js';

/**
 * The formats {@link readUsageLog} reads (one record per line, or a whole JSON export).
 *
 * @example
 * ```ts
 * import { USAGE_LOG_FORMATS } from 'llm-spend/actual';
 * USAGE_LOG_FORMATS.includes('otel-json'); // true
 * ```
 */
export const USAGE_LOG_FORMATS = [
  'llm-spend-jsonl',
  'llm-spend-csv',
  'provider-jsonl',
  'otel-json',
  'openai-usage',
  'anthropic-usage',
] as const;

/**
 * A log format:
 * - `llm-spend-jsonl`: one JSON object per line in llm-spend's usage shape
 *   (`{ at, model, tier?, usage: { inputTokens, ... }, tags?, session?, requestId? }`, or the
 *   usage fields at the top level);
 * - `llm-spend-csv`: the same as CSV with a header row (`at,model,tier,inputTokens,...`; any other
 *   column is a tag);
 * - `provider-jsonl`: provider response bodies, one per line, read with the usage adapters
 *   (OpenAI Chat and Responses, Anthropic Messages, Gemini, AI SDK), optionally wrapped as
 *   `{ at, response, tags? }`;
 * - `otel-json`: an OTLP JSON export of spans (`resourceSpans`), GenAI semantic conventions;
 * - `openai-usage`: the OpenAI organization usage API, completions buckets (aggregates);
 * - `anthropic-usage`: the Anthropic usage report JSON (aggregates).
 */
export type UsageLogFormat = (typeof USAGE_LOG_FORMATS)[number];

/** Where a record or a problem came from: a file (when known) and a 1-based line. */
export interface RecordOrigin {
  /** The file name, as the caller named it. */
  readonly file?: string | undefined;
  /** 1-based line of the record (for a whole-file JSON export: the line where the bucket starts, or 1). */
  readonly line: number;
  /** The format it was read as. */
  readonly format: UsageLogFormat;
}

/**
 * One usage record: a call, or an aggregate of calls (a provider usage export's bucket).
 * `usage` follows the canonical convention (parts are "of which" counts of their whole).
 */
export interface UsageRecord {
  /** When the call was made (for an aggregate, the bucket's start), as an ISO 8601 timestamp in UTC. */
  readonly at: string;
  /** The model as the log names it (an id, an alias or a dated snapshot). */
  readonly model: string;
  /** The service tier, when the log says (otherwise priced as `standard`). */
  readonly tier?: ServiceTier | undefined;
  /** The usage: for a call, its own; for an aggregate, the sum over `calls` requests. */
  readonly usage: Usage;
  /**
   * For a call that the provider billed as several requests (Anthropic iterations, AI SDK steps):
   * the usage of each, priced one by one (long-context thresholds are per request). Absent for one request.
   */
  readonly requests?: readonly Usage[] | undefined;
  /** The number of model requests (1 for a call; the bucket's request count for an aggregate). */
  readonly calls: number;
  /** True for a provider export's bucket: summed usage, priced as an aggregate (no per-request context check). */
  readonly aggregate: boolean;
  /**
   * For an aggregate: the long-context band the provider reported (Anthropic's `context_window`,
   * such as `"0-200k"` or `"200k-1M"`), which says whether the long-context price applied.
   */
  readonly contextWindow?: string | undefined;
  /** Free-form tags (team, feature, project, api key...), all strings. */
  readonly tags: Readonly<Record<string, string>>;
  /** A conversation or session id, when the log has one (used to fit conversation structure). */
  readonly session?: string | undefined;
  /** Where it was read. */
  readonly origin: RecordOrigin;
}

/** Why a record was not counted in the totals. */
export type RecordProblemCode =
  /** The line is not valid JSON or CSV, or lacks the fields its format needs. */
  | 'unreadable'
  /** The model is in no table (with "did you mean" in the message). */
  | 'unknown-model'
  /** The model has no price in effect on the record's date (before its first price). */
  | 'no-price-at-date'
  /** The usage is invalid (negative, fractional, a part larger than its whole...). */
  | 'invalid-usage'
  /** The call does not fit the model's context window (what-if only: the other model cannot serve it). */
  | 'context-exceeded'
  /** The tier is not offered by the model. */
  | 'tier-unavailable';

/** A record that could not be read or priced: counted and listed, never $0. */
export interface RecordProblem {
  readonly code: RecordProblemCode;
  /** One sentence a user can act on. */
  readonly message: string;
  readonly origin: RecordOrigin;
  /** The model, when the record had one. */
  readonly model?: string | undefined;
}

/** What a reader yields: a record or a problem, in file order. */
export type ReadItem = { readonly ok: true; readonly record: UsageRecord } | { readonly ok: false; readonly problem: RecordProblem };
