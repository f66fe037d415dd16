// fast-check arbitraries shared by the workload and projection property tests.
import fc from 'fast-check';
import type { DistributionSpec } from '../../src/workload/distributions.js';


/** Random valid distribution specs of every kind, token counts up to `max`. */
export function distributionOf(max = 200_000): fc.Arbitrary<DistributionSpec> {
  const count = fc.integer({ min: 0, max });
  const scale = Math.max(1, Math.floor(max / 10));
  return fc.oneof(
    count.map((fixed) => ({ fixed })),
    fc.tuple(count, count).map(([a, b]) => ({ uniform: [Math.min(a, b), Math.max(a, b)] as [number, number] })),
    fc.tuple(fc.integer({ min: 0, max: Math.floor(max / 4) }), fc.integer({ min: 1, max: Math.floor(max / 4) })).map(([mean, sd]) => ({ normal: { mean, sd } })),
    fc.tuple(fc.integer({ min: 1, max: scale }), fc.double({ min: 1, max: 20, noNaN: true })).map(([median, ratio]) => ({ lognormal: { median, p95: median * ratio } })),
    fc.tuple(fc.integer({ min: 1, max: scale }), fc.double({ min: 1, max: 3.8, noNaN: true })).map(([mean, ratio]) => ({ lognormal: { mean, p95: mean * ratio } })),
    fc.array(count, { minLength: 1, maxLength: 30 }).map((samples) => ({ samples })),
    fc
      .array(fc.tuple(fc.integer({ min: 1, max: Math.max(1, Math.floor(max / 6)) }), fc.integer({ min: 0, max: 100 })), { minLength: 1, maxLength: 6 })
      .filter((buckets) => buckets.some(([, weight]) => weight > 0))
      .map((buckets) => {
        const total = buckets.reduce((sum, [, weight]) => sum + weight, 0);
        // shares rounded to 6 decimals, the last one closing the sum exactly
        const shares = buckets.map(([, weight]) => Math.round((weight / total) * 1e6) / 1e6);
        shares[shares.length - 1] = Math.round((1 - shares.slice(0, -1).reduce((a, b) => a + b, 0)) * 1e6) / 1e6;
        let upTo = 0;
        return {
          histogram: buckets.map(([width], index) => {
            upTo += width;
            return { upTo, share: shares[index] ?? 0 };
          }),
        };
      })
      .filter((spec) => spec.histogram.every((bucket) => bucket.share >= 0)),
  );
}

/** Random valid distribution specs of every kind. */
export const distributionArbitrary: fc.Arbitrary<DistributionSpec> = distributionOf();
