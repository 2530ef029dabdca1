import path from "node:path";
import { mkdirSync } from "node:fs";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { SQL } from "drizzle-orm";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The drizzle database, whichever driver is under it (PostgreSQL through pg, or PGlite). */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** A database or an open transaction: services accept either. */
export type Queryable = Database | Transaction;

export interface DatabaseHandle {
  db: Database;
  driver: "pg" | "pglite";
  /** Runs raw SQL and returns its rows; for benchmarks and bulk work that drizzle does not express. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
  /** PGlite only: the whole data directory as an archive that `pgliteArchive` starts from. */
  dumpArchive?(): Promise<Blob>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL URL; without it the embedded PGlite database is used. */
  url?: string;
  /** PGlite data directory; "memory://" keeps it in memory (tests). */
  pgliteDir?: string;
  /** Pool size for PostgreSQL. */
  maxConnections?: number;
  /** A PGlite data directory archive (from `dumpDataDir`) to start from instead of an empty database. */
  pgliteArchive?: Blob;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const { default: pg } = await import("pg");
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10 });
    const db = drizzle(pool, { schema, casing: "snake_case" }) as unknown as Database;
    return {
      db,
      driver: "pg",
      query: async <T>(text: string, params?: unknown[]) => (await pool.query(text, params)).rows as T[],
      close: () => pool.end(),
    };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { unaccent } = await import("@electric-sql/pglite/contrib/unaccent");
  const { drizzle } = await import("drizzle-orm/pglite");
  const dir = options.pgliteDir ?? "memory://";
  if (!dir.startsWith("memory://")) mkdirSync(path.dirname(dir), { recursive: true });
  const client = await PGlite.create(dir, {
    extensions: { pg_trgm, unaccent },
    ...(options.pgliteArchive ? { loadDataDir: options.pgliteArchive } : {}),
  });
  const db = drizzle(client, { schema, casing: "snake_case" }) as unknown as Database;
  return {
    db,
    driver: "pglite",
    query: async <T>(text: string, params?: unknown[]) => (await client.query<T>(text, params)).rows,
    close: () => client.close(),
    dumpArchive: () => client.dumpDataDir("none"),
  };
}

/** Rows of a raw drizzle `sql` query; both drivers return `{ rows }`. */
export async function rowsOf<T>(db: Queryable, query: SQL): Promise<T[]> {
  const result = (await db.execute<Record<string, unknown>>(query)) as { rows: T[] };
  return result.rows;
}
