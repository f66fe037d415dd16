// Fuzz suite (issue 10): every public library entry point of src/index.ts (except the budget
// guard, memoryStore and the CLI's parsePlan, tested elsewhere) is called with generated hostile
// input: wrong types, NaN/±Infinity/-0/1e308/2^53+1, BigInt, symbols, huge strings, lone
// surrogates, deep objects, `__proto__` keys, throwing getters and Proxies, mostly planted one at
// a time into an otherwise valid argument. Each property states its invariant:
//   - the call returns a valid result (money strings canonical, never negative where money
//     cannot be, numbers finite) or throws an LlmSpendError with a code, never another error;
//   - each call ends within a hang guard (2 s; not a speed assertion);
//   - no global prototype is touched.
// FUZZ_RUNS=<n> gives a long run; FC_SEED (test/seed.ts) reproduces one.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as llm from '../../src/index.js';
import * as convert from '../../src/pricing/convert/index.js';
import * as projection from '../../src/projection/index.js';
import { showValue } from '../../src/errors.js';
import { FC_SEED } from '../seed.js';
import { FuzzError, hostileKit } from './hostile.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 200);
const HANG_MS = 2000;
/** The iterative solvers (bisection over whole projections) get a wider hang guard. */
const SOLVER_HANG_MS = 15_000;
const MONEY = /^-?(0|[1-9]\d*)(\.\d*[1-9])?$/;

// ------------------------------------------------------------------ hostile values

const { hostile, mutated } = hostileKit({
  seed: { calls: 1, per: 'day' },
  fields: ['calls', 'fixed', 'inputTokens'],
  numbers: [1e9 + 1],
  strings: ['hasOwnProperty', '1_000', '２０２６-01-01', '2026-02-30', '1', 'a/'.repeat(2000)],
  values: [],
});

// ------------------------------------------------------------------ invariants

const MONEY_KEYS = new Set(['total', 'input', 'cachedInput', 'cacheWrite', 'cacheWrite1h', 'output', 'reasoning', 'images', 'fees', 'expected', 'p50', 'p90', 'p99', 'perCall', 'spend', 'usd', 'budget', 'remaining', 'firstMonthSpend', 'standardDeviation', 'fromVolume', 'fromTokens']);
/** Keys whose money may be negative (differences). */
const SIGNED_KEYS = new Set(['vsCheapest', 'vsBaseline', 'margin']);
/** Numbers allowed to be infinite by contract: the support of an unbounded distribution. */
const INFINITE_OK = new Set(['max']);

/** Walks a result: money strings canonical (non-negative unless signed), numbers finite. */
function checkResult(value: unknown, options: { readonly nonNegative: boolean }, path = 'result', seen = new Set<unknown>(), signed = false): void {
  if (typeof value === 'number') {
    const key = path.slice(path.lastIndexOf('.') + 1);
    if (!INFINITE_OK.has(key)) expect(Number.isFinite(value), `${path} = ${value}`).toBe(true);
    return;
  }
  if (typeof value === 'string') {
    const key = path.slice(path.lastIndexOf('.') + 1);
    if (MONEY_KEYS.has(key) && /^[-\d]/.test(value)) {
      expect(value, path).toMatch(MONEY);
      if (options.nonNegative && !signed) expect(value.startsWith('-'), `${path} = ${value} is negative money`).toBe(false);
    }
    expect(value, path).not.toMatch(/^(NaN|-?Infinity)$/);
    return;
  }
  if (typeof value !== 'object' || value === null || seen.has(value) || seen.size > 5000) return;
  seen.add(value);
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'pricing' || key === 'models' || key === 'source') continue;
    checkResult(inner, options, `${path}.${key}`, seen, signed || SIGNED_KEYS.has(key));
  }
}

/** Calls `action` under the hang guard; returns its result or undefined after an allowed error. */
function guarded(label: string, action: () => unknown, hangMs = HANG_MS): { result?: unknown; threw: boolean } {
  const start = performance.now();
  let outcome: { result?: unknown; threw: boolean };
  try {
    outcome = { result: action(), threw: false };
  } catch (error) {
    if (!(error instanceof FuzzError)) {
      if (!llm.isLlmSpendError(error)) throw new Error(`${label} threw ${String((error as Error)?.name)}: ${String((error as Error)?.message).slice(0, 300)}`, { cause: error });
      expect(typeof (error as llm.LlmSpendError).code).toBe('string');
      // The error itself prints and serializes without throwing.
      expect(typeof String(error)).toBe('string');
      // (bounded: details may hold the caller's own value, which JSON.stringify could expand without end)
      expect(typeof showValue((error as llm.LlmSpendError).details, 500)).toBe('string');
    }
    outcome = { threw: true };
  }
  const elapsed = performance.now() - start;
  expect(elapsed, `${label} took ${Math.round(elapsed)} ms`).toBeLessThan(hangMs);
  return outcome;
}

