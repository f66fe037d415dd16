// pricingSql in DuckDB (in-process): hand-worked costs, row-by-row agreement with priceRecord on
// generated rows (every part, the model, tier, long context, hour window, the reason of an unpriced
// row), quoting of hostile names, TIMESTAMPTZ columns, the `models` restriction, `create` mode and
// option errors. The 1,000,000-row totals in DuckDB and PostgreSQL are in sql-engines.test.ts.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { priceRecord } from '../../src/actual/price.js';
import type { UsageRecord } from '../../src/actual/record.js';
import { PRICING_SQL_ROW_COLUMNS, pricingSql, pricingSqlParts, type PricingSqlColumns, type PricingSqlOptions } from '../../src/actual/sql.js';
import { shiftDecimal } from '../../src/actual/sql/price-rows.js';
import { isLlmSpendError } from '../../src/errors.js';
import type { Usage } from '../../src/estimate/usage.js';
import type { ServiceTier } from '../../src/pricing/schema.js';
import { createPricingTable } from '../../src/pricing/table.js';
import { usdToAtto } from '../oracle.js';
import { fcOptions } from '../seed.js';
import { openDuckDb, subquery, type DuckDb, type JsonRow } from './helpers/duckdb.js';

const COLUMNS: PricingSqlColumns = {
  at: 'at',
  model: 'model',
  tier: 'tier',
  inputTokens: 'input_tokens',
  cachedInputTokens: 'cached_input_tokens',
  cacheWriteTokens: 'cache_write_tokens',
  cacheWrite1hTokens: 'cache_write_1h_tokens',
  outputTokens: 'output_tokens',
  reasoningTokens: 'reasoning_tokens',
  audioInputTokens: 'audio_input_tokens',
  cachedAudioInputTokens: 'cached_audio_input_tokens',
  imageInputTokens: 'image_input_tokens',
  webSearchCalls: 'web_search_calls',
};

const COUNT_FIELDS = [
  ['input_tokens', 'inputTokens'],
  ['cached_input_tokens', 'cachedInputTokens'],
  ['cache_write_tokens', 'cacheWriteTokens'],
  ['cache_write_1h_tokens', 'cacheWrite1hTokens'],
  ['output_tokens', 'outputTokens'],
  ['reasoning_tokens', 'reasoningTokens'],
  ['audio_input_tokens', 'audioInputTokens'],
  ['cached_audio_input_tokens', 'cachedAudioInputTokens'],
  ['image_input_tokens', 'imageInputTokens'],
  ['web_search_calls', 'webSearchCalls'],
] as const;

type UsageKey = (typeof COUNT_FIELDS)[number][1];

/** A test row: `at` as 'YYYY-MM-DD HH:MM:SS' (UTC) or null; counts or null (NULL in SQL, absent in JS). */
interface TestRow {
  readonly at: string | null;
  readonly model: string | null;
  readonly tier: string | null;
  readonly counts: Partial<Record<UsageKey, number | null>>;
}

function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

async function loadRows(db: DuckDb, table: string, rows: readonly TestRow[]): Promise<void> {
  await db.rows(
    `CREATE OR REPLACE TABLE ${table} (id INTEGER, "at" TIMESTAMP, model VARCHAR, tier VARCHAR, ${COUNT_FIELDS.map(([column]) => `${column} BIGINT`).join(', ')})`,
  );
  if (rows.length === 0) return;
  const values = rows.map((row, id) => {
    const counts = COUNT_FIELDS.map(([, key]) => {
      const value = row.counts[key];
      return value === undefined || value === null ? 'NULL' : String(value);
    });
    return `(${id}, ${row.at === null ? 'NULL' : `TIMESTAMP '${row.at}'`}, ${row.model === null ? 'NULL' : sqlString(row.model)}, ${row.tier === null ? 'NULL' : sqlString(row.tier)}, ${counts.join(', ')})`;
  });
  await db.rows(`INSERT INTO ${table} VALUES ${values.join(', ')}`);
}

function recordOf(row: TestRow, line: number): UsageRecord {
  const usage: Record<string, number> = {};
  for (const [, key] of COUNT_FIELDS) {
    const value = row.counts[key];
    if (value !== undefined && value !== null) usage[key] = value;
  }
  return {
    at: row.at === null ? '' : `${row.at.replace(' ', 'T')}Z`,
    model: row.model ?? '',
    ...(row.tier === null ? {} : { tier: row.tier as ServiceTier }),
    usage: usage as unknown as Usage,
    calls: 1,
    aggregate: false,
    tags: {},
    origin: { line, format: 'llm-spend-csv' },
  };
}

