// comparePlan across a price change: a synthetic log drawn exactly from a plan (fixed tokens, a
// whole number of calls every hour, growth stepping after 730 and 1,460 hours) on gpt-5.6-sol, whose
// price falls on 2026-08-21 (input $5 → $4, output $30 → $20 per million): the forecast is cut
// there, each side priced at its own prices, growth keeps compounding from the period's start,
// and it equals the log's spend (the BigInt oracle's, and the hand-worked figure) to the digit.
// The `period` option filters the records.
import { describe, expect, it } from 'vitest';
import { comparePlan, type ComparablePlan } from '../../src/actual/fit.js';
import type { ReadItem } from '../../src/actual/record.js';
import { LlmSpendError } from '../../src/errors.js';
import { compareUsd, getModel, sumUsd, type ModelEntry } from '../../src/index.js';
import { attoToUsd, oracleCost } from '../oracle.js';

const HOUR_MS = 3_600_000;
const FROM_MS = Date.UTC(2026, 7, 1); // 2026-08-01
const TO_MS = Date.UTC(2026, 9, 1); // 2026-10-01: 1,464 hours
const USAGE = { inputTokens: 1000, outputTokens: 100 };

/** The plan: 25 calls an hour, +20 % a month (compounding every 730 hours: at 2026-08-31T10:00Z and 09-30T20:00Z), 1,000 in / 100 out. */
const PLAN: ComparablePlan = {
  workloads: [{ name: 'triage', model: 'gpt-5.6-sol', volume: { calls: 25, per: 'hour', growth: { rate: 0.2, per: 'month' } }, tokens: { input: 1000, output: 100 } }],
};

/** Exactly the plan's calls: 25 an hour, 30 after the first step, 36 after the second, evenly spread within each hour. */
function generateLog(): ReadItem[] {
  const items: ReadItem[] = [];
  for (let hour = FROM_MS; hour < TO_MS; hour += HOUR_MS) {
    const calls = [25, 30, 36][Math.floor((hour - FROM_MS) / (730 * HOUR_MS))]!;
    for (let call = 0; call < calls; call += 1) {
      const at = new Date(hour + Math.floor((call * HOUR_MS) / calls)).toISOString();
      items.push({ ok: true, record: { at, model: 'gpt-5.6-sol', usage: USAGE, calls: 1, aggregate: false, tags: { workload: 'triage' }, origin: { line: items.length + 1, format: 'llm-spend-jsonl' } } });
    }
  }
  return items;
}

/** The entry with only the price period in effect at `at` (the last whose `from` is on or before it). */
function entryAt(entry: ModelEntry, at: string): ModelEntry {
  const periods = entry.prices.filter((period) => period.from === undefined || Date.parse(period.from) <= Date.parse(at));
  return { ...entry, prices: [periods[periods.length - 1]!] };
}

/** The BigInt oracle's total of the records in [from, to), each at its own date. */
function oracleTotal(items: readonly ReadItem[], fromMs = FROM_MS, toMs = TO_MS): string {
  const entry = getModel('gpt-5.6-sol');
  let atto = 0n;
  for (const item of items) {
    if (!item.ok) continue;
    const ms = Date.parse(item.record.at);
    if (ms < fromMs || ms >= toMs) continue;
    const usage = item.record.usage;
    atto += oracleCost(entryAt(entry, item.record.at), 'standard', { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens })!.total;
  }
  return attoToUsd(atto);
}

const items = generateLog();

