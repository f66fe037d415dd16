// Properties: any chunking of the same bytes yields the same items; the total of random records
// across the price changes of gpt-5.6-sol (2026-08-21) and deepseek-v4-flash (2026-08-17, with
// off-peak hours) equals an independent BigInt oracle, each record at its own date's price; the
// rows of every grouping sum to the total; read = priced + problems + skipped.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readUsageLog } from '../../src/actual/read.js';
import type { ReadItem } from '../../src/actual/record.js';
import { summarizeSpend, type SpendGroupKey } from '../../src/actual/report.js';
import { getModel, type ModelEntry, type PricePeriod } from '../../src/index.js';
import { attoToUsd, oracleCost, usdToAtto } from '../oracle.js';
import { fcOptions } from '../seed.js';

async function items(source: Parameters<typeof readUsageLog>[0]): Promise<ReadItem[]> {
  const out: ReadItem[] = [];
  for await (const item of readUsageLog(source)) out.push(item);
  return out;
}

const MODELS = ['gpt-5.6-sol', 'deepseek-v4-flash', 'gpt-5.4-mini'] as const;
const FROM = Date.parse('2026-08-10T00:00:00Z');
const TO = Date.parse('2026-09-01T00:00:00Z');

const recordArb = fc.record({
  model: fc.constantFrom(...MODELS),
  ms: fc.integer({ min: FROM, max: TO }),
  input: fc.integer({ min: 0, max: 270_000 }), // within gpt-5.4-mini's max input; gpt-5.6-sol's long-context tier starts at 272,001 (its per-call thresholds are checked in report-price)
  cachedShare: fc.nat({ max: 100 }),
  output: fc.integer({ min: 0, max: 8192 }),
  reasoningShare: fc.nat({ max: 100 }),
  team: fc.constantFrom('a', 'b', undefined),
});

type Drawn = typeof recordArb extends fc.Arbitrary<infer T> ? T : never;

function usageOf(drawn: Drawn) {
  const cached = Math.floor((drawn.input * drawn.cachedShare) / 100);
  const reasoning = Math.floor((drawn.output * drawn.reasoningShare) / 100);
  return { inputTokens: drawn.input, outputTokens: drawn.output, ...(cached > 0 ? { cachedInputTokens: cached } : {}), ...(reasoning > 0 ? { reasoningTokens: reasoning } : {}) };
}

function lineOf(drawn: Drawn): string {
  return JSON.stringify({ at: new Date(drawn.ms).toISOString(), model: drawn.model, usage: usageOf(drawn), ...(drawn.team === undefined ? {} : { tags: { team: drawn.team } }) });
}

/** The oracle's own period choice: the newest period whose `from` is on or before the date, off-peak by the hour of day. */
function periodAt(entry: ModelEntry, ms: number): PricePeriod {
  let chosen = entry.prices[0]!;
  for (const period of entry.prices) if (period.from === undefined || Date.parse(`${period.from}T00:00:00Z`) <= ms) chosen = period;
  if (chosen.offPeak === undefined) return chosen;
  const minute = (ms % 86_400_000) / 60_000;
  const peak = chosen.offPeak.peakHoursUtc.some((window) => {
    const [fh, fm] = window.fromUtc.split(':').map(Number);
    const [uh, um] = window.untilUtc.split(':').map(Number);
    return minute >= fh! * 60 + fm! && minute < uh! * 60 + um!;
  });
  return peak ? chosen : { ...chosen, standard: chosen.offPeak.standard };
}

function oracleTotal(drawn: readonly Drawn[]): bigint {
  let total = 0n;
  for (const record of drawn) {
    const entry = getModel(record.model);
    const period = periodAt(entry, record.ms);
    const cost = oracleCost({ ...entry, prices: [period] }, 'standard', usageOf(record));
    if (cost === undefined) throw new Error('oracle: no price');
    total += cost.total;
  }
  return total;
}

