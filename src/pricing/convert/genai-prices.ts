// genai-prices (pydantic/genai-prices) price data → a validated llm-spend PricingTable.
//
// One implementation of genai-prices' semantics, used both by the converter below and by the
// catalog build (scripts/catalog/build.ts):
//   - a provider's models, each with a `match` rule (equals, starts_with, ends_with, contains,
//     regex, or, and) and `prices`: one price set, or a list of { constraint?, prices };
//   - prices are USD per million tokens (`input_mtok`, `cache_read_mtok`, `cache_write_mtok`,
//     `cache_write_1h_mtok`, `output_mtok`, `input_audio_mtok`, `cache_audio_read_mtok`), a JSON or
//     YAML number read through String(n), never through arithmetic;
//   - a tiered price `{ base, tiers: [{ start, price }] }` applies `price` when input tokens are
//     `> start` (exclusive): llm-spend's inclusive `fromInputTokens` is start + 1;
//   - `constraint.start_date` starts a dated price (an effective-dated period);
//     `constraint.start_time`/`end_time` is an hour-of-day (UTC) window: the peak price.
import { LlmSpendError } from '../../errors.js';
import { Dec } from '../../money/decimal.js';
import type { ModelEntryInput, Modality, Source } from '../schema.js';
import {
  checkOptions,
  Conversion,
  describeValue,
  fullDate,
  isObject,
  MalformedField,
  own,
  RESERVED_NAMES,
  type ConversionOptions,
  type PricingConversion,
} from './shared.js';

// ------------------------------------------------------------------ the data as genai-prices writes it

/** @internal A genai-prices model, as its provider file (YAML) or the npm package (JSON) gives it. */
export interface GenaiPricesModel {
  readonly id: string;
  readonly name?: string;
  readonly match: Readonly<Record<string, unknown>>;
  readonly context_window?: number;
  readonly prices_checked?: string;
  readonly price_comments?: string;
  readonly deprecated?: boolean;
  readonly prices: Readonly<Record<string, unknown>> | ReadonlyArray<{ readonly constraint?: Readonly<Record<string, unknown>>; readonly prices: Readonly<Record<string, unknown>> }>;
}

/** @internal A genai-prices provider: its id and models. */
export interface GenaiPricesProvider {
  readonly id: string;
  readonly name?: string;
  readonly pricing_urls?: readonly string[];
  readonly models: readonly GenaiPricesModel[];
}

/** @internal The price fields llm-spend reads, keyed by genai-prices' name. */
export const GENAI_PRICES_FIELDS = {
  input_mtok: 'inputPerMillion',
  cache_read_mtok: 'cachedInputPerMillion',
  cache_write_mtok: 'cacheWritePerMillion',
  cache_write_1h_mtok: 'cacheWrite1hPerMillion',
  output_mtok: 'outputPerMillion',
  input_audio_mtok: 'audioInputPerMillion',
  cache_audio_read_mtok: 'cachedAudioInputPerMillion',
} as const;

type PriceField = (typeof GENAI_PRICES_FIELDS)[keyof typeof GENAI_PRICES_FIELDS];
/** @internal A price set read from genai-prices: canonical decimal strings, absent where unknown (or 0). */
export type GpPriceSet = { [K in PriceField]?: string | undefined };
/** @internal A price set with its long-context tiers. */
export type GpTier = GpPriceSet & { longContext?: Array<{ fromInputTokens: number; prices: GpPriceSet }>; source?: Source };
/** @internal One dated price of a genai-prices model. */
export interface GpPeriod {
  readonly from?: string | undefined;
  readonly standard: GpTier;
  readonly webSearch?: string | undefined;
  /** The off-peak price, when hour-of-day windows exist (`standard` is then the peak price). */
  readonly offPeak?: GpPriceSet | undefined;
  /** The daily peak windows (UTC, `HH:MM`, `from` inclusive, `until` exclusive) in which `standard` applies; off-peak the rest of the day. */
  readonly peakHoursUtc?: ReadonlyArray<{ readonly fromUtc: string; readonly untilUtc: string }> | undefined;
}

