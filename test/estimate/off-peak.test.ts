// Hour-of-day prices (issue 11): DeepSeek bills less off-peak. A call with a timestamp is priced
// at the price of its hour (UTC); a call without a time of day pays the peak, an upper bound.
// Figures are worked by hand from genai-prices 0.1.8 (checked against DeepSeek's 2026-08-17
// change): deepseek-v4-flash peak 0.44 / 0.014 / 1.32, off-peak 0.22 / 0.007 / 0.66 per million;
// peak hours 01:00–04:00 and 06:00–10:00 UTC.
import { describe, expect, it } from 'vitest';
import { createCostEstimator, estimateCost } from '../../src/estimate/estimate.js';
import { isLlmSpendError } from '../../src/errors.js';
import { createPricingTable, defaultPricing, getModel } from '../../src/pricing/table.js';

// 8,000 uncached + 2,000 cached input, 1,000 output.
const usage = { inputTokens: 10_000, cachedInputTokens: 2000, outputTokens: 1000 } as const;
// 8,000 × 0.44 + 2,000 × 0.014 + 1,000 × 1.32 = 4,868 per million
const PEAK = '0.004868';
// 8,000 × 0.22 + 2,000 × 0.007 + 1,000 × 0.66 = 2,434 per million
const OFF_PEAK = '0.002434';

function priced(at: string | Date | undefined): { total: string; window: string | undefined } {
  const cost = estimateCost({ model: 'deepseek-v4-flash', ...usage, ...(at === undefined ? {} : { at }) });
  return { total: cost.total, window: cost.priceWindow };
}

describe('hour-of-day prices', () => {
  it('a timestamp inside a peak window pays the peak; outside, the off-peak price', () => {
    expect(priced('2026-11-30T07:00:00Z')).toEqual({ total: PEAK, window: 'peak' });
    expect(priced('2026-11-30T12:00:00Z')).toEqual({ total: OFF_PEAK, window: 'off-peak' });
    expect(priced(new Date('2026-11-30T02:30:00Z'))).toEqual({ total: PEAK, window: 'peak' });
    expect(priced(new Date('2026-11-30T23:59:00Z'))).toEqual({ total: OFF_PEAK, window: 'off-peak' });
  });

  it('window starts are inclusive and ends exclusive', () => {
    expect(priced('2026-11-30T00:59:00Z').window).toBe('off-peak');
    expect(priced('2026-11-30T01:00:00Z').window).toBe('peak');
    expect(priced('2026-11-30T03:59:00Z').window).toBe('peak');
    expect(priced('2026-11-30T04:00:00Z').window).toBe('off-peak');
    expect(priced('2026-11-30T05:59:59Z').window).toBe('off-peak');
    expect(priced('2026-11-30T06:00:00Z').window).toBe('peak');
    expect(priced('2026-11-30T09:59:59.999Z').window).toBe('peak');
    expect(priced('2026-11-30T10:00:00Z').window).toBe('off-peak');
  });

  it('without a time of day (a bare date, or no `at`) the peak is billed: an upper bound', () => {
    expect(priced('2026-11-30')).toEqual({ total: PEAK, window: 'peak' });
    expect(priced(undefined)).toEqual({ total: PEAK, window: 'peak' });
  });

  it('the price before the 2026-08-17 change had no hours: no window is reported', () => {
    // 8,000 × 0.14 + 2,000 × 0.0028 + 1,000 × 0.28 = 1,405.6 per million
    expect(priced('2026-08-16T12:00:00Z')).toEqual({ total: '0.0014056', window: undefined });
  });

  it('an estimator made for a timestamp keeps its window; models without hour prices say nothing', () => {
    const night = createCostEstimator('deepseek-v4-flash', { at: '2026-11-30T22:00:00Z' });
    expect(night(usage)).toMatchObject({ total: OFF_PEAK, priceWindow: 'off-peak' });
    expect(estimateCost({ model: 'gpt-5.4-mini', ...usage, at: '2026-11-30T22:00:00Z' }).priceWindow).toBeUndefined();
  });

  it('the table refuses a malformed window', () => {
    const entry = getModel('deepseek-v4-flash');
    const bad = (offPeak: object): unknown => {
      try {
        createPricingTable({ ...defaultPricing, models: [{ ...entry, prices: [{ ...entry.prices.at(-1), offPeak }] }] } as never);
        return 'accepted';
      } catch (error) {
        return isLlmSpendError(error, 'INVALID_PRICING') ? 'INVALID_PRICING' : String(error);
      }
    };
    const standard = { inputPerMillion: '0.22', outputPerMillion: '0.66' };
    expect(bad({ peakHoursUtc: [{ fromUtc: '01:00', untilUtc: '04:00' }], standard })).toBe('accepted');
    expect(bad({ peakHoursUtc: [{ fromUtc: '25:00', untilUtc: '04:00' }], standard })).toBe('INVALID_PRICING');
    expect(bad({ peakHoursUtc: [], standard })).toBe('INVALID_PRICING');
    expect(bad({ peakHoursUtc: [{ fromUtc: '04:00', untilUtc: '04:00' }], standard })).toBe('INVALID_PRICING');
    expect(bad({ fromUtc: '10:00', untilUtc: '06:00', standard })).toBe('INVALID_PRICING');
  });
});

describe('projections with hour-of-day prices', () => {
  it('price every call at the peak and say so', async () => {
    const { projectSpend } = await import('../../src/projection/project.js');
    const projection = projectSpend({ volume: { calls: 1000, per: 'day' }, tokens: { input: 10_000, output: 1000 } }, { model: 'deepseek-v4-flash' });
    expect(projection.warnings.map((warning) => warning.code)).toContain('PEAK_PRICES_ASSUMED');
    expect(projection.warnings.find((warning) => warning.code === 'PEAK_PRICES_ASSUMED')?.message).toContain('01:00–04:00 and 06:00–10:00 UTC');
    // 1,000 calls a day over a 730-hour month = 30,416.666… calls at the peak $0.00572 (10,000 × 0.44 + 1,000 × 1.32 per million)
    expect(projection.spend.expected).toBe('173.983333333');
  });
});
