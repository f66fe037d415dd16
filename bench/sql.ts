// The warehouse path: pricingSql's query in DuckDB (in-process, @duckdb/node-api) over 10^7
// generated usage rows (10^5 with --quick), generated inside DuckDB with range() and hash() so
// that generation costs little. Reports the time of the pricing query per output kind and rows
// per second, and checks the SQL total of the first 100,000 rows against priceRecord in-process.
//
// Standalone: `npx tsx bench/sql.ts [--quick]` (markdown on stdout, progress on stderr);
// `runSqlBench` for bench/index.ts.
import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { priceRecord } from '../src/actual/price.js';
import type { UsageRecord } from '../src/actual/record.js';
import { pricingSql, pricingSqlParts, type PricingSqlColumns, type PricingSqlOutput } from '../src/actual/sql.js';
import type { ServiceTier } from '../src/pricing/schema.js';
import { sumUsd } from '../src/money/index.js';

export interface SqlBenchOptions {
  /** 10^5 rows and one round instead of 10^7 and three (CI sanity run). */
  readonly quick: boolean;
  readonly log?: (line: string) => void;
}

export interface SqlBenchRow {
  readonly output: PricingSqlOutput;
  readonly rows: number;
  /** Median seconds of the query. */
  readonly seconds: number;
  readonly rowsPerSecond: number;
}

export interface SqlBenchResult {
  readonly markdown: string;
  readonly rows: readonly SqlBenchRow[];
  /** The SQL total of the checked rows equals priceRecord's, to the last digit. */
  readonly checked: boolean;
}

const MODELS = ['gpt-5.6-sol', 'gpt-5.4-mini', 'gpt-5.4-mini-2026-03-17', 'gpt-5.4-nano', 'claude-sonnet-4-5', 'gpt-5.4', 'deepseek-v4-flash', 'gemini-2.5-flash', 'no-such-model'];
const TIERS = ['batch', 'flex', 'priority'];
const CHECKED_ROWS = 100_000;

const COLUMNS: PricingSqlColumns = {
  at: 'at',
  model: 'model',
  tier: 'tier',
  inputTokens: 'input_tokens',
  cachedInputTokens: 'cached_input_tokens',
  cacheWriteTokens: 'cache_write_tokens',
  outputTokens: 'output_tokens',
  reasoningTokens: 'reasoning_tokens',
  webSearchCalls: 'web_search_calls',
};

/** The usage table: 2026-08 (across the gpt-5.6-sol and deepseek-v4-flash price changes), a model mix, tiers, long context. */
function generateSql(rows: number): string {
  const list = (values: readonly string[]): string => `[${values.map((value) => `'${value}'`).join(', ')}]`;
  return `CREATE OR REPLACE TABLE usage AS
SELECT
  id,
  TIMESTAMP '2026-08-01 00:00:00' + to_seconds(CAST(hash(id, 1) % ${31 * 86_400} AS BIGINT)) AS at,
  ${list(MODELS)}[1 + CAST(hash(id, 2) % ${MODELS.length} AS INTEGER)] AS model,
  CASE WHEN hash(id, 3) % 10 < 8 THEN NULL ELSE ${list(TIERS)}[1 + CAST(hash(id, 4) % ${TIERS.length} AS INTEGER)] END AS tier,
  input_tokens,
  CAST(hash(id, 6) % (input_tokens / 2 + 1) AS BIGINT) AS cached_input_tokens,
  CASE WHEN hash(id, 7) % 4 = 0 THEN CAST(hash(id, 8) % (input_tokens / 4 + 1) AS BIGINT) ELSE 0 END AS cache_write_tokens,
  output_tokens,
  CAST(hash(id, 10) % (output_tokens + 1) AS BIGINT) AS reasoning_tokens,
  CASE WHEN hash(id, 11) % 50 = 0 THEN 1 ELSE 0 END AS web_search_calls
FROM (
  SELECT
    range AS id,
    CAST(CASE WHEN hash(range, 5) % 20 = 0 THEN 200000 + hash(range, 12) % 200000 ELSE 20 + hash(range, 13) % 60000 END AS BIGINT) AS input_tokens,
    CAST(1 + hash(range, 9) % 8000 AS BIGINT) AS output_tokens
  FROM range(${rows})
)`;
}

