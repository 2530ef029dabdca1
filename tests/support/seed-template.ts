import { randomBytes } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase, type DatabaseHandle } from "@/server/db/client";
import { migrateDatabase } from "@/server/db/migrate";
import { seedDatabase, seedDay } from "@/server/seed";
import { withAdmin } from "./postgres-admin";

/**
 * The demo data, migrated and seeded once per test run instead of once per file: a PostgreSQL
 * template database that each file copies (CREATE DATABASE … TEMPLATE), or a PGlite archive that
 * each file starts from. Files that need other data make their own database as before.
 */
export interface SeedTemplate {
  /** The key the template's sealed secrets were written with; runtimes on a copy must use it. */
  encryptionKeyHex: string;
  /** The seed's reference day (Quebec calendar date), what "today" meant when the template was made. */
  today: string;
  postgresTemplate: string | null;
  pgliteArchivePath: string | null;
}

declare module "vitest" {
  export interface ProvidedContext {
    seedTemplate: SeedTemplate;
  }
}

/** Vitest global setup of the integration project. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const encryptionKey = randomBytes(32);
  const now = new Date();
  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl) {
    const name = `test_template_${process.pid}_${randomBytes(4).toString("hex")}`;
    await withAdmin(adminUrl, (admin) => admin.query(`create database ${name}`));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const handle = await openDatabase({ url: url.toString(), maxConnections: 4 });
    let today: string;
    try {
      await migrateDatabase(handle);
      today = await seed(handle, encryptionKey, now);
    } finally {
      await handle.close();
    }
    project.provide("seedTemplate", {
      encryptionKeyHex: encryptionKey.toString("hex"),
      today,
      postgresTemplate: name,
      pgliteArchivePath: null,
    });
    return async () => {
      await withAdmin(adminUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`));
    };
  }
  const handle = await openDatabase({ pgliteDir: "memory://" });
  const archivePath = path.join(tmpdir(), `fibre-ops-seed-${process.pid}-${randomBytes(4).toString("hex")}.tar`);
  try {
    await migrateDatabase(handle);
    const today = await seed(handle, encryptionKey, now);
    await writeFile(archivePath, Buffer.from(await (await handle.dumpArchive!()).arrayBuffer()));
    project.provide("seedTemplate", {
      encryptionKeyHex: encryptionKey.toString("hex"),
      today,
      postgresTemplate: null,
      pgliteArchivePath: archivePath,
    });
  } finally {
    await handle.close();
  }
  return () => rm(archivePath, { force: true });
}

async function seed(handle: DatabaseHandle, encryptionKey: Buffer, now: Date): Promise<string> {
  await seedDatabase(handle, { scale: "demo", today: now, reset: false, encryptionKey });
  return seedDay(now);
}
