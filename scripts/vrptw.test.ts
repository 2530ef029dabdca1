import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkSolution } from "../lib/domain/vrptw/check-solution";
import { parseLkh } from "../lib/domain/vrptw/lkh-format";

const root = path.resolve(import.meta.dirname, "..");
const run = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", "scripts/vrptw.ts", ...args], { cwd: root, encoding: "utf8" });

// Two customers east, one north; capacity 10 for 3 × 4: two vehicles.
const INSTANCE = `NAME : T4
TYPE : CVRPTW
DIMENSION : 4
CAPACITY : 10
SERVICE_TIME : 1
NODE_COORD_SECTION
1 0 0
2 3 0
3 6 0
4 0 9
DEMAND_SECTION
1 0
2 4
3 4
4 4
TIME_WINDOW_SECTION
1 0 40
2 0 20
3 0 20
4 0 20
DEPOT_SECTION
1
-1
EOF
`;

describe("npm run vrptw", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "vrptw-cli-"));
  const file = path.join(dir, "t4.vrptw");
  writeFileSync(file, INSTANCE);

  it("prints exactly vehicles, distance and routes with --json, and the answer is feasible", () => {
    const out = run(file, "--seconds", "0.3", "--json");
    expect(out.status).toBe(0);
    const answer = JSON.parse(out.stdout) as { vehicles: number; distance: number; routes: number[][] };
    expect(Object.keys(answer)).toEqual(["vehicles", "distance", "routes"]);
    const check = checkSolution(parseLkh(INSTANCE), answer.routes);
    expect(check.errors).toEqual([]);
    expect(answer.vehicles).toBe(2);
    expect(answer.distance).toBeCloseTo(check.distance, 9);
  });

  it("prints a checked summary without --json", () => {
    const out = run(file, "--seconds", "0.2");
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/^T4: 2 vehicles, distance \d+\.\d\d, feasible/);
  });

  it.each([
    [["--help"], 0, /Usage: npm run vrptw/],
    [[], 2, /which instance\? Give one file/],
    [["missing.vrptw"], 2, /cannot read "missing.vrptw": ENOENT/],
    [["package.json"], 2, /"package.json" is not a CVRPTW instance: line 1/],
    [["FILE", "--seconds", "-1"], 2, /--seconds must be a number in \(0, 3600\], got "-1"/],
    [["FILE", "--seed", "1.5"], 2, /--seed must be a whole number/],
    [["FILE", "--fast"], 2, /unknown option "--fast"/],
  ])("%j exits %i with a clear message", (args, status, message) => {
    const out = run(...args.map((a) => (a === "FILE" ? file : a)));
    expect(out.status).toBe(status);
    expect(status === 0 ? out.stdout : out.stderr).toMatch(message);
  });
});
