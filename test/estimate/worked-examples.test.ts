import { describe, expect, it } from 'vitest';
import { estimateCost, sumUsd } from '../../src/index.js';

// Each figure is worked by hand from the provider's list price (USD per 1M tokens) in
// ../shared/reference/pricing-facts.md; the arithmetic is written beside it.
describe('worked examples', () => {
  it('gpt-5.4-nano: 1M input + 1M output = 0.20 + 1.25 = "1.45"', () => {
    expect(estimateCost({ model: 'gpt-5.4-nano', inputTokens: 1_000_000, outputTokens: 1_000_000, aggregate: true }).total).toBe('1.45');
    // the same as a thousand calls of 1,000 + 1,000 tokens
    const one = estimateCost({ model: 'gpt-5.4-nano', inputTokens: 1000, outputTokens: 1000 }).total;
    expect(one).toBe('0.00145');
    expect(sumUsd(Array.from({ length: 1000 }, () => one))).toBe('1.45');
  });
});
