import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCostEstimator, defaultPricing, estimateCost, SERVICE_TIERS, type ModelEntry, type ServiceTier } from '../../src/index.js';
import { attoToUsd, oracleCost, tierRates, usdToAtto, type OracleUsage } from '../oracle.js';
import { fcOptions } from '../seed.js';

/** Usages that fit the model and use only the parts its prices cover. */
function usageFor(entry: ModelEntry, tier: ServiceTier): fc.Arbitrary<OracleUsage> {
  const rates = tierRates(entry, tier);
  const maxInput = Math.min(entry.maxInputTokens ?? entry.contextWindow ?? 2_000_000, 2_000_000);
  const context = entry.contextWindow ?? 4_000_000;
  const maxOutput = entry.maxOutputTokens ?? 200_000;
  const hasCached = rates?.cachedInputPerMillion !== undefined;
  const hasWrite = rates?.cacheWritePerMillion !== undefined;
  const hasWrite1h = rates?.cacheWrite1hPerMillion !== undefined;
  const hasAudio = rates?.audioInputPerMillion !== undefined;
  const hasCachedAudio = rates?.cachedAudioInputPerMillion !== undefined;
  const longFrom = entry.prices.at(-1)?.standard.longContext?.[0]?.fromInputTokens;
  const tierHasLong = rates?.longContext !== undefined;
  // Priority on gpt-5.4 has no long-context price: keep such inputs below the threshold.
  const inputCap = longFrom !== undefined && !tierHasLong ? Math.min(maxInput, longFrom - 1) : maxInput;
  return fc
    .record({
      inputTokens: fc.oneof(fc.integer({ min: 0, max: Math.min(inputCap, 50_000) }), fc.integer({ min: 0, max: inputCap })),
      cachedShare: fc.double({ min: 0, max: 1, noNaN: true }),
      writeShare: fc.double({ min: 0, max: 1, noNaN: true }),
      write1hShare: fc.double({ min: 0, max: 1, noNaN: true }),
      outputTokens: fc.integer({ min: 0, max: maxOutput }),
      reasoningShare: fc.double({ min: 0, max: 1, noNaN: true }),
      audioShare: fc.double({ min: 0, max: 1, noNaN: true }),
      webSearchCalls: fc.integer({ min: 0, max: 5 }),
    })
    .map((draw) => {
      const inputTokens = draw.inputTokens;
      const outputTokens = Math.min(draw.outputTokens, Math.max(0, context - inputTokens));
      const cached = hasCached ? Math.floor(inputTokens * draw.cachedShare) : 0;
      const write = hasWrite ? Math.floor((inputTokens - cached) * draw.writeShare) : 0;
      const write1h = hasWrite1h ? Math.floor((inputTokens - cached - write) * draw.write1hShare) : 0;
      const hasFee = entry.prices.at(-1)?.fees?.webSearchPerThousandCalls !== undefined;
      return {
        inputTokens,
        outputTokens,
        cachedInputTokens: cached,
        cacheWriteTokens: write,
        cacheWrite1hTokens: write1h,
        reasoningTokens: Math.floor(outputTokens * draw.reasoningShare),
        audioInputTokens: hasAudio ? Math.floor((inputTokens - cached - write - write1h) * draw.audioShare) : 0,
        cachedAudioInputTokens: hasCachedAudio ? Math.floor(cached * draw.audioShare) : 0,
        webSearchCalls: hasFee ? draw.webSearchCalls : 0,
      };
    });
}

const pairs: Array<{ entry: ModelEntry; tier: ServiceTier }> = defaultPricing.models.flatMap((entry) =>
  SERVICE_TIERS.filter((tier) => tierRates(entry, tier) !== undefined).map((tier) => ({ entry, tier })),
);

describe('estimateCost against an independent BigInt oracle', () => {
  it('covers every bundled model and tier', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(defaultPricing.models.length);
  });

  it.each(pairs.map((pair) => [`${pair.entry.id} ${pair.tier}`, pair] as const))('every part equals the oracle exactly: %s', (_name, { entry, tier }) => {
    const estimator = createCostEstimator(entry.id, { tier });
    fc.assert(
      fc.property(usageFor(entry, tier), (usage) => {
        const expected = oracleCost(entry, tier, usage);
        expect(expected).toBeDefined();
        if (expected === undefined) return;
        const byId = estimateCost({ model: entry.id, tier, ...usage });
        const hot = estimator(usage);
        expect(hot).toEqual(byId);
        expect(byId.total).toBe(attoToUsd(expected.total));
        expect(byId.input).toBe(attoToUsd(expected.input));
        expect(byId.cachedInput).toBe(attoToUsd(expected.cachedInput));
        expect(byId.cacheWrite).toBe(attoToUsd(expected.cacheWrite));
        expect(byId.cacheWrite1h).toBe(attoToUsd(expected.cacheWrite1h));
        expect(byId.output).toBe(attoToUsd(expected.output));
        expect(byId.reasoning).toBe(attoToUsd(expected.reasoning));
        expect(byId.fees).toBe(attoToUsd(expected.fees));
        expect(byId.longContext).toBe(expected.longContext);
      }),
      { ...fcOptions, numRuns: 60 },
    );
  });
});

const simpleModels = defaultPricing.models.filter((entry) => entry.prices.at(-1)?.standard.longContext === undefined);

