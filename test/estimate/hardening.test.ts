import { describe, expect, it } from 'vitest';
import { checkContext, estimateCost } from '../../src/index.js';
import { budgetRunway, compareModels, maxVolumeWithinBudget, projectSpend } from '../../src/projection/index.js';
import { expectSpendError } from '../fuzz/expect-error.js';

const nano = { model: 'gpt-5.4-nano' } as const;
const plain = { volume: { calls: 1000, per: 'day' as const }, tokens: { input: 100, output: 10 } };

describe('projections refuse parameters that would make NaN, Infinity or negative money (issue 10)', () => {
  it('a lognormal p95 of 2^53 is INVALID_WORKLOAD at its path (was expected "31.955913575", p50 "NaN")', () => {
    const error = expectSpendError(
      () => projectSpend({ volume: { calls: 1000, per: 'day' }, tokens: { input: { lognormal: { median: 100, p95: 2 ** 53 } }, output: 10 } }, nano),
      'INVALID_WORKLOAD',
      'tokens.input.lognormal.p95',
    );
    expect(error.details['path']).toBe('tokens.input.lognormal.p95');
  });

  it('a lognormal wider than p95/median = 10^4 is refused, one just inside projects finite money', () => {
    expectSpendError(() => projectSpend({ ...plain, tokens: { input: { lognormal: { median: 10, p95: 100_001 } }, output: 10 } }, nano), 'INVALID_WORKLOAD', 'more than 10000 times the median');
    const inside = projectSpend({ ...plain, tokens: { input: { lognormal: { median: 1000, p95: 10_000_000 } }, output: 10 } }, nano);
    for (const value of Object.values(inside.spend)) expect(value).toMatch(/^(0|[1-9]\d*)(\.\d*[1-9])?$/);
  });

  it('a volume of { low: 1, median: 1e12, high: 1e300 } is refused (calls and spend were "Infinity")', () => {
    expectSpendError(() => projectSpend({ volume: { calls: { low: 1, median: 1e12, high: 1e300 }, per: 'day' }, tokens: { input: 100, output: 10 } }, nano), 'INVALID_WORKLOAD', 'volume.calls.high');
  });

  it('samples [1e154, 2e154] are refused (p50 was "NaN"), in projectSpend and compareModels alike', () => {
    const workload = { ...plain, tokens: { input: { samples: [1e154, 2e154] }, output: 10 } };
    expectSpendError(() => projectSpend(workload, nano), 'INVALID_WORKLOAD', 'tokens.input.samples[0]');
    expectSpendError(() => compareModels(workload, ['gpt-5.4-nano', 'gpt-5.4-mini']), 'INVALID_WORKLOAD', 'tokens.input.samples[0]');
  });

  it('1e308 calls per second, 9e15 calls and 2^53+1 tokens are refused with their field paths', () => {
    expectSpendError(() => projectSpend({ volume: { calls: 1e308, per: 'second' }, tokens: { input: 100, output: 10 } }, nano), 'INVALID_WORKLOAD', 'volume.calls');
    expectSpendError(() => projectSpend({ volume: { calls: 9e15, per: 'day' }, tokens: { input: 100, output: 10 } }, nano), 'INVALID_WORKLOAD', 'volume.calls');
    expectSpendError(() => projectSpend({ volume: { calls: 1, per: 'day' }, tokens: { input: 1e300, output: 10 } }, nano), 'INVALID_WORKLOAD', 'tokens.input');
    expectSpendError(() => projectSpend({ volume: { calls: 1, per: 'day' }, tokens: { input: 100, output: 2 ** 53 + 1 } }, nano), 'INVALID_WORKLOAD', 'tokens.output');
    // A rate within the schema that compounds past 10^15 calls over the period is refused too.
    expectSpendError(
      () => projectSpend({ volume: { calls: 1e12, per: 'second', growth: { rate: 100, per: 'month' } }, tokens: { input: 1, output: 1 } }, { ...nano, period: 'year' }),
      'INVALID_WORKLOAD',
      'limit of 1000000000000000 calls',
    );
  });

  it('an invalid at or period date is refused with its field (not read as another day)', () => {
    expectSpendError(() => projectSpend(plain, { ...nano, at: '2026-02-30' }), 'INVALID_USAGE', '`at`');
    expectSpendError(() => projectSpend(plain, { ...nano, at: '1' }), 'INVALID_USAGE', '`at`');
    expectSpendError(() => projectSpend(plain, { ...nano, period: { from: '2026-02-30', to: '2026-04-01' } }), 'INVALID_WORKLOAD', 'period.from');
    expectSpendError(() => projectSpend(plain, { ...nano, period: { from: '2026-01-01', to: '2226-01-01' } }), 'INVALID_WORKLOAD', '100 years');
  });

  it('draws above 1,000,000 are refused at once (1e7 ran 12 s)', () => {
    const start = performance.now();
    expectSpendError(() => projectSpend(plain, { ...nano, draws: 1e7 }), 'INVALID_WORKLOAD', 'draws must be a whole number from 100 to 1000000');
    expectSpendError(() => projectSpend(plain, { ...nano, draws: 5n as never }), 'INVALID_WORKLOAD', '5n');
    expectSpendError(() => projectSpend(plain, { ...nano, seed: Symbol('s') as never }), 'INVALID_WORKLOAD', 'a symbol');
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('a cache prefix longer than the prompt is capped at the prompt: never negative input, with a warning', () => {
    // claude-sonnet-4-5: cache write (5 min) $3.75 per million, output $15 per million.
    // One turn: a prompt of 11 + 34 = 45 tokens, shorter than the 2,179-token prefix; with a hit
    // rate of 0 every conversation writes its 45 tokens, and nothing is left uncached.
    // 1000 a day × 730 h / 24 h = 30416.666… conversations:
    //   cache write 30416.666… × 45 × 3.75 / 10^6 = 5.1328125
    //   output      30416.666… × 100 × 15 / 10^6  = 45.625
    const one = projectSpend(
      { volume: { calls: 1000, per: 'day' }, conversation: { turns: 1, systemTokens: 11, userTokensPerTurn: 34, assistantTokensPerTurn: 100 }, cache: { prefixTokens: 2179, hitRate: 0 } },
      { model: 'claude-sonnet-4-5', seed: 2 },
    );
    expect(one.breakdown.input).toBe('0');
    expect(one.breakdown.cacheWrite).toBe('5.1328125');
    expect(one.breakdown.output).toBe('45.625');
    expect(one.spend.expected).toBe('50.7578125');
    expect(one.warnings.map((w) => w.code)).toContain('CACHE_PREFIX_CAPPED');

    // The reported case: several turns, seed 2. The uncached part was -$5.23 here (-$685.39 in the CLI's plan).
    const many = projectSpend(
      {
        volume: { calls: 1000, per: 'day' },
        conversation: { turns: { uniform: [1, 10] }, systemTokens: 11, userTokensPerTurn: 34, assistantTokensPerTurn: 100 },
        cache: { prefixTokens: 2179, hitRate: 0 },
      },
      { model: 'claude-sonnet-4-5', seed: 2 },
    );
    for (const [part, value] of Object.entries(many.breakdown)) expect(value, part).toMatch(/^(0|[1-9]\d*)(\.\d*[1-9])?$/);
    // Every prompt (at most 11 + 10 × 34 + 9 × 100 = 1,251 tokens) is shorter than the prefix: all of it is written.
    expect(many.breakdown.input).toBe('0');
    expect(many.tokensPerCall.cacheWrite).toBeCloseTo(many.tokensPerCall.input, 6);

    // A plain call workload whose prefix is longer than its input: only the input is written.
    const call = projectSpend(
      { volume: { calls: 1000, per: 'day' }, tokens: { input: 45, output: 100 }, cache: { prefixTokens: 2179, hitRate: 0 } },
      { model: 'claude-sonnet-4-5' },
    );
    expect(call.breakdown.input).toBe('0');
    expect(call.breakdown.cacheWrite).toBe('5.1328125');
    expect(call.warnings.map((w) => w.code)).toContain('CACHE_PREFIX_CAPPED');
  });

  it('maxVolumeWithinBudget without options, and a p90 answer beyond the call limit, are typed errors', () => {
    expectSpendError(() => (maxVolumeWithinBudget as (w: unknown) => unknown)(plain), 'INVALID_WORKLOAD', 'needs options');
    // $100 a month at p90 on a workload with a heavy tail: the answer stays finite and fits.
    const fit = maxVolumeWithinBudget(
      { volume: { calls: 1, per: 'month' }, tokens: { input: { lognormal: { median: 100, p95: 100_000 } }, output: 10 } },
      { model: 'gpt-5.4-nano', budget: { usd: '100', per: 'month' }, percentile: 'p90' },
    );
    expect(Number(fit.callsPerPeriod)).toBeLessThan(1e15);
    expect(Number(fit.projection.spend.p90)).toBeLessThanOrEqual(100);
    expectSpendError(
      () => maxVolumeWithinBudget({ volume: { calls: 1, per: 'month' }, tokens: { input: 1, output: 0 } }, { model: 'gpt-5.4-nano', budget: { usd: '1000000000000', per: 'month' } }),
      'INVALID_WORKLOAD',
      'buys more than 1000000000000000 calls',
    );
  });

  it('checkContext(), budgetRunway(null) and a bad runway date are typed errors', () => {
    expectSpendError(() => (checkContext as () => unknown)(), 'INVALID_USAGE', 'got undefined');
    expectSpendError(() => budgetRunway(null as never), 'INVALID_WORKLOAD');
    expectSpendError(() => budgetRunway({ workload: plain, model: 'gpt-5.4-nano', budget: '10', from: '2026-02-30' }), 'INVALID_WORKLOAD', '`from`');
    expectSpendError(() => estimateCost({ model: 'gpt-5.4-nano', inputTokens: 1, outputTokens: 1, aggregate: 'yes' as never }), 'INVALID_USAGE', 'aggregate');
  });
});
