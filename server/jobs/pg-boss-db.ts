import type PgBoss from "pg-boss";
import type { Database } from "../db/client";

interface PgliteClient {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
  exec(text: string): Promise<Array<{ rows: unknown[]; fields: unknown[] }>>;
}
export interface PgPool {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  connect(): Promise<PgPool & { release(): void }>;
}

export type DriverClient = { driver: "pg"; pool: PgPool } | { driver: "pglite"; pglite: PgliteClient };

/** The driver's own client under a drizzle database (node-postgres Pool or PGlite). */
export function driverClientOf(db: Database): DriverClient {
  const client = (db as unknown as { $client: PgliteClient | PgPool }).$client;
  return "exec" in client ? { driver: "pglite", pglite: client } : { driver: "pg", pool: client };
}

/**
 * pg-boss talks through the application's own connection instead of opening a pool of its own:
 * on PGlite there is only one connection to have, and on PostgreSQL it saves a second pool.
 *
 * pg-boss sends two kinds of text: single statements with $n parameters (fetch, send,
 * complete...) and, without parameters, whole scripts (its schema, and maintenance wrapped in
 * BEGIN; SET LOCAL ...; pg_advisory_xact_lock; ...; COMMIT). PGlite's `query` uses the extended
 * protocol, which takes one statement, so scripts go through `exec` (simple protocol); pg-boss
 * reads the rows of the last statement that returned columns.
 */
export function pgBossDb(db: Database): PgBoss.Db {
  const client = driverClientOf(db);
  if (client.driver === "pg") return { executeSql: (text, values) => client.pool.query(text, values) };
  const { pglite } = client;
  return {
    async executeSql(text, values) {
      if (values && values.length > 0) return pglite.query(text, values);
      const results = await pglite.exec(text);
      const last = [...results].reverse().find((result) => result.fields.length > 0);
      return { rows: last?.rows ?? [] };
    },
  };
}