/** `00:30:00Z` → `00:30`; anything else is malformed. */
function hourMinute(value: unknown, field: string): string {
  const match = typeof value === 'string' ? /^([01]\d|2[0-3]):([0-5]\d)(?::00)?Z?$/.exec(value) : null;
  if (match === null) throw new MalformedField(field, 'must be a UTC time of day such as "16:30:00Z"', value);
  return `${match[1] ?? ''}:${match[2] ?? ''}`;
}

const WEB_SEARCH = 'web_searches_kcount';

// ------------------------------------------------------------------ reading

/** Drops the keys whose value is undefined. */
function clean<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * @internal A genai-prices price as a canonical decimal string: a number through `String(n)`, or
 * a decimal string. 0 is "not billed" and comes back undefined (never priced at $0) unless
 * `keepZero`; absent and null are undefined.
 * @throws MalformedField for anything else (a negative, a word, an object)
 */
export function genaiPricesPrice(value: unknown, field: string, keepZero = false): string | undefined {
  if (value === undefined || value === null) return undefined;
  let text: string;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) text = String(value);
  else if (typeof value === 'string' && /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(value.trim())) text = value.trim();
  else throw new MalformedField(field, 'must be a non-negative number', value);
  const parsed = new Dec(text);
  if (parsed.isZero()) return keepZero ? '0' : undefined;
  return parsed.toFixed();
}

/** @internal Whether a genai-prices `match` rule accepts a name (genai-prices' own semantics). */
export function genaiPricesMatches(rule: Readonly<Record<string, unknown>>, name: string): boolean {
  const lower = name.toLowerCase();
  if ('or' in rule) return (rule['or'] as Array<Record<string, unknown>>).some((inner) => genaiPricesMatches(inner, name));
  if ('and' in rule) return (rule['and'] as Array<Record<string, unknown>>).every((inner) => genaiPricesMatches(inner, name));
  if ('equals' in rule) return lower === String(rule['equals']).toLowerCase();
  if ('starts_with' in rule) return lower.startsWith(String(rule['starts_with']).toLowerCase());
  if ('ends_with' in rule) return lower.endsWith(String(rule['ends_with']).toLowerCase());
  if ('contains' in rule) return lower.includes(String(rule['contains']).toLowerCase());
  if ('regex' in rule) return new RegExp(String(rule['regex'])).test(name);
  return false;
}

/** @internal The exact names (`equals`, at the top or under `or`) of a `match` rule. */
export function genaiPricesExactNames(rule: Readonly<Record<string, unknown>>): string[] {
  if ('or' in rule) return (rule['or'] as Array<Record<string, unknown>>).flatMap(genaiPricesExactNames);
  if ('equals' in rule) return [String(rule['equals'])];
  return [];
}

/**
 * @internal One genai-prices price set (constraint-free, or one dated price) → a tier with its
 * long-context tiers, the web-search fee, and the price fields llm-spend does not read.
 */
