// LiteLLM's model_prices_and_context_window.json → a validated llm-spend PricingTable.
// Field semantics follow LiteLLM's own cost engine (litellm/litellm_core_utils/llm_cost_calc/utils.py):
// `_above_<N>k_tokens` prices apply when prompt tokens > N × 1000 (≥ for xAI), service-tier
// prices carry a `_batches`, `_flex` or `_priority` suffix. See docs/converters.md.
import { LlmSpendError } from '../../errors.js';
import type { Dec } from '../../money/decimal.js';
import type { LongContextTier, ModelEntryInput, PriceSet, TierRates } from '../schema.js';
import {
  checkOptions,
  Conversion,
  decimalText,
  describeValue,
  isObject,
  knownModalities,
  MalformedField,
  own,
  perTokenToPerMillion,
  readBoolean,
  readPrice,
  readString,
  readStringArray,
  readTokenCount,
  RESERVED_NAMES,
  type ConversionOptions,
  type ConversionWarning,
  type PricingConversion,
  type SourcePrice,
} from './shared.js';

/** Options of {@link pricingFromLiteLLM}. */
export interface LiteLLMConversionOptions extends ConversionOptions {
  /**
   * The LiteLLM `mode`s to convert. Embedding, image, audio, rerank and other modes are
   * skipped by default: llm-spend prices token-in, text-out calls. An entry without `mode`
   * is converted when it has per-token prices.
   * @defaultValue ['chat', 'completion', 'responses']
   */
  readonly modes?: readonly string[];
}

const TOOL = 'LiteLLM';
const DEFAULT_SOURCE = 'LiteLLM model_prices_and_context_window.json';
const DEFAULT_MODES: readonly string[] = ['chat', 'completion', 'responses'];
/** Providers whose `_above_` thresholds LiteLLM applies inclusively (prompt tokens ≥ N). */
const INCLUSIVE_THRESHOLD_PROVIDERS: ReadonlySet<string> = new Set(['xai']);

type Field = keyof Omit<PriceSet, 'cachedAudioInputPerMillion'>;
type Tier = 'standard' | 'batch' | 'flex' | 'priority';

const FIELD_OF: ReadonlyMap<string, Field> = new Map([
  ['input_cost_per_token', 'inputPerMillion'],
  ['output_cost_per_token', 'outputPerMillion'],
  ['cache_read_input_token_cost', 'cachedInputPerMillion'],
  ['cache_creation_input_token_cost', 'cacheWritePerMillion'],
  ['cache_creation_input_token_cost_above_1hr', 'cacheWrite1hPerMillion'],
  ['input_cost_per_audio_token', 'audioInputPerMillion'],
]);
const TIER_OF: ReadonlyMap<string, Tier> = new Map([
  ['batches', 'batch'],
  ['flex', 'flex'],
  ['priority', 'priority'],
]);
const TIERS: readonly Tier[] = ['standard', 'batch', 'flex', 'priority'];
// <price>[_<tier>][_above_<N>[k]_tokens][_<tier>]; the 1-hour cache write is tried before the 5-minute one.
const PRICE_KEY =
  /^(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|cache_creation_input_token_cost_above_1hr|cache_creation_input_token_cost|input_cost_per_audio_token)(?:_(batches|flex|priority))?(?:_above_(\d+)(k?)_tokens)?(?:_(batches|flex|priority))?$/;
const REGIONAL_PREFIX = 'regional_processing_uplift_multiplier_';
/** Price-bearing fields without "cost" in their name, reported as not converted. */
const OTHER_PRICE_FIELDS: ReadonlySet<string> = new Set(['off_peak_pricing', 'provider_specific_entry']);

interface Found {
  readonly key: string;
  readonly price: SourcePrice;
}
type Fields = Map<Field, Found>;
interface TierPrices {
  readonly base: Fields;
  /** Prices above a threshold (exclusive, in tokens), by threshold. */
  readonly above: Map<number, Fields>;
}

