// pricingFromGenaiPrices: genai-prices data (a provider file, a list of providers, the npm
// package's data) → a validated llm-spend table. Exact strings throughout.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { estimateCost, getModel, isLlmSpendError, selectPricePeriod } from '../../src/index.js';
import { pricingFromGenaiPrices } from '../../src/pricing/convert/index.js';

const provider = {
  id: 'openai',
  name: 'OpenAI',
  pricing_urls: ['https://openai.example/pricing'],
  models: [
    {
      id: 'gpt-x',
      name: 'GPT X',
      match: { or: [{ equals: 'gpt-x' }, { equals: 'gpt-x-2026-01-01' }, { starts_with: 'gpt-x-' }] },
      context_window: 400000,
      prices_checked: '2026-08-21',
      prices: {
        input_mtok: { base: 0.3, tiers: [{ start: 200000, price: 0.6 }] },
        cache_read_mtok: 0.03,
        output_mtok: { base: 1.1, tiers: [{ start: 200000, price: 2.2 }] },
      },
    },
    {
      id: 'gpt-dated',
      match: { equals: 'gpt-dated' },
      prices: [
        { prices: { input_mtok: 5, output_mtok: 30 } },
        { constraint: { start_date: '2026-08-21', type: 'start_date' }, prices: { input_mtok: 4, output_mtok: 20 } },
      ],
    },
    { id: 'text-embedding-x', match: { equals: 'text-embedding-x' }, prices: { input_mtok: 0.02 } },
    { id: 'free-x', match: { equals: 'free-x' }, prices: { input_mtok: 0, output_mtok: 0 } },
  ],
};