export function genaiPricesTier(prices: Readonly<Record<string, unknown>>, keepZero = false): { tier: GpTier; webSearch?: string; unconverted: string[] } {
  const base: GpPriceSet = {};
  const starts = new Map<number, GpPriceSet>();
  const unconverted: string[] = [];
  for (const [key, value] of Object.entries(prices)) {
    const field = Object.hasOwn(GENAI_PRICES_FIELDS, key) ? GENAI_PRICES_FIELDS[key as keyof typeof GENAI_PRICES_FIELDS] : undefined;
    if (field === undefined) {
      if (key !== WEB_SEARCH) unconverted.push(key);
      continue;
    }
    if (typeof value === 'object' && value !== null) {
      const tiered = value as { base?: unknown; tiers?: unknown };
      if (!Array.isArray(tiered.tiers)) throw new MalformedField(key, 'must be a number or { base, tiers: [{ start, price }] }', value);
      base[field] = genaiPricesPrice(tiered.base, `${key}.base`, keepZero);
      for (const [index, step] of (tiered.tiers as unknown[]).entries()) {
        const start = isObject(step) ? step['start'] : undefined;
        if (typeof start !== 'number' || !Number.isSafeInteger(start) || start < 0) throw new MalformedField(`${key}.tiers[${index}].start`, 'must be a whole, non-negative number of tokens', start);
        const set = starts.get(start) ?? {};
        set[field] = genaiPricesPrice((step as Record<string, unknown>)['price'], `${key}.tiers[${index}].price`, keepZero);
        starts.set(start, set);
      }
    } else base[field] = genaiPricesPrice(value, key, keepZero);
  }
  const tier: GpTier = clean(base);
  const sorted = [...starts.entries()].sort((a, b) => a[0] - b[0]);
  if (sorted.length > 0) {
    // A long-context tier re-prices the whole request: keys without a tier keep their base price.
    // genai-prices' `start` is exclusive (`tokens > start`), so the inclusive threshold is start + 1.
    tier.longContext = sorted.map(([start, set]) => ({ fromInputTokens: start + 1, prices: clean({ ...base, ...set }) }));
  }
  const webSearch = genaiPricesPrice(prices[WEB_SEARCH], WEB_SEARCH, keepZero);
  return webSearch === undefined ? { tier, unconverted } : { tier, webSearch, unconverted };
}

/**
 * @internal A genai-prices model's prices → dated periods, oldest first. Hour-of-day windows
 * (DeepSeek's peak hours) are not periods: the newest period bills the peak price (an upper
 * bound) and carries the off-peak price in `offPeak`.
 */
export function genaiPricesPeriods(model: GenaiPricesModel, keepZero = false): GpPeriod[] {
  const list = Array.isArray(model.prices) ? (model.prices as ReadonlyArray<{ constraint?: Record<string, unknown>; prices: Record<string, unknown> }>) : [{ prices: model.prices as Record<string, unknown> }];
  const periods: GpPeriod[] = [];
  const windows: Array<{ tier: GpTier; start: string; end: string }> = [];
  for (const [index, item] of list.entries()) {
    if (!isObject(item) || !isObject(item.prices)) throw new MalformedField(`prices[${index}]`, 'must be { constraint?, prices: { ... } }', item);
    const constraint = item.constraint;
    const { tier, webSearch } = genaiPricesTier(item.prices, keepZero);
    if (constraint === undefined) periods.push(clean({ standard: tier, webSearch }));
    else if (constraint['type'] === 'start_date' || 'start_date' in constraint) periods.push(clean({ from: String(constraint['start_date']), standard: tier, webSearch }));
    else windows.push({ tier, start: hourMinute(constraint['start_time'], `prices[${index}].constraint.start_time`), end: hourMinute(constraint['end_time'], `prices[${index}].constraint.end_time`) }); // a peak window by time of day
  }
  periods.sort((a, b) => (a.from ?? '').localeCompare(b.from ?? ''));
  const last = periods.at(-1);
  const peak = windows.at(-1);
  if (last !== undefined && peak !== undefined) {
    // The windows' prices apply inside them (the peak); the newest unconstrained price is the rest of the day.
    // Windows at different prices cannot be one peak price: the dearest is billed in all of them (an upper bound).
    const dearest = windows.reduce((best, window) => (Number(window.tier.outputPerMillion ?? 0) > Number(best.tier.outputPerMillion ?? 0) ? window : best), peak);
    periods[periods.length - 1] = { ...last, standard: dearest.tier, offPeak: last.standard, peakHoursUtc: windows.map((window) => ({ fromUtc: window.start, untilUtc: window.end })) };
  }
  return periods;
}

/** @internal The price fields of a model that llm-spend does not read (`output_audio_mtok`, `requests_kcount`, ...). */
export function genaiPricesUnconverted(model: GenaiPricesModel): string[] {
  const list = Array.isArray(model.prices) ? (model.prices as ReadonlyArray<{ prices: Record<string, unknown> }>) : [{ prices: model.prices as Record<string, unknown> }];
  const keys = new Set<string>();
  for (const item of list) if (isObject(item) && isObject(item.prices)) for (const key of Object.keys(item.prices)) if (!Object.hasOwn(GENAI_PRICES_FIELDS, key) && key !== WEB_SEARCH) keys.add(key);
  return [...keys].sort();
}

