// What-if, worked by hand from the catalog's prices (pricing-facts §1, per million tokens):
//   gpt-5.4-mini  input 0.75, cached 0.075, output 4.50   (batch: half)
//   gpt-5.4-nano  input 0.20, cached 0.02,  output 1.25
//   gpt-4o-mini   input 0.15, cached 0.075, output 0.60   (context 128,000)
//   gpt-4.1-nano  input 0.10, output 0.40 (shut down 2026-10-23)
//   claude-haiku-4-5 input 1, output 5
import { describe, expect, it } from 'vitest';
import { whatIf } from '../../src/actual/what-if.js';
import { isLlmSpendError } from '../../src/errors.js';
import { getModel } from '../../src/pricing/table.js';
import { attoToUsd, oracleCost } from '../oracle.js';
import { mulberry32 } from '../seed.js';
import { ok, rec, streamOf, unreadable } from './what-if-helpers.js';

// A: 6,000 uncached + 4,000 cached in, 2,000 out (500 of them reasoning).
//   mini  6000×0.75 + 4000×0.075 + 2000×4.5 = 0.0045 + 0.0003 + 0.009 = 0.0138
//   nano  6000×0.20 + 4000×0.02  + 2000×1.25 = 0.0012 + 0.00008 + 0.0025 = 0.00378
//   4o-mini 6000×0.15 + 4000×0.075 + 2000×0.6 = 0.0009 + 0.0003 + 0.0012 = 0.0024
const A = rec('2026-08-01T09:00:00Z', 'gpt-5.4-mini', { inputTokens: 10_000, cachedInputTokens: 4_000, outputTokens: 2_000, reasoningTokens: 500 }, { line: 1, tags: { team: 'support' } });
// B: 1,000 in, 200 out. mini 0.00075 + 0.0009 = 0.00165; nano 0.0002 + 0.00025 = 0.00045; 4o-mini 0.00015 + 0.00012 = 0.00027
const B = rec('2026-08-02T23:30:00Z', 'gpt-5.4-mini-2026-03-17', { inputTokens: 1_000, outputTokens: 200 }, { line: 2, tags: { team: 'search' } });
// C: 200,000 in, 1,000 out. mini 0.15 + 0.0045 = 0.1545; nano 0.04 + 0.00125 = 0.04125; does not fit gpt-4o-mini (128K).
const C = rec('2026-08-02T10:00:00Z', 'gpt-5.4-mini', { inputTokens: 200_000, outputTokens: 1_000 }, { line: 3 });
// D: claude-haiku-4-5, 1,000 in, 100 out: 0.001 + 0.0005 = 0.0015
const D = rec('2026-08-02T11:00:00Z', 'claude-haiku-4-5', { inputTokens: 1_000, outputTokens: 100 }, { line: 4 });

const month = [ok(A), ok(B), ok(C)];