describe('readUsageLog chunking', () => {
  it('any chunking of the same bytes yields the same items', async () => {
    const text = ['\ufeff', lineOf({ model: 'gpt-5.4-mini', ms: FROM, input: 10, cachedShare: 0, output: 1, reasoningShare: 0, team: 'a' }), '\r\n', 'not json\n', '\n', '{"at":"2026-08-12T00:00:00Z","model":"gpt-5.6-sol","tags":{"who":"Zoë 🦊"},"usage":{"inputTokens":7,"outputTokens":3}}'].join('');
    const bytes = new TextEncoder().encode(text);
    const expected = await items(text);
    expect(expected.length).toBe(3);
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), fc.boolean(), async (cuts, asText) => {
        const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
        const chunks = points.slice(1).map((end, index) => bytes.slice(points[index], end));
        // Text chunks are cut at the same offsets (in UTF-16 code units, a surrogate pair may be split too).
        const textPoints = points.map((point) => Math.min(point, text.length));
        const source = asText ? textPoints.slice(1).map((end, index) => text.slice(textPoints[index], end)) : chunks;
        expect(await items(source)).toEqual(expected);
      }),
      fcOptions,
    );
  });
});

describe('summarizeSpend', () => {
  it('the total equals the BigInt oracle, each record at its own date (price changes and off-peak hours), and every grouping sums to it', async () => {
    const groupings: SpendGroupKey[][] = [['model'], ['day'], ['week', 'tag:team'], ['month', 'provider', 'tier'], []];
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { minLength: 1, maxLength: 60 }), fc.constantFrom(...groupings), fc.constantFrom('UTC', 'Asia/Kathmandu', 'America/New_York'), async (drawn, groupBy, timeZone) => {
        const log = `${drawn.map(lineOf).join('\n')}\nnot a record\n`;
        const report = await summarizeSpend(readUsageLog(log), { groupBy, timeZone });
        expect(report.total.cost.total).toBe(attoToUsd(oracleTotal(drawn)));
        const rowSum = report.rows.reduce((sum, row) => sum + usdToAtto(row.cost.total), 0n);
        expect(attoToUsd(rowSum)).toBe(report.total.cost.total);
        expect(report.rows.reduce((sum, row) => sum + row.records, 0)).toBe(drawn.length);
        expect(report.counts).toEqual({ read: drawn.length + 1, priced: drawn.length, problems: 1, skipped: 0 });
        expect(report.counts.read).toBe(report.counts.priced + report.counts.problems + report.counts.skipped);
      }),
      { ...fcOptions, numRuns: 100 },
    );
  });

  it('groups by day, ISO week and month in a time zone', async () => {
    const log = [
      // 2026-08-16 23:30 UTC is 2026-08-17 05:15 in Kathmandu (+05:45); Sunday 16 and Monday 17 are in ISO weeks 33 and 34
      '{"at":"2026-08-16T23:30:00Z","model":"gpt-5.4-mini","usage":{"inputTokens":100000,"outputTokens":0}}',
      '{"at":"2026-08-31T20:00:00Z","model":"gpt-5.4-mini","usage":{"inputTokens":100000,"outputTokens":0}}',
    ].join('\n');
    const utc = await summarizeSpend(readUsageLog(log), { groupBy: ['day', 'week', 'month'] });
    expect(utc.rows.map((row) => row.key)).toEqual([
      { day: '2026-08-16', week: '2026-W33', month: '2026-08' },
      { day: '2026-08-31', week: '2026-W36', month: '2026-08' },
    ]);
    const kathmandu = await summarizeSpend(readUsageLog(log), { groupBy: ['day', 'week', 'month'], timeZone: 'Asia/Kathmandu' });
    expect(kathmandu.rows.map((row) => row.key)).toEqual([
      { day: '2026-08-17', week: '2026-W34', month: '2026-08' },
      { day: '2026-09-01', week: '2026-W36', month: '2026-09' },
    ]);
    expect(kathmandu.rows.map((row) => row.cost.total)).toEqual(['0.075', '0.075']);
    await expect(summarizeSpend([], { timeZone: 'Mars/Olympus' })).rejects.toThrow(/IANA time zone/);
    await expect(summarizeSpend([], { groupBy: ['team' as never] })).rejects.toThrow(/tag:<name>/);
  });

  it('lists the first maxProblems problems and counts them all', async () => {
    const log = Array.from({ length: 7 }, (_, index) => `bad line ${index}`).join('\n');
    const report = await summarizeSpend(readUsageLog(log, { format: 'llm-spend-jsonl', file: 'x.jsonl' }), { maxProblems: 3 });
    expect(report.counts).toEqual({ read: 7, priced: 0, problems: 7, skipped: 0 });
    expect(report.problems.listed.map((problem) => problem.origin)).toEqual([1, 2, 3].map((line) => ({ file: 'x.jsonl', line, format: 'llm-spend-jsonl' })));
    expect(report.total.cost.total).toBe('0');
    expect(report.dateRange).toBe(null);
  });
});
