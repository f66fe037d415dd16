import { describe, expect, it } from 'vitest';
import { isLlmSpendError } from '../../src/errors.js';
import { projectSpend, type SpendProjection } from '../../src/projection/project.js';
import { Dec } from '../../src/money/decimal.js';
import type { WorkloadInput } from '../../src/workload/schema.js';

// Every figure here is worked by hand from the list prices (USD per 1M tokens) in
// ../shared/reference/pricing-facts.md: gpt-5.4-nano 0.20 in / 0.02 cached / 1.25 out,
// gpt-5.4-mini 0.75 / 0.075 / 4.50, gpt-5.4 2.50 / 15.00 (≥ 272K input: 5.00 / 22.50),
// claude-haiku-4-5 1.00 in / 0.10 read / 1.25 write (5 min) / 2.00 write (1 h) / 5.00 out.

const month = (calls: number) => ({ calls, per: 'month' as const });

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isLlmSpendError(error) ? error.code : 'not an LlmSpendError';
  }
  return undefined;
}

/** |a − b| ≤ tolerance, on decimal strings (never through floats). */
function expectUsdWithin(actual: string, expected: string, tolerance: string): void {
  const gap = new Dec(actual).minus(expected).abs();
  expect(gap.lte(tolerance), `${actual} is not within ${tolerance} of ${expected}`).toBe(true);
}

function codes(projection: SpendProjection): string[] {
  return projection.warnings.map((warning) => warning.code);
}

describe('projectSpend: exact results for fixed distributions', () => {
  it('1,000,000 calls a month of 1,000 input + 200 output on gpt-5.4-nano = exactly "450"', () => {
    const projection = projectSpend({ volume: month(1_000_000), tokens: { input: 1000, output: 200 } }, { model: 'gpt-5.4-nano' });
    // per call: 1000 × 0.0000002 + 200 × 0.00000125 = 0.0002 + 0.00025
    expect(projection.perCall).toBe('0.00045');
    expect(projection.spend).toEqual({ expected: '450', p50: '450', p90: '450', p99: '450' });
    expect(projection.breakdown).toEqual({ input: '200', cachedInput: '0', cacheWrite: '0', cacheWrite1h: '0', output: '250', reasoning: '0', images: '0', fees: '0', total: '450' });
    expect(projection.calls).toEqual({ expected: '1000000', p10: '1000000', p90: '1000000' });
    expect(projection.period).toEqual({ name: 'month', hours: '730' });
    expect(projection.band.method).toBe('exact');
    expect(projection.warnings).toEqual([]);
  });

  it('50,000 calls a day over a 730-hour month count 1,520,833.33… calls', () => {
    const projection = projectSpend({ volume: { calls: 50_000, per: 'day' }, tokens: { input: 1000, output: 200 } }, { model: 'gpt-5.4-nano' });
    expect(projection.calls.expected).toBe('1520833.333333333');
    // 0.00045 × 50,000 × 730 / 24 = 684.375 exactly
    expect(projection.spend.expected).toBe('684.375');
    expect(projection.spend.p99).toBe('684.375');
  });

  it('periods: day, week, year and calendar { from, to }', () => {
    const workload: WorkloadInput = { volume: { calls: 1000, per: 'hour' }, tokens: { input: 1000, output: 200 } };
    const spend = (period: Parameters<typeof projectSpend>[1]['period']) => projectSpend(workload, { model: 'gpt-5.4-nano', ...(period === undefined ? {} : { period }) }).spend.expected;
    expect(spend('day')).toBe('10.8'); // 24,000 calls × 0.00045
    expect(spend('week')).toBe('75.6'); // 168,000
    expect(spend('year')).toBe('3942'); // 8,760,000
    expect(spend(undefined)).toBe('328.5'); // 730,000
    // February 2026: 28 days = 672 hours
    expect(spend({ from: '2026-02-01', to: '2026-03-01' })).toBe('302.4');
  });

  it('growth compounds every 730 hours; rounding is half-even to 9 decimals', () => {
    // a year at +10 %/month: 1,000,000 · Σ 1.1^k (k = 0..11) = 21,384,283.76721 calls
    // × 0.00045 = 9,622.9276952445 → half-even at 9 decimals → 9,622.927695244
    const projection = projectSpend({ volume: { calls: 1_000_000, per: 'month', growth: { rate: 0.1, per: 'month' } }, tokens: { input: 1000, output: 200 } }, { model: 'gpt-5.4-nano', period: 'year' });
    expect(projection.calls.expected).toBe('21384283.76721');
    expect(projection.spend.expected).toBe('9622.927695244');
  });

  it('tiers: batch prices; a tier the model lacks is an error', () => {
    // nano batch: 0.10 in, 0.625 out → 100 + 125
    expect(projectSpend({ volume: month(1_000_000), tokens: { input: 1000, output: 200 }, tier: 'batch' }, { model: 'gpt-5.4-nano' }).spend.expected).toBe('225');
    expect(codeOf(() => projectSpend({ volume: month(1), tokens: { input: 1, output: 1 }, tier: 'priority' }, { model: 'gpt-5.4-nano' }))).toBe('TIER_UNAVAILABLE');
  });

  it('reasoning is billed as output, part of output in the breakdown', () => {
    const projection = projectSpend({ volume: month(1_000_000), tokens: { input: 1000, output: 200, reasoning: 800 } }, { model: 'gpt-5.4-nano' });
    // output 1,000 × 1.25 per 1M = 1,250 of which reasoning 1,000
    expect(projection.breakdown.output).toBe('1250');
    expect(projection.breakdown.reasoning).toBe('1000');
    expect(projection.spend.expected).toBe('1450');
    expect(projection.tokensPerCall.output).toBe(1000);
  });
});

