// Debian's packages that the tests drive for real, installed when missing and we are root.
import { existsSync } from "node:fs";
import { runStep } from "./run-step.mjs";

let updated = false;

/** Makes sure `file` exists, installing Debian's `pkg` for it when we may; otherwise says what to run. */
export function ensureDebianPackage(file, pkg) {
  if (existsSync(file)) return;
  if (process.getuid?.() !== 0) {
    console.error(`${file} is missing: install it with "sudo apt-get install -y ${pkg}" and run the tests again.`);
    process.exit(1);
  }
  console.log(`Installing ${pkg} from Debian (needed by the tests)…`);
  if (!updated) runStep("apt-get update", "apt-get", ["update", "-qq"]);
  updated = true;
  runStep(`apt-get install ${pkg}`, "apt-get", ["install", "-y", "-qq", "--no-install-recommends", pkg], {
    DEBIAN_FRONTEND: "noninteractive",
  });
}
