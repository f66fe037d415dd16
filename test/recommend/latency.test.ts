import { describe, expect, it } from 'vitest';
import { isLlmSpendError, type LlmSpendErrorCode } from '../../src/errors.js';
import { createDistribution } from '../../src/workload/index.js';
import {
  DEFAULT_LATENCY_TAIL_SIGMA,
  DEFAULT_DECODE_SIGMA,
  DEFAULT_PREFILL_TOKENS_PER_SECOND,
  DEFAULT_TTFT_SIGMA,
  PESSIMISTIC_LATENCY_TAIL_SIGMA,
  estimateLatency,
  fitLatencyProfile,
  MIN_LATENCY_SAMPLES,
  recommendModel,
  type LatencySample,
} from '../../src/recommend/index.js';
import { callLatency, generatedAtoms, lognormalMixture, mixtureOf, sumOf } from '../../src/recommend/latency.js';
import { normalCdf, normalQuantile } from '../../src/recommend/math.js';

const Z95 = 1.6448536269514722;
const Z99 = 2.3263478740408408;

function codeOf(run: () => unknown): LlmSpendErrorCode | 'no error' | 'other error' {
  try {
    run();
    return 'no error';
  } catch (error) {
    return isLlmSpendError(error) ? error.code : 'other error';
  }
}

/** A small seeded generator for the test's own Monte Carlo (mulberry32 + Box–Muller). */
function rng(seed: number): { uniform: () => number; normal: () => number } {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return { uniform, normal: () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()) };
}

function empiricalQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

describe('normal helpers', () => {
  it('Φ and Φ⁻¹ agree with reference values and with each other', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 14);
    expect(normalCdf(-5)).toBeCloseTo(2.866515718791939e-7, 18);
    expect(normalQuantile(0.95)).toBeCloseTo(Z95, 12);
    for (const p of [1e-9, 0.001, 0.1, 0.5, 0.77, 0.99, 1 - 1e-9]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 12);
  });
});