describe('projectSpend: conversations', () => {
  it('15 turns × (100 user + 100 assistant), no system prompt: 22,500 input and 1,500 output per conversation', () => {
    const projection = projectSpend({ volume: month(1000), conversation: { turns: 15, userTokensPerTurn: 100, assistantTokensPerTurn: 100 } }, { model: 'gpt-5.4-nano' });
    expect(projection.tokensPerCall.input).toBe(22_500);
    expect(projection.tokensPerCall.output).toBe(1500);
    // 22,500 × 0.0000002 + 1,500 × 0.00000125 = 0.0045 + 0.001875
    expect(projection.perCall).toBe('0.006375');
    expect(projection.spend.expected).toBe('6.375');
  });

  it('random turns use E[T²]: turns 1 or 3, system 50, user 100, assistant 100', () => {
    // T = 1: 150 input; T = 3: 150 + 350 + 550 = 1,050. Mean 600 = 50·2 + 100·(5 + 2)/2 + 100·(5 − 2)/2
    const projection = projectSpend(
      { volume: month(1000), conversation: { turns: { samples: [1, 3] }, userTokensPerTurn: 100, assistantTokensPerTurn: 100, systemTokens: 50 } },
      { model: 'gpt-5.4-nano' },
    );
    expect(projection.tokensPerCall.input).toBe(600);
    expect(projection.tokensPerCall.output).toBe(200);
    // 600 × 0.0000002 + 200 × 0.00000125 = 0.00012 + 0.00025
    expect(projection.perCall).toBe('0.00037');
    expect(projection.band.method).toBe('normal');
  });

  it('conversations that outgrow the context are cut at the turn that no longer fits, never thrown', () => {
    // gpt-4o-mini: 128,000 context. 100 turns of 1,000 + 1,000 tokens outgrow it after turn 64.
    const projection = projectSpend(
      { volume: month(1000), conversation: { turns: 100, userTokensPerTurn: 1000, assistantTokensPerTurn: 1000 }, maxOutputTokens: 1000 },
      { model: 'gpt-4o-mini', draws: 200 },
    );
    expect(projection.contextOverflow.share).toBe(1);
    expect(codes(projection)).toContain('CONTEXT_OVERFLOW');
    // with 1,000 output reserved, input ≤ 127,000 fits: turn t has 2000t − 1000, so turns 1..64
    // fit (turn 64 has exactly 127,000): input Σ = 2000·(64·65/2) − 64,000 = 4,096,000
    expect(projection.tokensPerCall.input).toBe(4_096_000);
    expect(projection.tokensPerCall.output).toBe(64_000);
  });
});

