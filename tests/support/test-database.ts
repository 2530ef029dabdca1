import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { inject } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/server/db/client";
import { migrateDatabase } from "@/server/db/migrate";
import { seedDatabase } from "@/server/seed";
import type { SeedTemplate } from "./seed-template";
import { withAdmin } from "./postgres-admin";

export interface TestDatabase {
  handle: DatabaseHandle;
  /** Connection string of the fresh database (PostgreSQL only), for servers started by the test. */
  url: string | undefined;
  /** The key the database's sealed secrets are written with, when it holds the demo data. */
  encryptionKey: Buffer | undefined;
  drop(): Promise<void>;
}

const POSTGRES_BUSY = "55006";

/**
 * A fresh, migrated database for one test file: a new PostgreSQL database when DATABASE_URL
 * is set (CI), an in-memory PGlite otherwise (a laptop with nothing installed). With `seeded`,
 * it holds the demo data: a copy of the run's seeded template where the project made one
 * (tests/support/seed-template.ts), else seeded here.
 */
export async function createTestDatabase(options: { seeded?: boolean } = {}): Promise<TestDatabase> {
  const template = options.seeded ? (inject("seedTemplate") as SeedTemplate | undefined) : undefined;
  const adminUrl = process.env.DATABASE_URL;
  const database = adminUrl
    ? await createPostgresDatabase(adminUrl, template?.postgresTemplate ?? null)
    : await createPgliteDatabase(template?.pgliteArchivePath ?? null);
  if (template) return { ...database, encryptionKey: Buffer.from(template.encryptionKeyHex, "hex") };
  if (!options.seeded) return { ...database, encryptionKey: undefined };
  const encryptionKey = randomBytes(32);
  await seedDatabase(database.handle, { scale: "demo", today: new Date(), reset: false, encryptionKey });
  return { ...database, encryptionKey };
}

async function createPgliteDatabase(archivePath: string | null): Promise<Omit<TestDatabase, "encryptionKey">> {
  if (archivePath) {
    const handle = await openDatabase({
      pgliteDir: "memory://",
      pgliteArchive: new Blob([await readFile(archivePath)]),
    });
    return { handle, url: undefined, drop: () => handle.close() };
  }
  const handle = await openDatabase({ pgliteDir: "memory://" });
  await migrateDatabase(handle);
  return { handle, url: undefined, drop: () => handle.close() };
}

async function createPostgresDatabase(
  adminUrl: string,
  template: string | null,
): Promise<Omit<TestDatabase, "encryptionKey">> {
  const name = `test_${process.pid}_${randomBytes(4).toString("hex")}`;
  // A template being copied by another file at the same moment answers "being accessed": wait.
  await withAdmin(adminUrl, (admin) =>
    untilFree(() => admin.query(`create database ${name}${template ? ` template ${template}` : ""}`)),
  );
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), maxConnections: 5 });
  if (!template) await migrateDatabase(handle);
  return {
    handle,
    url: url.toString(),
    async drop() {
      await handle.close();
      // Closing the pool returns before every backend has gone; forcing the drop would kill
      // those connections under the pool's feet. Wait for them, force only as a last resort.
      await withAdmin(adminUrl, (admin) =>
        untilFree(
          () => admin.query(`drop database if exists ${name}`),
          () => admin.query(`drop database if exists ${name} with (force)`),
        ),
      );
    },
  };
}

/** Retries `attempt` while PostgreSQL answers that the database is in use, for about five seconds; then `last` if given. */
async function untilFree(attempt: () => Promise<unknown>, last?: () => Promise<unknown>): Promise<void> {
  for (let tries = 0; ; tries++) {
    try {
      await (tries >= 50 && last ? last() : attempt());
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== POSTGRES_BUSY || tries >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
