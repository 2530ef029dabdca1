#!/usr/bin/env node
// `npm run test:dates`: the integration and end-to-end tests, run again with the whole process
// tree's clock moved to fixed instants by Debian's libfaketime (Node, the app servers the tests
// start, Chromium, Redis). So that the database agrees with them, each instant gets its own
// throwaway PostgreSQL cluster whose clock is moved the same way; with no PostgreSQL binaries
// on the machine the tests use the embedded PGlite, which runs inside Node's faked clock.
// The clock keeps ticking from each instant (an offset, not a frozen time): timers, tokens and
// fix ages behave as they would at that moment.
import { spawn, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildIfNeeded } from "./lib/build-if-needed.mjs";
import { ensureDebianPackage } from "./lib/debian-packages.mjs";

/** Instants in Montréal's time, each chosen for what it breaks when a test leans on the clock. */
const INSTANTS = [
  { label: "a Tuesday at 07:00, before the first visit", at: "2027-01-12T07:00:00-05:00" },
  { label: "a Tuesday at 18:30, the day's visits over", at: "2027-01-12T18:30:00-05:00" },
  { label: "a Saturday, no visits planned", at: "2027-01-16T10:00:00-05:00" },
  { label: "2027-02-28 at 21:00, already March 1 in UTC", at: "2027-02-28T21:00:00-05:00" },
  { label: "2027-03-14 at 03:30, an hour after the clocks spring forward", at: "2027-03-14T03:30:00-04:00" },
  { label: "2027-12-31 at 23:30, the year's last half hour", at: "2027-12-31T23:30:00-05:00" },
];

const HELP = `Usage: npm run test:dates [-- --instant N | --at ISO-8601] [--integration-only | --e2e-only] [test files…]

Runs the integration and end-to-end tests under each of these instants (Montréal time):
${INSTANTS.map((instant, i) => `  ${i + 1}. ${instant.at}  ${instant.label}`).join("\n")}

  --instant N         only the Nth instant of the list
  --at ISO-8601       only this instant, e.g. 2027-07-01T12:00:00-04:00
  --integration-only  skip the end-to-end files
  --e2e-only          skip the integration files
  test files…         only these files (paths or name filters, as vitest takes them)
Installs Debian's faketime when it is missing (as root).`;

const FAKETIME_LIBRARY = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

function parseArguments(argv) {
  const options = { instants: INSTANTS, integration: true, e2e: true, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") {
      console.log(HELP);
      process.exit(0);
    } else if (arg === "--integration-only") options.e2e = false;
    else if (arg === "--e2e-only") options.integration = false;
    else if (arg === "--instant") {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1 || n > INSTANTS.length)
        fail(`--instant takes a number from 1 to ${INSTANTS.length}.`);
      options.instants = [INSTANTS[n - 1]];
    } else if (arg === "--at") {
      const at = argv[++i];
      if (!at || Number.isNaN(Date.parse(at)))
        fail("--at takes an ISO-8601 instant with its offset, e.g. 2027-07-01T12:00:00-04:00.");
      options.instants = [{ label: "the instant given", at }];
    } else if (!arg.startsWith("-")) options.files.push(arg);
    else fail(`Unknown argument "${arg}". See npm run test:dates -- --help.`);
  }
  if (!options.integration && !options.e2e) fail("--integration-only and --e2e-only together leave nothing to run.");
  return options;
}