function property<T>(label: string, input: fc.Arbitrary<T>, call: (value: T) => unknown, nonNegative: boolean, hangMs = HANG_MS): void {
  if (process.env['FUZZ_TRACE'] !== undefined) process.stderr.write(`fuzz: ${label}\n`);
  fc.assert(
    fc.property(input, (value) => {
      if (process.env['FUZZ_TRACE'] === '2') process.stderr.write(`  ${showValue(value, 200)}\n`);
      const { result, threw } = guarded(label, () => call(value), hangMs);
      if (!threw) checkResult(result, { nonNegative });
    }),
    { seed: FC_SEED, numRuns: RUNS },
  );
}

// ------------------------------------------------------------------ valid examples

const workload = { volume: { calls: 5000, per: 'day' }, tokens: { input: { lognormal: { median: 800, p95: 3000 } }, output: 40 }, cache: { prefixTokens: 1200, hitRate: 0.6 } };
const conversation = {
  volume: { calls: { low: 10, expected: 50, high: 80 }, per: 'day' },
  conversation: { turns: { uniform: [1, 6] }, userTokensPerTurn: 80, assistantTokensPerTurn: { samples: [20, 60, 200] }, systemTokens: 500 },
  cache: { prefixTokens: 2000, hitRate: 0 },
};
const pipeline = {
  volume: { calls: 100, per: 'hour', growth: { rate: 0.1, per: 'month' } },
  steps: [{ name: 'route', model: 'gpt-5.4-nano', tokens: { input: 300, output: 5 } }, { callsPerTask: { histogram: [{ upTo: 2, share: 0.5 }, { upTo: 4, share: 0.5 }] }, tokens: { input: 2000, output: { normal: { mean: 300, sd: 100 } } } }],
};
const workloads = fc.constantFrom<unknown>(workload, conversation, pipeline);
const modelEntry = llm.getModel('gpt-5.4-mini');
const table = {
  version: 1,
  checkedAt: '2026-11-01',
  models: [
    {
      id: 'my-model',
      provider: 'openai',
      contextWindow: 128000,
      maxOutputTokens: 16384,
      modalities: { input: ['text'], output: ['text'] },
      reasoning: false,
      prices: [{ standard: { inputPerMillion: '0.30', outputPerMillion: '1.20' }, sources: [{ url: 'contract', checkedAt: '2026-11-01' }] }],
    },
  ],
};

let protoKeys: string[] = [];
let arrayProtoKeys: string[] = [];
beforeAll(() => {
  protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();
  arrayProtoKeys = Object.getOwnPropertyNames(Array.prototype).sort();
});
afterAll(() => {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeys);
  expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(arrayProtoKeys);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
});

