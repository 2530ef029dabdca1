#!/usr/bin/env node
// `npm start`: builds the web app when its sources changed since the last build, then runs
// the one server process (server/main.ts) in production mode.
import { spawn } from "node:child_process";
import { buildIfNeeded } from "./lib/build-if-needed.mjs";

const USAGE =
  "Usage: npm start\nBuilds the app if needed and serves it on PORT (default 3000). See README.md for every setting.";
const args = process.argv.slice(2).filter((a) => a !== "--");
if (args.includes("--help") || args.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
if (args.length > 0) {
  // Settings are environment variables (PORT=4000 npm start), not flags.
  console.error(`start: takes no arguments, got "${args[0]}".\n\n${USAGE}`);
  process.exit(2);
}

buildIfNeeded();

// --expose-gc: the collab server collects once after a board is unloaded (server/collab/release-memory.ts).
const server = spawn(process.execPath, ["--expose-gc", "--import", "tsx", "server/main.ts"], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
