// Properties of whatIf, on generated records. Money compared exactly, as BigInt 10^-18 USD.
// Reproduce a failure: FC_SEED=<seed> npx vitest run test/actual/what-if.test-prop.ts
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarKeys, ExactSum, unitsOf, whatIf, type WhatIfScenario, type WhatIfScenarioResult } from '../../src/actual/what-if.js';
import { calendarWindowAt } from '../../src/budget/windows.js';
import type { ReadItem } from '../../src/actual/record.js';
import type { ServiceTier } from '../../src/pricing/schema.js';
import { usdToAtto } from '../oracle.js';
import { fcOptions } from '../seed.js';
import { ok, rec } from './what-if-helpers.js';

const MODELS = ['gpt-5.4-mini', 'gpt-5.4-nano', 'gpt-4o-mini', 'claude-haiku-4-5'] as const;
const TIERS = ['standard', 'batch'] as const;

const usage = (maxInput: number, maxOutput = 20_000): fc.Arbitrary<{ inputTokens: number; cachedInputTokens: number; outputTokens: number }> =>
  fc
    .record({ inputTokens: fc.integer({ min: 0, max: maxInput }), outputTokens: fc.integer({ min: 0, max: maxOutput }), cachedShare: fc.integer({ min: 0, max: 100 }) })
    .map(({ inputTokens, outputTokens, cachedShare }) => ({ inputTokens, cachedInputTokens: Math.floor((inputTokens * cachedShare) / 100), outputTokens }));

const day = fc.integer({ min: 1, max: 31 }).map((d) => `2026-08-${String(d).padStart(2, '0')}T12:00:00Z`);

/** Records on any model and tier; some too large for the smaller context windows. */
const anyItems = (maxInput = 300_000, maxOutput = 20_000): fc.Arbitrary<ReadItem[]> =>
  fc
    .array(fc.record({ at: day, model: fc.constantFrom(...MODELS), tier: fc.constantFrom<ServiceTier>(...TIERS), usage: usage(maxInput, maxOutput), team: fc.constantFrom('a', 'b') }), { maxLength: 15 })
    .map((rows) => rows.map((r, index) => ok(rec(r.at, r.model, r.usage, { tier: r.tier, tags: { team: r.team }, line: index + 1 }))));

const atto = usdToAtto;

function savingIsExact(result: WhatIfScenarioResult): void {
  expect(atto(result.saving)).toBe(atto(result.baseline) - atto(result.scenario));
  for (const row of result.groups) expect(atto(row.saving)).toBe(atto(row.baseline) - atto(row.scenario));
  expect(result.groups.reduce((sum, row) => sum + atto(row.baseline), 0n)).toBe(atto(result.baseline));
  expect(result.groups.reduce((sum, row) => sum + atto(row.scenario), 0n)).toBe(atto(result.scenario));
}