/**
 * Converts LiteLLM's `model_prices_and_context_window.json` (parsed JSON, an object keyed by
 * model name with per-token prices as JSON numbers) into a validated llm-spend table.
 *
 * Each price is read through `String(n)` and multiplied by 10^6 in decimal arithmetic, so
 * `1.5e-7` per token becomes exactly `"0.15"` per million. A missing price stays absent, and a
 * model without an input or output price is skipped (listed in `skipped`), never priced at $0.
 * `_above_<N>k_tokens` prices become a long-context tier from N × 1000 + 1 input tokens (LiteLLM
 * applies them when prompt tokens exceed N × 1000; from N × 1000 for xAI, as LiteLLM does);
 * `_batches`, `_flex` and `_priority` prices become the batch, flex and priority tiers, and
 * `regional_processing_uplift_multiplier_eu/us` a regional tier (standard × the multiplier).
 * Keys are used as ids unchanged (`gpt-4o-mini`, `groq/llama-3.1-8b-instant`); `sample_spec`
 * and names such as `__proto__` are skipped. See docs/converters.md for every rule.
 *
 * @param json - the parsed file (`JSON.parse` of its text)
 * @param options - `checkedAt` (required: the date the file was fetched), `sourceUrl`, `modes`,
 *   `providers`, `keepZeroPrices`, `onInvalidEntry`
 * @returns `{ table, skipped, warnings }`
 * @throws LlmSpendError `INVALID_PRICING` when `json` is not an object, an entry's field has the
 *   wrong type (naming the entry and field), or `checkedAt` is missing
 * @example
 * ```ts
 * import { pricingFromLiteLLM } from 'llm-spend/convert';
 * import { estimateCost } from 'llm-spend';
 * const litellm = JSON.parse(`{
 *   "sample_spec": { "input_cost_per_token": 0.0, "output_cost_per_token": 0.0 },
 *   "gpt-4o-mini": { "litellm_provider": "openai", "mode": "chat", "max_input_tokens": 128000,
 *     "max_output_tokens": 16384, "input_cost_per_token": 1.5e-07,
 *     "cache_read_input_token_cost": 7.5e-08, "output_cost_per_token": 6e-07 }
 * }`);
 * const { table, skipped } = pricingFromLiteLLM(litellm, { checkedAt: '2026-11-25' });
 * table.models[0]?.prices[0]?.standard.inputPerMillion; // "0.15"
 * skipped.map((entry) => entry.id); // ["sample_spec"]
 * estimateCost({ model: 'gpt-4o-mini', inputTokens: 1234, cachedInputTokens: 1000, outputTokens: 567, pricing: table }).total; // "0.0004503"
 * ```
 */
export function pricingFromLiteLLM(json: unknown, options: LiteLLMConversionOptions): PricingConversion {
  checkOptions(options, TOOL);
  if (!isObject(json)) {
    throw new LlmSpendError('INVALID_PRICING', `Invalid ${TOOL} file: expected an object keyed by model name; got ${describeValue(json)}.`, { source: TOOL });
  }
  const conversion = new Conversion(TOOL, options);
  const modes = new Set(options.modes ?? DEFAULT_MODES);
  const providers = options.providers === undefined ? undefined : new Set(options.providers);
  for (const id of Object.keys(json)) {
    try {
      convertEntry(id, own(json, id), conversion, options, modes, providers);
    } catch (error) {
      if (error instanceof MalformedField) conversion.malformed(id, error);
      else throw error;
    }
  }
  return conversion.finish();
}