describe('whatIf: hand-worked figures', () => {
  it('moves last month\'s gpt-5.4-mini traffic to gpt-5.4-nano', async () => {
    const result = await whatIf(month, { scenarios: [{ model: 'gpt-5.4-nano' }] });
    expect(result.actual).toBe('0.16995'); // 0.0138 + 0.00165 + 0.1545
    const [nano] = result.scenarios;
    expect(nano).toMatchObject({
      label: 'gpt-5.4-nano',
      records: 3,
      calls: 3,
      baseline: '0.16995',
      scenario: '0.04548', // 0.00378 + 0.00045 + 0.04125
      saving: '0.12447',
      savingShare: '0.732392', // 0.12447 / 0.16995 = 0.7323918...
      unpriceableBaseline: '0',
    });
    expect(nano!.unpriceable.count).toBe(0);
  });

  it('moves the same traffic to the batch tier (half price)', async () => {
    const [batch] = (await whatIf(month, { scenarios: [{ tier: 'batch' }] })).scenarios;
    expect(batch).toMatchObject({ label: 'all on batch', baseline: '0.16995', scenario: '0.084975', saving: '0.084975', savingShare: '0.5' });
  });

  it('prices a split as the exact share-weighted expectation', async () => {
    const [split] = (await whatIf(month, { scenarios: [{ split: [{ model: 'gpt-5.4-nano', share: '0.7' }, { model: 'gpt-5.4-mini', share: '0.3' }] }] })).scenarios;
    // 0.7 × 0.04548 + 0.3 × 0.16995 = 0.031836 + 0.050985
    expect(split).toMatchObject({ scenario: '0.082821', saving: '0.087129', savingShare: '0.512674' });
    expect(split!.warnings.map((warning) => warning.code)).toContain('SPLIT_EXPECTATION');
  });

  it('prices a cascade: every record pays the first model, the escalated share also pays the second', async () => {
    const [cascade] = (await whatIf(month, { scenarios: [{ cascade: { first: 'gpt-5.4-nano', second: 'gpt-5.4-mini', escalationRate: '0.2' } }] })).scenarios;
    // 0.04548 + 0.2 × 0.16995 = 0.04548 + 0.03399
    expect(cascade).toMatchObject({ label: 'cascade gpt-5.4-nano → gpt-5.4-mini at 0.2', scenario: '0.07947', saving: '0.09048', savingShare: '0.532392' });
    const assumptions = cascade!.warnings.find((warning) => warning.code === 'CASCADE_ASSUMPTIONS');
    expect(assumptions?.message).toMatch(/both models produce each record's token counts/);
  });

  it('reports a record that would not fit the other model, and compares the rest apples to apples', async () => {
    const [small] = (await whatIf(month, { scenarios: [{ model: 'gpt-4o-mini' }] })).scenarios;
    expect(small).toMatchObject({
      records: 2,
      baseline: '0.01545', // A + B only: C is not comparable
      scenario: '0.00267', // 0.0024 + 0.00027
      saving: '0.01278',
      savingShare: '0.827184',
      unpriceableBaseline: '0.1545',
    });
    expect(small!.unpriceable.count).toBe(1);
    expect(small!.unpriceable.byCode).toEqual({ 'context-exceeded': 1 });
    expect(small!.unpriceable.listed[0]).toMatchObject({ code: 'context-exceeded', model: 'gpt-4o-mini', origin: { file: 'usage.jsonl', line: 3 } });
    expect(small!.unpriceable.listed[0]!.message).toMatch(/does not fit gpt-4o-mini/);
  });

  it('moves only the filtered models; the others keep their own price', async () => {
    const result = await whatIf([...month, ok(D)], { scenarios: [{ model: 'gpt-5.4-nano', filter: { models: ['gpt-5.4-mini-2026-03-17'] } }] });
    expect(result.scenarios[0]).toMatchObject({
      label: 'gpt-5.4-mini → gpt-5.4-nano',
      records: 4,
      baseline: '0.17145', // 0.16995 + 0.0015
      scenario: '0.04698', // 0.04548 + 0.0015 (haiku unchanged)
      saving: '0.12447',
      savingShare: '0.725984',
    });
    const haiku = result.scenarios[0]!.groups.find((row) => row.key['model'] === 'claude-haiku-4-5');
    expect(haiku).toMatchObject({ baseline: '0.0015', scenario: '0.0015', saving: '0', savingShare: '0' });
  });

  it('warns when the target model was shut down on a record\'s date, and prices it anyway', async () => {
    const late = rec('2026-11-05T10:00:00Z', 'gpt-5.4-mini', { inputTokens: 1_000, outputTokens: 200 }, { line: 9 });
    const [scenario] = (await whatIf([ok(late)], { scenarios: [{ model: 'gpt-4.1-nano' }] })).scenarios;
    expect(scenario!.scenario).toBe('0.00018'); // 1000×0.10 + 200×0.40 per million
    const warning = scenario!.warnings.find((w) => w.code === 'MODEL_SHUT_DOWN');
    expect(warning?.message).toMatch(/gpt-4\.1-nano was shut down on 2026-10-23 on the date of 1 record/);
    expect(warning?.message).toMatch(/gpt-5\.6-luna/);
  });

  it('groups by day and tag, in a time zone', async () => {
    const [utc] = (await whatIf(month, { scenarios: [{ model: 'gpt-5.4-nano' }], groupBy: ['day', 'tag:team'] })).scenarios;
    expect(utc!.groups.map((row) => [row.key, row.baseline, row.scenario])).toEqual([
      [{ day: '2026-08-01', 'tag:team': 'support' }, '0.0138', '0.00378'],
      [{ day: '2026-08-02', 'tag:team': '(none)' }, '0.1545', '0.04125'],
      [{ day: '2026-08-02', 'tag:team': 'search' }, '0.00165', '0.00045'],
    ]);
    const [tokyo] = (await whatIf(month, { scenarios: [{ model: 'gpt-5.4-nano' }], groupBy: 'day', timeZone: 'Asia/Tokyo' })).scenarios;
    expect(tokyo!.groups.map((row) => [row.key['day'], row.baseline])).toEqual([
      ['2026-08-01', '0.0138'],
      ['2026-08-02', '0.1545'],
      ['2026-08-03', '0.00165'], // 23:30 UTC is 08:30 the next day in Tokyo
    ]);
  });

  it('counts and lists the reader\'s problems and records it cannot price at their own model', async () => {
    const unknown = rec('2026-08-01T00:00:00Z', 'gpt-5.4-mnii', { inputTokens: 1, outputTokens: 1 }, { line: 7 });
    const result = await whatIf(streamOf([unreadable(5), ...month, ok(unknown)]), { scenarios: [{ model: 'gpt-5.4-nano' }] });
    expect(result.records).toBe(3);
    expect(result.problems.count).toBe(2);
    expect(result.problems.byCode).toEqual({ unreadable: 1, 'unknown-model': 1 });
    expect(result.problems.listed.map((problem) => problem.origin.line)).toEqual([5, 7]);
    expect(result.problems.listed[1]!.message).toMatch(/Did you mean "gpt-5.4-mini"/);
    expect(result.scenarios[0]!.baseline).toBe('0.16995');
  });

  it('lists at most maxProblems problems but counts them all', async () => {
    const result = await whatIf([unreadable(1), unreadable(2), unreadable(3), ok(C)], { scenarios: [{ model: 'gpt-4o-mini' }], maxProblems: 2 });
    expect(result.problems.count).toBe(3);
    expect(result.problems.listed.map((problem) => problem.origin.line)).toEqual([1, 2]);
    expect(result.scenarios[0]!.unpriceable.count).toBe(1);
    expect(result.scenarios[0]!.warnings.map((warning) => warning.code)).toContain('NO_COMPARABLE_RECORDS');
  });

  it('warns when an aggregate is moved to a model with long-context prices and its band is unknown', async () => {
    const bucket = rec('2026-08-01T00:00:00Z', 'gpt-5.4-mini', { inputTokens: 5_000_000, outputTokens: 100_000 }, { line: 1, aggregate: true, calls: 100 });
    const [scenario] = (await whatIf([ok(bucket)], { scenarios: [{ model: 'gpt-5.4' }] })).scenarios;
    expect(scenario!.records).toBe(1);
    expect(scenario!.warnings.map((warning) => warning.code)).toEqual(['AGGREGATE_BASE_RATES']);
  });

  it('refuses a malformed scenario with an actionable error', async () => {
    const fails = async (scenario: unknown, code: string, message: RegExp): Promise<void> => {
      const error = await whatIf(month, { scenarios: [scenario as never] }).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(isLlmSpendError(error, code as never), String(error)).toBe(true);
      expect((error as Error).message).toMatch(message);
    };
    await fails({ model: 'gpt-5.4-nnao' }, 'UNKNOWN_MODEL', /scenarios\[0\]\.model: .*Did you mean "gpt-5.4-nano"/);
    await fails({ split: [{ model: 'gpt-5.4-nano', share: '0.6' }, { model: 'gpt-5.4-mini', share: '0.3' }] }, 'INVALID_USAGE', /sum to exactly 1; they sum to 0.9/);
    await fails({ split: [{ model: 'gpt-5.4-nano', share: 0.5 }, { model: 'gpt-5.4-mini', share: '0.5' }] }, 'INVALID_USAGE', /share must be a decimal string/);
    await fails({ cascade: { first: 'gpt-5.4-nano', second: 'gpt-5.4-mini', escalationRate: '1.5' } }, 'INVALID_USAGE', /escalationRate/);
    await fails({ tier: 'bulk' }, 'TIER_UNAVAILABLE', /scenarios\[0\]\.tier must be one of/);
    await fails({ model: 'gpt-5.4-nano', split: [] }, 'INVALID_USAGE', /not a mix/);
    await fails({}, 'INVALID_USAGE', /needs a model, a tier/);
  });
});

describe('whatIf: against the BigInt oracle', () => {
  it('a month of generated records re-priced on gpt-5.4-nano equals the oracle\'s exact total', async () => {
    const uniform = mulberry32(14);
    const usages = Array.from({ length: 500 }, () => {
      const inputTokens = Math.floor(uniform() * 250_000);
      const outputTokens = Math.floor(uniform() * 20_000);
      return { inputTokens, cachedInputTokens: Math.floor(uniform() * inputTokens), outputTokens, reasoningTokens: Math.floor(uniform() * outputTokens) };
    });
    const items = usages.map((usage, index) => ok(rec(`2026-08-${String(1 + (index % 31)).padStart(2, '0')}T12:00:00Z`, 'gpt-5.4-mini', usage, { line: index + 1 })));
    const [nano] = (await whatIf(items, { scenarios: [{ model: 'gpt-5.4-nano' }] })).scenarios;
    const oracle = (model: string): string => attoToUsd(usages.reduce((sum, usage) => sum + oracleCost(getModel(model), 'standard', usage)!.total, 0n));
    expect(nano!.baseline).toBe(oracle('gpt-5.4-mini'));
    expect(nano!.scenario).toBe(oracle('gpt-5.4-nano'));
  });
});
