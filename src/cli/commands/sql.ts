// `llm-spend sql`: the SQL that prices a usage table inside DuckDB or PostgreSQL, each row at its
// own date, with the user's column names (pricingSql).
import { pricingSql, type PricingSqlColumns, type PricingSqlOutput } from '../../actual/sql.js';
import { SQL_DIALECTS, type SqlDialect } from '../../actual/sql/quote.js';
import { closest, didYouMean } from '../../suggest.js';
import type { CommandIo, CommandTools } from './actual-io.js';

/** The column roles, their flag spelling (snake_case) and the default column name of the required ones. */
const ROLES: ReadonlyArray<{ readonly role: keyof PricingSqlColumns; readonly flag: string; readonly required?: string }> = [
  { role: 'at', flag: 'at', required: 'at' },
  { role: 'model', flag: 'model', required: 'model' },
  { role: 'tier', flag: 'tier' },
  { role: 'inputTokens', flag: 'input_tokens', required: 'input_tokens' },
  { role: 'cachedInputTokens', flag: 'cached_input_tokens' },
  { role: 'cacheWriteTokens', flag: 'cache_write_tokens' },
  { role: 'cacheWrite1hTokens', flag: 'cache_write_1h_tokens' },
  { role: 'outputTokens', flag: 'output_tokens', required: 'output_tokens' },
  { role: 'reasoningTokens', flag: 'reasoning_tokens' },
  { role: 'audioInputTokens', flag: 'audio_input_tokens' },
  { role: 'cachedAudioInputTokens', flag: 'cached_audio_input_tokens' },
  { role: 'imageInputTokens', flag: 'image_input_tokens' },
  { role: 'webSearchCalls', flag: 'web_search_calls' },
];

const OUTPUTS: readonly PricingSqlOutput[] = ['rows', 'total', 'by-model-day'];

/** @internal The help of `llm-spend sql`. */
export const SQL_HELP = `Usage: llm-spend sql --dialect duckdb|postgres --table <name> [options]

Prints SQL that prices a usage table where it lives, exactly: DECIMAL arithmetic, each row at the
price in effect on its own date (effective-dated prices), long-context thresholds per row, service
tiers, model names resolved like llm-spend resolves them (ids, aliases, dated snapshots). Rows that
cannot be priced get a reason instead of a cost; the totals leave them out and count them.

Options:
  --dialect <duckdb|postgres>      the engine (required)
  --table <name>                   the usage table, such as usage or analytics.usage (required)
  --column <role>=<name>           a column of the table by role; repeat. Roles (snake_case or
                                   camelCase): ${ROLES.map((item) => item.flag).join(', ')}.
                                   Defaults: at=at, model=model, input_tokens=input_tokens,
                                   output_tokens=output_tokens; the other roles only when given
                                   (absent = 0, tier absent = standard)
  --keep <column,…>                more columns carried into \`rows\` output unchanged
  --models <a,b,…>                 price only these models (ids or aliases; smaller SQL); rows
                                   of any other model are reported as unknown-model
  --price-table <values|create>    values: one self-contained query with the prices as VALUES
                                   (default); create: a script that creates and fills the price
                                   tables, then the query reading them
  --price-table-name <name>        the prices table in create mode (default: llm_spend_prices)
  --output <rows|total|by-model-day>
                                   every row priced (default), one total, or per model and UTC day
  --pricing <file>                 a pricing file instead of the bundled table
  --pricing-checked-at <date>      when that file was fetched
  -o, --out <file>                 write the SQL to a file instead of stdout
  -h, --help                       this help

Exit codes: 0 the SQL was written; 2 bad input.

Examples:
  llm-spend sql --dialect duckdb --table usage --output by-model-day
  llm-spend sql --dialect postgres --table analytics.llm_calls --column at=ts \\
    --column cached_input_tokens=cached --models gpt-5.4-mini,gpt-5.4-nano --output total
`;

const OPTIONS = {
  out: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
  dialect: { type: 'string' },
  table: { type: 'string' },
  column: { type: 'string', multiple: true },
  keep: { type: 'string' },
  models: { type: 'string' },
  'price-table': { type: 'string' },
  'price-table-name': { type: 'string' },
  output: { type: 'string' },
  pricing: { type: 'string' },
  'pricing-checked-at': { type: 'string' },
} as const;

