import { describe, expect, it } from "vitest";
import { lkhToProblem, parseLkh } from "./lkh-format";

const GOOD = `NAME : T3
TYPE : CVRPTW
DIMENSION : 3
VEHICLES : 1
CAPACITY : 10
SERVICE_TIME : 5
EDGE_WEIGHT_TYPE : EXACT_2D
NODE_COORD_SECTION
1 0 0
2 3 4
3 0 8
DEMAND_SECTION
1 0
2 4
3 6
TIME_WINDOW_SECTION
1 0 100
2 0 50
3 10 60
DEPOT_SECTION
1
-1
EOF
`;

describe("parseLkh", () => {
  it("reads header, sections and the depot", () => {
    const inst = parseLkh(GOOD);
    expect(inst).toMatchObject({ name: "T3", dimension: 3, vehicles: 1, capacity: 10, serviceTime: 5, depot: 1 });
    expect(inst.x).toEqual([0, 3, 0]);
    expect(inst.demand).toEqual([0, 4, 6]);
    expect(inst.earliest).toEqual([0, 0, 10]);
    expect(inst.latest).toEqual([100, 50, 60]);
  });

  it("turns node k+1 into job id k+1 with Euclidean travel", () => {
    const problem = lkhToProblem(parseLkh(GOOD));
    expect(problem.jobs.map((j) => j.id)).toEqual(["2", "3"]);
    expect(problem.matrix.distance(0, 1)).toBe(5);
    expect(problem.vehicles[0]).toMatchObject({ shiftStart: 0, shiftEnd: 100, capacity: 10 });
  });

  it.each([
    ["no TYPE", GOOD.replace("TYPE : CVRPTW\n", ""), /TYPE must be CVRPTW, got nothing/],
    ["another TYPE", GOOD.replace("CVRPTW", "TSP"), /TYPE must be CVRPTW, got "TSP"/],
    ["bad DIMENSION", GOOD.replace("DIMENSION : 3", "DIMENSION : three"), /DIMENSION must be a whole number/],
    ["no CAPACITY", GOOD.replace("CAPACITY : 10\n", ""), /CAPACITY must be a whole number ≥ 1, got nothing/],
    ["missing section", GOOD.replace(/DEMAND_SECTION[\s\S]*?TIME_WINDOW/, "TIME_WINDOW"), /DEMAND_SECTION is missing/],
    ["missing row", GOOD.replace("3 0 8\n", ""), /NODE_COORD_SECTION has no row for node 3/],
    ["text in a row", GOOD.replace("2 3 4", "2 3 x"), /line 10: "2 3 x" is not a row of numbers/],
    ["short row", GOOD.replace("2 3 4", "2 3"), /line 10: NODE_COORD_SECTION rows need 3 numbers/],
    ["node out of range", GOOD.replace("3 6\n", "4 6\n"), /node 4 is outside 1..3/],
    ["duplicate node", GOOD.replace("3 6\n", "2 6\n"), /node 2 appears twice in DEMAND_SECTION/],
    ["inverted window", GOOD.replace("3 10 60", "3 70 60"), /node 3: time window 70..60 closes before it opens/],
    ["negative demand", GOOD.replace("3 6\n", "3 -6\n"), /node 3: negative demand -6/],
    ["depot not 1", GOOD.replace("DEPOT_SECTION\n1", "DEPOT_SECTION\n2"), /the depot must be node 1/],
    ["stray text", `hello\n${GOOD}`, /line 1: unexpected "hello" outside a section/],
    ["empty file", "", /TYPE must be CVRPTW, got nothing/],
  ])("rejects %s with a clear error", (_name, text, message) => {
    expect(() => parseLkh(text)).toThrow(message);
  });
});