async function pricedRows(db: DuckDb, options: Partial<PricingSqlOptions> = {}): Promise<JsonRow[]> {
  const sql = pricingSql({ dialect: 'duckdb', table: 'usage', columns: COLUMNS, keepColumns: ['id'], output: 'rows', ...options });
  return db.rows(`SELECT * FROM (${subquery(sql)}) ORDER BY id`);
}

/** A DECIMAL text from DuckDB ("0.011000000000") as the canonical string ("0.011"). */
function canonical(value: unknown): string {
  const text = String(value);
  if (!text.includes('.')) return text;
  const trimmed = text.replace(/0+$/, '').replace(/\.$/, '');
  return trimmed === '' ? '0' : trimmed;
}

let db: DuckDb;

beforeAll(async () => {
  db = await openDuckDb();
});

afterAll(() => {
  db?.close();
});

describe('pricingSql in DuckDB: hand-worked rows', () => {
  // Prices per million tokens from the bundled catalog (checked 2026-11-25):
  // gpt-5.6-sol until 2026-08-21: 5 in / 30 out; from 2026-08-21: 4 / 20. gpt-5.4: 2.5 / 15, from
  // 272,001 input tokens 5 / 22.5. deepseek-v4-flash until 2026-08-17: 0.14 / 0.28; from then
  // 0.44 / 1.32 in the peak hours (01:00–04:00 and 06:00–10:00 UTC), 0.22 / 0.66 off-peak.
  // claude-sonnet-4-5: 3 in, 0.3 cached, 3.75 write (5 min), 6 write (1 h), 15 out.
  // gpt-5.4-mini: 0.75 / 4.5, batch 0.375 / 2.25, web search 10 per 1,000 calls.
  // gemini-2.5-flash: 0.30 text in, 1.00 audio in, 2.50 out.
  const cases: Array<{ what: string; row: TestRow; cost: string | null; reason: string | null }> = [
    { what: 'gpt-5.6-sol the second before its price change: 1000×5 + 200×30 per million', row: { at: '2026-08-20 23:59:59', model: 'gpt-5.6-sol', tier: null, counts: { inputTokens: 1000, outputTokens: 200 } }, cost: '0.011', reason: null },
    { what: 'gpt-5.6-sol at the change: 1000×4 + 200×20 per million', row: { at: '2026-08-21 00:00:00', model: 'gpt-5.6-sol', tier: null, counts: { inputTokens: 1000, outputTokens: 200 } }, cost: '0.008', reason: null },
    { what: 'gpt-5.4 at 272,000 input tokens: base price, 272000×2.5 + 100×15', row: { at: '2026-08-05 10:00:00', model: 'gpt-5.4', tier: 'standard', counts: { inputTokens: 272_000, outputTokens: 100 } }, cost: '0.6815', reason: null },
    { what: 'gpt-5.4 at 272,001: long context, 272001×5 + 100×22.5', row: { at: '2026-08-05 10:00:00', model: 'gpt-5.4', tier: 'standard', counts: { inputTokens: 272_001, outputTokens: 100 } }, cost: '1.362255', reason: null },
    { what: 'deepseek-v4-flash at 02:00 UTC (peak): 1000×0.44 + 200×1.32', row: { at: '2026-08-20 02:00:00', model: 'deepseek-v4-flash', tier: null, counts: { inputTokens: 1000, outputTokens: 200 } }, cost: '0.000704', reason: null },
    { what: 'deepseek-v4-flash at 05:00 UTC (off-peak): 1000×0.22 + 200×0.66', row: { at: '2026-08-20 05:00:00', model: 'deepseek-v4-flash', tier: null, counts: { inputTokens: 1000, outputTokens: 200 } }, cost: '0.000352', reason: null },
    { what: 'deepseek-v4-flash before its change (no off-peak): 1000×0.14 + 200×0.28', row: { at: '2026-08-16 05:00:00', model: 'deepseek-v4-flash', tier: null, counts: { inputTokens: 1000, outputTokens: 200 } }, cost: '0.000196', reason: null },
    {
      what: 'claude-sonnet-4-5 with cache reads and both writes: 4000×3 + 2000×0.3 + 3000×3.75 + 1000×6 + 500×15',
      row: { at: '2026-08-05 10:00:00', model: 'claude-sonnet-4-5-20250929', tier: null, counts: { inputTokens: 10_000, cachedInputTokens: 2000, cacheWriteTokens: 3000, cacheWrite1hTokens: 1000, outputTokens: 500 } },
      cost: '0.03735',
      reason: null,
    },
    { what: 'gpt-5.4-mini with 2 web searches: 1000×0.75 + 100×4.5 per million + 2×10 per thousand', row: { at: '2026-08-05 10:00:00', model: 'GPT-5.4-MINI', tier: null, counts: { inputTokens: 1000, outputTokens: 100, webSearchCalls: 2 } }, cost: '0.0212', reason: null },
    { what: 'gpt-5.4-mini batch: 1000×0.375 + 100×2.25', row: { at: '2026-08-05 10:00:00', model: 'openai/gpt-5.4-mini', tier: 'batch', counts: { inputTokens: 1000, outputTokens: 100 } }, cost: '0.0006', reason: null },
    { what: 'gemini-2.5-flash with 400 audio tokens: 600×0.30 + 400×1.00 + 100×2.50', row: { at: '2026-08-05 10:00:00', model: 'gemini-2.5-flash', tier: null, counts: { inputTokens: 1000, audioInputTokens: 400, outputTokens: 100 } }, cost: '0.00083', reason: null },
    { what: 'reasoning is of the output, not added: 1000×0.75 + 100×4.5 per million', row: { at: '2026-08-05 10:00:00', model: 'gpt-5.4-mini', tier: null, counts: { inputTokens: 1000, outputTokens: 100, reasoningTokens: 60 } }, cost: '0.0012', reason: null },
    { what: 'gpt-5.4-mini before its first price', row: { at: '2026-03-01 12:00:00', model: 'gpt-5.4-mini', tier: null, counts: { inputTokens: 1000, outputTokens: 100 } }, cost: null, reason: 'no-price-at-date' },
    { what: 'an unknown model', row: { at: '2026-08-05 10:00:00', model: 'gpt-9-ultra', tier: null, counts: { inputTokens: 1000, outputTokens: 100 } }, cost: null, reason: 'unknown-model' },
    { what: 'no model at all', row: { at: '2026-08-05 10:00:00', model: null, tier: null, counts: { inputTokens: 1000, outputTokens: 100 } }, cost: null, reason: 'unknown-model' },
    { what: 'a prefix that is not the provider', row: { at: '2026-08-05 10:00:00', model: 'anthropic/gpt-5.4-mini', tier: null, counts: { inputTokens: 1000, outputTokens: 100 } }, cost: null, reason: 'unknown-model' },
    { what: 'a tier the model does not offer', row: { at: '2026-08-05 10:00:00', model: 'gpt-5.4-nano', tier: 'priority', counts: { inputTokens: 1000, outputTokens: 100 } }, cost: null, reason: 'tier-unavailable' },
    { what: 'cached larger than input', row: { at: '2026-08-05 10:00:00', model: 'gpt-5.4-mini', tier: null, counts: { inputTokens: 100, cachedInputTokens: 200, outputTokens: 100 } }, cost: null, reason: 'invalid-usage' },
    { what: 'a NULL input count', row: { at: '2026-08-05 10:00:00', model: 'gpt-5.4-mini', tier: null, counts: { inputTokens: null, outputTokens: 100 } }, cost: null, reason: 'invalid-usage' },
    { what: 'more input than gpt-5.4-mini takes (272,000)', row: { at: '2026-08-05 10:00:00', model: 'gpt-5.4-mini', tier: null, counts: { inputTokens: 272_001, outputTokens: 100 } }, cost: null, reason: 'context-exceeded' },
    { what: 'a cache write on a model without a cache-write price', row: { at: '2026-08-20 05:00:00', model: 'deepseek-v4-flash', tier: null, counts: { inputTokens: 1000, cacheWriteTokens: 10, outputTokens: 100 } }, cost: null, reason: 'tier-unavailable' },
    { what: 'no timestamp', row: { at: null, model: 'gpt-5.4-mini', tier: null, counts: { inputTokens: 1000, outputTokens: 100 } }, cost: null, reason: 'unreadable' },
  ];

  it('prices each row as worked by hand, and names the reason of each row it cannot price (never 0)', async () => {
    await loadRows(
      db,
      'usage',
      cases.map((testCase) => testCase.row),
    );
    const rows = await pricedRows(db);
    expect(rows).toHaveLength(cases.length);
    cases.forEach((testCase, index) => {
      const row = rows[index] as JsonRow;
      expect({ what: testCase.what, cost: row['cost'] === null ? null : canonical(row['cost']), reason: row['reason'] }).toEqual({ what: testCase.what, cost: testCase.cost, reason: testCase.reason });
      // The same row in-process.
      const priced = priceRecord(recordOf(testCase.row, index + 1));
      if (testCase.reason === 'unreadable') return; // priceRecord needs a date; readers report such a line as unreadable
      expect(priced.ok ? priced.cost.total : priced.problem.code).toBe(testCase.cost ?? testCase.reason);
    });
    const window = rows.map((row) => row['price_window']);
    expect(window.slice(4, 7)).toEqual(['peak', 'off-peak', null]);
    expect(rows[3]?.['long_context']).toBe(true);
    expect(rows[2]?.['long_context']).toBe(false);
  });

  it('totals and by-model-day sum the priced rows exactly and count the others', async () => {
    const total = await db.rows(`SELECT row_count, priced_rows, unpriced_rows, CAST(cost AS VARCHAR) AS cost FROM (${subquery(pricingSql({ dialect: 'duckdb', table: 'usage', columns: COLUMNS, output: 'total' }))})`);
    const priced = cases.filter((testCase) => testCase.cost !== null);
    const expected = priced.reduce((sum, testCase) => sum + usdToAtto(testCase.cost ?? '0'), 0n);
    expect(total).toEqual([{ row_count: String(cases.length), priced_rows: String(priced.length), unpriced_rows: String(cases.length - priced.length), cost: expect.any(String) }]);
    expect(usdToAtto(canonical(total[0]?.['cost']))).toBe(expected);
    const byDay = await db.rows(`SELECT CAST("day" AS VARCHAR) AS day, model, priced_rows, unpriced_rows, CAST(cost AS VARCHAR) AS cost FROM (${subquery(pricingSql({ dialect: 'duckdb', table: 'usage', columns: COLUMNS, output: 'by-model-day' }))})`);
    const sol = byDay.filter((row) => row['model'] === 'gpt-5.6-sol').map((row) => [row['day'], canonical(row['cost'])]);
    expect(sol).toEqual([
      ['2026-08-20', '0.011'],
      ['2026-08-21', '0.008'],
    ]);
    const unknownDay = byDay.find((row) => row['model'] === 'gpt-9-ultra');
    expect(unknownDay).toMatchObject({ priced_rows: '0', unpriced_rows: '1', cost: null });
  });
});

