import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLlmSpendError } from '../../src/errors.js';
import { Dec } from '../../src/money/decimal.js';
import { fcOptions } from '../seed.js';
import { capAtZero, effectiveMilliseconds, fitMedianVolume, fitUncertainVolume, HOUR_MS, LOPSIDED_JUMP, lowestUncertainMean, resolvePeriod } from '../../src/workload/volume.js';

const hoursOf = (ms: Dec): string => ms.div(HOUR_MS).toFixed();

describe('periods', () => {
  it('a month is 730 hours, a week 168, a year 8,760, a day 24; the default is a month', () => {
    expect(hoursOf(resolvePeriod(undefined).ms)).toBe('730');
    expect(['day', 'week', 'month', 'year'].map((name) => hoursOf(resolvePeriod(name as 'day').ms))).toEqual(['24', '168', '730', '8760']);
  });

  it('{ from, to } counts calendar hours exactly', () => {
    expect(hoursOf(resolvePeriod({ from: '2026-02-01', to: '2026-03-01' }).ms)).toBe('672');
    expect(hoursOf(resolvePeriod({ from: '2026-03-01T00:00:00Z', to: '2026-03-01T00:30:00Z' }).ms)).toBe('0.5');
  });

  it('rejects bad periods with the path', () => {
    for (const [period, path] of [
      [{ from: '2026-03-01', to: '2026-02-01' }, 'period.to'],
      [{ from: 'yesterday', to: '2026-02-01' }, 'period.from'],
      ['fortnight', 'period'],
    ] as const) {
      try {
        resolvePeriod(period as never);
        expect.unreachable();
      } catch (error) {
        expect(isLlmSpendError(error, 'INVALID_WORKLOAD') && error.details['path']).toBe(path);
      }
    }
  });

  it('growth compounds every 730 hours from the start, exactly', () => {
    // a year at +10 % a month: 730 · Σ 1.1^k, k = 0..11 = 730 · (1.1^12 − 1) / 0.1 hours
    const hour = new Dec(HOUR_MS);
    const year = effectiveMilliseconds(hour.times(8760), 0.1);
    expect(hoursOf(year)).toBe(new Dec(730).times(new Dec('1.1').pow(12).minus(1).div('0.1')).toFixed());
    // half a month in, the rate has not stepped yet
    expect(hoursOf(effectiveMilliseconds(hour.times(365), 0.5))).toBe('365');
    // 1.5 months: 730 + 365 · 1.5
    expect(hoursOf(effectiveMilliseconds(hour.times(1095), 0.5))).toBe('1277.5');
  });
});

