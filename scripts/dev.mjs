#!/usr/bin/env node
// `npm run dev`: the one server process (server/main.ts) in development mode, restarted by tsx watch on every
// server change (Next does its own hot reload inside it).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const USAGE = `Usage: npm run dev
Serves the app in development mode on PORT (default 3000): Next with hot reload, the server restarted by
tsx watch when a server file changes. See README.md for every setting.`;
const args = process.argv.slice(2).filter((a) => a !== "--");
if (args.includes("--help") || args.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
if (args.length > 0) {
  // Settings are environment variables (PORT=4000 npm run dev), not flags.
  console.error(`dev: takes no arguments, got "${args[0]}".\n\n${USAGE}`);
  process.exit(2);
}

const tsx = fileURLToPath(import.meta.resolve("tsx/cli"));
const watch = [
  "watch",
  "--clear-screen=false",
  "--ignore",
  "./.next/**",
  "--ignore",
  "./.data/**",
  "server/main.ts",
  "--dev",
];
const server = spawn(process.execPath, [tsx, ...watch], { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
