#!/usr/bin/env node
// `npm run test:e2e`: the end-to-end files alone, on a production build made only when the sources changed.
import { spawnSync } from "node:child_process";
import { buildIfNeeded } from "./lib/build-if-needed.mjs";

const HELP = `Usage: npm run test:e2e [-- [test files…] [Vitest options]]

Runs the end-to-end tests (tests/e2e, Debian's Chromium against the production build) with
\`vitest run --project e2e\`. Builds the web app first when its sources changed since the last build.

  test files…      only these files (paths or name filters), e.g. tech-offline
  Vitest options   passed on, e.g. -t "<test name pattern>", --reporter verbose, --bail 1
                   (all of them: npx vitest run --help)
  --help, -h       show this help

The arguments are checked by Vitest before the build, so a mistyped option costs no build.`;

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(HELP);
  process.exit(0);
}

function fail(message) {
  console.error(`test:e2e: ${message}. See npm run test:e2e -- --help.`);
  process.exit(2);
}

// Let Vitest parse the arguments and pick the files without running anything (a few seconds),
// so that a bad option or a filter that matches no file fails now rather than after a build.
if (args.length > 0) {
  const listed = spawnSync("npx", ["vitest", "list", "--filesOnly", "--project", "e2e", ...args], { encoding: "utf8" });
  if (listed.status !== 0) {
    // Vitest's command-line parser throws (CACError) with a stack; its message is the useful part.
    const cliError = /^CACError: (.+)$/m.exec(listed.stderr ?? "");
    if (cliError) fail(cliError[1].replaceAll("`", '"'));
    process.stderr.write(listed.stderr ?? "");
    process.exit(listed.status ?? 1);
  }
  if (!/\S/.test(listed.stdout ?? "")) fail("no end-to-end test file matches the files given");
}

buildIfNeeded();
const result = spawnSync("npx", ["vitest", "run", "--project", "e2e", ...args], { stdio: "inherit" });
process.exit(result.status ?? 1);
