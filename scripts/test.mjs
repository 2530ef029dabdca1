#!/usr/bin/env node
// `npm test`: everything a newcomer's machine needs to prove the product works.
// Typecheck, format check (Prettier), lint, unit, integration (PostgreSQL when DATABASE_URL is set, PGlite otherwise),
// then end-to-end in Debian's Chromium against the production build.
import { buildIfNeeded } from "./lib/build-if-needed.mjs";
import { ensureDebianPackage } from "./lib/debian-packages.mjs";
import { runLanes, runStep as run } from "./lib/run-step.mjs";

const USAGE = `Usage: npm test
Runs typecheck, format check, lint, unit, integration and end-to-end tests. Set DATABASE_URL to run integration tests on PostgreSQL.
One stage alone: npm run typecheck, format:check, lint, test:unit, test:integration, test:e2e.`;
const args = process.argv.slice(2).filter((a) => a !== "--");
if (args.includes("--help") || args.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
if (args.length > 0) {
  console.error(`test: takes no arguments, got "${args[0]}".\n\n${USAGE}`);
  process.exit(2);
}

ensureDebianPackage(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", "chromium");
ensureDebianPackage(process.env.REDIS_SERVER_PATH ?? "/usr/bin/redis-server", "redis-server");
ensureDebianPackage(process.env.FREERADIUS_PATH ?? "/usr/sbin/freeradius", "freeradius");
ensureDebianPackage("/usr/lib/freeradius/rlm_rest.so", "freeradius-rest");
ensureDebianPackage(process.env.RADCLIENT_PATH ?? "/usr/bin/radclient", "freeradius-utils");
ensureDebianPackage(process.env.SNMPD_PATH ?? "/usr/sbin/snmpd", "snmpd");
ensureDebianPackage("/usr/bin/snmpget", "snmp");

console.log(
  process.env.DATABASE_URL
    ? "Integration tests on PostgreSQL (DATABASE_URL)."
    : "DATABASE_URL is not set: integration tests on the embedded PGlite.",
);
// Two lanes side by side: tsc, Prettier and ESLint each keep one core busy, and Vitest gives the
// unit project one worker less than the cores (one on the 2-core CI machine), so together they fill
// two cores where one after the other they left one idle.
await runLanes([
  [
    { label: "typecheck", command: "npx", args: ["tsc", "--noEmit"] },
    { label: "format", command: "npm", args: ["run", "--silent", "format:check"] },
    { label: "lint", command: "npx", args: ["eslint", "--max-warnings", "0", "."] },
  ],
  [{ label: "unit tests", command: "npx", args: ["vitest", "run", "--project", "unit"] }],
]);
run("integration tests", "npx", ["vitest", "run", "--project", "integration"]);
console.log("\n▶ build");
buildIfNeeded();
run("end-to-end tests", "npx", ["vitest", "run", "--project", "e2e"]);
console.log("\nAll test stages passed.");