// ---- Row by row against priceRecord, on generated rows. ----

const KNOWN_NAMES = [
  'gpt-5.6-sol',
  'gpt-5.6',
  'GPT-5.6-SOL',
  'openai/gpt-5.6-sol',
  'gpt-5.4-mini',
  'gpt-5.4-mini-2026-03-17',
  'openai/gpt-5.4-mini-20260317',
  'OpenAI/Gpt-5-4-Mini',
  'openai/openai/gpt-5.4-nano',
  'gpt-5.4-nano',
  'gpt-5.4',
  'claude-sonnet-4-5',
  'anthropic/claude-sonnet-4.5',
  'deepseek-v4-flash',
  'gemini-2.5-flash',
  'gemini-2.0-flash-lite',
  'gpt-4.1-nano',
];

/** Names getModel refuses (or, for the 250-character one, resolves through 34 provider prefixes). */
const ODD_NAMES = [
  'anthropic/gpt-5.4-mini',
  'openai//gpt-5.4-mini',
  '/gpt-5.4-mini',
  'gpt-5.4-mini/',
  // 264 and 250 characters: getModel looks up names of at most 256.
  `${'openai/'.repeat(36)}gpt-5.4-mini`,
  `${'openai/'.repeat(34)}gpt-5.4-mini`,
  'no-such-model',
  "o'brien",
  '',
];