describe('projectSpend: pipelines, tools, cache, images, clamps', () => {
  it('steps: each with its own model and calls per task; volume counts tasks', () => {
    const projection = projectSpend(
      {
        volume: month(10_000),
        steps: [
          { name: 'plan', model: 'gpt-5.4-mini', tokens: { input: 1000, output: 200 } },
          { name: 'act', callsPerTask: 3, tokens: { input: 500, output: 100 } },
        ],
      },
      { model: 'gpt-5.4-nano' },
    );
    // plan on mini: 0.00075 + 0.0009 = 0.00165; act on nano: 3 × (0.0001 + 0.000125) = 0.000675
    expect(projection.perCall).toBe('0.002325');
    expect(projection.spend.expected).toBe('23.25');
    expect(projection.steps?.map((step) => [step.name, step.model, step.calls, step.perCall, step.spend])).toEqual([
      ['plan', 'gpt-5.4-mini', '10000', '0.00165', '16.5'],
      ['act', 'gpt-5.4-nano', '30000', '0.000225', '6.75'],
    ]);
    expect(projection.tokensPerCall.input).toBe(2500);
  });

  it('accepts readonly (`as const`) workloads', () => {
    const pipeline = {
      volume: { calls: 10, per: 'day' },
      steps: [{ name: 'plan', tokens: { input: { samples: [100, 300] }, output: { uniform: [10, 30] } } }],
    } as const;
    expect(projectSpend(pipeline, { model: 'gpt-5.4-nano' }).tokensPerCall.input).toBe(200);
  });

  it('web searches are priced from the table; a missing fee is an error, never $0', () => {
    // $10 per 1,000 searches: 2 per call = 0.02
    const projection = projectSpend({ volume: month(1000), tokens: { input: 1000, output: 200 }, tools: { webSearches: 2 } }, { model: 'gpt-5.4-mini' });
    expect(projection.breakdown.fees).toBe('20');
    expect(projection.spend.expected).toBe('21.65');
    expect(codeOf(() => projectSpend({ volume: month(1000), tokens: { input: 1, output: 1 }, tools: { webSearches: 1 } }, { model: 'gpt-4o-mini' }))).toBe('PRICE_UNAVAILABLE');
  });

  it('cachedShare bills that share of input at the cached price', () => {
    // 500 × 0.0000002 + 500 × 0.00000002 + 200 × 0.00000125 = 0.0001 + 0.00001 + 0.00025
    const projection = projectSpend({ volume: month(1_000_000), tokens: { input: 1000, output: 200 }, cache: { cachedShare: 0.5 } }, { model: 'gpt-5.4-nano' });
    expect(projection.perCall).toBe('0.00036');
    expect(projection.breakdown.cachedInput).toBe('10');
    expect(codeOf(() => projectSpend({ volume: month(1), tokens: { input: 1, output: 1 }, cache: { cachedShare: 0.5 } }, { model: 'groq/llama-4-scout' }))).toBe('PRICE_UNAVAILABLE');
  });

  it('a cached prefix: hits read at the cached price, misses write at the TTL price (Anthropic)', () => {
    // haiku, 6,000 input with a 5,000-token prefix, 80 % hits:
    // hit: 5,000 × 0.10 + 1,000 × 1.00 per 1M = 0.0015; miss: 5,000 × 1.25 + 1,000 × 1.00 = 0.00725
    // 0.8 × 0.0015 + 0.2 × 0.00725 + 100 × 0.000005 = 0.0012 + 0.00145 + 0.0005 = 0.00315
    const workload: WorkloadInput = { volume: month(1000), tokens: { input: 6000, output: 100 }, cache: { prefixTokens: 5000, hitRate: 0.8 } };
    const projection = projectSpend(workload, { model: 'claude-haiku-4-5' });
    expect(projection.perCall).toBe('0.00315');
    expect(projection.breakdown).toMatchObject({ cachedInput: '0.4', cacheWrite: '1.25', cacheWrite1h: '0', input: '1', output: '0.5' });
    expect(projection.tokensPerCall).toMatchObject({ input: 6000, cachedInput: 4000, cacheWrite: 1000 });
    // 1-hour TTL: misses at 2.00 per 1M: 0.2 × 5,000 × 0.000002 = 0.002
    const hour = projectSpend({ ...workload, cache: { prefixTokens: 5000, hitRate: 0.8, ttl: '1h' } }, { model: 'claude-haiku-4-5' });
    expect(hour.breakdown.cacheWrite1h).toBe('2');
    expect(hour.breakdown.cacheWrite).toBe('0');
  });

  it('OpenAI bills no cache write: misses are plain input', () => {
    // nano, 2,000 input, 1,500 prefix, 50 % hits: 750 cached, 1,250 uncached
    const projection = projectSpend({ volume: month(1_000_000), tokens: { input: 2000, output: 0 }, cache: { prefixTokens: 1500, hitRate: 0.5 } }, { model: 'gpt-5.4-nano' });
    expect(projection.breakdown.cacheWrite).toBe('0');
    expect(projection.breakdown.cachedInput).toBe('15'); // 750 × 0.02 per 1M × 1M calls
    expect(projection.breakdown.input).toBe('250'); // 1,250 × 0.20
  });

  it('a prefix below the minimum cacheable length never caches, with a warning', () => {
    const projection = projectSpend({ volume: month(1000), tokens: { input: 6000, output: 100 }, cache: { prefixTokens: 2000, hitRate: 0.9 } }, { model: 'claude-haiku-4-5' });
    expect(projection.breakdown.cachedInput).toBe('0');
    expect(projection.perCall).toBe('0.0065'); // 6,000 × 0.000001 + 100 × 0.000005
    expect(codes(projection)).toEqual(['CACHE_BELOW_MINIMUM']);
  });

  it('images become input tokens by the model formula', () => {
    // 2 images of 1024×1024 on nano: 2 × ceil(1,024 × 2.46) = 2 × 2,520 = 5,040 tokens
    // (1,000 + 5,040) × 0.0000002 + 200 × 0.00000125 = 0.001208 + 0.00025
    const projection = projectSpend({ volume: month(1000), tokens: { input: 1000, output: 200 }, images: { perCall: 2, width: 1024, height: 1024 } }, { model: 'gpt-5.4-nano' });
    expect(projection.perCall).toBe('0.001458');
    expect(projection.breakdown.images).toBe('1.008');
    expect(projection.tokensPerCall.images).toBe(5040);
    const own = projectSpend({ volume: month(1000), tokens: { input: 1000, output: 200 }, images: { perCall: 1, width: 10, height: 10, tokensPerImage: 100 } }, { model: 'mistral-small-2603' });
    expect(own.tokensPerCall.images).toBe(100);
  });

  it('maxOutputTokens caps output + reasoning together, reasoning first', () => {
    // reasoning 500 + visible 300 under a 600 cap: 500 reasoning, 100 visible
    const fixed = projectSpend({ volume: month(1000), tokens: { input: 0, output: 300, reasoning: 500 }, maxOutputTokens: 600 }, { model: 'gpt-5.4-nano' });
    expect(fixed.tokensPerCall).toMatchObject({ output: 600, reasoning: 500 });
    expect(fixed.clampedOutputShare).toBe(1);
    expect(codes(fixed)).toContain('OUTPUT_CLAMPED');
    // uniform output on [0, 1000] capped at 500: E = 0.5 × 250 + 0.5 × 500 = 375, exactly
    const uniform = projectSpend({ volume: month(1000), tokens: { input: 0, output: { uniform: [0, 1000] } }, maxOutputTokens: 500 }, { model: 'gpt-5.4-nano' });
    expect(uniform.tokensPerCall.output).toBe(375);
    expect(uniform.perCall).toBe('0.00046875');
    expect(uniform.clampedOutputShare).toBe(0.5);
  });
});

