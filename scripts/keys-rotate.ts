import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfigOrExit } from "../server/config";
import { ENCRYPTED_COLUMNS } from "../server/crypto/encrypted-columns";
import { openDatabase } from "../server/db/client";
import { migrateDatabase } from "../server/db/migrate";
import { rotateEncryptionKeys } from "../server/services/secrets/rotate-keys";

const USAGE = `Usage: npm run keys:rotate [-- --batch-size N]

Re-seals every encrypted value (${ENCRYPTED_COLUMNS.map((c) => `${c.table}.${c.column}`).join(", ")}) with the newest
key of APP_ENCRYPTION_KEYS (the first), in batches of N rows (default 500), one transaction each.
Values in the format written before key ids are rewritten too. Safe to stop and run again: values
already on the newest key are skipped. When it reports done, the older keys can be removed from
APP_ENCRYPTION_KEYS (and APP_ENCRYPTION_KEY unset).

To rotate: put the new key first, e.g. APP_ENCRYPTION_KEYS=2027-01:<new base64 key>,2026-01:<old key>
(generate one with \`openssl rand -base64 32\`), restart every instance, then run this.
Uses DATABASE_URL, or the embedded database under DATA_DIR.`;

function fail(message: string): never {
  console.error(`keys:rotate: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function parse(): { batchSize: number } {
  try {
    const { values, positionals } = parseArgs({
      args: process.argv.slice(2).filter((a) => a !== "--"),
      options: { "batch-size": { type: "string" }, help: { type: "boolean", short: "h", default: false } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    if (positionals.length > 0) fail(`unexpected argument "${positionals[0]}"`);
    const raw = values["batch-size"] ?? "500";
    const batchSize = Number(raw);
    if (!/^\d+$/.test(raw) || batchSize < 1 || batchSize > 100_000)
      fail(`--batch-size must be a whole number from 1 to 100000, got "${raw}"`);
    return { batchSize };
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) fail((error as Error).message);
    throw error;
  }
}

const { batchSize } = parse();
const config = loadConfigOrExit();
const [newest, ...older] = config.encryptionKeys;
const handle = await openDatabase({ url: config.databaseUrl, pgliteDir: path.join(config.dataDir, "pglite") });
let exitCode = 0;
try {
  await migrateDatabase(handle);
  console.log(
    `Re-sealing with the key "${newest!.id}"${older.length ? `; opening with ${older.map((k) => `"${k.id}"`).join(", ")} too` : ""}…`,
  );
  const report = await rotateEncryptionKeys(handle.db, config.encryptionKeys, {
    batchSize,
    onBatch: ({ table, column, rewritten, lastId }) =>
      console.log(`  ${table}.${column}: ${rewritten} re-sealed (up to id ${lastId})`),
  });
  console.log(
    `Done: ${report.rewritten} value${report.rewritten === 1 ? "" : "s"} re-sealed; every encrypted value is on "${newest!.id}".` +
      (older.length
        ? ` The older keys (${older.map((k) => `"${k.id}"`).join(", ")}) can now be removed from APP_ENCRYPTION_KEYS, and APP_ENCRYPTION_KEY unset.`
        : ""),
  );
} catch (error) {
  exitCode = 1;
  console.error(`keys:rotate: ${error instanceof Error ? error.message : String(error)}`);
  console.error("Values re-sealed before this stay done; fix the value named above, then run keys:rotate again.");
} finally {
  await handle.close();
}
process.exit(exitCode);
