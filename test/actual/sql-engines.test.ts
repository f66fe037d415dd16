// pricingSql for real, on 1,000,000 generated usage rows across price changes (gpt-5.6-sol on
// 2026-08-21, deepseek-v4-flash on 2026-08-17 with off-peak hours, claude-sonnet-4-5 on 2026-04-30,
// gpt-5.4-mini/nano before their first price), with aliases, tiers, cache writes, audio, web
// searches, long-context rows on both sides of the threshold, unknown models and invalid usage:
// the SQL totals (overall and per model and UTC day) in DuckDB (in-process) and PostgreSQL (a
// server started here from Debian's binaries) equal priceRecord's summed exactly and an
// independent BigInt oracle's, to the last digit; the rows without a price equal the in-process
// problems, reason by reason. Without PostgreSQL's binaries its part is skipped loudly, except in
// CI (CI=true), where that is a failure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pricingSql, pricingSqlParts, type PricingSqlOutput, type PricingSqlOptions } from '../../src/actual/sql.js';
import { createPricingTable } from '../../src/pricing/table.js';
import { attoToUsd, usdToAtto } from '../oracle.js';
import { FC_SEED } from '../seed.js';
import { openDuckDb, subquery, type DuckDb } from './helpers/duckdb.js';
import { inCI, postgresAvailable, postgresMissingMessage, PostgresServer } from './helpers/postgres.js';
import { CSV_COLUMNS, CSV_TYPES, SQL_COLUMNS, writeUsageCsv, type DayTotals, type Expected } from './helpers/sql-usage.js';

const ROWS = 1_000_000;

let dir: string;
let csv: string;
let expected: Expected;
const timings: string[] = [];

function timed<T>(what: string, started: number, value: T): T {
  timings.push(`${what}: ${((performance.now() - started) / 1000).toFixed(2)} s`);
  return value;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'llm-spend-sql-'));
  csv = join(dir, 'usage.csv');
  expected = writeUsageCsv(csv, ROWS, FC_SEED);
  const { totalMs, priceRecordMs, oracleMs } = expected.timings;
  timings.push(`generate ${ROWS.toLocaleString('en-US')} rows, write the CSV, price in-process: ${(totalMs / 1000).toFixed(2)} s (priceRecord ${(priceRecordMs / 1000).toFixed(2)} s, oracle ${(oracleMs / 1000).toFixed(2)} s)`);
});

afterAll(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  console.info(`SQL pricing on ${ROWS.toLocaleString('en-US')} rows (FC_SEED=${FC_SEED}):\n  ${timings.join('\n  ')}`);
});

