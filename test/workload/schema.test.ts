import { describe, expect, it } from 'vitest';
import { isLlmSpendError, LlmSpendError } from '../../src/errors.js';
import { projectSpend } from '../../src/projection/project.js';
import { parseWorkload, type WorkloadInput } from '../../src/workload/schema.js';

const volume = { calls: 1000, per: 'day' } as const;

/** The INVALID_WORKLOAD error a workload throws (fails the test when it does not throw). */
function errorOf(workload: unknown): LlmSpendError {
  try {
    parseWorkload(workload as WorkloadInput);
  } catch (error) {
    if (isLlmSpendError(error, 'INVALID_WORKLOAD')) return error;
    throw error;
  }
  throw new Error('expected INVALID_WORKLOAD, but the workload parsed');
}

function expectBad(workload: unknown, path: string, message: RegExp): void {
  const error = errorOf(workload);
  expect(error.details['path']).toBe(path);
  expect(error.message).toContain(path);
  expect(error.message).toMatch(message);
}

describe('parseWorkload: valid workloads', () => {
  it('turns a bare number into { fixed: n }', () => {
    const workload = parseWorkload({ volume, tokens: { input: 800, output: 40 } });
    expect(workload.tokens?.input).toEqual({ fixed: 800 });
    expect(workload.tokens?.output).toEqual({ fixed: 40 });
  });

  it('accepts every distribution kind', () => {
    const kinds = [
      { fixed: 3 },
      { uniform: [1, 5] },
      { normal: { mean: 100, sd: 30 } },
      { lognormal: { median: 800, p95: 3000 } },
      { lognormal: { mean: 800, p95: 3000 } },
      { samples: [1, 2, 3] },
      { histogram: [{ upTo: 100, share: 0.25 }, { upTo: 1000, share: 0.75 }] },
    ];
    for (const input of kinds) expect(parseWorkload({ volume, tokens: { input, output: 1 } } as WorkloadInput).tokens?.input).toEqual(input);
  });

  it('accepts conversations, pipelines, uncertain volume and growth', () => {
    expect(() =>
      parseWorkload({
        volume: { calls: { low: 40_000, expected: 58_000, high: 80_000 }, per: 'day', growth: { rate: 0.05, per: 'month' } },
        conversation: { turns: { uniform: [2, 20] }, userTokensPerTurn: 100, assistantTokensPerTurn: 200, systemTokens: 500 },
        cache: { prefixTokens: 1024, hitRate: 0.8, ttl: '1h' },
      }),
    ).not.toThrow();
    expect(() =>
      parseWorkload({
        volume: { calls: { low: 40, median: 50, high: 80 }, per: 'hour' },
        steps: [{ name: 'plan', model: 'gpt-5.4-mini', tokens: { input: 1000, output: 100 } }, { callsPerTask: { samples: [1, 2, 5] }, tokens: { input: 500, output: 50 } }],
        tier: 'batch',
        maxOutputTokens: 4000,
      }),
    ).not.toThrow();
  });
});