describe('estimateLatency', () => {
  it('the pessimistic profile (shared σ ≈ 1.058) keeps the earlier figures: p50 = TTFT + tokens / speed, p95 = 5.7 × p50', () => {
    const estimate = estimateLatency({ model: 'gpt-5.4-mini', profile: { tailSigma: PESSIMISTIC_LATENCY_TAIL_SIGMA }, outputTokens: 200, reasoningTokens: 300 });
    const median = 535 + (500 * 1000) / 170.3;
    expect(estimate.p50Ms).toBeCloseTo(median, 2);
    expect(estimate.p95Ms).toBeCloseTo(median * Math.exp(Z95 * DEFAULT_LATENCY_TAIL_SIGMA), 1);
    expect(estimate.p99Ms).toBeCloseTo(median * Math.exp(Z99 * DEFAULT_LATENCY_TAIL_SIGMA), 1);
    expect(estimate.meanMs).toBeCloseTo(median * Math.exp(DEFAULT_LATENCY_TAIL_SIGMA ** 2 / 2), 1);
    expect(estimate.p95Ms / estimate.p50Ms).toBeCloseTo(5.7, 6);
    expect(estimate.profile.tail).toBe('shared');
    expect(estimate.profile.source.url).toContain('aa_models.json');
  });

  it('default model: a fixed-length call has p95/p50 within the published fixed-task range (1.5–2.6), on every catalog speed', () => {
    for (const model of ['gpt-5.4-mini', 'gpt-5.4-nano', 'gpt-4o-mini', 'claude-haiku-4-5', 'gemini-2.5-flash']) {
      for (const outputTokens of [5, 50, 300, 1000, 4000]) {
        for (const inputTokens of [100, 1000, 8000, 150_000]) {
          const estimate = estimateLatency({ model, outputTokens, inputTokens });
          const ratio = estimate.p95Ms / estimate.p50Ms;
          expect(ratio, `${model} ${inputTokens} in / ${outputTokens} out`).toBeGreaterThanOrEqual(1.45);
          expect(ratio, `${model} ${inputTokens} in / ${outputTokens} out`).toBeLessThanOrEqual(2.6);
          expect(estimate.profile.tail).toBe('split');
        }
      }
    }
    // the figures quoted in docs/recommend.md
    const label = estimateLatency({ model: 'gpt-5.4-mini', outputTokens: 50 });
    expect([Math.round(label.p50Ms), Math.round(label.p95Ms), Math.round(label.p99Ms)]).toEqual([865, 1567, 2004]);
  });

  it('TTFT grows with the prompt: 0.1 ms per input token by default (a 150,000-token document waits ~15 s more)', () => {
    const short = estimateLatency({ model: 'gpt-5.4-mini', outputTokens: 50, inputTokens: 1000 });
    const long = estimateLatency({ model: 'gpt-5.4-mini', outputTokens: 50, inputTokens: 150_000 });
    expect(long.p50Ms - short.p50Ms).toBeGreaterThan(14_000);
    expect(long.p50Ms - short.p50Ms).toBeLessThan(16_000);
    expect(estimateLatency({ model: 'gpt-5.4-mini', outputTokens: 50 }).p50Ms).toBe(short.p50Ms);
    expect(DEFAULT_PREFILL_TOKENS_PER_SECOND).toBe(10_000);
    // a prompt distribution is accepted and lies between its extremes
    const spread = estimateLatency({ model: 'gpt-5.4-mini', outputTokens: 50, inputTokens: { lognormal: { median: 8000, p95: 40_000 } } });
    expect(spread.p50Ms).toBeGreaterThan(short.p50Ms);
  });

  it('the split model (TTFT overhead × ε_t + prefill and decoding × ε_d) matches a Monte Carlo within 5 % (Fenton–Wilkinson)', () => {
    const random = rng(17);
    for (const [outputTokens, inputTokens] of [
      [20, 1000],
      [300, 8000],
      [2000, 1000],
      [50, 150_000],
    ] as const) {
      const estimate = estimateLatency({ model: 'gpt-5.4-nano', outputTokens, inputTokens });
      const overhead = 578 - 100;
      const compute = inputTokens / 10 + (outputTokens * 1000) / 146.3;
      const draws = Array.from({ length: 100_000 }, () => overhead * Math.exp(DEFAULT_TTFT_SIGMA * random.normal()) + compute * Math.exp(DEFAULT_DECODE_SIGMA * random.normal()));
      for (const [q, value] of [
        [0.5, estimate.p50Ms],
        [0.95, estimate.p95Ms],
        [0.99, estimate.p99Ms],
      ] as const) {
        expect(Math.abs(value / empiricalQuantile(draws, q) - 1), `${outputTokens}/${inputTokens} at ${q}`).toBeLessThan(0.05);
      }
    }
  });

  it('over a token distribution it matches a Monte Carlo of the same model', () => {
    const output = { lognormal: { median: 150, p95: 900 } } as const;
    const reasoning = { uniform: [0, 500] } as const;
    const profile = { ttftMs: 600, outputTokensPerSecond: 120, tailSigma: 0.6 };
    const estimate = estimateLatency({ profile, outputTokens: output, reasoningTokens: reasoning });
    const o = createDistribution(output);
    const r = createDistribution(reasoning);
    const random = rng(11);
    const draws = Array.from({ length: 200_000 }, () => Math.exp(0.6 * random.normal()) * (600 + ((o.quantile(random.uniform()) + r.quantile(random.uniform())) * 1000) / 120));
    for (const [q, value] of [
      [0.5, estimate.p50Ms],
      [0.95, estimate.p95Ms],
      [0.99, estimate.p99Ms],
    ] as const) {
      expect(Math.abs(value / empiricalQuantile(draws, q) - 1)).toBeLessThan(0.015);
    }
    expect(Math.abs(estimate.meanMs / (draws.reduce((a, b) => a + b, 0) / draws.length) - 1)).toBeLessThan(0.01);
  });

  it('without a profile in the table it needs one', () => {
    expect(codeOf(() => estimateLatency({ model: 'gpt-5.2', outputTokens: 100 }))).toBe('INVALID_CONSTRAINTS');
    expect(estimateLatency({ model: 'gpt-5.2', profile: { ttftMs: 800, outputTokensPerSecond: 80, tailSigma: 0 }, outputTokens: 80 }).p50Ms).toBe(1800);
    expect(codeOf(() => estimateLatency({ profile: { ttftMs: -1, outputTokensPerSecond: 80 }, outputTokens: 80 }))).toBe('INVALID_CONSTRAINTS');
    expect(codeOf(() => estimateLatency({ model: 'gpt-9', outputTokens: 80 }))).toBe('UNKNOWN_MODEL');
  });
});