/**
 * @internal The providers of genai-prices data in any of its shapes: one provider file (YAML,
 * parsed: `{ id, models: [...] }`), a list of providers, or the npm package's data
 * (`{ providers: [...] }`).
 * @throws LlmSpendError `INVALID_PRICING` when the data has none of these shapes
 */
export function genaiPricesProviders(data: unknown): GenaiPricesProvider[] {
  const list: unknown[] | undefined = Array.isArray(data) ? data : isObject(data) && Array.isArray(data['providers']) ? (data['providers'] as unknown[]) : isObject(data) && Array.isArray(data['models']) ? [data] : undefined;
  if (list === undefined) {
    throw new LlmSpendError(
      'INVALID_PRICING',
      `Invalid genai-prices data: expected a provider ({ id, models: [...] }), a list of providers, or the npm package's data ({ providers: [...] }); got ${describeValue(data)}.`,
      { source: 'genai-prices' },
    );
  }
  return list.map((provider, index) => {
    if (!isObject(provider) || typeof provider['id'] !== 'string' || provider['id'] === '' || !Array.isArray(provider['models'])) {
      throw new LlmSpendError('INVALID_PRICING', `Invalid genai-prices data: provider ${index} needs an \`id\` (a string) and \`models\` (a list); got ${describeValue(provider)}.`, {
        source: 'genai-prices',
        provider: index,
      });
    }
    return provider as unknown as GenaiPricesProvider;
  });
}

// ------------------------------------------------------------------ the converter

/** Options of {@link pricingFromGenaiPrices}. */
export interface GenaiPricesConversionOptions extends ConversionOptions {
  /**
   * Convert only these genai-prices providers (`openai`, `anthropic`, `aws`, ...). Others are
   * left out silently.
   */
  readonly providers?: readonly string[];
}

const TOOL = 'genai-prices';
/** genai-prices provider ids of first-party APIs → llm-spend provider ids (ids kept as they are). */
const FIRST_PARTY: Readonly<Record<string, string>> = {
  openai: 'openai',
  anthropic: 'anthropic',
  google: 'google',
  mistral: 'mistral',
  deepseek: 'deepseek',
  'x-ai': 'xai',
  x_ai: 'xai',
  cohere: 'cohere',
};
/** genai-prices provider ids of hosts → llm-spend host names (ids become `<host>/<model>`). */
const HOSTS: Readonly<Record<string, string>> = { aws: 'bedrock', azure: 'azure' };
/** Vendors named by a Bedrock-style id prefix (`anthropic.claude-…`, `us.meta.llama…`). */
const VENDORS: Readonly<Record<string, string>> = { anthropic: 'anthropic', meta: 'meta', amazon: 'amazon', mistral: 'mistral', cohere: 'cohere', deepseek: 'deepseek', openai: 'openai', google: 'google', qwen: 'qwen' };

/** Where a model of a provider goes: its id, llm-spend provider and host. */
function placeOf(providerId: string, model: GenaiPricesModel): { id: string; provider: string; host?: string } {
  const first = FIRST_PARTY[providerId];
  // google.yml also prices Claude on Vertex AI (its fallback provider is anthropic).
  if (providerId === 'google' && model.id.startsWith('claude')) return { id: `vertex/${model.id}`, provider: 'anthropic', host: 'vertex' };
  if (first !== undefined) return { id: model.id, provider: first };
  const host = HOSTS[providerId] ?? providerId;
  const vendor = /^(?:(?:global|regional|us|eu|apac|jp|au)\.)?([a-z]+)\./.exec(model.id)?.[1];
  const provider = (vendor === undefined ? undefined : VENDORS[vendor]) ?? (providerId === 'azure' ? 'openai' : host);
  return { id: `${host}/${model.id}`, provider, host };
}

