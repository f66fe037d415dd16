import { describe, expect, it } from 'vitest';
import { isLlmSpendError } from '../../src/errors.js';
import { Dec } from '../../src/money/decimal.js';
import { effectiveMilliseconds, fitMedianVolume, fitUncertainVolume, HOUR_MS, LOPSIDED_JUMP, lowestUncertainMean, resolvePeriod } from '../../src/workload/volume.js';

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