describe('pricingFromGenaiPrices', () => {
  it('reads prices as decimal strings (String(n), never arithmetic) and tiers as start + 1', () => {
    const { table } = pricingFromGenaiPrices(provider, { checkedAt: '2026-11-25' });
    const entry = getModel('gpt-x', { pricing: table });
    expect(entry.prices[0]?.standard).toMatchObject({ inputPerMillion: '0.3', cachedInputPerMillion: '0.03', outputPerMillion: '1.1' });
    expect(entry.prices[0]?.standard.longContext).toEqual([{ fromInputTokens: 200_001, prices: { inputPerMillion: '0.6', cachedInputPerMillion: '0.03', outputPerMillion: '2.2' } }]);
    expect(estimateCost({ model: 'gpt-x', inputTokens: 200_000, outputTokens: 10, pricing: table }).total).toBe('0.060011');
    expect(estimateCost({ model: 'gpt-x', inputTokens: 200_001, outputTokens: 10, pricing: table }).total).toBe('0.1200226');
    expect(entry.contextWindow).toBe(400_000);
    expect(entry.aliases).toEqual(['gpt-x-2026-01-01']);
    expect(entry.prices[0]?.sources).toEqual([{ url: 'https://openai.example/pricing', checkedAt: '2026-08-21', note: 'genai-prices openai/gpt-x, prices_checked 2026-08-21' }]);
  });

  it('a start_date price is an effective-dated period; undated prices take checkedAt', () => {
    const { table } = pricingFromGenaiPrices(provider, { checkedAt: '2026-11-25', sourceUrl: 'https://mirror.example/openai.yml' });
    const entry = getModel('gpt-dated', { pricing: table });
    expect(selectPricePeriod(entry, '2026-08-20').standard.outputPerMillion).toBe('30');
    expect(selectPricePeriod(entry, '2026-08-21').standard.outputPerMillion).toBe('20');
    expect(entry.prices[1]?.sources[0]).toMatchObject({ url: 'https://mirror.example/openai.yml', checkedAt: '2026-11-25' });
  });

  it('skips what has no input or output price (embeddings, 0 = not billed), never pricing at $0', () => {
    const { table, skipped } = pricingFromGenaiPrices(provider, { checkedAt: '2026-11-25' });
    expect(table.models.map((entry) => entry.id)).toEqual(['gpt-x', 'gpt-dated']);
    expect(skipped.map((item) => item.id)).toEqual(['openai/text-embedding-x', 'openai/free-x']);
  });

  it('takes one provider, a list of providers, or the npm shape ({ providers }) alike', () => {
    const one = pricingFromGenaiPrices(provider, { checkedAt: '2026-11-25' }).table;
    expect(pricingFromGenaiPrices([provider], { checkedAt: '2026-11-25' }).table).toEqual(one);
    expect(pricingFromGenaiPrices({ providers: [provider] }, { checkedAt: '2026-11-25' }).table).toEqual(one);
  });

  it('hosts get <host>/<model> with the host name as an alias: aws → bedrock, Claude in google.yml → vertex', () => {
    const aws = { id: 'aws', models: [{ id: 'anthropic.claude-x-v1:0', match: { equals: 'anthropic.claude-x-v1:0' }, prices: { input_mtok: 3, output_mtok: 15 } }] };
    const google = { id: 'google', models: [{ id: 'claude-x', match: { contains: 'claude-x' }, prices: { input_mtok: 3, output_mtok: 15 } }] };
    const { table } = pricingFromGenaiPrices([aws, google], { checkedAt: '2026-11-25' });
    expect(table.models.map((entry) => [entry.id, entry.provider, entry.host, entry.aliases])).toEqual([
      ['bedrock/anthropic.claude-x-v1:0', 'anthropic', 'bedrock', ['anthropic.claude-x-v1:0']],
      ['vertex/claude-x', 'anthropic', 'vertex', ['claude-x']],
    ]);
  });

  it('hour-of-day windows become peak hours with the off-peak price; the peak is the standard price', () => {
    const deepseek = {
      id: 'deepseek',
      models: [{ id: 'deepseek-x', match: { equals: 'deepseek-x' }, prices: [
        { prices: { input_mtok: 0.135, output_mtok: 0.55 } },
        { constraint: { start_time: '00:30:00Z', end_time: '16:30:00Z', type: 'time_of_date' }, prices: { input_mtok: 0.27, output_mtok: 1.1 } },
      ] }],
    };
    const entry = pricingFromGenaiPrices(deepseek, { checkedAt: '2026-11-25' }).table.models[0];
    expect(entry?.prices.at(-1)?.standard).toMatchObject({ inputPerMillion: '0.27', outputPerMillion: '1.1' });
    expect(entry?.prices.at(-1)?.offPeak).toEqual({ peakHoursUtc: [{ fromUtc: '00:30', untilUtc: '16:30' }], standard: { inputPerMillion: '0.135', outputPerMillion: '0.55' } });
    expect(entry?.notes?.[0]).toContain('peak 00:30–16:30 UTC');
  });

  it('a malformed field is INVALID_PRICING naming the entry and field, or a skip with onInvalidEntry', () => {
    const bad = { id: 'openai', models: [{ id: 'gpt-bad', match: { equals: 'gpt-bad' }, prices: { input_mtok: 'cheap', output_mtok: 1 } }] };
    try {
      pricingFromGenaiPrices(bad, { checkedAt: '2026-11-25' });
      expect.unreachable();
    } catch (error) {
      expect(isLlmSpendError(error, 'INVALID_PRICING')).toBe(true);
      expect((error as Error).message).toBe('Invalid genai-prices file: entry "openai/gpt-bad", field "input_mtok" must be a non-negative number; got "cheap".');
    }
    const { skipped } = pricingFromGenaiPrices(bad, { checkedAt: '2026-11-25', onInvalidEntry: 'skip' });
    expect(skipped).toEqual([{ id: 'openai/gpt-bad', reason: 'malformed: field "input_mtok" must be a non-negative number; got "cheap"' }]);
    expect(() => pricingFromGenaiPrices({ nothing: true }, { checkedAt: '2026-11-25' })).toThrow(/expected a provider/);
  });

  it('converts the vendored data: the npm package and a provider file (YAML)', () => {
    const npm = JSON.parse(readFileSync(new URL('../../vendor/genai-prices-npm-0.1.8/providers.json', import.meta.url), 'utf8')) as unknown;
    const all = pricingFromGenaiPrices(npm, { checkedAt: '2026-09-23' });
    expect(all.table.models.length).toBeGreaterThan(300);
    const aws = parseYaml(readFileSync(new URL('../../vendor/genai-prices-2026-08-21/aws.yml', import.meta.url), 'utf8')) as unknown;
    const bedrock = pricingFromGenaiPrices(aws, { checkedAt: '2026-08-21' }).table;
    expect(getModel('regional.anthropic.claude-3-haiku-20240307-v1:0', { pricing: bedrock }).id).toBe('bedrock/regional.anthropic.claude-3-haiku-20240307-v1:0');
  });
});