const AT_MS = fc.oneof(
  fc.integer({ min: Date.parse('2025-09-01T00:00:00Z') / 1000, max: Date.parse('2026-12-31T23:59:59Z') / 1000 }).map((seconds) => seconds * 1000),
  fc.constantFrom('2026-08-21T00:00:00Z', '2026-08-17T00:00:00Z', '2026-03-17T00:00:00Z', '2026-04-30T00:00:00Z', '2026-08-20T01:00:00Z', '2026-08-20T03:59:59Z', '2026-08-20T04:00:00Z', '2026-08-20T09:59:00Z', '2026-08-20T10:00:00Z').map((text) => Date.parse(text)),
  fc.integer({ min: -60, max: 60 }).map((seconds) => Date.parse('2026-08-21T00:00:00Z') + seconds * 1000),
);

const INPUT = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 120_000 }) },
  { weight: 2, arbitrary: fc.integer({ min: 120_000, max: 400_000 }) },
  { weight: 2, arbitrary: fc.constantFrom(0, 200_000, 200_001, 272_000, 272_001, 922_000, 922_001, 1_048_576) },
);

/** Shares of a whole, in thousandths, that sum to at most the whole. */
const SHARES = fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }));
const SOMETIMES = fc.integer({ min: 0, max: 9 }).map((value) => value < 5);
/** Parts most models have no price for (audio, 1-hour cache writes): rarely present, so that most rows are priceable. */
const RARELY = fc.integer({ min: 0, max: 9 }).map((value) => value === 0);
/** A wild value for one count: negative, larger than its whole, or absent. */
const WILD = fc.record({ field: fc.constantFrom<UsageKey>('inputTokens', 'outputTokens', 'cachedInputTokens', 'cacheWriteTokens', 'reasoningTokens', 'audioInputTokens', 'cachedAudioInputTokens', 'imageInputTokens'), value: fc.constantFrom(-1, 5_000_000, null) });

