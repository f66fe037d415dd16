import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/money/decimal.js';
import { toDist } from '../../src/workload/distributions.js';
import { createDistribution } from '../../src/workload/schema.js';

// Token moments are floats by design (a lognormal mean is irrational): toBeCloseTo is fine
// here, on token counts. Money is never compared that way.
describe('distributions: hand-worked moments and quantiles', () => {
  it('fixed', () => {
    const d = createDistribution(812.5);
    expect([d.mean, d.secondMoment, d.variance, d.quantile(0.3), d.cdf(812), d.cdf(812.5)]).toEqual([812.5, 812.5 ** 2, 0, 812.5, 0, 1]);
  });

  it('uniform [100, 300]: mean 200, E[X²] = (100² + 100·300 + 300²)/3', () => {
    const d = createDistribution({ uniform: [100, 300] });
    expect(d.mean).toBe(200);
    expect(d.secondMoment).toBeCloseTo(130000 / 3, 9);
    expect(d.variance).toBeCloseTo(200 ** 2 / 12, 9);
    expect(d.quantile(0.25)).toBe(150);
    expect(d.cdf(250)).toBe(0.75);
    // exact decimals for money
    const internal = toDist({ uniform: [100, 300] });
    expect(internal.secondMomentDec.toFixed()).toBe(new Dec(130000).div(3).toFixed());
  });

  it('histogram: buckets uniform on (previous upTo, upTo], starting at 0', () => {
    const d = createDistribution({ histogram: [{ upTo: 100, share: 0.5 }, { upTo: 300, share: 0.5 }] });
    expect(d.mean).toBe(125); // 0.5·50 + 0.5·200
    expect(d.quantile(0.25)).toBe(50);
    expect(d.quantile(0.75)).toBe(200);
    expect(d.cdf(100)).toBe(0.5);
    expect([d.min, d.max]).toEqual([0, 300]);
    const internal = toDist({ histogram: [{ upTo: 100, share: 0.5 }, { upTo: 300, share: 0.5 }] });
    // E[X; X ≤ 200] = 0.5·50 + 0.25·150 = 62.5
    expect(internal.range(Number.NEGATIVE_INFINITY, true, 200, true).m1Dec.toFixed()).toBe('62.5');
  });

  it('samples: each observation equally likely', () => {
    const d = createDistribution({ samples: [3, 1, 2, 3] });
    expect(d.mean).toBe(2.25);
    expect(d.secondMoment).toBe((9 + 1 + 4 + 9) / 4);
    expect(d.quantile(0.5)).toBe(2);
    expect(d.quantile(0.51)).toBe(3);
    expect(d.cdf(2)).toBe(0.5);
    const internal = toDist({ samples: [3, 1, 2, 3] });
    const atThree = internal.range(3, true, 3, true);
    expect([atThree.pDec.toFixed(), atThree.m1Dec.toFixed()]).toEqual(['0.5', '1.5']);
    expect(internal.range(2, false, 3, false).p).toBe(0);
  });

  it('lognormal from median and p95: σ = ln(p95/median)/1.6449, mean = median·e^(σ²/2)', () => {
    const d = createDistribution({ lognormal: { median: 800, p95: 3000 } });
    const sigma = Math.log(3000 / 800) / 1.6448536269514722;
    expect(d.quantile(0.5)).toBeCloseTo(800, 9);
    expect(d.quantile(0.95)).toBeCloseTo(3000, 8);
    expect(d.mean).toBeCloseTo(800 * Math.exp(sigma ** 2 / 2), 9);
    expect(d.cdf(800)).toBeCloseTo(0.5, 12);
  });

  it('lognormal from mean and p95: σ = z − √(z² − 2 ln(p95/mean))', () => {
    const d = createDistribution({ lognormal: { mean: 1000, p95: 3000 } });
    expect(d.mean).toBeCloseTo(1000, 9);
    expect(d.quantile(0.95)).toBeCloseTo(3000, 8);
  });

  it('normal truncated at 0: parameters are the untruncated ones', () => {
    const d = createDistribution({ normal: { mean: 100, sd: 80 } });
    // E[X | X > 0] = μ + σ·φ(α)/(1 − Φ(α)), α = −1.25
    const phi = Math.exp(-0.5 * 1.25 ** 2) / Math.sqrt(2 * Math.PI);
    expect(d.mean).toBeCloseTo(100 + (80 * phi) / 0.894350226333145, 9);
    expect(d.min).toBe(0);
    expect(d.cdf(0)).toBe(0);
    expect(d.quantile(d.cdf(150))).toBeCloseTo(150, 8);
    // a wide normal with sd 0 is fixed
    expect(createDistribution({ normal: { mean: 7, sd: 0 } }).variance).toBe(0);
  });

  it('partial moments add up to the whole (lognormal, normal)', () => {
    for (const spec of [{ lognormal: { median: 800, p95: 3000 } }, { normal: { mean: 100, sd: 80 } }] as const) {
      const d = toDist(spec);
      const low = d.range(Number.NEGATIVE_INFINITY, true, 1000, true);
      const high = d.range(1000, false, Number.POSITIVE_INFINITY, true);
      expect(low.p + high.p).toBeCloseTo(1, 14);
      expect((low.m1 + high.m1) / d.mean).toBeCloseTo(1, 12);
      expect((low.m2 + high.m2) / d.secondMoment).toBeCloseTo(1, 12);
    }
  });

  it('samplers are seeded, draw whole tokens and keep the mean', () => {
    const d = createDistribution({ lognormal: { median: 800, p95: 3000 } });
    const a = d.sampler(42);
    const b = d.sampler(42);
    const c = d.sampler(43);
    const drawsA = Array.from({ length: 50 }, () => a());
    expect(Array.from({ length: 50 }, () => b())).toEqual(drawsA);
    expect(Array.from({ length: 50 }, () => c())).not.toEqual(drawsA);
    expect(drawsA.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    // randomized rounding keeps the mean: 200,000 draws, standard error ≈ 2.4 tokens
    const draw = createDistribution({ uniform: [0.2, 0.6] }).sampler(7);
    let sum = 0;
    for (let index = 0; index < 200_000; index += 1) sum += draw();
    expect(Math.abs(sum / 200_000 - 0.4)).toBeLessThan(0.005);
  });
});
