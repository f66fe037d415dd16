// Loading a pricing table at run time, without a release: from an https URL (global `fetch`,
// a timeout, a byte limit) or from text already read, in any format llm-spend converts.
// Nothing happens at import time; no node: module is used (the CLI reads files, not this).
import { parse as parseYaml } from 'yaml';
import { LlmSpendError, showValue } from '../errors.js';
import { pricingFromGenaiPrices } from './convert/genai-prices.js';
import { pricingFromLiteLLM } from './convert/litellm.js';
import { pricingFromModelsDev } from './convert/models-dev.js';
import type { ConversionWarning, SkippedModel } from './convert/shared.js';
import type { PricingDataInput } from './types.js';
import { createPricingTable, type PricingTable } from './table.js';

/**
 * The formats {@link loadPricing} reads: llm-spend's own table, genai-prices data (a provider
 * file, a list of providers or the npm package's data), LiteLLM's
 * `model_prices_and_context_window.json`, and models.dev's `api.json`.
 *
 * @example
 * ```ts
 * import { PRICING_FORMATS } from 'llm-spend/convert';
 * PRICING_FORMATS.includes('genai-prices'); // true
 * ```
 */
export const PRICING_FORMATS = ['llm-spend', 'genai-prices', 'litellm', 'models.dev'] as const;

/** A pricing format {@link loadPricing} reads. */
export type PricingSourceFormat = (typeof PRICING_FORMATS)[number];

/** The part of a `fetch` response the loader uses (the global `fetch`'s Response fits). */
export interface PricingFetchResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText?: string;
  readonly headers: { get(name: string): string | null };
  readonly body?: {
    getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array | undefined }>; cancel(reason?: unknown): Promise<void> };
  } | null;
}

/** A `fetch` function (the global one by default; pass your own for proxies or tests). */
export type PricingFetch = (url: string, init: { readonly signal: unknown; readonly redirect: 'follow'; readonly headers: Readonly<Record<string, string>> }) => Promise<PricingFetchResponse>;

/** Options of {@link loadPricing}. */
export interface LoadPricingOptions {
  /** The source's format; detected from its shape when absent. */
  readonly format?: PricingSourceFormat;
  /**
   * How long a URL may take, headers and body together, in milliseconds.
   * @defaultValue 30000
   */
  readonly timeoutMs?: number;
  /** The `fetch` to use. @defaultValue the global `fetch` */
  readonly fetch?: PricingFetch;
  /**
   * When the data was fetched or checked (ISO date), recorded on converted prices that carry no
   * date of their own. Default for a URL: the date of the response's `Date` header. Text in a
   * format other than llm-spend's needs it (the loader never reads a clock).
   */
  readonly checkedAt?: string;
  /**
   * The largest source read, in bytes; a larger response is refused while it streams.
   * @defaultValue 67108864 (64 MiB)
   */
  readonly maxBytes?: number;
}

