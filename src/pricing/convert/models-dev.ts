// models.dev's catalog (https://models.dev/api.json) → a validated llm-spend PricingTable.
// The catalog is generated from providers/<provider>/models/<model>.toml: prices are USD per
// million tokens as JSON numbers; `cost.tiers` (or the older `cost.context_over_200k`) hold
// prices for prompts above a context size. See docs/converters.md.
import { LlmSpendError } from '../../errors.js';
import type { LongContextTier, ModelEntryInput, PriceSet } from '../schema.js';
import {
  checkOptions,
  Conversion,
  decimalText,
  describeValue,
  fullDate,
  isObject,
  knownModalities,
  MalformedField,
  own,
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

/**
 * Options of {@link pricingFromModelsDev}: `checkedAt` (required), `sourceUrl`, `providers`,
 * `keepZeroPrices`, `onInvalidEntry`, as for every converter.
 */
export type ModelsDevConversionOptions = ConversionOptions;

const TOOL = 'models.dev';
const DEFAULT_SOURCE = 'models.dev api.json';
/** `context_over_200k` applies to prompts of more than 200,000 tokens. */
const OVER_200K = 200_000;

type Field = 'inputPerMillion' | 'outputPerMillion' | 'cachedInputPerMillion' | 'cacheWritePerMillion' | 'audioInputPerMillion';
const FIELD_OF: ReadonlyMap<string, Field> = new Map([
  ['input', 'inputPerMillion'],
  ['output', 'outputPerMillion'],
  ['cache_read', 'cachedInputPerMillion'],
  ['cache_write', 'cacheWritePerMillion'],
  ['input_audio', 'audioInputPerMillion'],
]);
/** Keys of a cost object handled apart from the price fields. */
const STRUCTURE_KEYS: ReadonlySet<string> = new Set(['reasoning', 'tiers', 'context_over_200k', 'tier']);

interface Found {
  readonly key: string;
  readonly price: SourcePrice;
}
type Fields = Map<Field, Found>;

/**
 * Converts models.dev's catalog (`https://models.dev/api.json`, parsed: `{ [providerId]: { id,
 * name, models: { [modelId]: { cost, limit, modalities, reasoning, ... } } } }`, prices in USD
 * per million tokens) into a validated llm-spend table.
 *
 * Ids are `<provider>/<model>` (`anthropic/claude-sonnet-4-5`, `openrouter/openai/gpt-4o-mini`);
 * the bare model id becomes an alias when exactly one converted provider lists it and it is
 * nobody's id. Prices are read through `String(n)` into decimals, never through float
 * arithmetic; a model without `cost.input` or `cost.output` is skipped, never priced at $0.
 * `cost.tiers` (`{ tier: { type: 'context', size }, input, output, ... }`) and the older
 * `cost.context_over_200k` become long-context tiers from `size + 1` input tokens (200,001),
 * since they apply to prompts of more than `size` tokens. See docs/converters.md.
 *
 * @param json - the parsed catalog (`JSON.parse` of api.json's text)
 * @param options - `checkedAt` (required: the date the catalog was fetched), `sourceUrl`,
 *   `providers`, `keepZeroPrices`, `onInvalidEntry`
 * @returns `{ table, skipped, warnings }`
 * @throws LlmSpendError `INVALID_PRICING` when `json` is not an object, a provider or model has
 *   a field of the wrong type (naming the entry and field), or `checkedAt` is missing
 * @example
 * ```ts
 * import { pricingFromModelsDev } from 'llm-spend/convert';
 * import { estimateCost } from 'llm-spend';
 * const catalog = JSON.parse(`{ "anthropic": { "id": "anthropic", "name": "Anthropic", "models": {
 *   "claude-sonnet-4-5": { "id": "claude-sonnet-4-5", "name": "Claude Sonnet 4.5", "reasoning": true,
 *     "modalities": { "input": ["text", "image", "pdf"], "output": ["text"] },
 *     "cost": { "input": 3, "output": 15, "cache_read": 0.3, "cache_write": 3.75,
 *       "tiers": [{ "tier": { "type": "context", "size": 200000 }, "input": 6, "output": 22.5 }] },
 *     "limit": { "context": 1000000, "output": 64000 } } } } }`);
 * const { table } = pricingFromModelsDev(catalog, { checkedAt: '2026-11-25' });
 * table.models[0]?.aliases; // ["claude-sonnet-4-5"]
 * table.models[0]?.prices[0]?.standard.longContext?.[0]?.fromInputTokens; // 200001
 * estimateCost({ model: 'claude-sonnet-4-5', inputTokens: 200_000, outputTokens: 1000, pricing: table }).total; // "0.615"
 * estimateCost({ model: 'claude-sonnet-4-5', inputTokens: 200_001, outputTokens: 1000, pricing: table }).total; // "1.222506"
 * ```
 */
export function pricingFromModelsDev(json: unknown, options: ModelsDevConversionOptions): PricingConversion {
  checkOptions(options, TOOL);
  if (!isObject(json)) {
    throw new LlmSpendError('INVALID_PRICING', `Invalid ${TOOL} catalog: expected an object keyed by provider id; got ${describeValue(json)}.`, { source: TOOL });
  }
  const conversion = new Conversion(TOOL, options);
  const providers = options.providers === undefined ? undefined : new Set(options.providers);
  const produced = new Set<string>();
  const bareNames = new Map<string, string[]>();

  for (const providerId of Object.keys(json)) {
    if (providers !== undefined && !providers.has(providerId)) continue; // not asked for: not listed as skipped
    if (RESERVED_NAMES.has(providerId)) {
      conversion.skip(providerId, 'a reserved name, never a provider id');
      continue;
    }
    let models: Record<string, unknown>;
    try {
      const provider = own(json, providerId);
      if (!isObject(provider)) throw new MalformedField('(provider)', 'must be an object', provider);
      const value = own(provider, 'models');
      if (!isObject(value)) throw new MalformedField('models', 'must be an object keyed by model id', value);
      models = value;
    } catch (error) {
      if (!(error instanceof MalformedField)) throw error;
      conversion.malformed(providerId, error);
      continue;
    }
    for (const modelId of Object.keys(models)) {
      const id = `${providerId}/${modelId}`;
      try {
        if (convertModel(providerId, modelId, own(models, modelId), produced, conversion, options)) {
          produced.add(id);
          const ids = bareNames.get(modelId);
          if (ids === undefined) bareNames.set(modelId, [id]);
          else ids.push(id);
        }
      } catch (error) {
        if (error instanceof MalformedField) conversion.malformed(id, error);
        else throw error;
      }
    }
  }

  // The bare model id is an alias only where it names exactly one converted model and no id.
  const aliases = new Map<string, string[]>();
  for (const [bare, ids] of bareNames) {
    const only = ids[0];
    if (ids.length !== 1 || only === undefined || produced.has(bare) || RESERVED_NAMES.has(bare)) continue;
    aliases.set(only, [bare]);
  }
  conversion.setAliases(aliases);
  return conversion.finish();
}

function convertModel(
  providerId: string,
  modelId: string,
  raw: unknown,
  produced: ReadonlySet<string>,
  conversion: Conversion,
  options: ModelsDevConversionOptions,
): boolean {
  const id = `${providerId}/${modelId}`;
  if (RESERVED_NAMES.has(modelId)) return skip(conversion, id, 'a reserved name, never a model id');
  if (modelId === '' || id.trim() !== id) return skip(conversion, id, 'not a usable model id (empty, or leading or trailing spaces)');
  if (produced.has(id)) return skip(conversion, id, 'duplicate id: an earlier provider and model produced the same id; the first is kept');
  if (!isObject(raw)) throw new MalformedField('(model)', 'must be an object', raw);

  const modalitiesRaw = own(raw, 'modalities');
  if (modalitiesRaw !== undefined && modalitiesRaw !== null && !isObject(modalitiesRaw)) throw new MalformedField('modalities', 'must be an object', modalitiesRaw);
  const modalities = isObject(modalitiesRaw) ? modalitiesRaw : {};
  const inputNames = readStringArray(modalities, 'input', 'modalities.input') ?? ['text'];
  const outputNames = readStringArray(modalities, 'output', 'modalities.output') ?? ['text'];
  const outputModalities = knownModalities(outputNames);
  if (!outputModalities.includes('text')) return skip(conversion, id, `does not output text (modalities.output: ${outputNames.join(', ') || 'none'})`);
  const inputModalities = knownModalities(inputNames);

  const cost = own(raw, 'cost');
  if (cost === undefined || cost === null) return skip(conversion, id, 'no cost: models.dev lists no price');
  if (!isObject(cost)) throw new MalformedField('cost', 'must be an object', cost);

  const keep = options.keepZeroPrices === true;
  const zeros: string[] = [];
  const noisy: string[] = [];
  const base = readFields(cost, 'cost', id, keep, zeros, noisy, conversion);
  const input = base.get('inputPerMillion');
  const output = base.get('outputPerMillion');
  if (input === undefined || output === undefined) {
    const key = input === undefined ? 'cost.input' : 'cost.output';
    return skip(
      conversion,
      id,
      zeros.includes(key) ? `${key} is 0; pass keepZeroPrices: true to keep free models` : `no ${input === undefined ? 'input' : 'output'} price (${key})`,
    );
  }
  const reasoningPrice = readPrice(cost, 'reasoning', 'cost.reasoning');
  if (reasoningPrice !== undefined && !reasoningPrice.value.eq(output.price.value)) {
    return skip(
      conversion,
      id,
      `bills reasoning tokens at ${decimalText(reasoningPrice.value)} per 1M (cost.reasoning), not at the output price ${decimalText(output.price.value)}; llm-spend bills reasoning as output`,
    );
  }

  // Long-context tiers: `tiers` where present, else the older `context_over_200k`.
  const warnings: ConversionWarning[] = [];
  const tiersRaw = own(cost, 'tiers');
  const over200k = own(cost, 'context_over_200k');
  const sized: { size: number; fields: Fields; where: string }[] = [];
  if (tiersRaw !== undefined && tiersRaw !== null) {
    if (!Array.isArray(tiersRaw)) throw new MalformedField('cost.tiers', 'must be an array', tiersRaw);
    for (const [index, tier] of tiersRaw.entries()) {
      const where = `cost.tiers[${index}]`;
      if (!isObject(tier)) throw new MalformedField(where, 'must be an object', tier);
      const condition = own(tier, 'tier');
      if (!isObject(condition)) throw new MalformedField(`${where}.tier`, 'must be an object such as { type: "context", size: 200000 }', condition);
      const type = readString(condition, 'type', `${where}.tier.type`) ?? 'context';
      if (type !== 'context') return skip(conversion, id, `${where} is a "${type}" price tier; only context-size tiers are converted`);
      const size = own(condition, 'size');
      if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw new MalformedField(`${where}.tier.size`, 'must be a whole, non-negative number of tokens', size);
      const fields = readFields(tier, where, id, keep, zeros, noisy, conversion);
      const tierReasoning = readPrice(tier, 'reasoning', `${where}.reasoning`);
      const tierOutput = fields.get('outputPerMillion')?.price.value ?? output.price.value;
      if (tierReasoning !== undefined && !tierReasoning.value.eq(tierOutput)) {
        return skip(conversion, id, `${where} bills reasoning tokens apart from output (${where}.reasoning); llm-spend bills reasoning as output`);
      }
      sized.push({ size, fields, where });
    }
  } else if (over200k !== undefined && over200k !== null) {
    if (!isObject(over200k)) throw new MalformedField('cost.context_over_200k', 'must be an object', over200k);
    sized.push({ size: OVER_200K, fields: readFields(over200k, 'cost.context_over_200k', id, keep, zeros, noisy, conversion), where: 'cost.context_over_200k' });
  }
  sized.sort((a, b) => a.size - b.size);
  const longContext: LongContextTier[] = [];
  for (const [index, tier] of sized.entries()) {
    if (index > 0 && sized[index - 1]?.size === tier.size) return skip(conversion, id, `two price tiers for the same context size ${tier.size}`);
    for (const [field, label] of [['inputPerMillion', 'input'], ['outputPerMillion', 'output']] as const) {
      if (tier.fields.has(field)) continue;
      tier.fields.set(field, field === 'inputPerMillion' ? input : output);
      warnings.push({
        code: 'LONG_CONTEXT_PRICE_INHERITED',
        message: `${id}: ${tier.where} has no ${label} price; the base ${label} price applies above ${tier.size} tokens too.`,
      });
    }
    longContext.push({ fromInputTokens: tier.size + 1, prices: priceSet(tier.fields) });
  }

  const limit = own(raw, 'limit');
  if (limit !== undefined && limit !== null && !isObject(limit)) throw new MalformedField('limit', 'must be an object', limit);
  const limits = isObject(limit) ? limit : {};
  const contextWindow = readTokenCount(limits, 'context', 'limit.context');
  const maxInputTokens = readTokenCount(limits, 'input', 'limit.input');
  const maxOutputTokens = readTokenCount(limits, 'output', 'limit.output');
  const displayName = readString(raw, 'name');
  const releaseDate = fullDate(readString(raw, 'release_date'));
  const knowledgeCutoff = fullDate(readString(raw, 'knowledge'));
  const lastUpdated = readString(raw, 'last_updated');
  const status = readString(raw, 'status');

  const entry: ModelEntryInput = {
    id,
    provider: providerId,
    hostModelId: modelId,
    ...(displayName ? { displayName } : {}),
    ...(status === 'deprecated' ? { status: 'deprecated' as const } : status === 'alpha' || status === 'beta' ? { status: 'beta' as const } : {}),
    ...(releaseDate !== undefined ? { releaseDate } : {}),
    ...(knowledgeCutoff !== undefined ? { knowledgeCutoff } : {}),
    ...(contextWindow !== undefined ? { contextWindow } : {}),
    ...(maxInputTokens !== undefined ? { maxInputTokens } : {}),
    ...(maxOutputTokens !== undefined ? { maxOutputTokens } : {}),
    modalities: { input: inputModalities.length > 0 ? inputModalities : ['text'], output: outputModalities },
    reasoning: readBoolean(raw, 'reasoning') === true,
    prices: [
      {
        standard: { ...priceSet(base), ...(longContext.length > 0 ? { longContext } : {}) },
        sources: [
          {
            url: options.sourceUrl ?? DEFAULT_SOURCE,
            checkedAt: options.checkedAt,
            ...(lastUpdated ? { note: `models.dev last_updated ${lastUpdated}` } : {}),
          },
        ],
      },
    ],
  };
  if (!conversion.add(entry)) return false;

  if (zeros.length > 0 && keep) conversion.warn('ZERO_PRICE_KEPT', `${id}: prices of 0 kept as the catalog says (${zeros.join(', ')}); calls are priced at $0 for those.`);
  else if (zeros.length > 0) conversion.warn('ZERO_PRICE_IGNORED', `${id}: prices of 0 treated as unknown: ${zeros.join(', ')}.`);
  if (noisy.length > 0) {
    conversion.warn(
      'PRICE_PRECISION',
      `${id}: ${noisy.join(', ')} ha${noisy.length === 1 ? 's' : 've'} more than 15 significant digits (binary float noise in the catalog?); converted exactly as written.`,
    );
  }
  const firstLong = longContext[0]?.fromInputTokens;
  const maxInput = maxInputTokens ?? contextWindow;
  if (firstLong !== undefined && maxInput !== undefined && firstLong > maxInput) {
    conversion.warn(
      'LONG_CONTEXT_UNREACHABLE',
      `${id}: the long-context price starts at ${firstLong} input tokens, above the model's ${maxInputTokens !== undefined ? 'max input' : 'context window'} of ${maxInput}; requests that large are refused as CONTEXT_EXCEEDED.`,
    );
  }
  for (const warning of warnings) conversion.warn(warning.code, warning.message);
  return true;
}

function skip(conversion: Conversion, id: string, reason: string): false {
  conversion.skip(id, reason);
  return false;
}

/** The known price fields of a cost object (or tier); unknown price keys are noted. */
function readFields(
  cost: Record<string, unknown>,
  where: string,
  id: string,
  keep: boolean,
  zeros: string[],
  noisy: string[],
  conversion: Conversion,
): Fields {
  const fields: Fields = new Map();
  for (const key of Object.keys(cost)) {
    const path = `${where}.${key}`;
    const field = FIELD_OF.get(key);
    if (field === undefined) {
      if (STRUCTURE_KEYS.has(key)) continue;
      const value = own(cost, key);
      if (value !== undefined && value !== null) conversion.unconvertedField(`cost.${key}`, id);
      continue;
    }
    const price = readPrice(cost, key, path);
    if (price === undefined) continue;
    if (price.noisy) noisy.push(path);
    if (price.value.isZero()) {
      zeros.push(path);
      if (!keep) continue;
    }
    fields.set(field, { key: path, price });
  }
  return fields;
}

function priceSet(fields: Fields): PriceSet {
  const set: Record<string, string> = {};
  for (const [field, found] of fields) set[field] = decimalText(found.price.value);
  return set as unknown as PriceSet;
}
