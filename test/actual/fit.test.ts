// fitPlan recovers a known plan from a generated month of records, and comparePlan /
// projectSpend over the same period reproduce the log's spend within the projection's band.
import { beforeAll, describe, expect, it } from 'vitest';
import { comparePlan, fitPlan, type PlanFit } from '../../src/actual/fit.js';
import { fitDistribution, KS_MAX_DISTANCE } from '../../src/actual/fit/stats.js';
import { summarizeSpend } from '../../src/actual/report.js';
import type { ReadItem } from '../../src/actual/record.js';
import { parsePlan } from '../../src/cli/plan/index.js';
import { projectSpend } from '../../src/projection/project.js';
import { Z95 } from '../../src/workload/math.js';
import { normals } from '../seed.js';
import { generateMonth, TRUTH } from './fit-helpers.js';

let items: ReadItem[];
let fit: PlanFit;

beforeAll(async () => {
  items = generateMonth();
  fit = await fitPlan(items);
}, 60_000);

const sigmaOf = (lognormal: { median: number; p95: number }): number => Math.log(lognormal.p95 / lognormal.median) / Z95;

describe('fitPlan recovers the known plan', () => {
  it('names workloads by the workload tag, else the feature tag, and covers the month', () => {
    expect(fit.plan.workloads.map((workload) => workload.name)).toEqual(['chat', 'triage']);
    expect(fit.report.period).toEqual({ from: '2026-08-01T00:00:00.000Z', to: '2026-08-31T00:00:00.000Z', days: 30 });
    expect(fit.report.counts.used).toBe(items.length);
    expect(fit.report.counts.problems).toBe(0);
    expect(fit.plan.models).toEqual(['gpt-5.4-mini']);
  });

  it('triage tokens: lognormal medians within 1 % and σ within 0.01 (n ≈ 70,000: 4 standard errors are 0.4 % and 0.005)', () => {
    const triage = fit.plan.workloads.find((workload) => workload.name === 'triage')!;
    const input = triage.tokens!.input as { lognormal: { median: number; p95: number } };
    const output = triage.tokens!.output as { lognormal: { median: number; p95: number } };
    expect(input.lognormal.median / TRUTH.triage.input.median).toBeGreaterThan(0.99);
    expect(input.lognormal.median / TRUTH.triage.input.median).toBeLessThan(1.01);
    expect(Math.abs(sigmaOf(input.lognormal) - TRUTH.triage.input.sigma)).toBeLessThan(0.01);
    expect(output.lognormal.median / TRUTH.triage.output.median).toBeGreaterThan(0.99);
    expect(output.lognormal.median / TRUTH.triage.output.median).toBeLessThan(1.01);
    expect(Math.abs(sigmaOf(output.lognormal) - TRUTH.triage.output.sigma)).toBeLessThan(0.01);
    const report = fit.report.workloads.find((workload) => workload.name === 'triage')!;
    expect(report.tokens!.input.kind).toBe('lognormal');
    expect(report.tokens!.input.lognormal!.ksD).toBeLessThan(0.01); // 0.886/√n ≈ 0.0035 is the 5 % critical value; rounding to whole tokens adds a little
    expect(triage.tokens!.reasoning).toBeUndefined();
    expect(triage.maxOutputTokens).toBe(report.maxOutputTokens!.max);
  });

  it('triage volume: growth 20 % a month within ±0.05 (slope SE ≈ 0.02/√Sxx ≈ 0.0004 a day, 4 SE ≈ 0.05 a month) and the written rate reproduces the calls', () => {
    const triage = fit.plan.workloads.find((workload) => workload.name === 'triage')!;
    const report = fit.report.workloads.find((workload) => workload.name === 'triage')!;
    expect(triage.volume.growth?.per).toBe('month');
    expect(Math.abs(triage.volume.growth!.rate - TRUTH.triage.growthPerMonth)).toBeLessThan(0.05);
    expect(report.volume.growth!.significant).toBe(true);
    expect(Math.abs(report.volume.growth!.tStatistic)).toBeGreaterThan(3);
    const projection = projectSpend(
      { volume: triage.volume, tokens: { input: 1000, output: 100 } },
      { model: 'gpt-5.4-mini', period: { from: fit.report.period!.from, to: fit.report.period!.to } },
    );
    expect(Math.abs(Number(projection.calls.expected) - report.calls)).toBeLessThan(0.01 * 30); // calls/day keep 4 decimals
  });

  it('triage cache: the 1,100-token prefix exactly and the hit rate within ±0.005 (4 SE of 0.9 over ≈ 70,000 calls)', () => {
    const triage = fit.plan.workloads.find((workload) => workload.name === 'triage')!;
    expect(triage.cache).toMatchObject({ prefixTokens: TRUTH.triage.prefixTokens });
    const cache = triage.cache as { prefixTokens: number; hitRate: number };
    expect(Math.abs(cache.hitRate - TRUTH.triage.hitRate)).toBeLessThan(0.005);
  });

  it('chat: a conversation, 300 sessions a day without growth, turns averaging 4 (±0.1), user and assistant medians within 3 %, system tokens 500 ± 15', () => {
    const chat = fit.plan.workloads.find((workload) => workload.name === 'chat')!;
    const report = fit.report.workloads.find((workload) => workload.name === 'chat')!;
    expect(chat.tokens).toBeUndefined();
    expect(chat.volume).toEqual({ calls: 300, per: 'day' });
    expect(report.volume.unit).toBe('conversations');
    const conversation = chat.conversation!;
    const turns = (conversation.turns as { samples: number[] }).samples;
    const meanTurns = turns.reduce((sum, value) => sum + value, 0) / turns.length;
    expect(Math.abs(meanTurns - 4)).toBeLessThan(0.1);
    expect(Math.min(...turns)).toBe(1);
    expect(Math.max(...turns)).toBe(7);
    const user = conversation.userTokensPerTurn as { lognormal: { median: number; p95: number } };
    const assistant = conversation.assistantTokensPerTurn as { lognormal: { median: number; p95: number } };
    expect(Math.abs(user.lognormal.median / TRUTH.chat.user.median - 1)).toBeLessThan(0.03);
    expect(Math.abs(sigmaOf(user.lognormal) - TRUTH.chat.user.sigma)).toBeLessThan(0.02);
    expect(Math.abs(assistant.lognormal.median / TRUTH.chat.assistant.median - 1)).toBeLessThan(0.03);
    expect(Math.abs(conversation.systemTokens! - TRUTH.chat.systemTokens)).toBeLessThan(15);
    expect(chat.cache).toHaveProperty('cachedShare');
  });

  it('the fitted plan parses with parsePlan, and its JSON holds no exponent', () => {
    const text = JSON.stringify(fit.plan, null, 2);
    expect(text).not.toMatch(/\d[eE][+-]?\d/);
    const parsed = parsePlan(text, { file: 'fitted.json' });
    expect(parsed.workloads.map((workload) => workload.name)).toEqual(['chat', 'triage']);
  });
});

