import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
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
  /**
   * PGlite only, end-to-end project only: the seeded data directory itself, which a product
   * process copies under its DATA_DIR (it opens a directory, not an archive). Null elsewhere.
   */
  pgliteDataDir: string | null;
}

declare module "vitest" {
  export interface ProvidedContext {
    seedTemplate: SeedTemplate;
  }
}

/** Vitest global setup of the integration project. */
export default function setup(project: TestProject): Promise<() => Promise<void>> {
  return provideSeedTemplate(project, { pgliteDataDir: false });
}

/**
 * Seeds the template and provides it to the project's files. With `pgliteDataDir` (the
 * end-to-end project, whose servers open a PGlite directory), the PGlite path also unpacks the
 * archive into a directory once, so that each server starts from a copy of it instead of seeding.
 */
export async function provideSeedTemplate(
  project: TestProject,
  options: { pgliteDataDir: boolean },
): Promise<() => Promise<void>> {
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
      pgliteDataDir: null,
    });
    return async () => {
      await withAdmin(adminUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`));
    };
  }
  const handle = await openDatabase({ pgliteDir: "memory://" });
  const archivePath = path.join(tmpdir(), `fibre-ops-seed-${process.pid}-${randomBytes(4).toString("hex")}.tar`);
  let dataDirParent: string | null = null;
  try {
    await migrateDatabase(handle);
    const today = await seed(handle, encryptionKey, now);
    const archive = await handle.dumpArchive!();
    await writeFile(archivePath, Buffer.from(await archive.arrayBuffer()));
    let pgliteDataDir: string | null = null;
    if (options.pgliteDataDir) {
      dataDirParent = await mkdtemp(path.join(tmpdir(), "fibre-ops-seed-dir-"));
      pgliteDataDir = path.join(dataDirParent, "pglite");
      // Opening a directory with the archive unpacks it there; closing leaves a clean data directory.
      await (await openDatabase({ pgliteDir: pgliteDataDir, pgliteArchive: archive })).close();
    }
    project.provide("seedTemplate", {
      encryptionKeyHex: encryptionKey.toString("hex"),
      today,
      postgresTemplate: null,
      pgliteArchivePath: archivePath,
      pgliteDataDir,
    });
  } finally {
    await handle.close();
  }
  return async () => {
    await rm(archivePath, { force: true });
    if (dataDirParent) await rm(dataDirParent, { recursive: true, force: true });
  };
}

async function seed(handle: DatabaseHandle, encryptionKey: Buffer, now: Date): Promise<string> {
  await seedDatabase(handle, { scale: "demo", today: now, reset: false, encryptionKey });
  return seedDay(now);
}
