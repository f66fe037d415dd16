// Reconciliation against the provider's bill, worked by hand. Prices per million tokens:
//   gpt-5.4-mini 0.75 in, 0.075 cached, 4.50 out;  gpt-5.4-nano 0.20 in, 1.25 out;  gpt-4.1-nano 0.10 in, 0.40 out
//   claude-haiku-4-5 1 in, 5 out;  claude-sonnet-4-5 3 in, 0.30 cache read, 3.75 cache write (5 min), 15 out
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reconcile } from '../../src/actual/reconcile.js';
import { readAnthropicCostReport } from '../../src/actual/bill/anthropic-cost-report.js';
import { exactDecimal } from '../../src/actual/bill/bill.js';
import { modelOfLineItem, readOpenAiCosts } from '../../src/actual/bill/openai-costs.js';
import { readBill } from '../../src/actual/bill/read-bill.js';
import { isLlmSpendError } from '../../src/errors.js';
import { ok, rec, streamOf, unreadable } from './what-if-helpers.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/actual/${name}`, import.meta.url), 'utf8');

// R1: 80,000 uncached + 20,000 cached in, 5,000 out: 0.06 + 0.0015 + 0.0225 = 0.084
// R2: 50,000 in, 2,000 out: 0.0375 + 0.009 = 0.0465        → mini on 08-01: 0.1305 (bill: 0.0975 + 0.0015 + 0.0315)
// R3: nano 200,000 in, 10,000 out: 0.04 + 0.0125 = 0.0525  → bill 0.04 + 0 + 0.0125
// R4: mini 100,000 in, 10,000 out: 0.075 + 0.045 = 0.12    → bill 0.075 + 0.045
// R6: gpt-4.1-nano 1,000 in, 100 out: 0.0001 + 0.00004 = 0.00014, never billed
const openAiRecords = [
  rec('2026-08-01T08:00:00Z', 'gpt-5.4-mini', { inputTokens: 100_000, cachedInputTokens: 20_000, outputTokens: 5_000 }, { line: 1 }),
  rec('2026-08-01T15:00:00Z', 'gpt-5.4-mini', { inputTokens: 50_000, outputTokens: 2_000 }, { line: 2 }),
  rec('2026-08-01T10:00:00Z', 'gpt-5.4-nano', { inputTokens: 200_000, outputTokens: 10_000 }, { line: 3 }),
  rec('2026-08-02T09:00:00Z', 'gpt-5.4-mini-2026-03-17', { inputTokens: 100_000, outputTokens: 10_000 }, { line: 4 }),
  rec('2026-08-01T11:00:00Z', 'claude-haiku-4-5', { inputTokens: 1_000, outputTokens: 100 }, { line: 5 }),
  rec('2026-08-02T12:00:00Z', 'gpt-4.1-nano', { inputTokens: 1_000, outputTokens: 100 }, { line: 6 }),
  rec('2026-08-05T12:00:00Z', 'gpt-5.4-mini', { inputTokens: 1_000, outputTokens: 100 }, { line: 7 }),
  rec('2026-08-01T12:00:00Z', 'azure/gpt-4o-mini', { inputTokens: 1_000, outputTokens: 100 }, { line: 8 }),
].map(ok);

