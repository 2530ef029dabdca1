#!/usr/bin/env node
// `npm run test:e2e`: the end-to-end files alone, on a production build made only when the sources changed.
import { spawnSync } from "node:child_process";
import { buildIfNeeded } from "./lib/build-if-needed.mjs";

buildIfNeeded();
const result = spawnSync("npx", ["vitest", "run", "--project", "e2e", ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(result.status ?? 1);
