#!/usr/bin/env node
// `npm test`: everything a newcomer's machine needs to prove the product works.
// Typecheck, lint, unit, integration (PostgreSQL when DATABASE_URL is set, PGlite otherwise),
// then end-to-end in Debian's Chromium against the production build.
import { spawnSync } from "node:child_process";
import { buildIfNeeded } from "./lib/build-if-needed.mjs";
import { ensureDebianPackage } from "./lib/debian-packages.mjs";

if (process.argv.includes("--help")) {
  console.log("Usage: npm test\nRuns typecheck, lint, unit, integration and end-to-end tests. Set DATABASE_URL to run integration tests on PostgreSQL.");
  process.exit(0);
}

function run(label, command, args, env = {}) {
  console.log(`\n▶ ${label}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`✗ ${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
  console.log(`✓ ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

ensureDebianPackage(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", "chromium");
ensureDebianPackage(process.env.REDIS_SERVER_PATH ?? "/usr/bin/redis-server", "redis-server");

console.log(process.env.DATABASE_URL ? "Integration tests on PostgreSQL (DATABASE_URL)." : "DATABASE_URL is not set: integration tests on the embedded PGlite.");
run("typecheck", "npx", ["tsc", "--noEmit"]);
run("lint", "npx", ["eslint", "--max-warnings", "0", "."]);
run("unit tests", "npx", ["vitest", "run", "--project", "unit"]);
run("integration tests", "npx", ["vitest", "run", "--project", "integration"]);
console.log("\n▶ build");
buildIfNeeded();
run("end-to-end tests", "npx", ["vitest", "run", "--project", "e2e"]);
console.log("\nAll test stages passed.");