describe('projectSpend: long context and context fit', () => {
  it('a long-context tier re-prices the whole request', () => {
    // gpt-5.4 at 300,000 input: 300,000 × 5.00 + 100 × 22.50 per 1M = 1.5 + 0.00225
    const projection = projectSpend({ volume: month(1000), tokens: { input: 300_000, output: 100 } }, { model: 'gpt-5.4' });
    expect(projection.perCall).toBe('1.50225');
    expect(projection.longContextShare).toBe(1);
  });

  it('splits by the input distribution where the tier is reached by part of it', () => {
    // issue 11: the tier starts at 272,001 (">272K"), so the range is widened to split there evenly.
    // uniform input on [0, 544,002]: half below 272,001 (mean 136,000.5) at 2.50, half above (mean 408,001.5) at 5.00
    // 0.5 × (136,000.5 × 0.0000025) + 0.5 × (408,001.5 × 0.000005) = 0.170000625 + 1.02000375 = 1.190004375 (output 0)
    const projection = projectSpend({ volume: month(1000), tokens: { input: { uniform: [0, 544_002] }, output: 0 } }, { model: 'gpt-5.4', period: 'month' });
    expect(projection.perCall).toBe('1.190004375');
    expect(projection.longContextShare).toBe(0.5);
    expect(codes(projection)).toContain('LONG_CONTEXT');
  });

  it('context overflow is reported and unpriced, never thrown', () => {
    // gpt-5.4-mini accepts at most 272,000 input: half of uniform [0, 544,000] does not fit
    // fitting half: mean 136,000 × 0.00000075 = 0.102; × 0.5 = 0.051
    const projection = projectSpend({ volume: month(1000), tokens: { input: { uniform: [0, 544_000] }, output: 0 } }, { model: 'gpt-5.4-mini' });
    expect(projection.contextOverflow).toEqual({ share: 0.5, limitInputTokens: 272_000, maxOutputTokens: 0, handling: 'unpriced' });
    expect(projection.perCall).toBe('0.051');
    expect(codes(projection)).toContain('CONTEXT_OVERFLOW');
    const all = projectSpend({ volume: month(1000), tokens: { input: 300_000, output: 10 } }, { model: 'gpt-5.4-mini' });
    expect([all.contextOverflow.share, all.spend.expected]).toEqual([1, '0']);
  });

  it('a tier without long-context prices leaves long requests unpriced (gpt-5.4 priority)', () => {
    const projection = projectSpend({ volume: month(1000), tokens: { input: { samples: [1000, 300_000] }, output: 0 }, tier: 'priority' }, { model: 'gpt-5.4' });
    expect(projection.contextOverflow.share).toBe(0.5);
    expect(projection.perCall).toBe('0.0025'); // 0.5 × 1,000 × 0.000005
  });

  it('without maxOutputTokens, fit leaves room for the most output the workload bills', () => {
    // Mistral Small 4: 262,144 context (issue 11; was 256,000) and 256,000 max output; 200 output tokens leave 261,944
    const projection = projectSpend({ volume: month(1000), tokens: { input: 1000, output: 200 } }, { model: 'mistral-small-2603' });
    expect(projection.contextOverflow).toMatchObject({ share: 0, limitInputTokens: 261_944, maxOutputTokens: 200 });
    expect(projection.spend.expected).toBe('0.27');
  });

  it('asking for more output than the model allows fits nothing', () => {
    const projection = projectSpend({ volume: month(1000), tokens: { input: 10, output: 10 }, maxOutputTokens: 200_000 }, { model: 'gpt-5.4-nano' });
    expect(projection.contextOverflow.share).toBe(1);
    expect(projection.warnings.find((warning) => warning.code === 'CONTEXT_OVERFLOW')?.message).toMatch(/max output/);
  });
});

