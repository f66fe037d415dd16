// Pricing in the warehouse: SQL text that prices a usage table inside DuckDB or PostgreSQL with
// the same results as priceRecord, row by row and to the last digit (DECIMAL arithmetic,
// effective-dated prices, long-context thresholds per row, tiers, off-peak hours, web search
// fees). The text is built here; nothing is executed.
import { LlmSpendError, showValue } from '../errors.js';
import { MAX_MODEL_ID_LENGTH } from '../limits.js';
import { createPricingTable, defaultPricing, getModel, indexOf, type ModelId, type PricingTable } from '../pricing/table.js';
import type { ModelEntry } from '../pricing/schema.js';
import { MAX_MS, MIN_MS, priceRows, type PriceRows } from './sql/price-rows.js';
import { quoteIdentifier, quoteQualified, quoteString, SQL_DIALECTS, type SqlDialect } from './sql/quote.js';

export { SQL_DIALECTS, type SqlDialect } from './sql/quote.js';

/**
 * The columns of the user's usage table, by role. Every count follows the canonical usage
 * convention (parts are "of which" counts of their whole). Optional columns that are absent, and
 * NULL values in them, count as 0; a NULL `tier` is `standard`.
 */
export interface PricingSqlColumns {
  /** When the call was made: a TIMESTAMP (read as UTC) or TIMESTAMPTZ column. */
  readonly at: string;
  /** The model as logged (an id, an alias, a dated snapshot, a provider-prefixed name). */
  readonly model: string;
  /** The service tier (`standard`, `batch`, `flex`, `priority`, `regional`); NULL = standard. */
  readonly tier?: string | undefined;
  /** All input tokens, cached reads and cache writes included. */
  readonly inputTokens: string;
  /** Of which read from cache. */
  readonly cachedInputTokens?: string | undefined;
  /** Of which written to cache at the 5-minute price. */
  readonly cacheWriteTokens?: string | undefined;
  /** Of which written to cache at the 1-hour price. */
  readonly cacheWrite1hTokens?: string | undefined;
  /** All output tokens, reasoning included. */
  readonly outputTokens: string;
  /** Of which hidden reasoning (reported apart, never added again). */
  readonly reasoningTokens?: string | undefined;
  /** Of which (uncached input) audio, billed at audio rates. */
  readonly audioInputTokens?: string | undefined;
  /** Of which (cached input) audio, billed at cached audio rates. */
  readonly cachedAudioInputTokens?: string | undefined;
  /** Of which (uncached input) images, billed as input and reported apart. */
  readonly imageInputTokens?: string | undefined;
  /** Web searches billed per call. */
  readonly webSearchCalls?: string | undefined;
}

/** What the query returns: every row priced, one grand total, or totals per model and UTC day. */
export type PricingSqlOutput = 'rows' | 'total' | 'by-model-day';

/** Options of {@link pricingSql}. */
export interface PricingSqlOptions {
  /** The engine: `duckdb` or `postgres`. */
  readonly dialect: SqlDialect;
  /** The usage table: `"usage"`, `"analytics.usage"`, or an array of parts for names that contain a dot. */
  readonly table: string | readonly string[];
  /** The table's column names by role. */
  readonly columns: PricingSqlColumns;
  /** More columns of the usage table to carry into `rows` output unchanged (a request id, tags). */
  readonly keepColumns?: readonly string[] | undefined;
  /** Restrict the price table to these models (ids or aliases); rows of any other model are `unknown-model`. @defaultValue every model of the table */
  readonly models?: readonly ModelId[] | undefined;
  /** The table to price from. @defaultValue the bundled catalog */
  readonly pricing?: PricingTable | undefined;
  /**
   * `values`: the prices as CTEs with `VALUES` (one self-contained query); `create`: a script that
   * (re)creates three tables (`priceTableName`, `…_names`, `…_models`) and fills them, then the query reading them.
   * @defaultValue "values"
   */
  readonly priceTable?: 'values' | 'create' | undefined;
  /** The prices table's name in `create` mode (the names and models tables add `_names` and `_models`). @defaultValue "llm_spend_prices" */
  readonly priceTableName?: string | readonly string[] | undefined;
  /** @defaultValue "rows" */
  readonly output?: PricingSqlOutput | undefined;
}

/** The parts of the generated SQL, for callers that run the setup once and the query often. */
export interface PricingSqlParts {
  /** `create` mode: the script creating and filling the price tables; `values` mode: empty. */
  readonly setup: string;
  /** The query. */
  readonly query: string;
  /** Decimal places of the per-token rates, DECIMAL(38, scale): the most any price of the table needs (12 for the bundled catalog). */
  readonly scale: number;
  /** The models the price table holds (table ids). */
  readonly models: readonly string[];
}

