// DuckDB in-process (@duckdb/node-api) for the SQL tests: one in-memory database per suite.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** A JSON-shaped row: DECIMAL and BIGINT values come back as strings, NULL as null. */
export type JsonRow = Record<string, unknown>;

export interface DuckDb {
  readonly connection: DuckDBConnection;
  /** Runs one statement or a script (the last statement's rows are returned). */
  rows(sql: string): Promise<JsonRow[]>;
  close(): void;
}

/** An in-memory DuckDB database. */
export async function openDuckDb(): Promise<DuckDb> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  return {
    connection,
    async rows(sql: string): Promise<JsonRow[]> {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJson() as JsonRow[];
    },
    close(): void {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** A query without its closing semicolon, to wrap as a subquery. */
export function subquery(sql: string): string {
  return sql.replace(/;\s*$/, '');
}