function convertEntry(
  id: string,
  raw: unknown,
  conversion: Conversion,
  options: LiteLLMConversionOptions,
  modes: ReadonlySet<string>,
  providers: ReadonlySet<string> | undefined,
): void {
  if (id === 'sample_spec') return conversion.skip(id, 'LiteLLM documentation entry, not a model');
  if (RESERVED_NAMES.has(id)) return conversion.skip(id, 'a reserved name, never a model id');
  if (id === '' || id.trim() !== id) return conversion.skip(id, 'not a usable model id (empty, or leading or trailing spaces)');
  if (!isObject(raw)) throw new MalformedField('(entry)', 'must be an object', raw);

  const provider = readString(raw, 'litellm_provider') || (id.includes('/') ? id.slice(0, id.indexOf('/')) : 'unknown');
  if (providers !== undefined && !providers.has(provider)) return; // not asked for: not listed as skipped
  const mode = readString(raw, 'mode');
  if (mode !== undefined && !modes.has(mode)) {
    return conversion.skip(id, `mode "${mode}" is not converted (converted modes: ${[...modes].join(', ')})`);
  }
  const tiered = own(raw, 'tiered_pricing');
  if (tiered !== undefined && tiered !== null) {
    return conversion.skip(id, 'range-tiered prices (tiered_pricing) are not converted: LiteLLM applies them graduated for some providers and per request for others');
  }

  // Every price key, by tier and threshold; other fields with "cost" in their name are noted.
  const tiers = new Map<Tier, TierPrices>();
  const uplifts: { key: string; value: Dec }[] = [];
  let reasoningPrice: SourcePrice | undefined;
  const noisy: string[] = [];
  for (const key of Object.keys(raw)) {
    const match = PRICE_KEY.exec(key);
    if (match !== null) {
      const [, name = '', before, threshold, thousands, after] = match;
      const field = FIELD_OF.get(name);
      const price = readPrice(raw, key);
      if (before !== undefined && after !== undefined) {
        conversion.unconvertedField(key, id);
        continue;
      }
      if (price === undefined || field === undefined) continue;
      if (price.noisy) noisy.push(key);
      const tier = TIER_OF.get(before ?? after ?? '') ?? 'standard';
      let prices = tiers.get(tier);
      if (prices === undefined) {
        prices = { base: new Map(), above: new Map() };
        tiers.set(tier, prices);
      }
      let fields = prices.base;
      if (threshold !== undefined) {
        const tokens = Number(threshold) * (thousands === 'k' ? 1000 : 1);
        fields = prices.above.get(tokens) ?? new Map<Field, Found>();
        prices.above.set(tokens, fields);
      }
      fields.set(field, { key, price });
    } else if (key === 'output_cost_per_reasoning_token') {
      reasoningPrice = readPrice(raw, key);
    } else if (key.startsWith(REGIONAL_PREFIX)) {
      const value = readPrice(raw, key);
      if (value !== undefined && !value.value.isZero()) uplifts.push({ key, value: value.value });
    } else if (key.includes('cost') || OTHER_PRICE_FIELDS.has(key)) {
      const value = own(raw, key);
      if (value !== undefined && value !== null) conversion.unconvertedField(key, id);
    }
  }

  // Prices of exactly 0: unknown unless the caller keeps them.
  const zeros: string[] = [];
  for (const prices of tiers.values()) {
    for (const fields of [prices.base, ...prices.above.values()]) {
      for (const [field, found] of fields) {
        if (!found.price.value.isZero()) continue;
        zeros.push(found.key);
        if (options.keepZeroPrices !== true) fields.delete(field);
      }
    }
  }
  const standard = tiers.get('standard');
  const baseInput = standard?.base.get('inputPerMillion');
  const baseOutput = standard?.base.get('outputPerMillion');
  if (baseInput === undefined || baseOutput === undefined) {
    const key = baseInput === undefined ? 'input_cost_per_token' : 'output_cost_per_token';
    return conversion.skip(
      id,
      zeros.includes(key)
        ? `${key} is 0 (LiteLLM also writes 0 for prices it does not know); pass keepZeroPrices: true to keep free models`
        : `no ${baseInput === undefined ? 'input' : 'output'} price per token (${key})`,
    );
  }
  if (reasoningPrice !== undefined && !reasoningPrice.value.eq(baseOutput.price.value)) {
    return conversion.skip(
      id,
      `bills reasoning tokens at ${perTokenToPerMillion(reasoningPrice.value)} per 1M (output_cost_per_reasoning_token), not at the output price ${perTokenToPerMillion(baseOutput.price.value)}; llm-spend bills reasoning as output`,
    );
  }

  // Warnings about this entry are kept back until it is converted.
  const warnings: ConversionWarning[] = [];
  const inclusive = INCLUSIVE_THRESHOLD_PROVIDERS.has(provider);
  const rates: Partial<Record<Tier, TierRates>> = {};
  for (const tier of TIERS) {
    const prices = tiers.get(tier);
    if (prices === undefined) continue;
    const built = buildTier(id, tier, prices, inclusive, conversion, warnings);
    if (built !== undefined) rates[tier] = built;
  }
  const standardRates = rates.standard;
  if (standardRates === undefined) return conversion.skip(id, 'no standard price set');

  const input = new Set<string>(readStringArray(raw, 'supported_modalities') ?? ['text']);
  if (readBoolean(raw, 'supports_vision') === true) input.add('image');
  if (readBoolean(raw, 'supports_pdf_input') === true) input.add('pdf');
  if (readBoolean(raw, 'supports_audio_input') === true) input.add('audio');
  if (readBoolean(raw, 'supports_video_input') === true) input.add('video');
  const output = new Set<string>(readStringArray(raw, 'supported_output_modalities') ?? ['text']);
  if (readBoolean(raw, 'supports_audio_output') === true) output.add('audio');
  const inputModalities = knownModalities(input);
  const outputModalities = knownModalities(output);
  if (!outputModalities.includes('text')) {
    return conversion.skip(id, `does not output text (supported_output_modalities: ${[...output].join(', ')})`);
  }

  const maxInputTokens = readTokenCount(raw, 'max_input_tokens');
  const maxOutputTokens = readTokenCount(raw, 'max_output_tokens');
  const minCacheableTokens = readTokenCount(raw, 'prompt_cache_min_tokens');
  const cited = readString(raw, 'source');
  const deprecation = readString(raw, 'deprecation_date');
  const source = { url: options.sourceUrl ?? DEFAULT_SOURCE, checkedAt: options.checkedAt, ...(cited ? { note: `LiteLLM cites ${cited}` } : {}) };

  const regional = regionalTier(id, standardRates, uplifts, source, warnings);
  const entry: ModelEntryInput = {
    id,
    provider,
    modalities: { input: inputModalities.length > 0 ? inputModalities : ['text'], output: outputModalities },
    reasoning: readBoolean(raw, 'supports_reasoning') === true,
    ...(maxInputTokens !== undefined ? { maxInputTokens } : {}),
    ...(maxOutputTokens !== undefined ? { maxOutputTokens } : {}),
    ...(minCacheableTokens !== undefined ? { minCacheableTokens } : {}),
    ...(deprecation ? { notes: [`LiteLLM deprecation_date: ${deprecation}`] } : {}),
    prices: [{ ...rates, standard: standardRates, ...(regional !== undefined ? { regional } : {}), sources: [source] }],
  };
  if (!conversion.add(entry)) return;

  if (zeros.length > 0 && options.keepZeroPrices === true) {
    conversion.warn('ZERO_PRICE_KEPT', `${id}: prices of 0 kept as the file says (${zeros.join(', ')}); calls are priced at $0 for those.`);
  } else if (zeros.length > 0) {
    conversion.warn('ZERO_PRICE_IGNORED', `${id}: prices of 0 treated as unknown: ${zeros.join(', ')}.`);
  }
  if (noisy.length > 0) {
    conversion.warn(
      'PRICE_PRECISION',
      `${id}: ${noisy.join(', ')} ha${noisy.length === 1 ? 's' : 've'} more than 15 significant digits (binary float noise in the file?); converted exactly as written.`,
    );
  }
  const firstLong = standardRates.longContext?.[0]?.fromInputTokens;
  if (firstLong !== undefined && maxInputTokens !== undefined && firstLong > maxInputTokens) {
    conversion.warn(
      'LONG_CONTEXT_UNREACHABLE',
      `${id}: the long-context price starts at ${firstLong} input tokens, above max_input_tokens ${maxInputTokens}; requests that large are refused as CONTEXT_EXCEEDED unless you raise maxInputTokens.`,
    );
  }
  for (const warning of warnings) conversion.warn(warning.code, warning.message);
}

