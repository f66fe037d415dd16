// Following a stream's usage for guard.runStream / trackStream: what each provider reports
// along its stream, and whether the provider's END event was seen. Completion is decided by
// that event (Anthropic `message_stop`, the OpenAI usage chunk or `response.completed`, the
// Gemini chunk with a `finishReason`, the AI SDK `finish` part), never by the iteration merely
// stopping: an SDK that ends quietly on abort must not pass for a completed call.
import { usageFromAiSdk, usageFromGemini, usageFromOpenAI } from '../estimate/adapters.js';
import { addUsage, readAiSdkStep, readUnknownUsage, responseTier, type UsageRequest } from '../estimate/response.js';
import type { Usage } from '../estimate/usage.js';
import type { ServiceTier } from '../pricing/schema.js';

type Fields = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}


/** @internal Follows the usage reported along a stream. */
export interface StreamUsageObserver {
  /** Looks at one chunk (throws INVALID_USAGE when a usage it carries is unreadable). */
  observe(chunk: unknown): void;
  /** The usage seen so far, if any (at the called model). */
  readonly usage: Usage | undefined;
  /** Every request billed so far, priced one by one (`model: null` = the called model). */
  readonly requests: readonly UsageRequest[];
  /** The service tier the stream reported, if any. */
  readonly tier: ServiceTier | null;
  /** Whether the provider's end event was seen (`null`: this reader cannot tell; a custom reader). */
  readonly final: boolean | null;
  /** Whether the provider said the answer was finished (a finish reason) without reporting a usage. */
  readonly finishedWithoutUsage: boolean;
  /**
   * The error of a call that failed before any output (an AI SDK `error` part right after
   * `start`, as `streamText` reports an HTTP error): nothing was billed. `undefined` otherwise.
   */
  readonly failedBeforeOutput: unknown;
}

/**
 * Merges an Anthropic `message_delta` usage (cumulative counts; no TTL split) into the usage
 * of `message_start`. The 1-hour part of the cache writes is kept from `message_start`; a
 * changed total moves only the 5-minute part, so no 1-hour write is ever priced as a 5-minute one.
 */
function mergeAnthropicDelta(start: Record<string, unknown> | undefined, delta: Fields): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...(start ?? {}) };
  for (const [key, value] of Object.entries(delta)) if (value !== null && value !== undefined) merged[key] = value;
  const total = delta['cache_creation_input_tokens'];
  const split = merged['cache_creation'];
  if (typeof total === 'number' && isRecord(split) && !isRecord(delta['cache_creation'])) {
    const oneHour = typeof split['ephemeral_1h_input_tokens'] === 'number' ? split['ephemeral_1h_input_tokens'] : 0;
    const fiveMinutes = typeof split['ephemeral_5m_input_tokens'] === 'number' ? split['ephemeral_5m_input_tokens'] : 0;
    if (oneHour + fiveMinutes !== total) {
      // Unknown split of a changed total: the extra writes are priced at the higher 1-hour rate
      // (never under-counted), and a shrunken total keeps the 1-hour part first.
      merged['cache_creation'] =
        total >= oneHour + fiveMinutes
          ? { ephemeral_5m_input_tokens: fiveMinutes, ephemeral_1h_input_tokens: total - fiveMinutes }
          : { ephemeral_5m_input_tokens: Math.max(0, total - oneHour), ephemeral_1h_input_tokens: Math.min(oneHour, total) };
    }
  }
  return merged;
}

/**
 * @internal The default stream observer, for the chunk shapes of the providers' SDKs:
 * OpenAI Chat Completions chunks (the last one carries `usage` when the request set
 * `stream_options: { include_usage: true }`), OpenAI Responses events (`response.completed`,
 * `response.incomplete`, `response.failed`), Anthropic events (`message_start`, `message_delta`
 * with cumulative counts, `message_stop`), Gemini chunks (`usageMetadata`, cumulative; the last
 * one has a `finishReason`) and AI SDK `fullStream` parts (`finish-step`, `finish`).
 */
