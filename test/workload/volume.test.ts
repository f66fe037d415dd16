import { describe, expect, it } from 'vitest';
import { isLlmSpendError } from '../../src/errors.js';
import { Dec } from '../../src/money/decimal.js';
import { effectiveMilliseconds, fitMedianVolume, fitUncertainVolume, HOUR_MS, resolvePeriod, VOLUME_MEAN_POSITION_RANGE } from '../../src/workload/volume.js';

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

describe('uncertain volume: a three-parameter lognormal with mean = expected, p10 = low, p90 = high', () => {
  it('fits right-skewed, left-skewed and symmetric inputs exactly', () => {
    for (const [low, expected, high, family] of [
      [40_000, 58_000, 80_000, 'shifted-lognormal'],
      [40_000, 62_000, 80_000, 'reflected-shifted-lognormal'],
      [40_000, 60_000, 80_000, 'normal'],
    ] as const) {
      const volume = fitUncertainVolume(low, expected, high);
      expect(volume.family).toBe(family);
      expect(volume.meanDec.toFixed()).toBe(String(expected));
      expect(volume.quantile(0.1) / low).toBeCloseTo(1, 9);
      expect(volume.quantile(0.9) / high).toBeCloseTo(1, 9);
      expect(volume.cdf(volume.quantile(0.5))).toBeCloseTo(0.5, 9);
    }
  });

  it('the mean of the fit lies within a fixed share of the way from low to high', () => {
    const [min, max] = VOLUME_MEAN_POSITION_RANGE;
    expect(min).toBeCloseTo(0.41198, 4);
    expect(max).toBeCloseTo(1 - min, 12);
    expect(() => fitUncertainVolume(40, 40 + 40 * (min + 1e-6), 80)).not.toThrow();
    expect(() => fitUncertainVolume(40, 50, 80)).toThrow(/median/);
  });

  it('{ low, median, high } fits any ordering exactly', () => {
    const volume = fitMedianVolume(40, 50, 80);
    expect(volume.quantile(0.1)).toBeCloseTo(40, 6);
    expect(volume.quantile(0.5)).toBeCloseTo(50, 9);
    expect(volume.quantile(0.9)).toBeCloseTo(80, 6);
    expect(volume.mean).toBeGreaterThan(50);
  });
});