describe('projectSpend: bands', () => {
  const lognormal: WorkloadInput = { volume: { calls: 50_000, per: 'day' }, tokens: { input: { lognormal: { median: 800, p95: 3000 } }, output: 40 } };

  it('fixed volume: the CLT band is narrow (token noise shrinks as 1/√N) and ordered', () => {
    const projection = projectSpend(lognormal, { model: 'gpt-5.4-mini' });
    expect(projection.band.method).toBe('normal');
    expect(projection.band.fromVolume).toBe('0');
    const { expected, p50, p90, p99 } = projection.spend;
    // Cornish–Fisher (issue 12): a right-skewed cost puts the median below the mean by sd·γ/6 …
    expect(new Dec(p50).lt(expected)).toBe(true);
    expect(new Dec(p90).gt(expected) && new Dec(p99).gt(p90)).toBe(true);
    const sd = new Dec(projection.band.standardDeviation);
    const gamma = new Dec(expected).minus(p50).div(sd).times(6);
    expect(gamma.toNumber()).toBeGreaterThan(0);
    expect(gamma.toNumber()).toBeLessThan(0.05);
    // … and p90 − expected = sd · (z + (z² − 1)·γ/6), z = 1.2816
    const z = new Dec('1.2815515655');
    expectUsdWithin(new Dec(p90).minus(expected).toFixed(), sd.times(z.plus(z.times(z).minus(1).times(gamma).div(6))).toFixed(), '0.000000004');
  });

  it('uncertain volume: the band follows the fitted volume (p90 spend = cost × high)', () => {
    const projection = projectSpend({ volume: { calls: { low: 40_000, expected: 58_000, high: 80_000 }, per: 'month' }, tokens: { input: 1000, output: 200 } }, { model: 'gpt-5.4-nano' });
    expect(projection.band.method).toBe('mixture');
    expect(projection.spend.expected).toBe('26.1'); // 58,000 × 0.00045
    expectUsdWithin(projection.spend.p90, '36', '0.000001'); // 80,000 × 0.00045
    expectUsdWithin(projection.calls.p10, '40000', '0.001');
    expect(codes(projection)).toEqual([]);
  });

  it('small volumes use a seeded Monte Carlo; same seed, same result', () => {
    const small: WorkloadInput = { ...lognormal, volume: { calls: 20, per: 'month' } };
    const a = projectSpend(small, { model: 'gpt-5.4-mini', seed: 7 });
    const b = projectSpend(small, { model: 'gpt-5.4-mini', seed: 7 });
    const c = projectSpend(small, { model: 'gpt-5.4-mini', seed: 8 });
    expect(a.band.method).toBe('monte-carlo');
    expect(a).toEqual(b);
    expect(c.spend.p90).not.toBe(a.spend.p90);
    expect(c.spend.expected).toBe(a.spend.expected);
    expect(codes(a)).toContain('MONTE_CARLO_BAND');
  });

  it('an omitted seed is a fixed constant', () => {
    const small: WorkloadInput = { ...lognormal, volume: { calls: 20, per: 'month' } };
    expect(projectSpend(small, { model: 'gpt-5.4-mini' })).toEqual(projectSpend(small, { model: 'gpt-5.4-mini' }));
  });
});

