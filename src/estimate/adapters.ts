import { LlmSpendError } from '../errors.js';
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

function invalid(message: string, details: Record<string, unknown>): LlmSpendError {
  return new LlmSpendError('INVALID_USAGE', message, details);
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
export function usageFromOpenAI(response: unknown): Usage {
  const r = new Reader(OPENAI);
  const usage = unwrap(
    r,
    response,
    'usage',
    'an OpenAI usage object or a response with a `usage` property',
    'For a streamed Chat Completion, request stream_options: { include_usage: true } and pass the usage of the last chunk.',
  );
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

  const inputTokens = r.count(usage, input, input, true);
  const outputTokens = r.count(usage, output, output, true);
  const inputDetails = r.object(usage, inDetails, inDetails);
  const outputDetails = r.object(usage, outDetails, outDetails);
  const cached = inputDetails === undefined ? 0 : (r.count(inputDetails, 'cached_tokens', `${inDetails}.cached_tokens`) ?? 0);
  const reasoning = outputDetails === undefined ? 0 : (r.count(outputDetails, 'reasoning_tokens', `${outDetails}.reasoning_tokens`) ?? 0);

  r.partOf(`${inDetails}.cached_tokens`, cached, input, inputTokens, `OpenAI's ${input} already includes the cached tokens, so the cached part cannot be larger.`);
  r.partOf(`${outDetails}.reasoning_tokens`, reasoning, output, outputTokens, `OpenAI's ${output} already includes the reasoning tokens, so the reasoning part cannot be larger.`);
  return build({ inputTokens, outputTokens, cachedInputTokens: cached, reasoningTokens: reasoning });
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
 * Anthropic does not report thinking apart, so `reasoningTokens` is left out.
 * `server_tool_use.web_search_requests` becomes `webSearchCalls`.
 *
 * @param message - a usage object (`message.usage`) or a whole Message that has a `usage` property
 * @returns the canonical usage (optional parts appear only when non-zero)
 * @throws LlmSpendError `INVALID_USAGE` when the input is not an object, `input_tokens` or
 *   `output_tokens` is missing, a count is negative, fractional, NaN, infinite or not a number,
 *   the 5m/1h split does not add up to `cache_creation_input_tokens`, or a sum passes 2^53 - 1
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
export function usageFromAnthropic(message: unknown): Usage {
  const r = new Reader(ANTHROPIC);
  const usage = unwrap(
    r,
    message,
    'usage',
    'an Anthropic usage object or a Message with a `usage` property',
    'When streaming, pass the final message (for example stream.finalMessage()).',
  );
  const uncached = r.count(usage, 'input_tokens', 'input_tokens', true);
  const outputTokens = r.count(usage, 'output_tokens', 'output_tokens', true);
  const reads = r.count(usage, 'cache_read_input_tokens', 'cache_read_input_tokens') ?? 0;
  const declaredWrites = r.count(usage, 'cache_creation_input_tokens', 'cache_creation_input_tokens');

  let writes5m: number;
  let writes1h = 0;
  const split = r.object(usage, 'cache_creation', 'cache_creation');
  if (split === undefined) {
    writes5m = declaredWrites ?? 0;
  } else {
    writes5m = r.count(split, 'ephemeral_5m_input_tokens', 'cache_creation.ephemeral_5m_input_tokens') ?? 0;
    writes1h = r.count(split, 'ephemeral_1h_input_tokens', 'cache_creation.ephemeral_1h_input_tokens') ?? 0;
    const splitTotal = r.sum('cache_creation.ephemeral_5m_input_tokens + ephemeral_1h_input_tokens', writes5m, writes1h);
    if (declaredWrites !== undefined && splitTotal !== declaredWrites) {
      throw r.fail(
        `cache_creation.ephemeral_5m_input_tokens (${writes5m}) + cache_creation.ephemeral_1h_input_tokens (${writes1h}) = ${splitTotal}, ` +
          `but cache_creation_input_tokens is ${declaredWrites}. The TTL split must add up to the cache writes; the usage is inconsistent.`,
        { cache_creation_input_tokens: declaredWrites, ephemeral_5m_input_tokens: writes5m, ephemeral_1h_input_tokens: writes1h },
      );
    }
  }

  const inputTokens = r.sum('input_tokens + cache_creation_input_tokens + cache_read_input_tokens', uncached, writes5m, writes1h, reads);
  const tools = r.object(usage, 'server_tool_use', 'server_tool_use');
  const searches = tools === undefined ? 0 : (r.count(tools, 'web_search_requests', 'server_tool_use.web_search_requests') ?? 0);
  return build({
    inputTokens,
    outputTokens,
    cachedInputTokens: reads,
    cacheWriteTokens: writes5m,
    cacheWrite1hTokens: writes1h,
    webSearchCalls: searches,
  });
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
 * uncached input. `candidatesTokenCount` EXCLUDES `thoughtsTokenCount`, so `outputTokens` =
 * candidates + thoughts, with `reasoningTokens` = thoughts. `audioInputTokens` is the uncached
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
 *   AUDIO count (uncached audio would be negative), or a sum passes 2^53 - 1
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
export function usageFromGemini(response: unknown): Usage {
  const r = new Reader(GEMINI);
  const usage = unwrap(
    r,
    response,
    'usageMetadata',
    'a Gemini usageMetadata object or a response with a `usageMetadata` property',
    'When streaming, pass the usageMetadata of the last chunk.',
  );
  const prompt = r.count(usage, 'promptTokenCount', 'promptTokenCount', true);
  const cached = r.count(usage, 'cachedContentTokenCount', 'cachedContentTokenCount') ?? 0;
  const candidates = r.count(usage, 'candidatesTokenCount', 'candidatesTokenCount') ?? 0;
  const thoughts = r.count(usage, 'thoughtsTokenCount', 'thoughtsTokenCount') ?? 0;
  const toolUse = r.count(usage, 'toolUsePromptTokenCount', 'toolUsePromptTokenCount') ?? 0;
  r.partOf('cachedContentTokenCount', cached, 'promptTokenCount', prompt, "Gemini's promptTokenCount already includes the cached content, so the cached part cannot be larger.");

  const promptAudio = audioCount(r, usage, 'promptTokensDetails');
  const cachedAudio = audioCount(r, usage, 'cacheTokensDetails');
  r.partOf('promptTokensDetails AUDIO tokens', promptAudio, 'promptTokenCount', prompt, 'The modality breakdown cannot exceed the prompt it breaks down.');
  r.partOf('cacheTokensDetails AUDIO tokens', cachedAudio, 'cachedContentTokenCount', cached, 'The modality breakdown cannot exceed the cached content it breaks down.');
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
    outputTokens: r.sum('candidatesTokenCount + thoughtsTokenCount', candidates, thoughts),
    cachedInputTokens: cached,
    reasoningTokens: thoughts,
    audioInputTokens: audio,
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
 * TTL, so they are priced as 5-minute writes: pass `usage.raw` to {@link usageFromAnthropic} for
 * the 1-hour split).
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
export function usageFromAiSdk(usage: unknown): Usage {
  const r = new Reader(AI_SDK);
  if (!isRecord(usage)) throw r.fail(`takes an AI SDK LanguageModelUsage object; got ${shown(usage)}.`, { value: usage });
  if (!('inputTokens' in usage) && ('usage' in usage || 'totalUsage' in usage)) {
    throw r.fail('takes a LanguageModelUsage, not a whole result: pass result.totalUsage (all steps) or result.usage (the last step).', {});
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
