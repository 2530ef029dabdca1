import type { DatabaseHandle } from "../db/client";
import { encryptionKeyId, sealSecret, type EncryptionKey } from "../crypto/secret-box";
import { hashDemoPassword } from "./demo-accounts";
import { generateSeed, type SeedScale, type SeedTable } from "./generate";
import { nonEmptyTables, truncateAppTables, truncateTables, writeTable, type TableLoad } from "./write";

export type { SeedScale } from "./generate";
export type { TableLoad } from "./write";

export interface SeedDatabaseOptions {
  scale: SeedScale;
  /** Reference day: a 'YYYY-MM-DD' string, or a moment whose Quebec calendar day is used. */
  today: string | Date;
  /** Wipe every application table first; without it a database that holds data is refused. */
  reset?: boolean;
  /** The key RADIUS passwords are sealed with: the ring's newest, or a bare 32-byte key (its id derived from it). */
  encryptionKey: Buffer | EncryptionKey;
  onProgress?: (event: { table: string; rows: number; ms: number; index: number; of: number }) => void;
  batchSize?: number;
}

export type SeedReport = Record<string, TableLoad>;

export class SeedRefusedError extends Error {}

const quebecDay = new Intl.DateTimeFormat("en-CA", {
  timeZone: "America/Toronto",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The calendar day in Quebec, where the dispatch board lives. */
export function seedDay(today: string | Date): string {
  return typeof today === "string" ? today : quebecDay.format(today);
}

function sealingKey(given: Buffer | EncryptionKey): EncryptionKey {
  const entry = Buffer.isBuffer(given) ? { id: encryptionKeyId(given), key: given } : given;
  if (entry.key.length !== 32) throw new Error("encryptionKey must be 32 bytes");
  return entry;
}

export function seedTables(
  options: Pick<SeedDatabaseOptions, "scale" | "today" | "encryptionKey">,
  passwordHash: string,
): SeedTable[] {
  const ring = [sealingKey(options.encryptionKey)];
  return generateSeed({
    scale: options.scale,
    today: seedDay(options.today),
    sealSecret: (plain, binding) => sealSecret(plain, ring, binding),
    passwordHash,
  });
}

/**
 * Loads the whole seed. Every seeded table must start empty (or `reset` empties all of
 * them), so if loading fails half-way the seeded tables are emptied again rather than
 * left half-written.
 */
export async function seedDatabase(handle: DatabaseHandle, options: SeedDatabaseOptions): Promise<SeedReport> {
  sealingKey(options.encryptionKey);
  const tables = seedTables(options, await hashDemoPassword());
  const names = tables.map((t) => t.name);
  if (options.reset) {
    await truncateAppTables(handle);
  } else {
    const busy = await nonEmptyTables(handle, names);
    if (busy.length > 0) {
      const listed =
        busy.length > 3 ? `${busy.slice(0, 3).join(", ")} and ${busy.length - 3} more tables` : busy.join(", ");
      throw new SeedRefusedError(
        `The database already has data (${listed}). Run the seed with --reset to wipe every application table first.`,
      );
    }
  }
  const report: SeedReport = {};
  try {
    for (const [index, t] of tables.entries()) {
      const load = await writeTable(handle, t, {
        batchSize: options.batchSize,
        concurrency: handle.driver === "pg" ? 2 : 1,
      });
      report[t.name] = load;
      options.onProgress?.({ table: t.name, ...load, index, of: tables.length });
    }
    // Fresh statistics, so the first queries after a bulk load get sensible plans.
    await handle.query(`ANALYZE ${names.map((n) => `"${n}"`).join(", ")}`);
  } catch (error) {
    await truncateTables(handle, names).catch(() => undefined);
    throw error;
  }
  return report;
}