/** Expected per model-day totals as sorted rows: [day|model, USD (NULL when nothing was priced), priced, unpriced]. */
function dayRows(map: ReadonlyMap<string, DayTotals>): Array<[string, string, number, number]> {
  return [...map.entries()].map(([key, totals]): [string, string, number, number] => [key, totals.priced === 0 ? 'NULL' : attoToUsd(totals.atto), totals.priced, totals.unpriced]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function problemRows(map: ReadonlyMap<string, number>): Array<[string, number]> {
  return [...map.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** A DECIMAL text from an engine as a canonical USD string (via 10^-18 units). */
function usd(text: string | null | undefined): string {
  if (text === null || text === undefined) return 'NULL';
  return attoToUsd(usdToAtto(text));
}

describe('the in-process references', () => {
  it('priceRecord summed exactly and the BigInt oracle agree on the total, every model-day and every problem', () => {
    expect(expected.rows).toBe(ROWS);
    expect(expected.inProcess.atto).toBe(expected.oracle.atto);
    expect(expected.inProcess.priced).toBe(expected.oracle.priced);
    expect(problemRows(expected.inProcess.problems)).toEqual(problemRows(expected.oracle.problems));
    expect(dayRows(expected.inProcess.byModelDay)).toEqual(dayRows(expected.oracle.byModelDay));
    // The log exercises what it should: every kind of problem, and most rows priced.
    expect([...expected.inProcess.problems.keys()].sort()).toEqual(['context-exceeded', 'invalid-usage', 'no-price-at-date', 'tier-unavailable', 'unknown-model']);
    expect(expected.inProcess.priced).toBeGreaterThan(ROWS * 0.8);
  });
});

/** What one engine returns for the three outputs, in the tests' shape. */
interface EngineResults {
  total: { rows: number; priced: number; unpriced: number; usd: string };
  byModelDay: Array<[string, string, number, number]>;
  reasons: Array<[string, number]>;
}

function checkEngine(results: () => EngineResults): void {
  it('the SQL total equals priceRecord summed exactly and the BigInt oracle, to the last digit', () => {
    const { total } = results();
    expect(total.usd).toBe(attoToUsd(expected.inProcess.atto));
    expect(total.usd).toBe(attoToUsd(expected.oracle.atto));
    expect(total).toEqual({ rows: ROWS, priced: expected.inProcess.priced, unpriced: ROWS - expected.inProcess.priced, usd: attoToUsd(expected.oracle.atto) });
  });

  it('every model and UTC day: the same cost, priced rows and unpriced rows', () => {
    const rows = results().byModelDay;
    expect(rows).toEqual(dayRows(expected.inProcess.byModelDay));
    expect(rows.length).toBeGreaterThan(100);
  });

  it('the rows without a price are the in-process problems, reason by reason (a NULL cost, never 0)', () => {
    expect(results().reasons).toEqual(problemRows(expected.inProcess.problems));
  });
}

function byModelDayRows(rows: ReadonlyArray<ReadonlyArray<string | null>>): Array<[string, string, number, number]> {
  return rows
    .map(([day, model, priced, unpriced, cost]): [string, string, number, number] => [`${day ?? ''}|${model ?? ''}`, usd(cost), Number(priced), Number(unpriced)])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** The engine-side shapes of each output, as tab-free plain columns. */
const WRAP: Record<PricingSqlOutput, (query: string) => string> = {
  total: (query) => `SELECT row_count, priced_rows, unpriced_rows, CAST(cost AS VARCHAR) AS cost FROM (${subquery(query)}) AS t`,
  'by-model-day': (query) => `SELECT CAST("day" AS VARCHAR) AS day, model, priced_rows, unpriced_rows, CAST(cost AS VARCHAR) AS cost FROM (${subquery(query)}) AS t`,
  rows: (query) => `SELECT reason, COUNT(*) AS n, COUNT(cost) AS with_cost FROM (${subquery(query)}) AS t WHERE reason IS NOT NULL GROUP BY reason`,
};

describe(`DuckDB (in-process, @duckdb/node-api): ${ROWS.toLocaleString('en-US')} rows`, () => {
  let db: DuckDb;
  const results: EngineResults = { total: { rows: 0, priced: 0, unpriced: 0, usd: '' }, byModelDay: [], reasons: [] };
  const options = (output: PricingSqlOutput, extra: Partial<PricingSqlOptions> = {}): PricingSqlOptions => ({ dialect: 'duckdb', table: 'usage', columns: SQL_COLUMNS, output, ...extra });

  beforeAll(async () => {
    db = await openDuckDb();
    let started = performance.now();
    const types = CSV_COLUMNS.map((column) => `'${column}': '${CSV_TYPES[column]}'`).join(', ');
    await db.rows(`CREATE TABLE usage AS SELECT * FROM read_csv('${csv.replace(/'/g, "''")}', header = true, columns = {${types}})`);
    timed('DuckDB read_csv', started, undefined);
    started = performance.now();
    const [total] = await db.rows(WRAP.total(pricingSql(options('total'))));
    timed('DuckDB total (VALUES)', started, undefined);
    results.total = { rows: Number(total?.['row_count']), priced: Number(total?.['priced_rows']), unpriced: Number(total?.['unpriced_rows']), usd: usd(total?.['cost'] as string) };
    started = performance.now();
    const days = await db.rows(WRAP['by-model-day'](pricingSql(options('by-model-day'))));
    timed('DuckDB by-model-day (VALUES)', started, undefined);
    results.byModelDay = byModelDayRows(days.map((row) => [row['day'], row['model'], row['priced_rows'], row['unpriced_rows'], row['cost']] as Array<string | null>));
    started = performance.now();
    const reasons = await db.rows(WRAP.rows(pricingSql(options('rows'))));
    timed('DuckDB rows, grouped by reason (VALUES)', started, undefined);
    results.reasons = reasons
      .map((row): [string, number] => {
        expect(row['with_cost']).toBe('0');
        return [String(row['reason']), Number(row['n'])];
      })
      .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  });

  afterAll(() => {
    db?.close();
  });

  checkEngine(() => results);

  it('`create` mode (tables written once, then the query) gives the same total', async () => {
    const started = performance.now();
    const parts = pricingSqlParts(options('total', { priceTable: 'create' }));
    await db.rows(parts.setup);
    const [total] = await db.rows(WRAP.total(parts.query));
    timed('DuckDB total (create tables + query)', started, undefined);
    expect(usd(total?.['cost'] as string)).toBe(attoToUsd(expected.oracle.atto));
  });
});

describe(`PostgreSQL 15 (started by this test, psql): ${ROWS.toLocaleString('en-US')} rows`, () => {
  if (!postgresAvailable) {
    if (inCI) {
      it('PostgreSQL is installed (required in CI)', () => {
        throw new Error(postgresMissingMessage());
      });
    } else {
      console.warn(postgresMissingMessage());
      it.skip('PostgreSQL SQL-pricing tests (PostgreSQL missing)', () => undefined);
    }
    return;
  }

  let server: PostgresServer;
  const results: EngineResults = { total: { rows: 0, priced: 0, unpriced: 0, usd: '' }, byModelDay: [], reasons: [] };
  const options = (output: PricingSqlOutput, extra: Partial<PricingSqlOptions> = {}): PricingSqlOptions => ({ dialect: 'postgres', table: 'usage', columns: SQL_COLUMNS, output, ...extra });
  const wrap = (text: string): string => `${text.replace(/AS VARCHAR\)/g, 'AS TEXT)')};`;

  beforeAll(async () => {
    let started = performance.now();
    server = await PostgresServer.start();
    timed('PostgreSQL initdb + start', started, undefined);
    started = performance.now();
    const columns = CSV_COLUMNS.map((column) => `${column} ${CSV_TYPES[column] === 'VARCHAR' ? 'TEXT' : CSV_TYPES[column]}`).join(', ');
    await server.psql(`CREATE TABLE usage (${columns});\n\\copy usage FROM '${csv.replace(/'/g, "''")}' WITH (FORMAT csv, HEADER true)\nANALYZE usage;\n`);
    timed('PostgreSQL \\copy', started, undefined);
    started = performance.now();
    const [total] = await server.rows(wrap(WRAP.total(pricingSql(options('total')))));
    timed('PostgreSQL total (VALUES)', started, undefined);
    results.total = { rows: Number(total?.[0]), priced: Number(total?.[1]), unpriced: Number(total?.[2]), usd: usd(total?.[3]) };
    // By model and day through `create` mode: the tables are written once, then the query reads them.
    started = performance.now();
    const parts = pricingSqlParts(options('by-model-day', { priceTable: 'create' }));
    await server.psql(parts.setup);
    results.byModelDay = byModelDayRows(await server.rows(wrap(WRAP['by-model-day'](parts.query))));
    timed('PostgreSQL by-model-day (create tables + query)', started, undefined);
    started = performance.now();
    const reasons = await server.rows(wrap(WRAP.rows(pricingSql(options('rows')))));
    timed('PostgreSQL rows, grouped by reason (VALUES)', started, undefined);
    results.reasons = reasons
      .map(([reason, count, withCost]): [string, number] => {
        expect(withCost).toBe('0');
        return [String(reason), Number(count)];
      })
      .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  });

  afterAll(async () => {
    await server?.stop();
  });

  checkEngine(() => results);

  it('TIMESTAMPTZ in another session time zone, and hostile names under standard_conforming_strings = off', async () => {
    const hostile = "x'); DROP TABLE keep_me; --\\'";
    const pricing = createPricingTable({
      version: 1,
      checkedAt: '2026-11-01',
      models: [
        {
          id: hostile,
          provider: 'acme',
          modalities: { input: ['text'], output: ['text'] },
          reasoning: false,
          prices: [{ standard: { inputPerMillion: '0.123456789', outputPerMillion: '1' }, sources: [{ url: 'contract', checkedAt: '2026-11-01' }] }],
        },
      ],
    });
    const escaped = hostile.replace(/\\/g, '\\\\').replace(/'/g, "''");
    const table = 'we"ird; DROP TABLE keep_me; --';
    const setup = [
      'SET TimeZone = \'America/New_York\';',
      'CREATE TABLE keep_me AS SELECT 1 AS one;',
      `CREATE TABLE "${table.replace(/"/g, '""')}" (ts TIMESTAMPTZ, "mo""del" TEXT, i BIGINT, o BIGINT);`,
      // 2026-08-21 03:30 UTC (23:30 the day before in New York): gpt-5.6-sol's new price; deepseek's peak hours.
      `INSERT INTO "${table.replace(/"/g, '""')}" VALUES ('2026-08-21 03:30:00+00', 'gpt-5.6-sol', 1000, 200), ('2026-08-21 03:30:00+00', 'deepseek-v4-flash', 1000, 200), ('2026-08-21 03:30:00+00', E'${escaped}', 1000, 10);`,
    ].join('\n');
    const byDay = (extra: Partial<PricingSqlOptions>): string =>
      `SELECT CAST("day" AS TEXT), model, CAST(cost AS TEXT) FROM (${subquery(pricingSql({ dialect: 'postgres', table, output: 'by-model-day', columns: { at: 'ts', model: 'mo"del', inputTokens: 'i', outputTokens: 'o' }, ...extra }))}) AS t ORDER BY 2;`;
    const rows = await server.rows(`${setup}\n${byDay({})}\nSET standard_conforming_strings = off;\n${byDay({ pricing })}\nSELECT one FROM keep_me;`);
    expect(rows.map((row) => [row[0], row[1], row[2] === null || row[2] === undefined ? null : usd(row[2])])).toEqual([
      ['2026-08-21', 'deepseek-v4-flash', '0.000704'],
      ['2026-08-21', 'gpt-5.6-sol', '0.008'],
      ['2026-08-21', hostile, null],
      // The custom table alone: the two bundled models are unknown there, the hostile id is priced.
      ['2026-08-21', 'deepseek-v4-flash', null],
      ['2026-08-21', 'gpt-5.6-sol', null],
      ['2026-08-21', hostile, '0.000133456789'],
      ['1', undefined, null],
    ]);
  });
});