/**
 * The columns `rows` output adds after the usage columns.
 *
 * @example
 * ```ts
 * import { PRICING_SQL_ROW_COLUMNS } from 'llm-spend/actual';
 * PRICING_SQL_ROW_COLUMNS.includes('cost'); // true
 * ```
 */
export const PRICING_SQL_ROW_COLUMNS = [
  'priced_model',
  'priced_tier',
  'long_context',
  'price_window',
  'input_cost',
  'cached_input_cost',
  'cache_write_cost',
  'cache_write_1h_cost',
  'output_cost',
  'reasoning_cost',
  'images_cost',
  'fees_cost',
  'cost',
  'reason',
] as const;

const COUNT_ROLES = [
  ['inputTokens', true],
  ['cachedInputTokens', false],
  ['cacheWriteTokens', false],
  ['cacheWrite1hTokens', false],
  ['outputTokens', true],
  ['reasoningTokens', false],
  ['audioInputTokens', false],
  ['cachedAudioInputTokens', false],
  ['imageInputTokens', false],
  ['webSearchCalls', false],
] as const;

type CountRole = (typeof COUNT_ROLES)[number][0];

const COUNT_ALIAS: Record<CountRole, string> = {
  inputTokens: 'ls_n_input',
  cachedInputTokens: 'ls_n_cached',
  cacheWriteTokens: 'ls_n_write',
  cacheWrite1hTokens: 'ls_n_write1h',
  outputTokens: 'ls_n_output',
  reasoningTokens: 'ls_n_reasoning',
  audioInputTokens: 'ls_n_audio',
  cachedAudioInputTokens: 'ls_n_cached_audio',
  imageInputTokens: 'ls_n_images',
  webSearchCalls: 'ls_n_searches',
};

/** Largest safe integer: counts above it are invalid usage, as in estimateCost. */
const MAX_SAFE_COUNT = '9007199254740991';

function invalid(message: string, path: string, value?: unknown): LlmSpendError {
  return new LlmSpendError('INVALID_USAGE', message, value === undefined ? { path } : { path, value: showValue(value) });
}

function restrictTable(pricing: PricingTable, models: readonly ModelId[] | undefined): PricingTable {
  if (models === undefined) return pricing;
  if (!Array.isArray(models)) throw invalid(`models must be a list of model ids such as ["gpt-5.4-mini"]; got ${showValue(models)}.`, 'models', models);
  const chosen = new Set<ModelEntry>(models.map((model) => getModel(model, { pricing })));
  return createPricingTable({ version: 1, checkedAt: pricing.checkedAt, models: pricing.models.filter((entry) => chosen.has(entry)) });
}

function lit(value: string | null, dialect: SqlDialect): string {
  return value === null ? 'NULL' : quoteString(value, dialect);
}

function integer(value: number | null): string {
  if (value === null || value === Number.POSITIVE_INFINITY) return value === null ? 'NULL' : MAX_MS;
  if (value === Number.NEGATIVE_INFINITY) return MIN_MS;
  return String(value);
}

const PRICE_COLUMNS = [
  'model_id',
  'period',
  'effective_from',
  'effective_until',
  'from_ms',
  'until_ms',
  'tier',
  'minute_from',
  'minute_until',
  'price_window',
  'input_from',
  'input_until',
  'long_context',
  'offered',
  'input_rate',
  'cached_input_rate',
  'cache_write_rate',
  'cache_write_1h_rate',
  'output_rate',
  'audio_input_rate',
  'cached_audio_input_rate',
  'web_search_rate',
] as const;

const RATE_COLUMNS = PRICE_COLUMNS.slice(14);

function priceColumnTypes(dialect: SqlDialect, scale: number): Record<(typeof PRICE_COLUMNS)[number], string> {
  const text = dialect === 'duckdb' ? 'VARCHAR' : 'TEXT';
  const decimal = `DECIMAL(38, ${scale})`;
  return {
    model_id: text,
    period: 'INTEGER',
    effective_from: text,
    effective_until: text,
    from_ms: 'BIGINT',
    until_ms: 'BIGINT',
    tier: text,
    minute_from: 'INTEGER',
    minute_until: 'INTEGER',
    price_window: text,
    input_from: 'BIGINT',
    input_until: 'BIGINT',
    long_context: 'BOOLEAN',
    offered: 'BOOLEAN',
    input_rate: decimal,
    cached_input_rate: decimal,
    cache_write_rate: decimal,
    cache_write_1h_rate: decimal,
    output_rate: decimal,
    audio_input_rate: decimal,
    cached_audio_input_rate: decimal,
    web_search_rate: decimal,
  };
}