function priceSet(fields: Fields, scale: (price: Dec) => string): PriceSet {
  const set: Record<string, string> = {};
  for (const [field, found] of fields) set[field] = scale(found.price.value);
  return set as unknown as PriceSet;
}

function buildTier(id: string, tier: Tier, prices: TierPrices, inclusive: boolean, conversion: Conversion, warnings: ConversionWarning[]): TierRates | undefined {
  const { base } = prices;
  const input = base.get('inputPerMillion');
  const output = base.get('outputPerMillion');
  if (input === undefined || output === undefined) {
    const present = [...base.values(), ...[...prices.above.values()].flatMap((fields) => [...fields.values()])].map((found) => found.key);
    if (present.length > 0) {
      warnings.push({
        code: 'INCOMPLETE_TIER',
        message: `${id}: the ${tier} tier has ${present.join(', ')} but no ${input === undefined ? 'input' : 'output'} price; the ${tier} tier is left out.`,
      });
    }
    return undefined;
  }
  const longContext: LongContextTier[] = [];
  for (const threshold of [...prices.above.keys()].sort((a, b) => a - b)) {
    const fields = prices.above.get(threshold) ?? new Map<Field, Found>();
    if (!fields.has('inputPerMillion')) {
      // LiteLLM only switches prices where an input price above the threshold exists.
      for (const found of fields.values()) conversion.unconvertedField(found.key, id);
      continue;
    }
    if (!fields.has('outputPerMillion')) {
      fields.set('outputPerMillion', output);
      warnings.push({
        code: 'LONG_CONTEXT_PRICE_INHERITED',
        message: `${id}: no ${tier} output price above ${threshold} tokens; the ${tier} output price applies there too (as LiteLLM bills it).`,
      });
    }
    longContext.push({ fromInputTokens: inclusive ? threshold : threshold + 1, prices: priceSet(fields, perTokenToPerMillion) });
  }
  return { ...priceSet(base, perTokenToPerMillion), ...(longContext.length > 0 ? { longContext } : {}) } as TierRates;
}