/**
 * Converts genai-prices data (pydantic/genai-prices) into a validated llm-spend table: one
 * provider file as parsed YAML (`prices/providers/openai.yml`), a list of providers, or the npm
 * package `@pydantic/genai-prices`' data (`{ providers: [...] }`).
 *
 * Prices are USD per million tokens, each read through `String(n)` (never arithmetic). A tiered
 * price `{ base, tiers: [{ start, price }] }` applies above `start` tokens (exclusive): it
 * becomes a long-context tier from `start + 1` input tokens. `constraint.start_date` prices become
 * effective-dated periods; hour-of-day windows (DeepSeek's peak hours) bill the peak price, an
 * upper bound, with the off-peak price in the entry's notes. A price of 0 is "not billed": a model
 * without an input or output price is skipped (listed in `skipped`), never priced at $0.
 * First-party providers keep their ids (`gpt-5.4`); hosts get `<host>/<model>` (`bedrock/…`
 * for `aws`, `azure/…`, and `vertex/claude-…` for Claude in google.yml), with the plain name
 * as an alias. `match` rules' exact names become aliases. A price's `checkedAt` is the model's
 * `prices_checked` when it has one, else `options.checkedAt`. See docs/converters.md.
 *
 * @param data - the parsed provider file(s) or package data
 * @param options - `checkedAt` (required: the date the data was fetched), `sourceUrl`,
 *   `providers`, `keepZeroPrices`, `onInvalidEntry`
 * @returns `{ table, skipped, warnings }`
 * @throws LlmSpendError `INVALID_PRICING` when the data has none of the shapes above, an entry's
 *   field has the wrong type (naming the entry and field), or `checkedAt` is missing
 * @example
 * ```ts
 * import { pricingFromGenaiPrices } from 'llm-spend/convert';
 * import { estimateCost } from 'llm-spend';
 * const openai = {
 *   id: 'openai',
 *   models: [{
 *     id: 'gpt-5.4', match: { or: [{ equals: 'gpt-5.4' }, { equals: 'gpt-5.4-2026-03-05' }] },
 *     context_window: 1050000, prices_checked: '2026-08-21',
 *     prices: {
 *       input_mtok: { base: 2.5, tiers: [{ start: 272000, price: 5 }] },
 *       cache_read_mtok: 0.25,
 *       output_mtok: { base: 15, tiers: [{ start: 272000, price: 22.5 }] },
 *     },
 *   }],
 * };
 * const { table } = pricingFromGenaiPrices(openai, { checkedAt: '2026-11-25' });
 * table.models[0]?.prices[0]?.standard.longContext?.[0]?.fromInputTokens; // 272001
 * estimateCost({ model: 'gpt-5.4-2026-03-05', inputTokens: 272000, outputTokens: 0, pricing: table }).total; // "0.68"
 * ```
 */