describe('goodness of fit', () => {
  it('flags a bimodal sample as a bad lognormal (KS D far above the threshold) and writes a histogram whose mean is within 1 %', () => {
    const z = normals(99);
    const values = Float64Array.from({ length: 5000 }, (_, index) => Math.round((index % 2 === 0 ? 200 : 3000) * Math.exp(0.2 * z())));
    const { spec, fit: result } = fitDistribution(values);
    expect(result.kind).toBe('histogram');
    expect(result.lognormal!.accepted).toBe(false);
    expect(result.lognormal!.ksD).toBeGreaterThan(3 * KS_MAX_DISTANCE);
    expect(result.lognormal!.pValue).toBeLessThan(1e-6);
    const buckets = (spec as { histogram: Array<{ upTo: number; share: number }> }).histogram;
    expect(buckets.length).toBeLessThanOrEqual(50);
    expect(buckets.reduce((sum, bucket) => sum + bucket.share, 0)).toBeCloseTo(1, 9);
    expect(Math.abs(result.histogram!.meanError)).toBeLessThan(0.01);
  });

  it('accepts a lognormal sample with a small D and a p-value that does not reject', () => {
    const z = normals(5);
    const values = Float64Array.from({ length: 4000 }, () => Math.max(1, Math.round(800 * Math.exp(0.8 * z()))));
    const { fit: result } = fitDistribution(values);
    expect(result.kind).toBe('lognormal');
    expect(result.lognormal!.ksD).toBeLessThan(0.886 / Math.sqrt(4000));
    expect(result.lognormal!.pValue).toBeGreaterThan(0.05);
  });

  it('writes equal values as a number, few values as samples, and zeros force a histogram', () => {
    expect(fitDistribution(Float64Array.from([40, 40, 40])).spec).toBe(40);
    expect(fitDistribution(Float64Array.from([3, 1, 2])).spec).toEqual({ samples: [1, 2, 3] });
    const withZeros = Float64Array.from({ length: 100 }, (_, index) => (index < 30 ? 0 : 100 + index));
    const result = fitDistribution(withZeros);
    expect(result.fit.kind).toBe('histogram');
    expect(result.fit.zeroShare).toBe(0.3);
  });
});

