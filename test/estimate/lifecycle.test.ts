import { describe, expect, it } from 'vitest';
import { createCostEstimator, createPricingTable, defaultPricing, estimateCost, getModel, withOverrides, type ModelEntry } from '../../src/index.js';

// Per-call pricing never refuses for lifecycle (issue 11, item 6): it prices at the price in
// effect and says the model's status. gpt-4.1-nano: input 0.10, cached 0.025, output 0.40 per 1M.
describe('per-call pricing reports the lifecycle, never refuses for it', () => {
  const usage = { inputTokens: 1000, cachedInputTokens: 200, outputTokens: 100 };

  it('gpt-4.1-nano priced on 2026-11-30 (after its 2026-10-23 shutdown): a cost AND status shut-down with the replacement', () => {
    const cost = estimateCost({ model: 'gpt-4.1-nano', ...usage, at: '2026-11-30' });
    // 800 × 0.10/1M + 200 × 0.025/1M + 100 × 0.40/1M = 0.00008 + 0.000005 + 0.00004
    expect(cost.input).toBe('0.00008');
    expect(cost.cachedInput).toBe('0.000005');
    expect(cost.output).toBe('0.00004');
    expect(cost.total).toBe('0.000125');
    expect(cost.status).toBe('shut-down');
    expect(cost.lifecycle?.shutdownAt?.date).toBe('2026-10-23');
    expect(cost.lifecycle?.replacement?.id).toBe('gpt-5.6-luna');
    expect(cost.lifecycle?.shutdownAt?.source.url).toMatch(/dev\.to/);
  });

  it('createCostEstimator gives the same status and lifecycle on every call', () => {
    const price = createCostEstimator('gpt-4.1-nano', { at: '2026-11-30' });
    const first = price(usage);
    expect(first).toEqual(estimateCost({ model: 'gpt-4.1-nano', ...usage, at: '2026-11-30' }));
    expect(price({ inputTokens: 10, outputTokens: 1 })).toMatchObject({ total: '0.0000014', status: 'shut-down' });
  });

  it('before the shutdown date the model is deprecated; on the date it is shut down', () => {
    expect(estimateCost({ model: 'gpt-4.1-nano', ...usage, at: '2026-10-22' })).toMatchObject({ total: '0.000125', status: 'deprecated' });
    expect(estimateCost({ model: 'gpt-4.1-nano', ...usage, at: '2026-10-23' }).status).toBe('shut-down');
    expect(estimateCost({ model: 'gpt-5-mini', inputTokens: 1, outputTokens: 1, at: '2026-12-10T23:59:59Z' }).status).toBe('deprecated');
    expect(estimateCost({ model: 'gpt-5-mini', inputTokens: 1, outputTokens: 1, at: '2026-12-11' }).status).toBe('shut-down');
  });

  it('without `at`, the status is at the table\'s newest price date (checkedAt 2026-11-25), not at a clock', () => {
    expect(defaultPricing.checkedAt).toBe('2026-11-25');
    expect(estimateCost({ model: 'gpt-4.1-nano', ...usage }).status).toBe('shut-down'); // 2026-10-23 ≤ 2026-11-25
    expect(estimateCost({ model: 'gpt-5-mini', inputTokens: 1, outputTokens: 1 }).status).toBe('deprecated'); // 2026-12-11 > 2026-11-25
    expect(createCostEstimator('gemini-2.5-flash')({ inputTokens: 1, outputTokens: 1 }).status).toBe('deprecated'); // 2026-12-01
    // a table of an earlier date: gpt-4.1-nano was still only deprecated then
    const older = createPricingTable({ ...structuredClone(defaultPricing), checkedAt: '2026-10-01' } as never);
    expect(estimateCost({ model: 'gpt-4.1-nano', ...usage, pricing: older }).status).toBe('deprecated');
  });

  it('an active model says active and carries no lifecycle', () => {
    const cost = estimateCost({ model: 'gpt-5.4-nano', inputTokens: 1000, outputTokens: 100, at: '2026-11-30' });
    expect(cost.status).toBe('active');
    expect('lifecycle' in cost).toBe(false);
    expect(createCostEstimator('gpt-5.4-nano')({ inputTokens: 1000, outputTokens: 100 }).status).toBe('active');
  });

  it('an entry passed by hand: from a table, that table\'s date; from no table, the newest date its prices carry', () => {
    const nano = getModel('gpt-4.1-nano');
    expect(estimateCost({ model: nano, ...usage }).status).toBe('shut-down');
    const loose: ModelEntry = {
      ...structuredClone(nano),
      id: 'my-nano',
      aliases: [],
      prices: [{ ...structuredClone(nano.prices[0]!), sources: [{ url: 'contract', checkedAt: '2026-09-01' }] }],
    };
    // its newest price was checked 2026-09-01, before the 2026-10-23 shutdown
    expect(estimateCost({ model: loose, ...usage })).toMatchObject({ total: '0.000125', status: 'deprecated' });
    expect(estimateCost({ model: loose, ...usage, at: '2026-11-01' }).status).toBe('shut-down');
  });

  it('withOverrides can add a shutdown date (say, from a provider notice) and the status follows it', () => {
    const pricing = withOverrides(defaultPricing, {
      'gpt-5.4-nano': { lifecycle: { shutdownAt: { date: '2027-03-01', source: { url: 'https://example.com/notice', checkedAt: '2026-11-25' } } } },
    });
    const after = estimateCost({ model: 'gpt-5.4-nano', inputTokens: 1000, outputTokens: 100, pricing, at: '2027-03-02' });
    // 1000 × 0.20/1M + 100 × 1.25/1M
    expect(after).toMatchObject({ total: '0.000325', status: 'shut-down' });
    expect(after.lifecycle?.replacement).toBeUndefined();
  });
});