const ROW: fc.Arbitrary<TestRow> = fc
  .record({
    at: fc.option(fc.oneof({ weight: 3, arbitrary: fc.integer({ min: Date.parse('2026-08-01T00:00:00Z') / 1000, max: Date.parse('2026-09-01T00:00:00Z') / 1000 }).map((seconds) => seconds * 1000) }, { weight: 2, arbitrary: AT_MS }), { nil: null, freq: 60 }),
    model: fc.option(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KNOWN_NAMES) }, { weight: 1, arbitrary: fc.constantFrom(...ODD_NAMES) }), { nil: null, freq: 60 }),
    tier: fc.option(fc.oneof({ weight: 8, arbitrary: fc.constantFrom('standard', 'batch', 'flex', 'priority', 'regional') }, { weight: 1, arbitrary: fc.constantFrom('turbo', 'Batch') }), { nil: null, freq: 2 }),
    input: INPUT,
    output: fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 0, max: 20_000 }) }, { weight: 1, arbitrary: fc.constantFrom(64_001, 128_001) }),
    shares: SHARES,
    present: fc.tuple(SOMETIMES, SOMETIMES, RARELY, SOMETIMES, RARELY, RARELY, SOMETIMES),
    searches: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined, freq: 2 }),
    wild: fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: WILD }),
  })
  .map((value) => {
    const [cachedShare, writeShare, write1hShare, reasoningShare, audioShare, imageShare] = value.shares;
    const [hasCached, hasWrite, hasWrite1h, hasReasoning, hasAudio, hasCachedAudio, hasImages] = value.present;
    const share = (whole: number, thousandths: number): number => Math.floor((whole * thousandths) / 1000);
    const cached = hasCached ? share(value.input, cachedShare) : 0;
    const write = hasWrite ? share(value.input, writeShare) : 0;
    const write1h = hasWrite1h ? share(value.input, write1hShare) : 0;
    const uncached = value.input - cached - write - write1h;
    const audio = hasAudio ? share(uncached, audioShare) : 0;
    const images = hasImages ? share(uncached - audio, imageShare) : 0;
    const counts: Partial<Record<UsageKey, number | null>> = {
      inputTokens: value.input,
      outputTokens: value.output,
      ...(hasCached ? { cachedInputTokens: cached } : {}),
      ...(hasWrite ? { cacheWriteTokens: write } : {}),
      ...(hasWrite1h ? { cacheWrite1hTokens: write1h } : {}),
      ...(hasReasoning ? { reasoningTokens: share(value.output, reasoningShare) } : {}),
      ...(hasAudio ? { audioInputTokens: audio } : {}),
      ...(hasCachedAudio ? { cachedAudioInputTokens: share(cached, audioShare) } : {}),
      ...(hasImages ? { imageInputTokens: images } : {}),
      ...(value.searches === undefined ? {} : { webSearchCalls: value.searches }),
    };
    if (value.wild !== undefined) counts[value.wild.field] = value.wild.value;
    return { at: value.at === null ? null : new Date(value.at).toISOString().slice(0, 19).replace('T', ' '), model: value.model, tier: value.tier, counts };
  });

const PARTS = [
  ['input_cost', 'input'],
  ['cached_input_cost', 'cachedInput'],
  ['cache_write_cost', 'cacheWrite'],
  ['cache_write_1h_cost', 'cacheWrite1h'],
  ['output_cost', 'output'],
  ['reasoning_cost', 'reasoning'],
  ['images_cost', 'images'],
  ['fees_cost', 'fees'],
  ['cost', 'total'],
] as const;