describe('fuzz: every library entry point returns a valid result or throws an LlmSpendError, within 2 s, touching no prototype', () => {
  it('money helpers: canonical decimal strings or INVALID_MONEY', () => {
    property('addUsd', fc.tuple(mutated('0.1'), mutated('2')), (v) => llm.addUsd(...(v as [llm.UsdInput, llm.UsdInput])), false);
    property('sumUsd', mutated(['0.1', '2', 3n]), (v) => llm.sumUsd(v as llm.UsdInput[]), false);
    property('compareUsd', fc.tuple(mutated('0.1'), mutated('-2')), (v) => llm.compareUsd(...(v as [llm.UsdInput, llm.UsdInput])), false);
    property('roundUsd', fc.tuple(mutated('1.005'), mutated(2), mutated('half-up')), (v) => llm.roundUsd(...(v as [llm.UsdInput, number, llm.RoundingMode])), false);
    property('formatUsd', fc.tuple(mutated('1402.5'), mutated({ decimals: 2, mode: 'half-even', grouping: true })), (v) => llm.formatUsd(...(v as [llm.UsdInput, llm.FormatUsdOptions])), false);
    property('isLlmSpendError', fc.tuple(hostile, hostile), ([a, b]) => llm.isLlmSpendError(a, b as llm.LlmSpendErrorCode), false);
  });

  it('pricing tables and lookups: entries or UNKNOWN_MODEL / INVALID_PRICING / PRICE_NOT_IN_EFFECT', () => {
    property('getModel', fc.tuple(mutated('openai/gpt-5.4-mini'), mutated({ at: '2026-06-01' })), ([id, options]) => llm.getModel(id as string, options as llm.LookupOptions), true);
    property('findModel', fc.tuple(mutated('gpt-5.4-nano'), mutated({})), ([id, options]) => llm.findModel(id as string, options as { pricing?: llm.PricingTable }), true);
    property('listModels', mutated({ provider: 'openai', inputModalities: ['text'], reasoning: true, includeDeprecated: false }), (v) => llm.listModels(v as llm.ModelFilter).length, true);
    property('selectPricePeriod', fc.tuple(mutated(modelEntry), mutated('2026-06-01')), ([entry, at]) => llm.selectPricePeriod(entry as llm.ModelEntry, at as string), true);
    property('createPricingTable', mutated(table), (v) => llm.createPricingTable(v as llm.PricingDataInput).models.length, true);
    property('withOverrides', mutated({ 'gpt-5.4-mini': { prices: { standard: { inputPerMillion: '0.60' } } } }), (v) => llm.withOverrides(llm.defaultPricing, v as Record<string, llm.ModelPatch>).models.length, true);
    property(
      'pricingFromLiteLLM',
      fc.tuple(mutated({ 'my-model': { litellm_provider: 'openai', mode: 'chat', input_cost_per_token: 3e-7, output_cost_per_token: 1.2e-6, max_input_tokens: 1000, max_output_tokens: 100 } }), mutated({ checkedAt: '2026-11-01' })),
      ([json, options]) => convert.pricingFromLiteLLM(json, options as convert.LiteLLMConversionOptions).table.models.length,
      true,
    );
    property(
      'pricingFromModelsDev',
      fc.tuple(mutated({ openai: { id: 'openai', models: { m: { id: 'm', cost: { input: 0.3, output: 1.2 }, limit: { context: 1000, output: 100 }, modalities: { input: ['text'], output: ['text'] } } } } }), mutated({ checkedAt: '2026-11-01' })),
      ([json, options]) => convert.pricingFromModelsDev(json, options as convert.ModelsDevConversionOptions).table.models.length,
      true,
    );
  });

  it('per-call cost: exact non-negative breakdowns or INVALID_USAGE / CONTEXT_EXCEEDED / TIER_UNAVAILABLE / PRICE_UNAVAILABLE', () => {
    const request = { model: 'gpt-5.4-mini', inputTokens: 1234, cachedInputTokens: 1000, outputTokens: 567, reasoningTokens: 100, tier: 'batch', at: '2026-06-01' };
    property('estimateCost', mutated(request), (v) => llm.estimateCost(v as llm.EstimateCostRequest), true);
    property('estimateCost (entry)', mutated({ ...request, model: modelEntry, tier: 'standard' }), (v) => llm.estimateCost(v as llm.EstimateCostRequest), true);
    property(
      'createCostEstimator',
      fc.tuple(mutated('claude-sonnet-4-5'), mutated({ tier: 'standard' }), mutated({ inputTokens: 5000, cacheWriteTokens: 3000, outputTokens: 10 })),
      ([model, options, usage]) => llm.createCostEstimator(model as string, options as llm.EstimatorOptions)(usage as llm.Usage),
      true,
    );
    property('checkContext', mutated({ model: 'gpt-5.4-mini', inputTokens: 300_000, maxOutputTokens: 1000 }), (v) => llm.checkContext(v as llm.ContextRequest), true);
    property('usageFromOpenAI', mutated({ usage: { prompt_tokens: 100, completion_tokens: 20, prompt_tokens_details: { cached_tokens: 50 }, completion_tokens_details: { reasoning_tokens: 5 } } }), (v) => llm.usageFromOpenAI(v as never), true);
    property('usageFromAnthropic', mutated({ usage: { input_tokens: 100, output_tokens: 20, cache_read_input_tokens: 50, cache_creation_input_tokens: 10 } }), (v) => llm.usageFromAnthropic(v as never), true);
    property('usageFromGemini', mutated({ usageMetadata: { promptTokenCount: 100, candidatesTokenCount: 20, thoughtsTokenCount: 5, cachedContentTokenCount: 10 } }), (v) => llm.usageFromGemini(v as never), true);
    property('usageFromAiSdk', mutated({ inputTokens: 100, outputTokens: 20, cachedInputTokens: 10, reasoningTokens: 5 }), (v) => llm.usageFromAiSdk(v as never), true);
  });

  it('workloads and distributions: parsed values with finite moments or INVALID_WORKLOAD with a path', () => {
    property('parseWorkload', workloads.chain(mutated), (v) => projection.parseWorkload(v as projection.WorkloadInput), true);
    property(
      'createDistribution',
      fc.constantFrom<unknown>({ lognormal: { median: 800, p95: 3000 } }, { lognormal: { mean: 800, p95: 2000 } }, { uniform: [1, 9] }, { normal: { mean: 5, sd: 2 } }, { samples: [1, 2, 3] }, { histogram: [{ upTo: 10, share: 1 }] }, 7).chain(mutated),
      (v) => {
        const dist = projection.createDistribution(v as projection.DistributionInput);
        const draw = dist.sampler(1);
        return { mean: dist.mean, secondMoment: dist.secondMoment, variance: dist.variance, min: dist.min, max: dist.max, q: dist.quantile(0.9), cdf: dist.cdf(100), draw: draw() };
      },
      true,
    );
    property('estimateImageTokens', mutated({ model: 'gpt-5.4-mini', width: 1024, height: 768, detail: 'high' }), (v) => projection.estimateImageTokens(v as projection.ImageTokensRequest), true);
  });

  it('projections and solvers: finite, canonical, non-negative money or a typed error', () => {
    const options = { model: 'claude-sonnet-4-5', period: 'week', seed: 3, draws: 500, at: '2026-06-01' };
    property('projectSpend', fc.tuple(workloads.chain(mutated), mutated(options)), ([w, o]) => projection.projectSpend(w as projection.WorkloadInput, o as projection.ProjectSpendOptions), true);
    property('compareModels', fc.tuple(workloads.chain(mutated), mutated(['gpt-5.4-nano', 'gpt-5.4-mini']), mutated({ baseline: 'gpt-5.4-mini', draws: 500 })), ([w, m, o]) =>
      projection.compareModels(w as projection.WorkloadInput, m as string[], o as projection.CompareModelsOptions), true);
    property(
      'maxVolumeWithinBudget',
      fc.tuple(fc.constantFrom<unknown>(workload, pipeline).chain(mutated), mutated({ model: 'gpt-5.4-nano', budget: { usd: '100', per: 'month' }, percentile: 'p90', draws: 500 })),
      ([w, o]) => projection.maxVolumeWithinBudget(w as projection.WorkloadInput, o as projection.MaxVolumeOptions),
      true,
      // A percentile budget is solved by bisection over ~100 projections: a wider hang guard.
      SOLVER_HANG_MS,
    );
    property('budgetRunway', mutated({ workload: pipeline, model: 'gpt-5.4-nano', budget: '900', spent: '10', from: '2026-12-01', draws: 500 }), (v) => projection.budgetRunway(v as projection.BudgetRunwayRequest), true, SOLVER_HANG_MS);
  });

  it('latency and recommendation: finite milliseconds and canonical money, or a typed error', () => {
    property('estimateLatency', mutated({ model: 'gpt-5.4-nano', outputTokens: { lognormal: { median: 300, p95: 900 } }, reasoningTokens: 100, maxOutputTokens: 4000 }), (v) => projection.estimateLatency(v as projection.EstimateLatencyRequest), true);
    property(
      'fitLatencyProfile',
      fc.tuple(mutated(Array.from({ length: 12 }, (_, index) => ({ outputTokens: 100 + 37 * index, latencyMs: 600 + 4 * (100 + 37 * index) + (index % 3) * 50 }))), mutated({ source: 'prod' })),
      ([samples, options]) => projection.fitLatencyProfile(samples as projection.LatencySample[], options as projection.FitLatencyOptions),
      true,
    );
    property(
      'recommendModel',
      fc.tuple(fc.constantFrom<unknown>(workload).chain(mutated), mutated({ budget: { usd: '500', per: 'month' }, latency: { p95: 5000 }, task: 'classification', candidates: ['gpt-5.4-nano', 'gpt-5.4-mini'] })),
      ([w, c]) => projection.recommendModel(w as projection.RecommendWorkload, c as projection.RecommendConstraints),
      true,
    );
  });
});
