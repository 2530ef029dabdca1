import path from "node:path";
import { loadConfigOrExit } from "../server/config";
import { openDatabase } from "../server/db/client";
import { migrateDatabase } from "../server/db/migrate";

const USAGE =
  "Usage: npm run db:migrate\nApplies the migrations in drizzle/ to DATABASE_URL, or to the embedded database under DATA_DIR (default .data).";
const args = process.argv.slice(2).filter((a) => a !== "--");
if (args.includes("--help") || args.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
if (args.length > 0) {
  console.error(`db:migrate: takes no arguments, got "${args[0]}".\n\n${USAGE}`);
  process.exit(2);
}
const config = loadConfigOrExit();
const handle = await openDatabase({ url: config.databaseUrl, pgliteDir: path.join(config.dataDir, "pglite") });
try {
  await migrateDatabase(handle);
  console.log(`Migrations applied (${handle.driver}).`);
} finally {
  await handle.close();
}