describe('aggregates', () => {
  it('fit volume only, with tokens fixed at the means and a warning', async () => {
    const aggregates: ReadItem[] = Array.from({ length: 20 }, (_, day) => ({
      ok: true,
      record: {
        at: new Date(Date.UTC(2026, 7, 1 + day)).toISOString(),
        model: 'gpt-5.4-mini',
        usage: { inputTokens: 1000 * 500, outputTokens: 120 * 500 },
        calls: 500,
        aggregate: true,
        tags: {},
        origin: { line: 1, format: 'openai-usage' },
      },
    }));
    const { plan, report } = await fitPlan(aggregates);
    expect(plan.workloads[0]).toMatchObject({ name: 'gpt-5.4-mini', volume: { calls: 500, per: 'day' }, tokens: { input: 1000, output: 120 } });
    expect(report.warnings.map((warning) => warning.code)).toContain('aggregate-records');
    expect(() => parsePlan(JSON.stringify(plan))).not.toThrow();
  });
});

describe('done when: fit, then project the fitted plan over the same period', () => {
  it('reproduces the log’s actual spend within the projection’s band, per workload and in total', async () => {
    const comparison = await comparePlan(fit.plan, items);
    const summary = await summarizeSpend(items);
    expect(comparison.total.actual).toBe(summary.total.cost.total);
    expect(comparison.period).toEqual({ from: '2026-08-01T00:00:00.000Z', to: '2026-08-31T00:00:00.000Z' });
    for (const row of comparison.workloads) {
      expect(row.forecast).not.toBeNull();
      expect(row.withinBand, `${row.name}: actual ${row.actual.spend}, band ${row.forecast!.low}–${row.forecast!.high}`).toBe(true);
      expect(Math.abs(row.error!.relativeSpend!)).toBeLessThan(0.01);
      expect(Math.abs(row.error!.relativeCalls!)).toBeLessThan(0.001);
    }
    expect(comparison.workloads.find((row) => row.name === 'chat')!.actual.calls).toBe(TRUTH.chat.sessionsPerDay * TRUTH.days);
    expect(comparison.total.withinBand).toBe(true);
    expect(comparison.unplanned).toEqual([]);
  }, 60_000);

  it('a plan that is off shows the error: double the triage volume and the forecast is twice, outside the band', async () => {
    const wrong = { ...fit.plan, workloads: fit.plan.workloads.map((workload) => (workload.name === 'triage' ? { ...workload, volume: { ...workload.volume, calls: workload.volume.calls * 2 } } : workload)) };
    const comparison = await comparePlan(wrong, items);
    const triage = comparison.workloads.find((row) => row.name === 'triage')!;
    expect(triage.withinBand).toBe(false);
    expect(triage.error!.relativeSpend!).toBeLessThan(-0.45);
    expect(triage.error!.relativeSpend!).toBeGreaterThan(-0.55);
  }, 60_000);
});