describe('uncertain volume: a tilted lognormal with mean = expected, p10 = low, p90 = high (issue 12)', () => {
  it('fits right-skewed, left-skewed and ordinary estimates exactly, with no mass below 0 calls', () => {
    for (const [low, expected, high] of [
      [500_000, 1_000_000, 2_000_000],
      [40_000, 58_000, 80_000],
      [40_000, 62_000, 80_000],
      [40_000, 60_000, 80_000],
      [100, 1000, 1000.0001],
      [100, 99, 150],
      [0, 5, 10],
      [10, 9.5, 10],
      [100, 180.001, 1000],
    ] as const) {
      const volume = fitUncertainVolume(low, expected, high);
      expect(volume.family).toBe('tilted-lognormal');
      expect(volume.meanDec.toFixed()).toBe(String(expected));
      expect(volume.quantile(0.1)).toBe(low);
      expect(volume.quantile(0.9)).toBe(high);
      expect(volume.cdf(0 - 1e-9)).toBe(0);
      expect(volume.quantile(1e-12)).toBeGreaterThanOrEqual(0);
      // Within a hundred-thousandth of the bound the tilt is extreme (d ≈ −10⁵) and the log masses lose digits.
      const nearBound = expected - lowestUncertainMean(low, high) < 1e-5 * expected;
      for (const p of [0.05, 0.3, 0.5, 0.7, 0.95, 0.999]) {
        const x = volume.quantile(p);
        // Inside a bucket the cdf inverts the quantile (an atom at low = high, or at 0, holds its whole share;
        // an extreme tilt puts the lowest bucket at 0 to double precision).
        if (x > 0 && !(low === high && p < 0.9) && !(low === 0 && p < 0.1)) expect(Math.abs(volume.cdf(x) - p), `${low}/${expected}/${high} at ${p}`).toBeLessThan(nearBound ? 1e-5 : 1e-9);
      }
      // The mean by quadrature over the quantile function agrees with the target.
      let total = 0;
      const steps = 200_000;
      for (let index = 0; index < steps; index += 1) total += volume.quantile((index + 0.5) / steps);
      expect(Math.abs(total / steps - expected) / expected, `${low}/${expected}/${high}`).toBeLessThan(2e-3);
    }
  });

  it('500,000 / 1,000,000 / 2,000,000 fits without a lopsided warning; its median is about 806,000', () => {
    const volume = fitUncertainVolume(500_000, 1_000_000, 2_000_000);
    expect(volume.lopsided).toBeUndefined();
    expect(Math.round(volume.quantile(0.5))).toBe(805_604);
    expect(volume.mean).toBe(1_000_000);
  });

  it('accepts every expected above 0.8·low + 0.1·high (strict) and refuses the rest with that bound', () => {
    expect(lowestUncertainMean(100, 1000)).toBe(180);
    expect(() => fitUncertainVolume(100, 150, 1000)).toThrow(/0\.8·low \+ 0\.1·high = 180/);
    expect(() => fitUncertainVolume(100, 180, 1000)).toThrow(/0\.8·low \+ 0\.1·high = 180/);
    expect(() => fitUncertainVolume(100, 180.0001, 1000)).not.toThrow();
    expect(() => fitUncertainVolume(100, 150, 1000)).toThrow(/median: 150/);
    expect(() => fitUncertainVolume(200, 150, 100)).toThrow(/below low/);
    expect(() => fitUncertainVolume(0, 0, 0)).not.toThrow();
    expect(() => fitUncertainVolume(0, 0, 10)).toThrow(/= 1\b/);
  });

  it('warns when the fitted shape is lopsided (the density jumps more than ×5 at low or high)', () => {
    expect(LOPSIDED_JUMP).toBe(5);
    expect(fitUncertainVolume(100, 185, 1000).lopsided).toMatch(/lopsided.*jumps more than ×1,000 at 100/);
    expect(fitUncertainVolume(100, 1000, 1000.0001).lopsided).toMatch(/toward the high end/);
    expect(fitUncertainVolume(40_000, 58_000, 80_000).lopsided).toBeUndefined();
  });

  it('the mean is strictly increasing in the tilt, so the fit is unique', () => {
    let previous = 0;
    for (const expected of [181, 190, 250, 400, 800, 2000, 10_000]) {
      const volume = fitUncertainVolume(100, expected, 1000);
      const tilt = volume.parameters['tilt'] as number;
      expect(tilt).toBeGreaterThan(previous === 0 ? -Infinity : previous);
      previous = tilt;
    }
  });

  it('{ low, median, high } fits any ordering exactly', () => {
    const volume = fitMedianVolume(40, 50, 80);
    expect(volume.quantile(0.1)).toBeCloseTo(40, 6);
    expect(volume.quantile(0.5)).toBeCloseTo(50, 9);
    expect(volume.quantile(0.9)).toBeCloseTo(80, 6);
    expect(volume.mean).toBeGreaterThan(50);
  });
});

// Issue 12, item 4: no probability mass below 0 calls. A { low, median, high } fit that reaches
// below 0 is capped at 0 (capAtZero): that probability becomes periods with 0 calls. The test's
// own oracle: E[g(X)] = ∫ g(x(z)) φ(z) dz by composite Simpson over the normal score z, with
// x(z) the plain fit's value at score z written out here from the documented parameters.
const PHI = (z: number): number => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

