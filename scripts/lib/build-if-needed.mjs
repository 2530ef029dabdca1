// Runs `next build` only when the sources changed since the last build, so `npm start`
// and `npm test` do not pay for a build twice in a row.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const SOURCES = [
  "app",
  "components",
  "lib",
  "server",
  "messages",
  "i18n",
  "public",
  "next.config.ts",
  "package-lock.json",
  "postcss.config.mjs",
  "tsconfig.json",
];
const FINGERPRINT_FILE = path.join(".next", "source-fingerprint");

function* filesUnder(entry) {
  if (!existsSync(entry)) return;
  const stat = statSync(entry);
  if (stat.isFile()) {
    yield [entry, stat];
    return;
  }
  for (const name of readdirSync(entry).sort()) yield* filesUnder(path.join(entry, name));
}

function sourceFingerprint() {
  const hash = createHash("sha256");
  for (const source of SOURCES)
    for (const [file, stat] of filesUnder(source)) hash.update(`${file}:${stat.size}:${stat.mtimeMs}\n`);
  return hash.digest("hex");
}

export function buildIfNeeded() {
  const fingerprint = sourceFingerprint();
  const upToDate =
    existsSync(path.join(".next", "BUILD_ID")) &&
    existsSync(FINGERPRINT_FILE) &&
    readFileSync(FINGERPRINT_FILE, "utf8") === fingerprint;
  if (upToDate) return;
  console.log("Building the web app (sources changed since the last build)…");
  const result = spawnSync("npx", ["next", "build"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(FINGERPRINT_FILE, fingerprint);
}
