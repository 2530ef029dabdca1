import path from "node:path";
import { eq } from "drizzle-orm";
import { loadConfigOrExit } from "../server/config";
import { openDatabase } from "../server/db/client";
import { staffUsers } from "../server/db/schema";
import { signCollabToken, COLLAB_TOKEN_SECONDS } from "../server/collab/tokens";

const USAGE = `Usage: npm run collab:token -- <staff email>

Prints a signed token for that staff user, valid ${COLLAB_TOKEN_SECONDS / 60} minutes, accepted by /collab
(and /realtime) for scripts, simulators and load tests. Uses DATABASE_URL or the embedded database.`;

const args = process.argv.slice(2).filter((a) => a !== "--");
if (args.includes("--help") || args.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
const option = args.find((a) => a.startsWith("-"));
if (option) {
  console.error(`collab:token: unknown option "${option}".\n\n${USAGE}`);
  process.exit(2);
}
if (args.length !== 1 || !args[0]!.includes("@")) {
  console.error(`collab:token: give exactly one staff email address.\n\n${USAGE}`);
  process.exit(2);
}
const config = loadConfigOrExit();
const handle = await openDatabase({ url: config.databaseUrl, pgliteDir: path.join(config.dataDir, "pglite") });
try {
  const [user] = await handle.db.select().from(staffUsers).where(eq(staffUsers.email, args[0]!.toLowerCase()));
  if (!user || !user.active) {
    console.error(`collab:token: no active staff user with the email ${args[0]}`);
    process.exit(1);
  }
  console.log(signCollabToken(user.id, config.authSecret));
} finally {
  await handle.close();
}
