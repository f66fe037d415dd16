import { LlmSpendError, showValue } from '../errors.js';
import { OPTIONAL_USAGE_PARTS, type Usage } from './usage.js';

// Provider usage adapters: each provider's usage object in, the canonical `Usage` out.
//
// The canonical convention (see usage.ts): `inputTokens` includes cache reads and cache
// writes, `outputTokens` includes reasoning; every other count is an "of which" part.
// Providers disagree on which of their fields include which, and that disagreement is the
// source of the two bugs these adapters exist to prevent: a cache counted twice (or not at
// all) and reasoning billed twice (or dropped). Every adapter validates what it reads and
// throws `INVALID_USAGE` rather than return a count it had to guess.

type Fields = Readonly<Record<string, unknown>>;

/** The optional parts of a usage, in the order they are written to the result. */
const PARTS = OPTIONAL_USAGE_PARTS;

type Part = (typeof PARTS)[number];
type Counts = { inputTokens: number; outputTokens: number } & { [K in Part]?: number };

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shown(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value;
}

/**
 * Error details that are safe to log or serialize: numbers, booleans, null and short strings as
 * they are, lists of key names as they are; anything else (a caller's object, a BigInt, a
 * symbol) as its printed form, so `JSON.stringify(error.details)` never throws and never copies
 * a caller's payload.
 */
function safeDetails(details: Record<string, unknown>): Record<string, unknown> {
  const safe: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    const plain =
      value === null ||
      value === undefined ||
      typeof value === 'number' ||
      typeof value === 'boolean' ||
      (typeof value === 'string' && value.length <= 200) ||
      (Array.isArray(value) && value.length <= 50 && value.every((item) => typeof item === 'string' || typeof item === 'number'));
    safe[key] = plain ? value : showValue(value);
  }
  return safe;
}

function invalid(message: string, details: Record<string, unknown>): LlmSpendError {
  return new LlmSpendError('INVALID_USAGE', message, safeDetails(details));
}

/** Reads and checks counts for one adapter; every message starts with the adapter's name. */
class Reader {
  constructor(readonly adapter: string) {}

  fail(message: string, details: Record<string, unknown> = {}): LlmSpendError {
    return invalid(`${this.adapter}: ${message}`, { adapter: this.adapter, ...details });
  }

  /** A count at `fields[key]`: a non-negative safe integer. `null` and `undefined` mean absent. */
  count(fields: Fields, key: string, path: string, required: true): number;
  count(fields: Fields, key: string, path: string, required?: false): number | undefined;
  count(fields: Fields, key: string, path: string, required = false): number | undefined {
    const value = fields[key];
    if (value === undefined || value === null) {
      if (!required) return undefined;
      throw this.fail(`${path} is required and missing (got ${value === null ? 'null' : 'undefined'}); a missing count is never read as 0.`, { field: path, value });
    }
    if (typeof value === 'number' && value >= 0 && Number.isSafeInteger(value)) return value;
    const why =
      typeof value !== 'number'
        ? `must be a number, not ${shown(value)}`
        : Number.isNaN(value)
          ? 'must be a number, not NaN'
          : !Number.isFinite(value)
            ? `must be finite; got ${value}`
            : value < 0
              ? `cannot be negative; got ${value}`
              : !Number.isInteger(value)
                ? `must be a whole number of tokens; got ${value}`
                : `must be a safe integer (at most 2^53 - 1); got ${value}`;
    throw this.fail(`${path} ${why}.`, { field: path, value });
  }

  /** A nested object at `fields[key]`; `null` and `undefined` mean absent. */
  object(fields: Fields, key: string, path: string): Fields | undefined {
    const value = fields[key];
    if (value === undefined || value === null) return undefined;
    if (!isRecord(value)) throw this.fail(`${path} must be an object; got ${shown(value)}.`, { field: path, value });
    return value;
  }

  /** `a + b + ...`, refused when the sum is no longer an exact integer. */
  sum(what: string, ...terms: readonly number[]): number {
    let total = 0;
    for (const term of terms) total += term;
    if (!Number.isSafeInteger(total)) throw this.fail(`${what} = ${terms.join(' + ')} is larger than 2^53 - 1 and cannot be counted exactly.`, { terms });
    return total;
  }

  /** Throws when a part is larger than its whole, naming both fields and values. */
  partOf(partName: string, part: number, wholeName: string, whole: number, why: string): void {
    if (part > whole) {
      throw this.fail(`${partName} (${part}) exceeds ${wholeName} (${whole}). ${why}`, { part: partName, partValue: part, whole: wholeName, wholeValue: whole });
    }
  }
}

/** The object itself, or its `key` property when it is a response wrapping the usage. */
function unwrap(reader: Reader, input: unknown, key: string, takes: string, missingHint: string): Fields {
  if (!isRecord(input)) throw reader.fail(`takes ${takes}; got ${shown(input)}.`, { value: input });
  if (!(key in input)) return input;
  const inner = input[key];
  if (inner === undefined || inner === null) {
    throw reader.fail(`the response's ${key} is ${inner === null ? 'null' : 'undefined'}: there is no usage to read. ${missingHint}`, { field: key, value: inner });
  }
  if (!isRecord(inner)) throw reader.fail(`the response's ${key} must be an object; got ${shown(inner)}.`, { field: key, value: inner });
  return inner;
}

/** The canonical usage: optional parts only when non-zero, and never a key set to undefined. */
function build(counts: Counts): Usage {
  const usage: { -readonly [K in keyof Usage]: Usage[K] } = { inputTokens: counts.inputTokens, outputTokens: counts.outputTokens };
  for (const part of PARTS) {
    const value = counts[part];
    if (value !== undefined && value > 0) usage[part] = value;
  }
  return usage;
}

/**
 * Rejects, at compile time, a value that is still a promise or a stream: `usageFromAiSdk(result.totalUsage)`
 * without `await` (a `Promise<LanguageModelUsage>` in streamText results) or a whole stream passed where a
 * usage belongs. Any other value is accepted as `unknown` and checked at run time.
 */
export type UsagePayload<T> = T & (T extends PromiseLike<unknown> ? never : T extends AsyncIterable<unknown> ? never : unknown);

/** Fields that only an Anthropic usage carries (a bare usage with one of them is Anthropic's). */
const ANTHROPIC_USAGE_KEYS = ['cache_creation_input_tokens', 'cache_read_input_tokens', 'cache_creation', 'server_tool_use', 'inference_geo', 'iterations', 'speed'] as const;
/** Fields that only an OpenAI usage carries. */
const OPENAI_USAGE_KEYS = ['prompt_tokens', 'completion_tokens', 'prompt_tokens_details', 'completion_tokens_details', 'input_tokens_details'] as const;
/** Fields of LangChain's `usage_metadata` (singular "token"), which OpenAI and Anthropic never send. */
const LANGCHAIN_USAGE_KEYS = ['input_token_details', 'output_token_details'] as const;

function present(fields: Fields, key: string): boolean {
  return fields[key] !== undefined && fields[key] !== null;
}

function anyPresent(fields: Fields, keys: readonly string[]): string | undefined {
  return keys.find((key) => present(fields, key));
}

