import { readFileSync } from "node:fs";
import { checkSolution } from "../lib/domain/vrptw/check-solution";
import { LkhFormatError, lkhToProblem, parseLkh } from "../lib/domain/vrptw/lkh-format";
import { solve } from "../lib/domain/vrptw/solver";

const USAGE = `Usage: npm run vrptw -- <instance-file> [--seconds N] [--seed S] [--json]

Solves one VRPTW benchmark instance in the LKH-3 CVRPTW format (../shared/data/vrptw/FORMAT.md):
fewest vehicles first, then least total distance (unrounded double precision).

  --seconds N  time budget in seconds (default 10; decimals allowed)
  --seed S     random seed, a whole number (default 1); same seed and budget, same search
  --json       print exactly { "vehicles": n, "distance": d, "routes": [[customer node ids], ...] }
               (customer node ids are 2..DIMENSION in visit order, depot left out)

Without --json, prints a short summary checked by the independent feasibility checker.`;

function fail(message: string): never {
  console.error(`vrptw: ${message}\n\n${USAGE}`);
  process.exit(2);
}

const args = process.argv.slice(2).filter((a) => a !== "--");
if (args.includes("--help") || args.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
let seconds = 10;
let seed = 1;
let json = false;
const files: string[] = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!;
  if (arg === "--json") json = true;
  else if (arg === "--seconds" || arg === "--seed") {
    const raw = args[++i];
    const value = Number(raw);
    if (raw === undefined || raw === "") fail(`${arg} needs a value`);
    if (arg === "--seconds") {
      if (!Number.isFinite(value) || value <= 0 || value > 3600)
        fail(`--seconds must be a number in (0, 3600], got "${raw}"`);
      seconds = value;
    } else {
      if (!Number.isInteger(value) || value < 0 || value > 0xffffffff)
        fail(`--seed must be a whole number ≥ 0, got "${raw}"`);
      seed = value;
    }
  } else if (arg.startsWith("-")) fail(`unknown option "${arg}"`);
  else files.push(arg);
}
if (files.length !== 1) fail(files.length === 0 ? "which instance? Give one file." : "give exactly one instance file");

let text: string;
try {
  text = readFileSync(files[0]!, "utf8");
} catch (error) {
  fail(`cannot read "${files[0]}": ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
}
let instance;
try {
  instance = parseLkh(text);
} catch (error) {
  if (error instanceof LkhFormatError) fail(`"${files[0]}" is not a CVRPTW instance: ${error.message}`);
  throw error;
}
const started = performance.now();
const result = solve(lkhToProblem(instance), { seed, timeLimitMs: seconds * 1000 });
const elapsed = (performance.now() - started) / 1000;
const routes = result.routes.map((r) => r.jobIds.map(Number));
if (json) {
  console.log(JSON.stringify({ vehicles: result.vehicles, distance: result.distance, routes }));
} else {
  const check = checkSolution(instance, routes);
  console.log(
    `${instance.name}: ${result.vehicles} vehicles, distance ${result.distance.toFixed(2)}, ` +
      `${check.feasible ? "feasible" : `INFEASIBLE (${check.errors.length} errors: ${check.errors.slice(0, 3).join("; ")})`}, ` +
      `${elapsed.toFixed(1)} s, ${result.iterations} iterations` +
      (result.unplaced.length ? `, ${result.unplaced.length} customers unplaced` : ""),
  );
  if (!check.feasible) process.exit(1);
}
