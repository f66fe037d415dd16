// Reading what a provider billed from a whole response: which provider's payload it is (by the
// markers each provider puts on its responses, never by which optional fields it happens to
// carry), the canonical usage, the service tier the response reports, and the model.
import { LlmSpendError } from '../errors.js';
import type { ServiceTier } from '../pricing/types.js';
import {
  readAnthropic,
  usageFromAiSdk,
  usageFromGemini,
  usageFromLangChain,
  usageFromOpenAI,
  usageFromOtelSpan,
  type UsagePayload,
} from './adapters.js';
import { OPTIONAL_USAGE_PARTS, type Usage } from './usage.js';

type Fields = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function present(fields: Fields, key: string): boolean {
  return fields[key] !== undefined && fields[key] !== null;
}

/** Which kind of payload a usage was read from. */
export type UsageSource = 'openai-chat' | 'openai-responses' | 'anthropic' | 'gemini' | 'ai-sdk' | 'langchain' | 'otel';

/** What {@link readUsage} found in a response. */
export interface ResponseUsage {
  /** The kind of payload, recognized by its provider's markers. */
  readonly source: UsageSource;
  /** The canonical usage billed at the call's model. */
  readonly usage: Usage;
  /**
   * The service tier the response says it was served at (OpenAI `service_tier`, Anthropic
   * `usage.service_tier`), or `null` when it does not say (Gemini, LangChain, OTel, OpenAI `scale`).
   */
  readonly tier: ServiceTier | null;
  /** The model the response names, or `null`. */
  readonly model: string | null;
  /**
   * Parts billed at another model's price: Anthropic iterations served by an advisor or a
   * fallback model. Empty for every other payload.
   */
  readonly otherModels: ReadonlyArray<{ readonly model: string; readonly usage: Usage }>;
  /**
   * Every request the payload bills, to be priced one by one (long-context tiers and per-call
   * fees apply per request): one for a single call; one per AI SDK step and per Anthropic
   * iteration. `model` is `null` for the call's model, else the model that served it.
   */
  readonly requests: ReadonlyArray<UsageRequest>;
}

/** One billed request of a response: see {@link ResponseUsage.requests}. */
export interface UsageRequest {
  readonly model: string | null;
  readonly usage: Usage;
}

/** Options of {@link readUsage}. */
export interface ReadUsageOptions {
  /**
   * The provider of the model that was called: settles the one shape two providers share, a
   * bare `{ input_tokens, output_tokens }` with no other field (OpenAI Responses and Anthropic,
   * which read the same). Without it that shape is an error.
   */
  readonly provider?: string;
}

function fail(message: string, details: Record<string, unknown> = {}): LlmSpendError {
  return new LlmSpendError('INVALID_USAGE', `readUsage: ${message}`, details);
}

const OPENAI_TIERS: Readonly<Record<string, ServiceTier | null>> = { default: 'standard', flex: 'flex', priority: 'priority', scale: null, auto: null };
const ANTHROPIC_TIERS: Readonly<Record<string, ServiceTier>> = { standard: 'standard', priority: 'priority', batch: 'batch' };

function openAiTier(value: unknown): ServiceTier | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && Object.hasOwn(OPENAI_TIERS, value)) return OPENAI_TIERS[value] ?? null;
  throw fail(`service_tier ${JSON.stringify(String(value).slice(0, 40))} is not an OpenAI tier llm-spend knows (default, flex, priority, scale); it cannot tell which price was billed.`, { service_tier: value });
}

function anthropicTier(serviceTier: string | null, speed: string | null): ServiceTier | null {
  if (speed !== null && speed !== 'standard') {
    throw fail(`usage.speed is ${JSON.stringify(speed)}: Anthropic's fast mode is priced apart and the table has no such price.`, { speed });
  }
  if (serviceTier === null) return null;
  const tier = Object.hasOwn(ANTHROPIC_TIERS, serviceTier) ? ANTHROPIC_TIERS[serviceTier] : undefined;
  if (tier === undefined) throw fail(`usage.service_tier ${JSON.stringify(serviceTier.slice(0, 40))} is not an Anthropic tier llm-spend knows (standard, priority, batch).`, { service_tier: serviceTier });
  return tier;
}