describe('latency distributions', () => {
  it('a sum (small call, then large call) matches a Monte Carlo', () => {
    const small = callLatency({ ttftMs: 500, outputTokensPerSecond: 150, prefillTokensPerSecond: 10_000, referenceInputTokens: 1000, tail: 'shared', ttftSigma: 0.8, decodeSigma: 0.8, tailSigma: 0.8, source: { url: 'x' }, tailSource: 'x' }, generatedAtoms({ uniform: [10, 400] }, undefined, undefined));
    const large = lognormalMixture([{ x: 2000, w: 1 }], 0.4);
    const sum = sumOf(small, large);
    const random = rng(5);
    const draws = Array.from({ length: 200_000 }, () => Math.exp(0.8 * random.normal()) * (500 + ((10 + 390 * random.uniform()) * 1000) / 150) + 2000 * Math.exp(0.4 * random.normal()));
    for (const q of [0.5, 0.95, 0.99]) expect(Math.abs(sum.quantile(q) / empiricalQuantile(draws, q) - 1)).toBeLessThan(0.015);
  });

  it('a mixture quantile lies on the escalated path once p > 1 − q (domain-notes §3)', () => {
    const small = lognormalMixture([{ x: 1000, w: 1 }], 0.5);
    const large = lognormalMixture([{ x: 3000, w: 1 }], 0.5);
    const escalated = sumOf(small, large);
    const cascade = mixtureOf([
      { dist: small, w: 0.9 },
      { dist: escalated, w: 0.1 },
    ]);
    expect(cascade.quantile(0.95)).toBeGreaterThan(large.quantile(0.5));
    const quantiles = [0.5, 0.9, 0.95, 0.99].map((q) => cascade.quantile(q));
    expect([...quantiles].sort((a, b) => a - b)).toEqual(quantiles);
    for (const q of [0.5, 0.95, 0.99]) expect(cascade.cdf(cascade.quantile(q))).toBeCloseTo(q, 6);
  });
});