function fail(message) {
  console.error(message);
  process.exit(2);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * The environment that moves a process's wall clock by `offsetSeconds`. Monotonic clocks stay
 * real so timers keep their pace; without FAKETIME_FORCE_MONOTONIC_FIX=0 Chromium under
 * libfaketime takes over a minute to open a page instead of under a second.
 */
function fakeClockEnv(offsetSeconds) {
  return {
    LD_PRELOAD: FAKETIME_LIBRARY,
    FAKETIME: `${offsetSeconds >= 0 ? "+" : ""}${offsetSeconds}s`,
    FAKETIME_DONT_FAKE_MONOTONIC: "1",
    FAKETIME_FORCE_MONOTONIC_FIX: "0",
    FAKETIME_DONT_RESET: "1",
  };
}

function postgresBinaries() {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const version = readdirSync(root)
    .sort((a, b) => Number(b) - Number(a))
    .find((v) => existsSync(path.join(root, v, "bin", "initdb")));
  return version ? path.join(root, version, "bin") : null;
}

/** A throwaway PostgreSQL cluster on a free loopback port whose clock is moved like the tests'. PostgreSQL refuses to run as root, so root runs it as `postgres`. */
async function startFakedPostgres(bin, offsetSeconds) {
  const dir = mkdtempSync(path.join(tmpdir(), "fibre-ops-dates-pg-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot)
    chownSync(
      dir,
      Number(spawnSync("id", ["-u", "postgres"]).stdout),
      Number(spawnSync("id", ["-g", "postgres"]).stdout),
    );
  const as = (command, args) => (asRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args]);
  const dataDir = path.join(dir, "data");
  const init = spawnSync(
    ...as(path.join(bin, "initdb"), [
      "-D",
      dataDir,
      "-A",
      "trust",
      "-U",
      "postgres",
      "--no-sync",
      "-E",
      "UTF8",
      "--locale=C.UTF-8",
    ]),
    { encoding: "utf8" },
  );
  if (init.status !== 0) throw new Error(`initdb failed:\n${init.stderr}`);
  const port = await freePort();
  const [command, args] = as("env", [
    ...Object.entries(fakeClockEnv(offsetSeconds)).map(([k, v]) => `${k}=${v}`),
    path.join(bin, "postgres"),
    "-D",
    dataDir,
    "-p",
    String(port),
    "-k",
    dir,
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    "fsync=off",
    "-c",
    "synchronous_commit=off",
    "-c",
    "full_page_writes=off",
    "-c",
    "max_connections=300",
  ]);
  const server = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  server.stderr.on("data", (chunk) => {
    log += chunk.toString();
  });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  for (let attempt = 0; ; attempt++) {
    if (spawnSync(path.join(bin, "pg_isready"), ["-q", "-h", "127.0.0.1", "-p", String(port)]).status === 0) break;
    if (server.exitCode !== null || attempt > 100) throw new Error(`the faked-clock PostgreSQL did not start:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    async stop() {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGINT");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (server.exitCode === null) server.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function runVitest(project, files, env) {
  const started = Date.now();
  const result = spawnSync("npx", ["vitest", "run", "--project", project, "--passWithNoTests", ...files], {
    stdio: "inherit",
    env: { ...process.env, ...env },
  });
  return { ok: result.status === 0, seconds: (Date.now() - started) / 1000 };
}

const options = parseArguments(process.argv.slice(2));
ensureDebianPackage(FAKETIME_LIBRARY, "libfaketime");
if (options.e2e) {
  ensureDebianPackage(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", "chromium");
  ensureDebianPackage(process.env.REDIS_SERVER_PATH ?? "/usr/bin/redis-server", "redis-server");
  // Built with the real clock, once: the build does not depend on the date.
  buildIfNeeded();
}
const bin = postgresBinaries();
if (!bin) console.log("No PostgreSQL binaries here: the tests use the embedded PGlite, inside the faked clock.");

const results = [];
for (const instant of options.instants) {
  const offsetSeconds = Math.round((Date.parse(instant.at) - Date.now()) / 1000);
  console.log(`\n▶ ${instant.at}: ${instant.label}`);
  const postgres = bin ? await startFakedPostgres(bin, offsetSeconds) : null;
  const env = { ...fakeClockEnv(offsetSeconds), DATABASE_URL: postgres?.url ?? "" };
  try {
    for (const project of [options.integration && "integration", options.e2e && "e2e"].filter(Boolean)) {
      const outcome = runVitest(project, options.files, env);
      results.push({ instant, project, ...outcome });
      console.log(`${outcome.ok ? "✓" : "✗"} ${project} at ${instant.at} (${outcome.seconds.toFixed(1)} s)`);
    }
  } finally {
    await postgres?.stop();
  }
}

console.log("\nSummary:");
for (const r of results)
  console.log(
    `  ${r.ok ? "✓" : "✗"} ${r.instant.at}  ${r.project.padEnd(11)} ${r.seconds.toFixed(1).padStart(6)} s  ${r.instant.label}`,
  );
const failed = results.filter((r) => !r.ok);
if (failed.length > 0) {
  console.error(`\n${failed.length} of ${results.length} runs failed.`);
  process.exit(1);
}
console.log("\nEvery instant passed.");