describe('invariants', () => {
  it('additivity: the cost of two usages summed equals the sum of their costs (same price set, aggregate)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...simpleModels),
        fc.integer({ min: 0, max: 5_000_000 }),
        fc.integer({ min: 0, max: 5_000_000 }),
        fc.integer({ min: 0, max: 5_000_000 }),
        fc.integer({ min: 0, max: 5_000_000 }),
        (entry, inA, inB, outA, outB) => {
          const a = estimateCost({ model: entry, inputTokens: inA, outputTokens: outA, aggregate: true });
          const b = estimateCost({ model: entry, inputTokens: inB, outputTokens: outB, aggregate: true });
          const both = estimateCost({ model: entry, inputTokens: inA + inB, outputTokens: outA + outB, aggregate: true });
          expect(usdToAtto(both.total)).toBe(usdToAtto(a.total) + usdToAtto(b.total));
        },
      ),
      fcOptions,
    );
  });

  it('linearity: k identical calls cost k times one call', () => {
    fc.assert(
      fc.property(fc.constantFrom(...simpleModels), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 8_000 }), fc.integer({ min: 1, max: 1000 }), (entry, input, output, k) => {
        const one = estimateCost({ model: entry, inputTokens: input, outputTokens: output, aggregate: true });
        const many = estimateCost({ model: entry, inputTokens: input * k, outputTokens: output * k, aggregate: true });
        expect(usdToAtto(many.total)).toBe(usdToAtto(one.total) * BigInt(k));
      }),
      fcOptions,
    );
  });

  it('monotonicity: more input or output tokens never cost less, across long-context thresholds too', () => {
    const models = defaultPricing.models.filter((entry) => entry.contextWindow !== undefined);
    fc.assert(
      fc.property(fc.constantFrom(...models), fc.nat(), fc.nat(), fc.nat({ max: 50_000 }), fc.nat({ max: 50_000 }), (entry, inputSeed, outputSeed, extraIn, extraOut) => {
        const maxInput = entry.maxInputTokens ?? entry.contextWindow ?? 0;
        const maxOutput = Math.min(entry.maxOutputTokens ?? 0, 100_000);
        const input = inputSeed % (maxInput + 1);
        const output = outputSeed % (maxOutput + 1);
        const fits = (i: number, o: number) => i <= maxInput && i + o <= (entry.contextWindow ?? 0) && o <= (entry.maxOutputTokens ?? 0);
        fc.pre(fits(input, output) && fits(input + extraIn, output + extraOut));
        const base = estimateCost({ model: entry, inputTokens: input, outputTokens: output });
        const more = estimateCost({ model: entry, inputTokens: input + extraIn, outputTokens: output + extraOut });
        expect(usdToAtto(more.total) >= usdToAtto(base.total)).toBe(true);
      }),
      fcOptions,
    );
  });

  it('a cached token never costs more than an uncached one: caching never raises the bill', () => {
    // Models that accept the largest call drawn here (100,000 in + 1,000 out); the catalog of issue 11 also has smaller windows.
    const fitsDraws = (entry: ModelEntry) => (entry.maxInputTokens ?? entry.contextWindow ?? Infinity) >= 100_000 && (entry.contextWindow ?? Infinity) >= 101_000 && (entry.maxOutputTokens ?? Infinity) >= 1000;
    const models = defaultPricing.models.filter((entry) => entry.prices.at(-1)?.standard.cachedInputPerMillion !== undefined && fitsDraws(entry));
    fc.assert(
      fc.property(fc.constantFrom(...models), fc.integer({ min: 0, max: 100_000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 1000 }), (entry, input, share, output) => {
        const cached = Math.floor(input * share);
        const plain = estimateCost({ model: entry, inputTokens: input, outputTokens: output });
        const withCache = estimateCost({ model: entry, inputTokens: input, cachedInputTokens: cached, outputTokens: output });
        expect(usdToAtto(withCache.total) <= usdToAtto(plain.total)).toBe(true);
      }),
      fcOptions,
    );
  });

  it('parts add up: total = input + cached + writes + output + fees, and of-which parts stay within their whole', () => {
    fc.assert(
      fc.property(fc.constantFrom(...pairs), fc.nat(), (pair, seed) => {
        const [usage] = fc.sample(usageFor(pair.entry, pair.tier), { seed, numRuns: 1 });
        if (usage === undefined) return;
        const cost = estimateCost({ model: pair.entry, tier: pair.tier, ...usage });
        const sum = [cost.input, cost.cachedInput, cost.cacheWrite, cost.cacheWrite1h, cost.output, cost.fees].map(usdToAtto).reduce((a, b) => a + b, 0n);
        expect(usdToAtto(cost.total)).toBe(sum);
        expect(usdToAtto(cost.reasoning) <= usdToAtto(cost.output)).toBe(true);
        expect(usdToAtto(cost.images) <= usdToAtto(cost.input)).toBe(true);
      }),
      fcOptions,
    );
  });

  it('huge aggregates stay exact (the BigInt path): 10^15 tokens', () => {
    fc.assert(
      fc.property(fc.constantFrom(...simpleModels), fc.bigInt({ min: 10n ** 12n, max: 10n ** 15n }), (entry, tokens) => {
        const count = Number(tokens);
        const cost = estimateCost({ model: entry, inputTokens: count, outputTokens: count, aggregate: true });
        const expected = oracleCost(entry, 'standard', { inputTokens: count, outputTokens: count });
        expect(cost.total).toBe(attoToUsd(expected?.total ?? -1n));
      }),
      { ...fcOptions, numRuns: 100 },
    );
  });
});
