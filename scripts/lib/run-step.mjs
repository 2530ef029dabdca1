// One step of a script that stops at the first failure: prints its label, runs it, prints how long it took.
import { spawn, spawnSync } from "node:child_process";

export function runStep(label, command, args, env = {}) {
  console.log(`\n▶ ${label}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`✗ ${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
  console.log(`✓ ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

/**
 * Lanes of steps run side by side, the steps of one lane one after the other: for steps that each
 * keep one core busy, on a machine with more than one. Each step's output is held and printed
 * whole when it ends, so that two steps' lines do not interleave. The first failure ends the script
 * once every lane has stopped (a lane stops at its first failure; the others run to their end, so
 * that one run reports every failing stage).
 * @param {Array<Array<{ label: string, command: string, args: string[], env?: Record<string, string> }>>} lanes
 */
export async function runLanes(lanes) {
  console.log(`\n▶ ${lanes.map((lane) => lane.map((step) => step.label).join(" → ")).join("  ‖  ")}`);
  const failures = [];
  await Promise.all(
    lanes.map(async (lane) => {
      for (const step of lane) {
        const outcome = await runHeld(step);
        if (outcome.status !== 0) {
          failures.push(step.label);
          console.error(`✗ ${step.label} failed (exit ${outcome.status ?? outcome.signal})`);
          return;
        }
      }
    }),
  );
  if (failures.length > 0) process.exit(1);
}

function runHeld({ label, command, args, env = {} }) {
  const started = Date.now();
  return new Promise((resolve) => {
    // FORCE_COLOR: the tools see a pipe, not the terminal, and would drop their colours.
    const colour = process.stdout.isTTY ? { FORCE_COLOR: "1" } : {};
    const child = spawn(command, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...colour, ...env },
    });
    const chunks = [];
    child.stdout.on("data", (chunk) => chunks.push(chunk));
    child.stderr.on("data", (chunk) => chunks.push(chunk));
    child.on("error", (error) => chunks.push(Buffer.from(`${error.message}\n`)));
    child.on("close", (status, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const output = Buffer.concat(chunks).toString();
      process.stdout.write(`\n── ${label} ──\n${output}${output.endsWith("\n") || output === "" ? "" : "\n"}`);
      if (status === 0) console.log(`✓ ${label} (${seconds} s)`);
      resolve({ status, signal });
    });
  });
}
