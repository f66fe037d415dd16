// summarizeSpend's fast path (an unstarted readUsageLog generator drained by chunk, plain JSONL
// records summed per row and price set, multiplied by the rates at the end) against its generic
// path (the same items one by one through priceRecord's pricer): the same report, field for field,
// on logs mixing plain records with everything that leaves the fast path (unknown models, dates
// before a model's first price, unavailable tiers, long-context and over-long requests, missing
// cache prices, aggregates, several requests, odd dates, invalid counts, unreadable lines). The
// generic path is itself checked against the BigInt oracle (report.test-prop.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readUsageLog } from '../../src/actual/read.js';
import { canonicalMs } from '../../src/actual/read/common.js';
import type { ReadItem } from '../../src/actual/record.js';
import { summarizeSpend, type SpendGroupKey, type SummarizeSpendOptions } from '../../src/actual/report.js';
import type { ReadStats } from '../../src/actual/read.js';
import { isoDateMs } from '../../src/pricing/dates.js';
import { oracleCost, usdToAtto } from '../oracle.js';
import { getModel } from '../../src/index.js';
import { fcOptions, mulberry32 } from '../seed.js';

/** The same items and returned counts, through a generator summarizeSpend cannot take over. */
async function* generic(items: AsyncGenerator<ReadItem, ReadStats, undefined>): AsyncGenerator<ReadItem, ReadStats, undefined> {
  for (;;) {
    const step = await items.next();
    if (step.done === true) return step.value;
    yield step.value;
  }
}

/** A report, or the error it threw (undetectable formats throw on both paths alike). */
async function outcome<T>(promise: Promise<T>): Promise<{ report: T } | { error: string }> {
  try {
    return { report: await promise };
  } catch (error) {
    return { error: String(error) };
  }
}

const MODELS = ['gpt-5.6-sol', 'deepseek-v4-flash', 'gpt-5.4-mini', 'gpt-4o', 'gemini-2.5-flash', 'claude-sonnet-4-5', 'chatgpt-4o-latest', 'gpt-3.5-turbo', 'o3', 'no-such-model'] as const;
const FROM = Date.parse('2023-01-01T00:00:00Z');
const TO = Date.parse('2027-03-01T00:00:00Z');
// Most records around the price changes of 2026 and the shutdowns of o3, gemini-2.5-flash and gpt-4o.
const RECENT = Date.parse('2026-06-01T00:00:00Z');
const msArb = fc.oneof({ weight: 1, arbitrary: fc.integer({ min: FROM, max: TO }) }, { weight: 3, arbitrary: fc.integer({ min: RECENT, max: TO }) });

const atArb = fc.oneof(
  { weight: 8, arbitrary: msArb.map((ms) => new Date(ms).toISOString()) },
  { weight: 3, arbitrary: msArb.map((ms) => new Date(ms).toISOString().replace('.000Z', 'Z').replace(/\.\d{3}Z$/, 'Z')) },
  { weight: 1, arbitrary: fc.integer({ min: FROM, max: TO }).map((ms) => new Date(ms).toISOString().slice(0, 10)) },
  { weight: 1, arbitrary: fc.integer({ min: FROM, max: TO }).map((ms) => `${new Date(ms).toISOString().slice(0, 19)}+02:00`) },
  { weight: 1, arbitrary: fc.constantFrom('2026-02-30T00:00:00Z', '2026-08-01T24:00:00Z', '2026-08-01 12:00:00', 'yesterday', '0099-08-01T00:00:00Z', 12) },
);

