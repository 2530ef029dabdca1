/**
 * Bulk loading through `handle.query`, so it runs unchanged on PostgreSQL and PGlite:
 * one `INSERT ... SELECT * FROM unnest($1::t1[], $2::t2[], ...)` per batch, one array
 * parameter per column. Arrays are sent as PostgreSQL array literals built here, because
 * PGlite cannot serialize JS arrays of enum or jsonb values on its own.
 */
import { getTableColumns } from "drizzle-orm";
import { getTableConfig } from "drizzle-orm/pg-core";
import { toSnakeCase } from "drizzle-orm/casing";
import type { DatabaseHandle } from "../db/client";
import type { SeedRow, SeedTable } from "./generate";

export type ValueKind = "number" | "boolean" | "json" | "text";

export interface ColumnSpec {
  key: string;
  name: string;
  sqlType: string;
  kind: ValueKind;
}

export interface TableLoad {
  rows: number;
  ms: number;
}

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

function kindOf(sqlType: string): ValueKind {
  if (
    sqlType === "integer" ||
    sqlType === "smallint" ||
    sqlType === "bigint" ||
    sqlType === "double precision" ||
    sqlType === "real" ||
    sqlType.startsWith("numeric")
  )
    return "number";
  if (sqlType === "boolean") return "boolean";
  if (sqlType === "jsonb" || sqlType === "json") return "json";
  return "text";
}

/** The columns a batch fills, from its first row's keys; an unknown key is a bug in a generator. */
export function columnsFor(t: SeedTable, sample: SeedRow): ColumnSpec[] {
  const columns = getTableColumns(t.table) as Record<string, { name: string; getSQLType(): string }>;
  return Object.keys(sample).map((key) => {
    const column = columns[key];
    if (!column) throw new Error(`Seed row for ${t.name} has "${key}", which is not a column of that table`);
    const sqlType = column.getSQLType();
    return { key, name: toSnakeCase(column.name), sqlType, kind: kindOf(sqlType) };
  });
}

const NEEDS_ESCAPE = /["\\]/;

function quoteElement(text: string): string {
  return `"${NEEDS_ESCAPE.test(text) ? text.replace(/["\\]/g, "\\$&") : text}"`;
}

/** A scalar as the text PostgreSQL parses; an object in a text column is a generator's bug, said as such. */
export function scalarText(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  throw new Error(`Expected a string, number or boolean, got ${JSON.stringify(v)}`);
}

/** One column of a batch as a PostgreSQL array literal: {1,2,NULL} or {"a","b\"c",NULL}. */
export function arrayLiteral(values: readonly unknown[], kind: ValueKind): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = "NULL";
    else if (kind === "number") {
      if (typeof v !== "number" || !Number.isFinite(v))
        throw new Error(`Expected a finite number, got ${typeof v === "number" ? v : JSON.stringify(v)}`);
      parts[i] = String(v);
    } else if (kind === "boolean") parts[i] = v ? "t" : "f";
    else if (kind === "json") parts[i] = quoteElement(typeof v === "string" ? v : JSON.stringify(v));
    else parts[i] = quoteElement(scalarText(v));
  }
  return `{${parts.join(",")}}`;
}

function insertStatement(table: string, columns: ColumnSpec[]): string {
  const names = columns.map((c) => quoteIdent(c.name)).join(", ");
  const arrays = columns.map((c, i) => `$${i + 1}::${c.sqlType}[]`).join(", ");
  return `INSERT INTO ${quoteIdent(table)} (${names}) SELECT * FROM unnest(${arrays})`;
}

function batchParams(columns: ColumnSpec[], rows: SeedRow[]): string[] {
  return columns.map((c) =>
    arrayLiteral(
      rows.map((r) => r[c.key]),
      c.kind,
    ),
  );
}

export interface WriteOptions {
  batchSize?: number;
  /** INSERTs in flight at once; above 1 only helps with a pool of connections (PostgreSQL). */
  concurrency?: number;
}

function referencesItself(t: SeedTable): boolean {
  return getTableConfig(t.table).foreignKeys.some((fk) => fk.reference().foreignTable === t.table);
}

/**
 * Loads one table. Batches are generated while earlier INSERTs run, so JavaScript and the
 * database work at the same time. A table that references itself (tickets' parents) goes
 * one batch at a time: a parent in a batch still in flight is invisible to the FK check.
 */
export async function writeTable(handle: DatabaseHandle, t: SeedTable, options: WriteOptions = {}): Promise<TableLoad> {
  const started = performance.now();
  const concurrency = referencesItself(t) ? 1 : Math.max(1, options.concurrency ?? 1);
  let columns: ColumnSpec[] | null = null;
  let sql = "";
  let rows = 0;
  const inFlight: Array<Promise<unknown>> = [];
  try {
    for (const batch of t.batches(options.batchSize)) {
      if (batch.length === 0) continue;
      if (!columns) {
        columns = columnsFor(t, batch[0] as SeedRow);
        sql = insertStatement(t.name, columns);
      }
      const params = batchParams(columns, batch);
      if (inFlight.length >= concurrency) await inFlight.shift();
      const query = handle.query(sql, params);
      // Handled here so a batch failing while another is awaited is not an unhandled rejection; awaiting it still throws.
      query.catch(() => undefined);
      inFlight.push(query);
      rows += batch.length;
    }
    await Promise.all(inFlight);
  } catch (error) {
    // Never leave a query running behind a thrown error: the caller cleans up next.
    await Promise.allSettled(inFlight);
    throw error;
  }
  if ("id" in getTableColumns(t.table)) await resetIdentity(handle, t.name);
  return { rows, ms: performance.now() - started };
}

/** Rows were loaded with explicit ids: move the identity past them so the app's next insert does not collide. */
export async function resetIdentity(handle: DatabaseHandle, table: string): Promise<void> {
  const sequence = await handle.query<{ seq: string | null }>("select pg_get_serial_sequence($1, 'id') as seq", [
    quoteIdent(table),
  ]);
  if (!sequence[0]?.seq) return;
  await handle.query(`select setval($1, coalesce((select max(id) from ${quoteIdent(table)}), 0) + 1, false)`, [
    sequence[0].seq,
  ]);
}

/** Tables of the seed that already hold rows. */
export async function nonEmptyTables(handle: DatabaseHandle, tables: readonly string[]): Promise<string[]> {
  if (tables.length === 0) return [];
  const sql = tables
    .map((t, i) => `select $${i + 1}::text as name where exists (select 1 from ${quoteIdent(t)})`)
    .join(" union all ");
  return (await handle.query<{ name: string }>(sql, [...tables])).map((r) => r.name);
}

/** Every application table, for `--reset`: the drizzle migration journal lives in its own schema and survives. */
export async function truncateAppTables(handle: DatabaseHandle): Promise<void> {
  const rows = await handle.query<{ name: string }>(
    "select tablename as name from pg_tables where schemaname = 'public' order by tablename",
  );
  if (rows.length === 0) return;
  await handle.query(`TRUNCATE ${rows.map((r) => `public.${quoteIdent(r.name)}`).join(", ")} RESTART IDENTITY CASCADE`);
}

export async function truncateTables(handle: DatabaseHandle, tables: readonly string[]): Promise<void> {
  if (tables.length === 0) return;
  await handle.query(`TRUNCATE ${tables.map(quoteIdent).join(", ")} RESTART IDENTITY CASCADE`);
}
