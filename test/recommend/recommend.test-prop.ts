import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fcOptions } from '../seed.js';
import { projectSpend } from '../../src/projection/project.js';
import { compareUsd } from '../../src/money/index.js';
import { createPricingTable, type ModelEntryInput, type PricingTable } from '../../src/pricing/index.js';
import {
  estimateLatency,
  recommendModel,
  type RecommendConstraints,
  type RecommendationOption,
  type RecommendStrategy,
} from '../../src/recommend/index.js';
import type { WorkloadInput } from '../../src/workload/index.js';

// A few dozen runs each: every run projects several models and computes mixture quantiles.
const options = { ...fcOptions, numRuns: 60 } as const;

interface Scenario {
  readonly table: PricingTable;
  readonly ids: readonly string[];
  readonly workload: WorkloadInput;
  readonly constraints: RecommendConstraints;
}

const price = fc.integer({ min: 1, max: 2000 }).map((cents) => (cents / 400).toString());

const modelArbitrary = fc.record({
  input: price,
  output: price,
  latency: fc.option(fc.record({ ttftMs: fc.integer({ min: 100, max: 3000 }), outputTokensPerSecond: fc.integer({ min: 20, max: 300 }) }), { nil: undefined, freq: 4 }),
  capability: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined, freq: 4 }),
  image: fc.boolean(),
  contextWindow: fc.constantFrom(16_000, 64_000, 400_000, 400_000),
});

function tableOf(models: ReadonlyArray<typeof modelArbitrary extends fc.Arbitrary<infer T> ? T : never>): { table: PricingTable; ids: string[] } {
  const source = { url: 'test', checkedAt: '2026-11-01' };
  const entries: ModelEntryInput[] = models.map((model, index) => ({
    id: `m${index}`,
    provider: 'test',
    contextWindow: model.contextWindow,
    maxOutputTokens: 4096,
    modalities: { input: model.image ? ['text', 'image'] : ['text'], output: ['text'] },
    reasoning: false,
    prices: [{ standard: { inputPerMillion: model.input, outputPerMillion: model.output }, sources: [source] }],
    ...(model.latency === undefined && model.capability === undefined
      ? {}
      : {
          performance: {
            ...(model.latency === undefined ? {} : { latency: { ...model.latency, source } }),
            ...(model.capability === undefined ? {} : { rating: { capability: model.capability, source } }),
          },
        }),
  }));
  return { table: createPricingTable({ version: 1, checkedAt: '2026-11-01', models: entries }), ids: entries.map((entry) => entry.id) };
}

const workloadArbitrary: fc.Arbitrary<WorkloadInput> = fc.record({
  calls: fc.oneof(
    fc.integer({ min: 1, max: 500_000 }),
    fc.integer({ min: 100, max: 200_000 }).map((median) => ({ low: Math.floor(median / 2), median, high: median * 2 })),
  ),
  input: fc.oneof(
    fc.integer({ min: 50, max: 20_000 }),
    fc.integer({ min: 50, max: 10_000 }).map((low) => ({ uniform: [low, low * 3] as [number, number] })),
  ),
  output: fc.oneof(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 5, max: 500 }).map((median) => ({ lognormal: { median, p95: median * 3 } }))),
}).map(({ calls, input, output }) => ({ volume: { calls, per: 'day' as const }, tokens: { input, output } }));

function constraintsArbitrary(strategies: fc.Arbitrary<readonly RecommendStrategy[]>): fc.Arbitrary<RecommendConstraints> {
  return fc
    .record({
      // Budgets from $1 to $10M a month (log-uniform), each constraint present half the time.
      budget: fc.option(
        fc.record({
          usd: fc.double({ min: 0, max: 7, noNaN: true }).map((exponent) => String(Math.round(10 ** exponent))),
          percentile: fc.constantFrom('expected', 'p50', 'p90', 'p99') as fc.Arbitrary<'expected' | 'p50' | 'p90' | 'p99'>,
        }),
        { nil: undefined, freq: 2 },
      ),
      p50Ms: fc.option(fc.integer({ min: 200, max: 20_000 }), { nil: undefined, freq: 2 }),
      p95Ms: fc.option(fc.integer({ min: 500, max: 60_000 }), { nil: undefined, freq: 2 }),
      minCapability: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined, freq: 2 }),
      image: fc.integer({ min: 0, max: 3 }).map((value) => value === 0),
      strategies,
      escalationRate: fc.double({ min: 0, max: 1, noNaN: true }),
      splitShare: fc.double({ min: 0, max: 1, noNaN: true }),
      maxContextOverflowShare: fc.option(fc.constantFrom(0, 0.01, 0.5), { nil: undefined }),
    })
    .map((c) => ({
      ...(c.budget === undefined ? {} : { budget: { usd: c.budget.usd, per: 'month' as const, percentile: c.budget.percentile } }),
      ...(c.p50Ms === undefined && c.p95Ms === undefined ? {} : { latency: { ...(c.p50Ms === undefined ? {} : { p50Ms: c.p50Ms }), ...(c.p95Ms === undefined ? {} : { p95Ms: c.p95Ms }) } }),
      ...(c.minCapability === undefined ? {} : { minCapability: c.minCapability }),
      ...(c.image ? { modalities: ['image' as const] } : {}),
      strategies: c.strategies,
      ...(c.strategies.includes('cascade') ? { escalationRate: c.escalationRate } : {}),
      ...(c.strategies.includes('split') ? { splitShare: c.splitShare } : {}),
      ...(c.maxContextOverflowShare === undefined ? {} : { maxContextOverflowShare: c.maxContextOverflowShare }),
    }));
}