const usageArb = fc
  .record({
    input: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 60_000 }) }, { weight: 2, arbitrary: fc.integer({ min: 60_000, max: 1_200_000 }) }, { weight: 1, arbitrary: fc.constantFrom(2 ** 40, 2 ** 53 - 1) }),
    cachedShare: fc.nat({ max: 100 }),
    writeShare: fc.constantFrom(0, 0, 0, 5, 20),
    write1hShare: fc.constantFrom(0, 0, 0, 10),
    audioShare: fc.constantFrom(0, 0, 0, 10),
    cachedAudio: fc.boolean(),
    imageShare: fc.constantFrom(0, 0, 0, 10),
    output: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 8192 }) }, { weight: 1, arbitrary: fc.integer({ min: 8192, max: 200_000 }) }),
    reasoningShare: fc.nat({ max: 100 }),
    searches: fc.constantFrom(0, 0, 0, 1, 3),
    broken: fc.constantFrom(undefined, undefined, undefined, undefined, 'reasoning', 'negative', 'string', 'unknown-key'),
  })
  .map((drawn) => {
    const cached = Math.floor((drawn.input * drawn.cachedShare) / 100);
    const write = Math.floor(((drawn.input - cached) * drawn.writeShare) / 100);
    const write1h = Math.floor(((drawn.input - cached - write) * drawn.write1hShare) / 100);
    const uncached = drawn.input - cached - write - write1h;
    const audio = Math.floor((uncached * drawn.audioShare) / 100);
    const images = Math.floor(((uncached - audio) * drawn.imageShare) / 100);
    const reasoning = Math.floor((drawn.output * drawn.reasoningShare) / 100);
    const usage: Record<string, unknown> = { inputTokens: drawn.input, outputTokens: drawn.output };
    if (cached > 0) usage['cachedInputTokens'] = cached;
    if (write > 0) usage['cacheWriteTokens'] = write;
    if (write1h > 0) usage['cacheWrite1hTokens'] = write1h;
    if (reasoning > 0) usage['reasoningTokens'] = reasoning;
    if (audio > 0) usage['audioInputTokens'] = audio;
    if (drawn.cachedAudio && cached > 0 && audio > 0) usage['cachedAudioInputTokens'] = Math.floor(cached / 2);
    if (images > 0) usage['imageInputTokens'] = images;
    if (drawn.searches > 0) usage['webSearchCalls'] = drawn.searches;
    if (drawn.broken === 'reasoning') usage['reasoningTokens'] = drawn.output + 1;
    if (drawn.broken === 'negative') usage['outputTokens'] = -1;
    if (drawn.broken === 'string') usage['inputTokens'] = String(drawn.input);
    if (drawn.broken === 'unknown-key') usage['inputTokenz'] = 1;
    return usage;
  });

const lineArb = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .record({
        at: atArb,
        model: fc.constantFrom(...MODELS),
        tier: fc.constantFrom(undefined, undefined, undefined, 'standard', 'batch', 'flex', 'priority', 'bogus'),
        usage: usageArb,
        topLevel: fc.boolean(),
        team: fc.constantFrom(undefined, 'a', 'b', 7),
        calls: fc.constantFrom(undefined, undefined, 1, 3),
        kind: fc.constantFrom('call', 'call', 'call', 'call', 'aggregate', 'requests'),
        contextWindow: fc.constantFrom(undefined, '0-200k', '200k-1M'),
      })
      .map((drawn) => {
        const line: Record<string, unknown> = { at: drawn.at, model: drawn.model };
        if (drawn.tier !== undefined) line['tier'] = drawn.tier;
        if (drawn.topLevel && drawn.kind !== 'requests') Object.assign(line, drawn.usage);
        else line['usage'] = drawn.usage;
        if (drawn.team !== undefined) line['tags'] = { team: drawn.team, other: 'x' };
        if (drawn.calls !== undefined) line['calls'] = drawn.calls;
        if (drawn.kind === 'aggregate') {
          line['aggregate'] = true;
          if (drawn.contextWindow !== undefined) line['contextWindow'] = drawn.contextWindow;
        }
        if (drawn.kind === 'requests') line['requests'] = [drawn.usage, { inputTokens: 10, outputTokens: 2 }];
        return JSON.stringify(line);
      }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      // Fits gpt-3.5-turbo's maximum input and output, not its context window (16,385).
      '{"at":"2026-08-01T00:00:00Z","model":"gpt-3.5-turbo","usage":{"inputTokens":15000,"outputTokens":4000}}',
      // Cached input on a model without a cached-input price.
      '{"at":"2026-08-01T00:00:00Z","model":"chatgpt-4o-latest","usage":{"inputTokens":1500,"cachedInputTokens":1000,"outputTokens":40}}',
      // At and past gpt-5.6-sol's long-context threshold.
      '{"at":"2026-08-25T00:00:00Z","model":"gpt-5.6-sol","usage":{"inputTokens":272000,"outputTokens":10}}',
      '{"at":"2026-08-25T00:00:00Z","model":"gpt-5.6-sol","usage":{"inputTokens":272001,"outputTokens":10}}',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom('', 'not json', '[]', '{"model":"gpt-5.4-mini"}', '   ', '{"at":"2026-08-01T00:00:00Z","model":"gpt-5.4-mini","usage":{"inputTokens":1,"outputTokens":1},"tier":3}') },
);

const GROUPS: readonly SpendGroupKey[] = ['model', 'day', 'week', 'month', 'tier', 'provider', 'tag:team'];
const optionsArb = fc.record({
  groupBy: fc.subarray([...GROUPS]).chain((keys) => fc.shuffledSubarray(keys, { minLength: keys.length, maxLength: keys.length })),
  timeZone: fc.constantFrom('UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata'),
  maxProblems: fc.constantFrom(0, 3, 100),
});