describe('comparePlan across a price change', () => {
  it('cuts the forecast at 2026-08-21 and prices each side at its own prices; growth compounds from the period start; forecast = actual to the digit', async () => {
    // Hand-worked: 08-01 → 08-21 is 480 h × 25 = 12,000 calls at $0.008 (1,000 × $5 + 100 × $30 per
    // million) = $96; 08-21 → 10-01 is 250 h × 25 + 730 h × 30 + 4 h × 36 = 28,294 calls at $0.006
    // = $169.764. (Growth restarted at the cut would step at 09-20 10:00 instead: 730 h × 25 + 254 h × 30 = 25,870 calls.)
    expect(items.length).toBe(12_000 + 28_294);
    const comparison = await comparePlan(PLAN, items);
    expect(comparison.period).toEqual({ from: '2026-08-01T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z' });
    const triage = comparison.workloads[0]!;
    expect(triage.forecast!.pieces).toEqual([
      { from: '2026-08-01T00:00:00.000Z', to: '2026-08-21T00:00:00.000Z', at: '2026-08-01T00:00:00.000Z', calls: '12000', spend: '96', p50: '96', p90: '96', p99: '96' },
      { from: '2026-08-21T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z', at: '2026-08-21T00:00:00.000Z', calls: '28294', spend: '169.764', p50: '169.764', p90: '169.764', p99: '169.764' },
    ]);
    expect(triage.forecast).toMatchObject({ calls: '40294', spend: '265.764', low: '265.764', high: '265.764' });
    expect(oracleTotal(items)).toBe('265.764');
    expect(triage.actual).toEqual({ calls: 40_294, records: 40_294, spend: '265.764' });
    expect(triage.error).toEqual({ calls: 0, spend: '0', relativeCalls: 0, relativeSpend: 0 });
    expect(triage.withinBand).toBe(true);
    expect(comparison.total).toMatchObject({ forecast: '265.764', actual: '265.764', error: '0', withinBand: true });
    expect(comparison.counts).toEqual({ read: 40_294, priced: 40_294, problems: 0, skipped: 0, outside: 0 });
  });

  it('given `at`, prices the whole period at that one date (the old single-date forecast, 21 % too high here)', async () => {
    const comparison = await comparePlan(PLAN, items, { at: '2026-08-01' });
    const triage = comparison.workloads[0]!;
    expect(triage.forecast!.pieces.length).toBe(1);
    expect(triage.forecast!.spend).toBe('322.352'); // 40,294 calls × $0.008
    expect(triage.error!.spend).toBe('-56.588');
    expect(triage.withinBand).toBe(false);
  });

  it('sums the pieces’ quantiles into the band: a noisy workload’s expected spend, calls and band are the sums of its pieces’', async () => {
    const noisy: ComparablePlan = { workloads: [{ ...PLAN.workloads[0]!, tokens: { input: { lognormal: { median: 1000, p95: 3000 } }, output: 100 } }] };
    const comparison = await comparePlan(noisy, items);
    const forecast = comparison.workloads[0]!.forecast!;
    expect(forecast.pieces.length).toBe(2);
    for (const field of ['spend', 'p50', 'p90', 'p99', 'calls'] as const) expect(sumUsd(forecast.pieces.map((piece) => piece[field]))).toBe(forecast[field]);
    expect(forecast.high).toBe(forecast.p90);
    expect(compareUsd(forecast.low, forecast.p50)).toBe(-1);
    expect(compareUsd(forecast.p90, forecast.p50)).toBe(1);
  });
});

describe('comparePlan: period filters the records', () => {
  it('leaves out the records outside the period and counts them; the forecast covers the period alone', async () => {
    // 09-01 → 09-08: 168 h × 30 = 5,040 records at $0.006 = $30.24 in the log. The plan's rate
    // is the rate at the period's start (25 an hour, no step within 168 h): 4,200 calls, $25.2.
    const comparison = await comparePlan(PLAN, items, { period: { from: '2026-09-01', to: '2026-09-08' } });
    expect(comparison.period).toEqual({ from: '2026-09-01T00:00:00.000Z', to: '2026-09-08T00:00:00.000Z' });
    expect(comparison.counts).toEqual({ read: 40_294, priced: 5040, problems: 0, skipped: 0, outside: 40_294 - 5040 });
    const triage = comparison.workloads[0]!;
    expect(triage.actual).toEqual({ calls: 5040, records: 5040, spend: '30.24' });
    expect(oracleTotal(items, Date.UTC(2026, 8, 1), Date.UTC(2026, 8, 8))).toBe('30.24');
    expect(triage.forecast).toMatchObject({ calls: '4200', spend: '25.2' });
    expect(triage.forecast!.pieces.length).toBe(1);
    expect(comparison.total.actual).toBe('30.24');
  });

  it('a period across the change: both sides cut and filtered; from inclusive, to exclusive', async () => {
    // 08-15 → 08-25: 144 h × 25 at $0.008 = $28.8 and 96 h × 25 at $0.006 = $14.4.
    const comparison = await comparePlan(PLAN, items, { period: { from: '2026-08-15T00:00:00Z', to: '2026-08-25T00:00:00Z' } });
    const triage = comparison.workloads[0]!;
    expect(triage.forecast!.pieces.map((piece) => [piece.calls, piece.spend])).toEqual([
      ['3600', '28.8'],
      ['2400', '14.4'],
    ]);
    expect(triage.actual).toEqual({ calls: 6000, records: 6000, spend: '43.2' });
    expect(oracleTotal(items, Date.UTC(2026, 7, 15), Date.UTC(2026, 7, 25))).toBe('43.2');
    expect(triage.error!.spend).toBe('0');
    expect(comparison.counts.outside).toBe(items.length - 6000);
  });

  it('refuses a period that ends before it starts, or that is not dates, with INVALID_USAGE', async () => {
    await expect(comparePlan(PLAN, items, { period: { from: '2026-09-08', to: '2026-09-01' } })).rejects.toMatchObject({ code: 'INVALID_USAGE', message: expect.stringMatching(/period\.to \(2026-09-01\) must be after period\.from/) as unknown });
    await expect(comparePlan(PLAN, items, { period: { from: 'last week', to: '2026-09-01' } })).rejects.toBeInstanceOf(LlmSpendError);
  });
});