describe('pricingSql in DuckDB: row by row, the same as priceRecord', () => {
  it('every generated row gets priceRecord’s model, tier, long context, hour window and every cost part, or its problem code', async () => {
    let compared = 0;
    let priced = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(ROW, { minLength: 60, maxLength: 200 }), async (rows) => {
        await loadRows(db, 'usage', rows);
        const sqlRows = await pricedRows(db);
        expect(sqlRows).toHaveLength(rows.length);
        rows.forEach((row, index) => {
          const sqlRow = sqlRows[index] as JsonRow;
          compared += 1;
          if (row.at === null) {
            // A record always has a date (a reader reports a line without one as unreadable).
            if (sqlRow['reason'] !== 'unknown-model') expect(sqlRow['reason']).toBe('unreadable');
            return;
          }
          const result = priceRecord(recordOf(row, index + 1));
          if (!result.ok) {
            expect({ row, reason: sqlRow['reason'], cost: sqlRow['cost'] }).toEqual({ row, reason: result.problem.code, cost: null });
            return;
          }
          priced += 1;
          const sqlParts = Object.fromEntries(PARTS.map(([column, key]) => [key, canonical(sqlRow[column])]));
          const jsParts = Object.fromEntries(PARTS.map(([, key]) => [key, result.cost[key]]));
          expect({ row, model: sqlRow['priced_model'], tier: sqlRow['priced_tier'], longContext: sqlRow['long_context'], window: sqlRow['price_window'], parts: sqlParts, reason: sqlRow['reason'] }).toEqual({
            row,
            model: result.model,
            tier: result.tier,
            longContext: result.cost.longContext,
            window: result.cost.priceWindow ?? null,
            parts: jsParts,
            reason: null,
          });
        });
      }),
      { ...fcOptions, numRuns: 12 },
    );
    expect(compared).toBeGreaterThan(700);
    expect(priced).toBeGreaterThan(compared / 4);
  });
});