/** @internal Adds two usages part by part; refuses a sum past 2^53 − 1. */
export function addUsage(a: Usage, b: Usage): Usage {
  const sum = (x: number | undefined, y: number | undefined, what: string): number => {
    const total = (x ?? 0) + (y ?? 0);
    if (!Number.isSafeInteger(total)) throw fail(`the summed ${what} is larger than 2^53 − 1 and cannot be counted exactly.`, {});
    return total;
  };
  const result: { -readonly [K in keyof Usage]: Usage[K] } = { inputTokens: sum(a.inputTokens, b.inputTokens, 'inputTokens'), outputTokens: sum(a.outputTokens, b.outputTokens, 'outputTokens') };
  for (const part of OPTIONAL_USAGE_PARTS) {
    const total = sum(a[part], b[part], part);
    if (total > 0) result[part] = total;
  }
  return result;
}

function single(source: UsageSource, usage: Usage, tier: ServiceTier | null, model: string | null): ResponseUsage {
  return { source, usage, tier, model, otherModels: [], requests: [{ model: null, usage }] };
}

function fromAnthropic(payload: unknown): ResponseUsage {
  const read = readAnthropic(payload);
  return { source: 'anthropic', usage: read.usage, tier: anthropicTier(read.serviceTier, read.speed), model: read.model, otherModels: read.otherModels, requests: read.requests };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** @internal The usage of one AI SDK step (or `finish-step` stream part): the provider's own usage where the step carries it. */
export function readAiSdkStep(step: Fields, index: number): { usage: Usage; tier: ServiceTier | null; other: ResponseUsage['otherModels']; requests: readonly UsageRequest[] } {
  const metadata = isRecord(step['providerMetadata']) ? step['providerMetadata'] : undefined;
  const anthropic = metadata !== undefined && isRecord(metadata['anthropic']) ? metadata['anthropic'] : undefined;
  const stepUsage = isRecord(step['usage']) ? step['usage'] : undefined;
  const raw = stepUsage !== undefined && isRecord(stepUsage['raw']) ? stepUsage['raw'] : anthropic !== undefined && isRecord(anthropic['usage']) ? anthropic['usage'] : undefined;
  if (anthropic !== undefined && raw !== undefined) {
    const read = fromAnthropic(raw);
    return { usage: read.usage, tier: read.tier, other: read.otherModels, requests: read.requests };
  }
  const openai = metadata !== undefined && isRecord(metadata['openai']) ? metadata['openai'] : undefined;
  const tier = openai === undefined ? null : openAiTier(openai['serviceTier']);
  if (stepUsage === undefined) throw fail(`steps[${index}].usage is missing: the AI SDK step reported no usage.`, {});
  const usage = usageFromAiSdk(stepUsage);
  return { usage, tier, other: [], requests: [{ model: null, usage }] };
}

function fromAiSdkResult(result: Fields): ResponseUsage {
  const steps = result['steps'];
  const response = isRecord(result['response']) ? result['response'] : undefined;
  const model = response === undefined ? null : stringOrNull(response['modelId']);
  if (Array.isArray(steps) && steps.length > 0) {
    let usage: Usage | undefined;
    let tier: ServiceTier | null | undefined;
    const others: Array<{ model: string; usage: Usage }> = [];
    const requests: UsageRequest[] = [];
    steps.forEach((step: unknown, index) => {
      if (!isRecord(step)) throw fail(`steps[${index}] must be an object.`, {});
      const read = readAiSdkStep(step, index);
      usage = usage === undefined ? read.usage : addUsage(usage, read.usage);
      if (tier !== undefined && tier !== read.tier) throw fail(`the steps report different service tiers (${String(tier)} and ${String(read.tier)}); price them one by one.`, {});
      tier = read.tier;
      others.push(...read.other);
      requests.push(...read.requests);
    });
    return { source: 'ai-sdk', usage: usage ?? { inputTokens: 0, outputTokens: 0 }, tier: tier ?? null, model, otherModels: others, requests };
  }
  const total = result['totalUsage'];
  if (isRecord(total) && typeof (total as { then?: unknown }).then !== 'function') return single('ai-sdk', usageFromAiSdk(total), null, model);
  throw fail(
    'an AI SDK result whose usage is still a promise (a streamText result): pass result.fullStream to guard.runStream, or await result.totalUsage and read it with usageFromAiSdk.',
    {},
  );
}

/**
 * Reads what a provider billed from a whole response of any supported SDK: the canonical usage,
 * the service tier the response reports, and the model it names. The payload is recognized by
 * its provider's markers (`object: 'chat.completion'`, `object: 'response'`, `type: 'message'`,
 * `usageMetadata`, an AI SDK result's `steps`, LangChain's `usage_metadata`, OpenTelemetry
 * `gen_ai.usage.*` attributes), never by optional fields; a bare usage object is read when its
 * fields belong to one provider only. An ambiguous or unknown shape is an error with a hint,
 * never a guess.
 *
 * @param response - an OpenAI Chat Completion (or its final chunk) or Responses API response, an
 *   Anthropic Message, a Gemini `GenerateContentResponse`, an AI SDK `generateText` result, a
 *   LangChain `AIMessage`, an OpenTelemetry span, or one of their usage objects
 * @param options - `provider` settles a bare `{ input_tokens, output_tokens }`
 * @returns `{ source, usage, tier, model, otherModels, requests }`: price `requests` one by one
 *   (`usage` is their sum at the call's model, exact with `aggregate: true` below long-context thresholds)
 * @throws LlmSpendError `INVALID_USAGE` when the shape is unknown or ambiguous, the usage is
 *   missing or invalid (see the adapters), or the response reports a tier llm-spend cannot price
 * @example
 * ```ts
 * import { readUsage } from 'llm-spend';
 * const read = readUsage({
 *   id: 'msg_01',
 *   type: 'message',
 *   role: 'assistant',
 *   model: 'claude-haiku-4-5',
 *   usage: {
 *     input_tokens: 50,
 *     cache_read_input_tokens: 10_000,
 *     cache_creation_input_tokens: 3000,
 *     cache_creation: { ephemeral_5m_input_tokens: 2000, ephemeral_1h_input_tokens: 1000 },
 *     output_tokens: 400,
 *     output_tokens_details: { thinking_tokens: 150 },
 *     service_tier: 'batch',
 *   },
 * });
 * read.source; // "anthropic"
 * read.tier; // "batch"
 * read.usage; // { inputTokens: 13050, outputTokens: 400, cachedInputTokens: 10000, cacheWriteTokens: 2000, cacheWrite1hTokens: 1000, reasoningTokens: 150 }
 * ```
 */
export function readUsage<T>(response: UsagePayload<T>, options?: ReadUsageOptions): ResponseUsage;
export function readUsage(response: unknown, options: ReadUsageOptions = {}): ResponseUsage {
  if (typeof response === 'object' && response !== null && typeof (response as { then?: unknown }).then === 'function') {
    throw fail('got a Promise: await the call first.', {});
  }
  if (!isRecord(response)) throw fail(`takes a provider response or usage object; got ${response === null ? 'null' : Array.isArray(response) ? 'an array' : typeof response}.`, {});
  if (typeof options !== 'object' || options === null) throw fail('options must be an object such as { provider: "anthropic" }.', {});
  const object = response['object'];
  if (object === 'chat.completion' || object === 'chat.completion.chunk') {
    return single('openai-chat', usageFromOpenAI(response), openAiTier(response['service_tier']), stringOrNull(response['model']));
  }
  if (object === 'response') {
    return single('openai-responses', usageFromOpenAI(response), openAiTier(response['service_tier']), stringOrNull(response['model']));
  }
  if (response['type'] === 'message') return fromAnthropic(response);
  if (present(response, 'usageMetadata')) return single('gemini', usageFromGemini(response), null, stringOrNull(response['modelVersion']));
  if (Array.isArray(response['steps']) || ('totalUsage' in response && !('inputTokens' in response))) return fromAiSdkResult(response);
  if (present(response, 'usage_metadata')) {
    const metadata = isRecord(response['response_metadata']) ? response['response_metadata'] : undefined;
    return single('langchain', usageFromLangChain(response), null, metadata === undefined ? null : stringOrNull(metadata['model_name'] ?? metadata['model']));
  }
  const attributes = response['attributes'];
  const otelKeys = (fields: unknown): boolean =>
    Array.isArray(fields)
      ? fields.some((entry: unknown) => isRecord(entry) && typeof entry['key'] === 'string' && entry['key'].startsWith('gen_ai.usage.'))
      : isRecord(fields) && Object.keys(fields).some((key) => key.startsWith('gen_ai.usage.'));
  if (otelKeys(attributes) || otelKeys(response)) {
    return single('otel', usageFromOtelSpan(response), null, null);
  }

  // A bare usage object: read it when its fields belong to one provider only.
  const usage = isRecord(response['usage']) ? response['usage'] : response;
  const has = (key: string): boolean => present(usage, key);
  if (has('prompt_tokens') || has('completion_tokens')) return single('openai-chat', usageFromOpenAI(usage), null, null);
  const outputDetails = isRecord(usage['output_tokens_details']) ? usage['output_tokens_details'] : undefined;
  if (['cache_creation_input_tokens', 'cache_read_input_tokens', 'cache_creation', 'server_tool_use', 'service_tier', 'iterations', 'inference_geo', 'speed'].some(has) || (outputDetails !== undefined && present(outputDetails, 'thinking_tokens'))) {
    return fromAnthropic(usage);
  }
  if (has('input_tokens_details') || (outputDetails !== undefined && present(outputDetails, 'reasoning_tokens'))) return single('openai-responses', usageFromOpenAI(usage), null, null);
  if (has('promptTokenCount')) return single('gemini', usageFromGemini(usage), null, null);
  if (has('inputTokens')) return single('ai-sdk', usageFromAiSdk(usage), null, null);
  if (has('input_token_details') || has('output_token_details')) return single('langchain', usageFromLangChain(usage), null, null);
  if (has('input_tokens') || has('output_tokens')) {
    if (options.provider === 'anthropic') return fromAnthropic(usage);
    if (options.provider === 'openai') return single('openai-responses', usageFromOpenAI(usage), null, null);
    throw fail(
      'a bare { input_tokens, output_tokens } is both an OpenAI Responses usage and an Anthropic usage; pass the whole response (its object/type marks the provider), ' +
        "or { provider: 'openai' | 'anthropic' }.",
      { keys: Object.keys(usage).slice(0, 20) },
    );
  }
  throw fail(
    'no usage found: expected an OpenAI, Anthropic, Gemini, AI SDK, LangChain or OpenTelemetry payload. ' + `Got an object with keys: ${Object.keys(response).slice(0, 10).join(', ') || '(none)'}.`,
    { keys: Object.keys(response).slice(0, 20) },
  );
}

/** @internal The OpenAI `service_tier` of a response or chunk, as a table tier (`null` when absent or not priced per token). */
export function responseTier(chunk: Fields): ServiceTier | null {
  return openAiTier(chunk['service_tier']);
}

/** @internal {@link readUsage}'s type without the compile-time awaitable check, for callers holding an `unknown`. */
export const readUnknownUsage: (response: unknown, options?: ReadUsageOptions) => ResponseUsage = readUsage as (response: unknown, options?: ReadUsageOptions) => ResponseUsage;
export type { UsagePayload };