describe('parseWorkload: bad workloads throw INVALID_WORKLOAD with the path of the bad field', () => {
  it('negative numbers', () => {
    expectBad({ volume, tokens: { input: -5, output: 1 } }, 'tokens.input', /cannot be negative/);
    expectBad({ volume: { calls: -1, per: 'day' }, tokens: { input: 1, output: 1 } }, 'volume.calls', /cannot be negative/);
    expectBad({ volume, tokens: { input: { uniform: [1, -2] }, output: 1 } }, 'tokens.input.uniform[1]', /cannot be negative/);
  });

  it('non-finite numbers', () => {
    expectBad({ volume, tokens: { input: 1, output: Number.POSITIVE_INFINITY } }, 'tokens.output', /got Infinity/);
    expectBad({ volume, tokens: { input: { fixed: Number.NaN }, output: 1 } }, 'tokens.input.fixed', /finite|NaN/);
    expectBad({ volume, tokens: { input: { normal: { mean: 100, sd: Number.NEGATIVE_INFINITY } }, output: 1 } }, 'tokens.input.normal.sd', /finite/);
  });

  it('p95 below the median', () => {
    expectBad({ volume, tokens: { input: { lognormal: { median: 800, p95: 500 } }, output: 1 } }, 'tokens.input.lognormal.p95', /below the median/);
  });

  it('a lognormal mean and p95 no lognormal can have, with the reason', () => {
    // p95 / mean = 6.25 > e^(z²/2) ≈ 3.868
    expectBad({ volume, tokens: { input: { lognormal: { mean: 800, p95: 5000 } }, output: 1 } }, 'tokens.input.lognormal.p95', /3\.868/);
    expectBad({ volume, tokens: { input: { lognormal: { mean: 800, p95: 700 } }, output: 1 } }, 'tokens.input.lognormal.p95', /below the mean/);
    // just inside the limit is fine
    expect(() => parseWorkload({ volume, tokens: { input: { lognormal: { mean: 800, p95: 3090 } }, output: 1 } })).not.toThrow();
  });

  it('shares outside [0, 1]', () => {
    expectBad({ volume, tokens: { input: 1, output: 1 }, cache: { cachedShare: 1.5 } }, 'cache.cachedShare', /share from 0 to 1/);
    expectBad({ volume, tokens: { input: 1, output: 1 }, cache: { prefixTokens: 2000, hitRate: -0.1 } }, 'cache.hitRate', /share from 0 to 1/);
    expectBad({ volume, tokens: { input: { histogram: [{ upTo: 10, share: 1.2 }] }, output: 1 } }, 'tokens.input.histogram[0].share', /share from 0 to 1/);
  });

  it('unknown distribution kinds', () => {
    const error = errorOf({ volume, tokens: { input: { gamma: { shape: 2 } }, output: 1 } });
    expect(error.details['path']).toBe('tokens.input');
    expect(error.message).toContain('unknown distribution kind "gamma"');
    expect(error.message).toContain('fixed, uniform, normal, lognormal, samples, histogram');
  });

  it('histograms whose shares do not sum to 1', () => {
    expectBad({ volume, tokens: { input: { histogram: [{ upTo: 10, share: 0.5 }, { upTo: 20, share: 0.4 }] }, output: 1 } }, 'tokens.input.histogram', /sum to 1; they sum to 0\.9/);
    expectBad({ volume, tokens: { input: { histogram: [{ upTo: 20, share: 0.5 }, { upTo: 10, share: 0.5 }] }, output: 1 } }, 'tokens.input.histogram[1].upTo', /increase/);
  });

  it('other malformed distributions', () => {
    expectBad({ volume, tokens: { input: { uniform: [5, 1] }, output: 1 } }, 'tokens.input.uniform[1]', /below the min/);
    expectBad({ volume, tokens: { input: { uniform: [1, 'x'] }, output: 1 } }, 'tokens.input.uniform[1]', /got "x"/);
    expectBad({ volume, tokens: { input: { fixed: 1, uniform: [1, 2] }, output: 1 } }, 'tokens.input', /exactly one kind/);
    expectBad({ volume, tokens: { input: {}, output: 1 } }, 'tokens.input', /needs one kind/);
    expectBad({ volume, tokens: { input: 'many', output: 1 } }, 'tokens.input', /a number of tokens or a distribution/);
    expectBad({ volume, tokens: { input: { samples: [] }, output: 1 } }, 'tokens.input.samples', /at least one sample/);
    expectBad({ volume, tokens: { input: { lognormal: { median: 800, mean: 900, p95: 3000 } }, output: 1 } }, 'tokens.input.lognormal.mean', /not both/);
  });

  it('workload shape: exactly one of tokens, conversation or steps; no unknown keys', () => {
    expectBad({ volume }, '(root)', /needs one of tokens, conversation or steps/);
    expectBad({ volume, tokens: { input: 1, output: 1 }, conversation: { turns: 2, userTokensPerTurn: 1, assistantTokensPerTurn: 1 } }, '(root)', /exactly one of/);
    const typo = errorOf({ volume, tokens: { input: 1, ouput: 1 } });
    expect(typo.message).toContain('tokens.output: is required');
    expect(typo.message).toContain('Unrecognized key: "ouput"');
    expectBad({ volume, steps: [] }, 'steps', /at least one step/);
    expectBad({ volume, steps: [{ tokens: { input: 1, output: -1 } }] }, 'steps[0].tokens.output', /negative/);
  });

  it('volume: unit, growth and an uncertain volume no fit can have', () => {
    expectBad({ volume: { calls: 5, per: 'fortnight' }, tokens: { input: 1, output: 1 } }, 'volume.per', /second, minute, hour, day, week, month/);
    expectBad({ volume: { calls: 5, per: 'day', growth: { rate: -1, per: 'month' } }, tokens: { input: 1, output: 1 } }, 'volume.growth.rate', /above -1/);
    expectBad({ volume: { calls: { low: 50, expected: 40, high: 80 }, per: 'day' }, tokens: { input: 1, output: 1 } }, 'volume.calls.expected', /0\.8·low \+ 0\.1·high = 48/);
    // 50 is the mean here; with p10 40 and p90 80 the bound 0.8·40 + 0.1·80 = 40 is met: it fits (issue 12)
    expect(() => parseWorkload({ volume: { calls: { low: 40, expected: 50, high: 80 }, per: 'day' }, tokens: { input: 1, output: 1 } })).not.toThrow();
    const error = errorOf({ volume: { calls: { low: 100, expected: 150, high: 1000 }, per: 'day' }, tokens: { input: 1, output: 1 } });
    expect(error.details['path']).toBe('volume.calls.expected');
    expect(error.message).toContain('0.8·low + 0.1·high = 180');
    expect(error.message).toContain('{ low: 100, median: 150, high: 1000 }');
  });

  it('cache, images and tools', () => {
    expectBad({ volume, tokens: { input: 1, output: 1 }, cache: { prefixTokens: 100 } }, 'cache.hitRate', /required/);
    expectBad({ volume, tokens: { input: 1, output: 1 }, cache: { prefixTokens: 100.5, hitRate: 0.5 } }, 'cache.prefixTokens', /whole/);
    expectBad({ volume, tokens: { input: 1, output: 1 }, images: { perCall: 1, width: 0, height: 10 } }, 'images.width', /greater than 0/);
    expectBad({ volume, tokens: { input: 1, output: 1 }, images: { perCall: 1, width: 10, height: 10, detail: 'ultra' } }, 'images.detail', /low, high, auto, original/);
    expectBad({ volume, tokens: { input: 1, output: 1 }, tools: { webSearches: -1 } }, 'tools.webSearches', /negative/);
    expectBad({ volume, tokens: { input: 1, output: 1 }, tier: 'turbo' }, 'tier', /standard, batch, flex, priority, regional/);
    expectBad({ volume, tokens: { input: 1, output: 1 }, maxOutputTokens: 0 }, 'maxOutputTokens', /greater than 0/);
  });

  it('projectSpend throws the same error before any pricing', () => {
    expect(() => projectSpend({ volume, tokens: { input: { lognormal: { median: 800, p95: 500 } }, output: 1 } }, { model: 'gpt-5.4-nano' })).toThrow(/tokens\.input\.lognormal\.p95/);
  });
});
