import { inArray, sql } from "drizzle-orm";
import type { Runtime } from "../runtime";
import { customers, staffUsers } from "../db/schema";
import { DEMO_PASSWORD, DEMO_STAFF } from "./demo-accounts";
import { seedDatabase } from "./index";

const isLoopback = (host: string) => host === "127.0.0.1" || host === "::1" || host === "localhost";

/**
 * What `npm start` does to the database before it listens, by mode:
 * - the embedded trial (no DATABASE_URL) loads the demo data into an empty database, so a fresh
 *   machine shows something, and says the demo accounts are open with their published password;
 * - a deployment never loads demo data by itself (only `npm run seed` does); with no staff user
 *   it says how to create the first administrator, and with the demo accounts present it warns.
 */
export async function prepareDatabaseOnStart(
  runtime: Pick<Runtime, "config" | "database">,
  log: (line: string) => void = console.log,
): Promise<void> {
  const { config, database } = runtime;
  const trial = config.databaseUrl === undefined;
  if (trial && process.env.AUTO_SEED !== "0") {
    const [row] = await database.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(customers);
    if ((row?.n ?? 0) === 0) {
      log("Empty embedded database: loading the demo data (npm run seed -- --scale demo)");
      await seedDatabase(database, {
        scale: "demo",
        today: new Date(),
        reset: false,
        encryptionKey: config.encryptionKeys[0]!,
      });
    }
  }
  const demoEmails = DEMO_STAFF.map((s) => s.email);
  const [demo] = await database.db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(staffUsers)
    .where(inArray(staffUsers.email, demoEmails));
  if ((demo?.n ?? 0) > 0) {
    const reach = isLoopback(config.host)
      ? "reachable from this machine only (HOST=0.0.0.0 would open them to the network)"
      : `reachable by anyone who reaches ${config.host}:${config.port}, since HOST=${config.host}`;
    log(
      trial
        ? `Demo accounts are open, ${reach}: ${demoEmails.join(", ")} and the customers customer@demo.test, customer2@demo.test, all with the password ${DEMO_PASSWORD}. This is a trial: a deployment sets DATABASE_URL.`
        : `Warning: the demo accounts are open on this deployment (${demoEmails[0]} and others, password ${DEMO_PASSWORD}): they were loaded by npm run seed. Deactivate them or reset the database before real use.`,
    );
    return;
  }
  if (!trial) {
    const [staff] = await database.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(staffUsers);
    if ((staff?.n ?? 0) === 0)
      log(
        "No staff account yet: create the first administrator with `npm run admin:create -- <email>` (it asks for a password, or generates one and prints it).",
      );
  }
}