describe('reconcile with an OpenAI costs export', () => {
  it('compares computed and billed per model and day, and flags what the bill does not explain', async () => {
    const bill = readBill(fixture('openai-costs-2026-08.json'), { file: 'openai-costs-2026-08.json' });
    expect(bill.provider).toBe('openai');
    const result = await reconcile(openAiRecords, bill);
    expect(result.period).toEqual({ from: '2026-08-01T00:00:00.000Z', to: '2026-08-04T00:00:00.000Z' });
    expect(result.rows.map((row) => [row.day, row.model, row.matched, row.computed, row.billed, row.difference, row.relativeDifference, row.lineItems, row.tolerance, row.flagged])).toEqual([
      ['2026-08-01', 'gpt-5.4-mini', true, '0.1305', '0.1305', '0', '0', 3, '0.015', false],
      ['2026-08-01', 'gpt-5.4-nano', true, '0.0525', '0.0525', '0', '0', 3, '0.015', false],
      ['2026-08-01', 'web search tool calls', false, '0', '0.03', '0.03', null, 1, '0.005', true],
      ['2026-08-02', 'gpt-4.1-nano', true, '0.00014', '0', '-0.00014', '-1', 0, '0', true],
      ['2026-08-02', 'gpt-4o-mini', true, '0', '0.25', '0.25', null, 1, '0.005', true],
      ['2026-08-02', 'gpt-5.4-mini', true, '0.12', '0.12', '0', '0', 2, '0.01', false],
    ]);
    expect(result.rows[0]!.billNames).toEqual(['gpt-5.4-mini-2026-03-17']);
    expect(result.rows[0]!.records).toBe(2);
    expect(result.rows[4]!.billNames).toEqual(['gpt-4o-mini-2024-07-18']); // "evals | gpt-4o-mini-2024-07-18, input"
    expect(result.flagged).toBe(3);
    expect(result.days.map((day) => [day.day, day.computed, day.billed, day.difference, day.tolerance, day.flagged])).toEqual([
      ['2026-08-01', '0.183', '0.213', '0.03', '0.035', false], // 7 line items: the day's tolerance covers the 3 cents
      ['2026-08-02', '0.12014', '0.37', '0.24986', '0.015', true],
    ]);
    expect(result.totals).toEqual({ computed: '0.30314', billed: '0.583', difference: '0.27986' });
    expect(result.billedNotLogged).toEqual([
      { model: 'gpt-4o-mini', matched: true, billNames: ['gpt-4o-mini-2024-07-18'], usd: '0.25', days: ['2026-08-02'] },
      { model: 'web search tool calls', matched: false, billNames: ['web search tool calls'], usd: '0.03', days: ['2026-08-01'] },
    ]);
    expect(result.loggedNotBilled).toEqual([{ model: 'gpt-4.1-nano', matched: true, billNames: [], usd: '0.00014', days: ['2026-08-02'] }]);
    expect(result.otherProvider).toBe(2); // claude-haiku-4-5, and gpt-4o-mini served by Azure
    expect(result.outsidePeriod).toBe(1); // 2026-08-05
    expect(result.problems.count).toBe(0);
    expect(result.warnings).toEqual([]);
  });

  it('flags a planted wrong price in its row only, and a relative tolerance can absorb it', async () => {
    const json = JSON.parse(fixture('openai-costs-2026-08.json')) as { data: Array<{ results: Array<{ amount: { value: unknown }; line_item: string }> }> };
    json.data[0]!.results[0]!.amount.value = 0.195; // mini input billed at 1.50 instead of 0.75
    const result = await reconcile(openAiRecords.slice(0, 4), readOpenAiCosts(json), { period: { from: '2026-08-01', to: '2026-08-03' } });
    const flagged = result.rows.filter((row) => row.flagged).map((row) => [row.day, row.model, row.difference, row.relativeDifference]);
    expect(flagged).toEqual([
      ['2026-08-01', 'gpt-5.4-mini', '0.0975', '0.747126'], // 0.0975 / 0.1305
      ['2026-08-01', 'web search tool calls', '0.03', null],
      ['2026-08-02', 'gpt-4o-mini', '0.25', null],
    ]);
    const lenient = await reconcile(openAiRecords.slice(0, 4), readOpenAiCosts(json), { tolerance: { relative: '0.8' } });
    const mini = lenient.rows.find((row) => row.day === '2026-08-01' && row.model === 'gpt-5.4-mini')!;
    expect(mini.tolerance).toBe('0.1194'); // 3 × 0.005 + 0.8 × 0.1305
    expect(mini.flagged).toBe(false);
    const strict = await reconcile(openAiRecords.slice(0, 4), readOpenAiCosts(json), { tolerance: { perLineItemUsd: '0', usd: '0.0975' } });
    expect(strict.rows.find((row) => row.model === 'gpt-5.4-mini' && row.day === '2026-08-01')!.flagged).toBe(false); // |0.0975| is not > 0.0975
  });

  it('counts reader problems and unpriceable records, and says the computed side misses them', async () => {
    const unknown = ok(rec('2026-08-01T00:00:00Z', 'gpt-5.4-mnii', { inputTokens: 1, outputTokens: 1 }, { line: 12 }));
    const result = await reconcile(streamOf([unreadable(11), ...openAiRecords, unknown]), readBill(fixture('openai-costs-2026-08.json')));
    expect(result.problems.byCode).toEqual({ unreadable: 1, 'unknown-model': 1 });
    expect(result.problems.listed.map((problem) => problem.origin.line)).toEqual([11, 12]);
    expect(result.warnings.map((warning) => warning.code)).toEqual(['RECORDS_NOT_PRICED']);
    expect(result.totals.computed).toBe('0.30314');
  });

  it('assigns records and hourly buckets to days of a time zone', async () => {
    // 02:30 UTC on Aug 2 is 22:30 on Aug 1 in New York (EDT, UTC−4).
    const late = rec('2026-08-02T02:30:00Z', 'gpt-5.4-nano', { inputTokens: 10_000, outputTokens: 1_000 }, { line: 1 }); // 0.002 + 0.00125
    const start = Date.parse('2026-08-02T02:00:00Z') / 1000;
    const bill = readOpenAiCosts({
      object: 'page',
      data: [{ object: 'bucket', start_time: start, end_time: start + 3600, results: [{ object: 'organization.costs.result', amount: { value: 0.00325, currency: 'usd' }, line_item: 'gpt-5.4-nano-2026-03-17, input', project_id: null }] }],
    });
    const result = await reconcile([ok(late)], bill, { timeZone: 'america/new_york' });
    expect(result.timeZone).toBe('America/New_York');
    expect(result.rows.map((row) => [row.day, row.model, row.computed, row.billed, row.flagged])).toEqual([['2026-08-01', 'gpt-5.4-nano', '0.00325', '0.00325', false]]);
  });

  it('refuses a daily UTC bucket that spans two days of the requested time zone', async () => {
    const error = await reconcile(openAiRecords, readBill(fixture('openai-costs-2026-08.json')), { timeZone: 'Asia/Tokyo' }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(isLlmSpendError(error, 'INVALID_USAGE')).toBe(true);
    expect((error as Error).message).toMatch(/data\[0\]\.results\[0\]: its bucket .* spans more than one day in Asia\/Tokyo/);
  });

  it('shows lines that name nothing as "(no model)", with a warning on how to export', async () => {
    const bill = readOpenAiCosts({
      object: 'page',
      data: [{ object: 'bucket', start_time: 1785542400, end_time: 1785628800, results: [{ object: 'organization.costs.result', amount: { value: 0.1305, currency: 'usd' }, line_item: null, project_id: null }] }],
    });
    const result = await reconcile(openAiRecords.slice(0, 2), bill);
    expect(result.rows.map((row) => [row.model, row.matched, row.computed, row.billed])).toEqual([
      ['(no model)', false, '0', '0.1305'],
      ['gpt-5.4-mini', true, '0.1305', '0'],
    ]);
    expect(result.warnings[0]).toMatchObject({ code: 'BILL_LINES_WITHOUT_MODEL' });
    expect(result.warnings[0]!.message).toMatch(/group_by=line_item/);
  });
});

describe('reconcile with an Anthropic cost report', () => {
  // A1 haiku 10,000 in, 1,000 out: 0.01 + 0.005 = 0.015 (bill: 1 + 0.5 cents)
  // A2 sonnet 13,000 uncached + 5,000 cache read + 2,000 cache write in, 1,000 out:
  //    0.039 + 0.0015 + 0.0075 + 0.015 = 0.063 (bill: 3.9 + 0.15 + 0.75 + 1.5 cents)
  // A3 haiku 1,000 in, 9,000 out: 0.001 + 0.045 = 0.046 (bill: only the 4.5 cents of output)
  const records = [
    rec('2026-08-01T10:00:00Z', 'claude-haiku-4-5', { inputTokens: 10_000, outputTokens: 1_000 }, { line: 1 }),
    rec('2026-08-01T11:00:00Z', 'claude-sonnet-4-5-20250929', { inputTokens: 20_000, cachedInputTokens: 5_000, cacheWriteTokens: 2_000, outputTokens: 1_000 }, { line: 2 }),
    rec('2026-08-02T10:00:00Z', 'anthropic/claude-haiku-4-5', { inputTokens: 1_000, outputTokens: 9_000 }, { line: 3 }),
    rec('2026-08-02T10:00:00Z', 'gpt-5.4-mini', { inputTokens: 1_000, outputTokens: 9_000 }, { line: 4 }),
  ].map(ok);

  it('reads amounts in cents and compares per model and day', async () => {
    const bill = readBill(fixture('anthropic-cost-report-2026-08.json'));
    expect(bill.provider).toBe('anthropic');
    const result = await reconcile(records, bill);
    expect(result.rows.map((row) => [row.day, row.model, row.matched, row.computed, row.billed, row.difference, row.relativeDifference, row.lineItems, row.flagged])).toEqual([
      ['2026-08-01', 'Web Search', false, '0', '10', '10', null, 1, true],
      ['2026-08-01', 'claude-haiku-4-5', true, '0.015', '0.015', '0', '0', 2, false],
      ['2026-08-01', 'claude-sonnet-4-5', true, '0.063', '0.063', '0', '0', 4, false],
      ['2026-08-02', 'claude-haiku-4-5', true, '0.046', '0.045', '-0.001', '-0.021739', 1, false], // within half a cent
    ]);
    expect(result.billedNotLogged.map((model) => model.model)).toEqual(['Web Search']);
    expect(result.otherProvider).toBe(1);
    expect(result.totals).toEqual({ computed: '0.124', billed: '10.123', difference: '9.999' });
  });
});

describe('bill readers', () => {
  it('read amounts exactly: JSON numbers through String(n), strings, exponents, cents', () => {
    expect(exactDecimal(1e-7, 'x')).toBe('0.0000001');
    expect(exactDecimal(0.1 + 0.2, 'x')).toBe('0.30000000000000004'); // the float as written, never re-rounded
    expect(exactDecimal('0E-6176', 'x')).toBe('0');
    expect(exactDecimal('0.000004500000000000000000000000000000000', 'x')).toBe('0.0000045');
    expect(exactDecimal('-1.25e2', 'x')).toBe('-125');
    expect(exactDecimal(' 7. ', 'x')).toBe('7');
    for (const bad of ['1,5', '', '.', 'NaN', Number.NaN, Number.POSITIVE_INFINITY, null, '1e-999', '1e999']) {
      expect(() => exactDecimal(bad, 'data[0].results[0].amount.value'), String(bad)).toThrow(/data\[0\]\.results\[0\]\.amount\.value/);
    }
    const report = readAnthropicCostReport({ data: [{ starting_at: '2026-08-01T00:00:00Z', ending_at: '2026-08-02T00:00:00Z', results: [{ currency: 'USD', amount: '123.45', model: 'claude-haiku-4-5-20251001' }] }] });
    expect(report.lines[0]!.usd).toBe('1.2345');
  });

  it('split line items into the model and the cost kind', () => {
    expect(modelOfLineItem('gpt-4o-mini-2024-07-18, input')).toBe('gpt-4o-mini-2024-07-18');
    expect(modelOfLineItem('gpt-5.4-mini-2026-03-17, cached input')).toBe('gpt-5.4-mini-2026-03-17');
    expect(modelOfLineItem('evals | gpt-4o-mini-2024-07-18, input')).toBe('gpt-4o-mini-2024-07-18');
    expect(modelOfLineItem('gpt-audio-mini-2025-12-15 audio, input')).toBe('gpt-audio-mini-2025-12-15 audio');
    expect(modelOfLineItem('web search tool calls')).toBe('web search tool calls');
    expect(modelOfLineItem('  ')).toBeNull();
  });

  it('read several pages, and name the path of what is wrong', () => {
    const page = (value: unknown, currency = 'usd'): unknown => ({
      object: 'page',
      data: [{ object: 'bucket', start_time: 1785542400, end_time: 1785628800, results: [{ object: 'organization.costs.result', amount: { value, currency }, line_item: 'gpt-5.4-nano, input', project_id: 'p' }] }],
    });
    const bill = readOpenAiCosts([page(1), page('2.5')]);
    expect(bill.lines.map((line) => [line.usd, line.path, line.project])).toEqual([
      ['1', '[0].data[0].results[0]', 'p'],
      ['2.5', '[1].data[0].results[0]', 'p'],
    ]);
    const errorOf = (run: () => unknown): unknown => {
      try {
        run();
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const currency = errorOf(() => readOpenAiCosts(page(1, 'eur')));
    expect(isLlmSpendError(currency, 'INVALID_MONEY')).toBe(true);
    expect((currency as Error).message).toMatch(/data\[0\]\.results\[0\]\.amount\.currency: only USD/);
    const shape = errorOf(() => readBill({ rows: [] }));
    expect(isLlmSpendError(shape, 'INVALID_USAGE')).toBe(true);
    expect((shape as Error).message).toMatch(/neither an OpenAI costs export .* nor an Anthropic cost report/);
    const time = errorOf(() => readAnthropicCostReport({ data: [{ starting_at: 'yesterday', ending_at: '2026-08-02T00:00:00Z', results: [] }] }));
    expect((time as Error).message).toMatch(/data\[0\]\.starting_at: must be a time/);
    expect(errorOf(() => readBill('{not json', { file: 'bill.json' }))).toMatchObject({ code: 'INVALID_USAGE', message: expect.stringMatching(/bill\.json: is not valid JSON/) });
  });
});
