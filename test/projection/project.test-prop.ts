import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateCost } from '../../src/estimate/estimate.js';
import { projectSpend } from '../../src/projection/project.js';
import { createRandom, roundRandomly, sortedQuantile } from '../../src/workload/random.js';
import { Dec, ROUNDING } from '../../src/money/decimal.js';
import { getModel } from '../../src/pricing/table.js';
import type { ServiceTier } from '../../src/pricing/schema.js';
import { toDist, type DistributionSpec } from '../../src/workload/distributions.js';
import type { WorkloadInput } from '../../src/workload/schema.js';
import { fitMedianVolume, fitUncertainVolume } from '../../src/workload/volume.js';

/** Where the mean lies between low and high in the generated uncertain volumes: all admissible (above 0.8·low + 0.1·high). */
const VOLUME_MEAN_POSITION_RANGE = [0.3, 0.9] as const;
import { distributionOf } from '../workload/arbitraries.js';

const seed = Number(process.env['FC_SEED'] ?? 42);

// Seconds in each unit, so that N = calls × period / unit divides once, last.
const SECONDS = { second: 1, minute: 60, hour: 3600, day: 86_400, week: 604_800, month: 2_628_000, year: 31_536_000 } as const;
const UNITS = ['second', 'minute', 'hour', 'day', 'week', 'month'] as const;
const PERIODS = ['day', 'week', 'month', 'year'] as const;
const MODELS = ['gpt-5.4-nano', 'gpt-5.4-mini', 'gpt-4o-mini', 'gpt-4.1-nano', 'claude-haiku-4-5', 'gemini-2.5-flash', 'mistral-small-2603'] as const;

/** A distribution whose mean is a whole number: fixed, or uniform on [a, b] with a + b even. */
const integerMean = (max: number) =>
  fc.oneof(
    fc.integer({ min: 0, max }).map((n) => ({ dist: { fixed: n } as const, mean: n })),
    fc.tuple(fc.integer({ min: 0, max }), fc.integer({ min: 0, max })).map(([a, b]) => {
      const low = Math.min(a, b);
      const high = Math.max(a, b) + ((a + b) % 2); // a + b even → the mean is an integer
      return { dist: { uniform: [low, high] as [number, number] }, mean: (low + high) / 2 };
    }),
  );

/** Not a heavy-tailed lognormal (p95 at most 7 × the median). */
function moderate(spec: DistributionSpec): boolean {
  if (!('lognormal' in spec)) return true;
  const parameters = spec.lognormal;
  return 'median' in parameters ? parameters.p95 <= 7 * parameters.median : parameters.p95 <= 3 * parameters.mean;
}

function round9(value: Dec): string {
  const rounded = value.toDecimalPlaces(9, ROUNDING['half-even']);
  return rounded.isZero() ? '0' : rounded.toFixed();
}