function plainAt(volume: ReturnType<typeof fitMedianVolume>): (z: number) => number {
  const p = volume.parameters;
  if (volume.family === 'normal') return (z) => (p['mean'] as number) + (p['sd'] as number) * z;
  const { shift, mu, sigma } = p as { shift: number; mu: number; sigma: number };
  if (volume.family === 'shifted-lognormal') return (z) => shift + Math.exp(mu + sigma * z);
  return (z) => shift - Math.exp(mu - sigma * z);
}

function simpson(f: (z: number) => number, a: number, b: number, steps: number): number {
  const h = (b - a) / steps;
  let total = 0;
  for (let index = 0; index <= steps; index += 1) total += (index === 0 || index === steps ? 1 : index % 2 === 1 ? 4 : 2) * f(a + index * h);
  return (total * h) / 3;
}

/**
 * E[g(X)] by Simpson on z in [−14, 14 + 2σ] (the lognormal's weight e^{σz}φ(z) peaks at z = σ),
 * split where x(z) crosses 0 (x is increasing in z; the root by bisection), so that the kink of
 * max(0, ·) falls on a node.
 */
function integrate(at: (z: number) => number, g: (x: number) => number, sigma: number): number {
  const a = -14;
  const b = 14 + 2 * sigma;
  const f = (z: number): number => g(at(z)) * PHI(z);
  if (!(at(a) < 0 && at(b) > 0)) return simpson(f, a, b, 20_000);
  let lo = a;
  let hi = b;
  for (let index = 0; index < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(lo)); index += 1) {
    const mid = (lo + hi) / 2;
    if (at(mid) < 0) lo = mid;
    else hi = mid;
  }
  return simpson(f, a, lo, 10_000) + simpson(f, lo, b, 10_000);
}