describe('fitLatencyProfile', () => {
  function synthetic(n: number, seed: number, profile: { ttftMs: number; speed: number; sigma: number }): LatencySample[] {
    const random = rng(seed);
    return Array.from({ length: n }, () => {
      const outputTokens = Math.round(10 + 990 * random.uniform());
      return { outputTokens, latencyMs: Math.exp(profile.sigma * random.normal()) * (profile.ttftMs + (outputTokens * 1000) / profile.speed) };
    });
  }

  it('recovers TTFT, speed and σ from measurements', () => {
    const fitted = fitLatencyProfile(synthetic(3000, 1, { ttftMs: 450, speed: 160, sigma: 0.4 }), { source: 'synthetic' });
    expect(fitted.ttftMs / 450).toBeCloseTo(1, 1);
    expect(fitted.outputTokensPerSecond / 160).toBeCloseTo(1, 1);
    expect(fitted.tailSigma).toBeGreaterThan(0.36);
    expect(fitted.tailSigma).toBeLessThan(0.46);
    expect(fitted.fit.samples).toBe(3000);
    expect(fitted.fit.sigmaFromP99).not.toBeNull();
    expect(fitted.fit.p95Ratio).toBeCloseTo(1, 1);
    expect(fitted.source).toEqual({ url: 'fitLatencyProfile', note: 'fitted from 3000 samples (synthetic)' });
  });

  it('a tail heavier than lognormal is planned for: σ follows the upper residuals', () => {
    const samples = synthetic(600, 2, { ttftMs: 500, speed: 150, sigma: 0.2 }).map((sample, index) => (index % 12 === 0 ? { ...sample, latencyMs: sample.latencyMs * 6 } : sample));
    const fitted = fitLatencyProfile(samples);
    expect(fitted.fit.sigmaFromP95).toBeGreaterThan(fitted.fit.sigmaFromSpread * 1.5);
    expect(fitted.tailSigma).toBe(fitted.fit.sigmaFromP95);
    expect(fitted.fit.warnings.join(' ')).toContain('heavier');
  });

  it('is usable as a profile for recommendModel', () => {
    const fitted = fitLatencyProfile(synthetic(200, 3, { ttftMs: 300, speed: 250, sigma: 0.3 }));
    const result = recommendModel({ volume: { calls: 1000, per: 'day' }, tokens: { input: 500, output: 100 } }, { latencyProfiles: { 'gpt-5.4-nano': fitted } });
    const nano = result.options.find((option) => option.id === 'gpt-5.4-nano');
    expect(nano?.latency?.profiles['gpt-5.4-nano']?.source.url).toBe('fitLatencyProfile');
    // no inputTokens in the samples: the TTFT is taken at the 1,000-token reference, so a 500-token prompt is 50 ms faster
    expect(nano?.latency?.p50Ms).toBeCloseTo(fitted.ttftMs - 50 + (100 * 1000) / fitted.outputTokensPerSecond, 3);
  });

  it('fits the prefill speed from samples with inputTokens (TTFT grows with the prompt)', () => {
    const random = rng(23);
    const samples = Array.from({ length: 400 }, (_, index) => {
      const outputTokens = 20 + ((index * 37) % 400);
      const inputTokens = 200 + ((index * 7919) % 60_000);
      const latencyMs = (250 + inputTokens / 20 + (outputTokens * 1000) / 150) * Math.exp(0.15 * random.normal());
      return { outputTokens, inputTokens, latencyMs };
    });
    const fitted = fitLatencyProfile(samples);
    expect(fitted.prefillTokensPerSecond / 20_000).toBeGreaterThan(0.9);
    expect(fitted.prefillTokensPerSecond / 20_000).toBeLessThan(1.1);
    expect(fitted.outputTokensPerSecond / 150).toBeGreaterThan(0.9);
    expect(fitted.outputTokensPerSecond / 150).toBeLessThan(1.1);
    expect(Math.abs(fitted.ttftMs - 250)).toBeLessThan(40);
    expect(fitted.referenceInputTokens).toBe(0);
    const long = estimateLatency({ profile: fitted, outputTokens: 100, inputTokens: 40_000 });
    const short = estimateLatency({ profile: fitted, outputTokens: 100, inputTokens: 1000 });
    expect((long.p50Ms - short.p50Ms) / 1950).toBeGreaterThan(0.9);
    expect(codeOf(() => fitLatencyProfile(samples.map((sample, index) => (index === 3 ? { ...sample, inputTokens: -1 } : sample))))).toBe('INVALID_USAGE');
  });

  it('needs a few dozen samples of varied length', () => {
    const samples = synthetic(MIN_LATENCY_SAMPLES, 4, { ttftMs: 500, speed: 150, sigma: 0.3 });
    expect(codeOf(() => fitLatencyProfile(samples))).toBe('no error');
    expect(codeOf(() => fitLatencyProfile(samples.slice(1)))).toBe('INSUFFICIENT_SAMPLES');
    expect(codeOf(() => fitLatencyProfile([]))).toBe('INSUFFICIENT_SAMPLES');
    const sameLength = samples.map((sample) => ({ ...sample, outputTokens: 100 }));
    expect(codeOf(() => fitLatencyProfile(sameLength))).toBe('INSUFFICIENT_SAMPLES');
    const flat = samples.map((sample, index) => ({ outputTokens: sample.outputTokens, latencyMs: 1000 - index }));
    expect(codeOf(() => fitLatencyProfile([...flat].sort((a, b) => a.outputTokens - b.outputTokens).map((sample, index) => ({ ...sample, latencyMs: 2000 - index * 10 }))))).toBe('INSUFFICIENT_SAMPLES');
    try {
      fitLatencyProfile(samples.slice(0, 5));
    } catch (error) {
      expect((error as Error).message).toContain('at least 30 samples');
    }
  });

  it('rejects samples that are not numbers', () => {
    const samples = synthetic(40, 5, { ttftMs: 500, speed: 150, sigma: 0.3 });
    expect(codeOf(() => fitLatencyProfile([...samples, { outputTokens: 10, latencyMs: 0 }]))).toBe('INVALID_USAGE');
    expect(codeOf(() => fitLatencyProfile([...samples, { outputTokens: -1, latencyMs: 10 }]))).toBe('INVALID_USAGE');
    expect(codeOf(() => fitLatencyProfile([...samples, { outputTokens: 10, latencyMs: Number.NaN }]))).toBe('INVALID_USAGE');
    expect(codeOf(() => fitLatencyProfile('x' as never))).toBe('INVALID_USAGE');
  });

  it('is deterministic', () => {
    const samples = synthetic(500, 6, { ttftMs: 500, speed: 150, sigma: 0.5 });
    expect(fitLatencyProfile(samples)).toEqual(fitLatencyProfile(samples));
  });
});
