import path from "node:path";
import { loadConfigOrExit } from "../server/config";
import { openDatabase } from "../server/db/client";
import { migrateDatabase } from "../server/db/migrate";

if (process.argv.includes("--help")) {
  console.log("Usage: npm run db:migrate\nApplies the migrations in drizzle/ to DATABASE_URL, or to the embedded database under DATA_DIR (default .data).");
  process.exit(0);
}
const config = loadConfigOrExit();
const handle = await openDatabase({ url: config.databaseUrl, pgliteDir: path.join(config.dataDir, "pglite") });
try {
  await migrateDatabase(handle);
  console.log(`Migrations applied (${handle.driver}).`);
} finally {
  await handle.close();
}
