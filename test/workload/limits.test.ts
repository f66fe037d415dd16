import { describe, expect, it } from 'vitest';
import { createDistribution, estimateImageTokens, parseWorkload } from '../../src/projection/index.js';
import { expectSpendError } from '../fuzz/expect-error.js';

const volume = { calls: 1, per: 'day' as const };

describe('workload limits (docs/limits.md) are typed errors with the field path', () => {
  it('createDistribution({ fixed: 8e210 }) is refused (its second moment was Infinity)', () => {
    expectSpendError(() => createDistribution({ fixed: 8e210 }), 'INVALID_WORKLOAD', 'fixed', 'at most 1000000000');
    expect(createDistribution({ fixed: 1e9 }).secondMoment).toBe(1e18);
  });

  it('token parameters above 10^9, too many samples, too many turns are refused', () => {
    expectSpendError(() => parseWorkload({ volume, tokens: { input: { uniform: [0, 2e9] }, output: 1 } }), 'INVALID_WORKLOAD', 'tokens.input.uniform[1]');
    expectSpendError(() => parseWorkload({ volume, tokens: { input: { samples: new Array(100_001).fill(1) }, output: 1 } }), 'INVALID_WORKLOAD', 'at most 100000 samples');
    expectSpendError(() => parseWorkload({ volume, conversation: { turns: 1001, userTokensPerTurn: 1, assistantTokensPerTurn: 1 } }), 'INVALID_WORKLOAD', 'conversation.turns', 'limit of 1000');
    expectSpendError(
      () => parseWorkload({ volume, conversation: { turns: { lognormal: { median: 10, p95: 100_000 } }, userTokensPerTurn: 1, assistantTokensPerTurn: 1 } }),
      'INVALID_WORKLOAD',
      'conversation.turns',
    );
    expectSpendError(() => parseWorkload({ volume, steps: [{ callsPerTask: 5000, tokens: { input: 1, output: 1 } }] }), 'INVALID_WORKLOAD', 'steps[0].callsPerTask');
    expectSpendError(() => parseWorkload({ volume: { calls: 1, per: 'day', growth: { rate: 1000, per: 'month' } }, tokens: { input: 1, output: 1 } }), 'INVALID_WORKLOAD', 'volume.growth.rate');
    expect(parseWorkload({ volume, conversation: { turns: 1000, userTokensPerTurn: 1, assistantTokensPerTurn: 1 } }).conversation?.turns).toEqual({ fixed: 1000 });
  });

  it('a { low, median, high } so skewed that its lognormal has a negative mean is refused', () => {
    expectSpendError(() => parseWorkload({ volume: { calls: { low: 0, median: 27, high: 28 }, per: 'second' }, tokens: { input: 1, output: 1 } }), 'INVALID_WORKLOAD', 'volume.calls.median');
  });

  it('estimateImageTokens({ model: {} }) and huge images are typed errors', () => {
    expectSpendError(() => estimateImageTokens({ model: {} } as never), 'INVALID_PRICING');
    expectSpendError(() => estimateImageTokens({ model: {}, width: 10, height: 10 } as never), 'INVALID_PRICING', 'Invalid model entry');
    expectSpendError(() => estimateImageTokens({ model: 'gpt-5.4-mini', width: 1e12, height: 10 }), 'INVALID_WORKLOAD', 'width');
    expectSpendError(() => estimateImageTokens(null as never), 'INVALID_WORKLOAD');
  });
});
