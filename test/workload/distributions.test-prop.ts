import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toDist } from '../../src/workload/distributions.js';
import { parseWorkload } from '../../src/workload/schema.js';
import { distributionArbitrary } from './arbitraries.js';

const seed = Number(process.env['FC_SEED'] ?? 42);

describe('distribution invariants', () => {
  it('every generated spec is a valid workload distribution', () => {
    fc.assert(
      fc.property(distributionArbitrary, (spec) => {
        expect(() => parseWorkload({ volume: { calls: 1, per: 'day' }, tokens: { input: spec, output: 1 } })).not.toThrow();
      }),
      { seed, numRuns: 200 },
    );
  });

  it('quantiles increase with p, and the CDF inverts them', () => {
    fc.assert(
      fc.property(distributionArbitrary, fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.double({ min: 0.001, max: 0.999, noNaN: true }), (spec, p, q) => {
        const d = toDist(spec);
        const [lo, hi] = p <= q ? [p, q] : [q, p];
        expect(d.quantile(lo)).toBeLessThanOrEqual(d.quantile(hi) + 1e-9 * Math.max(1, d.quantile(hi)));
        expect(d.cdf(d.quantile(lo))).toBeGreaterThanOrEqual(lo - 1e-9);
      }),
      { seed, numRuns: 300 },
    );
  });

  it('partial moments over a split add up to the whole; variance is never negative', () => {
    fc.assert(
      fc.property(distributionArbitrary, fc.integer({ min: 0, max: 300_000 }), (spec, cut) => {
        const d = toDist(spec);
        const below = d.range(Number.NEGATIVE_INFINITY, true, cut, true);
        const above = d.range(cut, false, Number.POSITIVE_INFINITY, true);
        expect(below.p + above.p).toBeCloseTo(1, 9);
        expect(below.m1 + above.m1).toBeCloseTo(d.mean, Math.max(0, 9 - Math.ceil(Math.log10(Math.max(1, d.mean)))));
        expect(below.pDec.plus(above.pDec).minus(1).abs().toNumber()).toBeLessThan(1e-9);
        expect(d.variance).toBeGreaterThanOrEqual(0);
        // exact kinds: equal to the 80 significant digits decimal.js keeps
        if (d.exact) expect(below.m1Dec.plus(above.m1Dec).minus(d.meanDec).abs().lt('1e-60')).toBe(true);
      }),
      { seed, numRuns: 300 },
    );
  });

  it('a seeded sampler repeats itself and draws whole non-negative tokens', () => {
    fc.assert(
      fc.property(distributionArbitrary, fc.integer(), (spec, samplerSeed) => {
        const d = toDist(spec);
        const a = d.sampler(samplerSeed);
        const b = d.sampler(samplerSeed);
        for (let index = 0; index < 20; index += 1) {
          const x = a();
          expect(b()).toBe(x);
          expect(Number.isInteger(x) && x >= 0).toBe(true);
        }
      }),
      { seed, numRuns: 100 },
    );
  });
});
