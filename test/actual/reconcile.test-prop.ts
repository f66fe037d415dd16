// Properties of reconcile: a bill generated from the same records at the same prices, rounded
// to the cent per line item, flags nothing; a planted wrong price or an extra charge is flagged
// in its row and nowhere else. Reproduce a failure: FC_SEED=<seed> npx vitest run test/actual/reconcile.test-prop.ts
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceRecord } from '../../src/actual/price.js';
import { readOpenAiCosts } from '../../src/actual/bill/openai-costs.js';
import { reconcile } from '../../src/actual/reconcile.js';
import type { ReadItem, UsageRecord } from '../../src/actual/record.js';
import { roundUsd, sumUsd } from '../../src/money/usd.js';
import { getModel } from '../../src/pricing/table.js';
import { attoToUsd, oracleCost, usdToAtto } from '../oracle.js';
import { fcOptions } from '../seed.js';
import { ok, rec } from './what-if-helpers.js';

/** Each model as the log names it, and the dated snapshot the bill uses. */
const MODELS = [
  ['gpt-5.4-mini', 'gpt-5.4-mini-2026-03-17'],
  ['gpt-5.4-nano', 'gpt-5.4-nano-2026-03-17'],
  ['gpt-4o-mini', 'gpt-4o-mini-2024-07-18'],
] as const;
const DAY_S = 86_400;
const AUG_1 = Date.parse('2026-08-01T00:00:00Z') / 1000;

const records = (minOutput: number): fc.Arbitrary<UsageRecord[]> =>
  fc
    .array(
      fc.record({
        model: fc.integer({ min: 0, max: MODELS.length - 1 }),
        day: fc.integer({ min: 0, max: 4 }),
        second: fc.integer({ min: 0, max: DAY_S - 1 }),
        inputTokens: fc.integer({ min: 0, max: 100_000 }),
        cachedShare: fc.integer({ min: 0, max: 100 }),
        outputTokens: fc.integer({ min: minOutput, max: 16_000 }),
      }),
      { minLength: 1, maxLength: 25 },
    )
    .map((rows) =>
      rows.map((row, index) =>
        rec(new Date((AUG_1 + row.day * DAY_S + row.second) * 1000).toISOString(), MODELS[row.model]![0], { inputTokens: row.inputTokens, cachedInputTokens: Math.floor((row.inputTokens * row.cachedShare) / 100), outputTokens: row.outputTokens }, { line: index + 1 }),
      ),
    );

interface Line {
  day: number;
  snapshot: string;
  kind: 'input' | 'cached input' | 'output';
  parts: string[];
}

/**
 * The bill OpenAI would send for these records: per day, model and cost kind, the exact sum
 * rounded to the cent (half-even), amounts written alternately as JSON numbers and strings.
 * `outputFactor` multiplies one model's output price (a planted wrong price).
 */
function billFor(list: readonly UsageRecord[], wrong?: { snapshot: string; outputFactor: number }): unknown {
  const lines = new Map<string, Line>();
  for (const record of list) {
    const priced = priceRecord(record);
    if (!priced.ok) throw new Error(priced.problem.message);
    const day = Math.floor((Date.parse(record.at) / 1000 - AUG_1) / DAY_S);
    const snapshot = MODELS.find(([id]) => id === priced.model)![1];
    const factor = wrong?.snapshot === snapshot ? wrong.outputFactor : 1;
    for (const [kind, part] of [['input', priced.cost.input], ['cached input', priced.cost.cachedInput], ['output', sumUsd(Array.from({ length: factor }, () => priced.cost.output))]] as const) {
      const key = `${day}|${snapshot}|${kind}`;
      const line = lines.get(key) ?? { day, snapshot, kind, parts: [] };
      line.parts.push(part);
      lines.set(key, line);
    }
  }
  const days = [0, 1, 2, 3, 4].map((day) => ({
    object: 'bucket',
    start_time: AUG_1 + day * DAY_S,
    end_time: AUG_1 + (day + 1) * DAY_S,
    results: [...lines.values()]
      .filter((line) => line.day === day)
      .map((line, index) => {
        const cents = roundUsd(sumUsd(line.parts), 2);
        return { object: 'organization.costs.result', amount: { value: index % 2 === 0 ? Number(cents) : cents, currency: 'usd' }, line_item: `${line.snapshot}, ${line.kind}`, project_id: null };
      }),
  }));
  return { object: 'page', data: days, has_more: false, next_page: null };
}

const items = (list: readonly UsageRecord[]): ReadItem[] => list.map(ok);
const dayOf = (record: UsageRecord): string => record.at.slice(0, 10);