export function defaultStreamObserver(): StreamUsageObserver {
  let usage: Usage | undefined;
  let requests: readonly UsageRequest[] = [];
  let tier: ServiceTier | null = null;
  let final = false;
  let finishedWithoutUsage = false;
  let output = false;
  let failedBeforeOutput: unknown;
  let anthropic: Record<string, unknown> | undefined;
  let aiSdkSteps: { usage: Usage; requests: readonly UsageRequest[] } | undefined;

  function one(read: Usage): void {
    usage = read;
    requests = [{ model: null, usage: read }];
  }

  function readAnthropicUsage(raw: Record<string, unknown>): void {
    anthropic = raw;
    const read = readUnknownUsage(raw, { provider: 'anthropic' });
    usage = read.usage;
    requests = read.requests;
    if (read.tier !== null) tier = read.tier;
  }

  return {
    observe(chunk: unknown): void {
      if (!isRecord(chunk)) {
        output = true;
        return;
      }
      const type = chunk['type'];
      // AI SDK fullStream: an error part before any step or content is a call that never started.
      if (type === 'error' && !output && 'error' in chunk) {
        failedBeforeOutput = chunk['error'] ?? new Error('the call failed before any output');
        return;
      }
      if (type !== 'start' && type !== 'error') output = true;
      // Anthropic
      if (type === 'message_start' && isRecord(chunk['message'])) {
        const message = chunk['message'];
        if (isRecord(message['usage'])) readAnthropicUsage({ ...message['usage'] });
        return;
      }
      if (type === 'message_delta' && isRecord(chunk['usage'])) {
        readAnthropicUsage(mergeAnthropicDelta(anthropic, chunk['usage']));
        return;
      }
      if (type === 'message_stop') {
        if (anthropic !== undefined) final = true;
        return;
      }
      // OpenAI Responses
      if ((type === 'response.completed' || type === 'response.incomplete' || type === 'response.failed') && isRecord(chunk['response'])) {
        const response = chunk['response'];
        if (isRecord(response['usage'])) {
          const read = readUnknownUsage(response);
          one(read.usage);
          if (read.tier !== null) tier = read.tier;
        }
        final = true;
        return;
      }
      // AI SDK fullStream
      if (type === 'finish-step') {
        const step = readAiSdkStep(chunk, 0);
        aiSdkSteps = aiSdkSteps === undefined ? { usage: step.usage, requests: step.requests } : { usage: addUsage(aiSdkSteps.usage, step.usage), requests: [...aiSdkSteps.requests, ...step.requests] };
        if (step.tier !== null) tier = step.tier;
        usage = aiSdkSteps.usage;
        requests = aiSdkSteps.requests;
        return;
      }
      if (type === 'finish' && ('totalUsage' in chunk || 'finishReason' in chunk)) {
        if (aiSdkSteps === undefined && isRecord(chunk['totalUsage'])) one(usageFromAiSdk(chunk['totalUsage']));
        final = usage !== undefined;
        finishedWithoutUsage = usage === undefined;
        return;
      }
      // Gemini
      if (isRecord(chunk['usageMetadata'])) {
        one(usageFromGemini(chunk['usageMetadata']));
        const candidates = chunk['candidates'];
        if (Array.isArray(candidates) && candidates.some((candidate: unknown) => isRecord(candidate) && typeof candidate['finishReason'] === 'string' && candidate['finishReason'] !== '')) {
          final = true;
        }
        return;
      }
      // OpenAI Chat Completions: the usage chunk is the last one.
      if (chunk['object'] === 'chat.completion.chunk' || isRecord(chunk['usage'])) {
        const chunkTier = responseTier(chunk);
        if (chunkTier !== null) tier = chunkTier;
        const choices = chunk['choices'];
        if (Array.isArray(choices) && choices.some((choice: unknown) => isRecord(choice) && typeof choice['finish_reason'] === 'string')) finishedWithoutUsage = usage === undefined;
        if (isRecord(chunk['usage'])) {
          one(usageFromOpenAI(chunk['usage']));
          final = true;
        }
      }
    },
    get usage() {
      return usage;
    },
    get requests() {
      return requests;
    },
    get tier() {
      return tier;
    },
    get final() {
      return final;
    },
    get finishedWithoutUsage() {
      return finishedWithoutUsage && usage === undefined;
    },
    get failedBeforeOutput() {
      return output ? undefined : failedBeforeOutput;
    },
  };
}