function priceValues(rows: PriceRows, dialect: SqlDialect): string[] {
  return rows.prices.map((row) => {
    const values = [
      lit(row.modelId, dialect),
      String(row.period),
      lit(row.effectiveFrom, dialect),
      lit(row.effectiveUntil, dialect),
      integer(row.fromMs),
      integer(row.untilMs),
      lit(row.tier, dialect),
      String(row.minuteFrom),
      String(row.minuteUntil),
      lit(row.priceWindow, dialect),
      String(row.inputFrom),
      row.inputUntil === null ? MAX_MS : String(row.inputUntil),
      row.longContext ? 'TRUE' : 'FALSE',
      row.offered ? 'TRUE' : 'FALSE',
      lit(row.rates.input, dialect),
      lit(row.rates.cachedInput, dialect),
      lit(row.rates.cacheWrite, dialect),
      lit(row.rates.cacheWrite1h, dialect),
      lit(row.rates.output, dialect),
      lit(row.rates.audioInput, dialect),
      lit(row.rates.cachedAudioInput, dialect),
      lit(row.rates.webSearch, dialect),
    ];
    return `(${values.join(', ')})`;
  });
}

function nameValues(rows: PriceRows, dialect: SqlDialect): string[] {
  return rows.names.map((row) => `(${lit(row.name, dialect)}, ${lit(row.match, dialect)}, ${lit(row.modelId, dialect)})`);
}

function modelValues(rows: PriceRows, dialect: SqlDialect): string[] {
  return rows.models.map(
    (row) => `(${[lit(row.modelId, dialect), lit(row.provider, dialect), lit(row.host, dialect), integer(row.maxInput), integer(row.contextWindow), integer(row.maxOutput)].join(', ')})`,
  );
}

const NAME_COLUMNS = ['name', 'match_kind', 'model_id'] as const;
const MODEL_COLUMNS = ['model_id', 'provider', 'host', 'max_input', 'context_window', 'max_output'] as const;

/** A VALUES list that stays valid when empty (a restricted table may hold no rows of a kind). */
function valuesOrEmpty(rows: string[], columns: readonly string[], types: readonly string[]): string {
  if (rows.length > 0) return `VALUES\n    ${rows.join(',\n    ')}`;
  return `SELECT ${columns.map((column, position) => `CAST(NULL AS ${types[position] ?? 'INTEGER'}) AS ${column}`).join(', ')} WHERE 1 = 0`;
}

/** The relation names the query reads the prices from, and the text defining them. */
interface PriceRelations {
  readonly setup: string;
  readonly ctes: string[];
  readonly prices: string;
  readonly names: string;
  readonly models: string;
}

