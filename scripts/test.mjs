#!/usr/bin/env node
// `npm test`: everything a newcomer's machine needs to prove the product works.
// Typecheck, lint, unit, integration (PostgreSQL when DATABASE_URL is set, PGlite otherwise),
// then end-to-end in Debian's Chromium against the production build.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { buildIfNeeded } from "./lib/build-if-needed.mjs";

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

/** Debian's packages the tests drive for real; installed when missing and we are root. */
function ensureDebianPackage(binary, pkg) {
  if (existsSync(binary)) return;
  if (process.getuid?.() !== 0) {
    console.error(`${binary} is missing: install it with "sudo apt-get install -y ${pkg}" and run npm test again.`);
    process.exit(1);
  }
  console.log(`Installing ${pkg} from Debian (needed by the tests)…`);
  run(`apt-get update`, "apt-get", ["update", "-qq"]);
  run(`apt-get install ${pkg}`, "apt-get", ["install", "-y", "-qq", "--no-install-recommends", pkg], { DEBIAN_FRONTEND: "noninteractive" });
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
