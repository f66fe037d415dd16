// priceRecord's fast path against estimateCost itself: every field equal, every refusal the same
// problem, for random records across price changes, lifecycle dates, off-peak hours and tiers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateCost } from '../../src/estimate/estimate.js';
import { isLlmSpendError } from '../../src/errors.js';
import { priceRecord } from '../../src/actual/price.js';
import type { UsageRecord } from '../../src/actual/record.js';
import { fcOptions } from '../seed.js';

const MODELS = ['gpt-5.6-sol', 'deepseek-v4-flash', 'claude-sonnet-4-5', 'gpt-5.4', 'gpt-5.4-mini', 'gpt-4.1-nano', 'claude-opus-4-0', 'gemini-2.5-pro', 'o3', 'gpt-5.4-mnii', 'claude-haiku-4-5'];
const TIERS = [undefined, 'standard', 'batch', 'flex', 'priority'] as const;

const at = fc.integer({ min: Date.parse('2025-01-01'), max: Date.parse('2027-06-01') }).map((ms) => new Date(ms).toISOString());
const usage = fc
  .record({
    inputTokens: fc.integer({ min: 0, max: 1_200_000 }),
    cached: fc.nat({ max: 100 }),
    write: fc.nat({ max: 30 }),
    outputTokens: fc.integer({ min: 0, max: 200_000 }),
    reasoningShare: fc.nat({ max: 100 }),
    bad: fc.constantFrom(undefined, undefined, undefined, undefined, -1, 1.5, Number.NaN),
  })
  .map(({ inputTokens, cached, write, outputTokens, reasoningShare, bad }) => ({
    inputTokens: bad ?? inputTokens,
    outputTokens,
    cachedInputTokens: Math.floor((inputTokens * cached) / 200),
    cacheWriteTokens: Math.floor((inputTokens * write) / 200),
    reasoningTokens: Math.floor((outputTokens * reasoningShare) / 100),
  }));

function expected(record: UsageRecord): unknown {
  try {
    const costs = (record.requests ?? [record.usage]).map((u) => estimateCost({ ...u, model: record.model, tier: record.tier ?? 'standard', at: record.at, aggregate: record.aggregate }));
    return costs;
  } catch (error) {
    if (!isLlmSpendError(error)) throw error;
    return error.message;
  }
}

describe('priceRecord', () => {
  it('equals estimateCost field for field on one-request records (or refuses with its message)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...MODELS), fc.constantFrom(...TIERS), at, usage, (model, tier, when, u) => {
        const record: UsageRecord = { at: when, model, ...(tier === undefined ? {} : { tier }), usage: u, calls: 1, aggregate: false, tags: {}, origin: { line: 1, format: 'llm-spend-jsonl' } };
        const want = expected(record);
        const got = priceRecord(record);
        if (typeof want === 'string') {
          expect(got.ok).toBe(false);
          if (!got.ok) expect(got.problem.message).toBe(want);
        } else {
          expect(got.ok).toBe(true);
          if (got.ok) expect(got.cost).toEqual((want as unknown[])[0]);
        }
      }),
      fcOptions,
    );
  });

  it('sums several requests exactly, each at its own long-context threshold', () => {
    const record: UsageRecord = {
      at: '2026-08-25T10:00:00Z',
      model: 'gpt-5.6-sol',
      usage: { inputTokens: 400_000, outputTokens: 2000 },
      requests: [
        { inputTokens: 300_000, outputTokens: 1000 },
        { inputTokens: 100_000, outputTokens: 1000 },
      ],
      calls: 2,
      aggregate: false,
      tags: {},
      origin: { line: 1, format: 'provider-jsonl' },
    };
    const priced = priceRecord(record);
    expect(priced.ok).toBe(true);
    // 300,000 × $8/M + 1000 × $30/M = 2.4 + 0.03; 100,000 × $4/M + 1000 × $20/M = 0.4 + 0.02
    if (priced.ok) {
      expect(priced.cost.total).toBe('2.85');
      expect(priced.cost.longContext).toBe(true);
    }
  });

  it('prices an aggregate at the long-context rates when the band says so, at base rates otherwise (flagged)', () => {
    const base = { at: '2026-03-01T00:00:00Z', model: 'claude-sonnet-4-5', calls: 10, aggregate: true, tags: {}, origin: { line: 1, format: 'anthropic-usage' as const } };
    const usageOf = { inputTokens: 3_000_000, outputTokens: 100_000 };
    const long = priceRecord({ ...base, usage: usageOf, contextWindow: '200k-1M' });
    const short = priceRecord({ ...base, usage: usageOf, contextWindow: '0-200k' });
    const unknown = priceRecord({ ...base, usage: usageOf });
    // long: 3M × $6 + 0.1M × $22.5 = 18 + 2.25; short: 3M × $3 + 0.1M × $15 = 9 + 1.5
    expect(long.ok && long.cost.total).toBe('20.25');
    expect(long.ok && long.cost.longContext).toBe(true);
    expect(short.ok && short.cost.total).toBe('10.5');
    expect(short.ok && short.assumedBaseRates).toBe(undefined);
    expect(unknown.ok && unknown.cost.total).toBe('10.5');
    expect(unknown.ok && unknown.assumedBaseRates).toBe(true);
    // After 2026-04-30 the model has one flat price: the band changes nothing and nothing is assumed.
    const flat = priceRecord({ ...base, at: '2026-05-02T00:00:00Z', usage: usageOf });
    expect(flat.ok && flat.cost.total).toBe('10.5');
    expect(flat.ok && flat.assumedBaseRates).toBe(undefined);
  });
});