function priceRelations(rows: PriceRows, dialect: SqlDialect, mode: 'values' | 'create', tableName: string | readonly string[]): PriceRelations {
  const types = priceColumnTypes(dialect, rows.scale);
  const text = dialect === 'duckdb' ? 'VARCHAR' : 'TEXT';
  const nameTypes = [text, text, text];
  const modelTypes = [text, text, text, 'BIGINT', 'BIGINT', 'BIGINT'];
  const priceTypes = PRICE_COLUMNS.map((column) => types[column]);
  const typed = (columns: readonly string[], columnTypes: readonly string[]): string =>
    columns.map((column, position) => `CAST(${column} AS ${columnTypes[position] ?? 'INTEGER'}) AS ${column}`).join(', ');
  if (mode === 'values') {
    const casts = PRICE_COLUMNS.map((column) => `CAST(${column} AS ${types[column]}) AS ${column}`).join(',\n    ');
    return {
      setup: '',
      ctes: [
        `ls_price_values(${PRICE_COLUMNS.join(', ')}) AS (\n  ${valuesOrEmpty(priceValues(rows, dialect), PRICE_COLUMNS, priceTypes)}\n)`,
        `ls_prices AS (\n  SELECT\n    ${casts}\n  FROM ls_price_values\n)`,
        `ls_name_values(${NAME_COLUMNS.join(', ')}) AS (\n  ${valuesOrEmpty(nameValues(rows, dialect), NAME_COLUMNS, nameTypes)}\n)`,
        `ls_names AS (\n  SELECT ${typed(NAME_COLUMNS, nameTypes)} FROM ls_name_values\n)`,
        `ls_model_values(${MODEL_COLUMNS.join(', ')}) AS (\n  ${valuesOrEmpty(modelValues(rows, dialect), MODEL_COLUMNS, modelTypes)}\n)`,
        // Typed here: a column that is NULL in every row (no model of a custom table has a context window) would otherwise be text in PostgreSQL.
        `ls_models AS (\n  SELECT ${typed(MODEL_COLUMNS, modelTypes)} FROM ls_model_values\n)`,
      ],
      prices: 'ls_prices',
      names: 'ls_names',
      models: 'ls_models',
    };
  }
  const parts = typeof tableName === 'string' ? tableName.split('.') : [...tableName];
  const last = parts[parts.length - 1];
  if (typeof last !== 'string') throw invalid(`priceTableName must be a name such as "llm_spend_prices"; got ${showValue(tableName)}.`, 'priceTableName', tableName);
  const withSuffix = (suffix: string): string[] => [...parts.slice(0, -1), `${last}${suffix}`];
  const prices = quoteQualified(parts, dialect, 'priceTableName');
  const names = quoteQualified(withSuffix('_names'), dialect, 'priceTableName');
  const models = quoteQualified(withSuffix('_models'), dialect, 'priceTableName');
  const create = (name: string, columns: readonly string[], columnTypes: readonly string[], values: string[]): string => {
    const definition = columns.map((column, position) => `${column} ${columnTypes[position] ?? 'INTEGER'}`).join(',\n  ');
    const head = dialect === 'duckdb' ? `CREATE OR REPLACE TABLE ${name}` : `DROP TABLE IF EXISTS ${name};\nCREATE TABLE ${name}`;
    const insert = values.length === 0 ? '' : `\nINSERT INTO ${name} (${columns.join(', ')}) VALUES\n  ${values.join(',\n  ')};`;
    return `${head} (\n  ${definition}\n);${insert}`;
  };
  const script = [
    create(prices, PRICE_COLUMNS, priceTypes, priceValues(rows, dialect)),
    create(names, NAME_COLUMNS, nameTypes, nameValues(rows, dialect)),
    create(models, MODEL_COLUMNS, modelTypes, modelValues(rows, dialect)),
  ].join('\n\n');
  return {
    setup: dialect === 'postgres' ? `BEGIN;\n${script}\nCOMMIT;\n` : `${script}\n`,
    ctes: [],
    prices,
    names,
    models,
  };
}

function checkColumnName(value: unknown, path: string, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value.length === 0) {
    throw invalid(`columns.${path} must name a column of the usage table${required ? ' (it is required)' : ''}; got ${showValue(value)}.`, `columns.${path}`, value);
  }
  return value;
}

/**
 * Builds the SQL of {@link pricingSql} as parts: the setup script (`create` mode) and the query,
 * with the decimal scale of the rates.
 *
 * @throws LlmSpendError `INVALID_USAGE` for a bad option or column name, `UNKNOWN_MODEL` for a
 *   name in `models` that no model has, `INVALID_PRICING` for a price needing more than 20 decimal places per token
 * @example
 * ```ts
 * import { pricingSqlParts } from 'llm-spend/actual';
 * const parts = pricingSqlParts({
 *   dialect: 'postgres', table: 'usage', priceTable: 'create', output: 'total',
 *   columns: { at: 'ts', model: 'model', inputTokens: 'input_tokens', outputTokens: 'output_tokens' },
 * });
 * parts.scale; // 12
 * parts.setup.startsWith('BEGIN;'); // true
 * ```
 */