/** @internal A loaded source: the table, its format, what the conversion left out and its caveats. */
export interface LoadedPricingSource {
  readonly table: PricingTable;
  readonly format: PricingSourceFormat;
  readonly skipped: readonly SkippedModel[];
  readonly warnings: readonly ConversionWarning[];
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * @internal Which format parsed pricing data is in, by its shape; undefined when none fits.
 * llm-spend: `{ version, models: [...] }`; genai-prices: `{ providers: [...] }`, a list of
 * providers, or one provider `{ id, models: [...] }`; models.dev: providers each with a `models`
 * object; LiteLLM: entries with `*_cost_per_token` or `litellm_provider`.
 */
export function detectPricingSourceFormat(data: unknown): PricingSourceFormat | undefined {
  const provider = (value: unknown): boolean => isObject(value) && typeof value['id'] === 'string' && Array.isArray(value['models']);
  if (Array.isArray(data)) return data.length > 0 && data.every(provider) ? 'genai-prices' : undefined;
  if (!isObject(data)) return undefined;
  if (Array.isArray(data['models']) && 'version' in data) return 'llm-spend';
  if (Array.isArray(data['providers']) || provider(data)) return 'genai-prices';
  const values = Object.entries(data).filter(([key]) => key !== 'sample_spec').map(([, value]) => value);
  if (values.length === 0) return 'sample_spec' in data ? 'litellm' : undefined;
  if (values.every((value) => isObject(value) && isObject(value['models']))) return 'models.dev';
  const litellm = (value: unknown): boolean => isObject(value) && Object.keys(value).some((key) => key === 'litellm_provider' || key.endsWith('_cost_per_token'));
  if ('sample_spec' in data || values.some(litellm)) return 'litellm';
  return undefined;
}

function invalid(message: string, details: Record<string, unknown> = {}): LlmSpendError {
  return new LlmSpendError('INVALID_PRICING', message, details);
}

/** Parses text as JSON, or as YAML when it is not JSON (genai-prices' provider files are YAML). */
function parseText(text: string, where: string): unknown {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') throw invalid(`${where} is empty: expected a pricing table.`, { source: where });
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch (error) {
      throw invalid(`${where} is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`, { source: where });
    }
  }
  try {
    return parseYaml(trimmed, { maxAliasCount: 100 }) as unknown;
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    throw invalid(`${where} is neither JSON nor YAML: ${first}.`, { source: where });
  }
}

/**
 * @internal Builds a table from pricing data already parsed (or text): detects or takes the
 * format, converts, validates. Synchronous; {@link loadPricing} adds the network.
 * @throws LlmSpendError `INVALID_PRICING` with the reason
 */
export function pricingFromSource(
  source: unknown,
  options: { readonly format?: PricingSourceFormat | undefined; readonly checkedAt?: string | undefined; readonly where: string; readonly sourceUrl?: string | undefined },
): LoadedPricingSource {
  if (options.format !== undefined && !(PRICING_FORMATS as readonly string[]).includes(options.format)) {
    throw invalid(`format must be one of ${PRICING_FORMATS.join(', ')}; got ${showValue(options.format)}.`, { format: showValue(options.format) });
  }
  const data = typeof source === 'string' ? parseText(source, options.where) : source;
  const format = options.format ?? detectPricingSourceFormat(data);
  if (format === undefined) {
    throw invalid(
      `${options.where}: not a pricing table llm-spend knows: expected llm-spend's own ({ version: 1, checkedAt, models: [...] }), genai-prices data (a provider file or { providers: [...] }), LiteLLM's model_prices_and_context_window.json or models.dev's api.json. Name the format if it is one of them.`,
      { source: options.where },
    );
  }
  let loaded: LoadedPricingSource;
  try {
    if (format === 'llm-spend') loaded = { table: createPricingTable(data as PricingDataInput), format, skipped: [], warnings: [] };
    else {
      const common = { checkedAt: options.checkedAt as string, ...(options.sourceUrl === undefined ? {} : { sourceUrl: options.sourceUrl }) };
      const converted = format === 'genai-prices' ? pricingFromGenaiPrices(data, common) : format === 'litellm' ? pricingFromLiteLLM(data, common) : pricingFromModelsDev(data, common);
      loaded = { table: converted.table, format, skipped: converted.skipped, warnings: converted.warnings };
    }
  } catch (error) {
    if (error instanceof LlmSpendError && error.code === 'INVALID_PRICING') throw invalid(`${options.where} (${format}): ${error.message}`, { ...error.details, source: options.where, format });
    throw error;
  }
  if (loaded.table.models.length === 0) throw invalid(`${options.where} (${format}): no model could be converted.`, { source: options.where, format });
  return loaded;
}

/** The part of a WHATWG URL the loader uses (the core is typed without DOM or node types). */
interface WebUrl {
  readonly protocol: string;
  readonly hostname: string;
  readonly href: string;
}
const UrlConstructor = (globalThis as unknown as { URL: new (text: string) => WebUrl }).URL;

