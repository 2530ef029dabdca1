import { sql } from "drizzle-orm";
import type { Runtime } from "../runtime";
import { customers } from "../db/schema";
import { seedDatabase } from "./index";

/**
 * `npm start` on a fresh machine should show something: an empty embedded database
 * gets the demo data. A PostgreSQL database is never seeded behind the operator's back.
 */
export async function seedDemoIfEmpty(runtime: Runtime): Promise<void> {
  if (runtime.database.driver !== "pglite" || process.env.AUTO_SEED === "0") return;
  const [row] = await runtime.database.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(customers);
  if ((row?.n ?? 0) > 0) return;
  console.log("Empty embedded database: loading the demo data (npm run seed -- --scale demo)");
  await seedDatabase(runtime.database, {
    scale: "demo",
    today: new Date(),
    reset: false,
    encryptionKey: runtime.config.encryptionKey,
  });
}
