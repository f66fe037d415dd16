// Quoting for generated SQL. Every user string (table and column names, model ids and aliases
// from a pricing table) reaches the SQL text through one of these two functions; nothing is
// ever spliced in unquoted.
import { LlmSpendError, showValue } from '../../errors.js';

/**
 * The SQL engines {@link pricingSql} writes for.
 *
 * @example
 * ```ts
 * import { SQL_DIALECTS } from 'llm-spend/actual';
 * SQL_DIALECTS.join(', '); // "duckdb, postgres"
 * ```
 */
export const SQL_DIALECTS = ['duckdb', 'postgres'] as const;

/** A SQL engine: DuckDB or PostgreSQL. */
export type SqlDialect = (typeof SQL_DIALECTS)[number];

// PostgreSQL cuts identifiers longer than NAMEDATALEN - 1 = 63 bytes (with a mere NOTICE), which
// could make a long name point at another column: refused instead.
const POSTGRES_MAX_IDENTIFIER_BYTES = 63;

function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/**
 * @internal One identifier, double-quoted (inner `"` doubled). Refuses an empty name, a NUL
 * character (no engine stores it) and, for PostgreSQL, a name longer than 63 bytes.
 */
export function quoteIdentifier(name: string, dialect: SqlDialect, what: string): string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new LlmSpendError('INVALID_USAGE', `${what} must be a non-empty string; got ${showValue(name)}.`, { path: what, value: showValue(name) });
  }
  if (name.includes('\u0000')) {
    throw new LlmSpendError('INVALID_USAGE', `${what} contains a NUL character, which no SQL engine accepts in a name; got ${showValue(name)}.`, { path: what, value: showValue(name) });
  }
  if (dialect === 'postgres' && utf8Length(name) > POSTGRES_MAX_IDENTIFIER_BYTES) {
    throw new LlmSpendError(
      'INVALID_USAGE',
      `${what} ${showValue(name)} is longer than PostgreSQL's ${POSTGRES_MAX_IDENTIFIER_BYTES}-byte identifier limit (PostgreSQL would silently cut it). Rename the column or use a view.`,
      { path: what, value: showValue(name) },
    );
  }
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * @internal A possibly qualified name (`table`, `schema.table`, `catalog.schema.table`), each part
 * quoted. A string is split on dots; pass an array for names that contain a dot.
 */
export function quoteQualified(name: string | readonly string[], dialect: SqlDialect, what: string): string {
  const parts = typeof name === 'string' ? name.split('.') : Array.isArray(name) ? [...(name as readonly unknown[])] : undefined;
  if (parts === undefined || parts.length === 0 || parts.length > 3) {
    throw new LlmSpendError('INVALID_USAGE', `${what} must be a name such as "usage" or "analytics.usage" (or an array of 1 to 3 parts); got ${showValue(name)}.`, {
      path: what,
      value: showValue(name),
    });
  }
  return parts.map((part) => quoteIdentifier(part as string, dialect, what)).join('.');
}

/**
 * @internal A string literal: single-quoted with inner quotes doubled. For PostgreSQL a text
 * with a backslash is written as an escape string (`E'...'`, backslashes doubled), which reads
 * the same whatever `standard_conforming_strings` says.
 */
export function quoteString(text: string, dialect: SqlDialect): string {
  if (text.includes('\u0000')) {
    throw new LlmSpendError('INVALID_PRICING', `A name in the pricing table contains a NUL character, which SQL text cannot carry; got ${showValue(text)}.`, { value: showValue(text) });
  }
  const body = text.replace(/'/g, "''");
  if (dialect === 'postgres' && text.includes('\\')) return `E'${body.replace(/\\/g, '\\\\')}'`;
  return `'${body}'`;
}