function regionalTier(
  id: string,
  standard: TierRates,
  uplifts: readonly { key: string; value: Dec }[],
  source: { url: string; checkedAt: string },
  warnings: ConversionWarning[],
): TierRates | undefined {
  const first = uplifts[0];
  if (first === undefined) return undefined;
  if (!uplifts.every((uplift) => uplift.value.eq(first.value))) {
    warnings.push({
      code: 'REGIONAL_UPLIFT_AMBIGUOUS',
      message: `${id}: regional multipliers differ (${uplifts.map((uplift) => `${uplift.key} ${decimalText(uplift.value)}`).join(', ')}); no regional tier is built.`,
    });
    return undefined;
  }
  const factor = first.value;
  const scale = (set: PriceSet): PriceSet => {
    const scaled: Record<string, string> = {};
    for (const [field, price] of Object.entries(set)) if (price !== undefined) scaled[field] = decimalText(factor.times(price));
    return scaled as unknown as PriceSet;
  };
  const { longContext, ...base } = standard;
  return {
    ...scale(base),
    ...(longContext !== undefined ? { longContext: longContext.map((tier) => ({ fromInputTokens: tier.fromInputTokens, prices: scale(tier.prices) })) } : {}),
    source: {
      ...source,
      note: `standard prices × ${decimalText(factor)} (LiteLLM ${uplifts.map((uplift) => uplift.key).join(', ')})`,
    },
  };
}