export function pricingFromGenaiPrices(data: unknown, options: GenaiPricesConversionOptions): PricingConversion {
  checkOptions(options, TOOL);
  const providers = genaiPricesProviders(data);
  const conversion = new Conversion(TOOL, options);
  const keepZero = options.keepZeroPrices === true;
  const wanted = options.providers === undefined ? undefined : new Set(options.providers);
  const names = new Map<string, string>(); // every id and alias → the id that owns it
  const aliases = new Map<string, string[]>();
  const entries: Array<{ id: string; names: string[] }> = [];
  for (const provider of providers) {
    if (wanted !== undefined && !wanted.has(provider.id)) continue;
    const url = options.sourceUrl ?? provider.pricing_urls?.find((item) => typeof item === 'string' && item !== '') ?? `genai-prices ${provider.id}`;
    for (const [index, raw] of provider.models.entries()) {
      const label = isObject(raw) && typeof raw['id'] === 'string' ? `${provider.id}/${raw['id']}` : `${provider.id} model ${index}`;
      try {
        if (!isObject(raw)) throw new MalformedField('model', 'must be an object', raw);
        const model = raw as unknown as GenaiPricesModel;
        if (typeof model.id !== 'string' || model.id === '') throw new MalformedField('id', 'must be a non-empty string', own(raw, 'id'));
        if (RESERVED_NAMES.has(model.id)) {
          conversion.skip(label, 'a reserved name, never a model id');
          continue;
        }
        if (!isObject(model.match)) throw new MalformedField('match', 'must be a match rule such as { equals: "gpt-5.4" }', own(raw, 'match'));
        const periods = genaiPricesPeriods(model, keepZero);
        const latest = periods.at(-1);
        if (latest === undefined) {
          conversion.skip(label, 'no price without a constraint or with a start date');
          continue;
        }
        if (periods.some((period) => period.standard.inputPerMillion === undefined || period.standard.outputPerMillion === undefined)) {
          conversion.skip(label, 'no input or no output price per million tokens (not a text-generation price, or 0: never priced at $0)');
          continue;
        }
        const place = placeOf(provider.id, model);
        if (names.has(place.id)) {
          conversion.skip(label, `the id ${JSON.stringify(place.id)} is already taken by ${names.get(place.id) ?? ''}`);
          continue;
        }
        const checked = fullDate(typeof model.prices_checked === 'string' ? model.prices_checked : undefined) ?? options.checkedAt;
        const source: Source = { url, checkedAt: checked, note: `genai-prices ${provider.id}/${model.id}${model.prices_checked === undefined ? '' : `, prices_checked ${String(model.prices_checked)}`}` };
        const notes: string[] = [];
        const prices = periods.map((period) => {
          const out: Record<string, unknown> = { ...(period.from === undefined ? {} : { from: period.from }), standard: period.standard, sources: [source] };
          if (period.webSearch !== undefined) out['fees'] = { webSearchPerThousandCalls: period.webSearch };
          if (period.offPeak !== undefined && period.peakHoursUtc !== undefined) {
            out['offPeak'] = { peakHoursUtc: period.peakHoursUtc, standard: period.offPeak };
            notes.push(`Hour-of-day pricing: peak ${period.peakHoursUtc.map((window) => `${window.fromUtc}–${window.untilUtc}`).join(' and ')} UTC, off-peak the rest of the day; a call priced without a time of day pays the peak price (an upper bound).`);
          }
          return out;
        });
        const input: Modality[] = ['text'];
        if (latest.standard.audioInputPerMillion !== undefined) input.push('audio');
        const contextWindow = typeof model.context_window === 'number' && Number.isSafeInteger(model.context_window) && model.context_window > 0 ? model.context_window : undefined;
        const entry: ModelEntryInput = {
          id: place.id,
          provider: place.provider,
          ...(place.host === undefined ? {} : { host: place.host, hostModelId: model.id }),
          ...(typeof model.name === 'string' && model.name !== '' ? { displayName: model.name } : {}),
          ...(model.deprecated === true ? { status: 'deprecated' as const, statusNote: 'genai-prices marks it deprecated' } : {}),
          ...(contextWindow === undefined ? {} : { contextWindow }),
          modalities: { input, output: ['text'] },
          reasoning: false,
          prices: prices as unknown as ModelEntryInput['prices'],
          notes: [...notes, 'genai-prices gives no modalities or reasoning support: text only and no reasoning are assumed.'],
        };
        if (!conversion.add(entry)) continue;
        for (const field of genaiPricesUnconverted(model)) conversion.unconvertedField(field, place.id);
        names.set(place.id, place.id);
        const candidates: string[] = [...genaiPricesExactNames(model.match), ...(place.id === model.id ? [] : [model.id])];
        entries.push({ id: place.id, names: candidates });
      } catch (error) {
        if (error instanceof MalformedField) conversion.malformed(label, error);
        else throw error;
      }
    }
  }
  // Aliases: each name once, never another model's id (first model wins, in data order).
  for (const { id, names: candidates } of entries) {
    const kept: string[] = [];
    for (const name of candidates) {
      if (name === id || names.has(name) || RESERVED_NAMES.has(name) || name.trim() !== name || name === '') continue;
      names.set(name, id);
      kept.push(name);
    }
    aliases.set(id, kept);
  }
  conversion.setAliases(aliases);
  return conversion.finish();
}
