import path from "node:path";
import { createInterface } from "node:readline";
import { loadConfigOrExit } from "../server/config";
import { openDatabase } from "../server/db/client";
import { migrateDatabase } from "../server/db/migrate";
import {
  ADMIN_PASSWORD_MIN_LENGTH,
  AdminCreateRefused,
  checkAdminEmail,
  createFirstAdmin,
  generateAdminPassword,
} from "../server/services/staff/create-admin";

const USAGE = `Usage: npm run admin:create -- <email> [--name "Full Name"]

Creates an active administrator (staff role admin) who signs in with email and password:
the first account of a deployment, which loads no demo data. On a terminal it asks for
the password (at least ${ADMIN_PASSWORD_MIN_LENGTH} characters, typed twice); otherwise it generates a strong one
and prints it once. Uses DATABASE_URL, or the embedded database under DATA_DIR; migrations
are applied first. Refuses an email that already has a staff account.`;

function fail(message: string): never {
  console.error(`admin:create: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function parse(): { email: string; name: string | undefined } {
  const args = process.argv.slice(2).filter((a) => a !== "--");
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    process.exit(0);
  }
  let name: string | undefined;
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--name") {
      name = args[++i];
      if (!name) fail("--name needs a value");
    } else if (arg.startsWith("--name=")) name = arg.slice("--name=".length);
    else if (arg.startsWith("-")) fail(`unknown option "${arg}"`);
    else positionals.push(arg);
  }
  if (positionals.length !== 1) fail("give exactly one email address");
  try {
    return { email: checkAdminEmail(positionals[0]!), name };
  } catch (error) {
    if (error instanceof AdminCreateRefused) fail(error.message);
    throw error;
  }
}

/**
 * Asks on the terminal without echoing what is typed: the password never shows on the screen or in
 * the scrollback. One readline for every question, so lines typed ahead are not lost between them.
 */
async function choosePassword(): Promise<{ password: string; generated: boolean }> {
  if (!process.stdin.isTTY) return { password: generateAdminPassword(), generated: true };
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const output = rl as unknown as { _writeToOutput: (text: string) => void };
  const write = output._writeToOutput.bind(rl);
  let muted = false;
  output._writeToOutput = (text: string) => {
    if (!muted) write(text);
  };
  const askHidden = (question: string) =>
    new Promise<string>((resolve) => {
      process.stdout.write(question);
      muted = true;
      rl.question("", (answer) => {
        muted = false;
        process.stdout.write("\n");
        resolve(answer);
      });
    });
  try {
    for (;;) {
      const first = await askHidden(
        `Password (at least ${ADMIN_PASSWORD_MIN_LENGTH} characters, empty to generate one): `,
      );
      if (first === "") return { password: generateAdminPassword(), generated: true };
      if (first.length < ADMIN_PASSWORD_MIN_LENGTH) {
        console.error(`The password must have at least ${ADMIN_PASSWORD_MIN_LENGTH} characters.`);
        continue;
      }
      if ((await askHidden("The same password again: ")) === first) return { password: first, generated: false };
      console.error("The two passwords differ.");
    }
  } finally {
    rl.close();
  }
}

const { email, name } = parse();
const config = loadConfigOrExit();
const handle = await openDatabase({ url: config.databaseUrl, pgliteDir: path.join(config.dataDir, "pglite") });
let exitCode = 0;
try {
  await migrateDatabase(handle);
  const { password, generated } = await choosePassword();
  await createFirstAdmin(handle.db, { email, password, name });
  console.log(`Created the administrator ${email}; sign in at ${config.baseUrl}/sign-in.`);
  if (generated) console.log(`Generated password: ${password}\n(shown once: keep it in a password manager)`);
} catch (error) {
  exitCode = 1;
  console.error(error instanceof AdminCreateRefused ? `admin:create: ${error.message}` : error);
} finally {
  await handle.close();
}
process.exit(exitCode);