describe('projectSpend: options', () => {
  it('rejects a missing model, bad seeds and bad draws', () => {
    const workload: WorkloadInput = { volume: month(1), tokens: { input: 1, output: 1 } };
    expect(codeOf(() => projectSpend(workload, {} as never))).toBe('INVALID_WORKLOAD');
    expect(codeOf(() => projectSpend(workload, { model: 'gpt-5.4-nano', seed: Number.NaN }))).toBe('INVALID_WORKLOAD');
    expect(codeOf(() => projectSpend(workload, { model: 'gpt-5.4-nano', draws: 5 }))).toBe('INVALID_WORKLOAD');
    expect(codeOf(() => projectSpend(workload, { model: 'gpt-5.4-nanoo' }))).toBe('UNKNOWN_MODEL');
  });

  it('prices at a past date with `at`', () => {
    expect(codeOf(() => projectSpend({ volume: month(1), tokens: { input: 1, output: 1 } }, { model: 'gpt-5.4-nano', at: '2025-01-01' }))).toBe('PRICE_NOT_IN_EFFECT');
  });
});

describe('uncertain volume in a projection (issue 12)', () => {
  it('500,000 / 1,000,000 / 2,000,000 a month projects with p10/p90 calls exactly low/high and no lopsided warning', () => {
    const projection = projectSpend({ volume: { calls: { low: 500_000, expected: 1_000_000, high: 2_000_000 }, per: 'month' }, tokens: { input: 1000, output: 200 } }, { model: 'gpt-5.4-nano' });
    expect(projection.calls).toEqual({ expected: '1000000', p10: '500000', p90: '2000000' });
    expect(projection.spend.expected).toBe('450');
    expect(projection.warnings.map((warning) => warning.code)).toEqual([]);
  });

  it('a lopsided triple projects with VOLUME_LOPSIDED; one below 0.8·low + 0.1·high is refused with the bound', () => {
    const projection = projectSpend({ volume: { calls: { low: 100, expected: 185, high: 1000 }, per: 'month' }, tokens: { input: 1000, output: 200 } }, { model: 'gpt-5.4-nano' });
    expect(projection.warnings.map((warning) => warning.code)).toContain('VOLUME_LOPSIDED');
    expect(() => projectSpend({ volume: { calls: { low: 100, expected: 150, high: 1000 }, per: 'month' }, tokens: { input: 1000, output: 200 } }, { model: 'gpt-5.4-nano' })).toThrow(/0\.8·low \+ 0\.1·high = 180/);
  });
});

describe('conversations count whole turns (issue 12)', () => {
  const conversation = (turns: unknown) =>
    projectSpend({ volume: { calls: 1_000_000, per: 'month' }, conversation: { turns, systemTokens: 500, userTokensPerTurn: 100, assistantTokensPerTurn: 100 } } as WorkloadInput, { model: 'gpt-5.4-nano' });

  it('uniform [1, 5] turns: E[T²] of whole turns is 10⅓ + ⅙ = 10.5, so 2,550 input tokens (not 2,533⅓)', () => {
    expect(conversation({ uniform: [1, 5] }).tokensPerCall.input).toBe(2550);
  });

  it('2.5 turns are 2 or 3 turns, half and half: 1,900 input tokens; whole turn counts are unchanged', () => {
    expect(conversation(2.5).tokensPerCall.input).toBe(1900);
    expect(conversation(3).tokensPerCall.input).toBe(2400);
    expect(conversation({ samples: [1, 2, 2, 3] }).spend.expected).toBe('540');
  });
});
