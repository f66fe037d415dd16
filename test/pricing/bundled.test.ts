import { describe, expect, it } from 'vitest';
import { createPricingTable, defaultPricing, getModel, PRICING_CHECKED_AT, SERVICE_TIERS, type PriceSet } from '../../src/index.js';
import { bundledPricingData } from '../../src/pricing/data/models.js';

// Typed by hand from ../shared/reference/pricing-facts.md §1–§5 (USD per 1M tokens,
// standard tier): [input, cached input, output, context, max output].
const FACTS: Record<string, [string, string | undefined, string, number | undefined, number | undefined]> = {
  'gpt-5.4': ['2.5', '0.25', '15', 1_050_000, 128_000],
  'gpt-5.4-mini': ['0.75', '0.075', '4.5', 400_000, 128_000],
  'gpt-5.4-nano': ['0.2', '0.02', '1.25', 400_000, 128_000],
  'gpt-5-mini': ['0.25', '0.025', '2', 400_000, 128_000],
  'gpt-5-nano': ['0.05', '0.005', '0.4', 400_000, 128_000],
  'gpt-4o-mini': ['0.15', '0.075', '0.6', 128_000, 16_384],
  'gpt-4.1-mini': ['0.4', '0.1', '1.6', 1_047_576, 32_768],
  'gpt-4.1-nano': ['0.1', '0.025', '0.4', 1_047_576, 32_768],
  'claude-haiku-4-5': ['1', '0.1', '5', 200_000, 64_000],
  'claude-sonnet-4-5': ['3', '0.3', '15', 200_000, 64_000], // issue 11: the 1M beta was retired on 2026-04-30
  'gemini-2.5-flash': ['0.3', '0.03', '2.5', 1_048_576, 65_536], // issue 11: Google's pages say 65,536
  'gemini-2.5-flash-lite': ['0.1', '0.01', '0.4', 1_048_576, 65_536],
  'groq/llama-4-scout': ['0.11', undefined, '0.34', 131_072, 8_192],
  'groq/llama-4-maverick': ['0.2', undefined, '0.6', 131_072, 8_192],
  'together/llama-4-scout': ['0.18', undefined, '0.59', undefined, undefined],
  'deepinfra/llama-4-scout': ['0.1', undefined, '0.3', 327_680, 16_384],
  'deepinfra/llama-4-maverick': ['0.15', undefined, '0.6', 1_048_576, 16_384],
  'openrouter/llama-4-scout': ['0.1', undefined, '0.3', 327_680, 16_384],
  'openrouter/llama-4-maverick': ['0.2', undefined, '0.8', 1_048_576, 16_384],
  'mistral-small-2603': ['0.15', '0.015', '0.6', 262_144, 256_000], // issue 11: context 262,144
};

function prices(set: PriceSet): Array<string | undefined> {
  return [set.inputPerMillion, set.cachedInputPerMillion, set.cacheWritePerMillion, set.cacheWrite1hPerMillion, set.outputPerMillion, set.audioInputPerMillion, set.cachedAudioInputPerMillion];
}

function half(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const [whole = '0', fraction = ''] = value.split('.');
  const scaled = BigInt(whole + fraction) * 5n; // value × 10^len(fraction) × 5 = value/2 × 10^(len+1)
  const digits = scaled.toString().padStart(fraction.length + 2, '0');
  const cut = digits.length - (fraction.length + 1);
  const result = `${digits.slice(0, cut)}.${digits.slice(cut)}`.replace(/\.?0+$/, '');
  return result === '' ? '0' : result;
}