function list(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

const camel = (text: string): string => text.replace(/_([a-z0-9])/g, (_, char: string) => char.toUpperCase());

/** @internal `--column role=name` flags as the columns of pricingSql. */
export function columnsOf(flags: readonly string[], tools: CommandTools): PricingSqlColumns {
  const columns: Record<string, string> = {};
  for (const item of ROLES) if (item.required !== undefined) columns[item.role] = item.required;
  const seen = new Set<string>();
  for (const flag of flags) {
    const at = flag.indexOf('=');
    if (at <= 0 || at === flag.length - 1) throw tools.usage(`--column takes <role>=<column>, such as at=ts or cached_input_tokens=cached; got "${flag}".`);
    const name = flag.slice(0, at).trim();
    const column = flag.slice(at + 1).trim();
    const role = ROLES.find((item) => item.flag === name || item.role === name || item.role === camel(name));
    if (role === undefined) throw tools.usage(`--column: "${name}" is not a column role.${didYouMean(closest(name, ROLES.map((item) => item.flag)))} Roles: ${ROLES.map((item) => item.flag).join(', ')}.`);
    if (seen.has(role.role)) throw tools.usage(`--column names the role ${role.flag} twice.`);
    seen.add(role.role);
    columns[role.role] = column;
  }
  return columns as unknown as PricingSqlColumns;
}

/** @internal `llm-spend sql`. */
export function runSql(args: readonly string[], io: CommandIo, tools: CommandTools): number {
  const { values, positionals } = tools.parse(args, OPTIONS);
  if (values['help'] === true) {
    io.stdout(SQL_HELP);
    return 0;
  }
  if (positionals.length > 0) throw tools.usage(`unexpected argument "${positionals[0] ?? ''}"; name the table with --table.`);
  const out = values['out'] as string | undefined;
  tools.checkOut(out);
  const dialect = values['dialect'] as string | undefined;
  if (dialect === undefined) throw tools.usage(`--dialect is required: ${SQL_DIALECTS.join(' or ')}.`);
  if (!(SQL_DIALECTS as readonly string[]).includes(dialect)) throw tools.usage(`--dialect must be ${SQL_DIALECTS.join(' or ')}; got "${dialect}".${didYouMean(closest(dialect, SQL_DIALECTS))}`);
  const tableName = values['table'] as string | undefined;
  if (tableName === undefined || tableName.trim() === '') throw tools.usage('--table is required: the usage table, such as usage or analytics.usage.');
  const output = (values['output'] as string | undefined) ?? 'rows';
  if (!(OUTPUTS as readonly string[]).includes(output)) throw tools.usage(`--output must be one of ${OUTPUTS.join(', ')}; got "${output}".${didYouMean(closest(output, OUTPUTS))}`);
  const priceTable = (values['price-table'] as string | undefined) ?? 'values';
  if (priceTable !== 'values' && priceTable !== 'create') throw tools.usage(`--price-table must be values or create; got "${priceTable}".${didYouMean(closest(priceTable, ['values', 'create']))}`);
  const priceTableName = values['price-table-name'] as string | undefined;
  if (priceTableName !== undefined && priceTable !== 'create') throw tools.usage('--price-table-name needs --price-table create.');
  const columns = columnsOf((values['column'] as string[] | undefined) ?? [], tools);
  const pricing = tools.pricing(values as { pricing?: string; 'pricing-checked-at'?: string });
  const models = list(values['models'] as string | undefined);
  const keep = list(values['keep'] as string | undefined);
  const sql = pricingSql({
    dialect: dialect as SqlDialect,
    table: tableName,
    columns,
    output: output as PricingSqlOutput,
    priceTable,
    ...(priceTableName === undefined ? {} : { priceTableName }),
    ...(models === undefined ? {} : { models }),
    ...(keep === undefined ? {} : { keepColumns: keep }),
    ...(pricing === undefined ? {} : { pricing }),
  });
  tools.write(sql.endsWith('\n') ? sql : `${sql}\n`, out);
  return 0;
}