describe('{ low, median, high } capped at 0 calls (issue 12, item 4)', () => {
  it('a normal fit reaching below 0: 7.7 % at 0 calls, the mean is E[max(0, X)] in closed form, p10/p50/p90 as given', () => {
    const plain = fitMedianVolume(100, 1000, 1900);
    expect(plain.family).toBe('normal');
    const volume = capAtZero(plain);
    const m = 1000;
    const s = 900 / 1.2815515655446004;
    const a = m / s;
    // Φ(−a) by the test's own series: Φ(x) = 1/2 + φ(x)·Σ x^(2n+1)/(2n+1)!!.
    let term = a;
    let sum = a;
    for (let n = 1; n < 200; n += 1) sum += term *= (a * a) / (2 * n + 1);
    const below = 0.5 - PHI(a) * sum;
    expect(volume.capped?.share).toBeCloseTo(below, 12);
    expect(below).toBeGreaterThan(0.077);
    expect(below).toBeLessThan(0.078);
    // E[max(0, X)] = μΦ(μ/σ) + σφ(μ/σ)
    const cappedMean = m * (1 - below) + s * PHI(a);
    expect(Math.abs(volume.mean - cappedMean)).toBeLessThan(1e-9);
    expect(volume.mean).toBeGreaterThan(1024);
    expect(volume.meanDec.toNumber()).toBe(volume.mean);
    // Quantiles at or above the share at 0 are the plain fit's; below it, 0 calls.
    expect(volume.quantile(0.1)).toBeCloseTo(100, 9);
    expect(volume.quantile(0.5)).toBe(1000);
    expect(volume.quantile(0.9)).toBeCloseTo(1900, 9);
    expect(volume.quantile(0.05)).toBe(0);
    expect(volume.cdf(-1)).toBe(0);
    expect(volume.cdf(0)).toBeCloseTo(below, 12);
    expect(volume.atScore(-3)).toBe(0);
  });

  it('a shifted lognormal reaching below 0: mean and variance match a numerical integral of max(0, X)', () => {
    const plain = fitMedianVolume(10, 1000, 5000);
    expect(plain.family).toBe('shifted-lognormal');
    expect(plain.parameters['shift']).toBeLessThan(0);
    const volume = capAtZero(plain);
    const at = plainAt(plain);
    const sigma = plain.parameters['sigma'] as number;
    const first = integrate(at, (x) => Math.max(0, x), sigma);
    const second = integrate(at, (x) => Math.max(0, x) ** 2, sigma);
    const share = integrate(at, (x) => (x < 0 ? 1 : 0), sigma);
    // Tolerance: Simpson's error with the kink on a node (about 1e-12 relative here).
    expect(Math.abs(volume.mean - first) / first).toBeLessThan(1e-9);
    expect(Math.abs(volume.variance - (second - first * first)) / volume.variance).toBeLessThan(1e-8);
    expect(Math.abs((volume.capped?.share ?? 0) - share)).toBeLessThan(1e-4);
    expect(volume.mean).toBeGreaterThan(plain.mean);
  });

  it('a fit with nothing below 0 is returned unchanged', () => {
    const plain = fitMedianVolume(40_000, 50_000, 65_000);
    expect(capAtZero(plain)).toBe(plain);
  });

  it('property: for any accepted triple, no quantile, score, draw or expectation uses negative calls', () => {
    let capped = 0;
    fc.assert(
      fc.property(
        // Half the lows near 0 (where plain fits reach below 0), half anywhere.
        fc.tuple(fc.oneof(fc.integer({ min: 0, max: 1_000 }), fc.integer({ min: 0, max: 1_000_000 })), fc.integer({ min: 1, max: 500_000 }), fc.integer({ min: 1, max: 500_000 })),
        fc.double({ min: 0, max: 1, noNaN: true }),
        ([low, a, b], v) => {
          const u = Math.min(1 - 1e-12, Math.max(1e-12, v)); // a probability in (0, 1), as the library's random gives
          const plain = fitMedianVolume(low, low + a, low + a + b);
          // The schema's acceptance rule for { low, median, high } (src/workload/schema.ts).
          fc.pre(plain.mean >= 0 && Number.isFinite(plain.variance));
          const volume = capAtZero(plain);
          if (volume.capped !== undefined && volume.capped.share > 1e-6) capped += 1;
          for (const p of [1e-9, 0.01, 0.05, 0.1, 0.5, 0.9, 0.99, u]) expect(volume.quantile(p)).toBeGreaterThanOrEqual(0);
          for (const z of [-8, -3, -1.2815515655446004, 0, 1.2815515655446004, 3, 8 * u - 4]) expect(volume.atScore(z)).toBeGreaterThanOrEqual(0);
          expect(volume.cdf(-1e-9)).toBe(0);
          expect(volume.draw({ next: () => u } as never)).toBeGreaterThanOrEqual(0);
          // p10/p50/p90 stay exactly as the plain fit gives them (all ≥ 0).
          expect(volume.quantile(0.5)).toBe(plain.quantile(0.5));
          // The expectation is E[max(0, X)] (checked against the test's own integral), never E[X] with its negative part.
          const sigma = plain.family === 'normal' ? 0 : (plain.parameters['sigma'] as number);
          const first = integrate(plainAt(plain), (x) => Math.max(0, x), sigma);
          const scale = Math.sqrt(plain.variance) + Math.abs(plain.mean);
          expect(Math.abs(volume.mean - first)).toBeLessThanOrEqual(1e-7 * scale);
          expect(volume.mean).toBeGreaterThanOrEqual(plain.mean);
          expect(volume.meanDec.isNegative()).toBe(false);
          expect(volume.variance).toBeGreaterThanOrEqual(0);
        },
      ),
      fcOptions,
    );
    // The property reached fits that the cap changes.
    expect(capped).toBeGreaterThan(30);
  });
});