describe('the bundled table', () => {
  it('holds the models of pricing-facts §1–§5 with their figures (issue 11: among the whole catalog)', () => {
    expect(defaultPricing.models.map((model) => model.id)).toEqual(expect.arrayContaining(Object.keys(FACTS)));
    for (const [id, [input, cached, output, context, maxOutput]] of Object.entries(FACTS)) {
      const entry = getModel(id);
      const standard = entry.prices.at(-1)?.standard;
      expect([id, standard?.inputPerMillion, standard?.cachedInputPerMillion, standard?.outputPerMillion]).toEqual([id, input, cached, output]);
      expect([id, entry.contextWindow, entry.maxOutputTokens]).toEqual([id, context, maxOutput]);
    }
  });

  it('is what createPricingTable makes of its data (validated, canonical strings)', () => {
    expect(createPricingTable(bundledPricingData).models).toEqual(defaultPricing.models);
    // issue 11: the table's date is the newest date a price source checked a figure (the fact sheet, 2026-11-25)
    expect(PRICING_CHECKED_AT).toBe('2026-11-25');
    expect(Object.isFrozen(defaultPricing.models[0]?.prices[0]?.standard)).toBe(true);
  });

  it('prices nothing at $0 and every price has a source and a check date', () => {
    for (const entry of defaultPricing.models) {
      for (const period of entry.prices) {
        expect(period.sources.length).toBeGreaterThan(0);
        for (const tier of SERVICE_TIERS) {
          const rates = tier === 'standard' ? period.standard : period[tier];
          if (rates === undefined) continue;
          for (const set of [rates, ...(rates.longContext ?? []).map((long) => long.prices)]) {
            for (const price of prices(set)) if (price !== undefined) expect(Number(price) > 0, `${entry.id} ${tier} ${price}`).toBe(true);
          }
        }
      }
    }
  });

  it('batch is exactly half of standard wherever the provider documents 50% (OpenAI, Anthropic, Google)', () => {
    // issue 11: checked where the batch price is derived from the documented 50% (LiteLLM's own batch figures are single-source)
    for (const entry of defaultPricing.models.filter((model) => ['openai', 'anthropic', 'google'].includes(model.provider))) {
      const period = entry.prices.at(-1);
      if (period?.batch?.source?.derived === undefined || !period.batch.source.derived.includes('50%')) continue;
      expect(prices(period.batch), entry.id).toEqual(prices(period.standard).map(half));
      if (period.flex !== undefined) expect(prices(period.flex), entry.id).toEqual(prices(period.standard).map(half));
    }
  });

  it('OpenAI cache writes cost the plain input price; Anthropic writes are 1.25× and 2× input', () => {
    // issue 11: where no dataset lists a write price (GPT-5.6 and GPT-6 bill writes at 1.25x, per genai-prices)
    for (const entry of defaultPricing.models.filter((model) => model.provider === 'openai' && Object.keys(FACTS).includes(model.id))) {
      const standard = entry.prices.at(-1)?.standard;
      expect(standard?.cacheWritePerMillion, entry.id).toBe(standard?.inputPerMillion);
    }
    expect(getModel('claude-haiku-4-5').prices[0]?.standard).toMatchObject({ cacheWritePerMillion: '1.25', cacheWrite1hPerMillion: '2' });
    expect(getModel('claude-sonnet-4-5').prices[0]?.standard).toMatchObject({ cacheWritePerMillion: '3.75', cacheWrite1hPerMillion: '6' });
  });

  it('regional is ×1.1 on the GPT-5.4 family only', () => {
    expect(getModel('gpt-5.4-mini').prices[0]?.regional).toMatchObject({ inputPerMillion: '0.825', outputPerMillion: '4.95' });
    expect(getModel('gpt-5.4-nano').prices[0]?.regional).toMatchObject({ inputPerMillion: '0.22', outputPerMillion: '1.375' });
    expect(getModel('gpt-4o-mini').prices[0]?.regional).toBeUndefined();
  });

  it('leaves out figures the facts mark UNVERIFIED or missing', () => {
    expect(getModel('gpt-5.4-nano').prices[0]?.priority).toBeUndefined();
    expect(getModel('gpt-5-nano').prices[0]?.priority).toBeUndefined();
    expect(getModel('gpt-4o-mini').prices[0]?.priority).toBeUndefined();
    expect(getModel('mistral-small-2603').prices[0]?.batch).toBeUndefined();
    expect(getModel('gemini-2.5-flash').prices[0]?.priority).toBeUndefined();
    expect(getModel('gemini-2.5-flash-lite').cacheStoragePerMillionPerHour).toBeUndefined();
    expect(getModel('together/llama-4-scout').contextWindow).toBeUndefined();
  });

  it('marks retired models and carries latency and ratings with their sources', () => {
    expect(getModel('groq/llama-4-maverick').status).toBe('deprecated');
    expect(getModel('gpt-5.4-mini').performance?.latency).toMatchObject({ ttftMs: 535, outputTokensPerSecond: 170.3 });
    expect(getModel('gpt-5.4-nano').performance?.latency).toMatchObject({ ttftMs: 578, outputTokensPerSecond: 146.3 });
    expect(getModel('gpt-5.4-mini').performance?.rating).toMatchObject({ capability: 4, speed: 4 });
    expect(getModel('gpt-5.4-nano').performance?.rating).toMatchObject({ capability: 3, speed: 4 });
    expect(getModel('claude-haiku-4-5').performance?.rating).toBeUndefined();
    for (const entry of defaultPricing.models) {
      if (entry.performance?.latency !== undefined) expect(entry.performance.latency.source.url).toContain('aa_models.json');
    }
  });
});