/** An https URL (or http on loopback, for local mirrors and tests), or undefined for text. */
function urlOf(source: string): WebUrl | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(source.trim())) return undefined;
  let url: WebUrl;
  try {
    url = new UrlConstructor(source.trim());
  } catch {
    return undefined;
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))) return url;
  throw new LlmSpendError('PRICING_UNAVAILABLE', `Refusing to fetch ${showValue(source)}: only https URLs are fetched (http only on localhost).`, { url: showValue(source), reason: 'protocol' });
}

/** The date (YYYY-MM-DD) of an HTTP `Date` header, or undefined. */
function dateOfHeader(value: string | null): string | undefined {
  if (value === null) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().slice(0, 10);
}

interface Fetched {
  readonly text: string;
  readonly date: string | undefined;
}

/** @internal Fetches a URL as text, within `timeoutMs` and `maxBytes`; every failure is PRICING_UNAVAILABLE. */
export async function fetchPricingText(url: WebUrl, options: { readonly timeoutMs: number; readonly maxBytes: number; readonly fetch?: PricingFetch | undefined }): Promise<Fetched> {
  const fetchFn = options.fetch ?? (globalThis as { fetch?: PricingFetch }).fetch;
  const shown = url.href;
  if (fetchFn === undefined) throw new LlmSpendError('PRICING_UNAVAILABLE', `Cannot fetch ${shown}: this runtime has no global fetch; pass options.fetch.`, { url: shown, reason: 'no-fetch' });
  const timers = globalThis as unknown as { setTimeout(callback: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
  const Controller = (globalThis as { AbortController?: new () => { readonly signal: unknown; abort(reason?: unknown): void } }).AbortController;
  const controller = Controller === undefined ? undefined : new Controller();
  let timedOut = false;
  let rejectTimeout: (error: LlmSpendError) => void = () => undefined;
  const timeoutError = (): LlmSpendError =>
    new LlmSpendError('PRICING_UNAVAILABLE', `Fetching ${shown} timed out after ${options.timeoutMs} ms.`, { url: shown, reason: 'timeout', timeoutMs: options.timeoutMs });
  // The timeout wins even over a `fetch` that ignores the signal.
  const timeout = new Promise<never>((_resolve, reject) => {
    rejectTimeout = reject;
  });
  timeout.catch(() => undefined);
  const timer = timers.setTimeout(() => {
    timedOut = true;
    controller?.abort();
    rejectTimeout(timeoutError());
  }, options.timeoutMs);
  try {
    const work = async (): Promise<Fetched> => {
      let response: PricingFetchResponse;
      try {
        response = await fetchFn(shown, { signal: controller?.signal, redirect: 'follow', headers: { accept: 'application/json, application/yaml, text/yaml, text/plain, */*' } });
      } catch (error) {
        if (timedOut) throw timeoutError();
        const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
        const reason = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : String(error);
        throw new LlmSpendError('PRICING_UNAVAILABLE', `Cannot fetch ${shown}: ${reason}.`, { url: shown, reason: 'network', cause: reason });
      }
      if (!response.ok) {
        await response.body?.getReader().cancel().catch(() => undefined);
        throw new LlmSpendError('PRICING_UNAVAILABLE', `Cannot fetch ${shown}: HTTP ${response.status}${response.statusText === undefined || response.statusText === '' ? '' : ` ${response.statusText}`}.`, {
          url: shown,
          reason: 'http',
          status: response.status,
        });
      }
      const tooLarge = (): LlmSpendError =>
        new LlmSpendError('PRICING_UNAVAILABLE', `${shown} is larger than ${options.maxBytes} bytes, the limit; refused before parsing.`, { url: shown, reason: 'too-large', maxBytes: options.maxBytes });
      const length = Number(response.headers.get('content-length') ?? '');
      if (Number.isFinite(length) && length > options.maxBytes) {
        await response.body?.getReader().cancel().catch(() => undefined);
        throw tooLarge();
      }
      const reader = response.body?.getReader();
      const chunks: Uint8Array[] = [];
      let total = 0;
      if (reader !== undefined) {
        for (;;) {
          let chunk: { done: boolean; value?: Uint8Array | undefined };
          try {
            chunk = await reader.read();
          } catch (error) {
            if (timedOut) throw timeoutError();
            throw new LlmSpendError('PRICING_UNAVAILABLE', `Cannot fetch ${shown}: the connection failed while reading (${error instanceof Error ? error.message : String(error)}).`, { url: shown, reason: 'network' });
          }
          if (chunk.done) break;
          if (chunk.value === undefined) continue;
          total += chunk.value.byteLength;
          if (total > options.maxBytes) {
            await reader.cancel().catch(() => undefined);
            throw tooLarge();
          }
          chunks.push(chunk.value);
        }
      }
      const bytes = new Uint8Array(total);
      let offset = 0;
      for (const chunk of chunks) {
        bytes.set(chunk, offset);
        offset += chunk.byteLength;
      }
      const Decoder = (globalThis as unknown as { TextDecoder: new () => { decode(bytes: Uint8Array): string } }).TextDecoder;
      return { text: new Decoder().decode(bytes), date: dateOfHeader(response.headers.get('date')) };
    };
    return await Promise.race([work(), timeout]);
  } finally {
    timers.clearTimeout(timer);
  }
}

/**
 * Loads a pricing table at run time, so prices stay current without a release of llm-spend.
 * `source` is an https URL (fetched with the global `fetch`, within `timeoutMs` and `maxBytes`)
 * or text already read (JSON, or YAML for genai-prices provider files). The format is taken
 * from `options.format` or detected from the data's shape; the data is converted where needed
 * and validated. Nothing is fetched at import time.
 *
 * @param source - an https URL, or the text of a pricing file
 * @param options - `format`, `timeoutMs` (default 30 s), `fetch`, `checkedAt`, `maxBytes`
 * @returns a validated, frozen table, usable wherever a `pricing` option is taken
 * @throws LlmSpendError `INVALID_PRICING` when the data is not a pricing table, does not
 *   validate or converts to no model (the reason in the message); `PRICING_UNAVAILABLE` when the
 *   URL cannot be fetched (`details.reason`: `timeout`, `http` with `details.status`, `network`,
 *   `too-large`, `protocol`)
 * @example
 * ```ts
 * import { loadPricing } from 'llm-spend/convert';
 * import { estimateCost } from 'llm-spend';
 * const text = JSON.stringify({
 *   version: 1, checkedAt: '2026-11-25',
 *   models: [{ id: 'my-model', provider: 'acme', modalities: { input: ['text'], output: ['text'] }, reasoning: false,
 *     prices: [{ standard: { inputPerMillion: '1', outputPerMillion: '2' }, sources: [{ url: 'contract', checkedAt: '2026-11-25' }] }] }],
 * });
 * const pricing = await loadPricing(text);
 * estimateCost({ model: 'my-model', inputTokens: 1000, outputTokens: 500, pricing }).total; // "0.002"
 * // From a URL: await loadPricing('https://example.com/prices.json', { format: 'litellm', timeoutMs: 10_000 });
 * ```
 */
export async function loadPricing(source: string, options: LoadPricingOptions = {}): Promise<PricingTable> {
  return (await loadPricingSource(source, options)).table;
}

/** @internal {@link loadPricing} with the format, the models left out and the warnings. */
export async function loadPricingSource(source: string, options: LoadPricingOptions = {}): Promise<LoadedPricingSource> {
  if (typeof source !== 'string') throw invalid(`loadPricing needs an https URL or the text of a pricing file; got ${showValue(source)}.`, { value: showValue(source) });
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw invalid(`timeoutMs must be a positive number of milliseconds; got ${showValue(timeoutMs)}.`, { option: 'timeoutMs' });
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) throw invalid(`maxBytes must be a positive whole number; got ${showValue(maxBytes)}.`, { option: 'maxBytes' });
  const url = urlOf(source);
  if (url === undefined) return pricingFromSource(source, { format: options.format, checkedAt: options.checkedAt, where: 'the pricing text' });
  const fetched = await fetchPricingText(url, { timeoutMs, maxBytes, fetch: options.fetch });
  return pricingFromSource(fetched.text, { format: options.format, checkedAt: options.checkedAt ?? fetched.date, where: url.href, sourceUrl: url.href });
}