describe('pricingSql: quoting', () => {
  it('hostile table and column names stay names: the query prices the right rows and drops nothing', async () => {
    const table = 'we"ird; DROP TABLE keep_me; --';
    const column = (name: string): string => `${name} "x'); DROP TABLE keep_me; --`;
    await db.rows(`CREATE OR REPLACE TABLE keep_me AS SELECT 1 AS one`);
    await db.rows(`CREATE SCHEMA IF NOT EXISTS "s.chema"`);
    await db.rows(
      `CREATE OR REPLACE TABLE "s.chema"."${table.replace(/"/g, '""')}" ("${column('at').replace(/"/g, '""')}" TIMESTAMP, "${column('model').replace(/"/g, '""')}" VARCHAR, "${column('in').replace(/"/g, '""')}" BIGINT, "${column('out').replace(/"/g, '""')}" BIGINT)`,
    );
    await db.rows(`INSERT INTO "s.chema"."${table.replace(/"/g, '""')}" VALUES (TIMESTAMP '2026-08-20 12:00:00', 'gpt-5.6-sol', 1000, 200)`);
    const sql = pricingSql({ dialect: 'duckdb', table: ['s.chema', table], output: 'total', columns: { at: column('at'), model: column('model'), inputTokens: column('in'), outputTokens: column('out') } });
    const rows = await db.rows(`SELECT CAST(cost AS VARCHAR) AS cost FROM (${subquery(sql)})`);
    expect(rows.map((row) => canonical(row['cost']))).toEqual(['0.011']);
    expect(await db.rows('SELECT one FROM keep_me')).toEqual([{ one: 1 }]);
  });

  it('hostile model ids in a custom pricing table are string literals (DuckDB; PostgreSQL escape strings for backslashes)', async () => {
    const hostile = "x'); DROP TABLE keep_me; --\\'";
    const pricing = createPricingTable({
      version: 1,
      checkedAt: '2026-11-01',
      models: [
        {
          id: hostile,
          provider: "o'provider",
          modalities: { input: ['text'], output: ['text'] },
          reasoning: false,
          prices: [{ standard: { inputPerMillion: '0.123456789', outputPerMillion: '1' }, sources: [{ url: 'contract', checkedAt: '2026-11-01' }] }],
        },
      ],
    });
    await db.rows(`CREATE OR REPLACE TABLE keep_me AS SELECT 1 AS one`);
    await loadRows(db, 'usage', [{ at: '2026-08-20 12:00:00', model: hostile, tier: null, counts: { inputTokens: 1000, outputTokens: 10 } }, { at: '2026-08-20 12:00:00', model: `O'Provider/${hostile.toUpperCase()}`, tier: null, counts: { inputTokens: 1, outputTokens: 0 } }]);
    const rows = await pricedRows(db, { pricing });
    // 1000 × 0.123456789 + 10 × 1 per million tokens; then 1 × 0.123456789 per million.
    expect(rows.map((row) => [row['priced_model'], row['cost'] === null ? null : canonical(row['cost'])])).toEqual([
      [hostile, '0.000133456789'],
      [hostile, '0.000000123456789'],
    ]);
    expect(pricingSqlParts({ dialect: 'duckdb', table: 'usage', columns: COLUMNS, pricing }).scale).toBe(15);
    expect(await db.rows('SELECT one FROM keep_me')).toEqual([{ one: 1 }]);
    const postgres = pricingSql({ dialect: 'postgres', table: 'usage', columns: COLUMNS, pricing });
    expect(postgres).toContain(`E'x''); DROP TABLE keep_me; --\\\\'''`);
  });

  it('refuses names no engine can carry, and PostgreSQL names it would cut', () => {
    const base = { dialect: 'postgres', table: 'usage', columns: COLUMNS } as const;
    const code = (options: unknown): string | undefined => {
      try {
        pricingSql(options as PricingSqlOptions);
      } catch (error) {
        if (isLlmSpendError(error)) return `${error.code}: ${error.message}`;
        throw error;
      }
      return undefined;
    };
    expect(code({ ...base, table: 'a\u0000b' })).toMatch(/^INVALID_USAGE: table contains a NUL/);
    expect(code({ ...base, columns: { ...COLUMNS, at: 'x'.repeat(64) } })).toMatch(/^INVALID_USAGE: .*63-byte/);
    expect(code({ ...base, dialect: 'duckdb', columns: { ...COLUMNS, at: 'x'.repeat(64) } })).toBeUndefined();
    expect(code({ ...base, table: 'a.b.c.d' })).toMatch(/^INVALID_USAGE: table must be a name/);
    expect(code({ ...base, table: 'a..b' })).toMatch(/^INVALID_USAGE: table must be a non-empty string/);
    expect(code({ ...base, dialect: 'mysql' })).toMatch(/^INVALID_USAGE: dialect must be one of duckdb, postgres; got "mysql"/);
    expect(code({ ...base, columns: { at: 'at', model: 'model', outputTokens: 'o' } })).toMatch(/^INVALID_USAGE: columns.inputTokens must name a column .*required/);
    expect(code({ ...base, columns: { ...COLUMNS, inputToken: 'x' } })).toMatch(/^INVALID_USAGE: columns.inputToken is not a column role/);
    expect(code({ ...base, output: 'sum' })).toMatch(/^INVALID_USAGE: output must be/);
    expect(code({ ...base, priceTable: 'temp' })).toMatch(/^INVALID_USAGE: priceTable must be/);
    expect(code({ ...base, models: ['gpt-5.4-mnii'] })).toMatch(/^UNKNOWN_MODEL: Unknown model "gpt-5.4-mnii". Did you mean "gpt-5.4-mini"/);
    expect(code({ ...base, columns: { ...COLUMNS, tier: 'cost' } })).toMatch(/^INVALID_USAGE: The usage column "cost" has the name of a column the query adds/);
    expect(code({ ...base, columns: { ...COLUMNS, tier: 'cost' }, output: 'total' })).toBeUndefined();
    expect(code(null)).toMatch(/^INVALID_USAGE: pricingSql takes one object/);
  });
});

