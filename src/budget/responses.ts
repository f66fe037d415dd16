// Reading the usage of a provider response (for guard.run) and of a stream's chunks (for
// guard.runStream / trackStream), through the usage adapters.
import { LlmSpendError } from '../errors.js';
import { usageFromAiSdk, usageFromAnthropic, usageFromGemini, usageFromOpenAI } from '../estimate/adapters.js';
import type { Usage } from '../estimate/usage.js';

type Fields = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function has(fields: Fields, key: string): boolean {
  return fields[key] !== undefined && fields[key] !== null;
}

/**
 * @internal The usage of a whole (non-streamed) response: an OpenAI Chat Completion or
 * Responses API response, an Anthropic Message, a Gemini response, an AI SDK result
 * (`totalUsage`), or a bare usage object of one of those shapes. `provider` (the reserved
 * model's) settles the one ambiguous shape: `{ input_tokens, output_tokens }` with no cache
 * fields, which OpenAI's Responses API and Anthropic both use (and read the same).
 */
export function usageFromResponse(response: unknown, provider: string | null): Usage {
  if (!isRecord(response)) {
    throw new LlmSpendError('INVALID_USAGE', 'guard.run: the call returned no response object to read a usage from; pass options.usage to read it yourself.', {});
  }
  if (has(response, 'usageMetadata')) return usageFromGemini(response);
  if (isRecord(response['totalUsage'])) return usageFromAiSdk(response['totalUsage']);
  const usage = isRecord(response['usage']) ? response['usage'] : response;
  if (has(usage, 'prompt_tokens') || has(usage, 'completion_tokens')) return usageFromOpenAI(usage);
  if (has(usage, 'input_tokens_details') || has(usage, 'output_tokens_details') || response['object'] === 'response') return usageFromOpenAI(usage);
  if (has(usage, 'cache_creation_input_tokens') || has(usage, 'cache_read_input_tokens') || response['type'] === 'message') return usageFromAnthropic(usage);
  if (has(usage, 'promptTokenCount')) return usageFromGemini(usage);
  if (has(usage, 'inputTokens')) return usageFromAiSdk(usage);
  if (has(usage, 'input_tokens')) return provider === 'anthropic' ? usageFromAnthropic(usage) : usageFromOpenAI(usage);
  throw new LlmSpendError(
    'INVALID_USAGE',
    'guard.run: no usage found in the response (an OpenAI, Anthropic, Gemini or AI SDK response was expected); pass options.usage to read it yourself.',
    { keys: Object.keys(response).slice(0, 20) },
  );
}

/** @internal Follows the usage reported along a stream. */
export interface StreamUsageObserver {
  /** Looks at one chunk. */
  observe(chunk: unknown): void;
  /** The usage seen so far, if any. */
  readonly usage: Usage | undefined;
  /** Whether the usage seen is the final one the provider sends (the stream's tail may still be unread). */
  readonly final: boolean;
}

/**
 * @internal The default stream observer, for the chunk shapes of the providers' SDKs:
 * OpenAI Chat Completions chunks (the last one carries `usage` when the request set
 * `stream_options: { include_usage: true }`), OpenAI Responses events (`response.completed`),
 * Anthropic events (`message_start` then `message_delta`, whose counts are cumulative),
 * Gemini chunks (`usageMetadata`, cumulative) and AI SDK `fullStream` parts (`finish`).
 */
export function defaultStreamObserver(): StreamUsageObserver {
  let usage: Usage | undefined;
  let final = false;
  let anthropic: Record<string, unknown> | undefined;
  return {
    observe(chunk: unknown): void {
      if (!isRecord(chunk)) return;
      const type = chunk['type'];
      if (type === 'message_start' && isRecord(chunk['message']) && isRecord(chunk['message']['usage'])) {
        anthropic = { ...chunk['message']['usage'] };
        usage = usageFromAnthropic(anthropic);
        return;
      }
      if (type === 'message_delta' && isRecord(chunk['usage'])) {
        const merged: Record<string, unknown> = { ...(anthropic ?? {}) };
        for (const [key, value] of Object.entries(chunk['usage'])) if (value !== null && value !== undefined) merged[key] = value;
        anthropic = merged;
        usage = usageFromAnthropic(merged);
        final = true;
        return;
      }
      if ((type === 'response.completed' || type === 'response.incomplete') && isRecord(chunk['response']) && isRecord(chunk['response']['usage'])) {
        usage = usageFromOpenAI(chunk['response']['usage']);
        final = true;
        return;
      }
      if (type === 'finish' && isRecord(chunk['totalUsage'])) {
        usage = usageFromAiSdk(chunk['totalUsage']);
        final = true;
        return;
      }
      if (isRecord(chunk['usageMetadata'])) {
        usage = usageFromGemini(chunk['usageMetadata']);
        return;
      }
      const chunkUsage = chunk['usage'];
      if (isRecord(chunkUsage) && (has(chunkUsage, 'prompt_tokens') || has(chunkUsage, 'completion_tokens'))) {
        usage = usageFromOpenAI(chunkUsage);
        final = true;
      }
    },
    get usage() {
      return usage;
    },
    get final() {
      return final;
    },
  };
}
