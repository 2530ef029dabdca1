import { randomBytes } from "node:crypto";
import os from "node:os";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { openDatabase } from "../server/db/client";
import { migrateDatabase } from "../server/db/migrate";
import { hashDemoPassword } from "../server/seed/demo-accounts";
import { seedDatabase, seedDay, seedTables } from "../server/seed/index";
import type { SeedTable } from "../server/seed/generate";
import { columnsFor, quoteIdent, scalarText, type ColumnSpec } from "../server/seed/write";

/**
 * `npm run bench -- seed`: the full-volume seed into a fresh PostgreSQL database, table by
 * table, beside the same rows loaded with COPY FROM STDIN into a second freshly migrated
 * database (same indexes, checks and foreign keys). Both sides generate their rows while
 * loading; a generation-only pass shows how much of each figure is JavaScript.
 */
interface TableFigure {
  rows: number;
  wall_s: number;
  rows_per_s: number;
  generate_s?: number;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const figure = (rows: number, ms: number): TableFigure => ({
  rows,
  wall_s: round(ms / 1000, 3),
  rows_per_s: Math.round(rows / Math.max(ms / 1000, 1e-6)),
});

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const COPY_ESCAPES: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** One value in COPY's text format. */
function copyValue(value: unknown, column: ColumnSpec): string {
  if (value === null || value === undefined) return "\\N";
  if (column.kind === "number") return scalarText(value);
  if (column.kind === "boolean") return value ? "t" : "f";
  const text = column.kind === "json" && typeof value !== "string" ? JSON.stringify(value) : scalarText(value);
  return text.replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c] ?? c);
}

async function copyTable(client: pg.Client, t: SeedTable): Promise<number> {
  // The column list comes from the first row, as in the project's writer.
  const firstBatch = t.batches(1).next();
  const first = firstBatch.done ? undefined : firstBatch.value[0];
  if (!first) return 0;
  const columns = columnsFor(t, first);
  let rows = 0;
  const chunks = function* () {
    for (const batch of t.batches()) {
      rows += batch.length;
      yield batch.map((row) => `${columns.map((c) => copyValue(row[c.key], c)).join("\t")}\n`).join("");
    }
  };
  const stream = client.query(
    copyFrom(`COPY ${quoteIdent(t.name)} (${columns.map((c) => quoteIdent(c.name)).join(", ")}) FROM STDIN`),
  );
  await pipeline(Readable.from(chunks()), stream);
  return rows;
}

export async function runSeedBench(): Promise<object> {
  const adminUrl =
    process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const projectDb = `bench_seed_${process.pid}`;
  const copyDb = `bench_seed_${process.pid}_copy`;
  const today = seedDay(new Date());
  const encryptionKey = randomBytes(32);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (const name of [projectDb, copyDb]) await admin.query(`create database ${quoteIdent(name)}`);

    // Generation alone, no database.
    const generateMs: Record<string, number> = {};
    for (const t of seedTables({ scale: "full", today, encryptionKey }, "bench-hash")) {
      const started = performance.now();
      for (const batch of t.batches()) void batch.length;
      generateMs[t.name] = performance.now() - started;
    }

    const project = await openDatabase({ url: databaseUrl(adminUrl, projectDb) });
    let projectMs = 0;
    const projectTables: Record<string, TableFigure> = {};
    try {
      await migrateDatabase(project);
      const started = performance.now();
      const report = await seedDatabase(project, { scale: "full", today, encryptionKey });
      projectMs = performance.now() - started;
      for (const [name, load] of Object.entries(report))
        projectTables[name] = { ...figure(load.rows, load.ms), generate_s: round((generateMs[name] ?? 0) / 1000, 3) };
    } finally {
      await project.close();
    }

    const baseline = await openDatabase({ url: databaseUrl(adminUrl, copyDb) });
    try {
      await migrateDatabase(baseline);
    } finally {
      await baseline.close();
    }
    const client = new pg.Client({ connectionString: databaseUrl(adminUrl, copyDb) });
    await client.connect();
    const copyTables: Record<string, TableFigure> = {};
    let copyMs = 0;
    try {
      const passwordHash = await hashDemoPassword();
      const started = performance.now();
      for (const t of seedTables({ scale: "full", today, encryptionKey }, passwordHash)) {
        const tableStarted = performance.now();
        const rows = await copyTable(client, t);
        copyTables[t.name] = figure(rows, performance.now() - tableStarted);
      }
      copyMs = performance.now() - started;
    } finally {
      await client.end();
    }

    const total = (tables: Record<string, TableFigure>) => Object.values(tables).reduce((n, t) => n + t.rows, 0);
    return {
      name: "seed",
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version },
      params: { scale: "full", today, driver: "pg", unnest_batch_rows: 5000, inserts_in_flight: 2 },
      project: {
        wall_s: round(projectMs / 1000, 2),
        rows: total(projectTables),
        rows_per_s: Math.round(total(projectTables) / (projectMs / 1000)),
        tables: projectTables,
      },
      baseline: {
        what: "COPY FROM STDIN of the same rows",
        wall_s: round(copyMs / 1000, 2),
        rows: total(copyTables),
        rows_per_s: Math.round(total(copyTables) / (copyMs / 1000)),
        tables: copyTables,
      },
    };
  } finally {
    for (const name of [projectDb, copyDb])
      await admin.query(`drop database if exists ${quoteIdent(name)} with (force)`).catch(() => undefined);
    await admin.end();
  }
}

export function summary(result: {
  project: { wall_s: number; rows_per_s: number };
  baseline: { wall_s: number; rows_per_s: number };
}): string {
  return `seed (full): ${result.project.wall_s} s, ${result.project.rows_per_s.toLocaleString("en")} rows/s; COPY baseline ${result.baseline.wall_s} s, ${result.baseline.rows_per_s.toLocaleString("en")} rows/s`;
}