describe('pricingSql: options', () => {
  it('`models` restricts the price table: other models are unknown, aliases of the kept ones still resolve', async () => {
    await loadRows(db, 'usage', [
      { at: '2026-08-05 10:00:00', model: 'gpt-5.4-mini-2026-03-17', tier: null, counts: { inputTokens: 1000, outputTokens: 100 } },
      { at: '2026-08-05 10:00:00', model: 'gpt-5.4', tier: null, counts: { inputTokens: 1000, outputTokens: 100 } },
    ]);
    const parts = pricingSqlParts({ dialect: 'duckdb', table: 'usage', columns: COLUMNS, models: ['openai/gpt-5.4-mini', 'gpt-5.4-nano'] });
    expect(parts.models).toEqual(['gpt-5.4-mini', 'gpt-5.4-nano']);
    expect(parts.query.length).toBeLessThan(pricingSqlParts({ dialect: 'duckdb', table: 'usage', columns: COLUMNS }).query.length / 10);
    const rows = await pricedRows(db, { models: ['openai/gpt-5.4-mini', 'gpt-5.4-nano'] });
    expect(rows.map((row) => [row['priced_model'], row['cost'] === null ? null : canonical(row['cost']), row['reason']])).toEqual([
      ['gpt-5.4-mini', '0.0012', null],
      [null, null, 'unknown-model'],
    ]);
  });

  it('`create` writes three reusable tables, then the query reads them: the same rows as `values`', async () => {
    await loadRows(db, 'usage', fc.sample(ROW, { seed: fcOptions.seed, numRuns: 300 }));
    const values = await pricedRows(db);
    const sql = pricingSql({ dialect: 'duckdb', table: 'usage', columns: COLUMNS, keepColumns: ['id'], priceTable: 'create', priceTableName: 'main.my_prices' });
    await db.rows(sql.slice(0, sql.indexOf('-- llm-spend: usage priced')));
    const tables = await db.rows("SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'my_prices%' ORDER BY 1");
    expect(tables.map((row) => row['table_name'])).toEqual(['my_prices', 'my_prices_models', 'my_prices_names']);
    const created = await db.rows(`SELECT * FROM (${subquery(pricingSqlParts({ dialect: 'duckdb', table: 'usage', columns: COLUMNS, keepColumns: ['id'], priceTable: 'create', priceTableName: 'main.my_prices' }).query)}) ORDER BY id`);
    expect(created).toEqual(values);
    expect(Object.keys(created[0] ?? {})).toEqual(['at', 'model', 'tier', ...COUNT_FIELDS.map(([column]) => column), 'id', ...PRICING_SQL_ROW_COLUMNS]);
  });

  it('a TIMESTAMPTZ column is read at its UTC instant whatever the session time zone', async () => {
    await db.rows(`CREATE OR REPLACE TABLE usage_tz (ts TIMESTAMPTZ, model VARCHAR, i BIGINT, o BIGINT)`);
    // 2026-08-20 23:30 in New York is 2026-08-21 03:30 UTC: gpt-5.6-sol's new price, deepseek's peak window (01:00–04:00 UTC).
    await db.rows(`INSERT INTO usage_tz VALUES ('2026-08-21 03:30:00+00', 'gpt-5.6-sol', 1000, 200), ('2026-08-21 03:30:00+00', 'deepseek-v4-flash', 1000, 200)`);
    await db.rows(`SET TimeZone = 'America/New_York'`);
    try {
      const sql = pricingSql({ dialect: 'duckdb', table: 'usage_tz', output: 'by-model-day', columns: { at: 'ts', model: 'model', inputTokens: 'i', outputTokens: 'o' } });
      const rows = await db.rows(`SELECT CAST("day" AS VARCHAR) AS day, model, CAST(cost AS VARCHAR) AS cost FROM (${subquery(sql)}) ORDER BY model`);
      expect(rows.map((row) => [row['day'], row['model'], canonical(row['cost'])])).toEqual([
        ['2026-08-21', 'deepseek-v4-flash', '0.000704'],
        ['2026-08-21', 'gpt-5.6-sol', '0.008'],
      ]);
    } finally {
      await db.rows(`SET TimeZone = 'UTC'`);
    }
  });

  it('says the decimal scale of its rates in the SQL and in the parts', () => {
    const parts = pricingSqlParts({ dialect: 'postgres', table: 'usage', columns: COLUMNS, priceTable: 'create' });
    expect(parts.scale).toBe(12);
    expect(parts.query).toContain('Rates are DECIMAL(38, 12) USD per token');
    expect(parts.setup).toMatch(/^BEGIN;\nDROP TABLE IF EXISTS "llm_spend_prices";\nCREATE TABLE "llm_spend_prices" \(/);
    expect(parts.setup).toContain('input_rate DECIMAL(38, 12)');
    // Exact per-token rates: 0.075 per million is 0.000000075 per token.
    expect(shiftDecimal('0.075', 6)).toBe('0.000000075');
    expect(shiftDecimal('10', 3)).toBe('0.01');
    expect(shiftDecimal('2500', 3)).toBe('2.5');
    expect(shiftDecimal('0', 6)).toBe('0');
    expect(shiftDecimal('1234567', 6)).toBe('1.234567');
  });
});