describe('summarizeSpend fast path', () => {
  it('reports exactly what the item-by-item path reports, on any mix of plain and unusual lines, any chunking and options', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(lineArb, { maxLength: 60 }), optionsArb, fc.integer({ min: 1, max: 400 }), fc.boolean(), async (lines, options, chunk, detect) => {
        const text = lines.join('\n');
        const chunks: string[] = [];
        for (let at = 0; at < text.length; at += chunk) chunks.push(text.slice(at, at + chunk));
        const opts: SummarizeSpendOptions = options;
        const read = detect ? {} : { format: 'llm-spend-jsonl' as const };
        const fast = await outcome(summarizeSpend(readUsageLog(chunks, read), opts));
        const slow = await outcome(summarizeSpend(generic(readUsageLog(chunks, read)), opts));
        expect(fast).toEqual(slow);
        if ('report' in fast) expect(fast.report.counts.read).toBe(fast.report.counts.priced + fast.report.counts.problems + fast.report.counts.skipped);
      }),
      { ...fcOptions, numRuns: 200 },
    );
  });

  it('sums thousands of records per row and price set exactly (past the flush into BigInt), equal to the BigInt oracle', async () => {
    const random = mulberry32(8);
    const lines: string[] = [];
    let oracle = 0n;
    const entry = getModel('gpt-5.4-mini');
    expect(entry.prices.length).toBe(1);
    for (let index = 0; index < 20_000; index += 1) {
      const input = Math.floor(random() * 270_000);
      const cached = Math.floor(input * random() * random());
      const output = Math.floor(random() * 100_000);
      const usage = cached > 0 ? { inputTokens: input, cachedInputTokens: cached, outputTokens: output } : { inputTokens: input, outputTokens: output };
      lines.push(JSON.stringify({ at: '2026-08-15T10:00:00Z', model: 'gpt-5.4-mini', usage }));
      oracle += oracleCost(entry, 'standard', usage)!.total;
    }
    const fast = await summarizeSpend(readUsageLog(`${lines.join('\n')}\n`));
    const slow = await summarizeSpend(generic(readUsageLog(lines.join('\n'))));
    expect(fast).toEqual(slow);
    expect(fast.counts.priced).toBe(20_000);
    expect(usdToAtto(fast.total.cost.total)).toBe(oracle);
  });

  it('takes over only an unstarted generator: a taken one is finished, a started one is read item by item', async () => {
    const log = ['{"at":"2026-08-20T12:00:00Z","model":"gpt-5.6-sol","usage":{"inputTokens":1000,"outputTokens":100}}', 'oops', '{"at":"2026-08-22T12:00:00Z","model":"gpt-5.6-sol","usage":{"inputTokens":1000,"outputTokens":100}}'].join('\n');
    const taken = readUsageLog(log);
    const report = await summarizeSpend(taken, { groupBy: ['day'] });
    expect(report.total.cost.total).toBe('0.014');
    expect(report.counts).toEqual({ read: 3, priced: 2, problems: 1, skipped: 0 });
    expect(report.problems.listed[0]!.origin.line).toBe(2);
    expect(await taken.next()).toEqual({ done: true, value: undefined });

    const started = readUsageLog(log);
    const first = await started.next();
    expect(first.done).toBe(false);
    const rest = await summarizeSpend(started, { groupBy: ['day'] });
    expect(rest.counts).toEqual({ read: 2, priced: 1, problems: 1, skipped: 0 });
    expect(rest.total.cost.total).toBe('0.006');
  });

  it('bad read options still reject when summarizeSpend drains the read', async () => {
    await expect(summarizeSpend(readUsageLog('x', { maxLineBytes: 0 }))).rejects.toThrow(/maxLineBytes must be a positive whole number/);
    await expect(summarizeSpend(readUsageLog(42 as unknown as string))).rejects.toThrow(/readUsageLog reads a string/);
  });

  it('canonicalMs equals isoDateMs on every canonical timestamp, and refuses everything else', () => {
    const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z$/;
    const digits = (count: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: count, maxLength: count }).map((list) => list.join(''));
    const shaped = fc
      .tuple(digits(4), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }), fc.integer({ min: 0, max: 61 }), fc.option(digits(3)))
      .map(([year, month, day, hour, minute, second, ms]) => {
        const two = (value: number) => String(value).padStart(2, '0');
        return `${year}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(second)}${ms === null ? '' : `.${ms}`}Z`;
      });
    fc.assert(
      fc.property(fc.oneof(shaped, fc.string({ maxLength: 26 }), fc.date({ noInvalidDate: true }).map((date) => date.toISOString())), (text) => {
        const ms = canonicalMs(text);
        const iso = isoDateMs(text);
        if (!Number.isNaN(ms)) {
          expect(CANONICAL.test(text)).toBe(true);
          expect(ms).toBe(iso);
        } else if (CANONICAL.test(text) && iso !== undefined) {
          // Only years before 100 are left to the general parser.
          expect(Number(text.slice(0, 4))).toBeLessThan(100);
        }
      }),
      { ...fcOptions, numRuns: 2000 },
    );
  });
});