const allStrategies = fc.subarray(['cascade', 'split'] as const).map((extra): readonly RecommendStrategy[] => ['single', ...extra]);

function scenario(strategies: fc.Arbitrary<readonly RecommendStrategy[]>): fc.Arbitrary<Scenario> {
  return fc.tuple(fc.array(modelArbitrary, { minLength: 2, maxLength: 4 }), workloadArbitrary, constraintsArbitrary(strategies)).map(([models, workload, constraints]) => {
    const { table, ids } = tableOf(models);
    return { table, ids, workload, constraints: { ...constraints, pricing: table, candidates: ids } };
  });
}

function byRule(a: RecommendationOption, b: RecommendationOption): number {
  const cost = compareUsd(a.spend.expected, b.spend.expected);
  if (cost !== 0) return cost;
  const latency = (a.latency?.p95Ms ?? Infinity) - (b.latency?.p95Ms ?? Infinity);
  if (latency !== 0 && !Number.isNaN(latency)) return latency;
  const capability = (b.capability ?? -Infinity) - (a.capability ?? -Infinity);
  if (capability !== 0 && !Number.isNaN(capability)) return capability;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

describe('recommendModel properties', () => {
  it('the choice meets every constraint, exists whenever an option is feasible, and is the first feasible option by the rule', () => {
    fc.assert(
      fc.property(scenario(allStrategies), ({ workload, constraints }) => {
        const result = recommendModel(workload, constraints);
        for (const option of result.options) expect(option.feasible).toBe(option.checks.every((check) => check.pass));
        const feasible = result.options.filter((option) => option.feasible);
        if (feasible.length > 0) expect(result.choice).not.toBeNull();
        if (result.choice === null) {
          expect(feasible).toEqual([]);
          if (result.options.length > 0) {
            expect(result.nearest).not.toBeNull();
            expect(result.nearest?.checks.find((check) => check.name === result.bindingConstraint)?.pass).toBe(false);
          }
          return;
        }
        expect(result.choice.feasible).toBe(true);
        expect(result.choice.checks.every((check) => check.pass)).toBe(true);
        // one check per constraint given (and context fit, always)
        const names = result.choice.checks.map((check) => check.name);
        expect(names.includes('budget')).toBe(constraints.budget !== undefined);
        expect(names.includes('latency.p95')).toBe(constraints.latency?.p95Ms !== undefined);
        expect(names.includes('capability')).toBe(constraints.minCapability !== undefined);
        expect(names.includes('modalities')).toBe(constraints.modalities !== undefined);
        expect(names).toContain('context');
        for (const option of feasible) expect(byRule(result.choice, option)).toBeLessThanOrEqual(0);
        expect(result.nearest).toBeNull();
        expect(result.bindingConstraint).toBeNull();
      }),
      options,
    );
  });

  it('the choice is the cheapest feasible model (brute force over random tables)', () => {
    fc.assert(
      fc.property(scenario(fc.constant(['single'] as const)), ({ table, ids, workload, constraints }) => {
        const result = recommendModel(workload, constraints);
        const oracle = ids.map((id) => {
          const entry = table.models.find((model) => model.id === id);
          const projection = projectSpend(workload, { model: id, pricing: table });
          const tokens = workload.tokens as { output: number | { lognormal: { median: number; p95: number } } };
          const latency = entry?.performance?.latency === undefined ? null : estimateLatency({ model: id, pricing: table, outputTokens: tokens.output });
          const budget = constraints.budget;
          const spend = budget === undefined ? 0 : Number(budget.percentile === 'expected' || budget.percentile === undefined ? projection.spend.expected : projection.spend[budget.percentile]);
          const capability = entry?.performance?.rating?.capability ?? null;
          const feasible =
            (budget === undefined || spend <= Number(budget.usd)) &&
            (constraints.latency?.p50Ms === undefined || (latency !== null && latency.p50Ms <= constraints.latency.p50Ms)) &&
            (constraints.latency?.p95Ms === undefined || (latency !== null && latency.p95Ms <= constraints.latency.p95Ms)) &&
            (constraints.minCapability === undefined || (capability !== null && capability >= constraints.minCapability)) &&
            (constraints.modalities === undefined || (entry?.modalities.input.includes('image') ?? false)) &&
            projection.contextOverflow.share <= (constraints.maxContextOverflowShare ?? 0.000001);
          return { id, feasible, expected: projection.spend.expected, p95: latency?.p95Ms ?? Infinity, capability: capability ?? -Infinity };
        });
        const best = oracle
          .filter((row) => row.feasible)
          .sort((a, b) => compareUsd(a.expected, b.expected) || (a.p95 === b.p95 ? 0 : a.p95 < b.p95 ? -1 : 1) || (a.capability === b.capability ? 0 : a.capability > b.capability ? -1 : 1) || (a.id < b.id ? -1 : 1))[0];
        expect(result.choice?.id ?? null).toBe(best?.id ?? null);
        for (const row of oracle) {
          const option = result.options.find((item) => item.id === row.id);
          expect(option?.feasible).toBe(row.feasible);
          expect(option?.spend.expected).toBe(row.expected);
        }
      }),
      options,
    );
  });

  it('loosening a constraint never makes the choice more expensive', () => {
    const loosening = fc.record({ kind: fc.constantFrom('budget', 'p50', 'p95', 'capability', 'modalities', 'context', 'strategy'), factor: fc.double({ min: 1, max: 5, noNaN: true }) });
    fc.assert(
      fc.property(scenario(allStrategies), loosening, ({ workload, constraints }, { kind, factor }) => {
        const before = recommendModel(workload, constraints);
        let looser: RecommendConstraints = constraints;
        switch (kind) {
          case 'budget':
            if (constraints.budget !== undefined) looser = { ...constraints, budget: { ...constraints.budget, usd: String(Math.ceil(Number(constraints.budget.usd) * factor) + 1) } };
            break;
          case 'p50':
          case 'p95': {
            const key = kind === 'p50' ? 'p50Ms' : 'p95Ms';
            const limit = constraints.latency?.[key];
            if (limit !== undefined) looser = { ...constraints, latency: { ...constraints.latency, [key]: limit * factor } };
            break;
          }
          case 'capability':
            if (constraints.minCapability !== undefined) looser = { ...constraints, minCapability: Math.max(1, constraints.minCapability - 1) };
            break;
          case 'modalities': {
            const { modalities: _dropped, ...rest } = constraints;
            looser = rest;
            break;
          }
          case 'context':
            looser = { ...constraints, maxContextOverflowShare: Math.min(1, (constraints.maxContextOverflowShare ?? 0.000001) * factor * 10) };
            break;
          case 'strategy': {
            const rate = constraints.escalationRate ?? 0.5;
            if (!(constraints.strategies ?? []).includes('cascade')) looser = { ...constraints, strategies: [...(constraints.strategies ?? ['single']), 'cascade'], escalationRate: rate };
            break;
          }
        }
        const after = recommendModel(workload, looser);
        if (before.choice !== null) {
          expect(after.choice).not.toBeNull();
          expect(compareUsd(after.choice?.spend.expected ?? '0', before.choice.spend.expected)).toBeLessThanOrEqual(0);
        }
      }),
      options,
    );
  });

  it('results are deterministic', () => {
    fc.assert(
      fc.property(scenario(allStrategies), fc.option(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { nil: undefined }), ({ workload, constraints }, seed) => {
        const withSeed = seed === undefined ? constraints : { ...constraints, seed };
        const first = recommendModel(workload, withSeed);
        const second = recommendModel(structuredClone(workload), { ...withSeed });
        expect(JSON.stringify(second)).toBe(JSON.stringify(first));
      }),
      { ...options, numRuns: 15 },
    );
  });

  it('the frontier is exactly the cost–p95 Pareto set of the options that pass the other checks', () => {
    fc.assert(
      fc.property(scenario(allStrategies), ({ workload, constraints }) => {
        const result = recommendModel(workload, constraints);
        const admissible = result.options.filter((option) => option.latency !== null && option.checks.every((check) => check.pass || check.name === 'budget' || check.name.startsWith('latency.')));
        const dominates = (a: RecommendationOption, b: RecommendationOption): boolean => {
          const cost = compareUsd(a.spend.expected, b.spend.expected);
          const la = a.latency?.p95Ms ?? Infinity;
          const lb = b.latency?.p95Ms ?? Infinity;
          return cost <= 0 && la <= lb && (cost < 0 || la < lb);
        };
        const pareto = admissible.filter((option) => !admissible.some((other) => dominates(other, option)));
        expect(result.frontier.map((option) => option.id)).toEqual(pareto.map((option) => option.id));
      }),
      options,
    );
  });
});
