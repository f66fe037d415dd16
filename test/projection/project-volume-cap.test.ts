// Issue 12, item 4: no probability mass below 0 calls. A { low, median, high } volume whose plain
// (shifted-lognormal or normal) fit reaches below 0 is capped at 0: that probability becomes a
// share of periods with 0 calls, the expectation is E[max(0, N)] × E[cost per call], and the band
// comes from the same capped distribution. The oracles here are the test's own: a closed form in
// decimal (the normal's Φ by its series), and an independent Monte Carlo of whole periods (its
// own random numbers, volume and token draws).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { projectSpend } from '../../src/projection/project.js';
import { Z90 } from '../../src/workload/math.js';
import { Dec, ROUNDING } from '../../src/money/decimal.js';
import { fitMedianVolume } from '../../src/workload/volume.js';
import { FC_SEED, fcOptions, mulberry32, normals, whole } from '../seed.js';

const PRICES = { input: 0.2e-6, output: 1.25e-6 }; // gpt-5.4-nano, USD per token (test oracle only)
const Z95 = 1.6448536269514722;
const nano = { model: 'gpt-5.4-nano' } as const;

/** Φ(x) in decimal: 1/2 + φ(x)·Σ x^(2n+1)/(2n+1)!!, φ(x) = e^(−x²/2)/√(2π). */
function phiDec(x: Dec): { cdf: Dec; pdf: Dec } {
  const pdf = x.times(x).div(-2).exp().div(Dec.acos(-1).times(2).sqrt());
  let term = x;
  let sum = x;
  for (let n = 1; n < 400; n += 1) {
    term = term.times(x).times(x).div(2 * n + 1);
    sum = sum.plus(term);
    if (term.abs().lt('1e-60')) break;
  }
  return { cdf: pdf.times(sum).plus('0.5'), pdf };
}



const SIGMA_IN = Math.log(6000 / 800) / Z95;
const SIGMA_OUT = Math.log(600 / 150) / Z95;
const heavyTokens = { input: { lognormal: { median: 800, p95: 6000 } }, output: { lognormal: { median: 150, p95: 600 } } } as const;

/** Periods of a normal volume (mean m, sd s) with no calls below 0, each call heavy-tailed tokens. */
function cappedPeriods(m: number, s: number, periods: number, seed: number): Float64Array {
  const normal = normals(seed);
  const uniform = mulberry32(seed ^ 0x5bd1e995);
  const totals = new Float64Array(periods);
  for (let period = 0; period < periods; period += 1) {
    const calls = whole(Math.max(0, m + s * normal()), uniform);
    let total = 0;
    for (let call = 0; call < calls; call += 1) {
      const input = whole(800 * Math.exp(SIGMA_IN * normal()), uniform);
      const output = whole(150 * Math.exp(SIGMA_OUT * normal()), uniform);
      total += input * PRICES.input + output * PRICES.output;
    }
    totals[period] = total;
  }
  return totals;
}

/** Distribution-free 99 % interval of the p-quantile from sorted draws (order statistics). */
function interval(sorted: Float64Array, p: number): [number, number] {
  const m = sorted.length;
  const spread = 2.5758 * Math.sqrt(m * p * (1 - p));
  const lo = Math.max(0, Math.floor(m * p - spread) - 1);
  const hi = Math.ceil(m * p + spread);
  return [sorted[lo] as number, hi >= m ? Number.POSITIVE_INFINITY : (sorted[hi] as number)];
}