export function pricingSqlParts(options: PricingSqlOptions): PricingSqlParts {
  if (typeof options !== 'object' || options === null) throw invalid(`pricingSql takes one object: { dialect, table, columns, ... }; got ${showValue(options)}.`, '(root)', options);
  const dialect = options.dialect;
  if (!(SQL_DIALECTS as readonly unknown[]).includes(dialect)) throw invalid(`dialect must be one of ${SQL_DIALECTS.join(', ')}; got ${showValue(dialect)}.`, 'dialect', dialect);
  const mode = options.priceTable ?? 'values';
  if (mode !== 'values' && mode !== 'create') throw invalid(`priceTable must be "values" or "create"; got ${showValue(mode)}.`, 'priceTable', mode);
  const output = options.output ?? 'rows';
  if (output !== 'rows' && output !== 'total' && output !== 'by-model-day') throw invalid(`output must be "rows", "total" or "by-model-day"; got ${showValue(output)}.`, 'output', output);
  const columns = options.columns;
  if (typeof columns !== 'object' || columns === null) throw invalid(`columns must name the usage table's columns: { at, model, inputTokens, outputTokens, ... }; got ${showValue(columns)}.`, 'columns', columns);
  const known = new Set<string>(['at', 'model', 'tier', ...COUNT_ROLES.map(([role]) => role)]);
  for (const key of Object.keys(columns)) {
    if (!known.has(key)) throw invalid(`columns.${key} is not a column role; the roles are ${[...known].join(', ')}.`, `columns.${key}`);
  }
  const table = quoteQualified(options.table, dialect, 'table');
  const pricing = restrictTable(options.pricing ?? defaultPricing, options.models);
  indexOf(pricing);
  const rows = priceRows(pricing);
  const relations = priceRelations(rows, dialect, mode, options.priceTableName ?? 'llm_spend_prices');

  // The user's columns, each quoted once; `rows` output returns them under their own names.
  const atColumn = checkColumnName(columns.at, 'at', true) as string;
  const modelColumn = checkColumnName(columns.model, 'model', true) as string;
  const tierColumn = checkColumnName(columns.tier, 'tier', false);
  const counts = COUNT_ROLES.map(([role, required]) => ({ role, required, name: checkColumnName(columns[role], role, required) }));
  const keep = options.keepColumns ?? [];
  if (!Array.isArray(keep)) throw invalid(`keepColumns must be a list of column names; got ${showValue(keep)}.`, 'keepColumns', keep);
  const carried: string[] = [];
  for (const name of [atColumn, modelColumn, tierColumn, ...counts.map((count) => count.name), ...(keep as readonly unknown[])]) {
    if (name === undefined) continue;
    if (typeof name !== 'string') throw invalid(`keepColumns must hold column names; got ${showValue(name)}.`, 'keepColumns', name);
    if (!carried.includes(name)) carried.push(name);
  }
  if (output === 'rows') {
    for (const name of carried) {
      if ((PRICING_SQL_ROW_COLUMNS as readonly string[]).includes(name)) {
        throw invalid(`The usage column ${JSON.stringify(name)} has the name of a column the query adds (${PRICING_SQL_ROW_COLUMNS.join(', ')}); select it under another name in a view.`, 'columns', name);
      }
    }
  }
  const q = (name: string, path: string): string => `u.${quoteIdentifier(name, dialect, path)}`;
  const text = dialect === 'duckdb' ? 'VARCHAR' : 'TEXT';
  const decimalZero = `CAST(0 AS DECIMAL(38, ${rows.scale}))`;
  const idiv = (a: string, b: string): string => (dialect === 'duckdb' ? `(${a}) // ${b}` : `(${a}) / ${b}`);
  const atMs = dialect === 'duckdb' ? `epoch_ms(${q(atColumn, 'columns.at')})` : `CAST(floor(extract(epoch FROM ${q(atColumn, 'columns.at')}) * 1000) AS BIGINT)`;
  const floorCheck = (value: string): string => `${value} = floor(${value})`;

  const sourceSelect: string[] = carried.map((name, position) => `${q(name, 'columns')} AS ls_c${position}`);
  sourceSelect.push(`${atMs} AS ls_at_ms`);
  sourceSelect.push(`CAST(${q(modelColumn, 'columns.model')} AS ${text}) AS ls_model`);
  sourceSelect.push(tierColumn === undefined ? `CAST('standard' AS ${text}) AS ls_tier` : `COALESCE(CAST(${q(tierColumn, 'columns.tier')} AS ${text}), 'standard') AS ls_tier`);
  const badFlags: string[] = [];
  for (const count of counts) {
    const alias = COUNT_ALIAS[count.role];
    if (count.name === undefined) {
      sourceSelect.push(`CAST(0 AS BIGINT) AS ${alias}`);
      continue;
    }
    const value = q(count.name, `columns.${count.role}`);
    const valid = `${value} >= 0 AND ${value} <= ${MAX_SAFE_COUNT} AND ${floorCheck(value)}`;
    sourceSelect.push(
      count.required
        ? `CASE WHEN ${valid} THEN CAST(${value} AS BIGINT) END AS ${alias}`
        : `CASE WHEN ${value} IS NULL THEN CAST(0 AS BIGINT) WHEN ${valid} THEN CAST(${value} AS BIGINT) END AS ${alias}`,
    );
    badFlags.push(`${alias} IS NULL`);
  }
  const uncached = 'ls_n_input - ls_n_cached - ls_n_write - ls_n_write1h';
  const bad = [
    ...badFlags,
    `${uncached} < 0`,
    'ls_n_reasoning > ls_n_output',
    'ls_n_cached_audio > ls_n_cached',
    `ls_n_audio + ls_n_images > ${uncached}`,
  ];
  const minuteOfDay = idiv(`((ls_at_ms % 86400000) + 86400000) % 86400000`, '60000');
  const dayNumber = idiv(`ls_at_ms - ((ls_at_ms % 86400000) + 86400000) % 86400000`, '86400000');
  const utf16Length =
    dialect === 'duckdb'
      ? `length(ls_raw) + length(regexp_replace(ls_raw, '[^\\x{10000}-\\x{10FFFF}]', '', 'g'))`
      : `length(ls_raw) + length(regexp_replace(ls_raw, E'[^\\\\U00010000-\\\\U0010FFFF]', '', 'g'))`;

  const ctes = [
    ...relations.ctes,
    `ls_source AS (\n  SELECT\n    ${sourceSelect.join(',\n    ')}\n  FROM ${table} AS u\n)`,
    // Materialized in PostgreSQL: computed once per row, instead of inlined into every later use
    // (which also makes its JIT compile the query for many seconds).
    `ls_usage AS ${dialect === 'postgres' ? 'MATERIALIZED ' : ''}(\n  SELECT\n    s.*,\n    COALESCE(${bad.map((condition) => `(${condition})`).join('\n      OR ')}, TRUE) AS ls_bad,\n` +
      `    CAST(${minuteOfDay} AS INTEGER) AS ls_minute,\n    ${dayNumber} AS ls_day,\n    COALESCE(ls_n_input, 0) AS ls_band\n  FROM ls_source AS s\n)`,
    `ls_distinct AS (\n  SELECT DISTINCT CAST(${q(modelColumn, 'columns.model')} AS ${text}) AS ls_raw FROM ${table} AS u\n)`,
    // getModel's lookup: exact id or alias, then lower case, then one provider or host prefix at a time.
    `ls_strip(ls_raw, ls_step, ls_rest, ls_stripped) AS (\n  SELECT ls_raw, 0, ls_raw, CAST('' AS ${text}) FROM ls_distinct WHERE ls_raw IS NOT NULL\n  UNION ALL\n` +
      `  SELECT ls_raw, ls_step + 1, substr(ls_rest, strpos(ls_rest, '/') + 1), ls_stripped || '/' || lower(substr(ls_rest, 1, strpos(ls_rest, '/') - 1)) || '/'\n` +
      `  FROM ls_strip WHERE strpos(ls_rest, '/') > 1\n)`,
    `ls_found AS (\n  SELECT s.ls_raw, s.ls_step, s.ls_stripped, COALESCE(e.model_id, l.model_id) AS ls_model_id\n  FROM ls_strip AS s\n` +
      `  LEFT JOIN ${relations.names} AS e ON e.match_kind = 'exact' AND e.name = s.ls_rest\n` +
      `  LEFT JOIN ${relations.names} AS l ON l.match_kind = 'lower' AND l.name = lower(s.ls_rest)\n` +
      `  WHERE e.model_id IS NOT NULL OR l.model_id IS NOT NULL\n)`,
    `ls_resolved AS (\n  SELECT f.ls_raw, m.model_id AS ls_model_id, m.max_input AS ls_max_input, m.context_window AS ls_context_window, m.max_output AS ls_max_output\n` +
      `  FROM ls_found AS f\n  JOIN (SELECT ls_raw, min(ls_step) AS ls_step FROM ls_found GROUP BY ls_raw) AS first_match ON first_match.ls_raw = f.ls_raw AND first_match.ls_step = f.ls_step\n` +
      `  JOIN ${relations.models} AS m ON m.model_id = f.ls_model_id\n` +
      `  WHERE replace(replace(f.ls_stripped, '/' || m.provider || '/', ''), '/' || m.host || '/', '') = ''\n` +
      // Names longer than getModel looks up are unknown (checked here, on the few distinct names, not on every row).
      `    AND ${utf16Length.replace(/ls_raw/g, 'f.ls_raw')} <= ${MAX_MODEL_ID_LENGTH}\n)`,
    `ls_periods AS (\n  SELECT DISTINCT model_id, period, from_ms, until_ms FROM ${relations.prices}\n)`,
    `ls_joined AS (\n  SELECT\n    u.*,\n    r.ls_model_id, r.ls_max_input, r.ls_context_window, r.ls_max_output,\n    pe.period AS ls_period,\n` +
      `    p.tier AS ls_priced_tier, p.long_context AS ls_long_context, p.price_window AS ls_price_window, p.offered AS ls_offered,\n    ${RATE_COLUMNS.map((column) => `p.${column} AS ls_${column}`).join(', ')}\n` +
      `  FROM ls_usage AS u\n  LEFT JOIN ls_resolved AS r ON r.ls_raw = u.ls_model\n` +
      `  LEFT JOIN ls_periods AS pe ON pe.model_id = r.ls_model_id AND pe.from_ms <= u.ls_at_ms AND u.ls_at_ms < pe.until_ms\n` +
      `  LEFT JOIN ${relations.prices} AS p ON p.model_id = pe.model_id AND p.period = pe.period AND p.tier = u.ls_tier\n` +
      `    AND p.minute_from <= u.ls_minute AND u.ls_minute < p.minute_until AND p.input_from <= u.ls_band AND u.ls_band < p.input_until\n)`,
    // The reason a row has no price, in estimateCost's order of checks.
    `ls_reasoned AS (\n  SELECT\n    j.*,\n    CASE\n` +
      `      WHEN j.ls_model_id IS NULL THEN 'unknown-model'\n` +
      `      WHEN j.ls_at_ms IS NULL THEN 'unreadable'\n` +
      `      WHEN j.ls_period IS NULL THEN 'no-price-at-date'\n` +
      `      WHEN j.ls_priced_tier IS NULL THEN 'tier-unavailable'\n` +
      `      WHEN j.ls_bad THEN 'invalid-usage'\n` +
      `      WHEN (j.ls_max_input IS NOT NULL AND j.ls_n_input > j.ls_max_input) OR (j.ls_context_window IS NOT NULL AND j.ls_n_input + j.ls_n_output > j.ls_context_window)\n` +
      `        OR (j.ls_max_output IS NOT NULL AND j.ls_n_output > j.ls_max_output) THEN 'context-exceeded'\n` +
      `      WHEN NOT j.ls_offered THEN 'tier-unavailable'\n` +
      `      WHEN (j.ls_n_cached > 0 AND j.ls_cached_input_rate IS NULL) OR (j.ls_n_write > 0 AND j.ls_cache_write_rate IS NULL)\n` +
      `        OR (j.ls_n_write1h > 0 AND j.ls_cache_write_1h_rate IS NULL) OR (j.ls_n_audio > 0 AND j.ls_audio_input_rate IS NULL)\n` +
      `        OR (j.ls_n_cached_audio > 0 AND j.ls_cached_audio_input_rate IS NULL) OR (j.ls_n_searches > 0 AND j.ls_web_search_rate IS NULL) THEN 'tier-unavailable'\n` +
      `    END AS ls_reason\n  FROM ls_joined AS j\n)`,
    `ls_parts AS (\n  SELECT\n    r.*,\n` +
      [
        `(r.ls_n_input - r.ls_n_cached - r.ls_n_write - r.ls_n_write1h - r.ls_n_audio) * r.ls_input_rate + r.ls_n_audio * COALESCE(r.ls_audio_input_rate, ${decimalZero})`,
        `(r.ls_n_cached - r.ls_n_cached_audio) * COALESCE(r.ls_cached_input_rate, ${decimalZero}) + r.ls_n_cached_audio * COALESCE(r.ls_cached_audio_input_rate, ${decimalZero})`,
        `r.ls_n_write * COALESCE(r.ls_cache_write_rate, ${decimalZero})`,
        `r.ls_n_write1h * COALESCE(r.ls_cache_write_1h_rate, ${decimalZero})`,
        `r.ls_n_output * r.ls_output_rate`,
        `r.ls_n_reasoning * r.ls_output_rate`,
        `r.ls_n_images * r.ls_input_rate`,
        `r.ls_n_searches * COALESCE(r.ls_web_search_rate, ${decimalZero})`,
      ]
        .map((expression, position) => `    CASE WHEN r.ls_reason IS NULL THEN ${expression} END AS ${PART_ALIASES[position]}`)
        .join(',\n') +
      `\n  FROM ls_reasoned AS r\n)`,
    `ls_priced AS (\n  SELECT\n    p.*,\n    p.ls_input_cost + p.ls_cached_input_cost + p.ls_cache_write_cost + p.ls_cache_write_1h_cost + p.ls_output_cost + p.ls_fees_cost AS ls_cost\n  FROM ls_parts AS p\n)`,
  ];

  const quoteOut = (name: string): string => quoteIdentifier(name, dialect, 'output column');
  let select: string;
  if (output === 'rows') {
    const outputs = [
      ...carried.map((name, position) => `ls_c${position} AS ${quoteOut(name)}`),
      `CASE WHEN ls_reason IS NULL THEN ls_model_id END AS ${quoteOut('priced_model')}`,
      `CASE WHEN ls_reason IS NULL THEN ls_priced_tier END AS ${quoteOut('priced_tier')}`,
      `CASE WHEN ls_reason IS NULL THEN ls_long_context END AS ${quoteOut('long_context')}`,
      `CASE WHEN ls_reason IS NULL THEN ls_price_window END AS ${quoteOut('price_window')}`,
      ...PART_ALIASES.map((alias) => `${alias} AS ${quoteOut(alias.slice(3))}`),
      `ls_cost AS ${quoteOut('cost')}`,
      `ls_reason AS ${quoteOut('reason')}`,
    ];
    select = `SELECT\n  ${outputs.join(',\n  ')}\nFROM ls_priced`;
  } else if (output === 'total') {
    select = `SELECT\n  COUNT(*) AS "row_count",\n  COUNT(ls_cost) AS "priced_rows",\n  COUNT(*) - COUNT(ls_cost) AS "unpriced_rows",\n  SUM(ls_cost) AS "cost"\nFROM ls_priced`;
  } else {
    select =
      `SELECT\n  DATE '1970-01-01' + CAST(ls_day AS INTEGER) AS "day",\n  COALESCE(ls_model_id, ls_model) AS "model",\n  COUNT(*) AS "row_count",\n  COUNT(ls_cost) AS "priced_rows",\n` +
      `  COUNT(*) - COUNT(ls_cost) AS "unpriced_rows",\n  SUM(ls_cost) AS "cost"\nFROM ls_priced\nGROUP BY ls_day, COALESCE(ls_model_id, ls_model)\nORDER BY 1, 2`;
  }
  const header =
    `-- llm-spend: usage priced at its own dates (${dialect}). Rates are DECIMAL(38, ${rows.scale}) USD per token (per call for web searches):\n` +
    `-- ${rows.scale} decimal places, the most any price of the table needs. A row without a price has a NULL cost and a reason.\n`;
  const query = `${header}WITH RECURSIVE\n${ctes.join(',\n')}\n${select};\n`;
  return { setup: relations.setup, query, scale: rows.scale, models: rows.models.map((row) => row.modelId) };
}

