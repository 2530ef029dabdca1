import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfigOrExit } from "../server/config";
import { openDatabase } from "../server/db/client";
import { migrateDatabase } from "../server/db/migrate";
import { SeedRefusedError, seedDatabase, seedDay, type SeedScale } from "../server/seed";
import { VOLUMES } from "../server/seed/generate";
import { parseDay } from "../server/seed/generate/time";

const USAGE = `Usage: npm run seed -- --scale demo|full [--reset] [--today YYYY-MM-DD]

Loads deterministic demo data into DATABASE_URL, or into the embedded database under
DATA_DIR (default .data) when DATABASE_URL is unset. Migrations are applied first.

  --scale demo|full   demo: about ${VOLUMES.demo.customers} customers, a few seconds.
                      full: production volume (${VOLUMES.full.customers.toLocaleString("en")} customers, ${VOLUMES.full.tickets.toLocaleString("en")} tickets,
                      ${VOLUMES.full.messages.toLocaleString("en")} messages); use PostgreSQL.
  --reset             empty every application table first. Without it, a database
                      that already holds data is left untouched.
  --today YYYY-MM-DD  reference day (default: today in Quebec). The same scale and
                      day always give the same rows.
  --help              show this help.

Demo accounts, all with the password demo-password-2026: admin@demo.test,
dispatcher@demo.test, dispatcher2@demo.test, technician@demo.test, billing@demo.test,
support@demo.test; customers customer@demo.test and customer2@demo.test.`;

function fail(message: string): never {
  console.error(`seed: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function parse(): { scale: SeedScale; reset: boolean; today: string } {
  try {
    const { values, positionals } = parseArgs({
      args: process.argv.slice(2),
      options: {
        scale: { type: "string" },
        reset: { type: "boolean", default: false },
        today: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    if (positionals.length > 0) fail(`unexpected argument "${positionals[0]}"`);
    if (!values.scale) fail("--scale is required (demo or full)");
    if (values.scale !== "demo" && values.scale !== "full") fail(`--scale must be demo or full, got "${values.scale}"`);
    if (values.today !== undefined) {
      try {
        parseDay(values.today);
      } catch (error) {
        fail(`--today: ${(error as Error).message}`);
      }
    }
    return { scale: values.scale, reset: values.reset ?? false, today: values.today ?? seedDay(new Date()) };
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) fail((error as Error).message);
    throw error;
  }
}

const args = parse();
const config = loadConfigOrExit();
const handle = await openDatabase({ url: config.databaseUrl, pgliteDir: path.join(config.dataDir, "pglite") });
let exitCode = 0;
try {
  await migrateDatabase(handle);
  console.log(
    `Seeding ${args.scale} data for ${args.today} into ${handle.driver === "pg" ? "PostgreSQL" : "the embedded database"}${args.reset ? " (reset)" : ""}…`,
  );
  const started = performance.now();
  const report = await seedDatabase(handle, {
    ...args,
    encryptionKey: config.encryptionKeys[0]!,
    onProgress: ({ table, rows, ms }) => {
      const perSecond = ms > 0 ? Math.round(rows / (ms / 1000)) : rows;
      console.log(
        `  ${table.padEnd(30)} ${rows.toLocaleString("en").padStart(9)} rows ${(ms / 1000).toFixed(2).padStart(7)} s ${perSecond.toLocaleString("en").padStart(9)} rows/s`,
      );
    },
  });
  const rows = Object.values(report).reduce((n, r) => n + r.rows, 0);
  console.log(`Done: ${rows.toLocaleString("en")} rows in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
} catch (error) {
  exitCode = 1;
  console.error(error instanceof SeedRefusedError ? `seed: ${error.message}` : error);
} finally {
  await handle.close();
}
process.exit(exitCode);