describe('{ low, median, high } below 0 calls is capped at 0 (issue 12, item 4)', () => {
  it('expected spend = E[max(0, N)] × E[cost per call], E[max(0, X)] = μΦ(μ/σ) + σφ(μ/σ), exact to 9 decimals', () => {
    // 100 / 1,000 / 1,900 a day: a normal (symmetric triple), μ = 1,000, σ = 900/z₉₀ ≈ 702.3; 7.7 % below 0.
    const projection = projectSpend({ volume: { calls: { low: 100, median: 1000, high: 1900 }, per: 'day' }, tokens: { input: 1000, output: 200 } }, { ...nano, period: 'month' });
    const mu = new Dec(1000);
    const sigma = new Dec(900).div(Z90);
    const { cdf, pdf } = phiDec(mu.div(sigma));
    const cappedMean = mu.times(cdf).plus(sigma.times(pdf)); // calls a day
    const callsPerMonth = cappedMean.times(730).div(24);
    const perCall = new Dec(1000).times('0.0000002').plus(new Dec(200).times('0.00000125'));
    expect(projection.perCall).toBe(perCall.toFixed());
    expect(projection.spend.expected).toBe(callsPerMonth.times(perCall).toDecimalPlaces(9, ROUNDING['half-even']).toFixed());
    expect(projection.calls.expected).toBe(callsPerMonth.toDecimalPlaces(9, ROUNDING['half-even']).toFixed());
    // The plain fit's mean (1,000 a day) would give 13.6875; the capped one is 2.46 % higher.
    expect(Number(projection.spend.expected)).toBeGreaterThan(14.02);
    expect(Number(projection.spend.expected)).toBeLessThan(14.03);
    // p10 and p90 stay as given; the band is the capped volume's (no token noise: cost × calls at each percentile).
    expect(projection.calls.p10).toBe('3041.666666667');
    expect(projection.calls.p90).toBe('57791.666666667');
    expect(projection.spend.p50).toBe('13.6875');
    const warning = projection.warnings.find((entry) => entry.code === 'VOLUME_BELOW_ZERO');
    expect(warning?.message).toMatch(/puts 7\.7\d% of its probability below 0 calls/);
    expect(warning?.message).toMatch(/capped at 0: those periods have 0 calls, p10\/p50\/p90 stay as given/);
    expect(warning?.message).toContain(`E[max(0, N)] = ${Number(callsPerMonth.toNumber().toPrecision(6)).toLocaleString('en-US')} over the period instead of the plain fit's 30,416.7`);
  });

  it.each([
    // [low, median, high] per month, periods: a Monte Carlo band (62 expected calls) and a mixture band (1,025).
    [5, 60, 115, 200_000],
    [100, 1000, 1900, 20_000],
  ] as const)('%i / %i / %i a month: p50/p90/p99 ≥ 0 and within an independent simulation of the capped volume (99 %)', (low, median, high, periods) => {
    const projection = projectSpend({ volume: { calls: { low, median, high }, per: 'month' }, tokens: heavyTokens }, nano);
    expect(projection.band.method).toBe(median < 200 ? 'monte-carlo' : 'mixture');
    expect(projection.warnings.map((entry) => entry.code)).toContain('VOLUME_BELOW_ZERO');
    const s = (high - median) / Z90;
    const totals = cappedPeriods(median, s, periods, FC_SEED + median);
    const sorted = Float64Array.from(totals).sort();
    const own = projection.band.simulationError ?? 0;
    for (const [key, p] of [
      ['p50', 0.5],
      ['p90', 0.9],
      ['p99', 0.99],
    ] as const) {
      const value = Number(projection.spend[key]);
      const [lo, hi] = interval(sorted, p);
      const row = `${key}: projectSpend ${value} vs independent 99 % interval ${lo}–${hi}`;
      expect(value, row).toBeGreaterThanOrEqual(0);
      expect(value, row).toBeGreaterThanOrEqual(lo * (1 - own) - 1e-9);
      expect(value, row).toBeLessThanOrEqual(hi * (1 + own) + 1e-9);
    }
    // The expectation is the same capped distribution's: the simulated mean agrees within its 99 % error.
    let sum = 0;
    let squares = 0;
    for (const total of totals) {
      sum += total;
      squares += total * total;
    }
    const mean = sum / periods;
    const error = 2.5758 * Math.sqrt((squares / periods - mean * mean) / periods);
    expect(Math.abs(Number(projection.spend.expected) - mean), `expected ${projection.spend.expected} vs simulated ${mean} ± ${error}`).toBeLessThanOrEqual(error);
  });

  it('property: for any accepted { low, median, high }, no band percentile and no expectation uses negative calls', () => {
    let capped = 0;
    fc.assert(
      fc.property(
        fc.tuple(fc.oneof(fc.integer({ min: 0, max: 1_000 }), fc.integer({ min: 0, max: 1_000_000 })), fc.integer({ min: 1, max: 500_000 }), fc.integer({ min: 1, max: 500_000 })),
        ([low, a, b]) => {
          const median = low + a;
          const high = median + b;
          const plain = fitMedianVolume(low, median, high);
          // The schema's acceptance rule (src/workload/schema.ts), and the 10¹⁵-call limit.
          fc.pre(plain.mean >= 0 && Number.isFinite(plain.variance) && plain.mean <= 1e8);
          const projection = projectSpend({ volume: { calls: { low, median, high }, per: 'month' }, tokens: { input: 1000, output: 200 } }, nano);
          const perCall = Number(projection.perCall);
          const below = projection.warnings.some((entry) => entry.code === 'VOLUME_BELOW_ZERO');
          if (below) capped += 1;
          const { p50, p90, p99 } = projection.spend;
          for (const value of [p50, p90, p99, projection.spend.expected, projection.calls.expected, projection.calls.p10, projection.calls.p90]) expect(Number(value)).toBeGreaterThanOrEqual(0);
          // The expectation counts periods below 0 as 0 calls, never as negative calls: it is at least the plain mean's.
          expect(Number(projection.calls.expected)).toBeGreaterThanOrEqual(plain.mean * (1 - 1e-12));
          if (below) expect(Number(projection.calls.expected)).toBeGreaterThan(plain.mean);
          // Constant tokens: spend = cost per call × calls, at the mean and at every percentile.
          expect(Math.abs(Number(projection.spend.expected) - perCall * Number(projection.calls.expected))).toBeLessThanOrEqual(1e-9 + 1e-12 * Number(projection.spend.expected));
          if (Number(projection.calls.expected) >= 200) {
            // The band's median is cost × the median calls (≥ 0, as given): no negative calls shift it.
            expect(Math.abs(Number(p50) - perCall * median)).toBeLessThanOrEqual(1e-9 + 1e-9 * perCall * median);
          }
        },
      ),
      fcOptions,
    );
    expect(capped).toBeGreaterThan(30);
  });
});