describe('whatIf properties', () => {
  it('a what-if to the same model and tier saves exactly 0', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...MODELS), fc.constantFrom<ServiceTier>(...TIERS), fc.array(fc.tuple(day, usage(300_000)), { maxLength: 12 }), async (model, tier, rows) => {
        const items = rows.map(([at, u], index) => ok(rec(at, model, u, { tier, line: index + 1 })));
        const result = await whatIf(items, { scenarios: [{ model, tier }] });
        const [same] = result.scenarios;
        expect(same!.saving).toBe('0');
        expect(same!.scenario).toBe(same!.baseline);
        expect(same!.baseline).toBe(result.actual);
        expect(same!.unpriceable.count).toBe(0);
      }),
      fcOptions,
    );
  });

  it('a split with share 1 equals the single-model scenario (a share of 0 adds nothing)', async () => {
    await fc.assert(
      fc.asyncProperty(anyItems(), fc.constantFrom(...MODELS), fc.constantFrom<ServiceTier>(...TIERS), fc.constantFrom(...MODELS), async (items, model, tier, other) => {
        const result = await whatIf(items, {
          scenarios: [{ model, tier }, { split: [{ model, tier, share: '1' }] }, { split: [{ model, tier, share: '1.0' }, { model: other, share: '0' }] }],
          groupBy: ['model', 'tag:team'],
        });
        const [single, split, splitWithZero] = result.scenarios;
        for (const candidate of [split!, splitWithZero!]) {
          for (const field of ['records', 'calls', 'baseline', 'scenario', 'saving', 'savingShare', 'unpriceableBaseline'] as const) expect(candidate[field]).toBe(single![field]);
          expect(candidate.groups).toEqual(single!.groups);
          expect(candidate.unpriceable).toEqual(single!.unpriceable);
        }
      }),
      fcOptions,
    );
  });

  it('saving = baseline − scenario exactly, per scenario and per group; groups add up; every record is compared or reported', async () => {
    const scenarios: WhatIfScenario[] = [
      { model: 'gpt-5.4-nano' },
      { tier: 'batch' },
      { model: 'gpt-4o-mini', filter: { models: ['gpt-5.4-mini'] } },
      { split: [{ model: 'gpt-5.4-nano', share: '0.35' }, { model: 'gpt-5.4-mini', tier: 'batch', share: '0.65' }] },
      { cascade: { first: 'gpt-5.4-nano', second: { model: 'gpt-5.4-mini' }, escalationRate: '0.17' } },
    ];
    await fc.assert(
      fc.asyncProperty(anyItems(), async (items) => {
        const result = await whatIf(items, { scenarios, groupBy: ['day', 'tag:team'] });
        for (const scenario of result.scenarios) {
          savingIsExact(scenario);
          expect(scenario.records + scenario.unpriceable.count).toBe(result.records);
          expect(atto(scenario.baseline) + atto(scenario.unpriceableBaseline)).toBe(atto(result.actual));
        }
        expect(result.records + result.problems.count).toBe(items.length);
      }),
      fcOptions,
    );
  });

  it('a cascade costs first + rate × second, and a split p × first + (1 − p) × second, exactly', async () => {
    await fc.assert(
      // Up to 100,000 input and 16,000 output tokens fit every model here (gpt-4o-mini: 128K context,
      // 16,384 output), so all scenarios compare the same records.
      fc.asyncProperty(anyItems(100_000, 16_000), fc.integer({ min: 0, max: 100 }), fc.constantFrom(...MODELS), fc.constantFrom(...MODELS), async (items, percent, first, second) => {
        const rate = percent === 100 ? '1' : `0.${String(percent).padStart(2, '0')}`;
        const rest = percent === 0 ? '1' : `0.${String(100 - percent).padStart(2, '0')}`;
        const result = await whatIf(items, {
          scenarios: [
            { model: first },
            { model: second },
            { cascade: { first, second, escalationRate: rate } },
            { split: [{ model: first, share: rate }, { model: second, share: rest }] },
          ],
        });
        const [one, two, cascade, split] = result.scenarios;
        for (const scenario of result.scenarios) expect(scenario.unpriceable.count).toBe(0);
        expect(atto(cascade!.scenario) * 100n).toBe(atto(one!.scenario) * 100n + BigInt(percent) * atto(two!.scenario));
        expect(atto(split!.scenario) * 100n).toBe(BigInt(percent) * atto(one!.scenario) + BigInt(100 - percent) * atto(two!.scenario));
      }),
      fcOptions,
    );
  });

  it('the cached calendar keys equal calendarWindowAt, in any order and any zone (15-, 30- and 45-minute offsets, DST)', () => {
    const zones = ['UTC', 'America/New_York', 'Europe/Paris', 'Asia/Kathmandu', 'America/St_Johns', 'Australia/Lord_Howe', 'Pacific/Chatham'] as const;
    const start = Date.parse('2026-01-01T00:00:00Z');
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.constantFrom('day' as const, 'month' as const), fc.array(fc.integer({ min: 0, max: 366 * 86_400 }), { minLength: 1, maxLength: 60 }), (zone, window, seconds) => {
        const keys = new CalendarKeys(window, zone);
        for (const second of seconds) {
          const ms = start + second * 1000;
          const expected = calendarWindowAt(window, zone, ms).id;
          expect(keys.id(ms)).toBe(window === 'month' ? expected.slice(0, 7) : expected);
        }
      }),
      fcOptions,
    );
  });

  it('exact sums in BigInt units equal the BigInt oracle\'s sum, whatever the scales', () => {
    const amount = fc.tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 24 }));
    fc.assert(
      fc.property(fc.array(amount, { maxLength: 30 }), (amounts) => {
        const sum = new ExactSum();
        for (const [units, scale] of amounts) sum.add(units, scale);
        const atto = amounts.reduce((total, [units, scale]) => total + units * 10n ** BigInt(24 - scale), 0n);
        expect(sum.toString()).toMatch(/^(?:0|-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?)$/); // canonical: no -0, no trailing zeros
        const { units, scale } = unitsOf(sum.toString());
        expect(units * 10n ** BigInt(24 - scale)).toBe(atto);
      }),
      fcOptions,
    );
  });
});