describe('reconcile properties', () => {
  it('a bill generated from the same records at the same prices, rounded to cents per line item, flags nothing', async () => {
    await fc.assert(
      fc.asyncProperty(records(0), async (list) => {
        const result = await reconcile(items(list), readOpenAiCosts(billFor(list)));
        expect(result.flagged).toBe(0);
        expect(result.billedNotLogged).toEqual([]);
        expect(result.loggedNotBilled).toEqual([]);
        for (const row of result.rows) {
          expect(row.matched).toBe(true);
          expect(usdToAtto(row.difference) < 0n ? -usdToAtto(row.difference) : usdToAtto(row.difference)).toBeLessThanOrEqual(usdToAtto('0.005') * BigInt(row.lineItems));
        }
        // The computed side is the exact sum, checked against the independent BigInt oracle.
        const oracle = list.reduce((sum, record) => sum + oracleCost(getModel(record.model), 'standard', { inputTokens: record.usage.inputTokens, cachedInputTokens: record.usage.cachedInputTokens ?? 0, outputTokens: record.usage.outputTokens })!.total, 0n);
        expect(result.totals.computed).toBe(attoToUsd(oracle));
      }),
      fcOptions,
    );
  });

  it('an extra charge is flagged in its row (and its day) and nowhere else', async () => {
    await fc.assert(
      fc.asyncProperty(records(0), fc.nat(), fc.integer({ min: 10, max: 500 }), async (list, pick, cents) => {
        const target = list[pick % list.length]!;
        const bill = billFor(list) as { data: Array<{ results: unknown[] }> };
        const day = Math.floor((Date.parse(target.at) / 1000 - AUG_1) / DAY_S);
        const snapshot = MODELS.find(([id]) => id === target.model)![1];
        const extra = (cents / 100).toFixed(2); // 0.10 to 5.00
        bill.data[day]!.results.push({ object: 'organization.costs.result', amount: { value: extra, currency: 'usd' }, line_item: `${snapshot}, output`, project_id: null });
        const result = await reconcile(items(list), readOpenAiCosts(bill));
        expect(result.rows.filter((row) => row.flagged).map((row) => [row.day, row.model])).toEqual([[dayOf(target), target.model]]);
        expect(result.days.filter((row) => row.flagged).map((row) => row.day)).toEqual([dayOf(target)]);
        const row = result.rows.find((candidate) => candidate.flagged)!;
        // What the row is off by is the extra charge, up to the bill's rounding.
        const off = usdToAtto(row.difference) - usdToAtto(extra);
        expect(off < 0n ? -off : off).toBeLessThanOrEqual(usdToAtto('0.005') * BigInt(row.lineItems - 1));
      }),
      fcOptions,
    );
  });

  it('a charge for a model never logged is flagged and listed as billed but not logged', async () => {
    await fc.assert(
      fc.asyncProperty(records(0), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 500 }), async (list, day, cents) => {
        const bill = billFor(list) as { data: Array<{ results: unknown[] }> };
        const extra = (cents / 100).toFixed(2);
        bill.data[day]!.results.push({ object: 'organization.costs.result', amount: { value: extra, currency: 'usd' }, line_item: 'gpt-4.1-mini-2025-04-14, input', project_id: null });
        const result = await reconcile(items(list), readOpenAiCosts(bill));
        expect(result.rows.filter((row) => row.flagged).map((row) => [row.model, row.billed])).toEqual([['gpt-4.1-mini', roundUsd(extra, 2)]]);
        expect(result.billedNotLogged).toEqual([{ model: 'gpt-4.1-mini', matched: true, billNames: ['gpt-4.1-mini-2025-04-14'], usd: roundUsd(extra, 2), days: [`2026-08-0${day + 1}`] }]);
      }),
      fcOptions,
    );
  });

  it('a planted wrong price (one model\'s output billed at 10×) flags every row of that model and no other', async () => {
    await fc.assert(
      // At least 10,000 output tokens per record: 9 × 10,000 × 0.60 per million = 0.054, more than
      // twice the largest rounding tolerance of a row (3 line items × 0.005).
      fc.asyncProperty(records(10_000), fc.integer({ min: 0, max: MODELS.length - 1 }), async (list, wrongIndex) => {
        const [wrongId, snapshot] = MODELS[wrongIndex]!;
        const result = await reconcile(items(list), readOpenAiCosts(billFor(list, { snapshot, outputFactor: 10 })));
        const expected = [...new Set(list.filter((record) => record.model === wrongId).map(dayOf))].sort().map((day) => [day, wrongId]);
        expect(result.rows.filter((row) => row.flagged).map((row) => [row.day, row.model])).toEqual(expected);
      }),
      fcOptions,
    );
  });
});