/** A promise-like value: an un-awaited SDK result. */
function isThenable(value: unknown): boolean {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** The reasoning count of an `output_tokens_details`: OpenAI's `reasoning_tokens` or Anthropic's `thinking_tokens`. */
function detailKind(details: Fields | undefined): 'openai' | 'anthropic' | undefined {
  if (details === undefined) return undefined;
  if (present(details, 'thinking_tokens')) return 'anthropic';
  if (present(details, 'reasoning_tokens')) return 'openai';
  return undefined;
}

/**
 * Refuses a value that is still awaitable or a stream, with the fix: every adapter reads a
 * finished usage, never a promise of one.
 */
function refuseAwaitable(reader: Reader, value: unknown): void {
  if (isThenable(value)) {
    throw reader.fail('got a Promise, not a usage: await it first (for example `await result.totalUsage` of an AI SDK streamText result).', {});
  }
  if (typeof value === 'object' && value !== null && typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function') {
    throw reader.fail('got a stream, not a usage: pass the usage of its last event (or let guard.runStream read the stream).', {});
  }
}

// ------------------------------------------------------------------------- OpenAI

const OPENAI = 'usageFromOpenAI';

/**
 * Converts an OpenAI usage (Chat Completions or Responses API) to the canonical {@link Usage}.
 *
 * OpenAI's totals already include their parts, so nothing is added:
 * Chat Completions `prompt_tokens` includes `prompt_tokens_details.cached_tokens` and
 * `completion_tokens` includes `completion_tokens_details.reasoning_tokens`; the Responses API's
 * `input_tokens` includes `input_tokens_details.cached_tokens` and `output_tokens` includes
 * `output_tokens_details.reasoning_tokens`. OpenAI bills no cache writes for these models, so
 * none are reported. Audio token details are not mapped (see docs/adapters.md).
 *
 * @param response - a usage object (`completion.usage`, `response.usage`) or a whole Chat
 *   Completion / Responses API response that has a `usage` property
 * @returns the canonical usage: `inputTokens` = prompt/input tokens, `cachedInputTokens` = cached
 *   tokens, `outputTokens` = completion/output tokens, `reasoningTokens` = reasoning tokens
 *   (optional parts appear only when non-zero)
 * @throws LlmSpendError `INVALID_USAGE` when the input is not an object, the response has no usage
 *   (a stream read without `stream_options: { include_usage: true }`), a required count
 *   (`prompt_tokens`/`completion_tokens`, or `input_tokens`/`output_tokens`) is missing, a count is
 *   negative, fractional, NaN, infinite or not a number, or a part exceeds its whole
 *   (cached > prompt, reasoning > completion)
 * @example
 * ```ts
 * import { usageFromOpenAI } from 'llm-spend';
 * // OpenAI's prompt-caching guide: 2006 prompt tokens, of which 1920 were cached
 * usageFromOpenAI({
 *   prompt_tokens: 2006,
 *   completion_tokens: 300,
 *   total_tokens: 2306,
 *   prompt_tokens_details: { cached_tokens: 1920, audio_tokens: 0 },
 *   completion_tokens_details: { reasoning_tokens: 0 },
 * }); // { inputTokens: 2006, outputTokens: 300, cachedInputTokens: 1920 } (not 3926 input tokens)
 *
 * // Responses API: a whole response with `usage`
 * usageFromOpenAI({ usage: { input_tokens: 5000, output_tokens: 1200, input_tokens_details: { cached_tokens: 4096 }, output_tokens_details: { reasoning_tokens: 1000 } } }); // { inputTokens: 5000, outputTokens: 1200, cachedInputTokens: 4096, reasoningTokens: 1000 }
 * ```
 */
export function usageFromOpenAI<T>(response: UsagePayload<T>): Usage;
export function usageFromOpenAI(response: unknown): Usage {
  const r = new Reader(OPENAI);
  refuseAwaitable(r, response);
  if (isRecord(response)) {
    if (response['type'] === 'message') throw r.fail('got an Anthropic Message (type: "message"); use usageFromAnthropic, which adds the cache reads and writes that Anthropic leaves out of input_tokens.', {});
    if (present(response, 'usage_metadata')) throw r.fail('got a LangChain message (usage_metadata); use usageFromLangChain.', {});
    if (present(response, 'usageMetadata')) throw r.fail('got a Gemini response (usageMetadata); use usageFromGemini.', {});
  }
  const usage = unwrap(
    r,
    response,
    'usage',
    'an OpenAI usage object or a response with a `usage` property',
    'For a streamed Chat Completion, request stream_options: { include_usage: true } and pass the usage of the last chunk.',
  );
  const langchain = anyPresent(usage, LANGCHAIN_USAGE_KEYS);
  if (langchain !== undefined) {
    throw r.fail(`the usage has ${langchain}, a LangChain usage_metadata field (OpenAI's are input_tokens_details / prompt_tokens_details); use usageFromLangChain, which reads its cache details.`, { field: langchain });
  }
  const chat = 'prompt_tokens' in usage || 'completion_tokens' in usage;
  const responses = 'input_tokens' in usage || 'output_tokens' in usage;
  if (chat && responses) {
    throw r.fail('the usage has both Chat Completions fields (prompt_tokens, completion_tokens) and Responses API fields (input_tokens, output_tokens); pass one or the other.', {});
  }
  if (!chat && !responses) {
    throw r.fail(
      'prompt_tokens (Chat Completions) or input_tokens (Responses API) is required and missing; a missing count is never read as 0. ' +
        `Got an object with keys: ${Object.keys(usage).slice(0, 10).join(', ') || '(none)'}.`,
      { keys: Object.keys(usage) },
    );
  }
  const [input, output, inDetails, outDetails] = chat
    ? (['prompt_tokens', 'completion_tokens', 'prompt_tokens_details', 'completion_tokens_details'] as const)
    : (['input_tokens', 'output_tokens', 'input_tokens_details', 'output_tokens_details'] as const);
  if (!chat) {
    // A Responses API usage and an Anthropic usage share input_tokens / output_tokens; Anthropic's
    // excludes the cache, so reading one as the other under-counts. Refuse what is Anthropic's.
    const anthropic = anyPresent(usage, [...ANTHROPIC_USAGE_KEYS, 'service_tier']);
    const outputDetails = isRecord(usage['output_tokens_details']) ? usage['output_tokens_details'] : undefined;
    if (anthropic !== undefined || detailKind(outputDetails) === 'anthropic') {
      throw r.fail(
        `the usage has ${anthropic ?? 'output_tokens_details.thinking_tokens'}, which only Anthropic sends; use usageFromAnthropic (Anthropic's input_tokens excludes cache reads and writes).`,
        { field: anthropic ?? 'output_tokens_details.thinking_tokens' },
      );
    }
  }

  const inputTokens = r.count(usage, input, input, true);
  const outputTokens = r.count(usage, output, output, true);
  const inputDetails = r.object(usage, inDetails, inDetails);
  const outputDetails = r.object(usage, outDetails, outDetails);
  let cached = inputDetails === undefined ? 0 : (r.count(inputDetails, 'cached_tokens', `${inDetails}.cached_tokens`) ?? 0);
  const reasoning = outputDetails === undefined ? 0 : (r.count(outputDetails, 'reasoning_tokens', `${outDetails}.reasoning_tokens`) ?? 0);
  let writes5m = 0;
  let writes1h = 0;
  let searches = 0;

  if (chat) {
    // LiteLLM's proxy answers in the Chat Completions shape for every provider and adds the
    // provider's cache fields. Its current convention (prompt_tokens includes cache reads and
    // writes) is marked by prompt_tokens_details.cache_creation_tokens; the older shape with only
    // a top-level cache_creation_input_tokens was read both ways across versions, so it is refused.
    const liteReads = r.count(usage, 'cache_read_input_tokens', 'cache_read_input_tokens');
    if (liteReads !== undefined) {
      if (inputDetails !== undefined && present(inputDetails, 'cached_tokens') && liteReads !== cached) {
        throw r.fail(`cache_read_input_tokens (${liteReads}) and prompt_tokens_details.cached_tokens (${cached}) report the same count but differ.`, { liteReads, cached });
      }
      cached = liteReads;
    }
    const creation = inputDetails === undefined ? undefined : r.count(inputDetails, 'cache_creation_tokens', `${inDetails}.cache_creation_tokens`);
    const liteWrites = r.count(usage, 'cache_creation_input_tokens', 'cache_creation_input_tokens');
    if (creation !== undefined) {
      if (liteWrites !== undefined && liteWrites !== creation) {
        throw r.fail(`cache_creation_input_tokens (${liteWrites}) and prompt_tokens_details.cache_creation_tokens (${creation}) report the same count but differ.`, { liteWrites, creation });
      }
      const split = inputDetails === undefined ? undefined : r.object(inputDetails, 'cache_creation_token_details', `${inDetails}.cache_creation_token_details`);
      if (split === undefined) {
        writes5m = creation;
      } else {
        writes5m = r.count(split, 'ephemeral_5m_input_tokens', `${inDetails}.cache_creation_token_details.ephemeral_5m_input_tokens`) ?? 0;
        writes1h = r.count(split, 'ephemeral_1h_input_tokens', `${inDetails}.cache_creation_token_details.ephemeral_1h_input_tokens`) ?? 0;
        if (r.sum('ephemeral_5m_input_tokens + ephemeral_1h_input_tokens', writes5m, writes1h) !== creation) {
          throw r.fail(`the 5-minute (${writes5m}) and 1-hour (${writes1h}) cache writes do not add up to prompt_tokens_details.cache_creation_tokens (${creation}).`, { writes5m, writes1h, creation });
        }
      }
    } else if (liteWrites !== undefined && liteWrites > 0) {
      throw r.fail(
        `cache_creation_input_tokens (${liteWrites}) without prompt_tokens_details.cache_creation_tokens: an older LiteLLM proxy shape whose prompt_tokens did not always include the cache writes, ` +
          'so the input cannot be counted exactly. Read the provider usage instead (usageFromAnthropic on the raw response) or upgrade the proxy.',
        { cache_creation_input_tokens: liteWrites },
      );
    }
    const tools = r.object(usage, 'server_tool_use', 'server_tool_use');
    searches = tools === undefined ? 0 : (r.count(tools, 'web_search_requests', 'server_tool_use.web_search_requests') ?? 0);
  } else if (isRecord(response) && response['object'] === 'response' && Array.isArray(response['output'])) {
    // Built-in web search in the Responses API is billed per call: one web_search_call output item each.
    searches = (response['output'] as readonly unknown[]).filter((item) => isRecord(item) && item['type'] === 'web_search_call').length;
  }

  r.partOf(`${inDetails}.cached_tokens`, cached, input, inputTokens, `OpenAI's ${input} already includes the cached tokens, so the cached part cannot be larger.`);
  r.partOf('cache reads + cache writes', r.sum('cache reads + cache writes', cached, writes5m, writes1h), input, inputTokens, `${input} includes the cache reads and writes.`);
  r.partOf(`${outDetails}.reasoning_tokens`, reasoning, output, outputTokens, `OpenAI's ${output} already includes the reasoning tokens, so the reasoning part cannot be larger.`);
  return build({ inputTokens, outputTokens, cachedInputTokens: cached, cacheWriteTokens: writes5m, cacheWrite1hTokens: writes1h, reasoningTokens: reasoning, webSearchCalls: searches });
}

// ------------------------------------------------------------------------- Anthropic

const ANTHROPIC = 'usageFromAnthropic';

/**
 * Converts an Anthropic Messages API usage to the canonical {@link Usage}.
 *
 * Anthropic's `input_tokens` EXCLUDES cache reads and cache writes, so they are added:
 * `inputTokens` = `input_tokens` + `cache_creation_input_tokens` + `cache_read_input_tokens`.
 * Cache reads become `cachedInputTokens`. Cache writes are split by TTL when the usage carries
 * `cache_creation: { ephemeral_5m_input_tokens, ephemeral_1h_input_tokens }` (5-minute writes to
 * `cacheWriteTokens`, 1-hour writes to `cacheWrite1hTokens`); without the split every write is a
 * 5-minute write. `outputTokens` = `output_tokens`, which already includes extended thinking;
 * `output_tokens_details.thinking_tokens`, where reported, becomes `reasoningTokens` (of which).
 * `server_tool_use.web_search_requests` becomes `webSearchCalls`. With `usage.iterations`
 * (server-side loops, compaction) the bill is the sum of the iterations; iterations served by
 * another model are refused here (use {@link readUsage}, which lists them). OpenAI and LangChain
 * payloads are refused with the adapter to use.
 *
 * @param message - a usage object (`message.usage`) or a whole Message that has a `usage` property
 * @returns the canonical usage (optional parts appear only when non-zero)
 * @throws LlmSpendError `INVALID_USAGE` when the input is not an object, `input_tokens` or
 *   `output_tokens` is missing, a count is negative, fractional, NaN, infinite or not a number,
 *   the 5m/1h split does not add up to `cache_creation_input_tokens`, thinking exceeds output,
 *   iterations name another model, the payload is another provider's, or a sum passes 2^53 - 1
 * @example
 * ```ts
 * import { usageFromAnthropic } from 'llm-spend';
 * usageFromAnthropic({
 *   id: 'msg_01',
 *   type: 'message',
 *   usage: {
 *     input_tokens: 50,
 *     cache_read_input_tokens: 10_000,
 *     cache_creation_input_tokens: 3000,
 *     cache_creation: { ephemeral_5m_input_tokens: 2000, ephemeral_1h_input_tokens: 1000 },
 *     output_tokens: 400,
 *     server_tool_use: { web_search_requests: 2 },
 *   },
 * }); // { inputTokens: 13050, outputTokens: 400, cachedInputTokens: 10000, cacheWriteTokens: 2000, cacheWrite1hTokens: 1000, webSearchCalls: 2 }
 * ```
 */
export function usageFromAnthropic<T>(message: UsagePayload<T>): Usage;
export function usageFromAnthropic(message: unknown): Usage {
  const read = readAnthropic(message);
  if (read.otherModels.length > 0) {
    const models = read.otherModels.map((part) => part.model).join(', ');
    throw new Reader(ANTHROPIC).fail(
      `usage.iterations includes iterations served by another model (${models}: an advisor or a fallback), each billed at its own model's price, so one usage cannot price it. ` +
        'Use readUsage(message), whose otherModels lists them, or guard.run, which prices each at its own model.',
      { models: read.otherModels.map((part) => part.model) },
    );
  }
  return read.usage;
}

/** @internal One Anthropic iteration's (or the top level's) counts. */
interface AnthropicCounts {
  uncached: number;
  output: number;
  reads: number;
  writes5m: number;
  writes1h: number;
}

function anthropicCacheWrites(r: Reader, usage: Fields, path: string): { writes5m: number; writes1h: number; declared: number | undefined } {
  const declared = r.count(usage, 'cache_creation_input_tokens', `${path}cache_creation_input_tokens`);
  const split = r.object(usage, 'cache_creation', `${path}cache_creation`);
  if (split === undefined) return { writes5m: declared ?? 0, writes1h: 0, declared };
  const writes5m = r.count(split, 'ephemeral_5m_input_tokens', `${path}cache_creation.ephemeral_5m_input_tokens`) ?? 0;
  const writes1h = r.count(split, 'ephemeral_1h_input_tokens', `${path}cache_creation.ephemeral_1h_input_tokens`) ?? 0;
  const splitTotal = r.sum(`${path}cache_creation.ephemeral_5m_input_tokens + ephemeral_1h_input_tokens`, writes5m, writes1h);
  if (declared !== undefined && splitTotal !== declared) {
    throw r.fail(
      `${path}cache_creation.ephemeral_5m_input_tokens (${writes5m}) + ${path}cache_creation.ephemeral_1h_input_tokens (${writes1h}) = ${splitTotal}, ` +
        `but ${path}cache_creation_input_tokens is ${declared}. The TTL split must add up to the cache writes; the usage is inconsistent.`,
      { cache_creation_input_tokens: declared, ephemeral_5m_input_tokens: writes5m, ephemeral_1h_input_tokens: writes1h },
    );
  }
  return { writes5m, writes1h, declared };
}

function anthropicCounts(r: Reader, usage: Fields, path: string): AnthropicCounts {
  const uncached = r.count(usage, 'input_tokens', `${path}input_tokens`, true);
  const output = r.count(usage, 'output_tokens', `${path}output_tokens`, true);
  const reads = r.count(usage, 'cache_read_input_tokens', `${path}cache_read_input_tokens`) ?? 0;
  const { writes5m, writes1h } = anthropicCacheWrites(r, usage, path);
  return { uncached, output, reads, writes5m, writes1h };
}

/** @internal What an Anthropic Message (or usage) bills: the call's model and any other model's iterations. */
export interface AnthropicReading {
  /** The sum of the requests served by the call's model. */
  readonly usage: Usage;
  readonly otherModels: ReadonlyArray<{ readonly model: string; readonly usage: Usage }>;
  /**
   * Each billed request: one, or one per iteration (a server-side loop or a compaction is a
   * request of its own, priced on its own size: long-context tiers apply per request).
   * `model` is `null` for the call's model.
   */
  readonly requests: ReadonlyArray<{ readonly model: string | null; readonly usage: Usage }>;
  /** `usage.service_tier`, when reported. */
  readonly serviceTier: string | null;
  /** `usage.speed`, when reported ("fast" is Anthropic's fast mode, priced apart). */
  readonly speed: string | null;
  /** The Message's `model`, when the whole Message was given. */
  readonly model: string | null;
}

/** @internal Reads an Anthropic Message or usage, iterations included. */
export function readAnthropic(message: unknown): AnthropicReading {
  const r = new Reader(ANTHROPIC);
  refuseAwaitable(r, message);
  if (isRecord(message)) {
    const object = message['object'];
    if (object === 'response' || object === 'chat.completion' || object === 'chat.completion.chunk') {
      throw r.fail(`got an OpenAI response (object: "${String(object)}"); use usageFromOpenAI, whose input counts already include the cache.`, {});
    }
    if (present(message, 'usage_metadata')) throw r.fail('got a LangChain message (usage_metadata); use usageFromLangChain.', {});
  }
  const usage = unwrap(
    r,
    message,
    'usage',
    'an Anthropic usage object or a Message with a `usage` property',
    'When streaming, pass the final message (for example stream.finalMessage()).',
  );
  const foreign = anyPresent(usage, [...OPENAI_USAGE_KEYS, ...LANGCHAIN_USAGE_KEYS]);
  const outputDetails = r.object(usage, 'output_tokens_details', 'output_tokens_details');
  if (foreign !== undefined || detailKind(outputDetails) === 'openai') {
    const field = foreign ?? 'output_tokens_details.reasoning_tokens';
    throw r.fail(
      `the usage has ${field}, which Anthropic never sends (${LANGCHAIN_USAGE_KEYS.some((key) => key === field) ? 'a LangChain usage_metadata: use usageFromLangChain' : 'an OpenAI usage: use usageFromOpenAI'}).`,
      { field },
    );
  }
  const model = isRecord(message) && message['type'] === 'message' && typeof message['model'] === 'string' ? message['model'] : null;
  const top = anthropicCounts(r, usage, '');
  const thinking = outputDetails === undefined ? 0 : (r.count(outputDetails, 'thinking_tokens', 'output_tokens_details.thinking_tokens') ?? 0);

  // Server-side loops and compaction report each sampling in usage.iterations; the bill is
  // their sum (a compaction entry is not in the top-level counts at all).
  let billed = top;
  const others = new Map<string, AnthropicCounts>();
  const perRequest: Array<{ model: string | null; counts: AnthropicCounts }> = [];
  const list = usage['iterations'];
  if (list !== undefined && list !== null) {
    if (!Array.isArray(list)) throw r.fail(`iterations must be a list; got ${shown(list)}.`, { field: 'iterations', value: list });
    if (list.length > 0) {
      const sum: AnthropicCounts = { uncached: 0, output: 0, reads: 0, writes5m: 0, writes1h: 0 };
      let cacheReported = false;
      list.forEach((entry: unknown, index) => {
        const path = `iterations[${index}].`;
        if (!isRecord(entry)) throw r.fail(`${path.slice(0, -1)} must be an object; got ${shown(entry)}.`, { field: path.slice(0, -1), value: entry });
        const counts = anthropicCounts(r, entry, path);
        if (present(entry, 'cache_read_input_tokens') || present(entry, 'cache_creation_input_tokens') || present(entry, 'cache_creation')) cacheReported = true;
        const iterationModel = entry['model'];
        const target = typeof iterationModel === 'string' && iterationModel !== '' && iterationModel !== model ? iterationModel : null;
        const into = target === null ? sum : (others.get(target) ?? { uncached: 0, output: 0, reads: 0, writes5m: 0, writes1h: 0 });
        into.uncached = r.sum('iterations input_tokens', into.uncached, counts.uncached);
        into.output = r.sum('iterations output_tokens', into.output, counts.output);
        into.reads = r.sum('iterations cache_read_input_tokens', into.reads, counts.reads);
        into.writes5m = r.sum('iterations 5-minute cache writes', into.writes5m, counts.writes5m);
        into.writes1h = r.sum('iterations 1-hour cache writes', into.writes1h, counts.writes1h);
        if (target !== null) others.set(target, into);
        perRequest.push({ model: target, counts });
      });
      // Iterations that carry no cache fields leave the cache counts to the top level.
      billed = cacheReported ? sum : { ...sum, reads: top.reads, writes5m: top.writes5m, writes1h: top.writes1h };
      if (!cacheReported) {
        // The top level's cache counts belong to the last request of the call's model.
        const last = perRequest.map((request) => request.model).lastIndexOf(null);
        const request = perRequest[last];
        if (request !== undefined) request.counts = { ...request.counts, reads: top.reads, writes5m: top.writes5m, writes1h: top.writes1h };
      }
    }
  }

  const tools = r.object(usage, 'server_tool_use', 'server_tool_use');
  const searches = tools === undefined ? 0 : (r.count(tools, 'web_search_requests', 'server_tool_use.web_search_requests') ?? 0);
  r.partOf('output_tokens_details.thinking_tokens', thinking, 'output_tokens', billed.output, "Anthropic's output_tokens already includes the thinking tokens.");
  const toUsage = (counts: AnthropicCounts, extra: { reasoningTokens?: number; webSearchCalls?: number }): Usage =>
    build({
      inputTokens: r.sum('input_tokens + cache_creation_input_tokens + cache_read_input_tokens', counts.uncached, counts.writes5m, counts.writes1h, counts.reads),
      outputTokens: counts.output,
      cachedInputTokens: counts.reads,
      cacheWriteTokens: counts.writes5m,
      cacheWrite1hTokens: counts.writes1h,
      ...extra,
    });
  const serviceTier = typeof usage['service_tier'] === 'string' ? usage['service_tier'] : null;
  const speed = typeof usage['speed'] === 'string' ? usage['speed'] : null;
  // Thinking (an of-which part, price-neutral) and the searches (a per-call fee) go to the last request of the call's model.
  const lastOwn = perRequest.map((request) => request.model).lastIndexOf(null);
  const requests =
    perRequest.length === 0
      ? [{ model: null, usage: toUsage(billed, { reasoningTokens: thinking, webSearchCalls: searches }) }]
      : perRequest.map((request, index) => {
          const own = index === lastOwn;
          return { model: request.model, usage: toUsage(request.counts, own ? { reasoningTokens: thinking <= request.counts.output ? thinking : 0, webSearchCalls: searches } : {}) };
        });
  if (perRequest.length > 0 && lastOwn < 0 && searches > 0) requests.push({ model: null, usage: toUsage({ uncached: 0, output: 0, reads: 0, writes5m: 0, writes1h: 0 }, { webSearchCalls: searches }) });
  return {
    usage: toUsage(billed, { reasoningTokens: thinking, webSearchCalls: searches }),
    otherModels: [...others].map(([other, counts]) => ({ model: other, usage: toUsage(counts, {}) })),
    requests,
    serviceTier,
    speed,
    model,
  };
}

// ------------------------------------------------------------------------- Gemini

const GEMINI = 'usageFromGemini';

/** The sum of `tokenCount` over the entries of a modality list whose `modality` is `AUDIO`. */
function audioCount(r: Reader, fields: Fields, key: string): number {
  const list = fields[key];
  if (list === undefined || list === null) return 0;
  if (!Array.isArray(list)) throw r.fail(`${key} must be a list of { modality, tokenCount }; got ${shown(list)}.`, { field: key, value: list });
  let audio = 0;
  list.forEach((entry: unknown, index) => {
    const path = `${key}[${index}]`;
    if (!isRecord(entry)) throw r.fail(`${path} must be an object { modality, tokenCount }; got ${shown(entry)}.`, { field: path, value: entry });
    const modality = entry['modality'];
    if (modality !== undefined && modality !== null && typeof modality !== 'string') {
      throw r.fail(`${path}.modality must be a string such as "AUDIO" or "TEXT"; got ${shown(modality)}.`, { field: `${path}.modality`, value: modality });
    }
    // Gemini's JSON leaves out zero counts, so an entry without tokenCount counts 0 tokens.
    const tokens = r.count(entry, 'tokenCount', `${path}.tokenCount`) ?? 0;
    if (modality === 'AUDIO') audio = r.sum(`${key} AUDIO tokens`, audio, tokens);
  });
  return audio;
}

/**
 * Converts a Gemini `usageMetadata` (Gemini API or Vertex AI) to the canonical {@link Usage}.
 *
 * `promptTokenCount` already INCLUDES `cachedContentTokenCount`, so `inputTokens` starts from it,
 * and `toolUsePromptTokenCount` (reported apart from the prompt, billed as input) is added to it as
 * uncached input. `candidatesTokenCount` EXCLUDES `thoughtsTokenCount` (documented), so
 * `outputTokens` = candidates + thoughts, with `reasoningTokens` = thoughts; when
 * `totalTokenCount` shows that the candidates already include the thoughts, they are not added
 * again. `AUDIO` entries of `toolUsePromptTokensDetails` are audio input too. `audioInputTokens` is the uncached
 * audio: the `AUDIO` entries of `promptTokensDetails` minus the `AUDIO` entries of
 * `cacheTokensDetails`; `cachedAudioInputTokens` is the `AUDIO` entries of `cacheTokensDetails`
 * (cached audio has its own cached price). Gemini's JSON omits zero counts, so only
 * `promptTokenCount` is required.
 *
 * @param response - a `usageMetadata` object, or a whole `GenerateContentResponse` that has a
 *   `usageMetadata` property (camelCase field names, as in the REST API and the JS SDKs)
 * @returns the canonical usage (optional parts appear only when non-zero)
 * @throws LlmSpendError `INVALID_USAGE` when the input is not an object, `promptTokenCount` is
 *   missing, a count is negative, fractional, NaN, infinite or not a number, a part exceeds its
 *   whole (cached > prompt, AUDIO tokens > their total), the cached AUDIO count exceeds the prompt's
 *   AUDIO count (uncached audio would be negative), `totalTokenCount` matches neither reading of
 *   the thoughts, or a sum passes 2^53 - 1
 * @example
 * ```ts
 * import { usageFromGemini } from 'llm-spend';
 * usageFromGemini({
 *   usageMetadata: {
 *     promptTokenCount: 12_000,
 *     cachedContentTokenCount: 8000,
 *     candidatesTokenCount: 500,
 *     thoughtsTokenCount: 1500,
 *     totalTokenCount: 14_000,
 *     promptTokensDetails: [{ modality: 'TEXT', tokenCount: 10_000 }, { modality: 'AUDIO', tokenCount: 2000 }],
 *     cacheTokensDetails: [{ modality: 'TEXT', tokenCount: 7500 }, { modality: 'AUDIO', tokenCount: 500 }],
 *   },
 * }); // { inputTokens: 12000, outputTokens: 2000, cachedInputTokens: 8000, reasoningTokens: 1500, audioInputTokens: 1500, cachedAudioInputTokens: 500 }
 * ```
 */
export function usageFromGemini<T>(response: UsagePayload<T>): Usage;
export function usageFromGemini(response: unknown): Usage {
  const r = new Reader(GEMINI);
  refuseAwaitable(r, response);
  const usage = unwrap(
    r,
    response,
    'usageMetadata',
    'a Gemini usageMetadata object or a response with a `usageMetadata` property',
    'When streaming, pass the usageMetadata of the last chunk.',
  );
  const foreign = anyPresent(usage, [...OPENAI_USAGE_KEYS, ...ANTHROPIC_USAGE_KEYS, ...LANGCHAIN_USAGE_KEYS, 'input_tokens', 'inputTokens']);
  if (foreign !== undefined) throw r.fail(`the usage has ${foreign}, which Gemini's usageMetadata never has; use the adapter of the provider that sent it.`, { field: foreign });
  const prompt = r.count(usage, 'promptTokenCount', 'promptTokenCount', true);
  const cached = r.count(usage, 'cachedContentTokenCount', 'cachedContentTokenCount') ?? 0;
  const candidates = r.count(usage, 'candidatesTokenCount', 'candidatesTokenCount') ?? 0;
  const thoughts = r.count(usage, 'thoughtsTokenCount', 'thoughtsTokenCount') ?? 0;
  const toolUse = r.count(usage, 'toolUsePromptTokenCount', 'toolUsePromptTokenCount') ?? 0;
  const total = r.count(usage, 'totalTokenCount', 'totalTokenCount');
  r.partOf('cachedContentTokenCount', cached, 'promptTokenCount', prompt, "Gemini's promptTokenCount already includes the cached content, so the cached part cannot be larger.");

  // Gemini documents candidatesTokenCount as EXCLUDING the thoughts; some responses (older
  // Vertex models, proxies) report it including them. totalTokenCount tells which one this is.
  let outputTokens: number;
  const exclusive = r.sum('promptTokenCount + toolUsePromptTokenCount + candidatesTokenCount + thoughtsTokenCount', prompt, toolUse, candidates, thoughts);
  const inclusive = r.sum('promptTokenCount + toolUsePromptTokenCount + candidatesTokenCount', prompt, toolUse, candidates);
  if (total === undefined || thoughts === 0 || total === exclusive || total === exclusive - toolUse) {
    outputTokens = r.sum('candidatesTokenCount + thoughtsTokenCount', candidates, thoughts);
  } else if (total === inclusive || total === inclusive - toolUse) {
    r.partOf('thoughtsTokenCount', thoughts, 'candidatesTokenCount', candidates, 'totalTokenCount shows that candidatesTokenCount already includes the thoughts.');
    outputTokens = candidates;
  } else {
    throw r.fail(
      `totalTokenCount (${total}) is neither promptTokenCount + toolUsePromptTokenCount + candidatesTokenCount + thoughtsTokenCount (${exclusive}) nor the same without the thoughts (${inclusive}), ` +
        'so it cannot be told whether candidatesTokenCount includes the thoughts; the usage is inconsistent.',
      { totalTokenCount: total, promptTokenCount: prompt, candidatesTokenCount: candidates, thoughtsTokenCount: thoughts, toolUsePromptTokenCount: toolUse },
    );
  }

  const promptAudio = audioCount(r, usage, 'promptTokensDetails');
  const cachedAudio = audioCount(r, usage, 'cacheTokensDetails');
  const toolAudio = audioCount(r, usage, 'toolUsePromptTokensDetails');
  r.partOf('promptTokensDetails AUDIO tokens', promptAudio, 'promptTokenCount', prompt, 'The modality breakdown cannot exceed the prompt it breaks down.');
  r.partOf('cacheTokensDetails AUDIO tokens', cachedAudio, 'cachedContentTokenCount', cached, 'The modality breakdown cannot exceed the cached content it breaks down.');
  r.partOf('toolUsePromptTokensDetails AUDIO tokens', toolAudio, 'toolUsePromptTokenCount', toolUse, 'The modality breakdown cannot exceed the tool-use prompt it breaks down.');
  if (cachedAudio > promptAudio) {
    throw r.fail(
      `cacheTokensDetails AUDIO tokens (${cachedAudio}) exceed promptTokensDetails AUDIO tokens (${promptAudio}): the uncached audio would be ${promptAudio - cachedAudio}. ` +
        'The prompt breakdown includes the cached content, so its AUDIO count cannot be smaller than the cached AUDIO count.',
      { promptAudioTokens: promptAudio, cachedAudioTokens: cachedAudio },
    );
  }
  const audio = promptAudio - cachedAudio;
  r.partOf('uncached AUDIO tokens (promptTokensDetails − cacheTokensDetails)', audio, 'uncached prompt tokens (promptTokenCount − cachedContentTokenCount)', prompt - cached, 'The uncached audio is part of the uncached prompt.');

  return build({
    inputTokens: r.sum('promptTokenCount + toolUsePromptTokenCount', prompt, toolUse),
    outputTokens,
    cachedInputTokens: cached,
    reasoningTokens: thoughts,
    audioInputTokens: r.sum('uncached prompt AUDIO + tool-use AUDIO tokens', audio, toolAudio),
    cachedAudioInputTokens: cachedAudio,
  });
}

// ------------------------------------------------------------------------- Vercel AI SDK

const AI_SDK = 'usageFromAiSdk';

/** Two reports of the same count (a v6 detail and its deprecated v5 alias) must agree. */
function agreed(r: Reader, detail: number | undefined, detailName: string, legacy: number | undefined, legacyName: string): number | undefined {
  if (detail !== undefined && legacy !== undefined && detail !== legacy) {
    throw r.fail(`${detailName} (${detail}) and ${legacyName} (${legacy}) report the same count but differ.`, { [detailName]: detail, [legacyName]: legacy });
  }
  return detail ?? legacy;
}

/**
 * Converts a Vercel AI SDK `LanguageModelUsage` (AI SDK 5 or 6) to the canonical {@link Usage}.
 *
 * AI SDK 5: `{ inputTokens, outputTokens, totalTokens, reasoningTokens?, cachedInputTokens? }`,
 * where `inputTokens` includes `cachedInputTokens` and `outputTokens` includes `reasoningTokens`.
 * AI SDK 6 adds `inputTokenDetails: { noCacheTokens, cacheReadTokens, cacheWriteTokens }` and
 * `outputTokenDetails: { textTokens, reasoningTokens }`; `inputTokens` is their total
 * (no-cache + cache reads + cache writes) and `outputTokens` is text + reasoning. Cache reads
 * become `cachedInputTokens`; cache writes become `cacheWriteTokens` (the AI SDK does not say the
 * TTL). When the usage carries the provider's own usage (`raw`, AI SDK 6) recognizably, that is
 * read instead, with the provider's adapter: Anthropic's 1-hour writes and web searches, Gemini's
 * thoughts. A whole `generateText` result goes to {@link readUsage}.
 *
 * @param usage - `result.usage` (one step) or `result.totalUsage` (all steps) of generateText,
 *   streamText and friends, not the result itself
 * @returns the canonical usage (optional parts appear only when non-zero)
 * @throws LlmSpendError `INVALID_USAGE` when the input is not an object (or is a whole result),
 *   `inputTokens` or `outputTokens` is missing (the provider reported no usage), a count is
 *   negative, fractional, NaN, infinite or not a number, a part exceeds its whole, the v6 details
 *   do not add up to their totals, or the counts show the AI SDK 5 provider quirks: cached > input
 *   (a provider, such as Anthropic, that reports `inputTokens` without the cache) and
 *   `totalTokens` = input + output + reasoning (Google, whose `outputTokens` excludes thinking)
 * @example
 * ```ts
 * import { usageFromAiSdk } from 'llm-spend';
 * // AI SDK 5, OpenAI provider
 * usageFromAiSdk({ inputTokens: 2006, outputTokens: 300, totalTokens: 2306, cachedInputTokens: 1920 }); // { inputTokens: 2006, outputTokens: 300, cachedInputTokens: 1920 }
 *
 * // AI SDK 6, Anthropic provider
 * usageFromAiSdk({
 *   inputTokens: 13_050,
 *   inputTokenDetails: { noCacheTokens: 50, cacheReadTokens: 10_000, cacheWriteTokens: 3000 },
 *   outputTokens: 400,
 *   outputTokenDetails: { textTokens: undefined, reasoningTokens: undefined },
 *   totalTokens: 13_450,
 * }); // { inputTokens: 13050, outputTokens: 400, cachedInputTokens: 10000, cacheWriteTokens: 3000 }
 * ```
 */
export function usageFromAiSdk<T>(usage: UsagePayload<T>): Usage;
export function usageFromAiSdk(usage: unknown): Usage {
  const r = new Reader(AI_SDK);
  refuseAwaitable(r, usage);
  if (!isRecord(usage)) throw r.fail(`takes an AI SDK LanguageModelUsage object; got ${shown(usage)}.`, { value: usage });
  if (!('inputTokens' in usage) && ('usage' in usage || 'totalUsage' in usage)) {
    throw r.fail('takes a LanguageModelUsage, not a whole result: pass result.totalUsage (all steps) or result.usage (the last step); guard.run reads a whole result step by step.', {});
  }
  // AI SDK 6 keeps the provider's own usage in `raw`: it carries what the normalized counts
  // drop (Anthropic's 1-hour cache writes and web searches, Gemini's thoughts convention).
  const raw = usage['raw'];
  if (isRecord(raw)) {
    const fromRaw = rawProviderUsage(raw);
    if (fromRaw !== undefined) return fromRaw;
  }
  const inputTokens = r.count(usage, 'inputTokens', 'inputTokens', true);
  const outputTokens = r.count(usage, 'outputTokens', 'outputTokens', true);
  const legacyCached = r.count(usage, 'cachedInputTokens', 'cachedInputTokens');
  const legacyReasoning = r.count(usage, 'reasoningTokens', 'reasoningTokens');
  const inDetails = r.object(usage, 'inputTokenDetails', 'inputTokenDetails');
  const outDetails = r.object(usage, 'outputTokenDetails', 'outputTokenDetails');

  if (inDetails === undefined && outDetails === undefined) {
    // AI SDK 5.
    const cached = legacyCached ?? 0;
    const reasoning = legacyReasoning ?? 0;
    r.partOf(
      'cachedInputTokens',
      cached,
      'inputTokens',
      inputTokens,
      'The AI SDK convention is that inputTokens includes the cached tokens; in AI SDK 5 some providers (Anthropic among them) report inputTokens ' +
        'WITHOUT cache reads and writes. Pass the provider usage instead: usageFromAnthropic(result.providerMetadata.anthropic.usage).',
    );
    r.partOf(
      'reasoningTokens',
      reasoning,
      'outputTokens',
      outputTokens,
      'The AI SDK convention is that outputTokens includes reasoning; the AI SDK 5 Google provider reports outputTokens WITHOUT thinking tokens. ' +
        'Pass the provider usage instead: usageFromGemini(result.providerMetadata.google.usageMetadata).',
    );
    const total = r.count(usage, 'totalTokens', 'totalTokens');
    if (total !== undefined && reasoning > 0 && total !== inputTokens + outputTokens && total === inputTokens + outputTokens + reasoning) {
      throw r.fail(
        `totalTokens (${total}) = inputTokens (${inputTokens}) + outputTokens (${outputTokens}) + reasoningTokens (${reasoning}): this provider reports outputTokens ` +
          'WITHOUT the reasoning tokens (the AI SDK 5 Google provider does), so the reasoning would be dropped from the cost. ' +
          'Pass the provider usage instead: usageFromGemini(result.providerMetadata.google.usageMetadata).',
        { inputTokens, outputTokens, reasoningTokens: reasoning, totalTokens: total },
      );
    }
    return build({ inputTokens, outputTokens, cachedInputTokens: cached, reasoningTokens: reasoning });
  }

  // AI SDK 6.
  const noCache = inDetails === undefined ? undefined : r.count(inDetails, 'noCacheTokens', 'inputTokenDetails.noCacheTokens');
  const readDetail = inDetails === undefined ? undefined : r.count(inDetails, 'cacheReadTokens', 'inputTokenDetails.cacheReadTokens');
  const writes = (inDetails === undefined ? undefined : r.count(inDetails, 'cacheWriteTokens', 'inputTokenDetails.cacheWriteTokens')) ?? 0;
  const text = outDetails === undefined ? undefined : r.count(outDetails, 'textTokens', 'outputTokenDetails.textTokens');
  const reasoningDetail = outDetails === undefined ? undefined : r.count(outDetails, 'reasoningTokens', 'outputTokenDetails.reasoningTokens');
  const reads = agreed(r, readDetail, 'inputTokenDetails.cacheReadTokens', legacyCached, 'cachedInputTokens') ?? 0;
  const reasoning = agreed(r, reasoningDetail, 'outputTokenDetails.reasoningTokens', legacyReasoning, 'reasoningTokens') ?? 0;

  const cachedParts = r.sum('cacheReadTokens + cacheWriteTokens', reads, writes);
  r.partOf(
    'inputTokenDetails.cacheReadTokens + cacheWriteTokens',
    cachedParts,
    'inputTokens',
    inputTokens,
    'In AI SDK 6 inputTokens is the total of no-cache tokens, cache reads and cache writes.',
  );
  if (noCache !== undefined && noCache + cachedParts !== inputTokens) {
    throw r.fail(
      `inputTokenDetails.noCacheTokens (${noCache}) + cacheReadTokens (${reads}) + cacheWriteTokens (${writes}) = ${noCache + cachedParts}, but inputTokens is ${inputTokens}. ` +
        'In AI SDK 6 inputTokens is the total of the three; the usage is inconsistent.',
      { inputTokens, noCacheTokens: noCache, cacheReadTokens: reads, cacheWriteTokens: writes },
    );
  }
  r.partOf('outputTokenDetails.reasoningTokens', reasoning, 'outputTokens', outputTokens, 'In AI SDK 6 outputTokens is the total of text and reasoning tokens.');
  if (text !== undefined && text + reasoning !== outputTokens) {
    throw r.fail(
      `outputTokenDetails.textTokens (${text}) + reasoningTokens (${reasoning}) = ${text + reasoning}, but outputTokens is ${outputTokens}. ` +
        'In AI SDK 6 outputTokens is the total of text and reasoning tokens; the usage is inconsistent.',
      { outputTokens, textTokens: text, reasoningTokens: reasoning },
    );
  }
  return build({ inputTokens, outputTokens, cachedInputTokens: reads, cacheWriteTokens: writes, reasoningTokens: reasoning });
}

/** @internal A provider's own usage object (AI SDK `raw`), read by the adapter its fields point to; undefined when nothing marks it. */
export function rawProviderUsage(raw: Fields): Usage | undefined {
  const outputDetails = isRecord(raw['output_tokens_details']) ? raw['output_tokens_details'] : undefined;
  if (anyPresent(raw, [...ANTHROPIC_USAGE_KEYS, 'service_tier']) !== undefined || detailKind(outputDetails) === 'anthropic') return usageFromAnthropic(raw);
  if (anyPresent(raw, OPENAI_USAGE_KEYS) !== undefined || detailKind(outputDetails) === 'openai') return usageFromOpenAI(raw);
  if (present(raw, 'promptTokenCount')) return usageFromGemini(raw);
  return undefined;
}

// ------------------------------------------------------------------------- LangChain

const LANGCHAIN = 'usageFromLangChain';

/**
 * Converts a LangChain `usage_metadata` (LangChain JS or Python, any chat model) to the canonical
 * {@link Usage}.
 *
 * LangChain normalizes every provider to one convention, the same as llm-spend's: `input_tokens`
 * is the sum of all input token types (cache reads and cache writes INCLUDED, also for Anthropic)
 * and `output_tokens` the sum of all output types (reasoning INCLUDED).
 * `input_token_details.cache_read` becomes `cachedInputTokens`; `cache_creation` becomes
 * `cacheWriteTokens`, split by TTL when `ephemeral_5m_input_tokens` / `ephemeral_1h_input_tokens`
 * (or `ephemeral_1hr_input_tokens`) are given; `input_token_details.audio` becomes
 * `audioInputTokens`; `output_token_details.reasoning` becomes `reasoningTokens`.
 *
 * @param message - an `AIMessage` (or chunk) with `usage_metadata`, or the `usage_metadata` itself
 * @returns the canonical usage (optional parts appear only when non-zero)
 * @throws LlmSpendError `INVALID_USAGE` when the input is not an object or has no
 *   `usage_metadata`, `input_tokens` or `output_tokens` is missing, a count is negative,
 *   fractional, NaN, infinite or not a number, a part exceeds its whole, or the TTL split does
 *   not add up to `cache_creation`
 * @example
 * ```ts
 * import { usageFromLangChain } from 'llm-spend';
 * usageFromLangChain({
 *   usage_metadata: {
 *     input_tokens: 1234,
 *     output_tokens: 567,
 *     total_tokens: 1801,
 *     input_token_details: { cache_read: 1000 },
 *     output_token_details: { reasoning: 200 },
 *   },
 * }); // { inputTokens: 1234, outputTokens: 567, cachedInputTokens: 1000, reasoningTokens: 200 }
 * ```
 */
export function usageFromLangChain<T>(message: UsagePayload<T>): Usage;
export function usageFromLangChain(message: unknown): Usage {
  const r = new Reader(LANGCHAIN);
  refuseAwaitable(r, message);
  const usage = unwrap(r, message, 'usage_metadata', 'a LangChain usage_metadata object or a message with a `usage_metadata` property', 'The chat model reported no usage; for streams, set streamUsage: true (JS) or stream_usage=True (Python).');
  const foreign = anyPresent(usage, [...OPENAI_USAGE_KEYS, ...ANTHROPIC_USAGE_KEYS]);
  if (foreign !== undefined) throw r.fail(`the usage has ${foreign}, a provider field that usage_metadata never has; use that provider's adapter.`, { field: foreign });
  const inputTokens = r.count(usage, 'input_tokens', 'input_tokens', true);
  const outputTokens = r.count(usage, 'output_tokens', 'output_tokens', true);
  const inDetails = r.object(usage, 'input_token_details', 'input_token_details');
  const outDetails = r.object(usage, 'output_token_details', 'output_token_details');
  const reads = inDetails === undefined ? 0 : (r.count(inDetails, 'cache_read', 'input_token_details.cache_read') ?? 0);
  const creation = inDetails === undefined ? undefined : r.count(inDetails, 'cache_creation', 'input_token_details.cache_creation');
  const split5m = inDetails === undefined ? undefined : r.count(inDetails, 'ephemeral_5m_input_tokens', 'input_token_details.ephemeral_5m_input_tokens');
  const split1hA = inDetails === undefined ? undefined : r.count(inDetails, 'ephemeral_1h_input_tokens', 'input_token_details.ephemeral_1h_input_tokens');
  const split1hB = inDetails === undefined ? undefined : r.count(inDetails, 'ephemeral_1hr_input_tokens', 'input_token_details.ephemeral_1hr_input_tokens');
  const split1h = agreed(r, split1hA, 'input_token_details.ephemeral_1h_input_tokens', split1hB, 'input_token_details.ephemeral_1hr_input_tokens');
  let writes5m = creation ?? 0;
  let writes1h = 0;
  if (split5m !== undefined || split1h !== undefined) {
    writes5m = split5m ?? 0;
    writes1h = split1h ?? 0;
    const splitTotal = r.sum('ephemeral_5m_input_tokens + ephemeral_1h_input_tokens', writes5m, writes1h);
    if (creation !== undefined && splitTotal !== creation) {
      throw r.fail(`the 5-minute (${writes5m}) and 1-hour (${writes1h}) cache writes do not add up to input_token_details.cache_creation (${creation}).`, { creation, writes5m, writes1h });
    }
  }
  const audio = inDetails === undefined ? 0 : (r.count(inDetails, 'audio', 'input_token_details.audio') ?? 0);
  const reasoning = outDetails === undefined ? 0 : (r.count(outDetails, 'reasoning', 'output_token_details.reasoning') ?? 0);
  const cachedParts = r.sum('cache_read + cache writes', reads, writes5m, writes1h);
  r.partOf('input_token_details.cache_read + cache_creation', cachedParts, 'input_tokens', inputTokens, "LangChain's input_tokens is the sum of all input token types, cache reads and writes included.");
  r.partOf('input_token_details.audio', audio, 'uncached input (input_tokens − cache reads − cache writes)', inputTokens - cachedParts, 'Audio is counted as part of the uncached input.');
  r.partOf('output_token_details.reasoning', reasoning, 'output_tokens', outputTokens, "LangChain's output_tokens is the sum of all output token types, reasoning included.");
  return build({ inputTokens, outputTokens, cachedInputTokens: reads, cacheWriteTokens: writes5m, cacheWrite1hTokens: writes1h, audioInputTokens: audio, reasoningTokens: reasoning });
}

// ------------------------------------------------------------------------- OpenTelemetry GenAI

const OTEL = 'usageFromOtelSpan';

/** The GenAI semantic-convention attributes read, with the older names some instrumentations still send. */
const OTEL_ATTRIBUTES = {
  input: ['gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens'],
  output: ['gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens'],
  cacheRead: ['gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_read_input_tokens'],
  cacheWrite: ['gen_ai.usage.cache_creation.input_tokens', 'gen_ai.usage.cache_creation_input_tokens'],
  reasoning: ['gen_ai.usage.reasoning.output_tokens', 'gen_ai.usage.output_tokens.reasoning'],
} as const;

/** An OTLP JSON attribute value (`{ intValue: "12" }`, `{ stringValue: "12" }`, `{ doubleValue: 12 }`) or a plain value. */
function otelValue(r: Reader, key: string, value: unknown): unknown {
  if (!isRecord(value) || !key.startsWith('gen_ai.usage.')) return value;
  for (const field of ['intValue', 'doubleValue', 'stringValue'] as const) {
    const inner = value[field];
    if (inner === undefined) continue;
    if (typeof inner === 'string') {
      if (!/^\d{1,16}$/.test(inner) || !Number.isSafeInteger(Number(inner))) throw r.fail(`${key} must be a whole, non-negative token count; got ${JSON.stringify(inner.slice(0, 40))}.`, { field: key });
      return Number(inner);
    }
    return inner;
  }
  throw r.fail(`${key} has no intValue; got ${shown(value)}.`, { field: key });
}

/** The span's attributes as a flat record: from `{ attributes: {...} }`, OTLP JSON `attributes: [{ key, value }]`, or a flat record. */
function otelAttributes(r: Reader, span: unknown): Record<string, unknown> {
  if (!isRecord(span)) throw r.fail(`takes a span (with attributes) or its attributes; got ${shown(span)}.`, { value: span });
  const source = 'attributes' in span ? span['attributes'] : span;
  const flat: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  if (Array.isArray(source)) {
    source.forEach((entry: unknown, index) => {
      if (!isRecord(entry) || typeof entry['key'] !== 'string') throw r.fail(`attributes[${index}] must be { key, value }; got ${shown(entry)}.`, { field: `attributes[${index}]` });
      flat[entry['key']] = otelValue(r, entry['key'], entry['value']);
    });
    return flat;
  }
  if (!isRecord(source)) throw r.fail(`the span's attributes must be an object or an OTLP list; got ${shown(source)}.`, {});
  for (const [key, value] of Object.entries(source)) flat[key] = otelValue(r, key, value);
  return flat;
}

function otelCount(r: Reader, attributes: Record<string, unknown>, names: readonly string[], required: boolean): number | undefined {
  let found: number | undefined;
  let foundName = '';
  for (const name of names) {
    const value = r.count(attributes, name, name, false);
    if (value === undefined) continue;
    if (found !== undefined && value !== found) throw r.fail(`${foundName} (${found}) and ${name} (${value}) report the same count but differ.`, { [foundName]: found, [name]: value });
    found = value;
    foundName = name;
  }
  if (found === undefined && required) throw r.fail(`${names[0] ?? ''} is required and missing; a missing count is never read as 0.`, { field: names[0] });
  return found;
}

/**
 * Converts the usage attributes of an OpenTelemetry GenAI span (the semantic conventions'
 * `gen_ai.usage.*`) to the canonical {@link Usage}.
 *
 * The conventions say `gen_ai.usage.input_tokens` SHOULD include the cache reads
 * (`gen_ai.usage.cache_read.input_tokens`) and writes (`gen_ai.usage.cache_creation.input_tokens`),
 * and `gen_ai.usage.output_tokens` includes reasoning (`gen_ai.usage.reasoning.output_tokens`), the
 * same convention as llm-spend's; cache writes are priced at the 5-minute rate (the conventions
 * have no TTL). An instrumentation that reports Anthropic's `input_tokens` without the cache shows
 * up as cache parts larger than the input, which is refused rather than guessed. Older attribute
 * names (`gen_ai.usage.prompt_tokens`, `gen_ai.usage.completion_tokens`,
 * `gen_ai.usage.cache_read_input_tokens`) are read too; two names for one count must agree.
 *
 * @param span - a span with `attributes` (an object, or OTLP JSON's list of `{ key, value: { intValue } }`),
 *   or the attributes object itself
 * @returns the canonical usage (optional parts appear only when non-zero)
 * @throws LlmSpendError `INVALID_USAGE` when the input or its attributes are not an object or an
 *   OTLP list, `gen_ai.usage.input_tokens` or `gen_ai.usage.output_tokens` is missing, a count is
 *   negative, fractional or not a number, two names of one count differ, or a part exceeds its whole
 * @example
 * ```ts
 * import { usageFromOtelSpan } from 'llm-spend';
 * usageFromOtelSpan({
 *   name: 'chat gpt-5.4-mini',
 *   attributes: [
 *     { key: 'gen_ai.request.model', value: { stringValue: 'gpt-5.4-mini' } },
 *     { key: 'gen_ai.usage.input_tokens', value: { intValue: '1234' } },
 *     { key: 'gen_ai.usage.cache_read.input_tokens', value: { intValue: '1000' } },
 *     { key: 'gen_ai.usage.output_tokens', value: { intValue: '567' } },
 *   ],
 * }); // { inputTokens: 1234, outputTokens: 567, cachedInputTokens: 1000 }
 * ```
 */
export function usageFromOtelSpan<T>(span: UsagePayload<T>): Usage;
export function usageFromOtelSpan(span: unknown): Usage {
  const r = new Reader(OTEL);
  refuseAwaitable(r, span);
  const attributes = otelAttributes(r, span);
  const inputTokens = otelCount(r, attributes, OTEL_ATTRIBUTES.input, true) ?? 0;
  const outputTokens = otelCount(r, attributes, OTEL_ATTRIBUTES.output, true) ?? 0;
  const reads = otelCount(r, attributes, OTEL_ATTRIBUTES.cacheRead, false) ?? 0;
  const writes = otelCount(r, attributes, OTEL_ATTRIBUTES.cacheWrite, false) ?? 0;
  const reasoning = otelCount(r, attributes, OTEL_ATTRIBUTES.reasoning, false) ?? 0;
  r.partOf(
    'gen_ai.usage.cache_read.input_tokens + gen_ai.usage.cache_creation.input_tokens',
    r.sum('cache reads + cache writes', reads, writes),
    'gen_ai.usage.input_tokens',
    inputTokens,
    'The GenAI conventions include cache reads and writes in gen_ai.usage.input_tokens; this instrumentation seems to report the input without them (as Anthropic does), so the input cannot be counted exactly.',
  );
  r.partOf('gen_ai.usage.reasoning.output_tokens', reasoning, 'gen_ai.usage.output_tokens', outputTokens, 'gen_ai.usage.output_tokens includes the reasoning tokens.');
  return build({ inputTokens, outputTokens, cachedInputTokens: reads, cacheWriteTokens: writes, reasoningTokens: reasoning });
}
