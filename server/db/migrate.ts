import path from "node:path";
import type { DatabaseHandle } from "./client";

export const migrationsFolder = path.resolve(/*turbopackIgnore: true*/ process.cwd(), "drizzle");

// Several app instances may start together against one PostgreSQL: only one migrates at a time.
const MIGRATION_LOCK_ID = 7_420_001;

export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  if (handle.driver === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(handle.db as never, { migrationsFolder });
    return;
  }
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  await handle.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
  try {
    await migrate(handle.db as never, { migrationsFolder });
  } finally {
    await handle.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]);
  }
}
