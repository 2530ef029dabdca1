import type { InferInsertModel } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { SecretBinding } from "../../crypto/secret-box";
import { HISTORY_MONTHS, VOLUMES, type SeedScale, type Volumes } from "./volumes";
import { DAY, historicLocal, monthDay, parseDay } from "./time";

type Plain<V> = V extends Date ? string : V;

/**
 * A row as the seed writes it: the table's insert model keyed by drizzle field names,
 * with timestamps as ISO strings (dates are already 'YYYY-MM-DD' strings in the schema).
 */
export type RowOf<T extends PgTable> = { [K in keyof InferInsertModel<T>]: Plain<InferInsertModel<T>[K]> };

export interface SeedOptions {
  scale: SeedScale;
  /** Reference day 'YYYY-MM-DD': history ends here and the dispatch board starts here. */
  today: string;
  /** Seals a RADIUS password for its row (server/crypto/secret-box.ts with the app key); injected to keep generation pure. */
  sealSecret: (plain: string, binding: SecretBinding) => string;
  /** One better-auth hash of the demo password, shared by every demo account. */
  passwordHash: string;
}

export interface SeedContext extends SeedOptions {
  volumes: Volumes;
  todayMs: number;
  /** Midnight at the start of `today`, Quebec time: every historic timestamp is before it. */
  nowMs: number;
  /** Month index 0 is HISTORY_MONTHS months before today's month; index HISTORY_MONTHS is today's month. */
  baseYear: number;
  baseMonth: number;
  /** Plans shared between table generators (customers, invoices...), computed once. */
  shared: Map<string, unknown>;
}

export function makeContext(options: SeedOptions): SeedContext {
  const todayMs = parseDay(options.today);
  const d = new Date(todayMs);
  return {
    ...options,
    volumes: VOLUMES[options.scale],
    todayMs,
    nowMs: historicLocal(todayMs, 0),
    baseYear: d.getUTCFullYear(),
    baseMonth: d.getUTCMonth() - HISTORY_MONTHS,
    shared: new Map(),
  };
}

/** Calendar day (ms) of `billingDay` in month index `m`. */
export function monthDate(ctx: SeedContext, m: number, billingDay: number): number {
  return monthDay(ctx.baseYear, ctx.baseMonth, m, billingDay);
}

/** Day before the same billing day one month later: the end of a monthly billing period. */
export function periodEnd(ctx: SeedContext, m: number, billingDay: number): number {
  return monthDate(ctx, m + 1, billingDay) - DAY;
}

/**
 * Computes a plan once per seed, on first use: a table's planning runs when its rows are
 * first pulled, so per-table timings include it.
 */
export function shared<T>(ctx: SeedContext, key: string, compute: () => T): T {
  if (!ctx.shared.has(key)) ctx.shared.set(key, compute());
  return ctx.shared.get(key) as T;
}

export const BATCH_SIZE = 5_000;

export function* inBatches<T>(rows: Iterable<T>, size = BATCH_SIZE): Generator<T[]> {
  let batch: T[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