describe('projectSpend properties', () => {
  it('expected spend = N × estimateCost(mean usage), exactly to the 9-decimal rounding, where cost is linear', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...MODELS),
        fc.boolean(),
        integerMean(15_000).map(({ dist, mean }) => ({ dist: 'fixed' in dist ? { fixed: dist.fixed * 4 } : { uniform: [dist.uniform[0] * 4, dist.uniform[1] * 4] as [number, number] }, mean: mean * 4 })),
        integerMean(4000),
        fc.option(integerMean(4000), { nil: undefined }),
        fc.option(fc.constantFrom(0, 0.25, 0.5, 0.75, 1), { nil: undefined }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.constantFrom(...UNITS),
        fc.constantFrom(...PERIODS),
        (model, batch, input, output, reasoning, cachedShare, calls, per, period) => {
          const entry = getModel(model);
          const tier: ServiceTier = batch && entry.prices[entry.prices.length - 1]?.batch !== undefined ? 'batch' : 'standard';
          const workload: WorkloadInput = {
            volume: { calls, per },
            tokens: { input: input.dist, output: output.dist, ...(reasoning === undefined ? {} : { reasoning: reasoning.dist }) },
            tier,
            ...(cachedShare === undefined ? {} : { cache: { cachedShare } }),
          };
          const projection = projectSpend(workload, { model, period });
          const reasoningMean = reasoning?.mean ?? 0;
          const oneCall = estimateCost({
            model,
            tier,
            inputTokens: input.mean,
            cachedInputTokens: (cachedShare ?? 0) * input.mean,
            outputTokens: output.mean + reasoningMean,
            reasoningTokens: reasoningMean,
          });
          const over = (perCall: string | number): Dec => new Dec(perCall).times(calls).times(SECONDS[period]).div(SECONDS[per]);
          expect(projection.spend.expected).toBe(round9(over(oneCall.total)));
          expect(projection.breakdown.reasoning).toBe(round9(over(oneCall.reasoning)));
          expect(projection.calls.expected).toBe(round9(over(1)));
        },
      ),
      { seed, numRuns: 150 },
    );
  });

  it('p50 ≤ p90 ≤ p99 for any workload, volume and model', () => {
    const volume = fc.oneof(
      fc.integer({ min: 0, max: 5_000_000 }).map((calls) => calls as WorkloadInput['volume']['calls']),
      fc.tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 0, max: 1, noNaN: true })).map(([low, width, position]) => {
        const [min, max] = VOLUME_MEAN_POSITION_RANGE;
        return { low, expected: low + width * (min + (max - min) * position), high: low + width };
      }),
      fc.tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 500_000 }), fc.integer({ min: 1, max: 500_000 })).map(([low, a, b]) => ({ low, median: low + a, high: low + a + b }))
        // A triple so skewed that its lognormal has a negative mean is refused (issue 10).
        // (and one so skewed that its mean passes the 10^15-call limit over a month of seconds).
        .filter((v) => { const mean = fitMedianVolume(v.low, v.median, v.high).mean; return mean >= 0 && mean <= 1e8; }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...MODELS, 'gpt-5.4', 'claude-sonnet-4-5'),
        distributionOf(300_000),
        distributionOf(20_000),
        volume,
        fc.constantFrom(...UNITS),
        (model, input, output, calls, per) => {
          const projection = projectSpend({ volume: { calls, per }, tokens: { input, output } }, { model, period: 'week' });
          const { p50, p90, p99 } = projection.spend;
          expect(new Dec(p50).lte(p90) && new Dec(p90).lte(p99), `${p50} ≤ ${p90} ≤ ${p99}`).toBe(true);
          expect(new Dec(p50).gte(0)).toBe(true);
        },
      ),
      { seed, numRuns: 80 },
    );
  });

  it('expected spend and every analytic percentile grow with the volume', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...MODELS),
        distributionOf(50_000),
        distributionOf(5000),
        fc.integer({ min: 10_000, max: 10_000_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (model, input, output, calls, more) => {
          const at = (n: number) => projectSpend({ volume: { calls: n, per: 'month' }, tokens: { input, output } }, { model }).spend;
          const low = at(calls);
          const high = at(calls + more);
          for (const key of ['expected', 'p50', 'p90', 'p99'] as const) expect(new Dec(low[key]).lte(high[key]), key).toBe(true);
        },
      ),
      { seed, numRuns: 60 },
    );
  });

  // The reference simulates whole periods: N calls (N from the fitted volume when it is
  // uncertain), each call's tokens drawn and priced in floats from the table's list prices,
  // summed. The stated tolerance: each analytic percentile lies inside the reference's 99.7 %
  // confidence interval for that percentile (order statistics np ± 3√(np(1 − p)) of 2,000
  // periods), widened by the normal approximation's first-order error, γ·|z² − 1|/6 standard
  // deviations (Cornish–Fisher; γ the skewness of the simulated spend), plus 0.1 sd; and the
  // standard deviations agree within four standard errors of the sample sd (√((κ − 1)/4n), κ its kurtosis) + 3 %.
  it('analytic bands match a seeded Monte Carlo of whole periods (inside its 99.7 % interval ± the CLT skew term), for moderately skewed calls', () => {
    const prices = { input: 0.2e-6, output: 1.25e-6 }; // gpt-5.4-nano, USD per token (floats: test oracle only)
    fc.assert(
      fc.property(
        // Scope: whole-token rounding adds up to 1/4 token² of variance per draw, which the
        // continuous moments leave out, so spreads of at least 25 tokens²; and moderate skew
        // (lognormal p95 ≤ 7 × median), where 2,000 simulated periods can estimate the tails.
        distributionOf(20_000).filter((d) => toDist(d).variance >= 25 && moderate(d)),
        distributionOf(2000).filter((d) => (toDist(d).variance >= 25 && moderate(d)) || ('fixed' in d && Number.isInteger(d.fixed))),
        fc.integer({ min: 250, max: 600 }),
        // half with a fixed volume, where the per-call variance is all the band has
        fc.oneof(fc.constant(undefined), fc.double({ min: 0.02, max: 0.98, noNaN: true })),
        fc.integer({ min: 1, max: 1_000_000 }),
        (input, output, calls, uncertain, runSeed) => {
          const [min, max] = VOLUME_MEAN_POSITION_RANGE;
          const volume =
            uncertain === undefined ? calls : { low: calls * 0.7, expected: calls * 0.7 + calls * 0.6 * (min + (max - min) * uncertain), high: calls * 1.3 };
          const projection = projectSpend({ volume: { calls: volume, per: 'month' }, tokens: { input, output } }, { model: 'gpt-5.4-nano' });
          expect(projection.band.method).not.toBe('monte-carlo');
          const random = createRandom(runSeed);
          const inputDist = toDist(input);
          const outputDist = toDist(output);
          const fitted = typeof volume === 'number' ? undefined : fitUncertainVolume(volume.low, volume.expected, volume.high);
          const periods = 2000;
          const totals: number[] = [];
          for (let period = 0; period < periods; period += 1) {
            const n = fitted === undefined ? calls : roundRandomly(Math.max(0, fitted.draw(random)), random);
            let total = 0;
            for (let call = 0; call < n; call += 1) {
              total += roundRandomly(inputDist.draw(random), random) * prices.input + roundRandomly(outputDist.draw(random), random) * prices.output;
            }
            totals.push(total);
          }
          totals.sort((a, b) => a - b);
          const mean = totals.reduce((a, b) => a + b, 0) / periods;
          const m2 = totals.reduce((a, b) => a + (b - mean) ** 2, 0) / periods;
          const m3 = totals.reduce((a, b) => a + (b - mean) ** 3, 0) / periods;
          const m4 = totals.reduce((a, b) => a + (b - mean) ** 4, 0) / periods;
          const sd = Math.sqrt(m2);
          const skew = Math.abs(m3) / m2 ** 1.5;
          const analyticSd = Number(projection.band.standardDeviation);
          const allowed = 4 * Math.sqrt(Math.max(0, m4 / (m2 * m2) - 1) / (4 * periods)) + 0.03;
          expect(Math.abs(sd - analyticSd) / analyticSd, `sd: analytic ${analyticSd} vs Monte Carlo ${sd}`).toBeLessThan(allowed);
          for (const [key, p, z] of [['p50', 0.5, 0], ['p90', 0.9, 1.2816], ['p99', 0.99, 2.3263]] as const) {
            const spread = 3 * Math.sqrt(periods * p * (1 - p));
            const slack = (0.1 + (skew * Math.abs(z * z - 1)) / 6) * analyticSd;
            const low = (totals[Math.max(0, Math.floor(periods * p - spread))] ?? 0) - slack;
            const high = (totals[Math.min(periods - 1, Math.ceil(periods * p + spread))] ?? 0) + slack;
            const value = Number(projection.spend[key]);
            expect(value >= low && value <= high, `${key}: analytic ${value} outside [${low}, ${high}] (Monte Carlo ${sortedQuantile(totals, p)}, sd ${analyticSd})`).toBe(true);
          }
        },
      ),
      { seed, numRuns: 16 },
    );
  });

  it('a conversation bills, for each turn count, the re-sent history of every turn (enumerated), exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 1, max: 100_000 }),
        (turnSamples, user, assistant, system, calls) => {
          // Oracle: list each turn's input and output for every possible turn count and price the
          // lot with estimateCost (aggregate), then average over the turn distribution.
          let input = new Dec(0);
          let output = new Dec(0);
          for (const turns of turnSamples) {
            for (let t = 1; t <= turns; t += 1) {
              input = input.plus(system + (t - 1) * (user + assistant) + user);
              output = output.plus(assistant);
            }
          }
          const n = turnSamples.length;
          const projection = projectSpend(
            { volume: { calls, per: 'month' }, conversation: { turns: { samples: turnSamples }, userTokensPerTurn: user, assistantTokensPerTurn: assistant, systemTokens: system } },
            { model: 'gpt-4.1-nano' },
          );
          expect(new Dec(projection.tokensPerCall.input).minus(input.div(n)).abs().lt('1e-6')).toBe(true);
          const total = estimateCost({ model: 'gpt-4.1-nano', inputTokens: input.toNumber(), outputTokens: output.toNumber(), aggregate: true }).total;
          expect(projection.spend.expected).toBe(round9(new Dec(total).div(n).times(calls)));
        },
      ),
      { seed, numRuns: 100 },
    );
  });

  it('the same inputs and seed always give the same projection', () => {
    fc.assert(
      fc.property(distributionOf(100_000), distributionOf(5000), fc.integer({ min: 1, max: 2000 }), fc.integer(), (input, output, calls, runSeed) => {
        const workload: WorkloadInput = { volume: { calls, per: 'month' }, tokens: { input, output } };
        expect(projectSpend(workload, { model: 'gpt-5.4-mini', seed: runSeed })).toEqual(projectSpend(workload, { model: 'gpt-5.4-mini', seed: runSeed }));
      }),
      { seed, numRuns: 30 },
    );
  });
});