const PART_ALIASES = [
  'ls_input_cost',
  'ls_cached_input_cost',
  'ls_cache_write_cost',
  'ls_cache_write_1h_cost',
  'ls_output_cost',
  'ls_reasoning_cost',
  'ls_images_cost',
  'ls_fees_cost',
] as const;

/**
 * SQL text that prices a usage table exactly inside DuckDB or PostgreSQL, with the same results
 * as {@link priceRecord} row by row: each row is one request, priced at the price in effect at
 * its timestamp (`from ≤ at < until`, UTC, to the millisecond), at its tier (NULL = standard), with the
 * long-context rates when its input tokens (cached and cache writes included) reach the
 * threshold, audio at audio rates, web search fees, and DeepSeek-style off-peak prices by the
 * minute of the day in UTC. Rates are DECIMAL(38, s) per token with s computed from the table
 * (12 for the bundled catalog); every product and sum is exact DECIMAL arithmetic.
 *
 * Model names resolve as {@link getModel} does: ids, aliases and dated snapshots, any letter case
 * (through the engine's `lower()`, which agrees with JavaScript on ASCII names), and provider or
 * host prefixes. A row that cannot be priced keeps a NULL cost and a `reason`: `unknown-model`,
 * `unreadable` (NULL timestamp), `no-price-at-date`, `tier-unavailable`, `invalid-usage` (NULL,
 * negative, fractional or unsafe counts, parts larger than their whole) or `context-exceeded`.
 *
 * Output `rows`: the usage columns, then {@link PRICING_SQL_ROW_COLUMNS}; `total`: `row_count`,
 * `priced_rows`, `unpriced_rows`, `cost`; `by-model-day`: the same per UTC `day` and `model` (the
 * table id, or the logged name when unknown). In `create` mode the text is the setup script
 * followed by the query (see {@link pricingSqlParts} for them apart).
 *
 * @throws LlmSpendError `INVALID_USAGE` for a bad option or column name, `UNKNOWN_MODEL` for a
 *   name in `models` that no model has, `INVALID_PRICING` for a price needing more than 20 decimal places per token
 * @example
 * ```ts
 * import { pricingSql } from 'llm-spend/actual';
 * const sql = pricingSql({
 *   dialect: 'duckdb', table: 'analytics.usage', output: 'by-model-day', models: ['gpt-5.4-mini', 'gpt-5.4-nano'],
 *   columns: { at: 'created_at', model: 'model', tier: 'service_tier', inputTokens: 'prompt_tokens',
 *              cachedInputTokens: 'cached_tokens', outputTokens: 'completion_tokens' },
 * });
 * sql.includes('FROM "analytics"."usage" AS u'); // true
 * sql.includes('DECIMAL(38, 10)'); // true (the scale is computed from the two models' prices)
 * ```
 */
export function pricingSql(options: PricingSqlOptions): string {
  const parts = pricingSqlParts(options);
  return parts.setup === '' ? parts.query : `${parts.setup}\n${parts.query}`;
}