function format(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function time(connection: DuckDBConnection, sql: string): Promise<number> {
  const started = performance.now();
  await connection.run(sql);
  return (performance.now() - started) / 1000;
}

/** The SQL total of the first rows against priceRecord, row by row, summed exactly. */
async function check(connection: DuckDBConnection, rows: number): Promise<{ sql: string; inProcess: string; equal: boolean }> {
  await connection.run(`CREATE OR REPLACE VIEW checked AS SELECT * FROM usage WHERE id < ${rows}`);
  const total = await connection.runAndReadAll(`SELECT CAST(cost AS VARCHAR) AS cost FROM (${pricingSql({ dialect: 'duckdb', table: 'checked', columns: COLUMNS, output: 'total' }).replace(/;\s*$/, '')})`);
  const sqlTotal = String(total.getRowObjectsJson()[0]?.['cost'] ?? '');
  const reader = await connection.runAndReadAll(
    'SELECT id, CAST(epoch_ms("at") AS DOUBLE) AS ms, model, tier, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, web_search_calls FROM checked ORDER BY id',
  );
  const costs: string[] = [];
  for (const row of reader.getRowObjectsJS()) {
    const record: UsageRecord = {
      at: new Date(Number(row['ms'])).toISOString(),
      model: String(row['model']),
      ...(row['tier'] === null ? {} : { tier: String(row['tier']) as ServiceTier }),
      usage: {
        inputTokens: Number(row['input_tokens']),
        cachedInputTokens: Number(row['cached_input_tokens']),
        cacheWriteTokens: Number(row['cache_write_tokens']),
        outputTokens: Number(row['output_tokens']),
        reasoningTokens: Number(row['reasoning_tokens']),
        webSearchCalls: Number(row['web_search_calls']),
      },
      calls: 1,
      aggregate: false,
      tags: {},
      origin: { line: Number(row['id']) + 1, format: 'llm-spend-csv' },
    };
    const priced = priceRecord(record);
    if (priced.ok) costs.push(priced.cost.total);
  }
  const inProcess = sumUsd(costs);
  return { sql: sqlTotal, inProcess, equal: sumUsd([sqlTotal]) === inProcess };
}

/** Runs the benchmark: generation, then each output kind timed (median of the rounds). */
export async function runSqlBench(options: SqlBenchOptions): Promise<SqlBenchResult> {
  const log = options.log ?? ((): void => undefined);
  const rows = options.quick ? 100_000 : 10_000_000;
  const rounds = options.quick ? 1 : 3;
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const threads = String((await connection.runAndReadAll("SELECT current_setting('threads') AS threads")).getRowObjectsJson()[0]?.['threads'] ?? '?');
    log(`sql bench: generating ${format(rows)} rows in DuckDB`);
    const generateSeconds = await time(connection, generateSql(rows));
    const results: SqlBenchRow[] = [];
    for (const output of ['total', 'by-model-day', 'rows'] as const) {
      const query = pricingSql({ dialect: 'duckdb', table: 'usage', columns: COLUMNS, output }).replace(/;\s*$/, '');
      // `rows` is consumed inside DuckDB (a count and a sum over every priced row), not shipped to JavaScript.
      const sql = output === 'rows' ? `SELECT count(reason), sum(cost) FROM (${query})` : query;
      const samples: number[] = [];
      for (let round = 0; round < rounds; round += 1) {
        const seconds = await time(connection, sql);
        samples.push(seconds);
        log(`sql bench round ${round + 1}/${rounds}: ${output}: ${seconds.toFixed(2)} s`);
      }
      const seconds = median(samples);
      results.push({ output, rows, seconds, rowsPerSecond: rows / seconds });
    }
    const checkedRows = Math.min(rows, CHECKED_ROWS);
    log(`sql bench: checking the first ${format(checkedRows)} rows against priceRecord`);
    const checked = await check(connection, checkedRows);
    const parts = pricingSqlParts({ dialect: 'duckdb', table: 'usage', columns: COLUMNS, output: 'total' });
    const markdown = [
      '## Warehouse: pricing SQL in DuckDB',
      '',
      `\`pricingSql({ dialect: 'duckdb' })\` over ${format(rows)} generated usage rows (August 2026, across the gpt-5.6-sol and deepseek-v4-flash price changes; ${MODELS.length} model names, one unknown; 20% batch/flex/priority; 5% long-context inputs), the price table as \`VALUES\` for the whole bundled catalog (${parts.models.length} models, rates DECIMAL(38, ${parts.scale})). DuckDB ${threads} thread(s) on ${cpus().length} core(s), in-process through @duckdb/node-api; generation inside DuckDB with range() took ${generateSeconds.toFixed(2)} s. Median of ${rounds} round(s). Run: \`npx tsx bench/sql.ts\` (Node ${process.version}).`,
      '',
      '| output | rows | seconds | rows per second |',
      '| --- | ---: | ---: | ---: |',
      ...results.map((row) => `| ${row.output} | ${format(row.rows)} | ${row.seconds.toFixed(2)} | ${format(row.rowsPerSecond)} |`),
      '',
      `- Check: the SQL total of the first ${format(checkedRows)} rows is ${checked.sql} USD; priceRecord in-process, summed exactly: ${checked.inProcess} USD (${checked.equal ? 'equal to the last digit' : 'DIFFERENT'}).`,
      '- `rows` is consumed inside DuckDB (`count(reason)`, `sum(cost)` over the per-row output), so no row is shipped to JavaScript.',
      '',
    ].join('\n');
    return { markdown, rows: results, checked: checked.equal };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--quick');
  if (unknown.length > 0) {
    process.stderr.write(`Unknown argument(s): ${unknown.join(' ')}\nUsage: npx tsx bench/sql.ts [--quick]\n`);
    process.exit(2);
  }
  const result = await runSqlBench({ quick: args.includes('--quick'), log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`${result.markdown}\n`);
  if (!result.checked) process.exitCode = 1;
}
